//! What the CLI does, as library functions the tests use too: serve, enrolment codes, import
//! and export of reference data.

use crate::auth::{code_hash, new_code};
use crate::db::{Backend, DbResult, DeviceRecord, NewEnrolCode, RefRecord};
use crate::ingest::Prepared;
use chrono::Utc;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_domain::{ChangeId, DeviceId};
use vonxa_protocol::{PushChange, PushRequest, PushResult, Scope};

/// How long an enrolment code stays valid.
pub const CODE_VALIDITY_HOURS: i64 = 24;

/// Kinds exported and imported as reference data.
pub const REFERENCE_KINDS: [EntityKind; 7] = [
    EntityKind::Office,
    EntityKind::Point,
    EntityKind::PointCommune,
    EntityKind::Village,
    EntityKind::Organisation,
    EntityKind::Group,
    EntityKind::GroupRole,
];

/// Make a one-time enrolment code; returns it (shown once, stored only as a hash).
pub async fn create_enrol_code<B: Backend>(db: &B, scope: Scope, role: Role) -> DbResult<String> {
    let code = new_code();
    let now = Utc::now();
    db.add_enrol_code(NewEnrolCode {
        code_hash: code_hash(&code),
        scope,
        role,
        created_at: now,
        expires_at: now + chrono::Duration::hours(CODE_VALIDITY_HOURS),
    })
    .await?;
    Ok(code)
}

/// The province's own pseudo-device (nil id) that writes imports.
pub fn province_device() -> DeviceRecord {
    DeviceRecord {
        id: DeviceId(Uuid::nil()),
        label: "province".into(),
        scope: Scope::Points { codes: Vec::new() },
        role: Role::Admin,
        enrolled_at: String::new(),
        revoked_at: None,
        last_seen: None,
        last_sync: None,
    }
}

/// Current reference data (offices, points, villages, organisations, groups, boards).
pub async fn export<B: Backend>(db: &B) -> DbResult<Vec<RefRecord>> {
    db.current(
        REFERENCE_KINDS
            .iter()
            .map(|k| k.as_str().to_owned())
            .collect(),
    )
    .await
}

/// Import records as changes by the province itself: validated like any push, served to every
/// device whose scope covers them. Existing records are replaced.
pub async fn import<B: Backend>(db: &B, records: Vec<RefRecord>) -> DbResult<Vec<PushResult>> {
    let dev = province_device();
    let now = Utc::now();
    let mut out = Vec::new();
    let table = crate::db::programme_table(db).await?;
    for chunk in records.chunks(vonxa_protocol::PUSH_MAX_ENTRIES) {
        let changes = chunk
            .iter()
            .enumerate()
            .map(|(i, r)| PushChange {
                change_id: ChangeId(Uuid::now_v7()),
                device_seq: i as i64,
                device_id: dev.id,
                user_id: "province".into(),
                entity: EntityKind::parse(&r.entity).unwrap_or(EntityKind::Office),
                entity_id: r
                    .payload
                    .get("id")
                    .and_then(|v| v.as_str())
                    .and_then(|s| s.parse().ok())
                    .unwrap_or_default(),
                op: Op::Insert,
                payload: r.payload.clone(),
                base_version: i64::MAX,
                device_time: now.to_rfc3339(),
            })
            .collect::<Vec<_>>();
        let docs = crate::db::docs_for(db, &changes).await?;
        let page = Prepared::with_docs(
            dev.clone(),
            PushRequest {
                replay: false,
                changes,
            },
            now,
            true,
            &table,
            &docs,
        );
        out.extend(db.ingest(page).await?);
    }
    Ok(out)
}
