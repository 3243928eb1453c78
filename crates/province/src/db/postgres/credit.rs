//! What a page's applications and status changes are decided against, on PostgreSQL.

use super::super::*;
use crate::ingest::Prepared;
use crate::ingest::credit::{CreditState, keys};
use vonxa_domain::entity::EntityKind;

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
    holders(tx, &mut st, EntityKind::Person, "idNumber", &k.id_numbers).await?;
    holders(
        tx,
        &mut st,
        EntityKind::Household,
        "customerCode",
        &k.customer_codes,
    )
    .await?;
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

/// The current records of `kind` whose `field` is one of `values` (the unique keys).
async fn holders(
    tx: &deadpool_postgres::Transaction<'_>,
    st: &mut CreditState,
    kind: EntityKind,
    field: &str,
    values: &[String],
) -> DbResult<()> {
    if values.is_empty() {
        return Ok(());
    }
    // The expression must be the index's (V10) for PostgreSQL to use it.
    let sql = format!(
        "SELECT e.entity_id, e.entity, c.payload FROM changes c
         JOIN entities e ON e.entity_id = c.entity_id AND e.version = c.seq
         WHERE c.entity = '{kind}' AND ((c.payload::jsonb) ->> '{field}') = ANY($1)
            AND NOT e.deleted"
    );
    let rows = tx.query(&sql, &[&values]).await?;
    for (id, kind, doc) in super::rows::entity_docs(&rows)? {
        st.note_key(kind, id, &doc, false);
    }
    Ok(())
}
