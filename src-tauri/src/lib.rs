//! The vonxa desktop shell: builds the Tauri app, finds the data folder, manages the one
//! [`vonxa_core::App`] and registers the commands. No use case logic lives here.

mod command_list;
mod commands;
#[cfg(target_os = "linux")]
mod lean;
mod sync;

use std::path::PathBuf;
use std::sync::Arc;
use tauri::{Manager, Runtime};
use vonxa_core::App;

pub use command_list::{COMMANDS, SIGNATURES, Signature};

/// `tauri::generate_handler!` over every command of the table: the generated ones from
/// `commands::generated`, the hand-written ones from their module.
macro_rules! handlers {
    ($($kind:ident $(($module:ident))? $name:ident ($($arg:ident : $ty:ty),*) -> $ret:ty;)*) => {
        handlers!(@acc [] $($kind $(($module))? $name;)*)
    };
    (@acc [$($p:tt)*]) => { tauri::generate_handler![$($p)*] };
    (@acc [$($p:tt)*] custom ($module:ident) $name:ident; $($rest:tt)*) => {
        handlers!(@acc [$($p)* commands::$module::$name,] $($rest)*)
    };
    (@acc [$($p:tt)*] $kind:ident $name:ident; $($rest:tt)*) => {
        handlers!(@acc [$($p)* commands::generated::$name,] $($rest)*)
    };
}

/// Environment variable that overrides the data folder (tests point it at a temp folder).
pub const DATA_DIR_ENV: &str = "VONXA_DATA_DIR";

/// Environment variable naming a file the app writes when the UI is first interactive.
pub const READY_FILE_ENV: &str = "VONXA_READY_FILE";

/// The data folder: `$VONXA_DATA_DIR`, else the platform's app data folder
/// (`~/.local/share/vn.vbsp.vonxa` on Linux).
fn data_dir<R: Runtime>(app: &tauri::AppHandle<R>) -> tauri::Result<PathBuf> {
    match std::env::var_os(DATA_DIR_ENV) {
        Some(dir) if !dir.is_empty() => Ok(PathBuf::from(dir)),
        _ => app.path().app_data_dir(),
    }
}

/// The app with its state and commands, generic over the runtime so tests can mock it.
pub fn builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder
        .setup(|app| {
            let dir = data_dir(app.handle())?;
            tracing::info!(dir = %dir.display(), "data folder");
            let core = Arc::new(App::new(dir));
            housekeeping(Arc::clone(&core));
            app.manage(core);
            app.manage(crate::sync::SyncState::default());
            #[cfg(target_os = "linux")]
            software_rendering(app);
            Ok(())
        })
        .invoke_handler(command_list::with_commands!(handlers))
}

/// Render the webview without GPU compositing unless `VONXA_GPU=1`. A forms-and-tables UI
/// does not need it, and it costs about 100 MiB in WebKit's web process (measured under Xvfb,
/// see docs/DESKTOP.md); it also sidesteps GPU driver trouble on old commune laptops.
#[cfg(target_os = "linux")]
fn software_rendering<R: Runtime>(app: &tauri::App<R>) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    if std::env::var_os("VONXA_GPU").is_some_and(|v| v == "1") {
        return;
    }
    for window in app.webview_windows().values() {
        let done = window.with_webview(|webview| {
            if let Some(settings) = webview.inner().settings() {
                settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
            }
        });
        if let Err(e) = done {
            tracing::warn!(error = %e, "cannot set the rendering policy");
        }
    }
}

/// Once the user pauses (two seconds after the last command), checkpoint the database and
/// free SQLite's page cache: see [`App::maintain_if_idle`].
fn housekeeping(core: Arc<App>) {
    let spawned = std::thread::Builder::new()
        .name("housekeeping".into())
        .spawn(move || {
            loop {
                std::thread::sleep(std::time::Duration::from_secs(1));
                core.maintain_if_idle(std::time::Duration::from_secs(2));
            }
        });
    if let Err(e) = spawned {
        tracing::warn!(error = %e, "no idle housekeeping");
    }
}

/// Start the desktop app.
pub fn run() {
    #[cfg(target_os = "linux")]
    lean::restart_with_lean_webkit();
    builder(tauri::Builder::default())
        .run(tauri::generate_context!())
        .expect("error while running vonxa");
}
