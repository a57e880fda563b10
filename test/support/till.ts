// Test support: a till service on a fresh ledger file with the training demo, a fixed clock and readable ids.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLedger } from '../../db/open';
import { createTill, type TillDeps } from '../../service/create-till';
import { trainingConfig, type TillConfig } from '../../service/config';
import { seedTrainingDemo } from '../../service/open-till';
import type { Result, TillApi } from '../../service/contract';
import { createPinpadPort } from '../../service/pinpad-port';
import { scaleTimers } from '../../native/zvt/zvt-transport';

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

export interface TestTillOptions extends Pick<TillDeps, 'print'> {
  /** Run the training PT simulator in-process (ZVT timers scaled down, ratios kept). */
  pinpad?: boolean | { scenario?: string };
}

/** Ids that look like UUIDs (the acquirer's dedupe key takes our UUID) yet read in order in a failing test. */
export function sequentialUuids(): () => string {
  let n = 0;
  return () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
}

/**
 * A till on a fresh ledger. Devices are off unless asked for (pinpad option, print deps, or config overrides), so
 * a service test never starts simulators it does not use.
 */
export function createTestTill(overrides: Partial<TillConfig> = {}, dir = mkdtempSync(join(tmpdir(), 'till-svc-')), options: TestTillOptions = {}) {
  const path = join(dir, 'ledger.sqlite');
  const db = openLedger(path);
  const clock = testClock();
  seedTrainingDemo(db, clock().toISOString());
  const config: TillConfig = {
    ...trainingConfig(),
    pinpad: { mode: options.pinpad ? 'simulated' : 'none' },
    acquirer: { mode: 'none' },
    printer: { mode: options.print ? 'virtual' : 'none', columns: 42 },
    ...overrides,
  };
  const pinpad = options.pinpad
    ? createPinpadPort(config, { dataDir: dir, timers: scaleTimers(0.05), ...(typeof options.pinpad === 'object' && options.pinpad.scenario ? { scenario: options.pinpad.scenario } : {}) })
    : null;
  const till = createTill({
    db,
    config,
    clock,
    ids: sequentialUuids(),
    log: process.env.TILL_TEST_LOG ? (line) => console.error(line) : () => {},
    pinpad,
    ...(options.print ? { print: options.print } : {}),
  });
  return { till, api: till.api, db, clock, path, dir, pinpad };
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
