// Use cases of the end of day: cash movements, hand-over, the X report, the close (blind count → compare →
// reconcile → confirm) that writes the numbered, immutable, hash-chained Z in one transaction, Z history, exports and
// the chart of the day. Reports come from the shift's running totals, never from a scan of the ledger.
import { createHash } from 'node:crypto';
import { countLines as cashCountLines, denominations, formatAmount, sumMinor } from '../core/money';
import { canonicalJson } from '../db/audit';
import type { TillContext, UserRow } from './context';
import { fail } from './context';
import type {
  CardTotalsView,
  CloseCompareView,
  CountLineView,
  DayChartView,
  ReconciliationFlagView,
  ReconciliationSource,
  ReconciliationView,
  ReportView,
  TillParsedInput,
  ZSummaryView,
} from './contract';
import { expectedCash, recordCount, requireOpenShift, shiftTotals, shiftView, type ShiftRow, type TotalRow } from './shift-service';
import { statusView } from './status-service';
import { exportReport } from './report-export';

interface CountRow {
  count_id: string;
  counts: string;
  total: number;
  at: string;
}

interface ReconciliationRow {
  source: ReconciliationSource;
  status: 'match' | 'mismatch' | 'missing';
  totals: string | null;
  detail: string | null;
  detail_zh: string | null;
  at: string;
}

interface FlagRow {
  flag_id: string;
  z_number: number;
  source: string;
  detail: string;
  raised_at: string;
  resolved_at: string | null;
  resolved_by: string | null;
  resolution: string | null;
}

interface ZRow {
  training: number;
  z_number: number;
  shift_id: string;
  created_at: string;
  created_by: string;
  report: string;
  hash: string;
}

const HOUR_KEY = 'hour:';

/** The hour of day in the shop's time zone, for the sales-per-hour running totals. */
const hourFormats = new Map<string, Intl.DateTimeFormat>();
export function localHour(iso: string, timeZone: string | undefined): number {
  // Building a DateTimeFormat costs far more than using one: one per time zone, kept (this runs in every sale's post).
  let format = hourFormats.get(timeZone ?? '');
  if (!format) {
    format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', hourCycle: 'h23', timeZone });
    hourFormats.set(timeZone ?? '', format);
  }
  return Number(format.format(new Date(iso))) % 24;
}

export function hourKey(hour: number): string {
  return `${HOUR_KEY}${String(hour).padStart(2, '0')}`;
}

/** The ledger's card totals for a shift, from its running totals (keys card:<brand>:sale / card:<brand>:refund). */
export function ledgerCardTotals(totals: Map<string, TotalRow>): CardTotalsView {
  const brands = new Map<string, { brand: string; salesCount: number; salesAmount: number; refundsCount: number; refundsAmount: number }>();
  for (const row of totals.values()) {
    const m = /^card:(.+):(sale|refund)$/.exec(row.key);
    if (!m) continue;
    const entry = brands.get(m[1]!) ?? { brand: m[1]!, salesCount: 0, salesAmount: 0, refundsCount: 0, refundsAmount: 0 };
    if (m[2] === 'sale') {
      entry.salesCount += row.count;
      entry.salesAmount += row.amount;
    } else {
      entry.refundsCount += row.count;
      entry.refundsAmount += row.amount;
    }
    brands.set(m[1]!, entry);
  }
  const byBrand = [...brands.values()].sort((a, b) => a.brand.localeCompare(b.brand));
  return {
    sales: { count: sumMinor(byBrand.map((b) => b.salesCount)), amount: sumMinor(byBrand.map((b) => b.salesAmount)) },
    refunds: { count: sumMinor(byBrand.map((b) => b.refundsCount)), amount: sumMinor(byBrand.map((b) => b.refundsAmount)) },
    byBrand,
  };
}

export interface Words {
  en: string;
  zh: string;
}

