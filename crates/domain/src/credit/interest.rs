//! Interest due on a loan for a period, in whole đồng.
//!
//! - Interest accrues **daily** on the actual outstanding principal, over a **365-day year**
//!   (also in leap years: 29 February accrues like any other day), at the programme's rate in
//!   force on **each day** (a rate change applies from its effective date, never before).
//! - Principal that is overdue accrues at **130 %** of that day's rate.
//! - A principal movement on day D (disbursement, repayment, principal falling overdue) counts
//!   from day D: the disbursement day accrues, the repayment day does not accrue on the repaid
//!   part (SBV Circular 14/2017's "from disbursement to the day before repayment").
//! - **Rounding, the one rule:** each component (normal, overdue) is the exact sum over the days
//!   `Σ balance × rate / 365`, kept as an integer numerator, and rounded **half up** to the
//!   đồng once, at the end of the period. The total is the sum of the two components.
//!
//! Worked example (docs/INTEREST.md has more): 50,000,000 đ at 6.6 %/year for November
//! (30 days) is 50,000,000 × 0.066 × 30 / 365 = 271,232.88 → **271,233 đ**.

use crate::credit::rate::{AnnualRate, RateEntry, rate_on};
use crate::error::{Code, DomainError, DomainResult};
use crate::money::Money;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Overdue principal accrues at 13/10 of the contract rate.
pub const OVERDUE_NUM: i128 = 13;
pub const OVERDUE_DEN: i128 = 10;
const YEAR_DAYS: i128 = 365;
const PPM: i128 = 1_000_000;

