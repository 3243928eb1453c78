//! The one write path. Every write to a synced table goes through [`Store::record`] (local user
//! actions and imports) or [`Store::apply_synced`] (rows pulled from the province). In one
//! transaction the first checks the permission, validates with the domain rules, writes the
//! row and appends one change entry; the second writes the row without logging it again.

use crate::error::{StoreError, StoreResult};
use crate::records::Record;
use crate::{Store, records};
use chrono::Utc;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op, Origin};
use vonxa_domain::user::User;
use vonxa_domain::{ChangeId, Code, DomainError};

/// Sync state of a change entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeState {
    Pending,
    Sent,
    Rejected,
    Conflict,
}

impl ChangeState {
    pub fn parse(s: &str) -> Option<ChangeState> {
        match s {
            "pending" => Some(ChangeState::Pending),
            "sent" => Some(ChangeState::Sent),
            "rejected" => Some(ChangeState::Rejected),
            "conflict" => Some(ChangeState::Conflict),
            _ => None,
        }
    }
}

/// One entry of the change log, as stored and as pushed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeEntry {
    pub seq: i64,
    pub change_id: ChangeId,
    pub device_id: String,
    pub entity: EntityKind,
    pub entity_id: Uuid,
    pub op: Op,
    pub payload: serde_json::Value,
    pub user_id: String,
    pub device_time: String,
    pub base_version: i64,
    pub origin: Origin,
    pub state: ChangeState,
}

impl Store {
    /// Write one record as `actor` and log the change. Nothing is written if any step fails.
    pub fn record<R: Record>(&mut self, actor: &User, op: Op, record: R) -> StoreResult<ChangeId> {
        self.record_with_origin(actor, op, record, Origin::Local)
    }

    /// As [`Store::record`], marking the change as coming from an import.
    pub fn record_with_origin<R: Record>(
        &mut self,
        actor: &User,
        op: Op,
        record: R,
        origin: Origin,
    ) -> StoreResult<ChangeId> {
        let today = self.today();
        let device = self.device_id().to_string();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id = write_logged(&tx, actor, op, record, origin, today, &device)?;
        tx.commit()?;
        Ok(id)
    }

    /// Write many records in one transaction (imports, the demo generator): all or nothing.
    pub fn record_batch<F>(&mut self, f: F) -> StoreResult<usize>
    where
        F: FnOnce(&mut Batch<'_>) -> StoreResult<()>,
    {
        let today = self.today();
        let device = self.device_id().to_string();
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut batch = Batch {
            tx: &tx,
            today,
            device,
            written: 0,
        };
        f(&mut batch)?;
        let n = batch.written;
        tx.commit()?;
        Ok(n)
    }

    /// Apply a change that came from the province. The row is written without a new change
    /// entry, and its server version recorded. Rows with unsent local edits are left alone
    /// (returns `false`); the sync engine reports those as conflicts to review.
    pub fn apply_synced(
        &mut self,
        entity: EntityKind,
        op: Op,
        entity_id: Uuid,
        payload: &serde_json::Value,
        server_version: i64,
    ) -> StoreResult<bool> {
        let tx = self
            .conn_mut()
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if has_unsent(&tx, entity, entity_id)? {
            return Ok(false);
        }
        records::apply_json(&tx, entity, op, entity_id, payload)?;
        set_server_version(&tx, entity, entity_id, server_version)?;
        tx.commit()?;
        Ok(true)
    }

    /// Change entries in sequence order, optionally only those in one state.
    pub fn changes(
        &self,
        state: Option<ChangeState>,
        after_seq: i64,
        limit: usize,
    ) -> StoreResult<Vec<ChangeEntry>> {
        let state =
            state.map(|s| serde_json::to_value(s).map(|v| v.as_str().unwrap_or("").to_owned()));
        let state = state.transpose()?;
        let mut stmt = self.connection().prepare_cached(
            "SELECT seq, change_id, device_id, entity, entity_id, op, payload, user_id, device_time,
                    base_version, origin, state
             FROM change_log WHERE seq > ?1 AND (?2 IS NULL OR state = ?2) ORDER BY seq LIMIT ?3",
        )?;
        let rows = stmt.query_map(params![after_seq, state, limit as i64], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, String>(5)?,
                r.get::<_, String>(6)?,
                r.get::<_, String>(7)?,
                r.get::<_, String>(8)?,
                r.get::<_, i64>(9)?,
                r.get::<_, String>(10)?,
                r.get::<_, String>(11)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (seq, cid, dev, ent, eid, op, payload, user, time, base, origin, st) = row?;
            let corrupt = || StoreError::Corrupt(format!("change {seq}"));
            out.push(ChangeEntry {
                seq,
                change_id: cid.parse().map_err(|_| corrupt())?,
                device_id: dev,
                entity: EntityKind::parse(&ent).ok_or_else(corrupt)?,
                entity_id: eid.parse().map_err(|_| corrupt())?,
                op: Op::parse(&op).ok_or_else(corrupt)?,
                payload: serde_json::from_str(&payload)?,
                user_id: user,
                device_time: time,
                base_version: base,
                origin: if origin == "import" {
                    Origin::Import
                } else {
                    Origin::Local
                },
                state: ChangeState::parse(&st).ok_or_else(corrupt)?,
            });
        }
        Ok(out)
    }
}

/// A transaction open for several logged writes.
pub struct Batch<'a> {
    tx: &'a Transaction<'a>,
    today: chrono::NaiveDate,
    device: String,
    written: usize,
}

