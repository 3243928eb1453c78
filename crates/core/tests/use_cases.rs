//! The use cases on a temporary encrypted database, without Tauri.

mod common;

use tempfile::TempDir;
use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};
use vonxa_domain::text::fold;

use common::PW;

fn app(demo: bool) -> (TempDir, App) {
    common::started(demo)
}

fn count(app: &App, what: fn(&Counts) -> u32) -> u32 {
    what(&app.home().expect("home").counts)
}

fn member(group_id: &str, id_number: &str) -> NewMember {
    NewMember {
        group_id: group_id.into(),
        full_name: "Đinh Thị Hoa".into(),
        birth_date: "1985-03-01".into(),
        sex: Sex::Female,
        id_number: Some(id_number.into()),
        phone: None,
        customer_code: None,
        address: Some("Thôn 1".into()),
        joined_on: "2024-01-15".into(),
    }
}

#[test]
fn first_start_then_login_with_wrong_and_right_password() {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = App::new(dir.path());
    let status = app.status().expect("status");
    assert!(!status.initialised && status.users.is_empty() && status.session.is_none());
    let short = app.create_admin(CreateAdmin {
        username: "admin".into(),
        display_name: "Quản trị".into(),
        password: "ngan".into(),
        confirm: None,
        load_demo: false,
    });
    assert!(
        matches!(short, Err(IpcError::Validation { ref field, .. }) if field == "password"),
        "{short:?}"
    );
    assert!(
        !app.status().expect("status").initialised,
        "nothing created"
    );
    // The first-start form says everything that is wrong at once, each under its field.
    let all_wrong = app.create_admin(CreateAdmin {
        username: "ông an".into(),
        display_name: " ".into(),
        password: "ngan".into(),
        confirm: Some("khac".into()),
        load_demo: false,
    });
    let Err(IpcError::Validation { field, more, .. }) = all_wrong else {
        panic!("not a validation error: {all_wrong:?}");
    };
    let fields: Vec<_> = std::iter::once(field.as_str())
        .chain(more.iter().map(|m| m.field.as_str()))
        .collect();
    assert_eq!(fields, ["username", "displayName", "password", "confirm"]);
    assert_eq!(more[2].message, "Không khớp với mật khẩu đã nhập");
    assert!(!app.status().expect("status").initialised);

    let session = app
        .create_admin(CreateAdmin {
            username: "Admin".into(),
            display_name: "Quản trị".into(),
            password: PW.into(),
            confirm: None,
            load_demo: false,
        })
        .expect("create");
    assert_eq!(session.user.username, "admin");
    assert_eq!(session.user.role, Role::Admin);
    app.logout().expect("logout");
    assert!(matches!(app.home(), Err(IpcError::Forbidden { .. })));

    let status = app.status().expect("status");
    assert!(status.initialised);
    assert_eq!(status.users[0].display_name, "Quản trị");
    let wrong = app.login(Login {
        username: "admin".into(),
        password: "sai-mat-khau".into(),
    });
    assert_eq!(
        wrong,
        Err(IpcError::WrongPassword {
            message: "Sai tên đăng nhập hoặc mật khẩu".into()
        })
    );
    let ok = app.login(Login {
        username: "admin".into(),
        password: PW.into(),
    });
    assert_eq!(ok.expect("login").idle_lock_minutes, 10);
}

#[test]
fn demo_commune_home_points_groups_and_search() {
    let (_dir, app) = app(true);
    let home = app.home().expect("home");
    let point = home.point.expect("a point");
    let next = home.next_session.expect("next session");
    assert!(next >= home.today, "{next} is on or after {}", home.today);
    assert!(next.ends_with(&format!("{:02}", point.session_day)) || point.session_day > 28);
    assert_eq!(home.counts.households, 600);
    assert!(home.communes[0].contains("Minh Long"));

    let points = app.list_points().expect("points");
    assert_eq!(points.len(), 1);
    assert_eq!(points[0].groups.len(), 15);
    assert_eq!(points[0].communes[0].code, "21361");
    let g = &points[0].groups[0];
    let detail = app.group_detail(g.id.clone()).expect("group");
    assert_eq!(detail.members.len() as u32, g.members);
    assert!(!detail.members.is_empty());
    assert!(!detail.board.is_empty(), "the demo groups have a board");

    let hits = app
        .search_households(SearchQuery {
            query: "nguyen thi".into(),
            limit: 50,
            ..SearchQuery::default()
        })
        .expect("search")
        .hits;
    assert!(!hits.is_empty());
    let hh = app
        .household_detail(hits[0].household_id.clone())
        .expect("household");
    assert!(
        hh.persons
            .iter()
            .any(|p| fold(&p.full_name).contains("nguyen thi")),
        "some member is a Nguyễn Thị"
    );
    assert!(!hh.poverty.is_empty());
}

