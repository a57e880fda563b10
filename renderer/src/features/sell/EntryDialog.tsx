// A number-entry dialog with the keypad (quantity, price override, discount). Blocks the scanner while open.
// The caller parses and acts; the dialog closes when the action says it succeeded.
import { useState, type FormEvent, type ReactNode } from 'react';
import { Dialog } from '../../components/Dialog';
import { Keypad, applyKeypadKey, type KeypadKey } from '../../components/Keypad';
import { useT } from '../../stores/ui';

interface Props {
  title: ReactNode;
  label: string;
  initial?: string;
  integerOnly?: boolean;
  /** Text under the field: the parsed value as the till will use it, or why it is not valid. */
  echo(text: string): ReactNode;
  /** Returns true when done (the dialog closes); false keeps it open (the error is in the notice line). */
  onSubmit(text: string): Promise<boolean>;
  onClose(): void;
  children?: ReactNode;
  testId?: string;
}

export function EntryDialog({ title, label, initial = '', integerOnly, echo, onSubmit, onClose, children, testId }: Props) {
  const t = useT();
  const [text, setText] = useState(initial);
  const [busy, setBusy] = useState(false);
  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    const done = await onSubmit(text);
    setBusy(false);
    if (done) onClose();
  };
  const onKey = (key: KeypadKey) => (key === 'enter' ? void submit() : setText((x) => applyKeypadKey(x, key)));
  return (
    <Dialog title={title} onClose={onClose} blocksScanner testId={testId}>
      <form className="entry-form" onSubmit={submit}>
        {children}
        <label className="field">
          <span className="field-label">{label}</span>
          <input
            className="input input-amount"
            inputMode={integerOnly ? 'numeric' : 'decimal'}
            autoComplete="off"
            value={text}
            onChange={(e) => setText(e.target.value)}
            data-autofocus
            data-testid="entry-input"
          />
        </label>
        <p className="amount-echo">{echo(text)}</p>
        <Keypad onKey={onKey} extraKey={integerOnly ? 'none' : 'dot'} />
        <div className="row">
          <button type="button" className="action action-quiet" onClick={onClose}>
            <span className="action-label">{t('common.cancel')}</span>
            <kbd className="action-key">Esc</kbd>
          </button>
          <button type="submit" className="action action-primary grow" disabled={busy} data-testid="entry-confirm">
            <span className="action-label">{t('common.confirm')}</span>
            <kbd className="action-key">Enter</kbd>
          </button>
        </div>
      </form>
    </Dialog>
  );
}
