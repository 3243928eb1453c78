//! Money: the 13/TD, receipts, statements, sessions at the point, savings books, reversals,
//! discrepancies. Writes wake the sync runner.

use super::blocking;
use crate::sync::SyncState;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn collection_sheet(
    app: State<'_, Arc<App>>,
    group_id: String,
    period: String,
) -> Result<CollectionSheetInfo, IpcError> {
    blocking(app, move |a| a.collection_sheet(group_id, period)).await
}

#[tauri::command]
pub async fn record_collection(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: CollectionInput,
) -> Result<CollectionSaved, IpcError> {
    let out = blocking(app, move |a| a.record_collection(req)).await?;
    if !out.receipts.is_empty() {
        sync.local_write();
    }
    Ok(out)
}

#[tauri::command]
pub async fn list_receipts(
    app: State<'_, Arc<App>>,
    req: ReceiptQuery,
) -> Result<Vec<ReceiptInfo>, IpcError> {
    blocking(app, move |a| a.list_receipts(req)).await
}

#[tauri::command]
pub async fn receipt(app: State<'_, Arc<App>>, id: String) -> Result<ReceiptInfo, IpcError> {
    blocking(app, move |a| a.receipt(id)).await
}

#[tauri::command]
pub async fn member_statement(
    app: State<'_, Arc<App>>,
    household_id: String,
) -> Result<StatementInfo, IpcError> {
    blocking(app, move |a| a.member_statement(household_id)).await
}

#[tauri::command]
pub async fn open_cash_session(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: CashSessionInput,
) -> Result<CashSessionInfo, IpcError> {
    let out = blocking(app, move |a| a.open_cash_session(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn list_cash_sessions(
    app: State<'_, Arc<App>>,
) -> Result<Vec<CashSessionInfo>, IpcError> {
    blocking(app, move |a| a.list_cash_sessions()).await
}

#[tauri::command]
pub async fn list_savings_accounts(
    app: State<'_, Arc<App>>,
) -> Result<Vec<SavingsAccountInfo>, IpcError> {
    blocking(app, move |a| a.list_savings_accounts()).await
}

#[tauri::command]
pub async fn cash_session(
    app: State<'_, Arc<App>>,
    id: String,
) -> Result<CashSessionInfo, IpcError> {
    blocking(app, move |a| a.cash_session(id)).await
}

#[tauri::command]
pub async fn hand_over(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: HandoverInput,
) -> Result<HandoverInfo, IpcError> {
    let out = blocking(app, move |a| a.hand_over(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn open_savings_account(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: SavingsAccountInput,
) -> Result<SavingsAccountInfo, IpcError> {
    let out = blocking(app, move |a| a.open_savings_account(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn point_payment(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: PointPaymentInput,
) -> Result<ReceiptInfo, IpcError> {
    let out = blocking(app, move |a| a.point_payment(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn close_cash_session(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: CloseSessionInput,
) -> Result<CashSessionInfo, IpcError> {
    let out = blocking(app, move |a| a.close_cash_session(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn reverse_entry(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: ReverseInput,
) -> Result<ReceiptInfo, IpcError> {
    let out = blocking(app, move |a| a.reverse_entry(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn list_discrepancies(
    app: State<'_, Arc<App>>,
) -> Result<Vec<DiscrepancyInfo>, IpcError> {
    blocking(app, move |a| a.list_discrepancies()).await
}

#[tauri::command]
pub async fn resolve_discrepancy(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: ResolveDiscrepancyRequest,
) -> Result<DiscrepancyInfo, IpcError> {
    let out = blocking(app, move |a| a.resolve_discrepancy(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn export_collection_sheet(
    app: State<'_, Arc<App>>,
    group_id: String,
    period: String,
) -> Result<String, IpcError> {
    blocking(app, move |a| a.export_collection_sheet(group_id, period)).await
}
