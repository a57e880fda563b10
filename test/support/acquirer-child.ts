// A till process for the acquirer crash tests and the soak: opens the ledger in <dataDir>, points its sender at
// the loopback simulator, finishes a sale left open by a previous crash, rings up N card sales, optionally waits
// for the outbox to drain. With TILL_FAILPOINT=<step> it SIGKILLs itself there (card.*, sale.*, acquirer.*).
// Prints `APPROVED <uuid> <amount>` once a card approval is committed and shown, `POSTED <receipt>`, `LEFT <n>`.
import type { CardTransaction } from '../../acquirer/messages';
import { enqueueCardReversal } from '../../service/sync-service';
import { cardSale, finishOpenSale, loginCashier, must, openAcquirerTill, waitForDrain } from './acquirer-till';

interface ChildOptions {
  dataDir: string;
  address: string;
  sales?: number;
  drain?: boolean;
  drainTimeoutMs?: number;
  /** Keep the sender running this long after the sales (two-relay test). */
  holdMs?: number;
  /** Seed the STAN counter before the sales (wrap test). */
  lastStan?: number;
  /** Enqueue a reversal of the last card sale (its sale was cancelled after the approval). */
  reverseLast?: boolean;
  /** Enqueue a reversal of this earlier card payment (resolved as "not paid" after an unknown outcome). */
  reverse?: string;
  /** As a manager at the end: requeue everything in manual review, drain, then reconcile the batch (soak's last run). */
  settle?: boolean;
}

const options = JSON.parse(process.argv[2] ?? '{}') as ChildOptions;
if (!options.dataDir || !options.address) throw new Error('usage: acquirer-child \'{"dataDir":…,"address":"127.0.0.1:port"}\'');
const out = (line: string) => process.stdout.write(`${line}\n`);

const till = openAcquirerTill({ dataDir: options.dataDir, address: options.address });
if (options.lastStan !== undefined) till.ctx.db.prepare('UPDATE acquirer_counters SET last_stan = ? WHERE training = 1').run(options.lastStan);
await loginCashier(till);
const resumed = await finishOpenSale(till);
if (resumed) out(`POSTED ${resumed}`);
let last = null;
for (let i = 0; i < (options.sales ?? 0); i++) {
  last = await cardSale(till, { onApproved: (r) => out(`APPROVED ${r.paymentId} ${r.cardAmount}`) });
  if (last.receiptNumber) out(`POSTED ${last.receiptNumber}`);
}
const toReverse = options.reverse ?? (options.reverseLast ? last?.paymentId : undefined);
if (toReverse) {
  const stored = till.ctx.db
    .prepare<[string, string], { transaction_json: string }>('SELECT transaction_json FROM acquirer_outbox WHERE uuid = ? UNION ALL SELECT transaction_json FROM acquirer_acknowledged WHERE uuid = ?')
    .get(toReverse, toReverse)!;
  till.ctx.tx(() => enqueueCardReversal(till.ctx, JSON.parse(stored.transaction_json) as CardTransaction));
  out(`REVERSAL ${toReverse}`);
}
if (options.holdMs) await new Promise((r) => setTimeout(r, options.holdMs));
if (options.drain) out(`LEFT ${await waitForDrain(till, options.drainTimeoutMs ?? 20_000)}`);
if (options.settle) {
  must(await till.api['session.logout']({}));
  must(await till.api['session.login']({ username: 'manager', pin: '2222' }));
  for (const entry of must(await till.api['sync.review']({})).manualReview) {
    must(await till.api['sync.requeue']({ id: entry.id }));
    out(`REQUEUED ${entry.uuid}`);
  }
  out(`LEFT ${await waitForDrain(till, options.drainTimeoutMs ?? 20_000)}`);
  const reconciled = must(await till.api['sync.reconcile']({}));
  out(`RECONCILED ${JSON.stringify(reconciled.results.map((r) => ({ batch: r.batchNumber, ok: r.ok, balanced: r.balanced, uploaded: r.uploaded, code: r.code })))}`);
}
must(await till.api['session.logout']({}));
await till.close();
