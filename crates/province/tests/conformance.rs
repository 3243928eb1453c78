//! One conformance suite, generic over the storage trait, run on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used)]

mod cases;
mod support;

use std::collections::HashSet;
use support::*;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_protocol::{Outcome, RejectCode};
use vonxa_province::Backend;
use vonxa_province::admin;
use vonxa_province::auth::{code_hash, sha256_hex};
use vonxa_province::db::sqlite::SqliteBackend;
use vonxa_province::db::{NewEnrolCode, Redeem};

async fn enrolment<B: Backend>(db: &B) {
    let now = chrono::Utc::now();
    let code = admin::create_enrol_code(db, points(&[POINT_CODE]), Role::PointTeller)
        .await
        .unwrap();
    let dev = vonxa_domain::DeviceId(Uuid::now_v7());
    let redeem = |token: &str| Redeem {
        code_hash: code_hash(&code),
        device: dev,
        token_hash: sha256_hex(token.as_bytes()),
        label: "máy 1".into(),
        now,
    };
    let rec = db
        .redeem(redeem("t1"))
        .await
        .unwrap()
        .device()
        .expect("first use");
    assert_eq!(rec.id, dev);
    assert_eq!(rec.role, Role::PointTeller);
    assert!(
        db.redeem(redeem("t2")).await.unwrap().device().is_none(),
        "one use only"
    );
    // Expired codes do not work.
    db.add_enrol_code(NewEnrolCode {
        code_hash: code_hash("OLD-CODE"),
        scope: points(&[POINT_CODE]),
        role: Role::Viewer,
        created_at: now - chrono::Duration::hours(48),
        expires_at: now - chrono::Duration::hours(24),
    })
    .await
    .unwrap();
    let old = Redeem {
        code_hash: code_hash("old code"),
        ..redeem("t3")
    };
    assert!(db.redeem(old).await.unwrap().device().is_none(), "expired");
    let found = db
        .device_by_token(sha256_hex(b"t1"))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, dev);
    assert!(
        db.device_by_token(sha256_hex(b"t2"))
            .await
            .unwrap()
            .is_none()
    );
    db.touch(dev, now, true).await.unwrap();
    let listed = db.devices().await.unwrap();
    assert!(listed.iter().any(|d| d.id == dev && d.last_sync.is_some()));
    assert!(db.revoke(dev, now).await.unwrap());
    let revoked = db
        .device_by_token(sha256_hex(b"t1"))
        .await
        .unwrap()
        .unwrap();
    assert!(revoked.revoked_at.is_some());
    assert!(
        !db.revoke(vonxa_domain::DeviceId(Uuid::now_v7()), now)
            .await
            .unwrap()
    );
    cases::identity::enrolled_once(db, dev, now).await;
}

