// Message lookup for the renderer: one function from (language, key, params) to text. Pure; no React here.
// Components reach it through useT() (stores/ui) so a language switch re-renders them.
import type { Language } from '../../../service/contract';
import { en, type MessageKey } from './en';
import { zh } from './zh';

export type { MessageKey } from './en';
export type MessageParams = Record<string, string | number>;

const catalogues: Record<Language, Record<MessageKey, string>> = { en, zh };

/** Fills `{name}` placeholders; an unknown placeholder stays visible rather than vanishing silently. */
export function interpolate(template: string, params: MessageParams = {}): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  return interpolate(catalogues[language][key] ?? en[key], params);
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;
