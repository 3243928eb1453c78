//! The harness for real-webview tests: tauri-driver (which starts WebKitWebDriver, which
//! starts the app) on free ports, with the app's data folder pointed at a temp folder, and a
//! fantoccini client with helpers that wait for what the user sees.
//!
//! Needs: `DISPLAY` (an X server, e.g. Xvfb), `tauri-driver` on `PATH`, and
//! `VONXA_APP_BIN` = the app binary built with the `custom-protocol` feature. scripts/e2e.sh
//! provides all three.
#![allow(dead_code)]

pub mod browser;
pub mod device;
pub mod province;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// How long to wait for something to appear before failing.
pub const PATIENCE: Duration = Duration::from_secs(20);

/// A WebDriver session with the driver listening on `port`, retried while it starts.
pub async fn session(
    port: u16,
    caps: serde_json::Map<String, serde_json::Value>,
) -> Result<Client> {
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    loop {
        match ClientBuilder::native()
            .capabilities(caps.clone())
            .connect(&url)
            .await
        {
            Ok(c) => return Ok(c),
            Err(e) if started.elapsed() > PATIENCE => {
                return Err(format!("no WebDriver session at {url}: {e}").into());
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
        }
    }
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// One running app with its own data folder. Dropping it stops tauri-driver with SIGTERM
/// (which stops WebKitWebDriver and the app) and removes the data folder.
pub struct App {
    page: Page,
    driver: Child,
    data: Option<TempDir>,
}

/// What a test does in a window, through a WebDriver session, waiting for what the user sees:
/// the desktop app's webview (`App`) and the province's console in Chromium
/// (`browser::Browser`) both deref to it.
pub struct Page {
    pub client: Client,
}

impl std::ops::Deref for App {
    type Target = Page;

    fn deref(&self) -> &Page {
        &self.page
    }
}

impl App {
    pub async fn start() -> Result<App> {
        App::start_in(tempfile::tempdir()?).await
    }

    /// Start on an existing folder (a restart of the app on the same device).
    pub async fn start_in(data: TempDir) -> Result<App> {
        App::start_with(data, &[]).await
    }

    /// Start on `data` with extra environment for the app (e.g. `make run`'s enrolment).
    pub async fn start_with(data: TempDir, env: &[(&str, &str)]) -> Result<App> {
        let bin = std::env::var("VONXA_APP_BIN")
            .map_err(|_| "VONXA_APP_BIN is not set: run scripts/e2e.sh")?;
        let (port, native) = (free_port()?, free_port()?);
        let driver = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .env("VONXA_DATA_DIR", data.path().join("data"))
            // WebKit keeps localStorage (form drafts) under XDG_DATA_HOME: one per test too.
            .env("XDG_DATA_HOME", data.path().join("xdg-data"))
            .env("XDG_CACHE_HOME", data.path().join("xdg-cache"))
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start tauri-driver: {e}"))?;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": bin }),
        );
        caps.insert("browserName".into(), "wry".into());
        let client = session(port, caps).await?;
        let app = App {
            page: Page { client },
            driver,
            data: Some(data),
        };
        app.wait_for("body[data-ready='1']").await?;
        Ok(app)
    }

    /// End the session and stop the driver.
    pub async fn stop(mut self) -> Result {
        let client = self.client.clone();
        client.close().await?;
        self.terminate();
        Ok(())
    }

    /// Close the window and stop the driver, keeping the data folder for a restart.
    pub async fn close_keeping_data(mut self) -> Result<TempDir> {
        let data = self.data.take().ok_or("no data folder")?;
        self.stop().await?;
        Ok(data)
    }

    fn terminate(&mut self) {
        // SIGTERM lets tauri-driver stop WebKitWebDriver (SIGKILL would orphan it).
        let _ = Command::new("kill")
            .args(["-TERM", &self.driver.id().to_string()])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.driver.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Drop for App {
    fn drop(&mut self) {
        self.terminate();
    }
}

pub const ADMIN_PW: &str = "mat-khau-quan-tri";

/// First start through the UI: the administrator and the demo commune; ends on the home screen.
pub async fn first_start(app: &App) -> Result {
    app.wait_text("[data-testid=setup-form]", "Thiết lập lần đầu")
        .await?;
    app.type_into("#f-displayName", "Nguyễn Văn Quản").await?;
    app.type_into("#f-username", "admin").await?;
    app.type_into("#f-password", ADMIN_PW).await?;
    app.type_into("#f-confirm", ADMIN_PW).await?;
    app.enter("#f-confirm").await?;
    app.wait_text("[data-testid=home-point]", "Minh Long")
        .await?;
    Ok(())
}

/// On a failed flow, a picture of the window into $VONXA_E2E_ARTIFACTS/<name>.png.
pub async fn keep_failure(app: &App, result: &Result, name: &str) {
    if result.is_err()
        && let Ok(dir) = std::env::var("VONXA_E2E_ARTIFACTS")
    {
        let _ = app
            .screenshot(&std::path::Path::new(&dir).join(format!("{name}.png")))
            .await;
    }
}

impl Page {
    pub async fn find(&self, css: &str) -> Result<Element> {
        Ok(self.client.find(Locator::Css(css)).await?)
    }

    /// Wait until an element matching `css` exists.
    pub async fn wait_for(&self, css: &str) -> Result<Element> {
        Ok(self
            .client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("waiting for {css}: {e}"))?)
    }

    /// Wait until the element matching `css` shows a text containing `needle`; returns it.
    pub async fn wait_text(&self, css: &str, needle: &str) -> Result<String> {
        let started = Instant::now();
        let mut last = String::new();
        while started.elapsed() < PATIENCE {
            if let Ok(el) = self.client.find(Locator::Css(css)).await
                && let Ok(text) = el.text().await
            {
                if text.contains(needle) {
                    return Ok(text);
                }
                last = text;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        Err(format!("{css} never showed {needle:?}; last text: {last:?}").into())
    }

    /// The visible text of the whole page.
    pub async fn page_text(&self) -> Result<String> {
        Ok(self.find("body").await?.text().await?)
    }

    /// Replace the value of the input matching `css` with `text`, as typed.
    pub async fn type_into(&self, css: &str, text: &str) -> Result {
        let el = self.wait_for(css).await?;
        if text.is_empty() {
            // Emptied as a person does, key by key: WebDriver's clear() fires no `input`
            // event, so the page would never learn of it.
            let n = el.prop("value").await?.map_or(0, |v| v.chars().count());
            el.send_keys(&"\u{E003}".repeat(n)).await?;
            return Ok(());
        }
        el.clear().await?;
        el.send_keys(text).await?;
        Ok(())
    }

    /// Press Enter in the field matching `css` (forms save on Enter).
    pub async fn enter(&self, css: &str) -> Result {
        // Return (U+E006) is the main keyboard's Enter key; WebKit ignores Enter (U+E007) here.
        let key: char = fantoccini::key::Key::Return.into();
        self.find(css).await?.send_keys(&key.to_string()).await?;
        Ok(())
    }

    /// Keys pressed where the focus is, as a person at the keyboard does (no element is
    /// picked; "\u{E004}" is Tab, "\u{E006}" Return).
    pub async fn keys(&self, keys: &str) -> Result {
        self.client.active_element().await?.send_keys(keys).await?;
        Ok(())
    }

    /// Does the focused element match `css`?
    pub async fn focus_is(&self, css: &str) -> Result<bool> {
        let v = self
            .client
            .execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0]);",
                vec![serde_json::json!(css)],
            )
            .await?;
        Ok(v.as_bool().unwrap_or(false))
    }

    /// Press Tab (Shift+Tab with `back`) until the focus is on `css`; fails after 80 presses,
    /// so a control the keyboard cannot reach fails the test.
    pub async fn tab_to(&self, css: &str, back: bool) -> Result {
        let key = if back { "\u{E008}\u{E004}" } else { "\u{E004}" };
        for _ in 0..80 {
            if self.focus_is(css).await? {
                return Ok(());
            }
            self.keys(key).await?;
        }
        Err(format!("{css} is not reachable with the keyboard").into())
    }

    pub async fn click(&self, css: &str) -> Result {
        self.wait_for(css).await?.click().await?;
        Ok(())
    }

    /// Choose the option with `value` in the select matching `css`.
    pub async fn select(&self, css: &str, value: &str) -> Result {
        self.wait_for(css).await?.select_by_value(value).await?;
        Ok(())
    }

    /// Pick the `n`-th option (1-based) of the select matching `css`; returns its text.
    pub async fn select_nth(&self, css: &str, n: usize) -> Result<String> {
        let option = self.find(&format!("{css} option:nth-child({n})")).await?;
        let (value, text) = (option.attr("value").await?, option.text().await?);
        self.select(css, &value.ok_or("an option's value")?).await?;
        Ok(text)
    }

    /// Texts of all elements matching `css`.
    pub async fn texts(&self, css: &str) -> Result<Vec<String>> {
        let mut out = Vec::new();
        for el in self.client.find_all(Locator::Css(css)).await? {
            out.push(el.text().await?);
        }
        Ok(out)
    }

    /// A PNG of the window. Bounded in time: WebKit's snapshot can hang when the webview
    /// renders without GPU compositing (scripts/e2e.sh sets VONXA_GPU=1 for screenshots).
    pub async fn screenshot(&self, path: &std::path::Path) -> Result {
        let png = tokio::time::timeout(Duration::from_secs(10), self.client.screenshot())
            .await
            .map_err(|_| "the screenshot timed out")??;
        std::fs::write(path, png)?;
        Ok(())
    }
}
