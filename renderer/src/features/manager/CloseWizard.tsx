// Close of day as a wizard with a progress rail: Count (blind, by denomination) → Compare (expected vs counted per
// tender) → Reconcile (ledger vs PIN pad vs acquirer) → Confirm (a manager signs off a variance or a difference,
// with a reason) → Print/Export (the Z as printed, PDF/CSV). Steps up to the furthest reached can be revisited
// until Confirm; the count is blind: nothing the ledger expects is shown before the count is submitted.
import { useEffect, useState, type FormEvent } from 'react';
import { ActionButton } from '../../components/ActionButton';
import { Icon } from '../../components/Icon';
import { Money } from '../../components/Money';
import { PrintPreview } from '../../components/PrintPreview';
import { useKeyScope } from '../../components/hooks';
import { CLOSE_STEPS, useEodStore, type CloseStep } from '../../stores/eod';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';
import { ReconciliationList } from './ReconciliationList';
import { ReportFigures, tenderLabel } from './ReportFigures';
import { DenominationCount } from './DenominationCount';
import { managerKey } from './manager-keys';

export function CloseWizard() {
  const t = useT();
  const step = useEodStore((s) => s.step);
  const reached = useEodStore((s) => s.reached);
  const z = useEodStore((s) => s.z);
  const goStep = useEodStore((s) => s.goStep);

  useEffect(() => {
    void useEodStore.getState().loadDenominations();
  }, []);

  const reachedAt = CLOSE_STEPS.indexOf(reached);
  return (
    <div className="wizard" data-testid="close-wizard" data-step={step}>
      <ol className="wizard-rail" aria-label={t('close.title')}>
        {CLOSE_STEPS.map((s, i) => {
          const open = z ? s === 'print' : i <= reachedAt;
          const done = z ? s !== 'print' : i < reachedAt;
          return (
            <li key={s} className={`rail-step ${s === step ? 'is-current' : ''} ${done ? 'is-done' : ''}`}>
              <button type="button" className="rail-button" onClick={() => goStep(s)} disabled={!open} aria-current={s === step ? 'step' : undefined} data-testid={`rail-${s}`}>
                <span className="rail-number" aria-hidden="true">{done ? '✓' : i + 1}</span>
                <span className="rail-label">{t(`close.step.${s}`)}</span>
              </button>
            </li>
          );
        })}
      </ol>
      <div className="wizard-body">
        {step === 'count' ? <CountStep /> : null}
        {step === 'compare' ? <CompareStep /> : null}
        {step === 'reconcile' ? <ReconcileStep /> : null}
        {step === 'confirm' ? <ConfirmStep /> : null}
        {step === 'print' ? <PrintStep /> : null}
      </div>
    </div>
  );
}

function StepHead({ step, hint }: { step: CloseStep; hint: string }) {
  const t = useT();
  return (
    <header className="step-head">
      <h2 className="section-title">{t(`close.step.${step}`)}</h2>
      <p className="muted">{hint}</p>
    </header>
  );
}

function CountStep() {
  const t = useT();
  const currency = useStatusStore((s) => s.status?.currency ?? 'EUR');
  const denominations = useEodStore((s) => s.denominations);
  const counts = useEodStore((s) => s.counts);
  const busy = useEodStore((s) => s.busy);
  const { setCount, submitCount } = useEodStore.getState();
  // Counting is typing digits: never a scan.
  useKeyScope(managerKey, { blocksScanner: true, aboveParent: true });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void submitCount();
  };
  return (
    <form className="card step-card" onSubmit={submit} data-testid="step-count">
      <StepHead step="count" hint={t('close.countHint')} />
      <DenominationCount denominations={denominations} counts={counts} currency={currency} onChange={setCount} testId="close-count" />
      <button type="submit" className="action action-primary wide" disabled={busy} data-testid="count-submit">
        <span className="action-label">{t('close.submitCount')}</span>
        <kbd className="action-key">Enter</kbd>
      </button>
    </form>
  );
}

