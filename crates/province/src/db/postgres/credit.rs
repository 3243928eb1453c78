//! What a page's applications and status changes are decided against, on PostgreSQL.

use super::super::*;
use crate::ingest::Prepared;
use crate::ingest::credit::{CreditState, keys};

/// The applications, representatives, meetings and groups the page names, every record of the
/// households its applications and status changes name (oldest first, so the latest status
/// change of each application is noted last), the memberships and decisions of its meetings'
/// groups, and the groups those memberships name.
pub(super) async fn load(
    tx: &deadpool_postgres::Transaction<'_>,
    page: &Prepared,
) -> DbResult<CreditState> {
    let mut st = CreditState::default();
    let Some(k) = keys(&page.items) else {
        return Ok(st);
    };
    holders(tx, &mut st, &k.unique).await?;
    if k.lean() {
        return Ok(st);
    }
    let rows = tx
        .query(
            "SELECT e.entity_id, e.entity, c.payload FROM entities e JOIN changes c ON c.seq = e.version
             WHERE NOT e.deleted AND (e.entity_id = ANY($1)
                OR e.household_id = ANY($2)
                OR e.entity IN ('membership', 'vetting_decision') AND e.group_id = ANY($3))
             ORDER BY e.version",
            &[&k.ids, &k.households, &k.groups],
        )
        .await?;
    for (id, kind, doc) in super::rows::entity_docs(&rows)? {
        st.note(kind, id, &doc, false);
    }
    let groups = st.missing_groups();
    if !groups.is_empty() {
        let rows = tx
            .query(
                "SELECT e.entity_id, e.entity, c.payload FROM entities e
                 JOIN changes c ON c.seq = e.version WHERE NOT e.deleted AND e.entity_id = ANY($1)",
                &[&groups],
            )
            .await?;
        for (id, kind, doc) in super::rows::entity_docs(&rows)? {
            st.note(kind, id, &doc, false);
        }
    }
    Ok(st)
}

/// The records holding the page's unique keys (V11's `entities.unique_key`).
async fn holders(
    tx: &deadpool_postgres::Transaction<'_>,
    st: &mut CreditState,
    keys: &[String],
) -> DbResult<()> {
    for (id, key) in key_holders(&**tx, keys).await? {
        st.note_holder(id, key);
    }
    Ok(())
}

/// The records holding unique keys ("kh:<customer code>", "cccd:<number>"): (id, key).
pub(crate) async fn key_holders<C: tokio_postgres::GenericClient + Sync>(
    c: &C,
    keys: &[String],
) -> DbResult<Vec<(Uuid, String)>> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let rows = c
        .query(
            "SELECT entity_id, unique_key FROM entities
             WHERE unique_key = ANY($1) AND NOT deleted",
            &[&keys],
        )
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}
