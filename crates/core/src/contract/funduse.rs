//! Fund-use checks (06/TD): the worklist, one loan's checks, the check form and its photos.
//! Enum values travel as their wire names: state `due` | `overdue` | `done`; method
//! `home_visit` | `group_meeting` | `transaction_session`; outcome `used_as_intended` |
//! `partly_misused` | `wholly_misused` | `not_yet_used` | `fronted` | `absconded` |
//! `died_or_missing` | `objective_risk`; flag `early_recall` | `risk_file` | `police`.

use super::LoanInfo;
use super::{CheckFlag, CheckMethod, CheckOutcome, WorkState};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which loans the worklist shows (all fields optional).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkQuery {
    pub group_id: Option<String>,
    pub organisation_id: Option<String>,
    pub state: Option<WorkState>,
}

/// One loan on the worklist.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct WorkRow {
    pub loan: LoanInfo,
    pub household_id: String,
    pub borrower_name: Option<String>,
    pub group_id: Option<String>,
    pub group_name: Option<String>,
    pub organisation_id: Option<String>,
    /// The next check is due on this day (ISO).
    pub due: String,
    pub state: WorkState,
    /// Days past the due day (overdue), 0 otherwise.
    pub days_late: u32,
    /// Days left to the due day (0 = today is the last day), 0 when overdue.
    pub days_left: u32,
    pub last_checked_on: Option<String>,
    pub last_outcome: Option<CheckOutcome>,
}

/// The home screen's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FundCheckSummary {
    pub due: u32,
    pub overdue: u32,
    pub done: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckerInput {
    pub name: String,
    pub role: String,
    pub organisation: String,
}

/// The check form. With `supersedes` (and its reason) it records a correction of that check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FundCheckInput {
    pub loan_id: String,
    pub checked_on: String,
    pub checkers: Vec<CheckerInput>,
    pub method: CheckMethod,
    pub observed_use: String,
    pub amount_as_intended: i64,
    pub outcome: CheckOutcome,
    pub notes: Option<String>,
    pub borrower_acknowledged: bool,
    pub follow_up: Option<String>,
    /// Hashes returned by `attach_photo`.
    pub photos: Vec<String>,
    pub supersedes: Option<String>,
    pub supersede_reason: Option<String>,
}

/// A recorded check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FundCheckInfo {
    pub id: String,
    pub loan_id: String,
    pub checked_on: String,
    pub checkers: Vec<CheckerInput>,
    pub method: CheckMethod,
    pub stated_purpose: String,
    pub observed_use: String,
    pub amount_as_intended: i64,
    pub outcome: CheckOutcome,
    /// What the finding raises at the province, if anything.
    pub flag: Option<CheckFlag>,
    pub notes: Option<String>,
    pub borrower_acknowledged: bool,
    pub follow_up: Option<String>,
    pub photos: Vec<String>,
    pub supersedes: Option<String>,
    pub supersede_reason: Option<String>,
    /// A later check that corrects this one (it is then no longer in force).
    pub superseded_by: Option<String>,
}

/// One loan with its next check and every check recorded (oldest first).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoanChecks {
    pub row: WorkRow,
    pub checks: Vec<FundCheckInfo>,
}

/// A photo to show: its type and its bytes as a `data:` URL.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PhotoData {
    pub hash: String,
    pub mime: String,
    pub data_url: String,
}

/// The checks of a group or an organisation (or both unset: all) made in a period, to Excel.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportChecks {
    pub group_id: Option<String>,
    pub organisation_id: Option<String>,
    pub from: String,
    pub to: String,
}
