// The renderer's one door to the service: window.till (Electron preload) or HTTP + SSE (web host).
// Only `import type` from service/; nothing here knows which host it runs in beyond this choice.
import type { TillApi, TillEventName } from '../../../service/contract';
import { createHttpClient } from './http-client';
import { subscribeSse, type RawEventListener } from './sse';

export const api: TillApi = window.till ?? createHttpClient('');

const listeners = new Set<RawEventListener>();
const connectionListeners = new Set<(connected: boolean) => void>();
let unsubscribeTransport: (() => void) | null = null;

/** Told when the event stream drops or comes back (web host only; the preload bridge cannot drop). */
export function onConnectionChange(listener: (connected: boolean) => void): () => void {
  connectionListeners.add(listener);
  return () => connectionListeners.delete(listener);
}

function connection(connected: boolean): void {
  for (const listener of connectionListeners) listener(connected);
}

function dispatch(name: TillEventName, payload: unknown): void {
  for (const listener of listeners) listener(name, payload);
}

/**
 * One transport subscription shared by every store; the payload is the service's own JSON for that event name.
 * Returns the function that removes this listener.
 */
export function onTillEvent(listener: RawEventListener): () => void {
  listeners.add(listener);
  if (!unsubscribeTransport) {
    unsubscribeTransport = window.till ? window.till.onEvent(dispatch) : subscribeSse('/api/events', dispatch, connection);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && unsubscribeTransport) {
      unsubscribeTransport();
      unsubscribeTransport = null;
    }
  };
}
