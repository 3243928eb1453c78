//! Read queries shared by the write checks and the screens.

use crate::error::StoreResult;
use chrono::NaiveDate;
use rusqlite::Connection;
use vonxa_domain::reference::Membership;
use vonxa_domain::{GroupId, HouseholdId};

/// Does a row with this id exist in `table`? (`table` is always one of ours, never user input.)
pub fn exists(conn: &Connection, table: &str, id: &str) -> StoreResult<bool> {
    let n: i64 = conn.query_row(
        &format!("SELECT count(*) FROM {table} WHERE id = ?1"),
        [id],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Is `value` already used in `column` by a row other than `own_id`?
pub fn other_with(
    conn: &Connection,
    table: &str,
    column: &str,
    value: &str,
    own_id: &str,
) -> StoreResult<bool> {
    let n: i64 = conn
        .prepare_cached(&format!(
            "SELECT count(*) FROM {table} WHERE {column} = ?1 AND id <> ?2"
        ))?
        .query_row([value, own_id], |r| r.get(0))?;
    Ok(n > 0)
}

/// Read the JSON documents a query returns, in order.
pub fn docs<T: serde::de::DeserializeOwned, P: rusqlite::Params>(
    conn: &Connection,
    sql: &str,
    params: P,
) -> StoreResult<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map(params, |r| r.get::<_, String>(0))?;
    let mut out = Vec::new();
    for doc in rows {
        out.push(serde_json::from_str(&doc?)?);
    }
    Ok(out)
}

pub fn memberships_of_household(
    conn: &Connection,
    household: HouseholdId,
) -> StoreResult<Vec<Membership>> {
    docs(
        conn,
        "SELECT doc FROM memberships WHERE household_id = ?1 ORDER BY joined_on",
        [household.to_string()],
    )
}

/// Every membership of a group, past and present.
pub fn memberships_of_group(conn: &Connection, group: GroupId) -> StoreResult<Vec<Membership>> {
    docs(
        conn,
        "SELECT doc FROM memberships WHERE group_id = ?1",
        [group.to_string()],
    )
}

/// The member households of a group on a day (`Membership::is_active_on`, the one rule).
pub fn active_members(
    conn: &Connection,
    group: GroupId,
    on: NaiveDate,
) -> StoreResult<std::collections::HashSet<HouseholdId>> {
    Ok(memberships_of_group(conn, group)?
        .into_iter()
        .filter(|m| m.is_active_on(on))
        .map(|m| m.household_id)
        .collect())
}

pub fn active_member_count(conn: &Connection, group: GroupId, on: NaiveDate) -> StoreResult<u32> {
    Ok(u32::try_from(active_members(conn, group, on)?.len()).unwrap_or(u32::MAX))
}

/// The household's loans, newest disbursement first.
pub fn loans_of_household(
    conn: &Connection,
    household: HouseholdId,
) -> StoreResult<Vec<vonxa_domain::credit::loan::Loan>> {
    docs(
        conn,
        "SELECT doc FROM loans WHERE household_id = ?1 ORDER BY disbursed_on DESC, id",
        [household.to_string()],
    )
}

/// The person of a member household of `group` on `day` whose name is `name` (a chair or a
/// checker picked or typed by name), when exactly one matches; `None` for someone from
/// outside the group (an officer) or a name two members share.
pub fn member_person_named(
    conn: &Connection,
    group: GroupId,
    day: NaiveDate,
    name: &str,
) -> StoreResult<Option<vonxa_domain::PersonId>> {
    use vonxa_domain::reference::Person;
    let folded = vonxa_domain::text::fold(name);
    let mut found = Vec::new();
    for h in active_members(conn, group, day)? {
        let persons: Vec<Person> = docs(
            conn,
            "SELECT doc FROM persons WHERE household_id = ?1",
            [h.to_string()],
        )?;
        found.extend(
            persons
                .into_iter()
                .filter(|p| vonxa_domain::text::fold(&p.full_name) == folded)
                .map(|p| p.id),
        );
    }
    Ok(match found.as_slice() {
        [one] => Some(*one),
        _ => None,
    })
}

/// The name of a household's head, if the household has one on record.
pub fn head_name(conn: &Connection, household: HouseholdId) -> StoreResult<Option<String>> {
    use vonxa_domain::reference::Person;
    let head: Option<Person> = docs(
        conn,
        "SELECT p.doc FROM households h JOIN persons p
           ON p.id = json_extract(h.doc, '$.headPersonId') WHERE h.id = ?1",
        [household.to_string()],
    )?
    .into_iter()
    .next();
    Ok(head.map(|p| p.full_name))
}

/// The programme table in force: the highest version pulled, else the built-in one.
pub fn programme_table(
    conn: &Connection,
) -> StoreResult<vonxa_domain::credit::table::ProgrammeTable> {
    let latest: Vec<vonxa_domain::credit::table::ProgrammeTable> = docs(
        conn,
        "SELECT doc FROM programme_tables ORDER BY version DESC LIMIT 1",
        [],
    )?;
    Ok(latest
        .into_iter()
        .next()
        .unwrap_or_else(vonxa_domain::credit::table::ProgrammeTable::builtin))
}

/// Where a point's loans are, for the reliefs that name provinces or communes: its office's
/// province and the communes it serves.
pub fn place_of(
    conn: &Connection,
    point: vonxa_domain::PointId,
) -> StoreResult<vonxa_domain::credit::relief::Place> {
    use rusqlite::OptionalExtension;
    let province: Option<String> = conn
        .prepare_cached(
            "SELECT o.province_code FROM points p JOIN offices o ON o.id = p.office_id
             WHERE p.id = ?1",
        )?
        .query_row([point.to_string()], |r| r.get(0))
        .optional()?
        .flatten();
    let communes = conn
        .prepare_cached("SELECT commune_code FROM point_communes WHERE point_id = ?1")?
        .query_map([point.to_string()], |r| r.get::<_, String>(0))?
        .collect::<Result<Vec<_>, _>>()?;
    Ok(vonxa_domain::credit::relief::Place {
        province: province.unwrap_or_default(),
        communes,
    })
}
