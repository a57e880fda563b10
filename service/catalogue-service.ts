// Use cases: find products (barcode incl. price/weight-embedded, SKU, name search), edit them, import a CSV with a
// per-row error report. A bad row never changes what is already in the catalogue.
import { parse } from 'csv-parse/sync';
import { checkDigitValid, classifyScan, normalizeGtin } from '../core/barcode';
import { isDomainError } from '../core/errors';
import { messageFor } from '../core/messages';
import { parseAmount } from '../core/money';
import type { ProductRow } from '../db/catalogue-repo';
import type { TillContext } from './context';
import { fail } from './context';
import { productInputSchema, type ImportReport, type ProductInput, type ProductView, type TillParsedInput } from './contract';

export function productView(ctx: TillContext, row: ProductRow): ProductView {
  return {
    productId: row.product_id,
    sku: row.sku,
    name: row.name,
    nameZh: row.name_zh,
    barcodes: row.barcodes ? row.barcodes.split(',') : [],
    price: row.price,
    currency: ctx.config.currency,
    taxCode: row.tax_code,
    rateBp: row.rate_bp,
    category: row.category,
    weighed: row.weighed === 1,
    active: row.active === 1,
  };
}

/** What a scanned or typed code resolves to: the product, and for embedded barcodes the weight or price it carries. */
export interface ScanMatch {
  product: ProductRow;
  barcode: string | null;
  weightGrams?: number;
  embeddedPrice?: number;
}

export function resolveCode(ctx: TillContext, code: string): ScanMatch {
  const scan = classifyScan(code, ctx.config.embeddedBarcodes);
  const active = (row: ProductRow | undefined) => (row && row.active === 1 ? row : undefined);
  switch (scan.kind) {
    case 'embedded': {
      const product = active(ctx.catalogue.findByEmbeddedCode(scan.value.itemCode)) ?? fail('PRODUCT_NOT_FOUND', { code: scan.text });
      return scan.value.kind === 'weight'
        ? { product, barcode: scan.text, weightGrams: scan.value.weightGrams }
        : { product, barcode: scan.text, embeddedPrice: scan.value.priceMinor };
    }
    case 'barcode': {
      // Numeric SKUs exist: a valid GTIN that is not a barcode of ours may still be a SKU.
      const product = active(ctx.catalogue.findByBarcode(scan.gtin)) ?? active(ctx.catalogue.findBySku(scan.text));
      return product ? { product, barcode: scan.text } : fail('PRODUCT_NOT_FOUND', { code: scan.text });
    }
    case 'sku': {
      const product = active(ctx.catalogue.findBySku(scan.text));
      if (product) return { product, barcode: null };
      // A GTIN-length code with a wrong check digit that is no SKU either is a misread: say so, not "not found".
      return fail(scan.badCheckDigit ? 'INVALID_BARCODE' : 'PRODUCT_NOT_FOUND', { code: scan.text });
    }
    default:
      return fail('PRODUCT_NOT_FOUND', { code: code.trim().slice(0, 64) });
  }
}

/** Validate one product for writing: tax code known, barcodes valid and not another product's. */
function prepareProduct(ctx: TillContext, input: ProductInput, existingId: string | undefined) {
  if (!ctx.catalogue.taxRate(input.taxCode)) fail('INVALID_TAX_RATE', { taxCode: input.taxCode });
  const productId = existingId ?? ctx.ids();
  const barcodes: string[] = [];
  for (const raw of input.barcodes) {
    if (!checkDigitValid(raw)) fail('INVALID_BARCODE', { code: raw });
    const code = normalizeGtin(raw);
    const owner = ctx.catalogue.barcodeOwnerOf(code);
    if ((owner && owner !== productId) || barcodes.includes(code)) fail('DUPLICATE_BARCODE', { code: raw });
    barcodes.push(code);
  }
  return {
    productId,
    sku: input.sku,
    name: input.name,
    nameZh: input.nameZh || null,
    price: input.price,
    taxCode: input.taxCode,
    category: input.category || null,
    weighed: input.weighed,
    active: input.active,
    embeddedCode: null as string | null,
    barcodes,
  };
}

/** The import file's columns; sku, name, price and tax_code are required, the rest optional, in any order. */
export const CSV_COLUMNS = ['sku', 'name', 'name_zh', 'barcodes', 'price', 'tax_code', 'category', 'weighed', 'active', 'embedded_code'] as const;
const IMPORT_CHUNK = 500;

function parseBool(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined || value.trim() === '') return fallback;
  const v = value.trim().toLowerCase();
  if (['1', 'true', 'yes', 'y'].includes(v)) return true;
  if (['0', 'false', 'no', 'n'].includes(v)) return false;
  return fail('VALIDATION_FAILED', { field: 'boolean', reason: `"${value}" is not yes/no` });
}

