// The card payment journal (manager): each PIN pad payment with its states; an unknown outcome is resolved here,
// beside the terminal's last stored receipt. Ask the terminal again, or a manager decides paid / not paid. There is
// never a button that charges the card again.
import { useEffect, useState } from 'react';
import type { CardPaymentView } from '../../../../service/contract';
import { ActionButton } from '../../components/ActionButton';
import { Icon } from '../../components/Icon';
import { Money } from '../../components/Money';
import { formatDateTime, formatTime } from '../../i18n/format';
import { useDeviceStore } from '../../stores/devices';
import { useT, useUiStore } from '../../stores/ui';

type Tone = 'ok' | 'attention' | 'stop' | 'info';

export function paymentTone(p: CardPaymentView): Tone {
  if (p.needsManager || (p.outcome === null && p.state !== 'completed')) return 'attention';
  if (p.outcome === 'paid') return 'ok';
  if (p.outcome === 'not-paid' || p.outcome === 'reversed') return 'stop';
  return 'info';
}

export function JournalSection() {
  const t = useT();
  const journal = useDeviceStore((s) => s.journal);
  const openOnly = useDeviceStore((s) => s.journalOpenOnly);
  const receipt = useDeviceStore((s) => s.terminalReceipt);
  const busy = useDeviceStore((s) => s.busy);
  const { loadJournal, loadTerminalReceipt } = useDeviceStore.getState();
  const [selected, setSelected] = useState<string | null>(null);

  useEffect(() => {
    void loadJournal();
    void loadTerminalReceipt();
  }, [loadJournal, loadTerminalReceipt]);

  const current = journal.find((p) => p.paymentId === selected) ?? journal.find((p) => p.needsManager) ?? journal[0] ?? null;
  return (
    <div className="journal-layout" data-testid="journal-section">
      <section className="card journal-list">
        <div className="toolbar">
          <h2 className="section-title grow">{t('journal.title')}</h2>
          <label className="check">
            <input type="checkbox" checked={openOnly} onChange={(e) => void loadJournal(e.target.checked)} data-testid="journal-open-only" />
            <span>{t('journal.openOnly')}</span>
          </label>
        </div>
        {journal.length === 0 ? <p className="muted">{t('journal.none')}</p> : null}
        <ul className="pick-list">
          {journal.map((p) => {
            const tone = paymentTone(p);
            return (
              <li key={p.paymentId}>
                <button type="button" className={`pick-item ${current?.paymentId === p.paymentId ? 'is-on' : ''}`} onClick={() => setSelected(p.paymentId)} data-testid="journal-row">
                  <span className="pick-main">
                    <span className={`state-word tone-${tone}`}>
                      <Icon name={tone === 'ok' ? 'ok' : tone === 'stop' ? 'stop' : tone === 'attention' ? 'attention' : 'info'} className="icon-small" />
                      {t(`journal.kind.${p.kind}`)} · {p.outcome ? t(`journal.outcome.${p.outcome}`) : p.needsManager ? t('journal.needsManager') : p.state}
                    </span>
                    <span className="name-secondary">{[formatTime(p.createdAt, useUiStore.getState().language), p.brand, p.maskedPan, p.trace !== null ? `#${p.trace}` : null].filter(Boolean).join(' · ')}</span>
                  </span>
                  <Money amount={p.kind === 'authorization' ? p.amount : -Math.abs(p.amount)} currency={p.currency} className="pick-amount" />
                </button>
              </li>
            );
          })}
        </ul>
      </section>
      {current ? <PaymentDetail payment={current} /> : <section className="card" />}
      <section className="card terminal-receipt" data-testid="terminal-receipt">
        <div className="toolbar">
          <h2 className="section-title grow">{t('journal.terminalReceipt')}</h2>
          <ActionButton label={busy === 'terminalReceipt' ? t('common.working') : t('support.reload')} onClick={() => void loadTerminalReceipt()} disabled={busy !== null} className="action-small" />
        </div>
        {receipt ? (
          <>
            <p className="small muted">
              {[receipt.amount !== null ? null : t('journal.noAmount'), receipt.trace !== null ? `${t('journal.trace')} ${receipt.trace}` : null, receipt.receiptNo !== null ? `${t('journal.receiptNo')} ${receipt.receiptNo}` : null, receipt.date, receipt.time]
                .filter(Boolean)
                .join(' · ')}
            </p>
            <pre className="receipt-paper slip">{receipt.lines.join('\n')}</pre>
          </>
        ) : (
          <p className="muted">{t('journal.noTerminalReceipt')}</p>
        )}
      </section>
    </div>
  );
}

function PaymentDetail({ payment: p }: { payment: CardPaymentView }) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const { resolveCard, loadTerminalReceipt } = useDeviceStore.getState();
  const [busy, setBusy] = useState(false);
  const decide = async (decision: 'check' | 'paid' | 'not-paid') => {
    setBusy(true);
    const ok = await resolveCard(p.paymentId, decision);
    setBusy(false);
    if (ok) {
      useUiStore.getState().notify('ok', t('journal.resolved'));
      void loadTerminalReceipt();
    }
  };
  const open = p.needsManager || p.outcome === null;
  return (
    <section className="card payment-detail" data-testid="payment-detail">
      <h2 className="section-title">
        {t(`journal.kind.${p.kind}`)} <Money amount={p.amount} currency={p.currency} />
      </h2>
      <dl className="facts">
        <div><dt>{t('journal.state')}</dt><dd>{p.state}{p.outcome ? ` · ${t(`journal.outcome.${p.outcome}`)}` : ''}</dd></div>
        <div><dt>{t('journal.card')}</dt><dd>{[p.brand, p.maskedPan].filter(Boolean).join(' ') || '—'}</dd></div>
        <div><dt>{t('journal.auth')}</dt><dd>{p.authCode ?? '—'}</dd></div>
        <div><dt>{t('journal.trace')}</dt><dd>{p.trace ?? '—'} · {t('journal.receiptNo')} {p.receiptNo ?? '—'}</dd></div>
        {p.message ? <div><dt>{t('journal.message')}</dt><dd>{p.message}</dd></div> : null}
        {p.unknownReason ? <div><dt>{t('journal.unknownReason')}</dt><dd>{p.unknownReason}</dd></div> : null}
      </dl>
      <ol className="event-list">
        {p.events.map((e, i) => (
          <li key={i}>
            <span className="num">{formatTime(e.at, language)}</span> <strong>{e.state}</strong> {e.detail ? <span className="name-secondary">{e.detail}</span> : null}
          </li>
        ))}
      </ol>
      {open ? (
        <div className="resolve" data-testid="resolve-actions">
          <p className="notice tone-attention">
            <Icon name="attention" />
            <span>{t('journal.resolveHint')}</span>
          </p>
          <div className="toolbar">
            <ActionButton label={t('journal.check')} onClick={() => void decide('check')} disabled={busy} variant="primary" testId="resolve-check" />
            <ActionButton label={t('journal.decidePaid')} onClick={() => void decide('paid')} disabled={busy} testId="resolve-paid" />
            <ActionButton label={t('journal.decideNotPaid')} onClick={() => void decide('not-paid')} disabled={busy} variant="danger" testId="resolve-not-paid" />
          </div>
        </div>
      ) : (
        <p className="muted small">{t('journal.createdAt', { time: formatDateTime(p.createdAt, language) })}</p>
      )}
    </section>
  );
}
