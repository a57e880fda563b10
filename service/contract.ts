// The one contract between the till's service and every host (Electron IPC, the loopback web host, the CLI, tests).
// Types and input schemas only: no I/O, no Node, no electron. The renderer may `import type` from this file only.
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------------------------
// Envelope
// ---------------------------------------------------------------------------------------------------------------

/** A stable, documented error code. The message is in the session's language and says what to do next. */
export interface TillError {
  code: string;
  message: string;
  params?: Record<string, string | number>;
}
export type Result<T> = { ok: true; value: T } | { ok: false; error: TillError };

export type Language = 'en' | 'zh';
export type Role = 'cashier' | 'manager' | 'tech';

// ---------------------------------------------------------------------------------------------------------------
// Input schemas: one per method. Amounts are integer minor units; quantities integers (pieces or grams).
// ---------------------------------------------------------------------------------------------------------------

/** Largest amount a single input may carry: 10^12 minor units (10 billion in a 2-decimal currency). */
export const MAX_AMOUNT = 1_000_000_000_000;
const amount = z.int().min(0).max(MAX_AMOUNT);
const positiveAmount = z.int().min(1).max(MAX_AMOUNT);
const quantity = z.int().min(1).max(1_000_000);
const id = z.string().min(1).max(64);
const shortText = z.string().max(200);
const reason = z.string().trim().min(1).max(500);

/** A manager's on-the-spot approval, sent with the retried call after a MANAGER_REQUIRED answer. */
export const overrideSchema = z.object({
  managerUsername: z.string().min(1).max(64),
  pin: z.string().regex(/^\d{4,8}$/),
  reason,
});
export type ManagerOverride = z.infer<typeof overrideSchema>;

export const discountSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('percent'), bp: z.int().min(1).max(10_000) }),
  z.object({ kind: z.literal('amount'), amount: positiveAmount }),
]);
export type DiscountInput = z.infer<typeof discountSchema>;

const empty = z.object({}).strict();
/** A count by denomination: value in minor units (as a string key) → number of notes or coins. */
const denominationCounts = z.record(z.string().regex(/^\d{1,9}$/), z.int().min(0).max(1_000_000));
export const CASH_REASON_CODES = ['float-top-up', 'change-delivery', 'supplier', 'expenses', 'refund-correction', 'bank-deposit', 'other'] as const;
const withOverride = { override: overrideSchema.optional() };

export const productInputSchema = z.object({
  sku: z.string().trim().min(1).max(64),
  name: z.string().trim().min(1).max(200),
  nameZh: z.string().trim().max(200).optional(),
  barcodes: z.array(z.string().regex(/^\d{6,14}$/)).max(20).default([]),
  price: amount,
  taxCode: z.string().min(1).max(16),
  category: z.string().max(100).optional(),
  weighed: z.boolean().default(false),
  active: z.boolean().default(true),
});
export type ProductInput = z.infer<typeof productInputSchema>;

