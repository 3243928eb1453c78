//! The province is restored from an older backup: devices notice the new epoch, re-upload what
//! it lost, pull again from the start, and nothing is lost.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use std::collections::HashSet;
use uuid::Uuid;
use vonxa_domain::roles::Role;
use vonxa_province::Backend;
use vonxa_province::db::sqlite::SqliteBackend;
use vonxa_store::ChangeState;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_province_restored_from_an_old_backup_loses_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("province.db");
    let p = Province::start(SqliteBackend::open(&path).unwrap()).await;
    let addr = p.addr;
    let (a, b) = (Dev::new(), Dev::new());
    a.load_demo(5);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    b.enrol(&p.url, &p.code(Role::PointTeller).await).await;
    a.settle(3).await;
    b.settle(3).await;
    let old_epoch = p.db.epoch().await.unwrap();

    // The nightly backup, then a day of work that the backup does not have.
    let backup = tmp.path().join("backup.db");
    p.db.backup(backup.clone()).await.unwrap();
    let ha = a.add_household("sau sao lưu, máy A");
    let hb = b.add_household("sau sao lưu, máy B");
    a.edit_address(a.households()[0].id.as_uuid(), "sửa sau sao lưu")
        .unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    assert_converged(&[&a, &b]);

    // Disaster: the province is restored from the backup, on the same address.
    p.stop().await;
    for ext in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
    }
    std::fs::copy(&backup, &path).unwrap();
    let db = SqliteBackend::open(&path).unwrap();
    let p = Province::start_on(db, &addr.to_string()).await;
    assert_ne!(
        p.db.epoch().await.unwrap(),
        old_epoch,
        "a restore is a new epoch"
    );
    let lost: Vec<Uuid> = vec![ha, hb];
    let have = p.db.current(vec!["household".into()]).await.unwrap();
    assert!(
        have.iter()
            .all(|r| !lost.contains(&r.payload["id"].as_str().unwrap().parse().unwrap())),
        "the backup predates the new households"
    );

    // Devices sync as usual: they re-upload, and pull again from the start.
    let ra = a.sync().await.unwrap();
    assert!(ra.epoch_restarts >= 1);
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    b.sync().await.unwrap();
    assert_converged(&[&a, &b]);
    assert_eq!(a.households().len(), 7);
    let have: HashSet<Uuid> =
        p.db.current(vec!["household".into()])
            .await
            .unwrap()
            .iter()
            .map(|r| r.payload["id"].as_str().unwrap().parse().unwrap())
            .collect();
    assert!(have.contains(&ha) && have.contains(&hb), "nothing lost");
    assert_eq!(have.len(), 7);
    let accepted: HashSet<Uuid> =
        p.db.audit()
            .await
            .unwrap()
            .iter()
            .filter(|x| x.2 == "accepted")
            .map(|x| x.0)
            .collect();
    for d in [&a, &b] {
        for (id, state) in d.log() {
            assert_eq!(state, ChangeState::Sent);
            assert!(accepted.contains(&id), "{id} is on the restored province");
        }
        assert_eq!(
            d.lock().sync_config().unwrap().unwrap().replay_after,
            None,
            "the re-upload finished"
        );
    }
    // Work goes on after the restore.
    b.edit_address(hb, "sau khôi phục").unwrap();
    b.sync().await.unwrap();
    a.sync().await.unwrap();
    assert_converged(&[&a, &b]);
}
