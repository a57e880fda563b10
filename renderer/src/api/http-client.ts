// TillApi over the loopback web host: POST /api/<method> with the JSON input, the Result JSON back.
// Needs only fetch (injectable for tests); never imports the service, only its types. Events: sse.ts.
import type { Result, TillApi, TillEventName, TillMethod } from '../../../service/contract';

/**
 * Every pushed event, once. Typed as a Record so an event added to or removed from the contract breaks this
 * file's type-check (EventSource needs one listener per event name; a missing name would be silently deaf).
 */
const EVENTS: Record<TillEventName, true> = {
  'status.changed': true,
  'sale.changed': true,
  'payment.progress': true,
  'print.status': true,
  'sync.progress': true,
  'catalogue.importProgress': true,
  'device.trace': true,
};
export const TILL_EVENT_NAMES = Object.keys(EVENTS) as TillEventName[];

/** Code of the error the client itself produces when the host cannot be reached or answers garbage. */
export const HOST_UNREACHABLE = 'HOST_UNREACHABLE';

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  const v = value as { ok: unknown; error?: unknown };
  if (v.ok === true) return 'value' in value;
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false;
  const e = v.error as { code?: unknown; message?: unknown };
  return typeof e.code === 'string' && typeof e.message === 'string';
}

export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/**
 * Builds the TillApi on top of fetch. `baseUrl` is '' for same-origin (the web host serves the renderer itself).
 * A transport failure becomes an ordinary error Result so screens have one error path.
 */
export function createHttpClient(baseUrl: string, fetchImpl: FetchLike = (u, i) => fetch(u, i)): TillApi {
  const call = async (method: TillMethod, input: unknown): Promise<Result<unknown>> => {
    let body: unknown;
    try {
      const response = await fetchImpl(`${baseUrl}/api/${method}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(input ?? {}),
      });
      body = await response.json();
    } catch (cause) {
      return {
        ok: false,
        error: { code: HOST_UNREACHABLE, message: '', params: { detail: cause instanceof Error ? cause.message : String(cause) } },
      };
    }
    if (!isResult(body)) return { ok: false, error: { code: HOST_UNREACHABLE, message: '', params: { detail: 'bad answer' } } };
    return body;
  };
  // One function per method name, made on first use: the web host exposes every contract method at the same
  // path shape, so the client needs no list of its own to keep in step with the contract.
  const functions = new Map<string, (input: unknown) => Promise<Result<unknown>>>();
  const api = new Proxy(
    {},
    {
      get(_target, property) {
        if (typeof property !== 'string' || property === 'then') return undefined;
        let fn = functions.get(property);
        if (!fn) {
          fn = (input: unknown) => call(property as TillMethod, input);
          functions.set(property, fn);
        }
        return fn;
      },
    },
  );
  // Every string key yields `(input) => Promise<Result>`; the contract's types say which keys exist.
  return api as TillApi;
}
