// Drain rate from the till's real outbox: n advices in the SQLite ledger (WAL, synchronous=FULL), sent one at a time
// by the real sender to the acquirer simulator on loopback. Every item costs two durable commits on the till (the
// send journal before the write, the acknowledgement after the reply), so this is the rate a till actually drains.
// Reports only; asserts nothing.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { systemClock, systemTimers } from '../acquirer/clock';
import { defaultProfile } from '../acquirer/iso8583/default-profile';
import type { CardTransaction } from '../acquirer/messages';
import { createSender } from '../acquirer/sender';
import { startAcquirerSimulator } from '../acquirer/simulator';
import { SqliteAcquirerOutbox } from '../db/acquirer-outbox';
import { openLedger } from '../db/open';

export async function benchSqliteDrain(dir: string, n: number): Promise<{ items: number; ms: number; perSecond: number; enqueueMs: number }> {
  const db = openLedger(join(dir, `drain-${n}.sqlite`));
  const store = new SqliteAcquirerOutbox(db);
  const terminal = { terminalId: 'BENCH001', merchantId: 'MERCHANT0000001' };
  const enqueueStart = performance.now();
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const tx: CardTransaction = {
        uuid: randomUUID(), ...terminal, batchNumber: 1, stan: store.allocateStan(), localDateTime: '2026-11-22T12:00:00',
        kind: i % 10 === 9 ? 'refund' : 'sale', cardType: i % 3 === 0 ? 'credit' : 'debit', amountMinor: 100 + (i % 5000),
        currency: 'EUR', maskedPan: '476173******0119', authCode: 'Y1', entryMode: 'chip', offlineApproved: true,
      };
      store.enqueue('advice', tx, 0);
    }
  }).immediate();
  const enqueueMs = performance.now() - enqueueStart;
  const sim = await startAcquirerSimulator({ profile: defaultProfile, keepMessages: false });
  const sender = createSender({
    store, profile: defaultProfile, terminal, holderId: 'bench', clock: systemClock, timers: systemTimers, random: Math.random,
    config: { host: '127.0.0.1', port: sim.port, readTimeoutMs: 10_000 },
  });
  const started = performance.now();
  let items = 0;
  for (let pass = 0; pass < 10 && store.backlog().count > 0; pass++) items += (await sender.drainOnce({ force: true })).acknowledged;
  const ms = performance.now() - started;
  await sender.stop();
  await sim.close();
  const left = store.backlog().count;
  db.close();
  if (left > 0) throw new Error(`bench: ${left} items left undrained`);
  return { items, ms, perSecond: items / (ms / 1000), enqueueMs };
}
