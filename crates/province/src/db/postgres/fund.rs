//! Fund-use checks on PostgreSQL: the page's extra reads and writes, photo uploads, flags.

use super::super::*;
use super::PgBackend;
use crate::ingest::Prepared;
use std::collections::HashSet;
use vonxa_domain::funduse::photo::MAX_PHOTO_BYTES;

/// The checks a page corrects that another check already corrected.
pub(super) async fn load_superseded(
    tx: &deadpool_postgres::Transaction<'_>,
    page: &Prepared,
) -> DbResult<HashSet<Uuid>> {
    let mut out = HashSet::new();
    let ids = page.supersedes();
    if ids.is_empty() {
        return Ok(out);
    }
    for r in tx
        .query(
            "SELECT supersedes FROM fund_checks WHERE supersedes = ANY($1)",
            &[&ids],
        )
        .await?
    {
        out.insert(r.try_get(0)?);
    }
    Ok(out)
}

/// Record accepted checks, their photos and the flags their outcomes raise.
pub(super) async fn write_fund(
    tx: &deadpool_postgres::Transaction<'_>,
    plan: &Plan,
) -> DbResult<()> {
    for row in &plan.fund {
        let f = &row.facts;
        let outcome = serde_json::to_value(f.outcome)?;
        let outcome = outcome.as_str().unwrap_or_default();
        tx.execute(
            "INSERT INTO fund_checks (check_id, loan_id, household_id, outcome, supersedes, seq)
             VALUES ($1, $2, $3, $4, $5, $6)",
            &[
                &row.check_id,
                &f.loan,
                &f.household,
                &outcome,
                &f.supersedes,
                &row.seq,
            ],
        )
        .await?;
        for h in &f.photos {
            tx.execute(
                "INSERT INTO check_photos (check_id, hash) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&row.check_id, h],
            )
            .await?;
        }
        if let Some(flag) = f.outcome.flag() {
            let flag = serde_json::to_value(flag)?;
            tx.execute(
                "INSERT INTO flags (check_id, loan_id, flag, outcome, raised_at, seq)
                 VALUES ($1, $2, $3, $4, $5, $6)",
                &[
                    &row.check_id,
                    &f.loan,
                    &flag.as_str().unwrap_or_default(),
                    &outcome,
                    &row.raised_at,
                    &row.seq,
                ],
            )
            .await?;
        }
    }
    Ok(())
}

async fn held<C: deadpool_postgres::GenericClient>(c: &C, hash: &str) -> DbResult<Held> {
    if let Some(r) = c
        .query_opt("SELECT size FROM blobs WHERE hash = $1", &[&hash])
        .await?
    {
        let size: i64 = r.try_get(0)?;
        return Ok(Held {
            received: size.unsigned_abs(),
            complete: true,
        });
    }
    let received: i64 = c
        .query_one(
            "SELECT coalesce(sum(length(data)), 0)::BIGINT FROM blob_chunks WHERE hash = $1",
            &[&hash],
        )
        .await?
        .try_get(0)?;
    Ok(Held {
        received: received.unsigned_abs(),
        complete: false,
    })
}

/// A record read as `entity_id, entity, payload`.
fn ref_row(r: &tokio_postgres::Row) -> DbResult<(Uuid, RefRecord)> {
    let doc: String = r.try_get(2)?;
    Ok((
        r.try_get(0)?,
        RefRecord {
            entity: r.try_get(1)?,
            payload: serde_json::from_str(&doc)?,
        },
    ))
}

