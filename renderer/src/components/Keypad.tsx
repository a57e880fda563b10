// The on-screen numeric keypad (large keys for gloves and wet hands). Emits keys; the owner decides what they mean.
import { useT } from '../stores/ui';
import type { KeypadKey } from '../lib/keypad-entry';

export { applyKeypadKey, type KeypadKey } from '../lib/keypad-entry';

interface Props {
  onKey(key: KeypadKey): void;
  /** Bottom-left key: "." for amounts, "×" (quantity multiplier) on the sell screen, none for PINs and quantities. */
  extraKey?: 'dot' | 'times' | 'none';
  className?: string;
  label?: string;
  enterLabel?: string;
}

/** 7-8-9 on top like every till keypad; ⌫, Clear and a tall Enter down the right. */
export function Keypad({ onKey, extraKey = 'dot', className, label, enterLabel }: Props) {
  const t = useT();
  // mouse-down focus would leave the field the keys type into: keep focus where it is.
  const keep = (e: React.MouseEvent) => e.preventDefault();
  const key = (k: KeypadKey, text: string, extra = '', aria?: string) => (
    <button
      key={k}
      type="button"
      className={`keypad-key ${extra}`}
      onMouseDown={keep}
      onClick={() => onKey(k)}
      tabIndex={-1}
      aria-label={aria}
      data-key={k}
    >
      {text}
    </button>
  );
  return (
    <div className={`keypad ${className ?? ''}`} role="group" aria-label={label}>
      {key('7', '7')}
      {key('8', '8')}
      {key('9', '9')}
      {key('back', '⌫', 'keypad-key-fn', 'Backspace')}
      {key('4', '4')}
      {key('5', '5')}
      {key('6', '6')}
      {key('clear', t('common.clear'), 'keypad-key-fn')}
      {key('1', '1')}
      {key('2', '2')}
      {key('3', '3')}
      {key('enter', enterLabel ?? `${t('action.enter')} ⏎`, 'keypad-key-enter')}
      {extraKey === 'dot' ? key('.', '.') : extraKey === 'times' ? key('times', '×', '', t('action.times')) : null}
      {key('0', '0', extraKey === 'none' ? 'keypad-key-wide' : '')}
      {key('00', '00')}
    </div>
  );
}
