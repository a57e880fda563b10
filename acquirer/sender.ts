// Store-and-forward sender: drains the acquirer outbox in order under a lease, one request at a time, with full-
// jitter backoff; acknowledges nothing the acquirer has not answered; repeats as 0221/0401 with the same STAN;
// moves an item to manual review after N failed attempts; reconciles a batch (0500, 0320 upload, 0500).
// Clock, timers and randomness are injected. Never imports service/, web/, cli/, renderer/ or electron.
import { sleep, type Clock, type Timers } from './clock';
import type { Iso8583Message } from './iso8583/codec';
import type { Iso8583Profile } from './iso8583/profile';
import { connectAcquirer, type AcquirerConnection, type ExchangeResult } from './link';
import {
  buildAdvice, buildBatchUpload, cardTransactionSchema, buildEcho, buildReconciliation, buildReversal, classifyResponse, decodeTotals, totalsOf,
  type TerminalIdentity,
} from './messages';
import type { AcquirerOutboxPort, BacklogSummary, OutboxItem, ReconciliationRecord } from './outbox-port';

export interface SenderConfig {
  host: string;
  port: number;
  /** Nothing reached the acquirer if the connection is not up in this time (practice: ~5 s). */
  connectTimeoutMs: number;
  /** After this long with no reply the outcome is unknown (practice: 40–60 s for a host; advices are repeatable). */
  readTimeoutMs: number;
  /** Full jitter: wait random(0, min(maxDelayMs, baseDelayMs · 2^n)) before retry n. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failed attempts (sent, not acknowledged) before an item goes to manual review. PayEx: 6. */
  maxAttempts: number;
  leaseTtlMs: number;
  /** Idle echo (0800) interval while online, to keep the status honest; 0 = never when idle. */
  echoIntervalMs: number;
  /** How often an idle sender looks at the outbox without being woken. */
  idlePollMs: number;
}

export const defaultSenderConfig: Omit<SenderConfig, 'host' | 'port'> = {
  connectTimeoutMs: 5_000,
  readTimeoutMs: 45_000,
  baseDelayMs: 1_000,
  maxDelayMs: 300_000,
  maxAttempts: 6,
  leaseTtlMs: 60_000,
  echoIntervalMs: 60_000,
  idlePollMs: 5_000,
};

/** Multiply every duration by `factor` (tests): retry counts and the ratios between timers stay as in production. */
export function scaleSenderConfig<T extends Partial<SenderConfig>>(config: T, factor: number): T {
  const out: Partial<SenderConfig> = { ...config };
  for (const key of ['connectTimeoutMs', 'readTimeoutMs', 'baseDelayMs', 'maxDelayMs', 'leaseTtlMs', 'echoIntervalMs', 'idlePollMs'] as const) {
    const value = config[key];
    if (value !== undefined) out[key] = Math.max(1, Math.ceil(value * factor));
  }
  return out as T;
}

/** Full jitter (AWS, Brooker 2015): uniform in [0, min(cap, base · 2^attempt)). `random` returns [0, 1). */
export function fullJitterDelay(attempt: number, baseMs: number, capMs: number, random: () => number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 52));
  return Math.floor(random() * ceiling);
}

export type LinkState = 'unknown' | 'online' | 'offline';

export type ItemOutcome = 'acknowledged' | 'declined-after-offline-approval' | 'manual-review' | 'retry-scheduled';

export type SenderEvent =
  | { type: 'link'; state: LinkState; reason: string | null; at: number }
  | { type: 'item'; itemId: number; kind: OutboxItem['kind']; uuid: string; stan: number; outcome: ItemOutcome; responseCode: string | null; failedAttempts: number; nextAttemptAt: number | null; error: string | null; at: number }
  | { type: 'backlog'; backlog: BacklogSummary; nextAttemptAt: number | null; at: number }
  | { type: 'stray-reply'; mti: string; stan: string | null; responseCode: string | null; at: number }
  | { type: 'lease'; held: boolean; holderId: string; at: number }
  | { type: 'reconciliation'; record: ReconciliationRecord };

/** Steps where the fault tests kill the process (DESIGN §10): the failpoint hook throws or exits there. */
export type SenderStep = 'before-send' | 'after-send' | 'after-reply' | 'before-ack' | 'after-ack';