export const schemas = {
  'session.users': empty,
  'session.login': z.object({ username: z.string().min(1).max(64), pin: z.string().min(1).max(16) }).strict(),
  'session.logout': empty,
  'session.current': empty,
  'session.setLanguage': z.object({ language: z.enum(['en', 'zh']) }).strict(),

  'status.get': empty,

  'catalogue.lookup': z.object({ code: z.string().trim().min(1).max(64) }).strict(),
  'catalogue.search': z.object({ query: z.string().max(100), limit: z.int().min(1).max(100).default(20) }).strict(),
  'catalogue.list': z.object({ query: z.string().max(100).default(''), offset: z.int().min(0).default(0), limit: z.int().min(1).max(500).default(100) }).strict(),
  'catalogue.upsert': z.object({ product: productInputSchema }).strict(),
  'catalogue.importCsv': z.object({ csv: z.string().max(64 * 1024 * 1024) }).strict(),
  'catalogue.taxRates': empty,

  'shift.current': empty,
  /** Open with the float counted by denomination (floatCounts), or as one amount (floatAmount) from scripts. */
  'shift.open': z
    .object({ floatAmount: amount.optional(), floatCounts: denominationCounts.optional(), ...withOverride })
    .strict()
    .refine((v) => (v.floatAmount === undefined) !== (v.floatCounts === undefined), { message: 'give floatAmount or floatCounts' }),
  /** Scripts' one-step close: count as one amount, reconcile, confirm. The screens use close.count → close.confirm. */
  'shift.close': z.object({ countedCash: amount, reason: shortText.optional(), ...withOverride }).strict(),
  'shift.handover': z.object({ username: z.string().min(1).max(64), pin: z.string().min(1).max(16), counts: denominationCounts.optional() }).strict(),
  'cash.denominations': empty,
  'cash.movement': z
    .object({
      kind: z.enum(['paid-in', 'paid-out', 'safe-drop']),
      amount: positiveAmount,
      reasonCode: z.enum(CASH_REASON_CODES),
      note: shortText.optional(),
      ...withOverride,
    })
    .strict(),
  'close.count': z.object({ counts: denominationCounts }).strict(),
  'close.reconcile': empty,
  'close.confirm': z.object({ reason: shortText.optional(), ...withOverride }).strict(),
  'report.x': empty,
  /** Print the X report of the open shift on the receipt printer (the figures as they are now). */
  'report.printX': empty,
  'report.z': z.object({ number: z.int().min(1) }).strict(),
  'report.zList': z.object({ offset: z.int().min(0).default(0), limit: z.int().min(1).max(200).default(50), from: z.string().max(40).optional(), to: z.string().max(40).optional() }).strict(),
  'report.reprintZ': z.object({ number: z.int().min(1) }).strict(),
  'report.export': z.object({ kind: z.enum(['x', 'z']), number: z.int().min(1).optional(), format: z.enum(['csv', 'pdf']) }).strict(),
  'report.dayChart': empty,
  'reconciliation.flags': z.object({ includeResolved: z.boolean().default(false) }).strict(),
  'reconciliation.resolve': z.object({ flagId: id, reason, ...withOverride }).strict(),

  'sale.current': empty,
  'sale.scan': z.object({ code: z.string().trim().min(1).max(64), quantity: quantity.optional() }).strict(),
  'sale.addItem': z.object({ productId: id, quantity: quantity.optional() }).strict(),
  'sale.setQuantity': z.object({ lineId: id, quantity, ...withOverride }).strict(),
  'sale.setLineDiscount': z.object({ lineId: id, discount: discountSchema.nullable(), ...withOverride }).strict(),
  'sale.setBasketDiscount': z.object({ discount: discountSchema.nullable(), ...withOverride }).strict(),
  'sale.overridePrice': z.object({ lineId: id, unitPrice: amount, ...withOverride }).strict(),
  'sale.voidLine': z.object({ lineId: id, ...withOverride }).strict(),
  'sale.void': z.object({ reason: shortText.optional(), ...withOverride }).strict(),
  'sale.suspend': z.object({ note: shortText.optional() }).strict(),
  'sale.listSuspended': empty,
  'sale.resume': z.object({ saleId: id }).strict(),

  'payment.addCash': z.object({ amount: positiveAmount }).strict(),
  'payment.removeTender': z.object({ tenderId: id, ...withOverride }).strict(),
  'payment.startCard': z.object({ amount: positiveAmount.optional() }).strict(),
  'payment.cancelCard': empty,
  /** The card payment journal (manager/tech): one payment, the unresolved ones, or the latest. */
  'payment.journal': z.object({ paymentId: id.optional(), openOnly: z.boolean().default(false) }).strict(),
  /** The PIN pad's last stored transaction (Repeat-Receipt), to set beside the journal when resolving by hand. */
  'payment.terminalLastReceipt': empty,
  /** Resolve an unknown card outcome: ask the terminal again ('check'), or a manager decides 'paid' / 'not-paid'. */
  'payment.resolveCard': z.object({ paymentId: id, decision: z.enum(['check', 'paid', 'not-paid']), ...withOverride }).strict(),
  'payment.openDrawer': z.object({ ...withOverride }).strict(),

  'receipt.get': z.object({ receiptNumber: z.string().trim().min(1).max(40) }).strict(),
  'receipt.recent': z.object({ limit: z.int().min(1).max(100).default(20) }).strict(),
  'receipt.reprint': z.object({ receiptNumber: z.string().trim().min(1).max(40) }).strict(),
  /** The virtual printer's rendering of the exact bytes the printer gets for this receipt (or one card-slip copy). */
  'receipt.preview': z
    .object({ receiptNumber: z.string().trim().min(1).max(40), copy: z.enum(['receipt', 'merchant', 'customer']).default('receipt'), language: z.enum(['en', 'zh']).optional() })
    .strict(),
  'report.preview': z.object({ kind: z.enum(['x', 'z']), number: z.int().min(1).optional(), language: z.enum(['en', 'zh']).optional() }).strict(),
  'printer.status': empty,
  'printer.test': empty,

  'return.post': z
    .object({
      receiptNumber: z.string().trim().min(1).max(40).optional(),
      lines: z
        .array(
          z.union([
            z.object({ originalLineId: id, quantity }).strict(),
            z.object({ productId: id, quantity, unitPrice: amount }).strict(),
          ]),
        )
        .min(1)
        .max(500),
      reason: shortText.optional(),
      ...withOverride,
    })
    .strict(),

  /** What a return would refund, per line and per tender, without posting it (the returns screen shows it first). */
  'return.preview': z
    .object({
      receiptNumber: z.string().trim().min(1).max(40).optional(),
      lines: z
        .array(z.union([z.object({ originalLineId: id, quantity }).strict(), z.object({ productId: id, quantity, unitPrice: amount }).strict()]))
        .min(1)
        .max(500),
    })
    .strict(),

  'users.list': empty,
  'users.create': z
    .object({
      username: z.string().regex(/^[a-z0-9._-]{2,32}$/),
      displayName: z.string().trim().min(1).max(64),
      role: z.enum(['cashier', 'manager', 'tech']),
      pin: z.string().regex(/^\d{4,8}$/),
      language: z.enum(['en', 'zh']).default('en'),
    })
    .strict(),
  'users.setPin': z.object({ username: z.string().min(1).max(64), pin: z.string().regex(/^\d{4,8}$/) }).strict(),
  'users.setActive': z.object({ username: z.string().min(1).max(64), active: z.boolean() }).strict(),

  'admin.dbCheck': empty,
  'admin.auditTail': z.object({ limit: z.int().min(1).max(500).default(50) }).strict(),
  /** The till's configuration (devices, currency, tax, limits), and a validated change to it (applies at restart). */
  'admin.configGet': empty,
  'admin.configSet': z.object({ patch: z.record(z.string(), z.unknown()) }).strict(),
  'support.devices': empty,
  'support.traces': z.object({ device: z.enum(['pinpad', 'printer', 'acquirer']).optional(), limit: z.int().min(1).max(500).default(200) }).strict(),
  'support.pinpadTest': empty,
  /** Training only: what the simulated PIN pad does next (approve, decline:51, customer-abort, …), to show a cashier. */
  'support.pinpadScenario': z.object({ scenario: z.string().regex(/^[a-z0-9:,-]{1,100}$/) }).strict(),
  /** Drop and reopen a device's connection (after a cable was replugged). */
  'support.reconnect': z.object({ device: z.enum(['pinpad', 'printer']) }).strict(),
  'support.diagnostics': empty,

  'sync.status': empty,
  'sync.now': empty,
  'sync.review': empty,
  'sync.requeue': z.object({ id: z.int().min(1), ...withOverride }).strict(),
  'sync.reconcile': empty,
} as const;

