//! Start, login, lock and language.

use super::blocking;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::{AppStatus, CreateAdmin, Lang, Login, SessionInfo, UserInfo};
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn app_status(app: State<'_, Arc<App>>) -> Result<AppStatus, IpcError> {
    blocking(app, |a| a.status()).await
}

#[tauri::command]
pub async fn create_admin(
    app: State<'_, Arc<App>>,
    req: CreateAdmin,
) -> Result<SessionInfo, IpcError> {
    blocking(app, move |a| a.create_admin(req)).await
}

#[tauri::command]
pub async fn login(app: State<'_, Arc<App>>, req: Login) -> Result<SessionInfo, IpcError> {
    blocking(app, move |a| a.login(req)).await
}

#[tauri::command]
pub async fn logout(app: State<'_, Arc<App>>) -> Result<(), IpcError> {
    blocking(app, |a| a.logout()).await
}

#[tauri::command]
pub async fn set_language(app: State<'_, Arc<App>>, lang: Lang) -> Result<UserInfo, IpcError> {
    blocking(app, move |a| a.set_language(lang)).await
}
