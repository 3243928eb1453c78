//! Fund-use checks on SQLite: the page's extra reads and writes, photo uploads, flags.

use super::super::*;
use super::{SqliteBackend, parse, placeholders};
use crate::ingest::Prepared;
use rusqlite::{OptionalExtension, params, params_from_iter};
use vonxa_domain::funduse::photo::MAX_PHOTO_BYTES;

/// The checks a page corrects that another check already corrected.
pub(super) fn load_superseded(
    tx: &rusqlite::Transaction<'_>,
    page: &Prepared,
    loaded: &mut Loaded,
) -> DbResult<()> {
    let ids = page.supersedes();
    if ids.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT supersedes FROM fund_checks WHERE supersedes IN ({})",
        placeholders(ids.len())
    );
    let mut stmt = tx.prepare(&sql)?;
    let mut rows = stmt.query(params_from_iter(ids.iter().map(|u| u.to_string())))?;
    while let Some(r) = rows.next()? {
        loaded
            .superseded
            .insert(parse(&r.get::<_, String>(0)?, "check id")?);
    }
    Ok(())
}

/// Record accepted checks, their photos and the flags their outcomes raise.
pub(super) fn write_fund(tx: &rusqlite::Transaction<'_>, plan: &Plan) -> DbResult<()> {
    for row in &plan.fund {
        let f = &row.facts;
        let outcome = serde_json::to_value(f.outcome)?;
        let outcome = outcome.as_str().unwrap_or_default();
        tx.prepare_cached(
            "INSERT INTO fund_checks (check_id, loan_id, household_id, outcome, supersedes, seq)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?
        .execute(params![
            row.check_id.to_string(),
            f.loan.to_string(),
            f.household.to_string(),
            outcome,
            f.supersedes.map(|s| s.to_string()),
            row.seq
        ])?;
        for h in &f.photos {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO check_photos (check_id, hash) VALUES (?1, ?2)",
            )?
            .execute(params![row.check_id.to_string(), h])?;
        }
        if let Some(flag) = f.outcome.flag() {
            let flag = serde_json::to_value(flag)?;
            tx.prepare_cached(
                "INSERT INTO flags (check_id, loan_id, flag, outcome, raised_at, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?
            .execute(params![
                row.check_id.to_string(),
                f.loan.to_string(),
                flag.as_str().unwrap_or_default(),
                outcome,
                row.raised_at,
                row.seq
            ])?;
        }
    }
    Ok(())
}

fn held(c: &rusqlite::Connection, hash: &str) -> DbResult<Held> {
    let size: Option<i64> = c
        .query_row("SELECT size FROM blobs WHERE hash = ?1", [hash], |r| {
            r.get(0)
        })
        .optional()?;
    if let Some(size) = size {
        return Ok(Held {
            received: size.unsigned_abs(),
            complete: true,
        });
    }
    let received: i64 = c.query_row(
        "SELECT coalesce(sum(length(data)), 0) FROM blob_chunks WHERE hash = ?1",
        [hash],
        |r| r.get(0),
    )?;
    Ok(Held {
        received: received.unsigned_abs(),
        complete: false,
    })
}

/// A record read as `entity_id, entity, payload`.
fn ref_row(r: &rusqlite::Row<'_>) -> DbResult<(Uuid, RefRecord)> {
    let doc: String = r.get(2)?;
    Ok((
        parse(&r.get::<_, String>(0)?, "entity id")?,
        RefRecord {
            entity: r.get(1)?,
            payload: serde_json::from_str(&doc)?,
        },
    ))
}

impl FundBackend for SqliteBackend {
    async fn records(&self, ids: Vec<Uuid>) -> DbResult<Vec<(Uuid, RefRecord)>> {
        self.with(move |c| {
            let mut out = Vec::new();
            for chunk in ids.chunks(500) {
                let sql = format!(
                    "SELECT e.entity_id, e.entity, c.payload FROM entities e
                     JOIN changes c ON c.seq = e.version
                     WHERE e.deleted = 0 AND e.entity_id IN ({})",
                    placeholders(chunk.len())
                );
                let mut stmt = c.prepare(&sql)?;
                let mut rows = stmt.query(params_from_iter(chunk.iter().map(|u| u.to_string())))?;
                while let Some(r) = rows.next()? {
                    out.push(ref_row(r)?);
                }
            }
            Ok(out)
        })
        .await
    }

    async fn group_roles(&self, group: Uuid) -> DbResult<Vec<(Uuid, RefRecord)>> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT e.entity_id, e.entity, c.payload FROM entities e
                 JOIN changes c ON c.seq = e.version
                 WHERE e.entity = 'group_role' AND e.group_id = ?1 AND e.deleted = 0",
            )?;
            let mut rows = stmt.query([group.to_string()])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(ref_row(r)?);
            }
            Ok(out)
        })
        .await
    }

    async fn blob_held(&self, hash: String) -> DbResult<Held> {
        self.with(move |c| held(c, &hash)).await
    }

    async fn blob_append(&self, chunk: Chunk) -> DbResult<Appended> {
        self.with(move |c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            let now = held(&tx, &chunk.hash)?;
            if now.complete || now.received != chunk.offset || now.received >= MAX_PHOTO_BYTES {
                return Ok(Appended::Held(now));
            }
            let mine = super::guard::uploads_held(&tx, chunk.device)?;
            if mine.saturating_add(chunk.bytes.len() as u64) > chunk.quota {
                return Ok(Appended::OverQuota {
                    held_by_device: mine,
                });
            }
            tx.execute(
                "INSERT INTO blob_chunks (hash, at_byte, data, device_id, received_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    chunk.hash,
                    chunk.offset as i64,
                    chunk.bytes,
                    chunk.device.to_string(),
                    chunk.at
                ],
            )?;
            tx.commit()?;
            Ok(Appended::Held(Held {
                received: chunk.offset + chunk.bytes.len() as u64,
                complete: false,
            }))
        })
        .await
    }

    async fn blob_assemble(&self, hash: String) -> DbResult<Vec<u8>> {
        self.with(move |c| {
            let mut stmt =
                c.prepare_cached("SELECT data FROM blob_chunks WHERE hash = ?1 ORDER BY at_byte")?;
            let mut rows = stmt.query([hash])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.extend_from_slice(&r.get::<_, Vec<u8>>(0)?);
            }
            Ok(out)
        })
        .await
    }

    async fn blob_finish(&self, hash: String, keep: Option<(Vec<u8>, DeviceId)>) -> DbResult<()> {
        self.with(move |c| {
            let tx = c.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            if let Some((data, device)) = keep {
                tx.execute(
                    "INSERT OR IGNORE INTO blobs (hash, size, data, device_id, received_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![
                        hash,
                        data.len() as i64,
                        data,
                        device.to_string(),
                        chrono::Utc::now().to_rfc3339()
                    ],
                )?;
            }
            tx.execute("DELETE FROM blob_chunks WHERE hash = ?1", [&hash])?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn blob(&self, hash: String) -> DbResult<Option<Vec<u8>>> {
        self.with(move |c| {
            Ok(
                c.query_row("SELECT data FROM blobs WHERE hash = ?1", [hash], |r| {
                    r.get(0)
                })
                .optional()?,
            )
        })
        .await
    }

    async fn blob_part(&self, hash: String, offset: u64, len: u64) -> DbResult<Option<BlobPart>> {
        let (from, len) = (
            offset.min(MAX_PHOTO_BYTES) as i64 + 1,
            len.min(MAX_PHOTO_BYTES),
        );
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT size, substr(data, 1, ?2), substr(data, ?3, ?4) FROM blobs WHERE hash = ?1",
                params![hash, BLOB_HEAD_BYTES as i64, from, len as i64],
                |r| {
                    Ok(BlobPart {
                        size: r.get::<_, i64>(0)?.unsigned_abs(),
                        head: r.get(1)?,
                        bytes: r.get(2)?,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    async fn photo_owners(&self, hash: String) -> DbResult<Vec<PhotoOwner>> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT DISTINCT e.point_code, e.group_id FROM check_photos p
                 JOIN entities e ON e.entity_id = p.check_id
                 WHERE p.hash = ?1 AND e.deleted = 0",
            )?;
            let mut rows = stmt.query([hash])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let group: Option<String> = r.get(1)?;
                out.push((r.get(0)?, group.map(|g| parse(&g, "group id")).transpose()?));
            }
            Ok(out)
        })
        .await
    }

    async fn flags(&self) -> DbResult<Vec<StoredFlag>> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT f.check_id, f.loan_id, f.flag, f.outcome, f.raised_at, s.check_id,
                        ch.payload, e.point_code, e.group_id
                 FROM flags f
                 JOIN entities e ON e.entity_id = f.check_id
                 JOIN changes ch ON ch.seq = e.version
                 LEFT JOIN fund_checks s ON s.supersedes = f.check_id
                 ORDER BY f.seq",
            )?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let check_id: String = r.get(0)?;
                let doc: String = r.get(6)?;
                let by: Option<String> = r.get(5)?;
                let group: Option<String> = r.get(8)?;
                out.push(StoredFlag {
                    check_id: parse(&check_id, "check id")?,
                    loan_id: parse(&r.get::<_, String>(1)?, "loan id")?,
                    flag: r.get(2)?,
                    outcome: r.get(3)?,
                    raised_at: r.get(4)?,
                    superseded_by: by.map(|b| parse(&b, "check id")).transpose()?,
                    check: serde_json::from_str(&doc)?,
                    point_code: r.get(7)?,
                    group_id: group.map(|g| parse(&g, "group id")).transpose()?,
                    photos: Vec::new(),
                });
            }
            let mut photos = c.prepare_cached(
                "SELECT p.hash, b.hash IS NOT NULL FROM check_photos p
                 LEFT JOIN blobs b ON b.hash = p.hash WHERE p.check_id = ?1 ORDER BY p.hash",
            )?;
            for f in &mut out {
                let mut rows = photos.query([f.check_id.to_string()])?;
                while let Some(r) = rows.next()? {
                    f.photos.push((r.get(0)?, r.get(1)?));
                }
            }
            Ok(out)
        })
        .await
    }

    async fn missing_photos(&self) -> DbResult<Vec<String>> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT DISTINCT hash FROM check_photos
                 WHERE hash NOT IN (SELECT hash FROM blobs) ORDER BY hash",
            )?;
            let rows = stmt.query_map([], |r| r.get(0))?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }
}