/** Differences between two sets of card totals, in English and Chinese; empty when they agree. */
export function compareCardTotals(ledger: CardTotalsView, other: CardTotalsView, currency: string): Words[] {
  const diffs: Words[] = [];
  const money = (n: number, lang: 'en' | 'zh') => formatAmount(n, currency, { locale: lang });
  const differ = (what: { en: string; zh: string }, a: number, b: number, isMoney: boolean) =>
    diffs.push({
      en: `${what.en}: ledger ${isMoney ? money(a, 'en') : a}, source ${isMoney ? money(b, 'en') : b}`,
      zh: `${what.zh}：账本 ${isMoney ? money(a, 'zh') : a}，对方 ${isMoney ? money(b, 'zh') : b}`,
    });
  if (ledger.sales.count !== other.sales.count) differ({ en: 'sales count', zh: '销售笔数' }, ledger.sales.count, other.sales.count, false);
  if (ledger.sales.amount !== other.sales.amount) differ({ en: 'sales amount', zh: '销售金额' }, ledger.sales.amount, other.sales.amount, true);
  if (!other.refundCountUnknown && ledger.refunds.count !== other.refunds.count) differ({ en: 'refunds count', zh: '退款笔数' }, ledger.refunds.count, other.refunds.count, false);
  if (ledger.refunds.amount !== other.refunds.amount) differ({ en: 'refunds amount', zh: '退款金额' }, ledger.refunds.amount, other.refunds.amount, true);
  return diffs;
}

