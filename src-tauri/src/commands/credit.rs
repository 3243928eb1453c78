//! Programmes and loan applications (01/TD).

use super::blocking;
use crate::sync::SyncState;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn programmes(app: State<'_, Arc<App>>) -> Result<Vec<ProgrammeInfo>, IpcError> {
    blocking(app, |a| a.programmes()).await
}

#[tauri::command]
pub async fn list_applications(
    app: State<'_, Arc<App>>,
    status: Option<String>,
) -> Result<Vec<ApplicationInfo>, IpcError> {
    blocking(app, move |a| a.list_applications(status)).await
}

#[tauri::command]
pub async fn application_detail(
    app: State<'_, Arc<App>>,
    id: String,
) -> Result<ApplicationDetail, IpcError> {
    blocking(app, move |a| a.application_detail(id)).await
}

#[tauri::command]
pub async fn check_eligibility(
    app: State<'_, Arc<App>>,
    req: ApplicationInput,
) -> Result<EligibilityCheck, IpcError> {
    blocking(app, move |a| a.check_eligibility(req)).await
}

#[tauri::command]
pub async fn save_application(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: ApplicationInput,
) -> Result<ApplicationDetail, IpcError> {
    let out = blocking(app, move |a| a.save_application(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn move_application(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: MoveApplication,
) -> Result<ApplicationDetail, IpcError> {
    let out = blocking(app, move |a| a.move_application(req)).await?;
    sync.local_write();
    Ok(out)
}
