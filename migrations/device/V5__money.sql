-- vonxa device database, version 5: money. Savings books at the point, transaction sessions,
-- payments (each with its 01/BL receipt), group handovers and session closes. Every money
-- record is append-only (a correction is a reversal entry) and sealed into the device's hash
-- chain (`journal`), in the same transaction as the record and its change-log entry.

-- Receipt numbers come from the device's prefix (the random last 8 hex digits of its id; no
-- receipt was numbered before this version) and a counter that advances in the transaction
-- of the payment: never reused, no gaps.
UPDATE device SET prefix = upper(substr(replace(id, '-', ''), 25, 8));
CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL CHECK (value >= 0)
);
INSERT INTO counters (name, value) VALUES ('receipt', 0);
CREATE TRIGGER counters_only_forward BEFORE UPDATE ON counters
WHEN NEW.value <= OLD.value OR NEW.name <> OLD.name
BEGIN SELECT RAISE(ABORT, 'append-only: counters'); END;
CREATE TRIGGER counters_no_delete BEFORE DELETE ON counters
BEGIN SELECT RAISE(ABORT, 'append-only: counters'); END;

-- The device's hash chain of money records: seq, the previous hash and the record's hash.
CREATE TABLE journal (
    seq       INTEGER PRIMARY KEY,
    entity    TEXT NOT NULL,
    entity_id TEXT NOT NULL UNIQUE,
    prev_hash TEXT NOT NULL,
    hash      TEXT NOT NULL
);
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
BEGIN SELECT RAISE(ABORT, 'append-only: journal'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
BEGIN SELECT RAISE(ABORT, 'append-only: journal'); END;

CREATE TABLE savings_accounts (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    point_id     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.pointId')) STORED NOT NULL REFERENCES points(id),
    book_no      TEXT GENERATED ALWAYS AS (json_extract(doc, '$.bookNo')) STORED NOT NULL,
    household_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.householdId')) STORED,
    UNIQUE (point_id, book_no)
);

CREATE TABLE cash_sessions (
    id       TEXT PRIMARY KEY,
    doc      TEXT NOT NULL CHECK (json_valid(doc)),
    point_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.pointId')) STORED NOT NULL REFERENCES points(id),
    held_on  TEXT GENERATED ALWAYS AS (json_extract(doc, '$.heldOn')) STORED NOT NULL,
    UNIQUE (point_id, held_on)
);

CREATE TABLE money_entries (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    receipt_no   TEXT GENERATED ALWAYS AS (json_extract(doc, '$.receiptNo')) STORED NOT NULL UNIQUE,
    point_id     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.pointId')) STORED NOT NULL,
    session_id   TEXT GENERATED ALWAYS AS (json_extract(doc, '$.sessionId')) STORED,
    kind         TEXT GENERATED ALWAYS AS (json_extract(doc, '$.payment.kind')) STORED NOT NULL,
    group_id     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.payment.groupId')) STORED,
    household_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.payment.householdId')) STORED,
    period       TEXT GENERATED ALWAYS AS (json_extract(doc, '$.payment.period')) STORED,
    account_id   TEXT GENERATED ALWAYS AS (json_extract(doc, '$.payment.accountId')) STORED,
    reverses     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.reverses.entryId')) STORED UNIQUE,
    recorded_on  TEXT GENERATED ALWAYS AS (json_extract(doc, '$.on')) STORED NOT NULL
);
CREATE INDEX money_entries_sheet ON money_entries(group_id, period) WHERE group_id IS NOT NULL;
CREATE INDEX money_entries_household ON money_entries(household_id) WHERE household_id IS NOT NULL;
CREATE INDEX money_entries_account ON money_entries(account_id) WHERE account_id IS NOT NULL;
CREATE INDEX money_entries_session ON money_entries(session_id) WHERE session_id IS NOT NULL;

CREATE TABLE handovers (
    id         TEXT PRIMARY KEY,
    doc        TEXT NOT NULL CHECK (json_valid(doc)),
    session_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.sessionId')) STORED NOT NULL REFERENCES cash_sessions(id),
    group_id   TEXT GENERATED ALWAYS AS (json_extract(doc, '$.groupId')) STORED NOT NULL,
    period     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.period')) STORED NOT NULL,
    UNIQUE (group_id, period)
);

CREATE TABLE session_closes (
    id         TEXT PRIMARY KEY,
    doc        TEXT NOT NULL CHECK (json_valid(doc)),
    session_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.sessionId')) STORED NOT NULL UNIQUE REFERENCES cash_sessions(id)
);

CREATE TRIGGER savings_accounts_no_update BEFORE UPDATE ON savings_accounts
BEGIN SELECT RAISE(ABORT, 'append-only: savings_accounts'); END;
CREATE TRIGGER savings_accounts_no_delete BEFORE DELETE ON savings_accounts
BEGIN SELECT RAISE(ABORT, 'append-only: savings_accounts'); END;
CREATE TRIGGER cash_sessions_no_update BEFORE UPDATE ON cash_sessions
BEGIN SELECT RAISE(ABORT, 'append-only: cash_sessions'); END;
CREATE TRIGGER cash_sessions_no_delete BEFORE DELETE ON cash_sessions
BEGIN SELECT RAISE(ABORT, 'append-only: cash_sessions'); END;
CREATE TRIGGER money_entries_no_update BEFORE UPDATE ON money_entries
BEGIN SELECT RAISE(ABORT, 'append-only: money_entries'); END;
CREATE TRIGGER money_entries_no_delete BEFORE DELETE ON money_entries
BEGIN SELECT RAISE(ABORT, 'append-only: money_entries'); END;
CREATE TRIGGER handovers_no_update BEFORE UPDATE ON handovers
BEGIN SELECT RAISE(ABORT, 'append-only: handovers'); END;
CREATE TRIGGER handovers_no_delete BEFORE DELETE ON handovers
BEGIN SELECT RAISE(ABORT, 'append-only: handovers'); END;
CREATE TRIGGER session_closes_no_update BEFORE UPDATE ON session_closes
BEGIN SELECT RAISE(ABORT, 'append-only: session_closes'); END;
CREATE TRIGGER session_closes_no_delete BEFORE DELETE ON session_closes
BEGIN SELECT RAISE(ABORT, 'append-only: session_closes'); END;