export type TillMethod = keyof typeof schemas;
export const TILL_METHODS = Object.keys(schemas) as TillMethod[];
export type TillInput<M extends TillMethod> = z.input<(typeof schemas)[M]>;
export type TillParsedInput<M extends TillMethod> = z.output<(typeof schemas)[M]>;

// ---------------------------------------------------------------------------------------------------------------
// Views (JSON results)
// ---------------------------------------------------------------------------------------------------------------

export interface UserView {
  username: string;
  displayName: string;
  role: Role;
  language: Language;
  active: boolean;
}

export interface SessionView {
  user: UserView;
  loggedInAt: string;
}

export interface TaxRateView {
  code: string;
  rateBp: number;
  label: string;
}

export interface ProductView {
  productId: string;
  sku: string;
  name: string;
  nameZh: string | null;
  barcodes: string[];
  price: number;
  currency: string;
  taxCode: string;
  rateBp: number;
  category: string | null;
  weighed: boolean;
  active: boolean;
}

export type DiscountView = { kind: 'percent'; bp: number } | { kind: 'amount'; amount: number };

export interface SaleLineView {
  lineId: string;
  lineNo: number;
  productId: string | null;
  sku: string;
  name: string;
  nameZh: string | null;
  quantity: number;
  quantityKind: 'piece' | 'weight';
  unitPrice: number;
  listUnitPrice: number;
  priceOverridden: boolean;
  discount: DiscountView | null;
  gross: number;
  discountAmount: number;
  total: number;
  taxCode: string;
  rateBp: number;
  tax: number;
  voided: boolean;
}

