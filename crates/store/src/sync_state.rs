//! What the sync engine keeps in the encrypted device database: the enrolment (endpoint, token,
//! scope), the province's epoch, the pull cursor, the re-upload position after a restore, and
//! the marks it puts on change-log entries once the province has answered.

use crate::changelog::set_server_version;
use crate::error::StoreResult;
use crate::{ChangeState, Store, records};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vonxa_domain::entity::EntityKind;

mod pulled;
mod review;
pub use pulled::HeldChange;
pub use review::RejectedEntry;

/// The device's enrolment and position.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncConfig {
    pub endpoint: String,
    pub device_id: String,
    pub token: String,
    /// The scope as the province stated it (JSON of the protocol's `Scope`).
    pub scope: serde_json::Value,
    pub role: String,
    pub enrolled_at: String,
    pub epoch: Option<String>,
    pub pull_cursor: i64,
    pub replay_after: Option<i64>,
    pub last_success: Option<String>,
    pub last_error: Option<String>,
}

/// What the province said about one pushed entry.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PushMark {
    Sent {
        server_seq: i64,
    },
    Rejected {
        code: String,
        detail: Option<String>,
    },
    Conflict {
        server_version: i64,
        detail: Option<String>,
    },
}

/// Counts of change-log entries by state.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChangeCounts {
    pub pending: i64,
    pub sent: i64,
    pub rejected: i64,
    pub conflict: i64,
}

const COLS: &str = "endpoint, device_id, token, scope, role, enrolled_at, epoch, pull_cursor,
                    replay_after, last_success, last_error";

