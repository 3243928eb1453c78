-- vonxa provincial endpoint, PostgreSQL dialect, version 1. Keep in step with ../sqlite/V1__init.sql.

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

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

CREATE TABLE changes (
    change_id    UUID PRIMARY KEY,
    seq          BIGINT UNIQUE,
    device_id    UUID NOT NULL,
    user_id      TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    UUID NOT NULL,
    op           TEXT NOT NULL,
    payload      TEXT NOT NULL,
    body_hash    TEXT NOT NULL,
    base_version BIGINT NOT NULL,
    device_time  TEXT NOT NULL,
    received_at  TEXT NOT NULL,
    outcome      TEXT NOT NULL CHECK (outcome IN ('accepted', 'rejected', 'conflict')),
    code         TEXT,
    result       TEXT NOT NULL,
    visibility   TEXT NOT NULL CHECK (visibility IN ('global', 'scoped', 'private')),
    point_code   TEXT,
    group_id     UUID
);
CREATE INDEX changes_device ON changes(device_id);
CREATE INDEX changes_review ON changes(outcome) WHERE outcome = 'conflict';

CREATE TABLE entities (
    entity_id   UUID PRIMARY KEY,
    entity      TEXT NOT NULL,
    version     BIGINT NOT NULL,
    last_device UUID NOT NULL,
    point_code  TEXT,
    group_id    UUID,
    deleted     BOOLEAN NOT NULL DEFAULT FALSE,
    doc         TEXT NOT NULL
);
