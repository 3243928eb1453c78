-- vonxa device database, version 1.
-- Synced entity tables keep the whole record as JSON in `doc` (the exact payload the change log
-- carries) and expose the columns queries need as stored generated columns, so the one generic
-- write path cannot put a row and its columns out of step.

CREATE TABLE device (
    id          TEXT PRIMARY KEY,
    prefix      TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL
);

CREATE TABLE users (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    username     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.username')) STORED UNIQUE,
    display_name TEXT GENERATED ALWAYS AS (json_extract(doc, '$.displayName')) STORED,
    role         TEXT GENERATED ALWAYS AS (json_extract(doc, '$.role')) STORED,
    active       INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.active')) STORED
);

-- Versioned settings: a new value is a new version, old versions stay.
CREATE TABLE settings (
    key        TEXT NOT NULL,
    version    INTEGER NOT NULL,
    value      TEXT NOT NULL CHECK (json_valid(value)),
    set_by     TEXT NOT NULL,
    set_at     TEXT NOT NULL,
    PRIMARY KEY (key, version)
);

CREATE TABLE admin_units (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    unit_type   TEXT NOT NULL,
    parent_code TEXT REFERENCES admin_units(code)
);

CREATE TABLE offices (
    id            TEXT PRIMARY KEY,
    doc           TEXT NOT NULL CHECK (json_valid(doc)),
    name          TEXT GENERATED ALWAYS AS (json_extract(doc, '$.name')) STORED,
    province_code TEXT GENERATED ALWAYS AS (json_extract(doc, '$.provinceCode')) STORED
);

CREATE TABLE points (
    id          TEXT PRIMARY KEY,
    doc         TEXT NOT NULL CHECK (json_valid(doc)),
    code        TEXT GENERATED ALWAYS AS (json_extract(doc, '$.code')) STORED UNIQUE,
    name        TEXT GENERATED ALWAYS AS (json_extract(doc, '$.name')) STORED,
    office_id   TEXT GENERATED ALWAYS AS (json_extract(doc, '$.officeId')) STORED REFERENCES offices(id),
    session_day INTEGER GENERATED ALWAYS AS (json_extract(doc, '$.sessionDay')) STORED
);

CREATE TABLE point_communes (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    point_id     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.pointId')) STORED REFERENCES points(id),
    commune_code TEXT GENERATED ALWAYS AS (json_extract(doc, '$.communeCode')) STORED REFERENCES admin_units(code),
    valid_from   TEXT GENERATED ALWAYS AS (json_extract(doc, '$.validFrom')) STORED,
    valid_to     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.validTo')) STORED
);

CREATE TABLE villages (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    name         TEXT GENERATED ALWAYS AS (json_extract(doc, '$.name')) STORED,
    commune_code TEXT GENERATED ALWAYS AS (json_extract(doc, '$.communeCode')) STORED REFERENCES admin_units(code),
    point_id     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.pointId')) STORED REFERENCES points(id)
);

CREATE TABLE organisations (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    kind         TEXT GENERATED ALWAYS AS (json_extract(doc, '$.kind')) STORED,
    name         TEXT GENERATED ALWAYS AS (json_extract(doc, '$.name')) STORED,
    commune_code TEXT GENERATED ALWAYS AS (json_extract(doc, '$.communeCode')) STORED REFERENCES admin_units(code)
);

CREATE TABLE groups (
    id              TEXT PRIMARY KEY,
    doc             TEXT NOT NULL CHECK (json_valid(doc)),
    code            TEXT GENERATED ALWAYS AS (json_extract(doc, '$.code')) STORED,
    name            TEXT GENERATED ALWAYS AS (json_extract(doc, '$.name')) STORED,
    organisation_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.organisationId')) STORED REFERENCES organisations(id),
    village_id      TEXT GENERATED ALWAYS AS (json_extract(doc, '$.villageId')) STORED REFERENCES villages(id),
    point_id        TEXT GENERATED ALWAYS AS (json_extract(doc, '$.pointId')) STORED REFERENCES points(id),
    status          TEXT GENERATED ALWAYS AS (json_extract(doc, '$.status')) STORED
);
CREATE INDEX groups_point ON groups(point_id);

CREATE TABLE households (
    id             TEXT PRIMARY KEY,
    doc            TEXT NOT NULL CHECK (json_valid(doc)),
    customer_code  TEXT GENERATED ALWAYS AS (json_extract(doc, '$.customerCode')) STORED UNIQUE,
    village_id     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.villageId')) STORED REFERENCES villages(id),
    point_id       TEXT GENERATED ALWAYS AS (json_extract(doc, '$.pointId')) STORED REFERENCES points(id),
    head_person_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.headPersonId')) STORED
);

