// The printer driver on one ByteLink: print a job (all bytes in one write, then GS r completion + DLE EOT status),
// status, drawer kick, ASB listening. Returns done / paused(reason) / failed so the service's print outbox can retry
// without losing or doubling a receipt. Never imports the service, the db or electron.
import type { ByteLink } from '../link/byte-link';
import { cmd } from './commands';
import type { PrinterProfile } from './profiles';
import {
  CLEAN_STATUS,
  STATUS_WORDS,
  StatusStream,
  blockingProblem,
  decodeRealtime,
  statusProblems,
  type PrinterStatus,
  type StatusProblemCode,
} from './status';

export interface PrintJob {
  /** Stable id from the outbox: a retry of the same job must carry the same id (that is how doubling is avoided). */
  id: string;
  bytes: Uint8Array;
}

export type PauseReason = 'paper-out' | 'cover-open' | 'cutter-error' | 'error' | 'offline' | 'no-reply' | 'timeout';

export type PrintResult =
  | {
      outcome: 'done';
      jobId: string;
      bytes: number;
      ms: number;
      status: PrinterStatus;
      warnings: StatusProblemCode[];
      /** This job id had already completed on this driver; nothing was sent again (idempotent retry). */
      alreadyDone?: true;
    }
  | {
      outcome: 'paused';
      jobId: string;
      reason: PauseReason;
      /** Cashier words (UX.md): what happened and what to do. */
      words: { en: string; zh: string };
      status?: PrinterStatus;
      /**
       * True when the printer already holds this job's bytes and will finish it by itself once the cause is gone;
       * retry with the same job id (the driver then waits instead of resending).
       */
      bytesInPrinter: boolean;
    }
  | { outcome: 'failed'; jobId: string; error: { code: 'LINK_CLOSED' | 'WRITE_FAILED' | 'BUSY'; message: string } };

export type StatusResult =
  | { ok: true; status: PrinterStatus; problems: StatusProblemCode[]; words: { en: string; zh: string } }
  | { ok: false; reason: 'no-reply' | 'link-closed'; words: { en: string; zh: string } };

export interface DriverTimers {
  /** How long to wait for the four DLE EOT replies. */
  replyTimeoutMs: number;
  /** While a job prints: how often to ask the printer how it is doing. */
  pollIntervalMs: number;
  /** Give up waiting for a job's completion (printer answers and reports no fault, but never finishes). */
  maxJobMs: number;
}

export const DEFAULT_TIMERS: DriverTimers = { replyTimeoutMs: 500, pollIntervalMs: 250, maxJobMs: 120_000 };

export interface PrinterDriverOptions {
  profile: PrinterProfile;
  timers?: Partial<DriverTimers>;
  /** Wire speed (serial: baud/10) so the first wait covers the transfer time of a long job. */
  lineRateBytesPerSec?: number;
  now?: () => number;
}

export type TraceEntry = { dir: 'out' | 'in'; bytes: Uint8Array; at: number };

interface JobInPrinter {
  id: string;
  /** Completion markers (GS r replies) counted before this job's own marker. */
  target: number;
  bytes: number;
  startedAt: number;
  /** The printer went silent while holding the job: a power cycle loses its buffer, so a retry must resend. */
  lost: boolean;
  /** The write has not finished (flow control holding the line while the printer is stopped). */
  writing?: Promise<void>;
}

const TIMEOUT_WORDS = {
  en: 'Printer did not confirm the receipt: check the printer; printing resumes by itself',
  zh: '打印机未确认小票：请检查打印机，打印会自动继续',
};
const word = (reason: PauseReason): { en: string; zh: string } => (reason === 'timeout' ? TIMEOUT_WORDS : STATUS_WORDS[reason]);

export class PrinterDriver {
  private readonly timers: DriverTimers;
  private readonly stream = new StatusStream();
  private readonly now: () => number;
  private realtime: number[] = [];
  private inSequenceCount = 0;
  private lastInSequence = 0;
  private wakers: (() => void)[] = [];
  private statusListeners = new Set<(s: PrinterStatus, source: 'asb' | 'realtime') => void>();
  private traceListeners = new Set<(t: TraceEntry) => void>();
  private queryChain: Promise<unknown> = Promise.resolve();
  private printing = false;
  /**
   * Ids of jobs completed by this driver. A job finished while the outbox was looking at another one (it waits for
   * the earlier job first) would otherwise be resent when its own retry comes. In memory only: across a till restart
   * a job whose completion was not recorded prints again (at least once, never lost).
   */
  private recentDone: string[] = [];
  /** ASB messages are arriving (GS a took effect); cleared when the printer goes silent (a power cycle resets GS a). */
  private asbAlive = false;
  private asbRestart = false;
  private inPrinter: JobInPrinter | undefined;
  private offData: () => void;
  /** Last status seen (query or ASB). */
  lastStatus: PrinterStatus | undefined;

