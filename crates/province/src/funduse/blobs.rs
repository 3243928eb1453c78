//! Photo uploads: resumable, in chunks, apart from the change log. A device asks how much
//! the province holds (`received`) and sends the next chunk from there; when the last byte
//! arrives the province checks the SHA-256 against the name, keeps the photo and drops the
//! chunks (or drops them all when the hash does not match, so the device starts again).
//! A device uploads (and asks the status of) only photos an accepted check in its scope
//! names, holds at most its quota in unfinished uploads, and an upload nobody touched for
//! long is swept (`crate::limits`).
//!
//! Downloads: a complete photo goes to any device whose scope covers a check naming it (the
//! point officer's laptop after a group leader recorded the check), whole or a byte range at
//! a time, so a cut download resumes where it stopped.

use crate::db::{Appended, Backend, Chunk, DbError, Held, Visibility};
use crate::ingest::in_scope;
use vonxa_domain::DeviceId;
use vonxa_domain::funduse::photo::{MAX_PHOTO_BYTES, check_size, hash_of, sniff, valid_hash};
use vonxa_protocol::{BlobStatus, Scope};

#[derive(Debug, thiserror::Error)]
pub enum BlobError {
    #[error("a photo is named by the SHA-256 of its bytes, 64 lower-case hex digits")]
    BadName,
    #[error("a photo is at most {MAX_PHOTO_BYTES} bytes")]
    TooLarge,
    #[error("only JPEG and PNG photos are accepted")]
    NotAnImage,
    #[error("the chunk goes past the total size given")]
    PastTheEnd,
    #[error("the bytes received do not match the photo's name; send it again from 0")]
    Mismatch,
    #[error("the province has no complete photo with this hash")]
    NotFound,
    #[error("no check in this device's scope names this photo")]
    OutOfScope,
    #[error("the range starts past the end of the photo ({size} bytes)")]
    BadRange { size: u64 },
    #[error(
        "this device holds {held} bytes of unfinished photo uploads (at most {quota}); \
         finish those first or try again later"
    )]
    OverQuota { held: u64, quota: u64 },
    #[error(transparent)]
    Db(#[from] DbError),
}

fn status(hash: String, h: Held) -> BlobStatus {
    BlobStatus {
        hash,
        received: h.received,
        complete: h.complete,
    }
}

/// Does an accepted check in `scope` name the photo `hash`? (`None` when no check names it.)
async fn named_in<B: Backend>(
    db: &B,
    scope: &Scope,
    hash: &str,
) -> Result<Option<bool>, BlobError> {
    let owners = db.photo_owners(hash.to_owned()).await?;
    if owners.is_empty() {
        return Ok(None);
    }
    Ok(Some(owners.iter().any(|(point, group)| {
        in_scope(scope, Visibility::Scoped, point, *group)
    })))
}

/// A device may upload a photo, and ask how much of it is held, only when an accepted check
/// in its scope names it.
async fn may_upload<B: Backend>(db: &B, scope: &Scope, hash: &str) -> Result<(), BlobError> {
    if !valid_hash(hash) {
        return Err(BlobError::BadName);
    }
    match named_in(db, scope, hash).await? {
        Some(true) => Ok(()),
        _ => Err(BlobError::OutOfScope),
    }
}

/// How much of the photo `hash` the province holds, for a device with `scope`.
pub async fn held<B: Backend>(
    db: &B,
    scope: &Scope,
    hash: String,
) -> Result<BlobStatus, BlobError> {
    may_upload(db, scope, &hash).await?;
    Ok(status(hash.clone(), db.blob_held(hash).await?))
}

/// Who sends a chunk: the device, its scope and its quota of unfinished uploads (bytes).
#[derive(Clone, Copy, Debug)]
pub struct Sender<'a> {
    pub device: DeviceId,
    pub scope: &'a Scope,
    pub quota: u64,
}

/// Take one chunk of the photo `hash` (of `total` bytes) at `offset`. A chunk that does not
/// start where the upload stands changes nothing: the answer says where to go on from.
pub async fn put<B: Backend>(
    db: &B,
    from: Sender<'_>,
    hash: String,
    offset: u64,
    total: u64,
    bytes: Vec<u8>,
) -> Result<BlobStatus, BlobError> {
    // What the request says by itself first (no lookup), then whether a check in the device's
    // scope names the photo.
    check_size(total).map_err(|_| BlobError::TooLarge)?;
    // Checked: a hostile offset near u64::MAX must not wrap round (found by `make fuzz`).
    if offset
        .checked_add(bytes.len() as u64)
        .is_none_or(|end| end > total)
    {
        return Err(BlobError::PastTheEnd);
    }
    if offset == 0 && sniff(&bytes).is_none() {
        return Err(BlobError::NotAnImage);
    }
    may_upload(db, from.scope, &hash).await?;
    let chunk = Chunk {
        hash: hash.clone(),
        offset,
        bytes,
        device: from.device,
        at: chrono::Utc::now().timestamp(),
        quota: from.quota,
    };
    let now = match db.blob_append(chunk).await? {
        Appended::Held(h) => h,
        Appended::OverQuota { held_by_device } => {
            return Err(BlobError::OverQuota {
                held: held_by_device,
                quota: from.quota,
            });
        }
    };
    if now.complete || now.received < total {
        return Ok(status(hash, now));
    }
    let data = db.blob_assemble(hash.clone()).await?;
    if data.len() as u64 != total || hash_of(&data) != hash {
        db.blob_finish(hash, None).await?;
        return Err(BlobError::Mismatch);
    }
    db.blob_finish(hash.clone(), Some((data, from.device)))
        .await?;
    Ok(status(
        hash,
        Held {
            received: total,
            complete: true,
        },
    ))
}

