// Views of sales and receipts, priced once by core/cart from the ledger rows. The renderer shows these numbers;
// it never recomputes totals, tax or change.
import { priceSale, type Discount, type PricedSale } from '../core/cart';
import type { LineRow, SaleRow, TenderRow } from '../db/sales-repo';
import type { TenderRules } from '../core/tender';
import type { TillContext } from './context';
import type { ReceiptView, SaleLineView, SaleView, TenderView } from './contract';

export interface PricedRows extends PricedSale {
  lines: (PricedSale['lines'][number] & { discountAmount: number })[];
}

function parseDiscount(json: string | null): Discount | null {
  return json ? (JSON.parse(json) as Discount) : null;
}

export function priceRows(ctx: TillContext, lines: LineRow[], basketDiscount: string | null, discountOverflow: 'cap' | 'refuse' = 'cap'): PricedRows {
  const priced = priceSale(
    lines.map((l) => ({
      lineId: l.line_id,
      productId: l.product_id,
      sku: l.sku,
      name: l.name,
      nameZh: l.name_zh,
      taxCode: l.tax_code,
      rateBp: l.rate_bp,
      unitPrice: l.list_unit_price,
      quantity: l.quantity,
      quantityKind: l.quantity_kind,
      priceOverride: l.unit_price !== l.list_unit_price ? { unitPrice: l.unit_price } : null,
      discount: parseDiscount(l.discount),
      voided: l.voided === 1,
    })),
    parseDiscount(basketDiscount),
    {
      currency: ctx.config.currency,
      taxMode: ctx.config.taxMode,
      taxRounding: ctx.config.taxRounding,
      roundingMode: ctx.config.roundingMode,
      cashRoundingStep: ctx.config.cashRoundingStep,
      // An amount discount bigger than what is left after a void or a lower quantity is capped at it (refusing would
      // leave a sale that can neither be shown nor voided); a discount being entered is refused instead ('refuse').
      discountOverflow,
    },
  );
  return { ...priced, lines: priced.lines.map((l) => ({ ...l, discountAmount: l.lineDiscount + l.basketDiscountShare })) };
}

export function tenderView(t: TenderRow): TenderView {
  return t.kind === 'card'
    ? { tenderId: t.tender_id, kind: t.kind, amount: t.amount, card: { maskedPan: t.masked_pan, brand: t.card_brand, authCode: t.auth_code, trace: t.trace } }
    : { tenderId: t.tender_id, kind: t.kind, amount: t.amount };
}

function lineView(l: LineRow, p: PricedRows['lines'][number] | undefined): SaleLineView {
  return {
    lineId: l.line_id,
    lineNo: l.line_no,
    productId: l.product_id,
    sku: l.sku,
    name: l.name,
    nameZh: l.name_zh,
    quantity: l.quantity,
    quantityKind: l.quantity_kind,
    unitPrice: l.unit_price,
    listUnitPrice: l.list_unit_price,
    priceOverridden: l.unit_price !== l.list_unit_price,
    discount: parseDiscount(l.discount),
    gross: l.gross ?? p?.gross ?? 0,
    discountAmount: l.discount_amount ?? p?.discountAmount ?? 0,
    total: l.total ?? p?.total ?? 0,
    taxCode: l.tax_code,
    rateBp: l.rate_bp,
    tax: l.tax ?? p?.tax ?? 0,
    voided: l.voided === 1,
  };
}

