// Small line icons drawn as inline SVG (no icon font, no network, CSP-safe). Always paired with a word.
export type IconName = 'ok' | 'attention' | 'stop' | 'info' | 'user' | 'clock' | 'pinpad' | 'printer' | 'link' | 'training' | 'search' | 'back' | 'sync';

const paths: Record<IconName, string> = {
  ok: 'M4 12l5 5L20 6',
  attention: 'M12 3l10 18H2L12 3zM12 10v5M12 18v.5',
  stop: 'M6 6l12 12M18 6L6 18',
  info: 'M12 8v.5M12 11v6M12 2a10 10 0 100 20 10 10 0 000-20z',
  user: 'M12 12a4 4 0 100-8 4 4 0 000 8zM4 21c0-4 4-6 8-6s8 2 8 6',
  clock: 'M12 2a10 10 0 100 20 10 10 0 000-20zM12 6v6l4 2',
  pinpad: 'M6 2h12v20H6zM9 6h6M9 11h.5M12 11h.5M15 11h.5M9 14h.5M12 14h.5M15 14h.5M9 17h.5M12 17h.5M15 17h.5',
  printer: 'M6 9V3h12v6M6 18H3v-9h18v9h-3M6 14h12v7H6z',
  link: 'M10 14a4 4 0 005.66 0l3-3a4 4 0 00-5.66-5.66l-1 1M14 10a4 4 0 00-5.66 0l-3 3a4 4 0 005.66 5.66l1-1',
  training: 'M2 9l10-5 10 5-10 5-10-5zM6 11v5c3 2 9 2 12 0v-5',
  search: 'M10 3a7 7 0 100 14 7 7 0 000-14zM15 15l6 6',
  back: 'M15 5l-7 7 7 7',
  sync: 'M4 12a8 8 0 0114-5l2 2M20 12a8 8 0 01-14 5l-2-2M20 4v5h-5M4 20v-5h5',
};

export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg className={`icon ${className ?? ''}`} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d={paths[name]} fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
