//! Shared set-up for the use-case tests: the app on a temporary data folder, after its first
//! start (the administrator created, with or without the demo commune).
#![allow(dead_code)]

use std::path::Path;
use tempfile::TempDir;
use vonxa_core::App;
use vonxa_core::contract::CreateAdmin;

pub const PW: &str = "mat-khau-quan-tri";

/// Errors the app logs (an `Internal` answer's cause) go to the test's output.
fn log_to_test_output() {
    let _ = tracing_subscriber::fmt()
        .with_test_writer()
        .with_max_level(tracing::Level::WARN)
        .try_init();
}

/// The app with its data in `dir/data`, first start done.
pub fn started_in(dir: &Path, demo: bool) -> App {
    log_to_test_output();
    let app = App::new(dir.join("data"));
    app.create_admin(CreateAdmin {
        username: "admin".into(),
        display_name: "Nguyễn Văn Quản".into(),
        password: PW.into(),
        confirm: None,
        load_demo: demo,
    })
    .expect("first start");
    app
}

/// The app in a fresh temporary folder, first start done.
pub fn started(demo: bool) -> (TempDir, App) {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = started_in(dir.path(), demo);
    (dir, app)
}
