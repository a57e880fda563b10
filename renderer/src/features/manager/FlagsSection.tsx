// Reconciliation flags: differences from this or earlier days (ledger vs PIN pad vs acquirer) stay listed until a
// manager resolves each with a reason (reconciliation.resolve, approved through the override dialog when needed).
import { useEffect, useState, type FormEvent } from 'react';
import type { ReconciliationFlagView } from '../../../../service/contract';
import { Icon } from '../../components/Icon';
import { formatDateTime } from '../../i18n/format';
import { useEodStore } from '../../stores/eod';
import { useT, useUiStore } from '../../stores/ui';

export function FlagsSection() {
  const t = useT();
  const flags = useEodStore((s) => s.flags);
  const [all, setAll] = useState(false);
  useEffect(() => {
    void useEodStore.getState().loadFlags(all);
  }, [all]);
  return (
    <section className="card" data-testid="flags-section">
      <div className="toolbar">
        <h2 className="section-title grow">{t('flags.title')}</h2>
        <label className="check">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} />
          <span>{t('flags.showResolved')}</span>
        </label>
      </div>
      {flags.length === 0 ? (
        <p className="notice tone-ok"><Icon name="ok" /><span>{t('flags.none')}</span></p>
      ) : (
        <ul className="flag-list">
          {flags.map((f) => (
            <FlagRow key={f.flagId} flag={f} />
          ))}
        </ul>
      )}
    </section>
  );
}

function FlagRow({ flag }: { flag: ReconciliationFlagView }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!reason.trim() || busy) return;
    setBusy(true);
    const ok = await useEodStore.getState().resolveFlag(flag.flagId, reason.trim());
    setBusy(false);
    if (ok) useUiStore.getState().notify('ok', t('flags.resolved'));
  };
  const resolved = flag.resolvedAt !== null;
  return (
    <li className={`flag ${resolved ? 'is-resolved' : ''}`} data-testid="flag">
      <div className="flag-head">
        <span className={`state-word ${resolved ? 'tone-ok' : 'tone-attention'}`}>
          <Icon name={resolved ? 'ok' : 'attention'} />
          {resolved ? t('flags.stateResolved') : t('flags.stateOpen')}
        </span>
        <strong>{t('report.zTitle', { number: flag.zNumber })}</strong>
        <span>{t(`recon.source.${flag.source === 'pinpad' || flag.source === 'acquirer' || flag.source === 'ledger' ? flag.source : 'ledger'}`)}</span>
        <span className="name-secondary">{formatDateTime(flag.raisedAt, language)}</span>
      </div>
      <p>{flag.detail}</p>
      {resolved ? (
        <p className="muted">{t('flags.resolvedBy', { name: flag.resolvedBy ?? '', reason: flag.resolution ?? '' })}</p>
      ) : (
        <form className="row" onSubmit={(e) => void submit(e)}>
          <input className="input grow" value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} placeholder={t('flags.reason')} aria-label={t('flags.reason')} />
          <button type="submit" className="action action-primary" disabled={busy || !reason.trim()}>
            <span className="action-label">{t('flags.resolve')}</span>
            <kbd className="action-key">Enter</kbd>
          </button>
        </form>
      )}
    </li>
  );
}
