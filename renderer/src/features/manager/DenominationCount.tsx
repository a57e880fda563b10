// A count sheet by denomination (float, hand-over, the close's blind count): one row per note and coin of the
// currency, pieces typed, the row amount beside. Shows only what was counted, never what the ledger expects.
import type { KeyboardEvent } from 'react';
import type { DenominationView } from '../../../../service/contract';
import { Money } from '../../components/Money';
import { formatMoney } from '../../i18n/format';
import { countedAmount, type Counts } from '../../stores/eod';
import { useT, useUiStore } from '../../stores/ui';

interface Props {
  denominations: DenominationView[];
  counts: Counts;
  currency: string;
  onChange(value: number, count: number): void;
  testId?: string;
}

/** Pieces as typed: digits only, at most 6 (the service takes up to 1,000,000 a denomination). */
export function parsePieces(text: string): number {
  const digits = text.replace(/\D/g, '').slice(0, 6);
  return digits === '' ? 0 : Number(digits);
}

export function DenominationCount({ denominations, counts, currency, onChange, testId }: Props) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  // ↑/↓ move between rows like a paper count sheet; Enter is left to the form (submit).
  const move = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key !== 'ArrowDown' && e.key !== 'ArrowUp') return;
    e.preventDefault();
    e.stopPropagation();
    const inputs = Array.from(e.currentTarget.closest('table')?.querySelectorAll<HTMLInputElement>('input') ?? []);
    const i = inputs.indexOf(e.currentTarget);
    inputs[i + (e.key === 'ArrowDown' ? 1 : -1)]?.focus();
  };
  return (
    <table className="count-sheet" data-testid={testId}>
      <thead>
        <tr>
          <th scope="col">{t('count.denomination')}</th>
          <th scope="col" className="num">{t('count.pieces')}</th>
          <th scope="col" className="num">{t('count.amount')}</th>
        </tr>
      </thead>
      <tbody>
        {denominations.map((d, i) => {
          const n = counts[String(d.value)] ?? 0;
          return (
            <tr key={d.value} className={n > 0 ? 'is-counted' : ''}>
              <th scope="row">
                <span className="count-denomination">
                  <span className="money">{formatMoney(d.value, currency, language)}</span>
                  <span className="name-secondary">{t(d.kind === 'note' ? 'count.note' : 'count.coin')}</span>
                </span>
              </th>
              <td className="num">
                <input
                  className="input count-input"
                  inputMode="numeric"
                  autoComplete="off"
                  aria-label={`${formatMoney(d.value, currency, language)} ${t('count.pieces')}`}
                  value={n === 0 ? '' : String(n)}
                  placeholder="0"
                  onChange={(e) => onChange(d.value, parsePieces(e.target.value))}
                  onKeyDown={move}
                  onFocus={(e) => e.currentTarget.select()}
                  autoFocus={i === 0}
                  data-testid={`count-${d.value}`}
                />
              </td>
              <td className="num">{n > 0 ? <Money amount={d.value * n} currency={currency} /> : null}</td>
            </tr>
          );
        })}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('count.total')}</th>
          <td />
          <td className="num count-total" data-testid="count-total">
            <Money amount={countedAmount(counts)} currency={currency} />
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
