import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { TILL_EVENTS, TILL_METHODS } from '../../../service/contract';

// 'electron' throws on plain Node (no binary), so the preload sees this stand-in: contextBridge records what is
// exposed; ipcRenderer records invokes and keeps the listeners so tests can deliver events.
const electron = vi.hoisted(() => {
  type Listener = (event: unknown, ...args: unknown[]) => void;
  const listeners = new Map<string, Set<Listener>>();
  const exposed = new Map<string, unknown>();
  return {
    exposed,
    listeners,
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => exposed.set(key, api) },
    ipcRenderer: {
      invoke: vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } })),
      on(channel: string, listener: Listener) {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)?.add(listener);
      },
      removeListener(channel: string, listener: Listener) {
        listeners.get(channel)?.delete(listener);
      },
    },
  };
});
vi.mock('electron', () => ({ contextBridge: electron.contextBridge, ipcRenderer: electron.ipcRenderer }));

type Bridge = Record<string, (...args: unknown[]) => unknown>;

async function loadBridge(): Promise<Bridge> {
  await import('../../../electron/preload');
  return electron.exposed.get('till') as Bridge;
}

function deliver(message: unknown) {
  const fakeEvent = { sender: electron.ipcRenderer, senderId: 0 };
  for (const listener of electron.listeners.get('till:event') ?? []) listener(fakeEvent, message);
}

beforeEach(() => {
  electron.ipcRenderer.invoke.mockClear();
});

describe('preload (electron mocked)', () => {
  it('exposes exactly one function per contract method, plus onEvent, under window.till only', async () => {
    const bridge = await loadBridge();
    expect([...electron.exposed.keys()]).toEqual(['till']);
    expect(Object.keys(bridge).sort()).toEqual([...TILL_METHODS, 'onEvent'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('exposes no generic door into IPC', async () => {
    const bridge = await loadBridge();
    for (const forbidden of ['ipcRenderer', 'invoke', 'send', 'sendSync', 'on', 'postMessage', 'require', 'process']) {
      expect(bridge).not.toHaveProperty(forbidden);
    }
  });

  it('sends every method on its own fixed channel, with the input unchanged', async () => {
    const bridge = await loadBridge();
    for (const method of TILL_METHODS) {
      const input = { probe: method };
      const result = await bridge[method]?.(input);
      expect(result).toEqual({ ok: true, value: { channel: `till:${method}`, input } });
    }
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledTimes(TILL_METHODS.length);
  });

  it('delivers events as (name, payload) and never hands over the IPC event', async () => {
    const bridge = await loadBridge();
    const seen: unknown[][] = [];
    const unsubscribe = bridge.onEvent?.((...args: unknown[]) => seen.push(args)) as () => void;
    for (const name of TILL_EVENTS) deliver({ name, payload: { for: name } });
    expect(seen).toEqual(TILL_EVENTS.map((name) => [name, { for: name }]));
    for (const args of seen) for (const arg of args) expect(arg).not.toBe(electron.ipcRenderer);

    deliver({ name: 'ipc.secret', payload: 1 });
    deliver('status.changed');
    deliver(null);
    expect(seen).toHaveLength(TILL_EVENTS.length);

    unsubscribe();
    unsubscribe();
    deliver({ name: 'sale.changed', payload: null });
    expect(seen).toHaveLength(TILL_EVENTS.length);
  });

  it('keeps other listeners running when one throws', async () => {
    const bridge = await loadBridge();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const good = vi.fn();
    const stopBad = bridge.onEvent?.(() => {
      throw new Error('renderer bug');
    }) as () => void;
    const stopGood = bridge.onEvent?.(good) as () => void;
    deliver({ name: 'sale.changed', payload: null });
    expect(good).toHaveBeenCalledWith('sale.changed', null);
    expect(error).toHaveBeenCalled();
    stopBad();
    stopGood();
    error.mockRestore();
  });

  it('refuses a non-function listener', async () => {
    const bridge = await loadBridge();
    expect(() => bridge.onEvent?.('not a function')).toThrow(TypeError);
  });
});

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('the names-only list the preload bundles', () => {
  it('matches the contract (generator --check)', () => {
    expect(() =>
      execFileSync(process.execPath, [path.join(repoRoot, 'build/scripts/gen-till-names.mjs'), '--check'], { stdio: 'pipe' }),
    ).not.toThrow();
  });
});

describe('the bundled preload.cjs in a sandbox-like context', () => {
  let outDir: string;
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('requires only electron and exposes exactly the contract methods', async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'till-preload-'));
    const { buildPreload } = (await import(path.join(repoRoot, 'build/scripts/build-electron.mjs'))) as {
      buildPreload(options: { outDir: string; quiet: boolean }): Promise<string>;
    };
    const bundlePath = await buildPreload({ outDir, quiet: true });
    const code = await readFile(bundlePath, 'utf8');

    // Electron's sandboxed preload gets a require() that knows only a few modules; here it knows only 'electron'.
    const requested: string[] = [];
    const exposed = new Map<string, Record<string, unknown>>();
    const sandboxRequire = (id: string) => {
      requested.push(id);
      if (id !== 'electron') throw new Error(`sandboxed preload cannot require ${id}`);
      return {
        contextBridge: { exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.set(key, api) },
        ipcRenderer: { invoke: async () => null, on: () => undefined, removeListener: () => undefined },
      };
    };
    const module = { exports: {} };
    vm.runInNewContext(code, { require: sandboxRequire, module, exports: module.exports, console }, { filename: bundlePath });

    expect(requested).toEqual(['electron']);
    expect(Object.keys(exposed.get('till') ?? {}).sort()).toEqual([...TILL_METHODS, 'onEvent'].sort());
    expect(code).not.toMatch(/\bzod\b|z\.object/);
  });
});
