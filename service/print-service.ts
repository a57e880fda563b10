// The print queue on the ledger's outbox ('print' and 'drawer' rows), the printer link (training's in-process virtual
// printer, or the configured device), the 'printer' status provider, print.status events, and the receipt/report
// previews and printer support use cases. Never imports a host or electron; device I/O only after commit.
import { randomUUID } from 'node:crypto';
import type { ByteLink } from '../native/link/byte-link';
import { createMemoryLinkPair } from '../native/link/memory-link';
import { PrinterDriver, type DriverTimers, type PrintResult, type StatusResult } from '../native/escpos/driver';
import { encodeReceipt } from '../native/escpos/encoder';
import { layoutReport } from '../native/escpos/layouts';
import { profileById, type PrinterProfile, type ProfileId } from '../native/escpos/profiles';
import type { ReceiptDoc } from '../native/escpos/receipt-doc';
import { layoutTestPage } from '../native/escpos/sample-data';
import { STATUS_WORDS, blockingProblem, statusProblems, type PrinterStatus, type StatusProblemCode } from '../native/escpos/status';
import { lineRateBytesPerSec, openPrinterLink, parsePrinterAddress } from '../native/escpos/transports';
import { VirtualPrinter, previewEscPos } from '../native/escpos/virtual-printer';
import type { SaleRow } from '../db/sales-repo';
import { messageFor } from '../core/messages';
import type { DeviceHealth, DeviceStatusView, Language, PrintPreviewView, PrinterStatusView, PrinterTestView, ReportView, TillEvents, TillParsedInput } from './contract';
import { fail, type TillContext } from './context';
import { layoutOptions, receiptDocuments, type ReceiptCopy } from './receipt-document';
import { reportData } from './report-document';
import { priceRows, receiptView } from './sale-views';
import { statusView } from './status-service';

export interface PrintTimers {
  /** While nothing is pending: how often to look for rows another process (or an un-kicked path) enqueued. */
  idlePollMs: number;
  /** While a job is paused (paper out, cover open, offline): how often to ask the printer again. */
  pausedPollMs: number;
  /** Device link could not be opened or was lost: wait this long before opening it again. */
  reconnectMs: number;
  /** One queue worker per ledger: the lease's length (real time), renewed on every pass. */
  leaseMs: number;
  /** On close, how long an in-flight job may take to finish before the link is closed under it. */
  closeGraceMs: number;
}

export const DEFAULT_PRINT_TIMERS: PrintTimers = { idlePollMs: 1000, pausedPollMs: 1000, reconnectMs: 3000, leaseMs: 30_000, closeGraceMs: 5000 };

export interface PrintOptions {
  /** Training mode's virtual printer (tests script its state); created when absent. */
  virtualPrinter?: VirtualPrinter;
  /** Device mode: open the link another way than config.printer.address (tests). */
  openLink?: () => Promise<ByteLink>;
  /** Printer profile (default 'epson'). */
  profile?: ProfileId;
  timers?: Partial<PrintTimers>;
  driverTimers?: Partial<DriverTimers>;
  /** Start the worker at once (default true). */
  autoStart?: boolean;
  /** Real time for the lease and timers (default Date.now). */
  now?: () => number;
}

/** Sibling use cases the previews need (the X report is built by the end-of-day service). */
export type SiblingCall = (method: 'report.x' | 'report.z', input: Record<string, unknown>) => unknown;

interface OutboxRow {
  outbox_id: number;
  topic: 'print' | 'drawer';
  ref: string | null;
  payload: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
}

type PrintPayload =
  | { document: 'receipt' | 'return'; receiptNumber: string; reprint?: boolean }
  | { document: 'z'; zNumber: number; reprint?: boolean }
  /** An X report is a snapshot: the figures as they were when it was asked for travel with the job. */
  | { document: 'x'; report: ReportView }
  | { document: 'test' };

type Words = { en: string; zh: string };

const PRINTER_CODE: Record<StatusProblemCode, string> = {
  'paper-out': 'PRINTER_PAPER_OUT',
  'cover-open': 'PRINTER_COVER_OPEN',
  offline: 'PRINTER_OFFLINE',
  'no-reply': 'PRINTER_OFFLINE',
  error: 'PRINTER_ERROR',
  'cutter-error': 'PRINTER_ERROR',
  'paper-near-end': 'PRINTER_PAPER_NEAR_END',
};

