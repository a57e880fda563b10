// The support view's data: device cards, discovered ports, the live frame trace, the card payment journal with the
// terminal's last receipt, the acquirer backlog. Calls support.*, printer.*, payment.journal/resolveCard, sync.*.
import { create } from 'zustand';
import type {
  AuditEntryView,
  CardPaymentView,
  DbCheckView,
  DeviceStatusView,
  DeviceTraceView,
  PrinterStatusView,
  SupportDevicesView,
  SyncReviewView,
  SyncStatusView,
  TerminalLastReceiptView,
  TillError,
} from '../../../service/contract';
import { api } from '../api/client';
import { downloadExport } from '../lib/download';
import { callWithOverride } from './override';
import { TRACE_LIMIT, withLiveTrace, type TraceDevice } from './trace-list';
import { useUiStore } from './ui';

export { TRACE_LIMIT, type TraceDevice } from './trace-list';

interface DeviceState {
  devices: SupportDevicesView | null;
  traces: DeviceTraceView[];
  /** While paused, live frames are counted, not shown: the list holds still for reading. */
  paused: boolean;
  missedWhilePaused: number;
  traceFilter: TraceDevice | null;
  /** Last action's answer per device, in words (Test / Status). */
  results: Partial<Record<TraceDevice, { tone: 'ok' | 'attention' | 'stop'; lines: string[]; device?: DeviceStatusView }>>;
  printer: PrinterStatusView | null;
  dbCheck: DbCheckView | null;
  audit: AuditEntryView[] | null;
  journal: CardPaymentView[];
  journalOpenOnly: boolean;
  terminalReceipt: TerminalLastReceiptView | null;
  sync: SyncStatusView | null;
  review: SyncReviewView | null;
  busy: string | null;
  loadDevices(): Promise<void>;
  loadTraces(device?: TraceDevice | null): Promise<void>;
  applyTrace(trace: DeviceTraceView): void;
  setPaused(paused: boolean): void;
  clearTraces(): void;
  testPinpad(): Promise<void>;
  printerStatus(): Promise<void>;
  testPrinter(): Promise<void>;
  /** Drops and reopens a device's link (a replugged cable); the card shows the device's state afterwards. */
  reconnect(device: 'pinpad' | 'printer'): Promise<void>;
  /** Training only: what the simulated PIN pad answers next ('approve', 'decline:51', 'customer-abort', …). */
  setScenario(scenario: string): Promise<boolean>;
  /** The scenario last set from this screen (the service does not report the simulator's current one). */
  scenario: string | null;
  downloadDiagnostics(): Promise<void>;
  checkDb(): Promise<void>;
  loadAudit(): Promise<void>;
  loadJournal(openOnly?: boolean): Promise<void>;
  loadTerminalReceipt(): Promise<void>;
  resolveCard(paymentId: string, decision: 'check' | 'paid' | 'not-paid'): Promise<boolean>;
  loadSync(): Promise<void>;
  syncNow(): Promise<void>;
  requeue(id: number): Promise<void>;
}

function fail(error: TillError): void {
  useUiStore.getState().showError(error);
}

