//! The transaction session at the point: opened by its team (leader, controller, teller),
//! each group's cash handed over against its 13/TD totals, and the close with the cash
//! counted by denomination against what the system says the till holds. A difference is
//! recorded with an explanation (a discrepancy case); after the close, the session's records
//! are read-only.

use crate::error::{Code, DomainError, DomainResult};
use crate::ids::{CashSessionId, GroupId, HandoverId, PointId, SessionCloseId, UserId};
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
    /// The device accounts of the controller and the teller, when they have one: two people
    /// of the same name are two people, and one person typed two ways is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controller_id: Option<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teller_id: Option<UserId>,
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
        // The one who controls is not the one who holds the cash: by account when both have
        // one, else by name.
        let same = match (self.controller_id, self.teller_id) {
            (Some(c), Some(t)) => c == t,
            _ => crate::text::fold(&self.controller) == crate::text::fold(&self.teller),
        };
        if same {
            return Err(DomainError::invalid(
                "controller",
                Code::SameTellerAndController,
            ));
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
    /// Opening cash + cash handed over + deposits − withdrawals + principal repaid −
    /// disbursements paid out at the session.
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

#[cfg(test)]
mod team_tests {
    use super::*;
    use uuid::Uuid;

    fn session(controller: &str, teller: &str, ids: (Option<u128>, Option<u128>)) -> CashSession {
        let user = |n: Option<u128>| n.map(|n| UserId(Uuid::from_u128(n)));
        CashSession {
            id: CashSessionId(Uuid::from_u128(1)),
            point_id: PointId(Uuid::from_u128(2)),
            held_on: NaiveDate::from_ymd_opt(2026, 11, 10).unwrap_or_default(),
            leader: "Đinh Văn Tèo".into(),
            controller: controller.into(),
            teller: teller.into(),
            controller_id: user(ids.0),
            teller_id: user(ids.1),
            opening_cash: Money::ZERO,
            link: None,
        }
    }

    #[test]
    fn controller_and_teller_are_two_people_by_account_else_by_name() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default();
        let refused = Err(DomainError::invalid(
            "controller",
            Code::SameTellerAndController,
        ));
        // Two accounts of the same name: two people.
        let namesakes = session("Nguyễn Văn Nam", "Nguyễn Văn Nam", (Some(7), Some(8)));
        assert!(namesakes.validate(today).is_ok());
        // One account typed two ways: one person.
        let one = session("Lê Thị Thu", "Le Thi Thu", (Some(7), Some(7)));
        assert_eq!(one.validate(today).map(|_| ()), refused);
        // Without accounts the names decide, diacritics aside.
        let typed = session("Lê Thị Thu", "le thi  thu", (None, Some(7)));
        assert_eq!(typed.validate(today).map(|_| ()), refused);
        assert!(
            session("Hồ Thị Lan", "Lê Thị Thu", (None, None))
                .validate(today)
                .is_ok()
        );
    }
}
