//! The PostgreSQL backend (tokio-postgres through a deadpool pool). Ingest takes a transaction-
//! scoped advisory lock, so even several province processes write one page at a time and server
//! sequences commit in order; lookups and inserts are one statement each per page (arrays).

use super::*;
use crate::ingest::Prepared;
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::{NoTls, Row};
use vonxa_domain::entity::{EntityKind, Op};

mod embedded {
    refinery::embed_migrations!("../../migrations/province/postgres");
}

/// The advisory lock key that serialises ingest ("vonxa" in ASCII, more or less).
const INGEST_LOCK: i64 = 0x0076_6f6e_7861;

#[derive(Clone)]
pub struct PgBackend {
    pool: Pool,
}

impl PgBackend {
    pub async fn open(url: &str) -> DbResult<PgBackend> {
        let config: tokio_postgres::Config =
            url.parse().map_err(|_| DbError::BadUrl(redact(url)))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(16)
            .build()
            .map_err(|e| DbError::BadUrl(format!("{}: {e}", redact(url))))?;
        let mut client = pool.get().await?;
        embedded::migrations::runner()
            .run_async(&mut **client)
            .await?;
        client
            .execute(
                "INSERT INTO meta (key, value) VALUES ('epoch', $1) ON CONFLICT (key) DO NOTHING",
                &[&Uuid::now_v7().to_string()],
            )
            .await?;
        Ok(PgBackend { pool })
    }

    /// Give this database a new epoch (run after restoring it from a dump).
    pub async fn new_epoch(&self) -> DbResult<Uuid> {
        let epoch = Uuid::now_v7();
        self.pool
            .get()
            .await?
            .execute(
                "UPDATE meta SET value = $1 WHERE key = 'epoch'",
                &[&epoch.to_string()],
            )
            .await?;
        Ok(epoch)
    }
}

fn corrupt(what: &str) -> DbError {
    DbError::Corrupt(what.to_owned())
}

const DEVICE_COLS: &str = "id, label, scope, role, enrolled_at, revoked_at, last_seen, last_sync";

fn device_from(r: &Row) -> DbResult<DeviceRecord> {
    let id: String = r.try_get(0)?;
    let scope: String = r.try_get(2)?;
    let role: String = r.try_get(3)?;
    Ok(DeviceRecord {
        id: id.parse().map_err(|_| corrupt("device id"))?,
        label: r.try_get(1)?,
        scope: serde_json::from_str(&scope)?,
        role: vonxa_domain::roles::Role::parse(&role).ok_or_else(|| corrupt("role"))?,
        enrolled_at: r.try_get(4)?,
        revoked_at: r.try_get(5)?,
        last_seen: r.try_get(6)?,
        last_sync: r.try_get(7)?,
    })
}

async fn load(tx: &deadpool_postgres::Transaction<'_>, page: &Prepared) -> DbResult<Loaded> {
    let head: i64 = tx
        .query_one("SELECT coalesce(max(seq), 0)::BIGINT FROM changes", &[])
        .await?
        .try_get(0)?;
    let mut loaded = Loaded {
        head,
        ..Loaded::default()
    };
    let ids = page.change_ids();
    for r in tx
        .query(
            "SELECT change_id, body_hash, result FROM changes WHERE change_id = ANY($1)",
            &[&ids],
        )
        .await?
    {
        let result: String = r.try_get(2)?;
        loaded.seen.insert(
            r.try_get(0)?,
            SeenChange {
                body_hash: r.try_get(1)?,
                result: serde_json::from_str(&result)?,
            },
        );
    }
    let keys = page.entity_keys();
    for r in tx
        .query(
            "SELECT entity_id, entity, version, last_device, point_code, group_id, deleted, doc
             FROM entities WHERE entity_id = ANY($1)",
            &[&keys],
        )
        .await?
    {
        let id: Uuid = r.try_get(0)?;
        let last: Uuid = r.try_get(3)?;
        loaded.entities.insert(
            id,
            EntityState {
                entity_id: id,
                entity: r.try_get(1)?,
                version: r.try_get(2)?,
                last_device: last.into(),
                point_code: r.try_get(4)?,
                group_id: r.try_get(5)?,
                deleted: r.try_get(6)?,
                doc: r.try_get(7)?,
            },
        );
    }
    Ok(loaded)
}

