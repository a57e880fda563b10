// A plain monospace preview of a posted receipt from its ReceiptView (the printer's own rendering replaces it later).
// Text only: product names are rendered as text, never as HTML.
import type { ReceiptView } from '../../../../service/contract';
import { formatDateTime, formatMoney, formatPercentBp, formatQuantity } from '../../i18n/format';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';
import { lineNames } from '../sell/line-name';

const WIDTH = 42;

/** Columns a string takes on a receipt: CJK characters are double width, as on the printer. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 2 : 1;
  return width;
}

function row(left: string, right: string): string {
  const space = Math.max(1, WIDTH - displayWidth(left) - displayWidth(right));
  return left + ' '.repeat(space) + right;
}

export function ReceiptPreview({ receipt }: { receipt: ReceiptView }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const storeName = useStatusStore((s) => s.status?.storeName ?? '');
  const money = (n: number) => formatMoney(n, receipt.currency, language);
  const out: string[] = [];
  if (receipt.training) out.push(t('receipt.training'));
  if (storeName) out.push(storeName);
  out.push(receipt.kind === 'return' ? `${t('receipt.return')} · ${t('receipt.number', { number: receipt.receiptNumber })}` : t('receipt.number', { number: receipt.receiptNumber }));
  if (receipt.originalReceiptNumber) out.push(t('receipt.original', { number: receipt.originalReceiptNumber }));
  out.push(`${formatDateTime(receipt.postedAt, language)} · ${t('receipt.cashier', { name: receipt.cashier })}`);
  out.push('-'.repeat(WIDTH));
  for (const line of receipt.lines) {
    if (line.voided) continue;
    const names = lineNames(line.name, line.nameZh, language);
    out.push(names.primary);
    out.push(row(`  ${formatQuantity(line.quantity, line.quantityKind, language)} × ${money(line.unitPrice)}`, money(line.gross)));
    if (line.discountAmount !== 0) out.push(row(`  ${t('receipt.discount')}`, money(-line.discountAmount)));
  }
  out.push('-'.repeat(WIDTH));
  out.push(row(t('receipt.subtotal'), money(receipt.subtotal)));
  if (receipt.discountTotal !== 0) out.push(row(t('receipt.discount'), money(-receipt.discountTotal)));
  out.push(row(t('receipt.total'), money(receipt.total)));
  for (const tax of receipt.taxSummary) out.push(row(`  ${t('receipt.tax', { rate: formatPercentBp(tax.rateBp, language) })}`, money(tax.tax)));
  out.push('');
  for (const tender of receipt.tenders) {
    out.push(row(tender.kind === 'cash' ? t('receipt.cash') : t('receipt.card'), money(tender.amount)));
    if (tender.card?.maskedPan) out.push(`  ${tender.card.brand ?? ''} ${tender.card.maskedPan}`.trimEnd());
  }
  if (receipt.change !== 0) out.push(row(t('receipt.change'), money(receipt.change)));
  if (receipt.cardSlip?.length) {
    out.push('');
    out.push(...receipt.cardSlip);
  }
  if (receipt.training) out.push(t('receipt.training'));

  return (
    <figure className="receipt" data-testid="receipt-preview">
      <figcaption className="receipt-caption">{t('receipt.title')}</figcaption>
      <pre className="receipt-paper">{out.join('\n')}</pre>
    </figure>
  );
}
