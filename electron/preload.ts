// Sandboxed preload, bundled into ONE CJS file: exposes window.till = one function per contract method + onEvent.
// Must never import anything but 'electron' and names-only modules (no zod, no Node), and never expose ipcRenderer.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { TillApi, TillEventListener, TillEventName } from '../service/contract';
import { TILL_EVENT_CHANNEL, channelFor } from './channels';
import { TILL_EVENT_NAMES, tillBridgeMethods, type TillInvoke } from './till-names.generated';

/** What the renderer finds on window.till. */
export type TillBridge = TillApi & { onEvent(listener: TillEventListener): () => void };

const KNOWN_EVENTS: ReadonlySet<string> = new Set(TILL_EVENT_NAMES);

function isEventMessage(message: unknown): message is { name: TillEventName; payload: unknown } {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { name?: unknown }).name === 'string' &&
    KNOWN_EVENTS.has((message as { name: string }).name)
  );
}

/** The part of ipcRenderer the bridge uses (tests pass a fake). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: IpcRendererEvent, ...args: unknown[]) => void): unknown;
}

export function createTillBridge(ipc: IpcRendererLike): TillBridge {
  // Each exposed function is bound to its own fixed channel: the page can never pick a channel name, so it can
  // reach exactly the handlers registerIpc installed and nothing else (Electron's context-isolation guidance).
  const invoke = ((method: string, input: unknown) => ipc.invoke(channelFor(method), input)) as TillInvoke;

  function onEvent(listener: TillEventListener): () => void {
    if (typeof listener !== 'function') throw new TypeError('onEvent takes a function');
    const deliver = listener as (name: TillEventName, payload: unknown) => void;
    // Never pass the IpcRendererEvent to the page: its `sender` is ipcRenderer itself, which would undo isolation.
    const handler = (_event: IpcRendererEvent, message: unknown): void => {
      if (!isEventMessage(message)) return;
      try {
        deliver(message.name, message.payload);
      } catch (error) {
        console.error('till event listener failed', error);
      }
    };
    ipc.on(TILL_EVENT_CHANNEL, handler as (event: IpcRendererEvent, ...args: unknown[]) => void);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipc.removeListener(TILL_EVENT_CHANNEL, handler as (event: IpcRendererEvent, ...args: unknown[]) => void);
    };
  }

  return { ...tillBridgeMethods(invoke), onEvent } satisfies TillBridge;
}

contextBridge.exposeInMainWorld('till', createTillBridge(ipcRenderer));
