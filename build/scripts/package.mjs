// Packages the till: build renderer + shell, rebuild better-sqlite3 for Electron, run electron-builder, and ALWAYS
// rebuild better-sqlite3 for Node afterwards (even on failure) so the test suite keeps working in this checkout.
// Needs a machine that can fetch Electron's zip and headers (docs/electron.md). Extra args go to electron-builder.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const isWindows = process.platform === 'win32';

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit', shell: isWindows });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
}

let failed = false;
try {
  run('npm', ['run', 'build:renderer', '--silent']);
  await buildElectron();
  run(process.execPath, ['build/scripts/native-abi.mjs', 'electron']);
  run(isWindows ? 'npx.cmd' : 'npx', ['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
} catch (error) {
  failed = true;
  console.error(`package: ${error instanceof Error ? error.message : error}`);
} finally {
  try {
    run(process.execPath, ['build/scripts/native-abi.mjs', 'node']);
  } catch (error) {
    failed = true;
    console.error(`package: could not return better-sqlite3 to Node's ABI: ${error instanceof Error ? error.message : error}`);
  }
}
process.exit(failed ? 1 : 0);
