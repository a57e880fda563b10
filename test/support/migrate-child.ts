// A process that upgrades a ledger with a hypothetical next migration which rebuilds the acquirer outbox (copy,
// drop, rename: the risky kind) and SIGKILLs itself inside that migration's transaction, after the drop. Row 17.
import { LATEST_VERSION, MIGRATIONS } from '../../db/migrations';
import { migrate, openLedger } from '../../db/open';

const path = process.argv[2];
if (!path) throw new Error('usage: migrate-child <ledger.sqlite>');
const db = openLedger(path);
db.function('till_failpoint', () => {
  process.kill(process.pid, 'SIGKILL');
  return 0;
});
migrate(db, [
  ...MIGRATIONS,
  {
    version: LATEST_VERSION + 1,
    name: 'rebuild-acquirer-outbox',
    sql: `
      CREATE TABLE acquirer_outbox_next AS SELECT *, NULL AS note FROM acquirer_outbox;
      DROP TABLE acquirer_outbox;
      ALTER TABLE acquirer_outbox_next RENAME TO acquirer_outbox;
      SELECT till_failpoint();
    `,
  },
]);
process.stdout.write('MIGRATED\n');
