//! A real browser for the province's console: Chromium headless from the Debian packages,
//! driven over WebDriver (chromedriver on a free port) through fantoccini; the waiting helpers
//! are the desktop tests' own (`Page`).

use super::{Page, Result};
use std::process::{Child, Command, Stdio};

pub struct Browser {
    page: Page,
    driver: Child,
}

impl std::ops::Deref for Browser {
    type Target = Page;

    fn deref(&self) -> &Page {
        &self.page
    }
}

impl Browser {
    pub async fn start() -> Result<Browser> {
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let driver = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start chromedriver (apt install chromium-driver): {e}"))?;
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            serde_json::json!({
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                         "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=vi"]
            }),
        );
        let client = super::session(port, caps).await?;
        Ok(Browser {
            page: Page { client },
            driver,
        })
    }

    pub async fn goto(&self, url: &str) -> Result {
        self.client.goto(url).await?;
        Ok(())
    }

    /// Run `script` in the page (its `arguments` are `args`) and return its answer.
    pub async fn run(
        &self,
        script: &str,
        args: Vec<serde_json::Value>,
    ) -> Result<serde_json::Value> {
        Ok(self.client.execute_async(script, args).await?)
    }

    /// End the browser session (Chromium exits), then chromedriver.
    pub async fn close(self) -> Result {
        self.client.clone().close().await?;
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
