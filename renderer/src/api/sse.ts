// Pushed events from the loopback web host: GET /api/events as Server-Sent Events (`event: <name>`, `data: <json>`).
// Browser only (EventSource); never imports the service, only its types.
import type { TillEventName } from '../../../service/contract';
import { TILL_EVENT_NAMES } from './http-client';

export type RawEventListener = (name: TillEventName, payload: unknown) => void;

/** Subscribes to the web host's SSE stream; EventSource reconnects by itself after the host restarts. */
export function subscribeSse(url: string, listener: RawEventListener, onConnection?: (connected: boolean) => void): () => void {
  const source = new EventSource(url);
  source.onopen = () => onConnection?.(true);
  source.onerror = () => onConnection?.(source.readyState === EventSource.OPEN);
  const handlers = TILL_EVENT_NAMES.map((name) => {
    const handler = (event: MessageEvent<string>) => {
      let payload: unknown;
      try {
        payload = JSON.parse(event.data);
      } catch {
        return; // a torn message: the next status push repairs the view
      }
      listener(name, payload);
    };
    source.addEventListener(name, handler);
    return [name, handler] as const;
  });
  return () => {
    for (const [name, handler] of handlers) source.removeEventListener(name, handler);
    source.close();
  };
}
