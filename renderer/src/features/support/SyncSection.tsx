// The acquirer link and its store-and-forward backlog: online or not, what waits, the last error, and the review
// list (never dropped: a manager requeues after checking; declined offline approvals are listed as a loss).
import { useEffect } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Icon } from '../../components/Icon';
import { Money } from '../../components/Money';
import { formatDateTime } from '../../i18n/format';
import { useDeviceStore } from '../../stores/devices';
import { useT, useUiStore } from '../../stores/ui';

export function SyncSection() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const sync = useDeviceStore((s) => s.sync);
  const review = useDeviceStore((s) => s.review);
  const busy = useDeviceStore((s) => s.busy);
  const { loadSync, syncNow, requeue } = useDeviceStore.getState();
  useEffect(() => {
    void loadSync();
  }, [loadSync]);
  if (!sync) return <p className="muted">{t('common.working')}</p>;
  const tone = !sync.configured ? 'info' : sync.online ? 'ok' : 'stop';
  return (
    <div className="section-grid" data-testid="sync-section">
      <section className="card">
        <div className="toolbar">
          <h2 className="section-title grow">{t('status.acquirer')}</h2>
          <ActionButton label={busy === 'syncNow' ? t('common.working') : t('sync.now')} onClick={() => void syncNow()} disabled={busy !== null} variant="primary" testId="sync-now" />
        </div>
        <p className={`state-word tone-${tone}`}>
          <Icon name={tone === 'ok' ? 'ok' : tone === 'stop' ? 'stop' : 'info'} />
          {!sync.configured ? t('status.health.not-configured') : sync.online ? t('status.online') : t('status.offline')}
          {sync.simulated ? ` · ${t('status.health.simulated')}` : ''}
        </p>
        <dl className="facts">
          <div><dt>{t('support.where')}</dt><dd className="mono">{sync.address ?? '—'}</dd></div>
          <div><dt>{t('sync.backlog')}</dt><dd data-testid="sync-backlog">{t('status.waitingToSync', { count: sync.backlog })}{sync.oldestEnqueuedAt ? ` · ${t('sync.oldest', { time: formatDateTime(sync.oldestEnqueuedAt, language) })}` : ''}</dd></div>
          <div><dt>{t('sync.offlineStored')}</dt><dd>{sync.offlineStored.count} · <Money amount={sync.offlineStored.amount} currency={sync.currency} /></dd></div>
          <div><dt>{t('sync.batch')}</dt><dd>{sync.batchNumber} · {t('sync.sent', { count: sync.sent })}</dd></div>
          {sync.lastError ? <div><dt>{t('sync.lastError')}</dt><dd>{sync.lastError}</dd></div> : null}
          {sync.nextAttemptAt ? <div><dt>{t('sync.nextAttempt')}</dt><dd>{formatDateTime(sync.nextAttemptAt, language)}</dd></div> : null}
        </dl>
      </section>
      <section className="card" data-testid="sync-review">
        <h2 className="section-title">{t('sync.reviewTitle', { count: review?.manualReview.length ?? 0 })}</h2>
        {review && review.manualReview.length === 0 ? <p className="notice tone-ok"><Icon name="ok" /><span>{t('sync.reviewNone')}</span></p> : null}
        <ul className="flag-list">
          {(review?.manualReview ?? []).map((r) => (
            <li key={r.id} className="flag">
              <div className="flag-head">
                <span className="state-word tone-attention"><Icon name="attention" className="icon-small" />{r.kind}</span>
                <Money amount={r.amount} currency={r.currency} />
                <span className="name-secondary">{r.maskedPan} · STAN {r.stan} · {formatDateTime(r.enqueuedAt, language)}</span>
              </div>
              <p>{r.reason}{r.responseCode ? ` (${r.responseCode})` : ''}{r.lastError ? ` · ${r.lastError}` : ''}</p>
              <ActionButton label={t('sync.requeue')} onClick={() => void requeue(r.id)} className="action-small" />
            </li>
          ))}
        </ul>
        {review && review.declined.length > 0 ? (
          <>
            <h3 className="section-title">{t('sync.declinedTitle')}</h3>
            <ul className="flag-list">
              {review.declined.map((d) => (
                <li key={d.uuid} className="flag">
                  <span className="state-word tone-stop"><Icon name="stop" className="icon-small" />{d.responseCode}</span> <Money amount={d.amount} currency={d.currency} />{' '}
                  <span className="name-secondary">{d.maskedPan} · {formatDateTime(d.at, language)}</span>
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
    </div>
  );
}
