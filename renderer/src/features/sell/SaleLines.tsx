// The sale's lines: name (other language small underneath), quantity, unit price, discount, line total.
// The last touched line is highlighted and scrolled into view; a tap selects a line for the line actions.
import { useEffect, useRef } from 'react';
import type { SaleView } from '../../../../service/contract';
import { Money } from '../../components/Money';
import { formatPercentBp, formatQuantity } from '../../i18n/format';
import { useSaleStore } from '../../stores/sale';
import { useT, useUiStore } from '../../stores/ui';
import { lineNames } from './line-name';

export function SaleLines({ sale }: { sale: SaleView | null }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const selectedLineId = useSaleStore((s) => s.selectedLineId);
  const lastLineId = useSaleStore((s) => s.lastLineId);
  const select = useSaleStore((s) => s.select);
  const body = useRef<HTMLTableSectionElement>(null);
  // A notice line appearing above shrinks the list: keep the focused line in view then too.
  const noticeSeq = useUiStore((s) => s.notice?.seq);

  const focusId = selectedLineId ?? lastLineId;
  useEffect(() => {
    if (!focusId) return;
    body.current?.querySelector(`[data-line-id="${CSS.escape(focusId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [focusId, sale?.lines.length, noticeSeq]);

  if (!sale || sale.lines.length === 0) {
    return (
      <div className="sale-empty" data-testid="sale-empty">
        <p>{t('sell.emptySale')}</p>
      </div>
    );
  }

  return (
    <div className="sale-lines" data-testid="sale-lines">
      <table className="lines-table">
        <colgroup>
          <col className="col-no" />
          <col className="col-name" />
          <col className="col-qty" />
          <col className="col-price" />
          <col className="col-discount" />
          <col className="col-total" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col" className="num">#</th>
            <th scope="col">{t('sell.col.item')}</th>
            <th scope="col" className="num">{t('sell.col.qty')}</th>
            <th scope="col" className="num">{t('sell.col.unitPrice')}</th>
            <th scope="col" className="num">{t('sell.col.discount')}</th>
            <th scope="col" className="num">{t('sell.col.total')}</th>
          </tr>
        </thead>
        <tbody ref={body}>
          {sale.lines.map((line) => {
            const names = lineNames(line.name, line.nameZh, language);
            const classes = [
              'line',
              line.lineId === selectedLineId ? 'is-selected' : '',
              line.lineId === lastLineId ? 'is-last' : '',
              line.voided ? 'is-voided' : '',
            ].join(' ');
            return (
              <tr
                key={line.lineId}
                className={classes}
                data-line-id={line.lineId}
                data-testid="sale-line"
                aria-selected={line.lineId === selectedLineId}
                onClick={() => !line.voided && select(line.lineId)}
              >
                <td className="num muted">{line.lineNo}</td>
                <td className="line-names">
                  <span className="line-name">{names.primary}</span>
                  {names.secondary ? <span className="name-secondary">{names.secondary}</span> : null}
                  {line.priceOverridden ? <span className="tag tag-attention">{t('sell.priceOverridden')}</span> : null}
                </td>
                <td className="num line-qty">{formatQuantity(line.quantity, line.quantityKind, language)}</td>
                <td className="num">
                  <Money amount={line.unitPrice} currency={sale.currency} />
                </td>
                <td className="num line-discount">
                  {line.discountAmount !== 0 ? (
                    <>
                      <Money amount={-line.discountAmount} currency={sale.currency} />
                      {line.discount?.kind === 'percent' ? <span className="name-secondary">{formatPercentBp(line.discount.bp, language)}</span> : null}
                    </>
                  ) : null}
                </td>
                <td className="num line-total">
                  <Money amount={line.total} currency={sale.currency} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
