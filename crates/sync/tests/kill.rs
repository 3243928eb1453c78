//! kill -9 of the device process in the middle of its work, again and again: after a restart
//! and a sync, nothing is lost and nothing is duplicated. The child is this same test binary,
//! run with `child_sync_loop` and the device folder in the environment.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use rand::{Rng, SeedableRng};
use std::collections::HashSet;
use std::time::Duration;
use uuid::Uuid;
use vonxa_domain::entity::Op;
use vonxa_domain::reference::Household;
use vonxa_domain::roles::Role;
use vonxa_province::Backend;
use vonxa_store::{ChangeState, Store};

const DIR_VAR: &str = "VONXA_KILL_CHILD_DIR";

/// The child: write households and sync, forever, until killed.
#[test]
#[ignore = "the child process of kill_nine_mid_sync_loses_and_duplicates_nothing"]
fn child_sync_loop() {
    let Ok(dir) = std::env::var(DIR_VAR) else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    let (store, admin) = Store::open(std::path::Path::new(&dir), "admin", PW).unwrap();
    let store = std::sync::Arc::new(std::sync::Mutex::new(store));
    let d = vonxa_store::demo::generate(demo_spec(1));
    rt.block_on(async {
        for i in 0.. {
            {
                let mut s = store.lock().unwrap();
                for j in 0..20 {
                    let h = Household {
                        kin: Vec::new(),
                        id: vonxa_domain::HouseholdId(Uuid::now_v7()),
                        customer_code: None,
                        village_id: d.villages[0].id,
                        point_id: d.villages[0].point_id,
                        address: Some(format!("con {i}/{j}")),
                        head_person_id: None,
                    };
                    s.record(&admin, Op::Insert, h).unwrap();
                }
            }
            let _ = vonxa_sync::sync_once(&store, &|_| {}).await;
        }
    });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kill_nine_mid_sync_loses_and_duplicates_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(3);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let exe = std::env::current_exe().unwrap();
    let mut rng = rand_chacha::ChaCha8Rng::seed_from_u64(9);
    for _ in 0..6 {
        let mut child = std::process::Command::new(&exe)
            .args(["child_sync_loop", "--exact", "--ignored", "--quiet"])
            .env(DIR_VAR, a.dir.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        tokio::time::sleep(Duration::from_millis(rng.gen_range(300..1500))).await;
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
    }
    // Restart: open the database again, sync.
    let (store, _) = Store::open(a.dir.path(), "admin", PW).unwrap();
    *a.store.lock().unwrap() = store;
    a.settle(5).await;
    let log = a.log();
    assert!(log.len() > 60, "the children wrote: {}", log.len());
    assert!(log.iter().all(|(_, s)| *s == ChangeState::Sent));
    let audit = p.db.audit().await.unwrap();
    let accepted: HashSet<Uuid> = audit
        .iter()
        .filter(|x| x.2 == "accepted")
        .map(|x| x.0)
        .collect();
    let mine: HashSet<Uuid> = log.iter().map(|x| x.0).collect();
    // Besides the device's changes, the province holds only what it imported itself before
    // any device: the demo's office and organisations.
    let imported = vonxa_store::demo::reference_records(demo_spec(0).seed)
        .as_array()
        .map_or(0, Vec::len);
    assert!(mine.is_subset(&accepted), "every change of the device");
    assert_eq!(
        accepted.len(),
        mine.len() + imported,
        "exactly the device's changes, each once"
    );
    let b = Dev::new();
    b.enrol(&p.url, &p.code(Role::PointTeller).await).await;
    b.settle(3).await;
    assert_converged(&[&a, &b]);
}
