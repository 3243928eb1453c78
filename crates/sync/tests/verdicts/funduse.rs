//! The fund-use table of the verdict suite: a check (06/TD) of a loan the province disbursed,
//! with a check of it already recorded and corrected once.

use crate::common::checks::*;
use crate::common::*;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::funduse::{FundCheck, Outcome};
use vonxa_domain::{Code, Money};
use vonxa_province::Backend;

/// What a genuine device holds before a fund-use case's check.
pub struct Checks {
    a: Dev,
    loan: Loan,
    other: Loan,
    /// A check of `loan`, corrected once by `correction`.
    first: FundCheck,
    correction: FundCheck,
}

async fn world<B: Backend>(p: &Province<B>) -> Checks {
    let (a, loans) = with_loans(p, &p.url, 2).await;
    let (loan, other) = (loans[0].clone(), loans[1].clone());
    let first = check_of(&loan, Outcome::UsedAsIntended);
    record(&a, first.clone());
    let correction = FundCheck {
        supersedes: Some(first.id),
        supersede_reason: Some("Ghi nhầm số tiền".into()),
        ..check_of(&loan, Outcome::UsedAsIntended)
    };
    record(&a, correction.clone());
    a.settle(3).await;
    Checks {
        a,
        loan,
        other,
        first,
        correction,
    }
}

/// A correction of `old` for `loan`, with a reason.
fn correcting(loan: &Loan, old: &FundCheck) -> FundCheck {
    FundCheck {
        supersedes: Some(old.id),
        supersede_reason: Some("Kiểm tra lại tại nhà".into()),
        ..check_of(loan, Outcome::UsedAsIntended)
    }
}

pub type Case = (&'static str, fn(&Checks) -> FundCheck, Option<Code>);

pub const CASES: &[Case] = &[
    (
        "a check of a loan used as intended",
        |c| check_of(&c.loan, Outcome::UsedAsIntended),
        None,
    ),
    (
        "a stated purpose that is not the loan's",
        |c| FundCheck {
            stated_purpose: "Mua xe máy".into(),
            ..check_of(&c.loan, Outcome::UsedAsIntended)
        },
        Some(Code::InvalidValue),
    ),
    (
        "an amount over the principal",
        |c| FundCheck {
            amount_as_intended: c
                .loan
                .principal
                .checked_add(Money::dong(1))
                .unwrap_or(Money::ZERO),
            ..check_of(&c.loan, Outcome::UsedAsIntended)
        },
        Some(Code::OverPrincipal),
    ),
    (
        "a finding without notes",
        |c| FundCheck {
            notes: None,
            ..check_of(&c.loan, Outcome::WhollyMisused)
        },
        Some(Code::Required),
    ),
    (
        "a correction of the check in force",
        |c| correcting(&c.loan, &c.correction),
        None,
    ),
    (
        "a second correction of one check",
        |c| correcting(&c.loan, &c.first),
        Some(Code::AlreadySuperseded),
    ),
    (
        "a correction under another loan",
        |c| correcting(&c.other, &c.correction),
        Some(Code::InvalidValue),
    ),
];

pub async fn check<B: Backend>(
    case: &Case,
    p: &Province<B>,
    backend: &str,
    differ: &mut Vec<String>,
) {
    let (name, record, expected) = case;
    let c = world(p).await;
    let check = record(&c);
    let doc = serde_json::to_value(&check).unwrap();
    let province = crate::pushed(&c.a, p, EntityKind::FundCheck, check.id.as_uuid(), doc).await;
    let device = crate::stored(&c.a, check);
    crate::compare(differ, name, *expected, device, province, backend);
}