export interface TaxSummaryView {
  taxCode: string;
  rateBp: number;
  net: number;
  tax: number;
  gross: number;
}

export interface TenderView {
  tenderId: string;
  kind: 'cash' | 'card';
  amount: number;
  /** For card tenders: masked PAN, brand, auth code as the PIN pad returned them. */
  card?: { maskedPan: string | null; brand: string | null; authCode: string | null; trace: string | null };
}

export type SaleStatus = 'open' | 'suspended' | 'posted' | 'voided';

export interface SaleView {
  saleId: string;
  status: SaleStatus;
  training: boolean;
  currency: string;
  cashier: string;
  openedAt: string;
  lines: SaleLineView[];
  basketDiscount: DiscountView | null;
  itemCount: number;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  taxSummary: TaxSummaryView[];
  total: number;
  tenders: TenderView[];
  paid: number;
  remaining: number;
  change: number;
  receiptNumber: string | null;
  postedAt: string | null;
}

/** A posted sale or return as the ledger holds it, for receipts, returns and reprints. */
export interface ReceiptView {
  kind: 'sale' | 'return';
  receiptNumber: string;
  saleId: string;
  training: boolean;
  currency: string;
  cashier: string;
  postedAt: string;
  lines: (SaleLineView & { returnedQuantity: number })[];
  basketDiscount: DiscountView | null;
  subtotal: number;
  discountTotal: number;
  taxTotal: number;
  taxSummary: TaxSummaryView[];
  total: number;
  tenders: TenderView[];
  change: number;
  /** For a return: the receipt it refers to. */
  originalReceiptNumber: string | null;
  /** Card slip lines from the PIN pad, when a card was used. */
  cardSlip: string[] | null;
  /** Every slip the PIN pad sent for this sale's card payments, by copy (merchant, customer). */
  cardSlips?: { copy: string; lines: string[] }[];
}

export interface ReturnPreviewView {
  currency: string;
  lines: { lineId: string | null; productId: string | null; name: string; quantity: number; refund: number; tax: number }[];
  total: number;
  /** Where the money goes back: card first to the card it came from, the rest in cash. */
  tenders: { kind: string; amount: number }[];
}

/** The answer to a tender: the sale as it now stands, and the posted receipt once tenders covered the total. */
export interface PaymentResultView {
  sale: SaleView | null;
  receipt: ReceiptView | null;
}

export interface SuspendedSaleView {
  saleId: string;
  suspendedAt: string;
  cashier: string;
  itemCount: number;
  total: number;
  note: string | null;
}

