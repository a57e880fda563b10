import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it, vi } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// ELECTRON_OVERRIDE_DIST_PATH makes the electron package answer with a path in this empty folder instead of
// downloading: the "binary missing" case, reproducible on every machine (and never launching a real Electron).
const emptyDist = mkdtempSync(path.join(tmpdir(), 'till-no-electron-'));
// A stand-in Electron executable: records its arguments, working directory and ELECTRON_RUN_AS_NODE, exits 7.
const fakeDist = mkdtempSync(path.join(tmpdir(), 'till-fake-electron-'));
const record = path.join(fakeDist, 'record.txt');
writeFileSync(
  path.join(fakeDist, 'electron'),
  `#!/bin/sh\nprintf '%s\\n' "args=$*" "cwd=$(pwd)" "runAsNode=\${ELECTRON_RUN_AS_NODE:-unset}" > '${record}'\nexit 7\n`,
);
chmodSync(path.join(fakeDist, 'electron'), 0o755);
afterAll(() => {
  rmSync(emptyDist, { recursive: true, force: true });
  rmSync(fakeDist, { recursive: true, force: true });
});

interface StartScript {
  resolveElectronBinary(env: NodeJS.ProcessEnv): { ok: true; binary: string } | { ok: false; reason: string };
  launchElectron(binary: string, args: string[], env: NodeJS.ProcessEnv): Promise<number>;
}
const loadStartScript = async () => (await import(path.join(repoRoot, 'build/scripts/start-electron.mjs'))) as StartScript;

describe('npm start without an Electron binary', () => {
  it('exits non-zero before building anything and names npm run web', () => {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'build/scripts/start-electron.mjs')], {
      cwd: repoRoot,
      env: { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDist },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Electron's binary could not be downloaded on this machine.");
    expect(run.stderr).toContain('Run the same till in your browser with: npm run web');
    expect(run.stderr).toContain(emptyDist);
    // It failed fast: no renderer build ran (vite prints nothing here, and no electron bundle is mentioned).
    expect(run.stdout).not.toContain('built ');
  });
});

describe.skipIf(process.platform === 'win32')('npm start with a binary (a stand-in executable)', () => {
  it('finds the binary through the electron package', async () => {
    const { resolveElectronBinary } = await loadStartScript();
    expect(resolveElectronBinary({ ...process.env, ELECTRON_OVERRIDE_DIST_PATH: fakeDist })).toEqual({
      ok: true,
      binary: path.join(fakeDist, 'electron'),
    });
    expect(resolveElectronBinary({ ...process.env, ELECTRON_OVERRIDE_DIST_PATH: emptyDist }).ok).toBe(false);
  });

  it('launches `electron .` in the repository without ELECTRON_RUN_AS_NODE and returns its exit status', async () => {
    const { launchElectron } = await loadStartScript();
    const code = await launchElectron(path.join(fakeDist, 'electron'), ['--trace-warnings'], { ...process.env, ELECTRON_RUN_AS_NODE: '1' });
    expect(code).toBe(7);
    const lines = readFileSync(record, 'utf8').trim().split('\n');
    expect(lines).toEqual(['args=. --trace-warnings', `cwd=${repoRoot.replace(/\/$/, '')}`, 'runAsNode=unset']);
  });

  it('reports a binary that cannot be started', async () => {
    const { launchElectron } = await loadStartScript();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    expect(await launchElectron(path.join(emptyDist, 'electron'), [], process.env)).toBe(1);
    expect(error.mock.calls.flat().join(' ')).toContain('npm run web');
    error.mockRestore();
  });
});
