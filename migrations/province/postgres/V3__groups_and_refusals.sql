-- Version 3. Keep in step with ../sqlite/V3__groups_and_refusals.sql.
-- Records that hang on a household (the household, its people, statuses, memberships) know it,
-- so a household joining a group brings them to the group's devices: a group's devices pull
-- the changes of records whose current group is theirs.
ALTER TABLE entities ADD COLUMN household_id UUID;
CREATE INDEX entities_household ON entities(household_id) WHERE household_id IS NOT NULL;

-- Refusals that have no change row of their own (a change id re-sent with another body, a
-- change whose parent has not arrived): the audit keeps them too. Append-only.
CREATE TABLE refusals (
    id          BIGSERIAL PRIMARY KEY,
    change_id   UUID NOT NULL,
    device_id   UUID NOT NULL,
    user_id     TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   UUID NOT NULL,
    body_hash   TEXT NOT NULL,
    code        TEXT NOT NULL,
    received_at TEXT NOT NULL
);

-- The programme tables the province published (few rows): every push page reads the one in
-- force to check applications and loans against it.
CREATE INDEX entities_programme_tables ON entities(version) WHERE entity = 'programme_table';
