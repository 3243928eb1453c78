//! The background task: syncs at start, every few minutes while online, shortly after a local
//! write and on "Đồng bộ ngay"; after a failure it waits with exponential backoff and jitter,
//! then tries again by itself — it never waits for the next write to retry.

use crate::access::{Progress, StoreAccess, SyncReport};
use crate::engine::sync_once;
use crate::error::SyncError;
use rand::Rng;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{Notify, watch};
use tokio::task::JoinHandle;
use vonxa_store::sync_state::ChangeCounts;

/// When the task syncs.
#[derive(Clone, Copy, Debug)]
pub struct Triggers {
    /// While online and idle.
    pub interval: Duration,
    /// How long after a local write (writes in a burst share one sync).
    pub after_write: Duration,
    /// First and largest wait after a failure.
    pub backoff_min: Duration,
    pub backoff_max: Duration,
}

impl Default for Triggers {
    fn default() -> Self {
        Triggers {
            interval: Duration::from_secs(300),
            after_write: Duration::from_secs(3),
            backoff_min: Duration::from_secs(2),
            backoff_max: Duration::from_secs(300),
        }
    }
}

/// What one successful pass did.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PassResult {
    pub sent: usize,
    pub received: usize,
    pub refused: usize,
}

/// What the UI shows.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncStatus {
    pub enrolled: bool,
    pub online: bool,
    pub syncing: bool,
    pub last_success: Option<String>,
    pub last_error: Option<String>,
    /// The province speaks a newer protocol: "please update".
    pub needs_update: bool,
    pub progress: Progress,
    pub counts: ChangeCounts,
    /// Consecutive failures (0 after a success).
    pub failures: u32,
    /// The last successful pass.
    pub last_pass: Option<PassResult>,
}

/// Control of the background task.
#[derive(Clone)]
pub struct SyncHandle {
    now: Arc<Notify>,
    write: Arc<Notify>,
    stop: Arc<Notify>,
    status: watch::Receiver<SyncStatus>,
}

impl SyncHandle {
    /// "Đồng bộ ngay".
    pub fn sync_now(&self) {
        self.now.notify_one();
    }

    /// Tell the task a local write happened.
    pub fn local_write(&self) {
        self.write.notify_one();
    }

    pub fn status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    pub fn subscribe(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    pub fn stop(&self) {
        self.stop.notify_one();
    }
}

/// The wait before retry number `failures` (1-based): exponential, capped, with jitter in
/// [half, full] so devices of one province do not retry in step.
pub fn backoff(t: &Triggers, failures: u32) -> Duration {
    let exp = t
        .backoff_min
        .saturating_mul(1u32 << failures.saturating_sub(1).min(16));
    let cap = exp.min(t.backoff_max);
    let ms = cap.as_millis() as u64;
    Duration::from_millis(rand::thread_rng().gen_range(ms / 2..=ms.max(1)))
}

/// Start the task on the current tokio runtime.
pub fn spawn<S: StoreAccess>(store: S, triggers: Triggers) -> (SyncHandle, JoinHandle<()>) {
    let (tx, rx) = watch::channel(SyncStatus::default());
    let handle = SyncHandle {
        now: Arc::new(Notify::new()),
        write: Arc::new(Notify::new()),
        stop: Arc::new(Notify::new()),
        status: rx,
    };
    let h = handle.clone();
    let task = tokio::spawn(async move { run(store, triggers, h, tx).await });
    (handle, task)
}

async fn run<S: StoreAccess>(store: S, t: Triggers, h: SyncHandle, tx: watch::Sender<SyncStatus>) {
    let tx = Arc::new(tx);
    loop {
        tx.send_modify(|s| s.syncing = true);
        let ptx = tx.clone();
        let progress = move |p| ptx.send_modify(|s| s.progress = p);
        let result = sync_once(&store, &progress).await;
        refresh(&store, &tx, &result).await;
        let wait = match &result {
            Ok(_) => t.interval,
            Err(e) => {
                tracing::info!(error = %e, "sync failed; will retry");
                backoff(&t, tx.borrow().failures)
            }
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = h.now.notified() => {}
            _ = h.write.notified() => tokio::time::sleep(t.after_write).await,
            _ = h.stop.notified() => return,
        }
    }
}

async fn refresh<S: StoreAccess>(
    store: &S,
    tx: &watch::Sender<SyncStatus>,
    result: &Result<SyncReport, SyncError>,
) {
    let snapshot =
        crate::access::with_store(store, |s| Ok((s.sync_config()?, s.change_counts()?))).await;
    tx.send_modify(|s| {
        s.syncing = false;
        if let Ok((cfg, counts)) = &snapshot {
            s.enrolled = cfg.is_some();
            s.counts = *counts;
            if let Some(c) = cfg {
                s.last_success = c.last_success.clone();
            }
        }
        match result {
            Ok(r) => {
                s.last_pass = Some(PassResult {
                    sent: r.pushed,
                    received: r.pulled,
                    refused: r.rejected,
                });
                s.online = true;
                s.failures = 0;
                s.last_error = None;
                s.needs_update = false;
            }
            Err(e) => {
                s.online = !e.is_offline() && !matches!(e, SyncError::NotEnrolled);
                s.failures = s.failures.saturating_add(1);
                s.last_error = Some(e.to_string());
                s.needs_update = e.needs_update();
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_to_the_cap_with_jitter() {
        let t = Triggers::default();
        for n in 1..30 {
            let d = backoff(&t, n);
            assert!(d <= t.backoff_max, "{n}: {d:?}");
        }
        let first = backoff(&t, 1);
        assert!(first >= t.backoff_min / 2 && first <= t.backoff_min);
        assert!(backoff(&t, 20) >= t.backoff_max / 2);
    }
}