async fn push_and_pull<B: Backend>(db: &B) {
    let epoch = db.epoch().await.unwrap();
    assert_eq!(db.epoch().await.unwrap(), epoch, "stable");
    let (r, refs) = reference();
    let results = admin::import(db, refs).await.unwrap();
    assert!(
        results.iter().all(|r| r.outcome == Outcome::Accepted),
        "{results:?}"
    );
    let a = device(Role::PointTeller, points(&[POINT_CODE]));
    let b = device(Role::PointLeader, points(&[POINT_CODE]));
    let outsider = device(Role::Admin, points(&["51-21361-02"]));
    let h1 = Uuid::now_v7();
    let ins = change(
        &a,
        EntityKind::Household,
        Op::Insert,
        household(h1, r.village, r.point, "Số 1"),
        0,
    );
    let first = db.ingest(page(&a, vec![ins.clone()])).await.unwrap();
    assert_eq!(first[0].outcome, Outcome::Accepted);
    let seq = first[0].server_seq.unwrap();
    // Idempotent: the same change again gets the same answer and adds nothing.
    let again = db.ingest(page(&a, vec![ins.clone()])).await.unwrap();
    assert_eq!(again[0].server_seq, Some(seq));
    assert_eq!(db.head().await.unwrap(), seq);
    // Same id, different body: refused.
    let mut forged = ins.clone();
    forged.payload["address"] = "Số 99".into();
    let r2 = db.ingest(page(&a, vec![forged])).await.unwrap();
    assert_eq!(r2[0].code, Some(RejectCode::IdReused));
    // Out of scope, invalid, unknown parent, wrong device, forbidden role, append-only: each
    // refused with its code, none blocking the valid change after them.
    let h2 = Uuid::now_v7();
    let bad_addr = "x".repeat(300);
    let mut wrong_dev = change(
        &a,
        EntityKind::Household,
        Op::Insert,
        household(Uuid::now_v7(), r.village, r.point, "y"),
        0,
    );
    wrong_dev.device_id = b.id;
    let viewer = device(Role::Viewer, points(&[POINT_CODE]));
    let mixed = vec![
        change(
            &a,
            EntityKind::Household,
            Op::Insert,
            household(Uuid::now_v7(), r.other_village, r.other_point, "z"),
            0,
        ),
        change(
            &a,
            EntityKind::Household,
            Op::Insert,
            household(Uuid::now_v7(), r.village, r.point, &bad_addr),
            0,
        ),
        change(
            &a,
            EntityKind::Household,
            Op::Insert,
            household(Uuid::now_v7(), r.village, Uuid::now_v7(), "z"),
            0,
        ),
        wrong_dev,
        change(
            &a,
            EntityKind::Household,
            Op::Insert,
            household(h2, r.village, r.point, "Số 2"),
            0,
        ),
    ];
    let res = db.ingest(page(&a, mixed)).await.unwrap();
    let codes: Vec<_> = res.iter().map(|r| r.code).collect();
    assert_eq!(
        codes,
        vec![
            Some(RejectCode::OutOfScope),
            Some(RejectCode::Invalid),
            Some(RejectCode::UnknownParent),
            Some(RejectCode::WrongDevice),
            None
        ]
    );
    assert_eq!(res[1].field.as_deref(), Some("address"));
    let forbidden = db
        .ingest(page(
            &viewer,
            vec![change(
                &viewer,
                EntityKind::Household,
                Op::Insert,
                household(Uuid::now_v7(), r.village, r.point, "v"),
                0,
            )],
        ))
        .await
        .unwrap();
    assert_eq!(forbidden[0].code, Some(RejectCode::Forbidden));
    let upd_out = db
        .ingest(page(
            &outsider,
            vec![change(
                &outsider,
                EntityKind::Household,
                Op::Update,
                household(h1, r.other_village, r.other_point, "moved"),
                seq,
            )],
        ))
        .await
        .unwrap();
    assert_eq!(
        upd_out[0].code,
        Some(RejectCode::OutOfScope),
        "cannot take a record out of another scope"
    );
    // Conflicts: b edits h1 from an old base after a's edit.
    let a_edit = change(
        &a,
        EntityKind::Household,
        Op::Update,
        household(h1, r.village, r.point, "A"),
        seq,
    );
    let a_res = db.ingest(page(&a, vec![a_edit])).await.unwrap();
    let v2 = a_res[0].server_seq.unwrap();
    let b_edit = change(
        &b,
        EntityKind::Household,
        Op::Update,
        household(h1, r.village, r.point, "B"),
        seq,
    );
    let b_res = db.ingest(page(&b, vec![b_edit])).await.unwrap();
    assert_eq!(b_res[0].outcome, Outcome::Conflict);
    assert_eq!(b_res[0].server_version, Some(v2));
    assert_eq!(b_res[0].last_device, Some(a.id));
    // Resolution: based on the current version, accepted.
    let b_fix = change(
        &b,
        EntityKind::Household,
        Op::Update,
        household(h1, r.village, r.point, "B"),
        v2,
    );
    assert_eq!(
        db.ingest(page(&b, vec![b_fix])).await.unwrap()[0].outcome,
        Outcome::Accepted
    );
    // The same device editing again from its own old base is not a conflict.
    let b_again = change(
        &b,
        EntityKind::Household,
        Op::Update,
        household(h1, r.village, r.point, "B2"),
        v2,
    );
    assert_eq!(
        db.ingest(page(&b, vec![b_again])).await.unwrap()[0].outcome,
        Outcome::Accepted
    );
    // Update of an unknown record.
    let ghost = change(
        &a,
        EntityKind::Household,
        Op::Update,
        household(Uuid::now_v7(), r.village, r.point, "?"),
        0,
    );
    assert_eq!(
        db.ingest(page(&a, vec![ghost])).await.unwrap()[0].code,
        Some(RejectCode::NotFound)
    );

    // Pull: a sees b's changes and the reference data, never its own; the outsider never
    // sees the point's households.
    let (pulled, more) = db.pull(a.scope.clone(), a.id, 0, 1_000).await.unwrap();
    assert!(!more);
    assert!(pulled.iter().all(|c| c.device_id != a.id));
    assert!(pulled.iter().any(|c| c.entity == EntityKind::Office));
    assert_eq!(
        pulled
            .iter()
            .filter(|c| c.entity == EntityKind::Household)
            .count(),
        2
    );
    assert!(pulled.windows(2).all(|w| w[0].server_seq < w[1].server_seq));
    let (out, _) = db
        .pull(outsider.scope.clone(), outsider.id, 0, 1_000)
        .await
        .unwrap();
    assert!(out.iter().all(|c| c.entity != EntityKind::Household));
    assert!(
        out.iter()
            .any(|c| c.entity == EntityKind::Village && c.entity_id == r.other_village)
    );
    assert!(!out.iter().any(|c| c.entity_id == r.village));
    // Paging resumes exactly where it stopped.
    let mut after = 0;
    let mut seen = Vec::new();
    loop {
        let (p, more) = db.pull(b.scope.clone(), b.id, after, 2).await.unwrap();
        seen.extend(p.iter().map(|c| c.server_seq));
        after = p.last().map_or(after, |c| c.server_seq);
        if !more {
            break;
        }
    }
    let (all, _) = db.pull(b.scope.clone(), b.id, 0, 1_000).await.unwrap();
    assert_eq!(seen, all.iter().map(|c| c.server_seq).collect::<Vec<_>>());
    // Export has the reference data.
    let exported = admin::export(db).await.unwrap();
    assert_eq!(exported.iter().filter(|r| r.entity == "point").count(), 2);
}

