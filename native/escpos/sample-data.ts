// Sample receipt data (English and Chinese) for the printer test page, the simulator, tests and the print benchmark.
// Pure data builders; never imports I/O.
import type { CardSlipData, LayoutOptions, ReportData, ReturnReceiptData, SaleReceiptData, StoreHeaderData } from './receipt-data';
import { columnsFor } from './receipt-data';
import type { Block, ReceiptDoc } from './receipt-doc';

export const SAMPLE_STORE: StoreHeaderData = {
  name: '好又多 Mart',
  lines: ['上海市南京东路 100 号', 'Tel 021-5555 0100'],
  taxId: 'VAT 91310000 0000',
  logoKey: 1,
};

const ITEMS = [
  { name: '可口可乐 330ml', altName: 'Coca-Cola 330ml', price: 350, tax: 'A' },
  { name: 'Bananas', altName: '香蕉', price: 1200, tax: 'B', weighed: true },
  { name: '全麦面包', altName: 'Wholemeal bread', price: 1290, tax: 'B' },
  { name: 'Milk 1L', altName: '牛奶 1升', price: 1150, tax: 'B' },
  { name: '绿茶 500ml', price: 450, tax: 'A' },
  { name: 'Rice 5kg', altName: '大米 5公斤', price: 4990, tax: 'B' },
];

/** A sale with `lineCount` item lines (every third with quantity 2, every fifth with a line discount), cash paid. */
export function sampleSale(lineCount = 6, extra: Partial<SaleReceiptData> = {}): SaleReceiptData {
  const lines = Array.from({ length: lineCount }, (_, i) => {
    const item = ITEMS[i % ITEMS.length]!;
    const grams = 1234;
    const count = i % 3 === 2 ? 2 : 1;
    const quantity = item.weighed ? { grams } : { count };
    // Weighed: 1.234 kg × price per kg, rounded half up on integers ((grams × price + 500) div 1000).
    const amount = item.weighed ? Math.floor((grams * item.price + 500) / 1000) : count * item.price;
    return {
      name: item.name,
      ...(item.altName ? { altName: item.altName } : {}),
      quantity,
      unitPrice: item.price,
      amount,
      taxCode: item.tax,
      ...(i % 5 === 4 ? { discount: { amount: 50 } } : {}),
    };
  });
  const subtotal = lines.reduce((s, l) => s + l.amount - (l.discount?.amount ?? 0), 0);
  const basket = 100;
  const total = subtotal - basket;
  const cash = (Math.floor(total / 10000) + 1) * 10000;
  return {
    currency: 'CNY',
    store: SAMPLE_STORE,
    receiptNo: 'T01-000123',
    tillId: 'T01',
    cashier: '王芳 Wang',
    at: '2026-11-22T14:05:09',
    lines,
    subtotal,
    basketDiscount: { amount: basket },
    total,
    // Illustrative split (tax maths belongs to core); numbers only need to be consistent for printing.
    taxes: [
      { code: 'A', rateText: '13%', net: 1000, tax: 130, gross: 1130 },
      { code: 'B', rateText: '9%', net: total - 1130 - 90, tax: 90, gross: total - 1130 },
    ],
    tenders: [{ kind: 'cash', amount: cash }],
    change: cash - total,
    footer: ['谢谢惠顾 Thank you!', 'www.example.cn'],
    receiptCode: 'barcode',
    openDrawer: true,
    ...extra,
  };
}

export function sampleReturn(extra: Partial<ReturnReceiptData> = {}): ReturnReceiptData {
  return {
    currency: 'CNY',
    store: SAMPLE_STORE,
    receiptNo: 'T01-000130',
    tillId: 'T01',
    cashier: '王芳 Wang',
    at: '2026-11-22T16:30:00',
    originalReceiptNo: 'T01-000123',
    reason: '质量问题 damaged',
    lines: [{ name: '全麦面包', altName: 'Wholemeal bread', quantity: { count: 1 }, unitPrice: 1290, amount: 1290, taxCode: 'B' }],
    total: 1290,
    taxes: [{ code: 'B', rateText: '9%', net: 1183, tax: 107, gross: 1290 }],
    refunds: [{ kind: 'cash', amount: 1290 }],
    receiptCode: 'qr',
    openDrawer: true,
    ...extra,
  };
}

