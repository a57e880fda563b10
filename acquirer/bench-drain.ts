// Drain-rate bench: an n-item in-memory backlog of advices sent to the acquirer simulator on loopback, one
// request at a time, as the real sender does. Reports; asserts nothing. Never imports service/, web/, cli/.
import { randomUUID } from 'node:crypto';
import { systemClock, systemTimers } from './clock';
import { defaultProfile } from './iso8583/default-profile';
import { MemoryOutbox } from './memory-outbox';
import type { CardTransaction } from './messages';
import { createSender } from './sender';
import { startAcquirerSimulator } from './simulator';

export async function benchDrain(n: number): Promise<{ items: number; ms: number; perSecond: number }> {
  const store = new MemoryOutbox();
  const terminal = { terminalId: 'BENCH001', merchantId: 'MERCHANT0000001' };
  for (let i = 0; i < n; i++) {
    const batchNumber = 1;
    const tx: CardTransaction = {
      uuid: randomUUID(), ...terminal, batchNumber, stan: store.allocateStan(), localDateTime: '2026-11-22T12:00:00',
      kind: i % 10 === 9 ? 'refund' : 'sale', cardType: i % 3 === 0 ? 'credit' : 'debit', amountMinor: 100 + (i % 5000),
      currency: 'EUR', maskedPan: '476173******0119', authCode: 'Y1', entryMode: 'chip', offlineApproved: true,
    };
    store.enqueue('advice', tx, 0);
  }
  // Memory-only records: the bench measures the sender and the link, not the simulator's fsync.
  const sim = await startAcquirerSimulator({ profile: defaultProfile, keepMessages: false });
  const sender = createSender({
    store, profile: defaultProfile, terminal, holderId: 'bench', clock: systemClock, timers: systemTimers, random: Math.random,
    config: { host: '127.0.0.1', port: sim.port, readTimeoutMs: 10_000 },
  });
  const started = performance.now();
  let items = 0;
  for (let pass = 0; pass < 10 && store.backlog().count > 0; pass++) {
    const report = await sender.drainOnce({ force: true });
    items += report.acknowledged;
  }
  const ms = performance.now() - started;
  await sender.stop();
  await sim.close();
  if (store.backlog().count > 0) throw new Error(`bench: ${store.backlog().count} items left undrained`);
  return { items, ms, perSecond: items / (ms / 1000) };
}
