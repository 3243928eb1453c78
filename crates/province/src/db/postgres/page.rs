//! One page of ingest on PostgreSQL: `= ANY($1)` lookups and `unnest` array inserts.

use super::super::*;
use crate::ingest::Prepared;

pub(super) async fn load(
    tx: &deadpool_postgres::Transaction<'_>,
    page: &Prepared,
) -> DbResult<Loaded> {
    let head: i64 = tx
        .query_one("SELECT coalesce(max(seq), 0)::BIGINT FROM changes", &[])
        .await?
        .try_get(0)?;
    let mut loaded = Loaded {
        head,
        ..Loaded::default()
    };
    let ids = page.change_ids();
    for r in tx
        .query(
            "SELECT change_id, body_hash, result, seq FROM changes WHERE change_id = ANY($1)",
            &[&ids],
        )
        .await?
    {
        let id: Uuid = r.try_get(0)?;
        let result: String = r.try_get(2)?;
        loaded.seen.insert(
            id,
            SeenChange {
                body_hash: r.try_get(1)?,
                result: stored_result(id, &result, r.try_get(3)?)?,
            },
        );
    }
    let keys = page.entity_keys();
    for r in tx
        .query(
            "SELECT entity_id, entity, version, last_device, point_code, group_id, deleted,
                household_id
             FROM entities WHERE entity_id = ANY($1)",
            &[&keys],
        )
        .await?
    {
        let id: Uuid = r.try_get(0)?;
        let last: Uuid = r.try_get(3)?;
        loaded.entities.insert(
            id,
            EntityState {
                entity_id: id,
                entity: r.try_get(1)?,
                version: r.try_get(2)?,
                last_device: last.into(),
                point_code: r.try_get(4)?,
                group_id: r.try_get(5)?,
                household_id: r.try_get(7)?,
                deleted: r.try_get(6)?,
            },
        );
    }
    super::fund::load_superseded(tx, page, &mut loaded).await?;
    Ok(loaded)
}

pub(super) async fn write(tx: &deadpool_postgres::Transaction<'_>, plan: &Plan) -> DbResult<()> {
    let cs = &plan.changes;
    if !cs.is_empty() {
        let col = |f: fn(&ChangeRow) -> String| cs.iter().map(f).collect::<Vec<String>>();
        let change_id: Vec<Uuid> = cs.iter().map(|c| c.change_id).collect();
        let seq: Vec<Option<i64>> = cs.iter().map(|c| c.seq).collect();
        let device: Vec<Uuid> = cs.iter().map(|c| c.device_id.0).collect();
        let entity_id: Vec<Uuid> = cs.iter().map(|c| c.entity_id).collect();
        let base: Vec<i64> = cs.iter().map(|c| c.base_version).collect();
        let code: Vec<Option<String>> = cs.iter().map(|c| c.code.clone()).collect();
        let point: Vec<Option<String>> = cs.iter().map(|c| c.point_code.clone()).collect();
        let group: Vec<Option<Uuid>> = cs.iter().map(|c| c.group_id).collect();
        tx.execute(
            "INSERT INTO changes (change_id, seq, device_id, user_id, entity, entity_id, op, payload,
                body_hash, base_version, device_time, received_at, outcome, code, result,
                visibility, point_code, group_id)
             SELECT * FROM unnest($1::uuid[], $2::int8[], $3::uuid[], $4::text[], $5::text[],
                $6::uuid[], $7::text[], $8::text[], $9::text[], $10::int8[], $11::text[],
                $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
                $18::uuid[])",
            &[
                &change_id,
                &seq,
                &device,
                &col(|c| c.user_id.clone()),
                &col(|c| c.entity.clone()),
                &entity_id,
                &col(|c| c.op.clone()),
                &col(|c| c.payload.clone()),
                &col(|c| c.body_hash.clone()),
                &base,
                &col(|c| c.device_time.clone()),
                &col(|c| c.received_at.clone()),
                &col(|c| c.outcome.clone()),
                &code,
                &col(|c| c.result.clone()),
                &col(|c| c.visibility.as_str().to_owned()),
                &point,
                &group,
            ],
        )
        .await?;
    }
    let es = &plan.entities;
    if !es.is_empty() {
        let id: Vec<Uuid> = es.iter().map(|e| e.entity_id).collect();
        let kind: Vec<String> = es.iter().map(|e| e.entity.clone()).collect();
        let version: Vec<i64> = es.iter().map(|e| e.version).collect();
        let last: Vec<Uuid> = es.iter().map(|e| e.last_device.0).collect();
        let point: Vec<Option<String>> = es.iter().map(|e| e.point_code.clone()).collect();
        let group: Vec<Option<Uuid>> = es.iter().map(|e| e.group_id).collect();
        let deleted: Vec<bool> = es.iter().map(|e| e.deleted).collect();
        let household: Vec<Option<Uuid>> = es.iter().map(|e| e.household_id).collect();
        tx.execute(
            "INSERT INTO entities (entity_id, entity, version, last_device, point_code, group_id,
                deleted, household_id)
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::int8[], $4::uuid[], $5::text[],
                $6::uuid[], $7::bool[], $8::uuid[])
             ON CONFLICT (entity_id) DO UPDATE SET entity = excluded.entity,
                version = excluded.version, last_device = excluded.last_device,
                point_code = excluded.point_code, group_id = excluded.group_id,
                deleted = excluded.deleted, household_id = excluded.household_id",
            &[
                &id, &kind, &version, &last, &point, &group, &deleted, &household,
            ],
        )
        .await?;
    }
    for r in &plan.regroups {
        tx.execute(
            "UPDATE entities SET group_id = $2
             WHERE (entity_id = $1 OR household_id = $1) AND entity <> 'membership'",
            &[&r.household, &r.group],
        )
        .await?;
    }
    super::guard::write_refusals(tx, &plan.refusals).await?;
    super::fund::write_fund(tx, plan).await
}
