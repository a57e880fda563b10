// Opens the ledger: pragmas for durability, numbered migrations (each in one transaction with its version bump),
// refusal of a newer or corrupt database. Never imports service/, hosts or electron.
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { MIGRATIONS, LATEST_VERSION, type Migration } from './migrations';

export type Db = Database.Database;

export class LedgerOpenError extends Error {
  constructor(
    readonly code: 'DB_CORRUPT' | 'DB_TOO_NEW' | 'DB_MIGRATION_FAILED',
    message: string,
    readonly detail: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

export interface OpenLedgerOptions {
  /** Apply migrations up to this version only (tests of a single migration). */
  targetVersion?: number;
  migrations?: Migration[];
  readonly?: boolean;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/**
 * Open (or create) the ledger file. synchronous=FULL in WAL mode makes each committed sale durable across power loss;
 * quick_check refuses to trade on a damaged file instead of silently starting an empty ledger.
 */
export function openLedger(path: string, options: OpenLedgerOptions = {}): Db {
  const existed = path !== ':memory:' && existsSync(path);
  const db = new Database(path, { readonly: options.readonly ?? false });
  try {
    db.pragma('busy_timeout = 5000');
    if (existed) {
      let result: string;
      try {
        result = String(db.pragma('quick_check', { simple: true }));
      } catch (err) {
        throw new LedgerOpenError('DB_CORRUPT', `The ledger file is damaged: ${(err as Error).message}`, { path });
      }
      if (result !== 'ok') throw new LedgerOpenError('DB_CORRUPT', `The ledger file is damaged: ${result}`, { path });
    }
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    migrate(db, options.migrations ?? MIGRATIONS, options.targetVersion);
    return db;
  } catch (err) {
    db.close();
    if (err instanceof LedgerOpenError) throw err;
    const message = (err as Error).message ?? String(err);
    if (/not a database|malformed|corrupt/i.test(message)) {
      throw new LedgerOpenError('DB_CORRUPT', `The ledger file is damaged: ${message}`, { path });
    }
    throw err;
  }
}

export function migrate(db: Db, migrations: Migration[] = MIGRATIONS, targetVersion?: number): number {
  const known = migrations[migrations.length - 1]?.version ?? 0;
  const current = schemaVersion(db);
  if (current > known) {
    throw new LedgerOpenError(
      'DB_TOO_NEW',
      `The ledger was written by a newer version of the till (schema ${current}, this app knows ${known}). Update the app; the file was not changed.`,
      { schemaVersion: current, appSchemaVersion: known },
    );
  }
  const target = targetVersion ?? known;
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    const apply = db.transaction(() => {
      db.exec(migration.sql);
      // The version bump is in the same transaction as the schema change: a crash leaves one or the other, never half.
      db.pragma(`user_version = ${migration.version}`);
    });
    try {
      apply();
    } catch (err) {
      throw new LedgerOpenError('DB_MIGRATION_FAILED', `Migration ${migration.version} (${migration.name}) failed: ${(err as Error).message}`, {
        version: migration.version,
      });
    }
  }
  return schemaVersion(db);
}

export { LATEST_VERSION };
