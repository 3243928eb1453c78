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

-- Group meetings (10/TD) with their attendance, and each decision taken at one (append-only;
-- the decision moves its application's status in the same transaction).
CREATE TABLE meetings (
    id       TEXT PRIMARY KEY,
    doc      TEXT NOT NULL CHECK (json_valid(doc)),
    group_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.groupId')) STORED NOT NULL REFERENCES groups(id),
    held_on  TEXT GENERATED ALWAYS AS (json_extract(doc, '$.heldOn')) STORED NOT NULL
);
CREATE INDEX meetings_group ON meetings(group_id, held_on);

CREATE TABLE vetting_decisions (
    id             TEXT PRIMARY KEY,
    doc            TEXT NOT NULL CHECK (json_valid(doc)),
    meeting_id     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.meetingId')) STORED NOT NULL REFERENCES meetings(id),
    application_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.applicationId')) STORED NOT NULL
);
CREATE INDEX vetting_decisions_meeting ON vetting_decisions(meeting_id);
CREATE INDEX vetting_decisions_application ON vetting_decisions(application_id);
CREATE TRIGGER vetting_decisions_no_update BEFORE UPDATE ON vetting_decisions
BEGIN SELECT RAISE(ABORT, 'append-only: vetting_decisions'); END;
CREATE TRIGGER vetting_decisions_no_delete BEFORE DELETE ON vetting_decisions
BEGIN SELECT RAISE(ABORT, 'append-only: vetting_decisions'); END;

-- Programme tables the province published (programmes, ceilings, purposes, rate history),
-- one row per version, append-only; the highest version is in force, the built-in table
-- until one arrives.
CREATE TABLE programme_tables (
    id      TEXT PRIMARY KEY,
    doc     TEXT NOT NULL CHECK (json_valid(doc)),
    version INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.version')) STORED NOT NULL UNIQUE
);
CREATE TRIGGER programme_tables_no_update BEFORE UPDATE ON programme_tables
BEGIN SELECT RAISE(ABORT, 'append-only: programme_tables'); END;
CREATE TRIGGER programme_tables_no_delete BEFORE DELETE ON programme_tables
BEGIN SELECT RAISE(ABORT, 'append-only: programme_tables'); END;