impl FundBackend for PgBackend {
    async fn records(&self, ids: Vec<Uuid>) -> DbResult<Vec<(Uuid, RefRecord)>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT e.entity_id, e.entity, c.payload FROM entities e
                 JOIN changes c ON c.seq = e.version
                 WHERE NOT e.deleted AND e.entity_id = ANY($1)",
                &[&ids],
            )
            .await?;
        rows.iter().map(ref_row).collect()
    }

    async fn group_roles(&self, group: Uuid) -> DbResult<Vec<(Uuid, RefRecord)>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT e.entity_id, e.entity, c.payload FROM entities e
                 JOIN changes c ON c.seq = e.version
                 WHERE e.entity = 'group_role' AND e.group_id = $1 AND NOT e.deleted",
                &[&group],
            )
            .await?;
        rows.iter().map(ref_row).collect()
    }

    async fn blob_held(&self, hash: String) -> DbResult<Held> {
        let c = self.pool.get().await?;
        held(&c, &hash).await
    }

    async fn blob_append(&self, chunk: Chunk) -> DbResult<Appended> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        // One chunk of a device at a time (its quota), then one upload of a photo at a time;
        // always in this order. The device's lock is in the two-key space of advisory locks.
        tx.execute(
            "SELECT pg_advisory_xact_lock(7, hashtext($1))",
            &[&chunk.device.to_string()],
        )
        .await?;
        tx.execute("SELECT pg_advisory_xact_lock(hashtext($1))", &[&chunk.hash])
            .await?;
        let now = held(&tx, &chunk.hash).await?;
        if now.complete || now.received != chunk.offset || now.received >= MAX_PHOTO_BYTES {
            return Ok(Appended::Held(now));
        }
        let mine = super::guard::uploads_held(&tx, chunk.device).await?;
        if mine.saturating_add(chunk.bytes.len() as u64) > chunk.quota {
            return Ok(Appended::OverQuota {
                held_by_device: mine,
            });
        }
        tx.execute(
            "INSERT INTO blob_chunks (hash, at_byte, data, device_id, received_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &chunk.hash,
                &(chunk.offset as i64),
                &chunk.bytes,
                &chunk.device.0,
                &chunk.at,
            ],
        )
        .await?;
        tx.commit().await?;
        Ok(Appended::Held(Held {
            received: chunk.offset + chunk.bytes.len() as u64,
            complete: false,
        }))
    }

    async fn blob_assemble(&self, hash: String) -> DbResult<Vec<u8>> {
        let c = self.pool.get().await?;
        let mut out = Vec::new();
        for r in c
            .query(
                "SELECT data FROM blob_chunks WHERE hash = $1 ORDER BY at_byte",
                &[&hash],
            )
            .await?
        {
            out.extend_from_slice(r.try_get::<_, &[u8]>(0)?);
        }
        Ok(out)
    }

    async fn blob_finish(&self, hash: String, keep: Option<(Vec<u8>, DeviceId)>) -> DbResult<()> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        if let Some((data, device)) = keep {
            tx.execute(
                "INSERT INTO blobs (hash, size, data, device_id, received_at)
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (hash) DO NOTHING",
                &[
                    &hash,
                    &(data.len() as i64),
                    &data,
                    &device.0,
                    &chrono::Utc::now().to_rfc3339(),
                ],
            )
            .await?;
        }
        tx.execute("DELETE FROM blob_chunks WHERE hash = $1", &[&hash])
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn blob(&self, hash: String) -> DbResult<Option<Vec<u8>>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt("SELECT data FROM blobs WHERE hash = $1", &[&hash])
            .await?;
        Ok(row.map(|r| r.try_get(0)).transpose()?)
    }

    async fn blob_part(&self, hash: String, offset: u64, len: u64) -> DbResult<Option<BlobPart>> {
        // Photos are at most 10 MiB: positions fit in an int4.
        let from = i32::try_from(offset.min(MAX_PHOTO_BYTES) + 1).unwrap_or(i32::MAX);
        let len = i32::try_from(len.min(MAX_PHOTO_BYTES)).unwrap_or(i32::MAX);
        let head = BLOB_HEAD_BYTES as i32;
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT size, substring(data from 1 for $2), substring(data from $3 for $4)
                 FROM blobs WHERE hash = $1",
                &[&hash, &head, &from, &len],
            )
            .await?;
        row.map(|r| {
            Ok(BlobPart {
                size: r.try_get::<_, i64>(0)?.unsigned_abs(),
                head: r.try_get(1)?,
                bytes: r.try_get(2)?,
            })
        })
        .transpose()
    }

    async fn photo_owners(&self, hash: String) -> DbResult<Vec<PhotoOwner>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT DISTINCT e.point_code, e.group_id FROM check_photos p
                 JOIN entities e ON e.entity_id = p.check_id
                 WHERE p.hash = $1 AND NOT e.deleted",
                &[&hash],
            )
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect()
    }

    async fn flags(&self) -> DbResult<Vec<StoredFlag>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT f.check_id, f.loan_id, f.flag, f.outcome, f.raised_at, s.check_id,
                        ch.payload, e.point_code, e.group_id
                 FROM flags f
                 JOIN entities e ON e.entity_id = f.check_id
                 JOIN changes ch ON ch.seq = e.version
                 LEFT JOIN fund_checks s ON s.supersedes = f.check_id
                 ORDER BY f.seq",
                &[],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let doc: String = r.try_get(6)?;
            let check_id: Uuid = r.try_get(0)?;
            let photos = c
                .query(
                    "SELECT p.hash, b.hash IS NOT NULL FROM check_photos p
                     LEFT JOIN blobs b ON b.hash = p.hash WHERE p.check_id = $1 ORDER BY p.hash",
                    &[&check_id],
                )
                .await?
                .iter()
                .map(|p| Ok((p.try_get(0)?, p.try_get(1)?)))
                .collect::<DbResult<Vec<_>>>()?;
            out.push(StoredFlag {
                check_id,
                loan_id: r.try_get(1)?,
                flag: r.try_get(2)?,
                outcome: r.try_get(3)?,
                raised_at: r.try_get(4)?,
                superseded_by: r.try_get(5)?,
                check: serde_json::from_str(&doc)?,
                point_code: r.try_get(7)?,
                group_id: r.try_get(8)?,
                photos,
            });
        }
        Ok(out)
    }

    async fn missing_photos(&self) -> DbResult<Vec<String>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT DISTINCT hash FROM check_photos
                 WHERE hash NOT IN (SELECT hash FROM blobs) ORDER BY hash",
                &[],
            )
            .await?;
        rows.iter().map(|r| Ok(r.try_get(0)?)).collect()
    }
}