function CompareStep() {
  const t = useT();
  const compare = useEodStore((s) => s.compare);
  const busy = useEodStore((s) => s.busy);
  const { goStep, reconcile } = useEodStore.getState();
  useKeyScope((e) => {
    if (e.key === 'Enter') {
      void reconcile();
      return true;
    }
    return managerKey(e);
  }, { aboveParent: true });
  if (!compare) return null;
  const c = compare.currency;
  return (
    <section className="card step-card" data-testid="step-compare">
      <StepHead step="compare" hint={t('close.compareHint')} />
      <table className="data-table compare-table">
        <thead>
          <tr>
            <th scope="col">{t('close.tender')}</th>
            <th scope="col" className="num">{t('close.expected')}</th>
            <th scope="col" className="num">{t('close.counted')}</th>
            <th scope="col" className="num">{t('close.variance')}</th>
          </tr>
        </thead>
        <tbody>
          {compare.lines.map((line) => (
            <tr key={line.tender} className={line.variance ? 'has-variance' : ''} data-testid={`compare-${line.tender}`}>
              <th scope="row">{tenderLabel(line.tender, t)}</th>
              <td className="num"><Money amount={line.expected} currency={c} /></td>
              <td className="num">{line.counted === null ? <span className="muted">{t('close.notCounted')}</span> : <Money amount={line.counted} currency={c} />}</td>
              <td className="num">
                {line.variance === null ? '—' : (
                  <span className={`variance ${line.variance === 0 ? 'tone-ok' : compare.needsManager && line.tender === 'cash' ? 'tone-stop' : 'tone-attention'}`}>
                    <Money amount={line.variance} currency={c} />
                  </span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className={`notice ${compare.cashVariance === 0 ? 'tone-ok' : compare.needsManager ? 'tone-stop' : 'tone-attention'}`} role="status" data-testid="variance-note">
        <Icon name={compare.cashVariance === 0 ? 'ok' : compare.needsManager ? 'stop' : 'attention'} />
        <span>
          {compare.cashVariance === 0
            ? t('close.balanced')
            : t(compare.needsManager ? 'close.varianceOver' : 'close.varianceWithin')}{' '}
          {compare.cashVariance !== 0 ? <Money amount={compare.cashVariance} currency={c} /> : null}
          {compare.cashVariance !== 0 ? <> · {t('close.tolerance')} <Money amount={compare.tolerance} currency={c} /></> : null}
        </span>
      </p>
      <div className="step-actions">
        <ActionButton label={t('close.recount')} onClick={() => goStep('count')} testId="recount" />
        <ActionButton label={t('close.toReconcile')} hotkey="Enter" onClick={() => void reconcile()} disabled={busy} variant="primary" testId="to-reconcile" />
      </div>
    </section>
  );
}

function ReconcileStep() {
  const t = useT();
  const reconciliation = useEodStore((s) => s.reconciliation);
  const compare = useEodStore((s) => s.compare);
  const busy = useEodStore((s) => s.busy);
  const { goStep, reconcile } = useEodStore.getState();
  useKeyScope((e) => {
    if (e.key === 'Enter') {
      useEodStore.setState({ reached: 'confirm' });
      goStep('confirm');
      return true;
    }
    return managerKey(e);
  }, { aboveParent: true });
  if (!reconciliation) return null;
  const next = () => {
    useEodStore.setState({ reached: 'confirm' });
    goStep('confirm');
  };
  const problems = reconciliation.filter((r) => r.status !== 'match').length;
  return (
    <section className="card step-card" data-testid="step-reconcile">
      <StepHead step="reconcile" hint={t('close.reconcileHint')} />
      <ReconciliationList items={reconciliation} currency={compare?.currency ?? 'EUR'} />
      <p className={`notice ${problems === 0 ? 'tone-ok' : 'tone-attention'}`} role="status">
        <Icon name={problems === 0 ? 'ok' : 'attention'} />
        <span>{problems === 0 ? t('close.allMatch') : t('close.differences', { count: problems })}</span>
      </p>
      <div className="step-actions">
        <ActionButton label={t('close.reconcileAgain')} onClick={() => void reconcile()} disabled={busy} />
        <ActionButton label={t('close.toConfirm')} hotkey="Enter" onClick={next} variant="primary" testId="to-confirm" />
      </div>
    </section>
  );
}

function ConfirmStep() {
  const t = useT();
  const compare = useEodStore((s) => s.compare);
  const reconciliation = useEodStore((s) => s.reconciliation) ?? [];
  const busy = useEodStore((s) => s.busy);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const needsApproval = (compare?.needsManager ?? false) || reconciliation.length === 0 || reconciliation.some((r) => r.status !== 'match');
  const reasonNeeded = needsApproval || (compare?.cashVariance ?? 0) !== 0;

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    if (needsApproval && reason.trim() === '') {
      setError(t('close.reasonRequired'));
      return;
    }
    setError(null);
    const r = await useEodStore.getState().confirm(reason);
    if (!r.ok && r.error.code !== 'OVERRIDE_CANCELLED') setError(r.error.message || r.error.code);
  };
  if (!compare) return null;
  return (
    <form className="card step-card" onSubmit={(e) => void submit(e)} data-testid="step-confirm">
      <StepHead step="confirm" hint={t('close.confirmHint')} />
      <dl className="facts facts-large">
        <div><dt>{t('close.counted')}</dt><dd><Money amount={compare.lines.find((l) => l.tender === 'cash')?.counted ?? 0} currency={compare.currency} /></dd></div>
        <div className={compare.cashVariance !== 0 ? 'fact-variance' : ''}><dt>{t('close.variance')}</dt><dd><Money amount={compare.cashVariance} currency={compare.currency} /></dd></div>
        <div className="fact-normal"><dt>{t('close.step.reconcile')}</dt><dd>{reconciliation.map((r) => `${t(`recon.source.${r.source}`)} ${t(`recon.status.${r.status}`)}`).join(' · ')}</dd></div>
      </dl>
      {needsApproval ? (
        <p className="notice tone-attention" role="status">
          <Icon name="attention" />
          <span>{t('close.needsManager')}</span>
        </p>
      ) : null}
      <label className="field">
        <span className="field-label">{reasonNeeded ? t('close.reason') : t('close.reasonOptional')}</span>
        <input className="input" value={reason} maxLength={200} onChange={(e) => setReason(e.target.value)} data-testid="close-reason" autoFocus />
      </label>
      {error ? <p className="field-error" role="alert">{error}</p> : null}
      <p className="consequence">{t('close.consequence')}</p>
      <button type="submit" className="action action-danger wide" disabled={busy} data-testid="close-confirm">
        <span className="action-label">{t('close.confirm')}</span>
        <kbd className="action-key">Enter</kbd>
      </button>
    </form>
  );
}

function PrintStep() {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const z = useEodStore((s) => s.z);
  const preview = useEodStore((s) => s.zPreview);
  const { exportReport, reprintZ, finishClose, previewReport } = useEodStore.getState();
  const notify = useUiStore((s) => s.notify);
  const zNumber = z?.number ?? null;
  // The preview in the reader's language: asked again when the language changes (the Z itself never changes).
  useEffect(() => {
    if (zNumber === null) return;
    let live = true;
    void previewReport('z', zNumber).then((p) => live && useEodStore.setState({ zPreview: p }));
    return () => {
      live = false;
    };
  }, [zNumber, language, previewReport]);
  useKeyScope((e) => {
    if (e.key === 'Enter' && !(e.target instanceof HTMLButtonElement)) {
      void finishClose();
      return true;
    }
    return managerKey(e);
  }, { aboveParent: true });
  if (!z) return null;
  const number = z.number ?? undefined;
  return (
    <div className="report-layout" data-testid="step-print">
      <section className="card report-paper">
        <PrintPreview preview={preview} label={t('report.zTitle', { number: z.number ?? '' })} loading={!preview} testId="z-preview" />
      </section>
      <section className="card report-side">
        <div className="paid-banner tone-ok" data-testid="z-done">
          <Icon name="ok" />
          <span>{t('close.closed', { number: z.number ?? '' })}</span>
        </div>
        <p className="muted">{t('close.printedHint')}</p>
        <div className="toolbar">
          <ActionButton label={t('report.exportPdf')} onClick={() => void exportReport('z', 'pdf', number)} variant="primary" testId="z-export-pdf" />
          <ActionButton label={t('report.exportCsv')} onClick={() => void exportReport('z', 'csv', number)} testId="z-export-csv" />
          {number ? <ActionButton label={t('report.reprintZ')} onClick={() => void reprintZ(number).then((ok) => ok && notify('ok', t('report.reprinted')))} testId="z-reprint" /> : null}
        </div>
        <ReportFigures report={z} />
        <ActionButton label={t('close.toNextShift')} hotkey="Enter" onClick={() => void finishClose()} variant="primary" className="wide" testId="close-finish" />
      </section>
    </div>
  );
}
