// The web transport of TillApi: POST /api/<method> with the input as JSON, the Result back; failures as values.
import { describe, expect, it } from 'vitest';
import { createHttpClient, HOST_UNREACHABLE, TILL_EVENT_NAMES, type FetchLike } from '../../../renderer/src/api/http-client';
import { touchedLineId, activeLines } from '../../../renderer/src/stores/sale-view';
import type { SaleLineView, SaleView } from '../../../service/contract';

function fakeFetch(answer: (url: string, body: unknown) => unknown): { fetch: FetchLike; calls: { url: string; body: unknown }[] } {
  const calls: { url: string; body: unknown }[] = [];
  return {
    calls,
    fetch: async (url, init) => {
      const body: unknown = JSON.parse(init.body);
      calls.push({ url, body });
      const value = answer(url, body);
      return { ok: true, status: 200, json: async () => value };
    },
  };
}

describe('http client', () => {
  it('posts the input to /api/<method> and returns the Result unchanged', async () => {
    const { fetch, calls } = fakeFetch(() => ({ ok: true, value: { username: 'anna' } }));
    const api = createHttpClient('http://127.0.0.1:1', fetch);
    const r = await api['session.login']({ username: 'anna', pin: '1111' });
    expect(r).toEqual({ ok: true, value: { username: 'anna' } });
    expect(calls).toEqual([{ url: 'http://127.0.0.1:1/api/session.login', body: { username: 'anna', pin: '1111' } }]);
  });

  it('passes error Results through with their code and message', async () => {
    const error = { code: 'MANAGER_REQUIRED', message: 'Discount needs a manager.', params: { action: 'discount' } };
    const { fetch } = fakeFetch(() => ({ ok: false, error }));
    const r = await createHttpClient('', fetch)['sale.voidLine']({ lineId: 'l1' });
    expect(r).toEqual({ ok: false, error });
  });

  it('turns a network failure or a non-Result answer into HOST_UNREACHABLE', async () => {
    const down: FetchLike = async () => {
      throw new TypeError('Failed to fetch');
    };
    const r = await createHttpClient('', down)['status.get']({});
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe(HOST_UNREACHABLE);
    const { fetch } = fakeFetch(() => '<html>proxy error</html>');
    const g = await createHttpClient('', fetch)['status.get']({});
    expect(!g.ok && g.error.code).toBe(HOST_UNREACHABLE);
  });

  it('has a function for every contract method, and is not mistaken for a promise', async () => {
    const { TILL_METHODS, TILL_EVENTS } = await import('../../../service/contract');
    const api = createHttpClient('', fakeFetch(() => null).fetch) as unknown as Record<string, unknown>;
    for (const m of TILL_METHODS) expect(typeof api[m], m).toBe('function');
    expect(api.then).toBeUndefined();
    expect([...TILL_EVENT_NAMES].sort()).toEqual([...TILL_EVENTS].sort());
  });
});

describe('sale view readings', () => {
  const line = (lineId: string, quantity: number, voided = false) => ({ lineId, quantity, voided }) as SaleLineView;
  const sale = (lines: SaleLineView[]) => ({ lines }) as SaleView;

  it('the touched line is the new line, else the line whose quantity changed', () => {
    expect(touchedLineId(sale([line('a', 1)]), sale([line('a', 1), line('b', 1)]))).toBe('b');
    expect(touchedLineId(sale([line('a', 1), line('b', 1)]), sale([line('a', 2), line('b', 1)]))).toBe('a');
    expect(touchedLineId(null, sale([line('a', 1)]))).toBe('a');
  });

  it('voided lines are not actionable', () => {
    expect(activeLines(sale([line('a', 1, true), line('b', 1)])).map((l) => l.lineId)).toEqual(['b']);
  });
});
