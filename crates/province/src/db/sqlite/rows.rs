//! Reading rows of the province's SQLite database into its records.

use super::super::{DbError, DbResult, DeviceRecord, PulledChange};
use std::str::FromStr;

pub(super) fn corrupt(what: &str) -> DbError {
    DbError::Corrupt(what.to_owned())
}

pub(super) fn parse<T: FromStr>(s: &str, what: &str) -> DbResult<T> {
    s.parse().map_err(|_| corrupt(what))
}

/// A group's devices see the changes made while a record was in the group and every change of
/// a record that is in it now (a household that joins brings its history).
pub(super) const GROUP_FILTER: &str =
    "(group_id = ? OR entity_id IN (SELECT entity_id FROM entities WHERE group_id = ?))";

/// A change row (seq, change_id, device_id, entity, entity_id, op, payload) as pulled.
pub(super) fn pulled_row(r: &rusqlite::Row<'_>) -> DbResult<PulledChange> {
    let entity: String = r.get(3)?;
    let op: String = r.get(5)?;
    let payload: String = r.get(6)?;
    Ok(PulledChange {
        server_seq: r.get(0)?,
        change_id: parse(&r.get::<_, String>(1)?, "change id")?,
        device_id: parse(&r.get::<_, String>(2)?, "device id")?,
        entity: vonxa_domain::entity::EntityKind::parse(&entity)
            .ok_or_else(|| corrupt("entity"))?,
        entity_id: parse(&r.get::<_, String>(4)?, "entity id")?,
        op: vonxa_domain::entity::Op::parse(&op).ok_or_else(|| corrupt("op"))?,
        payload: serde_json::from_str(&payload)?,
    })
}

pub(super) const DEVICE_COLS: &str =
    "id, label, scope, role, enrolled_at, revoked_at, last_seen, last_sync";

pub(super) fn device_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<[Option<String>; 8]> {
    let mut out: [Option<String>; 8] = Default::default();
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = r.get(i)?;
    }
    Ok(out)
}

pub(super) fn device_from(cols: [Option<String>; 8]) -> DbResult<DeviceRecord> {
    let [id, label, scope, role, enrolled, revoked, seen, sync] = cols;
    let need = |v: Option<String>| v.ok_or_else(|| corrupt("device"));
    Ok(DeviceRecord {
        id: parse(&need(id)?, "device id")?,
        label: need(label)?,
        scope: serde_json::from_str(&need(scope)?)?,
        role: vonxa_domain::roles::Role::parse(&need(role)?).ok_or_else(|| corrupt("role"))?,
        enrolled_at: need(enrolled)?,
        revoked_at: revoked,
        last_seen: seen,
        last_sync: sync,
    })
}

pub(super) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(",")
}

/// The stored version of each record a query selects as `entity_id, entity, payload`: its id,
/// kind and document, in the query's order.
pub(super) fn entity_docs<P: rusqlite::Params>(
    conn: &rusqlite::Connection,
    sql: &str,
    args: P,
) -> DbResult<
    Vec<(
        uuid::Uuid,
        vonxa_domain::entity::EntityKind,
        serde_json::Value,
    )>,
> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query(args)?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        let id = parse(&r.get::<_, String>(0)?, "entity id")?;
        let kind = vonxa_domain::entity::EntityKind::parse(&r.get::<_, String>(1)?)
            .ok_or_else(|| corrupt("entities"))?;
        out.push((id, kind, serde_json::from_str(&r.get::<_, String>(2)?)?));
    }
    Ok(out)
}
