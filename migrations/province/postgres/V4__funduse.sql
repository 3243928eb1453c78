-- Version 4: fund-use checks. Keep in step with ../sqlite/V4__funduse.sql.
-- What the province keeps of each accepted check besides its change (whose payload is the
-- record): the loan, the check it corrects (one correction per check), the outcome.
CREATE TABLE fund_checks (
    check_id     UUID PRIMARY KEY,
    loan_id      UUID NOT NULL,
    household_id UUID NOT NULL,
    outcome      TEXT NOT NULL,
    supersedes   UUID UNIQUE,
    seq          BIGINT NOT NULL
);
CREATE INDEX fund_checks_loan ON fund_checks(loan_id);

-- The photos each check names (content addresses); those without a row in `blobs` are
-- still missing at the province.
CREATE TABLE check_photos (
    check_id UUID NOT NULL,
    hash     TEXT NOT NULL,
    PRIMARY KEY (check_id, hash)
);
CREATE INDEX check_photos_hash ON check_photos(hash);

-- Flags raised by findings (early recall, risk file, police), one per check. Append-only.
CREATE TABLE flags (
    check_id  UUID PRIMARY KEY,
    loan_id   UUID NOT NULL,
    flag      TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    raised_at TEXT NOT NULL,
    seq       BIGINT NOT NULL
);

-- Photos: chunks while an upload is going on, the whole verified photo once complete.
CREATE TABLE blob_chunks (
    hash   TEXT NOT NULL,
    at_byte BIGINT NOT NULL,
    data   BYTEA NOT NULL,
    PRIMARY KEY (hash, at_byte)
);
CREATE TABLE blobs (
    hash        TEXT PRIMARY KEY,
    size        BIGINT NOT NULL,
    data        BYTEA NOT NULL,
    device_id   UUID NOT NULL,
    received_at TEXT NOT NULL
);
