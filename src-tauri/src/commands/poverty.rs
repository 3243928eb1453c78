//! The commune's annual poverty list and the newly-escaped outreach list.

use super::blocking;
use crate::sync::SyncState;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn review_poverty_list(
    app: State<'_, Arc<App>>,
    req: PovertyListInput,
) -> Result<PovertyListReview, IpcError> {
    blocking(app, move |a| a.review_poverty_list(req)).await
}

#[tauri::command]
pub async fn apply_poverty_list(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: PovertyListInput,
) -> Result<PovertyListReview, IpcError> {
    let out = blocking(app, move |a| a.apply_poverty_list(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn escaped_without_loan(app: State<'_, Arc<App>>) -> Result<Vec<EscapedRow>, IpcError> {
    blocking(app, move |a| a.escaped_without_loan()).await
}
