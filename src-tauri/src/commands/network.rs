//! Home, points and groups.

use super::blocking;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::{FormOptions, GroupDetail, HomeSummary, PointNode};
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn home(app: State<'_, Arc<App>>) -> Result<HomeSummary, IpcError> {
    blocking(app, |a| a.home()).await
}

#[tauri::command]
pub async fn list_points(app: State<'_, Arc<App>>) -> Result<Vec<PointNode>, IpcError> {
    blocking(app, |a| a.list_points()).await
}

#[tauri::command]
pub async fn group_detail(
    app: State<'_, Arc<App>>,
    group_id: String,
) -> Result<GroupDetail, IpcError> {
    blocking(app, move |a| a.group_detail(group_id)).await
}

#[tauri::command]
pub async fn form_options(app: State<'_, Arc<App>>) -> Result<FormOptions, IpcError> {
    blocking(app, |a| a.form_options()).await
}
