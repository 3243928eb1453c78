//! Sync with the provincial endpoint: status, enrolment, refused changes, conflicts.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the sync indicator shows (sent as the `sync-status` event and by `sync_status`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatusInfo {
    pub enrolled: bool,
    pub online: bool,
    pub syncing: bool,
    /// RFC 3339 time of the last successful pass.
    pub last_success: Option<String>,
    /// The province speaks a newer protocol: "please update".
    pub needs_update: bool,
    pub to_push: u32,
    pub pushed: u32,
    pub pulled: u32,
    pub pending: u32,
    pub rejected: u32,
    pub conflicts: u32,
    /// What the last successful pass did, shown after "Đồng bộ ngay".
    pub last_pass: Option<PassInfo>,
}

/// The result of one sync pass: changes sent, received from the province, refused by it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PassInfo {
    pub sent: u32,
    pub received: u32,
    pub refused: u32,
}

/// The endpoint and the one-time code from `vonxa-province enrol`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EnrolInput {
    pub endpoint: String,
    pub code: String,
}

/// The device's enrolment as the settings screen shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncSettings {
    pub device_id: String,
    /// None while the device is not enrolled.
    pub endpoint: Option<String>,
    pub role: Option<String>,
    pub enrolled_at: Option<String>,
}

/// A change the province refused, with its stable reason code.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RejectedChange {
    pub seq: u32,
    pub entity: String,
    pub entity_id: String,
    /// A name, address or code identifying the record.
    pub label: String,
    pub code: String,
    pub detail: Option<String>,
    pub device_time: String,
}

/// A record edited here and at the province at the same time ("Xung đột cần xem lại").
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConflictItem {
    pub entity: String,
    pub entity_id: String,
    pub label: String,
    /// The fields that differ: (field, mine, theirs).
    pub differences: Vec<FieldDifference>,
    /// Is the province's version here to take?
    pub has_theirs: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldDifference {
    pub field: String,
    pub mine: String,
    pub theirs: String,
}

/// The lists of the review screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncReview {
    pub rejected: Vec<RejectedChange>,
    pub conflicts: Vec<ConflictItem>,
}

/// The user's pick for one conflict; either way the result is a change (mine: a new edit
/// based on the province's version; theirs: the province's version applied).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResolveConflict {
    pub entity: String,
    pub entity_id: String,
    pub keep_mine: bool,
}