impl Batch<'_> {
    pub fn record<R: Record>(
        &mut self,
        actor: &User,
        op: Op,
        record: R,
        origin: Origin,
    ) -> StoreResult<ChangeId> {
        let id = write_logged(self.tx, actor, op, record, origin, self.today, &self.device)?;
        self.written += 1;
        Ok(id)
    }

    /// Write a record the province authors (an office, an organisation) as a pulled one would
    /// be: checked, not logged, never pushed. The demo commune mirrors its reference data so.
    pub fn mirror<R: Record>(&mut self, record: R) -> StoreResult<()> {
        if !R::KIND.is_province_authored() {
            return Err(DomainError::Forbidden {
                action: format!("mirror {}", R::KIND),
            }
            .into());
        }
        let record = record.check(self.tx, self.today)?;
        let doc = serde_json::to_value(&record)?;
        records::apply_json(self.tx, R::KIND, Op::Insert, record.id(), &doc)?;
        self.written += 1;
        Ok(())
    }
}

fn write_logged<R: Record>(
    tx: &Transaction<'_>,
    actor: &User,
    op: Op,
    record: R,
    origin: Origin,
    today: chrono::NaiveDate,
    device: &str,
) -> StoreResult<ChangeId> {
    if !actor.active || !record.permitted(actor, op, tx)? {
        return Err(DomainError::Forbidden {
            action: format!("{op:?} {}", R::KIND),
        }
        .into());
    }
    if !op.allowed_on(R::KIND) {
        return Err(DomainError::invalid("id", Code::AppendOnly).into());
    }
    // Free text in its canonical form before anything is checked or sealed: the province
    // stores the same form, so what it serves equals what this device holds.
    let record: R = {
        let mut doc = serde_json::to_value(&record)?;
        if vonxa_domain::text::doc_is_canonical(&doc) {
            record
        } else {
            vonxa_domain::text::canonical_doc(&mut doc);
            serde_json::from_value(doc)?
        }
    };
    let record = if op == Op::Delete {
        record
    } else {
        record.stamp(tx)?.check(tx, today)?
    };
    let entity_id = record.id();
    let mut payload = serde_json::to_value(&record)?;
    if R::KIND.is_money() {
        crate::money::journal::seal(tx, R::KIND, entity_id, &mut payload)?;
    }
    records::write_row(tx, R::KIND, op, entity_id, &payload)?;
    record.after_write(tx)?;
    let base_version = server_version(tx, R::KIND, entity_id)?;
    let change_id = ChangeId(Uuid::now_v7());
    tx.prepare_cached(
        "INSERT INTO change_log (change_id, device_id, entity, entity_id, op, payload, user_id,
                                 device_time, base_version, origin)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?
    .execute(params![
        change_id.to_string(),
        device,
        R::KIND.as_str(),
        entity_id.to_string(),
        op.as_str(),
        payload.to_string(),
        actor.id.to_string(),
        Utc::now().to_rfc3339(),
        base_version,
        origin.as_str(),
    ])?;
    Ok(change_id)
}

fn server_version(tx: &Transaction<'_>, entity: EntityKind, id: Uuid) -> StoreResult<i64> {
    let v = tx
        .prepare_cached(
            "SELECT server_version FROM row_versions WHERE entity = ?1 AND entity_id = ?2",
        )?
        .query_row(params![entity.as_str(), id.to_string()], |r| r.get(0))
        .optional()?;
    Ok(v.unwrap_or(0))
}

pub(crate) fn set_server_version(
    tx: &Transaction<'_>,
    entity: EntityKind,
    id: Uuid,
    v: i64,
) -> StoreResult<()> {
    tx.prepare_cached(
        "INSERT INTO row_versions (entity, entity_id, server_version) VALUES (?1, ?2, ?3)
         ON CONFLICT (entity, entity_id) DO UPDATE SET server_version = max(server_version, excluded.server_version)",
    )?
    .execute(params![entity.as_str(), id.to_string(), v])?;
    Ok(())
}

fn has_unsent(tx: &Transaction<'_>, entity: EntityKind, id: Uuid) -> StoreResult<bool> {
    let n: i64 = tx.query_row(
        "SELECT count(*) FROM change_log WHERE entity = ?1 AND entity_id = ?2 AND state IN ('pending', 'conflict')",
        params![entity.as_str(), id.to_string()],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}
