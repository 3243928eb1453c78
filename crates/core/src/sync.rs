//! Sync from the app's side: the session's store lent to the background task, enrolment with
//! errors in the user's words, the status the indicator shows, and the review lists (refused
//! changes, conflicts where the user picks mine or theirs).

use crate::contract::{
    ConflictItem, EnrolInput, FieldDifference, Lang, RejectedChange, ResolveConflict, SyncReview,
    SyncSettings, SyncStatusInfo,
};
use crate::error::{CoreError, CoreResult, IpcError};
use crate::{App, Session, lock_session};
use std::sync::{Arc, Mutex};
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::{Group, Household, Membership, Person};
use vonxa_domain::roles::Action;
use vonxa_domain::{Code, DomainError};
use vonxa_store::{ChangeState, Store, StoreError};
use vonxa_sync::{StoreAccess, SyncError, SyncStatus};

/// The open session's store, as the sync task reaches it. While nobody is logged in it answers
/// an error, and the task simply tries again later.
#[derive(Clone)]
pub struct SessionStore(Arc<Mutex<Option<Session>>>);

impl StoreAccess for SessionStore {
    fn with<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut Store) -> Result<T, StoreError>,
    {
        match lock_session(&self.0).as_mut() {
            Some(s) => f(&mut s.store),
            None => Err(StoreError::NotInitialised),
        }
    }
}

/// The engine's status in the contract's shape.
pub fn status_info(s: &SyncStatus) -> SyncStatusInfo {
    let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
    let u = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    SyncStatusInfo {
        enrolled: s.enrolled,
        online: s.online,
        syncing: s.syncing,
        last_success: s.last_success.clone(),
        needs_update: s.needs_update,
        to_push: u(s.progress.to_push),
        pushed: u(s.progress.pushed),
        pulled: u(s.progress.pulled),
        pending: n(s.counts.pending),
        rejected: n(s.counts.rejected),
        conflicts: n(s.counts.conflict),
        last_pass: s.last_pass.map(|p| crate::contract::PassInfo {
            sent: u(p.sent),
            received: u(p.received),
            refused: u(p.refused),
        }),
    }
}

fn sync_message(e: &SyncError, lang: Lang) -> IpcError {
    use vonxa_protocol::ErrorCode;
    let vi = lang == Lang::Vi;
    let invalid = |field: &str, code: &str, msg: (&str, &str)| IpcError::Validation {
        field: field.into(),
        code: code.into(),
        message: (if vi { msg.0 } else { msg.1 }).into(),
        more: Vec::new(),
    };
    match e {
        _ if e.needs_update() => invalid(
            "endpoint",
            "unsupported_version",
            (
                "Máy chủ tỉnh dùng phiên bản mới hơn: vui lòng cập nhật ứng dụng",
                "The provincial server uses a newer version: please update the app",
            ),
        ),
        SyncError::Api { body, .. } if body.code == ErrorCode::InvalidCode => invalid(
            "code",
            "invalid_code",
            (
                "Mã kích hoạt sai, đã dùng hoặc đã hết hạn",
                "The one-time code is wrong, already used or expired",
            ),
        ),
        SyncError::Api { body, .. } if body.code == ErrorCode::DeviceKnown => invalid(
            "code",
            "device_known",
            (
                "Máy này đã từng đăng ký với tỉnh (hoặc đã bị thu hồi): mỗi máy chỉ đăng ký một lần. Mã kích hoạt vẫn còn dùng được cho một máy mới",
                "This device was enrolled with the province before (or was revoked): a device enrols once. The one-time code can still be used by a new device",
            ),
        ),
        SyncError::InsecureEndpoint(_) | SyncError::BadEndpoint(_) => invalid(
            "endpoint",
            "invalid_format",
            (
                "Địa chỉ máy chủ không hợp lệ (phải là https://, trừ máy này)",
                "Invalid server address (must be https://, except this machine)",
            ),
        ),
        SyncError::Network(_) | SyncError::Unexpected { .. } => invalid(
            "endpoint",
            "unreachable",
            (
                "Không kết nối được tới máy chủ tỉnh: kiểm tra địa chỉ và mạng",
                "Cannot reach the provincial server: check the address and the network",
            ),
        ),
        _ => CoreError::Internal(e.to_string()).to_ipc(lang),
    }
}

