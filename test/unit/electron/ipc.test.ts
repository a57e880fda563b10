import { describe, expect, it, vi } from 'vitest';
import { TILL_METHODS, type Result, type TillEventListener } from '../../../service/contract';
import { TILL_EVENT_CHANNEL } from '../../../electron/channels';
import {
  forwardEvents,
  isPlainObject,
  registerIpc,
  type InvokeEventLike,
  type IpcMainLike,
  type WebContentsLike,
} from '../../../electron/ipc';
import { isTrustedSender } from '../../../electron/security-policy';

type Handler = (event: InvokeEventLike, ...args: unknown[]) => unknown;

/** An ipcMain stand-in with Electron's rule that a channel can hold one handler only. */
function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipcMain: IpcMainLike = {
    handle(channel, listener) {
      if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      handlers.set(channel, listener);
    },
    removeHandler(channel) {
      handlers.delete(channel);
    },
  };
  return { ipcMain, handlers };
}

const topFrame = (url: string): InvokeEventLike => ({ senderFrame: { url, parent: null } });

function setup() {
  const { ipcMain, handlers } = fakeIpcMain();
  const call = vi.fn(async (method: string, input: unknown): Promise<Result<unknown>> => ({ ok: true, value: { method, input } }));
  const onRefused = vi.fn();
  const dispose = registerIpc(ipcMain, { call }, isTrustedSender, { onRefused });
  const invoke = async (channel: string, event: InvokeEventLike, ...args: unknown[]) => {
    const handler = handlers.get(channel);
    if (!handler) throw new Error(`no handler on ${channel}`);
    return (await handler(event, ...args)) as Result<unknown>;
  };
  return { handlers, call, onRefused, dispose, invoke };
}

describe('registerIpc', () => {
  it('registers exactly one till:<method> channel per contract method', () => {
    const { handlers } = setup();
    expect([...handlers.keys()].sort()).toEqual(TILL_METHODS.map((method) => `till:${method}`).sort());
  });

  it('passes a trusted call to service.call and returns its Result unchanged', async () => {
    const { invoke, call } = setup();
    const result = await invoke('till:sale.scan', topFrame('app://till/index.html'), { code: '4006381333931' });
    expect(call).toHaveBeenCalledExactlyOnceWith('sale.scan', { code: '4006381333931' });
    expect(result).toEqual({ ok: true, value: { method: 'sale.scan', input: { code: '4006381333931' } } });
  });

  it('passes the service error values through (validation is the service’s job)', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const answer: Result<unknown> = { ok: false, error: { code: 'VALIDATION_FAILED', message: 'code: required' } };
    registerIpc(ipcMain, { call: async () => answer }, isTrustedSender);
    const result = await handlers.get('till:sale.scan')?.(topFrame('app://till/'), {});
    expect(result).toEqual(answer);
  });

  it.each([
    ['a web page', topFrame('http://evil.example/')],
    ['a file:// page', topFrame('file:///tmp/evil.html')],
    ['another app:// host', topFrame('app://other/index.html')],
    ['a look-alike host', topFrame('app://till.evil/index.html')],
    ['a malformed URL', topFrame('app://till:not-a-port/')],
    ['an empty URL', topFrame('')],
    ['a frame that navigated away (null senderFrame)', { senderFrame: null }],
    ['an app:// page inside a subframe', { senderFrame: { url: 'app://till/index.html', parent: { url: 'app://till/' } } }],
  ] as [string, InvokeEventLike][])('refuses %s without calling the service', async (_label, event) => {
    const { invoke, call, onRefused } = setup();
    for (const method of ['sale.scan', 'users.create', 'admin.dbCheck']) {
      const result = await invoke(`till:${method}`, event, { code: '1' });
      expect(result).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    }
    expect(call).not.toHaveBeenCalled();
    expect(onRefused).toHaveBeenCalledWith('sale.scan', 'UNTRUSTED_SENDER', expect.any(String));
  });

  it.each([
    ['no argument', []],
    ['undefined', [undefined]],
    ['null', [null]],
    ['a string', ['{"code":"1"}']],
    ['a number', [42]],
    ['an array', [[{ code: '1' }]]],
    ['a Date', [new Date(0)]],
    ['a Map', [new Map([['code', '1']])]],
    ['a typed array', [new Uint8Array(4)]],
    ['two arguments', [{ code: '1' }, { code: '2' }]],
  ] as [string, unknown[]][])('refuses %s as input', async (_label, args) => {
    const { invoke, call } = setup();
    const result = await invoke('till:sale.scan', topFrame('app://till/'), ...args);
    expect(result).toMatchObject({ ok: false, error: { code: 'VALIDATION_FAILED' } });
    expect(call).not.toHaveBeenCalled();
  });

  it('accepts a null-prototype object (still plain data)', async () => {
    const { invoke, call } = setup();
    const input = Object.assign(Object.create(null) as object, { code: '1' });
    await invoke('till:sale.scan', topFrame('app://till/'), input);
    expect(call).toHaveBeenCalledOnce();
  });

  it('turns a throw inside the service into INTERNAL_ERROR without leaking the stack', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const onRefused = vi.fn();
    registerIpc(ipcMain, { call: async () => Promise.reject(new Error('SQLITE_CORRUPT at /home/shop/.local/share/till/ledger.sqlite')) }, isTrustedSender, { onRefused });
    const result = (await handlers.get('till:status.get')?.(topFrame('app://till/'), {})) as Result<unknown>;
    expect(result).toMatchObject({ ok: false, error: { code: 'INTERNAL_ERROR' } });
    expect(JSON.stringify(result)).not.toContain('ledger.sqlite');
    expect(onRefused).toHaveBeenCalledWith('status.get', 'INTERNAL_ERROR', expect.stringContaining('SQLITE_CORRUPT'));
  });

  it('removes every handler on dispose, so the service can be re-registered', () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const dispose = registerIpc(ipcMain, { call: vi.fn() }, isTrustedSender);
    dispose();
    expect(handlers.size).toBe(0);
    expect(() => registerIpc(ipcMain, { call: vi.fn() }, isTrustedSender)).not.toThrow();
  });

  it('uses the sender check it is given (the check is not hard-wired)', async () => {
    const { ipcMain, handlers } = fakeIpcMain();
    const call = vi.fn(async () => ({ ok: true as const, value: null }));
    registerIpc(ipcMain, { call }, () => false);
    const result = await handlers.get('till:status.get')?.(topFrame('app://till/'), {});
    expect(result).toMatchObject({ ok: false, error: { code: 'UNTRUSTED_SENDER' } });
    expect(call).not.toHaveBeenCalled();
  });
});

