//! Money figures the province serves per group and per point (read-only, bearer token, the
//! device's scope), and the alerts of broken money chains. Dates are ISO `YYYY-MM-DD`;
//! amounts whole đồng.

use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vonxa_domain::Money;

/// A group's cash handed over for a month at a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HandoverFigure {
    pub id: Uuid,
    pub session_id: Uuid,
    pub group_id: Uuid,
    pub period: String,
    pub expected: Money,
    pub counted: Money,
    pub difference: Money,
    pub explanation: Option<String>,
}

/// One month of a group's 13/TD as the province holds it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupFigures {
    pub group_id: Uuid,
    /// The first day of the month.
    pub period: String,
    /// Interest due on the group's loans for the month (the bank's records, the same rule as
    /// the devices: `interest::interest_due`).
    pub interest_due: Money,
    pub interest_collected: Money,
    pub savings: Money,
    pub principal_from_savings: Money,
    /// Interest + savings: the cash the leader hands over.
    pub cash: Money,
    /// Payments recorded (reversals included).
    pub receipts: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handover: Option<HandoverFigure>,
}

/// A transaction session at the point.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionFigure {
    pub id: Uuid,
    pub held_on: String,
    pub opening_cash: Money,
    pub closed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub system_total: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub counted_total: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difference: Option<Money>,
    pub explanation: Option<String>,
}

/// A difference found at a handover or a session close (a discrepancy case).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyFigure {
    /// `handover` or `close`.
    pub kind: String,
    pub id: Uuid,
    pub session_id: Uuid,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<Uuid>,
    pub amount: Money,
    pub explanation: Option<String>,
}

/// A point's money over a period of days.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PointFigures {
    pub point_code: String,
    pub from: String,
    pub to: String,
    pub deposits: Money,
    pub withdrawals: Money,
    /// Member savings collected by the groups (less principal paid from savings).
    pub member_savings: Money,
    /// Deposits − withdrawals + member savings.
    pub savings_mobilised: Money,
    pub interest_collected: Money,
    /// Principal repaid in cash at the point's sessions.
    #[serde(default)]
    pub principal_repaid: Money,
    /// Disbursements paid out in cash at the point's sessions.
    #[serde(default)]
    pub paid_out: Money,
    pub sessions: Vec<SessionFigure>,
    pub handovers: Vec<HandoverFigure>,
    /// Differences at handovers and closes that no resolution record has closed yet.
    pub open_discrepancies: Vec<DiscrepancyFigure>,
    /// Cases of the period that have their resolution (made good, a counting error, or
    /// escalated to the bank).
    #[serde(default)]
    pub resolved_discrepancies: u32,
}

/// A device's money chain that broke at a push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainAlert {
    pub device_id: Uuid,
    /// `gap` (an entry missing), `fork` (an entry inserted, or a copied database used
    /// twice), `altered` (an entry changed after it was sealed).
    pub kind: String,
    pub seq: i64,
    pub entity_id: Uuid,
    pub change_id: Uuid,
    pub detected_at: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AlertsResponse {
    pub alerts: Vec<ChainAlert>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PeriodQuery {
    /// `YYYY-MM`.
    pub period: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RangeQuery {
    pub from: String,
    pub to: String,
}
