// Tax: rates in basis points, inclusive/exclusive tax, per-line or per-total rounding, the per-rate summary.
// Pure (imports only core/): no Node, no I/O. All arithmetic in integer minor units through money.ts.
import { DomainError } from './errors';
import { allocate, assertMinorUnits, divRoundBig, isRoundingMode, type RoundingMode, sumMinor, toSafeNumber } from './money';

/** inclusive: shelf prices contain the tax (EU, CN, CH retail). exclusive: tax is added on top (US). */
export type TaxMode = 'inclusive' | 'exclusive';
/**
 * per-line: each line's tax is rounded on its own and the receipt's tax is their sum.
 * per-total: the tax of each rate is rounded once on that rate's total, then spread over the lines.
 */
export type TaxRounding = 'per-line' | 'per-total';

/** 10000 bp = 100%. Rates above 100% are refused: no retail VAT/GST comes near, and a typo (19000) would. */
export const MAX_RATE_BP = 10_000;
const BP = 10_000n;

export function isTaxMode(x: unknown): x is TaxMode {
  return x === 'inclusive' || x === 'exclusive';
}

export function isTaxRounding(x: unknown): x is TaxRounding {
  return x === 'per-line' || x === 'per-total';
}

export function assertRateBp(rateBp: unknown, taxCode = ''): asserts rateBp is number {
  if (typeof rateBp !== 'number' || !Number.isSafeInteger(rateBp) || rateBp < 0 || rateBp > MAX_RATE_BP) {
    throw new DomainError('INVALID_TAX_RATE', { taxCode, rateBp: String(rateBp).slice(0, 20) });
  }
}

/** The tax contained in a tax-inclusive amount: gross × r / (1 + r). 19% of 11.90 gross → 1.90. */
export function taxOfGross(gross: number, rateBp: number, mode: RoundingMode): number {
  assertMinorUnits(gross, { allowNegative: true, field: 'gross' });
  assertRateBp(rateBp);
  return toSafeNumber(divRoundBig(BigInt(gross) * BigInt(rateBp), BP + BigInt(rateBp), mode));
}

/** The tax due on top of a tax-exclusive amount: net × r. 8.1% of 10.00 net → 0.81. */
export function taxOfNet(net: number, rateBp: number, mode: RoundingMode): number {
  assertMinorUnits(net, { allowNegative: true, field: 'net' });
  assertRateBp(rateBp);
  return toSafeNumber(divRoundBig(BigInt(net) * BigInt(rateBp), BP, mode));
}

/** Tax of an amount in the price basis of taxMode (gross when inclusive, net when exclusive). */
export function taxOf(amount: number, rateBp: number, taxMode: TaxMode, mode: RoundingMode): number {
  return taxMode === 'inclusive' ? taxOfGross(amount, rateBp, mode) : taxOfNet(amount, rateBp, mode);
}

export interface TaxableLine {
  taxCode: string;
  rateBp: number;
  /** The line after discounts, in the price basis (tax-inclusive when taxMode is inclusive). Never negative. */
  amount: number;
}

export interface TaxSummaryRow {
  taxCode: string;
  rateBp: number;
  /** Amount without tax. */
  net: number;
  tax: number;
  /** Amount with tax. net + tax = gross, always. */
  gross: number;
}

export interface TaxConfig {
  taxMode: TaxMode;
  taxRounding: TaxRounding;
  roundingMode: RoundingMode;
}

export interface TaxResult {
  /** Tax per input line, same order. Their sum equals the summary's tax in both rounding modes. */
  lineTaxes: number[];
  /** One row per (taxCode, rateBp), sorted by taxCode then rate, independent of line order. */
  summary: TaxSummaryRow[];
}

export function assertTaxConfig(config: unknown): asserts config is TaxConfig {
  const c = (typeof config === 'object' && config !== null ? config : {}) as Record<string, unknown>;
  if (!isTaxMode(c.taxMode)) throw new DomainError('INVALID_ARGUMENT', { reason: 'taxMode', value: String(c.taxMode) });
  if (!isTaxRounding(c.taxRounding)) throw new DomainError('INVALID_ARGUMENT', { reason: 'taxRounding', value: String(c.taxRounding) });
  if (!isRoundingMode(c.roundingMode)) throw new DomainError('INVALID_ARGUMENT', { reason: 'roundingMode', value: String(c.roundingMode) });
}

/**
 * The taxes of a sale's lines and its per-rate summary.
 *
 * per-line: tax_i = round(amount_i × rate); a rate's tax is Σ tax_i.
 * per-total: a rate's tax is round(Σ amount_i × rate), rounded once; it is then spread over that rate's lines
 * with allocate() (largest remainder, weights = line amounts), so the posted line taxes still add up to the
 * receipt exactly and a later return refunds exactly the tax that was charged.
 *
 * The two modes differ by at most ⌊(n+1)/2⌋ minor units per rate, n = lines at that rate: each of the n
 * per-line roundings moves the sum by at most ½ and the single per-total rounding by at most ½ more.
 */
export function computeTaxes(lines: readonly TaxableLine[], config: TaxConfig): TaxResult {
  assertTaxConfig(config);
  const groups = new Map<string, { taxCode: string; rateBp: number; indexes: number[] }>();
  lines.forEach((line, i) => {
    assertRateBp(line.rateBp, line.taxCode);
    assertMinorUnits(line.amount, { field: 'amount' });
    const key = `${line.taxCode}\u0000${line.rateBp}`;
    const group = groups.get(key) ?? { taxCode: line.taxCode, rateBp: line.rateBp, indexes: [] };
    group.indexes.push(i);
    groups.set(key, group);
  });

  const lineTaxes = lines.map(() => 0);
  const summary: TaxSummaryRow[] = [];
  for (const group of groups.values()) {
    const amounts = group.indexes.map((i) => lines[i]?.amount ?? 0);
    const total = sumMinor(amounts);
    let taxes: number[];
    if (config.taxRounding === 'per-line') {
      taxes = amounts.map((a) => taxOf(a, group.rateBp, config.taxMode, config.roundingMode));
    } else {
      const rateTax = taxOf(total, group.rateBp, config.taxMode, config.roundingMode);
      taxes = total === 0 ? amounts.map(() => 0) : allocate(rateTax, amounts);
    }
    group.indexes.forEach((lineIndex, k) => {
      lineTaxes[lineIndex] = taxes[k] ?? 0;
    });
    const tax = sumMinor(taxes);
    summary.push(
      config.taxMode === 'inclusive'
        ? { taxCode: group.taxCode, rateBp: group.rateBp, net: total - tax, tax, gross: total }
        : { taxCode: group.taxCode, rateBp: group.rateBp, net: total, tax, gross: sumMinor([total, tax]) },
    );
  }
  summary.sort(compareTaxRows);
  return { lineTaxes, summary };
}

/** Tax summary order on receipts and reports: by tax code, then rate. */
export function compareTaxRows(a: { taxCode: string; rateBp: number }, b: { taxCode: string; rateBp: number }): number {
  return a.taxCode < b.taxCode ? -1 : a.taxCode > b.taxCode ? 1 : a.rateBp - b.rateBp;
}

/** The largest difference between per-line and per-total tax for n lines at one rate (see computeTaxes). */
export function perTotalBound(lineCount: number): number {
  return Math.floor((lineCount + 1) / 2);
}
