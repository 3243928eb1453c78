//! Fund-use checks at the province: photo uploads apart from the change log (resumable, in
//! chunks), the flags raised by findings, and the figures per group, organisation and commune.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use uuid::Uuid;
use vonxa_domain::funduse::{Flag, Outcome};

/// The bytes of one photo chunk a device sends at most.
pub const BLOB_CHUNK_BYTES: u64 = 256 * 1024;

/// GET /v1/blobs/{hash} and the answer to every PUT: how much of the photo the province holds.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobStatus {
    pub hash: String,
    /// Bytes held: the offset the next chunk must start at.
    pub received: u64,
    /// The whole photo arrived and its SHA-256 matched.
    pub complete: bool,
}

/// PUT /v1/blobs/{hash}?offset=<n>&total=<size>: the query (the body is the chunk's bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BlobPutQuery {
    pub offset: u64,
    pub total: u64,
}

/// One photo of a flagged check, and whether the province has it yet.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EvidenceInfo {
    pub hash: String,
    pub received: bool,
}

/// A flag raised by a check's finding.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlagInfo {
    pub check_id: Uuid,
    pub loan_id: Uuid,
    pub flag: Flag,
    pub outcome: Outcome,
    pub raised_at: String,
    /// A later check that corrects this one, if any.
    pub superseded_by: Option<Uuid>,
    /// The check as recorded (06/TD).
    pub check: serde_json::Value,
    pub evidence: Vec<EvidenceInfo>,
}

/// GET /v1/funduse/flags
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FlagsResponse {
    pub flags: Vec<FlagInfo>,
}

/// GET /v1/funduse/counts?from=&to=: the period, and optionally a policy other than the
/// default (30 days, yearly re-checks, 30 days after "not yet used").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CountsQuery {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    #[serde(default)]
    pub first_check_days: Option<u32>,
    #[serde(default)]
    pub recheck_months: Option<u32>,
    #[serde(default)]
    pub not_yet_used_recheck_days: Option<u32>,
}

/// The level a row of figures is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CountLevel {
    Group,
    Organisation,
    Commune,
}

/// The figures of one group, organisation or commune.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CountRow {
    pub level: CountLevel,
    /// The group's or organisation's id, or the commune's code.
    pub key: String,
    pub name: String,
    pub due: u32,
    pub on_time: u32,
    pub late: u32,
    pub missing: u32,
    pub by_outcome: BTreeMap<Outcome, u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CountsResponse {
    pub from: chrono::NaiveDate,
    pub to: chrono::NaiveDate,
    pub rows: Vec<CountRow>,
}
