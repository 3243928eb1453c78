//! Devices and a province over real HTTP on loopback: convergence, idempotency, scope,
#![allow(clippy::unwrap_used)]
//! revocation, versions.

mod common;

use common::*;
use vonxa_domain::roles::Role;
use vonxa_protocol::{ErrorCode, Outcome, PushRequest, RejectCode, VERSION_HEADER};
use vonxa_province::Backend;
use vonxa_store::ChangeState;
use vonxa_sync::{Client, SyncError};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_devices_converge_after_offline_edits() {
    let tmp = tempfile::tempdir().unwrap();
    converge(sqlite_province(&tmp).await).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_devices_converge_through_a_postgres_province() {
    if let Some(p) = pg_province().await {
        converge(p).await;
    }
}

async fn converge<B: Backend>(p: Province<B>) {
    let (a, b, c) = (Dev::new(), Dev::new(), Dev::new());
    a.load_demo(12);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    b.enrol(&p.url, &p.code(Role::PointLeader).await).await;
    c.enrol(&p.url, &p.code(Role::PointTeller).await).await;
    a.settle(3).await;
    b.settle(3).await;
    c.settle(3).await;
    assert_converged(&[&a, &b, &c]);
    assert_eq!(b.households().len(), 12);

    // Offline edits on each device, disjoint records.
    let hs = a.households();
    a.edit_address(hs[0].id.as_uuid(), "Số 1, thôn Gò Chè")
        .unwrap();
    b.edit_address(hs[1].id.as_uuid(), "Số 2, thôn Gò Chè")
        .unwrap();
    let new_c = c.add_household("Số 3, thôn Mới");
    c.edit_address(new_c, "Số 3a, thôn Mới").unwrap();
    for _ in 0..2 {
        for d in [&a, &b, &c] {
            d.sync().await.unwrap();
        }
    }
    assert_converged(&[&a, &b, &c]);
    assert_eq!(a.households().len(), 13);
    for d in [&a, &b, &c] {
        assert!(
            d.log().iter().all(|(_, s)| *s == ChangeState::Sent),
            "every entry sent"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_edits_of_one_record_are_a_conflict_kept_for_review() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let (a, b) = (Dev::new(), Dev::new());
    a.load_demo(3);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    b.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    b.settle(3).await;
    let id = a.households()[0].id.as_uuid();
    a.edit_address(id, "theo máy A").unwrap();
    b.edit_address(id, "theo máy B").unwrap();
    a.sync().await.unwrap();
    let r = b.sync().await.unwrap();
    assert_eq!(r.conflicts, 1);
    assert_eq!(b.lock().change_counts().unwrap().conflict, 1);
    // B keeps its own version until someone resolves; the province kept A's.
    let held = b.lock().held_changes().unwrap();
    assert_eq!(held.len(), 1, "the other side is held for review");
    assert_eq!(held[0].entity_id, id);
    assert_eq!(held[0].payload["address"], "theo máy A");
    let mine: vonxa_domain::reference::Household =
        vonxa_store::records::load(b.lock().connection(), id).unwrap();
    assert_eq!(
        mine.address.as_deref(),
        Some("theo máy B"),
        "local edit not overwritten"
    );
    // Resolve on B by taking A's version: the record converges.
    b.sync().await.unwrap();
    b.lock()
        .close_conflicts(vonxa_domain::entity::EntityKind::Household, id, false)
        .unwrap();
    b.edit_address(id, "theo máy A").unwrap();
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    assert_converged(&[&a, &b]);
    assert_eq!(b.lock().change_counts().unwrap().conflict, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn same_change_id_with_another_body_is_refused_and_not_applied() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(2);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(2).await;
    let cfg = a.lock().sync_config().unwrap().unwrap();
    let client = Client::new(&p.url, Some(cfg.token)).unwrap();
    let entry = a.lock().changes(None, 0, 1_000).unwrap().pop().unwrap();
    let head = p.db.head().await.unwrap();
    let mut change = vonxa_protocol::PushChange {
        change_id: entry.change_id,
        device_seq: entry.seq,
        device_id: a.lock().device_id(),
        user_id: entry.user_id.clone(),
        entity: entry.entity,
        entity_id: entry.entity_id,
        op: entry.op,
        payload: entry.payload.clone(),
        base_version: entry.base_version,
        device_time: entry.device_time.clone(),
    };
    // The same body again: the original answer, nothing new.
    let again = client
        .push(&PushRequest {
            replay: false,
            changes: vec![change.clone()],
        })
        .await
        .unwrap();
    assert_eq!(again.results[0].outcome, Outcome::Accepted);
    assert_eq!(p.db.head().await.unwrap(), head);
    // Another body under the same id: refused, not applied.
    change.payload["address"] = serde_json::json!("đã sửa trộm");
    let r = client
        .push(&PushRequest {
            replay: false,
            changes: vec![change],
        })
        .await
        .unwrap();
    assert_eq!(r.results[0].outcome, Outcome::Rejected);
    assert_eq!(r.results[0].code, Some(RejectCode::IdReused));
    assert_eq!(p.db.head().await.unwrap(), head);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn out_of_scope_writes_are_refused_and_never_served() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let (a, other) = (Dev::new(), Dev::new());
    a.load_demo(2);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(2).await;
    // A device of another point writes into the demo point.
    let code = vonxa_province::admin::create_enrol_code(
        &p.db,
        vonxa_protocol::Scope::Points {
            codes: vec!["51-99999-01".into()],
        },
        Role::Admin,
    )
    .await
    .unwrap();
    other.enrol(&p.url, &code).await;
    other.settle(2).await;
    // It sees province-wide reference data only, not the point's households.
    assert!(other.households().is_empty());
    // It pushes a household into the demo point: refused as out of scope, not applied.
    let entry = a
        .lock()
        .changes(None, 0, 10_000)
        .unwrap()
        .into_iter()
        .find(|e| e.entity == vonxa_domain::entity::EntityKind::Household)
        .unwrap();
    let new_id = uuid::Uuid::now_v7();
    let mut payload = entry.payload.clone();
    payload["id"] = serde_json::json!(new_id.to_string());
    let change = vonxa_protocol::PushChange {
        change_id: vonxa_domain::ChangeId(uuid::Uuid::now_v7()),
        device_seq: 1,
        device_id: other.lock().device_id(),
        user_id: other.admin.id.to_string(),
        entity: entry.entity,
        entity_id: new_id,
        op: entry.op,
        payload,
        base_version: 0,
        device_time: entry.device_time.clone(),
    };
    let token = other.lock().sync_config().unwrap().unwrap().token;
    let client = Client::new(&p.url, Some(token)).unwrap();
    let head = p.db.head().await.unwrap();
    let r = client
        .push(&PushRequest {
            replay: false,
            changes: vec![change],
        })
        .await
        .unwrap();
    assert_eq!(r.results[0].outcome, Outcome::Rejected);
    assert_eq!(r.results[0].code, Some(RejectCode::OutOfScope));
    assert_eq!(p.db.head().await.unwrap(), head, "nothing applied");
    a.sync().await.unwrap();
    assert_eq!(a.households().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_device_gets_401_and_an_old_version_426() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.enrol(&p.url, &p.code(Role::PointTeller).await).await;
    a.settle(2).await;
    let dev = a.lock().device_id();
    assert!(p.db.revoke(dev, chrono::Utc::now()).await.unwrap());
    let err = a.sync().await.unwrap_err();
    assert_eq!(err.code(), Some(ErrorCode::Unauthorized), "{err}");
    assert!(err.is_permanent());
    // A used code cannot enrol twice.
    let code = p.code(Role::PointTeller).await;
    let b = Dev::new();
    b.enrol(&p.url, &code).await;
    let again = vonxa_sync::enrol(&Dev::new().store, &p.url, &code, "x").await;
    assert!(matches!(again, Err(SyncError::Api { status: 400, .. })));
    // Wrong protocol version.
    let resp = reqwest::Client::new()
        .get(format!("{}/v1/status", p.url))
        .header(VERSION_HEADER, "999")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status().as_u16(), 426);
    let body: vonxa_protocol::ErrorBody = resp.json().await.unwrap();
    assert_eq!(body.code, ErrorCode::UnsupportedVersion);
    // Health and the OpenAPI document need no token.
    let health = reqwest::get(format!("{}/health", p.url)).await.unwrap();
    assert!(health.status().is_success());
    let doc: serde_json::Value = reqwest::get(format!("{}/v1/openapi.json", p.url))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(doc["openapi"], "3.0.3");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflict_resolved_by_taking_theirs_converges() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let (a, b) = (Dev::new(), Dev::new());
    a.load_demo(2);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    b.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    b.settle(3).await;
    let id = a.households()[0].id.as_uuid();
    a.edit_address(id, "bản của A").unwrap();
    b.edit_address(id, "bản của B").unwrap();
    a.sync().await.unwrap();
    assert_eq!(b.sync().await.unwrap().conflicts, 1);
    let applied = b
        .lock()
        .close_conflicts(vonxa_domain::entity::EntityKind::Household, id, true)
        .unwrap();
    assert!(applied, "the held version is applied");
    assert_eq!(b.lock().change_counts().unwrap().conflict, 0);
    assert!(b.lock().held_changes().unwrap().is_empty());
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    assert_converged(&[&a, &b]);
    // Later edits on B are based on the province's version: no new conflict.
    b.edit_address(id, "B sửa tiếp").unwrap();
    let r = b.sync().await.unwrap();
    assert_eq!((r.accepted, r.conflicts), (1, 0));
    a.sync().await.unwrap();
    assert_converged(&[&a, &b]);
}

/// Each pass tells the province how the device is (`vonxa_protocol::report`): its version, the
/// changes still waiting when the pass began, the size of its database, and the last error.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_device_reports_its_version_backlog_and_size_to_the_fleet_screen() {
    use vonxa_province::db::ConsoleBackend;
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(6);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    let waiting = a.lock().change_counts().unwrap().pending;
    assert!(waiting > 0);
    a.sync().await.unwrap();
    let id = a.lock().sync_config().unwrap().unwrap().device_id;
    let health = |all: Vec<(vonxa_domain::DeviceId, vonxa_province::db::DeviceHealth)>| {
        all.into_iter()
            .find(|(d, _)| d.to_string() == id)
            .map(|(_, h)| h)
            .unwrap()
    };
    let h = health(p.db.device_health().await.unwrap());
    assert_eq!(h.app_version.as_deref(), Some(env!("CARGO_PKG_VERSION")));
    assert_eq!(h.waiting, Some(waiting), "the backlog when the pass began");
    assert!(h.db_bytes.unwrap_or(0) > 100_000, "{h:?}");
    assert_eq!(h.last_error, None);
    a.settle(3).await;
    let h = health(p.db.device_health().await.unwrap());
    assert_eq!(h.waiting, Some(0));
    p.stop().await;
}
