//! The money rules that read other records, written once. Each takes the record being written
//! and a [`MoneyFacts`]: read-only answers about what is already stored. The device's store
//! answers them with SQL inside the write's transaction; the province answers them from the
//! ledger rows, groups and memberships it loaded for the page (plus what the page accepted
//! so far). Neither side decides anything itself: a record the device refuses is refused by
//! the province with the same field and code, and the verdict suite
//! (`crates/sync/tests/verdicts.rs`) holds both to that.

use super::entry::{Balance, balance_after};
use super::resolution::Case;
use super::savings::book_payment;
use super::session::system_total;
use super::sheet::collected;
use super::{
    CaseKind, CashSession, DiscrepancyResolution, Handover, MoneyEntry, Payment, SavingsAccount,
    SessionClose,
};
use crate::credit::loan::Loan;
use crate::error::DomainError;
use crate::ids::{
    CashSessionId, GroupId, HouseholdId, LoanId, MoneyEntryId, PointId, SavingsAccountId,
};
use crate::{Code, Money};
use chrono::NaiveDate;
use uuid::Uuid;

/// The records a session's till is made of.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SessionRecords {
    /// Groups' months handed over at the session.
    pub handovers: Vec<Handover>,
    /// Payments recorded at the session (reversals included).
    pub entries: Vec<MoneyEntry>,
    /// Discrepancy resolutions whose cash was made good at the session.
    pub settled: Vec<DiscrepancyResolution>,
}

/// Read-only answers about stored money records. `Error` is the reader's own failure (a
/// database error); a broken rule is a [`DomainError`], which every reader's error holds.
pub trait MoneyFacts {
    type Error: From<DomainError>;

    fn session(&self, id: CashSessionId) -> Result<Option<CashSession>, Self::Error>;
    /// Has the session been closed?
    fn is_closed(&self, id: CashSessionId) -> Result<bool, Self::Error>;
    fn entry(&self, id: MoneyEntryId) -> Result<Option<MoneyEntry>, Self::Error>;
    /// Is there an entry that reverses this one?
    fn is_reversed(&self, id: MoneyEntryId) -> Result<bool, Self::Error>;
    fn account(&self, id: SavingsAccountId) -> Result<Option<SavingsAccount>, Self::Error>;
    /// Every entry that may move the balance (reversals included); entries of another
    /// balance in the answer are ignored.
    fn balance_entries(&self, b: Balance) -> Result<Vec<MoneyEntry>, Self::Error>;
    /// The handover of a group's month, if it was handed over.
    fn handover(&self, group: GroupId, period: NaiveDate) -> Result<Option<Handover>, Self::Error>;
    /// Every entry of a group's month (13/TD), reversals included.
    fn sheet(&self, group: GroupId, period: NaiveDate) -> Result<Vec<MoneyEntry>, Self::Error>;
    fn session_records(&self, id: CashSessionId) -> Result<SessionRecords, Self::Error>;
    /// The handover or close a resolution names, as a case.
    fn case(&self, kind: CaseKind, id: Uuid) -> Result<Option<Case>, Self::Error>;
    /// Has the case a resolution already?
    fn is_resolved(&self, case: Uuid) -> Result<bool, Self::Error>;
    /// The point a group belongs to, if the group is known.
    fn group_point(&self, group: GroupId) -> Result<Option<PointId>, Self::Error>;
    /// A loan the bank recorded (mirrored from the province).
    fn loan(&self, id: LoanId) -> Result<Option<Loan>, Self::Error>;
    /// Was the household a member of the group on that day?
    fn is_member(
        &self,
        group: GroupId,
        household: HouseholdId,
        on: NaiveDate,
    ) -> Result<bool, Self::Error>;
}

fn invalid<E: From<DomainError>>(field: &'static str, code: Code) -> E {
    DomainError::invalid(field, code).into()
}

/// A known session of `point` that is still open.
pub fn open_session<F: MoneyFacts>(
    f: &F,
    id: CashSessionId,
    point: PointId,
) -> Result<CashSession, F::Error> {
    let s = f
        .session(id)?
        .ok_or_else(|| invalid("sessionId", Code::NotFound))?;
    if s.point_id != point {
        return Err(invalid("pointId", Code::InvalidValue));
    }
    if f.is_closed(id)? {
        return Err(invalid("sessionId", Code::SessionClosed));
    }
    Ok(s)
}

/// A savings balance: the sum of what its entries move.
pub fn balance<F: MoneyFacts>(f: &F, b: Balance) -> Result<Money, F::Error> {
    let entries = f.balance_entries(b)?;
    Money::checked_sum(
        entries
            .iter()
            .map(|e| e.payment.balance_delta())
            .filter(|(k, _)| *k == b)
            .map(|(_, d)| d),
    )
    .ok_or_else(|| invalid("amount", Code::Overflow))
}