export interface SenderDeps {
  store: AcquirerOutboxPort;
  profile: Iso8583Profile;
  terminal: TerminalIdentity;
  /** Who holds the lease: unique per process (e.g. `till-<pid>-<random>`). */
  holderId: string;
  config: Partial<SenderConfig> & Pick<SenderConfig, 'host' | 'port'>;
  clock: Clock;
  timers: Timers;
  /** [0, 1): the jitter source (Math.random in production, seeded in tests). */
  random: () => number;
  onEvent?: (event: SenderEvent) => void;
  failpoint?: (step: SenderStep, item: OutboxItem) => void;
}

export type DrainStop =
  | 'empty' // nothing left
  | 'backoff' // the head item waits for its next attempt
  | 'offline' // the acquirer was not reached
  | 'lease-held-elsewhere' // another sender drains this ledger
  | 'stopped'; // stop() was called

export interface DrainReport {
  acknowledged: number;
  declined: number;
  manualReview: number;
  failed: number;
  stoppedBy: DrainStop;
  /** When the next pass makes sense (epoch ms), or null when the outbox is empty. */
  nextAttemptAt: number | null;
}

export type ReconcileResult =
  | { ok: true; record: ReconciliationRecord }
  | { ok: false; code: 'BACKLOG_NOT_EMPTY' | 'LEASE_HELD_ELSEWHERE' | 'UNREACHABLE' | 'REJECTED'; message: string };

export interface SenderStatus {
  running: boolean;
  link: LinkState;
  leaseHeld: boolean;
  lastError: string | null;
  nextAttemptAt: number | null;
  backlog: BacklogSummary;
}

export interface AcquirerSender {
  /** Run the drain loop in the background until stop(). */
  start(): void;
  /** Stop the loop, close the connection, release the lease. Resolves when the in-flight exchange has ended. */
  stop(): Promise<void>;
  /** One pass over the outbox (used by the loop, by `sync now` with force, and by tests). */
  drainOnce(options?: { force?: boolean }): Promise<DrainReport>;
  /** Reconcile a batch: 0500; on out-of-balance 0320 per transaction then 0500 again. Needs an empty outbox for the batch. */
  reconcile(batchNumber: number, currency: string): Promise<ReconcileResult>;
  /** New items were written: look now instead of at the next poll. */
  wake(): void;
  status(): SenderStatus;
}

export function createSender(deps: SenderDeps): AcquirerSender {
  return new Sender(deps);
}

class Sender implements AcquirerSender {
  private readonly config: SenderConfig;
  private connection: AcquirerConnection | null = null;
  private link: LinkState = 'unknown';
  private linkFailures = 0;
  private linkRetryAt = 0;
  private leaseExpiresAt = 0;
  private lastError: string | null = null;
  private lastExchangeAt = 0;
  private running = false;
  private loopDone: Promise<void> | null = null;
  private wakeSleeper: (() => void) | null = null;
  private exclusive: Promise<unknown> = Promise.resolve();
  private lastNextAttemptAt: number | null = null;

  constructor(private readonly deps: SenderDeps) {
    this.config = { ...defaultSenderConfig, ...deps.config };
  }

