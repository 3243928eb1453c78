//! The app's commands, one per user action, grouped by area. Each takes the managed [`App`],
//! runs the use case off the async runtime (SQLCipher and key derivation block) and returns
//! the typed result or the typed error.

pub mod credit;
pub mod funduse;
pub mod households;
pub mod money;
pub mod network;
pub mod poverty;
pub mod print;
pub mod session;
pub mod sync;
pub mod users;
pub mod vetting;

use std::sync::Arc;
use tauri::State;
use vonxa_core::{App, IpcError};

/// Run a blocking use case on the blocking pool.
async fn blocking<T, F>(app: State<'_, Arc<App>>, f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&App) -> Result<T, IpcError> + Send + 'static,
{
    let app = Arc::clone(&app);
    tauri::async_runtime::spawn_blocking(move || f(&app))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "command task failed");
            Err(IpcError::Internal {
                message: "Đã xảy ra lỗi, vui lòng thử lại".into(),
            })
        })
}