async fn write(tx: &deadpool_postgres::Transaction<'_>, plan: &Plan) -> DbResult<()> {
    let cs = &plan.changes;
    if !cs.is_empty() {
        let col = |f: fn(&ChangeRow) -> String| cs.iter().map(f).collect::<Vec<String>>();
        let change_id: Vec<Uuid> = cs.iter().map(|c| c.change_id).collect();
        let seq: Vec<Option<i64>> = cs.iter().map(|c| c.seq).collect();
        let device: Vec<Uuid> = cs.iter().map(|c| c.device_id.0).collect();
        let entity_id: Vec<Uuid> = cs.iter().map(|c| c.entity_id).collect();
        let base: Vec<i64> = cs.iter().map(|c| c.base_version).collect();
        let code: Vec<Option<String>> = cs.iter().map(|c| c.code.clone()).collect();
        let point: Vec<Option<String>> = cs.iter().map(|c| c.point_code.clone()).collect();
        let group: Vec<Option<Uuid>> = cs.iter().map(|c| c.group_id).collect();
        tx.execute(
            "INSERT INTO changes (change_id, seq, device_id, user_id, entity, entity_id, op, payload,
                body_hash, base_version, device_time, received_at, outcome, code, result,
                visibility, point_code, group_id)
             SELECT * FROM unnest($1::uuid[], $2::int8[], $3::uuid[], $4::text[], $5::text[],
                $6::uuid[], $7::text[], $8::text[], $9::text[], $10::int8[], $11::text[],
                $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[],
                $18::uuid[])",
            &[
                &change_id,
                &seq,
                &device,
                &col(|c| c.user_id.clone()),
                &col(|c| c.entity.clone()),
                &entity_id,
                &col(|c| c.op.clone()),
                &col(|c| c.payload.clone()),
                &col(|c| c.body_hash.clone()),
                &base,
                &col(|c| c.device_time.clone()),
                &col(|c| c.received_at.clone()),
                &col(|c| c.outcome.clone()),
                &code,
                &col(|c| c.result.clone()),
                &col(|c| c.visibility.as_str().to_owned()),
                &point,
                &group,
            ],
        )
        .await?;
    }
    let es = &plan.entities;
    if !es.is_empty() {
        let id: Vec<Uuid> = es.iter().map(|e| e.entity_id).collect();
        let kind: Vec<String> = es.iter().map(|e| e.entity.clone()).collect();
        let version: Vec<i64> = es.iter().map(|e| e.version).collect();
        let last: Vec<Uuid> = es.iter().map(|e| e.last_device.0).collect();
        let point: Vec<Option<String>> = es.iter().map(|e| e.point_code.clone()).collect();
        let group: Vec<Option<Uuid>> = es.iter().map(|e| e.group_id).collect();
        let deleted: Vec<bool> = es.iter().map(|e| e.deleted).collect();
        let doc: Vec<String> = es.iter().map(|e| e.doc.clone()).collect();
        tx.execute(
            "INSERT INTO entities (entity_id, entity, version, last_device, point_code, group_id,
                deleted, doc)
             SELECT * FROM unnest($1::uuid[], $2::text[], $3::int8[], $4::uuid[], $5::text[],
                $6::uuid[], $7::bool[], $8::text[])
             ON CONFLICT (entity_id) DO UPDATE SET entity = excluded.entity,
                version = excluded.version, last_device = excluded.last_device,
                point_code = excluded.point_code, group_id = excluded.group_id,
                deleted = excluded.deleted, doc = excluded.doc",
            &[&id, &kind, &version, &last, &point, &group, &deleted, &doc],
        )
        .await?;
    }
    Ok(())
}

