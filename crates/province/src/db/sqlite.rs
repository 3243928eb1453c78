//! The embedded default: one SQLite file (plain, not encrypted: the province runs on a managed
//! server), WAL, `synchronous=FULL`, one connection behind a mutex: exactly one writer.

use super::*;
use crate::ingest::Prepared;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params, params_from_iter};
use std::path::Path;
use std::sync::{Arc, Mutex};

mod embedded {
    refinery::embed_migrations!("../../migrations/province/sqlite");
}

mod console;
mod credit;
mod fund;
mod guard;
mod money;
mod page;
mod rows;
use page::{load, write};
use rows::{DEVICE_COLS, GROUP_FILTER, device_from, device_row, parse, placeholders, pulled_row};

#[derive(Clone)]
pub struct SqliteBackend {
    conn: Arc<Mutex<Connection>>,
}

impl SqliteBackend {
    pub fn open(path: impl AsRef<Path>) -> DbResult<SqliteBackend> {
        let mut conn = Connection::open(path)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        // A push is answered after its commit: FULL syncs the WAL at each commit (power cut).
        conn.pragma_update(None, "synchronous", "FULL")?;
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        embedded::migrations::runner().run(&mut conn)?;
        conn.execute(
            "INSERT OR IGNORE INTO meta (key, value) VALUES ('epoch', ?1)",
            [Uuid::now_v7().to_string()],
        )?;
        Ok(SqliteBackend {
            conn: Arc::new(Mutex::new(conn)),
        })
    }

    /// `PRAGMA synchronous` of the connection (2 = FULL).
    pub async fn synchronous(&self) -> DbResult<i64> {
        self.with(|c| Ok(c.query_row("PRAGMA synchronous", [], |r| r.get(0))?))
            .await
    }

    /// Copy the database to `dest` (consistent, while serving) and give the copy a new epoch,
    /// so a province restored from it is seen by devices as restored.
    pub async fn backup(&self, dest: std::path::PathBuf) -> DbResult<Uuid> {
        self.with(move |c| {
            c.execute("VACUUM INTO ?1", [dest.to_string_lossy().to_string()])?;
            let copy = Connection::open(&dest)?;
            let epoch = Uuid::now_v7();
            copy.execute(
                "UPDATE meta SET value = ?1 WHERE key = 'epoch'",
                [epoch.to_string()],
            )?;
            Ok(epoch)
        })
        .await
    }

    async fn with<T, F>(&self, f: F) -> DbResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> DbResult<T> + Send + 'static,
    {
        let conn = self.conn.clone();
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| DbError::Join("the connection lock is poisoned".into()))?;
            f(&mut guard)
        })
        .await
        .map_err(|e| DbError::Join(e.to_string()))?
    }
}

