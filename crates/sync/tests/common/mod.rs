//! Shared set-up for sync tests: a province on a loopback port (RAII), devices with their own
//! encrypted databases, snapshots to compare them, and record helpers.
#![allow(dead_code)]

pub mod checks;
pub mod console;
pub mod cutter;
pub mod dev;
pub mod money;
pub mod proxy;
pub mod vetting;

pub use dev::*;

use std::collections::BTreeMap;
use tempfile::TempDir;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::Household;
use vonxa_domain::roles::Role;
use vonxa_province::Backend;
use vonxa_province::db::sqlite::SqliteBackend;
use vonxa_province::ratelimit::RateLimiter;
use vonxa_province::{admin, run};
use vonxa_store::demo::generate;
use vonxa_store::{ChangeState, Store};

pub const PW: &str = "mat-khau-thu-nghiem";

/// A province serving on 127.0.0.1 until dropped or stopped.
pub struct Province<B: Backend> {
    pub url: String,
    pub addr: std::net::SocketAddr,
    pub db: B,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<()>>,
}

impl<B: Backend> Province<B> {
    pub async fn start(db: B) -> Province<B> {
        Self::start_on(db, "127.0.0.1:0").await
    }

    pub async fn start_on(db: B, addr: &str) -> Province<B> {
        // The province holds its network before any device: the demo's office and
        // organisations are its records, never pushed by a device.
        let refs = vonxa_store::demo::reference_records(demo_spec(0).seed);
        admin::import(&db, serde_json::from_value(refs).expect("demo reference"))
            .await
            .expect("import the demo reference");
        let listener = tokio::net::TcpListener::bind(addr).await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = oneshot::channel();
        let d = db.clone();
        let task = tokio::spawn(async move {
            let shutdown = async {
                let _ = rx.await;
            };
            run::serve(d, listener, RateLimiter::unlimited(), shutdown)
                .await
                .expect("serve");
        });
        Province {
            url: format!("http://{addr}"),
            addr,
            db,
            stop: Some(tx),
            task: Some(task),
        }
    }

    pub async fn stop(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.task.take() {
            let _ = t.await;
        }
    }

    /// A one-time code for the demo point with `role`.
    pub async fn code(&self, role: Role) -> String {
        admin::create_enrol_code(&self.db, demo_scope(), role)
            .await
            .expect("code")
    }
}

impl<B: Backend> Drop for Province<B> {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// A province on a fresh SQLite file in `dir`.
pub async fn sqlite_province(dir: &TempDir) -> Province<SqliteBackend> {
    let db = SqliteBackend::open(dir.path().join("province.db")).expect("province db");
    Province::start(db).await
}

/// A province on a fresh PostgreSQL database of the server `VONXA_TEST_PG` names (set by
/// scripts/with-postgres.sh around `make unit`). Unset: under make (MAKELEVEL) the test fails
/// loudly; run by hand outside make it is skipped with a message.
pub async fn pg_province() -> Option<Province<vonxa_province::db::postgres::PgBackend>> {
    let Ok(base) = std::env::var("VONXA_TEST_PG") else {
        assert!(
            std::env::var_os("MAKELEVEL").is_none(),
            "VONXA_TEST_PG is not set: run the tests through scripts/with-postgres.sh"
        );
        eprintln!(
            "SKIPPED: PostgreSQL tests need VONXA_TEST_PG (scripts/with-postgres.sh cargo test)"
        );
        return None;
    };
    let (client, conn) = tokio_postgres::connect(&base, tokio_postgres::NoTls)
        .await
        .expect("connect to VONXA_TEST_PG");
    tokio::spawn(conn);
    let name = format!("vonxa_s_{}", Uuid::now_v7().simple());
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .expect("create database");
    let i = base.rfind('/').expect("a database in VONXA_TEST_PG");
    let db = vonxa_province::db::postgres::PgBackend::open(&format!("{}/{name}", &base[..i]))
        .await
        .expect("postgres backend");
    Some(Province::start(db).await)
}

pub const DEMO_SEED: u64 = 7;

impl Dev {
    /// Change a household's address (a mutable edit).
    pub fn edit_address(&self, id: Uuid, address: &str) -> vonxa_store::StoreResult<()> {
        let mut s = self.lock();
        let mut h: Household = vonxa_store::records::load(s.connection(), id)?;
        h.address = Some(address.to_owned());
        s.record(&self.admin, Op::Update, h).map(|_| ())
    }

