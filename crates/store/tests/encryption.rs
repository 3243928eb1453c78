//! The database file is encrypted and opens only with a user's password.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use vonxa_domain::roles::Role;
use vonxa_store::users::new_user;
use vonxa_store::{DB_FILE, Store, StoreError};

#[test]
fn the_file_reveals_no_names_without_the_password() {
    let (f, data) = with_demo(30);
    let name = data.persons[0].full_name.clone();
    let dir = f.dir.path().to_owned();
    drop(f.store);
    let mut bytes = std::fs::read(dir.join(DB_FILE)).unwrap();
    if let Ok(wal) = std::fs::read(dir.join(format!("{DB_FILE}-wal"))) {
        bytes.extend(wal);
    }
    assert!(bytes.len() > 10_000, "the database holds data");
    let hay = String::from_utf8_lossy(&bytes);
    assert!(
        !hay.contains(&name),
        "a household name is readable in the file"
    );
    assert!(
        !hay.contains("SQLite format 3"),
        "the file has a plain SQLite header"
    );
    // The same name is stored: the right password shows it.
    let (store, _) = Store::open(&dir, "admin", ADMIN_PW).unwrap();
    let n: i64 = store
        .connection()
        .query_row(
            "SELECT count(*) FROM persons WHERE full_name = ?1",
            [&name],
            |r| r.get(0),
        )
        .unwrap();
    assert!(n >= 1);
    // Nor does the key file leak them.
    let keys = std::fs::read_to_string(dir.join("vonxa.keys.json")).unwrap();
    assert!(!keys.contains(&name));
}

#[test]
fn a_plain_sqlite_open_cannot_read_it() {
    let f = fresh();
    let path = f.dir.path().join(DB_FILE);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let read = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    assert!(read.is_err(), "opened without a key");
}

#[test]
fn two_users_each_unlock_with_their_own_password() {
    let mut f = fresh();
    let teller = new_user("giaodichvien", "Trần Thị Bình", Role::PointTeller);
    f.store
        .add_user(&f.admin, teller, "mat-khau-thu-quy")
        .unwrap();
    let dir = f.dir.path().to_owned();
    drop(f.store);

    let (_, admin) = Store::open(&dir, "admin", ADMIN_PW).unwrap();
    assert_eq!(admin.role, Role::Admin);
    let (mut store, teller) = Store::open(&dir, "giaodichvien", "mat-khau-thu-quy").unwrap();
    assert_eq!(teller.display_name, "Trần Thị Bình");

    assert!(matches!(
        Store::open(&dir, "admin", "sai-mat-khau"),
        Err(StoreError::WrongPassword)
    ));
    assert!(matches!(
        Store::open(&dir, "giaodichvien", ADMIN_PW),
        Err(StoreError::WrongPassword)
    ));
    assert!(matches!(
        Store::open(&dir, "khongco", ADMIN_PW),
        Err(StoreError::UnknownUser(_))
    ));

    // Changing a password keeps access, with the new password only.
    assert!(matches!(
        store.change_password(&teller, "sai-cu", "mat-khau-moi-1"),
        Err(StoreError::WrongPassword)
    ));
    store
        .change_password(&teller, "mat-khau-thu-quy", "mat-khau-moi-1")
        .unwrap();
    drop(store);
    assert!(matches!(
        Store::open(&dir, "giaodichvien", "mat-khau-thu-quy"),
        Err(StoreError::WrongPassword)
    ));
    let (store, again) = Store::open(&dir, "giaodichvien", "mat-khau-moi-1").unwrap();
    assert_eq!(again.id, teller.id);
    assert!(store.users().unwrap().len() == 2);
    // The administrator still unlocks the same data.
    drop(store);
    Store::open(&dir, "admin", ADMIN_PW).unwrap();
}

#[test]
fn only_an_administrator_adds_users_and_a_deactivated_user_cannot_unlock() {
    let mut f = fresh();
    let viewer = f
        .store
        .add_user(
            &f.admin,
            new_user("xem", "Người xem", Role::Viewer),
            "mat-khau-xem-1",
        )
        .unwrap();
    let err = f
        .store
        .add_user(
            &viewer,
            new_user("khac", "Khác", Role::Viewer),
            "mat-khau-khac-1",
        )
        .unwrap_err();
    assert!(matches!(
        err.as_domain(),
        Some(vonxa_domain::DomainError::Forbidden { .. })
    ));
    let deactivated = vonxa_domain::user::User {
        active: false,
        ..viewer
    };
    f.store.update_user(&f.admin, deactivated).unwrap();
    assert!(Store::open(f.dir.path(), "xem", "mat-khau-xem-1").is_err());
}

#[test]
fn creating_twice_is_refused_and_short_passwords_too() {
    let f = fresh();
    let again = Store::create(
        f.dir.path(),
        new_user("admin2", "B", Role::Admin),
        "mat-khau-dai-du",
    );
    assert!(matches!(again, Err(StoreError::AlreadyExists)));
    let dir = tempfile::tempdir().unwrap();
    let short = Store::create(dir.path(), new_user("admin", "A", Role::Admin), "ngan");
    assert_eq!(
        short
            .err()
            .and_then(|e| e.as_domain().and_then(|d| d.field().map(str::to_owned))),
        Some("password".into())
    );
}
