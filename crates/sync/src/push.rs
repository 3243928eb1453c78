//! The push side of a pass: pages of the change log as the protocol carries them, sending a
//! page, and putting the province's answers on the entries.

use crate::access::{StoreAccess, SyncReport, with_store};
use crate::client::Client;
use crate::error::{SyncError, SyncResult};
use std::collections::HashMap;
use std::sync::Arc;
use tokio::task::JoinHandle;
use uuid::Uuid;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::{ChangeId, DeviceId};
use vonxa_protocol::*;
use vonxa_store::sync_state::PushMark;
use vonxa_store::{ChangeEntry, ChangeState};

pub(crate) fn to_push(e: ChangeEntry, device: DeviceId) -> (i64, PushChange) {
    (
        e.seq,
        PushChange {
            change_id: e.change_id,
            device_seq: e.seq,
            device_id: e.device_id.parse().unwrap_or(device),
            user_id: e.user_id,
            entity: e.entity,
            entity_id: e.entity_id,
            op: e.op,
            payload: e.payload,
            base_version: e.base_version,
            device_time: e.device_time,
        },
    )
}

/// The next page of entries in `state` after `after` (≤ 1,000 entries, ≤ 1 MiB), optionally
/// only those whose seq is in `only`.
pub(crate) async fn page<S: StoreAccess>(
    store: &S,
    state: ChangeState,
    after: i64,
    only: Option<Arc<Vec<i64>>>,
) -> SyncResult<Vec<(i64, PushChange)>> {
    with_store(store, move |s| {
        let device = s.device_id();
        let mut out = Vec::new();
        let mut bytes = 0usize;
        let mut cursor = after;
        loop {
            let batch = s.changes(Some(state), cursor, PUSH_MAX_ENTRIES)?;
            let Some(last) = batch.last().map(|e| e.seq) else {
                return Ok(out);
            };
            cursor = last;
            for e in batch {
                if only
                    .as_ref()
                    .is_some_and(|o| o.binary_search(&e.seq).is_err())
                {
                    continue;
                }
                let item = to_push(e, device);
                let size = serde_json::to_vec(&item.1).map(|v| v.len()).unwrap_or(0) + 1;
                if out.len() >= PUSH_MAX_ENTRIES
                    || (!out.is_empty() && bytes + size > PUSH_MAX_BYTES)
                {
                    return Ok(out);
                }
                bytes += size;
                out.push(item);
            }
            if only.is_none() {
                return Ok(out);
            }
        }
    })
    .await
}

pub(crate) fn mark_of(r: &PushResult) -> PushMark {
    let detail = || {
        serde_json::json!({
            "field": r.field, "domain": r.domain,
            "serverVersion": r.server_version, "lastDevice": r.last_device,
        })
        .to_string()
    };
    match r.outcome {
        Outcome::Accepted => PushMark::Sent {
            server_seq: r.server_seq.unwrap_or(0),
        },
        Outcome::Conflict => PushMark::Conflict {
            server_version: r.server_version.unwrap_or(0),
            detail: Some(detail()),
        },
        Outcome::Rejected => PushMark::Rejected {
            code: r.code.map_or("rejected", |c| c.as_str()).to_owned(),
            detail: Some(detail()),
        },
    }
}

pub(crate) type Marks = Vec<(i64, EntityKind, Uuid, PushMark)>;

/// Push one page; the answers as marks for the entries, and the epoch they came under.
pub(crate) async fn send_page(
    client: &Client,
    items: Vec<(i64, PushChange)>,
    replay: bool,
    report: &mut SyncReport,
) -> SyncResult<(Marks, uuid::Uuid)> {
    let by_id: HashMap<ChangeId, (i64, EntityKind, Uuid)> = items
        .iter()
        .map(|(s, c)| (c.change_id, (*s, c.entity, c.entity_id)))
        .collect();
    let req = PushRequest {
        replay,
        changes: items.into_iter().map(|(_, c)| c).collect(),
    };
    let resp = client.push(&req).await?;
    report.pushed += req.changes.len();
    let mut marks = Vec::with_capacity(resp.results.len());
    for r in &resp.results {
        match r.outcome {
            Outcome::Accepted => report.accepted += 1,
            Outcome::Rejected => report.rejected += 1,
            Outcome::Conflict => report.conflicts += 1,
        }
        if let Some((seq, kind, id)) = by_id.get(&r.change_id) {
            marks.push((*seq, *kind, *id, mark_of(r)));
        }
    }
    Ok((marks, resp.epoch))
}

/// Put the answers on the entries (on a blocking thread; the caller may push the next page
/// meanwhile).
pub(crate) fn mark<S: StoreAccess>(store: &S, marks: Marks) -> JoinHandle<SyncResult<()>> {
    let store = store.clone();
    tokio::spawn(async move { with_store(&store, move |s| s.mark_pushed(&marks)).await })
}

pub(crate) async fn finish(marking: &mut Option<JoinHandle<SyncResult<()>>>) -> SyncResult<()> {
    match marking.take() {
        Some(h) => h.await.map_err(|e| SyncError::Unexpected {
            status: 0,
            detail: format!("marking task: {e}"),
        })?,
        None => Ok(()),
    }
}