    /// A new household in the demo point, in its first village.
    pub fn add_household(&self, address: &str) -> Uuid {
        let mut s = self.lock();
        let d = generate(demo_spec(1));
        let h = Household {
            kin: Vec::new(),
            id: vonxa_domain::HouseholdId(Uuid::now_v7()),
            customer_code: None,
            village_id: d.villages[0].id,
            point_id: d.point.expect("point").id,
            address: Some(address.to_owned()),
            head_person_id: None,
        };
        let id = h.id.as_uuid();
        s.record(&self.admin, Op::Insert, h).expect("household");
        id
    }

    /// A change as a modified device would send it, past its own store's checks. Its base is
    /// the newest version, so no conflict stands in front of the rule under test.
    pub fn forged(
        &self,
        entity: EntityKind,
        op: Op,
        id: Uuid,
        payload: serde_json::Value,
    ) -> vonxa_protocol::PushChange {
        vonxa_protocol::PushChange {
            change_id: vonxa_domain::ChangeId(Uuid::now_v7()),
            device_seq: 1,
            device_id: self.lock().device_id(),
            user_id: self.admin.id.to_string(),
            entity,
            entity_id: id,
            op,
            payload,
            base_version: i64::MAX,
            device_time: "2026-11-30T10:00:00+07:00".into(),
        }
    }

    /// Push changes straight to the province with this device's token.
    pub async fn push_raw(
        &self,
        url: &str,
        changes: Vec<vonxa_protocol::PushChange>,
    ) -> vonxa_protocol::PushResponse {
        let token = self
            .lock()
            .sync_config()
            .expect("config")
            .expect("enrolled")
            .token;
        vonxa_sync::Client::new(url, Some(token))
            .expect("client")
            .push(&vonxa_protocol::PushRequest {
                replay: false,
                changes,
            })
            .await
            .expect("push")
    }

    /// Every synced table (users excepted: they are device-local), as (id, doc) rows.
    pub fn snapshot(&self) -> BTreeMap<&'static str, Vec<(String, String)>> {
        let s = self.lock();
        let mut out = BTreeMap::new();
        for k in EntityKind::ALL {
            if k == EntityKind::User {
                continue;
            }
            let t = Store::table_of(k);
            let mut stmt = s
                .connection()
                .prepare(&format!("SELECT id, doc FROM {t} ORDER BY id"))
                .expect("prepare");
            let rows = stmt
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                .expect("query")
                .collect::<Result<Vec<_>, _>>()
                .expect("rows");
            out.insert(t, rows);
        }
        out
    }

    /// (change id, state) of every change-log entry.
    pub fn log(&self) -> Vec<(Uuid, ChangeState)> {
        let s = self.lock();
        s.changes(None, 0, 1_000_000)
            .expect("changes")
            .into_iter()
            .map(|e| (e.change_id.0, e.state))
            .collect()
    }
}

/// Assert every device holds the same synced records.
pub fn assert_converged(devs: &[&Dev]) {
    let first = devs[0].snapshot();
    for (i, d) in devs.iter().enumerate().skip(1) {
        let snap = d.snapshot();
        for (t, rows) in &first {
            assert_eq!(
                rows.len(),
                snap[t].len(),
                "device {i}: {t} row count differs"
            );
            assert_eq!(rows, &snap[t], "device {i}: {t} differs");
        }
    }
}
