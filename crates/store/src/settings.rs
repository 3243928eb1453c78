//! Versioned settings: each change is a new version; the latest one is in force.

use crate::Store;
use crate::error::StoreResult;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use serde::de::DeserializeOwned;
use vonxa_domain::DomainError;
use vonxa_domain::credit::meeting::QuorumRule;
use vonxa_domain::funduse::CheckPolicy;
use vonxa_domain::roles::{self, Action};
use vonxa_domain::settings::keys;
use vonxa_domain::user::User;

/// The value in force for `key`, or `None` if it was never set.
pub fn get<T: DeserializeOwned>(conn: &Connection, key: &str) -> StoreResult<Option<T>> {
    let v: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = ?1 ORDER BY version DESC LIMIT 1",
            [key],
            |r| r.get(0),
        )
        .optional()?;
    Ok(v.map(|s| serde_json::from_str(&s)).transpose()?)
}

/// The quorum rule in force for group meetings.
pub fn quorum_rule(conn: &Connection) -> StoreResult<QuorumRule> {
    Ok(get(conn, keys::QUORUM)?.unwrap_or_default())
}

/// When fund-use checks fall due.
pub fn funduse_policy(conn: &Connection) -> StoreResult<CheckPolicy> {
    Ok(get(conn, keys::FUNDUSE_POLICY)?.unwrap_or_default())
}

impl Store {
    /// Set a new version of a setting (administrators only). Returns the new version number.
    pub fn set_setting<T: Serialize>(
        &mut self,
        actor: &User,
        key: &str,
        value: &T,
    ) -> StoreResult<i64> {
        if !roles::allowed(actor.role, Action::ManageSettings) {
            return Err(DomainError::Forbidden {
                action: format!("set {key}"),
            }
            .into());
        }
        if key == keys::QUORUM {
            let v: QuorumRule = serde_json::from_value(serde_json::to_value(value)?)?;
            v.validate()?;
        }
        if key == keys::FUNDUSE_POLICY {
            let v: CheckPolicy = serde_json::from_value(serde_json::to_value(value)?)?;
            v.validate()?;
        }
        let tx = self.conn_mut().transaction()?;
        let version: i64 = tx.query_row(
            "SELECT coalesce(max(version), 0) + 1 FROM settings WHERE key = ?1",
            [key],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO settings (key, version, value, set_by, set_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![key, version, serde_json::to_string(value)?, actor.id.to_string(), chrono::Utc::now().to_rfc3339()],
        )?;
        tx.commit()?;
        Ok(version)
    }

    pub fn setting<T: DeserializeOwned>(&self, key: &str) -> StoreResult<Option<T>> {
        get(self.connection(), key)
    }
}