const NOT_CONFIGURED: Words = { en: 'No receipt printer configured', zh: '未配置小票打印机' };
const NO_ADDRESS: Words = { en: 'Receipt printer has no address configured: call support', zh: '小票打印机未设置地址：请联系技术支持' };
const TRAINING_WORDS: Words = { en: 'Training: virtual printer (receipts on screen)', zh: '培训模式：虚拟打印机（小票显示在屏幕上）' };
const OTHER_PROCESS: Words = { en: 'Another till program is printing on this ledger', zh: '另一个收银程序正在使用此打印队列' };

/** The queue state of one till: one per TillContext. */
interface PrintState {
  kick(): void;
  /** Run the queue now and wait for the pass (tests, printer.test). */
  drain(): Promise<void>;
  virtualPrinter: VirtualPrinter | null;
  driver(): PrinterDriver | null;
  /** Close the printer link and open it again (a replugged cable), then run the queue. */
  reconnect(): Promise<void>;
}

const states = new WeakMap<TillContext, PrintState>();

/** Ask the print queue to look at the outbox now (after a commit that enqueued a print or drawer row). */
export function kickPrintQueue(ctx: TillContext): void {
  states.get(ctx)?.kick();
}

/** Reopen the printer link (support: after a cable was replugged). */
export async function reconnectPrinter(ctx: TillContext): Promise<void> {
  await states.get(ctx)?.reconnect();
}

