//! Programmes, loan applications (01/TD) and their eligibility.

use super::{ApplicationEvent, ApplicationStatus, EligibilityCode};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PurposeInfo {
    pub code: String,
    pub name_vi: String,
}

/// A loan programme as the application form needs it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeInfo {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    /// The ceiling in đồng, counted per `ceilingPer` (household, month, worker, work_item).
    pub ceiling: i64,
    pub ceiling_per: String,
    pub max_term_months: Option<u32>,
    pub via_group: bool,
    pub purposes: Vec<PurposeInfo>,
}

/// Add (no id) or edit a draft application. Money in đồng, dates ISO.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationInput {
    pub id: Option<String>,
    pub household_id: String,
    pub representative_id: String,
    pub programme: String,
    pub amount: i64,
    pub purpose_code: String,
    pub purpose_text: Option<String>,
    pub own_capital: i64,
    /// Tổng nhu cầu vốn: the plan's whole capital need (at least own capital + amount).
    pub capital_need: i64,
    /// The principal in this many equal instalments (1: at maturity).
    pub repayment_instalments: Option<u32>,
    pub term_months: u32,
    pub study_months: u32,
    pub applied_on: String,
    pub authorisation_ref: Option<String>,
    pub note: Option<String>,
}

/// One eligibility reason, in both languages, with the field it is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EligibilityReason {
    pub code: EligibilityCode,
    pub field: String,
    /// Blocking reasons prevent submission; warnings need a note.
    pub blocking: bool,
    pub message_vi: String,
    pub message_en: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EligibilityCheck {
    pub reasons: Vec<EligibilityReason>,
    pub may_submit: bool,
    /// What the household still owes in the programme (the bank's figures).
    pub outstanding: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatusChangeInfo {
    pub id: String,
    pub event: ApplicationEvent,
    pub from: ApplicationStatus,
    pub to: ApplicationStatus,
    pub reason: Option<String>,
    pub on: String,
}

/// An application with what the list and the detail show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationInfo {
    pub id: String,
    pub household_id: String,
    pub head_name: Option<String>,
    pub representative_id: String,
    pub representative_name: String,
    pub programme: String,
    pub amount: i64,
    pub purpose_code: String,
    pub purpose_text: Option<String>,
    pub own_capital: i64,
    pub capital_need: i64,
    pub repayment_instalments: Option<u32>,
    pub term_months: u32,
    pub study_months: u32,
    pub applied_on: String,
    pub authorisation_ref: Option<String>,
    pub note: Option<String>,
    pub status: ApplicationStatus,
    pub editable: bool,
    /// Events allowed from here on this device (submit, withdraw, …).
    pub next_events: Vec<ApplicationEvent>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplicationDetail {
    pub application: ApplicationInfo,
    /// Oldest first.
    pub history: Vec<StatusChangeInfo>,
    pub eligibility: EligibilityCheck,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveApplication {
    pub id: String,
    pub event: ApplicationEvent,
    pub reason: Option<String>,
    /// The commune's certification or refusal of a 03/TD line: the signed paper's number and
    /// date, and who signed it for the commune (required on those two events, absent otherwise).
    #[serde(default)]
    pub paper_ref: Option<String>,
    #[serde(default)]
    pub signed_by: Option<String>,
}
