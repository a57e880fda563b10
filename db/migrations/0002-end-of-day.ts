// Migration 2: end of day. Cash movements and counts, numbered Z reports (immutable, hash-chained through the audit
// log), reconciliation results and the flags a mismatch raises until a manager resolves them with a reason.
export const sql = `
-- SQLite uses a partial index only when the query's WHERE names its condition exactly: "status = 'open'" does not
-- select an index on "status IN ('open', 'suspended')", and every scan then read the whole ledger. One index per
-- question the till asks on every scan (the open sale, the suspended list, the recent receipts).
DROP INDEX sales_by_status;
CREATE INDEX sales_open ON sales(kind, opened_at) WHERE status = 'open';
CREATE INDEX sales_suspended ON sales(suspended_at) WHERE status = 'suspended';
CREATE INDEX sales_posted_recent ON sales(posted_at, receipt_seq) WHERE status = 'posted';

-- Who holds the drawer now (changes at a hand-over); the opener until then.
ALTER TABLE shifts ADD COLUMN holder_id TEXT REFERENCES users(user_id);

CREATE TABLE cash_movements (
  movement_id TEXT PRIMARY KEY,
  shift_id    TEXT NOT NULL REFERENCES shifts(shift_id),
  kind        TEXT NOT NULL CHECK (kind IN ('paid-in', 'paid-out', 'safe-drop')),
  amount      INTEGER NOT NULL CHECK (amount > 0),
  reason_code TEXT NOT NULL,
  note        TEXT,
  actor_id    TEXT NOT NULL REFERENCES users(user_id),
  approver_id TEXT REFERENCES users(user_id),
  at          TEXT NOT NULL
) STRICT;
CREATE INDEX cash_movements_by_shift ON cash_movements(shift_id);

-- Counts by denomination: the opening float, hand-overs and the blind count at close.
CREATE TABLE cash_counts (
  count_id   TEXT PRIMARY KEY,
  shift_id   TEXT NOT NULL REFERENCES shifts(shift_id),
  purpose    TEXT NOT NULL CHECK (purpose IN ('float', 'handover', 'close')),
  currency   TEXT NOT NULL,
  counts     TEXT NOT NULL,
  total      INTEGER NOT NULL CHECK (total >= 0),
  counted_by TEXT NOT NULL REFERENCES users(user_id),
  at         TEXT NOT NULL
) STRICT;
CREATE INDEX cash_counts_by_shift ON cash_counts(shift_id, purpose);

-- One reconciliation attempt per source at close: what the PIN pad's end-of-day (06 50) or the acquirer's 0500/0510
-- said, or that it did not answer.
CREATE TABLE reconciliations (
  reconciliation_id TEXT PRIMARY KEY,
  shift_id          TEXT NOT NULL REFERENCES shifts(shift_id),
  source            TEXT NOT NULL CHECK (source IN ('ledger', 'pinpad', 'acquirer')),
  status            TEXT NOT NULL CHECK (status IN ('match', 'mismatch', 'missing')),
  totals            TEXT,
  detail            TEXT,
  at                TEXT NOT NULL
) STRICT;
CREATE INDEX reconciliations_by_shift ON reconciliations(shift_id, source, at);

-- The Z report: numbered gap-free per till and series, immutable, its hash in the audit chain.
CREATE TABLE z_reports (
  training   INTEGER NOT NULL CHECK (training IN (0, 1)),
  z_number   INTEGER NOT NULL CHECK (z_number >= 1),
  shift_id   TEXT NOT NULL UNIQUE REFERENCES shifts(shift_id),
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL REFERENCES users(user_id),
  approver   TEXT REFERENCES users(user_id),
  report     TEXT NOT NULL,
  hash       TEXT NOT NULL,
  audit_seq  INTEGER NOT NULL REFERENCES audit_log(seq),
  PRIMARY KEY (training, z_number)
) STRICT;

-- A mismatch found at close stays open, shown on the next days' reports, until resolved with a reason.
CREATE TABLE reconciliation_flags (
  flag_id     TEXT PRIMARY KEY,
  training    INTEGER NOT NULL CHECK (training IN (0, 1)),
  z_number    INTEGER NOT NULL,
  source      TEXT NOT NULL,
  detail      TEXT NOT NULL,
  raised_at   TEXT NOT NULL,
  resolved_at TEXT,
  resolved_by TEXT REFERENCES users(user_id),
  resolution  TEXT
) STRICT;

CREATE TRIGGER cash_movements_immutable BEFORE UPDATE ON cash_movements
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: cash movements never change'); END;
CREATE TRIGGER cash_movements_no_delete BEFORE DELETE ON cash_movements
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: cash movements are never deleted'); END;
CREATE TRIGGER cash_counts_immutable BEFORE UPDATE ON cash_counts
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: counts never change'); END;
CREATE TRIGGER cash_counts_no_delete BEFORE DELETE ON cash_counts
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: counts are never deleted'); END;
CREATE TRIGGER z_reports_immutable BEFORE UPDATE ON z_reports
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: a Z report never changes'); END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: a Z report is never deleted'); END;
CREATE TRIGGER shifts_closed_immutable BEFORE UPDATE ON shifts
  WHEN OLD.status = 'closed'
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: a closed shift never changes'); END;
`;
