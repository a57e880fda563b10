// Acquirer sync for one till: the SQLite outbox on the ledger, the store-and-forward sender under a lease, the
// training simulator, the 'acquirer' status provider, sync events, and the sync.* use cases. Card payments write
// their advice here inside the sale's own transaction (enqueueCardTransaction). Never imports a host or electron.
// Training transactions never reach a real acquirer: a training till only ever talks to a loopback simulator.
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Timers } from '../acquirer/clock';
import { defaultProfile } from '../acquirer/iso8583/default-profile';
import { emptyTotals, isMaskedPan, type CardTransaction } from '../acquirer/messages';
import { decideOffline, offlineBacklogOf, type OfflineDecision, type OfflinePolicyConfig } from '../acquirer/offline-policy';
import type { OutboxItem } from '../acquirer/outbox-port';
import { createSender, defaultSenderConfig, scaleSenderConfig, type AcquirerSender, type SenderConfig, type SenderEvent } from '../acquirer/sender';
import { isLoopbackHost, startAcquirerSimulator, type AcquirerSimulator } from '../acquirer/simulator';
import { SqliteAcquirerOutbox } from '../db/acquirer-outbox';
import type { CardTotalsView, DeviceStatusView, SyncReconcileView, SyncReviewView, SyncStatusView, TillParsedInput } from './contract';
import { fail, type TillContext } from './context';
import { statusView } from './status-service';
import { openShiftRow } from './shift-service';

export interface SyncOptions {
  /** The data directory: training mode's in-process simulator keeps its durable record there. */
  dataDir?: string;
  /** Multiply every sender duration (tests use 1/300: retry counts and ratios stay as in production). */
  timeScale?: number;
  /** Sender settings over the defaults (after scaling). */
  sender?: Partial<SenderConfig>;
  /** Start the drain loop at once (default true). Tests and `sync now` may drive it by hand. */
  autoStart?: boolean;
  /** Jitter source (default Math.random). */
  random?: () => number;
}

/** TILL_SYNC_TIME_SCALE=<factor>: scaled sender timers for crash tests and the soak (child processes). */
export function syncOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): Pick<SyncOptions, 'timeScale'> {
  const scale = Number(env.TILL_SYNC_TIME_SCALE ?? '');
  return Number.isFinite(scale) && scale > 0 ? { timeScale: scale } : {};
}

/** What the card-payment path knows after the PIN pad approved (ZVT result): never a full PAN. */
export interface CardPaymentRecord {
  /** Our UUID for this card payment: the last part of the dedupe key, and the link to the ledger's tender. */
  paymentId: string;
  kind: 'sale' | 'refund';
  cardType: 'debit' | 'credit';
  amountMinor: number;
  maskedPan: string;
  authCode: string;
  entryMode: CardTransaction['entryMode'];
  /** Approved by the PIN pad without the host (the offline policy allowed it): counts against the offline caps. */
  offlineApproved: boolean;
}

const defaultOfflinePolicy = {
  floorLimitMinor: 50_000,
  maxStoredAmountMinor: 500_000,
  maxStoredCount: 200,
  maxOldestAgeMs: 24 * 60 * 60 * 1000,
  allowOfflineRefunds: false,
} as const;

interface SyncState {
  store: SqliteAcquirerOutbox;
  sender: AcquirerSender | null;
  /** Resolves once the simulator (if any) listens and the sender exists. */
  ready: Promise<void>;
  address: string | null;
  /** Why there is no sender, or why the address was replaced (training). */
  note: string | null;
  simulated: boolean;
  /** The sender is being set up (the in-process simulator is not listening yet). */
  starting: boolean;
  link: 'unknown' | 'online' | 'offline';
  lastError: string | null;
  lastSeenAt: number | null;
  sent: number;
  lastStatusEmitAt: number;
  lastBacklog: number;
}

const states = new WeakMap<TillContext, SyncState>();

function stateOf(ctx: TillContext): SyncState {
  return states.get(ctx) ?? fail('INTERNAL', { reason: 'sync service not set up' });
}

/** The till's terminal and merchant ids for the acquirer (fields 41 and 42). */
export function terminalIdentity(ctx: TillContext): { terminalId: string; merchantId: string } {
  const a = ctx.config.acquirer;
  return {
    terminalId: a.terminalId ?? ctx.config.tillId.padStart(8, '0'),
    merchantId: a.merchantId ?? (ctx.config.training ? 'TRAINING' : ctx.config.tillId),
  };
}

