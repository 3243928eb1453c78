//! Sync: the task's status, "Đồng bộ ngay" and enrolment (which syncs at once).

use super::blocking;
use crate::sync::{SyncState, device_label};
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::{EnrolInput, SyncSettings, SyncStatusInfo};
use vonxa_core::{App, IpcError};

/// The task's latest status, or the change-log counts before its first report.
#[tauri::command]
pub async fn sync_status(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
) -> Result<SyncStatusInfo, IpcError> {
    match sync.status() {
        Some(s) if s != SyncStatusInfo::default() => Ok(s),
        _ => blocking(app, |a| a.sync_counts()).await,
    }
}

#[tauri::command]
pub fn sync_now(sync: State<'_, SyncState>) {
    sync.sync_now();
}

/// Enrol, then sync at once.
#[tauri::command]
pub async fn enrol_device(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: EnrolInput,
) -> Result<SyncSettings, IpcError> {
    let core = Arc::clone(&app);
    let settings = core.enrol(req, &device_label()).await?;
    sync.sync_now();
    Ok(settings)
}
