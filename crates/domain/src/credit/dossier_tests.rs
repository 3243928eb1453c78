use super::*;
use uuid::Uuid;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

fn app() -> Application {
    Application {
        capital_need: crate::money::Money::ZERO,
        repayment: None,
        id: ApplicationId(Uuid::from_u128(1)),
        household_id: HouseholdId(Uuid::from_u128(2)),
        point_id: PointId(Uuid::from_u128(3)),
        representative_id: PersonId(Uuid::from_u128(4)),
        programme: "HN".into(),
        amount: Money::dong(50_000_000),
        purpose_code: "chan_nuoi".into(),
        purpose_text: Some("Mua 2 con bò giống".into()),
        own_capital: Money::dong(5_000_000),
        term_months: 60,
        study_months: 0,
        applied_on: d("2026-11-20"),
        authorisation_ref: None,
        note: None,
        status: Status::Draft,
    }
}

const TODAY: &str = "2026-11-30";

fn table() -> ProgrammeTable {
    ProgrammeTable::builtin()
}

#[test]
fn a_plain_application_validates() {
    assert!(app().validate(d(TODAY), &table()).is_ok());
}

#[test]
fn the_ceiling_is_inclusive_and_one_dong_more_is_refused() {
    let at = Application {
        amount: Money::dong(100_000_000),
        ..app()
    };
    assert!(at.validate(d(TODAY), &table()).is_ok());
    let over = Application {
        amount: Money::dong(100_000_001),
        ..app()
    };
    let e = over.validate(d(TODAY), &table()).unwrap_err();
    assert_eq!((e.field(), e.code()), (Some("amount"), Code::OverCeiling));
    assert_eq!(
        e.problems()[0].limit,
        Some(Money::dong(100_000_000)),
        "the message can name the ceiling"
    );
}

#[test]
fn every_problem_of_the_form_is_reported_at_once() {
    let bad = Application {
        amount: Money::dong(100_000_001),
        own_capital: Money::dong(-1),
        term_months: 0,
        applied_on: d("2026-12-25"),
        ..app()
    };
    let e = bad.validate(d(TODAY), &table()).unwrap_err();
    let got: Vec<_> = e
        .problems()
        .into_iter()
        .map(|p| (p.field, p.code))
        .collect();
    assert_eq!(
        got,
        [
            ("amount".to_owned(), Code::OverCeiling),
            ("ownCapital".to_owned(), Code::Negative),
            ("termMonths".to_owned(), Code::InvalidValue),
            ("appliedOn".to_owned(), Code::FutureDate),
        ]
    );
}

#[test]
fn students_count_their_months() {
    let student = |months, amount| Application {
        programme: "HSSV".into(),
        purpose_code: "hoc_phi".into(),
        study_months: months,
        amount: Money::dong(amount),
        ..app()
    };
    assert!(student(10, 40_000_000).validate(d(TODAY), &table()).is_ok());
    assert!(
        student(10, 40_000_001)
            .validate(d(TODAY), &table())
            .is_err()
    );
}

#[test]
fn each_field_rule_names_its_field() {
    let cases: Vec<(Application, &str)> = vec![
        (
            Application {
                programme: "X".into(),
                ..app()
            },
            "programme",
        ),
        (
            Application {
                purpose_code: "du_lich".into(),
                ..app()
            },
            "purposeCode",
        ),
        (
            Application {
                amount: Money::ZERO,
                ..app()
            },
            "amount",
        ),
        (
            Application {
                own_capital: Money::dong(-1),
                ..app()
            },
            "ownCapital",
        ),
        (
            Application {
                term_months: 0,
                ..app()
            },
            "termMonths",
        ),
        (
            Application {
                term_months: 121,
                ..app()
            },
            "termMonths",
        ),
        (
            Application {
                applied_on: d("2026-12-01"),
                ..app()
            },
            "appliedOn",
        ),
        (
            Application {
                note: Some("x".repeat(501)),
                ..app()
            },
            "note",
        ),
    ];
    for (a, field) in cases {
        let e = a.validate(d(TODAY), &table()).expect_err(field);
        assert_eq!(e.field(), Some(field));
    }
}

