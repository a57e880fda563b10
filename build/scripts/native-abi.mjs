// Switches better-sqlite3 between Node's ABI (tests, web host, CLI) and Electron's (packaging), and says which it has.
//   node build/scripts/native-abi.mjs check     which ABI is better_sqlite3.node built for?
//   node build/scripts/native-abi.mjs electron  rebuild for Electron (needs Electron headers: network or a mirror)
//   node build/scripts/native-abi.mjs node      rebuild for this Node again (`npm rebuild better-sqlite3`)
// Never run from postinstall: node_modules must stay on Node's ABI or vitest cannot open a ledger.
// serialport needs neither: @serialport/bindings-cpp ships N-API prebuilds that load in Node and Electron alike.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);

export function electronAbi() {
  return readFileSync(require.resolve('electron/abi_version'), 'utf8').trim();
}

export function electronVersion() {
  return require('electron/package.json').version;
}

/** Loads better-sqlite3 in a child Node and reports the ABI it was built for. */
export function checkBetterSqlite3() {
  const probe = spawnSync(process.execPath, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  if (probe.status === 0) return { abi: process.versions.modules, target: 'node' };
  const compiled = /NODE_MODULE_VERSION (\d+)/.exec(probe.stderr ?? '')?.[1];
  if (compiled === electronAbi()) return { abi: compiled, target: 'electron' };
  return { abi: compiled ?? 'unknown', target: 'broken', detail: (probe.stderr ?? '').split('\n').find((line) => /Error/.test(line)) };
}

async function rebuildForElectron() {
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: repoRoot, electronVersion: electronVersion(), onlyModules: ['better-sqlite3'], force: true });
}

function rebuildForNode() {
  const result = spawnSync('npm', ['rebuild', 'better-sqlite3'], { cwd: repoRoot, stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.status !== 0) throw new Error('npm rebuild better-sqlite3 failed');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const command = process.argv[2] ?? 'check';
  try {
    if (command === 'electron') {
      await rebuildForElectron();
      console.log(`better-sqlite3 rebuilt for Electron ${electronVersion()} (ABI ${electronAbi()}). Run \`node build/scripts/native-abi.mjs node\` before running tests again.`);
    } else if (command === 'node') {
      rebuildForNode();
      console.log(`better-sqlite3 rebuilt for Node ${process.version} (ABI ${process.versions.modules}).`);
    } else if (command === 'check') {
      const state = checkBetterSqlite3();
      if (state.target === 'node') {
        console.log(`better-sqlite3: Node ABI ${state.abi} (tests, web host and CLI can run; packaging needs \`electron\` first).`);
      } else if (state.target === 'electron') {
        console.log(`better-sqlite3: Electron ABI ${state.abi} (ready to package; run \`node build/scripts/native-abi.mjs node\` before tests).`);
        process.exit(2);
      } else {
        console.error(`better-sqlite3 does not load: ABI ${state.abi}. ${state.detail ?? ''}\nRun \`node build/scripts/native-abi.mjs node\`.`);
        process.exit(1);
      }
    } else {
      console.error('usage: node build/scripts/native-abi.mjs check|electron|node');
      process.exit(64);
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
