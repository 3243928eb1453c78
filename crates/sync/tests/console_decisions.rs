//! The bank's decision (04/TD) taken in the province's console reaches the device at its next
//! sync: an application recorded offline goes to the bank; the demo office's officer finds it in
//! the console's queue (an officer of another office does not) and approves a smaller amount
//! over the console's HTTP API; the device's next sync brings the approval.
#![allow(clippy::unwrap_used)]

mod common;

use common::console::{Session, add_user};
use common::vetting::*;
use common::*;
use serde_json::json;
use vonxa_domain::credit::application::{Event, Status};
use vonxa_domain::credit::dossier::Application;
use vonxa_domain::entity::Op;
use vonxa_domain::roles::Role;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_decision_taken_in_the_console_reaches_the_device_at_its_next_sync() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::with_demo(&p.url, &p.code(Role::Admin).await, 40).await;
    let app = eligible_draft(&a);
    a.lock().record(&a.admin, Op::Insert, app.clone()).unwrap();
    send_to_bank(&a, &app);
    a.settle(3).await;

    // The demo point's office, as the device's network says.
    let office = {
        let s = a.lock();
        let points: Vec<vonxa_domain::reference::Point> =
            vonxa_store::queries::docs(s.connection(), "SELECT doc FROM points", []).unwrap();
        points[0].office_id.to_string()
    };
    for (name, office) in [
        ("pgd", office.as_str()),
        ("pgdkhac", "0190a000-0000-7000-8000-0000000000ff"),
    ] {
        add_user(&p.db, name, "office_officer", "office", Some(office)).await;
    }
    let queue = |s: Session| async move {
        let (_, lines) = s.get("/console/api/decisions").await;
        (s, lines.as_array().cloned().unwrap())
    };
    let (_, lines) = queue(Session::login(&p.url, "pgdkhac").await).await;
    assert!(lines.is_empty(), "another office sees nothing");
    let (pgd, lines) = queue(Session::login(&p.url, "pgd").await).await;
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["applicationId"], json!(app.id.to_string()));
    // Approved for less than asked.
    let path = format!("/console/api/decisions/{}", app.id);
    let body = json!({"approve": true, "amount": 25_000_000});
    let (status, _) = pgd.post(&path, &body).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    let (_, lines) = queue(pgd).await;
    assert!(lines.is_empty(), "decided, off the queue");

    // The device's next sync brings the decision.
    a.settle(3).await;
    let stored: Application =
        vonxa_store::records::load(a.lock().connection(), app.id.as_uuid()).unwrap();
    assert_eq!(stored.status, Status::BankApproved);
    let approved: Vec<vonxa_domain::credit::dossier::StatusChange> = vonxa_store::queries::docs(
        a.lock().connection(),
        "SELECT doc FROM application_status WHERE application_id = ?1",
        [app.id.to_string()],
    )
    .unwrap();
    assert!(
        approved.iter().any(|s| s.event == Event::BankApprove
            && s.amount == Some(vonxa_domain::Money::dong(25_000_000))),
        "{approved:?}"
    );
    p.stop().await;
}

/// A rate published in the console (the table's next version) is in force on the device after
/// its next sync, from its day on: HN at 6.000 %/yr from 1 Jan 2027, 6.24 % before (Decision
/// 2553). A rate without its legal basis is refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_published_in_the_console_is_in_force_on_the_device_after_its_next_sync() {
    use vonxa_domain::credit::rate::rate_on;
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::with_demo(&p.url, &p.code(Role::Admin).await, 6).await;
    add_user(&p.db, "admin", "admin", "province", None).await;
    let admin = Session::login(&p.url, "admin").await;
    let rate = |basis: &str| {
        json!({"programme": "HN", "ratePpm": 60_000, "effectiveFrom": "2027-01-01",
            "legalBasis": basis})
    };
    let (status, body) = admin.post("/console/api/rates", &rate("  ")).await;
    assert_eq!(status, reqwest::StatusCode::BAD_REQUEST);
    assert_eq!(body["field"], json!("legalBasis"));
    let basis = "Quyết định số 99/QĐ-TTg (thử nghiệm)";
    let (status, published) = admin.post("/console/api/rates", &rate(basis)).await;
    assert_eq!(status, reqwest::StatusCode::OK);
    assert_eq!(
        (
            published["beforePpm"].clone(),
            published["afterPpm"].clone()
        ),
        (json!(62_400), json!(60_000))
    );

    a.settle(3).await;
    let table = vonxa_store::credit::programme_table(a.lock().connection()).unwrap();
    assert_eq!(table.version, published["version"].as_u64().unwrap() as u32);
    let on = |s: &str| rate_on(&table.rates, "HN", s.parse().unwrap()).map(|r| r.ppm());
    assert_eq!(on("2026-12-15"), Some(62_400));
    assert_eq!(on("2027-01-15"), Some(60_000));
    // Near-poor follows at 120 % of the poor rate on each day.
    assert_eq!(
        rate_on(&table.rates, "HCN", "2027-01-15".parse().unwrap()).map(|r| r.ppm()),
        Some(72_000)
    );
    p.stop().await;
}