export interface ShiftView {
  shiftId: string;
  number: number;
  status: 'open' | 'closed';
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  floatAmount: number;
  currency: string;
  salesCount: number;
  salesTotal: number;
  returnsCount: number;
  returnsTotal: number;
  voidsCount: number;
  discountTotal: number;
  tenders: { kind: string; count: number; amount: number }[];
  tax: { taxCode: string; rateBp: number; net: number; tax: number }[];
  cashExpected: number;
  countedCash: number | null;
  variance: number | null;
}

export type DeviceHealth = 'ok' | 'attention' | 'offline' | 'simulated' | 'not-configured';

export interface DeviceStatusView {
  kind: 'pinpad' | 'printer' | 'acquirer';
  health: DeviceHealth;
  /** Status in words (English); the renderer may localise by `code`. */
  detail: string;
  /** The same in Simplified Chinese, where the service has it. */
  detailZh?: string;
  code: string | null;
  address: string | null;
  lastSeenAt: string | null;
}

export interface StatusView {
  tillId: string;
  training: boolean;
  storeName: string;
  currency: string;
  session: SessionView | null;
  shift: { shiftId: string; number: number; openedAt: string } | null;
  devices: DeviceStatusView[];
  sync: { online: boolean; backlog: number; reviewCount: number };
  now: string;
}

/** The acquirer link and its store-and-forward backlog (sync.status, sync.now). Times are ISO strings. */
export interface SyncStatusView {
  online: boolean;
  link: 'unknown' | 'online' | 'offline';
  /** False when no acquirer is configured (mode none) or it could not start. */
  configured: boolean;
  /** Talking to the acquirer simulator (training, or a configured loopback simulator). */
  simulated: boolean;
  address: string | null;
  training: boolean;
  /** Advices and reversals waiting for the acquirer's acknowledgement. */
  backlog: number;
  oldestEnqueuedAt: string | null;
  /** Offline-approved payments not yet acknowledged: what the offline caps limit. */
  offlineStored: { count: number; amount: number };
  lastError: string | null;
  nextAttemptAt: string | null;
  reviewCount: number;
  declinedCount: number;
  batchNumber: number;
  /** Acknowledged since the till started. */
  sent: number;
  currency: string;
}

/** A stored card transaction as the manager sees it (masked PAN only). */
export interface SyncTransactionView {
  uuid: string;
  stan: number;
  batchNumber: number;
  terminalId: string;
  kindOfPayment: 'sale' | 'refund';
  amount: number;
  currency: string;
  maskedPan: string;
  authCode: string;
  localDateTime: string;
}

export interface SyncReviewView {
  /** Never dropped: a manager requeues (sync.requeue) after checking. */
  manualReview: (SyncTransactionView & {
    id: number;
    kind: 'advice' | 'reversal';
    reason: string;
    responseCode: string | null;
    at: string;
    enqueuedAt: string;
    sendCount: number;
    failedAttempts: number;
    lastError: string | null;
  })[];
  /** Declined after offline approval: a merchant loss, listed on the next report; never retried with another card. */
  declined: (SyncTransactionView & { responseCode: string; at: string })[];
}

export interface SyncBatchTotalsView {
  debitSales: { count: number; amountMinor: number };
  debitRefunds: { count: number; amountMinor: number };
  creditSales: { count: number; amountMinor: number };
  creditRefunds: { count: number; amountMinor: number };
}

export interface SyncReconcileView {
  /** The batch this call closed (new card payments go into the next), or null if the open one was empty. */
  closedBatch: number | null;
  currentBatch: number;
  results: {
    batchNumber: number;
    ok: boolean;
    code: string;
    message: string;
    balanced: boolean;
    uploaded: boolean;
    localTotals: SyncBatchTotalsView | null;
    hostTotals: SyncBatchTotalsView | null;
  }[];
  status: SyncStatusView;
}

/** What the printer would print: the virtual printer's decode of the exact ESC/POS bytes (receipt.preview, report.preview). */
export interface PrintPreviewView {
  /** Standalone SVG markup: text is XML-escaped inside <text> elements; no script, no external references. */
  svg: string;
  /** The same rendering as text lines (double-width CJK counts as two columns). */
  text: string[];
  /** The bytes that go to the printer for this document (the driver appends only its GS r completion marker). */
  bytesBase64: string;
  columns: number;
}

