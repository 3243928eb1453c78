//! The ledger, money chains and alerts on PostgreSQL.

use super::super::*;
use crate::ingest::Prepared;
use crate::ingest::money::MoneyState;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::journal::ChainLink;

const COLS: &str = "entity_id, entity, device_id, point_code, group_id, session_id, period,
    recorded_on, balance_key, reverses, doc, resolves";

fn parse<T: std::str::FromStr>(s: &str, what: &str) -> DbResult<T> {
    s.parse().map_err(|_| DbError::Corrupt(what.to_owned()))
}

fn row(r: &tokio_postgres::Row) -> DbResult<LedgerRow> {
    Ok(LedgerRow {
        entity_id: parse(&r.try_get::<_, String>(0)?, "entity id")?,
        entity: r.try_get(1)?,
        device_id: parse(&r.try_get::<_, String>(2)?, "device id")?,
        point_code: r.try_get(3)?,
        group_id: r.try_get(4)?,
        session_id: r.try_get(5)?,
        period: r.try_get(6)?,
        on: r.try_get(7)?,
        balance_key: r.try_get(8)?,
        reverses: r.try_get(9)?,
        doc: r.try_get(10)?,
        resolves: r.try_get(11)?,
    })
}

/// The device's chain head and the ledger rows the page's money records need.
pub(super) async fn load(
    tx: &deadpool_postgres::Transaction<'_>,
    page: &Prepared,
) -> DbResult<MoneyState> {
    let mut st = MoneyState::default();
    if !page.items.iter().any(|i| i.change.entity.is_money()) {
        return Ok(st);
    }
    if let Some(r) = tx
        .query_opt(
            "SELECT seq, hash FROM money_chains WHERE device_id = $1",
            &[&page.device.id.to_string()],
        )
        .await?
    {
        let seq: i64 = r.try_get(0)?;
        st.heads.insert(
            page.device.id,
            ChainLink {
                seq: seq as u64,
                prev_hash: String::new(),
                hash: r.try_get(1)?,
            },
        );
    }
    let k = page.ledger_keys();
    let rows = tx
        .query(
            &format!(
                "SELECT {COLS} FROM ledger WHERE entity_id = ANY($1) OR reverses = ANY($1) OR resolves = ANY($1)
                   OR session_id = ANY($2) OR entity_id = ANY($2) OR balance_key = ANY($3)
                   OR (group_id || '|' || period) = ANY($4)"
            ),
            &[&k.ids, &k.sessions, &k.balances, &k.sheets],
        )
        .await?;
    for r in &rows {
        let l = row(r)?;
        let kind = EntityKind::parse(&l.entity).ok_or_else(|| DbError::Corrupt("ledger".into()))?;
        st.rows
            .insert(l.entity_id, (kind, serde_json::from_str(&l.doc)?));
    }
    if !k.groups.is_empty() {
        let groups: Vec<Uuid> = k.groups.iter().filter_map(|g| g.parse().ok()).collect();
        let rows = tx
            .query(
                "SELECT e.entity_id, e.entity, c.payload FROM entities e
                 JOIN changes c ON c.seq = e.version
                 WHERE NOT e.deleted AND (e.entity = 'group' AND e.entity_id = ANY($1)
                    OR e.entity = 'membership' AND e.group_id = ANY($1))",
                &[&groups],
            )
            .await?;
        for (id, kind, doc) in super::rows::entity_docs(&rows)? {
            st.note(kind, id, &doc, false);
        }
    }
    if !k.loans.is_empty() {
        let loans: Vec<Uuid> = k.loans.iter().filter_map(|l| l.parse().ok()).collect();
        let rows = tx
            .query(
                "SELECT e.entity_id, e.entity, c.payload FROM entities e
                 JOIN changes c ON c.seq = e.version
                 WHERE NOT e.deleted AND e.entity = 'loan' AND e.entity_id = ANY($1)",
                &[&loans],
            )
            .await?;
        for (id, kind, doc) in super::rows::entity_docs(&rows)? {
            st.note(kind, id, &doc, false);
        }
    }
    Ok(st)
}

pub(super) async fn write(tx: &deadpool_postgres::Transaction<'_>, plan: &Plan) -> DbResult<()> {
    for l in &plan.ledger {
        tx.execute(
            &format!(
                "INSERT INTO ledger ({COLS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"
            ),
            &[
                &l.entity_id.to_string(),
                &l.entity,
                &l.device_id.to_string(),
                &l.point_code,
                &l.group_id,
                &l.session_id,
                &l.period,
                &l.on,
                &l.balance_key,
                &l.reverses,
                &l.doc,
                &l.resolves,
            ],
        )
        .await?;
    }
    for (d, l) in &plan.chain_heads {
        tx.execute(
            "INSERT INTO money_chains (device_id, seq, hash) VALUES ($1, $2, $3)
             ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
            &[&d.to_string(), &(l.seq as i64), &l.hash],
        )
        .await?;
    }
    for a in &plan.alerts {
        tx.execute(
            "INSERT INTO alerts (device_id, kind, seq, entity_id, change_id, detected_at)
             VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (device_id, kind, seq) DO NOTHING",
            &[
                &a.device_id.to_string(),
                &a.kind,
                &a.seq,
                &a.entity_id.to_string(),
                &a.change_id.to_string(),
                &a.detected_at,
            ],
        )
        .await?;
    }
    Ok(())
}

pub(super) async fn alerts(c: &deadpool_postgres::Client) -> DbResult<Vec<Alert>> {
    let rows = c
        .query(
            "SELECT device_id, kind, seq, entity_id, change_id, detected_at FROM alerts ORDER BY id DESC",
            &[],
        )
        .await?;
    rows.iter()
        .map(|r| {
            Ok(Alert {
                device_id: parse(&r.try_get::<_, String>(0)?, "device id")?,
                kind: r.try_get(1)?,
                seq: r.try_get(2)?,
                entity_id: parse(&r.try_get::<_, String>(3)?, "entity id")?,
                change_id: parse(&r.try_get::<_, String>(4)?, "change id")?,
                detected_at: r.try_get(5)?,
            })
        })
        .collect()
}

pub(super) async fn ledger(
    c: &deadpool_postgres::Client,
    q: LedgerQuery,
) -> DbResult<Vec<LedgerRow>> {
    let rows = match q {
        LedgerQuery::Group { group_id, from, to } => {
            c.query(
                &format!("SELECT {COLS} FROM ledger WHERE group_id = $1 AND period BETWEEN $2 AND $3"),
                &[&group_id, &from, &to],
            )
            .await?
        }
        LedgerQuery::Point { code, from, to } => {
            c.query(
                &format!(
                    "SELECT {COLS} FROM ledger WHERE point_code = $1
                       AND (recorded_on BETWEEN $2 AND $3 OR entity = 'discrepancy_resolution'
                            OR session_id IN (SELECT entity_id FROM ledger WHERE entity = 'cash_session'
                                AND point_code = $1 AND recorded_on BETWEEN $2 AND $3))"
                ),
                &[&code, &from, &to],
            )
            .await?
        }
    };
    rows.iter().map(row).collect()
}
