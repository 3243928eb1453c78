//! The money rules, one by one, and the properties the journal must keep.

use super::entry::{Balance, balance_after};
use super::session::{count_total, system_total};
use super::sheet::{collected, loan_interest, month};
use super::*;
use crate::credit::interest::{Movement, PrincipalEvent};
use crate::credit::loan::{Loan, LoanStatus};
use crate::credit::rate::{AnnualRate, RateEntry};
use crate::ident::Sex;
use crate::journal;
use crate::{Code, Money};
use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn id<T: From<Uuid>>(n: u128) -> T {
    T::from(Uuid::from_u128(n))
}

fn collection(n: u128, household: u128, interest: i64, savings: i64, pfs: i64) -> MoneyEntry {
    MoneyEntry {
        id: id(n),
        receipt_no: journal::receipt_number("ABCD1234", n as u64),
        point_id: id(1),
        session_id: None,
        on: d("2026-11-10"),
        collector: "Lê Văn Tổ".into(),
        payment: Payment::Collection {
            group_id: id(2),
            household_id: id(household),
            period: d("2026-11-01"),
            interest: Money::dong(interest),
            savings: Money::dong(savings),
            principal_from_savings: Money::dong(pfs),
        },
        reverses: None,
        link: None,
    }
}

fn reversal_of(e: &MoneyEntry, n: u128) -> MoneyEntry {
    MoneyEntry {
        id: id(n),
        receipt_no: journal::receipt_number("ABCD1234", n as u64),
        payment: e.payment.negated().unwrap(),
        reverses: Some(Reversal {
            entry_id: e.id,
            reason: "Ghi nhầm số tiền".into(),
        }),
        ..e.clone()
    }
}

fn code(r: crate::error::DomainResult<MoneyEntry>) -> (Option<String>, Code) {
    let e = r.unwrap_err();
    (e.field().map(str::to_owned), e.code())
}

const TODAY: &str = "2026-11-30";

#[test]
fn member_savings_of_at_least_5000_dong() {
    let min = Minimums::default();
    assert!(
        collection(10, 3, 0, 5_000, 0)
            .validate(d(TODAY), &min)
            .is_ok()
    );
    assert_eq!(
        code(collection(10, 3, 10_000, 4_999, 0).validate(d(TODAY), &min)),
        (Some("savings".into()), Code::BelowMinimum)
    );
    assert_eq!(
        code(collection(10, 3, 0, 0, 0).validate(d(TODAY), &min)),
        (Some("amount".into()), Code::Required)
    );
    assert_eq!(
        code(collection(10, 3, -1, 0, 0).validate(d(TODAY), &min)),
        (Some("amount".into()), Code::Negative)
    );
}

#[test]
fn point_deposits_of_at_least_100000_dong_within_a_session() {
    let min = Minimums::default();
    let dep = |amount| MoneyEntry {
        session_id: Some(id(9)),
        payment: Payment::Deposit {
            account_id: id(8),
            amount: Money::dong(amount),
        },
        ..collection(11, 3, 0, 0, 0)
    };
    assert!(dep(100_000).validate(d(TODAY), &min).is_ok());
    assert_eq!(
        code(dep(99_999).validate(d(TODAY), &min)),
        (Some("amount".into()), Code::BelowMinimum)
    );
    let outside = MoneyEntry {
        session_id: None,
        ..dep(200_000)
    };
    assert_eq!(
        code(outside.validate(d(TODAY), &min)),
        (Some("sessionId".into()), Code::Required)
    );
}

