// The ordered list of ledger migrations. Append only: a released migration is never edited or reordered.
import { sql as m0001 } from './0001-init';
import { sql as m0002 } from './0002-end-of-day';
import { sql as m0003 } from './0003-acquirer';
import { sql as m0004 } from './0004-card-payments';
import { sql as m0005 } from './0005-reconciliation-words';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  { version: 1, name: 'init', sql: m0001 },
  { version: 2, name: 'end-of-day', sql: m0002 },
  { version: 3, name: 'acquirer', sql: m0003 },
  { version: 4, name: 'card-payments', sql: m0004 },
  { version: 5, name: 'reconciliation-words', sql: m0005 },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
