//! A vetting round across devices and the province: an application recorded offline reaches
//! the province, the bank's decision comes back to every device in scope, and a modified
//! device cannot write the bank's decision itself.
#![allow(clippy::unwrap_used)]

mod common;

use common::vetting::*;
use common::*;
use uuid::Uuid;
use vonxa_domain::credit::application::{Event, Status};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::meeting::{Decision, QuorumRule, Votes};
use vonxa_domain::credit::vetting::VettingDecision;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_domain::{ApplicationId, MeetingId, Money, StatusChangeId, VettingDecisionId};
use vonxa_protocol::RejectCode;
use vonxa_province::decisions::{BankDecision, decide};
use vonxa_store::queries::docs;

fn status_of(d: &Dev, id: ApplicationId) -> Status {
    vonxa_store::records::load::<Application>(d.lock().connection(), id.as_uuid())
        .unwrap()
        .status
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_application_reaches_the_province_and_the_banks_decision_comes_back() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let (a, b) = (Dev::new(), Dev::new());
    a.load_demo(40);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    b.enrol(&p.url, &p.code(Role::PointLeader).await).await;
    b.settle(3).await;

    // Offline on a: the application and its way to the bank.
    let app = eligible_draft(&a);
    a.lock().record(&a.admin, Op::Insert, app.clone()).unwrap();
    send_to_bank(&a, &app);
    assert_eq!(status_of(&a, app.id), Status::SentToBank);
    a.settle(3).await;

    // The bank approves a reduced amount at the province; both devices see it.
    let status = decide(
        &p.db,
        app.id.as_uuid(),
        BankDecision::Approve {
            amount: Some(Money::dong(25_000_000)),
        },
    )
    .await
    .unwrap();
    assert_eq!(status, Status::BankApproved);
    // A second decision on the same application is refused.
    assert!(
        decide(
            &p.db,
            app.id.as_uuid(),
            BankDecision::Reject { reason: "x".into() }
        )
        .await
        .is_err()
    );
    a.sync().await.unwrap();
    b.settle(3).await;
    for d in [&a, &b] {
        assert_eq!(status_of(d, app.id), Status::BankApproved);
        let history: Vec<StatusChange> = docs(
            d.lock().connection(),
            "SELECT doc FROM application_status WHERE application_id = ?1 ORDER BY rowid",
            [app.id.to_string()],
        )
        .unwrap();
        let last = history.last().unwrap();
        assert_eq!(history.len(), 7, "six moves on a and the bank's");
        assert_eq!(
            (last.event, last.amount),
            (Event::BankApprove, Some(Money::dong(25_000_000)))
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_modified_device_cannot_write_the_banks_decision_nor_break_the_meeting_rules() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(40);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let app = eligible_draft(&a);
    a.lock().record(&a.admin, Op::Insert, app.clone()).unwrap();
    a.settle(3).await;

    let approval = StatusChange {
        certification: None,
        id: StatusChangeId(Uuid::now_v7()),
        application_id: app.id,
        household_id: app.household_id,
        event: Event::BankApprove,
        from: Status::SentToBank,
        to: Status::BankApproved,
        reason: None,
        amount: Some(Money::dong(30_000_000)),
        on: today(),
    };
    let phantom = Application {
        status: Status::BankApproved,
        ..app.clone()
    };
    let head = vonxa_province::Backend::head(&p.db).await.unwrap();
    let r = a
        .push_raw(
            &p.url,
            vec![
                a.forged(
                    EntityKind::ApplicationStatus,
                    Op::Insert,
                    approval.id.as_uuid(),
                    serde_json::to_value(&approval).unwrap(),
                ),
                a.forged(
                    EntityKind::Application,
                    Op::Update,
                    app.id.as_uuid(),
                    serde_json::to_value(&phantom).unwrap(),
                ),
            ],
        )
        .await;
    for res in &r.results {
        assert_eq!(res.code, Some(RejectCode::Invalid), "{res:?}");
    }
    assert_eq!(r.results[1].field.as_deref(), Some("status"));

    // Decisions the province re-checks whatever the device says: without quorum, a reject
    // without a reason.
    let decision = |present: u32, decision: Decision, reason: Option<&str>| VettingDecision {
        id: VettingDecisionId(Uuid::now_v7()),
        meeting_id: MeetingId(Uuid::now_v7()),
        application_id: app.id,
        household_id: app.household_id,
        requested: app.amount,
        members_total: 30,
        present,
        quorum: QuorumRule::default(),
        conflicted_present: 0,
        votes: Votes {
            for_: present.min(10),
            against: 0,
            abstain: 0,
        },
        decision,
        approved_amount: None,
        reason: reason.map(str::to_owned),
    };
    let bad = [
        decision(15, Decision::Approve, None),
        decision(20, Decision::Reject, None),
    ];
    let changes = bad
        .iter()
        .map(|d| {
            a.forged(
                EntityKind::VettingDecision,
                Op::Insert,
                d.id.as_uuid(),
                serde_json::to_value(d).unwrap(),
            )
        })
        .collect();
    let r = a.push_raw(&p.url, changes).await;
    assert_eq!(
        r.results[0].domain,
        Some(vonxa_domain::Code::NoQuorum),
        "{r:?}"
    );
    assert_eq!(r.results[1].field.as_deref(), Some("reason"), "{r:?}");
    assert_eq!(
        vonxa_province::Backend::head(&p.db).await.unwrap(),
        head,
        "nothing applied"
    );
}
