// Receipts as the printer lays them out: ReceiptView (a posted sale or return from the ledger) → the printer's
// SaleReceiptData / ReturnReceiptData / CardSlipData and their documents, in the cashier's language. Pure: no I/O.
import { layoutCardSlip, layoutReturnReceipt, layoutSaleReceipt } from '../native/escpos/layouts';
import type {
  CardSlipData,
  Columns,
  LayoutOptions,
  ReturnReceiptData,
  SaleLineData,
  SaleReceiptData,
  StoreHeaderData,
  TaxRowData,
  TenderData,
} from '../native/escpos/receipt-data';
import type { ReceiptDoc } from '../native/escpos/receipt-doc';
import type { TillConfig } from './config';
import type { Language, ReceiptView, SaleLineView, TaxSummaryView, TenderView } from './contract';

/** Which piece of paper: the receipt itself, one card-slip copy, or everything a posting prints. */
export type ReceiptCopy = 'receipt' | 'merchant' | 'customer' | 'all';

export interface ReceiptDocumentOptions {
  lang: Language;
  /** Printer columns from the configuration (32 for 58 mm, 42 or 48 for 80 mm). */
  columns: number;
  /** Printed again from the ledger: the REPRINT marker with this time (ISO, UTC). */
  reprintAt?: string;
  /**
   * Each line's own discount (without its share of the basket discount), by line id. ReceiptView's discountAmount
   * includes the basket share; without this split a basket discount would print twice (on the lines and as a row).
   */
  lineDiscounts?: ReadonlyMap<string, number>;
}

type StoreConfig = Pick<TillConfig, 'storeName' | 'storeAddress' | 'tillId' | 'timeZone'>;

/** The printer's column counts are 32, 42 or 48; the configuration allows any width in 32..48. */
export function printerColumns(columns: number): Columns {
  return columns <= 36 ? 32 : columns <= 45 ? 42 : 48;
}

export function layoutOptions(options: Pick<ReceiptDocumentOptions, 'lang' | 'columns'>): LayoutOptions {
  const columns = printerColumns(options.columns);
  return { paper: columns === 32 ? 58 : 80, columns, lang: options.lang };
}

const localFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * ISO instant (UTC, as the ledger stores it) → the shop's local `YYYY-MM-DDTHH:MM:SS` (the layouts print text and
 * have no clock or time zone). The shop's configured zone, else the machine's.
 */
