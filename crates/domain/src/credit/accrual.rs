//! A loan's interest as the bank computes it today, and what a member owes at a collection.
//!
//! [`loan_interest_due`] reads, for each day: the loan's status that day
//! (`credit::events::status_on`: nothing accrues while frozen, written off or closed); its
//! rate (the programme's in force that day, or the contract's own, `RateRule`); the reliefs
//! that cover the loan that day (`credit::relief`); and the transfers to overdue from their
//! dates (130 %). `credit::interest::accrue` does the day-by-day arithmetic and the one
//! rounding.
//!
//! [`carried`] is the member's account of interest at a collection: what the bank showed unpaid
//! at its snapshot, plus each month's interest due since, less what was collected for those
//! months. Owed is carried into this month; paid beyond what is now due (a relief decided
//! after the month was collected) is a credit this collection takes off. Nothing is edited:
//! past collections stay as recorded, and the credit is the difference the records make.

use super::events::{accrues, overdue_transfers, status_on};
use super::interest::{InterestDue, accrue};
use super::loan::{Loan, LoanStatus, RateRule};
use super::rate::{AnnualRate, rate_on};
use super::relief::{Place, relieved};
use super::table::ProgrammeTable;
use crate::error::{Code, DomainError, DomainResult};
use crate::money::Money;
use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

/// The loan's rate on a day before any relief: its programme's in force that day, or its
/// contract's own (the rate at disbursement, then its latest change up to that day).
pub fn base_rate_on(loan: &Loan, table: &ProgrammeTable, day: NaiveDate) -> Option<AnnualRate> {
    match loan.terms.rate_rule {
        RateRule::Programme => rate_on(&table.rates, &loan.programme, day),
        RateRule::Contract => Some(
            loan.terms
                .rate_changes
                .iter()
                .filter(|c| c.from <= day)
                .max_by_key(|c| c.from)
                .map_or(loan.rate, |c| c.rate),
        ),
    }
}

/// The interest due on `loan` for the days `from ..= to` (both included).
pub fn loan_interest_due(
    loan: &Loan,
    table: &ProgrammeTable,
    place: &Place,
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<InterestDue> {
    if loan.status == LoanStatus::Closed && loan.terms.events.is_empty() {
        return accrue(&[], &[], from, to, |_| Ok(None));
    }
    let transfers = overdue_transfers(&loan.terms.events);
    accrue(&loan.principal_events(), &transfers, from, to, |day| {
        if !accrues(status_on(loan.status, &loan.terms.events, day)) {
            return Ok(None);
        }
        let rate = base_rate_on(loan, table, day)
            .ok_or_else(|| DomainError::invalid("rate", Code::NotFound))?;
        Ok(Some(relieved(
            rate,
            &table.reliefs,
            &loan.programme,
            place,
            day,
        )))
    })
}

/// The first and last day of the month that starts on `period`.
pub fn month(period: NaiveDate) -> DomainResult<(NaiveDate, NaiveDate)> {
    let first = period
        .with_day(1)
        .ok_or_else(|| DomainError::invalid("period", Code::InvalidValue))?;
    let last = first
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .ok_or_else(|| DomainError::invalid("period", Code::InvalidValue))?;
    Ok((first, last))
}

/// Interest due on one loan for the month starting `period` (nothing before disbursement).
pub fn month_interest(
    loan: &Loan,
    table: &ProgrammeTable,
    place: &Place,
    period: NaiveDate,
) -> DomainResult<Money> {
    let (from, to) = month(period)?;
    if to < loan.disbursed_on {
        return Ok(Money::ZERO);
    }
    Ok(loan_interest_due(loan, table, place, from, to)?.total)
}

/// A member household's interest account for the month starting `period`: the unpaid interest
/// of its loans at the bank's snapshots; each month from the earliest snapshot's month up to
/// this one, the interest due on the loans already tracked that month (a loan from its
/// snapshot's month on) against what was `collected` for that month (period, interest, net
/// of reversals); and this month's interest on every loan.
pub fn member_account(
    loans: &[Loan],
    table: &ProgrammeTable,
    place: &Place,
    collected: &[(NaiveDate, Money)],
    period: NaiveDate,
) -> DomainResult<Carried> {
    let overflow = || DomainError::invalid("amount", Code::Overflow);
    let sum = |it: &mut dyn Iterator<Item = Money>| Money::checked_sum(it).ok_or_else(overflow);
    let (this, _) = month(period)?;
    let tracked_from = |l: &Loan| month(l.outstanding_as_of).map(|(f, _)| f);
    let opening = sum(&mut loans.iter().map(|l| l.terms.interest_unpaid))?;
    let mut earlier = Vec::new();
    let mut k = loans
        .iter()
        .map(tracked_from)
        .collect::<DomainResult<Vec<_>>>()?
        .into_iter()
        .min()
        .unwrap_or(this);
    while k < this {
        let mut due = Money::ZERO;
        for l in loans {
            if tracked_from(l)? <= k {
                due = due
                    .checked_add(month_interest(l, table, place, k)?)
                    .ok_or_else(overflow)?;
            }
        }
        let paid = sum(&mut collected.iter().filter(|(p, _)| *p == k).map(|(_, m)| *m))?;
        earlier.push((due, paid));
        k = k.checked_add_months(Months::new(1)).ok_or_else(overflow)?;
    }
    let mut due_now = Money::ZERO;
    for l in loans {
        due_now = due_now
            .checked_add(month_interest(l, table, place, this)?)
            .ok_or_else(overflow)?;
    }
    carried(opening, &earlier, due_now)
}

/// A member's interest at a collection.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Carried {
    /// Interest due for this month.
    pub due_now: Money,
    /// Interest due for earlier months and not paid, carried forward.
    pub unpaid_before: Money,
    /// Paid for earlier months beyond what is now due for them (a relief decided after the
    /// collection): taken off this collection.
    pub credit: Money,
    /// What to collect now: due now, plus unpaid, less the credit (never below zero; a credit
    /// larger than this month's interest carries on to the next).
    pub to_collect: Money,
}

/// The account of one member's interest: `opening` unpaid at the bank's snapshot, then each
/// earlier month's `(due, collected)`, then this month's `due_now`.
pub fn carried(
    opening: Money,
    earlier: &[(Money, Money)],
    due_now: Money,
) -> DomainResult<Carried> {
    let overflow = || DomainError::invalid("amount", Code::Overflow);
    let mut balance = i128::from(opening.as_dong());
    for (due, collected) in earlier {
        balance += i128::from(due.as_dong()) - i128::from(collected.as_dong());
    }
    let money = |v: i128| i64::try_from(v).map(Money::dong).map_err(|_| overflow());
    let to_collect = (i128::from(due_now.as_dong()) + balance).max(0);
    Ok(Carried {
        due_now,
        unpaid_before: money(balance.max(0))?,
        credit: money((-balance).max(0))?,
        to_collect: money(to_collect)?,
    })
}

#[cfg(test)]
#[path = "accrual_tests.rs"]
mod tests;
