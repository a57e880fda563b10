// The manager area: one screen with a section rail (cash and shift, X report, the close wizard, Z history, the
// day's chart, reconciliation flags, support, card journal, acquirer sync). Alt+1…9 picks a section, Esc goes back.
import { lazy, Suspense } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Icon, type IconName } from '../../components/Icon';
import { NoticeLine } from '../../components/NoticeLine';
import { useKeyScope } from '../../components/hooks';
import type { MessageKey } from '../../i18n';
import { KEYS } from '../../lib/keys';
import { useEodStore } from '../../stores/eod';
import { useT, useUiStore, type ManagerSection } from '../../stores/ui';
import { JournalSection } from '../support/JournalSection';
import { SupportSection } from '../support/SupportSection';
import { SyncSection } from '../support/SyncSection';
import { CashSection } from './CashSection';
import { CloseWizard } from './CloseWizard';
import { FlagsSection } from './FlagsSection';
import { XReportSection } from './XReportSection';
import { ZHistorySection } from './ZHistorySection';

// recharts is most of the bundle's weight: loaded when a manager opens the chart, never on the cashier's start.
const DayChartSection = lazy(() => import('./DayChartSection').then((m) => ({ default: m.DayChartSection })));

export const SECTIONS: { id: ManagerSection; label: MessageKey; icon: IconName }[] = [
  { id: 'cash', label: 'manager.section.cash', icon: 'user' },
  { id: 'x', label: 'manager.section.x', icon: 'info' },
  { id: 'close', label: 'manager.section.close', icon: 'clock' },
  { id: 'zHistory', label: 'manager.section.zHistory', icon: 'search' },
  { id: 'chart', label: 'manager.section.chart', icon: 'sync' },
  { id: 'flags', label: 'manager.section.flags', icon: 'attention' },
  { id: 'support', label: 'manager.section.support', icon: 'printer' },
  { id: 'journal', label: 'manager.section.journal', icon: 'pinpad' },
  { id: 'sync', label: 'manager.section.sync', icon: 'link' },
];

export function ManagerScreen() {
  const t = useT();
  const section = useUiStore((s) => s.managerSection);
  const { go, goManager } = useUiStore.getState();
  const closed = useEodStore((s) => s.z !== null);

  // After the Z the shift is closed: leaving the wizard goes to the shift-open screen, not back to selling.
  const back = () => {
    if (closed) void useEodStore.getState().finishClose();
    else go('sell');
  };

  useKeyScope((e) => {
    if (e.altKey && /^[1-9]$/.test(e.key)) {
      const next = SECTIONS[Number(e.key) - 1];
      if (next) goManager(next.id);
      return true;
    }
    if (e.key === 'Escape') {
      back();
      return true;
    }
    return false;
  });

  return (
    <main className="manager" data-testid="manager-screen">
      <nav className="manager-nav" aria-label={t('manager.title')}>
        <ActionButton label={<><Icon name="back" />{closed ? t('close.toNextShift') : t('action.sell')}</>} hotkey={KEYS.back} onClick={back} variant="quiet" testId="manager-back" />
        <ul>
          {SECTIONS.map((s, i) => (
            <li key={s.id}>
              <button
                type="button"
                className={`nav-item ${section === s.id ? 'is-on' : ''}`}
                aria-current={section === s.id ? 'page' : undefined}
                onClick={() => goManager(s.id)}
                data-testid={`nav-${s.id}`}
                aria-keyshortcuts={`Alt+${i + 1}`}
              >
                <Icon name={s.icon} />
                <span className="nav-label">{t(s.label)}</span>
                <kbd className="nav-key">Alt+{i + 1}</kbd>
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <section className="manager-body">
        <NoticeLine variant="inline" />
        {section === 'cash' ? <CashSection /> : null}
        {section === 'x' ? <XReportSection /> : null}
        {section === 'close' ? <CloseWizard /> : null}
        {section === 'zHistory' ? <ZHistorySection /> : null}
        {section === 'chart' ? (
          <Suspense fallback={<p className="muted">{t('common.working')}</p>}>
            <DayChartSection />
          </Suspense>
        ) : null}
        {section === 'flags' ? <FlagsSection /> : null}
        {section === 'support' ? <SupportSection /> : null}
        {section === 'journal' ? <JournalSection /> : null}
        {section === 'sync' ? <SyncSection /> : null}
      </section>
    </main>
  );
}
