use super::*;
use crate::credit::loan::LoanStatus;
use crate::credit::rate::AnnualRate;
use crate::funduse::photo::hash_of;
use crate::ids::PointId;
use uuid::Uuid;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

pub fn loan() -> Loan {
    Loan {
        id: LoanId(Uuid::from_u128(1)),
        contract_no: "HN-0001".into(),
        household_id: HouseholdId(Uuid::from_u128(2)),
        borrower_id: None,
        point_id: PointId(Uuid::from_u128(3)),
        group_id: Some(GroupId(Uuid::from_u128(4))),
        organisation_id: None,
        programme: "HN".into(),
        principal: Money::dong(50_000_000),
        disbursed_on: d("2026-11-02"),
        maturity_on: d("2029-11-02"),
        purpose: "Chăn nuôi bò sinh sản".into(),
        rate: AnnualRate::from_hundredths_pct(660),
        status: LoanStatus::InGoodStanding,
        outstanding: Money::dong(50_000_000),
        outstanding_as_of: d("2026-11-02"),
        overdue: Money::ZERO,
        terms: Default::default(),
        movements: Vec::new(),
    }
}

pub fn sample() -> FundCheck {
    FundCheck {
        id: FundCheckId(Uuid::from_u128(10)),
        loan_id: LoanId(Uuid::from_u128(1)),
        household_id: HouseholdId(Uuid::from_u128(2)),
        group_id: Some(GroupId(Uuid::from_u128(4))),
        checked_on: d("2026-11-25"),
        checkers: vec![Checker {
            person_id: None,
            name: "Đinh Thị Lan".into(),
            role: "Tổ trưởng".into(),
            organisation: "Hội Phụ nữ xã Minh Long".into(),
        }],
        method: Method::HomeVisit,
        stated_purpose: "Chăn nuôi bò sinh sản".into(),
        observed_use: "Đã mua 2 con bò cái".into(),
        amount_as_intended: Money::dong(50_000_000),
        outcome: Outcome::UsedAsIntended,
        notes: None,
        borrower_acknowledged: true,
        follow_up: None,
        photos: vec![hash_of(b"photo")],
        supersedes: None,
        supersede_reason: None,
    }
}

#[test]
fn a_complete_record_validates_against_its_loan() {
    let c = sample().validate(d("2026-11-30")).unwrap();
    assert!(c.against_loan(&loan()).is_ok());
}

#[test]
fn each_rule_names_its_field() {
    let today = d("2026-11-30");
    let cases: Vec<(FundCheck, &str, Code)> = vec![
        (
            FundCheck {
                checked_on: d("2026-12-01"),
                ..sample()
            },
            "checkedOn",
            Code::FutureDate,
        ),
        (
            FundCheck {
                checkers: vec![],
                ..sample()
            },
            "checkers",
            Code::Required,
        ),
        (
            FundCheck {
                checkers: vec![Checker {
                    name: " ".into(),
                    ..sample().checkers[0].clone()
                }],
                ..sample()
            },
            "checkers",
            Code::Required,
        ),
        (
            FundCheck {
                observed_use: "".into(),
                ..sample()
            },
            "observedUse",
            Code::Required,
        ),
        (
            FundCheck {
                amount_as_intended: Money::dong(-1),
                ..sample()
            },
            "amountAsIntended",
            Code::Negative,
        ),
        (
            FundCheck {
                outcome: Outcome::PartlyMisused,
                ..sample()
            },
            "notes",
            Code::Required,
        ),
        (
            FundCheck {
                photos: vec!["abc".into()],
                ..sample()
            },
            "photos",
            Code::InvalidFormat,
        ),
        (
            FundCheck {
                photos: vec![hash_of(b"x"), hash_of(b"x")],
                ..sample()
            },
            "photos",
            Code::InvalidFormat,
        ),
        (
            FundCheck {
                supersedes: Some(FundCheckId(Uuid::from_u128(9))),
                ..sample()
            },
            "supersedeReason",
            Code::Required,
        ),
        (
            FundCheck {
                supersede_reason: Some("sai ngày".into()),
                ..sample()
            },
            "supersedeReason",
            Code::InvalidValue,
        ),
        (
            FundCheck {
                supersedes: Some(FundCheckId(Uuid::from_u128(10))),
                supersede_reason: Some("chính nó".into()),
                ..sample()
            },
            "supersedes",
            Code::InvalidValue,
        ),
    ];
    for (c, field, code) in cases {
        let e = c.validate(today).expect_err(field);
        assert_eq!((e.field(), e.code()), (Some(field), code), "{field}");
    }
}

