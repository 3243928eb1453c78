//! The background sync task of the open session. Login starts it over the session's store
//! (`vonxa_core::SessionStore`); logging out or locking stops it — locking closes the database
//! and drops the key, so there is nothing left to sync with until the next login. Its status
//! goes to the UI as `sync-status` events (coalesced: at most one every 150 ms, always the
//! latest), and `sync-applied` once after a pass that pulled changes, so screens reload once.

use std::sync::{Arc, Mutex};
use std::time::Duration;
use tauri::{AppHandle, Emitter, Runtime};
use vonxa_core::contract::{EnrolInput, SyncStatusInfo};
use vonxa_core::{App, status_info};
use vonxa_sync::{SyncHandle, Triggers};

/// Event carrying a [`SyncStatusInfo`].
pub const STATUS_EVENT: &str = "sync-status";
/// Event sent once after a pass applied pulled changes.
pub const APPLIED_EVENT: &str = "sync-applied";

/// `make run` enrols a new device against its local province with these (first start only).
pub const ENROL_URL_ENV: &str = "VONXA_ENROL_URL";
pub const ENROL_CODE_ENV: &str = "VONXA_ENROL_CODE";

/// The running task, if a session is open.
#[derive(Default)]
pub struct SyncState {
    running: Mutex<Option<Running>>,
}

struct Running {
    handle: SyncHandle,
    forward: tauri::async_runtime::JoinHandle<()>,
}

/// The label the province lists this device under.
pub fn device_label() -> String {
    let host = std::fs::read_to_string("/etc/hostname").unwrap_or_default();
    format!("vonxa {}", host.trim()).trim().to_owned()
}

impl SyncState {
    fn with<T>(&self, f: impl FnOnce(&Option<Running>) -> T) -> T {
        f(&self.running.lock().unwrap_or_else(|p| p.into_inner()))
    }

    /// A local write happened: sync shortly (writes in a burst share one pass).
    pub fn local_write(&self) {
        self.with(|r| r.as_ref().map(|r| r.handle.local_write()));
    }

    /// "Đồng bộ ngay".
    pub fn sync_now(&self) {
        self.with(|r| r.as_ref().map(|r| r.handle.sync_now()));
    }

    /// The task's latest status (None before login).
    pub fn status(&self) -> Option<SyncStatusInfo> {
        self.with(|r| r.as_ref().map(|r| status_info(&r.handle.status())))
    }

    /// Start the task for the session just opened (no-op if it runs). Must run on the async
    /// runtime. With `VONXA_ENROL_URL` and `VONXA_ENROL_CODE` set and the device not yet
    /// enrolled, it first enrols (an administrator's session; failures are only logged).
    pub async fn start<R: Runtime>(&self, app: AppHandle<R>, core: Arc<App>) {
        if self.with(|r| r.is_some()) {
            return;
        }
        enrol_from_env(&core).await;
        let (handle, _task) = vonxa_sync::spawn(core.store_access(), Triggers::default());
        let mut rx = handle.subscribe();
        let forward = tauri::async_runtime::spawn(async move {
            let mut was_syncing = false;
            while rx.changed().await.is_ok() {
                let s = rx.borrow_and_update().clone();
                if let Err(e) = app.emit(STATUS_EVENT, status_info(&s)) {
                    tracing::warn!(error = %e, "cannot send the sync status");
                }
                if was_syncing && !s.syncing && s.progress.pulled > 0 {
                    let _ = app.emit(APPLIED_EVENT, s.progress.pulled);
                }
                was_syncing = s.syncing;
                tokio::time::sleep(Duration::from_millis(150)).await;
            }
        });
        let mut slot = self.running.lock().unwrap_or_else(|p| p.into_inner());
        match slot.as_ref() {
            Some(_) => {
                handle.stop();
                forward.abort();
            }
            None => *slot = Some(Running { handle, forward }),
        }
    }

    /// Stop the task (logout, lock).
    pub fn stop(&self) {
        let running = self
            .running
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .take();
        if let Some(r) = running {
            r.handle.stop();
            r.forward.abort();
        }
    }
}

async fn enrol_from_env(core: &Arc<App>) {
    let (Some(url), Some(code)) = (
        std::env::var(ENROL_URL_ENV).ok().filter(|v| !v.is_empty()),
        std::env::var(ENROL_CODE_ENV).ok().filter(|v| !v.is_empty()),
    ) else {
        return;
    };
    let c = Arc::clone(core);
    let enrolled = tauri::async_runtime::spawn_blocking(move || c.sync_settings())
        .await
        .ok()
        .and_then(|r| r.ok())
        .is_some_and(|s| s.endpoint.is_some());
    if enrolled {
        return;
    }
    match core
        .enrol(
            EnrolInput {
                endpoint: url.clone(),
                code,
            },
            &device_label(),
        )
        .await
    {
        Ok(_) => tracing::info!(%url, "enrolled from the environment"),
        Err(e) => tracing::warn!(%url, error = %e, "enrolment from the environment failed"),
    }
}
