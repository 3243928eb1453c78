//! Photo uploads: resumable, in chunks, apart from the change log. A device asks how much
//! the province holds (`received`) and sends the next chunk from there; when the last byte
//! arrives the province checks the SHA-256 against the name, keeps the photo and drops the
//! chunks (or drops them all when the hash does not match, so the device starts again).

use crate::db::{Backend, DbError, Held};
use vonxa_domain::DeviceId;
use vonxa_domain::funduse::photo::{MAX_PHOTO_BYTES, check_size, hash_of, sniff, valid_hash};
use vonxa_protocol::BlobStatus;

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

/// How much of the photo `hash` the province holds.
pub async fn held<B: Backend>(db: &B, hash: String) -> Result<BlobStatus, BlobError> {
    if !valid_hash(&hash) {
        return Err(BlobError::BadName);
    }
    Ok(status(hash.clone(), db.blob_held(hash).await?))
}

/// Take one chunk of the photo `hash` (of `total` bytes) at `offset`. A chunk that does not
/// start where the upload stands changes nothing: the answer says where to go on from.
pub async fn put<B: Backend>(
    db: &B,
    device: DeviceId,
    hash: String,
    offset: u64,
    total: u64,
    bytes: Vec<u8>,
) -> Result<BlobStatus, BlobError> {
    if !valid_hash(&hash) {
        return Err(BlobError::BadName);
    }
    check_size(total).map_err(|_| BlobError::TooLarge)?;
    if offset + bytes.len() as u64 > total {
        return Err(BlobError::PastTheEnd);
    }
    if offset == 0 && sniff(&bytes).is_none() {
        return Err(BlobError::NotAnImage);
    }
    let now = db.blob_append(hash.clone(), offset, bytes).await?;
    if now.complete || now.received < total {
        return Ok(status(hash, now));
    }
    let data = db.blob_assemble(hash.clone()).await?;
    if data.len() as u64 != total || hash_of(&data) != hash {
        db.blob_finish(hash, None).await?;
        return Err(BlobError::Mismatch);
    }
    db.blob_finish(hash.clone(), Some((data, device))).await?;
    Ok(status(
        hash,
        Held {
            received: total,
            complete: true,
        },
    ))
}
