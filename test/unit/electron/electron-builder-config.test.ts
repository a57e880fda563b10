import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// electron-builder's own pieces, from node_modules (all come with the electron-builder devDependency): its YAML
// parser, its JSON schema, its config loader and its validator. The packaging run itself needs Electron's zip.
const require = createRequire(import.meta.url);
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const yaml = require('js-yaml') as { load(text: string): unknown };
const Ajv = (require('ajv') as { default: new (options: object) => AjvInstance }).default;
const scheme = require('app-builder-lib/scheme.json') as object;
const builderConfig = require('app-builder-lib/out/util/config/config') as {
  getConfig(projectDir: string, configPath: string, configFromOptions: null): Promise<Record<string, unknown>>;
  validateConfiguration(config: object, debugLogger: { isEnabled: boolean; add(): void }): Promise<void>;
};

interface AjvInstance {
  compile(schema: object): ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
}

const text = readFileSync(`${repoRoot}electron-builder.yml`, 'utf8');
const config = yaml.load(text) as Record<string, unknown> & {
  directories: Record<string, string>;
  files: string[];
  asarUnpack: string[];
  electronFuses: Record<string, boolean>;
  win: { target: { target: string }[] };
  mac: { target: { target: string }[] };
  linux: { target: { target: string }[]; maintainer: string; category: string };
};
const noDebug = { isEnabled: false, add: () => undefined };

describe('electron-builder.yml', () => {
  it('validates against electron-builder’s JSON schema (ajv, no type coercion)', () => {
    const validate = new Ajv({ allErrors: true, strict: false }).compile(scheme);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('loads and validates with electron-builder’s own loader and validator', async () => {
    const loaded = await builderConfig.getConfig(repoRoot, 'electron-builder.yml', null);
    await expect(builderConfig.validateConfiguration(loaded, noDebug)).resolves.toBeUndefined();
    expect(loaded.productName).toBe('Till');
  });

  it('the validator does catch a mistake (so the passes above mean something)', async () => {
    const typo = { ...config, electronFuses: { ...config.electronFuses, runAsNod: false } };
    await expect(builderConfig.validateConfiguration(typo, noDebug)).rejects.toThrow(/electronFuses/);
    const unknown = { ...config, bogusOption: true };
    await expect(builderConfig.validateConfiguration(unknown, noDebug)).rejects.toThrow(/bogusOption/);
    // electron-builder coerces types (42 would pass as "42"), so the wrong type must be one it cannot coerce.
    const wrongType = { ...config, npmRebuild: 'sometimes' };
    await expect(builderConfig.validateConfiguration(wrongType, noDebug)).rejects.toThrow(/npmRebuild/);
  });

  it('names the app and the folders', () => {
    expect(config.appId).toMatch(/^[a-z][a-z0-9-]*(\.[a-z0-9-]+)+$/);
    expect(config.productName).toBe('Till');
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
  });

  it('builds Windows nsis, macOS dmg, Linux AppImage and deb', () => {
    expect(config.win.target.map((t) => t.target)).toEqual(['nsis']);
    expect(config.mac.target.map((t) => t.target)).toEqual(['dmg']);
    expect(config.linux.target.map((t) => t.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux.maintainer).toMatch(/<[^@\s]+@[^>\s]+>/);
    expect(config.linux.category).toBe('Office');
  });

  it('sets the fuses that close run-as-node, NODE_OPTIONS, --inspect and side-loading', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('ships the built app, unpacks native addons and never rebuilds implicitly', () => {
    const pkg = JSON.parse(readFileSync(`${repoRoot}package.json`, 'utf8')) as { main: string };
    expect(pkg.main).toBe('dist/electron/main.cjs');
    expect(config.files).toContain('dist/**');
    expect(config.files).toContain('package.json');
    expect(config.files.some((pattern) => pattern.startsWith('!node_modules/better-sqlite3/') && pattern.includes('src'))).toBe(true);
    expect(config.asarUnpack).toContain('**/*.node');
    expect(config.npmRebuild).toBe(false);
    expect(config.asar).not.toBe(false);
  });
});
