//! The group meeting (10/TD) in the store: attendance against the members of the day, quorum,
//! reasons, conflicts of interest, and decisions that move their applications.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use uuid::Uuid;
use vonxa_domain::credit::application::Status;
use vonxa_domain::credit::dossier::Application;
use vonxa_domain::credit::meeting::{Decision, QuorumRule, Votes};
use vonxa_domain::credit::vetting::{Meeting, VettingDecision};
use vonxa_domain::entity::Op;
use vonxa_domain::reference::Group;
use vonxa_domain::*;
use vonxa_store::demo::DemoData;
use vonxa_store::{Store, credit, vetting};

/// A submitted HN application of an eligible member, and its group.
fn submitted(f: &mut Fixture, d: &DemoData) -> (Application, Group) {
    for h in &d.households {
        let Some(rep) = h.head_person_id else {
            continue;
        };
        let app = Application {
            capital_need: vonxa_domain::Money::ZERO,
            repayment: None,
            id: ApplicationId(Uuid::now_v7()),
            household_id: h.id,
            point_id: h.point_id,
            representative_id: rep,
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
            status: vonxa_domain::credit::application::Status::Draft,
        };
        if !credit::eligibility_of(f.store.connection(), &app)
            .unwrap()
            .is_empty()
        {
            continue;
        }
        f.store.record(&f.admin, Op::Insert, app.clone()).unwrap();
        let id = StatusChangeId(Uuid::now_v7());
        let app = f
            .store
            .move_application(
                &f.admin,
                app.id,
                vonxa_domain::credit::application::Event::Submit,
                None,
                id,
            )
            .unwrap();
        let m = d
            .memberships
            .iter()
            .find(|m| m.household_id == h.id && m.left_on.is_none())
            .unwrap();
        let g = d
            .groups
            .iter()
            .find(|g| g.id == m.group_id)
            .unwrap()
            .clone();
        return (app, g);
    }
    panic!("no eligible demo household");
}

/// A meeting of `g` today with `present` of its members, the applicant among them.
fn meeting(s: &Store, g: &Group, applicant: HouseholdId, present: usize) -> Meeting {
    let members = s.group_members_on(g, today()).unwrap();
    let mut others: Vec<HouseholdId> = members
        .iter()
        .copied()
        .filter(|h| *h != applicant)
        .collect();
    others.sort();
    let mut here = vec![applicant];
    here.extend(others.into_iter().take(present.saturating_sub(1)));
    Meeting {
        chair_id: None,
        id: MeetingId(Uuid::now_v7()),
        group_id: g.id,
        point_id: g.point_id,
        held_on: today(),
        place: "Nhà văn hóa thôn".into(),
        chair: "Tổ trưởng".into(),
        secretary: "Thư ký".into(),
        guests: None,
        members_total: u32::try_from(members.len()).unwrap(),
        present: here,
        quorum: QuorumRule::default(),
        minutes: None,
        cancelled: None,
    }
}

fn decision(
    s: &Store,
    m: &Meeting,
    app: &Application,
    decision: Decision,
    for_: u32,
) -> VettingDecision {
    VettingDecision {
        id: VettingDecisionId(Uuid::now_v7()),
        meeting_id: m.id,
        application_id: app.id,
        household_id: app.household_id,
        requested: app.amount,
        members_total: m.members_total,
        present: m.present_count(),
        quorum: m.quorum,
        conflicted_present: vetting::conflicted(s.connection(), m, app.household_id).unwrap(),
        votes: Votes {
            for_,
            against: 0,
            abstain: 0,
        },
        decision,
        approved_amount: None,
        reason: None,
    }
}

