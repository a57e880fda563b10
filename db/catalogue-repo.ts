// Catalogue storage: products, their barcodes, tax rates and the name-search index, kept in step in one transaction.
// Never imports service/ or hosts. Barcodes arrive normalised (core/barcode) from the caller.
import type { Db } from './open';

export interface ProductRow {
  rowid: number;
  product_id: string;
  sku: string;
  name: string;
  name_zh: string | null;
  price: number;
  tax_code: string;
  rate_bp: number;
  category: string | null;
  weighed: number;
  active: number;
  embedded_code: string | null;
  barcodes: string | null;
}

export interface ProductWrite {
  productId: string;
  sku: string;
  name: string;
  nameZh: string | null;
  price: number;
  taxCode: string;
  category: string | null;
  weighed: boolean;
  active: boolean;
  embeddedCode: string | null;
  barcodes: string[];
}

export interface TaxRateRow {
  code: string;
  rate_bp: number;
  label: string;
}

const CJK = /[\u3400-\u9fff\uf900-\ufaff\u{20000}-\u{2fa1f}]/u;

/** Chinese has no spaces between words: index and query it one character per token. */
export function searchTokens(text: string): string {
  let out = '';
  for (const ch of text) out += CJK.test(ch) ? ` ${ch} ` : ch;
  return out.replace(/\s+/g, ' ').trim();
}

