//! The collection sheet (13/TD) of a group for a month: per member household the interest due
//! on its loans, and what it paid (interest, savings, principal from savings) net of
//! reversals; the totals the group leader hands over at the session.

use super::entry::{MoneyEntry, Payment};
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::{GroupId, HouseholdId};
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use crate::credit::accrual::{month, month_interest as loan_interest};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Paid {
    pub interest: Money,
    pub savings: Money,
    pub principal_from_savings: Money,
}

impl Paid {
    /// Add one entry's collection (a reversal subtracts, its amounts being negative).
    pub fn add(&mut self, p: &Payment) -> DomainResult<()> {
        if let Payment::Collection {
            interest,
            savings,
            principal_from_savings,
            ..
        } = p
        {
            let add = |a: Money, b: Money| {
                a.checked_add(b)
                    .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))
            };
            self.interest = add(self.interest, *interest)?;
            self.savings = add(self.savings, *savings)?;
            self.principal_from_savings =
                add(self.principal_from_savings, *principal_from_savings)?;
        }
        Ok(())
    }

    /// The cash these payments brought: interest and savings (principal from savings moves
    /// money the group already holds).
    pub fn cash(&self) -> DomainResult<Money> {
        self.interest
            .checked_add(self.savings)
            .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))
    }
}

/// What a group's entries for a month add up to: per household and in total.
pub fn collected(
    entries: &[MoneyEntry],
    group: GroupId,
    period: NaiveDate,
) -> DomainResult<(Vec<(HouseholdId, Paid)>, Paid)> {
    let mut rows: Vec<(HouseholdId, Paid)> = Vec::new();
    let mut total = Paid::default();
    for e in entries {
        if let Payment::Collection {
            group_id,
            household_id,
            period: p,
            ..
        } = &e.payment
        {
            if *group_id != group || *p != period {
                continue;
            }
            match rows.iter_mut().find(|(h, _)| h == household_id) {
                Some((_, paid)) => paid.add(&e.payment)?,
                None => {
                    let mut paid = Paid::default();
                    paid.add(&e.payment)?;
                    rows.push((*household_id, paid));
                }
            }
            total.add(&e.payment)?;
        }
    }
    Ok((rows, total))
}
