// Paying the open sale: tenders, the card terminal's progress, and the posted receipt.
// Calls payment.* and receipt.reprint; change and remaining come from the service's views, never computed here.
import { create } from 'zustand';
import type { PaymentResultView, ReceiptView, Result, TillEvents } from '../../../service/contract';
import { api } from '../api/client';
import { callWithOverride } from './override';
import { cancelAllowed, cardOutcomeOf, lastCardTender, type CardOutcome } from './payment-outcome';
import { useSaleStore } from './sale';
import { useUiStore } from './ui';

export { cancelAllowed, cardOutcomeOf, lastCardTender, type CardOutcome } from './payment-outcome';

export type PaymentPhase = 'closed' | 'tendering' | 'card' | 'done';
type Progress = TillEvents['payment.progress'];

interface PaymentState {
  phase: PaymentPhase;
  /** Terminal texts of the running card payment, newest last. */
  progress: Progress[];
  cardOutcome: CardOutcome | null;
  /** The amount the running card payment asks for (the remaining amount, or the typed part of a split). */
  cardAmount: number | null;
  cancelling: boolean;
  receipt: ReceiptView | null;
  busy: boolean;
  open(): void;
  close(): void;
  addCash(amount: number): Promise<void>;
  startCard(amount?: number): Promise<void>;
  cancelCard(): Promise<void>;
  removeTender(tenderId: string): Promise<void>;
  printAgain(): Promise<boolean>;
  newSale(): Promise<void>;
  applyProgress(progress: Progress): void;
}

const reset = { progress: [] as Progress[], cardOutcome: null, cardAmount: null, cancelling: false };

export const usePaymentStore = create<PaymentState>()((set, get) => {
  /** A tender's answer: keep the sale view, or finish with the posted receipt. */
  const settle = (r: Result<PaymentResultView>): boolean => {
    if (!r.ok) return false;
    if (r.value.receipt) {
      useSaleStore.getState().applySale(null);
      set({ phase: 'done', receipt: r.value.receipt, busy: false });
    } else {
      useSaleStore.getState().applySale(r.value.sale);
      set({ busy: false });
    }
    return true;
  };

  return {
    phase: 'closed',
    ...reset,
    receipt: null,
    busy: false,
    open: () => {
      const sale = useSaleStore.getState().sale;
      if (!sale || sale.lines.every((l) => l.voided)) return;
      set({ phase: 'tendering', ...reset, receipt: null });
    },
    close: () => {
      // A running card payment cannot be walked away from: the terminal decides, the cashier waits or cancels.
      if (get().phase === 'card') return;
      set({ phase: 'closed', cardOutcome: null });
    },
    addCash: async (amount) => {
      if (get().busy) return;
      set({ busy: true, cardOutcome: null });
      const r = await api['payment.addCash']({ amount });
      if (!settle(r)) {
        set({ busy: false });
        if (!r.ok) useUiStore.getState().showError(r.error);
      } else useUiStore.getState().clearNotice();
    },
    startCard: async (amount) => {
      if (get().busy) return;
      const remaining = useSaleStore.getState().sale?.remaining ?? null;
      set({ busy: true, phase: 'card', ...reset, cardAmount: amount ?? remaining });
      // Awaits the terminal's outcome; the texts on the way arrive as payment.progress events.
      const r = await api['payment.startCard'](amount !== undefined ? { amount } : {});
      if (r.ok) {
        const tender = lastCardTender(r.value);
        set({
          cardOutcome: {
            kind: 'approved',
            amount: tender?.amount ?? get().cardAmount ?? 0,
            authCode: tender?.card?.authCode ?? null,
            maskedPan: tender?.card?.maskedPan ?? null,
            brand: tender?.card?.brand ?? null,
          },
        });
        if (!r.value.receipt) set({ phase: 'tendering' });
        settle(r);
      } else {
        set({ busy: false, phase: 'tendering', cancelling: false, cardOutcome: cardOutcomeOf(r.error) });
        // The sale may have changed (a tender kept as unresolved): show what the service holds now.
        void useSaleStore.getState().refresh();
      }
    },
    cancelCard: async () => {
      if (get().phase !== 'card' || !cancelAllowed(get().progress)) return;
      set({ cancelling: true });
      const r = await api['payment.cancelCard']({});
      if (!r.ok) {
        set({ cancelling: false });
        useUiStore.getState().showError(r.error);
      }
    },
    removeTender: async (tenderId) => {
      const r = await callWithOverride((override) => api['payment.removeTender']({ tenderId, override }));
      if (r.ok) useSaleStore.getState().applySale(r.value);
      else useUiStore.getState().showError(r.error);
    },
    printAgain: async () => {
      const receipt = get().receipt;
      if (!receipt) return false;
      const r = await api['receipt.reprint']({ receiptNumber: receipt.receiptNumber });
      if (!r.ok) useUiStore.getState().showError(r.error);
      return r.ok;
    },
    newSale: async () => {
      set({ phase: 'closed', receipt: null, ...reset });
      await useSaleStore.getState().refresh();
    },
    applyProgress: (progress) => {
      if (get().phase !== 'card') return;
      set((s) => ({ progress: [...s.progress, progress].slice(-20) }));
    },
  };
});