impl Backend for SqliteBackend {
    fn name(&self) -> &'static str {
        "sqlite"
    }

    async fn epoch(&self) -> DbResult<Uuid> {
        self.with(|c| {
            let v: String = c.query_row("SELECT value FROM meta WHERE key = 'epoch'", [], |r| {
                r.get(0)
            })?;
            parse(&v, "epoch")
        })
        .await
    }

    async fn add_enrol_code(&self, code: NewEnrolCode) -> DbResult<()> {
        self.with(move |c| {
            c.execute(
                "INSERT INTO enrol_codes (code_hash, scope, role, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    code.code_hash,
                    serde_json::to_string(&code.scope)?,
                    code.role.as_str(),
                    code.created_at.to_rfc3339(),
                    code.expires_at.to_rfc3339(),
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn redeem(&self, r: Redeem) -> DbResult<Redeemed> {
        if !enrollable(r.device) {
            return Ok(Redeemed::KnownDevice);
        }
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let now = r.now.to_rfc3339();
            let found: Option<(String, String)> = tx
                .query_row(
                    "SELECT scope, role FROM enrol_codes
                     WHERE code_hash = ?1 AND used_at IS NULL AND expires_at > ?2",
                    params![r.code_hash, now],
                    |row| Ok((row.get(0)?, row.get(1)?)),
                )
                .optional()?;
            let Some((scope, role)) = found else {
                return Ok(Redeemed::BadCode);
            };
            let known: bool = tx.query_row(
                "SELECT EXISTS (SELECT 1 FROM devices WHERE id = ?1)",
                [r.device.to_string()],
                |row| row.get(0),
            )?;
            if known {
                return Ok(Redeemed::KnownDevice);
            }
            tx.execute(
                "UPDATE enrol_codes SET used_at = ?2, device_id = ?3 WHERE code_hash = ?1",
                params![r.code_hash, now, r.device.to_string()],
            )?;
            tx.execute(
                "INSERT INTO devices (id, token_hash, label, scope, role, enrolled_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    r.device.to_string(),
                    r.token_hash,
                    r.label,
                    scope,
                    role,
                    now
                ],
            )?;
            let dev = tx.query_row(
                &format!("SELECT {DEVICE_COLS} FROM devices WHERE id = ?1"),
                [r.device.to_string()],
                device_row,
            )?;
            tx.commit()?;
            device_from(dev).map(Redeemed::Enrolled)
        })
        .await
    }

    async fn device_by_token(&self, token_hash: String) -> DbResult<Option<DeviceRecord>> {
        self.with(move |c| {
            let row = c
                .prepare_cached(&format!(
                    "SELECT {DEVICE_COLS} FROM devices WHERE token_hash = ?1"
                ))?
                .query_row([token_hash], device_row)
                .optional()?;
            row.map(device_from).transpose()
        })
        .await
    }

    async fn touch(&self, device: DeviceId, now: DateTime<Utc>, synced: bool) -> DbResult<()> {
        self.with(move |c| {
            let now = now.to_rfc3339();
            let sync = synced.then(|| now.clone());
            c.prepare_cached(
                "UPDATE devices SET last_seen = ?2, last_sync = coalesce(?3, last_sync) WHERE id = ?1",
            )?
            .execute(params![device.to_string(), now, sync])?;
            Ok(())
        })
        .await
    }

    async fn devices(&self) -> DbResult<Vec<DeviceRecord>> {
        self.with(|c| {
            let mut stmt = c.prepare(&format!(
                "SELECT {DEVICE_COLS} FROM devices ORDER BY enrolled_at"
            ))?;
            let rows = stmt.query_map([], device_row)?;
            rows.map(|r| device_from(r?)).collect()
        })
        .await
    }

    async fn revoke(&self, device: DeviceId, now: DateTime<Utc>) -> DbResult<bool> {
        self.with(move |c| {
            let n = c.execute(
                "UPDATE devices SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
                params![device.to_string(), now.to_rfc3339()],
            )?;
            Ok(n > 0)
        })
        .await
    }

    async fn ingest(&self, page: Prepared) -> DbResult<Vec<PushResult>> {
        self.with(move |c| {
            let tx = c.transaction_with_behavior(TransactionBehavior::Immediate)?;
            let mut loaded = load(&tx, &page)?;
            loaded.money = money::load(&tx, &page)?;
            loaded.credit = credit::load(&tx, &page)?;
            let plan = plan(&page, loaded);
            write(&tx, &plan)?;
            money::write(&tx, &plan)?;
            // The device was seen and synced: in the same commit, not one of its own.
            tx.prepare_cached("UPDATE devices SET last_seen = ?2, last_sync = ?2 WHERE id = ?1")?
                .execute(params![page.device.id.to_string(), page.received_at])?;
            tx.commit()?;
            Ok(plan.results)
        })
        .await
    }

    async fn pull(
        &self,
        scope: Scope,
        device: DeviceId,
        after: i64,
        limit: u32,
    ) -> DbResult<(Vec<PulledChange>, bool)> {
        self.with(move |c| {
            let mut args: Vec<String> = vec![after.to_string(), device.to_string()];
            let filter = match &scope {
                Scope::Points { codes } => {
                    args.extend(codes.iter().cloned());
                    format!("point_code IN ({})", placeholders(codes.len()))
                }
                Scope::Group { group_id } => {
                    args.push(group_id.to_string());
                    args.push(group_id.to_string());
                    GROUP_FILTER.to_owned()
                }
            };
            let sql = format!(
                "SELECT seq, change_id, device_id, entity, entity_id, op, payload FROM changes
                 WHERE seq > CAST(? AS INTEGER) AND seq IS NOT NULL AND device_id <> ?
                   AND (visibility = 'global' OR (visibility = 'scoped' AND {filter}))
                 ORDER BY seq LIMIT {}",
                limit as i64 + 1
            );
            let mut stmt = c.prepare_cached(&sql)?;
            let mut rows = stmt.query(params_from_iter(args.iter()))?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(pulled_row(r)?);
            }
            let more = out.len() > limit as usize;
            out.truncate(limit as usize);
            Ok((out, more))
        })
        .await
    }

    async fn household_state(&self, household: Uuid, before: i64) -> DbResult<Vec<PulledChange>> {
        self.with(move |c| {
            let mut stmt = c.prepare_cached(
                "SELECT c.seq, c.change_id, c.device_id, c.entity, c.entity_id, c.op, c.payload
                 FROM entities e JOIN changes c ON c.seq = e.version
                 WHERE (e.entity_id = ?1 OR e.household_id = ?1) AND e.deleted = 0
                   AND e.entity <> 'membership' AND e.version < ?2
                 ORDER BY e.entity_id = ?1 DESC, e.version",
            )?;
            let mut rows = stmt.query(params![household.to_string(), before])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push(pulled_row(r)?);
            }
            Ok(out)
        })
        .await
    }

    async fn head(&self) -> DbResult<i64> {
        self.with(|c| {
            Ok(
                c.query_row("SELECT coalesce(max(seq), 0) FROM changes", [], |r| {
                    r.get(0)
                })?,
            )
        })
        .await
    }

    async fn programme_tables(&self) -> DbResult<Vec<RefRecord>> {
        self.with(|c| {
            let mut stmt = c.prepare_cached(
                "SELECT c.payload FROM entities e JOIN changes c ON c.seq = e.version
                 WHERE e.entity = 'programme_table' AND e.deleted = 0",
            )?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let doc: String = r.get(0)?;
                out.push(RefRecord {
                    entity: "programme_table".into(),
                    payload: serde_json::from_str(&doc)?,
                });
            }
            Ok(out)
        })
        .await
    }

    async fn record(&self, id: Uuid) -> DbResult<Option<RefRecord>> {
        self.with(move |c| {
            let row: Option<(String, String)> = c
                .prepare_cached(
                    "SELECT e.entity, c.payload FROM entities e JOIN changes c ON c.seq = e.version
                     WHERE e.entity_id = ?1 AND e.deleted = 0",
                )?
                .query_row([id.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?;
            row.map(|(entity, doc)| {
                Ok(RefRecord {
                    entity,
                    payload: serde_json::from_str(&doc)?,
                })
            })
            .transpose()
        })
        .await
    }

    async fn current(&self, kinds: Vec<String>) -> DbResult<Vec<RefRecord>> {
        self.with(move |c| {
            let sql = format!(
                "SELECT e.entity, c.payload FROM entities e JOIN changes c ON c.seq = e.version
                 WHERE e.deleted = 0 AND e.entity IN ({}) ORDER BY e.version",
                placeholders(kinds.len())
            );
            let mut stmt = c.prepare(&sql)?;
            let mut rows = stmt.query(params_from_iter(kinds.iter()))?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let doc: String = r.get(1)?;
                out.push(RefRecord {
                    entity: r.get(0)?,
                    payload: serde_json::from_str(&doc)?,
                });
            }
            Ok(out)
        })
        .await
    }

    async fn refusals(&self) -> DbResult<Vec<(Uuid, DeviceId, String)>> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT change_id, device_id, code FROM refusals ORDER BY id")?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push((
                    parse(&r.get::<_, String>(0)?, "change id")?,
                    DeviceId(parse(&r.get::<_, String>(1)?, "device id")?),
                    r.get(2)?,
                ));
            }
            Ok(out)
        })
        .await
    }

    async fn alerts(&self) -> DbResult<Vec<Alert>> {
        self.with(|c| money::alerts(c)).await
    }

    async fn ledger(&self, q: LedgerQuery) -> DbResult<Vec<LedgerRow>> {
        self.with(move |c| money::ledger(c, q)).await
    }

    async fn audit(&self) -> DbResult<Vec<(Uuid, Option<i64>, String)>> {
        self.with(|c| {
            let mut stmt = c.prepare("SELECT change_id, seq, outcome FROM changes")?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                out.push((
                    parse(&r.get::<_, String>(0)?, "change id")?,
                    r.get(1)?,
                    r.get(2)?,
                ));
            }
            Ok(out)
        })
        .await
    }
}
