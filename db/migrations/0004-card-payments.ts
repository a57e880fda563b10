// Migration 4: the card payment journal. Each card payment (authorization, refund, reversal) is a persistent state
// machine; every state is committed before the byte that depends on it is sent. Only masked card data is stored.
export const sql = `
CREATE TABLE card_payments (
  payment_id          TEXT PRIMARY KEY,
  sale_id             TEXT REFERENCES sales(sale_id),
  kind                TEXT NOT NULL CHECK (kind IN ('authorization', 'refund', 'reversal')),
  amount              INTEGER NOT NULL CHECK (amount > 0),
  currency            TEXT NOT NULL,
  training            INTEGER NOT NULL CHECK (training IN (0, 1)),
  state               TEXT NOT NULL CHECK (state IN ('created', 'sent', 'accepted', 'result-received', 'acking', 'acked',
                        'completed', 'declined', 'aborted', 'unknown', 'resolved')),
  outcome             TEXT CHECK (outcome IS NULL OR outcome IN ('paid', 'not-paid', 'reversed')),
  original_payment_id TEXT REFERENCES card_payments(payment_id),
  -- The PT's previous known trace and receipt number when this payment started: the resolve step compares with them.
  previous_trace      INTEGER,
  result_code         INTEGER,
  message             TEXT,
  terminal_id         TEXT,
  trace               INTEGER,
  receipt_no          INTEGER,
  masked_pan          TEXT CHECK (masked_pan IS NULL OR masked_pan NOT GLOB '*[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]*'),
  card_name           TEXT,
  card_brand          TEXT,
  card_kind           TEXT CHECK (card_kind IS NULL OR card_kind IN ('debit', 'credit')),
  auth_code           TEXT,
  pt_date             TEXT,
  pt_time             TEXT,
  unknown_reason      TEXT,
  unknown_stage       TEXT,
  needs_manager       INTEGER NOT NULL DEFAULT 0 CHECK (needs_manager IN (0, 1)),
  slips               TEXT,
  created_at          TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  resolved_by         TEXT REFERENCES users(user_id),
  resolution          TEXT
) STRICT;
CREATE INDEX card_payments_by_sale ON card_payments(sale_id);
-- One payment attempt per sale at a time: a second start while one is not final is refused by the schema too.
CREATE UNIQUE INDEX card_payments_one_running ON card_payments(sale_id)
  WHERE state IN ('created', 'sent', 'accepted', 'result-received', 'acking', 'acked', 'unknown');
CREATE INDEX card_payments_open ON card_payments(state)
  WHERE state IN ('created', 'sent', 'accepted', 'result-received', 'acking', 'acked', 'unknown');

-- The journal's history: every state change, append-only.
CREATE TABLE card_payment_events (
  payment_id TEXT NOT NULL REFERENCES card_payments(payment_id),
  seq        INTEGER NOT NULL,
  at         TEXT NOT NULL,
  state      TEXT NOT NULL,
  detail     TEXT,
  PRIMARY KEY (payment_id, seq)
) STRICT, WITHOUT ROWID;
CREATE TRIGGER card_payment_events_immutable BEFORE UPDATE ON card_payment_events
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: the payment journal is append-only'); END;
CREATE TRIGGER card_payment_events_no_delete BEFORE DELETE ON card_payment_events
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: the payment journal is append-only'); END;
CREATE TRIGGER card_payments_no_delete BEFORE DELETE ON card_payments
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: card payments are never deleted'); END;
CREATE TRIGGER card_payments_final BEFORE UPDATE ON card_payments
  WHEN OLD.state IN ('completed', 'declined', 'aborted', 'resolved')
  BEGIN SELECT RAISE(ABORT, 'LEDGER_IMMUTABLE: a finished card payment never changes'); END;
`;