export function saleView(ctx: TillContext, sale: SaleRow): SaleView {
  const lines = ctx.sales.lines(sale.sale_id);
  // A posted sale carries its priced values: never re-price it (and never let a later price change alter it).
  const priced = sale.status === 'posted' ? null : priceRows(ctx, lines, sale.basket_discount);
  const tenders = ctx.sales.tenders(sale.sale_id);
  const paid = tenders.reduce((s, t) => s + t.amount, 0);
  const total = sale.status === 'posted' ? sale.total! : priced!.total;
  const cashier = ctx.userById(sale.cashier_id);
  return {
    saleId: sale.sale_id,
    status: sale.status,
    training: sale.training === 1,
    currency: sale.currency,
    cashier: cashier?.display_name ?? sale.cashier_id,
    openedAt: sale.opened_at,
    lines: lines.map((l, i) => lineView(l, priced?.lines[i])),
    basketDiscount: parseDiscount(sale.basket_discount),
    itemCount: priced?.itemCount ?? lines.reduce((n, l) => n + (l.voided ? 0 : l.quantity_kind === 'weight' ? 1 : l.quantity), 0),
    subtotal: sale.subtotal ?? priced!.subtotal,
    discountTotal: sale.discount_total ?? priced!.discountTotal,
    taxTotal: sale.tax_total ?? priced!.taxTotal,
    taxSummary: priced ? priced.taxSummary.map((t) => ({ taxCode: t.taxCode, rateBp: t.rateBp, net: t.net, tax: t.tax, gross: t.gross })) : storedTaxSummary(lines),
    total,
    tenders: tenders.map(tenderView),
    paid,
    remaining: Math.max(0, total - paid),
    change: sale.change_given ?? Math.max(0, paid - total),
    receiptNumber: sale.receipt_number,
    postedAt: sale.posted_at,
  };
}

export function receiptView(ctx: TillContext, sale: SaleRow, precomputed?: SaleView): ReceiptView {
  const v = precomputed ?? saleView(ctx, sale);
  const returned = sale.kind === 'sale' ? ctx.sales.returnedByLine(sale.sale_id) : new Map<string, { quantity: number }>();
  const original = sale.original_sale_id ? ctx.sales.sale(sale.original_sale_id) : undefined;
  return {
    kind: sale.kind,
    receiptNumber: sale.receipt_number!,
    saleId: sale.sale_id,
    training: sale.training === 1,
    currency: sale.currency,
    cashier: v.cashier,
    postedAt: sale.posted_at!,
    lines: v.lines.map((l) => ({ ...l, returnedQuantity: returned.get(l.lineId)?.quantity ?? 0 })),
    basketDiscount: v.basketDiscount,
    subtotal: sale.subtotal!,
    discountTotal: sale.discount_total!,
    taxTotal: sale.tax_total!,
    taxSummary: v.taxSummary,
    total: sale.total!,
    tenders: v.tenders,
    change: sale.change_given ?? 0,
    originalReceiptNumber: original?.receipt_number ?? null,
    ...cardSlipsOf(ctx, sale.sale_id),
  };
}

/** Tender rules from the configuration: cash may overpay (change), a card never; cash rounding per the shop. */
export function tenderRules(ctx: TillContext): TenderRules {
  return { cashRoundingStep: ctx.config.cashRoundingStep, currency: ctx.config.currency };
}

/** Tax per rate of a posted sale from its stored line values (net = total − tax). */
function storedTaxSummary(lines: LineRow[]): SaleView['taxSummary'] {
  const byRate = new Map<string, SaleView['taxSummary'][number]>();
  for (const l of lines) {
    if (l.voided) continue;
    const key = `${l.tax_code}:${l.rate_bp}`;
    const row = byRate.get(key) ?? { taxCode: l.tax_code, rateBp: l.rate_bp, net: 0, tax: 0, gross: 0 };
    row.tax += l.tax ?? 0;
    row.gross += l.total ?? 0;
    row.net += (l.total ?? 0) - (l.tax ?? 0);
    byRate.set(key, row);
  }
  return [...byRate.values()].sort((a, b) => a.taxCode.localeCompare(b.taxCode) || a.rateBp - b.rateBp);
}

/** The PIN pad's receipt lines for the card payments of a sale (merchant and customer copies as the PT sent them). */
function cardSlipsOf(ctx: TillContext, saleId: string): Pick<ReceiptView, 'cardSlip' | 'cardSlips'> {
  const rows = ctx
    .sql<[string], { slips: string | null }>("SELECT slips FROM card_payments WHERE sale_id = ? AND outcome = 'paid' AND slips IS NOT NULL ORDER BY created_at")
    .all(saleId);
  const slips = rows.flatMap((r) => JSON.parse(r.slips!) as { copy: string; lines: string[] }[]);
  if (slips.length === 0) return { cardSlip: null, cardSlips: [] };
  const customer = slips.filter((s) => s.copy === 'customer');
  return { cardSlip: (customer.length ? customer : slips).flatMap((s) => s.lines), cardSlips: slips };
}