/// A movement of principal on a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "amount")]
pub enum Movement {
    Disbursed(Money),
    /// Principal repaid while in good standing.
    Repaid(Money),
    /// Principal that fell overdue (moves from normal to overdue).
    FellOverdue(Money),
    /// Overdue principal repaid.
    OverdueRepaid(Money),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PrincipalEvent {
    pub date: NaiveDate,
    pub movement: Movement,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InterestDue {
    pub normal: Money,
    pub overdue: Money,
    pub total: Money,
    pub days: u32,
}

/// Interest due for the days `from ..= to` (both included) at the programme's rate of each
/// day.
pub fn interest_due(
    programme: &str,
    rates: &[RateEntry],
    events: &[PrincipalEvent],
    from: NaiveDate,
    to: NaiveDate,
) -> DomainResult<InterestDue> {
    accrue(events, &[], from, to, |day| {
        rate_on(rates, programme, day)
            .map(Some)
            .ok_or_else(|| DomainError::invalid("rate", Code::NotFound))
    })
}

/// One step of the principal on a day: a movement, or a transfer to overdue of an amount
/// (`None`: all the principal in good standing).
#[derive(Clone, Copy)]
enum Step {
    Move(Movement),
    Transfer(Option<Money>),
}

/// Interest due for the days `from ..= to` over the principal `events` and the transfers to
/// overdue (`credit::events::overdue_transfers`; a transfer on a day the bank's movements
/// already move principal to overdue is theirs, not applied twice), at the rate `rate_of`
/// gives each day (`None`: nothing accrues that day: a freeze, a write-off).
pub fn accrue(
    events: &[PrincipalEvent],
    transfers: &[(NaiveDate, Option<Money>)],
    from: NaiveDate,
    to: NaiveDate,
    rate_of: impl Fn(NaiveDate) -> DomainResult<Option<AnnualRate>>,
) -> DomainResult<InterestDue> {
    if to < from {
        return Err(DomainError::invalid("to", Code::DateOrder));
    }
    let mut steps: Vec<(NaiveDate, u8, Step)> = events
        .iter()
        .map(|e| (e.date, 0, Step::Move(e.movement)))
        .collect();
    let banks_fall = |day: NaiveDate| {
        events
            .iter()
            .any(|e| e.date == day && matches!(e.movement, Movement::FellOverdue(_)))
    };
    steps.extend(
        transfers
            .iter()
            .filter(|(day, _)| !banks_fall(*day))
            .map(|(day, amount)| (*day, 1, Step::Transfer(*amount))),
    );
    steps.sort_by_key(|(day, order, _)| (*day, *order));
    let (mut normal, mut overdue) = (0i128, 0i128);
    let mut next = 0;
    let apply = |normal: &mut i128, overdue: &mut i128, s: Step| -> DomainResult<()> {
        match s {
            Step::Move(Movement::Disbursed(a)) => *normal += i128::from(a.as_dong()),
            Step::Move(Movement::Repaid(a)) => *normal -= i128::from(a.as_dong()),
            Step::Move(Movement::FellOverdue(a)) => {
                *normal -= i128::from(a.as_dong());
                *overdue += i128::from(a.as_dong());
            }
            Step::Move(Movement::OverdueRepaid(a)) => *overdue -= i128::from(a.as_dong()),
            Step::Transfer(amount) => {
                let moved = amount.map_or(*normal, |a| i128::from(a.as_dong()).min(*normal));
                *normal -= moved;
                *overdue += moved;
            }
        }
        if *normal < 0 || *overdue < 0 {
            return Err(DomainError::invalid("events", Code::Negative));
        }
        Ok(())
    };
    // Movements before the period set the opening balances.
    while next < steps.len() && steps[next].0 < from {
        apply(&mut normal, &mut overdue, steps[next].2)?;
        next += 1;
    }
    let (mut num_normal, mut num_overdue) = (0i128, 0i128);
    let mut days = 0u32;
    for day in from.iter_days().take_while(|d| *d <= to) {
        while next < steps.len() && steps[next].0 == day {
            apply(&mut normal, &mut overdue, steps[next].2)?;
            next += 1;
        }
        days += 1;
        if normal == 0 && overdue == 0 {
            continue;
        }
        let Some(rate) = rate_of(day)? else {
            continue;
        };
        let ppm = i128::from(rate.ppm());
        num_normal += normal * ppm * OVERDUE_DEN;
        num_overdue += overdue * ppm * OVERDUE_NUM;
    }
    let den = YEAR_DAYS * PPM * OVERDUE_DEN;
    let normal = round_half_up(num_normal, den)?;
    let overdue = round_half_up(num_overdue, den)?;
    let total = normal
        .checked_add(overdue)
        .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))?;
    Ok(InterestDue {
        normal,
        overdue,
        total,
        days,
    })
}

/// The normal and overdue principal after every movement up to and including `day`.
pub fn balances_on(events: &[PrincipalEvent], day: NaiveDate) -> DomainResult<(Money, Money)> {
    let mut events = events.to_vec();
    events.sort_by_key(|e| e.date);
    let (mut normal, mut overdue) = (Money::ZERO, Money::ZERO);
    let err = || DomainError::invalid("events", Code::Negative);
    for e in events.iter().filter(|e| e.date <= day) {
        match e.movement {
            Movement::Disbursed(a) => normal = normal.checked_add(a).ok_or_else(err)?,
            Movement::Repaid(a) => normal = normal.checked_sub(a).ok_or_else(err)?,
            Movement::FellOverdue(a) => {
                normal = normal.checked_sub(a).ok_or_else(err)?;
                overdue = overdue.checked_add(a).ok_or_else(err)?;
            }
            Movement::OverdueRepaid(a) => overdue = overdue.checked_sub(a).ok_or_else(err)?,
        }
        if normal.is_negative() || overdue.is_negative() {
            return Err(err());
        }
    }
    Ok((normal, overdue))
}

fn round_half_up(num: i128, den: i128) -> DomainResult<Money> {
    let q = (num * 2 + den) / (den * 2);
    i64::try_from(q)
        .map(Money::dong)
        .map_err(|_| DomainError::invalid("amount", Code::Overflow))
}

#[cfg(test)]
#[path = "interest_tests.rs"]
mod tests;
