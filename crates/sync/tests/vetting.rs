//! A vetting round across devices and the province: an application recorded offline reaches
//! the province, the bank's decision comes back to every device in scope, and a modified
//! device cannot write the bank's decision itself.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use uuid::Uuid;
use vonxa_domain::credit::application::{Event, Status};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::meeting::{Decision, QuorumRule, Votes};
use vonxa_domain::credit::vetting::{Cancellation, Meeting, VettingDecision};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::Group;
use vonxa_domain::roles::Role;
use vonxa_domain::{ApplicationId, MeetingId, Money, StatusChangeId, VettingDecisionId};
use vonxa_protocol::RejectCode;
use vonxa_province::decisions::{BankDecision, decide};
use vonxa_store::credit::eligibility_of;
use vonxa_store::queries::docs;

/// A draft for the first household that may borrow 30.000.000 đ from HN.
fn eligible_draft(d: &Dev) -> Application {
    let households = d.households();
    let s = d.lock();
    households
        .into_iter()
        .filter_map(|h| {
            let app = Application {
                id: ApplicationId(Uuid::now_v7()),
                household_id: h.id,
                point_id: h.point_id,
                representative_id: h.head_person_id?,
                programme: "HN".into(),
                amount: Money::dong(30_000_000),
                purpose_code: "chan_nuoi".into(),
                purpose_text: None,
                own_capital: Money::ZERO,
                term_months: 36,
                study_months: 0,
                applied_on: today(),
                authorisation_ref: None,
                note: None,
                status: Status::Draft,
            };
            eligibility_of(s.connection(), &app)
                .ok()
                .filter(|r| r.is_empty())
                .map(|_| app)
        })
        .next()
        .expect("an eligible demo household")
}

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
    for e in [
        Event::Submit,
        Event::Schedule,
        Event::VetApprove,
        Event::PutOnList,
        Event::CommuneCertify,
        Event::SendToBank,
    ] {
        a.lock()
            .move_application(&a.admin, app.id, e, None, StatusChangeId(Uuid::now_v7()))
            .unwrap();
    }
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

/// A meeting of the applicant's group today with every member present, recorded on `a`.
fn full_meeting(a: &Dev, app: &Application) -> Meeting {
    let s = a.lock();
    let membership =
        vonxa_store::queries::memberships_of_household(s.connection(), app.household_id)
            .unwrap()
            .into_iter()
            .find(|m| m.left_on.is_none())
            .unwrap();
    let g: Group =
        vonxa_store::records::load(s.connection(), membership.group_id.as_uuid()).unwrap();
    let members = s.group_members_on(&g, today()).unwrap();
    let m = Meeting {
        id: MeetingId(Uuid::now_v7()),
        group_id: g.id,
        point_id: g.point_id,
        held_on: today(),
        place: "Nhà văn hóa thôn".into(),
        chair: "Tổ trưởng".into(),
        secretary: "Thư ký".into(),
        guests: None,
        members_total: u32::try_from(members.len()).unwrap(),
        present: members.into_iter().collect(),
        quorum: QuorumRule::default(),
        minutes: None,
        cancelled: None,
    };
    drop(s);
    a.lock().record(&a.admin, Op::Insert, m.clone()).unwrap();
    m
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_province_refuses_a_decision_under_a_cancelled_meeting_or_another_attendance() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(40);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let app = eligible_draft(&a);
    a.lock().record(&a.admin, Op::Insert, app.clone()).unwrap();

    // One meeting cancelled on the device (as the screen does), one that stands.
    let cancelled = full_meeting(&a, &app);
    let called_off = Meeting {
        cancelled: Some(Cancellation {
            on: today(),
            reason: "Mưa lũ".into(),
        }),
        ..cancelled.clone()
    };
    a.lock().record(&a.admin, Op::Update, called_off).unwrap();
    let standing = full_meeting(&a, &app);
    a.settle(3).await;

    // A modified device decides under the cancelled one, and under the other with an
    // attendance that is not the meeting's: the device's own store refuses both, and so
    // does the province.
    let under = |m: &Meeting, present: u32| VettingDecision {
        id: VettingDecisionId(Uuid::now_v7()),
        meeting_id: m.id,
        application_id: app.id,
        household_id: app.household_id,
        requested: app.amount,
        members_total: m.members_total,
        present,
        quorum: m.quorum,
        conflicted_present: 0,
        votes: Votes {
            for_: present,
            against: 0,
            abstain: 0,
        },
        decision: Decision::Approve,
        approved_amount: None,
        reason: None,
    };
    let forged = [
        under(&cancelled, cancelled.present_count()),
        under(&standing, standing.present_count() - 1),
    ];
    for d in &forged {
        assert!(a.lock().record_decision(&a.admin, d.clone()).is_err());
    }
    let head = vonxa_province::Backend::head(&p.db).await.unwrap();
    let changes = forged
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
        Some(vonxa_domain::Code::MeetingCancelled),
        "{r:?}"
    );
    assert_eq!(r.results[1].field.as_deref(), Some("attendance"), "{r:?}");
    assert_eq!(
        vonxa_province::Backend::head(&p.db).await.unwrap(),
        head,
        "nothing applied"
    );
}
