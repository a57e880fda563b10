// The X report at any time: the printer's rendering beside the figures; print it on the receipt printer (F4, the
// till's print key) or export as PDF or CSV. Never changes the shift.
import { useEffect } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { PrintPreview } from '../../components/PrintPreview';
import { useKeyScope } from '../../components/hooks';
import { isKey, KEYS } from '../../lib/keys';
import { useEodStore } from '../../stores/eod';
import { useT, useUiStore } from '../../stores/ui';
import { managerKey } from './manager-keys';
import { ReportFigures } from './ReportFigures';

export function XReportSection() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const x = useEodStore((s) => s.x);
  const preview = useEodStore((s) => s.xPreview);
  const busy = useEodStore((s) => s.busy);
  const notify = useUiStore((s) => s.notify);
  const { loadX, printX, exportReport } = useEodStore.getState();
  const print = () => void printX().then((ok) => ok && notify('ok', t('report.printedX')));

  // Only the top key scope gets keys: the manager area's own keys (Alt+digit, Esc) pass on through managerKey.
  // aboveParent: when the area opens straight on this section, the manager screen's scope would otherwise sit on top
  // and swallow F4.
  useKeyScope((e) => {
    if (isKey(e.key, 'printAgain') && !e.repeat) {
      if (!useEodStore.getState().busy) print();
      return true;
    }
    return managerKey(e);
  }, { aboveParent: true });

  useEffect(() => {
    void loadX();
  }, [loadX, language]);

  return (
    <div className="report-layout" data-testid="x-section">
      <section className="card report-paper">
        <PrintPreview preview={preview} label={t('report.xTitle')} loading={!preview} testId="x-preview" />
      </section>
      <section className="card report-side">
        <div className="toolbar">
          <ActionButton label={busy ? t('common.working') : t('report.printX')} hotkey={KEYS.printAgain} onClick={print} disabled={busy || !x} variant="primary" testId="x-print" />
          <ActionButton label={t('report.refresh')} onClick={() => void loadX()} />
          <ActionButton label={t('report.exportPdf')} onClick={() => void exportReport('x', 'pdf')} testId="x-export-pdf" />
          <ActionButton label={t('report.exportCsv')} onClick={() => void exportReport('x', 'csv')} testId="x-export-csv" />
        </div>
        {x ? <ReportFigures report={x} /> : null}
      </section>
    </div>
  );
}
