// A modal dialog: title, body, Esc closes; optionally blocks the scanner (PIN and amount entry).
// Takes the keyboard while open (top key scope) and gives focus back to where it was.
import { useEffect, useRef, type ReactNode } from 'react';
import { useKeyScope } from './hooks';

interface Props {
  title: ReactNode;
  children: ReactNode;
  onClose(): void;
  /** PIN or amount dialogs: a fast burst of digits is typing, not a scan. */
  blocksScanner?: boolean;
  /** Extra key handling (return true when handled); Esc is always "close". */
  onKey?(event: KeyboardEvent): boolean;
  className?: string;
  testId?: string;
  tone?: 'default' | 'manager' | 'danger';
}

export function Dialog({ title, children, onClose, blocksScanner, onKey, className, testId, tone = 'default' }: Props) {
  const panel = useRef<HTMLDivElement>(null);
  useKeyScope(
    (event) => {
      if (event.key === 'Escape') {
        onClose();
        return true;
      }
      return onKey?.(event) ?? false;
    },
    { blocksScanner },
  );
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const first = panel.current?.querySelector<HTMLElement>('[data-autofocus], input, select, textarea, button');
    first?.focus();
    return () => previous?.focus();
  }, []);
  return (
    <div className="dialog-backdrop">
      <div
        ref={panel}
        className={`dialog dialog-${tone} ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby="dialog-title"
        data-testid={testId}
      >
        <h2 id="dialog-title" className="dialog-title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}
