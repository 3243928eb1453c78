-- vonxa device database, version 3: credit. Disbursed loans, the bank's records mirrored from the
-- province (never written on a device). No foreign key to households: the province has
-- checked the link, and a pull must never stall on the order in which it applies rows.
CREATE TABLE loans (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    household_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.householdId')) STORED NOT NULL,
    group_id     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.groupId')) STORED,
    programme    TEXT GENERATED ALWAYS AS (json_extract(doc, '$.programme')) STORED NOT NULL,
    disbursed_on TEXT GENERATED ALWAYS AS (json_extract(doc, '$.disbursedOn')) STORED NOT NULL,
    status       TEXT GENERATED ALWAYS AS (json_extract(doc, '$.status')) STORED NOT NULL
);
CREATE INDEX loans_household ON loans(household_id, programme);
CREATE INDEX loans_group ON loans(group_id, disbursed_on) WHERE group_id IS NOT NULL;

-- Loan applications (01/TD): edited while draft or returned for fixing; the status moves only
-- with a row in application_status, written in the same transaction.
CREATE TABLE applications (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    household_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.householdId')) STORED NOT NULL REFERENCES households(id),
    programme    TEXT GENERATED ALWAYS AS (json_extract(doc, '$.programme')) STORED NOT NULL,
    status       TEXT GENERATED ALWAYS AS (json_extract(doc, '$.status')) STORED NOT NULL,
    applied_on   TEXT GENERATED ALWAYS AS (json_extract(doc, '$.appliedOn')) STORED NOT NULL
);
CREATE INDEX applications_household ON applications(household_id, programme);
CREATE INDEX applications_status ON applications(status, applied_on);

-- Every change of an application's status: who (the change log), when, why. Append-only.
CREATE TABLE application_status (
    id             TEXT PRIMARY KEY,
    doc            TEXT NOT NULL CHECK (json_valid(doc)),
    application_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.applicationId')) STORED NOT NULL
);
CREATE INDEX application_status_application ON application_status(application_id);
CREATE TRIGGER application_status_no_update BEFORE UPDATE ON application_status
BEGIN SELECT RAISE(ABORT, 'append-only: application_status'); END;
CREATE TRIGGER application_status_no_delete BEFORE DELETE ON application_status
BEGIN SELECT RAISE(ABORT, 'append-only: application_status'); END;
