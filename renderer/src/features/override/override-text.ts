// What a MANAGER_REQUIRED answer asks for, in the cashier's words: the service's message, made specific where the
// params allow ("Discount 25% on line 3 needs a manager."), as UX.md asks. Pure.
import type { Language, TillError } from '../../../../service/contract';
import { translate, type MessageKey } from '../../i18n';
import { formatMoney } from '../../i18n/format';

/** Service approval actions (params.action) that carry an amount or a line worth naming. */
function keyFor(action: unknown, hasLine: boolean): MessageKey | null {
  switch (action) {
    case 'discount':
      return hasLine ? 'override.action.discountLine' : 'override.action.discountSale';
    case 'price-override':
      return 'override.action.priceOverride';
    case 'opening-float':
      return 'override.action.openingFloat';
    case 'close-with-variance':
      return 'override.action.closeWithVariance';
    case 'cash-movement':
      return 'override.action.cashMovement';
    default:
      return null;
  }
}

export function describeOverride(error: TillError, language: Language): string {
  const p = error.params ?? {};
  const key = keyFor(p.action, p.line !== undefined);
  let what = '';
  if (typeof p.percent === 'number' || (typeof p.percent === 'string' && p.percent !== '')) what = `${p.percent}%`;
  else {
    const amount = Number(p.amount ?? p.variance);
    if (Number.isSafeInteger(amount) && typeof p.currency === 'string') what = formatMoney(amount, p.currency, language);
  }
  // Without the detail the sentence would be vaguer than the service's own: use the service's.
  if (!key || what === '') return error.message;
  return translate(language, key, { what, line: p.line ?? '' });
}
