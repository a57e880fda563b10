// What a MANAGER_REQUIRED answer asks for, in the cashier's words: built from params.action and its params
// ("Discount 25% on line 3 needs a manager."), else the service's own message. Pure.
import type { Language, TillError } from '../../../../service/contract';
import { isMessageKey, translate } from '../../i18n';
import { formatMoney } from '../../i18n/format';

export function describeOverride(error: TillError, language: Language): string {
  const p = error.params ?? {};
  const key = `override.action.${String(p.action ?? '')}`;
  if (!isMessageKey(key)) return error.message;
  let what = '';
  if (typeof p.percent === 'number' || (typeof p.percent === 'string' && p.percent !== '')) what = `${p.percent}%`;
  else {
    const amount = Number(p.amount ?? p.variance);
    if (Number.isSafeInteger(amount) && typeof p.currency === 'string') what = formatMoney(amount, p.currency, language);
  }
  return translate(language, key, { what, line: p.line ?? '' });
}