impl Store {
    /// The enrolment, if the device is enrolled.
    pub fn sync_config(&self) -> StoreResult<Option<SyncConfig>> {
        let row = self
            .connection()
            .query_row(
                &format!("SELECT {COLS} FROM sync_state WHERE id = 1"),
                [],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                        r.get::<_, String>(4)?,
                        r.get::<_, String>(5)?,
                        r.get::<_, Option<String>>(6)?,
                        r.get::<_, i64>(7)?,
                        r.get::<_, Option<i64>>(8)?,
                        r.get::<_, Option<String>>(9)?,
                        r.get::<_, Option<String>>(10)?,
                    ))
                },
            )
            .optional()?;
        let Some((
            endpoint,
            device_id,
            token,
            scope,
            role,
            enrolled_at,
            epoch,
            cursor,
            replay,
            ok,
            err,
        )) = row
        else {
            return Ok(None);
        };
        Ok(Some(SyncConfig {
            endpoint,
            device_id,
            token,
            scope: serde_json::from_str(&scope)?,
            role,
            enrolled_at,
            epoch,
            pull_cursor: cursor,
            replay_after: replay,
            last_success: ok,
            last_error: err,
        }))
    }

    /// Keep a new enrolment (replacing any earlier one: the cursor starts again).
    pub fn save_enrolment(
        &mut self,
        endpoint: &str,
        token: &str,
        scope: &serde_json::Value,
        role: &str,
        epoch: &str,
    ) -> StoreResult<()> {
        self.connection().execute(
            "INSERT OR REPLACE INTO sync_state (id, endpoint, device_id, token, scope, role,
                enrolled_at, epoch, pull_cursor)
             VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, 0)",
            params![
                endpoint,
                self.device_id().to_string(),
                token,
                scope.to_string(),
                role,
                chrono::Utc::now().to_rfc3339(),
                epoch
            ],
        )?;
        Ok(())
    }

    /// Forget the enrolment (the change log and its states stay).
    pub fn clear_enrolment(&mut self) -> StoreResult<()> {
        self.connection().execute("DELETE FROM sync_state", [])?;
        Ok(())
    }

    /// The province has a new epoch (restored from a backup): adopt it, pull from the start,
    /// forget server versions of the old epoch, and re-upload every sent entry.
    pub fn restart_epoch(&mut self, epoch: &str) -> StoreResult<()> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        tx.execute(
            "UPDATE sync_state SET epoch = ?1, pull_cursor = 0, replay_after = 0 WHERE id = 1",
            [epoch],
        )?;
        tx.execute("DELETE FROM row_versions", [])?;
        tx.execute("DELETE FROM sync_held", [])?;
        tx.commit()?;
        Ok(())
    }

    pub fn set_pull_cursor(&mut self, cursor: i64) -> StoreResult<()> {
        self.connection().execute(
            "UPDATE sync_state SET pull_cursor = ?1 WHERE id = 1",
            [cursor],
        )?;
        Ok(())
    }

    /// Move the re-upload position; `None` ends the re-upload.
    pub fn set_replay_after(&mut self, after: Option<i64>) -> StoreResult<()> {
        self.connection().execute(
            "UPDATE sync_state SET replay_after = ?1 WHERE id = 1",
            [after],
        )?;
        Ok(())
    }

    /// Record the end of a sync pass: success (`error` None) or the reason it failed.
    pub fn set_sync_outcome(&mut self, error: Option<&str>) -> StoreResult<()> {
        match error {
            None => self.connection().execute(
                "UPDATE sync_state SET last_success = ?1, last_error = NULL WHERE id = 1",
                [chrono::Utc::now().to_rfc3339()],
            )?,
            Some(e) => self
                .connection()
                .execute("UPDATE sync_state SET last_error = ?1 WHERE id = 1", [e])?,
        };
        Ok(())
    }

    /// Put the province's answers on change-log entries (by device seq, with the record each is
    /// about), in one transaction.
    /// Sent entries record their server sequence as the record's version; a conflict records
    /// the province's version, so that the change resolving it is based on it.
    pub fn mark_pushed(&mut self, marks: &[(i64, EntityKind, Uuid, PushMark)]) -> StoreResult<()> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut set = tx.prepare_cached(
                "UPDATE change_log SET state = ?2, server_seq = ?3, reject_code = ?4,
                    reject_detail = ?5 WHERE seq = ?1",
            )?;
            for (seq, kind, id, mark) in marks {
                let version = match mark {
                    PushMark::Sent { server_seq } => {
                        set.execute(params![
                            seq,
                            "sent",
                            server_seq,
                            None::<String>,
                            None::<String>
                        ])?;
                        Some(*server_seq)
                    }
                    PushMark::Rejected { code, detail } => {
                        set.execute(params![seq, "rejected", None::<i64>, code, detail])?;
                        None
                    }
                    PushMark::Conflict {
                        server_version,
                        detail,
                    } => {
                        set.execute(params![seq, "conflict", None::<i64>, "conflict", detail])?;
                        Some(*server_version)
                    }
                };
                if let Some(v) = version {
                    set_server_version(&tx, *kind, *id, v)?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Counts of entries by state, for the status line.
    /// Is any change waiting to be pushed? (Cheap: the state index answers it.)
    pub fn has_pending(&self) -> StoreResult<bool> {
        Ok(self.connection().query_row(
            "SELECT EXISTS (SELECT 1 FROM change_log WHERE state = 'pending')",
            [],
            |r| r.get(0),
        )?)
    }

    /// The database's size on disk in bytes (photos are inside it), its write-ahead log
    /// included; 0 for an in-memory database.
    pub fn db_bytes(&self) -> StoreResult<i64> {
        let Some(path) = self.connection().path().filter(|p| !p.is_empty()) else {
            return Ok(0);
        };
        let size = |p: &str| std::fs::metadata(p).map_or(0, |m| m.len());
        let total = size(path).saturating_add(size(&format!("{path}-wal")));
        Ok(i64::try_from(total).unwrap_or(i64::MAX))
    }

    pub fn change_counts(&self) -> StoreResult<ChangeCounts> {
        let mut c = ChangeCounts::default();
        let mut stmt = self
            .connection()
            // Entries closed by a conflict resolution are rejected but not refusals to show.
            .prepare_cached(
                "SELECT CASE WHEN state = 'rejected' AND reject_code = 'conflict_resolved'
                        THEN 'resolved' ELSE state END AS s, count(*)
                 FROM change_log GROUP BY s",
            )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (state, n) = row?;
            match ChangeState::parse(&state) {
                Some(ChangeState::Pending) => c.pending = n,
                Some(ChangeState::Sent) => c.sent = n,
                Some(ChangeState::Rejected) => c.rejected = n,
                Some(ChangeState::Conflict) => c.conflict = n,
                None => {}
            }
        }
        Ok(c)
    }

    /// Device seqs of rejected entries whose reason may go away (a parent not yet on the
    /// province): the engine pushes them again on every pass.
    pub fn retryable_rejected(&self, codes: &[&str]) -> StoreResult<Vec<i64>> {
        let mut out = Vec::new();
        let mut stmt = self.connection().prepare_cached(
            "SELECT seq FROM change_log WHERE state = 'rejected' AND reject_code = ?1 ORDER BY seq",
        )?;
        for code in codes {
            let rows = stmt.query_map([code], |r| r.get::<_, i64>(0))?;
            for r in rows {
                out.push(r?);
            }
        }
        out.sort_unstable();
        Ok(out)
    }

    /// The table a kind is stored in (for tests comparing devices).
    pub fn table_of(kind: EntityKind) -> &'static str {
        records::table(kind)
    }
}
