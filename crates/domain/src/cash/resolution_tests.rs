#![allow(clippy::unwrap_used)]

use super::*;
use crate::cash::DenominationCount;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id<T: From<Uuid>>(n: u128) -> T {
    T::from(Uuid::from_u128(n))
}

fn close(counted: i64, system: i64) -> SessionClose {
    SessionClose {
        id: id(10),
        session_id: id(3),
        point_id: id(1),
        counted: vec![DenominationCount {
            value: 10_000,
            count: (counted / 10_000) as u32,
        }],
        counted_total: Money::dong(counted),
        system_total: Money::dong(system),
        explanation: Some("Thiếu".into()),
        link: None,
    }
}

fn resolution(outcome: ResolutionOutcome, amount: Option<i64>) -> DiscrepancyResolution {
    DiscrepancyResolution {
        id: id(20),
        point_id: id(1),
        case_kind: CaseKind::Close,
        case_id: Uuid::from_u128(10),
        outcome,
        amount: amount.map(Money::dong),
        settled_in_session: amount.map(|_| id(3)),
        note: "  Thủ quỹ nộp bù  ".into(),
        resolved_on: d("2026-11-20"),
        resolved_by: "Đinh Văn Tèo".into(),
        link: None,
    }
}

fn err_of<T: std::fmt::Debug>(r: DomainResult<T>) -> (String, Code) {
    let e = r.unwrap_err();
    (e.field().unwrap_or("").to_owned(), e.code())
}

#[test]
fn outcomes_serialize_in_snake_case() {
    for o in ResolutionOutcome::ALL {
        assert_eq!(
            serde_json::to_value(o).unwrap(),
            serde_json::json!(o.as_str())
        );
        assert_eq!(ResolutionOutcome::parse(o.as_str()), Some(o));
    }
    assert_eq!(ResolutionOutcome::MadeGood.as_str(), "made_good");
    assert_eq!(CaseKind::parse("handover"), Some(CaseKind::Handover));
    assert_eq!(serde_json::to_value(CaseKind::Close).unwrap(), "close");
}

#[test]
fn a_resolution_by_itself() {
    let today = d("2026-11-20");
    let r = resolution(ResolutionOutcome::MadeGood, Some(10_000))
        .validate(today)
        .unwrap();
    assert_eq!(r.note, "Thủ quỹ nộp bù");
    let bad = |f: &dyn Fn(&mut DiscrepancyResolution)| {
        let mut r = resolution(ResolutionOutcome::MadeGood, Some(10_000));
        f(&mut r);
        err_of(r.validate(today))
    };
    assert_eq!(
        bad(&|r| r.note = " ".into()),
        ("note".into(), Code::Required)
    );
    assert_eq!(
        bad(&|r| r.note = "x".repeat(1001)),
        ("note".into(), Code::TooLong)
    );
    assert_eq!(
        bad(&|r| r.resolved_by = String::new()),
        ("resolvedBy".into(), Code::Required)
    );
    assert_eq!(
        bad(&|r| r.resolved_on = d("2026-11-21")),
        ("resolvedOn".into(), Code::FutureDate)
    );
    assert_eq!(bad(&|r| r.amount = None), ("amount".into(), Code::Required));
    assert_eq!(
        bad(&|r| r.amount = Some(Money::ZERO)),
        ("amount".into(), Code::InvalidValue)
    );
    assert_eq!(
        bad(&|r| r.amount = Some(Money::dong(-5))),
        ("amount".into(), Code::Negative)
    );
    assert_eq!(
        bad(&|r| r.settled_in_session = None),
        ("settledInSession".into(), Code::Required)
    );
    // Only a made-good case carries an amount and a session.
    for o in [
        ResolutionOutcome::CountingError,
        ResolutionOutcome::Escalated,
    ] {
        assert!(resolution(o, None).validate(today).is_ok());
        assert_eq!(
            err_of(resolution(o, Some(10_000)).validate(today)),
            ("amount".into(), Code::InvalidValue)
        );
    }
}

