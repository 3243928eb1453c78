//! One sync pass: re-upload after a new epoch if one is going on, push pending entries in
//! pages, push again what was refused for a reason that may have gone away, then pull every
//! page in scope, then photos (up, then down). Every step is idempotent and resumable: a pass cut anywhere leaves the
//! device in a state from which the next pass finishes the work without loss or duplicates.

use crate::access::{Progress, StoreAccess, SyncReport, with_store};
use crate::client::{Client, Report};
use crate::error::{SyncError, SyncResult};
use crate::push::{finish, mark, page, send_page};
use std::sync::Arc;
use vonxa_protocol::*;
use vonxa_store::ChangeState;
use vonxa_store::sync_state::HeldChange;

/// Reasons for refusal that the province re-evaluates on the next push.
const RETRYABLE: [&str; 1] = ["unknown_parent"];

/// Enrol this device with a one-time code and keep the token in the encrypted database.
pub async fn enrol<S: StoreAccess>(
    store: &S,
    endpoint: &str,
    code: &str,
    label: &str,
) -> SyncResult<EnrolResponse> {
    let client = Client::new(endpoint, None)?;
    let device_id = with_store(store, |s| Ok(s.device_id())).await?;
    let resp = client
        .enrol(&EnrolRequest {
            code: code.to_owned(),
            device_id,
            label: label.to_owned(),
        })
        .await?;
    let (base, r) = (client.endpoint().to_owned(), resp.clone());
    with_store(store, move |s| {
        let scope = serde_json::to_value(&r.scope)?;
        s.save_enrolment(
            &base,
            &r.token,
            &scope,
            r.role.as_str(),
            &r.epoch.to_string(),
        )
    })
    .await?;
    Ok(resp)
}

enum Flow {
    Done,
    Restart,
}

