import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// Only the two entry points may load 'electron' at run time; every policy module must stay importable on plain Node
// (that is what lets the tests above exercise the real policy instead of a mock of it).
const electronDir = fileURLToPath(new URL('../../../electron/', import.meta.url));
const sources = readdirSync(electronDir).filter((name) => name.endsWith('.ts'));
const runtimeImports = (text: string) =>
  [...text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+'([^']+)'/gm)].map((match) => match[1] ?? '');

describe('electron/ boundaries', () => {
  it('only main.ts and preload.ts import electron at run time', () => {
    const importers = sources.filter((name) => runtimeImports(readFileSync(electronDir + name, 'utf8')).includes('electron'));
    expect(importers.sort()).toEqual(['main.ts', 'preload.ts']);
  });

  it('the preload loads only electron and names-only files, never the contract at run time', () => {
    const imports = runtimeImports(readFileSync(`${electronDir}preload.ts`, 'utf8'));
    expect(imports.sort()).toEqual(['./channels', './till-names.generated', 'electron']);
    for (const name of ['channels.ts', 'till-names.generated.ts']) {
      expect(runtimeImports(readFileSync(electronDir + name, 'utf8'))).toEqual([]);
    }
  });

  it('every file starts with a header comment saying what it owns', () => {
    for (const name of sources) {
      expect(readFileSync(electronDir + name, 'utf8').startsWith('//'), name).toBe(true);
    }
  });
});
