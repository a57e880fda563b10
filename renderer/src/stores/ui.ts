// UI state that belongs to no domain: language, which task screen is up, and the one notice line.
// Calls no API itself (session.ts owns session.setLanguage); holds no money.
import { create } from 'zustand';
import type { Language, TillError } from '../../../service/contract';
import { translate, isMessageKey, type MessageKey, type MessageParams, type Translate } from '../i18n';
import { HOST_UNREACHABLE } from '../api/http-client';

export type Screen = 'sell' | 'returns' | 'catalogue' | 'manager';
/** The manager area's sections (shift and cash, reports, the close wizard, support). */
export type ManagerSection = 'cash' | 'x' | 'close' | 'zHistory' | 'chart' | 'flags' | 'support' | 'journal' | 'sync';
export type NoticeTone = 'error' | 'attention' | 'info' | 'ok';

export interface Notice {
  tone: NoticeTone;
  text: string;
  /** Increments on every notice so the same text twice still re-announces (aria-live). */
  seq: number;
}

/** Code of the answer a caller gets when the cashier closes the manager dialog: not an error to show. */
export const OVERRIDE_CANCELLED = 'OVERRIDE_CANCELLED';

interface UiState {
  language: Language;
  screen: Screen;
  managerSection: ManagerSection;
  notice: Notice | null;
  setLanguage(language: Language): void;
  go(screen: Screen): void;
  goManager(section: ManagerSection): void;
  notify(tone: NoticeTone, text: string): void;
  showError(error: TillError): void;
  clearNotice(): void;
}

let seq = 0;
let sessionLost: () => void = () => undefined;

/** session.ts registers here: any call answering NOT_LOGGED_IN sends the till back to the login screen. */
export function onSessionLost(handler: () => void): void {
  sessionLost = handler;
}

/** The cashier's sentence for an error: the service's localised message, else our own words for the code. */
export function errorText(error: TillError, language: Language): string {
  if (error.message) return error.message;
  const key = `error.${error.code}`;
  if (isMessageKey(key)) return translate(language, key, error.params);
  return translate(language, 'error.generic', { code: error.code });
}

export const useUiStore = create<UiState>()((set, get) => ({
  language: 'en',
  screen: 'sell',
  managerSection: 'cash',
  notice: null,
  setLanguage: (language) => set({ language }),
  go: (screen) => set({ screen, notice: null }),
  goManager: (managerSection) => set({ screen: 'manager', managerSection, notice: null }),
  notify: (tone, text) => set({ notice: { tone, text, seq: ++seq } }),
  showError: (error) => {
    if (error.code === OVERRIDE_CANCELLED) return;
    if (error.code === 'NOT_LOGGED_IN') sessionLost();
    get().notify(error.code === HOST_UNREACHABLE ? 'error' : 'attention', errorText(error, get().language));
  },
  clearNotice: () => set({ notice: null }),
}));

/** Translation bound to the current language; components re-render when it changes. */
export function useT(): Translate {
  const language = useUiStore((s) => s.language);
  return (key: MessageKey, params?: MessageParams) => translate(language, key, params);
}

/** For non-React code (stores): translate in the language of the moment. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(useUiStore.getState().language, key, params);
}
