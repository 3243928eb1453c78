-- Version 7: what the province allows one device. Keep in step with ../postgres/V7__device_limits.sql.

-- A refusal without a change row (id_reused, unknown_parent) that repeats counts: one row per
-- change id, device, code and body hash, with how often and when first and last, so a device
-- re-sending one refused change cannot grow the audit. Existing rows are folded the same way.
CREATE TABLE refusals_counted (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id   TEXT NOT NULL,
    device_id   TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    body_hash   TEXT NOT NULL,
    code        TEXT NOT NULL,
    count       INTEGER NOT NULL,
    first_at    TEXT NOT NULL,
    last_at     TEXT NOT NULL,
    UNIQUE (change_id, device_id, code, body_hash)
);
INSERT INTO refusals_counted (change_id, device_id, user_id, entity, entity_id, body_hash, code,
    count, first_at, last_at)
SELECT change_id, device_id, min(user_id), min(entity), min(entity_id), body_hash, code,
    count(*), min(received_at), max(received_at)
FROM refusals GROUP BY change_id, device_id, code, body_hash ORDER BY min(id);
DROP TABLE refusals;
ALTER TABLE refusals_counted RENAME TO refusals;

-- Photo chunks know the device that sent them (its quota of unfinished uploads) and when
-- (unix seconds; an upload untouched for long is swept). Chunks from before this version have
-- no device and count from now; those of photos no check names are dropped (nothing can
-- complete them any more: a chunk needs a check naming its photo).
ALTER TABLE blob_chunks ADD COLUMN device_id TEXT;
ALTER TABLE blob_chunks ADD COLUMN received_at INTEGER NOT NULL DEFAULT 0;
UPDATE blob_chunks SET received_at = CAST(strftime('%s', 'now') AS INTEGER);
DELETE FROM blob_chunks WHERE hash NOT IN (SELECT hash FROM check_photos);
CREATE INDEX blob_chunks_device ON blob_chunks(device_id) WHERE device_id IS NOT NULL;
