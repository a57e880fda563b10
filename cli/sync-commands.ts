// Support commands for the acquirer sync: `sync status`, `sync now`, `sync review` (and `sync reconcile` for
// managers). Everything goes through the TillService like the screens; never talks to the acquirer itself.
import type { SyncReconcileView, SyncReviewView, SyncStatusView } from '../service/contract';
import { login, money, must, options, print, register, withTill } from './commands';

function statusLines(s: SyncStatusView): string[] {
  return [
    `link:          ${s.configured ? s.link : 'not configured'}${s.simulated ? ' (simulator)' : ''}${s.address ? ` ${s.address}` : ''}${s.training ? ' TRAINING' : ''}`,
    `backlog:       ${s.backlog} waiting${s.offlineStored.count > 0 ? ` (${s.offlineStored.count} offline-approved, ${money(s.offlineStored.amount, s.currency)} ${s.currency})` : ''}`,
    `oldest item:   ${s.oldestEnqueuedAt ?? '-'}`,
    `last error:    ${s.lastError ?? '-'}`,
    `next attempt:  ${s.nextAttemptAt ?? '-'}`,
    `manual review: ${s.reviewCount}`,
    `declined after offline approval: ${s.declinedCount}`,
    `batch:         ${s.batchNumber}`,
  ];
}

register(
  {
    name: 'sync status',
    summary: 'acquirer link, backlog, oldest item, last error, next attempt',
    usage: 'sync status [--json] --user tech --pin 3333',
    async run(ctx) {
      options(ctx, {});
      return withTill(ctx, async (till) => {
        await login(ctx, till, 'tech');
        const status = must(await till.call('sync.status', {})) as SyncStatusView;
        print(ctx, status, () => statusLines(status));
        return 0;
      });
    },
  },
  {
    name: 'sync now',
    summary: 'send the waiting advices now (one forced pass), then show the status',
    usage: 'sync now [--json] --user tech --pin 3333',
    async run(ctx) {
      options(ctx, {});
      return withTill(ctx, async (till) => {
        await login(ctx, till, 'tech');
        const status = must(await till.call('sync.now', {})) as SyncStatusView;
        print(ctx, status, () => statusLines(status));
        // Non-zero when something is still waiting, so a script can tell "drained" from "still offline".
        return status.backlog === 0 ? 0 : 1;
      });
    },
  },
  {
    name: 'sync review',
    summary: 'the manual-review list and the declined-after-offline-approval list',
    usage: 'sync review [--json] --user manager --pin 2222',
    async run(ctx) {
      options(ctx, {});
      return withTill(ctx, async (till) => {
        await login(ctx, till, 'tech');
        const review = must(await till.call('sync.review', {})) as SyncReviewView;
        print(ctx, review, () => [
          `manual review: ${review.manualReview.length}`,
          ...review.manualReview.map((e) =>
            `  #${e.id} ${e.kind} stan ${e.stan} batch ${e.batchNumber} ${money(e.amount, e.currency)} ${e.currency} ${e.maskedPan}: ${e.reason} (sent ${e.sendCount}x, ${e.at})`),
          `declined after offline approval: ${review.declined.length}`,
          ...review.declined.map((d) =>
            `  stan ${d.stan} batch ${d.batchNumber} ${money(d.amount, d.currency)} ${d.currency} ${d.maskedPan} auth ${d.authCode}: response ${d.responseCode} (${d.at})`),
        ]);
        return 0;
      });
    },
  },
  {
    name: 'sync reconcile',
    summary: 'close the card batch and reconcile it with the acquirer (0500/0510, upload on out-of-balance)',
    usage: 'sync reconcile [--json] --user manager --pin 2222',
    async run(ctx) {
      options(ctx, {});
      return withTill(ctx, async (till) => {
        await login(ctx, till, 'manager');
        const result = must(await till.call('sync.reconcile', {})) as SyncReconcileView;
        print(ctx, result, () => [
          `closed batch: ${result.closedBatch ?? '-'}, now batch ${result.currentBatch}`,
          ...(result.results.length === 0 ? ['nothing to reconcile'] : []),
          ...result.results.map((r) => `  batch ${r.batchNumber}: ${r.ok ? (r.balanced ? 'balanced' : 'OUT OF BALANCE') : `not reconciled (${r.code}: ${r.message})`}${r.uploaded ? ' after batch upload' : ''}`),
        ]);
        return result.results.every((r) => r.ok && r.balanced) ? 0 : 1;
      });
    },
  },
);
