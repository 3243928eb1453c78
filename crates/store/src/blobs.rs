//! Photos (evidence of fund-use checks), stored content-addressed inside the encrypted
//! database, and the queue that uploads them to the province apart from the change log.

use crate::Store;
use crate::error::StoreResult;
use rusqlite::{Connection, OptionalExtension, params};
use vonxa_domain::DomainError;
use vonxa_domain::funduse::photo::{check_photo, hash_of};
use vonxa_domain::roles::{self, Action};
use vonxa_domain::user::User;

/// A stored photo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Photo {
    pub hash: String,
    pub mime: String,
    pub bytes: Vec<u8>,
}

/// A photo still to upload: its size and the bytes the province confirmed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Upload {
    pub hash: String,
    pub size: u64,
    pub sent: u64,
}

/// Is a photo with this hash stored?
pub fn has_blob(conn: &Connection, hash: &str) -> StoreResult<bool> {
    let n: i64 = conn
        .prepare_cached("SELECT count(*) FROM blobs WHERE hash = ?1")?
        .query_row([hash], |r| r.get(0))?;
    Ok(n > 0)
}

impl Store {
    /// Keep a photo (JPEG or PNG, at most 10 MiB) and return its content address. The same
    /// bytes twice are stored once.
    pub fn put_photo(&mut self, actor: &User, bytes: &[u8]) -> StoreResult<String> {
        if !actor.active || !roles::allowed(actor.role, Action::CheckFundUse) {
            return Err(DomainError::Forbidden {
                action: "attach photo".into(),
            }
            .into());
        }
        let kind = check_photo(bytes)?;
        let hash = hash_of(bytes);
        self.connection().execute(
            "INSERT OR IGNORE INTO blobs (hash, mime, size, data, added_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                hash,
                kind.mime(),
                bytes.len() as i64,
                bytes,
                chrono::Utc::now().to_rfc3339()
            ],
        )?;
        Ok(hash)
    }

    /// A stored photo, if there is one with this hash.
    pub fn photo(&self, hash: &str) -> StoreResult<Option<Photo>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT mime, data FROM blobs WHERE hash = ?1",
                [hash],
                |r| {
                    Ok(Photo {
                        hash: hash.to_owned(),
                        mime: r.get(0)?,
                        bytes: r.get(1)?,
                    })
                },
            )
            .optional()?)
    }

    /// Photos of local checks not yet at the province (nor refused for good), oldest first.
    pub fn pending_uploads(&self) -> StoreResult<Vec<Upload>> {
        let mut stmt = self.connection().prepare_cached(
            "SELECT u.hash, b.size, u.sent FROM blob_uploads u JOIN blobs b ON b.hash = u.hash
             WHERE u.done_at IS NULL AND u.error IS NULL ORDER BY b.added_at, u.hash",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(Upload {
                hash: r.get(0)?,
                size: r.get::<_, i64>(1)?.unsigned_abs(),
                sent: r.get::<_, i64>(2)?.unsigned_abs(),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// `len` bytes of a photo from `offset` (fewer at its end), read without loading it whole.
    pub fn blob_chunk(&self, hash: &str, offset: u64, len: u64) -> StoreResult<Vec<u8>> {
        Ok(self
            .connection()
            .prepare_cached("SELECT substr(data, ?2, ?3) FROM blobs WHERE hash = ?1")?
            .query_row(params![hash, offset as i64 + 1, len as i64], |r| r.get(0))?)
    }

    /// The province holds `sent` bytes of the photo: the next upload resumes there.
    pub fn set_upload_sent(&self, hash: &str, sent: u64) -> StoreResult<()> {
        self.connection().execute(
            "UPDATE blob_uploads SET sent = ?2 WHERE hash = ?1",
            params![hash, sent as i64],
        )?;
        Ok(())
    }

    /// The upload is over: complete (`error` none) or refused for good.
    pub fn finish_upload(&self, hash: &str, error: Option<&str>) -> StoreResult<()> {
        let now = chrono::Utc::now().to_rfc3339();
        self.connection().execute(
            "UPDATE blob_uploads SET done_at = CASE WHEN ?2 IS NULL THEN ?3 END, error = ?2
             WHERE hash = ?1",
            params![hash, error, now],
        )?;
        Ok(())
    }

    /// (waiting, refused) photo uploads, for the sync screen.
    pub fn upload_counts(&self) -> StoreResult<(u32, u32)> {
        Ok(self.connection().query_row(
            "SELECT count(*) FILTER (WHERE done_at IS NULL AND error IS NULL),
                    count(*) FILTER (WHERE error IS NOT NULL)
             FROM blob_uploads",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?)
    }
}
