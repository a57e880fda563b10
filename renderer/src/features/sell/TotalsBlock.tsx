// The totals block: items, subtotal, discounts, tax (per rate on demand) and the total in the largest type.
// Every number is the service's (SaleView); nothing is added up here.
import { useState } from 'react';
import type { SaleView } from '../../../../service/contract';
import { Money } from '../../components/Money';
import { formatPercentBp } from '../../i18n/format';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';

export function TotalsBlock({ sale }: { sale: SaleView | null }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const currency = sale?.currency ?? useStatusStore.getState().status?.currency ?? 'EUR';
  const [showTax, setShowTax] = useState(false);

  return (
    <section className="totals" data-testid="totals" aria-label={t('totals.total')}>
      <dl className="totals-rows">
        <div className="totals-row">
          <dt>{t('totals.items')}</dt>
          <dd className="num" data-testid="item-count">{sale?.itemCount ?? 0}</dd>
        </div>
        <div className="totals-row">
          <dt>{t('totals.subtotal')}</dt>
          <dd className="num">
            <Money amount={sale?.subtotal ?? 0} currency={currency} />
          </dd>
        </div>
        {sale && sale.discountTotal !== 0 ? (
          <div className="totals-row">
            <dt>{t('totals.discounts')}</dt>
            <dd className="num" data-testid="discount-total">
              <Money amount={-sale.discountTotal} currency={currency} />
            </dd>
          </div>
        ) : null}
        <div className="totals-row">
          <dt className="tax-label">
            {t('totals.tax')}
            <button type="button" className="link-button" onClick={() => setShowTax((x) => !x)} aria-expanded={showTax} data-testid="tax-toggle">
              {showTax ? t('totals.hideTax') : t('totals.showTax')}
            </button>
          </dt>
          <dd className="num">
            <Money amount={sale?.taxTotal ?? 0} currency={currency} />
          </dd>
        </div>
      </dl>
      {showTax && sale ? (
        <table className="tax-table">
          <thead>
            <tr>
              <th scope="col">{t('totals.tax')}</th>
              <th scope="col" className="num">{t('totals.net')}</th>
              <th scope="col" className="num">{t('totals.tax')}</th>
              <th scope="col" className="num">{t('totals.gross')}</th>
            </tr>
          </thead>
          <tbody>
            {sale.taxSummary.map((row) => (
              <tr key={row.taxCode}>
                <td>{t('totals.taxRate', { code: row.taxCode, rate: formatPercentBp(row.rateBp, language) })}</td>
                <td className="num"><Money amount={row.net} currency={currency} /></td>
                <td className="num"><Money amount={row.tax} currency={currency} /></td>
                <td className="num"><Money amount={row.gross} currency={currency} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <div className="grand-total">
        <span className="grand-total-label">{t('totals.total')}</span>
        <Money amount={sale?.total ?? 0} currency={currency} className="grand-total-amount" />
      </div>
    </section>
  );
}
