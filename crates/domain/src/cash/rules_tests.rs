//! Properties of the money rules over stored records (`cash::rules`), run once here over an
//! in-memory [`MoneyFacts`]: the device's store and the province answer the same questions
//! (and `crates/sync/tests/verdicts.rs` holds them to the same verdicts).

use super::*;
use crate::cash::entry::Balance;
use crate::cash::resolution::Case;
use crate::cash::*;
use crate::error::DomainError;
use crate::ident::Sex;
use crate::{
    CashSessionId, Code, GroupId, HouseholdId, Money, MoneyEntryId, PointId, SavingsAccountId,
};
use chrono::NaiveDate;
use proptest::prelude::*;
use uuid::Uuid;

fn id<T: From<Uuid>>(n: u128) -> T {
    T::from(Uuid::from_u128(n))
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 10).unwrap()
}

/// What a device holds: one point, one open session, books, entries, closes.
#[derive(Default)]
struct Mem {
    sessions: Vec<CashSession>,
    closed: Vec<CashSessionId>,
    books: Vec<SavingsAccount>,
    entries: Vec<MoneyEntry>,
    loans: Vec<crate::credit::loan::Loan>,
}

impl MoneyFacts for Mem {
    type Error = DomainError;
    fn session(&self, id: CashSessionId) -> Result<Option<CashSession>, DomainError> {
        Ok(self.sessions.iter().find(|s| s.id == id).cloned())
    }
    fn is_closed(&self, id: CashSessionId) -> Result<bool, DomainError> {
        Ok(self.closed.contains(&id))
    }
    fn entry(&self, id: MoneyEntryId) -> Result<Option<MoneyEntry>, DomainError> {
        Ok(self.entries.iter().find(|e| e.id == id).cloned())
    }
    fn is_reversed(&self, id: MoneyEntryId) -> Result<bool, DomainError> {
        Ok(self
            .entries
            .iter()
            .any(|e| e.reverses.as_ref().is_some_and(|r| r.entry_id == id)))
    }
    fn account(&self, id: SavingsAccountId) -> Result<Option<SavingsAccount>, DomainError> {
        Ok(self.books.iter().find(|b| b.id == id).cloned())
    }
    fn balance_entries(&self, _b: Balance) -> Result<Vec<MoneyEntry>, DomainError> {
        // Every entry: the rule keeps those of the balance asked for.
        Ok(self.entries.clone())
    }
    fn handover(&self, _g: GroupId, _p: NaiveDate) -> Result<Option<Handover>, DomainError> {
        Ok(None)
    }
    fn sheet(&self, _g: GroupId, _p: NaiveDate) -> Result<Vec<MoneyEntry>, DomainError> {
        Ok(Vec::new())
    }
    fn session_records(&self, id: CashSessionId) -> Result<SessionRecords, DomainError> {
        Ok(SessionRecords {
            entries: self
                .entries
                .iter()
                .filter(|e| e.session_id == Some(id))
                .cloned()
                .collect(),
            ..SessionRecords::default()
        })
    }
    fn case(&self, _k: CaseKind, _id: Uuid) -> Result<Option<Case>, DomainError> {
        Ok(None)
    }
    fn is_resolved(&self, _case: Uuid) -> Result<bool, DomainError> {
        Ok(false)
    }
    fn group_point(&self, _g: GroupId) -> Result<Option<PointId>, DomainError> {
        Ok(Some(id(1)))
    }
    fn is_member(&self, _g: GroupId, _h: HouseholdId, _on: NaiveDate) -> Result<bool, DomainError> {
        Ok(true)
    }
    fn loan(&self, l: crate::LoanId) -> Result<Option<crate::credit::loan::Loan>, DomainError> {
        Ok(self.loans.iter().find(|x| x.id == l).cloned())
    }
}

fn world(books: usize) -> Mem {
    let session = CashSession {
        id: id(10),
        point_id: id(1),
        held_on: day(),
        leader: "Đinh Văn Tèo".into(),
        controller: "Hồ Thị Lan".into(),
        teller: "Lê Thị Thu".into(),
        controller_id: None,
        teller_id: None,
        opening_cash: Money::dong(500_000),
        link: None,
    };
    let book = |n: usize| SavingsAccount {
        id: id(100 + n as u128),
        point_id: id(1),
        book_no: format!("TK-{n:04}"),
        holder_name: "Đinh Thị Hoa".into(),
        id_number: "051185001234".into(),
        holder_birth: NaiveDate::from_ymd_opt(1985, 4, 2).unwrap(),
        holder_sex: Sex::Female,
        household_id: None,
        product: Product::Demand,
        opened_on: day(),
        link: None,
    };
    Mem {
        sessions: vec![session],
        books: (0..books).map(book).collect(),
        ..Mem::default()
    }
}

fn entry(n: u128, payment: Payment) -> MoneyEntry {
    MoneyEntry {
        id: id(1000 + n),
        receipt_no: String::new(),
        point_id: id(1),
        session_id: Some(id(10)),
        on: day(),
        collector: "Lê Thị Thu".into(),
        payment,
        reverses: None,
        link: None,
    }
}

/// One step a user might take at the counter.
#[derive(Clone, Debug)]
enum Step {
    Deposit(usize, i64),
    Withdraw(usize, i64),
    /// Reverse the n-th entry written so far (modulo), perhaps once more.
    Reverse(usize),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        (0usize..3, 100_000i64..3_000_000).prop_map(|(b, a)| Step::Deposit(b, a)),
        (0usize..3, 1i64..3_000_000).prop_map(|(b, a)| Step::Withdraw(b, a)),
        (0usize..50).prop_map(Step::Reverse),
    ]
}

fn balance_of(m: &Mem, b: usize) -> i64 {
    balance(m, Balance::Account(m.books[b].id))
        .unwrap()
        .as_dong()
}