/** Local date-time at the till as the acquirer wants it (fields 12/13): wall clock of this machine. */
function localDateTime(d: Date): string {
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getFullYear(), 4)}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

/**
 * Write the card payment's advice to the acquirer outbox, with its STAN and batch, INSIDE the caller's open
 * transaction (the sale's commit): the tender and the advice commit together or not at all. The sender is woken;
 * it sees the row only once the caller commits (better-sqlite3 is synchronous, the sender runs after).
 */
export function enqueueCardTransaction(ctx: TillContext, payment: CardPaymentRecord): CardTransaction {
  if (!ctx.db.inTransaction) throw new Error('enqueueCardTransaction must run inside the sale\'s transaction');
  const state = stateOf(ctx);
  const transaction: CardTransaction = {
    uuid: payment.paymentId.toLowerCase(),
    ...terminalIdentity(ctx),
    batchNumber: state.store.currentBatch(),
    stan: state.store.allocateStan(),
    localDateTime: localDateTime(ctx.clock()),
    kind: payment.kind,
    cardType: payment.cardType,
    amountMinor: payment.amountMinor,
    currency: ctx.config.currency,
    maskedPan: safeMaskedPan(payment.maskedPan),
    authCode: payment.authCode.replace(/[^A-Za-z0-9 ]/g, '').slice(0, 6),
    entryMode: payment.entryMode,
    offlineApproved: payment.offlineApproved,
  };
  state.store.enqueue('advice', transaction, ctx.clock().getTime());
  state.sender?.wake();
  return transaction;
}

/**
 * The PAN as the advice may carry it. The PIN pad should only ever hand over a masked PAN, but its format varies
 * (spaces, 'X' masks, short forms). Refusing an odd one here would roll back the commit that records an approval the
 * terminal already took, which is worse. So it is normalised instead: a full PAN (never expected) keeps only its first
 * 6 and last 4 digits, and a short or over-long form is brought to 12–19 characters with mask characters. The result
 * always passes isMaskedPan, and a full PAN never reaches the disk.
 */
export function safeMaskedPan(raw: string): string {
  let pan = raw.replace(/[\s-]/g, '').replace(/[^0-9]/g, '*');
  if (isMaskedPan(pan)) return pan;
  const digits = pan.replace(/\*/g, '');
  if (/^\d{12,19}$/.test(pan)) pan = pan.slice(0, 6) + '*'.repeat(pan.length - 10) + pan.slice(-4);
  else if (pan.length > 19 || digits.length > 10) pan = `${'*'.repeat(12)}${digits.slice(-4)}`;
  else pan = pan.padStart(12, '*');
  if (!/\*/.test(pan)) pan = `*${pan.slice(1)}`;
  return isMaskedPan(pan) ? pan : '************';
}

/**
 * Queue the reversal of a stored card transaction (same STAN and UUID): an approval the till cannot honour (sale
 * cancelled after the PIN pad approved, outcome resolved as "not paid"). Inside the caller's transaction. The
 * acquirer answers 25 when it never captured it; both end the item.
 */
/** The card transaction the acquirer knows (or will know) for a card payment: waiting in the outbox or acknowledged. */
export function cardTransactionOf(ctx: TillContext, paymentId: string): CardTransaction | null {
  const uuid = paymentId.toLowerCase();
  const row =
    ctx.sql<[string], { transaction_json: string }>("SELECT transaction_json FROM acquirer_outbox WHERE uuid = ? AND kind = 'advice' LIMIT 1").get(uuid) ??
    ctx.sql<[string], { transaction_json: string }>('SELECT transaction_json FROM acquirer_acknowledged WHERE uuid = ? LIMIT 1').get(uuid);
  return row ? (JSON.parse(row.transaction_json) as CardTransaction) : null;
}

export function enqueueCardReversal(ctx: TillContext, transaction: CardTransaction): void {
  if (!ctx.db.inTransaction) throw new Error('enqueueCardReversal must run inside the caller\'s transaction');
  const state = stateOf(ctx);
  state.store.enqueue('reversal', transaction, ctx.clock().getTime());
  state.sender?.wake();
}

/** The offline policy in force: configuration over the defaults, in the till's currency. */
export function offlinePolicy(ctx: TillContext): OfflinePolicyConfig {
  return { currency: ctx.config.currency, ...defaultOfflinePolicy, ...ctx.config.acquirer.offline };
}

