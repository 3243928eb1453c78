-- Version 12: the people of the province's console, their sessions and the audit of what
-- they do there; what each device reports of itself at sync. Keep in step with
-- ../sqlite/V12__console.sql.

CREATE TABLE console_users (
    id            TEXT PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    -- Argon2id, PHC string.
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL,
    scope_kind    TEXT NOT NULL,
    scope_id      TEXT,
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TEXT NOT NULL,
    last_login_at TEXT
);

-- A session is its cookie's SHA-256; the CSRF token every change must echo.
CREATE TABLE console_sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    TEXT NOT NULL REFERENCES console_users(id),
    csrf       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    ended_at   TEXT
);
CREATE INDEX console_sessions_user ON console_sessions(user_id);

-- Every console action, allowed or refused: who, what, on what, when, from where.
CREATE TABLE console_audit (
    seq       BIGSERIAL PRIMARY KEY,
    at        TEXT NOT NULL,
    user_id   TEXT,
    username  TEXT,
    action    TEXT NOT NULL,
    target    TEXT,
    from_addr TEXT NOT NULL,
    ok        BOOLEAN NOT NULL,
    detail    TEXT
);
CREATE FUNCTION console_audit_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'append-only: console_audit'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER console_audit_no_change BEFORE UPDATE OR DELETE ON console_audit
FOR EACH ROW EXECUTE FUNCTION console_audit_append_only();

-- What a device says of itself at each push and pull.
ALTER TABLE devices ADD COLUMN app_version TEXT;
ALTER TABLE devices ADD COLUMN waiting BIGINT;
ALTER TABLE devices ADD COLUMN db_bytes BIGINT;
ALTER TABLE devices ADD COLUMN last_error TEXT;