/** The running queue of a till (tests: drain it, reach training's virtual printer). */
export function printQueueOf(ctx: TillContext): PrintState | undefined {
  return states.get(ctx);
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

export function printService(ctx: TillContext, options: PrintOptions = {}, sibling?: SiblingCall) {
  const timers: PrintTimers = { ...DEFAULT_PRINT_TIMERS, ...options.timers };
  const now = options.now ?? Date.now;
  const mode = ctx.config.printer.mode;
  const profile: PrinterProfile = profileById(options.profile ?? ctx.config.printer.profile ?? 'epson');
  const columns = layoutOptions({ lang: 'en', columns: ctx.config.printer.columns }).columns!;
  const address = mode === 'device' ? (ctx.config.printer.address ?? null) : null;
  const virtualPrinter = mode === 'virtual' ? (options.virtualPrinter ?? new VirtualPrinter({ columns, encoding: profile.encoding })) : null;
  const holder = randomUUID();

  let driver: PrinterDriver | null = null;
  let detachVirtual: (() => void) | null = null;
  let connecting: Promise<PrinterDriver | null> | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let kickScheduled = false;
  let lastEmit = '';
  let lastJob: string | null = null;
  let health: { health: DeviceHealth; code: string | null; words: Words; lastSeenAt: string | null } = {
    health: mode === 'none' ? 'not-configured' : mode === 'virtual' ? 'simulated' : 'offline',
    code: null,
    words: mode === 'none' ? NOT_CONFIGURED : mode === 'virtual' ? TRAINING_WORDS : { en: 'Printer not connected yet', zh: '小票打印机尚未连接' },
    lastSeenAt: null,
  };

  // ------------------------------------------------------------------ health and events

  function setHealth(next: Partial<typeof health>): void {
    const before = `${health.health}|${health.code}|${health.words.en}`;
    health = { ...health, ...next };
    if (`${health.health}|${health.code}|${health.words.en}` !== before && !closed) ctx.emit('status.changed', statusView(ctx));
  }

  function healthFromStatus(s: PrinterStatus): void {
    const problem = blockingProblem(s);
    const near = !problem && s.paperNearEnd;
    const code = problem ? PRINTER_CODE[problem] : near ? PRINTER_CODE['paper-near-end'] : null;
    const words = problem ? STATUS_WORDS[problem] : near ? STATUS_WORDS['paper-near-end'] : mode === 'virtual' ? TRAINING_WORDS : STATUS_WORDS.ok;
    setHealth({ health: problem || near ? 'attention' : mode === 'virtual' ? 'simulated' : 'ok', code, words, lastSeenAt: ctx.now() });
  }

  /** The cashier's sentence: the error catalogue's for the three codes it knows, the driver's words otherwise. */
  function message(code: string | null, words: Words): string {
    const lang = ctx.language();
    if (code === 'PRINTER_PAPER_OUT' || code === 'PRINTER_COVER_OPEN' || code === 'PRINTER_OFFLINE') return messageFor(code, {}, lang);
    return lang === 'zh' ? words.zh : words.en;
  }

  function emitPrint(jobId: string | null, state: TillEvents['print.status']['state'], code: string | null, words: Words): void {
    // One event per change: a paused job polled every second must not flood the cashier with the same sentence.
    // A retry of the job the cashier already heard about is not news: only its outcome (or a new cause) is.
    if (state === 'printing' && jobId === lastJob) return;
    const key = `${jobId}|${state}|${code}`;
    if (key === lastEmit || closed) return;
    lastEmit = key;
    lastJob = jobId;
    ctx.emit('print.status', { jobId, state, code, message: message(code, words), words });
  }

  ctx.deviceStatus.set('printer', (): DeviceStatusView => ({
    kind: 'printer',
    health: health.health,
    detail: health.words.en,
    detailZh: health.words.zh,
    code: health.code,
    address: mode === 'virtual' ? 'virtual' : address,
    lastSeenAt: health.lastSeenAt,
  }));

  // ------------------------------------------------------------------ lease: one queue worker per ledger

  /** Take or renew the lease. Two processes on one ledger (the app and a CLI) must never print the same row. */
  function holdLease(): boolean {
    const t = now();
    const value = JSON.stringify({ holder, expiresAt: t + timers.leaseMs });
    const r = ctx
      .sql<[string, string, number], unknown>(
        `INSERT INTO meta (key, value) VALUES ('print.lease', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value
         WHERE json_extract(meta.value, '$.holder') = ? OR json_extract(meta.value, '$.expiresAt') <= ?`,
      )
      .run(value, holder, t);
    return r.changes === 1;
  }

  function releaseLease(): void {
    ctx.sql<[string], unknown>("DELETE FROM meta WHERE key = 'print.lease' AND json_extract(value, '$.holder') = ?").run(holder);
  }

  // ------------------------------------------------------------------ link and driver

  async function openDriver(): Promise<PrinterDriver | null> {
    if (driver && driver.link.isOpen) return driver;
    if (driver) {
      const old = driver;
      driver = null;
      await old.close().catch(() => undefined);
    }
    detachVirtual?.();
    detachVirtual = null;
    if (mode === 'none' || closed) return null;
    let link: ByteLink;
    let rate: number | undefined;
    try {
      if (virtualPrinter) {
        // Training: the real driver and the real bytes, over an in-memory cable to the in-process virtual printer.
        const [host, printerSide] = createMemoryLinkPair('virtual-printer');
        detachVirtual = virtualPrinter.attach(printerSide);
        link = host;
      } else if (options.openLink) {
        link = await options.openLink();
      } else {
        if (!address) {
          setHealth({ health: 'offline', code: 'PRINTER_OFFLINE', words: NO_ADDRESS });
          return null;
        }
        const parsed = parsePrinterAddress(address);
        rate = lineRateBytesPerSec(parsed);
        link = await openPrinterLink(parsed);
      }
    } catch (err) {
      setHealth({ health: 'offline', code: 'PRINTER_OFFLINE', words: { en: `Printer cannot be opened: ${(err as Error).message}`, zh: `无法打开小票打印机：${(err as Error).message}` } });
      return null;
    }
    if (closed) {
      await link.close().catch(() => undefined);
      return null;
    }
    const d = new PrinterDriver(link, { profile, ...(rate ? { lineRateBytesPerSec: rate } : {}), ...(options.driverTimers ? { timers: options.driverTimers } : {}) });
    d.onStatus((s) => {
      const blockedBefore = health.health === 'attention' || health.health === 'offline';
      healthFromStatus(s);
      // Paper back, cover closed (ASB or a poll): resume at once instead of at the next paused poll.
      if (blockedBefore && !blockingProblem(s)) kick();
    });
    try {
      await d.start();
    } catch {
      await d.close().catch(() => undefined);
      return null;
    }
    driver = d;
    return d;
  }

  function connect(): Promise<PrinterDriver | null> {
    connecting ??= openDriver().finally(() => (connecting = null));
    return connecting;
  }

  // ------------------------------------------------------------------ rows → bytes

  function pendingRows(): OutboxRow[] {
    return ctx
      .sql<[], OutboxRow>("SELECT outbox_id, topic, ref, payload, attempts, last_error, created_at FROM outbox WHERE state = 'pending' AND topic IN ('print', 'drawer') ORDER BY outbox_id")
      .all();
  }

  function encodeDocs(docs: ReceiptDoc[]): Uint8Array {
    return concat(docs.map((doc) => encodeReceipt(doc, { profile, columns })));
  }

  /** Each line's own discount (the basket's share split off), from the stored rows; undefined when they disagree. */
  function lineDiscounts(sale: SaleRow): Map<string, number> | undefined {
    if (!sale.basket_discount) return undefined;
    const rows = ctx.sales.lines(sale.sale_id);
    const priced = priceRows(ctx, rows, sale.basket_discount);
    const byId = new Map<string, number>();
    for (const [i, row] of rows.entries()) {
      const p = priced.lines[i];
      if (!p || p.lineId !== row.line_id) return undefined;
      // The split must add up to what the ledger stored, or the receipt would print numbers the ledger does not hold.
      if (!row.voided && row.discount_amount !== null && p.lineDiscount + p.basketDiscountShare !== row.discount_amount) return undefined;
      byId.set(row.line_id, p.lineDiscount);
    }
    return byId;
  }

  function receiptLanguage(sale: SaleRow): Language {
    return ctx.userById(sale.cashier_id)?.language ?? ctx.config.defaultLanguage;
  }

  function receiptDocs(receiptNumber: string, lang: Language, copy: ReceiptCopy, reprintAt?: string): ReceiptDoc[] {
    const sale = ctx.sales.postedByReceipt(receiptNumber) ?? fail('RECEIPT_NOT_FOUND', { receiptNumber });
    const view = receiptView(ctx, sale);
    const split = lineDiscounts(sale);
    return receiptDocuments(view, ctx.config, { lang, columns, copy, ...(reprintAt ? { reprintAt } : {}), ...(split ? { lineDiscounts: split } : {}) });
  }

  function storedZ(zNumber: number): ReportView {
    const row = ctx.sql<[number, number], { report: string }>('SELECT report FROM z_reports WHERE training = ? AND z_number = ?').get(ctx.config.training ? 1 : 0, zNumber);
    if (!row) fail('RECEIPT_NOT_FOUND', { receiptNumber: `Z ${zNumber}` });
    return JSON.parse(row.report) as ReportView;
  }

  function reportDoc(report: ReportView, lang: Language): ReceiptDoc {
    return layoutReport(reportData(report, lang, ctx.config), layoutOptions({ lang, columns }));
  }

  /** The bytes of one print row. Throws when the row cannot be rendered (that row goes to review, never dropped). */
  function renderRow(row: OutboxRow): Uint8Array {
    const payload = JSON.parse(row.payload) as PrintPayload;
    const reprintAt = 'reprint' in payload && payload.reprint ? row.created_at : undefined;
    if (payload.document === 'receipt' || payload.document === 'return') {
      const sale = ctx.sales.postedByReceipt(payload.receiptNumber) ?? fail('RECEIPT_NOT_FOUND', { receiptNumber: payload.receiptNumber });
      return encodeDocs(receiptDocs(payload.receiptNumber, receiptLanguage(sale), 'all', reprintAt));
    }
    if (payload.document === 'z') {
      const report = { ...storedZ(payload.zNumber), reprint: Boolean(reprintAt) };
      return encodeDocs([reportDoc(reprintAt ? { ...report, generatedAt: reprintAt } : report, ctx.language())]);
    }
    if (payload.document === 'x') return encodeDocs([reportDoc(payload.report, ctx.language())]);
    if (payload.document === 'test') return encodeDocs([layoutTestPage(layoutOptions({ lang: ctx.language(), columns }))]);
    throw new Error(`unknown print document ${JSON.stringify((payload as { document?: unknown }).document)}`);
  }

  // ------------------------------------------------------------------ outbox state (outside any transaction: after I/O)

  function safeWrite(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      // After close the ledger is gone: the row stays pending and prints again at the next start (never lost).
      if (!closed && ctx.db.open) throw err;
    }
  }

  function markDone(row: OutboxRow): void {
    safeWrite(() => ctx.sql<[string, number], unknown>("UPDATE outbox SET state = 'done', done_at = ?, last_error = NULL WHERE outbox_id = ? AND state = 'pending'").run(ctx.now(), row.outbox_id));
  }

  function markAttempt(row: OutboxRow, error: string, retryInMs: number): void {
    safeWrite(() =>
      ctx
        .sql<[string, string, number], unknown>('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE outbox_id = ?')
        .run(error, new Date(ctx.clock().getTime() + retryInMs).toISOString(), row.outbox_id),
    );
  }

  function markReview(row: OutboxRow, error: string): void {
    safeWrite(() => ctx.sql<[string, number], unknown>("UPDATE outbox SET state = 'review', attempts = attempts + 1, last_error = ? WHERE outbox_id = ?").run(error, row.outbox_id));
  }

  const jobId = (row: OutboxRow) => `${row.topic}-${row.outbox_id}`;

  // ------------------------------------------------------------------ the worker

  function schedule(ms: number): void {
    if (closed) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void drain();
    }, ms);
    // The queue must never keep a host (or a test) alive on its own.
    timer.unref();
  }

  function kick(): void {
    if (closed || kickScheduled) return;
    kickScheduled = true;
    // After the current macrotask: the business transaction that enqueued has committed by then.
    setImmediate(() => {
      kickScheduled = false;
      void drain();
    });
  }

  /** One worker, never re-entrant: a kick during a pass asks for another pass when this one ends. */
  function drain(): Promise<void> {
    if (closed) return Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      // A job may take longer than the lease (a long report on a slow line, a slow printer): renew while working.
      const renew = setInterval(() => {
        if (!closed && ctx.db.open) holdLease();
      }, Math.max(10, Math.floor(timers.leaseMs / 3)));
      renew.unref();
      try {
        do {
          again = false;
          await pass();
        } while (again && !closed);
      } catch (err) {
        if (!closed && ctx.db.open) {
          // A bug or a ledger error must not stop printing for good: look again later.
          setHealth({ health: 'attention', code: 'PRINTER_ERROR', words: { en: `Print queue error: ${(err as Error).message}`, zh: `打印队列错误：${(err as Error).message}` } });
          schedule(timers.reconnectMs);
        }
      } finally {
        clearInterval(renew);
        running = null;
      }
    })();
    return running;
  }

  function pausedWords(result: Extract<PrintResult, { outcome: 'paused' }>): { code: string; words: Words } {
    const code = result.reason === 'timeout' ? 'PRINTER_ERROR' : PRINTER_CODE[result.reason];
    return { code, words: result.words };
  }

  async function pass(): Promise<void> {
    if (mode === 'none') return;
    if (!ctx.db.open) {
      // The ledger was closed under us (a host or test closed the db without closing the till): stop quietly.
      closed = true;
      return;
    }
    if (!holdLease()) {
      setHealth({ health: health.health === 'simulated' ? 'simulated' : 'attention', words: OTHER_PROCESS });
      schedule(timers.leaseMs / 2);
      return;
    }
    const rows = pendingRows();
    if (rows.length === 0) {
      // Nothing to print: still keep the link open, so the status strip shows paper out or an unplugged printer
      // before the next sale rather than after it (ASB then reports changes unprompted).
      if (!driver || !driver.link.isOpen) {
        const d = await connect();
        if (!d) {
          schedule(timers.reconnectMs);
          return;
        }
        const status = await d.status();
        if (!status.ok) setHealth({ health: 'offline', code: 'PRINTER_OFFLINE', words: status.words });
      }
      schedule(timers.idlePollMs);
      return;
    }
    const d = await connect();
    if (closed) return;
    if (!d) {
      const head = rows[0]!;
      markAttempt(head, health.words.en, timers.reconnectMs);
      emitPrint(jobId(head), 'paused', 'PRINTER_OFFLINE', health.words.en === NO_ADDRESS.en ? NO_ADDRESS : STATUS_WORDS['no-reply']);
      schedule(timers.reconnectMs);
      return;
    }
    // Drawer rows first: the customer's change must not wait behind a receipt, nor behind an empty paper roll.
    for (const row of rows.filter((r) => r.topic === 'drawer')) {
      if (closed) return;
      const status = await d.status();
      if (!status.ok) {
        markAttempt(row, status.reason, timers.pausedPollMs);
        setHealth({ health: 'offline', code: 'PRINTER_OFFLINE', words: STATUS_WORDS['no-reply'] });
        emitPrint(jobId(row), 'paused', 'PRINTER_OFFLINE', status.words);
        schedule(timers.pausedPollMs);
        return;
      }
      // DLE DC4 acts at once even while the printer is stopped or holds a paused receipt; ESC p would wait behind it.
      await d.kick({ realtime: Boolean(d.jobInPrinter) || Boolean(blockingProblem(status.status)) });
      markDone(row);
    }
    for (const row of rows.filter((r) => r.topic === 'print')) {
      if (closed) return;
      let bytes: Uint8Array;
      try {
        bytes = renderRow(row);
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        markReview(row, reason);
        emitPrint(jobId(row), 'failed', 'PRINTER_ERROR', { en: `This print job cannot be printed and was set aside for review: ${reason}`, zh: `此打印任务无法打印，已留待检查：${reason}` });
        continue;
      }
      emitPrint(jobId(row), 'printing', null, { en: 'Printing', zh: '正在打印' });
      // The same id on every retry: a job the printer still holds is waited for, never sent twice.
      const result = await d.print({ id: jobId(row), bytes });
      if (result.outcome === 'done') {
        markDone(row);
        if (mode === 'virtual' || !blockingProblem(result.status)) healthFromStatus(result.status);
        emitPrint(jobId(row), 'done', null, { en: 'Printed', zh: '已打印' });
        continue;
      }
      if (result.outcome === 'paused') {
        const { code, words } = pausedWords(result);
        markAttempt(row, result.reason, timers.pausedPollMs);
        setHealth({ health: result.reason === 'no-reply' ? 'offline' : 'attention', code, words });
        emitPrint(jobId(row), 'paused', code, words);
        schedule(timers.pausedPollMs);
        return;
      }
      // failed: the link is gone (unplugged, socket reset). Reopen it later and retry with the same id.
      markAttempt(row, `${result.error.code}: ${result.error.message}`, timers.reconnectMs);
      if (result.error.code !== 'BUSY') setHealth({ health: 'offline', code: 'PRINTER_OFFLINE', words: STATUS_WORDS['no-reply'] });
      emitPrint(jobId(row), 'paused', 'PRINTER_OFFLINE', STATUS_WORDS['no-reply']);
      schedule(result.error.code === 'BUSY' ? timers.pausedPollMs : timers.reconnectMs);
      return;
    }
    schedule(timers.idlePollMs);
  }

  // Every commit that enqueues a print or drawer row kicks the worker right after it (the transaction itself stays
  // free of I/O: the kick runs on a later macrotask). Rows written by another process are found by the idle poll.
  const enqueue = ctx.sales.enqueue.bind(ctx.sales);
  ctx.sales.enqueue = (topic, ref, payload, at) => {
    const id = enqueue(topic, ref, payload, at);
    if (topic === 'print' || topic === 'drawer') kick();
    return id;
  };

  async function reconnect(): Promise<void> {
    const old = driver;
    driver = null;
    await old?.close().catch(() => undefined);
    await connect();
    kick();
  }

  const state: PrintState = { kick, drain, virtualPrinter, driver: () => driver, reconnect };
  states.set(ctx, state);

  ctx.closers.push(async () => {
    // One last pass (bounded): a kick still waiting for its macrotask (a CLI sale closing right after posting) and a
    // job that is printing both finish, so they are recorded done and not printed again at the next start.
    if (!closed && mode !== 'none') await Promise.race([drain(), new Promise((r) => setTimeout(r, timers.closeGraceMs).unref())]);
    closed = true;
    if (timer) clearTimeout(timer);
    timer = null;
    const d = driver;
    driver = null;
    await d?.close().catch(() => undefined);
    detachVirtual?.();
    try {
      releaseLease();
    } catch {
      // The ledger may already be unusable; the lease then simply expires.
    }
  });

  if (options.autoStart !== false && mode !== 'none') kick();

  // ------------------------------------------------------------------ use cases

  function queueView(): PrinterStatusView['queue'] {
    const queue = ctx
      .sql<[], { pending: number; review: number }>(
        "SELECT sum(state = 'pending') AS pending, sum(state = 'review') AS review FROM outbox WHERE topic IN ('print', 'drawer')",
      )
      .get()!;
    const lastError = ctx.sql<[], { last_error: string | null }>("SELECT last_error FROM outbox WHERE state = 'pending' AND topic IN ('print', 'drawer') ORDER BY outbox_id LIMIT 1").get()?.last_error ?? null;
    return { pending: queue.pending ?? 0, review: queue.review ?? 0, jobInPrinter: driver?.jobInPrinter ?? null, lastError };
  }

  async function statusNow(): Promise<PrinterStatusView> {
    const base = { mode, address: mode === 'virtual' ? 'virtual' : address };
    if (mode === 'none') return { ...base, connected: false, health: 'not-configured', code: null, message: message(null, NOT_CONFIGURED), words: NOT_CONFIGURED, flags: null, problems: [], queue: queueView() };
    // Only the lease holder opens the device: a second process must not take the port from the printing one.
    const d = holdLease() ? await connect() : null;
    const result: StatusResult | null = d ? await d.status() : null;
    if (!result || !result.ok) {
      const words = result ? result.words : health.words;
      return { ...base, connected: false, health: 'offline', code: 'PRINTER_OFFLINE', message: message('PRINTER_OFFLINE', words), words, flags: null, problems: ['no-reply'], queue: queueView() };
    }
    healthFromStatus(result.status);
    const problems = statusProblems(result.status);
    const first = problems[0];
    const code = first ? PRINTER_CODE[first] : null;
    return {
      ...base,
      connected: true,
      health: health.health,
      code,
      message: message(code, result.words),
      words: result.words,
      flags: { ...result.status },
      problems,
      queue: queueView(),
    };
  }

  function preview(docs: ReceiptDoc[]): PrintPreviewView {
    const bytes = encodeDocs(docs);
    // The preview IS the virtual printer's decode of the exact bytes the queue sends (same encoder, same options).
    const p = previewEscPos(bytes, { columns, encoding: profile.encoding });
    return { svg: p.svg, text: p.text.split('\n'), bytesBase64: Buffer.from(bytes).toString('base64'), columns };
  }

  return {
    'receipt.preview': ({ receiptNumber, copy, language }: TillParsedInput<'receipt.preview'>): PrintPreviewView => {
      ctx.requireUser();
      const docs = receiptDocs(receiptNumber, language ?? ctx.language(), copy);
      if (docs.length === 0) fail('RECEIPT_NOT_FOUND', { receiptNumber: `${receiptNumber} (${copy})` });
      return preview(docs);
    },

    'report.preview': async ({ kind, number, language }: TillParsedInput<'report.preview'>): Promise<PrintPreviewView> => {
      ctx.requireUser();
      if (!sibling) fail('INTERNAL', { reason: 'reports are not available' });
      if (kind === 'z' && number === undefined) fail('VALIDATION_FAILED', { field: 'number', reason: 'a Z preview names its number' });
      // Through the end-of-day use cases, so the same permissions and the same report as report.x / report.z.
      const report = (await sibling(kind === 'x' ? 'report.x' : 'report.z', kind === 'x' ? {} : { number })) as ReportView;
      return preview([reportDoc(report, language ?? ctx.language())]);
    },

    'printer.status': (): Promise<PrinterStatusView> => {
      ctx.requireUser();
      return statusNow();
    },

    'printer.test': async (): Promise<PrinterTestView> => {
      const user = ctx.requireUser('manager', 'tech');
      const before = await statusNow();
      const id = ctx.tx(() => {
        const outboxId = ctx.sales.enqueue('print', null, { document: 'test' }, ctx.now());
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'printer.test', detail: { outboxId } });
        return outboxId;
      });
      // The test page goes through the queue like any receipt (in order, exactly once); wait for this pass.
      await drain();
      await drain();
      const row = ctx.sql<[number], { state: 'pending' | 'done' | 'review' }>('SELECT state FROM outbox WHERE outbox_id = ?').get(id)!;
      const after = await statusNow();
      return { jobId: `print-${id}`, state: row.state, before, after };
    },
  };
}

