//! The last step of a pass: photos of local checks, uploaded apart from the change log so a
//! large one never holds up other changes (the check itself went with the pushes, naming its
//! photos by hash). Each upload asks the province how much it holds and goes on from there in
//! chunks, recording the offset after each one: a cut anywhere resumes where the province
//! stands. A change recorded meanwhile ends the step (the write's trigger starts the next
//! pass, which pushes it first and then goes on with the photo). A photo the province refuses for good (too large, not an image) is marked so and
//! not sent again; a hash mismatch starts the photo again from 0 on the next pass. A photo no
//! accepted check in the device's scope names yet (its check waits for its parent, or was
//! refused) is `forbidden`: it stays queued and the pass goes on with the next one.

use crate::access::{StoreAccess, SyncReport, with_store};
use crate::client::Client;
use crate::error::{SyncError, SyncResult};
use vonxa_protocol::{BLOB_CHUNK_BYTES, ErrorCode};

/// Upload every pending photo (until a new change waits to be pushed).
pub async fn upload_photos<S: StoreAccess>(
    store: &S,
    client: &Client,
    report: &mut SyncReport,
) -> SyncResult<()> {
    let pending = with_store(store, |s| s.pending_uploads()).await?;
    for up in pending {
        let hash = up.hash.clone();
        let mut status = match client.blob_status(&hash).await {
            Ok(status) => status,
            Err(e) if forbidden(&e) => continue,
            Err(e) => return Err(e),
        };
        while !status.complete {
            let (h, from) = (hash.clone(), status.received);
            let chunk =
                with_store(store, move |s| s.blob_chunk(&h, from, BLOB_CHUNK_BYTES)).await?;
            if chunk.is_empty() {
                // The province holds more than the photo: start over on the next pass.
                break;
            }
            let n = chunk.len() as u64;
            match client.put_blob(&hash, from, up.size, chunk).await {
                Ok(next) => {
                    report.photo_bytes += n;
                    if next.received == from && !next.complete {
                        // It stands elsewhere (another upload of the same photo): ask again.
                        status = client.blob_status(&hash).await?;
                    } else {
                        status = next;
                    }
                }
                Err(SyncError::Api { body, .. })
                    if matches!(body.code, ErrorCode::TooLarge | ErrorCode::BadRequest) =>
                {
                    let (h, msg) = (hash.clone(), body.message.clone());
                    let permanent = body.code == ErrorCode::TooLarge || from == 0;
                    if permanent && !msg.contains("do not match") {
                        with_store(store, move |s| s.finish_upload(&h, Some(&msg))).await?;
                    } else {
                        with_store(store, move |s| s.set_upload_sent(&h, 0)).await?;
                    }
                    break;
                }
                Err(e) if forbidden(&e) => break,
                Err(e) => return Err(e),
            }
            let (h, sent) = (hash.clone(), status.received);
            let newer = with_store(store, move |s| {
                s.set_upload_sent(&h, sent)?;
                s.has_pending()
            })
            .await?;
            if newer && !status.complete {
                return Ok(());
            }
        }
        if status.complete {
            report.photos += 1;
            let h = hash.clone();
            with_store(store, move |s| s.finish_upload(&h, None)).await?;
        }
    }
    Ok(())
}

/// The province takes the photo only once an accepted check in this device's scope names it.
fn forbidden(e: &SyncError) -> bool {
    matches!(e, SyncError::Api { body, .. } if body.code == ErrorCode::Forbidden)
}
