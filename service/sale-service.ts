// Use cases of the sale: ring up (scan, add, quantity, discounts, price override, void line), suspend and resume,
// void, cash tenders and posting, receipts and returns. Each action is one transaction with its audit and outbox rows;
// the open sale is in the ledger from its first line, so a crash loses nothing the cashier rang up.
import type { LineRow, SaleRow, TenderRow } from '../db/sales-repo';
import { applyTender } from '../core/tender';
import { priceReturn, refundTenderPlan } from '../core/returns';
import type { ApprovalAction, TillContext, UserRow } from './context';
import { fail } from './context';
import type {
  DiscountInput,
  ManagerOverride,
  PaymentResultView,
  ReceiptView,
  ReturnPreviewView,
  SaleView,
  SuspendedSaleView,
  TillParsedInput,
} from './contract';
import { openShiftRow, requireOpenShift } from './shift-service';
import { hourKey, localHour } from './eod-service';
import { resolveCode } from './catalogue-service';
import { priceRows, receiptView, saleView, tenderRules, type PricedRows } from './sale-views';

const MAX_LINES = 500;

/** Post the sale: receipt number, priced lines, running totals, outbox and audit, in the caller's transaction. */
export function postSale(ctx: TillContext, sale: SaleRow, user: UserRow, change: number, priced: PricedRows, lines: LineRow[]): string {
  // Lines were priced and stored as the sale was rung up; store any that differ (none, unless the rules changed).
  priced.lines.forEach((line, i) => {
    const row = lines[i];
    if (!row || row.total !== line.total || row.tax !== line.tax || row.gross !== line.gross || row.discount_amount !== line.discountAmount) {
      ctx.sales.setLinePriced(line.lineId, line);
    }
  });
  const receiptNumber = ctx.sales.post(sale.sale_id, receiptSeries(ctx), ctx.now(), {
    subtotal: priced.subtotal,
    discountTotal: priced.discountTotal,
    taxTotal: priced.taxTotal,
    total: priced.total,
    change,
  });
  const shiftId = sale.shift_id!;
  ctx.sales.addShiftTotal(shiftId, 'sales', 1, priced.total);
  ctx.sales.addShiftTotal(shiftId, hourKey(localHour(ctx.now(), ctx.config.timeZone)), 1, priced.total);
  if (priced.discountTotal > 0) ctx.sales.addShiftTotal(shiftId, 'discounts', 1, priced.discountTotal);
  for (const tax of priced.taxSummary) ctx.sales.addShiftTotal(shiftId, `tax:${tax.taxCode}:${tax.rateBp}`, 1, tax.tax, tax.net);
  const tenders = ctx.sales.tenders(sale.sale_id);
  for (const tender of tenders) {
    ctx.sales.addShiftTotal(shiftId, `tender:${tender.kind}`, 1, tender.amount);
    // Card totals per brand, for the three-way reconciliation with the PIN pad and the acquirer.
    if (tender.kind === 'card') ctx.sales.addShiftTotal(shiftId, `card:${tender.card_brand ?? 'other'}:sale`, 1, tender.amount);
  }
  if (change > 0) ctx.sales.addShiftTotal(shiftId, 'change', 1, change);
  ctx.sales.enqueue('print', sale.sale_id, { document: 'receipt', receiptNumber }, ctx.now());
  if (tenders.some((t) => t.kind === 'cash')) ctx.sales.enqueue('drawer', sale.sale_id, { reason: 'cash' }, ctx.now());
  ctx.audit.append({
    at: ctx.now(),
    actor: user.username,
    action: 'sale.post',
    detail: { saleId: sale.sale_id, receiptNumber, total: priced.total, change, training: ctx.config.training },
  });
  return receiptNumber;
}

export interface CardRefund {
  paymentId: string;
  /** A reversal (06 30) cancels the original card sale in the PIN pad's and the acquirer's totals; a refund (06 31) adds one. */
  reversal: boolean;
  amount: number;
  maskedPan: string | null;
  brand: string | null;
  authCode: string | null;
  trace: string | null;
  terminalId: string | null;
}

interface PreparedReturn {
  refundLines: { source: LineRow; productId: string | null; quantity: number; unitPrice: number; total: number; tax: number }[];
  refundTotal: number;
  plan: { kind: string; amount: number; ref?: string }[];
}

