//! The console's storage on SQLite: users, sessions, the audit, device reports.

use super::super::console::*;
use super::super::*;
use super::SqliteBackend;
use rusqlite::{OptionalExtension, params};

const USER_COLS: &str = "id, username, display_name, password_hash, role, scope_kind, scope_id,
    active, created_at, last_login_at";

fn user_from(r: &rusqlite::Row<'_>) -> rusqlite::Result<ConsoleUserRow> {
    Ok(ConsoleUserRow {
        id: r.get(0)?,
        username: r.get(1)?,
        display_name: r.get(2)?,
        password_hash: r.get(3)?,
        role: r.get(4)?,
        scope_kind: r.get(5)?,
        scope_id: r.get(6)?,
        active: r.get::<_, i64>(7)? != 0,
        created_at: r.get(8)?,
        last_login_at: r.get(9)?,
    })
}

impl ConsoleBackend for SqliteBackend {
    async fn review_changes(&self, limit: i64) -> DbResult<Vec<ReviewRow>> {
        self.with(move |c| {
            let mut stmt = c.prepare(
                "SELECT change_id, device_id, user_id, entity, entity_id, outcome, result, received_at
                 FROM changes WHERE outcome <> 'accepted' ORDER BY received_at DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| {
                Ok(ReviewRow {
                    change_id: r.get(0)?,
                    device_id: r.get(1)?,
                    user_id: r.get(2)?,
                    entity: r.get(3)?,
                    entity_id: r.get(4)?,
                    outcome: r.get(5)?,
                    result: r.get(6)?,
                    received_at: r.get(7)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn add_console_user(&self, u: ConsoleUserRow) -> DbResult<bool> {
        self.with(move |c| {
            let n = c.execute(
                "INSERT INTO console_users (id, username, display_name, password_hash, role,
                    scope_kind, scope_id, active, created_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (username) DO NOTHING",
                params![
                    u.id,
                    u.username,
                    u.display_name,
                    u.password_hash,
                    u.role,
                    u.scope_kind,
                    u.scope_id,
                    i64::from(u.active),
                    u.created_at
                ],
            )?;
            Ok(n == 1)
        })
        .await
    }

    async fn console_user_named(&self, username: String) -> DbResult<Option<ConsoleUserRow>> {
        self.with(move |c| {
            let sql = format!("SELECT {USER_COLS} FROM console_users WHERE username = ?1");
            Ok(c.query_row(&sql, [username], user_from).optional()?)
        })
        .await
    }

    async fn console_user(&self, id: String) -> DbResult<Option<ConsoleUserRow>> {
        self.with(move |c| {
            let sql = format!("SELECT {USER_COLS} FROM console_users WHERE id = ?1");
            Ok(c.query_row(&sql, [id], user_from).optional()?)
        })
        .await
    }

    async fn console_users(&self) -> DbResult<Vec<ConsoleUserRow>> {
        self.with(|c| {
            let sql = format!("SELECT {USER_COLS} FROM console_users ORDER BY username");
            let mut stmt = c.prepare(&sql)?;
            let rows = stmt.query_map([], user_from)?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn set_console_user_active(
        &self,
        id: String,
        active: bool,
        at: String,
    ) -> DbResult<bool> {
        self.with(move |c| {
            let tx = c.transaction()?;
            let n = tx.execute(
                "UPDATE console_users SET active = ?2 WHERE id = ?1",
                params![id, i64::from(active)],
            )?;
            if !active {
                tx.execute(
                    "UPDATE console_sessions SET ended_at = ?2 WHERE user_id = ?1 AND ended_at IS NULL",
                    params![id, at],
                )?;
            }
            tx.commit()?;
            Ok(n == 1)
        })
        .await
    }

    async fn set_console_password(
        &self,
        id: String,
        hash: String,
        keep: Option<String>,
        at: String,
    ) -> DbResult<()> {
        self.with(move |c| {
            let tx = c.transaction()?;
            tx.execute(
                "UPDATE console_users SET password_hash = ?2 WHERE id = ?1",
                params![id, hash],
            )?;
            tx.execute(
                "UPDATE console_sessions SET ended_at = ?2
                 WHERE user_id = ?1 AND ended_at IS NULL AND token_hash IS NOT ?3",
                params![id, at, keep],
            )?;
            tx.commit()?;
            Ok(())
        })
        .await
    }

    async fn console_logged_in(&self, id: String, at: String) -> DbResult<()> {
        self.with(move |c| {
            c.execute(
                "UPDATE console_users SET last_login_at = ?2 WHERE id = ?1",
                params![id, at],
            )?;
            Ok(())
        })
        .await
    }

    async fn add_console_session(&self, s: SessionRow) -> DbResult<()> {
        self.with(move |c| {
            c.execute(
                "INSERT INTO console_sessions (token_hash, user_id, csrf, created_at, expires_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![s.token_hash, s.user_id, s.csrf, s.created_at, s.expires_at],
            )?;
            Ok(())
        })
        .await
    }

    async fn console_session(&self, token_hash: String) -> DbResult<Option<SessionRow>> {
        self.with(move |c| {
            Ok(c.query_row(
                "SELECT token_hash, user_id, csrf, created_at, expires_at, ended_at
                 FROM console_sessions WHERE token_hash = ?1",
                [token_hash],
                |r| {
                    Ok(SessionRow {
                        token_hash: r.get(0)?,
                        user_id: r.get(1)?,
                        csrf: r.get(2)?,
                        created_at: r.get(3)?,
                        expires_at: r.get(4)?,
                        ended_at: r.get(5)?,
                    })
                },
            )
            .optional()?)
        })
        .await
    }

    async fn end_console_session(&self, token_hash: String, at: String) -> DbResult<()> {
        self.with(move |c| {
            c.execute(
                "UPDATE console_sessions SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL",
                params![token_hash, at],
            )?;
            Ok(())
        })
        .await
    }

    async fn append_audit(&self, a: AuditRow) -> DbResult<i64> {
        self.with(move |c| {
            c.execute(
                "INSERT INTO console_audit (at, user_id, username, action, target, from_addr, ok, detail)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    a.at,
                    a.user_id,
                    a.username,
                    a.action,
                    a.target,
                    a.from,
                    i64::from(a.ok),
                    a.detail
                ],
            )?;
            Ok(c.last_insert_rowid())
        })
        .await
    }

    async fn audit_entries(&self, limit: i64) -> DbResult<Vec<AuditRow>> {
        self.with(move |c| {
            let mut stmt = c.prepare(
                "SELECT seq, at, user_id, username, action, target, from_addr, ok, detail
                 FROM console_audit ORDER BY seq DESC LIMIT ?1",
            )?;
            let rows = stmt.query_map([limit], |r| {
                Ok(AuditRow {
                    seq: r.get(0)?,
                    at: r.get(1)?,
                    user_id: r.get(2)?,
                    username: r.get(3)?,
                    action: r.get(4)?,
                    target: r.get(5)?,
                    from: r.get(6)?,
                    ok: r.get::<_, i64>(7)? != 0,
                    detail: r.get(8)?,
                })
            })?;
            Ok(rows.collect::<Result<_, _>>()?)
        })
        .await
    }

    async fn device_report(&self, device: DeviceId, r: DeviceReport) -> DbResult<()> {
        self.with(move |c| {
            c.execute(
                "UPDATE devices SET app_version = coalesce(?2, app_version),
                    waiting = coalesce(?3, waiting), db_bytes = coalesce(?4, db_bytes),
                    last_error = ?5
                 WHERE id = ?1",
                params![
                    device.to_string(),
                    r.app_version,
                    r.waiting,
                    r.db_bytes,
                    r.last_error
                ],
            )?;
            Ok(())
        })
        .await
    }

    async fn device_health(&self) -> DbResult<Vec<(DeviceId, DeviceHealth)>> {
        self.with(|c| {
            let mut stmt =
                c.prepare("SELECT id, app_version, waiting, db_bytes, last_error FROM devices")?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let id: String = r.get(0)?;
                out.push((
                    DeviceId(super::parse(&id, "device id")?),
                    DeviceHealth {
                        app_version: r.get(1)?,
                        waiting: r.get(2)?,
                        db_bytes: r.get(3)?,
                        last_error: r.get(4)?,
                    },
                ));
            }
            Ok(out)
        })
        .await
    }

    async fn key_holders(&self, keys: Vec<String>) -> DbResult<Vec<(uuid::Uuid, String)>> {
        self.with(move |c| super::credit::key_holders(c, &keys))
            .await
    }

    async fn device_users(&self) -> DbResult<Vec<(DeviceId, serde_json::Value)>> {
        self.with(|c| {
            let mut stmt = c.prepare(
                "SELECT e.last_device, c.payload FROM entities e JOIN changes c ON c.seq = e.version
                 WHERE e.entity = 'user' AND e.deleted = 0",
            )?;
            let mut rows = stmt.query([])?;
            let mut out = Vec::new();
            while let Some(r) = rows.next()? {
                let id: String = r.get(0)?;
                let doc: String = r.get(1)?;
                out.push((
                    DeviceId(super::parse(&id, "device id")?),
                    serde_json::from_str(&doc)
                        .map_err(|e| DbError::Corrupt(format!("user record: {e}")))?,
                ));
            }
            Ok(out)
        })
        .await
    }
}
