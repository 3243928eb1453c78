-- vonxa provincial endpoint, SQLite dialect, version 1. Keep in step with ../postgres/V1__init.sql.

-- key 'epoch': a UUID made with the database and replaced in every backup copy.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One-time enrolment codes (only their SHA-256 is kept).
CREATE TABLE enrol_codes (
    code_hash  TEXT PRIMARY KEY,
    scope      TEXT NOT NULL,
    role       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    device_id  TEXT
);

CREATE TABLE devices (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    label       TEXT NOT NULL,
    scope       TEXT NOT NULL,
    role        TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    revoked_at  TEXT,
    last_seen   TEXT,
    last_sync   TEXT
);

-- Every pushed change, accepted or not: the idempotency record and the audit log. Accepted
-- changes have a server sequence; pulls serve them in that order.
CREATE TABLE changes (
    change_id    TEXT PRIMARY KEY,
    seq          INTEGER UNIQUE,
    device_id    TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    op           TEXT NOT NULL,
    payload      TEXT NOT NULL,
    body_hash    TEXT NOT NULL,
    base_version INTEGER NOT NULL,
    device_time  TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'conflict')),
    code         TEXT,
    result       TEXT NOT NULL,
    visibility   TEXT NOT NULL CHECK (visibility IN ('global', 'scoped', 'private')),
    point_code   TEXT,
    group_id     TEXT
) WITHOUT ROWID;
CREATE INDEX changes_device ON changes(device_id);
CREATE INDEX changes_review ON changes(outcome) WHERE outcome = 'conflict';

-- The current state of every record: version (= seq of its last accepted change), last writer,
-- where it belongs, and its last document.
CREATE TABLE entities (
    entity_id   TEXT PRIMARY KEY,
    entity      TEXT NOT NULL,
    version     INTEGER NOT NULL,
    last_device TEXT NOT NULL,
    point_code  TEXT,
    group_id    TEXT,
    deleted     INTEGER NOT NULL DEFAULT 0,
    doc         TEXT NOT NULL
) WITHOUT ROWID;