#[test]
fn a_bad_cccd_is_a_named_vietnamese_error_and_writes_nothing() {
    let (_dir, app) = app(true);
    let group = app.list_points().expect("points")[0].groups[1].clone();
    let before = count(&app, |c| c.households);
    let err = app
        .add_member(member(&group.id, "05118500123"))
        .expect_err("bad CCCD");
    assert_eq!(
        err,
        IpcError::Validation {
            field: "idNumber".into(),
            code: "cccd_length".into(),
            message: "Số CCCD phải có đúng 12 chữ số".into(),
            more: vec![],
        }
    );
    assert_eq!(count(&app, |c| c.households), before, "nothing written");

    let saved = app
        .add_member(member(&group.id, "051185001234"))
        .expect("saved");
    assert_eq!(saved.persons[0].full_name, "Đinh Thị Hoa");
    assert!(saved.persons[0].is_head);
    let detail = app.group_detail(group.id).expect("group");
    assert!(
        detail
            .members
            .iter()
            .any(|m| m.head_name.as_deref() == Some("Đinh Thị Hoa"))
    );
    assert_eq!(count(&app, |c| c.households), before + 1);
}

#[test]
fn english_is_remembered_per_user_and_used_for_errors() {
    let (_dir, app) = app(false);
    let user = app.set_language(Lang::En).expect("english");
    assert_eq!(user.lang, Lang::En);
    app.logout().expect("logout");
    let session = app
        .login(Login {
            username: "admin".into(),
            password: PW.into(),
        })
        .expect("login");
    assert_eq!(session.user.lang, Lang::En);
    let err = app
        .save_household(HouseholdInput {
            id: None,
            customer_code: None,
            village_id: "not-an-id".into(),
            address: None,
        })
        .expect_err("bad village");
    assert!(
        matches!(err, IpcError::Validation { ref field, ref message, .. }
        if field == "villageId" && message == "Invalid format")
    );
}

#[test]
fn households_persons_and_memberships_are_added_and_edited() {
    let (_dir, app) = app(true);
    let options = app.form_options().expect("options");
    let h = app
        .save_household(HouseholdInput {
            id: None,
            customer_code: Some("KH900001".into()),
            village_id: options.villages[0].id.clone(),
            address: Some("Số 5".into()),
        })
        .expect("household");
    let person = PersonInput {
        id: None,
        household_id: h.id.clone(),
        full_name: "Trần  Văn   Bình".into(),
        birth_date: "1990-06-02".into(),
        sex: Sex::Male,
        id_number: Some("0510 9000 0001".into()),
        legacy_id_number: None,
        phone: Some("0905123456".into()),
        ethnicity: Some("Kinh".into()),
        relation: Some("Chủ hộ".into()),
        is_head: true,
    };
    let p = app.save_person(person.clone()).expect("person");
    assert_eq!(p.full_name, "Trần Văn Bình");
    assert_eq!(p.id_number.as_deref(), Some("051090000001"));
    let bad_date = app.save_person(PersonInput {
        birth_date: "02/06/1990".into(),
        ..person.clone()
    });
    assert!(
        matches!(bad_date, Err(IpcError::Validation { ref field, .. }) if field == "birthDate")
    );
    let edited = app
        .save_household(HouseholdInput {
            id: Some(h.id.clone()),
            customer_code: Some("KH900001".into()),
            village_id: h.village_id.clone(),
            address: Some("Số 7".into()),
        })
        .expect("edit");
    assert_eq!(edited.address.as_deref(), Some("Số 7"));
    assert_eq!(edited.head_person_id.as_deref(), Some(p.id.as_str()));

    let m = app
        .save_membership(MembershipInput {
            id: None,
            household_id: h.id.clone(),
            group_id: options.groups[0].id.clone(),
            joined_on: "2025-01-10".into(),
            left_on: None,
            left_reason: None,
        })
        .expect("membership");
    let detail = app.household_detail(h.id.clone()).expect("detail");
    assert_eq!(detail.memberships[0].id, m.id);
    assert_eq!(detail.persons.len(), 1);
    let hits = app
        .search_households(SearchQuery {
            query: "tran van binh".into(),
            limit: 200,
            ..SearchQuery::default()
        })
        .expect("search")
        .hits;
    assert!(hits.iter().any(|hit| hit.household_id == h.id));
}

