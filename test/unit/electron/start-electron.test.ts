import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
// ELECTRON_OVERRIDE_DIST_PATH makes the electron package answer with a path in this empty folder instead of
// downloading: the "binary missing" case, reproducible on every machine (and never launching a real Electron).
const emptyDist = mkdtempSync(path.join(tmpdir(), 'till-no-electron-'));
afterAll(() => rmSync(emptyDist, { recursive: true, force: true }));

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