/** Price a return and plan its refund per tender (card back to card first), without writing anything. */
function prepareReturn(ctx: TillContext, original: SaleRow | null, lines: TillParsedInput<'return.post'>['lines'], returnId: string): PreparedReturn {
  let refundLines: PreparedReturn['refundLines'];
  if (original) {
    const originalLines = ctx.sales.lines(original.sale_id).filter((l) => l.voided === 0);
    const returned = ctx.sales.returnedByLine(original.sale_id);
    const requests = lines.map((l) => {
      if (!('originalLineId' in l)) return fail('VALIDATION_FAILED', { field: 'lines', reason: 'originalLineId' });
      const source = originalLines.find((o) => o.line_id === l.originalLineId) ?? fail('LINE_NOT_FOUND', { lineId: l.originalLineId });
      return { source, quantity: l.quantity };
    });
    const priced = priceReturn(
      {
        lines: originalLines.map((o) => ({ lineId: o.line_id, quantity: o.quantity, total: o.total!, tax: o.tax!, taxCode: o.tax_code, rateBp: o.rate_bp })),
        returns: [...returned.entries()].map(([lineId, r]) => ({ lineId, quantity: r.quantity, amount: r.total, tax: r.tax })),
      },
      requests.map((r) => ({ lineId: r.source.line_id, quantity: r.quantity })),
      ctx.config.roundingMode,
    );
    refundLines = requests.map((r, i) => ({
      source: r.source,
      productId: r.source.product_id,
      quantity: r.quantity,
      unitPrice: r.source.unit_price,
      total: priced.lines[i]!.amount,
      tax: priced.lines[i]!.tax,
    }));
  } else {
    refundLines = lines.map((l) => {
      if (!('productId' in l)) return fail('VALIDATION_FAILED', { field: 'lines', reason: 'productId' });
      const product = ctx.catalogue.findById(l.productId) ?? fail('PRODUCT_NOT_FOUND', { code: l.productId });
      const line: LineRow = {
        line_id: 'pricing', sale_id: returnId, line_no: 1, product_id: product.product_id, sku: product.sku, name: product.name, name_zh: product.name_zh,
        barcode: null, quantity: l.quantity, quantity_kind: product.weighed ? 'weight' : 'piece', unit_price: l.unitPrice, list_unit_price: product.price,
        discount: null, tax_code: product.tax_code, rate_bp: product.rate_bp, voided: 0, original_line_id: null, gross: null, discount_amount: null, total: null, tax: null,
      };
      const p = priceRows(ctx, [line], null).lines[0]!;
      return { source: line, productId: product.product_id, quantity: l.quantity, unitPrice: l.unitPrice, total: p.total, tax: p.tax };
    });
  }
  const refundTotal = refundLines.reduce((s, l) => s + l.total, 0);
  if (refundTotal <= 0) fail('NOTHING_TO_PAY');
  const originalTenders = original
    ? ctx.sales.tenders(original.sale_id).map((t) => ({ kind: t.kind, amount: t.amount, ...(t.payment_id ? { ref: t.payment_id } : {}) }))
    : [{ kind: 'cash', amount: refundTotal }];
  const previousRefunds = original ? ctx.sales.refundTendersOf(original.sale_id).map((t) => ({ kind: t.kind, amount: t.amount, ...(t.payment_id ? { ref: t.payment_id } : {}) })) : [];
  const plan = refundTenderPlan(originalTenders, refundTotal, {
    change: original?.change_given ?? 0,
    previousRefunds,
    cashRoundingStep: ctx.config.cashRoundingStep,
  }).lines;
  return { refundLines, refundTotal, plan };
}

/** Second commit of a return: its refund tenders, receipt number, running totals, outbox and audit. */
export function postReturn(
  ctx: TillContext,
  returnId: string,
  user: UserRow,
  plan: { kind: string; amount: number }[],
  cardRefunds: CardRefund[],
  approval: { approver: UserRow; reason: string | null } | null,
): string {
  const ret = ctx.sales.sale(returnId)!;
  const shiftId = ret.shift_id!;
  const lines = ctx.sales.lines(returnId);
  const refundTotal = lines.reduce((s, l) => s + (l.total ?? 0), 0);
  const cards = [...cardRefunds];
  for (const part of plan) {
    const card = part.kind === 'card' ? cards.shift() : undefined;
    ctx.sales.insertTender({
      tender_id: ctx.ids(),
      sale_id: returnId,
      kind: part.kind === 'card' ? 'card' : 'cash',
      amount: part.amount,
      created_at: ctx.now(),
      payment_id: card?.paymentId ?? null,
      masked_pan: card?.maskedPan ?? null,
      card_brand: card?.brand ?? null,
      auth_code: card?.authCode ?? null,
      trace: card?.trace ?? null,
      terminal_id: card?.terminalId ?? null,
    });
    ctx.sales.addShiftTotal(shiftId, `refund:${part.kind}`, 1, part.amount);
    // The card totals per brand follow what the terminal and the acquirer will count: a reversal takes the sale out,
    // a refund is a transaction of its own (the three-way reconciliation compares these).
    if (card?.reversal) ctx.sales.addShiftTotal(shiftId, `card:${card.brand ?? 'other'}:sale`, -1, -part.amount);
    else if (card) ctx.sales.addShiftTotal(shiftId, `card:${card.brand ?? 'other'}:refund`, 1, part.amount);
  }
  const taxTotal = lines.reduce((s, l) => s + (l.tax ?? 0), 0);
  const receiptNumber = ctx.sales.post(returnId, receiptSeries(ctx), ctx.now(), { subtotal: refundTotal, discountTotal: 0, taxTotal, total: refundTotal, change: 0 });
  ctx.sales.addShiftTotal(shiftId, 'returns', 1, refundTotal);
  const byRate = new Map<string, { tax: number; net: number }>();
  for (const l of lines) {
    const key = `tax:${l.tax_code}:${l.rate_bp}`;
    const acc = byRate.get(key) ?? { tax: 0, net: 0 };
    byRate.set(key, { tax: acc.tax + (l.tax ?? 0), net: acc.net + (l.total ?? 0) - (l.tax ?? 0) });
  }
  // Refunded tax is subtracted from the shift's tax per rate, in the same transaction.
  for (const [key, acc] of byRate) ctx.sales.addShiftTotal(shiftId, key, 1, -acc.tax, -acc.net);
  ctx.sales.enqueue('print', returnId, { document: 'return', receiptNumber }, ctx.now());
  if (plan.some((p) => p.kind === 'cash')) ctx.sales.enqueue('drawer', returnId, { reason: 'refund' }, ctx.now());
  if (approval && approval.approver.user_id !== user.user_id) ctx.sales.addShiftTotal(shiftId, 'overrides', 1, 0);
  ctx.audit.append({
    at: ctx.now(),
    actor: user.username,
    approver: approval ? approval.approver.username : null,
    action: 'return.post',
    detail: { returnId, receiptNumber, original: ret.original_sale_id, total: refundTotal, cardRefunds: cardRefunds.map((c) => c.paymentId), reason: approval?.reason ?? null },
  });
  return receiptNumber;
}