export interface PrinterStatusView {
  mode: 'virtual' | 'none' | 'device';
  address: string | null;
  /** The printer answered this status query. */
  connected: boolean;
  health: DeviceHealth;
  /** PRINTER_PAPER_OUT, PRINTER_COVER_OPEN, PRINTER_OFFLINE, PRINTER_ERROR, or null when ready. */
  code: string | null;
  /** In the session's language; `words` has both. */
  message: string;
  words: { en: string; zh: string };
  /** Decoded DLE EOT 1..4 bits, or null when the printer did not answer. */
  flags: {
    offline: boolean;
    coverOpen: boolean;
    paperOut: boolean;
    paperNearEnd: boolean;
    error: boolean;
    cutterError: boolean;
    unrecoverableError: boolean;
    autoRecoverableError: boolean;
    drawerPin3High: boolean;
    feedButton: boolean;
  } | null;
  problems: string[];
  queue: { pending: number; review: number; jobInPrinter: string | null; lastError: string | null };
}

export interface PrinterTestView {
  /** The test page went through the print queue as this job (outbox row). */
  jobId: string;
  state: 'done' | 'pending' | 'review';
  before: PrinterStatusView;
  after: PrinterStatusView;
}

export interface ImportReport {
  rows: number;
  imported: number;
  updated: number;
  errors: { row: number; code: string; message: string }[];
}

export interface DbCheckView {
  integrity: 'ok' | string;
  schemaVersion: number;
  appSchemaVersion: number;
  auditEntries: number;
  auditChain: 'ok' | string;
  receiptSeriesContiguous: boolean;
}

export interface AuditEntryView {
  seq: number;
  at: string;
  actor: string | null;
  approver: string | null;
  action: string;
  detail: Record<string, unknown>;
  hash: string;
}

export interface DenominationView {
  value: number;
  kind: 'note' | 'coin';
}

export interface CountLineView {
  value: number;
  kind: 'note' | 'coin';
  count: number;
  amount: number;
}

/** After the blind count: what the ledger expected per tender beside what was counted. */
export interface CloseCompareView {
  currency: string;
  lines: { tender: string; expected: number; counted: number | null; variance: number | null }[];
  countLines: CountLineView[];
  cashVariance: number;
  tolerance: number;
  /** The variance is over the tolerance: a manager approves the close with a reason. */
  needsManager: boolean;
}

export type ReconciliationSource = 'ledger' | 'pinpad' | 'acquirer';

export interface CardTotalsView {
  sales: { count: number; amount: number };
  refunds: { count: number; amount: number };
  byBrand: { brand: string; salesCount: number; salesAmount: number; refundsCount: number; refundsAmount: number }[];
  /** The source does not count refunds (a PIN pad's end of day: per-scheme payment totals and one net amount). */
  refundCountUnknown?: boolean;
}

export interface CardPaymentView {
  paymentId: string;
  saleId: string | null;
  kind: 'authorization' | 'refund' | 'reversal';
  amount: number;
  currency: string;
  state: string;
  outcome: 'paid' | 'not-paid' | 'reversed' | null;
  needsManager: boolean;
  resultCode: number | null;
  message: string | null;
  trace: number | null;
  receiptNo: number | null;
  maskedPan: string | null;
  brand: string | null;
  authCode: string | null;
  unknownReason: string | null;
  createdAt: string;
  events: { at: string; state: string; detail: string | null }[];
  slips: { copy: string; lines: string[] }[];
}

export interface TerminalLastReceiptView {
  amount: number | null;
  trace: number | null;
  receiptNo: number | null;
  resultCode: number | null;
  date: string | null;
  time: string | null;
  lines: string[];
}

export interface ReconciliationView {
  source: ReconciliationSource;
  status: 'match' | 'mismatch' | 'missing';
  totals: CardTotalsView | null;
  /** Differences against the ledger in words, or why the source is missing. */
  detail: string;
  detailZh?: string;
  at: string;
}