#[test]
fn a_reversal_negates_its_original_exactly_and_needs_a_reason() {
    let min = Minimums::default();
    let e = collection(10, 3, 120_000, 50_000, 0);
    let r = reversal_of(&e, 11);
    assert!(r.clone().validate(d(TODAY), &min).is_ok());
    assert!(r.reverses_exactly(&e));
    let no_reason = MoneyEntry {
        reverses: Some(Reversal {
            entry_id: e.id,
            reason: " ".into(),
        }),
        ..r.clone()
    };
    assert_eq!(
        code(no_reason.validate(d(TODAY), &min)),
        (Some("reason".into()), Code::Required)
    );
    let partial = MoneyEntry {
        payment: collection(0, 3, -100_000, -50_000, 0).payment,
        ..r.clone()
    };
    assert!(!partial.reverses_exactly(&e));
    // A reversal is never reversed itself.
    assert!(!reversal_of(&r, 12).reverses_exactly(&r));
}

#[test]
fn a_withdrawal_never_exceeds_the_balance() {
    assert_eq!(
        balance_after(Money::dong(300_000), Money::dong(-300_000)),
        Ok(Money::ZERO)
    );
    assert_eq!(
        balance_after(Money::dong(300_000), Money::dong(-300_001))
            .unwrap_err()
            .code(),
        Code::OverBalance
    );
    let p = Product::Demand;
    assert!(
        p.may_withdraw(Money::dong(500_000), Money::dong(200_000))
            .is_ok()
    );
    assert!(
        Product::Term(6)
            .may_withdraw(Money::dong(500_000), Money::dong(200_000))
            .is_err()
    );
    assert!(
        Product::Term(6)
            .may_withdraw(Money::dong(500_000), Money::dong(500_000))
            .is_ok()
    );
    assert!(Product::Term(6).may_deposit(1).is_err());
    assert!(Product::Flexible(24).may_deposit(3).is_ok());
    assert!(Product::Term(5).validate().is_err());
    assert!(Product::Flexible(61).validate().is_err());
}

#[test]
fn principal_paid_from_savings_comes_from_what_the_member_has() {
    let e = collection(10, 3, 0, 10_000, 50_000);
    let (b, delta) = e.payment.balance_delta();
    assert_eq!(b, Balance::Member(id(3)));
    assert_eq!(delta, Money::dong(-40_000));
    assert!(balance_after(Money::dong(39_999), delta).is_err());
    assert!(balance_after(Money::dong(40_000), delta).is_ok());
}

#[test]
fn a_savings_book_needs_the_holders_id_card() {
    let a = SavingsAccount {
        id: id(8),
        point_id: id(1),
        book_no: "TK-0001".into(),
        holder_name: "Đinh Thị Hoa".into(),
        id_number: "051185001234".into(),
        holder_birth: d("1985-04-02"),
        holder_sex: Sex::Female,
        household_id: None,
        product: Product::Term(6),
        opened_on: d("2026-11-17"),
        link: None,
    };
    assert!(a.clone().validate(d(TODAY)).is_ok());
    let bad = SavingsAccount {
        id_number: "12345".into(),
        ..a
    };
    assert_eq!(
        bad.validate(d(TODAY)).unwrap_err().field(),
        Some("idNumber")
    );
}

#[test]
fn a_handover_or_close_that_differs_needs_an_explanation() {
    let h = Handover {
        id: id(20),
        session_id: id(9),
        point_id: id(1),
        group_id: id(2),
        period: d("2026-11-01"),
        expected: Money::dong(1_000_000),
        counted: Money::dong(990_000),
        explanation: None,
        link: None,
    };
    assert_eq!(
        h.clone().validate().unwrap_err().field(),
        Some("explanation")
    );
    let h = Handover {
        explanation: Some("Thiếu tiền lẻ".into()),
        ..h
    };
    assert_eq!(h.difference(), Ok(Money::dong(-10_000)));
    assert!(h.validate().is_ok());
    let counted = vec![
        DenominationCount {
            value: 500_000,
            count: 3,
        },
        DenominationCount {
            value: 10_000,
            count: 9,
        },
    ];
    assert_eq!(count_total(&counted), Ok(Money::dong(1_590_000)));
    let c = SessionClose {
        id: id(21),
        session_id: id(9),
        point_id: id(1),
        counted: counted.clone(),
        counted_total: Money::dong(1_590_000),
        system_total: system_total(
            Money::dong(100_000),
            &[Money::dong(1_000_000)],
            &[Money::dong(500_000)],
        )
        .unwrap(),
        explanation: None,
        link: None,
    };
    assert_eq!(c.difference(), Ok(Money::dong(-10_000)));
    assert_eq!(
        c.clone().validate().unwrap_err().field(),
        Some("explanation")
    );
    let wrong_total = SessionClose {
        counted_total: Money::dong(1_600_000),
        explanation: Some("x".into()),
        ..c
    };
    assert_eq!(
        wrong_total.validate().unwrap_err().field(),
        Some("countedTotal")
    );
    let fake = vec![DenominationCount {
        value: 300_000,
        count: 1,
    }];
    assert!(count_total(&fake).is_err());
}

