-- vonxa device database, version 2: sync state. The endpoint, the device token (secret: it lives
-- only here, inside the encrypted file), the province's epoch and the pull cursor.

CREATE TABLE sync_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    endpoint     TEXT NOT NULL,
    device_id    TEXT NOT NULL,
    token        TEXT NOT NULL,
    scope        TEXT NOT NULL CHECK (json_valid(scope)),
    role         TEXT NOT NULL,
    enrolled_at  TEXT NOT NULL,
    -- The province's epoch the cursor and the row versions belong to.
    epoch        TEXT,
    -- The last server sequence applied from pulls.
    pull_cursor  INTEGER NOT NULL DEFAULT 0,
    -- During a re-upload after a new epoch: sent entries with seq greater than this are still
    -- to be pushed again. NULL when no re-upload is going on.
    replay_after INTEGER,
    last_success TEXT,
    last_error   TEXT
);

-- Pulled changes not applied because the record has unsent or conflicting local edits: the
-- "theirs" side of the review list. One row per record (the latest).
CREATE TABLE sync_held (
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    server_seq INTEGER NOT NULL,
    change_id  TEXT NOT NULL,
    device_id  TEXT NOT NULL,
    op         TEXT NOT NULL,
    payload    TEXT NOT NULL CHECK (json_valid(payload)),
    PRIMARY KEY (entity, entity_id)
);

-- Pulled changes that failed to apply locally (e.g. a reference the device lacks): kept, never
-- silently dropped, and retried on the next pass.
CREATE TABLE sync_inbox_errors (
    change_id  TEXT PRIMARY KEY,
    server_seq INTEGER NOT NULL,
    entity     TEXT NOT NULL,
    entity_id  TEXT NOT NULL,
    op         TEXT NOT NULL,
    payload    TEXT NOT NULL,
    error      TEXT NOT NULL,
    at         TEXT NOT NULL
);