#[test]
fn the_loan_bounds_date_amount_purpose_and_household() {
    let l = loan();
    let cases: Vec<(FundCheck, &str)> = vec![
        (
            FundCheck {
                checked_on: d("2026-11-01"),
                ..sample()
            },
            "checkedOn",
        ),
        (
            FundCheck {
                amount_as_intended: Money::dong(50_000_001),
                ..sample()
            },
            "amountAsIntended",
        ),
        (
            FundCheck {
                stated_purpose: "Mua xe máy".into(),
                ..sample()
            },
            "statedPurpose",
        ),
        (
            FundCheck {
                household_id: HouseholdId(Uuid::from_u128(99)),
                ..sample()
            },
            "householdId",
        ),
        (
            FundCheck {
                loan_id: LoanId(Uuid::from_u128(98)),
                ..sample()
            },
            "loanId",
        ),
    ];
    for (c, field) in cases {
        assert_eq!(c.against_loan(&l).unwrap_err().field(), Some(field));
    }
    // The disbursement day itself is fine.
    let same_day = FundCheck {
        checked_on: l.disbursed_on,
        ..sample()
    };
    assert!(same_day.against_loan(&l).is_ok());
}

#[test]
fn a_correction_supersedes_one_check_of_the_same_loan_once() {
    let old = sample();
    let fix = FundCheck {
        id: FundCheckId(Uuid::from_u128(11)),
        supersedes: Some(old.id),
        supersede_reason: Some("Ghi nhầm số tiền".into()),
        amount_as_intended: Money::dong(30_000_000),
        outcome: Outcome::PartlyMisused,
        notes: Some("Dùng 20 triệu sửa nhà".into()),
        ..sample()
    };
    assert!(fix.clone().validate(d("2026-11-30")).is_ok());
    assert!(fix.may_supersede(&old, false).is_ok());
    assert_eq!(
        fix.may_supersede(&old, true).unwrap_err().code(),
        Code::AlreadySuperseded
    );
    let other_loan = FundCheck {
        loan_id: LoanId(Uuid::from_u128(77)),
        ..old.clone()
    };
    assert_eq!(
        fix.may_supersede(&other_loan, false).unwrap_err().field(),
        Some("supersedes")
    );
    let both = [old.clone(), fix.clone()];
    let in_force = effective(&both);
    assert_eq!(in_force.len(), 1);
    assert_eq!(in_force[0].id, fix.id);
}

#[test]
fn no_one_checks_a_loan_of_their_own_household_or_a_kin_one() {
    use crate::ids::HouseholdId;
    use std::collections::HashSet;
    let c = sample();
    let borrower = c.household_id;
    let kin = HouseholdId(Uuid::from_u128(501));
    let other = HouseholdId(Uuid::from_u128(502));
    let related = HashSet::from([borrower, kin]);
    assert!(c.check_independent(&[other], &related).is_ok());
    assert!(
        c.check_independent(&[], &related).is_ok(),
        "outside officers only"
    );
    for own in [borrower, kin] {
        let e = c.check_independent(&[other, own], &related).unwrap_err();
        assert_eq!(
            (e.field(), e.code()),
            (Some("checkers"), Code::RelatedHousehold)
        );
    }
}
