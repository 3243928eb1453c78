//! The cases, each on a fresh database of the backend under test.

use super::*;
use vonxa_domain::funduse::photo::hash_of;
use vonxa_province::limits::sweep_uploads;

const KIB: usize = 1024;

fn refused(r: &(u16, Value), status: u16, code: &str) {
    assert_eq!((r.0, r.1["code"].as_str()), (status, Some(code)), "{}", r.1);
}

async fn received<B: Backend>(db: &B, photo: &[u8]) -> u64 {
    db.blob_held(hash_of(photo)).await.unwrap().received
}

/// A chunk for a photo no check names, or that only a check of another point names, is
/// refused 403 and nothing is stored; a check in scope lets the upload through.
pub async fn photos_only_for_checks_in_scope<B: Backend>(db: B) {
    let (_, loan_a, loan_b) = two_loans(&db).await;
    let s = serve(&db, Limits::default()).await;
    let api = Api::new(&s);
    let a = api.enrol(&db, points(&[POINT_CODE])).await;
    let b = api.enrol(&db, points(&["51-21361-02"])).await;
    let (mine, theirs, nobody) = (
        photo(600 * KIB, 1),
        photo(300 * KIB, 2),
        photo(300 * KIB, 3),
    );
    check_naming(&api, &a, &loan_a, &[&mine]).await;
    check_naming(&api, &b, &loan_b, &[&theirs]).await;

    // Named by no check: refused, nothing stored, no status either.
    refused(&api.put(&a, &nobody, 0, 256 * KIB).await, 403, "forbidden");
    assert_eq!(received(&db, &nobody).await, 0);
    refused(&api.status(&a, &hash_of(&nobody)).await, 403, "forbidden");
    // Named by a check of another point: the same.
    refused(&api.put(&a, &theirs, 0, 256 * KIB).await, 403, "forbidden");
    assert_eq!(received(&db, &theirs).await, 0);
    refused(&api.status(&a, &hash_of(&theirs)).await, 403, "forbidden");

    // The other point's own device uploads it.
    let r = api.put(&b, &theirs, 0, 256 * KIB).await;
    assert_eq!(
        (r.0, r.1["received"].as_u64()),
        (200, Some(256 * 1024)),
        "{}",
        r.1
    );
    // In scope: status, then the whole photo in three chunks.
    let r = api.status(&a, &hash_of(&mine)).await;
    assert_eq!((r.0, r.1["received"].as_u64()), (200, Some(0)), "{}", r.1);
    for (from, to) in [
        (0, 256 * KIB),
        (256 * KIB, 512 * KIB),
        (512 * KIB, mine.len()),
    ] {
        assert_eq!(api.put(&a, &mine, from, to).await.0, 200);
    }
    let r = api.status(&a, &hash_of(&mine)).await;
    assert_eq!(r.1["complete"], true, "{}", r.1);
    assert_eq!(db.blob(hash_of(&mine)).await.unwrap(), Some(mine));
}

/// Bytes held in unfinished uploads are capped per device: over the quota → 429, nothing
/// stored; a finished photo frees its share.
pub async fn unfinished_uploads_have_a_quota<B: Backend>(db: B) {
    let (_, loan_a, _) = two_loans(&db).await;
    let limits = Limits {
        upload_quota_mib: 1,
        ..Limits::default()
    };
    let s = serve(&db, limits).await;
    let api = Api::new(&s);
    let a = api.enrol(&db, points(&[POINT_CODE])).await;
    let (p1, p2) = (photo(800 * KIB, 4), photo(800 * KIB, 5));
    check_naming(&api, &a, &loan_a, &[&p1, &p2]).await;

    assert_eq!(api.put(&a, &p1, 0, 600 * KIB).await.0, 200);
    refused(&api.put(&a, &p2, 0, 600 * KIB).await, 429, "rate_limited");
    assert_eq!(received(&db, &p2).await, 0, "nothing stored over the quota");
    assert_eq!(db.uploads_held(a.id).await.unwrap(), 600 * 1024);
    // The first photo completes: its chunks are gone, the second one fits.
    let r = api.put(&a, &p1, 600 * KIB, p1.len()).await;
    assert_eq!(r.1["complete"], true, "{}", r.1);
    assert_eq!(db.uploads_held(a.id).await.unwrap(), 0);
    assert_eq!(api.put(&a, &p2, 0, 600 * KIB).await.0, 200);
}

/// Photo bytes per second are a token bucket per device: past the burst → 429.
pub async fn photo_bytes_are_rate_limited<B: Backend>(db: B) {
    let (_, loan_a, _) = two_loans(&db).await;
    let limits = Limits {
        photo_rate_kib: 1,
        photo_burst_mib: 1,
        ..Limits::default()
    };
    let s = serve(&db, limits).await;
    let api = Api::new(&s);
    let a = api.enrol(&db, points(&[POINT_CODE])).await;
    let p = photo(1_300 * KIB, 6);
    check_naming(&api, &a, &loan_a, &[&p]).await;
    assert_eq!(api.put(&a, &p, 0, 600 * KIB).await.0, 200);
    refused(
        &api.put(&a, &p, 600 * KIB, 1_200 * KIB).await,
        429,
        "rate_limited",
    );
    assert_eq!(received(&db, &p).await, 600 * 1024);
}

