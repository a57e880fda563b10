// The bridge the Electron preload exposes on `window.till`: one function per TillApi method plus an event subscription.
// Types only; absent in a plain browser (the web host), where the renderer falls back to HTTP + SSE.
import type { TillApi, TillEventName, TillEvents } from '../../../service/contract';

export type TillEventCallback = <E extends TillEventName>(name: E, payload: TillEvents[E]) => void;

export type TillBridge = TillApi & {
  onEvent(listener: (name: TillEventName, payload: unknown) => void): () => void;
};

declare global {
  interface Window {
    till?: TillBridge;
  }
}
