//! The app's side of sync without Tauri: enrolment errors in the user's words, and a conflict
//! listed for review and resolved by the user's pick, against a real province on loopback.

use tempfile::TempDir;
use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};
use vonxa_domain::entity::Op;
use vonxa_domain::reference::Household;
use vonxa_domain::roles::Role;
use vonxa_protocol::Scope;
use vonxa_province::db::sqlite::SqliteBackend;
use vonxa_province::ratelimit::RateLimiter;
use vonxa_province::{admin, run};
use vonxa_store::demo::{DemoSpec, generate};
use vonxa_sync::StoreAccess;

fn app(dir: &TempDir, name: &str, demo: bool) -> App {
    let app = App::new(dir.path().join(name));
    app.create_admin(CreateAdmin {
        username: "admin".into(),
        display_name: "Nguyễn Văn Quản".into(),
        password: "mat-khau-quan-tri".into(),
        confirm: None,
        load_demo: demo,
    })
    .expect("first start");
    app
}

async fn province(dir: &TempDir) -> (String, SqliteBackend) {
    let db = SqliteBackend::open(dir.path().join("province.db")).expect("province db");
    let refs = vonxa_store::demo::reference_records(
        vonxa_store::demo::DemoSpec::standard(chrono::Local::now().date_naive()).seed,
    );
    admin::import(&db, serde_json::from_value(refs).expect("demo reference"))
        .await
        .expect("import the demo reference");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let d = db.clone();
    tokio::spawn(async move {
        run::serve(
            d,
            listener,
            RateLimiter::unlimited(),
            std::future::pending::<()>(),
        )
        .await
        .expect("serve")
    });
    (url, db)
}

async fn code(db: &SqliteBackend) -> String {
    code_for(db, Role::Admin).await
}

async fn code_for(db: &SqliteBackend, role: Role) -> String {
    let point = generate(DemoSpec::standard(chrono::Local::now().date_naive()))
        .point
        .expect("point")
        .code;
    admin::create_enrol_code(db, Scope::Points { codes: vec![point] }, role)
        .await
        .expect("code")
}

async fn sync(app: &App) {
    vonxa_sync::sync_once(&app.store_access(), &|_| {})
        .await
        .expect("sync");
}

