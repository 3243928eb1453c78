//! What a page's applications and status changes are decided against, on SQLite.

use super::super::*;
use super::{parse, placeholders};
use crate::ingest::Prepared;
use crate::ingest::credit::{CreditState, keys};
use rusqlite::{Connection, params_from_iter};
use vonxa_domain::entity::EntityKind;

/// The applications, representatives and households the page names, and the status changes
/// of those households, oldest first (so the latest of each application is noted last).
pub(super) fn load(conn: &Connection, page: &Prepared) -> DbResult<CreditState> {
    let mut st = CreditState::default();
    let Some(k) = keys(&page.items) else {
        return Ok(st);
    };
    let ids: Vec<String> = k.ids.iter().map(Uuid::to_string).collect();
    let households: Vec<String> = k.households.iter().map(Uuid::to_string).collect();
    let groups: Vec<String> = k.groups.iter().map(Uuid::to_string).collect();
    let sql = format!(
        "SELECT e.entity_id, e.entity, c.payload FROM entities e JOIN changes c ON c.seq = e.version
         WHERE e.deleted = 0 AND (e.entity_id IN ({})
            OR e.entity = 'application_status' AND e.household_id IN ({})
            OR e.entity IN ('membership', 'vetting_decision') AND e.group_id IN ({}))
         ORDER BY e.version",
        placeholders(ids.len()),
        placeholders(households.len().max(1)),
        placeholders(groups.len().max(1)),
    );
    let mut args = ids;
    for list in [households, groups] {
        args.extend(list.iter().cloned());
        if list.is_empty() {
            args.push(String::new());
        }
    }
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    while let Some(r) = rows.next()? {
        let id: Uuid = parse(&r.get::<_, String>(0)?, "entity id")?;
        let kind = EntityKind::parse(&r.get::<_, String>(1)?)
            .ok_or_else(|| DbError::Corrupt("entities".into()))?;
        let doc: serde_json::Value = serde_json::from_str(&r.get::<_, String>(2)?)?;
        st.note(kind, id, &doc, false);
    }
    Ok(st)
}