  constructor(
    readonly link: ByteLink,
    private readonly options: PrinterDriverOptions,
  ) {
    this.timers = { ...DEFAULT_TIMERS, ...options.timers };
    this.now = options.now ?? Date.now;
    this.offData = link.onData((chunk) => this.onBytes(chunk));
  }

  /** Enable automatic status back (profile mask) so paper/cover changes arrive without polling. */
  async start(): Promise<void> {
    this.asbRestart = this.options.profile.asbMask !== 0;
    if (this.asbRestart) await this.send(cmd.autoStatusBack(this.options.profile.asbMask));
  }

  private forgetAsb(): void {
    this.asbAlive = false;
    this.lastStatus = undefined;
  }

  onStatus(listener: (s: PrinterStatus, source: 'asb' | 'realtime') => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  /** Every byte out and in, for the support view's live trace. */
  onTrace(listener: (t: TraceEntry) => void): () => void {
    this.traceListeners.add(listener);
    return () => this.traceListeners.delete(listener);
  }

  private emitStatus(s: PrinterStatus, source: 'asb' | 'realtime'): void {
    this.lastStatus = s;
    for (const l of this.statusListeners) l(s, source);
  }

  private wake(): void {
    for (const w of this.wakers.splice(0)) w();
  }

  private onBytes(chunk: Uint8Array): void {
    for (const t of this.traceListeners) t({ dir: 'in', bytes: chunk, at: this.now() });
    for (const ev of this.stream.push(chunk)) {
      if (ev.type === 'realtime') this.realtime.push(ev.byte);
      else if (ev.type === 'asb') {
        this.asbAlive = true;
        this.emitStatus(ev.status, 'asb');
      }
      else if (ev.type === 'in-sequence') {
        this.inSequenceCount++;
        this.lastInSequence = ev.byte;
      }
    }
    this.wake();
  }

  private waitForBytes(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.wakers = this.wakers.filter((w) => w !== done);
        resolve();
      }, ms);
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      this.wakers.push(done);
    });
  }

  private async send(bytes: number[] | Uint8Array): Promise<void> {
    const b = Uint8Array.from(bytes);
    for (const t of this.traceListeners) t({ dir: 'out', bytes: b, at: this.now() });
    await this.link.write(b);
  }

  /** Ask DLE EOT 1..4 (real-time: answered even while the printer is stopped). Undefined when nothing answers. */
  queryStatus(): Promise<PrinterStatus | undefined> {
    const run = async (): Promise<PrinterStatus | undefined> => {
      if (!this.link.isOpen) return undefined;
      // Replies of an earlier, timed-out query must not be taken for this one's.
      this.realtime = [];
      await this.send([...cmd.realtimeStatus(1), ...cmd.realtimeStatus(2), ...cmd.realtimeStatus(3), ...cmd.realtimeStatus(4)]);
      const deadline = this.now() + this.timers.replyTimeoutMs;
      while (this.realtime.length < 4) {
        const left = deadline - this.now();
        if (left <= 0) {
          this.forgetAsb();
          return undefined;
        }
        await this.waitForBytes(left);
      }
      const replies = this.realtime.splice(0, 4) as [number, number, number, number];
      const status = decodeRealtime(replies);
      this.emitStatus(status, 'realtime');
      // Back after silence: a power cycle switched GS a off, so switch it on again (it answers with an ASB).
      if (this.asbRestart && !this.asbAlive) await this.send(cmd.autoStatusBack(this.options.profile.asbMask));
      return status;
    };
    const next = this.queryChain.then(run, run);
    this.queryChain = next.catch(() => undefined);
    return next;
  }

  /** Status for the support view and the status strip. */
  async status(): Promise<StatusResult> {
    if (!this.link.isOpen) return { ok: false, reason: 'link-closed', words: STATUS_WORDS['no-reply'] };
    const s = await this.queryStatus();
    if (!s) return { ok: false, reason: 'no-reply', words: STATUS_WORDS['no-reply'] };
    const problems = statusProblems(s);
    return { ok: true, status: s, problems, words: STATUS_WORDS[problems[0] ?? 'ok'] };
  }

  /** Open the drawer: ESC p (in sequence) or, with `realtime`, DLE DC4 1 (acts even while a paused job sits in the printer). */
  async kick(options: { pin?: 2 | 5; onMs?: number; offMs?: number; realtime?: boolean } = {}): Promise<void> {
    const pin = options.pin ?? 2;
    if (options.realtime) {
      const t = Math.min(8, Math.max(1, Math.ceil((options.onMs ?? 100) / 100)));
      await this.send([0x10, 0x14, 1, pin === 2 ? 0 : 1, t]);
    } else {
      await this.send(cmd.pulse(pin, options.onMs ?? 100, options.offMs ?? 500));
    }
  }

  /** The job the printer holds but has not finished (paused), if any. */
  get jobInPrinter(): string | undefined {
    return this.inPrinter && !this.inPrinter.lost ? this.inPrinter.id : undefined;
  }

  /**
   * Print one job. Pre-checks status (nothing is sent into a stopped printer), writes all bytes plus `GS r 1` in one
   * write (no per-line round trips), then waits for the GS r reply, which the printer sends only after printing
   * everything before it (its paper bits give the final status, so success costs no extra round trip). While
   * waiting it polls DLE EOT and listens to ASB: paper out, cover open or an error pause the job with the printer
   * still holding the bytes; silence means the printer is off and its buffer lost.
   */
  async print(job: PrintJob): Promise<PrintResult> {
    if (this.printing) return { outcome: 'failed', jobId: job.id, error: { code: 'BUSY', message: 'Another job is printing' } };
    this.printing = true;
    try {
      return await this.printLocked(job);
    } finally {
      this.printing = false;
    }
  }

  private paused(job: PrintJob, reason: PauseReason, bytesInPrinter: boolean, status?: PrinterStatus): PrintResult {
    return { outcome: 'paused', jobId: job.id, reason, words: word(reason), status, bytesInPrinter };
  }

  private async printLocked(job: PrintJob): Promise<PrintResult> {
    if (this.recentDone.includes(job.id)) {
      const status = this.lastStatus ?? CLEAN_STATUS;
      return { outcome: 'done', jobId: job.id, bytes: 0, ms: 0, status, warnings: statusProblems(status).filter((p) => p === 'paper-near-end'), alreadyDone: true };
    }
    if (!this.link.isOpen) return { outcome: 'failed', jobId: job.id, error: { code: 'LINK_CLOSED', message: `${this.link.address}: link closed` } };
    const held = this.inPrinter && !this.inPrinter.lost ? this.inPrinter : undefined;
    if (held && held.id !== job.id) {
      // The outbox works in order, so this means an earlier job is still inside the printer: finish it first.
      const prev = await this.waitCompletion(held, { id: held.id, bytes: new Uint8Array(0) });
      if (prev.outcome !== 'done') return this.paused(job, prev.outcome === 'paused' ? prev.reason : 'offline', false, prev.outcome === 'paused' ? prev.status : undefined);
    }
    if (held && held.id === job.id) return this.waitCompletion(held, job);

    // With ASB alive, the printer has already told us about every change since its last clean report, so the
    // pre-check round trip is skipped. If it was switched off meanwhile, the silent polls below catch it and the
    // job is resent on retry (nothing was in a live buffer).
    const trusted = this.asbAlive && this.lastStatus !== undefined && !blockingProblem(this.lastStatus);
    if (!trusted) {
      const before = await this.queryStatus();
      if (!before) return this.paused(job, 'no-reply', false);
      const problem = blockingProblem(before);
      if (problem) return this.paused(job, problem, false, before);
    }

    const gsr = this.options.profile.completion === 'gs-r';
    const entry: JobInPrinter = { id: job.id, target: this.inSequenceCount + 1, bytes: job.bytes.length, startedAt: this.now(), lost: false };
    const all = new Uint8Array(job.bytes.length + (gsr ? 3 : 0));
    all.set(job.bytes, 0);
    if (gsr) all.set(cmd.statusInSequence(), job.bytes.length);
    let writeError: unknown;
    entry.writing = this.send(all).then(
      () => void (entry.writing = undefined),
      (e: unknown) => {
        writeError = e;
        entry.writing = undefined;
      },
    );
    this.inPrinter = entry;
    const stopped = await this.whileWriting(entry, job);
    if (writeError !== undefined) {
      this.inPrinter = undefined;
      return { outcome: 'failed', jobId: job.id, error: { code: 'WRITE_FAILED', message: writeError instanceof Error ? writeError.message : String(writeError) } };
    }
    return stopped ?? this.waitCompletion(entry, job);
  }

  /**
   * With hardware flow control a stopped printer holds the line, so the write does not finish (and our DLE EOT
   * queries would queue behind it). ASB still comes back: if it reports a stop, pause now with the bytes handed over;
   * the OS delivers the rest when the printer takes data again.
   */
  private async whileWriting(entry: JobInPrinter, job: PrintJob): Promise<PrintResult | undefined> {
    while (entry.writing) {
      // Wait first: a write that has just been released settles here, so a stale stop report is not believed.
      await Promise.race([entry.writing, this.waitForBytes(this.timers.pollIntervalMs)]);
      if (!entry.writing) break;
      const problem = this.lastStatus && this.asbAlive ? blockingProblem(this.lastStatus) : undefined;
      if (problem) return this.paused(job, problem, true, this.lastStatus);
    }
    return undefined;
  }

  private async waitCompletion(entry: JobInPrinter, job: PrintJob): Promise<PrintResult> {
    const stillWriting = await this.whileWriting(entry, job);
    if (stillWriting) return stillWriting;
    const rate = this.options.lineRateBytesPerSec;
    // Slow links: the first quiet period covers the transfer still in flight (OS buffers drain after write()).
    let quietMs = this.timers.pollIntervalMs + (rate ? Math.ceil((entry.bytes * 1000) / rate) : 0);
    const deadline = this.now() + this.timers.maxJobMs;
    let silent = 0;
    for (;;) {
      if (this.inSequenceCount >= entry.target) {
        // The GS r 1 reply carries the paper sensor bits (0x03 near end, 0x0C end): no extra round trip needed.
        const b = this.lastInSequence;
        const status: PrinterStatus = { ...(this.lastStatus ?? CLEAN_STATUS), paperNearEnd: (b & 0x03) !== 0, paperOut: (b & 0x0c) !== 0 };
        this.lastStatus = status;
        return this.done(entry, job, status);
      }
      // ASB may already have told us the printer stopped; act on it without waiting for the next poll.
      const asbProblem = this.lastStatus ? blockingProblem(this.lastStatus) : undefined;
      if (!asbProblem) await this.waitForBytes(quietMs);
      quietMs = this.timers.pollIntervalMs;
      if (this.inSequenceCount >= entry.target) continue;
      if (!this.link.isOpen) {
        entry.lost = true;
        return { outcome: 'failed', jobId: job.id, error: { code: 'LINK_CLOSED', message: `${this.link.address}: link closed during the job` } };
      }
      const s = await this.queryStatus();
      if (this.inSequenceCount >= entry.target) continue;
      if (!s) {
        // Two silent polls in a row: the printer is off or unplugged, and its receive buffer is gone with it.
        if (++silent >= 2) {
          entry.lost = true;
          this.forgetAsb();
          return this.paused(job, 'no-reply', false);
        }
        continue;
      }
      silent = 0;
      const problem = blockingProblem(s);
      if (problem) return this.paused(job, problem, true, s);
      // 'drain' profiles (firmware without GS r): written, then a clean status after it, is done (DESIGN §5).
      if (this.options.profile.completion === 'drain') return this.done(entry, job, s);
      if (this.now() > deadline) return this.paused(job, 'timeout', true, s);
    }
  }

  private done(entry: JobInPrinter, job: PrintJob, status: PrinterStatus): PrintResult {
    this.inPrinter = undefined;
    this.recentDone.push(entry.id);
    if (this.recentDone.length > 64) this.recentDone.shift();
    return {
      outcome: 'done',
      jobId: job.id,
      bytes: entry.bytes,
      ms: this.now() - entry.startedAt,
      status,
      warnings: statusProblems(status).filter((p) => p === 'paper-near-end'),
    };
  }

  async close(): Promise<void> {
    this.offData();
    this.wake();
    await this.link.close();
  }
}