fn field_of(e: IpcError) -> (String, String, String) {
    match e {
        IpcError::Validation {
            field,
            code,
            message,
            ..
        } => (field, code, message),
        other => panic!("not a validation error: {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enrolment_errors_are_in_the_users_words() {
    let dir = tempfile::tempdir().unwrap();
    let (url, db) = province(&dir).await;
    let a = app(&dir, "a", false);
    let enrol = |endpoint: &str, code: &str| {
        a.enrol(
            EnrolInput {
                endpoint: endpoint.into(),
                code: code.into(),
            },
            "test",
        )
    };
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let (f, c, m) = field_of(enrol(&closed, "K7QM-XR4P-2WTA").await.unwrap_err());
    assert_eq!((f.as_str(), c.as_str()), ("endpoint", "unreachable"));
    assert!(m.contains("Không kết nối được"), "{m}");
    let (f, c, _) = field_of(enrol("http://example.org", "K7QM").await.unwrap_err());
    assert_eq!((f.as_str(), c.as_str()), ("endpoint", "invalid_format"));
    let (f, c, m) = field_of(enrol(&url, "AAAA-BBBB-CCCC").await.unwrap_err());
    assert_eq!((f.as_str(), c.as_str()), ("code", "invalid_code"));
    assert!(m.contains("Mã kích hoạt"), "{m}");
    let (f, _, _) = field_of(enrol(&url, "  ").await.unwrap_err());
    assert_eq!(f, "code");
    assert_eq!(a.sync_settings().unwrap().endpoint, None);

    let settings = enrol(&url, &code(&db).await).await.expect("enrol");
    assert_eq!(settings.endpoint.as_deref(), Some(url.as_str()));
    assert_eq!(settings.role.as_deref(), Some("admin"));
    // The same device again, with a new code: a device id is enrolled once.
    let (f, c, m) = field_of(enrol(&url, &code(&db).await).await.unwrap_err());
    assert_eq!((f.as_str(), c.as_str()), ("code", "device_known"));
    assert!(m.contains("đã từng đăng ký"), "{m}");
    // After logout the sync task finds no store and simply fails this pass.
    a.logout().unwrap();
    assert!(
        vonxa_sync::sync_once(&a.store_access(), &|_| {})
            .await
            .is_err()
    );
}

fn edit_address(app: &App, address: &str) -> uuid::Uuid {
    let address = address.to_owned();
    app.store_access()
        .with(move |s| {
            let admin = s.users()?.into_iter().next().expect("admin");
            let mut h: Household = vonxa_store::queries::docs(
                s.connection(),
                "SELECT doc FROM households ORDER BY id LIMIT 1",
                [],
            )?
            .pop()
            .expect("a household");
            h.address = Some(address);
            let id = h.id.as_uuid();
            s.record(&admin, Op::Update, h)?;
            Ok(id)
        })
        .expect("edit")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_conflict_is_reviewed_and_resolved_by_keeping_mine() {
    let dir = tempfile::tempdir().unwrap();
    let (url, db) = province(&dir).await;
    let (a, b) = (app(&dir, "a", true), app(&dir, "b", false));
    for x in [&a, &b] {
        let req = EnrolInput {
            endpoint: url.clone(),
            code: code(&db).await,
        };
        x.enrol(req, "test").await.expect("enrol");
    }
    sync(&a).await;
    sync(&b).await;
    let id = edit_address(&a, "Thôn 1, theo máy A");
    edit_address(&b, "Thôn 2, theo máy B");
    sync(&a).await;
    sync(&b).await;

    let review = b.sync_review().unwrap();
    assert_eq!(review.conflicts.len(), 1, "{review:?}");
    let c = &review.conflicts[0];
    assert_eq!(
        (c.entity.as_str(), c.entity_id.clone()),
        ("household", id.to_string())
    );
    assert!(c.has_theirs);
    let diff = c.differences.iter().find(|d| d.field == "address").unwrap();
    assert_eq!(diff.mine, "Thôn 2, theo máy B");
    assert_eq!(diff.theirs, "Thôn 1, theo máy A");
    assert_eq!(b.sync_counts().unwrap().conflicts, 1);

    b.resolve_conflict(ResolveConflict {
        entity: c.entity.clone(),
        entity_id: c.entity_id.clone(),
        keep_mine: true,
    })
    .unwrap();
    assert_eq!(b.sync_counts().unwrap().pending, 1, "the pick is a change");
    sync(&b).await;
    sync(&a).await;
    let counts = b.sync_counts().unwrap();
    assert_eq!(
        (counts.pending, counts.conflicts, counts.rejected),
        (0, 0, 0)
    );
    assert!(b.sync_review().unwrap().conflicts.is_empty());
    assert!(b.sync_review().unwrap().rejected.is_empty());
    let on_a: Vec<Household> = a
        .store_access()
        .with(move |s| {
            vonxa_store::queries::docs(
                s.connection(),
                "SELECT doc FROM households WHERE id = ?1",
                [id.to_string()],
            )
        })
        .unwrap();
    assert_eq!(on_a[0].address.as_deref(), Some("Thôn 2, theo máy B"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn refused_changes_are_listed_with_their_reason() {
    let dir = tempfile::tempdir().unwrap();
    let (url, db) = province(&dir).await;
    // A teller's device may not write the network (office, point, boards) of the demo.
    let a = app(&dir, "a", true);
    let req = EnrolInput {
        endpoint: url,
        code: code_for(&db, Role::PointTeller).await,
    };
    a.enrol(req, "test").await.expect("enrol");
    sync(&a).await;
    let review = a.sync_review().unwrap();
    assert!(!review.rejected.is_empty());
    let board = review
        .rejected
        .iter()
        .find(|r| r.entity == "group_role")
        .expect("the group boards are refused");
    assert_eq!(board.code, "forbidden");
    assert_eq!(board.detail, None, "no empty detail: {board:?}");
    assert!(!board.label.is_empty(), "{board:?}");
    let counts = a.sync_counts().unwrap();
    assert!(counts.rejected as usize >= review.rejected.len());
    let log = a.store_access().with(|s| s.change_counts()).unwrap();
    assert!(log.sent > 0, "the refusals block nothing: {log:?}");
}
