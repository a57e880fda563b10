// Receipt words in English and Simplified Chinese, one word per concept as UX.md's word list fixes them.
// Pure data; never imports anything.
import type { ReceiptLang } from './receipt-data';

export interface ReceiptLabels {
  receipt: string;
  returnReceipt: string;
  receiptNo: string;
  till: string;
  cashier: string;
  date: string;
  subtotal: string;
  discount: string;
  total: string;
  taxSummary: string;
  rate: string;
  net: string;
  tax: string;
  gross: string;
  tendered: string;
  cash: string;
  card: string;
  change: string;
  refund: string;
  refundTotal: string;
  originalReceipt: string;
  reason: string;
  training: string;
  trainingNote: string;
  reprint: string;
  merchantCopy: string;
  customerCopy: string;
  xReport: string;
  zReport: string;
  shift: string;
  openedAt: string;
  items: string;
}

export const LABELS: Record<ReceiptLang, ReceiptLabels> = {
  en: {
    receipt: 'RECEIPT',
    returnReceipt: 'RETURN / REFUND',
    receiptNo: 'Receipt',
    till: 'Till',
    cashier: 'Cashier',
    date: 'Date',
    subtotal: 'Subtotal',
    discount: 'Discount',
    total: 'TOTAL',
    taxSummary: 'Tax',
    rate: 'Rate',
    net: 'Net',
    tax: 'Tax',
    gross: 'Gross',
    tendered: 'Tendered',
    cash: 'Cash',
    card: 'Card',
    change: 'Change',
    refund: 'Refund',
    refundTotal: 'REFUND TOTAL',
    originalReceipt: 'Original receipt',
    reason: 'Reason',
    training: 'TRAINING',
    trainingNote: 'Training mode - not a valid receipt',
    reprint: 'REPRINT',
    merchantCopy: 'MERCHANT COPY',
    customerCopy: 'CUSTOMER COPY',
    xReport: 'X REPORT',
    zReport: 'Z REPORT (END OF DAY)',
    shift: 'Shift',
    openedAt: 'Opened',
    items: 'Items',
  },
  zh: {
    receipt: '小票',
    returnReceipt: '退货 / 退款',
    receiptNo: '小票号',
    till: '收银台',
    cashier: '收银员',
    date: '日期',
    subtotal: '小计',
    discount: '折扣',
    total: '合计',
    taxSummary: '税额',
    rate: '税率',
    net: '不含税',
    tax: '税额',
    gross: '含税',
    tendered: '实收',
    cash: '现金',
    card: '银行卡',
    change: '找零',
    refund: '退款',
    refundTotal: '退款合计',
    originalReceipt: '原小票',
    reason: '原因',
    training: '培训模式',
    trainingNote: '培训模式 - 非有效小票',
    reprint: '重打',
    merchantCopy: '商户存根',
    customerCopy: '持卡人存根',
    xReport: 'X 报表',
    zReport: 'Z 报表（日结）',
    shift: '班次',
    openedAt: '开班',
    items: '件数',
  },
};