/**
 * Returns a crash left open (their lines committed, the posting not): posted with the card refunds that went through,
 * the rest in cash, or voided when no money moved. Returns still waiting on an unresolved card refund are left alone.
 */
export function recoverOpenReturns(ctx: TillContext): void {
  const open = ctx.sql<[], SaleRow>("SELECT * FROM sales WHERE kind = 'return' AND status = 'open'").all();
  for (const ret of open) {
    const payments = ctx
      .sql<[string], { payment_id: string; kind: string; state: string; outcome: string | null; amount: number; masked_pan: string | null; card_brand: string | null; auth_code: string | null; trace: number | null; terminal_id: string | null }>(
        'SELECT payment_id, kind, state, outcome, amount, masked_pan, card_brand, auth_code, trace, terminal_id FROM card_payments WHERE sale_id = ? ORDER BY created_at',
      )
      .all(ret.sale_id);
    if (payments.some((p) => !['completed', 'declined', 'aborted', 'resolved'].includes(p.state))) continue;
    const refunds: CardRefund[] = payments
      .filter((p) => p.outcome === 'paid')
      .map((p) => ({ paymentId: p.payment_id, reversal: p.kind === 'reversal', amount: p.amount, maskedPan: p.masked_pan, brand: p.card_brand, authCode: p.auth_code, trace: p.trace === null ? null : String(p.trace), terminalId: p.terminal_id }));
    const cashier = ctx.userById(ret.cashier_id)!;
    ctx.tx(() => {
      if (refunds.length === 0) {
        ctx.sales.updateSale(ret.sale_id, { status: 'voided', voided_at: ctx.now(), voided_by: ret.cashier_id, void_reason: 'interrupted before any refund' });
        return;
      }
      const total = ctx.sales.lines(ret.sale_id).reduce((sum, l) => sum + (l.total ?? 0), 0);
      const carded = refunds.reduce((sum, r) => sum + r.amount, 0);
      const plan = [...refunds.map((r) => ({ kind: 'card', amount: r.amount })), ...(total > carded ? [{ kind: 'cash', amount: total - carded }] : [])];
      postReturn(ctx, ret.sale_id, cashier, plan, refunds, null);
    });
  }
}

/** A new open sale or return of this till, in its training or live series and currency. Inside the caller's transaction. */
function insertOpenSale(ctx: TillContext, row: { saleId: string; kind: 'sale' | 'return'; shiftId: string; cashierId: string; originalSaleId: string | null; note: string | null }): void {
  ctx.sales.insertSale({
    sale_id: row.saleId,
    kind: row.kind,
    status: 'open',
    training: ctx.config.training ? 1 : 0,
    currency: ctx.config.currency,
    shift_id: row.shiftId,
    cashier_id: row.cashierId,
    opened_at: ctx.now(),
    original_sale_id: row.originalSaleId,
    note: row.note,
  });
}

/** Training sales have their own receipt series, never mixed with the live one. */
export function receiptSeries(ctx: TillContext): 'training' | 'live' {
  return ctx.config.training ? 'training' : 'live';
}

