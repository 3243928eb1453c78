// Prevents an extra console window on Windows in release; a no-op on Linux.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    vonxa_app_lib::run();
}