export function sampleCardSlip(copy: 'merchant' | 'customer', extra: Partial<CardSlipData> = {}): CardSlipData {
  return {
    copy,
    lines: ['TERMINAL-ID 52500038', 'TRACE 000124  RECEIPT 0042', 'VISA  ************1234', 'AMOUNT        CNY 30.00', 'AUTH 123456', 'APPROVED'],
    receiptNo: 'T01-000124',
    ...extra,
  };
}

export function sampleReport(kind: 'X' | 'Z', extra: Partial<ReportData> = {}): ReportData {
  return {
    kind,
    ...(kind === 'Z' ? { number: 7 } : {}),
    currency: 'CNY',
    store: { name: SAMPLE_STORE.name, lines: [] },
    tillId: 'T01',
    shiftId: 'S-2026-11-22-1',
    cashier: '王芳 Wang',
    openedAt: '2026-11-22T08:00:00',
    at: '2026-11-22T22:00:00',
    sections: [
      { title: 'Sales 销售', rows: [{ label: 'Receipts', count: 42 }, { label: 'Gross', amount: 1234550 }, { label: 'Returns', count: 1, amount: -1290 }] },
      { title: 'Tenders', rows: [{ label: 'Cash 现金', amount: 800000 }, { label: 'Card 银行卡', amount: 433260 }] },
      { title: 'Drawer', rows: [{ label: 'Expected', amount: 850000 }, { label: 'Counted', amount: 849500 }, { label: 'Variance 差额', amount: -500, strong: true }] },
      { title: 'Reconciliation', rows: [{ label: 'PIN pad', text: 'OK' }, { label: 'Acquirer', text: 'MISMATCH', strong: true }] },
    ],
    ...extra,
  };
}

/** Printer test page: code pages, Chinese, styles, barcode, QR, logo, cut (for `printer test`). */
export function layoutTestPage(options: LayoutOptions): ReceiptDoc {
  const columns = columnsFor(options);
  const blocks: Block[] = [
    { type: 'text', align: 'center', runs: [{ text: 'PRINTER TEST 打印测试', bold: true, width: 2, height: 2 }] },
    { type: 'separator', char: '=' },
    { type: 'text', align: 'left', runs: [{ text: 'ASCII !"#$%&\'()*+,-./0123456789:;<=>?@' }] },
    { type: 'text', align: 'left', runs: [{ text: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abc{|}~' }] },
    { type: 'text', align: 'left', runs: [{ text: '中文：合计 实收 找零 小票 ¥12.50 ￥12.50' }] },
    { type: 'text', align: 'left', runs: [{ text: 'bold ', bold: true }, { text: 'underline', underline: true }, { text: ' ' }, { text: 'invert', invert: true }] },
    { type: 'text', align: 'left', runs: [{ text: 'W2', width: 2 }, { text: ' H2', height: 2 }, { text: ' 宽高', width: 2, height: 2 }] },
    { type: 'text', align: 'right', runs: [{ text: `${columns} columns →|` }] },
    { type: 'barcode', symbology: 'CODE128', data: 'TEST-0123456789', height: 60, moduleWidth: columns <= 32 ? 1 : 2, hri: true, align: 'center' },
    { type: 'qr', data: 'https://example.cn/till/test', moduleSize: 5, ecc: 'M', align: 'center' },
    { type: 'logo', key: 1, align: 'center' },
    { type: 'feed', lines: 2 },
    { type: 'cut', partial: true },
  ];
  return { blocks };
}
