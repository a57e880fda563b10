// Card payments the PIN pad approved offline that the acquirer declined later (ReportView.declinedAfterOffline):
// money the shop did not collect, listed for the manager. Display only; amounts are the service's.
import type { ReportView } from '../../../../service/contract';
import { Icon } from '../../components/Icon';
import { Money } from '../../components/Money';
import { formatDateTime } from '../../i18n/format';
import { useT, useUiStore } from '../../stores/ui';

export function DeclinedAfterOffline({ items, currency, testId = 'declined-after-offline' }: { items: ReportView['declinedAfterOffline']; currency: string; testId?: string }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  // An older service (or a stored Z from before the field existed) may not send it: nothing to show then.
  if (!items || items.length === 0) return null;
  return (
    <section className="declined-offline" data-testid={testId} aria-label={t('report.declinedAfterOffline')}>
      <h3 className="section-title state-word tone-stop">
        <Icon name="stop" />
        {t('report.declinedAfterOffline')}
      </h3>
      <p className="small muted">{t('report.declinedHint')}</p>
      {/* A list, not a table: the side column is narrow at 1024 px, and a masked card number must not be cut. */}
      <ul className="declined-list">
        {items.map((d, i) => (
          <li key={`${d.at}-${i}`} data-testid={`${testId}-row`}>
            <span className="declined-main">
              <span className="mono">{d.maskedPan}</span>
              <span className="small muted">
                {formatDateTime(d.at, language)} · {t('report.declinedCode', { code: d.responseCode })}
              </span>
            </span>
            <Money amount={d.amount} currency={currency} className="num" />
          </li>
        ))}
      </ul>
    </section>
  );
}
