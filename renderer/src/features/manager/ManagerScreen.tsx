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
import { SECTION_ORDER, leaveManager, managerKey } from './manager-keys';
import { ZHistorySection } from './ZHistorySection';

// recharts is most of the bundle's weight: loaded when a manager opens the chart, never on the cashier's start.
const DayChartSection = lazy(() => import('./DayChartSection').then((m) => ({ default: m.DayChartSection })));

const SECTION_LOOK: Record<ManagerSection, { label: MessageKey; icon: IconName }> = {
  cash: { label: 'manager.section.cash', icon: 'user' },
  x: { label: 'manager.section.x', icon: 'info' },
  close: { label: 'manager.section.close', icon: 'clock' },
  zHistory: { label: 'manager.section.zHistory', icon: 'search' },
  chart: { label: 'manager.section.chart', icon: 'sync' },
  flags: { label: 'manager.section.flags', icon: 'attention' },
  support: { label: 'manager.section.support', icon: 'printer' },
  journal: { label: 'manager.section.journal', icon: 'pinpad' },
  sync: { label: 'manager.section.sync', icon: 'link' },
};
const SECTIONS = SECTION_ORDER.map((id) => ({ id, ...SECTION_LOOK[id] }));

export function ManagerScreen() {
  const t = useT();
  const section = useUiStore((s) => s.managerSection);
  const { goManager } = useUiStore.getState();
  const closed = useEodStore((s) => s.z !== null);
  const back = leaveManager;

  useKeyScope(managerKey);

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
