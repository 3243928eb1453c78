//! The ledger, money chains and alerts on SQLite.

use super::super::*;
use super::{parse, placeholders};
use crate::ingest::Prepared;
use crate::ingest::money::MoneyState;
use rusqlite::{Connection, OptionalExtension, params, params_from_iter};
use vonxa_domain::entity::EntityKind;
use vonxa_domain::journal::ChainLink;

const COLS: &str = "entity_id, entity, device_id, point_code, group_id, session_id, period,
    recorded_on, balance_key, reverses, doc, resolves";

fn row(r: &rusqlite::Row<'_>) -> DbResult<LedgerRow> {
    Ok(LedgerRow {
        entity_id: parse(&r.get::<_, String>(0)?, "entity id")?,
        entity: r.get(1)?,
        device_id: parse(&r.get::<_, String>(2)?, "device id")?,
        point_code: r.get(3)?,
        group_id: r.get(4)?,
        session_id: r.get(5)?,
        period: r.get(6)?,
        on: r.get(7)?,
        balance_key: r.get(8)?,
        reverses: r.get(9)?,
        doc: r.get(10)?,
        resolves: r.get(11)?,
    })
}

/// The device's chain head and the ledger rows the page's money records need.
pub(super) fn load(conn: &Connection, page: &Prepared) -> DbResult<MoneyState> {
    let mut st = MoneyState::default();
    if !page.items.iter().any(|i| i.change.entity.is_money()) {
        return Ok(st);
    }
    let head = conn
        .prepare_cached("SELECT seq, hash FROM money_chains WHERE device_id = ?1")?
        .query_row([page.device.id.to_string()], |r| {
            Ok(ChainLink {
                seq: r.get::<_, i64>(0)? as u64,
                prev_hash: String::new(),
                hash: r.get(1)?,
            })
        })
        .optional()?;
    if let Some(h) = head {
        st.heads.insert(page.device.id, h);
    }
    let k = page.ledger_keys();
    let mut args: Vec<String> = Vec::new();
    let clause = |col: &str, vals: &[String], args: &mut Vec<String>| {
        args.extend(vals.iter().cloned());
        format!("{col} IN ({})", placeholders(vals.len()))
    };
    let sql = format!(
        "SELECT {COLS} FROM ledger WHERE {} OR {} OR {} OR {} OR {} OR {} OR {}",
        clause("entity_id", &k.ids, &mut args),
        clause("reverses", &k.ids, &mut args),
        clause("resolves", &k.ids, &mut args),
        clause("session_id", &k.sessions, &mut args),
        clause("entity_id", &k.sessions, &mut args),
        clause("balance_key", &k.balances, &mut args),
        clause("(group_id || '|' || period)", &k.sheets, &mut args),
    );
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    while let Some(r) = rows.next()? {
        let l = row(r)?;
        let kind = EntityKind::parse(&l.entity).ok_or_else(|| DbError::Corrupt("ledger".into()))?;
        st.rows
            .insert(l.entity_id, (kind, serde_json::from_str(&l.doc)?));
    }
    if !k.groups.is_empty() {
        let ph = placeholders(k.groups.len());
        let sql = format!(
            "SELECT e.entity_id, e.entity, c.payload FROM entities e
             JOIN changes c ON c.seq = e.version
             WHERE e.deleted = 0 AND (e.entity = 'group' AND e.entity_id IN ({ph})
                OR e.entity = 'membership' AND e.group_id IN ({ph}))"
        );
        let args = params_from_iter(k.groups.iter().chain(k.groups.iter()));
        for (id, kind, doc) in super::rows::entity_docs(conn, &sql, args)? {
            st.note(kind, id, &doc, false);
        }
    }
    if !k.loans.is_empty() {
        let sql = format!(
            "SELECT e.entity_id, e.entity, c.payload FROM entities e
             JOIN changes c ON c.seq = e.version
             WHERE e.deleted = 0 AND e.entity = 'loan' AND e.entity_id IN ({})",
            placeholders(k.loans.len())
        );
        let args = params_from_iter(k.loans.iter());
        for (id, kind, doc) in super::rows::entity_docs(conn, &sql, args)? {
            st.note(kind, id, &doc, false);
        }
    }
    Ok(st)
}

pub(super) fn write(tx: &rusqlite::Transaction<'_>, plan: &Plan) -> DbResult<()> {
    let mut ins = tx.prepare_cached(&format!(
        "INSERT INTO ledger ({COLS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)"
    ))?;
    for l in &plan.ledger {
        ins.execute(params![
            l.entity_id.to_string(),
            l.entity,
            l.device_id.to_string(),
            l.point_code,
            l.group_id,
            l.session_id,
            l.period,
            l.on,
            l.balance_key,
            l.reverses,
            l.doc,
            l.resolves,
        ])?;
    }
    let mut head = tx.prepare_cached(
        "INSERT INTO money_chains (device_id, seq, hash) VALUES (?1, ?2, ?3)
         ON CONFLICT (device_id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
    )?;
    for (d, l) in &plan.chain_heads {
        head.execute(params![d.to_string(), l.seq as i64, l.hash])?;
    }
    let mut alert = tx.prepare_cached(
        "INSERT INTO alerts (device_id, kind, seq, entity_id, change_id, detected_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT (device_id, kind, seq) DO NOTHING",
    )?;
    for a in &plan.alerts {
        alert.execute(params![
            a.device_id.to_string(),
            a.kind,
            a.seq,
            a.entity_id.to_string(),
            a.change_id.to_string(),
            a.detected_at
        ])?;
    }
    Ok(())
}

pub(super) fn alerts(conn: &Connection) -> DbResult<Vec<Alert>> {
    let mut stmt = conn.prepare(
        "SELECT device_id, kind, seq, entity_id, change_id, detected_at FROM alerts ORDER BY id DESC",
    )?;
    let mut rows = stmt.query([])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(Alert {
            device_id: parse(&r.get::<_, String>(0)?, "device id")?,
            kind: r.get(1)?,
            seq: r.get(2)?,
            entity_id: parse(&r.get::<_, String>(3)?, "entity id")?,
            change_id: parse(&r.get::<_, String>(4)?, "change id")?,
            detected_at: r.get(5)?,
        });
    }
    Ok(out)
}

pub(super) fn ledger(conn: &Connection, q: LedgerQuery) -> DbResult<Vec<LedgerRow>> {
    let (sql, args) = match q {
        LedgerQuery::Group { group_id, from, to } => (
            format!(
                "SELECT {COLS} FROM ledger WHERE group_id = ?1 AND period BETWEEN ?2 AND ?3 ORDER BY rowid"
            ),
            vec![group_id, from, to],
        ),
        LedgerQuery::Point { code, from, to } => (
            format!(
                "SELECT {COLS} FROM ledger WHERE point_code = ?1
                   AND (recorded_on BETWEEN ?2 AND ?3 OR recorded_on IS NULL AND session_id IS NULL
                        OR entity = 'discrepancy_resolution'
                        OR session_id IN (SELECT entity_id FROM ledger WHERE entity = 'cash_session'
                            AND point_code = ?1 AND recorded_on BETWEEN ?2 AND ?3))
                 ORDER BY rowid"
            ),
            vec![code, from, to],
        ),
    };
    let mut stmt = conn.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(args.iter()))?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(row(r)?);
    }
    Ok(out)
}