export const useDeviceStore = create<DeviceState>()((set, get) => {
  /** Runs one support action with a busy marker, so its button shows it is working and cannot be pressed twice. */
  const run = async (name: string, action: () => Promise<void>) => {
    if (get().busy === name) return;
    set({ busy: name });
    try {
      await action();
    } finally {
      set({ busy: null });
    }
  };
  return {
    devices: null,
    traces: [],
    paused: false,
    missedWhilePaused: 0,
    traceFilter: null,
    results: {},
    printer: null,
    dbCheck: null,
    audit: null,
    journal: [],
    journalOpenOnly: false,
    terminalReceipt: null,
    sync: null,
    review: null,
    busy: null,
    scenario: null,
    loadDevices: async () => {
      const r = await api['support.devices']({});
      if (r.ok) set({ devices: r.value });
      else fail(r.error);
    },
    loadTraces: async (device = get().traceFilter) => {
      set({ traceFilter: device ?? null });
      const r = await api['support.traces'](device ? { device, limit: TRACE_LIMIT } : { limit: TRACE_LIMIT });
      if (r.ok) set({ traces: r.value.slice(-TRACE_LIMIT), missedWhilePaused: 0 });
      else fail(r.error);
    },
    applyTrace: (trace) => set((s) => withLiveTrace(s, trace)),
    setPaused: (paused) => {
      set({ paused });
      // Resuming: fetch what arrived while paused, so the list has no silent gap.
      if (!paused && get().missedWhilePaused > 0) void get().loadTraces();
    },
    clearTraces: () => set({ traces: [], missedWhilePaused: 0 }),
    testPinpad: () =>
      run('pinpad', async () => {
        const r = await api['support.pinpadTest']({});
        set((s) => ({
          results: {
            ...s.results,
            pinpad: r.ok
              ? { tone: 'ok', lines: [r.value.message, r.value.diagnosis, r.value.softwareVersion ?? '', ...r.value.lines].filter(Boolean) }
              : { tone: 'stop', lines: [r.error.message || r.error.code] },
          },
        }));
        void get().loadDevices();
      }),
    printerStatus: () =>
      run('printerStatus', async () => {
        const r = await api['printer.status']({});
        if (!r.ok) {
          set((s) => ({ results: { ...s.results, printer: { tone: 'stop', lines: [r.error.message || r.error.code] } } }));
          return;
        }
        const tone = r.value.health === 'ok' || r.value.health === 'simulated' ? 'ok' : r.value.health === 'offline' ? 'stop' : 'attention';
        const language = useUiStore.getState().language;
        set((s) => ({ printer: r.value, results: { ...s.results, printer: { tone, lines: [r.value.words[language] || r.value.message, ...r.value.problems] } } }));
      }),
    testPrinter: () =>
      run('printerTest', async () => {
        const r = await api['printer.test']({});
        const language = useUiStore.getState().language;
        set((s) => ({
          results: {
            ...s.results,
            printer: r.ok
              ? { tone: r.value.state === 'review' ? 'attention' : 'ok', lines: [r.value.after.words[language] || r.value.after.message, `${r.value.jobId} · ${r.value.state}`] }
              : { tone: 'stop', lines: [r.error.message || r.error.code] },
          },
        }));
      }),
    reconnect: (device) =>
      run(`reconnect-${device}`, async () => {
        const r = await api['support.reconnect']({ device });
        set((s) => ({
          results: {
            ...s.results,
            // The device view itself is kept: the card words it in the language of the moment (detail / detailZh).
            [device]: r.ok
              ? { tone: r.value.health === 'ok' || r.value.health === 'simulated' ? 'ok' : r.value.health === 'offline' ? 'stop' : 'attention', lines: [], device: r.value }
              : { tone: 'stop', lines: [r.error.message || r.error.code] },
          },
        }));
        void get().loadDevices();
      }),
    setScenario: async (scenario) => {
      let ok = false;
      await run('scenario', async () => {
        const r = await api['support.pinpadScenario']({ scenario });
        if (r.ok) {
          ok = true;
          set({ scenario: r.value.scenario });
        } else fail(r.error);
      });
      return ok;
    },
    downloadDiagnostics: () =>
      run('diagnostics', async () => {
        const r = await api['support.diagnostics']({});
        if (r.ok) downloadExport(r.value);
        else fail(r.error);
      }),
    checkDb: () =>
      run('db', async () => {
        const r = await api['admin.dbCheck']({});
        if (r.ok) set({ dbCheck: r.value });
        else fail(r.error);
      }),
    loadAudit: () =>
      run('audit', async () => {
        const r = await api['admin.auditTail']({ limit: 30 });
        if (r.ok) set({ audit: [...r.value].sort((a, b) => b.seq - a.seq) });
        else fail(r.error);
      }),
    loadJournal: async (openOnly = get().journalOpenOnly) => {
      set({ journalOpenOnly: openOnly });
      const r = await api['payment.journal']({ openOnly });
      if (r.ok) set({ journal: r.value });
      else fail(r.error);
    },
    loadTerminalReceipt: () =>
      run('terminalReceipt', async () => {
        const r = await api['payment.terminalLastReceipt']({});
        if (r.ok) set({ terminalReceipt: r.value });
        else fail(r.error);
      }),
    resolveCard: async (paymentId, decision) => {
      const r = await callWithOverride((override) => api['payment.resolveCard']({ paymentId, decision, override }));
      if (!r.ok) {
        fail(r.error);
        return false;
      }
      set((s) => ({ journal: s.journal.map((p) => (p.paymentId === paymentId ? r.value : p)) }));
      return true;
    },
    loadSync: async () => {
      const [status, review] = await Promise.all([api['sync.status']({}), api['sync.review']({})]);
      if (status.ok) set({ sync: status.value });
      else fail(status.error);
      if (review.ok) set({ review: review.value });
    },
    syncNow: () =>
      run('syncNow', async () => {
        const r = await api['sync.now']({});
        if (r.ok) set({ sync: r.value });
        else fail(r.error);
        const review = await api['sync.review']({});
        if (review.ok) set({ review: review.value });
      }),
    requeue: async (id) => {
      const r = await callWithOverride((override) => api['sync.requeue']({ id, override }));
      if (!r.ok) fail(r.error);
      else {
        set({ sync: r.value });
        const review = await api['sync.review']({});
        if (review.ok) set({ review: review.value });
      }
    },
  };
});
