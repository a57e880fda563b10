// Use cases for support and managers: ledger health (integrity, schema level, audit chain, receipt series) and the audit tail.
import { verifyAuditChain } from '../db/audit';
import { LATEST_VERSION, schemaVersion } from '../db/open';
import type { TillContext } from './context';
import type { AuditEntryView, DbCheckView, TillParsedInput } from './contract';
import { tillConfigSchema } from './config';
import { fail } from './context';

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
    'admin.configGet': () => {
      ctx.requireUser('manager', 'tech');
      return { ...ctx.config };
    },

    /**
     * Merge a patch into the stored configuration (one level deep for device sections), validate the whole result
     * and store it. Switching to real devices is configuration: the till picks it up when it restarts.
     */
    'admin.configSet': ({ patch }: TillParsedInput<'admin.configSet'>) => {
      const user = ctx.requireUser('manager', 'tech');
      const row = ctx.sql<[], { value: string }>("SELECT value FROM meta WHERE key = 'config'").get();
      const stored = row ? (JSON.parse(row.value) as Record<string, unknown>) : { ...ctx.config };
      const merged: Record<string, unknown> = { ...stored };
      for (const [key, value] of Object.entries(patch)) {
        const current = stored[key];
        merged[key] = value && typeof value === 'object' && !Array.isArray(value) && current && typeof current === 'object' && !Array.isArray(current) ? { ...current, ...value } : value;
      }
      const parsed = tillConfigSchema.safeParse(merged);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        fail('VALIDATION_FAILED', { field: issue?.path.join('.') ?? 'config', reason: issue?.message ?? 'invalid' });
      }
      // Leaving training mode changes which receipt series and which acquirer the till uses: a manager's decision.
      if (parsed.data.training !== ctx.config.training && user.role !== 'manager') fail('FORBIDDEN', { reason: 'training switch' });
      ctx.tx(() => {
        ctx.sql("INSERT INTO meta (key, value) VALUES ('config', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(JSON.stringify(parsed.data));
        ctx.audit.append({ at: ctx.now(), actor: user.username, action: 'config.set', detail: { keys: Object.keys(patch) } });
      });
      return { config: parsed.data as Record<string, unknown>, restartRequired: true };
    },

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
