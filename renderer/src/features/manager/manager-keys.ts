// The manager area's own keys, shared by every scope inside it: the keyboard router gives keys to the top scope
// only, so a wizard step or a PIN field that pushes its own scope hands unhandled keys on through this function.
import { useEodStore } from '../../stores/eod';
import { useUiStore, type ManagerSection } from '../../stores/ui';

/** Section order on the rail: Alt+1 … Alt+9. */
export const SECTION_ORDER: ManagerSection[] = ['cash', 'x', 'close', 'zHistory', 'chart', 'flags', 'support', 'journal', 'sync'];

/** Leaves the manager area: after a Z the shift is closed, so the next screen is the shift-open screen. */
export function leaveManager(): void {
  if (useEodStore.getState().z) void useEodStore.getState().finishClose();
  else useUiStore.getState().go('sell');
}

/** Alt+digit picks a section, Esc leaves; returns true when the key was the manager area's. */
export function managerKey(e: KeyboardEvent): boolean {
  if (e.altKey && /^[1-9]$/.test(e.key)) {
    const next = SECTION_ORDER[Number(e.key) - 1];
    if (next) useUiStore.getState().goManager(next);
    return true;
  }
  if (e.key === 'Escape') {
    leaveManager();
    return true;
  }
  return false;
}
