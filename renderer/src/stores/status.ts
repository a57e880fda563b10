// The status strip's data: till, training flag, devices and acquirer link, from status.get and pushed events.
// Calls status.get only; events status.changed, sync.progress and print.status update it in place.
import { create } from 'zustand';
import type { StatusView, TillEvents } from '../../../service/contract';
import { api } from '../api/client';

interface StatusState {
  status: StatusView | null;
  /** false while the event stream to the host is down (web host restarted, network gone). */
  connected: boolean;
  lastPrint: TillEvents['print.status'] | null;
  refresh(): Promise<void>;
  applyStatus(status: StatusView): void;
  applySync(sync: TillEvents['sync.progress']): void;
  applyPrint(print: TillEvents['print.status']): void;
  setConnected(connected: boolean): void;
}

export const useStatusStore = create<StatusState>()((set, get) => ({
  status: null,
  connected: true,
  lastPrint: null,
  refresh: async () => {
    const r = await api['status.get']({});
    if (r.ok) set({ status: r.value, connected: true });
  },
  applyStatus: (status) => set({ status }),
  applySync: (sync) => {
    const status = get().status;
    if (!status) return;
    set({ status: { ...status, sync: { online: sync.online, backlog: sync.backlog, reviewCount: sync.reviewCount } } });
  },
  applyPrint: (print) => set({ lastPrint: print }),
  setConnected: (connected) => {
    const was = get().connected;
    set({ connected });
    // Back after a drop: whatever changed meanwhile was pushed into the void; ask again.
    if (connected && !was) void get().refresh();
  },
}));
