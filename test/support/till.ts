// Test support: a till service on a fresh ledger file with the training demo, a fixed clock and readable ids.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger } from '../../db/open';
import { createTill, type TillDeps } from '../../service/create-till';
import { trainingConfig, type TillConfig } from '../../service/config';
import { seedTrainingDemo } from '../../service/open-till';
import type { Result, TillApi } from '../../service/contract';

export function testClock(start = Date.parse('2026-11-23T09:00:00.000Z'), stepMs = 1000) {
  let now = start;
  const clock = () => new Date(now);
  return Object.assign(clock, {
    advance: (ms: number) => {
      now += ms;
    },
    tick: () => {
      now += stepMs;
    },
  });
}

export function createTestTill(overrides: Partial<TillConfig> = {}, dir = mkdtempSync(join(tmpdir(), 'till-svc-')), deps: Pick<TillDeps, 'print'> = {}) {
  const path = join(dir, 'ledger.sqlite');
  const db = openLedger(path);
  const clock = testClock();
  seedTrainingDemo(db, clock().toISOString());
  let n = 0;
  const till = createTill({
    db,
    config: { ...trainingConfig(), ...overrides },
    clock,
    ids: () => `id-${String(++n).padStart(5, '0')}`,
    log: () => {},
    ...deps,
  });
  return { till, api: till.api, db, clock, path, dir };
}

/** Unwrap a Result in a test, failing with the error's code and message. */
export function ok<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function errCode(result: Result<unknown>): string {
  if (result.ok) throw new Error(`expected an error, got ok: ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.error.code;
}

export async function loginAndOpenShift(api: TillApi, username = 'cashier', pin = '1111', floatAmount = 20000) {
  ok(await api['session.login']({ username, pin }));
  const shift = ok(await api['shift.current']({}));
  if (!shift) ok(await api['shift.open']({ floatAmount }));
}
