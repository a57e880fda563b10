// The manager override dialog: who asks for what, the manager's name and PIN, a reason; then the very same call
// is retried with the approval (stores/override). Blocks the scanner: a PIN is never a scan.
import { useState, type FormEvent } from 'react';
import { Dialog } from '../../components/Dialog';
import { Icon } from '../../components/Icon';
import { Keypad, applyKeypadKey, type KeypadKey } from '../../components/Keypad';
import { translate, type MessageKey } from '../../i18n';
import { useOverrideStore } from '../../stores/override';
import { useSessionStore } from '../../stores/session';
import { errorText, useT, useUiStore } from '../../stores/ui';
import { describeOverride } from './override-text';

const REASONS: MessageKey[] = [
  'override.reason.customerService',
  'override.reason.damaged',
  'override.reason.priceMatch',
  'override.reason.cashierError',
  'override.reason.noReceipt',
  'override.reason.other',
];

export function OverrideDialog() {
  const request = useOverrideStore((s) => s.request);
  // A fresh dialog (empty PIN) for every request.
  return request ? <OverrideForm key={request.id} /> : null;
}

function OverrideForm() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const request = useOverrideStore((s) => s.request);
  const attemptError = useOverrideStore((s) => s.attemptError);
  const busy = useOverrideStore((s) => s.busy);
  const { approve, cancel } = useOverrideStore.getState();
  const session = useSessionStore((s) => s.session);
  const managers = useSessionStore((s) => s.users).filter((u) => u.role === 'manager' && u.active);
  const [manager, setManager] = useState(managers[0]?.username ?? '');
  const [pin, setPin] = useState('');
  const [reason, setReason] = useState<MessageKey>(REASONS[0] ?? 'override.reason.other');
  const [note, setNote] = useState('');

  if (!request) return null;
  const valid = manager.trim() !== '' && /^\d{4,8}$/.test(pin);

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (!valid || busy) return;
    // The audit trail keeps the reason in one language (English), whatever the screen shows.
    const text = translate('en', reason) + (note.trim() ? `: ${note.trim()}` : '');
    await approve({ managerUsername: manager.trim(), pin, reason: text });
    setPin('');
  };
  const onKey = (key: KeypadKey) => (key === 'enter' ? void submit() : setPin((p) => applyKeypadKey(p, key, 8)));

  return (
    <Dialog title={t('override.title')} onClose={cancel} blocksScanner tone="manager" className="override" testId="override-dialog">
      <form onSubmit={submit} className="override-form">
        <p className="override-asks" data-testid="override-asks">
          <Icon name="attention" />
          <span>
            {t('override.asks', {
              user: session?.user.displayName ?? '',
              what: describeOverride(request.error, language),
            })}
          </span>
        </p>
        <div className="override-grid">
          <div className="override-left">
            <fieldset className="fieldset">
              <legend className="field-label">{t('override.manager')}</legend>
              {managers.length > 0 ? (
                <div className="segmented segmented-wrap">
                  {managers.map((m) => (
                    <button
                      key={m.username}
                      type="button"
                      role="radio"
                      aria-checked={manager === m.username}
                      className={`segment ${manager === m.username ? 'is-on' : ''}`}
                      onClick={() => setManager(m.username)}
                    >
                      {m.displayName}
                    </button>
                  ))}
                </div>
              ) : (
                <>
                <p className="muted">{t('override.noManagers')}</p>
                <input className="input" value={manager} onChange={(e) => setManager(e.target.value)} autoComplete="off" data-testid="override-manager" />
                </>
              )}
            </fieldset>
            <label className="field">
              <span className="field-label">{t('override.pin')}</span>
              <input
                className="input input-pin"
                type="password"
                inputMode="numeric"
                autoComplete="off"
                maxLength={8}
                value={pin}
                onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
                data-autofocus
                data-testid="override-pin"
              />
            </label>
            <fieldset className="fieldset">
              <legend className="field-label">{t('override.reason')}</legend>
              <div className="reason-list" role="radiogroup">
                {REASONS.map((key) => (
                  <button
                    key={key}
                    type="button"
                    role="radio"
                    aria-checked={reason === key}
                    className={`segment ${reason === key ? 'is-on' : ''}`}
                    onClick={() => setReason(key)}
                  >
                    {t(key)}
                  </button>
                ))}
              </div>
            </fieldset>
            <label className="field">
              <span className="field-label">{t('override.note')}</span>
              <input className="input" value={note} onChange={(e) => setNote(e.target.value)} maxLength={300} autoComplete="off" data-testid="override-note" />
            </label>
          </div>
          <Keypad onKey={onKey} extraKey="none" className="keypad-compact" enterLabel={`${t('override.approve')} ⏎`} label={t('override.pin')} />
        </div>
        {attemptError ? (
          <p className="field-error" role="alert" data-testid="override-error">
            <Icon name="stop" />
            <span>{errorText(attemptError, language)}</span>
          </p>
        ) : null}
        <div className="row">
          <button type="button" className="action action-quiet" onClick={cancel}>
            <span className="action-label">{t('common.cancel')}</span>
            <kbd className="action-key">Esc</kbd>
          </button>
          <button type="submit" className="action action-primary grow" disabled={!valid || busy} data-testid="override-approve">
            <span className="action-label">{t('override.approve')}</span>
            <kbd className="action-key">Enter</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