export interface ReportView {
  kind: 'x' | 'z';
  number: number | null;
  reprint: boolean;
  training: boolean;
  tillId: string;
  storeName: string;
  currency: string;
  shiftNumber: number;
  openedAt: string;
  openedBy: string;
  closedAt: string | null;
  closedBy: string | null;
  generatedAt: string;
  sales: { count: number; amount: number };
  returns: { count: number; amount: number };
  voids: { count: number; amount: number };
  discounts: { count: number; amount: number };
  overrides: number;
  tenders: { kind: string; count: number; amount: number }[];
  refunds: { kind: string; count: number; amount: number }[];
  tax: { taxCode: string; rateBp: number; net: number; tax: number }[];
  card: CardTotalsView;
  cash: {
    float: number;
    taken: number;
    change: number;
    refunds: number;
    paidIn: number;
    paidOut: number;
    safeDrops: number;
    rounding: number;
    expected: number;
    counted: number | null;
    variance: number | null;
    countLines: CountLineView[] | null;
  };
  cashMovements: { kind: string; amount: number; reasonCode: string; at: string; by: string }[];
  reconciliation: ReconciliationView[];
  /** Differences from this or earlier days still waiting for a manager's resolution. */
  openFlags: ReconciliationFlagView[];
  /** Card payments the PIN pad approved offline that the acquirer later declined: money to recover, listed for the manager. */
  declinedAfterOffline: { at: string; amount: number; maskedPan: string; responseCode: string }[];
  approval: { approver: string; reason: string } | null;
  hash: string | null;
}

export interface ZSummaryView {
  number: number;
  training: boolean;
  shiftNumber: number;
  closedAt: string;
  closedBy: string;
  salesTotal: number;
  cashVariance: number | null;
  flagged: boolean;
  hash: string;
}

export interface ExportView {
  filename: string;
  mimeType: string;
  base64: string;
}

export interface DayChartView {
  currency: string;
  hours: { hour: number; count: number; amount: number }[];
  tenders: { kind: string; amount: number }[];
}

export interface ReconciliationFlagView {
  flagId: string;
  zNumber: number;
  source: string;
  detail: string;
  raisedAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
  resolution: string | null;
}

// ---------------------------------------------------------------------------------------------------------------
// The API map
// ---------------------------------------------------------------------------------------------------------------

