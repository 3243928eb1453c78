//! What a page's applications and status changes are decided against, on PostgreSQL.

use super::super::*;
use crate::ingest::Prepared;
use crate::ingest::credit::{CreditState, keys};
use vonxa_domain::entity::EntityKind;

/// The applications, representatives and households the page names, and the status changes
/// of those households, oldest first (so the latest of each application is noted last).
pub(super) async fn load(
    tx: &deadpool_postgres::Transaction<'_>,
    page: &Prepared,
) -> DbResult<CreditState> {
    let mut st = CreditState::default();
    let Some(k) = keys(&page.items) else {
        return Ok(st);
    };
    let rows = tx
        .query(
            "SELECT e.entity_id, e.entity, c.payload FROM entities e JOIN changes c ON c.seq = e.version
             WHERE NOT e.deleted AND (e.entity_id = ANY($1)
                OR e.entity = 'application_status' AND e.household_id = ANY($2)
                OR e.entity IN ('membership', 'vetting_decision') AND e.group_id = ANY($3))
             ORDER BY e.version",
            &[&k.ids, &k.households, &k.groups],
        )
        .await?;
    for r in &rows {
        let kind = EntityKind::parse(&r.try_get::<_, String>(1)?)
            .ok_or_else(|| DbError::Corrupt("entities".into()))?;
        let doc: serde_json::Value = serde_json::from_str(&r.try_get::<_, String>(2)?)?;
        st.note(kind, r.try_get(0)?, &doc, false);
    }
    Ok(st)
}
