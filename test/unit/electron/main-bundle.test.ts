import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { TILL_EVENT_CHANNEL } from '../../../electron/channels';
import { TILL_METHODS, type Result } from '../../../service/contract';
import { DEMO_USERS } from '../../../service/demo-catalogue';

// The real dist bundle (esbuild output of electron/main.ts + the real service + real better-sqlite3), loaded in
// plain Node with a stand-in for the 'electron' module: everything but Chromium runs. The bundle goes under dist/
// so its external require('better-sqlite3') resolves from the repository's node_modules.
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const outDir = path.join(repoRoot, 'dist', `electron-test-${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'till-electron-data-'));
const require = createRequire(import.meta.url);

type Listener = (...args: unknown[]) => unknown;
const appListeners = new Map<string, Listener[]>();
const ipcHandlers = new Map<string, Listener>();
const loadedUrls: string[] = [];
const windows: { webContents: { send: ReturnType<typeof vi.fn> } }[] = [];
const fakeElectron = {
  app: {
    isPackaged: false,
    enableSandbox: vi.fn(),
    requestSingleInstanceLock: () => true,
    whenReady: () => Promise.resolve(),
    getAppPath: () => repoRoot,
    on: (event: string, listener: Listener) => appListeners.set(event, [...(appListeners.get(event) ?? []), listener]),
    quit: vi.fn(),
    exit: vi.fn(),
  },
  protocol: { registerSchemesAsPrivileged: vi.fn(), handle: vi.fn() },
  ipcMain: {
    handle: (channel: string, listener: Listener) => ipcHandlers.set(channel, listener),
    removeHandler: (channel: string) => ipcHandlers.delete(channel),
  },
  BrowserWindow: class {
    webContents = { on: () => undefined, getURL: () => 'app://till/index.html', isDestroyed: () => false, send: vi.fn() };
    constructor() {
      windows.push(this);
    }
    static getAllWindows() {
      return windows;
    }
    once() {}
    on() {}
    loadURL(url: string) {
      loadedUrls.push(url);
      return Promise.resolve();
    }
  },
  dialog: { showErrorBox: vi.fn() },
};

// main.ts logs refusals with console.warn; collect them instead of printing, and check they are logged.
const warnings = vi.spyOn(console, 'warn').mockImplementation(() => undefined);

const trusted = { senderFrame: { url: 'app://till/index.html', parent: null } };
const untrusted = { senderFrame: { url: 'https://evil.example/', parent: null } };

async function call(method: string, event: object, input: unknown): Promise<Result<unknown>> {
  const handler = ipcHandlers.get(`till:${method}`);
  if (!handler) throw new Error(`no handler for ${method}`);
  return (await handler(event, input)) as Result<unknown>;
}

beforeAll(async () => {
  const { buildMain } = (await import(path.join(repoRoot, 'build/scripts/build-electron.mjs'))) as {
    buildMain(options: { outDir: string; quiet: boolean }): Promise<string>;
  };
  const bundle = await buildMain({ outDir, quiet: true });
  process.env.TILL_DATA_DIR = dataDir;
  // Node's loader hook point: answer require('electron') from the bundle with the stand-in, everything else as usual.
  const Module = require('node:module') as { _load: (request: string, ...rest: unknown[]) => unknown };
  const originalLoad = Module._load;
  Module._load = function (request: string, ...rest: unknown[]) {
    return request === 'electron' ? fakeElectron : originalLoad.call(this, request, ...rest);
  };
  try {
    require(bundle);
  } finally {
    Module._load = originalLoad;
  }
  // Startup is async (ready → openTill → IPC → window); wait for the window, bounded.
  for (let i = 0; i < 400 && loadedUrls.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
}, 120_000);

afterAll(() => {
  warnings.mockRestore();
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('dist/electron/main.cjs with the real service (electron stood in)', () => {
  it('starts: opens the ledger in TILL_DATA_DIR, registers every method, loads app://till', () => {
    expect(fakeElectron.dialog.showErrorBox).not.toHaveBeenCalled();
    expect(fakeElectron.app.exit).not.toHaveBeenCalled();
    expect(existsSync(path.join(dataDir, 'ledger.sqlite'))).toBe(true);
    expect([...ipcHandlers.keys()].sort()).toEqual(TILL_METHODS.map((method) => `till:${method}`).sort());
    expect(loadedUrls).toEqual(['app://till/index.html']);
  });

  it('answers a trusted window through the service, with the service’s own validation', async () => {
    const users = await call('session.users', trusted, {});
    expect(users.ok).toBe(true);
    const bad = await call('sale.scan', trusted, { code: 42 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
  });

  it('refuses an untrusted window and non-object input before the service sees them', async () => {
    expect(await call('session.users', untrusted, {})).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(await call('session.users', trusted, [])).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    const logged = warnings.mock.calls.map((args) => args.join(' '));
    expect(logged.some((line) => line.includes('UNTRUSTED_SENDER') && line.includes('https://evil.example/'))).toBe(true);
  });

  it('forwards the service’s events to the till window on till:event', async () => {
    const cashier = DEMO_USERS.find((user) => user.role === 'cashier');
    expect(cashier).toBeDefined();
    expect(await call('session.login', trusted, { username: cashier?.username, pin: cashier?.pin })).toMatchObject({ ok: true });
    expect(await call('shift.open', trusted, { floatAmount: 10_000 })).toMatchObject({ ok: true });
    const found = (await call('catalogue.search', trusted, { query: 'a', limit: 1 })) as Result<{ productId: string }[]>;
    const productId = found.ok ? found.value[0]?.productId : undefined;
    expect(productId).toBeTypeOf('string');
    const added = (await call('sale.addItem', trusted, { productId })) as Result<{ saleId: string }>;
    expect(added.ok).toBe(true);
    const send = windows[0]?.webContents.send;
    expect(send).toHaveBeenCalledWith(
      TILL_EVENT_CHANNEL,
      expect.objectContaining({ name: 'sale.changed', payload: expect.objectContaining({ saleId: added.ok ? added.value.saleId : '' }) }),
    );
  });

  it('closes the service on quit, then quits', async () => {
    const [beforeQuit] = appListeners.get('before-quit') ?? [];
    const event = { preventDefault: vi.fn() };
    beforeQuit?.(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    for (let i = 0; i < 400 && fakeElectron.app.quit.mock.calls.length === 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
    expect(fakeElectron.app.quit).toHaveBeenCalledOnce();
    expect(ipcHandlers.size).toBe(0);
  });
});
