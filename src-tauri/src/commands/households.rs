//! Households, persons, memberships and the import.

use super::blocking;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn search_households(
    app: State<'_, Arc<App>>,
    req: SearchQuery,
) -> Result<Vec<HouseholdHit>, IpcError> {
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
    req: HouseholdInput,
) -> Result<HouseholdInfo, IpcError> {
    blocking(app, move |a| a.save_household(req)).await
}

#[tauri::command]
pub async fn save_person(
    app: State<'_, Arc<App>>,
    req: PersonInput,
) -> Result<PersonInfo, IpcError> {
    blocking(app, move |a| a.save_person(req)).await
}

#[tauri::command]
pub async fn save_membership(
    app: State<'_, Arc<App>>,
    req: MembershipInput,
) -> Result<MembershipInfo, IpcError> {
    blocking(app, move |a| a.save_membership(req)).await
}

#[tauri::command]
pub async fn add_member(
    app: State<'_, Arc<App>>,
    req: NewMember,
) -> Result<HouseholdDetail, IpcError> {
    blocking(app, move |a| a.add_member(req)).await
}

#[tauri::command]
pub async fn import_households(
    app: State<'_, Arc<App>>,
    req: ImportFile,
) -> Result<ImportReport, IpcError> {
    blocking(app, move |a| a.import_households(req)).await
}
