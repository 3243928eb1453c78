//! The transaction session at the point: opened by its team (leader, controller, teller),
//! each group's cash handed over against its 13/TD totals, and the close with the cash
//! counted by denomination against what the system says the till holds. A difference is
//! recorded with an explanation (a discrepancy case); after the close, the session's records
//! are read-only.

use crate::error::{Code, DomainError, DomainResult};
use crate::ids::{CashSessionId, GroupId, HandoverId, PointId, SessionCloseId};
use crate::journal::ChainLink;
use crate::money::Money;
use crate::reference::{not_future, optional_text, required_text};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

/// Vietnamese banknotes and coins in circulation, in đồng.
pub const DENOMINATIONS: [i64; 12] = [
    500_000, 200_000, 100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000, 500, 200, 100,
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CashSession {
    pub id: CashSessionId,
    pub point_id: PointId,
    pub held_on: NaiveDate,
    pub leader: String,
    pub controller: String,
    pub teller: String,
    /// Cash in the till when the session opens.
    pub opening_cash: Money,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<ChainLink>,
}

impl CashSession {
    pub fn validate(mut self, today: NaiveDate) -> DomainResult<Self> {
        self.leader = required_text("leader", &self.leader, 120)?;
        self.controller = required_text("controller", &self.controller, 120)?;
        self.teller = required_text("teller", &self.teller, 120)?;
        not_future("heldOn", self.held_on, today)?;
        if self.opening_cash.is_negative() {
            return Err(DomainError::invalid("openingCash", Code::Negative));
        }
        // The one who controls is not the one who holds the cash.
        if self.controller == self.teller {
            return Err(DomainError::invalid("controller", Code::ConflictOfInterest));
        }
        Ok(self)
    }
}

/// A group's cash handed over at a session for one month of its 13/TD.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Handover {
    pub id: HandoverId,
    pub session_id: CashSessionId,
    pub point_id: PointId,
    pub group_id: GroupId,
    pub period: NaiveDate,
    /// The 13/TD's cash total (interest + savings collected).
    pub expected: Money,
    pub counted: Money,
    /// Required when counted and expected differ: the discrepancy case's explanation.
    pub explanation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<ChainLink>,
}

impl Handover {
    pub fn validate(mut self) -> DomainResult<Self> {
        self.explanation = optional_text("explanation", self.explanation.as_deref(), 1000)?;
        if self.period.day() != 1 {
            return Err(DomainError::invalid("period", Code::InvalidValue));
        }
        if self.counted.is_negative() || self.expected.is_negative() {
            return Err(DomainError::invalid("counted", Code::Negative));
        }
        explained(self.difference()?, self.explanation.as_deref())?;
        Ok(self)
    }

    /// Counted minus expected: positive when more cash came than the 13/TD says.
    pub fn difference(&self) -> DomainResult<Money> {
        self.counted
            .checked_sub(self.expected)
            .ok_or_else(|| DomainError::invalid("counted", Code::Overflow))
    }
}

/// A difference needs an explanation.
fn explained(difference: Money, explanation: Option<&str>) -> DomainResult<()> {
    if difference != Money::ZERO && explanation.is_none() {
        return Err(DomainError::invalid("explanation", Code::Required));
    }
    Ok(())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DenominationCount {
    pub value: i64,
    pub count: u32,
}

/// The close of a session: the cash counted by denomination against the system's total.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionClose {
    pub id: SessionCloseId,
    pub session_id: CashSessionId,
    pub point_id: PointId,
    pub counted: Vec<DenominationCount>,
    pub counted_total: Money,
    /// Opening cash + cash handed over + deposits − withdrawals of the session.
    pub system_total: Money,
    pub explanation: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<ChainLink>,
}

impl SessionClose {
    pub fn validate(mut self) -> DomainResult<Self> {
        self.explanation = optional_text("explanation", self.explanation.as_deref(), 1000)?;
        if self.counted_total != count_total(&self.counted)? {
            return Err(DomainError::invalid("countedTotal", Code::InvalidValue));
        }
        explained(self.difference()?, self.explanation.as_deref())?;
        Ok(self)
    }

    pub fn difference(&self) -> DomainResult<Money> {
        self.counted_total
            .checked_sub(self.system_total)
            .ok_or_else(|| DomainError::invalid("countedTotal", Code::Overflow))
    }
}

/// The total of a cash count; each denomination once and a real one.
pub fn count_total(counted: &[DenominationCount]) -> DomainResult<Money> {
    let mut seen = Vec::new();
    let mut total = Money::ZERO;
    for c in counted {
        if !DENOMINATIONS.contains(&c.value) || seen.contains(&c.value) {
            return Err(DomainError::invalid("counted", Code::InvalidValue));
        }
        seen.push(c.value);
        total = Money::dong(c.value)
            .checked_mul(i64::from(c.count))
            .and_then(|m| total.checked_add(m))
            .ok_or_else(|| DomainError::invalid("counted", Code::Overflow))?;
    }
    Ok(total)
}

/// What the till should hold at the close.
pub fn system_total(
    opening: Money,
    handed_over: &[Money],
    point_cash_in: &[Money],
) -> DomainResult<Money> {
    Money::checked_sum(
        std::iter::once(opening)
            .chain(handed_over.iter().copied())
            .chain(point_cash_in.iter().copied()),
    )
    .ok_or_else(|| DomainError::invalid("systemTotal", Code::Overflow))
}
