//! What the sync engine keeps in the encrypted device database: the enrolment (endpoint, token,
//! scope), the province's epoch, the pull cursor, the re-upload position after a restore, and
//! the marks it puts on change-log entries once the province has answered.

use crate::changelog::set_server_version;
use crate::error::StoreResult;
use crate::{ChangeState, Store, records};
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};

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

/// A pulled change waiting behind local edits.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldChange {
    pub entity: EntityKind,
    pub entity_id: Uuid,
    pub server_seq: i64,
    pub change_id: String,
    pub device_id: String,
    pub op: Op,
    pub payload: serde_json::Value,
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

    /// Put the province's answers on change-log entries (by device seq), in one transaction.
    /// Sent entries record their server sequence as the record's version; a conflict records
    /// the province's version, so that the change resolving it is based on it.
    pub fn mark_pushed(&mut self, marks: &[(i64, PushMark)]) -> StoreResult<()> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        {
            let mut find =
                tx.prepare_cached("SELECT entity, entity_id FROM change_log WHERE seq = ?1")?;
            let mut set = tx.prepare_cached(
                "UPDATE change_log SET state = ?2, server_seq = ?3, reject_code = ?4,
                    reject_detail = ?5 WHERE seq = ?1",
            )?;
            for (seq, mark) in marks {
                let (entity, id): (String, String) =
                    find.query_row([seq], |r| Ok((r.get(0)?, r.get(1)?)))?;
                let kind = EntityKind::parse(&entity);
                let id: Option<Uuid> = id.parse().ok();
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
                if let (Some(v), Some(kind), Some(id)) = (version, kind, id) {
                    set_server_version(&tx, kind, id, v)?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Counts of entries by state, for the status line.
    pub fn change_counts(&self) -> StoreResult<ChangeCounts> {
        let mut c = ChangeCounts::default();
        let mut stmt = self
            .connection()
            .prepare_cached("SELECT state, count(*) FROM change_log GROUP BY state")?;
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

    /// Keep a pulled change that could not be applied over local edits (latest per record).
    pub fn hold_pulled(&mut self, h: &HeldChange) -> StoreResult<()> {
        self.connection().execute(
            "INSERT OR REPLACE INTO sync_held (entity, entity_id, server_seq, change_id, device_id,
                op, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                h.entity.as_str(),
                h.entity_id.to_string(),
                h.server_seq,
                h.change_id,
                h.device_id,
                h.op.as_str(),
                h.payload.to_string()
            ],
        )?;
        Ok(())
    }

    /// Pulled changes held behind local edits (the "theirs" side of the review list).
    pub fn held_changes(&self) -> StoreResult<Vec<HeldChange>> {
        let mut stmt = self.connection().prepare(
            "SELECT entity, entity_id, server_seq, change_id, device_id, op, payload
             FROM sync_held ORDER BY server_seq",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (e, id, seq, cid, dev, op, payload) = row?;
            let (Some(entity), Ok(entity_id), Some(op)) =
                (EntityKind::parse(&e), id.parse(), Op::parse(&op))
            else {
                continue;
            };
            out.push(HeldChange {
                entity,
                entity_id,
                server_seq: seq,
                change_id: cid,
                device_id: dev,
                op,
                payload: serde_json::from_str(&payload)?,
            });
        }
        Ok(out)
    }

    /// Close the review of a record: its conflicting entries become `rejected` with the code
    /// `conflict_resolved`. With `take_theirs`, the held pulled version is applied; otherwise
    /// the caller records the chosen version as a new change (based on the province's version).
    pub fn close_conflicts(
        &mut self,
        entity: EntityKind,
        entity_id: Uuid,
        take_theirs: bool,
    ) -> StoreResult<bool> {
        self.connection().execute(
            "UPDATE change_log SET state = 'rejected', reject_code = 'conflict_resolved'
             WHERE entity = ?1 AND entity_id = ?2 AND state = 'conflict'",
            params![entity.as_str(), entity_id.to_string()],
        )?;
        let held = self
            .held_changes()?
            .into_iter()
            .find(|h| h.entity == entity && h.entity_id == entity_id);
        self.connection().execute(
            "DELETE FROM sync_held WHERE entity = ?1 AND entity_id = ?2",
            params![entity.as_str(), entity_id.to_string()],
        )?;
        match held {
            Some(h) if take_theirs => {
                self.apply_synced(h.entity, h.op, h.entity_id, &h.payload, h.server_seq)
            }
            _ => Ok(false),
        }
    }

    /// A pulled change that failed to apply: keep it to retry, never drop it silently.
    pub fn record_inbox_error(&mut self, h: &HeldChange, error: &str) -> StoreResult<()> {
        self.connection().execute(
            "INSERT OR REPLACE INTO sync_inbox_errors (change_id, server_seq, entity, entity_id,
                op, payload, error, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                h.change_id,
                h.server_seq,
                h.entity.as_str(),
                h.entity_id.to_string(),
                h.op.as_str(),
                h.payload.to_string(),
                error,
                chrono::Utc::now().to_rfc3339()
            ],
        )?;
        Ok(())
    }

    /// Retry pulled changes that failed before; returns how many remain failed.
    pub fn retry_inbox_errors(&mut self) -> StoreResult<usize> {
        let mut stmt = self.connection().prepare(
            "SELECT change_id, server_seq, entity, entity_id, op, payload FROM sync_inbox_errors
             ORDER BY server_seq",
        )?;
        let rows: Vec<(String, i64, String, String, String, String)> = stmt
            .query_map([], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            })?
            .collect::<Result<_, _>>()?;
        drop(stmt);
        let mut left = 0;
        for (cid, seq, e, id, op, payload) in rows {
            let (Some(kind), Ok(eid), Some(op)) =
                (EntityKind::parse(&e), id.parse(), Op::parse(&op))
            else {
                continue;
            };
            let payload: serde_json::Value = serde_json::from_str(&payload)?;
            if self.apply_synced(kind, op, eid, &payload, seq).is_ok() {
                self.connection()
                    .execute("DELETE FROM sync_inbox_errors WHERE change_id = ?1", [cid])?;
            } else {
                left += 1;
            }
        }
        Ok(left)
    }

    /// Apply pulled changes in one transaction (each in its own savepoint, so one failure
    /// does not undo the others). Records with unsent or conflicting local edits are held, not
    /// overwritten. Returns (applied, held, failed) counts; failures go to the inbox errors.
    pub fn apply_pulled(&mut self, changes: &[HeldChange]) -> StoreResult<(usize, usize, usize)> {
        let (mut applied, mut held, mut failed) = (0, 0, 0);
        let mut failures = Vec::new();
        let mut holds = Vec::new();
        {
            let tx = self
                .conn_mut()
                .transaction_with_behavior(TransactionBehavior::Immediate)?;
            for h in changes {
                let unsent: i64 = tx.query_row(
                    "SELECT count(*) FROM change_log WHERE entity = ?1 AND entity_id = ?2
                     AND state IN ('pending', 'conflict')",
                    params![h.entity.as_str(), h.entity_id.to_string()],
                    |r| r.get(0),
                )?;
                if unsent > 0 {
                    holds.push(h.clone());
                    held += 1;
                    continue;
                }
                tx.execute_batch("SAVEPOINT pulled")?;
                let r = records::apply_json(&tx, h.entity, h.op, h.entity_id, &h.payload)
                    .and_then(|_| set_server_version(&tx, h.entity, h.entity_id, h.server_seq));
                match r {
                    Ok(()) => {
                        tx.execute_batch("RELEASE pulled")?;
                        applied += 1;
                    }
                    Err(e) => {
                        tx.execute_batch("ROLLBACK TO pulled; RELEASE pulled")?;
                        failures.push((h.clone(), e.to_string()));
                        failed += 1;
                    }
                }
            }
            tx.commit()?;
        }
        for h in &holds {
            self.hold_pulled(h)?;
        }
        for (h, e) in &failures {
            self.record_inbox_error(h, e)?;
        }
        Ok((applied, held, failed))
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
