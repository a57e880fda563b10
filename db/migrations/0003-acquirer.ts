// Migration 3: the acquirer store-and-forward tables behind acquirer/outbox-port.ts (outbox, sender lease, STAN and
// batch counters, manual review, declined after offline approval, acknowledged advices per batch, reconciliations).
// Append-only once released: never edit, add a new migration instead. Times are epoch ms; money INTEGER minor units.
// `training` on every row keeps training-mode card transactions in their own world: a live sender never sees them.
export const sql = `
-- One row per mode: the last STAN handed out (1..999999, wraps to 1), the open batch, and running backlog counters
-- kept in the same transaction as every outbox change, so the status strip's numbers never scan the outbox.
CREATE TABLE acquirer_counters (
  training        INTEGER PRIMARY KEY CHECK (training IN (0, 1)),
  last_stan       INTEGER NOT NULL DEFAULT 0 CHECK (last_stan BETWEEN 0 AND 999999),
  batch_number    INTEGER NOT NULL DEFAULT 1 CHECK (batch_number BETWEEN 1 AND 999999),
  pending_count   INTEGER NOT NULL DEFAULT 0 CHECK (pending_count >= 0),
  offline_count   INTEGER NOT NULL DEFAULT 0 CHECK (offline_count >= 0),
  offline_amount  INTEGER NOT NULL DEFAULT 0 CHECK (offline_amount >= 0)
) STRICT;
INSERT INTO acquirer_counters (training) VALUES (0), (1);

-- Waiting advices and reversals. AUTOINCREMENT: an id is never reused, so a requeued item always goes to the end.
CREATE TABLE acquirer_outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  training         INTEGER NOT NULL CHECK (training IN (0, 1)),
  kind             TEXT NOT NULL CHECK (kind IN ('advice', 'reversal')),
  uuid             TEXT NOT NULL,
  batch_number     INTEGER NOT NULL,
  amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
  offline_sale     INTEGER NOT NULL CHECK (offline_sale IN (0, 1)),
  transaction_json TEXT NOT NULL,
  enqueued_at      INTEGER NOT NULL,
  send_count       INTEGER NOT NULL DEFAULT 0,
  failed_attempts  INTEGER NOT NULL DEFAULT 0,
  next_attempt_at  INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT,
  -- One advice and at most one reversal per card payment: a double submit cannot queue a second capture.
  UNIQUE (kind, uuid)
) STRICT;
CREATE INDEX acquirer_outbox_head ON acquirer_outbox(training, id);
CREATE INDEX acquirer_outbox_age ON acquirer_outbox(training, enqueued_at);
CREATE INDEX acquirer_outbox_offline_age ON acquirer_outbox(training, enqueued_at) WHERE offline_sale = 1;
CREATE INDEX acquirer_outbox_batch ON acquirer_outbox(training, batch_number);

-- One sender per ledger: whoever holds an unexpired lease; every send is fenced by it.
CREATE TABLE acquirer_lease (
  id         INTEGER PRIMARY KEY CHECK (id = 1),
  holder_id  TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

-- Out of the outbox for a human to look at; never dropped. Keyed by the outbox id it had.
CREATE TABLE acquirer_manual_review (
  item_id          INTEGER PRIMARY KEY,
  training         INTEGER NOT NULL CHECK (training IN (0, 1)),
  kind             TEXT NOT NULL CHECK (kind IN ('advice', 'reversal')),
  uuid             TEXT NOT NULL,
  transaction_json TEXT NOT NULL,
  enqueued_at      INTEGER NOT NULL,
  send_count       INTEGER NOT NULL,
  failed_attempts  INTEGER NOT NULL,
  next_attempt_at  INTEGER NOT NULL,
  last_error       TEXT,
  reason           TEXT NOT NULL,
  response_code    TEXT,
  at               INTEGER NOT NULL
) STRICT;

-- The acquirer refused what the PIN pad approved offline: a merchant loss, for the manager and the next report.
CREATE TABLE acquirer_declined (
  uuid             TEXT PRIMARY KEY,
  training         INTEGER NOT NULL CHECK (training IN (0, 1)),
  item_id          INTEGER NOT NULL,
  transaction_json TEXT NOT NULL,
  response_code    TEXT NOT NULL,
  at               INTEGER NOT NULL
) STRICT;

-- What the acquirer acknowledged, per card payment: the advice (captured) and/or its reversal (reversed).
-- capturedInBatch = captured and not reversed: the till's side of the 0500 totals.
CREATE TABLE acquirer_acknowledged (
  uuid                TEXT PRIMARY KEY,
  training            INTEGER NOT NULL CHECK (training IN (0, 1)),
  batch_number        INTEGER NOT NULL,
  transaction_json    TEXT NOT NULL,
  captured            INTEGER NOT NULL DEFAULT 0 CHECK (captured IN (0, 1)),
  reversed            INTEGER NOT NULL DEFAULT 0 CHECK (reversed IN (0, 1)),
  response_code       TEXT NOT NULL,
  auth_code           TEXT,
  retrieval_reference TEXT,
  captured_at         INTEGER,
  reversed_at         INTEGER
) STRICT;
CREATE INDEX acquirer_acknowledged_batch ON acquirer_acknowledged(training, batch_number);

-- Every 0500/0510 outcome, balanced or not, with both sides' totals (JSON of BatchTotals).
CREATE TABLE acquirer_reconciliations (
  id             INTEGER PRIMARY KEY AUTOINCREMENT,
  training       INTEGER NOT NULL CHECK (training IN (0, 1)),
  batch_number   INTEGER NOT NULL,
  at             INTEGER NOT NULL,
  balanced       INTEGER NOT NULL CHECK (balanced IN (0, 1)),
  uploaded       INTEGER NOT NULL CHECK (uploaded IN (0, 1)),
  uploaded_count INTEGER NOT NULL,
  response_code  TEXT NOT NULL,
  local_totals   TEXT NOT NULL,
  host_totals    TEXT
) STRICT;
CREATE INDEX acquirer_reconciliations_batch ON acquirer_reconciliations(training, batch_number);
`;
