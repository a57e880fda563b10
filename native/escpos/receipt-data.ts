// Plain data the receipt layouts take (what the service fills from the ledger). Owns only types: no I/O, and it
// never imports the service, db or any device module, so the service can build these from stored rows.

/** Receipt language: labels come from UX.md's word list. */
export type ReceiptLang = 'en' | 'zh';
/** Paper roll width in millimetres. */
export type PaperWidth = 58 | 80;
/** Characters per line in font A: 58 mm → 32; 80 mm → 48 (or 42 on printers with a 512-dot head). */
export type Columns = 32 | 42 | 48;

/**
 * Amounts are integer minor units (safe integers) of `currency` (ISO 4217). A layout never divides or rounds them;
 * it only formats the digits (see money-text.ts).
 */
export type MinorUnits = number;

export interface StoreHeaderData {
  name: string;
  /** Address, phone, opening hours… printed centred under the name. */
  lines: string[];
  taxId?: string;
  /** NV logo stored in the printer (key 1..99); printed above the name. Omit for no logo. */
  logoKey?: number;
}

/** Counted items (`count`) or weighed goods in grams (`grams`, priced per kilogram). */
export type QuantityData = { count: number } | { grams: number };

export interface SaleLineData {
  name: string;
  /** The product's name in the other language, printed small under the name when present. */
  altName?: string;
  quantity: QuantityData;
  /** Price per unit (per item, or per kg for weighed goods). */
  unitPrice: MinorUnits;
  /** Line amount before the line discount. */
  amount: MinorUnits;
  /** Line discount as a positive amount; printed as a negative row under the line. */
  discount?: { amount: MinorUnits; label?: string };
  /** Tax code letter printed at the right of the line (matches TaxRowData.code). */
  taxCode?: string;
}

export interface TaxRowData {
  /** Short code used on the lines, e.g. "A". */
  code: string;
  /** Rate as text exactly as it should print, e.g. "13%" (kept text so no float ever touches it). */
  rateText: string;
  net: MinorUnits;
  tax: MinorUnits;
  gross: MinorUnits;
}

export type TenderKind = 'cash' | 'card' | 'other';

export interface TenderData {
  kind: TenderKind;
  /** Label for 'other' tenders (voucher…); cash and card use the UX words. */
  label?: string;
  amount: MinorUnits;
  /** For card tenders: masked PAN and auth code as the PIN pad returned them. */
  cardMasked?: string;
  authCode?: string;
}

/** How the receipt number is printed at the bottom for scanning at returns. */
export type ReceiptCodeKind = 'barcode' | 'qr' | 'none';

export interface ReceiptCommonData {
  currency: string;
  store: StoreHeaderData;
  /** Gap-free receipt number as text (e.g. "T01-000123"). */
  receiptNo: string;
  tillId: string;
  cashier: string;
  /** Local date-time, ISO text `YYYY-MM-DDTHH:MM[:SS]`; printed as `YYYY-MM-DD HH:MM` (no Date, no time zone). */
  at: string;
  footer?: string[];
  receiptCode?: ReceiptCodeKind;
  /** Training-mode receipt: watermarked, never a real fiscal document. */
  training?: boolean;
  /** Printed again from the ledger: REPRINT marker with the reprint time. */
  reprint?: { at: string };
}

export interface SaleReceiptData extends ReceiptCommonData {
  lines: SaleLineData[];
  /** Sum of line amounts minus line discounts. */
  subtotal: MinorUnits;
  basketDiscount?: { amount: MinorUnits; label?: string };
  total: MinorUnits;
  taxes: TaxRowData[];
  tenders: TenderData[];
  change: MinorUnits;
  /** Open the drawer after printing (cash tender). */
  openDrawer?: boolean;
}

export interface ReturnReceiptData extends ReceiptCommonData {
  /** Receipt number of the sale the goods came from, if the customer had it. */
  originalReceiptNo?: string;
  reason?: string;
  /** Returned lines; amounts positive, printed as refunds (negative). */
  lines: SaleLineData[];
  total: MinorUnits;
  taxes: TaxRowData[];
  /** How the refund was paid out. */
  refunds: TenderData[];
  openDrawer?: boolean;
}

export type CardSlipCopy = 'merchant' | 'customer';

export interface CardSlipData {
  copy: CardSlipCopy;
  /** Lines exactly as the PIN pad sent them (06 D1 / 06 D3), printed verbatim in font A. */
  lines: string[];
  store?: StoreHeaderData;
  receiptNo?: string;
  training?: boolean;
  reprint?: { at: string };
}

export interface ReportRowData {
  label: string;
  amount?: MinorUnits;
  count?: number;
  /** Free text on the right instead of an amount (e.g. "OK", "MISMATCH"). */
  text?: string;
  /** Print the row bold (totals, variances). */
  strong?: boolean;
}

export interface ReportSectionData {
  title: string;
  rows: ReportRowData[];
}

export interface ReportData {
  kind: 'X' | 'Z';
  /** Z number (gap-free); X reports have none. */
  number?: number;
  currency: string;
  store: StoreHeaderData;
  tillId: string;
  shiftId?: string;
  cashier?: string;
  openedAt?: string;
  at: string;
  sections: ReportSectionData[];
  training?: boolean;
  reprint?: { at: string };
}

export interface LayoutOptions {
  paper: PaperWidth;
  /** Override the column count (42 for 80 mm printers with a 512-dot head). */
  columns?: Columns;
  lang: ReceiptLang;
}

export function columnsFor(options: LayoutOptions): Columns {
  if (options.columns !== undefined) return options.columns;
  return options.paper === 58 ? 32 : 48;
}