/// Deposits into a book that stand: not reversals, not reversed.
pub fn standing_deposits(entries: &[MoneyEntry], account: SavingsAccountId) -> u32 {
    let reversed = |id: MoneyEntryId| {
        entries
            .iter()
            .any(|x| x.reverses.as_ref().is_some_and(|r| r.entry_id == id))
    };
    let n = entries
        .iter()
        .filter(|x| x.reverses.is_none() && !reversed(x.id))
        .filter(
            |x| matches!(&x.payment, Payment::Deposit { account_id, .. } if *account_id == account),
        )
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Is the entry frozen by a closed session: its own, or for a group's collection recorded
/// outside a session, the session its month was handed over at?
pub fn is_frozen<F: MoneyFacts>(f: &F, e: &MoneyEntry) -> Result<bool, F::Error> {
    let session = match (&e.session_id, &e.payment) {
        (Some(s), _) => Some(*s),
        (
            None,
            Payment::Collection {
                group_id, period, ..
            },
        ) => f.handover(*group_id, *period)?.map(|h| h.session_id),
        (None, _) => None,
    };
    match session {
        Some(s) => f.is_closed(s),
        None => Ok(false),
    }
}

/// A payment (or its reversal) against what is stored: its session is open and of its point;
/// a reversal undoes an original not yet reversed, exactly, in the original's session and
/// before that was closed; a collection is for a group of the point, from a member on the
/// day, in a month not yet handed over at a closed session; a book payment is allowed by the
/// book (`book_payment`); and no savings balance goes below zero.
pub fn check_entry<F: MoneyFacts>(f: &F, e: &MoneyEntry) -> Result<(), F::Error> {
    if let Some(s) = e.session_id {
        open_session(f, s, e.point_id)?;
    }
    if let Some(r) = &e.reverses {
        let original = f
            .entry(r.entry_id)?
            .ok_or_else(|| invalid("reverses", Code::NotFound))?;
        if f.is_reversed(original.id)? {
            return Err(invalid("reverses", Code::AlreadyReversed));
        }
        if !e.reverses_exactly(&original) {
            return Err(invalid("reverses", Code::InvalidValue));
        }
        if original.session_id != e.session_id {
            return Err(invalid("sessionId", Code::InvalidValue));
        }
        if is_frozen(f, &original)? {
            return Err(invalid("reverses", Code::SessionClosed));
        }
    }
    match &e.payment {
        Payment::Collection {
            group_id,
            household_id,
            ..
        } => {
            let point = f
                .group_point(*group_id)?
                .ok_or_else(|| invalid("groupId", Code::NotFound))?;
            if point != e.point_id {
                return Err(invalid("pointId", Code::InvalidValue));
            }
            if e.reverses.is_none() {
                if !f.is_member(*group_id, *household_id, e.on)? {
                    return Err(invalid("householdId", Code::InvalidValue));
                }
                if is_frozen(f, e)? {
                    return Err(invalid("period", Code::SessionClosed));
                }
            }
        }
        Payment::Deposit { account_id, .. } | Payment::Withdrawal { account_id, .. } => {
            let book = f
                .account(*account_id)?
                .ok_or_else(|| invalid("accountId", Code::NotFound))?;
            let entries = f.balance_entries(Balance::Account(book.id))?;
            let before = balance(f, Balance::Account(book.id))?;
            book_payment(e, &book, standing_deposits(&entries, book.id), before)?;
        }
        Payment::Repayment { loan_id, .. } | Payment::Payout { loan_id, .. } => {
            let loan = f
                .loan(*loan_id)?
                .ok_or_else(|| invalid("loanId", Code::NotFound))?;
            let entries = f.balance_entries(Balance::Loan(*loan_id))?;
            loan_cash(e, &loan, &entries)?;
            // A loan's cash is not a savings balance.
            return Ok(());
        }
    }
    let (b, delta) = e.payment.balance_delta();
    balance_after(balance(f, b)?, delta)?;
    Ok(())
}

/// Principal repaid or a disbursement paid out at the session, against the bank's loan and
/// the loan's cash already recorded at the point (`entries`, reversals included): the loan is
/// the household's and of the entry's point; a payout is the whole principal, on the day the
/// bank disbursed it, once; a repayment is at most what the bank showed outstanding less the
/// repayments recorded since that day.
pub fn loan_cash(e: &MoneyEntry, loan: &Loan, entries: &[MoneyEntry]) -> Result<(), DomainError> {
    let (household, amount, payout) = match &e.payment {
        Payment::Repayment {
            household_id,
            amount,
            ..
        } => (*household_id, *amount, false),
        Payment::Payout {
            household_id,
            amount,
            ..
        } => (*household_id, *amount, true),
        _ => return Ok(()),
    };
    if loan.point_id != e.point_id {
        return Err(DomainError::invalid("loanId", Code::InvalidValue));
    }
    if loan.household_id != household {
        return Err(DomainError::invalid("householdId", Code::InvalidValue));
    }
    if e.reverses.is_some() {
        return Ok(());
    }
    let reversed = |id: MoneyEntryId| {
        entries
            .iter()
            .any(|x| x.reverses.as_ref().is_some_and(|r| r.entry_id == id))
    };
    let standing = entries
        .iter()
        .filter(|x| x.id != e.id && x.reverses.is_none() && !reversed(x.id));
    if payout {
        if amount != loan.principal {
            return Err(DomainError::invalid("amount", Code::InvalidValue));
        }
        if e.on != loan.disbursed_on {
            return Err(DomainError::invalid("on", Code::InvalidValue));
        }
        if standing
            .clone()
            .any(|x| matches!(x.payment, Payment::Payout { .. }))
        {
            return Err(DomainError::invalid("loanId", Code::Duplicate));
        }
        return Ok(());
    }
    let repaid_since = Money::checked_sum(standing.filter_map(|x| match x.payment {
        Payment::Repayment { amount, .. } if x.on > loan.outstanding_as_of => Some(amount),
        _ => None,
    }))
    .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))?;
    let left = loan
        .outstanding
        .checked_sub(repaid_since)
        .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))?;
    if amount > left {
        return Err(DomainError::invalid("amount", Code::OverBalance));
    }
    Ok(())
}