fn loan(movements: Vec<PrincipalEvent>) -> Loan {
    Loan {
        id: id(30),
        contract_no: "HN-0001".into(),
        household_id: id(3),
        borrower_id: None,
        point_id: id(1),
        group_id: Some(id(2)),
        organisation_id: None,
        programme: "HN".into(),
        principal: Money::dong(50_000_000),
        disbursed_on: d("2026-01-10"),
        maturity_on: d("2031-01-10"),
        purpose: "Chăn nuôi".into(),
        rate: AnnualRate::from_hundredths_pct(660),
        status: LoanStatus::InGoodStanding,
        outstanding: Money::dong(30_000_000),
        outstanding_as_of: d("2026-11-30"),
        overdue: Money::ZERO,
        terms: Default::default(),
        movements,
    }
}

#[test]
fn a_loans_interest_for_a_month_follows_its_repayments() {
    let rates = vec![RateEntry {
        programme: "HN".into(),
        rate: AnnualRate::from_hundredths_pct(660),
        effective_from: d("2019-01-01"),
        legal_basis: None,
        share: None,
    }];
    let l = loan(vec![
        PrincipalEvent {
            date: d("2026-01-10"),
            movement: Movement::Disbursed(Money::dong(50_000_000)),
        },
        PrincipalEvent {
            date: d("2026-11-15"),
            movement: Movement::Repaid(Money::dong(20_000_000)),
        },
    ]);
    let table = crate::credit::table::ProgrammeTable::builtin();
    assert!(l.clone().validate(d(TODAY), &table).is_ok());
    // (50 m × 14 + 30 m × 16) × 0.066 / 365 = 213,369.86 → 213,370 (docs/INTEREST.md)
    assert_eq!(
        loan_interest(
            &l,
            &crate::credit::table::ProgrammeTable {
                rates,
                ..crate::credit::table::ProgrammeTable::builtin()
            },
            &crate::credit::relief::Place::default(),
            d("2026-11-01")
        ),
        Ok(Money::dong(213_370))
    );
    // A history that disagrees with the bank's balance is refused.
    let wrong = Loan {
        outstanding: Money::dong(31_000_000),
        ..l.clone()
    };
    assert_eq!(
        wrong.validate(d(TODAY), &table).unwrap_err().field(),
        Some("movements")
    );
    // Without a history the snapshot stands in: 30 m from 30 Nov → 1 day at 30 m.
    assert_eq!(loan(Vec::new()).principal_events().len(), 2);
    assert_eq!(month(d("2028-02-01")).unwrap().1, d("2028-02-29"));
}

#[test]
fn the_sheet_adds_entries_and_reversals_per_household() {
    let a = collection(10, 3, 120_000, 50_000, 0);
    let b = collection(11, 4, 80_000, 0, 0);
    let r = reversal_of(&a, 12);
    let c = collection(13, 3, 120_000, 20_000, 0);
    let (rows, total) = collected(&[a, b, r, c], id(2), d("2026-11-01")).unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(total.interest, Money::dong(200_000));
    assert_eq!(total.savings, Money::dong(20_000));
    assert_eq!(total.cash(), Ok(Money::dong(220_000)));
}

#[path = "chain_tests.rs"]
mod chain;
