// Pure readings of a SaleView for the sell screen (which lines are actionable, which line a scan touched).
// No API, no React: unit-tested directly.
import type { SaleView } from '../../../service/contract';

/** Lines the cashier can act on: voided lines stay visible (struck through) but are skipped by the arrows. */
export function activeLines(sale: SaleView | null) {
  return sale ? sale.lines.filter((l) => !l.voided) : [];
}

/** The line a scan touched: a new line, else the line whose quantity changed, else the last line. */
export function touchedLineId(before: SaleView | null, after: SaleView): string | null {
  const old = new Map((before?.lines ?? []).map((l) => [l.lineId, l]));
  const added = after.lines.find((l) => !old.has(l.lineId));
  if (added) return added.lineId;
  const changed = after.lines.find((l) => {
    const o = old.get(l.lineId);
    return o !== undefined && o.quantity !== l.quantity;
  });
  return changed?.lineId ?? after.lines[after.lines.length - 1]?.lineId ?? null;
}
