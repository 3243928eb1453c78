//! Fund-use checks (06/TD).

use super::blocking;
use crate::sync::SyncState;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn fund_worklist(
    app: State<'_, Arc<App>>,
    req: WorkQuery,
) -> Result<Vec<WorkRow>, IpcError> {
    blocking(app, move |a| a.fund_worklist(req)).await
}

#[tauri::command]
pub async fn fund_check_summary(app: State<'_, Arc<App>>) -> Result<FundCheckSummary, IpcError> {
    blocking(app, |a| a.fund_check_summary()).await
}

#[tauri::command]
pub async fn loan_checks(
    app: State<'_, Arc<App>>,
    loan_id: String,
) -> Result<LoanChecks, IpcError> {
    blocking(app, move |a| a.loan_checks(loan_id)).await
}

#[tauri::command]
pub async fn record_fund_check(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: FundCheckInput,
) -> Result<FundCheckInfo, IpcError> {
    let out = blocking(app, move |a| a.record_fund_check(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn attach_photo(app: State<'_, Arc<App>>, req: ImportFile) -> Result<String, IpcError> {
    blocking(app, move |a| a.attach_photo(req)).await
}

#[tauri::command]
pub async fn read_photo(app: State<'_, Arc<App>>, hash: String) -> Result<PhotoData, IpcError> {
    blocking(app, move |a| a.read_photo(hash)).await
}

#[tauri::command]
pub async fn export_fund_checks(
    app: State<'_, Arc<App>>,
    req: ExportChecks,
) -> Result<String, IpcError> {
    blocking(app, move |a| a.export_fund_checks(req)).await
}