  // ------------------------------------------------------------ public

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loopDone = this.loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await this.loopDone;
    this.loopDone = null;
    await this.exclusive.catch(() => undefined);
    this.connection?.close();
    this.connection = null;
    this.deps.store.releaseLease(this.deps.holderId);
    this.leaseExpiresAt = 0;
  }

  wake(): void {
    const wake = this.wakeSleeper;
    this.wakeSleeper = null;
    wake?.();
  }

  status(): SenderStatus {
    return {
      running: this.running,
      link: this.link,
      leaseHeld: this.leaseExpiresAt > this.deps.clock.now(),
      lastError: this.lastError,
      nextAttemptAt: this.lastNextAttemptAt,
      backlog: this.deps.store.backlog(),
    };
  }

  drainOnce(options: { force?: boolean } = {}): Promise<DrainReport> {
    return this.runExclusive(() => this.drainPass(options.force ?? false));
  }

  reconcile(batchNumber: number, currency: string): Promise<ReconcileResult> {
    return this.runExclusive(() => this.reconcileBatch(batchNumber, currency));
  }

  // ------------------------------------------------------------ loop

  private async loop(): Promise<void> {
    while (this.running) {
      let report: DrainReport;
      try {
        report = await this.drainOnce();
      } catch (err) {
        // A store or encode failure is a bug or a broken disk: say so, back off, never spin.
        this.lastError = `sender pass failed: ${(err as Error).message}`;
        report = { acknowledged: 0, declined: 0, manualReview: 0, failed: 0, stoppedBy: 'offline', nextAttemptAt: this.deps.clock.now() + this.config.idlePollMs };
      }
      if (!this.running) break;
      const now = this.deps.clock.now();
      let until = report.nextAttemptAt ?? now + this.config.idlePollMs;
      if (report.stoppedBy === 'empty' && this.config.echoIntervalMs > 0) {
        // Idle echo keeps the status strip honest; while offline it waits for the link backoff, so no tight loop.
        const echoDueAt = Math.max(this.lastExchangeAt + this.config.echoIntervalMs, this.link === 'offline' ? this.linkRetryAt : 0);
        if (now >= echoDueAt) {
          await this.runExclusive(() => this.probe()).catch((err: unknown) => {
            this.linkDown(`echo failed: ${(err as Error).message}`);
          });
          continue;
        }
        until = Math.min(until, echoDueAt);
      }
      await this.sleepUntil(until);
    }
  }

  private sleepUntil(at: number): Promise<void> {
    const ms = Math.max(0, at - this.deps.clock.now());
    return sleep(this.deps.timers, ms, { onAbort: (cb) => (this.wakeSleeper = cb) });
  }

  private runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.exclusive.then(fn, fn);
    this.exclusive = run.catch(() => undefined);
    return run;
  }

  // ------------------------------------------------------------ lease, link

  private holdLease(): boolean {
    const { store, holderId, clock } = this.deps;
    const now = clock.now();
    if (this.leaseExpiresAt - now > this.config.leaseTtlMs / 2) return true;
    const lease = store.acquireLease(holderId, now, this.config.leaseTtlMs);
    const held = lease.held;
    if (held !== this.leaseExpiresAt > now) this.emit({ type: 'lease', held, holderId: held ? holderId : lease.holderId, at: now });
    this.leaseExpiresAt = held ? lease.expiresAt : 0;
    return held;
  }

  private setLink(state: LinkState, reason: string | null): void {
    if (state === this.link) return;
    this.link = state;
    this.emit({ type: 'link', state, reason, at: this.deps.clock.now() });
  }

  private linkDown(reason: string): void {
    this.connection?.close();
    this.connection = null;
    this.lastError = reason;
    this.linkFailures++;
    this.linkRetryAt = this.deps.clock.now() + fullJitterDelay(this.linkFailures - 1, this.config.baseDelayMs, this.config.maxDelayMs, this.deps.random);
    this.setLink('offline', reason);
  }

  /** A usable connection, or null (and the link marked offline). After an outage an echo proves the host is back. */
  private async ensureConnection(): Promise<AcquirerConnection | null> {
    if (this.connection?.isOpen) return this.connection;
    this.connection?.close();
    this.connection = null;
    const { profile, timers } = this.deps;
    const result = await connectAcquirer({
      host: this.config.host, port: this.config.port, profile, timers,
      connectTimeoutMs: this.config.connectTimeoutMs, readTimeoutMs: this.config.readTimeoutMs,
      onStray: (message) => this.onStray(message),
    });
    if (!result.ok) {
      this.linkDown(`acquirer not reached (${result.reason}): ${result.detail}`);
      return null;
    }
    this.connection = result.connection;
    if (this.link !== 'online') {
      const echo = await this.echo(result.connection);
      if (!echo) return null;
    }
    return this.connection;
  }

  private async echo(connection: AcquirerConnection): Promise<boolean> {
    const { profile, terminal, store, clock } = this.deps;
    const request = buildEcho(profile, { ...terminal, stan: store.allocateStan(), sentAtMs: clock.now() });
    const result = await connection.exchange(request);
    if (result.outcome === 'reply' && classifyResponse(result.reply.fields[39], profile) === 'approved') {
      this.linkFailures = 0;
      this.lastExchangeAt = clock.now();
      this.setLink('online', null);
      return true;
    }
    this.linkDown(result.outcome === 'reply' ? `echo answered ${result.reply.fields[39] ?? 'without a response code'}` : `echo ${result.outcome}: ${result.detail}`);
    return false;
  }

  private async probe(): Promise<void> {
    // ensureConnection already echoes when the link was not online; echo here only to re-check a live link.
    const wasOnline = this.link === 'online';
    const connection = await this.ensureConnection();
    if (connection && wasOnline) await this.echo(connection);
  }

  private onStray(message: Iso8583Message): void {
    // Duplicate replies, replies after a timeout, an approval after a reversal: logged, never acted on.
    this.emit({ type: 'stray-reply', mti: message.mti, stan: message.fields[11] ?? null, responseCode: message.fields[39] ?? null, at: this.deps.clock.now() });
  }

  // ------------------------------------------------------------ draining

  private async drainPass(force: boolean): Promise<DrainReport> {
    const { store, clock } = this.deps;
    const report: DrainReport = { acknowledged: 0, declined: 0, manualReview: 0, failed: 0, stoppedBy: 'empty', nextAttemptAt: null };
    const finish = (stoppedBy: DrainStop, nextAttemptAt: number | null): DrainReport => {
      report.stoppedBy = stoppedBy;
      report.nextAttemptAt = nextAttemptAt;
      this.lastNextAttemptAt = nextAttemptAt;
      this.emit({ type: 'backlog', backlog: store.backlog(), nextAttemptAt, at: clock.now() });
      return report;
    };
    for (;;) {
      if (!this.running && this.loopDone !== null) return finish('stopped', null);
      const head = store.peekHead();
      if (!head) return finish('empty', null);
      if (!this.holdLease()) return finish('lease-held-elsewhere', clock.now() + this.config.leaseTtlMs / 2);
      const now = clock.now();
      if (!force && head.nextAttemptAt > now) return finish('backoff', head.nextAttemptAt);
      if (!force && this.link === 'offline' && this.linkRetryAt > now) return finish('offline', this.linkRetryAt);
      const connection = await this.ensureConnection();
      if (!connection) return finish('offline', this.linkRetryAt);
      const outcome = await this.sendItem(connection, head);
      if (outcome === 'lease-lost') return finish('lease-held-elsewhere', clock.now() + this.config.leaseTtlMs / 2);
      if (outcome === 'never-reached') return finish('offline', this.linkRetryAt);
      if (outcome === 'acknowledged') report.acknowledged++;
      else if (outcome === 'declined-after-offline-approval') report.declined++;
      else if (outcome === 'manual-review') report.manualReview++;
      else {
        report.failed++;
        // Strict order: a failing head holds the rest back until its backoff ends (bounded by maxAttempts).
        const next = store.peekHead();
        return finish('backoff', next?.nextAttemptAt ?? clock.now());
      }
      this.emit({ type: 'backlog', backlog: store.backlog(), nextAttemptAt: null, at: clock.now() });
    }
  }

  private async sendItem(connection: AcquirerConnection, head: OutboxItem): Promise<ItemOutcome | 'lease-lost' | 'never-reached'> {
    const { store, clock, profile, holderId } = this.deps;
    // A stored row that cannot make a valid message (corrupt, or from an older format) must not block the queue.
    const valid = cardTransactionSchema.safeParse(head.transaction);
    if (!valid.success) return this.poison(head, `stored transaction invalid: ${valid.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    this.deps.failpoint?.('before-send', head);
    // Journal first: sendCount goes up before any byte leaves, so after a crash the next send is a repeat.
    const item = store.markSending(head.id, holderId, clock.now());
    if (!item) {
      this.leaseExpiresAt = 0;
      return 'lease-lost';
    }
    const repeat = item.sendCount > 1;
    const sentAtMs = clock.now();
    let request: Iso8583Message;
    let pending: Promise<ExchangeResult>;
    try {
      request = item.kind === 'advice'
        ? buildAdvice(item.transaction, profile, { repeat, sentAtMs })
        : buildReversal(item.transaction, profile, { repeat, sentAtMs });
      pending = connection.exchange(request);
    } catch (err) {
      // Encoding failed before any byte was written: the profile cannot carry this row. A human must look.
      return this.poison(item, `cannot encode for profile ${profile.name}: ${(err as Error).message}`);
    }
    this.deps.failpoint?.('after-send', item);
    const result = await pending;
    if (result.outcome === 'never-reached') {
      // Nothing was written: not an attempt. The link is down; the next pass probes it.
      store.recordFailure(item.id, { error: result.detail, nextAttemptAt: 0, countsAsAttempt: false });
      this.linkDown(`acquirer not reached (${result.reason}): ${result.detail}`);
      return 'never-reached';
    }
    if (result.outcome === 'unknown') {
      this.connection?.close();
      this.connection = null;
      this.lastError = `${request.mti} stan ${request.fields[11]}: outcome unknown (${result.reason}): ${result.detail}`;
      if (result.reason === 'read-timeout') this.setLink('offline', this.lastError);
      return this.failed(item, this.lastError, null);
    }
    this.lastExchangeAt = clock.now();
    this.setLink('online', null);
    this.deps.failpoint?.('after-reply', item);
    return this.settle(item, result);
  }

  private settle(item: OutboxItem, result: Extract<ExchangeResult, { outcome: 'reply' }>): ItemOutcome {
    const { store, clock, profile } = this.deps;
    const code = result.reply.fields[39] ?? null;
    const cls = classifyResponse(code ?? undefined, profile);
    const at = clock.now();
    const acknowledged = cls === 'approved' || cls === 'duplicate' || (item.kind === 'reversal' && cls === 'original-not-found');
    if (acknowledged) {
      this.deps.failpoint?.('before-ack', item);
      store.acknowledge(item.id, { responseCode: code!, authCode: result.reply.fields[38]?.trim() || null, retrievalReference: result.reply.fields[37]?.trim() || null, at });
      this.deps.failpoint?.('after-ack', item);
      this.emitItem(item, 'acknowledged', code, null, null);
      return 'acknowledged';
    }
    if (cls === 'retry') return this.failed(item, `acquirer asked to retry (${code})`, code);
    if (item.kind === 'advice' && cls === 'declined') {
      // The issuer refused what the PIN pad approved offline: a merchant loss, listed; never re-charged.
      store.markDeclinedAfterOfflineApproval(item.id, { responseCode: code!, at });
      this.emitItem(item, 'declined-after-offline-approval', code, null, null);
      return 'declined-after-offline-approval';
    }
    store.moveToManualReview(item.id, { reason: `acquirer answered ${code ?? 'without a response code'} (${cls})`, responseCode: code, at });
    this.emitItem(item, 'manual-review', code, null, `response ${code}`);
    return 'manual-review';
  }

  private poison(item: OutboxItem, reason: string): ItemOutcome {
    this.deps.store.moveToManualReview(item.id, { reason, responseCode: null, at: this.deps.clock.now() });
    this.emitItem(item, 'manual-review', null, null, reason);
    return 'manual-review';
  }

  private failed(item: OutboxItem, error: string, code: string | null): ItemOutcome {
    const { store, clock } = this.deps;
    const attempts = item.failedAttempts + 1;
    const now = clock.now();
    if (attempts >= this.config.maxAttempts) {
      store.moveToManualReview(item.id, { reason: `not acknowledged after ${attempts} attempts: ${error}`, responseCode: code, at: now });
      this.emitItem({ ...item, failedAttempts: attempts }, 'manual-review', code, null, error);
      return 'manual-review';
    }
    const nextAttemptAt = now + fullJitterDelay(attempts - 1, this.config.baseDelayMs, this.config.maxDelayMs, this.deps.random);
    store.recordFailure(item.id, { error, nextAttemptAt, countsAsAttempt: true });
    this.emitItem({ ...item, failedAttempts: attempts }, 'retry-scheduled', code, nextAttemptAt, error);
    return 'retry-scheduled';
  }

  private emitItem(item: OutboxItem, outcome: ItemOutcome, responseCode: string | null, nextAttemptAt: number | null, error: string | null): void {
    this.emit({
      type: 'item', itemId: item.id, kind: item.kind, uuid: item.transaction.uuid, stan: item.transaction.stan, outcome,
      responseCode, failedAttempts: item.failedAttempts, nextAttemptAt, error, at: this.deps.clock.now(),
    });
  }

  private emit(event: SenderEvent): void {
    try {
      this.deps.onEvent?.(event);
    } catch {
      // A listener's bug must not stop the money moving; the listener owns its own logging.
    }
  }

  // ------------------------------------------------------------ reconciliation

  /** Exchange with retries for idempotent requests (0500 inquiry, 0320 upload): same request each time. */
  private async exchangeRepeatable(build: (sentAtMs: number) => Iso8583Message): Promise<Iso8583Message | null> {
    for (let attempt = 0; attempt < this.config.maxAttempts; attempt++) {
      if (attempt > 0) {
        await sleep(this.deps.timers, fullJitterDelay(attempt - 1, this.config.baseDelayMs, this.config.maxDelayMs, this.deps.random));
      }
      const connection = await this.ensureConnection();
      if (!connection) continue;
      const result = await connection.exchange(build(this.deps.clock.now()));
      if (result.outcome === 'reply') {
        this.lastExchangeAt = this.deps.clock.now();
        return result.reply;
      }
      this.connection = null;
      this.lastError = `${result.outcome} (${result.reason}): ${result.detail}`;
    }
    return null;
  }

  private async reconcileBatch(batchNumber: number, currency: string): Promise<ReconcileResult> {
    const { store, profile, terminal, clock } = this.deps;
    if (!this.holdLease()) return { ok: false, code: 'LEASE_HELD_ELSEWHERE', message: 'another sender holds this ledger' };
    const pending = store.pendingInBatch(batchNumber);
    if (pending > 0) return { ok: false, code: 'BACKLOG_NOT_EMPTY', message: `${pending} items of batch ${batchNumber} still wait for the acquirer` };
    const captured = store.capturedInBatch(batchNumber);
    const localTotals = totalsOf(captured);
    const ask = async (afterUpload: boolean): Promise<Iso8583Message | null> => {
      const stan = store.allocateStan();
      return this.exchangeRepeatable((sentAtMs) =>
        buildReconciliation(profile, { ...terminal, stan, batchNumber, currency, totals: localTotals, afterUpload, sentAtMs }));
    };
    const first = await ask(false);
    if (!first) return { ok: false, code: 'UNREACHABLE', message: `0500 not answered: ${this.lastError ?? ''}` };
    let reply = first;
    let uploaded = false;
    if (classifyResponse(first.fields[39], profile) === 'out-of-balance') {
      // Batch upload: every transaction again as 0320 (same STAN and UUID, so the acquirer captures each once).
      for (const tx of captured) {
        const answer = await this.exchangeRepeatable((sentAtMs) => buildBatchUpload(tx, profile, { sentAtMs }));
        const cls = classifyResponse(answer?.fields[39], profile);
        if (!answer || (cls !== 'approved' && cls !== 'duplicate')) {
          return { ok: false, code: answer ? 'REJECTED' : 'UNREACHABLE', message: `0320 for stan ${tx.stan}: ${answer?.fields[39] ?? this.lastError ?? ''}` };
        }
      }
      uploaded = true;
      const second = await ask(true);
      if (!second) return { ok: false, code: 'UNREACHABLE', message: `0500 after upload not answered: ${this.lastError ?? ''}` };
      reply = second;
    }
    const cls = classifyResponse(reply.fields[39], profile);
    if (cls !== 'approved' && cls !== 'out-of-balance') {
      return { ok: false, code: 'REJECTED', message: `0510 answered ${reply.fields[39] ?? 'without a response code'}` };
    }
    const record: ReconciliationRecord = {
      batchNumber, at: clock.now(), balanced: cls === 'approved', uploaded, uploadedCount: uploaded ? captured.length : 0,
      responseCode: reply.fields[39]!, localTotals, hostTotals: decodeTotals(reply.fields[profile.roles.totalsField]),
    };
    store.recordReconciliation(record);
    this.emit({ type: 'reconciliation', record });
    return { ok: true, record };
  }
}
