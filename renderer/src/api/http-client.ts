// TillApi over the loopback web host: POST /api/<method> with the JSON input, the Result JSON back.
// Needs only fetch (injectable for tests); never imports the service, only its types. Events: sse.ts.
import type { Result, TillApi, TillEventName, TillMethod } from '../../../service/contract';

/**
 * Every method of the contract, once. Typed as a Record so that a method added to or removed from the contract
 * breaks this file's type-check instead of silently missing from the web transport.
 */
const METHODS: Record<TillMethod, true> = {
  'session.users': true,
  'session.login': true,
  'session.logout': true,
  'session.current': true,
  'session.setLanguage': true,
  'status.get': true,
  'catalogue.lookup': true,
  'catalogue.search': true,
  'catalogue.list': true,
  'catalogue.upsert': true,
  'catalogue.importCsv': true,
  'catalogue.taxRates': true,
  'shift.current': true,
  'shift.open': true,
  'shift.close': true,
  'sale.current': true,
  'sale.scan': true,
  'sale.addItem': true,
  'sale.setQuantity': true,
  'sale.setLineDiscount': true,
  'sale.setBasketDiscount': true,
  'sale.overridePrice': true,
  'sale.voidLine': true,
  'sale.void': true,
  'sale.suspend': true,
  'sale.listSuspended': true,
  'sale.resume': true,
  'payment.addCash': true,
  'payment.removeTender': true,
  'payment.startCard': true,
  'payment.cancelCard': true,
  'payment.openDrawer': true,
  'receipt.get': true,
  'receipt.recent': true,
  'receipt.reprint': true,
  'return.post': true,
  'users.list': true,
  'users.create': true,
  'users.setPin': true,
  'users.setActive': true,
  'admin.dbCheck': true,
  'admin.auditTail': true,
};
export const TILL_METHOD_NAMES = Object.keys(METHODS) as TillMethod[];

/** Same completeness trick for the pushed events. */
const EVENTS: Record<TillEventName, true> = {
  'status.changed': true,
  'sale.changed': true,
  'payment.progress': true,
  'print.status': true,
  'sync.progress': true,
  'catalogue.importProgress': true,
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
  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const method of TILL_METHOD_NAMES) api[method] = (input) => call(method, input);
  // The map above holds exactly one function per contract method (METHODS is checked against TillMethod).
  return api as unknown as TillApi;
}
