import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TILL_METHODS } from '../../../service/contract';
import { buildWebPreferences } from '../../../electron/security-policy';

// main.ts runs at import, as Electron runs it. 'electron' (which throws on plain Node) and openTill (a real ledger)
// are replaced by recorders, so this test checks the wiring: order, policies applied, quit path.
const fake = vi.hoisted(() => {
  type Listener = (...args: unknown[]) => unknown;
  const order: string[] = [];
  const appListeners = new Map<string, Listener[]>();
  let resolveReady: () => void = () => undefined;
  const state = { lock: true, ready: new Promise<void>((resolve) => (resolveReady = resolve)) };
  const windows: FakeWindow[] = [];
  const ipcHandlers = new Map<string, Listener>();
  const service = {
    api: {},
    call: vi.fn(async () => ({ ok: true, value: null })),
    subscribe: vi.fn(() => () => undefined),
    close: vi.fn(async () => {
      order.push('service.close');
    }),
  };

  class FakeWindow {
    options: { webPreferences: unknown };
    loaded: string[] = [];
    webContents = { on: vi.fn(), getURL: () => 'app://till/index.html', isDestroyed: () => false, send: vi.fn() };
    constructor(options: { webPreferences: unknown }) {
      this.options = options;
      windows.push(this);
    }
    once() {}
    on() {}
    loadURL(url: string) {
      this.loaded.push(url);
      return Promise.resolve();
    }
    isMinimized() {
      return false;
    }
    restore() {}
    focus() {}
    isDestroyed() {
      return false;
    }
    show() {}
    static getAllWindows() {
      return windows;
    }
  }

  const app = {
    isPackaged: true,
    enableSandbox: vi.fn(() => order.push('enableSandbox')),
    requestSingleInstanceLock: vi.fn(() => state.lock),
    whenReady: vi.fn(() => state.ready),
    getAppPath: () => '/opt/Till/resources/app.asar',
    on: vi.fn((event: string, listener: Listener) => {
      appListeners.set(event, [...(appListeners.get(event) ?? []), listener]);
    }),
    quit: vi.fn(() => order.push('app.quit')),
    exit: vi.fn(),
  };
  const protocol = {
    registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemesAsPrivileged')),
    handle: vi.fn(),
  };
  const ipcMain = {
    handle: vi.fn((channel: string, listener: Listener) => ipcHandlers.set(channel, listener)),
    removeHandler: vi.fn((channel: string) => ipcHandlers.delete(channel)),
  };
  return {
    order,
    appListeners,
    state,
    ready: () => {
      order.push('ready');
      resolveReady();
    },
    windows,
    ipcHandlers,
    service,
    openTill: vi.fn(async () => service),
    module: { app, protocol, ipcMain, BrowserWindow: FakeWindow, dialog: { showErrorBox: vi.fn() } },
  };
});

vi.mock('electron', () => fake.module);
vi.mock('../../../service/open-till', () => ({ openTill: fake.openTill }));

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  vi.stubEnv('TILL_DATA_DIR', '/srv/till-data');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

describe('electron/main.ts wiring', () => {
  it('registers app:// as standard + secure before ready, then opens the service, IPC and one hardened window', async () => {
    await import('../../../electron/main');
    expect(fake.order).toEqual(['enableSandbox', 'registerSchemesAsPrivileged']);
    expect(fake.module.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(fake.module.app.requestSingleInstanceLock).toHaveBeenCalledOnce();
    // Nothing touches the protocol, the service or windows before 'ready'.
    expect(fake.module.protocol.handle).not.toHaveBeenCalled();
    expect(fake.openTill).not.toHaveBeenCalled();

    fake.ready();
    await settle();

    expect(fake.module.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const serve = fake.module.protocol.handle.mock.calls[0]?.[1] as (request: Request) => Promise<Response>;
    expect((await serve(new Request('app://till/%2e%2e/%2e%2e/etc/passwd'))).status).toBe(404);

    expect(fake.openTill).toHaveBeenCalledWith({ dataDir: '/srv/till-data' });
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(TILL_METHODS.map((method) => `till:${method}`).sort());
    expect(fake.service.subscribe).toHaveBeenCalledOnce();

    expect(fake.windows).toHaveLength(1);
    const window = fake.windows[0];
    expect(window?.options.webPreferences).toEqual(
      buildWebPreferences(path.join('/opt/Till/resources/app.asar', 'dist', 'electron', 'preload.cjs'), true),
    );
    expect(window?.loaded).toEqual(['app://till/index.html']);
  });

  it('hardens every webContents and its session through web-contents-created', () => {
    const [onCreated] = fake.appListeners.get('web-contents-created') ?? [];
    expect(onCreated).toBeTypeOf('function');
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), setDevicePermissionHandler: vi.fn() };
    const contents = { on: vi.fn(), setWindowOpenHandler: vi.fn(), session };
    onCreated?.({}, contents);
    const events = contents.on.mock.calls.map((call) => call[0]);
    expect(events).toEqual(expect.arrayContaining(['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']));
    expect(contents.setWindowOpenHandler).toHaveBeenCalledOnce();
    expect(session.setPermissionRequestHandler).toHaveBeenCalledOnce();
    expect(session.setPermissionCheckHandler).toHaveBeenCalledOnce();
    expect(session.setDevicePermissionHandler).toHaveBeenCalledOnce();
  });

  it('on quit: holds the quit, stops IPC, closes the service, then quits for real', async () => {
    const [beforeQuit] = fake.appListeners.get('before-quit') ?? [];
    const first = { preventDefault: vi.fn() };
    beforeQuit?.(first);
    expect(first.preventDefault).toHaveBeenCalledOnce();
    // A second quit request while closing is held too (and does not close twice).
    const second = { preventDefault: vi.fn() };
    beforeQuit?.(second);
    expect(second.preventDefault).toHaveBeenCalledOnce();
    await settle();
    expect(fake.service.close).toHaveBeenCalledOnce();
    expect(fake.ipcHandlers.size).toBe(0);
    expect(fake.order.slice(-2)).toEqual(['service.close', 'app.quit']);
    // The quit that follows goes through.
    const last = { preventDefault: vi.fn() };
    beforeQuit?.(last);
    expect(last.preventDefault).not.toHaveBeenCalled();
  });
});

describe('a second instance', () => {
  it('quits at once without opening the ledger', async () => {
    vi.resetModules();
    fake.state.lock = false;
    fake.openTill.mockClear();
    fake.module.app.quit.mockClear();
    fake.module.app.whenReady.mockClear();
    await import('../../../electron/main');
    await settle();
    expect(fake.module.app.quit).toHaveBeenCalledOnce();
    expect(fake.module.app.whenReady).not.toHaveBeenCalled();
    expect(fake.openTill).not.toHaveBeenCalled();
  });
});
