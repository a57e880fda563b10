// Use cases for support and managers: ledger health (integrity, schema level, audit chain, receipt series) and the audit tail.
import { verifyAuditChain } from '../db/audit';
import { LATEST_VERSION, schemaVersion } from '../db/open';
import type { TillContext } from './context';
import type { AuditEntryView, DbCheckView, TillParsedInput } from './contract';

export function checkLedger(ctx: TillContext): DbCheckView {
  const integrity = String(ctx.db.pragma('integrity_check', { simple: true }));
  const chain = verifyAuditChain(ctx.db);
  return {
    integrity,
    schemaVersion: schemaVersion(ctx.db),
    appSchemaVersion: LATEST_VERSION,
    auditEntries: chain.entries,
    auditChain: chain.ok ? 'ok' : `broken at entry ${chain.brokenAt}: ${chain.reason}`,
    receiptSeriesContiguous: ctx.sales.seriesContiguous(),
  };
}

export function adminService(ctx: TillContext) {
  return {
    'admin.dbCheck': () => {
      ctx.requireUser('manager', 'tech');
      return checkLedger(ctx);
    },
    'admin.auditTail': ({ limit }: TillParsedInput<'admin.auditTail'>): AuditEntryView[] => {
      ctx.requireUser('manager', 'tech');
      return ctx.audit.tail(limit).map((row) => ({
        seq: row.seq,
        at: row.at,
        actor: row.actor,
        approver: row.approver,
        action: row.action,
        detail: JSON.parse(row.detail) as Record<string, unknown>,
        hash: row.hash,
      }));
    },
  };
}