fn change(event: Event, from: Status, to: Status, reason: Option<&str>) -> StatusChange {
    StatusChange {
        certification: None,
        id: StatusChangeId(Uuid::from_u128(9)),
        application_id: ApplicationId(Uuid::from_u128(1)),
        household_id: HouseholdId(Uuid::from_u128(2)),
        event,
        from,
        to,
        reason: reason.map(str::to_owned),
        amount: None,
        on: d(TODAY),
    }
}

#[test]
fn status_changes_follow_the_table_and_the_actor() {
    let submit = change(Event::Submit, Status::Draft, Status::SubmittedToGroup, None);
    assert!(submit.clone().validate(Actor::Device, d(TODAY)).is_ok());
    // The claimed result must be the table's.
    let forged = StatusChange {
        to: Status::BankApproved,
        ..submit
    };
    let e = forged.validate(Actor::Device, d(TODAY)).unwrap_err();
    assert_eq!(e.code(), Code::InvalidTransition);
    // The bank's decision comes only from the province.
    let bank = change(
        Event::BankApprove,
        Status::SentToBank,
        Status::BankApproved,
        None,
    );
    assert_eq!(
        bank.clone()
            .validate(Actor::Device, d(TODAY))
            .unwrap_err()
            .code(),
        Code::Forbidden
    );
    assert!(bank.clone().validate(Actor::Province, d(TODAY)).is_ok());
    // An approved amount belongs to the bank's approval only, and is positive.
    let approved = StatusChange {
        amount: Some(Money::dong(25_000_000)),
        ..bank.clone()
    };
    assert!(approved.validate(Actor::Province, d(TODAY)).is_ok());
    let zero = StatusChange {
        amount: Some(Money::ZERO),
        ..bank
    };
    assert_eq!(
        zero.validate(Actor::Province, d(TODAY))
            .unwrap_err()
            .field(),
        Some("amount")
    );
    // A rejection needs its reason.
    let reject = change(
        Event::VetReject,
        Status::ScheduledForVetting,
        Status::VettedRejected,
        Some("  "),
    );
    let e = reject.validate(Actor::Device, d(TODAY)).unwrap_err();
    assert_eq!(e.field(), Some("reason"));
}

#[test]
fn the_commune_certification_names_the_signed_paper_and_never_comes_from_the_group_side() {
    use super::Certification;
    use crate::roles::Role;
    let bare = change(
        Event::CommuneCertify,
        Status::OnList03,
        Status::CommuneCertified,
        None,
    );
    let e = bare.clone().validate(Actor::Device, d(TODAY)).unwrap_err();
    assert_eq!((e.field(), e.code()), (Some("paperRef"), Code::Required));
    let signed = StatusChange {
        certification: Some(Certification {
            paper_ref: " 03/TD số 12, ngày 01/12/2026 ".into(),
            signed_by: "Chủ tịch UBND xã Ba Tơ".into(),
        }),
        ..bare
    };
    let ok = signed.clone().validate(Actor::Device, d(TODAY)).unwrap();
    assert_eq!(
        ok.certification.as_ref().map(|c| c.paper_ref.as_str()),
        Some("03/TD số 12, ngày 01/12/2026")
    );
    for role in [
        Role::Admin,
        Role::PointLeader,
        Role::PointController,
        Role::PointTeller,
    ] {
        assert!(ok.may_record(role).is_ok(), "{role:?}");
    }
    for role in [Role::GroupLeader, Role::OrgOfficer] {
        assert_eq!(
            ok.may_record(role).unwrap_err().code(),
            Code::NotCommuneSide
        );
    }
    // Other moves carry no certification, and the group side still records them.
    let submit = change(Event::Submit, Status::Draft, Status::SubmittedToGroup, None);
    assert!(submit.may_record(Role::GroupLeader).is_ok());
    let stray = StatusChange {
        certification: signed.certification.clone(),
        ..submit
    };
    assert_eq!(
        stray.validate(Actor::Device, d(TODAY)).unwrap_err().field(),
        Some("paperRef")
    );
}
