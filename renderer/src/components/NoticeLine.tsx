// The one line where the till says what happened and what to do (errors, confirmations). Announced to screen readers.
import { useUiStore } from '../stores/ui';
import { Icon } from './Icon';

const icons = { error: 'stop', attention: 'attention', info: 'info', ok: 'ok' } as const;

export function NoticeLine() {
  const notice = useUiStore((s) => s.notice);
  const clear = useUiStore((s) => s.clearNotice);
  return (
    <div className="notice-slot" aria-live="polite">
      {notice ? (
        <div key={notice.seq} className={`notice tone-${notice.tone === 'error' ? 'stop' : notice.tone}`} role={notice.tone === 'error' ? 'alert' : 'status'} data-testid="notice">
          <Icon name={icons[notice.tone]} />
          <span className="notice-text">{notice.text}</span>
          <button type="button" className="notice-close" onClick={clear} aria-label="×">
            ×
          </button>
        </div>
      ) : null}
    </div>
  );
}
