//! Fund-use checks through the use cases, on a temporary encrypted database, with loans that a
//! real province on loopback disbursed: the worklist and its summary, a check with a photo
//! attached from a file, a correction, errors in the user's words, the Excel export.
#![allow(clippy::unwrap_used)]

mod common;

use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};
use vonxa_domain::roles::Role;
use vonxa_protocol::Scope;
use vonxa_province::db::sqlite::SqliteBackend;
use vonxa_province::ratelimit::RateLimiter;
use vonxa_province::{admin, run};
use vonxa_store::demo::{DemoSpec, generate};

async fn app_with_loans(dir: &tempfile::TempDir) -> App {
    let app = common::started_in(dir.path(), true);
    let db = SqliteBackend::open(dir.path().join("province.db")).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let d = db.clone();
    tokio::spawn(async move {
        run::serve(
            d,
            listener,
            RateLimiter::unlimited(),
            std::future::pending(),
        )
        .await
        .unwrap()
    });
    let today = chrono::Local::now().date_naive();
    let point = generate(DemoSpec::standard(today)).point.unwrap().code;
    let code = admin::create_enrol_code(&db, Scope::Points { codes: vec![point] }, Role::Admin)
        .await
        .unwrap();
    app.enrol(
        EnrolInput {
            endpoint: url,
            code,
        },
        "test",
    )
    .await
    .unwrap();
    let access = app.store_access();
    vonxa_sync::sync_once(&access, &|_| {}).await.unwrap();
    vonxa_province::funduse::disburse::demo(&db, 12, today)
        .await
        .unwrap();
    vonxa_sync::sync_once(&access, &|_| {}).await.unwrap();
    app
}

fn input(row: &WorkRow, outcome: CheckOutcome) -> FundCheckInput {
    FundCheckInput {
        loan_id: row.loan.id.clone(),
        checked_on: chrono::Local::now().date_naive().to_string(),
        checkers: vec![CheckerInput {
            name: "Đinh Thị Lan".into(),
            role: "Tổ trưởng".into(),
            organisation: "Hội Phụ nữ xã Minh Long".into(),
        }],
        method: CheckMethod::GroupMeeting,
        observed_use: "Đã mua 2 con bò cái".into(),
        amount_as_intended: row.loan.principal,
        outcome,
        notes: None,
        borrower_acknowledged: true,
        follow_up: None,
        photos: vec![],
        supersedes: None,
        supersede_reason: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_with_a_photo_and_its_correction_through_the_use_cases() {
    let dir = tempfile::tempdir().unwrap();
    let app = app_with_loans(&dir).await;
    let all = app.fund_worklist(WorkQuery::default()).unwrap();
    assert_eq!(all.len(), 12);
    let summary = app.fund_check_summary().unwrap();
    assert_eq!(summary.due + summary.overdue, 12);
    assert!(
        summary.overdue > 0,
        "the demo has loans overdue for a check"
    );
    let overdue = app
        .fund_worklist(WorkQuery {
            state: Some(WorkState::Overdue),
            ..WorkQuery::default()
        })
        .unwrap();
    assert_eq!(overdue.len() as u32, summary.overdue);
    assert!(overdue[0].days_late >= overdue[overdue.len() - 1].days_late);
    let row = &overdue[0];
    assert!(row.borrower_name.is_some() && row.group_name.is_some());

    // A photo from a file; a text file is refused in the user's words.
    let jpeg = dir.path().join("bo.jpg");
    std::fs::write(&jpeg, [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4]).unwrap();
    let hash = app
        .attach_photo(ImportFile {
            bytes: std::fs::read(&jpeg).unwrap(),
        })
        .unwrap();
    let txt = dir.path().join("ghi-chu.txt");
    std::fs::write(&txt, "không phải ảnh").unwrap();
    match app
        .attach_photo(ImportFile {
            bytes: std::fs::read(&txt).unwrap(),
        })
        .unwrap_err()
    {
        IpcError::Validation { field, message, .. } => {
            assert_eq!(
                (field.as_str(), message.as_str()),
                ("photos", "Chỉ nhận ảnh JPEG hoặc PNG")
            );
        }
        other => panic!("{other:?}"),
    }
    let shown = app.read_photo(hash.clone()).unwrap();
    assert!(shown.data_url.starts_with("data:image/jpeg;base64,/9j/"));

    // Misused without notes: refused on the field; with notes, recorded with its flag.
    let mut c = input(row, CheckOutcome::PartlyMisused);
    c.photos = vec![hash.clone()];
    match app.record_fund_check(c.clone()).unwrap_err() {
        IpcError::Validation { field, .. } => assert_eq!(field, "notes"),
        other => panic!("{other:?}"),
    }
    c.notes = Some("Dùng 10 triệu sửa nhà".into());
    let first = app.record_fund_check(c).unwrap();
    assert_eq!(first.flag, Some(CheckFlag::EarlyRecall));
    assert_eq!(first.stated_purpose, row.loan.purpose);

    // A correction supersedes it; the loan shows both, the first marked as replaced.
    let mut fix = input(row, CheckOutcome::UsedAsIntended);
    fix.supersedes = Some(first.id.clone());
    fix.supersede_reason = Some("Xác minh lại tại hộ".into());
    let second = app.record_fund_check(fix).unwrap();
    let lc = app.loan_checks(row.loan.id.clone()).unwrap();
    assert_eq!(lc.checks.len(), 2);
    assert_eq!(
        lc.checks[0].superseded_by.as_deref(),
        Some(second.id.as_str())
    );
    assert_eq!(lc.row.state, WorkState::Done);
    assert_eq!(
        app.fund_check_summary().unwrap().overdue,
        summary.overdue - 1
    );

    // The organisation's checks of the period, to Excel.
    let today = chrono::Local::now().date_naive().to_string();
    let path = app
        .export_fund_checks(ExportChecks {
            group_id: None,
            organisation_id: row.organisation_id.clone(),
            from: today.clone(),
            to: today,
        })
        .unwrap();
    use calamine::Reader;
    let mut wb: calamine::Xlsx<_> = calamine::open_workbook(&path).unwrap();
    let ws = wb.worksheet_range("06-TD").unwrap();
    let cell = |r: u32, c: u32| {
        ws.get_value((r, c))
            .map(|v| v.to_string())
            .unwrap_or_default()
    };
    assert!(cell(0, 0).starts_with("KẾT QUẢ KIỂM TRA SỬ DỤNG VỐN VAY"));
    assert_eq!(cell(4, 1), row.loan.contract_no);
    let outcomes = [cell(4, 10), cell(5, 10)];
    assert!(
        outcomes.contains(&"Sai mục đích một phần".to_owned()),
        "{outcomes:?}"
    );
    assert!(outcomes.contains(&"Đúng mục đích".to_owned()));
    assert_eq!(cell(6, 1), "", "two checks in the period");
}
