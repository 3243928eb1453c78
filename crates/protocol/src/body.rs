//! Request and response bodies.

use crate::RejectCode;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_domain::{ChangeId, Code, DeviceId, GroupId};

/// What a device may see and write, fixed at enrolment on the province.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum Scope {
    /// Transaction points, by their codes.
    Points { codes: Vec<String> },
    /// One savings-and-loan group (a group leader's device).
    Group { group_id: GroupId },
}

/// POST /v1/enrol
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolRequest {
    /// The one-time code printed by `vonxa-province enrol`.
    pub code: String,
    /// The device's own id (the id its change log is written under).
    pub device_id: DeviceId,
    /// A name for the province's device list, e.g. the laptop's host name.
    pub label: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolResponse {
    pub device_id: DeviceId,
    /// The bearer token: shown once, kept in the device's encrypted database.
    pub token: String,
    pub scope: Scope,
    pub role: Role,
    pub epoch: Uuid,
}

/// One change-log entry as pushed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushChange {
    pub change_id: ChangeId,
    /// The device's own sequence number of the entry.
    pub device_seq: i64,
    pub device_id: DeviceId,
    pub user_id: String,
    pub entity: EntityKind,
    pub entity_id: Uuid,
    pub op: Op,
    pub payload: serde_json::Value,
    /// The server version the edit was based on (0: never synced).
    pub base_version: i64,
    pub device_time: String,
}

/// POST /v1/push
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushRequest {
    /// Re-upload after a new epoch: base versions belong to the old epoch, so the province does
    /// not use them to detect conflicts.
    #[serde(default)]
    pub replay: bool,
    pub changes: Vec<PushChange>,
}

/// What became of one pushed change.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Accepted,
    Rejected,
    Conflict,
}

/// The province's answer for one change, in the order of the request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushResult {
    pub change_id: ChangeId,
    pub outcome: Outcome,
    /// The server sequence of an accepted change (the same on every retry).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_seq: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<RejectCode>,
    /// For `invalid`: the field and the domain code, as the device's own validation names them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "known_code"
    )]
    pub domain: Option<Code>,
    /// For a conflict: the record's current version and last writer on the province.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub server_version: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_device: Option<DeviceId>,
}

/// A domain code this build does not know (a newer province's) reads as none: the refusal stays
/// a refusal (`outcome`, `code`), only its detailed reason is lost, so a laptop not yet updated
/// still reads the province's answer.
fn known_code<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Code>, D::Error> {
    let v = Option::<serde_json::Value>::deserialize(d)?;
    Ok(v.and_then(|v| serde_json::from_value(v).ok()))
}

impl PushResult {
    pub fn accepted(change_id: ChangeId, seq: i64) -> PushResult {
        PushResult {
            change_id,
            outcome: Outcome::Accepted,
            server_seq: Some(seq),
            code: None,
            field: None,
            domain: None,
            server_version: None,
            last_device: None,
        }
    }

    pub fn rejected(change_id: ChangeId, code: RejectCode) -> PushResult {
        PushResult {
            outcome: Outcome::Rejected,
            server_seq: None,
            code: Some(code),
            ..PushResult::accepted(change_id, 0)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PushResponse {
    pub epoch: Uuid,
    pub results: Vec<PushResult>,
}

/// GET /v1/pull?after=<seq>&limit=<n>: the query.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullQuery {
    /// The last server sequence the device has applied (0 at first).
    #[serde(default)]
    pub after: i64,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// The device's place in the province's stream: valid only within one epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullCursor {
    pub epoch: Uuid,
    pub after: i64,
}

/// One accepted change from another device in scope.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PulledChange {
    pub server_seq: i64,
    pub change_id: ChangeId,
    pub device_id: DeviceId,
    pub entity: EntityKind,
    pub entity_id: Uuid,
    pub op: Op,
    pub payload: serde_json::Value,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PullResponse {
    pub epoch: Uuid,
    pub changes: Vec<PulledChange>,
    /// The cursor to ask from next (the last change's seq, or `after` when empty).
    pub next: i64,
    /// Are there more changes after `next` right now?
    pub more: bool,
}

/// GET /v1/status: who the province thinks the device is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusResponse {
    pub epoch: Uuid,
    pub device_id: DeviceId,
    pub scope: Scope,
    pub role: Role,
    /// The highest server sequence at the time of the answer.
    pub head: i64,
}

/// GET /health
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
    pub protocol: u32,
    pub backend: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_domain_code_from_a_newer_province_reads_as_none() {
        let id = ChangeId(Uuid::from_u128(1));
        let mut r = PushResult::rejected(id, RejectCode::Invalid);
        r.domain = Some(Code::OverPrincipal);
        let mut doc = serde_json::to_value(&r).unwrap_or_default();
        let back: PushResult = serde_json::from_value(doc.clone()).unwrap_or_else(|_| r.clone());
        assert_eq!(back.domain, Some(Code::OverPrincipal));
        doc["domain"] = serde_json::json!("a_code_of_2030");
        let newer: PushResult = serde_json::from_value(doc).expect("still read");
        assert_eq!(newer.domain, None);
        assert_eq!(newer.code, Some(RejectCode::Invalid));
        assert_eq!(newer.outcome, Outcome::Rejected);
    }
}
