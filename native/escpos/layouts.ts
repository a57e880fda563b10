// Receipt layouts: pure functions from plain receipt data (receipt-data.ts) to the document model (receipt-doc.ts).
// No I/O, no clock (times arrive as text), no floats on money. Never imports a transport, the service or the db.
import { LABELS, type ReceiptLabels } from './labels';
import { formatKilograms, formatMoney } from './money-text';
import {
  columnsFor,
  type CardSlipData,
  type LayoutOptions,
  type ReceiptCommonData,
  type ReportData,
  type ReturnReceiptData,
  type SaleLineData,
  type SaleReceiptData,
  type StoreHeaderData,
  type TaxRowData,
  type TenderData,
} from './receipt-data';
import { textColumns, type Align, type Block, type ReceiptDoc, type Run } from './receipt-doc';

const text = (t: string, align: Align = 'left', style: Omit<Run, 'text'> = {}): Block => ({
  type: 'text',
  align,
  runs: [{ text: t, ...style }],
});
const cols = (left: string, right: string, style: Omit<Run, 'text'> = {}): Block => ({
  type: 'columns',
  left: [{ text: left, ...style }],
  right: [{ text: right, ...style }],
});
const blank = (): Block => ({ type: 'text', align: 'left', runs: [] });

/** `2026-11-22T14:05:09` → `2026-11-22 14:05` (text slicing: layouts have no clock and no time zone). */
export function formatLocalDateTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16);
}

function padStartCols(value: string, width: number): string {
  return ' '.repeat(Math.max(0, width - textColumns(value))) + value;
}

function header(store: StoreHeaderData, columns: number): Block[] {
  const blocks: Block[] = [];
  if (store.logoKey !== undefined) blocks.push({ type: 'logo', key: store.logoKey, align: 'center' });
  // The store name is double size when it fits in half the line, else bold at normal size.
  const big = textColumns(store.name) * 2 <= columns;
  blocks.push(text(store.name, 'center', big ? { bold: true, width: 2, height: 2 } : { bold: true }));
  for (const line of store.lines) blocks.push(text(line, 'center'));
  if (store.taxId) blocks.push(text(store.taxId, 'center'));
  return blocks;
}

function markers(data: { training?: boolean; reprint?: { at: string } }, l: ReceiptLabels): Block[] {
  const blocks: Block[] = [];
  if (data.training) blocks.push({ type: 'watermark', text: `*${l.training}*` });
  if (data.reprint) {
    blocks.push(text(`*** ${l.reprint} ***`, 'center', { bold: true, width: 2 }));
    blocks.push(text(formatLocalDateTime(data.reprint.at), 'center'));
  }
  return blocks;
}

function meta(data: ReceiptCommonData, l: ReceiptLabels): Block[] {
  return [
    cols(`${l.receiptNo}: ${data.receiptNo}`, formatLocalDateTime(data.at)),
    cols(`${l.till}: ${data.tillId}`, `${l.cashier}: ${data.cashier}`),
  ];
}

function saleLine(line: SaleLineData, currency: string, l: ReceiptLabels, sign: 1 | -1): Block[] {
  const blocks: Block[] = [];
  const tax = line.taxCode ? ` ${line.taxCode}` : '';
  const amount = formatMoney(sign * line.amount, currency) + tax;
  const single = 'count' in line.quantity && line.quantity.count === 1;
  if (single) {
    blocks.push(cols(line.name, amount));
    if (line.altName) blocks.push(text(`  ${line.altName}`));
  } else {
    blocks.push(text(line.name));
    if (line.altName) blocks.push(text(`  ${line.altName}`));
    const qty =
      'count' in line.quantity
        ? `  ${line.quantity.count} x ${formatMoney(line.unitPrice, currency)}`
        : `  ${formatKilograms(line.quantity.grams)} kg x ${formatMoney(line.unitPrice, currency)}/kg`;
    blocks.push(cols(qty, amount));
  }
  if (line.discount && line.discount.amount !== 0) {
    blocks.push(cols(`  ${line.discount.label ?? l.discount}`, formatMoney(-sign * line.discount.amount, currency) + (tax ? '  ' : '')));
  }
  return blocks;
}

