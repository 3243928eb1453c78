//! The group meeting (10/TD).

use super::blocking;
use crate::sync::SyncState;
use std::sync::Arc;
use tauri::State;
use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

#[tauri::command]
pub async fn meeting_sheet(
    app: State<'_, Arc<App>>,
    group_id: String,
) -> Result<MeetingSheet, IpcError> {
    blocking(app, move |a| a.meeting_sheet(group_id)).await
}

#[tauri::command]
pub async fn save_meeting(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: MeetingInput,
) -> Result<MeetingInfo, IpcError> {
    let out = blocking(app, move |a| a.save_meeting(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn cancel_meeting(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: CancelMeeting,
) -> Result<MeetingInfo, IpcError> {
    let out = blocking(app, move |a| a.cancel_meeting(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn record_decision(
    app: State<'_, Arc<App>>,
    sync: State<'_, SyncState>,
    req: DecisionInput,
) -> Result<MeetingInfo, IpcError> {
    let out = blocking(app, move |a| a.record_decision(req)).await?;
    sync.local_write();
    Ok(out)
}

#[tauri::command]
pub async fn proposal_sheet(
    app: State<'_, Arc<App>>,
    meeting_id: String,
) -> Result<ProposalSheet, IpcError> {
    blocking(app, move |a| a.proposal_sheet(meeting_id)).await
}

#[tauri::command]
pub async fn export_proposal(
    app: State<'_, Arc<App>>,
    meeting_id: String,
) -> Result<String, IpcError> {
    blocking(app, move |a| a.export_proposal(meeting_id)).await
}
