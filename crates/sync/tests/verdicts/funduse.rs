//! The fund-use table of the verdict suite: a check (06/TD) of a loan the province disbursed,
//! with a check of it already recorded and corrected once.

use crate::common::checks::*;
use crate::common::*;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::entity::Op;
use vonxa_domain::funduse::{FundCheck, Outcome};
use vonxa_domain::reference::Household;
use vonxa_domain::{Code, Money, PersonId};
use vonxa_province::Backend;

/// What a genuine device holds before a fund-use case's check.
pub struct Checks {
    a: Dev,
    loan: Loan,
    other: Loan,
    /// A check of `loan`, corrected once by `correction`.
    first: FundCheck,
    correction: FundCheck,
    /// The head of the borrower's household (a group leader checking their own loan).
    borrower_head: PersonId,
    /// The head of a household that declared itself kin with the borrower's.
    kin_head: PersonId,
    /// The head of another household, not kin.
    neighbour: PersonId,
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
    let households = a.households();
    let heads: Vec<(Household, PersonId)> = households
        .into_iter()
        .filter_map(|h| h.head_person_id.map(|p| (h, p)))
        .collect();
    let borrower_head = heads
        .iter()
        .find(|(h, _)| h.id == loan.household_id)
        .map(|(_, p)| *p)
        .expect("the borrower's head");
    let mut others = heads.into_iter().filter(|(h, _)| h.id != loan.household_id);
    let (mut kin, kin_head) = others.next().expect("another household");
    let (_, neighbour) = others.next().expect("a third household");
    kin.kin.push(loan.household_id);
    a.lock().record(&a.admin, Op::Update, kin).unwrap();
    a.settle(3).await;
    Checks {
        a,
        loan,
        other,
        first,
        correction,
        borrower_head,
        kin_head,
        neighbour,
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

/// A check of `loan` with `person` among its checkers.
fn checked_by(loan: &Loan, person: PersonId) -> FundCheck {
    let mut c = check_of(loan, Outcome::UsedAsIntended);
    let mut member = c.checkers[0].clone();
    member.person_id = Some(person);
    c.checkers.push(member);
    c
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
    (
        "a check by a member of another household",
        |c| checked_by(&c.loan, c.neighbour),
        None,
    ),
    (
        "a leader's check of their own household's loan",
        |c| checked_by(&c.loan, c.borrower_head),
        Some(Code::RelatedHousehold),
    ),
    (
        "a check by a member of a kin household",
        |c| checked_by(&c.loan, c.kin_head),
        Some(Code::RelatedHousehold),
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
