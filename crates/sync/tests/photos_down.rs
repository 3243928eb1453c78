//! Photos coming down over real HTTP: a check recorded on one device brings its photo to
//! another device of the same scope (checked, stored, not queued for upload again); a device
//! outside the scope is refused the bytes; a download cut mid-way resumes where it stopped and
//! never holds up the changes; a body that does not match its name is not stored.
#![allow(clippy::unwrap_used)]

mod common;

use common::checks::*;
use common::cutter::Cutter;
use common::*;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::funduse::Outcome;
use vonxa_domain::funduse::photo::hash_of;
use vonxa_domain::roles::Role;
use vonxa_protocol::{ErrorCode, Outcome as Pushed, PROTOCOL_VERSION, Scope, VERSION_HEADER};
use vonxa_province::Backend;
use vonxa_sync::{Client, SyncError};

fn code_of<T: std::fmt::Debug>(r: vonxa_sync::SyncResult<T>) -> (u16, ErrorCode) {
    match r {
        Err(SyncError::Api { status, body }) => (status, body.code),
        other => panic!("expected an API error, got {other:?}"),
    }
}

/// A raw GET of a photo's bytes with this device's token.
async fn get_raw(url: &str, hash: &str, tok: &str, range: Option<&str>) -> reqwest::Response {
    let mut rb = reqwest::Client::new()
        .get(format!("{url}/v1/blobs/{hash}/content"))
        .header(VERSION_HEADER, PROTOCOL_VERSION.to_string())
        .bearer_auth(tok);
    if let Some(r) = range {
        rb = rb.header(reqwest::header::RANGE, r);
    }
    rb.send().await.unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_comes_down_to_another_device_of_the_scope() {
    let tmp = tempfile::tempdir().unwrap();
    down_flow(sqlite_province(&tmp).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_comes_down_from_a_postgres_province() {
    if let Some(p) = pg_province().await {
        down_flow(p).await;
    }
}

async fn down_flow<B: Backend>(p: Province<B>) {
    let (a, loans) = with_loans(&p, &p.url, 2).await;
    let jpeg = photo(600_000, 7);
    let (_, hash) = record_with_photo(&a, &loans[0], Outcome::Fronted, &jpeg);
    let r = a.sync().await.unwrap();
    assert_eq!(
        (r.photos, r.photos_fetched),
        (1, 0),
        "its own photo stays put"
    );

    // The point officer's laptop: same scope, never saw the photo.
    let b = Dev::new();
    b.enrol(&p.url, &p.code(Role::PointLeader).await).await;
    let r = b.sync().await.unwrap();
    assert_eq!(r.photos_fetched, 1);
    assert_eq!(r.photo_bytes_fetched, jpeg.len() as u64);
    let got = b.lock().photo(&hash).unwrap().expect("the photo came down");
    assert_eq!((got.bytes, got.mime.as_str()), (jpeg.clone(), "image/jpeg"));
    assert!(b.lock().pending_uploads().unwrap().is_empty(), "not queued");
    assert!(b.lock().missing_photos().unwrap().is_empty());
    let r = b.sync().await.unwrap();
    assert_eq!((r.photos, r.photo_bytes_fetched), (0, 0), "nothing again");

    // The endpoint: a range, the whole photo with its type, past the end.
    let client = Client::new(&p.url, Some(token(&b))).unwrap();
    let part = client.blob_range(&hash, 100, 50).await.unwrap();
    assert_eq!((part.start, part.size), (100, jpeg.len() as u64));
    assert_eq!(part.bytes, jpeg[100..150]);
    let whole = get_raw(&p.url, &hash, &token(&b), None).await;
    assert_eq!(whole.status(), 200);
    assert_eq!(whole.headers()["content-type"], "image/jpeg");
    assert_eq!(whole.bytes().await.unwrap(), jpeg);
    let past = get_raw(&p.url, &hash, &token(&b), Some("bytes=600000-")).await;
    assert_eq!(past.status(), 416);
    assert_eq!(past.headers()["content-range"], "bytes */600000");
    let nobody = hash_of(b"named by no check");
    assert_eq!(
        code_of(client.blob_range(&nobody, 0, 10).await),
        (404, ErrorCode::NotFound)
    );

    // Another commune's device is refused the bytes.
    let far = Dev::new();
    let code = vonxa_province::admin::create_enrol_code(
        &p.db,
        Scope::Points {
            codes: vec!["51-99999-01".into()],
        },
        Role::Admin,
    )
    .await
    .unwrap();
    far.enrol(&p.url, &code).await;
    let other = Client::new(&p.url, Some(token(&far))).unwrap();
    assert_eq!(
        code_of(other.blob_range(&hash, 0, 10).await),
        (403, ErrorCode::Forbidden)
    );
    let far_raw = get_raw(&p.url, &hash, &token(&far), None).await;
    assert_eq!(far_raw.status(), 403);

    // A check naming a photo the province does not have yet: nothing to fetch, no failure;
    // then the province holds bytes that do not match the name: they are not kept.
    let real = photo(5_000, 8);
    let named = hash_of(&real);
    let mut c = check_of(&loans[1], Outcome::UsedAsIntended);
    c.photos = vec![named.clone()];
    let change = a.forged(
        EntityKind::FundCheck,
        Op::Insert,
        c.id.as_uuid(),
        serde_json::to_value(&c).unwrap(),
    );
    let pushed = a.push_raw(&p.url, vec![change]).await;
    assert_eq!(pushed.results[0].outcome, Pushed::Accepted, "{pushed:?}");
    assert_eq!(
        code_of(client.blob_range(&named, 0, 10).await),
        (404, ErrorCode::NotFound)
    );
    let r = b.sync().await.unwrap();
    assert_eq!((r.photos_fetched, r.photos_refused), (0, 0));
    assert_eq!(b.lock().missing_photos().unwrap()[0].hash, named);

    let forged = photo(5_000, 9);
    let dev = a.lock().device_id();
    p.db.blob_finish(named.clone(), Some((forged, dev)))
        .await
        .unwrap();
    let r = b.sync().await.unwrap();
    assert_eq!((r.photos_fetched, r.photos_refused), (0, 1));
    assert!(b.lock().photo(&named).unwrap().is_none(), "not stored");
    let left = b.lock().missing_photos().unwrap();
    assert_eq!((left[0].failures, left[0].received), (1, 0), "kept nothing");
    // Given up after three refusals.
    b.sync().await.unwrap();
    b.sync().await.unwrap();
    assert!(b.lock().missing_photos().unwrap().is_empty());
    let r = b.sync().await.unwrap();
    assert_eq!(r.photo_bytes_fetched, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_download_cut_midway_resumes_and_never_holds_up_the_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let (a, loans) = with_loans(&p, &p.url, 1).await;
    let cut = Cutter::start(p.addr).await;
    let b = Dev::new();
    b.enrol(&cut.url, &p.code(Role::Admin).await).await;
    b.settle(3).await;

    let big = photo(3 * 1024 * 1024 + 77, 3);
    let (_, hash) = record_with_photo(&a, &loans[0], Outcome::NotYetUsed, &big);
    assert_eq!(a.sync().await.unwrap().photos, 1);

    // B edits a household, then its line drops a third of the way into the photo.
    let h = b.households()[0].id.as_uuid();
    b.edit_address(h, "Thôn Gò Chè, xã Minh Long").unwrap();
    cut.allow_down(1024 * 1024);
    assert!(b.sync().await.is_err(), "the pass was cut");
    assert_eq!(b.lock().change_counts().unwrap().pending, 0, "pushed first");
    let seen: Vec<vonxa_domain::funduse::FundCheck> =
        vonxa_store::queries::docs(b.lock().connection(), "SELECT doc FROM fund_checks", [])
            .unwrap();
    assert_eq!(seen.len(), 1, "the check was pulled before the photo");
    let d = b.lock().missing_photos().unwrap();
    assert_eq!(
        (d[0].hash.as_str(), d[0].size),
        (hash.as_str(), Some(big.len() as u64))
    );
    assert!(
        d[0].received > 0 && d[0].received < big.len() as u64,
        "{:?}",
        d[0]
    );
    assert!(b.lock().photo(&hash).unwrap().is_none());

    // The line is back: the download goes on from what was kept, not from 0.
    cut.heal();
    let r = b.sync().await.unwrap();
    assert_eq!(r.photos_fetched, 1);
    assert_eq!(r.photo_bytes_fetched, big.len() as u64 - d[0].received);
    assert_eq!(b.lock().photo(&hash).unwrap().unwrap().bytes, big);
    assert!(b.lock().missing_photos().unwrap().is_empty());
}
