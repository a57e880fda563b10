// X and Z reports as the printer lays them out: ReportView → the printer's ReportData (sections of label/amount rows),
// in the cashier's language. The PDF export and the printed report use this one layout.
import type { ReportData, ReportSectionData } from '../native/escpos/receipt-data';
import type { TillConfig } from './config';
import type { Language, ReportView } from './contract';
import { localDateTime, rateText } from './receipt-document';

const WORDS = {
  en: {
    sales: 'Sales', returns: 'Returns', voids: 'Voids', discounts: 'Discounts', overrides: 'Manager overrides', summary: 'Summary',
    tenders: 'Tenders', refunds: 'Refunds', tax: 'Tax', card: 'Card', cash: 'Cash drawer', float: 'Float', taken: 'Cash taken',
    change: 'Change given', cashRefunds: 'Cash refunds', paidIn: 'Paid in', paidOut: 'Paid out', safeDrops: 'Safe drops', rounding: 'Cash rounding',
    expected: 'Expected', counted: 'Counted', variance: 'Variance', count: 'Count by denomination', movements: 'Cash movements',
    reconciliation: 'Reconciliation', ledger: 'Ledger', pinpad: 'PIN pad', acquirer: 'Acquirer', match: 'MATCH', mismatch: 'MISMATCH', missing: 'MISSING',
    flags: 'Open differences', approval: 'Approved by', hash: 'Hash', cardSales: 'Card sales', cardRefunds: 'Card refunds', net: 'net', none: 'none',
    cashTender: 'Cash', cardTender: 'Card', declined: 'Declined after offline approval',
  },
  zh: {
    sales: '销售', returns: '退货', voids: '作废', discounts: '折扣', overrides: '店长授权', summary: '汇总',
    tenders: '收款方式', refunds: '退款', tax: '税额', card: '银行卡', cash: '钱箱', float: '备用金', taken: '现金收入',
    change: '找零', cashRefunds: '现金退款', paidIn: '存入', paidOut: '支出', safeDrops: '上缴', rounding: '现金舍入',
    expected: '应有', counted: '盘点', variance: '差额', count: '按面额盘点', movements: '现金存取',
    reconciliation: '对账', ledger: '账本', pinpad: '密码键盘', acquirer: '收单行', match: '一致', mismatch: '不一致', missing: '缺失',
    flags: '未解决差异', approval: '授权人', hash: '哈希', cardSales: '银行卡销售', cardRefunds: '银行卡退款', net: '净额', none: '无',
    cashTender: '现金', cardTender: '银行卡', declined: '离线批准后被拒',
  },
} as const;

