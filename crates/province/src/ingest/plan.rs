//! The rows an ingest reads (`super::Loaded`) and decides to write ([`Plan`]). The backends
//! (`crate::db`) load and write them; the decision (`super::decide`) is a pure function
//! between the two. Kept below both, so storage and decision never import each other.

use crate::check::fund::FundRow;
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vonxa_domain::DeviceId;
use vonxa_domain::roles::Role;
use vonxa_protocol::{PushResult, Scope};

/// An enrolled device as the province knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRecord {
    pub id: DeviceId,
    pub label: String,
    pub scope: Scope,
    pub role: Role,
    pub enrolled_at: String,
    pub revoked_at: Option<String>,
    pub last_seen: Option<String>,
    pub last_sync: Option<String>,
}

/// A change the province has seen, as far as idempotency needs it.
#[derive(Clone, Debug, PartialEq)]
pub struct SeenChange {
    pub body_hash: String,
    /// The answer given the first time.
    pub result: PushResult,
}

/// Where a record is visible.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    /// Province-wide reference data (offices, organisations): every device pulls it.
    Global,
    /// Belongs to transaction points and groups: devices whose scope covers it.
    Scoped,
    /// Device-local (user accounts): kept for the audit, pulled by nobody.
    Private,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Global => "global",
            Visibility::Scoped => "scoped",
            Visibility::Private => "private",
        }
    }
}

/// The province's state of one record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntityState {
    pub entity: String,
    pub entity_id: Uuid,
    /// The server sequence of the last accepted change.
    pub version: i64,
    pub last_device: DeviceId,
    pub point_code: Option<String>,
    pub group_id: Option<Uuid>,
    /// The household the record hangs on, if any.
    pub household_id: Option<Uuid>,
    pub deleted: bool,
    /// The key it holds alone province-wide (a CCCD number, a customer code), if any.
    pub unique_key: Option<String>,
}

/// A change row to write (accepted or not: every pushed change is kept, for the audit).
#[derive(Clone, Debug, PartialEq)]
pub struct ChangeRow {
    pub change_id: Uuid,
    pub seq: Option<i64>,
    pub device_id: DeviceId,
    pub user_id: String,
    pub entity: String,
    pub entity_id: Uuid,
    pub op: String,
    pub payload: String,
    pub body_hash: String,
    pub base_version: i64,
    pub device_time: String,
    pub received_at: String,
    pub outcome: String,
    pub code: Option<String>,
    pub result: String,
    pub visibility: Visibility,
    pub point_code: Option<String>,
    pub group_id: Option<Uuid>,
}

/// A refusal that has no change row of its own (a change id re-sent with another body, a
/// change whose parent has not arrived): kept for the audit, counted when it repeats (see
/// [`guard::RefusalCount`]), never read back by the ingest.
#[derive(Clone, Debug, PartialEq)]
pub struct Refusal {
    pub change_id: Uuid,
    pub device_id: DeviceId,
    pub user_id: String,
    pub entity: String,
    pub entity_id: Uuid,
    pub body_hash: String,
    pub code: String,
    pub received_at: String,
}

/// An accepted money record, as the ledger keeps it (see `ingest::money::ledger_row`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LedgerRow {
    pub entity_id: Uuid,
    pub entity: String,
    pub device_id: DeviceId,
    pub point_code: Option<String>,
    pub group_id: Option<String>,
    pub session_id: Option<String>,
    pub period: Option<String>,
    pub on: Option<String>,
    pub balance_key: Option<String>,
    pub reverses: Option<String>,
    pub doc: String,
    /// A discrepancy resolution: the handover or close it resolves (one per case).
    pub resolves: Option<String>,
}

/// A device's money chain that broke at a push.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    pub device_id: DeviceId,
    /// `gap`, `fork` or `altered`.
    pub kind: String,
    /// Where in the device's chain.
    pub seq: i64,
    pub entity_id: Uuid,
    pub change_id: Uuid,
    pub detected_at: String,
}

/// What the ledger rows of a page are selected by (any of them).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerKeys {
    /// Records by id (originals of reversals, savings books, sessions, discrepancy cases),
    /// and the records that reverse or resolve them.
    pub ids: Vec<String>,
    pub sessions: Vec<String>,
    pub balances: Vec<String>,
    /// `group_id|period` of a 13/TD month.
    pub sheets: Vec<String>,
    /// Groups named by collections and handovers: their point and memberships.
    pub groups: Vec<String>,
    /// Loans named by repayments and payouts.
    pub loans: Vec<String>,
}

/// What an ingest writes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Plan {
    pub results: Vec<PushResult>,
    pub changes: Vec<ChangeRow>,
    pub entities: Vec<EntityState>,
    pub refusals: Vec<Refusal>,
    /// Households that entered or left a group: applied after `entities`, to the household,
    /// what hangs on it (memberships keep their own group) and their stored changes, so the
    /// group's devices see them.
    pub regroups: Vec<crate::check::Regroup>,
    /// Fund-use checks accepted (with the flags their outcomes raise).
    pub fund: Vec<FundRow>,
    /// Accepted money records.
    pub ledger: Vec<LedgerRow>,
    /// The new last link of a device's money chain.
    pub chain_heads: Vec<(DeviceId, vonxa_domain::journal::ChainLink)>,
    pub alerts: Vec<Alert>,
}
