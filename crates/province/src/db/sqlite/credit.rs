//! What a page's applications and status changes are decided against, on SQLite.

use super::super::*;
use super::placeholders;
use super::rows::entity_docs;
use crate::ingest::Prepared;
use crate::ingest::credit::{CreditState, keys};
use rusqlite::{Connection, params_from_iter};

/// The applications, representatives, meetings and groups the page names, every record of the
/// households its applications and status changes name (oldest first, so the latest status
/// change of each application is noted last), the memberships and decisions of its meetings'
/// groups, and the groups those memberships name.
pub(super) fn load(conn: &Connection, page: &Prepared) -> DbResult<CreditState> {
    let mut st = CreditState::default();
    let Some(k) = keys(&page.items) else {
        return Ok(st);
    };
    holders(conn, &mut st, &k.unique)?;
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

/// The records holding the page's unique keys (V11's `entities.unique_key`).
fn holders(conn: &Connection, st: &mut CreditState, keys: &[String]) -> DbResult<()> {
    for (id, key) in key_holders(conn, keys)? {
        st.note_holder(id, key);
    }
    Ok(())
}

/// The records holding unique keys ("kh:<customer code>", "cccd:<number>"): (id, key).
pub(crate) fn key_holders(conn: &Connection, keys: &[String]) -> DbResult<Vec<(Uuid, String)>> {
    let mut out = Vec::new();
    for chunk in keys.chunks(500) {
        let sql = format!(
            "SELECT entity_id, unique_key FROM entities
             WHERE unique_key IN ({}) AND deleted = 0",
            placeholders(chunk.len())
        );
        let mut stmt = conn.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(chunk.iter()))?;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            let id = id
                .parse()
                .map_err(|_| DbError::Corrupt(format!("entity id {id}")))?;
            out.push((id, r.get(1)?));
        }
    }
    Ok(out)
}
