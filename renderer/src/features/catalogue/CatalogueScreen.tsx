// Catalogue for managers: import a CSV (progress bar, per-row errors), browse and edit products.
// Calls the catalogue store; the file is read in the browser (File.text) and sent as text to catalogue.importCsv.
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { ProductView } from '../../../../service/contract';
import { ActionButton } from '../../components/ActionButton';
import { Icon } from '../../components/Icon';
import { Money } from '../../components/Money';
import { useKeyScope, useScanHandler } from '../../components/hooks';
import { KEYS } from '../../lib/keys';
import { PAGE_SIZE, useCatalogueStore } from '../../stores/catalogue';
import { useSessionStore } from '../../stores/session';
import { useT, useUiStore } from '../../stores/ui';
import { ProductEditor } from './ProductEditor';

export function CatalogueScreen() {
  const t = useT();
  const go = useUiStore((s) => s.go);
  const role = useSessionStore((s) => s.session?.user.role);
  const list = useCatalogueStore((s) => s.list);
  const total = useCatalogueStore((s) => s.listTotal);
  const offset = useCatalogueStore((s) => s.listOffset);
  const listQuery = useCatalogueStore((s) => s.listQuery);
  const importing = useCatalogueStore((s) => s.importing);
  const progress = useCatalogueStore((s) => s.importProgress);
  const report = useCatalogueStore((s) => s.importReport);
  const { loadList, importCsv, loadTaxRates } = useCatalogueStore.getState();
  const [query, setQuery] = useState(listQuery);
  const [editing, setEditing] = useState<ProductView | 'new' | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const canEdit = role === 'manager' || role === 'tech';

  useEffect(() => {
    void loadList('', 0);
    void loadTaxRates();
  }, [loadList, loadTaxRates]);

  useKeyScope(
    (e) => {
      if (e.key === 'Escape') {
        go('sell');
        return true;
      }
      return false;
    },
    { enabled: editing === null },
  );

  // A scanned barcode looks the product up in the list (to check or edit it).
  useScanHandler((code) => {
    setQuery(code);
    void loadList(code, 0);
  });

  const onFile = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    await importCsv(await file.text());
  };

  return (
    <main className="catalogue" data-testid="catalogue-screen">
      <header className="screen-head">
        <ActionButton label={<><Icon name="back" />{t('action.sell')}</>} hotkey={KEYS.back} onClick={() => go('sell')} variant="quiet" />
        <h1 className="screen-title">{t('catalogue.title')}</h1>
        <span className="muted">{t('catalogue.count', { total })}</span>
      </header>
      {!canEdit ? <p className="notice tone-attention">{t('catalogue.managerOnly')}</p> : null}
      <div className="toolbar">
        <label className="search-box grow">
          <Icon name="search" />
          <span className="visually-hidden">{t('common.search')}</span>
          <input
            className="search-input"
            value={query}
            onChange={(e) => {
              setQuery(e.target.value);
              void loadList(e.target.value, 0);
            }}
            placeholder={t('sell.searchPlaceholder')}
            autoComplete="off"
            autoFocus
            data-testid="catalogue-search"
          />
        </label>
        {canEdit ? (
          <>
            <input ref={fileInput} type="file" accept=".csv,text/csv" className="visually-hidden" onChange={(e) => void onFile(e)} data-testid="csv-file" tabIndex={-1} />
            <ActionButton label={t('catalogue.import')} onClick={() => fileInput.current?.click()} disabled={importing} testId="import-csv" />
            <ActionButton label={t('catalogue.newProduct')} onClick={() => setEditing('new')} variant="primary" testId="new-product" />
          </>
        ) : null}
      </div>
      {importing || report ? (
        <section className="card import" aria-live="polite" data-testid="import-panel">
          {importing ? (
            <>
              <progress className="progress" max={progress?.rowsTotal ?? 1} value={progress?.rowsDone ?? 0} />
              <p>{progress ? t('catalogue.importing', { done: progress.rowsDone, total: progress.rowsTotal }) : t('common.working')}</p>
            </>
          ) : null}
          {report ? (
            <>
              <p className={`notice tone-${report.errors.length > 0 ? 'attention' : 'ok'}`}>
                <Icon name={report.errors.length > 0 ? 'attention' : 'ok'} />
                {t('catalogue.importReport', { rows: report.rows, imported: report.imported, updated: report.updated, errors: report.errors.length })}
              </p>
              {report.errors.length > 0 ? (
                <div className="import-errors">
                  <h2 className="section-title">{t('catalogue.importErrors')}</h2>
                  <table className="data-table" data-testid="import-errors">
                    <thead>
                      <tr>
                        <th scope="col" className="num">{t('catalogue.row')}</th>
                        <th scope="col">{t('catalogue.error')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {report.errors.map((err) => (
                        <tr key={`${err.row}-${err.code}`}>
                          <td className="num">{err.row}</td>
                          <td>{err.message}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              ) : null}
            </>
          ) : null}
        </section>
      ) : null}
      <div className="table-scroll">
        <table className="data-table" data-testid="product-table">
          <thead>
            <tr>
              <th scope="col">{t('catalogue.sku')}</th>
              <th scope="col">{t('catalogue.name')}</th>
              <th scope="col">{t('catalogue.barcodesColumn')}</th>
              <th scope="col">{t('catalogue.taxCode')}</th>
              <th scope="col" className="num">{t('catalogue.price')}</th>
              <th scope="col" />
            </tr>
          </thead>
          <tbody>
            {list.map((p) => (
              <tr key={p.productId} className={p.active ? '' : 'is-inactive'}>
                <td className="mono">{p.sku}</td>
                <td className="line-names">
                  <span className="line-name">{p.name}</span>
                  {p.nameZh ? <span className="name-secondary">{p.nameZh}</span> : null}
                  {!p.active ? <span className="tag">{t('catalogue.inactive')}</span> : null}
                </td>
                <td className="mono small">{p.barcodes.join(', ')}</td>
                <td>{p.taxCode}</td>
                <td className="num"><Money amount={p.price} currency={p.currency} /></td>
                <td className="num">
                  {canEdit ? (
                    <button type="button" className="action action-quiet action-small" onClick={() => setEditing(p)}>
                      <span className="action-label">{t('catalogue.edit')}</span>
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <footer className="pager">
        <button type="button" className="action action-quiet" disabled={offset === 0} onClick={() => void loadList(query, Math.max(0, offset - PAGE_SIZE))}>
          <span className="action-label">{t('catalogue.previous')}</span>
        </button>
        <span className="muted">{t('common.of', { done: Math.min(total, offset + list.length), total })}</span>
        <button type="button" className="action action-quiet" disabled={offset + PAGE_SIZE >= total} onClick={() => void loadList(query, offset + PAGE_SIZE)}>
          <span className="action-label">{t('catalogue.next')}</span>
        </button>
      </footer>
      {editing ? <ProductEditor product={editing === 'new' ? null : editing} onClose={() => setEditing(null)} /> : null}
    </main>
  );
}
