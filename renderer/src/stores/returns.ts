// Returns: find the original receipt, choose lines and quantities, post the refund; or a return without
// receipt (manager approval). Calls receipt.get / receipt.recent / return.post; the refund amount is the service's.
import { create } from 'zustand';
import type { ProductView, ReceiptView, Result } from '../../../service/contract';
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
  busy: boolean;
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
  busy: false,
};

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
    set({ mode: 'receipt', receipt: r.value, quantities: {}, posted: null });
  },
  setQuantity: (lineId, quantity) => set((s) => ({ quantities: { ...s.quantities, [lineId]: quantity } })),
  startWithoutReceipt: () => set({ ...initial, mode: 'noReceipt' }),
  addFreeLine: (product) =>
    set((s) => {
      const i = s.freeLines.findIndex((l) => l.product.productId === product.productId);
      if (i >= 0) return { freeLines: s.freeLines.map((l, j) => (j === i ? { ...l, quantity: l.quantity + 1 } : l)) };
      return { freeLines: [...s.freeLines, { product, quantity: 1, unitPrice: product.price }] };
    }),
  setFreeQuantity: (index, quantity) =>
    set((s) => ({ freeLines: s.freeLines.map((l, j) => (j === index ? { ...l, quantity } : l)) })),
  removeFreeLine: (index) => set((s) => ({ freeLines: s.freeLines.filter((_, j) => j !== index) })),
  setReason: (reason) => set({ reason }),
  post: async () => {
    const { mode, receipt, quantities, freeLines, reason, busy } = get();
    if (busy) return null;
    const lines =
      mode === 'receipt'
        ? Object.entries(quantities)
            .filter(([, q]) => q > 0)
            .map(([originalLineId, quantity]) => ({ originalLineId, quantity }))
        : freeLines.map((l) => ({ productId: l.product.productId, quantity: l.quantity, unitPrice: l.unitPrice }));
    if (lines.length === 0) return null;
    set({ busy: true });
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
