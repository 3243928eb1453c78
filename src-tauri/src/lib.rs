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

pub use command_list::COMMANDS;

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
    use commands::{
        credit, funduse, households, money, network, poverty, print, session, sync, users, vetting,
    };
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
        .invoke_handler(tauri::generate_handler![
            session::app_status,
            session::create_admin,
            session::login,
            session::logout,
            session::set_language,
            session::set_idle_lock,
            session::ui_ready,
            network::home,
            network::list_points,
            network::group_detail,
            network::form_options,
            households::search_households,
            households::household_detail,
            households::save_household,
            households::save_person,
            households::save_membership,
            households::add_member,
            households::import_households,
            users::list_users,
            users::add_user,
            users::update_user,
            sync::sync_status,
            sync::sync_now,
            sync::sync_settings,
            sync::enrol_device,
            sync::sync_review,
            sync::resolve_conflict,
            credit::programmes,
            credit::list_applications,
            credit::application_detail,
            credit::check_eligibility,
            credit::save_application,
            credit::move_application,
            vetting::meeting_sheet,
            vetting::save_meeting,
            vetting::cancel_meeting,
            vetting::record_decision,
            vetting::proposal_sheet,
            print::print_pdf,
            vetting::export_proposal,
            poverty::review_poverty_list,
            poverty::apply_poverty_list,
            poverty::escaped_without_loan,
            funduse::fund_worklist,
            funduse::fund_check_summary,
            funduse::loan_checks,
            funduse::record_fund_check,
            funduse::attach_photo,
            funduse::read_photo,
            funduse::export_fund_checks,
            money::collection_sheet,
            money::record_collection,
            money::list_receipts,
            money::receipt,
            money::member_statement,
            money::open_cash_session,
            money::cash_session,
            money::list_cash_sessions,
            money::list_savings_accounts,
            money::hand_over,
            money::open_savings_account,
            money::point_payment,
            money::close_cash_session,
            money::reverse_entry,
            money::list_discrepancies,
            money::resolve_discrepancy,
            money::export_collection_sheet,
        ])
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
