-- Version 5: money. Keep in step with ../sqlite/V5__money.sql.
-- The ledger: every accepted money record (savings books, sessions, payments, handovers,
-- closes) with the columns the money rules and the figures select by; `doc` is the record
-- as accepted. Written in the transaction of the ingest that accepted it; append-only.
CREATE TABLE ledger (
    entity_id   TEXT PRIMARY KEY,
    entity      TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    point_code  TEXT,
    group_id    TEXT,
    session_id  TEXT,
    period      TEXT,
    recorded_on TEXT,
    balance_key TEXT,
    reverses    TEXT UNIQUE,
    doc         TEXT NOT NULL
);
CREATE INDEX ledger_session ON ledger(session_id) WHERE session_id IS NOT NULL;
CREATE INDEX ledger_sheet ON ledger(group_id, period) WHERE group_id IS NOT NULL;
CREATE INDEX ledger_balance ON ledger(balance_key) WHERE balance_key IS NOT NULL;
CREATE INDEX ledger_point ON ledger(point_code, recorded_on);

-- The last verified link of each device's hash chain of money records.
CREATE TABLE money_chains (
    device_id TEXT PRIMARY KEY,
    seq       BIGINT NOT NULL,
    hash      TEXT NOT NULL
);

-- A chain that broke at a push: a gap (an entry deleted), a fork (an entry inserted, or the
-- database copied and used twice) or an altered entry. Once per device, kind and place.
CREATE TABLE alerts (
    id          BIGSERIAL PRIMARY KEY,
    device_id   TEXT NOT NULL,
    kind        TEXT NOT NULL CHECK (kind IN ('gap', 'fork', 'altered')),
    seq         BIGINT NOT NULL,
    entity_id   TEXT NOT NULL,
    change_id   TEXT NOT NULL,
    detected_at TEXT NOT NULL,
    UNIQUE (device_id, kind, seq)
);