function taxTable(rows: TaxRowData[], currency: string, l: ReceiptLabels, sign: 1 | -1): Block[] {
  if (rows.length === 0) return [];
  const cells = rows.map((r) => [r.net, r.tax, r.gross].map((v) => formatMoney(sign * v, currency)));
  const heads = [l.net, l.tax, l.gross];
  const widths = [0, 1, 2].map((i) => Math.max(textColumns(heads[i]!), ...cells.map((c) => textColumns(c[i]!))));
  const right = (values: string[]) => values.map((v, i) => padStartCols(v, widths[i]!)).join(' ');
  const blocks: Block[] = [cols(l.rate, right(heads))];
  rows.forEach((r, i) => blocks.push(cols(`${r.code} ${r.rateText}`, right(cells[i]!))));
  return blocks;
}

function tenderRows(tenders: TenderData[], currency: string, l: ReceiptLabels, sign: 1 | -1): Block[] {
  const blocks: Block[] = [];
  for (const t of tenders) {
    const label = t.kind === 'cash' ? l.cash : t.kind === 'card' ? l.card : (t.label ?? t.kind);
    blocks.push(cols(label, formatMoney(sign * t.amount, currency)));
    if (t.kind === 'card' && (t.cardMasked || t.authCode)) {
      blocks.push(text(`  ${[t.cardMasked, t.authCode ? `Auth ${t.authCode}` : ''].filter(Boolean).join('  ')}`));
    }
  }
  return blocks;
}

function receiptCode(data: ReceiptCommonData, columns: number): Block[] {
  const kind = data.receiptCode ?? 'barcode';
  if (kind === 'none') return [];
  if (kind === 'qr') return [{ type: 'qr', data: data.receiptNo, moduleSize: columns <= 32 ? 4 : 6, ecc: 'M', align: 'center' }];
  // Module width 2 fits a 12-character CODE128 on 58 mm (384 dots); longer numbers drop to 1.
  return [
    {
      type: 'barcode',
      symbology: 'CODE128',
      data: data.receiptNo,
      height: 60,
      moduleWidth: data.receiptNo.length > 12 && columns <= 32 ? 1 : 2,
      hri: true,
      align: 'center',
    },
  ];
}

function footer(data: ReceiptCommonData, l: ReceiptLabels): Block[] {
  const blocks: Block[] = (data.footer ?? []).map((f) => text(f, 'center'));
  if (data.training) blocks.push(text(l.trainingNote, 'center', { bold: true }), { type: 'watermark', text: `*${l.training}*` });
  return blocks;
}

const end = (drawer: boolean): Block[] => [
  { type: 'feed', lines: 2 },
  { type: 'cut', partial: true },
  ...(drawer ? [{ type: 'pulse', pin: 2, onMs: 100, offMs: 500 } as Block] : []),
];

/** Sale receipt: header, lines (qty × price, line discounts), basket discount, total, tax per rate, tenders, change. */
export function layoutSaleReceipt(data: SaleReceiptData, options: LayoutOptions): ReceiptDoc {
  const l = LABELS[options.lang];
  const columns = columnsFor(options);
  const c = data.currency;
  const sep: Block = { type: 'separator', char: '-' };
  const blocks: Block[] = [
    ...header(data.store, columns),
    ...markers(data, l),
    blank(),
    ...meta(data, l),
    sep,
    ...data.lines.flatMap((line) => saleLine(line, c, l, 1)),
    sep,
    cols(l.subtotal, formatMoney(data.subtotal, c)),
  ];
  if (data.basketDiscount && data.basketDiscount.amount !== 0) {
    blocks.push(cols(data.basketDiscount.label ?? l.discount, formatMoney(-data.basketDiscount.amount, c)));
  }
  blocks.push(
    { type: 'columns', left: [{ text: l.total, bold: true, width: 2, height: 2 }], right: [{ text: formatMoney(data.total, c), bold: true, width: 2, height: 2 }] },
    sep,
    ...tenderRows(data.tenders, c, l, 1),
    // Change only where cash was involved (a card-only sale has none to give).
    ...(data.change !== 0 || data.tenders.some((t) => t.kind === 'cash')
      ? [{ type: 'columns', left: [{ text: l.change, bold: true, height: 2 }], right: [{ text: formatMoney(data.change, c), bold: true, height: 2 }] } as Block]
      : []),
    sep,
    ...taxTable(data.taxes, c, l, 1),
    blank(),
    ...receiptCode(data, columns),
    ...footer(data, l),
    ...end(data.openDrawer ?? false),
  );
  return { blocks };
}

