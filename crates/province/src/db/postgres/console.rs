//! The console's storage on PostgreSQL: users, sessions, the audit, device reports.

use super::super::console::*;
use super::super::*;
use super::PgBackend;

const USER_COLS: &str = "id, username, display_name, password_hash, role, scope_kind, scope_id,
    active, created_at, last_login_at";

fn user_from(r: &tokio_postgres::Row) -> DbResult<ConsoleUserRow> {
    Ok(ConsoleUserRow {
        id: r.try_get(0)?,
        username: r.try_get(1)?,
        display_name: r.try_get(2)?,
        password_hash: r.try_get(3)?,
        role: r.try_get(4)?,
        scope_kind: r.try_get(5)?,
        scope_id: r.try_get(6)?,
        active: r.try_get(7)?,
        created_at: r.try_get(8)?,
        last_login_at: r.try_get(9)?,
    })
}

impl ConsoleBackend for PgBackend {
    async fn review_changes(&self, limit: i64) -> DbResult<Vec<ReviewRow>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT change_id::text, device_id::text, user_id, entity, entity_id::text, outcome,
                    result, received_at
                 FROM changes WHERE outcome <> 'accepted' ORDER BY received_at DESC LIMIT $1",
                &[&limit],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(ReviewRow {
                    change_id: r.try_get(0)?,
                    device_id: r.try_get(1)?,
                    user_id: r.try_get(2)?,
                    entity: r.try_get(3)?,
                    entity_id: r.try_get(4)?,
                    outcome: r.try_get(5)?,
                    result: r.try_get(6)?,
                    received_at: r.try_get(7)?,
                })
            })
            .collect()
    }

    async fn add_console_user(&self, u: ConsoleUserRow) -> DbResult<bool> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "INSERT INTO console_users (id, username, display_name, password_hash, role,
                    scope_kind, scope_id, active, created_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (username) DO NOTHING",
                &[
                    &u.id,
                    &u.username,
                    &u.display_name,
                    &u.password_hash,
                    &u.role,
                    &u.scope_kind,
                    &u.scope_id,
                    &u.active,
                    &u.created_at,
                ],
            )
            .await?;
        Ok(n == 1)
    }

    async fn console_user_named(&self, username: String) -> DbResult<Option<ConsoleUserRow>> {
        let c = self.pool.get().await?;
        let sql = format!("SELECT {USER_COLS} FROM console_users WHERE username = $1");
        c.query_opt(&sql, &[&username])
            .await?
            .map(|r| user_from(&r))
            .transpose()
    }

    async fn console_user(&self, id: String) -> DbResult<Option<ConsoleUserRow>> {
        let c = self.pool.get().await?;
        let sql = format!("SELECT {USER_COLS} FROM console_users WHERE id = $1");
        c.query_opt(&sql, &[&id])
            .await?
            .map(|r| user_from(&r))
            .transpose()
    }

    async fn console_users(&self) -> DbResult<Vec<ConsoleUserRow>> {
        let c = self.pool.get().await?;
        let sql = format!("SELECT {USER_COLS} FROM console_users ORDER BY username");
        c.query(&sql, &[]).await?.iter().map(user_from).collect()
    }

    async fn set_console_user_active(
        &self,
        id: String,
        active: bool,
        at: String,
    ) -> DbResult<bool> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let n = tx
            .execute(
                "UPDATE console_users SET active = $2 WHERE id = $1",
                &[&id, &active],
            )
            .await?;
        if !active {
            tx.execute(
                "UPDATE console_sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL",
                &[&id, &at],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(n == 1)
    }

    async fn set_console_password(
        &self,
        id: String,
        hash: String,
        keep: Option<String>,
        at: String,
    ) -> DbResult<()> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        tx.execute(
            "UPDATE console_users SET password_hash = $2 WHERE id = $1",
            &[&id, &hash],
        )
        .await?;
        tx.execute(
            "UPDATE console_sessions SET ended_at = $2
             WHERE user_id = $1 AND ended_at IS NULL AND token_hash IS DISTINCT FROM $3",
            &[&id, &at, &keep],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn console_logged_in(&self, id: String, at: String) -> DbResult<()> {
        let c = self.pool.get().await?;
        c.execute(
            "UPDATE console_users SET last_login_at = $2 WHERE id = $1",
            &[&id, &at],
        )
        .await?;
        Ok(())
    }

    async fn add_console_session(&self, s: SessionRow) -> DbResult<()> {
        let c = self.pool.get().await?;
        c.execute(
            "INSERT INTO console_sessions (token_hash, user_id, csrf, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &s.token_hash,
                &s.user_id,
                &s.csrf,
                &s.created_at,
                &s.expires_at,
            ],
        )
        .await?;
        Ok(())
    }

    async fn console_session(&self, token_hash: String) -> DbResult<Option<SessionRow>> {
        let c = self.pool.get().await?;
        let row = c
            .query_opt(
                "SELECT token_hash, user_id, csrf, created_at, expires_at, ended_at
                 FROM console_sessions WHERE token_hash = $1",
                &[&token_hash],
            )
            .await?;
        row.map(|r| {
            Ok(SessionRow {
                token_hash: r.try_get(0)?,
                user_id: r.try_get(1)?,
                csrf: r.try_get(2)?,
                created_at: r.try_get(3)?,
                expires_at: r.try_get(4)?,
                ended_at: r.try_get(5)?,
            })
        })
        .transpose()
    }

    async fn end_console_session(&self, token_hash: String, at: String) -> DbResult<()> {
        let c = self.pool.get().await?;
        c.execute(
            "UPDATE console_sessions SET ended_at = $2 WHERE token_hash = $1 AND ended_at IS NULL",
            &[&token_hash, &at],
        )
        .await?;
        Ok(())
    }

    async fn append_audit(&self, a: AuditRow) -> DbResult<i64> {
        let c = self.pool.get().await?;
        let row = c
            .query_one(
                "INSERT INTO console_audit (at, user_id, username, action, target, from_addr, ok, detail)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING seq",
                &[
                    &a.at,
                    &a.user_id,
                    &a.username,
                    &a.action,
                    &a.target,
                    &a.from,
                    &a.ok,
                    &a.detail,
                ],
            )
            .await?;
        Ok(row.try_get(0)?)
    }

    async fn audit_entries(&self, limit: i64) -> DbResult<Vec<AuditRow>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT seq, at, user_id, username, action, target, from_addr, ok, detail
                 FROM console_audit ORDER BY seq DESC LIMIT $1",
                &[&limit],
            )
            .await?;
        rows.iter()
            .map(|r| {
                Ok(AuditRow {
                    seq: r.try_get(0)?,
                    at: r.try_get(1)?,
                    user_id: r.try_get(2)?,
                    username: r.try_get(3)?,
                    action: r.try_get(4)?,
                    target: r.try_get(5)?,
                    from: r.try_get(6)?,
                    ok: r.try_get(7)?,
                    detail: r.try_get(8)?,
                })
            })
            .collect()
    }

    async fn device_report(&self, device: DeviceId, r: DeviceReport) -> DbResult<()> {
        let c = self.pool.get().await?;
        c.execute(
            "UPDATE devices SET app_version = coalesce($2, app_version),
                waiting = coalesce($3, waiting), db_bytes = coalesce($4, db_bytes),
                last_error = $5
             WHERE id = $1",
            &[
                &device.to_string(),
                &r.app_version,
                &r.waiting,
                &r.db_bytes,
                &r.last_error,
            ],
        )
        .await?;
        Ok(())
    }

    async fn device_health(&self) -> DbResult<Vec<(DeviceId, DeviceHealth)>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT id, app_version, waiting, db_bytes, last_error FROM devices",
                &[],
            )
            .await?;
        rows.iter()
            .map(|r| {
                let id: String = r.try_get(0)?;
                let id = id
                    .parse::<Uuid>()
                    .map_err(|_| DbError::Corrupt(format!("device id {id}")))?;
                Ok((
                    DeviceId(id),
                    DeviceHealth {
                        app_version: r.try_get(1)?,
                        waiting: r.try_get(2)?,
                        db_bytes: r.try_get(3)?,
                        last_error: r.try_get(4)?,
                    },
                ))
            })
            .collect()
    }

    async fn key_holders(&self, keys: Vec<String>) -> DbResult<Vec<(Uuid, String)>> {
        let c = self.pool.get().await?;
        super::credit::key_holders(&**c, &keys).await
    }

    async fn device_users(&self) -> DbResult<Vec<(DeviceId, serde_json::Value)>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT e.last_device, c.payload FROM entities e JOIN changes c ON c.seq = e.version
                 WHERE e.entity = 'user' AND NOT e.deleted",
                &[],
            )
            .await?;
        rows.iter()
            .map(|r| {
                let doc: String = r.try_get(1)?;
                Ok((
                    DeviceId(r.try_get(0)?),
                    serde_json::from_str(&doc)
                        .map_err(|e| DbError::Corrupt(format!("user record: {e}")))?,
                ))
            })
            .collect()
    }
}
