// The one line where the till says what happened and what to do (errors, confirmations). Announced to screen readers.
// Inline on the sell screen (between the search field and the lines, so it never hides the last line), floating
// elsewhere. Confirmations fade after a few seconds; problems stay until closed or the next action succeeds.
import { useEffect } from 'react';
import { useUiStore } from '../stores/ui';
import { Icon } from './Icon';

const icons = { error: 'stop', attention: 'attention', info: 'info', ok: 'ok' } as const;
const FADE_MS = 4000;

export function NoticeLine({ variant }: { variant: 'inline' | 'floating' }) {
  const notice = useUiStore((s) => s.notice);
  const clear = useUiStore((s) => s.clearNotice);
  useEffect(() => {
    if (!notice || (notice.tone !== 'ok' && notice.tone !== 'info')) return undefined;
    const timer = window.setTimeout(() => {
      if (useUiStore.getState().notice?.seq === notice.seq) clear();
    }, FADE_MS);
    return () => window.clearTimeout(timer);
  }, [notice, clear]);
  return (
    <div className={`notice-slot notice-${variant}`} aria-live="polite">
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
