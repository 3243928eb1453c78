//! Applications (01/TD) in the store: drafts, submission gated by eligibility, statuses that
//! move only with their status-change record, frozen fields, no phantom approvals.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use uuid::Uuid;
use vonxa_domain::credit::application::{Event, Status};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::entity::Op;
use vonxa_domain::reference::{Household, PovertyCategory};
use vonxa_domain::{ApplicationId, Code, DomainError, Money, StatusChangeId};
use vonxa_store::demo::DemoData;
use vonxa_store::{Store, credit};

/// A household whose current status is `cat`, in a group of its own village, with a head.
fn household(d: &DemoData, cat: PovertyCategory) -> Household {
    d.households
        .iter()
        .find(|h| {
            let status = d
                .statuses
                .iter()
                .filter(|s| s.household_id == h.id)
                .max_by_key(|s| s.valid_from);
            let member = d
                .memberships
                .iter()
                .find(|m| m.household_id == h.id && m.left_on.is_none());
            let own_village = member.is_some_and(|m| {
                d.groups
                    .iter()
                    .any(|g| g.id == m.group_id && g.village_id == h.village_id)
            });
            status.is_some_and(|s| s.category == cat) && own_village && h.head_person_id.is_some()
        })
        .cloned()
        .expect("a demo household of that kind")
}

fn draft(h: &Household, amount: i64) -> Application {
    Application {
        capital_need: vonxa_domain::Money::ZERO,
        repayment: None,
        id: ApplicationId(Uuid::now_v7()),
        household_id: h.id,
        point_id: h.point_id,
        representative_id: h.head_person_id.unwrap(),
        programme: "HN".into(),
        amount: Money::dong(amount),
        purpose_code: "chan_nuoi".into(),
        purpose_text: Some("Mua bò giống".into()),
        own_capital: Money::ZERO,
        term_months: 36,
        study_months: 0,
        applied_on: today(),
        authorisation_ref: None,
        note: None,
        status: Status::Draft,
    }
}

fn status(store: &Store, id: ApplicationId) -> Status {
    vonxa_store::records::load::<Application>(store.connection(), id.as_uuid())
        .unwrap()
        .status
}

fn refused(err: vonxa_store::StoreError) -> (String, Code) {
    match err.as_domain() {
        Some(DomainError::Validation { field, code }) => (field.clone(), *code),
        other => panic!("not a validation error: {other:?}"),
    }
}

#[test]
fn an_eligible_draft_is_submitted_and_its_fields_freeze() {
    let (mut f, d) = with_demo(60);
    let h = household(&d, PovertyCategory::Poor);
    let app = draft(&h, 30_000_000);
    f.store.record(&f.admin, Op::Insert, app.clone()).unwrap();
    assert!(
        credit::eligibility_of(f.store.connection(), &app)
            .unwrap()
            .is_empty()
    );
    f.store
        .move_application(
            &f.admin,
            app.id,
            Event::Submit,
            None,
            StatusChangeId(Uuid::now_v7()),
        )
        .unwrap();
    assert_eq!(status(&f.store, app.id), Status::SubmittedToGroup);
    assert_eq!(count(&f.store, "application_status"), 1);
    // Past the draft, the amount cannot change.
    let edited = Application {
        amount: Money::dong(40_000_000),
        status: Status::SubmittedToGroup,
        ..app.clone()
    };
    let e = f.store.record(&f.admin, Op::Update, edited).unwrap_err();
    assert_eq!(refused(e), ("status".into(), Code::InvalidTransition));
    // A second open application in the programme is blocked at submission.
    let second = draft(&h, 10_000_000);
    f.store
        .record(&f.admin, Op::Insert, second.clone())
        .unwrap();
    let e = f
        .store
        .move_application(
            &f.admin,
            second.id,
            Event::Submit,
            None,
            StatusChangeId(Uuid::now_v7()),
        )
        .unwrap_err();
    assert_eq!(refused(e), ("programme".into(), Code::NotEligible));
    assert_eq!(
        status(&f.store, second.id),
        Status::Draft,
        "nothing written"
    );
    assert_eq!(count(&f.store, "application_status"), 1);
}

#[test]
fn an_ineligible_household_cannot_submit() {
    let (mut f, d) = with_demo(60);
    let h = household(&d, PovertyCategory::AverageLiving);
    let app = draft(&h, 30_000_000);
    f.store.record(&f.admin, Op::Insert, app.clone()).unwrap();
    let e = f
        .store
        .move_application(
            &f.admin,
            app.id,
            Event::Submit,
            None,
            StatusChangeId(Uuid::now_v7()),
        )
        .unwrap_err();
    assert_eq!(refused(e), ("householdId".into(), Code::NotEligible));
    assert_eq!(status(&f.store, app.id), Status::Draft);
}

#[test]
fn statuses_move_only_through_the_table() {
    let (mut f, d) = with_demo(60);
    let h = household(&d, PovertyCategory::Poor);
    // No phantom approvals: a new application is a draft, never approved by the bank.
    let phantom = Application {
        status: Status::BankApproved,
        ..draft(&h, 30_000_000)
    };
    let e = f.store.record(&f.admin, Op::Insert, phantom).unwrap_err();
    assert_eq!(refused(e), ("status".into(), Code::InvalidTransition));
    let app = draft(&h, 30_000_000);
    f.store.record(&f.admin, Op::Insert, app.clone()).unwrap();
    // Skipping the meeting is not in the table.
    let e = f
        .store
        .move_application(
            &f.admin,
            app.id,
            Event::PutOnList,
            None,
            StatusChangeId(Uuid::now_v7()),
        )
        .unwrap_err();
    assert_eq!(refused(e), ("status".into(), Code::InvalidTransition));
    // A status change claiming another starting status is refused.
    let forged = StatusChange {
        certification: None,
        id: StatusChangeId(Uuid::now_v7()),
        application_id: app.id,
        household_id: h.id,
        event: Event::Schedule,
        from: Status::SubmittedToGroup,
        to: Status::ScheduledForVetting,
        reason: None,
        amount: None,
        on: today(),
    };
    let e = f.store.record(&f.admin, Op::Insert, forged).unwrap_err();
    assert_eq!(refused(e), ("status".into(), Code::InvalidTransition));
    // Withdrawing needs a reason.
    let e = f
        .store
        .move_application(
            &f.admin,
            app.id,
            Event::Withdraw,
            None,
            StatusChangeId(Uuid::now_v7()),
        )
        .unwrap_err();
    assert_eq!(refused(e), ("reason".into(), Code::Required));
    f.store
        .move_application(
            &f.admin,
            app.id,
            Event::Withdraw,
            Some("Hộ xin rút hồ sơ".into()),
            StatusChangeId(Uuid::now_v7()),
        )
        .unwrap();
    assert_eq!(status(&f.store, app.id), Status::Withdrawn);
}
