//! The province's storage: one trait, two backends (an SQLite file and PostgreSQL) that pass the
//! same conformance suite. The decisions of an ingest are made by [`crate::ingest`], a pure
//! function; a backend only loads what it needs and writes what was decided, in one
//! transaction per page, one writer at a time, so server sequences commit in order.

mod enrol;
pub mod fund;
pub mod guard;
pub mod postgres;
pub mod sqlite;

pub use enrol::{NewEnrolCode, Redeem, Redeemed, enrollable};
pub use fund::StoredFlag;
pub use fund::{Appended, BLOB_HEAD_BYTES, BlobPart, Chunk, FundBackend, Held, PhotoOwner};
pub use guard::{GuardBackend, RefusalCount};

use crate::ingest::{Prepared, decide};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::future::Future;
use thiserror::Error;
use uuid::Uuid;
use vonxa_domain::DeviceId;
use vonxa_domain::roles::Role;
use vonxa_protocol::{PulledChange, PushResult, Scope};

#[derive(Debug, Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {0}")]
    Postgres(#[from] tokio_postgres::Error),
    #[error("postgres pool: {0}")]
    Pool(#[from] deadpool_postgres::PoolError),
    #[error("migration: {0}")]
    Migration(#[from] refinery::Error),
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    #[error("unsupported database URL: {0}")]
    BadUrl(String),
    #[error("background task failed: {0}")]
    Join(String),
}

pub type DbResult<T> = Result<T, DbError>;

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
    pub fund: Vec<crate::funduse::FundRow>,
    /// Accepted money records.
    pub ledger: Vec<LedgerRow>,
    /// The new last link of a device's money chain.
    pub chain_heads: Vec<(DeviceId, vonxa_domain::journal::ChainLink)>,
    pub alerts: Vec<Alert>,
}

/// What an ingest reads before deciding.
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    pub seen: HashMap<Uuid, SeenChange>,
    pub entities: HashMap<Uuid, EntityState>,
    pub head: i64,
    /// Checks the page's fund checks correct that another check already corrected.
    pub superseded: std::collections::HashSet<Uuid>,
    pub money: crate::ingest::money::MoneyState,
}

/// What the figures read from the ledger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerQuery {
    Group {
        group_id: String,
        from: String,
        to: String,
    },
    Point {
        code: String,
        from: String,
        to: String,
    },
}

/// A record of reference data for export and import.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefRecord {
    pub entity: String,
    pub payload: serde_json::Value,
}

/// The programme table in force at the province: the highest version published, else the
/// built-in one.
pub async fn programme_table<B: Backend>(
    db: &B,
) -> DbResult<vonxa_domain::credit::table::ProgrammeTable> {
    use vonxa_domain::credit::table::ProgrammeTable;
    let mut best: Option<ProgrammeTable> = None;
    for r in db.programme_tables().await? {
        let t: ProgrammeTable = serde_json::from_value(r.payload)?;
        if best.as_ref().is_none_or(|b| t.version > b.version) {
            best = Some(t);
        }
    }
    Ok(best.unwrap_or_else(ProgrammeTable::builtin))
}

