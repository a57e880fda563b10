// The hash-chained audit log: append and verify. Each entry's hash covers its content and the previous hash,
// so an edit or a removed row anywhere breaks the chain. Never imports service/ or hosts.
import { createHash } from 'node:crypto';
import type { Db } from './open';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  at: string;
  actor: string | null;
  approver?: string | null;
  action: string;
  detail: Record<string, unknown>;
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string | null;
  approver: string | null;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** Stable JSON: object keys sorted, so the same content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function auditHash(prevHash: string, row: Omit<AuditRow, 'hash' | 'prev_hash'>): string {
  return createHash('sha256')
    .update([prevHash, row.seq, row.at, row.actor ?? '', row.approver ?? '', row.action, row.detail].join('\u001f'))
    .digest('hex');
}

export class AuditLog {
  private readonly last;
  private readonly insert;
  constructor(private readonly db: Db) {
    this.last = db.prepare<[], { seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    this.insert = db.prepare(
      'INSERT INTO audit_log (seq, at, actor, approver, action, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /** Append one entry. Call inside the business transaction so the entry commits with the action it records. */
  append(input: AuditInput): { seq: number; hash: string } {
    const last = this.last.get();
    const seq = (last?.seq ?? 0) + 1;
    const prevHash = last?.hash ?? GENESIS_HASH;
    const row = {
      seq,
      at: input.at,
      actor: input.actor,
      approver: input.approver ?? null,
      action: input.action,
      detail: canonicalJson(input.detail),
    };
    const hash = auditHash(prevHash, row);
    this.insert.run(seq, row.at, row.actor, row.approver, row.action, row.detail, prevHash, hash);
    return { seq, hash };
  }

  tail(limit: number): AuditRow[] {
    return this.db.prepare<[number], AuditRow>('SELECT * FROM audit_log ORDER BY seq DESC LIMIT ?').all(limit);
  }
}

export type ChainCheck = { ok: true; entries: number; lastHash: string } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Walk the whole chain. Streams rows, so memory stays flat for a long ledger. */
export function verifyAuditChain(db: Db): ChainCheck {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let entries = 0;
  for (const row of db.prepare<[], AuditRow>('SELECT * FROM audit_log ORDER BY seq').iterate()) {
    entries++;
    if (row.seq !== expectedSeq) return { ok: false, entries, brokenAt: row.seq, reason: `entry ${expectedSeq} is missing` };
    if (row.prev_hash !== prevHash) return { ok: false, entries, brokenAt: row.seq, reason: 'previous-hash link does not match' };
    if (auditHash(prevHash, row) !== row.hash) return { ok: false, entries, brokenAt: row.seq, reason: 'content does not match its hash' };
    prevHash = row.hash;
    expectedSeq++;
  }
  return { ok: true, entries, lastHash: prevHash };
}
