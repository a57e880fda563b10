// The X report at any time: the printer's rendering beside the figures; export as PDF or CSV. Never changes the shift.
import { useEffect } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { PrintPreview } from '../../components/PrintPreview';
import { useEodStore } from '../../stores/eod';
import { useT, useUiStore } from '../../stores/ui';
import { ReportFigures } from './ReportFigures';

export function XReportSection() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const x = useEodStore((s) => s.x);
  const preview = useEodStore((s) => s.xPreview);
  const { loadX, exportReport } = useEodStore.getState();

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
          <ActionButton label={t('report.refresh')} onClick={() => void loadX()} />
          <ActionButton label={t('report.exportPdf')} onClick={() => void exportReport('x', 'pdf')} testId="x-export-pdf" />
          <ActionButton label={t('report.exportCsv')} onClick={() => void exportReport('x', 'csv')} testId="x-export-csv" />
        </div>
        {x ? <ReportFigures report={x} /> : null}
      </section>
    </div>
  );
}