/**
 * May the till take this card payment without the acquirer? Decided before the card is presented, from the
 * stored (unacknowledged) offline payments; every decision is audited with the facts it compared.
 */
export function offlineDecision(ctx: TillContext, amountMinor: number, kind: 'sale' | 'refund' = 'sale'): OfflineDecision {
  const state = stateOf(ctx);
  const now = ctx.clock();
  const decision = decideOffline(offlinePolicy(ctx), { kind, amountMinor, currency: ctx.config.currency }, offlineBacklogOf(state.store.backlog()), now.getTime());
  ctx.tx(() => {
    ctx.audit.append({
      at: now.toISOString(),
      actor: ctx.session?.user.username ?? null,
      action: 'acquirer.offline-decision',
      detail: { allowed: decision.allowed, reasonCode: decision.reasonCode, kind, currency: ctx.config.currency, ...decision.facts },
    });
  });
  return decision;
}

/** Is the acquirer reachable right now (as the sender last saw it)? */
export function acquirerOnline(ctx: TillContext): boolean {
  return states.get(ctx)?.link === 'online';
}

/** Where the sender connects, or why it does not. Training never gets anything but a loopback simulator. */
function resolveEndpoint(ctx: TillContext): { kind: 'none'; note: string } | { kind: 'in-process'; note: string | null } | { kind: 'remote'; host: string; port: number; simulated: boolean } {
  const { mode, address } = ctx.config.acquirer;
  if (mode === 'none') return { kind: 'none', note: 'not configured' };
  const parsed = address ? parseAddress(address) : null;
  if (address && !parsed) return { kind: 'none', note: `acquirer address "${address}" is not host:port` };
  if (mode === 'simulated') {
    if (!parsed) return { kind: 'in-process', note: null };
    if (!isLoopbackHost(parsed.host)) return { kind: 'none', note: `a simulator must be on loopback, not ${parsed.host}` };
    return { kind: 'remote', ...parsed, simulated: true };
  }
  if (ctx.config.training) return { kind: 'in-process', note: 'training: the live acquirer is never used; the training simulator answers' };
  if (!parsed) return { kind: 'none', note: 'acquirer mode is device but no address is set' };
  return { kind: 'remote', ...parsed, simulated: false };
}

function parseAddress(address: string): { host: string; port: number } | null {
  const m = /^(.+):(\d{1,5})$/.exec(address.trim());
  if (!m) return null;
  const port = Number(m[2]);
  return port > 0 && port <= 65535 ? { host: m[1]!.replace(/^\[|\]$/g, ''), port } : null;
}

