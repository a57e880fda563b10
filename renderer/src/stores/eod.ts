// End of day and the manager's cash work: denominations, float, cash movements, hand-over, X report, the close
// wizard (count → compare → reconcile → confirm → print), Z history, the day's chart and reconciliation flags.
// Calls cash.*, shift.handover, close.*, report.*, reconciliation.*; every figure is the service's, never summed here.
import { create } from 'zustand';
import type {
  CloseCompareView,
  DayChartView,
  DenominationView,
  PrintPreviewView,
  ReconciliationFlagView,
  ReconciliationView,
  ReportView,
  Result,
  ShiftView,
  ZSummaryView,
} from '../../../service/contract';
import { api } from '../api/client';
import { downloadExport } from '../lib/download';
import { canVisitStep, furthest, nonZeroCounts, sameCount, type CashReasonCode, type CloseStep, type Counts } from './count-sheet';
import { callWithOverride } from './override';
import { useShiftStore } from './shift';
import { useStatusStore } from './status';
import { t, useUiStore } from './ui';

export { CASH_REASONS, CLOSE_STEPS, countedAmount, nonZeroCounts, type CashReasonCode, type CloseStep, type Counts } from './count-sheet';

interface EodState {
  denominations: DenominationView[];
  // The close wizard
  step: CloseStep;
  /** Furthest step reached: every step up to it can be revisited until the close is confirmed. */
  reached: CloseStep;
  counts: Counts;
  /** The count as last submitted (close.count): the sheet may differ while the manager revisits it. */
  submittedCounts: Counts | null;
  compare: CloseCompareView | null;
  reconciliation: ReconciliationView[] | null;
  z: ReportView | null;
  zPreview: PrintPreviewView | null;
  // Reports
  x: ReportView | null;
  xPreview: PrintPreviewView | null;
  zList: { total: number; reports: ZSummaryView[] } | null;
  chart: DayChartView | null;
  flags: ReconciliationFlagView[];
  busy: boolean;
  loadDenominations(): Promise<void>;
  setCount(value: number, count: number): void;
  goStep(step: CloseStep): void;
  resetClose(): void;
  submitCount(): Promise<boolean>;
  reconcile(): Promise<boolean>;
  confirm(reason: string): Promise<Result<ReportView>>;
  /** After the Z: the till has no shift any more; the shift-open screen follows. */
  finishClose(): Promise<void>;
  loadX(): Promise<void>;
  /** Prints the X report of the open shift on the receipt printer; the screen shows the figures that were printed. */
  printX(): Promise<boolean>;
  loadZList(filter?: { from?: string; to?: string }): Promise<void>;
  loadZ(number: number): Promise<ReportView | null>;
  previewReport(kind: 'x' | 'z', number?: number): Promise<PrintPreviewView | null>;
  reprintZ(number: number): Promise<boolean>;
  exportReport(kind: 'x' | 'z', format: 'csv' | 'pdf', number?: number): Promise<boolean>;
  loadChart(): Promise<void>;
  loadFlags(includeResolved?: boolean): Promise<void>;
  resolveFlag(flagId: string, reason: string): Promise<boolean>;
  movement(input: { kind: 'paid-in' | 'paid-out' | 'safe-drop'; amount: number; reasonCode: CashReasonCode; note?: string }): Promise<Result<ShiftView>>;
  handover(input: { username: string; pin: string; counts?: Counts }): Promise<Result<ShiftView>>;
}

const closeInitial = { step: 'count' as CloseStep, reached: 'count' as CloseStep, counts: {} as Counts, submittedCounts: null as Counts | null, compare: null, reconciliation: null, z: null, zPreview: null };

