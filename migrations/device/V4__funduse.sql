-- vonxa device database, version 4: fund-use checks (06/TD) and their photos.

-- Each check as recorded, append-only: a correction is a new check naming the one it
-- supersedes. No foreign key to loans: a pull must never stall on the order it applies rows
-- (the store checks the loan on every local write, the province on every push).
CREATE TABLE fund_checks (
    id         TEXT PRIMARY KEY,
    doc        TEXT NOT NULL CHECK (json_valid(doc)),
    loan_id    TEXT GENERATED ALWAYS AS (json_extract(doc, '$.loanId')) STORED NOT NULL,
    checked_on TEXT GENERATED ALWAYS AS (json_extract(doc, '$.checkedOn')) STORED NOT NULL,
    outcome    TEXT GENERATED ALWAYS AS (json_extract(doc, '$.outcome')) STORED NOT NULL,
    supersedes TEXT GENERATED ALWAYS AS (json_extract(doc, '$.supersedes')) STORED
);
CREATE INDEX fund_checks_loan ON fund_checks(loan_id, checked_on);
CREATE INDEX fund_checks_supersedes ON fund_checks(supersedes) WHERE supersedes IS NOT NULL;
CREATE TRIGGER fund_checks_no_update BEFORE UPDATE ON fund_checks
BEGIN SELECT RAISE(ABORT, 'append-only: fund_checks'); END;
CREATE TRIGGER fund_checks_no_delete BEFORE DELETE ON fund_checks
BEGIN SELECT RAISE(ABORT, 'append-only: fund_checks'); END;

-- Photos, content-addressed (SHA-256 hex of the bytes), inside the encrypted file. Never
-- changed or deleted: a check refers to them by hash.
CREATE TABLE blobs (
    hash     TEXT PRIMARY KEY CHECK (length(hash) = 64),
    mime     TEXT NOT NULL,
    size     INTEGER NOT NULL CHECK (size > 0),
    data     BLOB NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TRIGGER blobs_no_update BEFORE UPDATE ON blobs
BEGIN SELECT RAISE(ABORT, 'append-only: blobs'); END;
CREATE TRIGGER blobs_no_delete BEFORE DELETE ON blobs
BEGIN SELECT RAISE(ABORT, 'append-only: blobs'); END;

-- Photos of local checks still to reach the province, apart from the change log so a large
-- photo never holds up other changes. `sent`: bytes the province confirmed it holds (an
-- interrupted upload resumes there); `error`: refused for good (too large, wrong type).
CREATE TABLE blob_uploads (
    hash    TEXT PRIMARY KEY REFERENCES blobs(hash),
    sent    INTEGER NOT NULL DEFAULT 0,
    done_at TEXT,
    error   TEXT
);
CREATE INDEX blob_uploads_pending ON blob_uploads(hash) WHERE done_at IS NULL AND error IS NULL;