proptest! {
    /// Whatever is tried at the counter: every book's balance stays at or above zero and is
    /// the sum of what was accepted; a withdrawal is refused exactly when it exceeds the
    /// balance; an entry is reversed at most once; the session's till is the opening cash plus
    /// the cash of the accepted entries; once the session is closed, nothing more is accepted.
    #[test]
    fn balances_reversals_and_the_till_hold_whatever_is_tried(steps in proptest::collection::vec(step(), 1..40)) {
        let mut m = world(3);
        let mut expected = [0i64; 3];
        for (n, s) in steps.iter().enumerate() {
            let n = n as u128;
            let e = match s {
                Step::Deposit(b, a) => entry(n, Payment::Deposit { account_id: m.books[*b].id, amount: Money::dong(*a) }),
                Step::Withdraw(b, a) => entry(n, Payment::Withdrawal { account_id: m.books[*b].id, amount: Money::dong(*a) }),
                Step::Reverse(k) => {
                    let originals: Vec<&MoneyEntry> = m.entries.iter().filter(|e| e.reverses.is_none()).collect();
                    if originals.is_empty() { continue; }
                    let o = originals[k % originals.len()].clone();
                    MoneyEntry {
                        payment: o.payment.negated().unwrap(),
                        reverses: Some(Reversal { entry_id: o.id, reason: "Nhập nhầm".into() }),
                        ..entry(n, o.payment.clone())
                    }
                }
            };
            let verdict = check_entry(&m, &e);
            if let (Step::Withdraw(b, a), Err(err)) = (s, &verdict) {
                prop_assert_eq!(err.code(), Code::OverBalance);
                prop_assert!(*a > balance_of(&m, *b));
            }
            if let (Step::Withdraw(b, a), Ok(())) = (s, &verdict) {
                prop_assert!(*a <= balance_of(&m, *b));
            }
            if let (Some(r), Err(err)) = (&e.reverses, &verdict) {
                let already = m.is_reversed(r.entry_id).unwrap();
                prop_assert!(already || err.code() == Code::OverBalance, "{err:?}");
                if already { prop_assert_eq!(err.code(), Code::AlreadyReversed); }
            }
            if verdict.is_ok() {
                let (b, delta) = e.payment.balance_delta();
                let k = m.books.iter().position(|x| Balance::Account(x.id) == b).unwrap();
                expected[k] += delta.as_dong();
                m.entries.push(e);
            }
            for (b, want) in expected.iter().enumerate() {
                prop_assert!(balance_of(&m, b) >= 0);
                prop_assert_eq!(balance_of(&m, b), *want);
            }
        }
        let reversed: Vec<_> = m.entries.iter().filter_map(|e| e.reverses.as_ref().map(|r| r.entry_id)).collect();
        let mut unique = reversed.clone();
        unique.sort();
        unique.dedup();
        prop_assert_eq!(unique.len(), reversed.len());
        let till = session_total(&m, &m.sessions[0]).unwrap().as_dong();
        prop_assert_eq!(till, 500_000 + expected.iter().sum::<i64>());
        m.closed.push(id(10));
        let late = entry(999, Payment::Deposit { account_id: m.books[0].id, amount: Money::dong(100_000) });
        prop_assert_eq!(check_entry(&m, &late).unwrap_err().code(), Code::SessionClosed);
    }
}

/// Cash of loans at the session: a payout of the whole principal on the disbursement day,
/// once; repayments within what the bank showed outstanding; both count in the till.
#[test]
fn loan_cash_at_the_session() {
    let mut w = world(0);
    let loan = crate::credit::loan::Loan {
        point_id: id(1),
        household_id: id(3),
        principal: Money::dong(30_000_000),
        outstanding: Money::dong(30_000_000),
        disbursed_on: day(),
        outstanding_as_of: day(),
        ..crate::credit::loan::tests::sample()
    };
    w.loans.push(loan.clone());
    let pay = |n, amount| {
        let p = Payment::Payout {
            loan_id: loan.id,
            household_id: id(3),
            amount: Money::dong(amount),
        };
        entry(n, p)
    };
    let repay = |n, household: u128, amount| {
        let p = Payment::Repayment {
            loan_id: loan.id,
            household_id: id(household),
            amount: Money::dong(amount),
        };
        entry(n, p)
    };
    let code = |r: Result<(), DomainError>| r.err().map(|e| e.code());
    assert_eq!(
        code(check_entry(&w, &pay(20, 29_000_000))),
        Some(Code::InvalidValue)
    );
    assert_eq!(check_entry(&w, &pay(21, 30_000_000)), Ok(()));
    w.entries.push(pay(21, 30_000_000));
    assert_eq!(
        code(check_entry(&w, &pay(22, 30_000_000))),
        Some(Code::Duplicate)
    );
    // The bank showed 30 m outstanding on the day; a repayment recorded later counts.
    let later = |mut e: MoneyEntry| {
        e.on = day().succ_opt().unwrap();
        e
    };
    assert_eq!(
        code(check_entry(&w, &repay(23, 4, 1_000_000))),
        Some(Code::InvalidValue)
    );
    assert_eq!(check_entry(&w, &later(repay(24, 3, 20_000_000))), Ok(()));
    w.entries.push(later(repay(24, 3, 20_000_000)));
    let over = check_entry(&w, &later(repay(25, 3, 10_000_001)));
    assert_eq!(code(over), Some(Code::OverBalance));
    // The till: 500,000 opening − 30,000,000 paid out + 20,000,000 repaid (the repayment was
    // on the next day but at the same session).
    let s = w.sessions[0].clone();
    assert_eq!(session_total(&w, &s), Ok(Money::dong(-9_500_000)));
}
