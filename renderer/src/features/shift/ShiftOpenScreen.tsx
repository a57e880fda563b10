// Opening a shift: the cashier counts the drawer and enters the float. Shown whenever shift.current is null.
// An amount screen: the scanner wedge is blocked here. Calls the shift store only.
import { useState, type FormEvent } from 'react';
import { Keypad, applyKeypadKey, type KeypadKey } from '../../components/Keypad';
import { useKeyScope } from '../../components/hooks';
import { formatMoney, parseAmountInput } from '../../i18n/format';
import { useShiftStore } from '../../stores/shift';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';

export function ShiftOpenScreen() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const showError = useUiStore((s) => s.showError);
  const currency = useStatusStore((s) => s.status?.currency ?? 'EUR');
  const open = useShiftStore((s) => s.open);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const amount = parseAmountInput(text, currency);

  useKeyScope(() => false, { blocksScanner: true });

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy || amount === null) return;
    setBusy(true);
    const r = await open(amount);
    setBusy(false);
    if (!r.ok) showError(r.error);
  };
  const onKey = (key: KeypadKey) => (key === 'enter' ? void submit() : setText((x) => applyKeypadKey(x, key)));

  return (
    <main className="centre-screen" data-testid="shift-open-screen">
      <form className="card narrow" onSubmit={submit}>
        <h1 className="screen-title">{t('shift.openTitle')}</h1>
        <p className="muted">{t('shift.openHint')}</p>
        <label className="field">
          <span className="field-label">{t('shift.float')}</span>
          <input
            className="input input-amount"
            inputMode="decimal"
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoFocus
            data-testid="float-input"
          />
        </label>
        <p className="amount-echo">{amount !== null ? formatMoney(amount, currency, language) : '\u00a0'}</p>
        <Keypad onKey={onKey} enterLabel={`${t('shift.open')} ⏎`} />
        <button type="submit" className="action action-primary wide" disabled={busy || amount === null} data-testid="open-shift">
          <span className="action-label">{t('shift.open')}</span>
          <kbd className="action-key">Enter</kbd>
        </button>
      </form>
    </main>
  );
}
