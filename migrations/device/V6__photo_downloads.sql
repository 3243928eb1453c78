-- vonxa device database, version 6: photos coming down from the province.
--
-- A check pulled from another device of the same scope names photos this device does not
-- hold. The sync task fetches them after the changes, a byte range at a time, and keeps what
-- arrived here so a cut download resumes where it stopped. When the last byte is in, the
-- photo is checked (SHA-256 of the bytes equals the name, JPEG or PNG, size) and moved into
-- `blobs` (never into `blob_uploads`: the province has it); a photo that fails the check is
-- dropped and counted, and after three failures it is not fetched again.
CREATE TABLE blob_downloads (
    hash       TEXT PRIMARY KEY CHECK (length(hash) = 64),
    -- The whole photo's size as the province gave it.
    size       INTEGER NOT NULL CHECK (size > 0),
    failures   INTEGER NOT NULL DEFAULT 0,
    error      TEXT,
    updated_at TEXT NOT NULL
);
CREATE TABLE blob_download_parts (
    hash    TEXT NOT NULL REFERENCES blob_downloads(hash) ON DELETE CASCADE,
    at_byte INTEGER NOT NULL CHECK (at_byte >= 0),
    data    BLOB NOT NULL,
    PRIMARY KEY (hash, at_byte)
);
