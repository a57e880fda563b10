// The open sale as the service last described it, plus the cashier's selection in it.
// Calls sale.*; never computes totals, tax or change (they come in the SaleView).
import { create } from 'zustand';
import type { DiscountInput, Result, SaleView, SuspendedSaleView } from '../../../service/contract';
import { api } from '../api/client';
import { callWithOverride } from './override';
import { useUiStore } from './ui';
import { activeLines, touchedLineId } from './sale-view';

export { activeLines, touchedLineId } from './sale-view';

interface SaleState {
  sale: SaleView | null;
  selectedLineId: string | null;
  /** The line the last scan or add touched: highlighted and scrolled into view. */
  lastLineId: string | null;
  /** "3 ×" typed before a scan: the next item is added with this quantity. */
  multiplier: number | null;
  suspended: SuspendedSaleView[];
  refresh(): Promise<void>;
  applySale(sale: SaleView | null): void;
  scan(code: string): Promise<Result<SaleView>>;
  addItem(productId: string, quantity?: number): Promise<Result<SaleView>>;
  setMultiplier(quantity: number | null): void;
  select(lineId: string | null): void;
  moveSelection(delta: number): void;
  setQuantity(lineId: string, quantity: number): Promise<Result<SaleView>>;
  changeQuantityBy(delta: number): Promise<void>;
  setLineDiscount(lineId: string, discount: DiscountInput | null): Promise<Result<SaleView>>;
  setBasketDiscount(discount: DiscountInput | null): Promise<Result<SaleView>>;
  overridePrice(lineId: string, unitPrice: number): Promise<Result<SaleView>>;
  voidLine(lineId: string): Promise<Result<SaleView>>;
  voidSale(reason: string): Promise<Result<SaleView>>;
  suspend(note: string): Promise<Result<SuspendedSaleView>>;
  loadSuspended(): Promise<void>;
  resume(saleId: string): Promise<Result<SaleView>>;
}

export const useSaleStore = create<SaleState>()((set, get) => {
  /** Keeps the returned view, reports an error in the notice line, and returns the Result unchanged. */
  // `before` is taken before the call: a sale.changed push may land ahead of the call's own answer.
  const keep = (r: Result<SaleView>, opts: { before?: SaleView | null } = {}): Result<SaleView> => {
    if (r.ok) {
      const touched = opts.before !== undefined ? touchedLineId(opts.before, r.value) : null;
      set((s) => ({
        sale: r.value,
        lastLineId: touched ?? s.lastLineId,
        selectedLineId: touched ?? (r.value.lines.some((l) => l.lineId === s.selectedLineId && !l.voided) ? s.selectedLineId : null),
      }));
      useUiStore.getState().clearNotice();
    } else {
      useUiStore.getState().showError(r.error);
    }
    return r;
  };
  const takeMultiplier = (): number | undefined => {
    const m = get().multiplier;
    if (m !== null) set({ multiplier: null });
    return m ?? undefined;
  };

  return {
    sale: null,
    selectedLineId: null,
    lastLineId: null,
    multiplier: null,
    suspended: [],
    refresh: async () => {
      const r = await api['sale.current']({});
      if (r.ok) get().applySale(r.value);
    },
    applySale: (sale) => {
      if (sale && sale.status !== 'open') sale = null;
      set((s) => ({
        sale,
        selectedLineId: sale?.lines.some((l) => l.lineId === s.selectedLineId) ? s.selectedLineId : null,
        lastLineId: sale?.lines.some((l) => l.lineId === s.lastLineId) ? s.lastLineId : null,
      }));
    },
    scan: async (code) => {
      const before = get().sale;
      return keep(await api['sale.scan']({ code, quantity: takeMultiplier() }), { before });
    },
    addItem: async (productId, quantity) => {
      const before = get().sale;
      return keep(await api['sale.addItem']({ productId, quantity: quantity ?? takeMultiplier() }), { before });
    },
    setMultiplier: (multiplier) => set({ multiplier }),
    select: (selectedLineId) => set({ selectedLineId }),
    moveSelection: (delta) => {
      const lines = activeLines(get().sale);
      if (lines.length === 0) return;
      const current = lines.findIndex((l) => l.lineId === get().selectedLineId);
      const start = current < 0 ? (delta > 0 ? -1 : lines.length) : current;
      const next = Math.min(lines.length - 1, Math.max(0, start + delta));
      set({ selectedLineId: lines[next]?.lineId ?? null });
    },
    setQuantity: async (lineId, quantity) =>
      keep(await callWithOverride((override) => api['sale.setQuantity']({ lineId, quantity, override }))),
    changeQuantityBy: async (delta) => {
      const { sale, selectedLineId, lastLineId } = get();
      const line = activeLines(sale).find((l) => l.lineId === (selectedLineId ?? lastLineId));
      if (!line || line.quantityKind !== 'piece') return;
      if (line.quantity + delta < 1) return;
      await get().setQuantity(line.lineId, line.quantity + delta);
    },
    setLineDiscount: async (lineId, discount) =>
      keep(await callWithOverride((override) => api['sale.setLineDiscount']({ lineId, discount, override }))),
    setBasketDiscount: async (discount) =>
      keep(await callWithOverride((override) => api['sale.setBasketDiscount']({ discount, override }))),
    overridePrice: async (lineId, unitPrice) =>
      keep(await callWithOverride((override) => api['sale.overridePrice']({ lineId, unitPrice, override }))),
    voidLine: async (lineId) => keep(await callWithOverride((override) => api['sale.voidLine']({ lineId, override }))),
    voidSale: async (reason) => {
      const r = await callWithOverride((override) => api['sale.void']({ reason: reason || undefined, override }));
      if (r.ok) set({ sale: null, selectedLineId: null, lastLineId: null });
      else useUiStore.getState().showError(r.error);
      return r;
    },
    suspend: async (note) => {
      const r = await api['sale.suspend']({ note: note || undefined });
      if (r.ok) set({ sale: null, selectedLineId: null, lastLineId: null, multiplier: null });
      else useUiStore.getState().showError(r.error);
      return r;
    },
    loadSuspended: async () => {
      const r = await api['sale.listSuspended']({});
      if (r.ok) set({ suspended: r.value });
      else useUiStore.getState().showError(r.error);
    },
    resume: async (saleId) => {
      const r = await api['sale.resume']({ saleId });
      if (r.ok) {
        const last = r.value.lines[r.value.lines.length - 1]?.lineId ?? null;
        set({ sale: r.value, selectedLineId: last, lastLineId: last });
      } else useUiStore.getState().showError(r.error);
      return r;
    },
  };
});
