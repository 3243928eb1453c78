//! The commune's annual poverty list (review, then apply) and the newly-escaped households
//! without a loan in their programme.

use super::{ImportRowError, PovertyCategory};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A list file with where it came from. `date` (ISO) is the day the list takes effect.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PovertyListInput {
    pub commune_code: String,
    pub date: String,
    pub decision_ref: Option<String>,
    pub bytes: Vec<u8>,
}

/// What the review found for one household or line of the list.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ListFinding {
    /// Not poor or near-poor on record, on the list now.
    Listed,
    /// Poor ↔ near-poor.
    Changed,
    /// Poor or near-poor on record, not on the list: newly escaped from the list's date.
    Left,
    /// The line matches no household of the commune.
    NotFound,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PovertyListLine {
    pub row: Option<u32>,
    pub household_id: Option<String>,
    pub customer_code: Option<String>,
    pub head_name: String,
    pub village: String,
    pub finding: ListFinding,
    pub from: Option<PovertyCategory>,
    pub to: Option<PovertyCategory>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PovertyListReview {
    pub rows: u32,
    pub errors: Vec<ImportRowError>,
    pub lines: Vec<PovertyListLine>,
    pub unchanged: u32,
    /// Status records written (0 for a review).
    pub applied: u32,
}

/// A household within 3 years of leaving poverty with no open loan in its programme.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EscapedRow {
    pub household_id: String,
    pub customer_code: Option<String>,
    pub head_name: String,
    pub village: String,
    pub escaped_on: String,
    pub eligible_until: String,
    pub application_open: bool,
}
