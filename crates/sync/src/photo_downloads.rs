//! The very last step of a pass: photos named by checks this device holds (pulled from
//! another device of its scope) but not stored here come down from the province, a range of
//! [`BLOB_CHUNK_BYTES`] at a time. Each range is kept as it arrives, so a cut download resumes
//! where it stopped on the next pass. A complete photo is checked by the store (SHA-256 equal
//! to its name, JPEG or PNG, size) and kept without entering the upload queue; one that fails
//! is dropped and tried again from 0 on a later pass (up to three times). A change recorded
//! meanwhile ends the step, as for uploads: the next pass pushes it first.

use crate::access::{StoreAccess, SyncReport, with_store};
use crate::client::Client;
use crate::error::{SyncError, SyncResult};
use vonxa_domain::funduse::photo::{MAX_PHOTO_BYTES, valid_hash};
use vonxa_protocol::{BLOB_CHUNK_BYTES, ErrorCode};
use vonxa_store::photo_downloads::Fetched;

/// How one photo's download ended.
enum Step {
    /// Done with this photo for this pass (stored, refused, absent, or to start again).
    Next,
    /// A new local change waits: end the step.
    Yield,
}

/// Fetch every photo the device's checks name and it does not hold (until a new change
/// waits to be pushed).
pub async fn download_photos<S: StoreAccess>(
    store: &S,
    client: &Client,
    report: &mut SyncReport,
) -> SyncResult<()> {
    let missing = with_store(store, |s| s.missing_photos()).await?;
    for d in missing.into_iter().filter(|d| valid_hash(&d.hash)) {
        if let Step::Yield = download(store, client, d.hash, d.received, report).await? {
            return Ok(());
        }
    }
    Ok(())
}

async fn download<S: StoreAccess>(
    store: &S,
    client: &Client,
    hash: String,
    mut at: u64,
    report: &mut SyncReport,
) -> SyncResult<Step> {
    let restart = |h: String| with_store(store, move |s| s.restart_download(&h));
    loop {
        let part = match client.blob_range(&hash, at, BLOB_CHUNK_BYTES).await {
            Ok(p) => p,
            // Not at the province yet, or no longer in scope: maybe on a later pass.
            Err(SyncError::Api { body, .. })
                if matches!(body.code, ErrorCode::NotFound | ErrorCode::Forbidden) =>
            {
                return Ok(Step::Next);
            }
            // What is held runs past the photo: start again.
            Err(SyncError::Api { body, .. }) if body.code == ErrorCode::RangeNotSatisfiable => {
                restart(hash).await?;
                return Ok(Step::Next);
            }
            Err(e) => return Err(e),
        };
        if part.start == 0 && at != 0 {
            // The whole photo came back: keep it from the start.
            restart(hash.clone()).await?;
            at = 0;
        }
        let n = part.bytes.len() as u64;
        if part.start != at || n == 0 || part.size > MAX_PHOTO_BYTES {
            restart(hash).await?;
            return Ok(Step::Next);
        }
        let (h, size, bytes) = (hash.clone(), part.size, part.bytes);
        let held = with_store(store, move |s| s.add_download_part(&h, size, at, &bytes)).await?;
        report.photo_bytes_fetched += n;
        if held >= size {
            let h = hash.clone();
            match with_store(store, move |s| s.finish_download(&h)).await? {
                Fetched::Stored => report.photos_fetched += 1,
                Fetched::Rejected(why) => {
                    tracing::warn!(hash = %hash, %why, "a downloaded photo was refused");
                    report.photos_refused += 1;
                }
            }
            return Ok(Step::Next);
        }
        if held != at + n {
            // The part did not continue what was held (the size changed): next pass.
            return Ok(Step::Next);
        }
        at = held;
        if with_store(store, |s| s.has_pending()).await? {
            return Ok(Step::Yield);
        }
    }
}
