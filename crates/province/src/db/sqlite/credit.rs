//! What a page's applications and status changes are decided against, on SQLite.

use super::super::*;
use super::placeholders;
use super::rows::entity_docs;
use crate::ingest::Prepared;
use crate::ingest::credit::{CreditState, keys};
use rusqlite::{Connection, params_from_iter};
use vonxa_domain::entity::EntityKind;

/// The applications, representatives, meetings and groups the page names, every record of the
/// households its applications and status changes name (oldest first, so the latest status
/// change of each application is noted last), the memberships and decisions of its meetings'
/// groups, and the groups those memberships name.
pub(super) fn load(conn: &Connection, page: &Prepared) -> DbResult<CreditState> {
    let mut st = CreditState::default();
    let Some(k) = keys(&page.items) else {
        return Ok(st);
    };
    holders(conn, &mut st, EntityKind::Person, "idNumber", &k.id_numbers)?;
    holders(
        conn,
        &mut st,
        EntityKind::Household,
        "customerCode",
        &k.customer_codes,
    )?;
    if k.lean() {
        return Ok(st);
    }
    let ids: Vec<String> = k.ids.iter().map(Uuid::to_string).collect();
    let households: Vec<String> = k.households.iter().map(Uuid::to_string).collect();
    let groups: Vec<String> = k.groups.iter().map(Uuid::to_string).collect();
    let sql = format!(
        "SELECT e.entity_id, e.entity, c.payload FROM entities e JOIN changes c ON c.seq = e.version
         WHERE e.deleted = 0 AND (e.entity_id IN ({})
            OR e.household_id IN ({})
            OR e.entity IN ('membership', 'vetting_decision') AND e.group_id IN ({}))
         ORDER BY e.version",
        placeholders(ids.len().max(1)),
        placeholders(households.len().max(1)),
        placeholders(groups.len().max(1)),
    );
    let mut args = Vec::new();
    for list in [ids, households, groups] {
        args.extend(list.iter().cloned());
        if list.is_empty() {
            args.push(String::new());
        }
    }
    for (id, kind, doc) in entity_docs(conn, &sql, params_from_iter(args.iter()))? {
        st.note(kind, id, &doc, false);
    }
    let groups = st.missing_groups();
    if !groups.is_empty() {
        let sql = format!(
            "SELECT e.entity_id, e.entity, c.payload FROM entities e
             JOIN changes c ON c.seq = e.version WHERE e.deleted = 0 AND e.entity_id IN ({})",
            placeholders(groups.len())
        );
        let args = params_from_iter(groups.iter().map(Uuid::to_string));
        for (id, kind, doc) in entity_docs(conn, &sql, args)? {
            st.note(kind, id, &doc, false);
        }
    }
    Ok(st)
}

/// The current records of `kind` whose `field` is one of `values` (the unique keys).
fn holders(
    conn: &Connection,
    st: &mut CreditState,
    kind: EntityKind,
    field: &str,
    values: &[String],
) -> DbResult<()> {
    if values.is_empty() {
        return Ok(());
    }
    // The expression must be the index's (V10) for SQLite to use it.
    let sql = format!(
        "SELECT e.entity_id, e.entity, c.payload FROM changes c
         JOIN entities e ON e.entity_id = c.entity_id AND e.version = c.seq
         WHERE c.entity = '{kind}' AND json_extract(c.payload, '$.{field}') IN ({})
            AND e.deleted = 0",
        placeholders(values.len())
    );
    for (id, kind, doc) in entity_docs(conn, &sql, params_from_iter(values.iter()))? {
        st.note_key(kind, id, &doc, false);
    }
    Ok(())
}