/// The storage of the provincial endpoint.
pub trait Backend: FundBackend + GuardBackend + Clone + Send + Sync + 'static {
    /// "sqlite" or "postgres".
    fn name(&self) -> &'static str;
    /// The epoch: made with the database, changed by every restore from a backup.
    fn epoch(&self) -> impl Future<Output = DbResult<Uuid>> + Send;
    fn add_enrol_code(&self, code: NewEnrolCode) -> impl Future<Output = DbResult<()>> + Send;
    /// Use a code once, for a device id the province has never enrolled: the code is
    /// consumed only when the device is enrolled.
    fn redeem(&self, r: Redeem) -> impl Future<Output = DbResult<Redeemed>> + Send;
    /// The device a token belongs to, revoked or not.
    fn device_by_token(
        &self,
        token_hash: String,
    ) -> impl Future<Output = DbResult<Option<DeviceRecord>>> + Send;
    fn touch(
        &self,
        device: DeviceId,
        now: DateTime<Utc>,
        synced: bool,
    ) -> impl Future<Output = DbResult<()>> + Send;
    fn devices(&self) -> impl Future<Output = DbResult<Vec<DeviceRecord>>> + Send;
    /// Revoke a device: `false` when it is unknown.
    fn revoke(
        &self,
        device: DeviceId,
        now: DateTime<Utc>,
    ) -> impl Future<Output = DbResult<bool>> + Send;
    /// Ingest one page: load, [`decide`], write, and mark the device seen and synced, in one
    /// transaction; one writer at a time.
    fn ingest(&self, page: Prepared) -> impl Future<Output = DbResult<Vec<PushResult>>> + Send;
    /// Accepted changes after `after` visible to `device`; `true` when more follow.
    fn pull(
        &self,
        scope: Scope,
        device: DeviceId,
        after: i64,
        limit: u32,
    ) -> impl Future<Output = DbResult<(Vec<PulledChange>, bool)>> + Send;
    /// The current state of a household and what hangs on it (memberships excepted), as
    /// changes at their current version, the household first, for versions before `before`.
    fn household_state(
        &self,
        household: Uuid,
        before: i64,
    ) -> impl Future<Output = DbResult<Vec<PulledChange>>> + Send;
    /// The highest server sequence.
    fn head(&self) -> impl Future<Output = DbResult<i64>> + Send;
    /// Every programme table published (current documents).
    fn programme_tables(&self) -> impl Future<Output = DbResult<Vec<RefRecord>>> + Send;
    /// The current document of one record (not deleted).
    fn record(&self, id: Uuid) -> impl Future<Output = DbResult<Option<RefRecord>>> + Send;
    /// Current records of the given kinds (not deleted).
    fn current(&self, kinds: Vec<String>) -> impl Future<Output = DbResult<Vec<RefRecord>>> + Send;
    /// Every change row the province holds (for tests and audits): (change id, seq, outcome).
    fn audit(&self) -> impl Future<Output = DbResult<Vec<(Uuid, Option<i64>, String)>>> + Send;
    /// Refusals without a change row (a repeat counts), oldest first: (change id, device, code).
    fn refusals(&self) -> impl Future<Output = DbResult<Vec<(Uuid, DeviceId, String)>>> + Send;
    /// Alerts of broken money chains, newest first.
    fn alerts(&self) -> impl Future<Output = DbResult<Vec<Alert>>> + Send;
    /// Ledger rows of the given points (by code) or of one group, recorded between two days
    /// (ISO dates, both included; records without a date — savings books — always), plus
    /// every row of a session any of them names.
    fn ledger(&self, q: LedgerQuery) -> impl Future<Output = DbResult<Vec<LedgerRow>>> + Send;
}

/// The answer stored for a change: accepted ones are rebuilt from their seq.
pub(crate) fn stored_result(
    change_id: Uuid,
    result: &str,
    seq: Option<i64>,
) -> DbResult<PushResult> {
    match (result.is_empty(), seq) {
        (true, Some(seq)) => Ok(PushResult::accepted(change_id.into(), seq)),
        (true, None) => Err(DbError::Corrupt(format!(
            "change {change_id} has no answer"
        ))),
        (false, _) => Ok(serde_json::from_str(result)?),
    }
}

/// Run [`decide`] over what a backend loaded: shared by both backends.
pub(crate) fn plan(page: &Prepared, loaded: Loaded) -> Plan {
    decide(page, loaded)
}

/// Open the backend a URL names: `sqlite:<path>` or `postgres://…`.
pub enum AnyBackend {
    Sqlite(sqlite::SqliteBackend),
    Postgres(postgres::PgBackend),
}

impl AnyBackend {
    pub async fn open(url: &str) -> DbResult<AnyBackend> {
        if let Some(path) = url.strip_prefix("sqlite:") {
            let path = path.trim_start_matches("//");
            Ok(AnyBackend::Sqlite(sqlite::SqliteBackend::open(path)?))
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(AnyBackend::Postgres(postgres::PgBackend::open(url).await?))
        } else {
            Err(DbError::BadUrl(redact(url)))
        }
    }
}

/// A database URL without its password, for logs.
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            match creds.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &creds[..c], &url[at..]),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}
