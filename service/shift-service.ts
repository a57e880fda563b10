// Use cases: open and close a shift, and the shift view built from its running totals (never a ledger scan).
import type { TillContext } from './context';
import { fail } from './context';
import { countLines as cashCountLines, sumMinor } from '../core/money';
import type { ShiftView, TillParsedInput } from './contract';
import { statusView } from './status-service';

export interface ShiftRow {
  shift_id: string;
  number: number;
  training: number;
  status: 'open' | 'closed';
  currency: string;
  float_amount: number;
  opened_at: string;
  opened_by: string;
  closed_at: string | null;
  closed_by: string | null;
  counted_cash: number | null;
  holder_id: string | null;
}

export interface TotalRow {
  key: string;
  count: number;
  amount: number;
  extra: number;
}

export function openShiftRow(ctx: TillContext): ShiftRow | undefined {
  return ctx.sql<[], ShiftRow>("SELECT * FROM shifts WHERE status = 'open'").get();
}

export function requireOpenShift(ctx: TillContext): ShiftRow {
  return openShiftRow(ctx) ?? fail('SHIFT_CLOSED');
}

/** Cash that should be in the drawer: float + cash taken − change given − cash refunds + paid in − paid out − drops. */
export function expectedCash(shift: ShiftRow, totals: Map<string, TotalRow>): number {
  const amount = (key: string) => totals.get(key)?.amount ?? 0;
  return (
    shift.float_amount +
    amount('tender:cash') -
    amount('change') -
    amount('refund:cash') +
    amount('cash:paid-in') -
    amount('cash:paid-out') -
    amount('cash:safe-drop')
  );
}

/** Store a count by denomination (float, hand-over, close). Runs inside the caller's transaction. */
export function recordCount(ctx: TillContext, shiftId: string, purpose: 'float' | 'handover' | 'close', counts: Record<string, number>, total: number, userId: string): string {
  const countId = ctx.ids();
  ctx.sql('INSERT INTO cash_counts (count_id, shift_id, purpose, currency, counts, total, counted_by, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    countId,
    shiftId,
    purpose,
    ctx.config.currency,
    JSON.stringify(counts),
    total,
    userId,
    ctx.now(),
  );
  return countId;
}

export function shiftTotals(ctx: TillContext, shiftId: string): Map<string, TotalRow> {
  const rows = ctx.sql<[string], TotalRow>('SELECT key, count, amount, extra FROM shift_totals WHERE shift_id = ?').all(shiftId);
  return new Map(rows.map((r) => [r.key, r]));
}

export function shiftView(ctx: TillContext, shift: ShiftRow): ShiftView {
  const totals = shiftTotals(ctx, shift.shift_id);
  const rows = [...totals.values()];
  const get = (key: string) => totals.get(key) ?? { key, count: 0, amount: 0, extra: 0 };
  const cashExpected = expectedCash(shift, totals);
  const opener = ctx.userById(shift.opened_by);
  return {
    shiftId: shift.shift_id,
    number: shift.number,
    status: shift.status,
    openedAt: shift.opened_at,
    openedBy: opener?.username ?? shift.opened_by,
    closedAt: shift.closed_at,
    floatAmount: shift.float_amount,
    currency: shift.currency,
    salesCount: get('sales').count,
    salesTotal: get('sales').amount,
    returnsCount: get('returns').count,
    returnsTotal: get('returns').amount,
    voidsCount: get('voids').count,
    discountTotal: get('discounts').amount,
    tenders: rows
      .filter((r) => r.key.startsWith('tender:'))
      .map((r) => ({ kind: r.key.slice('tender:'.length), count: r.count, amount: r.amount }))
      .sort((a, b) => a.kind.localeCompare(b.kind)),
    tax: rows
      .filter((r) => r.key.startsWith('tax:'))
      .map((r) => {
        const [, taxCode, rateBp] = r.key.split(':');
        return { taxCode: taxCode!, rateBp: Number(rateBp), net: r.extra, tax: r.amount };
      })
      .sort((a, b) => a.taxCode.localeCompare(b.taxCode)),
    cashExpected,
    countedCash: shift.counted_cash,
    variance: shift.counted_cash === null ? null : shift.counted_cash - cashExpected,
  };
}

export function shiftService(ctx: TillContext) {
  return {
    'shift.current': () => {
      ctx.requireUser();
      const shift = openShiftRow(ctx);
      return shift ? shiftView(ctx, shift) : null;
    },

    'shift.open': ({ floatAmount, floatCounts, override }: TillParsedInput<'shift.open'>) => {
      const user = ctx.requireUser();
      if (openShiftRow(ctx)) fail('SHIFT_ALREADY_OPEN');
      const countLines = floatCounts ? cashCountLines(ctx.config.currency, floatCounts) : null;
      const float = countLines ? sumMinor(countLines.map((l) => l.amount)) : floatAmount!;
      const approval = float > ctx.config.cashMovementLimit ? ctx.approve('opening-float', override, { amount: float, currency: ctx.config.currency }) : null;
      const shiftId = ctx.ids();
      ctx.tx(() => {
        const training = ctx.config.training ? 1 : 0;
        const number = ctx.sql<[number], { n: number }>('SELECT coalesce(max(number), 0) + 1 AS n FROM shifts WHERE training = ?').get(training)!.n;
        ctx.sql(
          `INSERT INTO shifts (shift_id, number, training, status, currency, float_amount, opened_at, opened_by, holder_id)
           VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?)`,
        ).run(shiftId, number, training, ctx.config.currency, float, ctx.now(), user.user_id, user.user_id);
        if (floatCounts) recordCount(ctx, shiftId, 'float', floatCounts, float, user.user_id);
        ctx.audit.append({
          at: ctx.now(),
          actor: user.username,
          approver: approval?.approver.username ?? null,
          action: 'shift.open',
          detail: { shiftId, number, floatAmount: float, counted: Boolean(floatCounts), reason: approval?.reason ?? null },
        });
      });
      const view = shiftView(ctx, openShiftRow(ctx)!);
      ctx.emit('status.changed', statusView(ctx));
      return view;
    },
  };
}