export const useEodStore = create<EodState>()((set, get) => {
  const showError = (r: { ok: false; error: { code: string; message: string } }) => useUiStore.getState().showError(r.error);
  const reach = (step: CloseStep) => set({ step, reached: furthest(step, get().reached) });
  return {
    denominations: [],
    ...closeInitial,
    x: null,
    xPreview: null,
    zList: null,
    chart: null,
    flags: [],
    busy: false,
    loadDenominations: async () => {
      if (get().denominations.length > 0) return;
      const r = await api['cash.denominations']({});
      if (r.ok) set({ denominations: r.value });
    },
    setCount: (value, count) => set((s) => ({ counts: { ...s.counts, [String(value)]: count } })),
    goStep: (step) => {
      const { reached, z, counts, submittedCounts } = get();
      const countChanged = submittedCounts !== null && !sameCount(counts, submittedCounts);
      if (canVisitStep(step, reached, z !== null, countChanged)) set({ step });
      else if (countChanged && step !== 'count') useUiStore.getState().notify('info', t('close.countChanged'));
    },
    resetClose: () => set({ ...closeInitial }),
    submitCount: async () => {
      if (get().busy) return false;
      set({ busy: true });
      const r = await api['close.count']({ counts: nonZeroCounts(get().counts) });
      set({ busy: false });
      if (!r.ok) {
        showError(r);
        return false;
      }
      // A new count invalidates what followed it: the wizard goes on from Compare and reconciles again.
      set({ compare: r.value, reconciliation: null, step: 'compare', reached: 'compare', submittedCounts: { ...get().counts } });
      return true;
    },
    reconcile: async () => {
      if (get().busy) return false;
      set({ busy: true });
      const r = await api['close.reconcile']({});
      set({ busy: false });
      if (!r.ok) {
        showError(r);
        return false;
      }
      set({ reconciliation: r.value });
      reach('reconcile');
      return true;
    },
    confirm: async (reason) => {
      set({ busy: true });
      const trimmed = reason.trim();
      const r = await callWithOverride((override) => api['close.confirm']({ reason: trimmed || undefined, override }));
      set({ busy: false });
      if (!r.ok) return r;
      // The print step asks for the Z's preview itself (and again when the language changes).
      set({ z: r.value, reached: 'print', step: 'print', zPreview: null });
      // The strip must not keep showing a shift that is closed (the service may not push a status change for it).
      void useStatusStore.getState().refresh();
      return r;
    },
    finishClose: async () => {
      set({ ...closeInitial });
      useUiStore.getState().go('sell');
      await useShiftStore.getState().refresh();
    },
    loadX: async () => {
      const [report, preview] = await Promise.all([api['report.x']({}), get().previewReport('x')]);
      if (report.ok) set({ x: report.value, xPreview: preview });
      else showError(report);
    },
    printX: async () => {
      if (get().busy) return false;
      set({ busy: true });
      const r = await api['report.printX']({});
      set({ busy: false });
      if (!r.ok) {
        showError(r);
        return false;
      }
      set({ x: r.value });
      return true;
    },
    loadZList: async (filter = {}) => {
      const r = await api['report.zList']({ limit: 100, ...filter });
      if (r.ok) set({ zList: r.value });
      else showError(r);
    },
    loadZ: async (number) => {
      const r = await api['report.z']({ number });
      if (r.ok) return r.value;
      showError(r);
      return null;
    },
    previewReport: async (kind, number) => {
      const language = useUiStore.getState().language;
      const r = await api['report.preview'](kind === 'z' ? { kind, number, language } : { kind, language });
      if (r.ok) return r.value;
      showError(r);
      return null;
    },
    reprintZ: async (number) => {
      const r = await api['report.reprintZ']({ number });
      if (!r.ok) showError(r);
      return r.ok;
    },
    exportReport: async (kind, format, number) => {
      const r = await api['report.export']({ kind, format, number });
      if (!r.ok) {
        showError(r);
        return false;
      }
      downloadExport(r.value);
      return true;
    },
    loadChart: async () => {
      const r = await api['report.dayChart']({});
      if (r.ok) set({ chart: r.value });
      else showError(r);
    },
    loadFlags: async (includeResolved = false) => {
      const r = await api['reconciliation.flags']({ includeResolved });
      if (r.ok) set({ flags: r.value });
      else showError(r);
    },
    resolveFlag: async (flagId, reason) => {
      const r = await callWithOverride((override) => api['reconciliation.resolve']({ flagId, reason, override }));
      if (!r.ok) {
        showError(r);
        return false;
      }
      set((s) => ({ flags: s.flags.map((f) => (f.flagId === flagId ? r.value : f)) }));
      return true;
    },
    movement: async (input) => {
      const r = await callWithOverride((override) => api['cash.movement']({ ...input, override }));
      if (r.ok) useShiftStore.setState({ shift: r.value });
      return r;
    },
    handover: async ({ username, pin, counts }) => {
      const r = await api['shift.handover']({ username, pin, counts: counts ? nonZeroCounts(counts) : undefined });
      if (r.ok) useShiftStore.setState({ shift: r.value });
      return r;
    },
  };
});