/// The province's detail of a refusal in a few words: the field and domain code of an
/// invalid record, else nothing (an object of empty values says nothing).
fn detail_text(detail: &str) -> Option<String> {
    let Ok(v) = serde_json::from_str::<serde_json::Value>(detail) else {
        return Some(detail.to_owned()).filter(|d| !d.trim().is_empty());
    };
    let parts: Vec<String> = ["field", "domain"]
        .iter()
        .filter_map(|k| v.get(*k).and_then(|x| x.as_str()).map(str::to_owned))
        .collect();
    (!parts.is_empty()).then(|| parts.join(": "))
}

/// A short human label of a record document.
fn label_of(doc: &serde_json::Value, id: &str) -> String {
    [
        "fullName",
        "name",
        "address",
        "customerCode",
        "code",
        "role",
    ]
    .iter()
    .find_map(|k| doc.get(*k).and_then(|v| v.as_str()).map(str::to_owned))
    .unwrap_or_else(|| format!("…{}", &id[id.len().saturating_sub(6)..]))
}

fn show(v: Option<&serde_json::Value>) -> String {
    match v {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

fn differences(mine: &serde_json::Value, theirs: &serde_json::Value) -> Vec<FieldDifference> {
    let (Some(m), Some(t)) = (mine.as_object(), theirs.as_object()) else {
        return Vec::new();
    };
    let mut keys: Vec<&String> = m.keys().chain(t.keys()).collect();
    keys.sort();
    keys.dedup();
    keys.into_iter()
        .filter(|k| m.get(*k) != t.get(*k))
        .map(|k| FieldDifference {
            field: k.clone(),
            mine: show(m.get(k)),
            theirs: show(t.get(k)),
        })
        .collect()
}

/// Record `payload` again as a new update (based on the province's version, now known).
fn record_again(s: &mut Session, kind: EntityKind, payload: serde_json::Value) -> CoreResult<()> {
    let user = s.user.clone();
    let store = &mut s.store;
    match kind {
        EntityKind::Household => store.record(&user, Op::Update, de::<Household>(payload)?),
        EntityKind::Person => store.record(&user, Op::Update, de::<Person>(payload)?),
        EntityKind::Group => store.record(&user, Op::Update, de::<Group>(payload)?),
        EntityKind::Membership => store.record(&user, Op::Update, de::<Membership>(payload)?),
        _ => return Err(DomainError::invalid("entity", Code::InvalidValue).into()),
    }?;
    Ok(())
}

fn de<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> CoreResult<T> {
    serde_json::from_value(v).map_err(|e| CoreError::Internal(e.to_string()))
}

impl App {
    /// The session's store for the sync task.
    pub fn store_access(&self) -> SessionStore {
        SessionStore(Arc::clone(&self.session))
    }

    /// Enrol this device (administrators): endpoint URL and one-time code.
    pub async fn enrol(&self, req: EnrolInput, label: &str) -> Result<SyncSettings, IpcError> {
        let lang = {
            let guard = self.lock();
            let lang = Self::lang_of(&guard);
            match guard.as_ref() {
                None => return Err(CoreError::Locked.to_ipc(lang)),
                Some(s) => crate::session::require(&s.user, Action::ManageSettings)
                    .map_err(|e| e.to_ipc(lang))?,
            }
            lang
        };
        let (endpoint, code) = (req.endpoint.trim(), req.code.trim());
        if code.is_empty() {
            let e = CoreError::from(DomainError::invalid("code", Code::Required));
            return Err(e.to_ipc(lang));
        }
        vonxa_sync::enrol(&self.store_access(), endpoint, code, label)
            .await
            .map_err(|e| sync_message(&e, lang))?;
        self.sync_settings()
    }

    pub fn sync_settings(&self) -> Result<SyncSettings, IpcError> {
        self.with(|s| {
            let cfg = s.store.sync_config()?;
            Ok(SyncSettings {
                device_id: s.store.device_id().to_string(),
                endpoint: cfg.as_ref().map(|c| c.endpoint.clone()),
                role: cfg.as_ref().map(|c| c.role.clone()),
                enrolled_at: cfg.map(|c| c.enrolled_at),
            })
        })
    }

    /// The counts of the change log (the indicator before the task's first report).
    pub fn sync_counts(&self) -> Result<SyncStatusInfo, IpcError> {
        self.with(|s| {
            let cfg = s.store.sync_config()?;
            let c = s.store.change_counts()?;
            let n = |v: i64| u32::try_from(v).unwrap_or(u32::MAX);
            Ok(SyncStatusInfo {
                enrolled: cfg.is_some(),
                last_success: cfg.and_then(|c| c.last_success),
                pending: n(c.pending),
                rejected: n(c.rejected),
                conflicts: n(c.conflict),
                ..SyncStatusInfo::default()
            })
        })
    }

    /// Refused changes and conflicts to review.
    pub fn sync_review(&self) -> Result<SyncReview, IpcError> {
        self.with(|s| {
            let rejected = s
                .store
                .rejected_changes(200)?
                .into_iter()
                .map(|r| RejectedChange {
                    seq: u32::try_from(r.seq).unwrap_or(u32::MAX),
                    label: label_of(&r.payload, &r.entity_id),
                    entity: r.entity,
                    entity_id: r.entity_id,
                    code: r.code,
                    detail: r.detail.as_deref().and_then(detail_text),
                    device_time: r.device_time,
                })
                .collect();
            let held = s.store.held_changes()?;
            let mut conflicts: Vec<ConflictItem> = Vec::new();
            // The latest conflicting entry of each record is "mine".
            let mut mine = s.store.changes(Some(ChangeState::Conflict), 0, 10_000)?;
            mine.reverse();
            for c in mine {
                let id = c.entity_id.to_string();
                let kind = c.entity.as_str().to_owned();
                if conflicts
                    .iter()
                    .any(|x| x.entity_id == id && x.entity == kind)
                {
                    continue;
                }
                let theirs = held
                    .iter()
                    .find(|h| h.entity == c.entity && h.entity_id == c.entity_id);
                conflicts.push(ConflictItem {
                    label: label_of(&c.payload, &id),
                    differences: theirs
                        .map(|h| differences(&c.payload, &h.payload))
                        .unwrap_or_default(),
                    has_theirs: theirs.is_some(),
                    entity: kind,
                    entity_id: id,
                });
            }
            Ok(SyncReview {
                rejected,
                conflicts,
            })
        })
    }

    /// Close one conflict with the user's pick; the result is itself a change.
    pub fn resolve_conflict(&self, req: ResolveConflict) -> Result<(), IpcError> {
        self.with(|s| {
            crate::session::require(&s.user, Action::EditHouseholds)?;
            let kind = EntityKind::parse(&req.entity)
                .ok_or_else(|| DomainError::invalid("entity", Code::InvalidValue))?;
            let id: Uuid = req
                .entity_id
                .parse()
                .map_err(|_| DomainError::invalid("entityId", Code::InvalidFormat))?;
            let mine = s
                .store
                .changes(Some(ChangeState::Conflict), 0, 10_000)?
                .into_iter()
                .rev()
                .find(|c| c.entity == kind && c.entity_id == id)
                .ok_or_else(|| DomainError::NotFound {
                    what: "conflict".into(),
                })?;
            s.store.close_conflicts(kind, id, !req.keep_mine)?;
            if req.keep_mine {
                record_again(s, kind, mine.payload)?;
            }
            Ok(())
        })
    }
}