impl Backend for PgBackend {
    fn name(&self) -> &'static str {
        "postgres"
    }

    async fn epoch(&self) -> DbResult<Uuid> {
        let c = self.pool.get().await?;
        let v: String = c
            .query_one("SELECT value FROM meta WHERE key = 'epoch'", &[])
            .await?
            .try_get(0)?;
        v.parse().map_err(|_| corrupt("epoch"))
    }

    async fn add_enrol_code(&self, code: NewEnrolCode) -> DbResult<()> {
        let c = self.pool.get().await?;
        c.execute(
            "INSERT INTO enrol_codes (code_hash, scope, role, created_at, expires_at)
             VALUES ($1, $2, $3, $4, $5)",
            &[
                &code.code_hash,
                &serde_json::to_string(&code.scope)?,
                &code.role.as_str(),
                &code.created_at.to_rfc3339(),
                &code.expires_at.to_rfc3339(),
            ],
        )
        .await?;
        Ok(())
    }

    async fn redeem(&self, r: Redeem) -> DbResult<Option<DeviceRecord>> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        let now = r.now.to_rfc3339();
        let device = r.device.to_string();
        let found = tx
            .query_opt(
                "UPDATE enrol_codes SET used_at = $2, device_id = $3
                 WHERE code_hash = $1 AND used_at IS NULL AND expires_at > $2
                 RETURNING scope, role",
                &[&r.code_hash, &now, &device],
            )
            .await?;
        let Some(found) = found else {
            return Ok(None);
        };
        let scope: String = found.try_get(0)?;
        let role: String = found.try_get(1)?;
        let row = tx
            .query_one(
                &format!(
                    "INSERT INTO devices (id, token_hash, label, scope, role, enrolled_at)
                     VALUES ($1, $2, $3, $4, $5, $6)
                     ON CONFLICT (id) DO UPDATE SET token_hash = excluded.token_hash,
                        label = excluded.label, scope = excluded.scope, role = excluded.role,
                        enrolled_at = excluded.enrolled_at, revoked_at = NULL
                     RETURNING {DEVICE_COLS}"
                ),
                &[&device, &r.token_hash, &r.label, &scope, &role, &now],
            )
            .await?;
        tx.commit().await?;
        device_from(&row).map(Some)
    }

    async fn device_by_token(&self, token_hash: String) -> DbResult<Option<DeviceRecord>> {
        let c = self.pool.get().await?;
        let stmt = c
            .prepare_cached(&format!(
                "SELECT {DEVICE_COLS} FROM devices WHERE token_hash = $1"
            ))
            .await?;
        c.query_opt(&stmt, &[&token_hash])
            .await?
            .as_ref()
            .map(device_from)
            .transpose()
    }

    async fn touch(&self, device: DeviceId, now: DateTime<Utc>, synced: bool) -> DbResult<()> {
        let c = self.pool.get().await?;
        let now = now.to_rfc3339();
        let sync = synced.then(|| now.clone());
        c.execute(
            "UPDATE devices SET last_seen = $2, last_sync = coalesce($3, last_sync) WHERE id = $1",
            &[&device.to_string(), &now, &sync],
        )
        .await?;
        Ok(())
    }

    async fn devices(&self) -> DbResult<Vec<DeviceRecord>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                &format!("SELECT {DEVICE_COLS} FROM devices ORDER BY enrolled_at"),
                &[],
            )
            .await?;
        rows.iter().map(device_from).collect()
    }

    async fn revoke(&self, device: DeviceId, now: DateTime<Utc>) -> DbResult<bool> {
        let c = self.pool.get().await?;
        let n = c
            .execute(
                "UPDATE devices SET revoked_at = coalesce(revoked_at, $2) WHERE id = $1",
                &[&device.to_string(), &now.to_rfc3339()],
            )
            .await?;
        Ok(n > 0)
    }

    async fn ingest(&self, page: Prepared) -> DbResult<Vec<PushResult>> {
        let mut c = self.pool.get().await?;
        let tx = c.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&INGEST_LOCK])
            .await?;
        let loaded = load(&tx, &page).await?;
        let plan = plan(&page, loaded);
        write(&tx, &plan).await?;
        tx.commit().await?;
        Ok(plan.results)
    }

    async fn pull(
        &self,
        scope: Scope,
        device: DeviceId,
        after: i64,
        limit: u32,
    ) -> DbResult<(Vec<PulledChange>, bool)> {
        let c = self.pool.get().await?;
        let cols = "SELECT seq, change_id, device_id, entity, entity_id, op, payload FROM changes
                    WHERE seq > $1 AND device_id <> $2";
        let lim = limit as i64 + 1;
        let rows = match &scope {
            Scope::Points { codes } => {
                c.query(
                    &format!(
                        "{cols} AND (visibility = 'global' OR (visibility = 'scoped'
                         AND point_code = ANY($3))) ORDER BY seq LIMIT $4"
                    ),
                    &[&after, &device.0, codes, &lim],
                )
                .await?
            }
            Scope::Group { group_id } => {
                c.query(
                    &format!(
                        "{cols} AND (visibility = 'global' OR (visibility = 'scoped'
                         AND group_id = $3)) ORDER BY seq LIMIT $4"
                    ),
                    &[&after, &device.0, &group_id.0, &lim],
                )
                .await?
            }
        };
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let entity: String = r.try_get(3)?;
            let op: String = r.try_get(5)?;
            let payload: String = r.try_get(6)?;
            let dev: Uuid = r.try_get(2)?;
            let cid: Uuid = r.try_get(1)?;
            out.push(PulledChange {
                server_seq: r.try_get(0)?,
                change_id: cid.into(),
                device_id: dev.into(),
                entity: EntityKind::parse(&entity).ok_or_else(|| corrupt("entity"))?,
                entity_id: r.try_get(4)?,
                op: Op::parse(&op).ok_or_else(|| corrupt("op"))?,
                payload: serde_json::from_str(&payload)?,
            });
        }
        let more = out.len() > limit as usize;
        out.truncate(limit as usize);
        Ok((out, more))
    }

    async fn head(&self) -> DbResult<i64> {
        let c = self.pool.get().await?;
        Ok(
            c.query_one("SELECT coalesce(max(seq), 0)::BIGINT FROM changes", &[])
                .await?
                .try_get(0)?,
        )
    }

    async fn current(&self, kinds: Vec<String>) -> DbResult<Vec<RefRecord>> {
        let c = self.pool.get().await?;
        let rows = c
            .query(
                "SELECT entity, doc FROM entities WHERE NOT deleted AND entity = ANY($1)
                 ORDER BY version",
                &[&kinds],
            )
            .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in &rows {
            let doc: String = r.try_get(1)?;
            out.push(RefRecord {
                entity: r.try_get(0)?,
                payload: serde_json::from_str(&doc)?,
            });
        }
        Ok(out)
    }

    async fn audit(&self) -> DbResult<Vec<(Uuid, Option<i64>, String)>> {
        let c = self.pool.get().await?;
        let rows = c
            .query("SELECT change_id, seq, outcome FROM changes", &[])
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect()
    }
}
