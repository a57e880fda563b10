// `npm start`: find Electron's binary, build the renderer and the shell, launch the till in Electron.
// Where the binary cannot be had (offline, blocked download) it exits non-zero and points at `npm run web`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildElectron } from './build-electron.mjs';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

export const NO_ELECTRON_MESSAGE =
  "Electron's binary could not be downloaded on this machine. Run the same till in your browser with: npm run web";

/** The lazy download in node_modules/electron can hang on a half-open network; it gets this long, then we give up. */
const RESOLVE_TIMEOUT_MS = 180_000;

/**
 * Asks the electron package for its binary in a child process: `require('electron')` in plain Node returns the path,
 * downloading the binary first if it is missing (electron ≥ 45 has no postinstall), and THROWS when that fails.
 * A child process keeps the throw (and a hang) out of this script. Returns the path or an error text.
 */
export function resolveElectronBinary(env = process.env) {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(String(require('electron')))"], {
    cwd: repoRoot,
    env,
    encoding: 'utf8',
    timeout: RESOLVE_TIMEOUT_MS,
    // The download prints progress on stdout; only the last line is the path, so stderr is kept for the report.
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (probe.error) return { ok: false, reason: probe.error.message };
  if (probe.status !== 0) return { ok: false, reason: errorLines(probe.stderr) || `exit ${probe.status}` };
  const binary = lastLine(probe.stdout);
  if (!binary || !existsSync(binary)) return { ok: false, reason: `no binary at ${binary || '(empty path)'}` };
  return { ok: true, binary };
}

function lastLine(text) {
  const lines = String(text ?? '').trim().split('\n');
  return lines[lines.length - 1]?.trim() ?? '';
}

/** The `SomeError: text` lines of a crash (the root cause first), without the stack frames. */
function errorLines(text) {
  const found = String(text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[A-Za-z]*Error: /.test(line));
  return found.join('; ');
}

function fail(reason) {
  console.error(
    `\n${NO_ELECTRON_MESSAGE}\n(${reason})\n` +
      'If you have the Electron zip or an unpacked Electron elsewhere, see docs/electron.md ' +
      '(ELECTRON_MIRROR, electron_config_cache, ELECTRON_OVERRIDE_DIST_PATH).\n',
  );
  process.exit(1);
}

async function main() {
  // Resolve the binary FIRST: on a machine without it, building the renderer would only delay the bad news.
  const resolved = resolveElectronBinary();
  if (!resolved.ok) fail(resolved.reason);

  const renderer = spawnSync('npm', ['run', 'build:renderer', '--silent'], {
    cwd: repoRoot,
    stdio: 'inherit',
    shell: process.platform === 'win32',
  });
  if (renderer.status !== 0) {
    console.error('npm start: building the renderer failed (see above).');
    process.exit(renderer.status ?? 1);
  }
  try {
    await buildElectron({ quiet: true });
  } catch (error) {
    console.error(`npm start: building the Electron shell failed: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  }

  const code = await launchElectron(resolved.binary, process.argv.slice(2));
  process.exit(code);
}

/**
 * Starts `electron .` in the repository (package.json `main` → dist/electron/main.cjs), forwards Ctrl-C/TERM to it
 * and resolves with its exit status. ELECTRON_RUN_AS_NODE in the caller's environment would start a bare Node
 * instead of the till, so it is removed.
 */
export function launchElectron(binary, args = [], env = process.env) {
  const childEnv = { ...env };
  delete childEnv.ELECTRON_RUN_AS_NODE;
  return new Promise((resolve) => {
    const child = spawn(binary, ['.', ...args], { cwd: repoRoot, env: childEnv, stdio: 'inherit' });
    const forward = (signal) => {
      if (child.exitCode === null) child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    const done = (code) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code);
    };
    child.on('error', (error) => {
      console.error(`\n${NO_ELECTRON_MESSAGE}\n(${error.message})\n`);
      done(1);
    });
    child.on('exit', (code, signal) => done(code ?? (signal ? 1 : 0)));
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await main();
}
