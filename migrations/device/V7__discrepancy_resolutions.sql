-- vonxa device database, version 7: resolutions of discrepancy cases.
--
-- A handover or a session close whose counted cash differed from the system's figure is a
-- discrepancy case; it stays open until one resolution says how it was dealt with (made
-- good at a session, a counting error, or escalated to the bank). A resolution is a money
-- record: append-only and sealed into the device's hash chain (`journal`) like the others,
-- and there is at most one per case.
CREATE TABLE discrepancy_resolutions (
    id                 TEXT PRIMARY KEY,
    doc                TEXT NOT NULL CHECK (json_valid(doc)),
    point_id           TEXT GENERATED ALWAYS AS (json_extract(doc, '$.pointId')) STORED NOT NULL REFERENCES points(id),
    case_kind          TEXT GENERATED ALWAYS AS (json_extract(doc, '$.caseKind')) STORED NOT NULL
                       CHECK (case_kind IN ('handover', 'close')),
    case_id            TEXT GENERATED ALWAYS AS (json_extract(doc, '$.caseId')) STORED NOT NULL UNIQUE,
    outcome            TEXT GENERATED ALWAYS AS (json_extract(doc, '$.outcome')) STORED NOT NULL,
    settled_in_session TEXT GENERATED ALWAYS AS (json_extract(doc, '$.settledInSession')) STORED
                       REFERENCES cash_sessions(id)
);
CREATE TRIGGER discrepancy_resolutions_no_update BEFORE UPDATE ON discrepancy_resolutions
BEGIN SELECT RAISE(ABORT, 'append-only: discrepancy_resolutions'); END;
CREATE TRIGGER discrepancy_resolutions_no_delete BEFORE DELETE ON discrepancy_resolutions
BEGIN SELECT RAISE(ABORT, 'append-only: discrepancy_resolutions'); END;
