//! Reading rows of the province's PostgreSQL database into its records.

use super::super::{DbError, DbResult, DeviceRecord, PulledChange};
use tokio_postgres::Row;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};

pub(super) fn corrupt(what: &str) -> DbError {
    DbError::Corrupt(what.to_owned())
}

pub(super) const DEVICE_COLS: &str =
    "id, label, scope, role, enrolled_at, revoked_at, last_seen, last_sync";

pub(super) fn device_from(r: &Row) -> DbResult<DeviceRecord> {
    let id: String = r.try_get(0)?;
    let scope: String = r.try_get(2)?;
    let role: String = r.try_get(3)?;
    Ok(DeviceRecord {
        id: id.parse().map_err(|_| corrupt("device id"))?,
        label: r.try_get(1)?,
        scope: serde_json::from_str(&scope)?,
        role: vonxa_domain::roles::Role::parse(&role).ok_or_else(|| corrupt("role"))?,
        enrolled_at: r.try_get(4)?,
        revoked_at: r.try_get(5)?,
        last_seen: r.try_get(6)?,
        last_sync: r.try_get(7)?,
    })
}

/// A change row (seq, change_id, device_id, entity, entity_id, op, payload) as pulled.
pub(super) fn pulled_row(r: &Row) -> DbResult<PulledChange> {
    let entity: String = r.try_get(3)?;
    let op: String = r.try_get(5)?;
    let payload: String = r.try_get(6)?;
    let dev: Uuid = r.try_get(2)?;
    let cid: Uuid = r.try_get(1)?;
    Ok(PulledChange {
        server_seq: r.try_get(0)?,
        change_id: cid.into(),
        device_id: dev.into(),
        entity: EntityKind::parse(&entity).ok_or_else(|| corrupt("entity"))?,
        entity_id: r.try_get(4)?,
        op: Op::parse(&op).ok_or_else(|| corrupt("op"))?,
        payload: serde_json::from_str(&payload)?,
    })
}

/// The stored version of each record the rows hold as `entity_id, entity, payload`: its id,
/// kind and document, in the rows' order.
pub(super) fn entity_docs(rows: &[Row]) -> DbResult<Vec<(Uuid, EntityKind, serde_json::Value)>> {
    rows.iter()
        .map(|r| {
            let kind = EntityKind::parse(&r.try_get::<_, String>(1)?)
                .ok_or_else(|| corrupt("entities"))?;
            Ok((
                r.try_get(0)?,
                kind,
                serde_json::from_str(&r.try_get::<_, String>(2)?)?,
            ))
        })
        .collect()
}
