// Card payments through the PIN pad (ZVT), journal first: every card payment is a persistent state machine
// created → sent → accepted → result-received | acking → acked → completed | declined | aborted | unknown → resolved.
// Each state is committed before the byte that depends on it; `acking` is committed before the till acknowledges an
// approval, because that acknowledgement is the terminal's commit point. An unknown outcome is a state with a resolve
// procedure, never an automatic second charge. Only masked card data is stored.
import { applyTender } from '../core/tender';
import type { PaymentOutcome, TerminalReceipt, TransactionHooks, ZvtClient } from '../native/zvt/zvt-client';
import type { StatusInformation } from '../native/zvt/zvt-messages';
import type { TillContext, UserRow } from './context';
import { fail } from './context';
import type { CardPaymentView, CardTotalsView, PaymentResultView, TillParsedInput } from './contract';
import type { PinpadPort } from './pinpad-port';
import { postSale, recoverOpenReturns, type CardRefund } from './sale-service';
import { priceRows, receiptView, saleView, tenderRules } from './sale-views';
import { requireOpenShift } from './shift-service';
import { statusView } from './status-service';
import { acquirerOnline, cardTransactionOf, enqueueCardReversal, enqueueCardTransaction, offlineDecision } from './sync-service';

export type JournalState = 'created' | 'sent' | 'accepted' | 'result-received' | 'acking' | 'acked' | 'completed' | 'declined' | 'aborted' | 'unknown' | 'resolved';
const OPEN_STATES: JournalState[] = ['created', 'sent', 'accepted', 'result-received', 'acking', 'acked', 'unknown'];

export interface CardPaymentRow {
  payment_id: string;
  sale_id: string | null;
  kind: 'authorization' | 'refund' | 'reversal';
  amount: number;
  currency: string;
  training: number;
  state: JournalState;
  outcome: 'paid' | 'not-paid' | 'reversed' | null;
  original_payment_id: string | null;
  previous_trace: number | null;
  result_code: number | null;
  message: string | null;
  terminal_id: string | null;
  trace: number | null;
  receipt_no: number | null;
  masked_pan: string | null;
  card_name: string | null;
  card_brand: string | null;
  card_kind: 'debit' | 'credit' | null;
  auth_code: string | null;
  pt_date: string | null;
  pt_time: string | null;
  unknown_reason: string | null;
  unknown_stage: string | null;
  needs_manager: number;
  slips: string | null;
  created_at: string;
  updated_at: string;
  resolved_by: string | null;
  resolution: string | null;
}


/** The card scheme a brand name belongs to, lower case, as the PT's end-of-day totals name them. */
export function brandOf(cardName: string | undefined): string {
  const name = (cardName ?? '').toLowerCase();
  if (name.includes('giro') || name.includes('maestro') || name.includes('debit')) return 'girocard';
  if (name.includes('visa')) return 'visa';
  if (name.includes('master') || name.includes('euro')) return 'eurocard';
  if (name.includes('amex') || name.includes('american')) return 'amex';
  if (name.includes('jcb')) return 'jcb';
  if (name.includes('diners')) return 'diners';
  return 'other';
}

function cardKindOf(brand: string): 'debit' | 'credit' {
  return brand === 'girocard' ? 'debit' : 'credit';
}

function slipsOf(receipts: TerminalReceipt[]): { copy: string; lines: string[] }[] {
  return receipts.map((r, i) => ({ copy: r.type ?? (i === 0 ? 'merchant' : 'customer'), lines: r.lines.map((l) => l.text) }));
}