/// Concurrent pages from many devices: server sequences are unique and gap-free, and the
/// audit holds every change once.
async fn concurrent_ingest<B: Backend>(db: &B) -> f64 {
    let (r, refs) = reference();
    admin::import(db, refs).await.unwrap();
    let start_head = db.head().await.unwrap();
    let devices: Vec<_> = (0..8)
        .map(|_| device(Role::PointTeller, points(&[POINT_CODE])))
        .collect();
    let pages_per = 3;
    let per_page = 1_000;
    let mut prepared = Vec::new();
    for d in &devices {
        for _ in 0..pages_per {
            let cs = (0..per_page)
                .map(|i| {
                    change(
                        d,
                        EntityKind::Household,
                        Op::Insert,
                        household(Uuid::now_v7(), r.village, r.point, &format!("Số {i}")),
                        0,
                    )
                })
                .collect();
            prepared.push(page(d, cs));
        }
    }
    let total = prepared.len() * per_page;
    let t = std::time::Instant::now();
    let tasks: Vec<_> = prepared
        .into_iter()
        .map(|p| {
            let db = db.clone();
            tokio::spawn(async move { db.ingest(p).await })
        })
        .collect();
    for t in tasks {
        let res = t.await.unwrap().unwrap();
        assert!(res.iter().all(|r| r.outcome == Outcome::Accepted));
    }
    let rate = total as f64 / t.elapsed().as_secs_f64();
    let head = db.head().await.unwrap();
    assert_eq!(head - start_head, total as i64);
    let audit = db.audit().await.unwrap();
    let seqs: HashSet<i64> = audit.iter().filter_map(|a| a.1).collect();
    let ids: HashSet<Uuid> = audit.iter().map(|a| a.0).collect();
    assert_eq!(ids.len(), audit.len(), "no change twice");
    assert_eq!(seqs.len(), audit.iter().filter(|a| a.1.is_some()).count());
    assert!((1..=head).all(|s| seqs.contains(&s)), "gap-free");
    rate
}

async fn suite<B: Backend>(db: B) {
    enrolment(&db).await;
    push_and_pull(&db).await;
    cases::group_scope(&db).await;
    cases::refusals_are_audited(&db).await;
    cases::money::money_chains_and_balances(&db).await;
    cases::money::discrepancy_resolved_once(&db).await;
    let rate = concurrent_ingest(&db).await;
    eprintln!(
        "{}: ingest of prepared pages, 8 devices concurrently: {rate:.0} changes/s",
        db.name()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_backend_passes_the_conformance_suite() {
    let dir = tempfile::tempdir().unwrap();
    suite(SqliteBackend::open(dir.path().join("p.db")).unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_backend_passes_the_conformance_suite() {
    if let Some(db) = fresh_pg().await {
        suite(db).await;
    }
}