fn refused(e: vonxa_store::StoreError) -> (String, Code) {
    match e.as_domain() {
        Some(DomainError::Validation { field, code }) => (field.clone(), *code),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_quorate_meeting_approves_and_the_application_moves() {
    let (mut f, d) = with_demo(80);
    let (app, g) = submitted(&mut f, &d);
    let total = f.store.group_members_on(&g, today()).unwrap().len();
    let m = meeting(&f.store, &g, app.household_id, total / 2 + 1);
    assert!(m.quorum_met());
    f.store.record(&f.admin, Op::Insert, m.clone()).unwrap();
    let eligible = m.present_count()
        - vetting::conflicted(f.store.connection(), &m, app.household_id).unwrap();
    let ok = decision(&f.store, &m, &app, Decision::Approve, eligible);
    let moved = f.store.record_decision(&f.admin, ok).unwrap();
    assert_eq!(moved.status, Status::VettedApproved);
    assert_eq!(
        count(&f.store, "application_status"),
        3,
        "submit, schedule, approve"
    );
    assert_eq!(count(&f.store, "vetting_decisions"), 1);
}

#[test]
fn no_quorum_no_reason_or_a_wrong_attendance_writes_nothing() {
    let (mut f, d) = with_demo(80);
    let (app, g) = submitted(&mut f, &d);
    let total = f.store.group_members_on(&g, today()).unwrap().len();
    let thin = meeting(&f.store, &g, app.household_id, total / 2);
    assert!(!thin.quorum_met());
    f.store.record(&f.admin, Op::Insert, thin.clone()).unwrap();
    let before = count(&f.store, "change_log");
    let e = f
        .store
        .record_decision(
            &f.admin,
            decision(&f.store, &thin, &app, Decision::Approve, 1),
        )
        .unwrap_err();
    assert_eq!(refused(e).1, Code::NoQuorum);

    let full = meeting(&f.store, &g, app.household_id, total);
    f.store.record(&f.admin, Op::Insert, full.clone()).unwrap();
    let before_full = count(&f.store, "change_log");
    assert_eq!(before_full, before + 1);
    let reject = decision(&f.store, &full, &app, Decision::Reject, 0);
    assert_eq!(
        refused(f.store.record_decision(&f.admin, reject).unwrap_err()).0,
        "reason"
    );
    let mut wrong = decision(
        &f.store,
        &full,
        &app,
        Decision::Approve,
        full.present_count() - 1,
    );
    wrong.present -= 1;
    assert_eq!(
        refused(f.store.record_decision(&f.admin, wrong).unwrap_err()),
        ("attendance".into(), Code::InvalidValue)
    );
    assert_eq!(
        count(&f.store, "change_log"),
        before_full,
        "nothing written"
    );
    assert_eq!(count(&f.store, "vetting_decisions"), 0);

    // Attendance must be the group's members of the day.
    let mut stranger = meeting(&f.store, &g, app.household_id, 3);
    stranger.present.push(HouseholdId(Uuid::now_v7()));
    let e = f.store.record(&f.admin, Op::Insert, stranger).unwrap_err();
    assert_eq!(refused(e).0, "present");
}

#[test]
fn a_meeting_is_cancelled_with_its_reason_only_before_a_decision() {
    use vonxa_domain::credit::vetting::Cancellation;
    let (mut f, d) = with_demo(80);
    let (app, g) = submitted(&mut f, &d);
    let total = f.store.group_members_on(&g, today()).unwrap().len();
    let called_off = |m: &Meeting| Meeting {
        cancelled: Some(Cancellation {
            on: today(),
            reason: "Mưa lũ, thôn bị chia cắt".into(),
        }),
        ..m.clone()
    };

    // Cancelled before any decision: kept, and nothing is decided under it any more.
    let m = meeting(&f.store, &g, app.household_id, total);
    f.store.record(&f.admin, Op::Insert, m.clone()).unwrap();
    f.store
        .record(&f.admin, Op::Update, called_off(&m))
        .unwrap();
    let kept: Meeting = vonxa_store::records::load(f.store.connection(), m.id.as_uuid()).unwrap();
    assert!(kept.cancelled.is_some());
    let eligible = m.present_count()
        - vetting::conflicted(f.store.connection(), &m, app.household_id).unwrap();
    let under = decision(&f.store, &m, &app, Decision::Approve, eligible);
    assert_eq!(
        refused(f.store.record_decision(&f.admin, under).unwrap_err()),
        ("meetingId".into(), Code::MeetingCancelled)
    );
    // Not reopened by saving it again without the cancellation.
    assert_eq!(
        refused(f.store.record(&f.admin, Op::Update, m.clone()).unwrap_err()).1,
        Code::MeetingCancelled
    );

    // A meeting that decided stands.
    let second = meeting(&f.store, &g, app.household_id, total);
    f.store
        .record(&f.admin, Op::Insert, second.clone())
        .unwrap();
    let ok = decision(&f.store, &second, &app, Decision::Approve, eligible);
    f.store.record_decision(&f.admin, ok).unwrap();
    assert_eq!(
        refused(
            f.store
                .record(&f.admin, Op::Update, called_off(&second))
                .unwrap_err()
        ),
        ("cancelReason".into(), Code::InvalidTransition)
    );
}
