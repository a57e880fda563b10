// Opening a shift: the cashier counts the float in the drawer by denomination (shift.open {floatCounts}).
// An amount screen: the scanner wedge is blocked here. Calls the shift and end-of-day stores only.
import { useEffect, useState, type FormEvent } from 'react';
import { useKeyScope } from '../../components/hooks';
import { countedAmount, nonZeroCounts, useEodStore, type Counts } from '../../stores/eod';
import { useShiftStore } from '../../stores/shift';
import { useStatusStore } from '../../stores/status';
import { useT, useUiStore } from '../../stores/ui';
import { DenominationCount } from '../manager/DenominationCount';

export function ShiftOpenScreen() {
  const t = useT();
  const showError = useUiStore((s) => s.showError);
  const currency = useStatusStore((s) => s.status?.currency ?? 'EUR');
  const denominations = useEodStore((s) => s.denominations);
  const open = useShiftStore((s) => s.open);
  const [counts, setCounts] = useState<Counts>({});
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void useEodStore.getState().loadDenominations();
  }, []);
  useKeyScope(() => false, { blocksScanner: true });

  const submit = async (e?: FormEvent) => {
    e?.preventDefault();
    if (busy) return;
    setBusy(true);
    const r = await open(nonZeroCounts(counts));
    setBusy(false);
    if (!r.ok) showError(r.error);
  };

  return (
    <main className="centre-screen" data-testid="shift-open-screen">
      <form className="card shift-open" onSubmit={(e) => void submit(e)}>
        <h1 className="screen-title">{t('shift.openTitle')}</h1>
        <p className="muted">{t('shift.openCountHint')}</p>
        <DenominationCount
          denominations={denominations}
          counts={counts}
          currency={currency}
          onChange={(value, n) => setCounts((c) => ({ ...c, [String(value)]: n }))}
          testId="float-count"
        />
        <button type="submit" className="action action-primary wide" disabled={busy || denominations.length === 0} data-testid="open-shift">
          <span className="action-label">
            {t('shift.open')}
            {countedAmount(counts) === 0 ? ` · ${t('shift.emptyFloat')}` : ''}
          </span>
          <kbd className="action-key">Enter</kbd>
        </button>
      </form>
    </main>
  );
}
