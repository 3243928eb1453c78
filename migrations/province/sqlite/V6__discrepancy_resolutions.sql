-- Version 6: resolutions of discrepancy cases. Keep in step with ../postgres/V6__discrepancy_resolutions.sql.
-- A resolution is a money record and goes to the ledger like the others; `resolves` is the
-- handover or close it resolves. One resolution per case: the ingest refuses a second one
-- (another device's, field caseId, already_resolved) and this index holds even so.
ALTER TABLE ledger ADD COLUMN resolves TEXT;
CREATE UNIQUE INDEX ledger_resolves ON ledger(resolves) WHERE resolves IS NOT NULL;