export function saleService(ctx: TillContext) {
  ctx.sales.ensureSeries('live', `${ctx.config.tillId}-`);
  ctx.sales.ensureSeries('training', `TR-${ctx.config.tillId}-`);

  const view = (sale: SaleRow): SaleView => saleView(ctx, sale);
  const changed = (sale: SaleRow | undefined): SaleView | null => {
    const v = sale ? view(ctx.sales.sale(sale.sale_id)!) : null;
    ctx.emit('sale.changed', v && v.status === 'open' ? v : null);
    return v;
  };

  /**
   * Price the open sale and store each line's priced values as they change, inside the caller's transaction: the
   * posting transaction then writes only the sale row, and a crash mid-sale leaves lines that already show their totals.
   */
  function reprice(saleId: string, basketDiscount: string | null, discountOverflow: 'cap' | 'refuse' = 'cap'): PricedRows {
    const lines = ctx.sales.lines(saleId);
    const priced = priceRows(ctx, lines, basketDiscount, discountOverflow);
    priced.lines.forEach((p, i) => {
      const row = lines[i]!;
      if (row.gross !== p.gross || row.discount_amount !== p.discountAmount || row.total !== p.total || row.tax !== p.tax) {
        ctx.sales.setLinePriced(row.line_id, p);
      }
    });
    return priced;
  }

  function currentOpen(): SaleRow {
    return ctx.sales.openSale() ?? fail('SALE_NOT_OPEN');
  }

  /** The open sale, or a new one. Runs inside the caller's transaction. */
  function openOrCreate(user: UserRow): SaleRow {
    const open = ctx.sales.openSale();
    if (open) return open;
    const shift = requireOpenShift(ctx);
    const saleId = ctx.ids();
    insertOpenSale(ctx, { saleId, kind: 'sale', shiftId: shift.shift_id, cashierId: user.user_id, originalSaleId: null, note: null });
    return ctx.sales.sale(saleId)!;
  }

  /**
   * Lines and discounts are frozen once payment has started: a tender on the sale, or a card payment running on the
   * PIN pad (the amount was sent to the terminal; changing the sale under it could charge more than the new total).
   */
  function requireNoTenders(sale: SaleRow): void {
    if (ctx.sales.tenders(sale.sale_id).length > 0) fail('PAYMENT_IN_PROGRESS', { saleId: sale.sale_id });
    requireNoCardRunning(sale);
  }

  /** A card payment on the PIN pad for this sale that has not finished (or whose outcome is still being resolved). */
  function requireNoCardRunning(sale: SaleRow): void {
    const running = ctx
      .sql<[string], { n: number }>(
        "SELECT count(*) AS n FROM card_payments WHERE sale_id = ? AND state IN ('created', 'sent', 'accepted', 'result-received', 'acking', 'acked', 'unknown')",
      )
      .get(sale.sale_id)!.n;
    if (running > 0) fail('PAYMENT_IN_PROGRESS', { saleId: sale.sale_id });
  }

  function editableLine(lineId: string): { sale: SaleRow; line: LineRow } {
    const sale = currentOpen();
    const line = ctx.sales.line(lineId);
    if (!line || line.sale_id !== sale.sale_id || line.voided === 1) fail('LINE_NOT_FOUND', { lineId });
    requireNoTenders(sale);
    return { sale, line };
  }

  /** A discount above the cashier's limit needs a manager on the spot. */
  function discountNeedsManager(discount: DiscountInput, grossBase: number): boolean {
    const limit = ctx.config.cashierDiscountLimitBp;
    if (discount.kind === 'percent') return discount.bp > limit;
    // amount × 10000 > gross × limit, in integers
    return BigInt(discount.amount) * 10_000n > BigInt(grossBase) * BigInt(limit);
  }

  function auditOverride(user: UserRow, approval: { approver: UserRow; reason: string | null } | null, action: string, detail: Record<string, unknown>) {
    // A second person's approval is an override: counted on the shift for the X and Z reports.
    if (approval && approval.approver.user_id !== user.user_id) {
      const shift = openShiftRow(ctx);
      if (shift) ctx.sales.addShiftTotal(shift.shift_id, 'overrides', 1, 0);
    }
    ctx.audit.append({
      at: ctx.now(),
      actor: user.username,
      approver: approval && approval.approver.user_id !== user.user_id ? approval.approver.username : approval ? user.username : null,
      action,
      detail: { ...detail, reason: approval?.reason ?? null },
    });
  }

  function addLine(user: UserRow, productId: string, barcode: string | null, quantity: number, quantityKind: 'piece' | 'weight', unitPrice: number, listUnitPrice: number) {
    const result = ctx.tx(() => {
      const sale = openOrCreate(user);
      requireNoTenders(sale);
      const product = ctx.catalogue.findById(productId)!;
      const lines = ctx.sales.lines(sale.sale_id);
      if (lines.length >= MAX_LINES) fail('TOO_MANY_LINES', { max: MAX_LINES });
      const last = lines[lines.length - 1];
      // A repeated scan of the same plain item adds to the last line, as cashiers expect from a scanner.
      if (
        last &&
        quantityKind === 'piece' &&
        last.voided === 0 &&
        last.product_id === productId &&
        last.quantity_kind === 'piece' &&
        last.unit_price === unitPrice &&
        last.list_unit_price === listUnitPrice &&
        last.discount === null
      ) {
        ctx.sales.updateLine(last.line_id, { quantity: last.quantity + quantity });
      } else {
        ctx.sales.insertLine({
          line_id: ctx.ids(),
          sale_id: sale.sale_id,
          product_id: productId,
          sku: product.sku,
          name: product.name,
          name_zh: product.name_zh,
          barcode,
          quantity,
          quantity_kind: quantityKind,
          unit_price: unitPrice,
          list_unit_price: listUnitPrice,
          discount: null,
          tax_code: product.tax_code,
          rate_bp: product.rate_bp,
          original_line_id: null,
        });
      }
      // Validate the whole sale still prices (amount limits) before the line commits.
      reprice(sale.sale_id, sale.basket_discount);
      ctx.failpoint('sale.line-added.before-commit');
      return sale;
    });
    ctx.failpoint('sale.line-added');
    return result;
  }


  function lineDiscountBase(line: LineRow): number {
    return priceRows(ctx, [{ ...line, discount: null }], null).lines[0]!.gross;
  }

  function withApproval(action: ApprovalAction, needed: boolean, override: ManagerOverride | undefined, params: Record<string, string | number>) {
    return needed ? ctx.approve(action, override, params) : null;
  }

  return {
    'sale.current': () => {
      ctx.requireUser();
      const open = ctx.sales.openSale();
      return open ? view(open) : null;
    },

    'sale.scan': ({ code, quantity }: TillParsedInput<'sale.scan'>) => {
      const user = ctx.requireUser();
      requireOpenShift(ctx);
      const match = resolveCode(ctx, code);
      const product = match.product;
      if (product.weighed === 1) {
        const grams = match.weightGrams ?? quantity;
        if (match.embeddedPrice !== undefined) {
          return changed(addLine(user, product.product_id, match.barcode, 1, 'piece', match.embeddedPrice, match.embeddedPrice))!;
        }
        if (!grams) fail('INVALID_QUANTITY', { reason: 'weight', name: product.name });
        return changed(addLine(user, product.product_id, match.barcode, grams, 'weight', product.price, product.price))!;
      }
      const unitPrice = match.embeddedPrice ?? product.price;
      return changed(addLine(user, product.product_id, match.barcode, quantity ?? 1, 'piece', unitPrice, unitPrice))!;
    },

    'sale.addItem': ({ productId, quantity }: TillParsedInput<'sale.addItem'>) => {
      const user = ctx.requireUser();
      requireOpenShift(ctx);
      const product = ctx.catalogue.findById(productId);
      if (!product || product.active !== 1) fail('PRODUCT_NOT_FOUND', { code: productId });
      if (product.weighed === 1) {
        if (!quantity) fail('INVALID_QUANTITY', { reason: 'weight', name: product.name });
        return changed(addLine(user, productId, null, quantity, 'weight', product.price, product.price))!;
      }
      return changed(addLine(user, productId, null, quantity ?? 1, 'piece', product.price, product.price))!;
    },

    'sale.setQuantity': ({ lineId, quantity }: TillParsedInput<'sale.setQuantity'>) => {
      const user = ctx.requireUser();
      const { sale, line } = editableLine(lineId);
      // Lowering a quantity takes goods off the sale like voiding them: audited, and (as a line void before payment)
      // it needs no manager.
      ctx.tx(() => {
        ctx.sales.updateLine(line.line_id, { quantity });
        reprice(sale.sale_id, sale.basket_discount);
        if (quantity < line.quantity) auditOverride(user, null, 'sale.reduceQuantity', { saleId: sale.sale_id, lineNo: line.line_no, from: line.quantity, to: quantity });
      });
      return changed(sale)!;
    },

    'sale.setLineDiscount': ({ lineId, discount, override }: TillParsedInput<'sale.setLineDiscount'>) => {
      const user = ctx.requireUser();
      const { sale, line } = editableLine(lineId);
      const approval = discount
        ? withApproval('discount', discountNeedsManager(discount, lineDiscountBase(line)), override, {
            line: line.line_no,
            ...(discount.kind === 'percent' ? { percent: discount.bp / 100 } : { amount: discount.amount, currency: ctx.config.currency }),
          })
        : null;
      ctx.tx(() => {
        ctx.sales.updateLine(line.line_id, { discount: discount ? JSON.stringify(discount) : null });
        reprice(sale.sale_id, sale.basket_discount, 'refuse');
        if (approval) auditOverride(user, approval, 'sale.lineDiscount', { saleId: sale.sale_id, lineNo: line.line_no, discount });
      });
      return changed(sale)!;
    },

    'sale.setBasketDiscount': ({ discount, override }: TillParsedInput<'sale.setBasketDiscount'>) => {
      const user = ctx.requireUser();
      const sale = currentOpen();
      requireNoTenders(sale);
      const base = priceRows(ctx, ctx.sales.lines(sale.sale_id), null).total;
      const approval = discount
        ? withApproval('discount', discountNeedsManager(discount, base), override, {
            ...(discount.kind === 'percent' ? { percent: discount.bp / 100 } : { amount: discount.amount, currency: ctx.config.currency }),
          })
        : null;
      ctx.tx(() => {
        const encoded = discount ? JSON.stringify(discount) : null;
        ctx.sales.updateSale(sale.sale_id, { basket_discount: encoded });
        reprice(sale.sale_id, encoded, 'refuse');
        if (approval) auditOverride(user, approval, 'sale.basketDiscount', { saleId: sale.sale_id, discount });
      });
      return changed(sale)!;
    },

    'sale.overridePrice': ({ lineId, unitPrice, override }: TillParsedInput<'sale.overridePrice'>) => {
      const user = ctx.requireUser();
      const { sale, line } = editableLine(lineId);
      const approval = ctx.approve('price-override', override, { line: line.line_no, amount: unitPrice, currency: ctx.config.currency });
      ctx.tx(() => {
        ctx.sales.updateLine(line.line_id, { unit_price: unitPrice });
        reprice(sale.sale_id, sale.basket_discount);
        auditOverride(user, approval, 'sale.priceOverride', { saleId: sale.sale_id, lineNo: line.line_no, from: line.unit_price, to: unitPrice });
      });
      return changed(sale)!;
    },

    'sale.voidLine': ({ lineId }: TillParsedInput<'sale.voidLine'>) => {
      const user = ctx.requireUser();
      const { sale, line } = editableLine(lineId);
      ctx.tx(() => {
        ctx.sales.updateLine(line.line_id, { voided: 1 });
        reprice(sale.sale_id, sale.basket_discount);
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'sale.voidLine', detail: { saleId: sale.sale_id, lineNo: line.line_no, sku: line.sku } });
      });
      return changed(sale)!;
    },

    'sale.void': async ({ reason, override }: TillParsedInput<'sale.void'>) => {
      const user = ctx.requireUser();
      const sale = currentOpen();
      requireNoCardRunning(sale);
      const tenders = ctx.sales.tenders(sale.sale_id);
      // Voiding after payment started hands money back: that needs a manager on the spot.
      const approval = tenders.length > 0 ? ctx.approve('void-after-tender', override, {}) : null;
      // Card money goes back through the PIN pad first (a reversal of each card payment); a failed reversal stops the void.
      for (const t of tenders.filter((t) => t.kind === 'card')) {
        if (!ctx.cardRefunder) fail('PINPAD_NOT_CONFIGURED');
        await ctx.cardRefunder({ returnId: sale.sale_id, originalPaymentId: t.payment_id, amount: t.amount });
        ctx.tx(() => ctx.sales.removeTender(t.tender_id));
      }
      ctx.tx(() => {
        for (const t of tenders) ctx.sales.removeTender(t.tender_id);
        ctx.sales.updateSale(sale.sale_id, { status: 'voided', voided_at: ctx.now(), voided_by: user.user_id, void_reason: reason ?? approval?.reason ?? null });
        ctx.sales.addShiftTotal(sale.shift_id!, 'voids', 1, priceRows(ctx, ctx.sales.lines(sale.sale_id), sale.basket_discount).total);
        auditOverride(user, approval, 'sale.void', { saleId: sale.sale_id, tendersReturned: tenders.length });
      });
      ctx.emit('sale.changed', null);
      return view(ctx.sales.sale(sale.sale_id)!);
    },

    'sale.suspend': ({ note }: TillParsedInput<'sale.suspend'>): SuspendedSaleView => {
      const user = ctx.requireUser();
      const sale = currentOpen();
      requireNoTenders(sale);
      ctx.tx(() => {
        ctx.sales.updateSale(sale.sale_id, { status: 'suspended', suspended_at: ctx.now(), note: note ?? null });
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'sale.suspend', detail: { saleId: sale.sale_id } });
      });
      ctx.emit('sale.changed', null);
      return suspendedView(ctx.sales.sale(sale.sale_id)!);
    },

    'sale.listSuspended': () => {
      ctx.requireUser();
      return ctx.sales.suspended().map(suspendedView);
    },

    'sale.resume': ({ saleId }: TillParsedInput<'sale.resume'>) => {
      const user = ctx.requireUser();
      const shift = requireOpenShift(ctx);
      const target = ctx.sales.sale(saleId);
      if (!target || target.status !== 'suspended') fail('SALE_NOT_OPEN', { saleId });
      const open = ctx.sales.openSale();
      if (open && ctx.sales.lines(open.sale_id).some((l) => l.voided === 0)) fail('SALE_STILL_OPEN');
      ctx.tx(() => {
        // An open sale with every line voided is empty: close it as voided so the resumed one is the only open sale.
        if (open) ctx.sales.updateSale(open.sale_id, { status: 'voided', voided_at: ctx.now(), voided_by: user.user_id, void_reason: 'empty' });
        ctx.sales.updateSale(saleId, { status: 'open', suspended_at: null, cashier_id: user.user_id, shift_id: shift.shift_id });
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'sale.resume', detail: { saleId } });
      });
      return changed(target)!;
    },

    'payment.addCash': ({ amount }: TillParsedInput<'payment.addCash'>): PaymentResultView => {
      const user = ctx.requireUser();
      const sale = currentOpen();
      // Cash while the PIN pad is still charging could settle the sale under the card's approval.
      requireNoCardRunning(sale);
      const saleLines = ctx.sales.lines(sale.sale_id);
      const priced = priceRows(ctx, saleLines, sale.basket_discount);
      const current = { total: priced.total, tenders: ctx.sales.tenders(sale.sale_id) };
      if (priced.lines.every((l) => l.voided) || current.total <= 0) fail('NOTHING_TO_PAY');
      const outcome = applyTender(
        current.total,
        current.tenders.map((t) => ({ kind: t.kind, amount: t.amount })),
        { kind: 'cash', amount },
        tenderRules(ctx),
      );
      if (!outcome.accepted) fail(outcome.error?.code ?? 'TENDER_EXCEEDS_DUE', outcome.error?.params ?? {});
      let receiptNumber: string | null = null;
      ctx.tx(() => {
        ctx.sales.insertTender({
          tender_id: ctx.ids(),
          sale_id: sale.sale_id,
          kind: 'cash',
          amount,
          created_at: ctx.now(),
          payment_id: null,
          masked_pan: null,
          card_brand: null,
          auth_code: null,
          trace: null,
          terminal_id: null,
        });
        ctx.failpoint('sale.tender-added.before-commit');
        if (outcome.settled) {
          if (outcome.rounding !== 0) ctx.sales.addShiftTotal(sale.shift_id!, 'rounding', 1, outcome.rounding);
          receiptNumber = postSale(ctx, sale, user, outcome.change, priced, saleLines);
          ctx.failpoint('sale.post.before-commit');
        }
      });
      ctx.failpoint(receiptNumber ? 'sale.posted' : 'sale.tender-added');
      const row = ctx.sales.sale(sale.sale_id)!;
      const after = view(row);
      ctx.emit('sale.changed', after.status === 'open' ? after : null);
      return { sale: after, receipt: receiptNumber ? receiptView(ctx, row, after) : null };
    },

    'payment.removeTender': ({ tenderId }: TillParsedInput<'payment.removeTender'>) => {
      const user = ctx.requireUser();
      const sale = currentOpen();
      const tender = ctx.sales.tenders(sale.sale_id).find((t: TenderRow) => t.tender_id === tenderId);
      if (!tender) fail('VALIDATION_FAILED', { field: 'tenderId', reason: 'unknown' });
      // A card tender is money the terminal already took: it is reversed through the PIN pad, never just deleted.
      if (tender.kind === 'card') fail('PAYMENT_IN_PROGRESS', { saleId: sale.sale_id });
      ctx.tx(() => {
        ctx.sales.removeTender(tender.tender_id);
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'payment.removeTender', detail: { saleId: sale.sale_id, amount: tender.amount, kind: tender.kind } });
      });
      return changed(sale)!;
    },

    'payment.openDrawer': ({ override }: TillParsedInput<'payment.openDrawer'>) => {
      const user = ctx.requireUser();
      const approval = ctx.approve('no-sale', override, {});
      ctx.tx(() => {
        ctx.sales.enqueue('drawer', null, { reason: 'no-sale' }, ctx.now());
        auditOverride(user, approval, 'drawer.noSale', {});
      });
      return null;
    },

    'receipt.get': ({ receiptNumber }: TillParsedInput<'receipt.get'>): ReceiptView => {
      ctx.requireUser();
      const sale = ctx.sales.postedByReceipt(receiptNumber) ?? fail('RECEIPT_NOT_FOUND', { receiptNumber });
      return receiptView(ctx, sale);
    },

    'receipt.recent': ({ limit }: TillParsedInput<'receipt.recent'>): ReceiptView[] => {
      ctx.requireUser();
      return ctx.sales.recentPosted(limit).map((s) => receiptView(ctx, s));
    },

    'receipt.reprint': ({ receiptNumber }: TillParsedInput<'receipt.reprint'>): ReceiptView => {
      const user = ctx.requireUser();
      const sale = ctx.sales.postedByReceipt(receiptNumber) ?? fail('RECEIPT_NOT_FOUND', { receiptNumber });
      ctx.tx(() => {
        ctx.sales.enqueue('print', sale.sale_id, { document: 'receipt', receiptNumber, reprint: true }, ctx.now());
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'receipt.reprint', detail: { receiptNumber } });
      });
      return receiptView(ctx, sale);
    },

    'return.preview': (input: TillParsedInput<'return.preview'>): ReturnPreviewView => {
      ctx.requireUser();
      const original = input.receiptNumber ? (ctx.sales.postedByReceipt(input.receiptNumber) ?? fail('RECEIPT_NOT_FOUND', { receiptNumber: input.receiptNumber })) : null;
      if (original && original.kind !== 'sale') fail('RECEIPT_NOT_FOUND', { receiptNumber: input.receiptNumber ?? '' });
      const prepared = prepareReturn(ctx, original, input.lines, 'preview');
      return {
        currency: ctx.config.currency,
        lines: prepared.refundLines.map((l) => ({
          lineId: original ? l.source.line_id : null,
          productId: l.productId,
          name: l.source.name,
          quantity: l.quantity,
          refund: l.total,
          tax: l.tax,
        })),
        total: prepared.refundTotal,
        tenders: prepared.plan.map((p) => ({ kind: p.kind, amount: p.amount })),
      };
    },

    'return.post': async (input: TillParsedInput<'return.post'>): Promise<ReceiptView> => {
      const user = ctx.requireUser();
      const shift = requireOpenShift(ctx);
      const original = input.receiptNumber ? (ctx.sales.postedByReceipt(input.receiptNumber) ?? fail('RECEIPT_NOT_FOUND', { receiptNumber: input.receiptNumber })) : null;
      if (original && original.kind !== 'sale') fail('RECEIPT_NOT_FOUND', { receiptNumber: input.receiptNumber ?? '' });
      if (original && original.training !== (ctx.config.training ? 1 : 0)) fail('RECEIPT_NOT_FOUND', { receiptNumber: input.receiptNumber ?? '' });
      const approval = original ? null : ctx.approve('return-without-receipt', input.override, {});
      const returnId = ctx.ids();
      const prepared = prepareReturn(ctx, original, input.lines, returnId);
      const needsCard = prepared.plan.some((p) => p.kind === 'card');
      if (needsCard && !ctx.cardRefunder) fail('PINPAD_NOT_CONFIGURED');
      // First commit: the return and its lines, still open. A card refund then references it in the payment journal,
      // so a crash between the refund and the posting leaves a return that recovery can finish (or void when no money moved).
      ctx.tx(() => {
        insertOpenSale(ctx, { saleId: returnId, kind: 'return', shiftId: shift.shift_id, cashierId: user.user_id, originalSaleId: original?.sale_id ?? null, note: input.reason ?? null });
        for (const line of prepared.refundLines) {
          const src = line.source;
          const lineId = ctx.ids();
          ctx.sales.insertLine({
            line_id: lineId,
            sale_id: returnId,
            product_id: line.productId,
            sku: src.sku,
            name: src.name,
            name_zh: src.name_zh,
            barcode: src.barcode,
            quantity: line.quantity,
            quantity_kind: src.quantity_kind,
            unit_price: line.unitPrice,
            list_unit_price: src.list_unit_price,
            discount: null,
            tax_code: src.tax_code,
            rate_bp: src.rate_bp,
            original_line_id: original ? src.line_id : null,
          });
          ctx.sales.setLinePriced(lineId, { gross: line.total, discountAmount: 0, total: line.total, tax: line.tax });
        }
      });
      const cardRefunds: CardRefund[] = [];
      try {
        for (const part of prepared.plan) {
          if (part.kind !== 'card') continue;
          cardRefunds.push(await ctx.cardRefunder!({ returnId, originalPaymentId: part.ref ?? null, amount: part.amount }));
        }
      } catch (err) {
        // Nothing (more) was refunded to a card: the open return is voided, the ledger keeps it as evidence.
        if (cardRefunds.length === 0) ctx.tx(() => ctx.sales.updateSale(returnId, { status: 'voided', voided_at: ctx.now(), voided_by: user.user_id, void_reason: 'card refund failed' }));
        throw err;
      }
      const receiptNumber = ctx.tx(() => postReturn(ctx, returnId, user, prepared.plan, cardRefunds, approval));
      return receiptView(ctx, ctx.sales.postedByReceipt(receiptNumber)!);
    },
  };

  function suspendedView(sale: SaleRow): SuspendedSaleView {
    const v = view(sale);
    return {
      saleId: sale.sale_id,
      suspendedAt: sale.suspended_at ?? sale.opened_at,
      cashier: v.cashier,
      itemCount: v.itemCount,
      total: v.total,
      note: sale.note,
    };
  }
}
