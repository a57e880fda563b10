// Z history: the stored end-of-day reports, searchable by number or date; each one previewed as printed, reprinted
// (marked REPRINT by the service) or exported as PDF/CSV.
import { useEffect, useState, type FormEvent } from 'react';
import type { PrintPreviewView, ReportView } from '../../../../service/contract';
import { ActionButton } from '../../components/ActionButton';
import { Icon } from '../../components/Icon';
import { Money } from '../../components/Money';
import { PrintPreview } from '../../components/PrintPreview';
import { DeclinedAfterOffline } from './DeclinedAfterOffline';
import { formatDateTime } from '../../i18n/format';
import { useEodStore } from '../../stores/eod';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';

/** A search text as a filter: a number picks that Z; a date (YYYY-MM-DD) picks that day's. */
export function zFilter(text: string): { number?: number; from?: string; to?: string } {
  const q = text.trim();
  if (/^\d{1,9}$/.test(q)) return { number: Number(q) };
  if (/^\d{4}-\d{2}-\d{2}$/.test(q)) return { from: `${q}T00:00:00`, to: `${q}T23:59:59.999Z` };
  if (/^\d{4}-\d{2}$/.test(q)) return { from: `${q}-01T00:00:00`, to: `${q}-31T23:59:59.999Z` };
  return {};
}

export function ZHistorySection() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const currency = useStatusStore((s) => s.status?.currency ?? 'EUR');
  const zList = useEodStore((s) => s.zList);
  const { loadZList, loadZ, previewReport, reprintZ, exportReport } = useEodStore.getState();
  const notify = useUiStore((s) => s.notify);
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState<number | null>(null);
  const [preview, setPreview] = useState<PrintPreviewView | null>(null);
  // The selected Z's figures: only for what the printed page does not stand out with (declined after offline).
  const [report, setReport] = useState<ReportView | null>(null);

  useEffect(() => {
    void loadZList();
  }, [loadZList]);
  useEffect(() => {
    if (selected === null) return;
    setPreview(null);
    void previewReport('z', selected).then(setPreview);
  }, [selected, language, previewReport]);
  useEffect(() => {
    setReport(null);
    if (selected === null) return undefined;
    let current = true;
    void loadZ(selected).then((r) => current && setReport(r));
    return () => {
      current = false;
    };
  }, [selected, loadZ]);

  const filter = zFilter(query);
  const rows = (zList?.reports ?? []).filter((r) => filter.number === undefined || r.number === filter.number);
  const search = (e: FormEvent) => {
    e.preventDefault();
    const f = zFilter(query);
    void loadZList(f.from ? { from: f.from, to: f.to } : {});
  };

  return (
    <div className="report-layout" data-testid="z-history">
      <section className="card report-side">
        <form className="toolbar toolbar-nowrap z-search-form" onSubmit={search}>
          <label className="search-box grow">
            <Icon name="search" />
            <span className="visually-hidden">{t('zHistory.search')}</span>
            <input className="search-input" value={query} onChange={(e) => setQuery(e.target.value)} placeholder={t('zHistory.searchHint')} data-testid="z-search" />
          </label>
          <button type="submit" className="action"><span className="action-label">{t('common.search')}</span><kbd className="action-key">Enter</kbd></button>
        </form>
        {rows.length === 0 ? <p className="muted">{t('zHistory.none')}</p> : null}
        <ul className="pick-list">
          {rows.map((r) => (
            <li key={r.number}>
              <button type="button" className={`pick-item ${selected === r.number ? 'is-on' : ''}`} onClick={() => setSelected(r.number)} data-testid="z-row">
                <span className="pick-main">
                  <strong>{t('report.zTitle', { number: r.number })}</strong>
                  <span className="name-secondary">
                    {formatDateTime(r.closedAt, language)} · {r.closedBy} · {t('status.shift', { number: r.shiftNumber })}
                  </span>
                  {r.flagged ? (
                    <span className="state-word tone-attention">
                      <Icon name="attention" />
                      {r.cashVariance ? <>{t('close.variance')} <Money amount={r.cashVariance} currency={currency} /></> : t('zHistory.flagged')}
                    </span>
                  ) : null}
                </span>
                <Money amount={r.salesTotal} currency={currency} className="pick-amount" />
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="card report-paper">
        {selected !== null ? (
          <>
            <div className="toolbar">
              <ActionButton label={t('report.reprintZ')} onClick={() => void reprintZ(selected).then((ok) => ok && notify('ok', t('report.reprinted')))} testId="z-history-reprint" />
              <ActionButton label={t('report.exportPdf')} onClick={() => void exportReport('z', 'pdf', selected)} />
              <ActionButton label={t('report.exportCsv')} onClick={() => void exportReport('z', 'csv', selected)} />
            </div>
            {report && report.number === selected ? <DeclinedAfterOffline items={report.declinedAfterOffline} currency={report.currency} testId="z-history-declined" /> : null}
            <PrintPreview preview={preview} label={t('report.zTitle', { number: selected })} loading={!preview} testId="z-history-preview" />
          </>
        ) : (
          <p className="muted">{t('zHistory.pick')}</p>
        )}
      </section>
    </div>
  );
}