export function eodService(ctx: TillContext) {
  const training = () => (ctx.config.training ? 1 : 0);
  const username = (userId: string | null) => (userId ? (ctx.userById(userId)?.username ?? userId) : null);

  function countLineViews(counts: Record<string, number>): CountLineView[] {
    return cashCountLines(ctx.config.currency, counts).map((l) => ({ value: l.value, kind: l.kind, count: l.count, amount: l.amount }));
  }

  function latestCount(shiftId: string, purpose: 'close'): CountRow | undefined {
    return ctx.sql<[string, string], CountRow>('SELECT count_id, counts, total, at FROM cash_counts WHERE shift_id = ? AND purpose = ? ORDER BY at DESC, rowid DESC LIMIT 1').get(shiftId, purpose);
  }

  function latestReconciliations(shiftId: string): ReconciliationView[] {
    const rows = ctx
      .sql<[string], ReconciliationRow>(
        `SELECT r.source, r.status, r.totals, r.detail, r.detail_zh, r.at FROM reconciliations r
         WHERE r.shift_id = ? AND r.rowid = (SELECT max(rowid) FROM reconciliations x WHERE x.shift_id = r.shift_id AND x.source = r.source)
         ORDER BY CASE r.source WHEN 'ledger' THEN 0 WHEN 'pinpad' THEN 1 ELSE 2 END`,
      )
      .all(shiftId);
    return rows.map((r) => ({
      source: r.source,
      status: r.status,
      totals: r.totals ? (JSON.parse(r.totals) as CardTotalsView) : null,
      detail: r.detail ?? '',
      ...(r.detail_zh ? { detailZh: r.detail_zh } : {}),
      at: r.at,
    }));
  }

  function flagView(row: FlagRow): ReconciliationFlagView {
    return {
      flagId: row.flag_id,
      zNumber: row.z_number,
      source: row.source,
      detail: row.detail,
      raisedAt: row.raised_at,
      resolvedAt: row.resolved_at,
      resolvedBy: username(row.resolved_by),
      resolution: row.resolution,
    };
  }

  function openFlags(): ReconciliationFlagView[] {
    return ctx.sql<[number], FlagRow>('SELECT * FROM reconciliation_flags WHERE training = ? AND resolved_at IS NULL ORDER BY raised_at').all(training()).map(flagView);
  }

  /** Declined-after-offline-approval advices the acquirer answered since the shift opened (a short list, not a scan). */
  function declinedSince(openedAt: string): ReportView['declinedAfterOffline'] {
    return ctx
      .sql<[number, number], { at: number; transaction_json: string; response_code: string }>('SELECT at, transaction_json, response_code FROM acquirer_declined WHERE training = ? AND at >= ? ORDER BY at')
      .all(training(), Date.parse(openedAt))
      .map((row) => {
        const tx = JSON.parse(row.transaction_json) as { amountMinor: number; maskedPan: string };
        return { at: new Date(row.at).toISOString(), amount: tx.amountMinor, maskedPan: tx.maskedPan, responseCode: row.response_code };
      });
  }

  function movements(shiftId: string): ReportView['cashMovements'] {
    return ctx
      .sql<[string], { kind: string; amount: number; reason_code: string; at: string; actor_id: string }>(
        'SELECT kind, amount, reason_code, at, actor_id FROM cash_movements WHERE shift_id = ? ORDER BY at, rowid',
      )
      .all(shiftId)
      .map((m) => ({ kind: m.kind, amount: m.amount, reasonCode: m.reason_code, at: m.at, by: username(m.actor_id)! }));
  }

  /** The X or Z report of a shift, from its running totals. */
  function buildReport(shift: ShiftRow, kind: 'x' | 'z', extra: { counted: CountRow | null; approval: ReportView['approval']; closedAt: string | null; closedBy: string | null }): ReportView {
    const totals = shiftTotals(ctx, shift.shift_id);
    const get = (key: string) => totals.get(key) ?? { key, count: 0, amount: 0, extra: 0 };
    const prefixed = (prefix: string) =>
      [...totals.values()]
        .filter((r) => r.key.startsWith(prefix))
        .map((r) => ({ kind: r.key.slice(prefix.length), count: r.count, amount: r.amount }))
        .sort((a, b) => a.kind.localeCompare(b.kind));
    const expected = expectedCash(shift, totals);
    const counted = extra.counted?.total ?? null;
    return {
      kind,
      number: null,
      reprint: false,
      training: shift.training === 1,
      tillId: ctx.config.tillId,
      storeName: ctx.config.storeName,
      currency: shift.currency,
      shiftNumber: shift.number,
      openedAt: shift.opened_at,
      openedBy: username(shift.opened_by)!,
      closedAt: extra.closedAt,
      closedBy: extra.closedBy,
      generatedAt: ctx.now(),
      sales: { count: get('sales').count, amount: get('sales').amount },
      returns: { count: get('returns').count, amount: get('returns').amount },
      voids: { count: get('voids').count, amount: get('voids').amount },
      discounts: { count: get('discounts').count, amount: get('discounts').amount },
      overrides: get('overrides').count,
      tenders: prefixed('tender:'),
      refunds: prefixed('refund:'),
      tax: [...totals.values()]
        .filter((r) => r.key.startsWith('tax:'))
        .map((r) => {
          const [, taxCode, rateBp] = r.key.split(':');
          return { taxCode: taxCode!, rateBp: Number(rateBp), net: r.extra, tax: r.amount };
        })
        .sort((a, b) => a.taxCode.localeCompare(b.taxCode) || a.rateBp - b.rateBp),
      card: ledgerCardTotals(totals),
      cash: {
        float: shift.float_amount,
        taken: get('tender:cash').amount,
        change: get('change').amount,
        refunds: get('refund:cash').amount,
        paidIn: get('cash:paid-in').amount,
        paidOut: get('cash:paid-out').amount,
        safeDrops: get('cash:safe-drop').amount,
        rounding: get('rounding').amount,
        expected,
        counted,
        variance: counted === null ? null : counted - expected,
        countLines: extra.counted ? countLineViews(JSON.parse(extra.counted.counts) as Record<string, number>) : null,
      },
      cashMovements: movements(shift.shift_id),
      reconciliation: latestReconciliations(shift.shift_id),
      openFlags: openFlags(),
      declinedAfterOffline: declinedSince(shift.opened_at),
      approval: extra.approval,
      hash: null,
    };
  }

  function closeBlockers(): void {
    if (ctx.sales.openSale() || ctx.sales.suspended().length > 0) fail('SALE_STILL_OPEN');
    const pending = ctx.sql<[], { n: number }>("SELECT count(*) AS n FROM card_payments WHERE state NOT IN ('completed', 'declined', 'aborted', 'resolved')").get()!.n;
    if (pending > 0) fail('PAYMENT_UNRESOLVED', { count: pending });
  }

  function compareView(shift: ShiftRow, count: CountRow): CloseCompareView {
    const totals = shiftTotals(ctx, shift.shift_id);
    const expected = expectedCash(shift, totals);
    const variance = count.total - expected;
    const card = ledgerCardTotals(totals);
    return {
      currency: shift.currency,
      lines: [
        { tender: 'cash', expected, counted: count.total, variance },
        { tender: 'card', expected: card.sales.amount - card.refunds.amount, counted: null, variance: null },
      ],
      countLines: countLineViews(JSON.parse(count.counts) as Record<string, number>),
      cashVariance: variance,
      tolerance: ctx.config.closeVarianceTolerance,
      needsManager: Math.abs(variance) > ctx.config.closeVarianceTolerance,
    };
  }

  async function reconcile(shift: ShiftRow): Promise<ReconciliationView[]> {
    const ledger = ledgerCardTotals(shiftTotals(ctx, shift.shift_id));
    const results: { source: ReconciliationSource; status: ReconciliationView['status']; totals: CardTotalsView | null; detail: string; detailZh: string }[] = [
      { source: 'ledger', status: 'match', totals: ledger, detail: 'ledger card totals', detailZh: '账本银行卡合计' },
    ];
    for (const source of ['pinpad', 'acquirer'] as const) {
      const provider = ctx.cardTotalsSources.get(source);
      if (!provider) {
        results.push({
          source,
          status: 'missing',
          totals: null,
          detail: `no ${source === 'pinpad' ? 'PIN pad' : 'acquirer link'} configured`,
          detailZh: source === 'pinpad' ? '未配置密码键盘' : '未配置收单连接',
        });
        continue;
      }
      try {
        const totals = await provider();
        const diffs = compareCardTotals(ledger, totals, shift.currency);
        results.push({
          source,
          status: diffs.length ? 'mismatch' : 'match',
          totals,
          detail: diffs.length ? diffs.map((d) => d.en).join('; ') : 'matches the ledger',
          detailZh: diffs.length ? diffs.map((d) => d.zh).join('；') : '与账本一致',
        });
      } catch (err) {
        const reason = (err as Error).message.slice(0, 250);
        results.push({ source, status: 'missing', totals: null, detail: `did not answer: ${reason}`, detailZh: `无应答：${reason}` });
      }
    }
    const at = ctx.now();
    ctx.tx(() => {
      for (const r of results) {
        ctx.sql('INSERT INTO reconciliations (reconciliation_id, shift_id, source, status, totals, detail, detail_zh, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
          ctx.ids(),
          shift.shift_id,
          r.source,
          r.status,
          r.totals ? JSON.stringify(r.totals) : null,
          r.detail,
          r.detailZh,
          at,
        );
      }
    });
    return latestReconciliations(shift.shift_id);
  }

  /** Count at close, blind: the count is stored before the expected amount is shown. */
  function count(user: UserRow, shift: ShiftRow, counts: Record<string, number>): CountRow {
    const total = sumMinor(cashCountLines(ctx.config.currency, counts).map((l) => l.amount));
    ctx.tx(() => {
      recordCount(ctx, shift.shift_id, 'close', counts, total, user.user_id);
      ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'close.count', detail: { shiftId: shift.shift_id, total } });
    });
    ctx.failpoint('close.counted');
    return latestCount(shift.shift_id, 'close')!;
  }

  /** Confirm the close: one transaction numbers the Z, stores it, chains its hash into the audit log and closes the shift. */
  function confirm(user: UserRow, shift: ShiftRow, reason: string | undefined, override: TillParsedInput<'close.confirm'>['override']): ReportView {
    const counted = latestCount(shift.shift_id, 'close') ?? fail('VALIDATION_FAILED', { field: 'count', reason: 'count the drawer first' });
    const reconciliation = latestReconciliations(shift.shift_id);
    const compare = compareView(shift, counted);
    const problems = reconciliation.filter((r) => r.status !== 'match');
    // A variance over the tolerance, or a source that is missing or disagrees, is signed off by a manager with a reason.
    const needsApproval = compare.needsManager || problems.length > 0 || reconciliation.length === 0;
    const approval = needsApproval
      ? ctx.approve('close-with-variance', override, { variance: compare.cashVariance, currency: shift.currency })
      : null;
    const approvalReason = approval ? (approval.reason ?? reason ?? null) : null;
    if (approval && !approvalReason) fail('VALIDATION_FAILED', { field: 'reason', reason: 'a manager approving the close gives a reason' });
    const closedAt = ctx.now();
    const zNumber = ctx.tx(() => {
      const number = ctx.sql<[number], { n: number }>('SELECT coalesce(max(z_number), 0) + 1 AS n FROM z_reports WHERE training = ?').get(training())!.n;
      const report = buildReport(shift, 'z', {
        counted,
        approval: approval ? { approver: approval.approver.username, reason: approvalReason! } : null,
        closedAt,
        closedBy: user.username,
      });
      report.number = number;
      const hash = createHash('sha256').update(canonicalJson({ ...report, hash: null })).digest('hex');
      report.hash = hash;
      const entry = ctx.audit.append({
        at: closedAt,
        actor: user.username,
        approver: approval ? approval.approver.username : null,
        action: 'z.create',
        detail: { zNumber: number, shiftId: shift.shift_id, hash, variance: compare.cashVariance, reason: approvalReason },
      });
      ctx.sql('INSERT INTO z_reports (training, z_number, shift_id, created_at, created_by, approver, report, hash, audit_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
        training(),
        number,
        shift.shift_id,
        closedAt,
        user.user_id,
        approval?.approver.user_id ?? null,
        canonicalJson(report),
        hash,
        entry.seq,
      );
      for (const problem of problems) {
        ctx.sql('INSERT INTO reconciliation_flags (flag_id, training, z_number, source, detail, raised_at) VALUES (?, ?, ?, ?, ?, ?)').run(
          ctx.ids(),
          training(),
          number,
          problem.source,
          `${problem.status}: ${problem.detail}`,
          closedAt,
        );
      }
      const closed = ctx
        .sql("UPDATE shifts SET status = 'closed', closed_at = ?, closed_by = ?, counted_cash = ? WHERE shift_id = ? AND status = 'open'")
        .run(closedAt, user.user_id, counted.total, shift.shift_id);
      if (closed.changes !== 1) fail('SHIFT_CLOSED');
      ctx.sales.enqueue('print', shift.shift_id, { document: 'z', zNumber: number }, closedAt);
      ctx.failpoint('close.before-commit');
      return number;
    });
    ctx.failpoint('close.committed');
    ctx.emit('status.changed', statusView(ctx));
    return storedZ(zNumber, false);
  }

  function storedZ(number: number, reprint: boolean): ReportView {
    const row = ctx.sql<[number, number], ZRow>('SELECT * FROM z_reports WHERE training = ? AND z_number = ?').get(training(), number);
    if (!row) fail('RECEIPT_NOT_FOUND', { receiptNumber: `Z ${number}` });
    const report = JSON.parse(row.report) as ReportView;
    return { ...report, reprint };
  }

  return {
    'cash.denominations': () => {
      ctx.requireUser();
      return denominations(ctx.config.currency).map((d) => ({ value: d.value, kind: d.kind }));
    },

    'cash.movement': ({ kind, amount, reasonCode, note, override }: TillParsedInput<'cash.movement'>) => {
      const user = ctx.requireUser();
      const shift = requireOpenShift(ctx);
      const expected = expectedCash(shift, shiftTotals(ctx, shift.shift_id));
      // Money cannot leave a drawer that does not hold it: that is a miscount or a typo, never a movement.
      if (kind !== 'paid-in' && amount > expected) fail('CASH_INSUFFICIENT', { amount, available: expected, currency: shift.currency });
      const approval = amount > ctx.config.cashMovementLimit || kind === 'paid-out' && reasonCode === 'other'
        ? ctx.approve('cash-movement', override, { amount, currency: shift.currency })
        : null;
      ctx.tx(() => {
        const movementId = ctx.ids();
        ctx.sql('INSERT INTO cash_movements (movement_id, shift_id, kind, amount, reason_code, note, actor_id, approver_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
          movementId,
          shift.shift_id,
          kind,
          amount,
          reasonCode,
          note ?? null,
          user.user_id,
          approval && approval.approver.user_id !== user.user_id ? approval.approver.user_id : null,
          ctx.now(),
        );
        ctx.sales.addShiftTotal(shift.shift_id, `cash:${kind}`, 1, amount);
        if (approval && approval.approver.user_id !== user.user_id) ctx.sales.addShiftTotal(shift.shift_id, 'overrides', 1, 0);
        ctx.sales.enqueue('drawer', movementId, { reason: kind }, ctx.now());
        ctx.audit.append({
          at: ctx.now(),
          actor: user.username,
          approver: approval?.approver.username ?? null,
          action: 'cash.movement',
          detail: { movementId, kind, amount, reasonCode, note: note ?? null, reason: approval?.reason ?? null },
        });
      });
      return shiftView(ctx, requireOpenShift(ctx));
    },

    'shift.handover': ({ username: incoming, pin, counts }: TillParsedInput<'shift.handover'>) => {
      const outgoing = ctx.requireUser();
      const shift = requireOpenShift(ctx);
      if (ctx.sales.openSale()) fail('SALE_STILL_OPEN');
      const next = ctx.userByName(incoming);
      if (!next || next.active !== 1) fail('BAD_PIN', {});
      ctx.checkPin(next, pin);
      const total = counts ? sumMinor(cashCountLines(ctx.config.currency, counts).map((l) => l.amount)) : null;
      ctx.tx(() => {
        if (counts) recordCount(ctx, shift.shift_id, 'handover', counts, total!, next.user_id);
        ctx.sql('UPDATE shifts SET holder_id = ? WHERE shift_id = ?').run(next.user_id, shift.shift_id);
        ctx.audit.append({
          at: ctx.now(),
          actor: outgoing.username,
          action: 'shift.handover',
          detail: { shiftId: shift.shift_id, to: next.username, counted: total, expected: expectedCash(shift, shiftTotals(ctx, shift.shift_id)) },
        });
      });
      ctx.session = { user: ctx.userById(next.user_id)!, loggedInAt: ctx.now() };
      ctx.emit('status.changed', statusView(ctx));
      return shiftView(ctx, requireOpenShift(ctx));
    },

    'report.x': () => {
      ctx.requireUser();
      return buildReport(requireOpenShift(ctx), 'x', { counted: null, approval: null, closedAt: null, closedBy: null });
    },

    'report.printX': () => {
      const user = ctx.requireUser();
      const report = buildReport(requireOpenShift(ctx), 'x', { counted: null, approval: null, closedAt: null, closedBy: null });
      ctx.tx(() => {
        ctx.sales.enqueue('print', null, { document: 'x', report }, ctx.now());
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'report.printX', detail: { shiftNumber: report.shiftNumber } });
      });
      return report;
    },

    'close.count': ({ counts }: TillParsedInput<'close.count'>) => {
      const user = ctx.requireUser();
      const shift = requireOpenShift(ctx);
      closeBlockers();
      return compareView(shift, count(user, shift, counts));
    },

    'close.reconcile': async () => {
      ctx.requireUser();
      const shift = requireOpenShift(ctx);
      return reconcile(shift);
    },

    'close.confirm': ({ reason, override }: TillParsedInput<'close.confirm'>) => {
      const user = ctx.requireUser();
      const shift = requireOpenShift(ctx);
      closeBlockers();
      return confirm(user, shift, reason, override);
    },

    'shift.close': async ({ countedCash, reason, override }: TillParsedInput<'shift.close'>) => {
      const user = ctx.requireUser();
      const shift = requireOpenShift(ctx);
      closeBlockers();
      // Scripts count as one amount: recorded as such, so the report shows a total without denomination lines.
      ctx.tx(() => {
        recordCount(ctx, shift.shift_id, 'close', {}, countedCash, user.user_id);
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'close.count', detail: { shiftId: shift.shift_id, total: countedCash, byDenomination: false } });
      });
      await reconcile(shift);
      return confirm(user, requireOpenShift(ctx), reason, override);
    },

    'report.z': ({ number }: TillParsedInput<'report.z'>) => {
      ctx.requireUser('manager', 'tech');
      return storedZ(number, false);
    },

    'report.zList': ({ offset, limit, from, to }: TillParsedInput<'report.zList'>) => {
      ctx.requireUser('manager', 'tech');
      const where = 'training = ? AND created_at >= ? AND created_at <= ?';
      const args = [training(), from ?? '', to ?? '9999'] as const;
      const total = ctx.sql<[number, string, string], { n: number }>(`SELECT count(*) AS n FROM z_reports WHERE ${where}`).get(...args)!.n;
      const rows = ctx.sql<[number, string, string, number, number], ZRow>(`SELECT * FROM z_reports WHERE ${where} ORDER BY z_number DESC LIMIT ? OFFSET ?`).all(...args, limit, offset);
      const flagged = new Set(ctx.sql<[number], { z_number: number }>('SELECT DISTINCT z_number FROM reconciliation_flags WHERE training = ?').all(training()).map((f) => f.z_number));
      const reports: ZSummaryView[] = rows.map((row) => {
        const r = JSON.parse(row.report) as ReportView;
        return {
          number: row.z_number,
          training: row.training === 1,
          shiftNumber: r.shiftNumber,
          closedAt: row.created_at,
          closedBy: r.closedBy ?? '',
          salesTotal: r.sales.amount,
          cashVariance: r.cash.variance,
          flagged: flagged.has(row.z_number) || r.cash.variance !== 0,
          hash: row.hash,
        };
      });
      return { total, reports };
    },

    'report.reprintZ': ({ number }: TillParsedInput<'report.reprintZ'>) => {
      const user = ctx.requireUser('manager', 'tech');
      const report = storedZ(number, true);
      ctx.tx(() => {
        ctx.sales.enqueue('print', null, { document: 'z', zNumber: number, reprint: true }, ctx.now());
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'z.reprint', detail: { zNumber: number } });
      });
      return report;
    },

    'report.export': async ({ kind, number, format }: TillParsedInput<'report.export'>) => {
      ctx.requireUser('manager', 'tech');
      const report =
        kind === 'z'
          ? storedZ(number ?? fail('VALIDATION_FAILED', { field: 'number', reason: 'a Z export names its number' }), false)
          : buildReport(requireOpenShift(ctx), 'x', { counted: null, approval: null, closedAt: null, closedBy: null });
      return exportReport(report, format, ctx.language(), ctx.config);
    },

    'report.dayChart': (): DayChartView => {
      ctx.requireUser();
      const shift = requireOpenShift(ctx);
      const totals = shiftTotals(ctx, shift.shift_id);
      const hours = Array.from({ length: 24 }, (_, hour) => {
        const row = totals.get(hourKey(hour));
        return { hour, count: row?.count ?? 0, amount: row?.amount ?? 0 };
      });
      const tenders = [...totals.values()]
        .filter((r) => r.key.startsWith('tender:'))
        .map((r) => ({ kind: r.key.slice('tender:'.length), amount: r.amount - (r.key === 'tender:cash' ? (totals.get('change')?.amount ?? 0) : 0) }));
      return { currency: shift.currency, hours, tenders };
    },

    'reconciliation.flags': ({ includeResolved }: TillParsedInput<'reconciliation.flags'>) => {
      ctx.requireUser('manager', 'tech');
      const rows = includeResolved
        ? ctx.sql<[number], FlagRow>('SELECT * FROM reconciliation_flags WHERE training = ? ORDER BY raised_at DESC').all(training())
        : ctx.sql<[number], FlagRow>('SELECT * FROM reconciliation_flags WHERE training = ? AND resolved_at IS NULL ORDER BY raised_at DESC').all(training());
      return rows.map(flagView);
    },

    'reconciliation.resolve': ({ flagId, reason }: TillParsedInput<'reconciliation.resolve'>) => {
      const manager = ctx.requireUser('manager');
      const row = ctx.sql<[string], FlagRow>('SELECT * FROM reconciliation_flags WHERE flag_id = ?').get(flagId);
      if (!row) fail('VALIDATION_FAILED', { field: 'flagId', reason: 'unknown' });
      if (row.resolved_at) return flagView(row);
      ctx.tx(() => {
        ctx.sql('UPDATE reconciliation_flags SET resolved_at = ?, resolved_by = ?, resolution = ? WHERE flag_id = ? AND resolved_at IS NULL').run(ctx.now(), manager.user_id, reason, flagId);
        ctx.audit.append({ at: ctx.now(), actor: manager.username, action: 'reconciliation.resolve', detail: { flagId, zNumber: row.z_number, reason } });
      });
      return flagView(ctx.sql<[string], FlagRow>('SELECT * FROM reconciliation_flags WHERE flag_id = ?').get(flagId)!);
    },
  };
}
