// A cashier action button: the word, and the key that does the same (UX: every action has a key, shown on it).
import type { ReactNode } from 'react';

interface Props {
  label: ReactNode;
  hotkey?: string;
  onClick(): void;
  disabled?: boolean;
  variant?: 'primary' | 'default' | 'danger' | 'quiet';
  className?: string;
  testId?: string;
}

export function ActionButton({ label, hotkey, onClick, disabled, variant = 'default', className, testId }: Props) {
  return (
    <button
      type="button"
      className={`action action-${variant} ${className ?? ''}`}
      onClick={onClick}
      disabled={disabled}
      data-testid={testId}
      aria-keyshortcuts={hotkey}
    >
      <span className="action-label">{label}</span>
      {hotkey ? <kbd className="action-key">{hotkey}</kbd> : null}
    </button>
  );
}