#[test]
fn the_idle_lock_is_configurable_by_the_administrator() {
    let (_dir, app) = app(false);
    assert_eq!(app.set_idle_lock(3).expect("set").idle_lock_minutes, 3);
    assert!(matches!(
        app.set_idle_lock(0),
        Err(IpcError::Validation { ref field, .. }) if field == "idleLockMinutes"
    ));
    app.logout().expect("logout");
    let session = app
        .login(Login {
            username: "admin".into(),
            password: PW.into(),
        })
        .expect("login");
    assert_eq!(session.idle_lock_minutes, 3);
}

#[test]
fn only_administrators_manage_users() {
    let (_dir, app) = app(false);
    let viewer = app
        .add_user(NewUser {
            username: "xem".into(),
            display_name: "Lê Thị Xem".into(),
            role: Role::Viewer,
            password: "mat-khau-xem".into(),
        })
        .expect("add user");
    assert_eq!(app.list_users().expect("users").len(), 2);
    let demote_self = app.update_user(UserUpdate {
        id: app.status().expect("s").session.expect("session").user.id,
        display_name: "Quản trị".into(),
        role: Role::Viewer,
        active: true,
    });
    assert!(matches!(demote_self, Err(IpcError::Validation { .. })));
    app.logout().expect("logout");
    app.login(Login {
        username: viewer.username,
        password: "mat-khau-xem".into(),
    })
    .expect("viewer logs in");
    assert!(matches!(app.list_users(), Err(IpcError::Forbidden { .. })));
    assert!(matches!(
        app.set_idle_lock(5),
        Err(IpcError::Forbidden { .. })
    ));
}

#[test]
fn an_import_with_a_bad_row_reports_it_and_imports_nothing() {
    let (_dir, app) = app(true);
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in vonxa_store::import::COLUMNS.iter().enumerate() {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    let row = [
        "KH1",
        "Thôn 1",
        "Phạm Văn Tư",
        "01/02/1980",
        "Nam",
        "123",
        "",
        "",
        "Chủ hộ",
        "",
        "",
        "",
    ];
    for (c, v) in row.iter().enumerate() {
        sheet.write_string(1, c as u16, *v).expect("cell");
    }
    let bytes = book.save_to_buffer().expect("xlsx");
    let before = count(&app, |c| c.households);
    let report = app.import_households(ImportFile { bytes }).expect("report");
    assert!(!report.imported);
    assert_eq!(report.rows, 1);
    assert!(!report.errors.is_empty());
    assert!(
        report
            .errors
            .iter()
            .all(|e| e.row == 2 && !e.message.is_empty())
    );
    assert_eq!(count(&app, |c| c.households), before);
    let garbage = app.import_households(ImportFile {
        bytes: b"not a workbook".to_vec(),
    });
    assert!(matches!(garbage, Err(IpcError::Validation { ref field, .. }) if field == "file"));
}

#[test]
fn housekeeping_runs_once_after_a_pause_and_empties_the_write_ahead_log() {
    let (dir, app) = app(true);
    let wal = dir.path().join("data").join("vonxa.db-wal");
    app.home().expect("home");
    assert!(
        !app.maintain_if_idle(std::time::Duration::from_secs(3600)),
        "not before the pause"
    );
    assert!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0) > 0);
    assert!(app.maintain_if_idle(std::time::Duration::ZERO));
    assert_eq!(std::fs::metadata(&wal).map(|m| m.len()).unwrap_or(0), 0);
    assert!(
        !app.maintain_if_idle(std::time::Duration::ZERO),
        "once per pause"
    );
    app.home().expect("home");
    assert!(app.maintain_if_idle(std::time::Duration::ZERO));
}