export function catalogueService(ctx: TillContext) {
  return {
    'catalogue.lookup': ({ code }: TillParsedInput<'catalogue.lookup'>) => {
      ctx.requireUser();
      return productView(ctx, resolveCode(ctx, code).product);
    },

    'catalogue.search': ({ query, limit }: TillParsedInput<'catalogue.search'>) => {
      ctx.requireUser();
      return ctx.catalogue.search(query, limit).map((row) => productView(ctx, row));
    },

    'catalogue.list': ({ query, offset, limit }: TillParsedInput<'catalogue.list'>) => {
      ctx.requireUser();
      const { total, rows } = ctx.catalogue.list(query, offset, limit);
      return { total, products: rows.map((row) => productView(ctx, row)) };
    },

    'catalogue.taxRates': () => {
      ctx.requireUser();
      return ctx.catalogue.taxRates().map((r) => ({ code: r.code, rateBp: r.rate_bp, label: r.label }));
    },

    'catalogue.upsert': ({ product }: TillParsedInput<'catalogue.upsert'>) => {
      const manager = ctx.requireUser('manager');
      const existing = ctx.catalogue.findBySku(product.sku);
      const write = prepareProduct(ctx, product, existing?.product_id);
      write.embeddedCode = existing?.embedded_code ?? null;
      ctx.tx(() => {
        const outcome = ctx.catalogue.upsert(write, ctx.now());
        ctx.audit.append({
          at: ctx.now(),
          actor: manager.username,
          action: `catalogue.${outcome === 'inserted' ? 'add' : 'update'}`,
          detail: { sku: write.sku, price: write.price, priceBefore: existing?.price ?? null },
        });
      });
      return productView(ctx, ctx.catalogue.findBySku(product.sku)!);
    },

    'catalogue.importCsv': async ({ csv }: TillParsedInput<'catalogue.importCsv'>): Promise<ImportReport> => {
      const manager = ctx.requireUser('manager');
      let records: string[][];
      try {
        records = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true, skip_empty_lines: true, trim: true }) as string[][];
      } catch (err) {
        return fail('VALIDATION_FAILED', { field: 'csv', reason: (err as Error).message.slice(0, 200) });
      }
      const header = (records.shift() ?? []).map((h) => h.toLowerCase());
      for (const required of ['sku', 'name', 'price', 'tax_code']) {
        if (!header.includes(required)) fail('VALIDATION_FAILED', { field: 'csv', reason: `missing column ${required}` });
      }
      const col = (row: string[], name: (typeof CSV_COLUMNS)[number]) => {
        const i = header.indexOf(name);
        return i >= 0 ? row[i] : undefined;
      };
      const report: ImportReport = { rows: records.length, imported: 0, updated: 0, errors: [] };
      const lang = ctx.language();
      for (let start = 0; start < records.length; start += IMPORT_CHUNK) {
        const chunk = records.slice(start, start + IMPORT_CHUNK);
        // One transaction per chunk; each row inside its own savepoint so a bad row leaves nothing behind.
        ctx.tx(() => {
          chunk.forEach((row, i) => {
            const rowNumber = start + i + 2; // 1-based, after the header line
            const rowTx = ctx.db.transaction(() => {
              const priceText = col(row, 'price') ?? '';
              const input = productInputSchema.parse({
                sku: col(row, 'sku') ?? '',
                name: col(row, 'name') ?? '',
                nameZh: col(row, 'name_zh') || undefined,
                barcodes: (col(row, 'barcodes') ?? '').split(/[|;\s]+/).filter(Boolean),
                price: parseAmount(priceText, ctx.config.currency),
                taxCode: col(row, 'tax_code') ?? '',
                category: col(row, 'category') || undefined,
                weighed: parseBool(col(row, 'weighed'), false),
                active: parseBool(col(row, 'active'), true),
              });
              const existing = ctx.catalogue.findBySku(input.sku);
              // An empty barcodes cell on an existing product keeps its barcodes: a price-only update file must not strip them.
              if (input.barcodes.length === 0 && existing?.barcodes) input.barcodes = existing.barcodes.split(',');
              const write = prepareProduct(ctx, input, existing?.product_id);
              const embedded = col(row, 'embedded_code');
              if (embedded && !/^\d{4,6}$/.test(embedded)) fail('VALIDATION_FAILED', { field: 'embedded_code', reason: 'digits' });
              write.embeddedCode = embedded || existing?.embedded_code || null;
              return ctx.catalogue.upsert(write, ctx.now());
            });
            try {
              const outcome = rowTx();
              if (outcome === 'inserted') report.imported++;
              else report.updated++;
            } catch (err) {
              if (isDomainError(err)) {
                report.errors.push({ row: rowNumber, code: err.code, message: messageFor(err.code, err.params, lang) });
              } else if (err instanceof Error && err.name === 'ZodError') {
                const issue = (err as unknown as { issues: { path: (string | number)[]; message: string }[] }).issues[0];
                const params = { field: issue?.path.join('.') ?? '', reason: issue?.message ?? 'invalid' };
                report.errors.push({ row: rowNumber, code: 'VALIDATION_FAILED', message: messageFor('VALIDATION_FAILED', params, lang) });
              } else if (err instanceof Error && /UNIQUE constraint failed: products\.embedded_code/.test(err.message)) {
                report.errors.push({ row: rowNumber, code: 'DUPLICATE_BARCODE', message: messageFor('DUPLICATE_BARCODE', { code: col(row, 'embedded_code') ?? '' }, lang) });
              } else {
                throw err;
              }
            }
          });
        });
        ctx.emit('catalogue.importProgress', { rowsDone: Math.min(start + IMPORT_CHUNK, records.length), rowsTotal: records.length });
        // Yield between chunks so progress events reach the screen and other calls are not starved.
        await new Promise((r) => setImmediate(r));
      }
      ctx.tx(() =>
        ctx.audit.append({
          at: ctx.now(),
          actor: manager.username,
          action: 'catalogue.import',
          detail: { rows: report.rows, imported: report.imported, updated: report.updated, errors: report.errors.length },
        }),
      );
      return report;
    },
  };
}