interface Outputs {
  'session.users': UserView[];
  'session.login': SessionView;
  'session.logout': null;
  'session.current': SessionView | null;
  'session.setLanguage': SessionView;
  'status.get': StatusView;
  'catalogue.lookup': ProductView;
  'catalogue.search': ProductView[];
  'catalogue.list': { total: number; products: ProductView[] };
  'catalogue.upsert': ProductView;
  'catalogue.importCsv': ImportReport;
  'catalogue.taxRates': TaxRateView[];
  'shift.current': ShiftView | null;
  'shift.open': ShiftView;
  'shift.close': ReportView;
  'shift.handover': ShiftView;
  'cash.denominations': DenominationView[];
  'cash.movement': ShiftView;
  'close.count': CloseCompareView;
  'close.reconcile': ReconciliationView[];
  'close.confirm': ReportView;
  'report.x': ReportView;
  'report.printX': ReportView;
  'report.z': ReportView;
  'report.zList': { total: number; reports: ZSummaryView[] };
  'report.reprintZ': ReportView;
  'report.export': ExportView;
  'report.dayChart': DayChartView;
  'reconciliation.flags': ReconciliationFlagView[];
  'reconciliation.resolve': ReconciliationFlagView;
  'sale.current': SaleView | null;
  'sale.scan': SaleView;
  'sale.addItem': SaleView;
  'sale.setQuantity': SaleView;
  'sale.setLineDiscount': SaleView;
  'sale.setBasketDiscount': SaleView;
  'sale.overridePrice': SaleView;
  'sale.voidLine': SaleView;
  'sale.void': SaleView;
  'sale.suspend': SuspendedSaleView;
  'sale.listSuspended': SuspendedSaleView[];
  'sale.resume': SaleView;
  'payment.addCash': PaymentResultView;
  'payment.removeTender': SaleView;
  'payment.startCard': PaymentResultView;
  'payment.cancelCard': SaleView | null;
  'payment.journal': CardPaymentView[];
  'payment.terminalLastReceipt': TerminalLastReceiptView;
  'payment.resolveCard': CardPaymentView;
  'payment.openDrawer': null;
  'receipt.get': ReceiptView;
  'receipt.recent': ReceiptView[];
  'receipt.reprint': ReceiptView;
  'receipt.preview': PrintPreviewView;
  'report.preview': PrintPreviewView;
  'printer.status': PrinterStatusView;
  'printer.test': PrinterTestView;
  'return.post': ReceiptView;
  'return.preview': ReturnPreviewView;
  'users.list': UserView[];
  'users.create': UserView;
  'users.setPin': UserView;
  'users.setActive': UserView;
  'admin.dbCheck': DbCheckView;
  'admin.auditTail': AuditEntryView[];
  'admin.configGet': Record<string, unknown>;
  'admin.configSet': { config: Record<string, unknown>; restartRequired: boolean };
  'support.devices': SupportDevicesView;
  'support.traces': DeviceTraceView[];
  'support.pinpadTest': { terminalStatus: number; message: string; softwareVersion: string | null; diagnosis: string; lines: string[] };
  'support.pinpadScenario': { scenario: string };
  'support.reconnect': DeviceStatusView;
  'support.diagnostics': ExportView;
  'sync.status': SyncStatusView;
  'sync.now': SyncStatusView;
  'sync.review': SyncReviewView;
  'sync.requeue': SyncStatusView;
  'sync.reconcile': SyncReconcileView;
}

export type TillOutput<M extends TillMethod> = Outputs[M];

/** The service as every host sees it: one async function per method, errors as values. */
export type TillApi = { [M in TillMethod]: (input: TillInput<M>) => Promise<Result<TillOutput<M>>> };

// ---------------------------------------------------------------------------------------------------------------
// Events (service → hosts → renderer)
// ---------------------------------------------------------------------------------------------------------------

export interface DeviceTraceView {
  device: 'pinpad' | 'printer' | 'acquirer';
  at: string;
  direction: 'in' | 'out' | 'local';
  kind: string;
  hex: string;
  meaning: string;
}

export interface SupportDevicesView {
  devices: DeviceStatusView[];
  ports: { path: string; kind: string; source: string; manufacturer?: string }[];
  /** Why discovery fell back to scanning /dev (no udevadm, no permission…), in words. */
  discoveryNote: string | null;
}

export interface TillEvents {
  'status.changed': StatusView;
  'sale.changed': SaleView | null;
  'payment.progress': { saleId: string; paymentId: string; state: string; text: string; textZh: string };
  /** message: in the session's language; words: both (the queue runs without a session after a restart). */
  'print.status': { jobId: string | null; state: 'printing' | 'done' | 'paused' | 'failed'; code: string | null; message: string; words?: { en: string; zh: string } };
  'sync.progress': { online: boolean; backlog: number; sent: number; reviewCount: number; lastError: string | null };
  'catalogue.importProgress': { rowsDone: number; rowsTotal: number };
  'device.trace': DeviceTraceView;
}
export type TillEventName = keyof TillEvents;
export const TILL_EVENTS: TillEventName[] = [
  'status.changed',
  'sale.changed',
  'payment.progress',
  'print.status',
  'sync.progress',
  'catalogue.importProgress',
  'device.trace',
];
export type TillEventListener = <E extends TillEventName>(name: E, payload: TillEvents[E]) => void;

/** What a host holds: the API plus a subscription to events and an orderly shutdown. */
export interface TillService {
  api: TillApi;
  call(method: string, input: unknown): Promise<Result<unknown>>;
  subscribe(listener: TillEventListener): () => void;
  close(): Promise<void>;
}