/** Return receipt: the returned lines and the refund, all as negative amounts, with the original receipt number. */
export function layoutReturnReceipt(data: ReturnReceiptData, options: LayoutOptions): ReceiptDoc {
  const l = LABELS[options.lang];
  const columns = columnsFor(options);
  const c = data.currency;
  const sep: Block = { type: 'separator', char: '-' };
  const blocks: Block[] = [
    ...header(data.store, columns),
    text(l.returnReceipt, 'center', { bold: true, width: 2 }),
    ...markers(data, l),
    blank(),
    ...meta(data, l),
  ];
  if (data.originalReceiptNo) blocks.push(cols(l.originalReceipt, data.originalReceiptNo));
  if (data.reason) blocks.push(text(`${l.reason}: ${data.reason}`));
  blocks.push(
    sep,
    ...data.lines.flatMap((line) => saleLine(line, c, l, -1)),
    sep,
    { type: 'columns', left: [{ text: l.refundTotal, bold: true, height: 2 }], right: [{ text: formatMoney(-data.total, c), bold: true, height: 2 }] },
    sep,
    ...tenderRows(data.refunds, c, l, -1),
    sep,
    ...taxTable(data.taxes, c, l, -1),
    blank(),
    ...receiptCode(data, columns),
    ...footer(data, l),
    ...end(data.openDrawer ?? false),
  );
  return { blocks };
}

/** Card slip from the PIN pad's print lines; one document per copy (merchant / customer). */
export function layoutCardSlip(data: CardSlipData, options: LayoutOptions): ReceiptDoc {
  const l = LABELS[options.lang];
  const blocks: Block[] = [];
  if (data.store) blocks.push(text(data.store.name, 'center', { bold: true }));
  blocks.push(text(data.copy === 'merchant' ? l.merchantCopy : l.customerCopy, 'center', { bold: true }));
  blocks.push(...markers(data, l), { type: 'separator', char: '-' });
  // PIN pad lines are already laid out by the terminal; print them verbatim, left, cut to the paper width.
  for (const line of data.lines) blocks.push(text(line));
  blocks.push({ type: 'separator', char: '-' });
  if (data.receiptNo) blocks.push(cols(l.receiptNo, data.receiptNo));
  if (data.training) blocks.push({ type: 'watermark', text: `*${l.training}*` });
  blocks.push(...end(false));
  return { blocks };
}

/** X or Z report: generic sections of label / count / amount rows (the end-of-day code fills them). */
export function layoutReport(data: ReportData, options: LayoutOptions): ReceiptDoc {
  const l = LABELS[options.lang];
  const columns = columnsFor(options);
  const c = data.currency;
  const title = data.kind === 'X' ? l.xReport : l.zReport;
  const blocks: Block[] = [
    ...header(data.store, columns),
    text(title, 'center', { bold: true, width: textColumns(title) * 2 <= columns ? 2 : 1 }),
  ];
  if (data.kind === 'Z' && data.number !== undefined) blocks.push(text(`Z #${data.number}`, 'center', { bold: true, width: 2, height: 2 }));
  blocks.push(...markers(data, l), blank(), cols(`${l.till}: ${data.tillId}`, formatLocalDateTime(data.at)));
  if (data.shiftId) blocks.push(cols(`${l.shift}: ${data.shiftId}`, data.cashier ? `${l.cashier}: ${data.cashier}` : ''));
  if (data.openedAt) blocks.push(cols(l.openedAt, formatLocalDateTime(data.openedAt)));
  for (const section of data.sections) {
    blocks.push({ type: 'separator', char: '=' }, text(section.title, 'left', { bold: true }));
    for (const row of section.rows) {
      const right = [
        row.count !== undefined ? String(row.count) : '',
        row.amount !== undefined ? formatMoney(row.amount, c) : (row.text ?? ''),
      ]
        .filter((s) => s !== '')
        .join('  ');
      blocks.push(cols(row.label, right, row.strong ? { bold: true } : {}));
    }
  }
  blocks.push({ type: 'separator', char: '=' });
  if (data.training) blocks.push({ type: 'watermark', text: `*${l.training}*` });
  blocks.push(...end(false));
  return { blocks };
}
