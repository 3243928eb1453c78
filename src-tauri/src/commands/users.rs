//! Users and roles (administrators only; the use cases check).

use super::blocking;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::{NewUser, UserInfo, UserUpdate};
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn list_users(app: State<'_, Arc<App>>) -> Result<Vec<UserInfo>, IpcError> {
    blocking(app, |a| a.list_users()).await
}

#[tauri::command]
pub async fn add_user(app: State<'_, Arc<App>>, req: NewUser) -> Result<UserInfo, IpcError> {
    blocking(app, move |a| a.add_user(req)).await
}

#[tauri::command]
pub async fn update_user(app: State<'_, Arc<App>>, req: UserUpdate) -> Result<UserInfo, IpcError> {
    blocking(app, move |a| a.update_user(req)).await
}