/// An upload untouched for the expiry is swept (periodically, and when the province starts):
/// its status answers 0 and the device starts again from 0.
pub async fn expired_uploads_are_swept<B: Backend>(db: B) {
    let (_, loan_a, _) = two_loans(&db).await;
    let s = serve(&db, Limits::default()).await;
    let api = Api::new(&s);
    let a = api.enrol(&db, points(&[POINT_CODE])).await;
    let p = photo(700 * KIB, 7);
    check_naming(&api, &a, &loan_a, &[&p]).await;
    assert_eq!(api.put(&a, &p, 0, 300 * KIB).await.0, 200);

    let now = chrono::Utc::now().timestamp();
    let ttl = Limits::default().upload_expiry();
    assert_eq!(ttl.as_secs(), 48 * 3600);
    let hour = 3600;
    assert_eq!(
        sweep_uploads(&db, ttl, now + 47 * hour).await.unwrap(),
        (0, 0)
    );
    assert_eq!(received(&db, &p).await, 300 * 1024);
    let swept = sweep_uploads(&db, ttl, now + 49 * hour).await.unwrap();
    assert_eq!(swept, (1, 300 * 1024));
    let r = api.status(&a, &hash_of(&p)).await;
    assert_eq!((r.0, r.1["received"].as_u64()), (200, Some(0)), "{}", r.1);
    assert_eq!(db.uploads_held(a.id).await.unwrap(), 0);
    // Going on from the old offset stores nothing; the device starts again from 0.
    let r = api.put(&a, &p, 300 * KIB, 600 * KIB).await;
    assert_eq!((r.0, r.1["received"].as_u64()), (200, Some(0)), "{}", r.1);
    assert_eq!(api.put(&a, &p, 0, 300 * KIB).await.0, 200);
    drop(s);

    // A province started with an expiry of 0 h sweeps it before serving.
    tokio::time::sleep(std::time::Duration::from_millis(1_100)).await;
    let limits = Limits {
        upload_expiry_hours: 0,
        ..Limits::default()
    };
    let s = serve(&db, limits).await;
    let r = Api::new(&s).status(&a, &hash_of(&p)).await;
    assert_eq!((r.0, r.1["received"].as_u64()), (200, Some(0)), "{}", r.1);
}

/// The same refused change pushed again and again is one audit row that counts.
pub async fn a_repeated_refusal_counts<B: Backend>(db: B) {
    let (r, _, _) = two_loans(&db).await;
    let s = serve(&db, Limits::default()).await;
    let api = std::sync::Arc::new(Api::new(&s));
    let a = api.enrol(&db, points(&[POINT_CODE])).await;
    // A household of a point the province does not know: unknown_parent, no change row.
    let orphan = push_change(
        &a,
        EntityKind::Household,
        household(Uuid::now_v7(), r.village, Uuid::now_v7(), "Số 7"),
    );
    let pushes = 1_000;
    let tasks: Vec<_> = (0..4)
        .map(|_| {
            let (api, a, c) = (api.clone(), a.clone(), orphan.clone());
            tokio::spawn(async move {
                for _ in 0..pushes / 4 {
                    let (status, r) = api.push(&a, vec![c.clone()]).await;
                    assert_eq!(status, 200);
                    assert_eq!(r["results"][0]["code"], "unknown_parent");
                }
            })
        })
        .collect();
    for t in tasks {
        t.await.unwrap();
    }
    let rows = db.refusals().await.unwrap();
    let of = |id: Uuid| rows.iter().filter(|x| x.0 == id).count();
    assert_eq!(of(orphan.change_id.0), 1, "one row, however often");
    let counts = db.refusal_counts().await.unwrap();
    let c = counts
        .iter()
        .find(|c| c.change_id == orphan.change_id.0)
        .unwrap();
    assert_eq!(
        (c.count, c.code.as_str(), c.device_id),
        (pushes, "unknown_parent", a.id)
    );
    assert!(c.first_at <= c.last_at);

    // A change id reused with another body: counted per body.
    let ok = push_change(
        &a,
        EntityKind::Household,
        household(Uuid::now_v7(), r.village, r.point, "Số 5"),
    );
    assert_eq!(
        api.push(&a, vec![ok.clone()]).await.1["results"][0]["outcome"],
        "accepted"
    );
    let mut forged = ok.clone();
    forged.payload["address"] = json!("Số 6");
    for _ in 0..3 {
        let (_, r) = api.push(&a, vec![forged.clone(), forged.clone()]).await;
        assert_eq!(r["results"][0]["code"], "id_reused");
    }
    forged.payload["address"] = json!("Số 8");
    api.push(&a, vec![forged]).await;
    let counts: Vec<i64> = db
        .refusal_counts()
        .await
        .unwrap()
        .iter()
        .filter(|c| c.change_id == ok.change_id.0)
        .map(|c| c.count)
        .collect();
    assert_eq!(counts, vec![6, 1]);
    assert_eq!(db.refusals().await.unwrap().len(), rows.len() + 2);
}