export function reportData(report: ReportView, lang: Language, config: Pick<TillConfig, 'storeAddress' | 'timeZone'>): ReportData {
  const local = (iso: string) => localDateTime(iso, config.timeZone);
  const w = WORDS[lang];
  const tenderName = (kind: string) => (kind === 'cash' ? w.cashTender : kind === 'card' ? w.cardTender : kind);
  const sections: ReportSectionData[] = [
    {
      title: w.summary,
      rows: [
        { label: w.sales, count: report.sales.count, amount: report.sales.amount, strong: true },
        { label: w.returns, count: report.returns.count, amount: report.returns.amount },
        { label: w.voids, count: report.voids.count, amount: report.voids.amount },
        { label: w.discounts, count: report.discounts.count, amount: report.discounts.amount },
        { label: w.overrides, count: report.overrides },
      ],
    },
    {
      title: w.tenders,
      rows: report.tenders.length ? report.tenders.map((t) => ({ label: tenderName(t.kind), count: t.count, amount: t.amount })) : [{ label: w.none, text: '' }],
    },
  ];
  if (report.refunds.length) sections.push({ title: w.refunds, rows: report.refunds.map((t) => ({ label: tenderName(t.kind), count: t.count, amount: t.amount })) });
  sections.push({
    title: w.tax,
    rows: report.tax.map((t) => ({ label: `${t.taxCode} ${rateText(t.rateBp)} ${w.net}`, amount: t.net })).flatMap((row, i) => [
      row,
      { label: `${report.tax[i]!.taxCode} ${w.tax}`, amount: report.tax[i]!.tax },
    ]),
  });
  sections.push({
    title: w.card,
    rows: [
      { label: w.cardSales, count: report.card.sales.count, amount: report.card.sales.amount },
      { label: w.cardRefunds, count: report.card.refunds.count, amount: report.card.refunds.amount },
      ...report.card.byBrand.map((b) => ({ label: `  ${b.brand}`, count: b.salesCount, amount: b.salesAmount - b.refundsAmount })),
    ],
  });
  const cash = report.cash;
  sections.push({
    title: w.cash,
    rows: [
      { label: w.float, amount: cash.float },
      { label: w.taken, amount: cash.taken },
      { label: w.change, amount: -cash.change },
      { label: w.cashRefunds, amount: -cash.refunds },
      { label: w.paidIn, amount: cash.paidIn },
      { label: w.paidOut, amount: -cash.paidOut },
      { label: w.safeDrops, amount: -cash.safeDrops },
      ...(cash.rounding ? [{ label: w.rounding, amount: cash.rounding }] : []),
      { label: w.expected, amount: cash.expected, strong: true },
      ...(cash.counted !== null ? [{ label: w.counted, amount: cash.counted, strong: true }, { label: w.variance, amount: cash.variance ?? 0, strong: true }] : []),
    ],
  });
  if (cash.countLines?.some((l) => l.count > 0)) {
    sections.push({ title: w.count, rows: cash.countLines.filter((l) => l.count > 0).map((l) => ({ label: `${l.count} × ${l.value}`, amount: l.amount })) });
  }
  if (report.cashMovements.length) {
    sections.push({
      title: w.movements,
      rows: report.cashMovements.map((m) => ({ label: `${m.kind === 'paid-in' ? w.paidIn : m.kind === 'paid-out' ? w.paidOut : w.safeDrops} ${m.reasonCode}`, amount: m.kind === 'paid-in' ? m.amount : -m.amount })),
    });
  }
  if (report.reconciliation.length) {
    sections.push({
      title: w.reconciliation,
      rows: report.reconciliation.flatMap((r) => [
        { label: w[r.source], text: w[r.status], strong: r.status !== 'match' },
        ...(r.totals ? [{ label: `  ${w.cardSales}`, count: r.totals.sales.count, amount: r.totals.sales.amount }] : []),
        ...(r.status !== 'match' ? [{ label: `  ${(lang === 'zh' && r.detailZh) || r.detail}`.slice(0, 120), text: '' }] : []),
      ]),
    });
  }
  if (report.declinedAfterOffline?.length) {
    sections.push({
      title: w.declined,
      rows: report.declinedAfterOffline.map((d) => ({ label: `${d.maskedPan} (${d.responseCode})`, amount: d.amount, strong: true })),
    });
  }
  if (report.openFlags.length) {
    sections.push({ title: w.flags, rows: report.openFlags.map((f) => ({ label: `Z${f.zNumber} ${f.source}: ${f.detail}`.slice(0, 120), text: '', strong: true })) });
  }
  if (report.approval) sections.push({ title: w.approval, rows: [{ label: report.approval.approver, text: '' }, { label: report.approval.reason.slice(0, 120), text: '' }] });
  if (report.hash) sections.push({ title: w.hash, rows: [{ label: report.hash.slice(0, 32), text: '' }, { label: report.hash.slice(32), text: '' }] });
  return {
    kind: report.kind === 'x' ? 'X' : 'Z',
    ...(report.number !== null ? { number: report.number } : {}),
    currency: report.currency,
    store: { name: report.storeName, lines: [...config.storeAddress] },
    tillId: report.tillId,
    shiftId: String(report.shiftNumber),
    cashier: report.closedBy ?? report.openedBy,
    openedAt: local(report.openedAt),
    at: local(report.closedAt ?? report.generatedAt),
    sections,
    training: report.training,
    ...(report.reprint ? { reprint: { at: local(report.generatedAt) } } : {}),
  };
}
