//! One page of ingest on PostgreSQL: `= ANY($1)` lookups and `unnest` array inserts, each group
//! sent as one pipeline of statements prepared once per connection.

use super::super::*;
use crate::ingest::Prepared;

const HEAD: &str = "SELECT coalesce(max(seq), 0)::BIGINT FROM changes";
const SEEN: &str =
    "SELECT change_id, body_hash, result, seq FROM changes WHERE change_id = ANY($1)";
const ENTITIES: &str =
    "SELECT entity_id, entity, version, last_device, point_code, group_id, deleted,
        household_id, unique_key
     FROM entities WHERE entity_id = ANY($1)";

/// What the page's decisions need, read in one pipelined round trip once the ingest lock is
/// held (statements prepared once per connection).
pub(super) async fn load(
    tx: &deadpool_postgres::Transaction<'_>,
    page: &Prepared,
) -> DbResult<Loaded> {
    let (head, seen, entities) = tokio::try_join!(
        tx.prepare_cached(HEAD),
        tx.prepare_cached(SEEN),
        tx.prepare_cached(ENTITIES)
    )?;
    let ids = page.change_ids();
    let keys = page.entity_keys();
    let db = |e: tokio_postgres::Error| DbError::from(e);
    let (head, seen_rows, entity_rows, superseded, money, credit) = tokio::try_join!(
        async { tx.query_one(&head, &[]).await.map_err(db) },
        async { tx.query(&seen, &[&ids]).await.map_err(db) },
        async { tx.query(&entities, &[&keys]).await.map_err(db) },
        super::fund::load_superseded(tx, page),
        super::money::load(tx, page),
        super::credit::load(tx, page),
    )?;
    let mut loaded = Loaded {
        head: head.try_get(0)?,
        superseded,
        money,
        credit,
        ..Loaded::default()
    };
    for r in seen_rows {
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
    for r in entity_rows {
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
                unique_key: r.try_get(8)?,
            },
        );
    }
    Ok(loaded)
}

const CHANGES: &str =
    "INSERT INTO changes (change_id, seq, device_id, user_id, entity, entity_id, op,
        payload, body_hash, base_version, device_time, received_at, outcome, code, result,
        visibility, point_code, group_id)
     SELECT * FROM unnest($1::uuid[], $2::int8[], $3::uuid[], $4::text[], $5::text[],
        $6::uuid[], $7::text[], $8::text[], $9::text[], $10::int8[], $11::text[],
        $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
        $18::uuid[])";
const UPSERT: &str = "INSERT INTO entities (entity_id, entity, version, last_device, point_code,
        group_id, deleted, household_id, unique_key)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::int8[], $4::uuid[], $5::text[],
        $6::uuid[], $7::bool[], $8::uuid[], $9::text[])
     ON CONFLICT (entity_id) DO UPDATE SET entity = excluded.entity,
        version = excluded.version, last_device = excluded.last_device,
        point_code = excluded.point_code, group_id = excluded.group_id,
        deleted = excluded.deleted, household_id = excluded.household_id,
        unique_key = excluded.unique_key";
const DEVICE: &str = "UPDATE devices SET last_seen = $2, last_sync = $2 WHERE id = $1";

/// Everything the plan writes, and the device's last sync, pipelined: the statements touch
/// different tables (a regroup follows the entity rows it updates).
pub(super) async fn write(
    tx: &deadpool_postgres::Transaction<'_>,
    page: &Prepared,
    plan: &Plan,
) -> DbResult<()> {
    let (changes, upsert, device) = tokio::try_join!(
        tx.prepare_cached(CHANGES),
        tx.prepare_cached(UPSERT),
        tx.prepare_cached(DEVICE)
    )?;
    let db = |e: tokio_postgres::Error| DbError::from(e);
    let device_id = page.device.id.to_string();
    tokio::try_join!(
        write_changes(tx, &changes, &plan.changes),
        async {
            write_entities(tx, &upsert, plan).await?;
            for r in &plan.regroups {
                tx.execute(
                    "UPDATE entities SET group_id = $2
                     WHERE (entity_id = $1 OR household_id = $1) AND entity <> 'membership'",
                    &[&r.household, &r.group],
                )
                .await?;
            }
            Ok(())
        },
        super::guard::write_refusals(tx, &plan.refusals),
        super::fund::write_fund(tx, plan),
        super::money::write(tx, plan),
        // The device was seen and synced: in the same commit, not one of its own.
        async {
            tx.execute(&device, &[&device_id, &page.received_at])
                .await
                .map_err(db)
        },
    )?;
    Ok(())
}

async fn write_changes(
    tx: &deadpool_postgres::Transaction<'_>,
    statement: &tokio_postgres::Statement,
    cs: &[ChangeRow],
) -> DbResult<()> {
    if cs.is_empty() {
        return Ok(());
    }
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
        statement,
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
    Ok(())
}

async fn write_entities(
    tx: &deadpool_postgres::Transaction<'_>,
    statement: &tokio_postgres::Statement,
    plan: &Plan,
) -> DbResult<()> {
    let es = &plan.entities;
    if es.is_empty() {
        return Ok(());
    }
    let id: Vec<Uuid> = es.iter().map(|e| e.entity_id).collect();
    let kind: Vec<String> = es.iter().map(|e| e.entity.clone()).collect();
    let version: Vec<i64> = es.iter().map(|e| e.version).collect();
    let last: Vec<Uuid> = es.iter().map(|e| e.last_device.0).collect();
    let point: Vec<Option<String>> = es.iter().map(|e| e.point_code.clone()).collect();
    let group: Vec<Option<Uuid>> = es.iter().map(|e| e.group_id).collect();
    let deleted: Vec<bool> = es.iter().map(|e| e.deleted).collect();
    let household: Vec<Option<Uuid>> = es.iter().map(|e| e.household_id).collect();
    let unique: Vec<Option<String>> = es.iter().map(|e| e.unique_key.clone()).collect();
    tx.execute(
        statement,
        &[
            &id, &kind, &version, &last, &point, &group, &deleted, &household, &unique,
        ],
    )
    .await?;
    Ok(())
}
