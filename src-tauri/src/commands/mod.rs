//! The app's commands, one per user action. The `read` and `write` ones are generated from the
//! table in `command_list.rs` (module `generated`); the few that need the window, the app
//! handle or the sync task are written by hand in `print`, `session` and `sync`. Each runs its
//! use case off the async runtime (SQLCipher and key derivation block) inside a `command` span
//! that names it, and returns the typed result or the typed error.

pub mod print;
pub mod session;
pub mod sync;

use std::sync::Arc;
use std::time::Instant;
use tauri::State;
use tracing::Instrument;
use vonxa_core::{App, IpcError, Msg};

/// Run a blocking use case on the blocking pool, in the caller's span.
async fn blocking<T, F>(app: State<'_, Arc<App>>, f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&App) -> Result<T, IpcError> + Send + 'static,
{
    let app = Arc::clone(&app);
    let core = Arc::clone(&app);
    let span = tracing::Span::current();
    tauri::async_runtime::spawn_blocking(move || span.in_scope(|| f(&app)))
        .await
        .unwrap_or_else(|e| {
            tracing::error!(error = %e, "command task failed");
            Err(core.failure(Msg::Internal))
        })
}

/// A command's use case in a span named for it, with how long it took and how it ended (the
/// error's kind, never its fields' values: those may be a person's name or ID number).
async fn run<T, F>(name: &'static str, app: State<'_, Arc<App>>, f: F) -> Result<T, IpcError>
where
    T: Send + 'static,
    F: FnOnce(&App) -> Result<T, IpcError> + Send + 'static,
{
    let span = tracing::info_span!("command", name);
    let started = Instant::now();
    let out = blocking(app, f).instrument(span.clone()).await;
    let ms = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    span.in_scope(|| match &out {
        Ok(_) => tracing::debug!(ms, "done"),
        Err(e) => tracing::info!(ms, refused = e.kind(), "refused"),
    });
    out
}

macro_rules! define_commands {
    ($($kind:ident $(($module:ident))? $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty;)*) => {
        $( define_commands!(@one $kind $name ($($arg : $ty),*) -> $ret); )*
    };
    (@one read $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty) => {
        #[tauri::command]
        pub async fn $name(app: State<'_, Arc<App>>, $($arg: $ty),*) -> Result<$ret, IpcError> {
            super::run(stringify!($name), app, move |a| a.$name($($arg),*)).await
        }
    };
    (@one write $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty) => {
        #[tauri::command]
        pub async fn $name(
            app: State<'_, Arc<App>>,
            sync: State<'_, SyncState>,
            $($arg: $ty),*
        ) -> Result<$ret, IpcError> {
            let out = super::run(stringify!($name), app, move |a| a.$name($($arg),*)).await?;
            sync.local_write();
            Ok(out)
        }
    };
    (@one custom $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty) => {};
}

/// The `read` and `write` commands of the table.
pub mod generated {
    use crate::sync::SyncState;
    use std::sync::Arc;
    use tauri::State;
    use vonxa_core::contract::*;
    use vonxa_core::{App, IpcError};

    crate::command_list::with_commands!(define_commands);
}