export function localDateTime(iso: string, timeZone: string | undefined): string {
  const key = timeZone ?? '';
  let format = localFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    localFormats.set(key, format);
  }
  const parts = Object.fromEntries(format.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}`;
}

/** Basis points as the rate prints: 1300 → "13%", 650 → "6.5%", 1225 → "12.25%" (integer text, no float). */
export function rateText(rateBp: number): string {
  const whole = Math.trunc(rateBp / 100);
  const frac = String(rateBp % 100).padStart(2, '0').replace(/0+$/, '');
  return `${whole}${frac ? `.${frac}` : ''}%`;
}

function store(config: StoreConfig): StoreHeaderData {
  return { name: config.storeName, lines: [...config.storeAddress] };
}

function line(l: SaleLineView, lang: Language, lineDiscount: number): SaleLineData {
  // The cashier's language first, the other language small underneath (UX.md), when the product has both.
  const zh = l.nameZh && l.nameZh.trim() !== '' ? l.nameZh : null;
  const name = lang === 'zh' && zh ? zh : l.name;
  const altName = zh ? (lang === 'zh' ? l.name : zh) : undefined;
  return {
    name,
    ...(altName && altName !== name ? { altName } : {}),
    quantity: l.quantityKind === 'weight' ? { grams: l.quantity } : { count: l.quantity },
    unitPrice: l.unitPrice,
    amount: l.gross,
    ...(lineDiscount !== 0 ? { discount: { amount: lineDiscount } } : {}),
    taxCode: l.taxCode,
  };
}

function taxRows(rows: TaxSummaryView[]): TaxRowData[] {
  return rows.map((t) => ({ code: t.taxCode, rateText: rateText(t.rateBp), net: t.net, tax: t.tax, gross: t.gross }));
}

function tender(t: TenderView): TenderData {
  if (t.kind === 'card') {
    return {
      kind: 'card',
      amount: t.amount,
      ...(t.card?.maskedPan ? { cardMasked: t.card.maskedPan } : {}),
      ...(t.card?.authCode ? { authCode: t.card.authCode } : {}),
    };
  }
  return { kind: 'cash', amount: t.amount };
}

/** The receipt's data for the layouts: a sale receipt or a return receipt. */
export function receiptData(view: ReceiptView, config: StoreConfig, options: ReceiptDocumentOptions): SaleReceiptData | ReturnReceiptData {
  const live = view.lines.filter((l) => !l.voided);
  const discountOf = (l: SaleLineView) => options.lineDiscounts?.get(l.lineId) ?? (view.basketDiscount ? 0 : l.discountAmount);
  const lines = live.map((l) => line(l, options.lang, discountOf(l)));
  const common = {
    currency: view.currency,
    store: store(config),
    receiptNo: view.receiptNumber,
    tillId: config.tillId,
    cashier: view.cashier,
    at: localDateTime(view.postedAt, config.timeZone),
    receiptCode: 'barcode' as const,
    training: view.training,
    ...(options.reprintAt ? { reprint: { at: localDateTime(options.reprintAt, config.timeZone) } } : {}),
  };
  if (view.kind === 'return') {
    return {
      ...common,
      ...(view.originalReceiptNumber ? { originalReceiptNo: view.originalReceiptNumber } : {}),
      lines,
      total: view.total,
      taxes: taxRows(view.taxSummary),
      refunds: view.tenders.map(tender),
      // The drawer opens through its own outbox row (topic 'drawer'), never from inside a receipt's bytes.
      openDrawer: false,
    };
  }
  const lineDiscountTotal = live.reduce((s, l) => s + discountOf(l), 0);
  const basket = view.discountTotal - lineDiscountTotal;
  return {
    ...common,
    lines,
    subtotal: view.subtotal - lineDiscountTotal,
    ...(basket !== 0 ? { basketDiscount: { amount: basket } } : {}),
    total: view.total,
    taxes: taxRows(view.taxSummary),
    tenders: view.tenders.map(tender),
    change: view.change,
    openDrawer: false,
  };
}

export function cardSlipData(view: ReceiptView, config: StoreConfig, copy: 'merchant' | 'customer', options: Pick<ReceiptDocumentOptions, 'reprintAt'>): CardSlipData | null {
  // The PIN pad may send each copy's own lines (cardSlips, by copy); else the one set of lines serves both copies.
  const slips = (view as ReceiptView & { cardSlips?: { copy: string; lines: string[] }[] }).cardSlips ?? [];
  const own = slips.filter((s) => s.copy === copy).flatMap((s) => s.lines);
  const lines = own.length > 0 ? own : (view.cardSlip ?? []);
  if (lines.length === 0) return null;
  return {
    copy,
    lines: [...lines],
    store: store(config),
    receiptNo: view.receiptNumber,
    training: view.training,
    ...(options.reprintAt ? { reprint: { at: localDateTime(options.reprintAt, config.timeZone) } } : {}),
  };
}

/**
 * The documents one print job carries, in paper order: the receipt, then the card slip's customer and merchant
 * copies when a card was used (one job, so a retry can never print the slip without its receipt or twice).
 */
export function receiptDocuments(view: ReceiptView, config: StoreConfig, options: ReceiptDocumentOptions & { copy?: ReceiptCopy }): ReceiptDoc[] {
  const copy = options.copy ?? 'all';
  const layout = layoutOptions(options);
  const docs: ReceiptDoc[] = [];
  if (copy === 'all' || copy === 'receipt') {
    const data = receiptData(view, config, options);
    docs.push(view.kind === 'return' ? layoutReturnReceipt(data as ReturnReceiptData, layout) : layoutSaleReceipt(data as SaleReceiptData, layout));
  }
  for (const slipCopy of ['customer', 'merchant'] as const) {
    if (copy !== 'all' && copy !== slipCopy) continue;
    const slip = cardSlipData(view, config, slipCopy, options);
    if (slip) docs.push(layoutCardSlip(slip, layout));
  }
  return docs;
}