/** Build an FTS5 query from what a cashier typed: each word a prefix match, Chinese runs as phrases. */
export function ftsQuery(input: string): string | null {
  const parts: string[] = [];
  for (const word of input.trim().split(/\s+/)) {
    if (!word) continue;
    const clean = word.replace(/["*^():{}\-+]/g, ' ').trim();
    if (!clean) continue;
    for (const piece of clean.split(/\s+/)) {
      if (CJK.test(piece)) {
        const tokens = searchTokens(piece).split(' ').filter(Boolean);
        parts.push(`"${tokens.join(' ')}"`);
      } else {
        parts.push(`"${piece.replace(/"/g, '""')}"*`);
      }
    }
  }
  return parts.length ? parts.join(' ') : null;
}

const SELECT_PRODUCT = `
  SELECT p.rowid AS rowid, p.*, t.rate_bp AS rate_bp,
         (SELECT group_concat(code, ',') FROM barcodes b WHERE b.product_id = p.product_id) AS barcodes
  FROM products p JOIN tax_rates t ON t.code = p.tax_code`;

export class CatalogueRepo {
  private readonly byBarcode;
  private readonly bySku;
  private readonly byId;
  private readonly byEmbedded;
  private readonly ftsSearch;
  private readonly insertProduct;
  private readonly updateProduct;
  private readonly deleteBarcodes;
  private readonly insertBarcode;
  private readonly barcodeOwner;
  private readonly ftsDelete;
  private readonly ftsInsert;
  private readonly rowidOf;

  constructor(private readonly db: Db) {
    this.byBarcode = db.prepare<[string], ProductRow>(`${SELECT_PRODUCT} WHERE p.product_id = (SELECT product_id FROM barcodes WHERE code = ?)`);
    this.bySku = db.prepare<[string], ProductRow>(`${SELECT_PRODUCT} WHERE p.sku = ?`);
    this.byId = db.prepare<[string], ProductRow>(`${SELECT_PRODUCT} WHERE p.product_id = ?`);
    this.byEmbedded = db.prepare<[string], ProductRow>(`${SELECT_PRODUCT} WHERE p.embedded_code = ?`);
    this.ftsSearch = db.prepare<[string, number], ProductRow>(
      `${SELECT_PRODUCT} WHERE p.rowid IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ? LIMIT ?) AND p.active = 1`,
    );
    this.insertProduct = db.prepare(
      `INSERT INTO products (product_id, sku, name, name_zh, price, tax_code, category, weighed, active, embedded_code, updated_at)
       VALUES (@productId, @sku, @name, @nameZh, @price, @taxCode, @category, @weighed, @active, @embeddedCode, @now)`,
    );
    this.updateProduct = db.prepare(
      `UPDATE products SET sku = @sku, name = @name, name_zh = @nameZh, price = @price, tax_code = @taxCode, category = @category,
         weighed = @weighed, active = @active, embedded_code = @embeddedCode, updated_at = @now WHERE product_id = @productId`,
    );
    this.deleteBarcodes = db.prepare('DELETE FROM barcodes WHERE product_id = ?');
    this.insertBarcode = db.prepare('INSERT INTO barcodes (code, product_id) VALUES (?, ?)');
    this.barcodeOwner = db.prepare<[string], { product_id: string }>('SELECT product_id FROM barcodes WHERE code = ?');
    this.ftsDelete = db.prepare('DELETE FROM products_fts WHERE rowid = ?');
    this.ftsInsert = db.prepare('INSERT INTO products_fts (rowid, search_text) VALUES (?, ?)');
    this.rowidOf = db.prepare<[string], { rowid: number }>('SELECT rowid FROM products WHERE product_id = ?');
  }

  findByBarcode(code: string): ProductRow | undefined {
    return this.byBarcode.get(code);
  }
  findBySku(sku: string): ProductRow | undefined {
    return this.bySku.get(sku);
  }
  findById(productId: string): ProductRow | undefined {
    return this.byId.get(productId);
  }
  findByEmbeddedCode(code: string): ProductRow | undefined {
    return this.byEmbedded.get(code);
  }
  barcodeOwnerOf(code: string): string | undefined {
    return this.barcodeOwner.get(code)?.product_id;
  }

  search(query: string, limit: number): ProductRow[] {
    const match = ftsQuery(query);
    if (!match) return [];
    // Over-fetch a little: inactive products are filtered after the index lookup.
    return this.ftsSearch.all(match, limit * 2).slice(0, limit);
  }

  list(query: string, offset: number, limit: number): { total: number; rows: ProductRow[] } {
    const match = ftsQuery(query);
    if (!match) {
      const total = (this.db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
      const rows = this.db.prepare<[number, number], ProductRow>(`${SELECT_PRODUCT} ORDER BY p.sku LIMIT ? OFFSET ?`).all(limit, offset);
      return { total, rows };
    }
    const where = 'p.rowid IN (SELECT rowid FROM products_fts WHERE products_fts MATCH ?)';
    const total = (this.db.prepare(`SELECT count(*) AS n FROM products p WHERE ${where}`).get(match) as { n: number }).n;
    const rows = this.db.prepare<[string, number, number], ProductRow>(`${SELECT_PRODUCT} WHERE ${where} ORDER BY p.sku LIMIT ? OFFSET ?`).all(match, limit, offset);
    return { total, rows };
  }

  /** Insert or update one product with its barcodes and search entry. Call inside a transaction. */
  upsert(product: ProductWrite, now: string): 'inserted' | 'updated' {
    const params = {
      ...product,
      weighed: product.weighed ? 1 : 0,
      active: product.active ? 1 : 0,
      now,
    };
    const existing = this.rowidOf.get(product.productId);
    let rowid: number;
    if (existing) {
      this.updateProduct.run(params);
      this.deleteBarcodes.run(product.productId);
      this.ftsDelete.run(existing.rowid);
      rowid = existing.rowid;
    } else {
      rowid = Number(this.insertProduct.run(params).lastInsertRowid);
    }
    for (const code of product.barcodes) this.insertBarcode.run(code, product.productId);
    this.ftsInsert.run(rowid, searchTokens(`${product.sku} ${product.name} ${product.nameZh ?? ''}`));
    return existing ? 'updated' : 'inserted';
  }

  taxRates(): TaxRateRow[] {
    return this.db.prepare<[], TaxRateRow>('SELECT * FROM tax_rates ORDER BY code').all();
  }
  taxRate(code: string): TaxRateRow | undefined {
    return this.db.prepare<[string], TaxRateRow>('SELECT * FROM tax_rates WHERE code = ?').get(code);
  }
  putTaxRate(rate: TaxRateRow): void {
    this.db
      .prepare('INSERT INTO tax_rates (code, rate_bp, label) VALUES (@code, @rate_bp, @label) ON CONFLICT(code) DO UPDATE SET rate_bp = excluded.rate_bp, label = excluded.label')
      .run(rate);
  }
  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM products').get() as { n: number }).n;
  }
}
