//! What the province allows one device, on SQLite: the quota and sweep of unfinished photo
//! uploads, and refusals counted when they repeat.

use super::super::guard::tally;
use super::super::*;
use super::{SqliteBackend, parse};
use rusqlite::params;

/// Bytes `device` holds in unfinished uploads.
pub(super) fn uploads_held(c: &rusqlite::Connection, device: DeviceId) -> DbResult<u64> {
    let n: i64 = c
        .prepare_cached(
            "SELECT coalesce(sum(length(data)), 0) FROM blob_chunks WHERE device_id = ?1",
        )?
        .query_row([device.to_string()], |r| r.get(0))?;
    Ok(n.unsigned_abs())
}

/// Record a page's refusals: a new one is a row, a repeated one adds to its count.
pub(super) fn write_refusals(tx: &rusqlite::Transaction<'_>, rs: &[Refusal]) -> DbResult<()> {
    if rs.is_empty() {
        return Ok(());
    }
    let mut up = tx.prepare_cached(
        "INSERT INTO refusals (change_id, device_id, user_id, entity, entity_id, body_hash, code,
            count, first_at, last_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)
         ON CONFLICT (change_id, device_id, code, body_hash) DO UPDATE
         SET count = refusals.count + excluded.count, last_at = excluded.last_at",
    )?;
    for (r, n) in tally(rs) {
        up.execute(params![
            r.change_id.to_string(),
            r.device_id.to_string(),
            r.user_id,
            r.entity,
            r.entity_id.to_string(),
            r.body_hash,
            r.code,
            n,
            r.received_at,
        ])?;
    }
    Ok(())
}

impl GuardBackend for SqliteBackend {
    async fn blob_sweep(&self, idle_before: i64) -> DbResult<(u64, u64)> {
        self.with(move |c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let stale: Vec<(String, i64)> = {
                let mut stmt = tx.prepare(
                    "SELECT hash, sum(length(data)) FROM blob_chunks
                     GROUP BY hash HAVING max(received_at) < ?1",
                )?;
                let rows = stmt.query_map([idle_before], |r| Ok((r.get(0)?, r.get(1)?)))?;
                rows.collect::<Result<_, _>>()?
            };
            let mut bytes = 0u64;
            for (hash, n) in &stale {
                tx.execute("DELETE FROM blob_chunks WHERE hash = ?1", [hash])?;
                bytes += n.unsigned_abs();
            }
            tx.commit()?;
            Ok((stale.len() as u64, bytes))
        })
        .await
    }

    async fn uploads_held(&self, device: DeviceId) -> DbResult<u64> {
        self.with(move |c| uploads_held(c, device)).await
    }

    async fn refusal_counts(&self) -> DbResult<Vec<RefusalCount>> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT change_id, device_id, code, body_hash, count, first_at, last_at
                 FROM refusals ORDER BY id",
            )?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(RefusalCount {
                    change_id: parse(&r.get::<_, String>(0)?, "change id")?,
                    device_id: DeviceId(parse(&r.get::<_, String>(1)?, "device id")?),
                    code: r.get(2)?,
                    body_hash: r.get(3)?,
                    count: r.get(4)?,
                    first_at: r.get(5)?,
                    last_at: r.get(6)?,
                });
            }
            Ok(out)
        })
        .await
    }
}
