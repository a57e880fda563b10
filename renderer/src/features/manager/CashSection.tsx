// Shift and cash: the open shift at a glance, cash movements (paid in, paid out, safe drop, each with a reason)
// and the hand-over to the next cashier (PIN, optional count). Never shows the expected cash (the close is blind).
import { useEffect, useState, type FormEvent } from 'react';
import { Money } from '../../components/Money';
import { useKeyScope } from '../../components/hooks';
import { formatDateTime, formatMoney, parseAmountInput } from '../../i18n/format';
import { CASH_REASONS, useEodStore, type CashReasonCode, type Counts } from '../../stores/eod';
import { useSessionStore } from '../../stores/session';
import { useShiftStore } from '../../stores/shift';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';
import { DenominationCount } from './DenominationCount';
import { managerKey } from './manager-keys';

type MovementKind = 'paid-in' | 'paid-out' | 'safe-drop';
const KINDS: MovementKind[] = ['paid-in', 'paid-out', 'safe-drop'];

export function CashSection() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const shift = useShiftStore((s) => s.shift);
  if (!shift) return null;
  return (
    <div className="section-grid" data-testid="cash-section">
      <section className="card">
        <h2 className="section-title">{t('status.shift', { number: shift.number })}</h2>
        <dl className="facts">
          <div><dt>{t('manager.openedBy')}</dt><dd>{shift.openedBy} · {formatDateTime(shift.openedAt, language)}</dd></div>
          <div><dt>{t('shift.float')}</dt><dd><Money amount={shift.floatAmount} currency={shift.currency} /></dd></div>
          <div><dt>{t('manager.sales')}</dt><dd>{shift.salesCount} · <Money amount={shift.salesTotal} currency={shift.currency} /></dd></div>
          <div><dt>{t('manager.returns')}</dt><dd>{shift.returnsCount} · <Money amount={-Math.abs(shift.returnsTotal)} currency={shift.currency} /></dd></div>
        </dl>
      </section>
      <MovementForm />
      <HandoverForm />
    </div>
  );
}

function MovementForm() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const currency = useStatusStore((s) => s.status?.currency ?? 'EUR');
  const { notify, showError } = useUiStore.getState();
  const [kind, setKind] = useState<MovementKind>('paid-out');
  const [reason, setReason] = useState<CashReasonCode>('expenses');
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const amount = parseAmountInput(text, currency);

  const pick = (k: MovementKind) => {
    setKind(k);
    // The usual reason for each kind first; the cashier can still pick another.
    setReason(k === 'paid-in' ? 'float-top-up' : k === 'safe-drop' ? 'bank-deposit' : 'expenses');
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || amount === null || amount <= 0) return;
    setBusy(true);
    const r = await useEodStore.getState().movement({ kind, amount, reasonCode: reason, note: note.trim() || undefined });
    setBusy(false);
    if (r.ok) {
      notify('ok', t('cash.recorded', { kind: t(`cash.kind.${kind}`), amount: formatMoney(amount, currency, language) }));
      setText('');
      setNote('');
    } else showError(r.error);
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="movement-form">
      <h2 className="section-title">{t('cash.movementTitle')}</h2>
      <div className="segmented" role="radiogroup" aria-label={t('cash.kindLabel')}>
        {KINDS.map((k) => (
          <button key={k} type="button" role="radio" aria-checked={kind === k} className={`segment ${kind === k ? 'is-on' : ''}`} onClick={() => pick(k)} data-testid={`movement-${k}`}>
            {t(`cash.kind.${k}`)}
          </button>
        ))}
      </div>
      <label className="field">
        <span className="field-label">{t('cash.amount')}</span>
        <input className="input input-amount" inputMode="decimal" autoComplete="off" value={text} onChange={(e) => setText(e.target.value)} data-testid="movement-amount" />
      </label>
      <fieldset className="fieldset">
        <legend className="field-label">{t('cash.reason')}</legend>
        <div className="segmented segmented-wrap" role="radiogroup">
          {CASH_REASONS.map((code) => (
            <button key={code} type="button" role="radio" aria-checked={reason === code} className={`segment ${reason === code ? 'is-on' : ''}`} onClick={() => setReason(code)} data-testid={`reason-${code}`}>
              {t(`cash.reasonCode.${code}`)}
            </button>
          ))}
        </div>
      </fieldset>
      <label className="field">
        <span className="field-label">{t('cash.note')}</span>
        <input className="input" value={note} maxLength={200} onChange={(e) => setNote(e.target.value)} data-testid="movement-note" />
      </label>
      <button type="submit" className="action action-primary wide" disabled={busy || amount === null || amount <= 0} data-testid="movement-submit">
        <span className="action-label">
          {t('cash.record', { kind: t(`cash.kind.${kind}`) })}
          {amount !== null && amount > 0 ? ` · ${formatMoney(amount, currency, language)}` : ''}
        </span>
        <kbd className="action-key">Enter</kbd>
      </button>
    </form>
  );
}

function HandoverForm() {
  const t = useT();
  const currency = useStatusStore((s) => s.status?.currency ?? 'EUR');
  const users = useSessionStore((s) => s.users);
  const me = useSessionStore((s) => s.session?.user.username);
  const denominations = useEodStore((s) => s.denominations);
  const { notify, showError } = useUiStore.getState();
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const [withCount, setWithCount] = useState(false);
  const [counts, setCounts] = useState<Counts>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void useEodStore.getState().loadDenominations();
    void useSessionStore.getState().loadUsers();
  }, []);
  // The PIN field: digits are typed, never taken for a scan.
  useKeyScope(managerKey, { blocksScanner: true, enabled: pin !== '' || withCount, aboveParent: true });

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy || !username || !pin) return;
    setBusy(true);
    const r = await useEodStore.getState().handover({ username, pin, counts: withCount ? counts : undefined });
    setBusy(false);
    setPin('');
    if (r.ok) {
      notify('ok', t('handover.done', { name: users.find((u) => u.username === username)?.displayName ?? username }));
      await useSessionStore.getState().restore();
      useUiStore.getState().go('sell');
    } else showError(r.error);
  };

  return (
    <form className="card" onSubmit={(e) => void submit(e)} data-testid="handover-form">
      <h2 className="section-title">{t('handover.title')}</h2>
      <p className="muted">{t('handover.hint')}</p>
      <div className="segmented segmented-wrap" role="radiogroup" aria-label={t('handover.to')}>
        {users
          .filter((u) => u.username !== me)
          .map((u) => (
            <button key={u.username} type="button" role="radio" aria-checked={username === u.username} className={`segment ${username === u.username ? 'is-on' : ''}`} onClick={() => setUsername(u.username)}>
              {u.displayName}
            </button>
          ))}
      </div>
      <label className="field">
        <span className="field-label">{t('handover.pin')}</span>
        <input className="input input-pin" type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))} />
      </label>
      <label className="check">
        <input type="checkbox" checked={withCount} onChange={(e) => setWithCount(e.target.checked)} />
        <span>{t('handover.withCount')}</span>
      </label>
      {withCount ? <DenominationCount denominations={denominations} counts={counts} currency={currency} onChange={(v, n) => setCounts((c) => ({ ...c, [String(v)]: n }))} /> : null}
      <button type="submit" className="action action-primary wide" disabled={busy || !username || pin.length < 4} data-testid="handover-submit">
        <span className="action-label">{t('handover.submit')}</span>
        <kbd className="action-key">Enter</kbd>
      </button>
    </form>
  );
}