/// A group's month handed over at an open session of the group's point, once, for exactly
/// what its 13/TD sheet says was collected.
pub fn check_handover<F: MoneyFacts>(f: &F, h: &Handover) -> Result<(), F::Error> {
    open_session(f, h.session_id, h.point_id)?;
    let point = f
        .group_point(h.group_id)?
        .ok_or_else(|| invalid("groupId", Code::NotFound))?;
    if point != h.point_id {
        return Err(invalid("groupId", Code::InvalidValue));
    }
    if f.handover(h.group_id, h.period)?.is_some() {
        return Err(invalid("period", Code::Duplicate));
    }
    let sheet = f.sheet(h.group_id, h.period)?;
    let (_, total) = collected(&sheet, h.group_id, h.period)?;
    if h.expected != total.cash()? {
        return Err(invalid("expected", Code::InvalidValue));
    }
    Ok(())
}

/// What the till should hold when the session closes: the opening cash, what the groups
/// handed over, the payments at the point, and the cash of discrepancies made good there.
pub fn session_total<F: MoneyFacts>(f: &F, s: &CashSession) -> Result<Money, F::Error> {
    let r = f.session_records(s.id)?;
    let handed: Vec<Money> = r.handovers.iter().map(|h| h.counted).collect();
    let mut cash: Vec<Money> = r.entries.iter().map(|e| e.payment.cash_in()).collect();
    for x in &r.settled {
        if let Some(case) = f.case(x.case_kind, x.case_id)? {
            cash.push(x.till_effect(&case));
        }
    }
    Ok(system_total(s.opening_cash, &handed, &cash)?)
}

/// A close of an open session of its point, stating the till the records make.
pub fn check_close<F: MoneyFacts>(f: &F, c: &SessionClose) -> Result<(), F::Error> {
    let s = open_session(f, c.session_id, c.point_id)?;
    if c.system_total != session_total(f, &s)? {
        return Err(invalid("systemTotal", Code::InvalidValue));
    }
    Ok(())
}

/// A resolution of a discrepancy case not yet resolved, settled (if cash moved) at an open
/// session of the case's point (`DiscrepancyResolution::against_case`, `settled_at`).
pub fn check_resolution<F: MoneyFacts>(f: &F, r: &DiscrepancyResolution) -> Result<(), F::Error> {
    let case = f.case(r.case_kind, r.case_id)?;
    r.against_case(case.as_ref(), f.is_resolved(r.case_id)?)?;
    let session = match r.settled_in_session {
        Some(id) => match f.session(id)? {
            Some(s) => Some((s.point_id, f.is_closed(id)?)),
            None => None,
        },
        None => None,
    };
    r.settled_at(session)?;
    Ok(())
}

#[cfg(test)]
#[path = "rules_tests.rs"]
mod tests;
