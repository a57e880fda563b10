// Products: instant search for the sell screen, the managers' browse/edit list, tax rates and CSV import.
// Calls catalogue.*; stale search answers (typed over by a newer query) are dropped by sequence number.
import { create } from 'zustand';
import type { ImportReport, ProductInput, ProductView, Result, TaxRateView, TillEvents } from '../../../service/contract';
import { api } from '../api/client';
import { useUiStore } from './ui';

export const SEARCH_LIMIT = 8;
/**
 * Typing pause before a search goes out. People type slower than this, so results still follow each key; a
 * scanner's burst (keys < 30 ms apart) sends no search at all, so searches never queue ahead of the scan itself.
 */
export const SEARCH_DELAY_MS = 40;
export const PAGE_SIZE = 50;

interface CatalogueState {
  /** What is typed now. */
  query: string;
  results: ProductView[];
  /** The query `results` answer: Enter must never add a result of an older, shorter query. */
  resultsQuery: string;
  /** Index of the highlighted result; the first is preselected so Enter adds it. */
  highlighted: number;
  /** Search after SEARCH_DELAY_MS of no further typing. */
  search(query: string): void;
  /** Search at once (Enter pressed before the results caught up) and return the fresh results. */
  searchNow(query: string): Promise<ProductView[]>;
  moveHighlight(delta: number): void;
  clearSearch(): void;

  listQuery: string;
  listOffset: number;
  listTotal: number;
  list: ProductView[];
  loadList(query: string, offset: number): Promise<void>;
  upsert(product: ProductInput): Promise<Result<ProductView>>;

  taxRates: TaxRateView[];
  loadTaxRates(): Promise<void>;

  importing: boolean;
  importProgress: TillEvents['catalogue.importProgress'] | null;
  importReport: ImportReport | null;
  importCsv(csv: string): Promise<void>;
  applyImportProgress(progress: TillEvents['catalogue.importProgress']): void;
}

let searchSeq = 0;
let searchTimer: ReturnType<typeof setTimeout> | undefined;

export const useCatalogueStore = create<CatalogueState>()((set, get) => ({
  query: '',
  results: [],
  resultsQuery: '',
  highlighted: 0,
  search: (query) => {
    clearTimeout(searchTimer);
    ++searchSeq;
    set({ query });
    if (query.trim() === '') {
      set({ results: [], resultsQuery: query, highlighted: 0 });
      return;
    }
    searchTimer = setTimeout(() => void get().searchNow(query), SEARCH_DELAY_MS);
  },
  searchNow: async (query) => {
    clearTimeout(searchTimer);
    const seq = ++searchSeq;
    const r = await api['catalogue.search']({ query: query.trim(), limit: SEARCH_LIMIT });
    const results = r.ok ? r.value : [];
    // A newer keystroke already asked again: its answer will be kept, not this one.
    if (seq === searchSeq) set({ results, resultsQuery: query, highlighted: 0 });
    return results;
  },
  moveHighlight: (delta) => {
    const n = get().results.length;
    if (n === 0) return;
    set((s) => ({ highlighted: (s.highlighted + delta + n) % n }));
  },
  clearSearch: () => {
    clearTimeout(searchTimer);
    ++searchSeq;
    set({ query: '', results: [], resultsQuery: '', highlighted: 0 });
  },

  listQuery: '',
  listOffset: 0,
  listTotal: 0,
  list: [],
  loadList: async (query, offset) => {
    set({ listQuery: query, listOffset: offset });
    const r = await api['catalogue.list']({ query, offset, limit: PAGE_SIZE });
    if (r.ok) set({ list: r.value.products, listTotal: r.value.total });
    else useUiStore.getState().showError(r.error);
  },
  upsert: async (product) => {
    const r = await api['catalogue.upsert']({ product });
    if (r.ok) {
      set((s) => ({ list: s.list.some((p) => p.productId === r.value.productId) ? s.list.map((p) => (p.productId === r.value.productId ? r.value : p)) : [r.value, ...s.list] }));
    }
    return r;
  },

  taxRates: [],
  loadTaxRates: async () => {
    const r = await api['catalogue.taxRates']({});
    if (r.ok) set({ taxRates: r.value });
  },

  importing: false,
  importProgress: null,
  importReport: null,
  importCsv: async (csv) => {
    set({ importing: true, importProgress: null, importReport: null });
    const r = await api['catalogue.importCsv']({ csv });
    set({ importing: false });
    if (r.ok) {
      set({ importReport: r.value });
      await get().loadList(get().listQuery, 0);
    } else useUiStore.getState().showError(r.error);
  },
  applyImportProgress: (importProgress) => {
    if (get().importing) set({ importProgress });
  },
}));
