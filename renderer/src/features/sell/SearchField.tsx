// The scan/search field at the top of the sell screen: instant product results (first preselected, Enter adds),
// typed barcodes (Enter scans), "+"/"-" on an empty field change the selected line's quantity.
import { forwardRef } from 'react';
import type { ProductView } from '../../../../service/contract';
import { Icon } from '../../components/Icon';
import { Money } from '../../components/Money';
import { useCatalogueStore } from '../../stores/catalogue';
import { useSaleStore } from '../../stores/sale';
import { useT, useUiStore } from '../../stores/ui';
import { lineNames } from './line-name';

interface Props {
  disabled?: boolean;
  entry: string;
  onEntry(entry: string): void;
  onSubmit(): void;
  /** A result tapped: the screen decides (weighed goods ask for a weight first). */
  onPick(product: ProductView): void;
}

export const SearchField = forwardRef<HTMLInputElement, Props>(function SearchField({ entry, onEntry, onSubmit, onPick, disabled }, ref) {
  const t = useT();
  const language = useUiStore((s) => s.language);
  const results = useCatalogueStore((s) => s.results);
  const resultsQuery = useCatalogueStore((s) => s.resultsQuery);
  const highlighted = useCatalogueStore((s) => s.highlighted);
  const moveHighlight = useCatalogueStore((s) => s.moveHighlight);
  const search = useCatalogueStore((s) => s.search);
  const clearSearch = useCatalogueStore((s) => s.clearSearch);
  const multiplier = useSaleStore((s) => s.multiplier);
  const moveSelection = useSaleStore((s) => s.moveSelection);
  const changeQuantityBy = useSaleStore((s) => s.changeQuantityBy);

  // While typing, the previous answer stays up until the new one arrives (no flicker); "no match" only for this text.
  const showResults = entry.trim() !== '' && (results.length > 0 || resultsQuery === entry);

  const onKeyDown = (e: React.KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      const delta = e.key === 'ArrowDown' ? 1 : -1;
      if (showResults && results.length > 0) moveHighlight(delta);
      else moveSelection(delta);
      e.preventDefault();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      onSubmit();
    } else if ((e.key === '+' || e.key === '-') && entry === '') {
      e.preventDefault();
      void changeQuantityBy(e.key === '+' ? 1 : -1);
    } else if (e.key === 'Escape' && entry !== '') {
      e.preventDefault();
      onEntry('');
      clearSearch();
    }
  };

  return (
    <div className="search">
      <label className="search-box">
        <Icon name="search" />
        <span className="visually-hidden">{t('sell.searchLabel')}</span>
        {multiplier !== null ? <span className="multiplier" data-testid="multiplier">{t('sell.multiplier', { quantity: multiplier })}</span> : null}
        <input
          ref={ref}
          className="search-input"
          type="text"
          autoComplete="off"
          spellCheck={false}
          placeholder={t('sell.searchPlaceholder')}
          value={entry}
          disabled={disabled}
          onChange={(e) => {
            onEntry(e.target.value);
            search(e.target.value);
          }}
          onKeyDown={onKeyDown}
          role="combobox"
          aria-expanded={showResults && results.length > 0}
          aria-controls="search-results"
          aria-activedescendant={showResults && results[highlighted] ? `result-${results[highlighted].productId}` : undefined}
          data-testid="search-input"
        />
        <kbd className="action-key">F9</kbd>
      </label>
      {showResults ? (
        <ul className="search-results" id="search-results" role="listbox" aria-label={t('sell.results')} data-testid="search-results">
          {results.length === 0 && resultsQuery === entry ? <li className="search-empty">{t('sell.noResults', { query: entry })}</li> : null}
          {results.map((p, i) => {
            const names = lineNames(p.name, p.nameZh, language);
            return (
              <li
                key={p.productId}
                id={`result-${p.productId}`}
                role="option"
                aria-selected={i === highlighted}
                className={`search-result ${i === highlighted ? 'is-highlighted' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onClick={() => {
                  onPick(p);
                  onEntry('');
                  clearSearch();
                }}
              >
                <span className="result-names">
                  <span className="result-name">{names.primary}</span>
                  {names.secondary ? <span className="name-secondary">{names.secondary}</span> : null}
                </span>
                <span className="result-sku">{p.sku}</span>
                <Money amount={p.price} currency={p.currency} className="result-price" />
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
});
