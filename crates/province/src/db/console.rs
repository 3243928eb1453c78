//! The storage of the province's console: its users (Argon2id hashes), their sessions (the
//! cookie's SHA-256 and the CSRF token), the append-only audit of console actions, and what
//! each device reports of itself at sync.

use super::DbResult;
use serde::{Deserialize, Serialize};
use std::future::Future;
use vonxa_domain::DeviceId;

/// A console account as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConsoleUserRow {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub scope_kind: String,
    pub scope_id: Option<String>,
    pub active: bool,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

/// A console session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRow {
    pub token_hash: String,
    pub user_id: String,
    pub csrf: String,
    pub created_at: String,
    pub expires_at: String,
    pub ended_at: Option<String>,
}

/// One console action, allowed or refused.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRow {
    /// 0 before it is written.
    pub seq: i64,
    pub at: String,
    pub user_id: Option<String>,
    pub username: Option<String>,
    pub action: String,
    pub target: Option<String>,
    pub from: String,
    pub ok: bool,
    pub detail: Option<String>,
}

/// What a device says of itself with a push or a pull.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceReport {
    pub app_version: Option<String>,
    /// Changes waiting on the device to be pushed.
    pub waiting: Option<i64>,
    /// Its database and photos, in bytes.
    pub db_bytes: Option<i64>,
    /// The last sync error it met, if the last attempt failed.
    pub last_error: Option<String>,
}

/// What the console's fleet screen reads of a device besides its enrolment.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DeviceHealth {
    pub app_version: Option<String>,
    pub waiting: Option<i64>,
    pub db_bytes: Option<i64>,
    pub last_error: Option<String>,
}

/// A pushed change the province did not accept (refused, or a conflict), for review.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewRow {
    pub change_id: String,
    pub device_id: String,
    pub user_id: String,
    pub entity: String,
    pub entity_id: String,
    /// `rejected` or `conflict`.
    pub outcome: String,
    /// The answer given to the device (`PushResult` as JSON).
    pub result: String,
    pub received_at: String,
}

pub trait ConsoleBackend: Clone + Send + Sync + 'static {
    /// The latest `limit` changes not accepted, newest first.
    fn review_changes(&self, limit: i64) -> impl Future<Output = DbResult<Vec<ReviewRow>>> + Send;
    /// Add an account: `false` when its username is taken.
    fn add_console_user(&self, u: ConsoleUserRow) -> impl Future<Output = DbResult<bool>> + Send;
    fn console_user_named(
        &self,
        username: String,
    ) -> impl Future<Output = DbResult<Option<ConsoleUserRow>>> + Send;
    fn console_user(
        &self,
        id: String,
    ) -> impl Future<Output = DbResult<Option<ConsoleUserRow>>> + Send;
    fn console_users(&self) -> impl Future<Output = DbResult<Vec<ConsoleUserRow>>> + Send;
    /// Disable (or enable) an account; disabling ends its sessions. `false`: unknown.
    fn set_console_user_active(
        &self,
        id: String,
        active: bool,
        at: String,
    ) -> impl Future<Output = DbResult<bool>> + Send;
    /// A new password hash; the account's other sessions end (`keep`: the one in use).
    fn set_console_password(
        &self,
        id: String,
        hash: String,
        keep: Option<String>,
        at: String,
    ) -> impl Future<Output = DbResult<()>> + Send;
    fn console_logged_in(
        &self,
        id: String,
        at: String,
    ) -> impl Future<Output = DbResult<()>> + Send;
    fn add_console_session(&self, s: SessionRow) -> impl Future<Output = DbResult<()>> + Send;
    fn console_session(
        &self,
        token_hash: String,
    ) -> impl Future<Output = DbResult<Option<SessionRow>>> + Send;
    fn end_console_session(
        &self,
        token_hash: String,
        at: String,
    ) -> impl Future<Output = DbResult<()>> + Send;
    /// Append to the audit; returns its sequence number.
    fn append_audit(&self, a: AuditRow) -> impl Future<Output = DbResult<i64>> + Send;
    /// The latest `limit` entries, newest first.
    fn audit_entries(&self, limit: i64) -> impl Future<Output = DbResult<Vec<AuditRow>>> + Send;
    /// Keep what a device reported of itself (fields it did not send stay as they were).
    fn device_report(
        &self,
        device: DeviceId,
        r: DeviceReport,
    ) -> impl Future<Output = DbResult<()>> + Send;
    /// What every device last reported, by device.
    fn device_health(&self)
    -> impl Future<Output = DbResult<Vec<(DeviceId, DeviceHealth)>>> + Send;
    /// The accounts devices pushed (their current documents), by the device that last wrote
    /// each.
    fn device_users(
        &self,
    ) -> impl Future<Output = DbResult<Vec<(DeviceId, serde_json::Value)>>> + Send;
    /// The records holding unique keys ("kh:<customer code>", "cccd:<number>"): (id, key).
    fn key_holders(
        &self,
        keys: Vec<String>,
    ) -> impl Future<Output = DbResult<Vec<(uuid::Uuid, String)>>> + Send;
}
