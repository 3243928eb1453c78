//! A device for tests: its own folder and encrypted database (SQLCipher), an administrator
//! logged in, the demo commune loaded, enrolled and synced with a province over HTTP. Shared by
//! the sync tests and the console's browser test (tests/tests/common/device.rs includes it), each
//! naming its demo seed (`super::DEMO_SEED`) and password (`super::PW`).

use super::{DEMO_SEED, PW};
use std::sync::{Arc, Mutex};
use tempfile::TempDir;
use vonxa_domain::reference::Household;
use vonxa_domain::roles::Role;
use vonxa_domain::user::User;
use vonxa_protocol::Scope;
use vonxa_store::Store;
use vonxa_store::demo::{DemoSpec, generate};
use vonxa_store::users::new_user;
use vonxa_sync::{SharedStore, SyncReport};

pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

pub fn demo_spec(households: usize) -> DemoSpec {
    DemoSpec {
        seed: DEMO_SEED,
        households,
        today: today(),
    }
}

pub fn demo_point_code() -> String {
    generate(demo_spec(1)).point.expect("point").code
}

pub fn demo_scope() -> Scope {
    Scope::Points {
        codes: vec![demo_point_code()],
    }
}

/// A device: its own folder and encrypted database, an administrator logged in.
pub struct Dev {
    pub dir: TempDir,
    pub store: SharedStore,
    pub admin: User,
}

impl Dev {
    pub fn new() -> Dev {
        let dir = tempfile::tempdir().expect("temp dir");
        let (store, admin) = Store::create(
            dir.path(),
            new_user("admin", "Quản trị viên", Role::Admin),
            PW,
        )
        .expect("create store");
        Dev {
            dir,
            store: Arc::new(Mutex::new(store)),
            admin,
        }
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, Store> {
        self.store.lock().expect("store lock")
    }

    pub async fn enrol(&self, url: &str, code: &str) {
        vonxa_sync::enrol(&self.store, url, code, "test laptop")
            .await
            .expect("enrol");
    }

    pub async fn sync(&self) -> vonxa_sync::SyncResult<SyncReport> {
        vonxa_sync::sync_once(&self.store, &|_| {}).await
    }

    /// Sync until nothing is pending (at most `n` passes), without faults.
    pub async fn settle(&self, n: usize) -> SyncReport {
        let mut last = None;
        for _ in 0..n {
            let r = self.sync().await.expect("sync");
            let pending = self.lock().change_counts().expect("counts").pending;
            if pending == 0 && r.pushed == 0 {
                return r;
            }
            last = Some(r);
        }
        last.unwrap_or_default()
    }

    /// A device with the demo commune (`households` of them), enrolled with `code` and synced.
    pub async fn with_demo(url: &str, code: &str, households: usize) -> Dev {
        let d = Dev::new();
        d.load_demo(households);
        d.enrol(url, code).await;
        d.settle(3).await;
        d
    }

    pub fn load_demo(&self, households: usize) {
        let mut s = self.lock();
        s.load_demo(&self.admin, demo_spec(households))
            .expect("demo");
    }

    pub fn households(&self) -> Vec<Household> {
        let s = self.lock();
        vonxa_store::queries::docs(s.connection(), "SELECT doc FROM households ORDER BY id", [])
            .expect("households")
    }
}
