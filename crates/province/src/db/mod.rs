//! The province's storage: one trait, two backends (an SQLite file and PostgreSQL) that pass the
//! same conformance suite. The decisions of an ingest are made by [`crate::ingest`], a pure
//! function; a backend only loads what it needs and writes what was decided, in one
//! transaction per page, one writer at a time, so server sequences commit in order.

pub mod console;
mod enrol;
pub mod fund;
pub mod guard;
pub mod postgres;
mod refs;
pub mod sqlite;

pub use console::{
    AuditRow, ConsoleBackend, ConsoleUserRow, DeviceHealth, DeviceReport, ReviewRow, SessionRow,
};
pub use enrol::{NewEnrolCode, Redeem, Redeemed, enrollable};
pub use fund::StoredFlag;
pub use fund::{Appended, BLOB_HEAD_BYTES, BlobPart, Chunk, FundBackend, Held, PhotoOwner};
pub use guard::{GuardBackend, RefusalCount};
pub use refs::docs_for;

use crate::ingest::{Prepared, decide};
use chrono::{DateTime, Utc};
use std::future::Future;
use thiserror::Error;
use uuid::Uuid;
use vonxa_domain::DeviceId;
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

pub use crate::check::refs::RefRecord;
pub use crate::ingest::Loaded;
pub use crate::ingest::plan::{
    Alert, ChangeRow, DeviceRecord, EntityState, LedgerKeys, LedgerRow, Plan, Refusal, SeenChange,
    Visibility,
};

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
pub trait Backend:
    FundBackend + GuardBackend + ConsoleBackend + Clone + Send + Sync + 'static
{
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