describe('isPlainObject', () => {
  it('accepts literals and rejects everything else', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject([])).toBe(false);
    expect(isPlainObject(null)).toBe(false);
    expect(isPlainObject(new (class Sale {})())).toBe(false);
  });
});

describe('forwardEvents', () => {
  function target(url: string, destroyed = false) {
    const sent: unknown[][] = [];
    const contents: WebContentsLike = {
      isDestroyed: () => destroyed,
      getURL: () => url,
      send: (...args: unknown[]) => {
        sent.push(args);
      },
    };
    return { contents, sent };
  }

  it('sends each event on till:event to live windows showing the till, and to no one else', () => {
    let listener: TillEventListener | null = null;
    const unsubscribe = vi.fn();
    const service = {
      subscribe: (next: TillEventListener) => {
        listener = next;
        return unsubscribe;
      },
    };
    const till = target('app://till/index.html');
    const evil = target('https://evil.example/');
    const gone = target('app://till/index.html', true);
    const stop = forwardEvents(service, () => [till.contents, evil.contents, gone.contents], isTrustedSender);

    const payload = { rowsDone: 10, rowsTotal: 100 };
    (listener as TillEventListener | null)?.('catalogue.importProgress', payload);
    expect(till.sent).toEqual([[TILL_EVENT_CHANNEL, { name: 'catalogue.importProgress', payload }]]);
    expect(evil.sent).toEqual([]);
    expect(gone.sent).toEqual([]);

    stop();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });

  it('keeps delivering to other windows when one send throws', () => {
    let listener: TillEventListener | null = null;
    const onError = vi.fn();
    const broken: WebContentsLike = {
      isDestroyed: () => false,
      getURL: () => 'app://till/',
      send: () => {
        throw new Error('An object could not be cloned.');
      },
    };
    const ok = target('app://till/');
    forwardEvents({ subscribe: (next) => ((listener = next), () => undefined) }, () => [broken, ok.contents], isTrustedSender, onError);
    (listener as TillEventListener | null)?.('sale.changed', null);
    expect(onError).toHaveBeenCalledOnce();
    expect(ok.sent).toHaveLength(1);
  });
});
