//! The background task: it notices a local write, reports offline while the province is down,
//! retries by itself with backoff and syncs as soon as the province is back — nobody presses
//! anything.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::time::{Duration, Instant};
use vonxa_domain::roles::Role;
use vonxa_province::Backend;
use vonxa_province::db::sqlite::SqliteBackend;
use vonxa_sync::{SyncHandle, SyncStatus, Triggers};

async fn wait_for(h: &SyncHandle, what: &str, f: impl Fn(&SyncStatus) -> bool) -> SyncStatus {
    let start = Instant::now();
    loop {
        let s = h.status();
        if f(&s) {
            return s;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "timed out waiting for {what}: {s:?}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_background_task_syncs_by_itself_when_the_province_comes_back() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("province.db");
    let p = Province::start(SqliteBackend::open(&path).unwrap()).await;
    let addr = p.addr;
    let a = Dev::new();
    a.load_demo(2);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    let triggers = Triggers {
        interval: Duration::from_secs(60),
        after_write: Duration::from_millis(50),
        backoff_min: Duration::from_millis(50),
        backoff_max: Duration::from_millis(400),
    };
    let (h, task) = vonxa_sync::spawn(a.store.clone(), triggers);
    let s = wait_for(&h, "the first sync", |s| {
        s.last_success.is_some() && !s.syncing
    })
    .await;
    assert!(s.online && s.enrolled);
    assert_eq!(s.counts.pending, 0);
    let first = s.last_pass.expect("the first pass's result");
    assert!(first.sent > 0 && first.refused == 0, "{first:?}");

    // The province goes away; a local write is noticed and fails: offline, retrying.
    p.stop().await;
    let id = a.add_household("ghi khi mất mạng");
    h.local_write();
    let s = wait_for(&h, "offline", |s| !s.online && s.failures >= 2).await;
    assert_eq!(s.counts.pending, 1);

    // It comes back: the task syncs without being asked.
    let p = Province::start_on(SqliteBackend::open(&path).unwrap(), &addr.to_string()).await;
    let s = wait_for(&h, "back online", |s| s.online && s.counts.pending == 0).await;
    assert_eq!(s.failures, 0);
    let last = s.last_pass.expect("the last pass's result");
    assert_eq!(
        (last.sent, last.refused),
        (1, 0),
        "the one household written offline"
    );
    let on_province = p.db.current(vec!["household".into()]).await.unwrap();
    assert!(
        on_province
            .iter()
            .any(|r| r.payload["id"] == id.to_string())
    );
    h.stop();
    task.await.unwrap();
}
