//! A provincial endpoint for real-webview tests: `vonxa-province serve` as a child process on a
//! loopback port with its own SQLite file, its CLI, and a second device's view of what it serves.

use super::{App, Result};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vonxa_protocol::EnrolRequest;

/// The demo commune's transaction point.
pub const DEMO_POINT: &str = "51-21361-01";

/// `vonxa-province serve` on a fixed loopback port and SQLite file, as a child process.
pub struct Province {
    bin: PathBuf,
    db: String,
    listen: String,
    child: Option<Child>,
    /// `serve --demo-loans`, as `make run`'s local province.
    demo_loans: bool,
}

impl Province {
    pub fn new(dir: &Path) -> Result<Province> {
        let bin = std::env::var("VONXA_PROVINCE_BIN")
            .map_err(|_| "VONXA_PROVINCE_BIN is not set: run scripts/e2e.sh")?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        Ok(Province {
            bin: bin.into(),
            db: format!("sqlite:{}", dir.join("province.db").display()),
            listen: format!("127.0.0.1:{port}"),
            child: None,
            demo_loans: false,
        })
    }

    /// A province that disburses the demo commune's loans, as `make run`'s does.
    pub fn with_demo_loans(mut self) -> Province {
        self.demo_loans = true;
        self
    }

    pub fn url(&self) -> String {
        format!("http://{}", self.listen)
    }

    pub fn cli(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        c.args(args).env("VONXA_PROVINCE_DB", &self.db);
        c
    }

    pub async fn start(&mut self) -> Result {
        // The province holds its network (the demo's office and organisations) before any
        // device syncs; importing it again only adds versions.
        let refs = concat!(env!("CARGO_MANIFEST_DIR"), "/../data/demo-reference.json");
        let imported = self.cli(&["import", refs]).stdout(Stdio::null()).status()?;
        if !imported.success() {
            return Err("vonxa-province import of the demo reference failed".into());
        }
        let mut args = vec!["serve", "--listen", &self.listen];
        if self.demo_loans {
            args.push("--demo-loans");
        }
        let child = self
            .cli(&args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()?;
        self.child = Some(child);
        let started = Instant::now();
        while std::net::TcpStream::connect(&self.listen).is_err() {
            if started.elapsed() > Duration::from_secs(10) {
                return Err("the province did not start".into());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// A one-time code printed by `vonxa-province enrol`.
    pub fn code(&self) -> Result<String> {
        let out = self
            .cli(&["enrol", "--points", DEMO_POINT, "--role", "admin"])
            .stderr(Stdio::null())
            .output()?;
        if !out.status.success() {
            return Err("vonxa-province enrol failed".into());
        }
        Ok(String::from_utf8(out.stdout)?.trim().to_owned())
    }

    /// A second device of the demo point (an administrator's), to see what the province holds.
    pub async fn checker(&self) -> Result<vonxa_sync::Client> {
        let client = vonxa_sync::Client::new(&self.url(), None)?;
        let enrolled = client
            .enrol(&EnrolRequest {
                code: self.code()?,
                device_id: vonxa_domain::DeviceId(uuid::Uuid::now_v7()),
                label: "e2e checker".into(),
            })
            .await?;
        Ok(vonxa_sync::Client::new(&self.url(), Some(enrolled.token))?)
    }

    /// Everything the province serves in the demo point's scope (through a second device).
    pub async fn pulled_payloads(&self) -> Result<Vec<serde_json::Value>> {
        let client = self.checker().await?;
        let (mut after, mut out) = (0, Vec::new());
        loop {
            let page = client.pull(after, 5_000).await?;
            out.extend(page.changes.into_iter().map(|c| c.payload));
            after = page.next;
            if !page.more {
                return Ok(out);
            }
        }
    }
}

/// An app that enrols with `province` by itself at first start (as `make run` sets it up).
pub async fn enrolled_app(province: &Province) -> Result<App> {
    let (url, code) = (province.url(), province.code()?);
    let env = [
        ("VONXA_ENROL_URL", url.as_str()),
        ("VONXA_ENROL_CODE", code.as_str()),
    ];
    App::start_with(tempfile::tempdir()?, &env).await
}

impl Drop for Province {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Wait (up to `limit`) until the sync indicator is in `state`; returns its text.
pub async fn indicator(app: &App, state: &str, limit: Duration) -> Result<String> {
    let css = format!("[data-testid=sync-indicator][data-state={state}]");
    let started = Instant::now();
    while started.elapsed() < limit {
        if let Ok(el) = app.find(&css).await {
            return Ok(el.text().await?);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let now = app
        .find("[data-testid=sync-indicator]")
        .await?
        .text()
        .await?;
    Err(format!("the indicator never showed {state}; it shows {now:?}").into())
}