#[test]
fn a_resolution_against_its_case() {
    let short = Case::of_close(&close(160_000, 170_000)).unwrap();
    assert_eq!(short.difference, Money::dong(-10_000));
    let r = resolution(ResolutionOutcome::MadeGood, Some(10_000));
    assert!(r.against_case(Some(&short), false).is_ok());
    assert_eq!(
        err_of(r.against_case(None, false)),
        ("caseId".into(), Code::NotFound)
    );
    assert_eq!(
        err_of(r.against_case(Some(&short), true)),
        ("caseId".into(), Code::AlreadyResolved)
    );
    let even = Case::of_close(&close(170_000, 170_000)).unwrap();
    assert_eq!(
        err_of(r.against_case(Some(&even), false)),
        ("caseId".into(), Code::NoDiscrepancy)
    );
    let over = resolution(ResolutionOutcome::MadeGood, Some(10_001));
    assert_eq!(
        err_of(over.against_case(Some(&short), false)),
        ("amount".into(), Code::OverDifference)
    );
    // An extra amount is made good by paying it out: the same limit.
    let extra = Case::of_close(&close(180_000, 170_000)).unwrap();
    assert!(r.against_case(Some(&extra), false).is_ok());
    let handover = Handover {
        id: id(10),
        session_id: id(3),
        point_id: id(1),
        group_id: id(2),
        period: d("2026-11-01"),
        expected: Money::dong(170_000),
        counted: Money::dong(160_000),
        explanation: Some("Thiếu".into()),
        link: None,
    };
    let as_handover = Case::of_handover(&handover).unwrap();
    assert_eq!(
        err_of(r.against_case(Some(&as_handover), false)),
        ("caseKind".into(), Code::InvalidValue)
    );
    let elsewhere = Case {
        point_id: id(99),
        ..short
    };
    assert_eq!(
        err_of(r.against_case(Some(&elsewhere), false)),
        ("pointId".into(), Code::InvalidValue)
    );
    assert!(r.settled_at(Some((id(1), false))).is_ok());
    assert_eq!(
        err_of(r.settled_at(None)),
        ("settledInSession".into(), Code::NotFound)
    );
    assert_eq!(
        err_of(r.settled_at(Some((id(99), false)))),
        ("settledInSession".into(), Code::InvalidValue)
    );
    assert_eq!(
        err_of(r.settled_at(Some((id(1), true)))),
        ("settledInSession".into(), Code::SessionClosed)
    );
}

#[test]
fn cash_made_good_moves_the_till_of_its_session_the_way_that_closes_the_gap() {
    let short = Case::of_close(&close(330_000, 340_000)).unwrap();
    let over = Case::of_close(&close(350_000, 340_000)).unwrap();
    let made_good = resolution(ResolutionOutcome::MadeGood, Some(10_000));
    // Short: the missing cash is brought in. Over: the extra is paid back out.
    assert_eq!(made_good.till_effect(&short), Money::dong(10_000));
    assert_eq!(made_good.till_effect(&over), Money::dong(-10_000));
    for o in [
        ResolutionOutcome::CountingError,
        ResolutionOutcome::Escalated,
    ] {
        assert_eq!(resolution(o, None).till_effect(&short), Money::ZERO);
    }
}

#[test]
fn the_point_team_resolves_and_a_group_leader_never_resolves_a_handover() {
    for role in [
        Role::Admin,
        Role::PointLeader,
        Role::PointController,
        Role::PointTeller,
    ] {
        assert!(may_resolve(role, CaseKind::Handover).is_ok(), "{role:?}");
        assert!(may_resolve(role, CaseKind::Close).is_ok(), "{role:?}");
    }
    assert_eq!(
        err_of(may_resolve(Role::GroupLeader, CaseKind::Handover)),
        ("caseId".into(), Code::OwnCase)
    );
    for role in [Role::GroupLeader, Role::OrgOfficer, Role::Viewer] {
        assert!(matches!(
            may_resolve(role, CaseKind::Close),
            Err(DomainError::Forbidden { .. })
        ));
    }
}
