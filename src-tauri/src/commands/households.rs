//! Households, persons, memberships and the import.

use super::blocking;
use crate::sync::SyncState;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn search_households(
    app: State<'_, Arc<App>>,
    req: SearchQuery,
) -> Result<HouseholdPage, IpcError> {
    blocking(app, move |a| a.search_households(req)).await
}

#[tauri::command]
pub async fn household_detail(
    app: State<'_, Arc<App>>,
    household_id: String,
) -> Result<HouseholdDetail, IpcError> {
    blocking(app, move |a| a.household_detail(household_id)).await
}

#[tauri::command]
pub async fn save_household(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: HouseholdInput,
) -> Result<HouseholdInfo, IpcError> {
    let out = blocking(app, move |a| a.save_household(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn save_person(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: PersonInput,
) -> Result<PersonInfo, IpcError> {
    let out = blocking(app, move |a| a.save_person(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn save_membership(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: MembershipInput,
) -> Result<MembershipInfo, IpcError> {
    let out = blocking(app, move |a| a.save_membership(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn add_member(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: NewMember,
) -> Result<HouseholdDetail, IpcError> {
    let out = blocking(app, move |a| a.add_member(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn import_households(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: ImportFile,
) -> Result<ImportReport, IpcError> {
    let out = blocking(app, move |a| a.import_households(req)).await?;
    sync.local_write();
    Ok(out)
}
