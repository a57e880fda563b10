// Guards the money rule on core's source: no float helpers and no decimal literals in code (comments and
// strings may say "12.50"). ESLint bans Math.round/parseFloat too; this also catches toFixed and 0.01.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = join(import.meta.dirname, '../../../core');

/** The file with comments and string/template literals blanked out, so only code is searched. */
function codeOnly(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`/g, (m) =>
    m.replace(/[^\n]/g, ' '),
  );
}

const FORBIDDEN: [RegExp, string][] = [
  [/Math\.round\s*\(/, 'Math.round'],
  [/Math\.fround\s*\(/, 'Math.fround'],
  [/parseFloat\s*\(/, 'parseFloat'],
  [/\.toFixed\s*\(/, 'toFixed'],
  [/\.toPrecision\s*\(/, 'toPrecision'],
  [/(?<![\w.])\d+\.\d+(?![\w])/, 'a decimal literal'],
  [/\d[eE][+-]?\d/, 'an exponent literal'],
];

describe('core has no float arithmetic on money', () => {
  const files = readdirSync(CORE).filter((f) => f.endsWith('.ts'));

  it('finds the core sources', () => {
    expect(files).toContain('money.ts');
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it.each(files)('%s uses none of the float helpers or literals', (file) => {
    const code = codeOnly(readFileSync(join(CORE, file), 'utf8'));
    for (const [pattern, what] of FORBIDDEN) {
      const hit = pattern.exec(code);
      expect(hit, `${file} contains ${what}: "${hit?.[0]}"`).toBeNull();
    }
  });

  it('the guard itself catches what it claims to', () => {
    expect(codeOnly("const a = 1.5; // 2.5\nconst s = '3.5';")).toMatch(/1\.5/);
    expect(codeOnly("const s = '3.5'; // 2.5")).not.toMatch(/\d\.\d/);
    expect(FORBIDDEN.some(([p]) => p.test('x.toFixed(2)'))).toBe(true);
    expect(FORBIDDEN.some(([p]) => p.test('const y = 0.01 * x'))).toBe(true);
  });
});
