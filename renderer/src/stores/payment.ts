// Paying the open sale: tenders, the card terminal's progress, and the posted receipt.
// Calls payment.* and receipt.reprint; change and remaining come from the service's views, never computed here.
import { create } from 'zustand';
import type { PaymentResultView, ReceiptView, Result, TillError, TillEvents } from '../../../service/contract';
import { api } from '../api/client';
import { callWithOverride } from './override';
import { useSaleStore } from './sale';
import { useUiStore } from './ui';

export type PaymentPhase = 'closed' | 'tendering' | 'card' | 'done';
export type CardOutcome =
  | { kind: 'approved'; authCode: string | null }
  | { kind: 'declined'; error: TillError }
  | { kind: 'unknown'; error: TillError }
  | { kind: 'failed'; error: TillError };

type Progress = TillEvents['payment.progress'];

interface PaymentState {
  phase: PaymentPhase;
  /** Terminal texts of the running card payment, newest last. */
  progress: Progress[];
  cardOutcome: CardOutcome | null;
  receipt: ReceiptView | null;
  busy: boolean;
  open(): void;
  close(): void;
  addCash(amount: number): Promise<void>;
  startCard(): Promise<void>;
  cancelCard(): Promise<void>;
  removeTender(tenderId: string): Promise<void>;
  printAgain(): Promise<void>;
  newSale(): Promise<void>;
  applyProgress(progress: Progress): void;
}

function cardOutcomeOf(error: TillError): CardOutcome {
  if (error.code === 'CARD_DECLINED') return { kind: 'declined', error };
  if (error.code === 'CARD_OUTCOME_UNKNOWN' || error.code === 'PAYMENT_UNRESOLVED') return { kind: 'unknown', error };
  return { kind: 'failed', error };
}

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
    progress: [],
    cardOutcome: null,
    receipt: null,
    busy: false,
    open: () => {
      const sale = useSaleStore.getState().sale;
      if (!sale || sale.lines.every((l) => l.voided)) return;
      set({ phase: 'tendering', progress: [], cardOutcome: null, receipt: null });
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
    startCard: async () => {
      if (get().busy) return;
      set({ busy: true, phase: 'card', progress: [], cardOutcome: null });
      const r = await api['payment.startCard']({});
      if (r.ok) {
        const cardTender = [...(r.value.receipt?.tenders ?? r.value.sale?.tenders ?? [])].reverse().find((t) => t.kind === 'card');
        const outcome: CardOutcome = { kind: 'approved', authCode: cardTender?.card?.authCode ?? null };
        set({ cardOutcome: outcome });
        if (!r.value.receipt) set({ phase: 'tendering' });
        settle(r);
      } else {
        set({ busy: false, phase: 'tendering', cardOutcome: cardOutcomeOf(r.error) });
      }
    },
    cancelCard: async () => {
      const r = await api['payment.cancelCard']({});
      if (!r.ok) useUiStore.getState().showError(r.error);
    },
    removeTender: async (tenderId) => {
      const r = await callWithOverride((override) => api['payment.removeTender']({ tenderId, override }));
      if (r.ok) useSaleStore.getState().applySale(r.value);
      else useUiStore.getState().showError(r.error);
    },
    printAgain: async () => {
      const receipt = get().receipt;
      if (!receipt) return;
      const r = await api['receipt.reprint']({ receiptNumber: receipt.receiptNumber });
      if (!r.ok) useUiStore.getState().showError(r.error);
    },
    newSale: async () => {
      set({ phase: 'closed', receipt: null, progress: [], cardOutcome: null });
      await useSaleStore.getState().refresh();
    },
    applyProgress: (progress) => {
      if (get().phase !== 'card') return;
      set((s) => ({ progress: [...s.progress, progress].slice(-20) }));
    },
  };
});
