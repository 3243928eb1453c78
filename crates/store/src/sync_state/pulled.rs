//! The pulled side: applying pages from the province without overwriting local edits, holding
//! what waits behind them (the "theirs" of the review list), and keeping what failed to apply.

use crate::changelog::set_server_version;
use crate::error::StoreResult;
use crate::{Store, records};
use rusqlite::{TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};

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

impl Store {
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
            // Records with unsent or conflicting local edits: few, read once per page.
            let unsent: HashSet<(String, String)> = tx
                .prepare_cached(
                    "SELECT entity, entity_id FROM change_log WHERE state IN ('pending', 'conflict')",
                )?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?;
            for h in changes {
                if unsent.contains(&(h.entity.as_str().to_owned(), h.entity_id.to_string())) {
                    holds.push(h.clone());
                    held += 1;
                    continue;
                }
                tx.prepare_cached("SAVEPOINT pulled")?.execute([])?;
                let r = records::apply_json(&tx, h.entity, h.op, h.entity_id, &h.payload)
                    .and_then(|_| set_server_version(&tx, h.entity, h.entity_id, h.server_seq));
                match r {
                    Ok(()) => {
                        tx.prepare_cached("RELEASE pulled")?.execute([])?;
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
}
