//! Print the page shown (a 03/TD list, meeting minutes) to an A4 PDF file, without a dialog:
//! WebKit's own print operation to GTK's "Print to File" printer. The file goes to the
//! `exports` folder beside the database; the answer is its path.

use std::path::PathBuf;
use tauri::{Manager, Runtime, WebviewWindow};
use vonxa_core::IpcError;

fn failed(message: impl std::fmt::Display) -> IpcError {
    tracing::error!(%message, "print to PDF failed");
    IpcError::Internal {
        message: "Không in được ra tệp PDF".into(),
    }
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
        .map_err(failed)?
        .join("exports");
    std::fs::create_dir_all(&dir).map_err(failed)?;
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let path: PathBuf = dir.join(format!("{}-{stamp}.pdf", safe_name(&name)));
    let (tx, rx) = tokio::sync::oneshot::channel::<Result<(), String>>();
    let uri = format!("file://{}", path.display());
    print_to(&window, uri, tx)?;
    match rx.await {
        Ok(Ok(())) => Ok(path.display().to_string()),
        Ok(Err(e)) => Err(failed(e)),
        Err(e) => Err(failed(e)),
    }
}

#[cfg(target_os = "linux")]
fn print_to<R: Runtime>(
    window: &WebviewWindow<R>,
    uri: String,
    tx: tokio::sync::oneshot::Sender<Result<(), String>>,
) -> Result<(), IpcError> {
    use std::sync::{Arc, Mutex};
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
        .map_err(failed)
}

#[cfg(not(target_os = "linux"))]
fn print_to<R: Runtime>(
    _window: &WebviewWindow<R>,
    _uri: String,
    _tx: tokio::sync::oneshot::Sender<Result<(), String>>,
) -> Result<(), IpcError> {
    Err(failed("printing to PDF is implemented for Linux"))
}
