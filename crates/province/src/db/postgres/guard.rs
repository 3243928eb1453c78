//! What the province allows one device, on PostgreSQL: the quota and sweep of unfinished photo
//! uploads, and refusals counted when they repeat.

use super::super::guard::tally;
use super::super::*;
use super::PgBackend;

/// Bytes `device` holds in unfinished uploads.
pub(super) async fn uploads_held<C: deadpool_postgres::GenericClient>(
    c: &C,
    device: DeviceId,
) -> DbResult<u64> {
    let n: i64 = c
        .query_one(
            "SELECT coalesce(sum(length(data)), 0)::BIGINT FROM blob_chunks WHERE device_id = $1",
            &[&device.0],
        )
        .await?
        .try_get(0)?;
    Ok(n.unsigned_abs())
}

/// Record a page's refusals: a new one is a row, a repeated one adds to its count. One
/// statement; each key once in it (`tally`), as an upsert requires.
pub(super) async fn write_refusals(
    tx: &deadpool_postgres::Transaction<'_>,
    rs: &[Refusal],
) -> DbResult<()> {
    if rs.is_empty() {
        return Ok(());
    }
    let t = tally(rs);
    let col = |f: fn(&Refusal) -> String| t.iter().map(|(r, _)| f(r)).collect::<Vec<String>>();
    let change: Vec<Uuid> = t.iter().map(|(r, _)| r.change_id).collect();
    let device: Vec<Uuid> = t.iter().map(|(r, _)| r.device_id.0).collect();
    let entity_id: Vec<Uuid> = t.iter().map(|(r, _)| r.entity_id).collect();
    let count: Vec<i64> = t.iter().map(|(_, n)| *n).collect();
    tx.execute(
        "INSERT INTO refusals (change_id, device_id, user_id, entity, entity_id, body_hash,
            code, count, first_at, last_at)
         SELECT c, d, u, e, ei, h, k, n, t, t FROM unnest($1::uuid[], $2::uuid[], $3::text[],
            $4::text[], $5::uuid[], $6::text[], $7::text[], $8::bigint[], $9::text[])
            AS x(c, d, u, e, ei, h, k, n, t)
         ON CONFLICT (change_id, device_id, code, body_hash) DO UPDATE
         SET count = refusals.count + excluded.count, last_at = excluded.last_at",
        &[
            &change,
            &device,
            &col(|r| r.user_id.clone()),
            &col(|r| r.entity.clone()),
            &entity_id,
            &col(|r| r.body_hash.clone()),
            &col(|r| r.code.clone()),
            &count,
            &col(|r| r.received_at.clone()),
        ],
    )
    .await?;
    Ok(())
}

impl GuardBackend for PgBackend {
    async fn blob_sweep(&self, idle_before: i64) -> DbResult<(u64, u64)> {
        let mut c = self.pool.get().await?;
        let stale: Vec<String> = c
            .query(
                "SELECT hash FROM blob_chunks GROUP BY hash HAVING max(received_at) < $1",
                &[&idle_before],
            )
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<Result<_, _>>()?;
        let (mut uploads, mut bytes) = (0u64, 0u64);
        for hash in stale {
            // Under the upload's lock, and only if no chunk arrived since the look.
            let tx = c.transaction().await?;
            tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&hash])
                .await?;
            let gone = tx
                .query(
                    "DELETE FROM blob_chunks WHERE hash = $1
                       AND (SELECT max(received_at) FROM blob_chunks WHERE hash = $1) < $2
                     RETURNING length(data)::BIGINT",
                    &[&hash, &idle_before],
                )
                .await?;
            tx.commit().await?;
            if !gone.is_empty() {
                uploads += 1;
            }
            for r in &gone {
                bytes += r.try_get::<_, i64>(0)?.unsigned_abs();
            }
        }
        Ok((uploads, bytes))
    }

    async fn uploads_held(&self, device: DeviceId) -> DbResult<u64> {
        uploads_held(&self.pool.get().await?, device).await
    }

    async fn refusal_counts(&self) -> DbResult<Vec<RefusalCount>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT change_id, device_id, code, body_hash, count, first_at, last_at
                 FROM refusals ORDER BY id",
                &[],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(RefusalCount {
                    change_id: r.try_get(0)?,
                    device_id: DeviceId(r.try_get(1)?),
                    code: r.try_get(2)?,
                    body_hash: r.try_get(3)?,
                    count: r.try_get(4)?,
                    first_at: r.try_get(5)?,
                    last_at: r.try_get(6)?,
                })
            })
            .collect()
    }
}
