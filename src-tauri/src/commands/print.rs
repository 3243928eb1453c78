//! Print the page shown (a 03/TD list, meeting minutes) to an A4 PDF file, without a dialog:
//! WebKit's own print operation to GTK's "Print to File" printer. The file goes to the
//! `exports` folder beside the database; the answer is its path.

use std::path::PathBuf;
use std::sync::Arc;
use tauri::{Manager, Runtime, WebviewWindow};
use vonxa_core::{App, IpcError, Msg};

/// The failure logged with its cause, answered in the user's words.
fn failed<R: Runtime>(window: &WebviewWindow<R>, cause: impl std::fmt::Display) -> IpcError {
    tracing::error!(%cause, "print to PDF failed");
    window.state::<Arc<App>>().failure(Msg::PrintFailed)
}

/// A file name the officer can read: letters, digits and dashes only.
fn safe_name(name: &str) -> String {
    let clean: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if clean.trim_matches('-').is_empty() {
        "vonxa".into()
    } else {
        clean
    }
}

#[tauri::command]
pub async fn print_pdf<R: Runtime>(
    window: WebviewWindow<R>,
    name: String,
) -> Result<String, IpcError> {
    let dir = crate::data_dir(window.app_handle())
        .map_err(|e| failed(&window, e))?
        .join("exports");
    std::fs::create_dir_all(&dir).map_err(|e| failed(&window, e))?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let path: PathBuf = dir.join(format!("{}-{stamp}.pdf", safe_name(&name)));
    let (tx, rx) = tokio::sync::oneshot::channel::<Result<(), String>>();
    let uri = format!("file://{}", path.display());
    print_to(&window, uri, tx).map_err(|e| failed(&window, e))?;
    match rx.await {
        Ok(Ok(())) => Ok(path.display().to_string()),
        Ok(Err(e)) => Err(failed(&window, e)),
        Err(e) => Err(failed(&window, e)),
    }
}

#[cfg(target_os = "linux")]
fn print_to<R: Runtime>(
    window: &WebviewWindow<R>,
    uri: String,
    tx: tokio::sync::oneshot::Sender<Result<(), String>>,
) -> Result<(), String> {
    use std::sync::Mutex;
    use webkit2gtk::PrintOperationExt;
    let tx = Arc::new(Mutex::new(Some(tx)));
    window
        .with_webview(move |webview| {
            let settings = gtk::PrintSettings::new();
            settings.set_printer("Print to File");
            settings.set(gtk::PRINT_SETTINGS_OUTPUT_URI, Some(&uri));
            settings.set(gtk::PRINT_SETTINGS_OUTPUT_FILE_FORMAT, Some("pdf"));
            let setup = gtk::PageSetup::new();
            setup.set_paper_size(&gtk::PaperSize::new(Some("iso_a4")));
            let op = webkit2gtk::PrintOperation::new(&webview.inner());
            op.set_print_settings(&settings);
            op.set_page_setup(&setup);
            let done = Arc::clone(&tx);
            op.connect_finished(move |_| {
                if let Some(t) = done.lock().ok().and_then(|mut t| t.take()) {
                    let _ = t.send(Ok(()));
                }
            });
            let fail = Arc::clone(&tx);
            op.connect_failed(move |_, e| {
                if let Some(t) = fail.lock().ok().and_then(|mut t| t.take()) {
                    let _ = t.send(Err(e.to_string()));
                }
            });
            op.print();
        })
        .map_err(|e| e.to_string())
}

#[cfg(not(target_os = "linux"))]
fn print_to<R: Runtime>(
    _window: &WebviewWindow<R>,
    _uri: String,
    _tx: tokio::sync::oneshot::Sender<Result<(), String>>,
) -> Result<(), String> {
    Err("printing to PDF is implemented for Linux".into())
}
