//! One page of ingest on SQLite: batched lookups, then prepared inserts and upserts.

use super::super::*;
use super::{parse, placeholders};
use crate::ingest::Prepared;
use rusqlite::{params, params_from_iter};

pub(super) fn load(tx: &rusqlite::Transaction<'_>, page: &Prepared) -> DbResult<Loaded> {
    let mut loaded = Loaded {
        head: tx.query_row("SELECT coalesce(max(seq), 0) FROM changes", [], |r| {
            r.get(0)
        })?,
        ..Loaded::default()
    };
    for chunk in page.change_ids().chunks(500) {
        let sql = format!(
            "SELECT change_id, body_hash, result, seq FROM changes WHERE change_id IN ({})",
            placeholders(chunk.len())
        );
        let mut stmt = tx.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(chunk.iter().map(|u| u.to_string())))?;
        while let Some(r) = rows.next()? {
            let id: Uuid = parse(&r.get::<_, String>(0)?, "change id")?;
            let result: String = r.get(2)?;
            loaded.seen.insert(
                id,
                SeenChange {
                    body_hash: r.get(1)?,
                    result: stored_result(id, &result, r.get(3)?)?,
                },
            );
        }
    }
    for chunk in page.entity_keys().chunks(500) {
        let sql = format!(
            "SELECT entity_id, entity, version, last_device, point_code, group_id, deleted,
                household_id, unique_key
             FROM entities WHERE entity_id IN ({})",
            placeholders(chunk.len())
        );
        let mut stmt = tx.prepare(&sql)?;
        let mut rows = stmt.query(params_from_iter(chunk.iter().map(|u| u.to_string())))?;
        while let Some(r) = rows.next()? {
            let id: Uuid = parse(&r.get::<_, String>(0)?, "entity id")?;
            let group: Option<String> = r.get(5)?;
            let household: Option<String> = r.get(7)?;
            loaded.entities.insert(
                id,
                EntityState {
                    entity_id: id,
                    entity: r.get(1)?,
                    version: r.get(2)?,
                    last_device: parse(&r.get::<_, String>(3)?, "device id")?,
                    point_code: r.get(4)?,
                    group_id: group.map(|g| parse(&g, "group id")).transpose()?,
                    household_id: household.map(|h| parse(&h, "household id")).transpose()?,
                    deleted: r.get(6)?,
                    unique_key: r.get(8)?,
                },
            );
        }
    }
    super::fund::load_superseded(tx, page, &mut loaded)?;
    Ok(loaded)
}

pub(super) fn write(tx: &rusqlite::Transaction<'_>, plan: &Plan) -> DbResult<()> {
    let mut ins = tx.prepare_cached(
        "INSERT INTO changes (change_id, seq, device_id, user_id, entity, entity_id, op, payload,
            body_hash, base_version, device_time, received_at, outcome, code, result, visibility,
            point_code, group_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
    )?;
    for c in &plan.changes {
        ins.execute(params![
            c.change_id.to_string(),
            c.seq,
            c.device_id.to_string(),
            c.user_id,
            c.entity,
            c.entity_id.to_string(),
            c.op,
            c.payload,
            c.body_hash,
            c.base_version,
            c.device_time,
            c.received_at,
            c.outcome,
            c.code,
            c.result,
            c.visibility.as_str(),
            c.point_code,
            c.group_id.map(|g| g.to_string()),
        ])?;
    }
    let mut up = tx.prepare_cached(
        "INSERT INTO entities (entity_id, entity, version, last_device, point_code, group_id, deleted,
            household_id, unique_key)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (entity_id) DO UPDATE SET entity = excluded.entity, version = excluded.version,
            last_device = excluded.last_device, point_code = excluded.point_code,
            group_id = excluded.group_id, deleted = excluded.deleted,
            household_id = excluded.household_id, unique_key = excluded.unique_key",
    )?;
    for e in &plan.entities {
        up.execute(params![
            e.entity_id.to_string(),
            e.entity,
            e.version,
            e.last_device.to_string(),
            e.point_code,
            e.group_id.map(|g| g.to_string()),
            e.deleted,
            e.household_id.map(|h| h.to_string()),
            e.unique_key,
        ])?;
    }
    let mut regroup = tx.prepare_cached(
        "UPDATE entities SET group_id = ?2
         WHERE (entity_id = ?1 OR household_id = ?1) AND entity <> 'membership'",
    )?;
    for r in &plan.regroups {
        regroup.execute(params![
            r.household.to_string(),
            r.group.map(|g| g.to_string())
        ])?;
    }
    super::guard::write_refusals(tx, &plan.refusals)?;
    super::fund::write_fund(tx, plan)
}