/// One full pass. A new epoch seen mid-way restarts the pass (at most three times).
pub async fn sync_once<S: StoreAccess>(
    store: &S,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> SyncResult<SyncReport> {
    let mut report = SyncReport::default();
    for _ in 0..3 {
        match pass(store, &mut report, progress).await {
            Ok(Flow::Done) => {
                with_store(store, |s| s.set_sync_outcome(None)).await?;
                return Ok(report);
            }
            Ok(Flow::Restart) => report.epoch_restarts += 1,
            Err(e) => {
                let msg = e.to_string();
                let _ = with_store(store, move |s| s.set_sync_outcome(Some(&msg))).await;
                return Err(e);
            }
        }
    }
    Err(SyncError::EpochChurn)
}

/// Adopt a new epoch: pull from the start and re-upload everything sent.
async fn check_epoch<S: StoreAccess>(
    store: &S,
    known: &mut Option<String>,
    seen: uuid::Uuid,
) -> SyncResult<Flow> {
    let seen = seen.to_string();
    if known.as_deref() == Some(seen.as_str()) {
        return Ok(Flow::Done);
    }
    tracing::warn!(old = ?known, new = %seen, "the province has a new epoch: re-uploading");
    let e = seen.clone();
    with_store(store, move |s| s.restart_epoch(&e)).await?;
    *known = Some(seen);
    Ok(Flow::Restart)
}

async fn pass<S: StoreAccess>(
    store: &S,
    report: &mut SyncReport,
    progress: &(dyn Fn(Progress) + Send + Sync),
) -> SyncResult<Flow> {
    let cfg = with_store(store, |s| s.sync_config())
        .await?
        .ok_or(SyncError::NotEnrolled)?;
    let counts = with_store(store, |s| s.change_counts()).await?;
    let db_bytes = with_store(store, |s| s.db_bytes()).await?;
    let client = Client::new(&cfg.endpoint, Some(cfg.token.clone()))?.with_report(&Report {
        waiting: counts.pending,
        db_bytes,
        last_error: cfg.last_error.clone(),
    });
    let mut epoch = cfg.epoch.clone();
    let mut prog = Progress {
        to_push: counts.pending as usize,
        ..Progress::default()
    };
    progress(prog);

    // 1. Re-upload after a new epoch.
    if let Some(mut after) = cfg.replay_after {
        loop {
            let items = page(store, ChangeState::Sent, after, None).await?;
            let Some(last) = items.last().map(|i| i.0) else {
                with_store(store, |s| s.set_replay_after(None)).await?;
                break;
            };
            let (marks, seen) = send_page(&client, items, true, report).await?;
            finish(&mut Some(mark(store, marks))).await?;
            if let Flow::Restart = check_epoch(store, &mut epoch, seen).await? {
                return Ok(Flow::Restart);
            }
            after = last;
            with_store(store, move |s| s.set_replay_after(Some(last))).await?;
        }
    }

    // 2. Pending entries, then those refused for a reason that may have gone away.
    let retry = with_store(store, |s| s.retryable_rejected(&RETRYABLE)).await?;
    let mut rounds = vec![(ChangeState::Pending, None)];
    if !retry.is_empty() {
        rounds.push((ChangeState::Rejected, Some(Arc::new(retry))));
    }
    for (state, only) in rounds {
        let mut after = 0;
        // Marking page n overlaps with pushing page n + 1; an entry is only ever marked
        // after its answer arrived, so a cut anywhere leaves it pending, to be re-sent.
        let mut marking = None;
        loop {
            let items = page(store, state, after, only.clone()).await?;
            let Some(last) = items.last().map(|i| i.0) else {
                break;
            };
            let n = items.len();
            let sent = send_page(&client, items, false, report).await;
            finish(&mut marking).await?;
            let (marks, seen) = sent?;
            if epoch.as_deref() != Some(seen.to_string().as_str()) {
                finish(&mut Some(mark(store, marks))).await?;
                check_epoch(store, &mut epoch, seen).await?;
                return Ok(Flow::Restart);
            }
            marking = Some(mark(store, marks));
            after = last;
            prog.pushed += n;
            progress(prog);
        }
        finish(&mut marking).await?;
    }

    // 3. Pull.
    // The next page is fetched while this one is applied; the cursor moves only with an
    // applied page.
    let fetch = |after: i64| {
        let c = client.clone();
        tokio::spawn(async move { c.pull(after, PULL_DEFAULT_LIMIT).await })
    };
    let mut next_page = Some(fetch(cfg.pull_cursor));
    while let Some(pending) = next_page.take() {
        let resp = pending.await.map_err(|e| SyncError::Unexpected {
            status: 0,
            detail: format!("pull task: {e}"),
        })??;
        if let Flow::Restart = check_epoch(store, &mut epoch, resp.epoch).await? {
            return Ok(Flow::Restart);
        }
        if resp.more {
            next_page = Some(fetch(resp.next));
        }
        let n = resp.changes.len();
        let held: Vec<HeldChange> = resp
            .changes
            .into_iter()
            .map(|c| HeldChange {
                entity: c.entity,
                entity_id: c.entity_id,
                server_seq: c.server_seq,
                change_id: c.change_id.to_string(),
                device_id: c.device_id.to_string(),
                op: c.op,
                payload: c.payload,
            })
            .collect();
        let next = resp.next;
        let applying = with_store(store, move |s| {
            let r = s.apply_pulled(&held)?;
            s.set_pull_cursor(next)?;
            Ok(r)
        })
        .await;
        let (applied, kept, failed) = match applying {
            Ok(r) => r,
            Err(e) => {
                if let Some(h) = next_page {
                    h.abort();
                }
                return Err(e);
            }
        };
        report.pulled += n;
        report.applied += applied;
        report.held += kept;
        report.failed += failed;
        prog.pulled += n;
        progress(prog);
    }
    with_store(store, |s| s.retry_inbox_errors()).await?;

    // 4. Photos, after every change went and came: a large one holds nothing else up. Up
    // first (the province waits for them), then down.
    crate::photos::upload_photos(store, &client, report).await?;
    if with_store(store, |s| s.has_pending()).await? {
        return Ok(Flow::Done);
    }
    crate::photo_downloads::download_photos(store, &client, report).await?;
    Ok(Flow::Done)
}