CREATE TABLE persons (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    household_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.householdId')) STORED REFERENCES households(id),
    full_name    TEXT GENERATED ALWAYS AS (json_extract(doc, '$.fullName')) STORED,
    id_number    TEXT GENERATED ALWAYS AS (json_extract(doc, '$.idNumber')) STORED UNIQUE
);
CREATE INDEX persons_household ON persons(household_id);

CREATE TABLE group_roles (
    id        TEXT PRIMARY KEY,
    doc       TEXT NOT NULL CHECK (json_valid(doc)),
    group_id  TEXT GENERATED ALWAYS AS (json_extract(doc, '$.groupId')) STORED REFERENCES groups(id),
    person_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.personId')) STORED REFERENCES persons(id)
);
CREATE INDEX group_roles_group ON group_roles(group_id);

CREATE TABLE poverty_status (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    household_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.householdId')) STORED REFERENCES households(id),
    category     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.category')) STORED,
    valid_from   TEXT GENERATED ALWAYS AS (json_extract(doc, '$.validFrom')) STORED
);
CREATE INDEX poverty_status_household ON poverty_status(household_id, valid_from);

CREATE TABLE memberships (
    id           TEXT PRIMARY KEY,
    doc          TEXT NOT NULL CHECK (json_valid(doc)),
    household_id TEXT GENERATED ALWAYS AS (json_extract(doc, '$.householdId')) STORED REFERENCES households(id),
    group_id     TEXT GENERATED ALWAYS AS (json_extract(doc, '$.groupId')) STORED REFERENCES groups(id),
    joined_on    TEXT GENERATED ALWAYS AS (json_extract(doc, '$.joinedOn')) STORED,
    left_on      TEXT GENERATED ALWAYS AS (json_extract(doc, '$.leftOn')) STORED
);
CREATE INDEX memberships_household ON memberships(household_id);
CREATE INDEX memberships_group ON memberships(group_id);

-- Derived search keys (folded names, ID numbers, customer code); rebuilt by the store on every
-- write of a household or person, never synced.
CREATE TABLE household_search (
    household_id TEXT PRIMARY KEY REFERENCES households(id),
    folded       TEXT NOT NULL,
    sort_key     TEXT NOT NULL
);
-- Covering index: search walks it in display order and stops at the page size.
CREATE INDEX household_search_sort ON household_search(sort_key, household_id, folded);

-- Append-only: history and (later) money and decisions. Corrections are new rows.
CREATE TRIGGER poverty_status_no_update BEFORE UPDATE ON poverty_status
BEGIN SELECT RAISE(ABORT, 'append-only: poverty_status'); END;
CREATE TRIGGER poverty_status_no_delete BEFORE DELETE ON poverty_status
BEGIN SELECT RAISE(ABORT, 'append-only: poverty_status'); END;

-- The server version each record was last seen at (0: never synced). Edits carry it as their base.
CREATE TABLE row_versions (
    entity         TEXT NOT NULL,
    entity_id      TEXT NOT NULL,
    server_version INTEGER NOT NULL,
    PRIMARY KEY (entity, entity_id)
);

-- The change log (outbox). `seq` is the per-device monotonic sequence; AUTOINCREMENT keeps it
-- from ever being reused. The content of an entry never changes; only its sync state does.
CREATE TABLE change_log (
    seq           INTEGER PRIMARY KEY AUTOINCREMENT,
    change_id     TEXT NOT NULL UNIQUE,
    device_id     TEXT NOT NULL,
    entity        TEXT NOT NULL,
    entity_id     TEXT NOT NULL,
    op            TEXT NOT NULL CHECK (op IN ('insert', 'update', 'delete')),
    payload       TEXT NOT NULL CHECK (json_valid(payload)),
    user_id       TEXT NOT NULL,
    device_time   TEXT NOT NULL,
    base_version  INTEGER NOT NULL,
    origin        TEXT NOT NULL CHECK (origin IN ('local', 'import')),
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'rejected', 'conflict')),
    server_seq    INTEGER,
    reject_code   TEXT,
    reject_detail TEXT
);
CREATE INDEX change_log_state ON change_log(state, seq);
CREATE INDEX change_log_entity ON change_log(entity, entity_id);

CREATE TRIGGER change_log_content_immutable
BEFORE UPDATE OF seq, change_id, device_id, entity, entity_id, op, payload, user_id, device_time, base_version, origin
ON change_log
BEGIN SELECT RAISE(ABORT, 'append-only: change_log'); END;
CREATE TRIGGER change_log_no_delete BEFORE DELETE ON change_log
BEGIN SELECT RAISE(ABORT, 'append-only: change_log'); END;
