//! Shared set-up for the store's tests: a fresh encrypted database in a temp folder.
#![allow(dead_code)]

use chrono::NaiveDate;
use tempfile::TempDir;
use vonxa_domain::roles::Role;
use vonxa_domain::user::User;
use vonxa_store::Store;
use vonxa_store::demo::{DemoData, DemoSpec};
use vonxa_store::users::new_user;

pub const ADMIN_PW: &str = "mat-khau-quan-tri";

pub struct Fixture {
    pub dir: TempDir,
    pub store: Store,
    pub admin: User,
}

pub fn fresh() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, admin) = Store::create(
        dir.path(),
        new_user("admin", "Quản trị viên", Role::Admin),
        ADMIN_PW,
    )
    .expect("create store");
    Fixture { dir, store, admin }
}

pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A fresh store with the demo commune of `n` households; returns the generated data too.
pub fn with_demo(n: usize) -> (Fixture, DemoData) {
    let mut f = fresh();
    let spec = DemoSpec {
        seed: 42,
        households: n,
        today: today(),
    };
    f.store.load_demo(&f.admin, spec).expect("demo loads");
    (f, vonxa_store::demo::generate(spec))
}

pub fn count(store: &Store, table: &str) -> i64 {
    store
        .connection()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .expect("count")
}

/// An .xlsx workbook: the header row, then the rows (empty cells left blank).
pub fn xlsx<R: AsRef<[S]>, S: AsRef<str>>(header: &[&str], rows: &[R]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (c, h) in header.iter().enumerate() {
        ws.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.as_ref().iter().enumerate() {
            if !v.as_ref().is_empty() {
                ws.write_string(r as u32 + 1, c as u16, v.as_ref())
                    .expect("cell");
            }
        }
    }
    wb.save_to_buffer().expect("workbook")
}

/// A session at `point` today, with its team, opening with an empty till.
pub fn new_cash_session(point: vonxa_domain::PointId) -> vonxa_domain::cash::CashSession {
    vonxa_domain::cash::CashSession {
        id: vonxa_domain::CashSessionId(uuid::Uuid::now_v7()),
        point_id: point,
        held_on: today(),
        leader: "Đinh Văn Tèo".into(),
        controller: "Hồ Thị Lan".into(),
        teller: "Lê Thị Thu".into(),
        controller_id: None,
        teller_id: None,
        opening_cash: vonxa_domain::Money::ZERO,
        link: None,
    }
}