export function cardPaymentService(ctx: TillContext, pinpad: PinpadPort | null) {
  const row = (paymentId: string) => ctx.sql<[string], CardPaymentRow>('SELECT * FROM card_payments WHERE payment_id = ?').get(paymentId);
  let recovering: Promise<void> | null = null;

  /** Commit one journal state (and fields), with its history event. Synchronous: one transaction, before any byte. */
  function journal(paymentId: string, state: JournalState, fields: Partial<CardPaymentRow> = {}, detail?: Record<string, unknown>): void {
    const write = () => {
      const assignments = ['state = @state', 'updated_at = @now', ...Object.keys(fields).map((k) => `${k} = @${k}`)].join(', ');
      ctx.sql(`UPDATE card_payments SET ${assignments} WHERE payment_id = @paymentId`).run({ ...fields, state, now: ctx.now(), paymentId });
      const seq = ctx.sql<[string], { n: number }>('SELECT coalesce(max(seq), 0) + 1 AS n FROM card_payment_events WHERE payment_id = ?').get(paymentId)!.n;
      ctx.sql('INSERT INTO card_payment_events (payment_id, seq, at, state, detail) VALUES (?, ?, ?, ?, ?)').run(paymentId, seq, ctx.now(), state, detail ? JSON.stringify(detail) : null);
    };
    if (ctx.db.inTransaction) write();
    else ctx.tx(write);
    ctx.failpoint(`card.${state}`);
  }

  function statusFields(info: StatusInformation): Partial<CardPaymentRow> {
    const brand = brandOf(info.cardName);
    return {
      result_code: info.resultCode ?? null,
      terminal_id: info.terminalId ?? null,
      trace: info.traceNumber ?? null,
      receipt_no: info.receiptNumber ?? null,
      // The PT masks the PAN (first 6, last 4 at most); the schema refuses anything that looks like a full one.
      masked_pan: info.maskedPan ?? null,
      card_name: info.cardName ?? null,
      card_brand: brand,
      card_kind: cardKindOf(brand),
      auth_code: info.authorisationCode ?? null,
      pt_date: info.dateYmd ?? info.date ?? null,
      pt_time: info.time ?? null,
    };
  }

  function hooksFor(paymentId: string, saleId: string | null): TransactionHooks {
    return {
      onAccepted: () => journal(paymentId, 'accepted'),
      onProgress: (progress) => {
        ctx.emit('payment.progress', { saleId: saleId ?? '', paymentId, state: 'progress', text: progress.message.en, textZh: progress.message.zh });
      },
      onStatusInformation: (info) => {
        const approved = info.resultCode === 0;
        // Ack after the journal write: the acknowledgement of an approval is the terminal's commit point.
        journal(paymentId, approved ? 'acking' : 'result-received', statusFields(info), { resultCode: info.resultCode ?? null });
      },
      onStatusAcknowledged: (info) => {
        if (info.resultCode === 0) journal(paymentId, 'acked');
      },
      onPrint: (output) => {
        // Store the slip before acknowledging it: print acknowledgements count towards the PT's commit.
        const current = row(paymentId)!;
        const slips = current.slips ? (JSON.parse(current.slips) as { copy: string; lines: string[] }[]) : [];
        const lines = output.kind === 'line' ? [output.line.text] : output.block.lines.map((l) => l.text);
        const copy = output.kind === 'block' && output.block.receiptType ? output.block.receiptType : (slips.at(-1)?.copy ?? 'merchant');
        if (slips.length === 0 || slips.at(-1)!.copy !== copy) slips.push({ copy, lines: [] });
        slips.at(-1)!.lines.push(...lines);
        ctx.tx(() => ctx.sql('UPDATE card_payments SET slips = ?, updated_at = ? WHERE payment_id = ?').run(JSON.stringify(slips), ctx.now(), paymentId));
      },
    };
  }

  /**
   * The PT's trace number before this payment: the resolve step tells "our payment" from "the previous one" by it.
   * From our own journal when we have one; on a new ledger (or a PT shared with another till) ask the terminal once
   * for its last stored transaction, so an older transaction of the same amount is never taken for ours.
   */
  async function knownTrace(zvt: ZvtClient): Promise<number> {
    const ours = ctx.sql<[], { trace: number | null }>('SELECT trace FROM card_payments WHERE trace IS NOT NULL ORDER BY created_at DESC, rowid DESC LIMIT 1').get()?.trace;
    if (ours !== undefined && ours !== null) return ours;
    const last = await zvt.repeatReceipt({ statusInformation: true, print: false }).catch(() => null);
    if (last?.kind === 'completed') return last.status?.traceNumber ?? 0;
    if (last?.kind === 'failed') return 0;
    return fail('PINPAD_OFFLINE', {});
  }

  async function client(): Promise<ZvtClient> {
    if (!pinpad) fail('PINPAD_OFFLINE', { reason: 'not-configured' });
    try {
      return await pinpad.client();
    } catch {
      await pinpad.reset();
      return fail('PINPAD_OFFLINE', {});
    }
  }

  /** The approval lands in the ledger: card tender, acquirer advice, and the sale posted once covered, in one transaction. */
  function settleApproved(payment: CardPaymentRow, user: UserRow, final: 'completed' | 'resolved' = 'completed', extra: Partial<CardPaymentRow> = {}): string | null {
    const sale = ctx.sales.sale(payment.sale_id!)!;
    let receiptNumber: string | null = null;
    ctx.tx(() => {
      const fresh = row(payment.payment_id)!;
      journal(payment.payment_id, final, { outcome: 'paid', needs_manager: 0, ...extra });
      const lines = ctx.sales.lines(sale.sale_id);
      const priced = priceRows(ctx, lines, sale.basket_discount);
      const existing = ctx.sales.tenders(sale.sale_id);
      const outcome = applyTender(priced.total, existing.map((t) => ({ kind: t.kind, amount: t.amount })), { kind: 'card', amount: fresh.amount }, tenderRules(ctx));
      ctx.sales.insertTender({
        tender_id: ctx.ids(),
        sale_id: sale.sale_id,
        kind: 'card',
        amount: fresh.amount,
        created_at: ctx.now(),
        payment_id: fresh.payment_id,
        masked_pan: fresh.masked_pan,
        card_brand: fresh.card_brand,
        auth_code: fresh.auth_code,
        trace: fresh.trace === null ? null : String(fresh.trace),
        terminal_id: fresh.terminal_id,
      });
      // The PT took the money: the acquirer hears of it through the store-and-forward outbox, in this same commit.
      if (ctx.config.acquirer.mode !== 'none' && fresh.masked_pan) {
        enqueueCardTransaction(ctx, {
          paymentId: fresh.payment_id,
          kind: 'sale',
          cardType: fresh.card_kind ?? 'credit',
          amountMinor: fresh.amount,
          maskedPan: fresh.masked_pan,
          authCode: (fresh.auth_code ?? '').replace(/[^A-Za-z0-9 ]/g, '').slice(0, 6),
          entryMode: 'chip',
          offlineApproved: !acquirerOnline(ctx),
        });
      }
      ctx.audit.append({
        at: ctx.now(),
        actor: user.username,
        action: 'payment.card',
        detail: { saleId: sale.sale_id, paymentId: fresh.payment_id, amount: fresh.amount, trace: fresh.trace, receiptNo: fresh.receipt_no, brand: fresh.card_brand },
      });
      if (outcome.accepted && outcome.settled) {
        receiptNumber = postSale(ctx, ctx.sales.sale(sale.sale_id)!, user, outcome.change, priced, lines);
        ctx.failpoint('card.sale-posted.before-commit');
      }
    });
    return receiptNumber;
  }

  /**
   * Resolve a payment whose outcome is unknown: status enquiry until the PT is ready, then Repeat-Receipt for its
   * last stored transaction, compared with the journal entry (amount, trace, receipt) and the previous known trace.
   * Paid → the approval lands as if it had completed; not paid → closed; ambiguous → a manager decides.
   */
  async function resolveUnknown(paymentId: string): Promise<CardPaymentRow> {
    const payment = row(paymentId)!;
    if (payment.state !== 'unknown') journal(paymentId, 'unknown', { unknown_reason: payment.unknown_reason ?? 'restart' });
    let zvt: ZvtClient;
    try {
      if (pinpad) await pinpad.reset();
      zvt = await client();
    } catch {
      ctx.tx(() => ctx.sql('UPDATE card_payments SET needs_manager = 1, updated_at = ? WHERE payment_id = ?').run(ctx.now(), paymentId));
      return row(paymentId)!;
    }
    const last = await zvt.repeatReceipt({ statusInformation: true, print: false }).catch(() => null);
    const status = last && last.kind === 'completed' ? last.status : undefined;
    const current = row(paymentId)!;
    const previous = current.previous_trace;
    const matches =
      status !== undefined &&
      status.resultCode === 0 &&
      status.amountMinor === current.amount &&
      status.traceNumber !== undefined &&
      status.traceNumber !== previous &&
      (current.trace === null || status.traceNumber === current.trace);
    if (matches) {
      ctx.tx(() => journal(paymentId, 'unknown', statusFields(status), { resolve: 'terminal shows this payment as its last transaction' }));
      if (current.kind === 'authorization' && current.sale_id) {
        const sale = ctx.sales.sale(current.sale_id);
        const user = ctx.session?.user ?? ctx.userById(sale?.cashier_id ?? '') ?? null;
        if (sale && sale.status === 'open' && user) {
          settleApproved(row(paymentId)!, user, 'resolved');
          return row(paymentId)!;
        }
        // The till already gave up on the sale: the money goes back, per the spec's "can be reversed afterwards".
        const reversal = await zvt.reverse({ receiptNumber: status.receiptNumber!, amountMinor: current.amount }).catch(() => null);
        ctx.tx(() => journal(paymentId, 'resolved', { outcome: reversal?.kind === 'approved' ? 'reversed' : 'paid', needs_manager: reversal?.kind === 'approved' ? 0 : 1 }, { resolve: 'reversed: the sale was no longer open' }));
        return row(paymentId)!;
      }
      ctx.tx(() => journal(paymentId, 'resolved', { outcome: 'paid' }));
      return row(paymentId)!;
    }
    const showsPrevious = status !== undefined && (status.traceNumber === previous || status.traceNumber === undefined || status.resultCode !== 0 || status.amountMinor !== current.amount);
    if (showsPrevious || (last && last.kind === 'failed')) {
      ctx.tx(() => journal(paymentId, 'resolved', { outcome: 'not-paid' }, { resolve: 'terminal shows an earlier or a failed transaction' }));
      return row(paymentId)!;
    }
    ctx.tx(() => ctx.sql('UPDATE card_payments SET needs_manager = 1, updated_at = ? WHERE payment_id = ?').run(ctx.now(), paymentId));
    return row(paymentId)!;
  }

  /** On start-up (and before a new card payment): every non-final payment is resolved first. */
  function recoverPending(): Promise<void> {
    recovering ??= (async () => {
      const pending = ctx.sql<[], CardPaymentRow>(
        `SELECT * FROM card_payments WHERE state IN (${OPEN_STATES.map((s) => `'${s}'`).join(', ')}) AND needs_manager = 0 ORDER BY created_at`,
      ).all();
      for (const payment of pending) {
        // A restart between "acked" and the ledger write: the PT committed; the approval lands now.
        await resolveUnknown(payment.payment_id).catch(() => undefined);
      }
      recoverOpenReturns(ctx);
    })().finally(() => {
      recovering = null;
    });
    return recovering;
  }

  function paymentView(p: CardPaymentRow): CardPaymentView {
    return {
      paymentId: p.payment_id,
      saleId: p.sale_id,
      kind: p.kind,
      amount: p.amount,
      currency: p.currency,
      state: p.state,
      outcome: p.outcome,
      needsManager: p.needs_manager === 1,
      resultCode: p.result_code,
      message: p.message,
      trace: p.trace,
      receiptNo: p.receipt_no,
      maskedPan: p.masked_pan,
      brand: p.card_brand,
      authCode: p.auth_code,
      unknownReason: p.unknown_reason,
      createdAt: p.created_at,
      events: ctx.sql<[string], { at: string; state: string; detail: string | null }>('SELECT at, state, detail FROM card_payment_events WHERE payment_id = ? ORDER BY seq').all(p.payment_id),
      slips: p.slips ? (JSON.parse(p.slips) as { copy: string; lines: string[] }[]) : [],
    };
  }

  function outcomeFailure(outcome: Exclude<PaymentOutcome, { kind: 'approved' }>, paymentId: string): never {
    const lang = ctx.language();
    if (outcome.kind === 'declined') fail('CARD_DECLINED', { reason: outcome.message[lang], resultCode: outcome.resultCode, paymentId });
    if (outcome.kind === 'aborted') fail('CARD_ABORTED', { reason: outcome.message[lang], paymentId });
    return fail('CARD_OUTCOME_UNKNOWN', { paymentId });
  }

  /** The PT's end of day (06 50) closes its batch: after it a payment can no longer be reversed, only refunded. */
  function lastEndOfDay(): string {
    return ctx.sql<[], { value: string }>("SELECT value FROM meta WHERE key = 'pinpad.lastEndOfDay'").get()?.value ?? '';
  }

  /**
   * Money back to a card for an open return: a reversal (06 30) of the original payment when it is the whole amount,
   * in the PT's current batch (same day, before its end of day); otherwise a refund (06 31). Journal first, as payments.
   */
  async function refundToCard(request: { returnId: string; originalPaymentId: string | null; amount: number }): Promise<CardRefund> {
    const zvt = await client();
    const original = request.originalPaymentId ? row(request.originalPaymentId) : undefined;
    const reversal =
      original !== undefined &&
      original.kind === 'authorization' &&
      original.outcome === 'paid' &&
      original.amount === request.amount &&
      original.receipt_no !== null &&
      original.created_at > lastEndOfDay() &&
      original.created_at.slice(0, 10) === ctx.now().slice(0, 10);
    const paymentId = ctx.ids();
    const previousTrace = await knownTrace(zvt);
    ctx.tx(() => {
      ctx.sql(
        `INSERT INTO card_payments (payment_id, sale_id, kind, amount, currency, training, state, original_payment_id, previous_trace, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'created', ?, ?, ?, ?)`,
      ).run(paymentId, request.returnId, reversal ? 'reversal' : 'refund', request.amount, ctx.config.currency, ctx.config.training ? 1 : 0, original?.payment_id ?? null, previousTrace, ctx.now(), ctx.now());
      journal(paymentId, 'created', {}, { amount: request.amount, reversalOf: reversal ? original!.payment_id : null });
    });
    journal(paymentId, 'sent');
    const hooks = hooksFor(paymentId, request.returnId);
    let outcome: PaymentOutcome;
    try {
      outcome = reversal
        ? await zvt.reverse({ receiptNumber: original!.receipt_no!, amountMinor: request.amount }, hooks)
        : await zvt.refund({ amountMinor: request.amount }, hooks);
    } catch (err) {
      if ((err as Error).name === 'ZvtNotSentError') {
        ctx.tx(() => journal(paymentId, 'aborted', { outcome: 'not-paid', message: (err as Error).message }));
        return fail('PINPAD_OFFLINE', {});
      }
      outcome = { kind: 'unknown', reason: 'protocol-error', stage: 'awaiting-result', message: { en: '', zh: '' }, detail: (err as Error).message, receipts: [] };
    }
    if (outcome.kind === 'approved') {
      ctx.tx(() => journal(paymentId, 'completed', { outcome: 'paid', ...(outcome.receipts.length ? { slips: JSON.stringify(slipsOf(outcome.receipts)) } : {}) }));
    } else if (outcome.kind === 'unknown') {
      ctx.tx(() => journal(paymentId, 'unknown', { unknown_reason: outcome.reason, unknown_stage: outcome.stage, message: outcome.detail.slice(0, 300) }));
      const resolved = await resolveUnknown(paymentId);
      if (resolved.outcome !== 'paid') return fail(resolved.outcome === 'not-paid' ? 'CARD_DECLINED' : 'CARD_OUTCOME_UNKNOWN', { paymentId });
    } else {
      ctx.tx(() => journal(paymentId, outcome.kind === 'declined' ? 'declined' : 'aborted', { outcome: 'not-paid', result_code: outcome.resultCode, message: outcome.message.en }));
      return outcomeFailure(outcome, paymentId);
    }
    const done = row(paymentId)!;
    // A reversal cancels the original at the acquirer too (0400, same STAN as its advice); a refund is its own advice.
    if (ctx.config.acquirer.mode !== 'none' && reversal) {
      const originalTx = cardTransactionOf(ctx, original!.payment_id);
      if (originalTx) ctx.tx(() => enqueueCardReversal(ctx, originalTx));
    }
    if (ctx.config.acquirer.mode !== 'none' && done.masked_pan && !reversal) {
      ctx.tx(() =>
        enqueueCardTransaction(ctx, {
          paymentId: done.payment_id,
          kind: 'refund',
          cardType: done.card_kind ?? 'credit',
          amountMinor: done.amount,
          maskedPan: done.masked_pan!,
          authCode: (done.auth_code ?? '').replace(/[^A-Za-z0-9 ]/g, '').slice(0, 6),
          entryMode: 'chip',
          offlineApproved: !acquirerOnline(ctx),
        }),
      );
    }
    return {
      paymentId: done.payment_id,
      reversal,
      amount: done.amount,
      maskedPan: done.masked_pan ?? original?.masked_pan ?? null,
      brand: done.card_brand ?? original?.card_brand ?? null,
      authCode: done.auth_code,
      trace: done.trace === null ? null : String(done.trace),
      terminalId: done.terminal_id,
    };
  }

  // Without a PIN pad no card refund can be pending: finish or void interrupted returns now.
  if (!pinpad) recoverOpenReturns(ctx);
  if (pinpad) {
    ctx.cardRefunder = refundToCard;
    let lastSeenAt: string | null = null;
    const stopTrace = pinpad.onTrace((e) => {
      const at = new Date(e.at).toISOString();
      // Any frame from the terminal is a sign of life: the support view's "last seen".
      if (e.direction === 'in') lastSeenAt = at;
      ctx.trace({ device: 'pinpad', at, direction: e.direction, kind: e.kind, hex: e.hex, meaning: e.meaning });
    });
    ctx.closers.push(stopTrace);
    ctx.deviceStatus.set('pinpad', () => ({
      kind: 'pinpad',
      health: pinpad.simulated ? 'simulated' : 'ok',
      detail: pinpad.simulated ? 'training simulator' : 'connected',
      detailZh: pinpad.simulated ? '培训模拟器' : '已连接',
      code: null,
      address: pinpad.address,
      lastSeenAt,
    }));
    ctx.closers.push(() => pinpad.close());
    // End-of-day totals for the three-way reconciliation: 06 50 (clears the PT's turnover store).
    ctx.cardTotalsSources.set('pinpad', async (): Promise<CardTotalsView> => {
      const zvt = await client();
      const result = await zvt.endOfDay();
      if (result.kind !== 'completed') throw new Error(result.kind === 'failed' ? result.message.en : `no answer (${result.detail})`);
      ctx.tx(() => ctx.sql("INSERT INTO meta (key, value) VALUES ('pinpad.lastEndOfDay', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(ctx.now()));
      // BMP 60 holds the payments per card scheme; BMP 04 the day's net (payments − refunds). Reversed payments are in
      // neither, as in the ledger's card totals. The PT does not count refunds: their amount is payments − net.
      const schemes = result.status?.totals?.schemes ?? [];
      const count = schemes.reduce((n, s) => n + s.count, 0);
      const amount = schemes.reduce((n, s) => n + s.amountMinor, 0);
      const net = result.status?.amountMinor ?? amount;
      return {
        sales: { count, amount },
        refunds: { count: 0, amount: amount - net },
        byBrand: schemes.map((s) => ({ brand: s.scheme, salesCount: s.count, salesAmount: s.amountMinor, refundsCount: 0, refundsAmount: 0 })),
        refundCountUnknown: true,
      };
    });
    // Resolve whatever a crash left open before the till takes a new card payment.
    void recoverPending();
  }

  const handlers = {
    'payment.startCard': async ({ amount }: TillParsedInput<'payment.startCard'>): Promise<PaymentResultView> => {
      const user = ctx.requireUser();
      requireOpenShift(ctx);
      const sale = ctx.sales.openSale() ?? fail('SALE_NOT_OPEN');
      if (!pinpad) fail('PINPAD_NOT_CONFIGURED');
      await recoverPending();
      const unresolved = ctx.sql<[], { n: number }>(`SELECT count(*) AS n FROM card_payments WHERE state IN (${OPEN_STATES.map((s) => `'${s}'`).join(', ')})`).get()!.n;
      if (unresolved > 0) fail('PAYMENT_UNRESOLVED', { count: unresolved });
      const priced = priceRows(ctx, ctx.sales.lines(sale.sale_id), sale.basket_discount);
      const paid = ctx.sales.tenders(sale.sale_id).reduce((s, t) => s + t.amount, 0);
      const remaining = priced.total - paid;
      if (remaining <= 0) fail('NOTHING_TO_PAY');
      const charge = amount ?? remaining;
      // A card never pays more than is due (no change on a card).
      if (charge > remaining) fail('TENDER_EXCEEDS_DUE', { kind: 'card', remaining, currency: ctx.config.currency });
      if (ctx.config.acquirer.mode !== 'none' && !acquirerOnline(ctx)) {
        const decision = offlineDecision(ctx, charge);
        if (!decision.allowed) fail('OFFLINE_LIMIT', { reason: decision.reasonCode ?? '' });
      }
      const zvt = await client();
      const paymentId = ctx.ids();
      const previousTrace = await knownTrace(zvt);
      ctx.tx(() => {
        ctx.sql(
          `INSERT INTO card_payments (payment_id, sale_id, kind, amount, currency, training, state, previous_trace, created_at, updated_at)
           VALUES (?, ?, 'authorization', ?, ?, ?, 'created', ?, ?, ?)`,
        ).run(paymentId, sale.sale_id, charge, ctx.config.currency, ctx.config.training ? 1 : 0, previousTrace, ctx.now(), ctx.now());
        journal(paymentId, 'created', {}, { amount: charge });
      });
      journal(paymentId, 'sent');
      ctx.emit('payment.progress', { saleId: sale.sale_id, paymentId, state: 'sent', text: 'Follow the instructions on the PIN pad', textZh: '请按密码键盘提示操作' });
      let outcome: PaymentOutcome;
      try {
        outcome = await zvt.authorize({ amountMinor: charge }, hooksFor(paymentId, sale.sale_id));
      } catch (err) {
        const name = (err as Error).name;
        if (name === 'ZvtNotSentError') {
          // Nothing was written: the PT cannot have seen the command.
          ctx.tx(() => journal(paymentId, 'aborted', { outcome: 'not-paid', message: (err as Error).message }));
          return fail('PINPAD_OFFLINE', {});
        }
        if (name === 'ZvtBusyError') {
          ctx.tx(() => journal(paymentId, 'aborted', { outcome: 'not-paid', message: 'pin pad busy' }));
          return fail('PAYMENT_IN_PROGRESS', {});
        }
        outcome = { kind: 'unknown', reason: 'protocol-error', stage: 'awaiting-result', message: { en: '', zh: '' }, detail: (err as Error).message, receipts: [] };
      }
      if (outcome.kind === 'approved') {
        if (outcome.receipts.length) ctx.tx(() => ctx.sql('UPDATE card_payments SET slips = ? WHERE payment_id = ?').run(JSON.stringify(slipsOf(outcome.receipts)), paymentId));
        ctx.emit('payment.progress', { saleId: sale.sale_id, paymentId, state: 'approved', text: 'Approved', textZh: '交易成功' });
        const receiptNumber = settleApproved(row(paymentId)!, user);
        const after = saleView(ctx, ctx.sales.sale(sale.sale_id)!);
        ctx.emit('sale.changed', after.status === 'open' ? after : null);
        ctx.emit('status.changed', statusView(ctx));
        return { sale: after, receipt: receiptNumber ? receiptView(ctx, ctx.sales.postedByReceipt(receiptNumber)!) : null };
      }
      if (outcome.kind === 'declined' || outcome.kind === 'aborted') {
        ctx.tx(() =>
          journal(paymentId, outcome.kind === 'declined' ? 'declined' : 'aborted', {
            outcome: 'not-paid',
            result_code: outcome.resultCode,
            message: outcome.message.en,
          }),
        );
        ctx.emit('payment.progress', { saleId: sale.sale_id, paymentId, state: outcome.kind, text: outcome.message.en, textZh: outcome.message.zh });
        return outcomeFailure(outcome, paymentId);
      }
      // Unknown: journal it, tell the cashier not to present the card again, and resolve with the terminal now.
      ctx.tx(() => journal(paymentId, 'unknown', { unknown_reason: outcome.reason, unknown_stage: outcome.stage, message: outcome.detail.slice(0, 300) }));
      ctx.emit('payment.progress', {
        saleId: sale.sale_id,
        paymentId,
        state: 'unknown',
        text: 'Outcome unknown: do not present the card again; checking the terminal',
        textZh: '结果未知：请勿再次刷卡；正在向密码键盘核实',
      });
      const resolved = await resolveUnknown(paymentId);
      if (resolved.outcome === 'paid') {
        const after = saleView(ctx, ctx.sales.sale(sale.sale_id)!);
        const posted = after.status === 'posted' && after.receiptNumber ? receiptView(ctx, ctx.sales.postedByReceipt(after.receiptNumber)!) : null;
        ctx.emit('sale.changed', after.status === 'open' ? after : null);
        return { sale: after, receipt: posted };
      }
      if (resolved.outcome === 'not-paid') return fail('CARD_DECLINED', { reason: ctx.language() === 'zh' ? '密码键盘未完成此笔交易' : 'the terminal did not complete this payment', paymentId });
      return fail('CARD_OUTCOME_UNKNOWN', { paymentId });
    },

    'payment.cancelCard': async () => {
      ctx.requireUser();
      if (pinpad) {
        const zvt = await client();
        if (zvt.isBusy) await zvt.abort();
      }
      const open = ctx.sales.openSale();
      return open ? saleView(ctx, open) : null;
    },

    'payment.journal': ({ paymentId, openOnly }: TillParsedInput<'payment.journal'>) => {
      ctx.requireUser('manager', 'tech');
      const rows = paymentId
        ? [row(paymentId) ?? fail('VALIDATION_FAILED', { field: 'paymentId', reason: 'unknown' })]
        : openOnly
          ? ctx.sql<[], CardPaymentRow>(`SELECT * FROM card_payments WHERE state IN (${OPEN_STATES.map((s) => `'${s}'`).join(', ')}) ORDER BY created_at`).all()
          : ctx.sql<[], CardPaymentRow>('SELECT * FROM card_payments ORDER BY created_at DESC LIMIT 50').all();
      return rows.map(paymentView);
    },

    'payment.terminalLastReceipt': async () => {
      ctx.requireUser('manager', 'tech');
      const zvt = await client();
      const last = await zvt.repeatReceipt({ statusInformation: true, print: true });
      if (last.kind !== 'completed') fail('PINPAD_OFFLINE', {});
      return {
        amount: last.status?.amountMinor ?? null,
        trace: last.status?.traceNumber ?? null,
        receiptNo: last.status?.receiptNumber ?? null,
        resultCode: last.status?.resultCode ?? null,
        date: last.status?.dateYmd ?? last.status?.date ?? null,
        time: last.status?.time ?? null,
        lines: last.receipts.flatMap((r) => r.lines.map((l) => l.text)),
      };
    },

    'payment.resolveCard': async ({ paymentId, decision, override }: TillParsedInput<'payment.resolveCard'>) => {
      const user = ctx.requireUser();
      const payment = row(paymentId) ?? fail('VALIDATION_FAILED', { field: 'paymentId', reason: 'unknown' });
      if (!OPEN_STATES.includes(payment.state)) return paymentView(payment);
      if (decision === 'check') {
        const checked = await resolveUnknown(paymentId);
        return paymentView(checked);
      }
      // By hand: the manager has the terminal's last receipt beside the journal and decides.
      const approval = ctx.approve('resolve-payment', override, { amount: payment.amount, currency: payment.currency });
      const resolution = { resolved_by: approval.approver.user_id, resolution: (approval.reason ?? decision).slice(0, 500) };
      if (decision === 'paid') {
        const sale = payment.sale_id ? ctx.sales.sale(payment.sale_id) : undefined;
        if (sale?.status === 'open') settleApproved(payment, user, 'resolved', resolution);
        else ctx.tx(() => journal(paymentId, 'resolved', { outcome: 'paid', needs_manager: 0, ...resolution }));
      } else {
        ctx.tx(() => journal(paymentId, 'resolved', { outcome: 'not-paid', needs_manager: 0, ...resolution }));
      }
      ctx.tx(() => ctx.audit.append({ at: ctx.now(), actor: user.username, approver: approval.approver.username, action: 'payment.resolve', detail: { paymentId, decision, reason: approval.reason } }));
      return paymentView(row(paymentId)!);
    },
  };

  return { handlers, recoverPending };
}
