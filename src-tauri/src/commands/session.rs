//! Start, login and lock (they start and stop the sync task), and the first screen's signal.

use super::blocking;
use crate::sync::SyncState;
use std::sync::Arc;
use tauri::{AppHandle, Runtime, State};
use vonxa_core::contract::{AppStatus, CreateAdmin, Login, SessionInfo};
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn app_status(app: State<'_, Arc<App>>) -> Result<AppStatus, IpcError> {
    blocking(app, |a| a.status()).await
}

#[tauri::command]
pub async fn create_admin<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: CreateAdmin,
) -> Result<SessionInfo, IpcError> {
    let core = Arc::clone(&app);
    let info = blocking(app, move |a| a.create_admin(req)).await?;
    sync.start(handle, core).await;
    Ok(info)
}

#[tauri::command]
pub async fn login<R: Runtime>(
    handle: AppHandle<R>,
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: Login,
) -> Result<SessionInfo, IpcError> {
    let core = Arc::clone(&app);
    let info = blocking(app, move |a| a.login(req)).await?;
    sync.start(handle, core).await;
    Ok(info)
}

/// Logout and lock (the idle timer too) close the database: the sync task stops with it.
#[tauri::command]
pub async fn logout(app: State<'_, Arc<App>>, sync: State<'_, SyncState>) -> Result<(), IpcError> {
    sync.stop();
    blocking(app, |a| a.logout()).await
}

/// The UI shows its first interactive screen. For start-time benchmarks, the time (Unix ms)
/// is written to `$VONXA_READY_FILE` when that is set; otherwise this does nothing.
#[tauri::command]
pub fn ui_ready() {
    if let Some(path) = std::env::var_os(crate::READY_FILE_ENV) {
        let ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis())
            .unwrap_or_default();
        if let Err(e) = std::fs::write(&path, ms.to_string()) {
            tracing::warn!(error = %e, "cannot write the ready file");
        }
    }
}
