//! Declares the app's commands so each one needs an explicit permission in capabilities/.
fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(vonxa_commands::COMMANDS)),
    )
    .expect("tauri build script");
}

#[path = "src/command_list.rs"]
mod vonxa_commands;
