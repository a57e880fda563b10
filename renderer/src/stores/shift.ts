// The current shift: null means the till must open one (float) before selling.
// Calls shift.current / shift.open; closing is the end-of-day wizard's (stores/eod).
import { create } from 'zustand';
import type { Result, ShiftView } from '../../../service/contract';
import { api } from '../api/client';
import { callWithOverride } from './override';

interface ShiftState {
  /** undefined: not asked yet; null: no open shift. */
  shift: ShiftView | null | undefined;
  refresh(): Promise<void>;
  /** Opens with the float counted by denomination (value in minor units → pieces). */
  open(floatCounts: Record<string, number>): Promise<Result<ShiftView>>;
}

export const useShiftStore = create<ShiftState>()((set) => ({
  shift: undefined,
  refresh: async () => {
    const r = await api['shift.current']({});
    set({ shift: r.ok ? r.value : null });
  },
  open: async (floatCounts) => {
    const r = await callWithOverride((override) => api['shift.open']({ floatCounts, override }));
    if (r.ok) set({ shift: r.value });
    return r;
  },
}));