/// The bytes of a photo to send: the whole photo, or the range `[start, end)` of it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Content {
    pub mime: &'static str,
    pub size: u64,
    pub range: Option<(u64, u64)>,
    pub bytes: Vec<u8>,
}

/// The range `[start, end)` a `Range` header asks of a photo of `size` bytes. `None` means the
/// whole photo: no header, or one served whole as HTTP allows (other units, several ranges,
/// unreadable). A range starting past the end is refused.
pub fn byte_range(header: Option<&str>, size: u64) -> Result<Option<(u64, u64)>, BlobError> {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Ok(None);
    };
    if spec.contains(',') {
        return Ok(None);
    }
    let Some((a, b)) = spec.split_once('-') else {
        return Ok(None);
    };
    let (a, b) = (a.trim(), b.trim());
    let range = if a.is_empty() {
        // The last `b` bytes.
        match b.parse::<u64>() {
            Ok(0) => return Err(BlobError::BadRange { size }),
            Ok(n) => (size.saturating_sub(n), size),
            Err(_) => return Ok(None),
        }
    } else {
        let Ok(start) = a.parse::<u64>() else {
            return Ok(None);
        };
        let end = match b {
            "" => size,
            b => match b.parse::<u64>() {
                Ok(last) if last >= start => (last + 1).min(size),
                _ => return Ok(None),
            },
        };
        (start, end)
    };
    if range.0 >= size {
        return Err(BlobError::BadRange { size });
    }
    Ok(Some(range))
}

/// A complete photo (or the range `range` asks of it) for a device with `scope`: only when a
/// check in its scope names it (`None`: the whole province, for the CLI).
pub async fn content<B: Backend>(
    db: &B,
    scope: Option<&Scope>,
    hash: String,
    range: Option<&str>,
) -> Result<Content, BlobError> {
    if !valid_hash(&hash) {
        return Err(BlobError::BadName);
    }
    if let Some(scope) = scope {
        match named_in(db, scope, &hash).await? {
            None => return Err(BlobError::NotFound),
            Some(false) => return Err(BlobError::OutOfScope),
            Some(true) => {}
        }
    } else if db.photo_owners(hash.clone()).await?.is_empty() {
        return Err(BlobError::NotFound);
    }
    let held = db.blob_held(hash.clone()).await?;
    if !held.complete {
        return Err(BlobError::NotFound);
    }
    let asked = byte_range(range, held.received)?;
    let (start, end) = asked.unwrap_or((0, held.received));
    let part = db
        .blob_part(hash, start, end - start)
        .await?
        .ok_or(BlobError::NotFound)?;
    Ok(Content {
        // Only JPEG and PNG are ever accepted; the fallback is for a hand-edited database.
        mime: sniff(&part.head).map_or("application/octet-stream", |t| t.mime()),
        size: part.size,
        range: asked,
        bytes: part.bytes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(h: &str, size: u64) -> Result<Option<(u64, u64)>, ()> {
        byte_range(Some(h), size).map_err(|_| ())
    }

    #[test]
    fn ranges_as_http_reads_them() {
        assert_eq!(byte_range(None, 10).ok(), Some(None));
        assert_eq!(r("bytes=0-3", 10), Ok(Some((0, 4))));
        assert_eq!(r("bytes=4-", 10), Ok(Some((4, 10))));
        assert_eq!(r("bytes=4-99", 10), Ok(Some((4, 10))));
        assert_eq!(r("bytes=-3", 10), Ok(Some((7, 10))));
        assert_eq!(r("bytes=-30", 10), Ok(Some((0, 10))));
        assert_eq!(r("bytes=9-9", 10), Ok(Some((9, 10))));
        // Served whole.
        assert_eq!(r("bytes=0-1,4-5", 10), Ok(None));
        assert_eq!(r("items=0-1", 10), Ok(None));
        assert_eq!(r("bytes=5-2", 10), Ok(None));
        assert_eq!(r("bytes=x-", 10), Ok(None));
        // Past the end.
        assert_eq!(r("bytes=10-", 10), Err(()));
        assert_eq!(r("bytes=-0", 10), Err(()));
    }
}
