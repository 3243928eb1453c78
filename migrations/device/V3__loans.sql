-- vonxa device database, version 3: disbursed loans, the bank's records mirrored from the
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
