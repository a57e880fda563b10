// Returns: find the original receipt, choose lines and quantities, post the refund; or a return without
// receipt (manager approval). Calls receipt.get / receipt.recent / return.post; the refund amount is the service's.
import { create } from 'zustand';
import type { ProductView, ReceiptView, Result, ReturnPreviewView, TillEvents } from '../../../service/contract';
import { api } from '../api/client';
import { callWithOverride } from './override';
import { useUiStore } from './ui';

export interface FreeReturnLine {
  product: ProductView;
  quantity: number;
  unitPrice: number;
}

export type ReturnMode = 'lookup' | 'receipt' | 'noReceipt' | 'done';

interface ReturnsState {
  mode: ReturnMode;
  receipt: ReceiptView | null;
  /** originalLineId → quantity to return. */
  quantities: Record<string, number>;
  freeLines: FreeReturnLine[];
  reason: string;
  recent: ReceiptView[];
  posted: ReceiptView | null;
  /** What the chosen lines would refund, per line and per tender (return.preview), before posting. */
  preview: ReturnPreviewView | null;
  /** The PIN pad's texts while a refund to card runs inside return.post. */
  progress: TillEvents['payment.progress'][];
  busy: boolean;
  applyProgress(progress: TillEvents['payment.progress']): void;
  reset(): void;
  loadRecent(): Promise<void>;
  lookup(receiptNumber: string): Promise<void>;
  setQuantity(lineId: string, quantity: number): void;
  startWithoutReceipt(): void;
  addFreeLine(product: ProductView): void;
  setFreeQuantity(index: number, quantity: number): void;
  removeFreeLine(index: number): void;
  setReason(reason: string): void;
  post(): Promise<Result<ReceiptView> | null>;
  loadPreview(): Promise<void>;
}

/** Quantity still returnable on a line of the original receipt. */
export function returnable(line: ReceiptView['lines'][number]): number {
  return line.voided ? 0 : Math.max(0, line.quantity - line.returnedQuantity);
}

const initial = {
  mode: 'lookup' as ReturnMode,
  receipt: null,
  quantities: {},
  freeLines: [],
  reason: '',
  posted: null,
  preview: null,
  progress: [] as TillEvents['payment.progress'][],
  busy: false,
};

let previewSeq = 0;

/** The return's lines as the service takes them, from the chosen quantities or the free lines. */
function chosenLines(state: Pick<ReturnsState, 'mode' | 'quantities' | 'freeLines'>) {
  return state.mode === 'receipt'
    ? Object.entries(state.quantities)
        .filter(([, q]) => q > 0)
        .map(([originalLineId, quantity]) => ({ originalLineId, quantity }))
    : state.freeLines.map((l) => ({ productId: l.product.productId, quantity: l.quantity, unitPrice: l.unitPrice }));
}

export const useReturnsStore = create<ReturnsState>()((set, get) => ({
  ...initial,
  recent: [],
  reset: () => set({ ...initial }),
  loadRecent: async () => {
    const r = await api['receipt.recent']({ limit: 10 });
    if (r.ok) set({ recent: r.value.filter((x) => x.kind === 'sale') });
  },
  lookup: async (receiptNumber) => {
    const number = receiptNumber.trim();
    if (!number) return;
    set({ busy: true });
    const r = await api['receipt.get']({ receiptNumber: number });
    set({ busy: false });
    if (!r.ok) {
      useUiStore.getState().showError(r.error);
      return;
    }
    useUiStore.getState().clearNotice();
    set({ mode: 'receipt', receipt: r.value, quantities: {}, posted: null, preview: null });
  },
  setQuantity: (lineId, quantity) => {
    set((s) => ({ quantities: { ...s.quantities, [lineId]: quantity } }));
    void get().loadPreview();
  },
  startWithoutReceipt: () => set({ ...initial, mode: 'noReceipt' }),
  addFreeLine: (product) => {
    set((s) => {
      const i = s.freeLines.findIndex((l) => l.product.productId === product.productId);
      if (i >= 0) return { freeLines: s.freeLines.map((l, j) => (j === i ? { ...l, quantity: l.quantity + 1 } : l)) };
      return { freeLines: [...s.freeLines, { product, quantity: 1, unitPrice: product.price }] };
    });
    void get().loadPreview();
  },
  setFreeQuantity: (index, quantity) => {
    set((s) => ({ freeLines: s.freeLines.map((l, j) => (j === index ? { ...l, quantity } : l)) }));
    void get().loadPreview();
  },
  removeFreeLine: (index) => {
    set((s) => ({ freeLines: s.freeLines.filter((_, j) => j !== index) }));
    void get().loadPreview();
  },
  setReason: (reason) => set({ reason }),
  applyProgress: (progress) => {
    if (get().busy) set((s) => ({ progress: [...s.progress, progress].slice(-20) }));
  },
  loadPreview: async () => {
    const seq = ++previewSeq;
    const state = get();
    const lines = chosenLines(state);
    if (lines.length === 0 || (state.mode !== 'receipt' && state.mode !== 'noReceipt')) {
      set({ preview: null });
      return;
    }
    const r = await api['return.preview']({ receiptNumber: state.mode === 'receipt' ? state.receipt?.receiptNumber : undefined, lines });
    // Only the answer to the latest choice counts: a slower earlier answer must not overwrite it.
    if (seq !== previewSeq) return;
    set({ preview: r.ok ? r.value : null });
    if (!r.ok) useUiStore.getState().showError(r.error);
  },
  post: async () => {
    const { mode, receipt, reason, busy } = get();
    if (busy) return null;
    const lines = chosenLines(get());
    if (lines.length === 0) return null;
    set({ busy: true, progress: [] });
    const r = await callWithOverride((override) =>
      api['return.post']({
        receiptNumber: mode === 'receipt' ? receipt?.receiptNumber : undefined,
        lines,
        reason: reason || undefined,
        override,
      }),
    );
    set({ busy: false });
    if (r.ok) set({ mode: 'done', posted: r.value });
    else useUiStore.getState().showError(r.error);
    return r;
  },
}));
