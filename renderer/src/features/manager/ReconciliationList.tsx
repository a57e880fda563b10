// Ledger vs PIN pad vs acquirer, one row per source: match / mismatch / missing in colour, icon and word, the
// service's explanation of the difference beside. Display only.
import type { ReconciliationView } from '../../../../service/contract';
import { Icon } from '../../components/Icon';
import { Money } from '../../components/Money';
import { localDetail } from '../../i18n/format';
import { useT, useUiStore } from '../../stores/ui';

const TONE = { match: 'ok', mismatch: 'stop', missing: 'attention' } as const;

export function ReconciliationList({ items, currency }: { items: ReconciliationView[]; currency: string }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  return (
    <table className="data-table recon-table" data-testid="reconciliation">
      <thead>
        <tr>
          <th scope="col">{t('recon.source')}</th>
          <th scope="col">{t('recon.status')}</th>
          <th scope="col" className="num">{t('recon.sales')}</th>
          <th scope="col" className="num">{t('recon.refunds')}</th>
          <th scope="col">{t('recon.detail')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((r) => (
          <tr key={r.source} data-status={r.status} data-testid={`recon-${r.source}`}>
            <th scope="row">{t(`recon.source.${r.source}`)}</th>
            <td>
              <span className={`state-word tone-${TONE[r.status]}`}>
                <Icon name={r.status === 'match' ? 'ok' : r.status === 'missing' ? 'attention' : 'stop'} />
                {t(`recon.status.${r.status}`)}
              </span>
            </td>
            <td className="num">{r.totals ? <>{r.totals.sales.count} · <Money amount={r.totals.sales.amount} currency={currency} /></> : '—'}</td>
            <td className="num">{r.totals ? <>{r.totals.refunds.count} · <Money amount={r.totals.refunds.amount} currency={currency} /></> : '—'}</td>
            <td className="recon-detail">{localDetail(r, language)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
