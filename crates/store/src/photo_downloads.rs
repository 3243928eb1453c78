//! Photos coming down: those named by fund checks this device holds (pulled from another
//! device of its scope) but not stored here, fetched from the province a byte range at a
//! time. What arrived is kept in `blob_download_parts`, so a cut download resumes where it
//! stopped; the complete photo is checked with the domain's photo rules (the name is the
//! SHA-256 of the bytes, JPEG or PNG, size) before it joins `blobs`, and it never enters the
//! upload queue: the province has it.

use crate::Store;
use crate::error::StoreResult;
use rusqlite::{OptionalExtension, params};
use vonxa_domain::funduse::photo::{check_photo, hash_of};

/// Downloads that failed the check this many times are not tried again.
pub const MAX_DOWNLOAD_FAILURES: i64 = 3;

/// A photo to fetch: its size once the province gave it, and the bytes held so far.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Download {
    pub hash: String,
    pub size: Option<u64>,
    pub received: u64,
    pub failures: u32,
}

/// What became of a complete download.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fetched {
    /// Checked and kept.
    Stored,
    /// Dropped, with the reason (it starts again from 0 on a later pass).
    Rejected(String),
}

fn held(c: &rusqlite::Connection, hash: &str) -> StoreResult<u64> {
    let n: i64 = c
        .prepare_cached(
            "SELECT coalesce(sum(length(data)), 0) FROM blob_download_parts WHERE hash = ?1",
        )?
        .query_row([hash], |r| r.get(0))?;
    Ok(n.unsigned_abs())
}

impl Store {
    /// Photos named by stored checks and not held here, partial downloads first; those that
    /// failed the check [`MAX_DOWNLOAD_FAILURES`] times are left out.
    pub fn missing_photos(&self) -> StoreResult<Vec<Download>> {
        let mut stmt = self.connection().prepare_cached(
            "WITH named AS (
                 SELECT DISTINCT j.value AS hash FROM fund_checks f, json_each(f.doc, '$.photos') j
                 WHERE j.type = 'text')
             SELECT n.hash, d.size, coalesce(d.failures, 0),
                    (SELECT coalesce(sum(length(p.data)), 0) FROM blob_download_parts p
                     WHERE p.hash = n.hash) AS received
             FROM named n LEFT JOIN blob_downloads d ON d.hash = n.hash
             WHERE n.hash NOT IN (SELECT hash FROM blobs) AND coalesce(d.failures, 0) < ?1
             ORDER BY received DESC, n.hash",
        )?;
        let rows = stmt.query_map([MAX_DOWNLOAD_FAILURES], |r| {
            Ok(Download {
                hash: r.get(0)?,
                size: r.get::<_, Option<i64>>(1)?.map(i64::unsigned_abs),
                failures: u32::try_from(r.get::<_, i64>(2)?).unwrap_or(u32::MAX),
                received: r.get::<_, i64>(3)?.unsigned_abs(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Keep `bytes` received at `offset` of the photo `hash` of `size` bytes. A part that does
    /// not continue what is held (or goes past `size`) changes nothing; a size other than the
    /// one recorded starts the download again. Returns the bytes held afterwards.
    pub fn add_download_part(
        &mut self,
        hash: &str,
        size: u64,
        offset: u64,
        bytes: &[u8],
    ) -> StoreResult<u64> {
        let now = chrono::Utc::now().to_rfc3339();
        let tx = self.conn_mut().transaction()?;
        let known: Option<i64> = tx
            .query_row(
                "SELECT size FROM blob_downloads WHERE hash = ?1",
                [hash],
                |r| r.get(0),
            )
            .optional()?;
        if known.map(i64::unsigned_abs) != Some(size) {
            tx.execute("DELETE FROM blob_download_parts WHERE hash = ?1", [hash])?;
            tx.execute(
                "INSERT INTO blob_downloads (hash, size, updated_at) VALUES (?1, ?2, ?3)
                 ON CONFLICT (hash) DO UPDATE SET size = excluded.size, updated_at = excluded.updated_at",
                params![hash, size as i64, now],
            )?;
        }
        let have = held(&tx, hash)?;
        let fits = have == offset && offset + bytes.len() as u64 <= size;
        if fits && !bytes.is_empty() {
            tx.execute(
                "INSERT INTO blob_download_parts (hash, at_byte, data) VALUES (?1, ?2, ?3)",
                params![hash, offset as i64, bytes],
            )?;
            tx.execute(
                "UPDATE blob_downloads SET updated_at = ?2 WHERE hash = ?1",
                params![hash, now],
            )?;
        }
        tx.commit()?;
        Ok(if fits {
            offset + bytes.len() as u64
        } else {
            have
        })
    }

    /// Every byte of the photo arrived: check it and keep it, or drop it and count a failure.
    pub fn finish_download(&mut self, hash: &str) -> StoreResult<Fetched> {
        let now = chrono::Utc::now().to_rfc3339();
        let tx = self.conn_mut().transaction()?;
        let mut data = Vec::new();
        {
            let mut stmt = tx.prepare_cached(
                "SELECT data FROM blob_download_parts WHERE hash = ?1 ORDER BY at_byte",
            )?;
            let mut rows = stmt.query([hash])?;
            while let Some(r) = rows.next()? {
                data.extend_from_slice(&r.get::<_, Vec<u8>>(0)?);
            }
        }
        let verdict = match check_photo(&data) {
            Err(e) => Err(format!("not a photo we accept: {e}")),
            Ok(_) if hash_of(&data) != hash => {
                Err("the bytes received do not match the photo's name".to_owned())
            }
            Ok(kind) => Ok(kind),
        };
        tx.execute("DELETE FROM blob_download_parts WHERE hash = ?1", [hash])?;
        let out = match verdict {
            Ok(kind) => {
                tx.execute(
                    "INSERT OR IGNORE INTO blobs (hash, mime, size, data, added_at)
                     VALUES (?1, ?2, ?3, ?4, ?5)",
                    params![hash, kind.mime(), data.len() as i64, data, now],
                )?;
                tx.execute("DELETE FROM blob_downloads WHERE hash = ?1", [hash])?;
                Fetched::Stored
            }
            Err(msg) => {
                tx.execute(
                    "UPDATE blob_downloads SET failures = failures + 1, error = ?2, updated_at = ?3
                     WHERE hash = ?1",
                    params![hash, msg, now],
                )?;
                Fetched::Rejected(msg)
            }
        };
        tx.commit()?;
        Ok(out)
    }

    /// Forget what arrived of a download: it starts again from 0.
    pub fn restart_download(&self, hash: &str) -> StoreResult<()> {
        self.connection()
            .execute("DELETE FROM blob_download_parts WHERE hash = ?1", [hash])?;
        Ok(())
    }
}
