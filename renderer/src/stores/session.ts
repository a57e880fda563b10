// Who is logged in: the user list for the login screen, the session view, and the per-user language.
// Calls session.* only; the language of the UI follows the session's user.
import { create } from 'zustand';
import type { Language, Result, SessionView, UserView } from '../../../service/contract';
import { api } from '../api/client';
import { HOST_UNREACHABLE } from '../api/http-client';
import { onSessionLost, useUiStore } from './ui';

interface SessionState {
  users: UserView[];
  session: SessionView | null;
  /** false until session.current answered once (the app shows nothing rather than flash the login screen). */
  ready: boolean;
  loadUsers(): Promise<void>;
  restore(): Promise<void>;
  login(username: string, pin: string): Promise<Result<SessionView>>;
  logout(): Promise<void>;
  setLanguage(language: Language): Promise<void>;
}

function adopt(session: SessionView | null): void {
  if (session) useUiStore.getState().setLanguage(session.user.language);
}

export const useSessionStore = create<SessionState>()((set) => ({
  users: [],
  session: null,
  ready: false,
  loadUsers: async () => {
    const r = await api['session.users']({});
    if (r.ok) set({ users: r.value.filter((u) => u.active) });
    else useUiStore.getState().showError(r.error);
  },
  restore: async () => {
    const r = await api['session.current']({});
    // A transport failure is not a logout: keep the screen until the host answers again.
    if (!r.ok && r.error.code === HOST_UNREACHABLE) {
      set({ ready: true });
      return;
    }
    const session = r.ok ? r.value : null;
    adopt(session);
    set({ session, ready: true });
  },
  login: async (username, pin) => {
    const r = await api['session.login']({ username, pin });
    if (r.ok) {
      adopt(r.value);
      set({ session: r.value });
      useUiStore.getState().go('sell');
    }
    return r;
  },
  logout: async () => {
    const r = await api['session.logout']({});
    if (!r.ok) {
      useUiStore.getState().showError(r.error);
      return;
    }
    set({ session: null });
  },
  setLanguage: async (language) => {
    // Switch at once (the cashier sees the answer to their tap), then persist it for this user.
    useUiStore.getState().setLanguage(language);
    const r = await api['session.setLanguage']({ language });
    if (r.ok) set({ session: r.value });
    else useUiStore.getState().showError(r.error);
  },
}));

onSessionLost(() => void useSessionStore.getState().restore());