/** The sender's timers do not keep a process alive on their own: a host that forgot close() still exits. */
const backgroundTimers: Timers = {
  setTimeout: (callback, ms) => {
    const handle = setTimeout(callback, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}

function syncStatus(ctx: TillContext, state: SyncState): SyncStatusView {
  const backlog = state.store.backlog();
  const sender = state.sender?.status();
  return {
    online: state.link === 'online',
    link: state.link,
    configured: state.sender !== null,
    simulated: state.simulated,
    address: state.address,
    training: ctx.config.training,
    backlog: backlog.count,
    oldestEnqueuedAt: iso(backlog.oldestEnqueuedAt),
    offlineStored: { count: backlog.offlineApproved.count, amount: backlog.offlineApproved.amountMinor },
    lastError: sender?.lastError ?? state.lastError ?? state.note,
    nextAttemptAt: iso(sender?.nextAttemptAt ?? null),
    reviewCount: state.store.listManualReview().length,
    declinedCount: state.store.listDeclined().length,
    batchNumber: state.store.currentBatch(),
    sent: state.sent,
    currency: ctx.config.currency,
  };
}

function deviceView(state: SyncState): DeviceStatusView {
  const base = { kind: 'acquirer' as const, address: state.address, lastSeenAt: iso(state.lastSeenAt) };
  if (!state.sender && state.starting) return { ...base, health: 'attention', detail: 'starting', detailZh: '正在启动', code: 'ACQUIRER_CONNECTING' };
  if (!state.sender) return { ...base, health: 'not-configured', detail: state.note ?? 'not configured', detailZh: '未配置收单连接', code: 'ACQUIRER_NOT_CONFIGURED' };
  const backlog = state.store.backlog().count;
  const waiting = backlog > 0 ? `, ${backlog} waiting` : '';
  const waitingZh = backlog > 0 ? `，${backlog} 笔待同步` : '';
  if (state.link === 'online') {
    return {
      ...base,
      health: state.simulated ? 'simulated' : 'ok',
      detail: `${state.simulated ? 'simulator ' : ''}online${waiting}`,
      detailZh: `${state.simulated ? '模拟收单行' : ''}在线${waitingZh}`,
      code: 'ACQUIRER_ONLINE',
    };
  }
  if (state.link === 'offline') {
    return {
      ...base,
      health: 'offline',
      detail: `offline${waiting}${state.lastError ? `: ${state.lastError}` : ''}`,
      detailZh: `离线${waitingZh}：银行卡交易先保存在本机，连接恢复后自动发送`,
      code: 'ACQUIRER_OFFLINE',
    };
  }
  return { ...base, health: state.simulated ? 'simulated' : 'attention', detail: `connecting${waiting}`, detailZh: `正在连接${waitingZh}`, code: 'ACQUIRER_CONNECTING' };
}

export function syncService(ctx: TillContext, options: SyncOptions = {}) {
  const store = new SqliteAcquirerOutbox(ctx.db, { training: ctx.config.training });
  const endpoint = resolveEndpoint(ctx);
  const state: SyncState = {
    store, sender: null, ready: Promise.resolve(), address: null, note: null, simulated: endpoint.kind !== 'remote' || endpoint.simulated,
    starting: endpoint.kind !== 'none', link: 'unknown', lastError: null, lastSeenAt: null, sent: 0, lastStatusEmitAt: 0, lastBacklog: -1,
  };
  states.set(ctx, state);
  ctx.deviceStatus.set('acquirer', () => deviceView(state));

  const progress = (): void => {
    const backlog = store.backlog().count;
    ctx.emit('sync.progress', {
      online: state.link === 'online', backlog, sent: state.sent, reviewCount: store.listManualReview().length,
      lastError: state.sender?.status().lastError ?? state.lastError,
    });
    // The status strip: on every change to or from an empty backlog at once, otherwise at most once a second.
    const now = Date.now();
    if ((backlog === 0) !== (state.lastBacklog === 0) || now - state.lastStatusEmitAt >= 1000) statusChanged();
    state.lastBacklog = backlog;
  };
  const statusChanged = (): void => {
    state.lastStatusEmitAt = Date.now();
    ctx.emit('status.changed', statusView(ctx));
  };
  const audit = (action: string, detail: Record<string, unknown>): void => {
    ctx.tx(() => ctx.audit.append({ at: ctx.now(), actor: null, action, detail }));
  };

  const linkWaiters: (() => void)[] = [];
  /** The running loop echoes at start; `sync now` on an idle till waits a moment for that answer instead of saying "unknown". */
  const waitForLink = (ms: number): Promise<void> =>
    state.link !== 'unknown' || !state.sender?.status().running
      ? Promise.resolve()
      : new Promise((resolve) => {
          const timer = setTimeout(resolve, ms);
          timer.unref();
          linkWaiters.push(() => {
            clearTimeout(timer);
            resolve();
          });
        });

  const onEvent = (event: SenderEvent): void => {
    switch (event.type) {
      case 'link':
        state.link = event.state;
        for (const resolve of linkWaiters.splice(0)) resolve();
        if (event.state === 'online') state.lastSeenAt = event.at;
        else state.lastError = event.reason;
        statusChanged();
        progress();
        return;
      case 'item':
        if (event.outcome === 'acknowledged') {
          state.sent++;
          state.lastSeenAt = event.at;
        } else if (event.outcome === 'declined-after-offline-approval') {
          // A merchant loss: the manager must see it, and it stays on the record.
          audit('acquirer.declined-after-offline-approval', { uuid: event.uuid, stan: event.stan, responseCode: event.responseCode });
        } else if (event.outcome === 'manual-review') {
          audit('acquirer.manual-review', { itemId: event.itemId, kind: event.kind, uuid: event.uuid, stan: event.stan, responseCode: event.responseCode, error: event.error });
        } else {
          state.lastError = event.error;
        }
        progress();
        return;
      case 'backlog':
        progress();
        return;
      case 'stray-reply':
        // Duplicate or late replies (an approval after the reversal): never acted on, but on the record.
        audit('acquirer.stray-reply', { mti: event.mti, stan: event.stan, responseCode: event.responseCode });
        return;
      case 'lease':
      case 'reconciliation':
        return;
    }
  };

  let simulator: AcquirerSimulator | null = null;
  if (endpoint.kind === 'none') {
    state.note = endpoint.note;
  } else {
    state.note = endpoint.kind === 'in-process' ? endpoint.note : null;
    const timeScale = options.timeScale ?? 1;
    const build = (host: string, port: number): AcquirerSender => {
      // Real time for the sender (lease, backoff, timeouts are durations); business time (ctx.clock) stamps rows.
      const clock = { now: () => Date.now() };
      // Scale the full set of durations (defaults included), so every timer keeps its production ratio.
      const config = scaleSenderConfig({ ...defaultSenderConfig, ...options.sender, host, port }, timeScale);
      return createSender({
        store, profile: defaultProfile, terminal: terminalIdentity(ctx),
        holderId: `${ctx.config.tillId}-${process.pid}-${randomUUID().slice(0, 8)}`,
        config,
        clock, timers: backgroundTimers, random: options.random ?? Math.random, onEvent,
        failpoint: (step) => ctx.failpoint(`acquirer.${step}`),
      });
    };
    state.ready = (async () => {
      let host: string;
      let port: number;
      if (endpoint.kind === 'in-process') {
        simulator = await startAcquirerSimulator({
          profile: defaultProfile, host: '127.0.0.1', port: 0,
          dataFile: options.dataDir ? join(options.dataDir, 'acquirer-simulator.jsonl') : undefined,
        });
        host = '127.0.0.1';
        port = simulator.port;
      } else {
        host = endpoint.host;
        port = endpoint.port;
      }
      state.address = `${host}:${port}`;
      state.sender = build(host, port);
      if (options.autoStart !== false) state.sender.start();
    })().catch((err: unknown) => {
      state.note = `acquirer sync could not start: ${(err as Error).message}`;
    }).finally(() => {
      state.starting = false;
    });
  }
  ctx.closers.push(async () => {
    await state.ready;
    await state.sender?.stop();
    await simulator?.close();
  });

  const withSender = async (): Promise<AcquirerSender | null> => {
    await state.ready;
    return state.sender;
  };

  /**
   * The acquirer's side of the close's three-way reconciliation: the batches holding this shift's card payments,
   * reconciled (0500/0510, upload on out-of-balance) if not yet, and the acquirer's totals for them summed. Idempotent:
   * a second close.reconcile reads the stored 0510 totals. Anything that keeps the acquirer from answering throws,
   * and the close shows the source as missing, never as matching.
   */
  const cardTotalsOfShift = async (): Promise<CardTotalsView> => {
    const sender = await withSender();
    if (!sender) throw new Error(state.note ?? 'no acquirer configured');
    const shift = openShiftRow(ctx);
    if (!shift) throw new Error('no open shift');
    await sender.drainOnce({ force: true });
    const batches = store.batchesOfShift(shift.shift_id);
    if (batches.includes(store.currentBatch())) {
      ctx.tx(() => {
        const closed = store.closeBatch();
        if (closed !== null) ctx.audit.append({ at: ctx.now(), actor: ctx.session?.user.username ?? null, action: 'acquirer.batch-closed', detail: { batchNumber: closed, shiftId: shift.shift_id } });
      });
    }
    const host = emptyTotals();
    for (const batchNumber of batches) {
      let record = store.latestReconciliation(batchNumber);
      if (!record) {
        const r = await sender.reconcile(batchNumber, ctx.config.currency);
        audit('acquirer.reconcile', r.ok ? { batchNumber, ok: true, balanced: r.record.balanced, uploaded: r.record.uploaded } : { batchNumber, ok: false, code: r.code, message: r.message });
        if (!r.ok) throw new Error(`batch ${batchNumber}: ${r.code}: ${r.message}`);
        record = store.latestReconciliation(batchNumber);
      }
      if (!record?.hostTotals) throw new Error(`batch ${batchNumber}: the acquirer sent no totals`);
      for (const key of ['debitSales', 'debitRefunds', 'creditSales', 'creditRefunds'] as const) {
        host[key].count += record.hostTotals[key].count;
        host[key].amountMinor += record.hostTotals[key].amountMinor;
      }
    }
    return {
      sales: { count: host.debitSales.count + host.creditSales.count, amount: host.debitSales.amountMinor + host.creditSales.amountMinor },
      refunds: { count: host.debitRefunds.count + host.creditRefunds.count, amount: host.debitRefunds.amountMinor + host.creditRefunds.amountMinor },
      byBrand: [],
    };
  };
  if (endpoint.kind !== 'none') ctx.cardTotalsSources.set('acquirer', cardTotalsOfShift);

  return {
    'sync.status': async (): Promise<SyncStatusView> => {
      ctx.requireUser();
      await state.ready;
      return syncStatus(ctx, state);
    },
    'sync.now': async (): Promise<SyncStatusView> => {
      ctx.requireUser('manager', 'tech');
      const sender = await withSender();
      if (sender) {
        await sender.drainOnce({ force: true });
        await waitForLink(3000);
      }
      return syncStatus(ctx, state);
    },
    'sync.review': (): SyncReviewView => {
      ctx.requireUser('manager', 'tech');
      return {
        manualReview: store.listManualReview().map((e) => ({
          id: e.item.id, kind: e.item.kind, ...txView(e.item.transaction), reason: e.reason, responseCode: e.responseCode,
          at: iso(e.at)!, enqueuedAt: iso(e.item.enqueuedAt)!, sendCount: e.item.sendCount, failedAttempts: e.item.failedAttempts,
          lastError: e.item.lastError,
        })),
        declined: store.listDeclined().map((d) => ({ ...txView(d.transaction), responseCode: d.responseCode, at: iso(d.at)! })),
      };
    },
    'sync.requeue': ({ id, override }: TillParsedInput<'sync.requeue'>): SyncStatusView => {
      const user = ctx.requireUser();
      const approval = ctx.approve('requeue-payment', override, { id });
      let item: OutboxItem | null = null;
      ctx.tx(() => {
        item = store.requeueFromManualReview(id, ctx.clock().getTime());
        if (!item) fail('INVALID_ARGUMENT', { field: 'id', reason: `no manual-review item ${id}` });
        ctx.audit.append({
          at: ctx.now(), actor: user.username, approver: approval.approver.username, action: 'acquirer.requeue',
          detail: { reviewedId: id, newId: (item as OutboxItem).id, uuid: (item as OutboxItem).transaction.uuid, reason: approval.reason },
        });
      });
      state.sender?.wake();
      return syncStatus(ctx, state);
    },
    'sync.reconcile': async (): Promise<SyncReconcileView> => {
      const user = ctx.requireUser('manager');
      const sender = await withSender();
      // Close the open batch first: sales after this point go into the next batch, so the totals cannot move.
      const closed = ctx.tx(() => {
        const batch = store.closeBatch();
        if (batch !== null) ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'acquirer.batch-closed', detail: { batchNumber: batch } });
        return batch;
      });
      const results: SyncReconcileView['results'] = [];
      if (sender) await sender.drainOnce({ force: true });
      for (const batchNumber of store.unreconciledBatches()) {
        if (!sender) {
          results.push({ batchNumber, ok: false, code: 'NOT_CONFIGURED', message: state.note ?? 'no acquirer', balanced: false, uploaded: false, localTotals: null, hostTotals: null });
          continue;
        }
        const r = await sender.reconcile(batchNumber, ctx.config.currency);
        const row = r.ok
          ? { batchNumber, ok: true, code: r.record.responseCode, message: r.record.balanced ? 'balanced' : 'out of balance', balanced: r.record.balanced, uploaded: r.record.uploaded, localTotals: r.record.localTotals, hostTotals: r.record.hostTotals }
          : { batchNumber, ok: false, code: r.code, message: r.message, balanced: false, uploaded: false, localTotals: null, hostTotals: null };
        results.push(row);
        audit('acquirer.reconcile', { batchNumber, ok: row.ok, code: row.code, balanced: row.balanced, uploaded: row.uploaded, localTotals: row.localTotals, hostTotals: row.hostTotals });
      }
      return { closedBatch: closed, currentBatch: store.currentBatch(), results, status: syncStatus(ctx, state) };
    },
  };
}

function txView(tx: CardTransaction) {
  return {
    uuid: tx.uuid, stan: tx.stan, batchNumber: tx.batchNumber, terminalId: tx.terminalId, kindOfPayment: tx.kind,
    amount: tx.amountMinor, currency: tx.currency, maskedPan: tx.maskedPan, authCode: tx.authCode, localDateTime: tx.localDateTime,
  };
}
