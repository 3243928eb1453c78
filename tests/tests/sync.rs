//! Sync in the real webview, as the administrator of a commune laptop sees it: enrol against a
//! province from the Sync screen, go offline, record a member, come back online and watch it
//! sync without pressing anything. Ignored by plain `cargo test`: scripts/e2e.sh runs it (and
//! sets VONXA_PROVINCE_BIN to the built `vonxa-province`).

mod common;

use common::{App, Result, first_start};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use vonxa_protocol::EnrolRequest;

/// The demo commune's transaction point.
const DEMO_POINT: &str = "51-21361-01";

/// `vonxa-province serve` on a fixed loopback port and SQLite file, as a child process.
struct Province {
    bin: PathBuf,
    db: String,
    listen: String,
    child: Option<Child>,
}

impl Province {
    fn new(dir: &Path) -> Result<Province> {
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
        })
    }

    fn url(&self) -> String {
        format!("http://{}", self.listen)
    }

    fn cli(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        c.args(args).env("VONXA_PROVINCE_DB", &self.db);
        c
    }

    async fn start(&mut self) -> Result {
        let child = self
            .cli(&["serve", "--listen", &self.listen])
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

    fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// A one-time code printed by `vonxa-province enrol`.
    fn code(&self) -> Result<String> {
        let out = self
            .cli(&["enrol", "--points", DEMO_POINT, "--role", "admin"])
            .stderr(Stdio::null())
            .output()?;
        if !out.status.success() {
            return Err("vonxa-province enrol failed".into());
        }
        Ok(String::from_utf8(out.stdout)?.trim().to_owned())
    }

    /// Everything the province serves in the demo point's scope (through a second device).
    async fn pulled_payloads(&self) -> Result<Vec<serde_json::Value>> {
        let client = vonxa_sync::Client::new(&self.url(), None)?;
        let enrolled = client
            .enrol(&EnrolRequest {
                code: self.code()?,
                device_id: vonxa_domain::DeviceId(uuid::Uuid::now_v7()),
                label: "e2e checker".into(),
            })
            .await?;
        let client = vonxa_sync::Client::new(&self.url(), Some(enrolled.token))?;
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

impl Drop for Province {
    fn drop(&mut self) {
        self.stop();
    }
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver, the built app and province: run scripts/e2e.sh"]
async fn enrol_go_offline_record_and_sync_by_itself_when_the_province_is_back() -> Result {
    let dir = tempfile::tempdir()?;
    let mut province = Province::new(dir.path())?;
    province.start().await?;
    let app = App::start().await?;
    let result = flow(&app, &mut province).await;
    if result.is_err()
        && let Ok(dir) = std::env::var("VONXA_E2E_ARTIFACTS")
    {
        let _ = app
            .screenshot(&Path::new(&dir).join("sync-failure.png"))
            .await;
    }
    app.stop().await?;
    result
}

/// Wait (up to `limit`) until the sync indicator is in `state`; returns its text.
async fn indicator(app: &App, state: &str, limit: Duration) -> Result<String> {
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

async fn flow(app: &App, province: &mut Province) -> Result {
    first_start(app).await?;
    app.wait_text("[data-testid=sync-state]", "Chưa đăng ký đồng bộ")
        .await?;

    // Enrol from the Sync screen: a wrong code is refused in Vietnamese, the right one works.
    app.click("[data-testid=nav-sync]").await?;
    app.type_into("#f-endpoint", &province.url()).await?;
    app.type_into("#f-code", "AAAA-BBBB-CCCC").await?;
    app.enter("#f-code").await?;
    app.wait_text("[data-testid=error-code]", "Mã kích hoạt sai")
        .await?;
    app.type_into("#f-code", &province.code()?).await?;
    app.enter("#f-code").await?;
    app.wait_text("[data-testid=sync-enrolled]", &province.url())
        .await?;

    // The demo commune goes up; the indicator says synced, with the time of the last sync.
    let started = Instant::now();
    let text = indicator(app, "synced", Duration::from_secs(60)).await?;
    eprintln!("first sync (demo commune) seen in {:?}", started.elapsed());
    assert!(text.contains("Trực tuyến"), "{text}");
    assert!(text.contains("Đồng bộ lần cuối:"), "{text}");
    assert!(text.contains("Chờ gửi: 0"), "{text}");

    // The province goes away; a member is added: it waits, and the indicator says offline.
    province.stop();
    app.click("[data-testid=nav-points]").await?;
    app.click("[data-testid=groups] tbody tr:nth-child(2) button.link")
        .await?;
    app.click("[data-testid=add-member]").await?;
    app.type_into("#f-fullName", "Hà Thị Đồng Bộ").await?;
    app.type_into("#f-birthDate", "01/03/1985").await?;
    app.type_into("#f-idNumber", "051185009876").await?;
    app.enter("#f-idNumber").await?;
    app.wait_text("[data-testid=members]", "Hà Thị Đồng Bộ")
        .await?;
    let text = indicator(app, "offline", Duration::from_secs(30)).await?;
    assert!(text.contains("Mất kết nối"), "{text}");
    let pending = app
        .wait_text("[data-testid=sync-pending]", "Chờ gửi")
        .await?;
    assert!(!pending.contains("Chờ gửi: 0"), "{pending}");

    // The province is back: without pressing anything, the change goes up.
    province.start().await?;
    let back = Instant::now();
    let text = indicator(app, "synced", Duration::from_secs(60)).await?;
    eprintln!(
        "synced by itself {:?} after the province came back",
        back.elapsed()
    );
    assert!(text.contains("Chờ gửi: 0"), "{text}");
    let payloads = province.pulled_payloads().await?;
    let found = payloads
        .iter()
        .filter(|p| p.get("fullName").and_then(|v| v.as_str()) == Some("Hà Thị Đồng Bộ"))
        .count();
    assert_eq!(found, 1, "the member is at the province exactly once");
    Ok(())
}

/// What `make run` does: the app gets a province URL and a one-time code in its environment
/// and enrols by itself at first start; the indicator then shows the demo commune synced.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver, the built app and province: run scripts/e2e.sh"]
async fn the_app_enrols_from_its_environment_at_first_start() -> Result {
    let dir = tempfile::tempdir()?;
    let mut province = Province::new(dir.path())?;
    province.start().await?;
    let (url, code) = (province.url(), province.code()?);
    let env = [
        ("VONXA_ENROL_URL", url.as_str()),
        ("VONXA_ENROL_CODE", code.as_str()),
    ];
    let app = App::start_with(tempfile::tempdir()?, &env).await?;
    let result = async {
        first_start(&app).await?;
        let text = indicator(&app, "synced", Duration::from_secs(60)).await?;
        assert!(text.contains("Chờ gửi: 0"), "{text}");
        app.click("[data-testid=nav-sync]").await?;
        app.wait_text("[data-testid=sync-enrolled]", &url).await?;
        Result::Ok(())
    }
    .await;
    app.stop().await?;
    result
}

/// Another device edits a household the officer is editing: the app lists the conflict under
/// "Xung đột cần xem lại", the officer keeps their version, and the other device receives it.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver, the built app and province: run scripts/e2e.sh"]
async fn a_conflict_is_shown_and_the_officer_keeps_their_version() -> Result {
    use vonxa_domain::entity::Op;
    use vonxa_domain::reference::Household;
    use vonxa_sync::StoreAccess;

    let dir = tempfile::tempdir()?;
    let mut province = Province::new(dir.path())?;
    province.start().await?;
    let (url, code) = (province.url(), province.code()?);
    let env = [
        ("VONXA_ENROL_URL", url.as_str()),
        ("VONXA_ENROL_CODE", code.as_str()),
    ];
    let app = App::start_with(tempfile::tempdir()?, &env).await?;
    let result = async {
        first_start(&app).await?;
        indicator(&app, "synced", Duration::from_secs(60)).await?;

        // Device B pulls the commune and changes the first household's address.
        let (store, admin) = vonxa_store::Store::create(
            &dir.path().join("b"),
            vonxa_store::users::new_user("b", "Máy B", vonxa_domain::roles::Role::Admin),
            "mat-khau-may-b",
        )?;
        let b: vonxa_sync::SharedStore = std::sync::Arc::new(std::sync::Mutex::new(store));
        vonxa_sync::enrol(&b, &url, &province.code()?, "B").await?;
        vonxa_sync::sync_once(&b, &|_| {}).await?;
        let first = |s: &mut vonxa_store::Store| {
            let mut hs: Vec<Household> = vonxa_store::queries::docs(
                s.connection(),
                "SELECT doc FROM households WHERE customer_code IS NOT NULL ORDER BY id LIMIT 1",
                [],
            )?;
            Ok(hs.pop().expect("a household"))
        };
        let mut h = b.with(first)?;
        let customer = h.customer_code.clone().ok_or("no customer code")?;
        h.address = Some("Đổi ở máy B".into());
        b.with(|s| s.record(&admin, Op::Update, h))?;
        vonxa_sync::sync_once(&b, &|_| {}).await?;

        // The officer edits the same household here: the province reports a conflict.
        app.click("[data-testid=nav-households]").await?;
        app.type_into("[data-testid=search]", &customer).await?;
        app.wait_text("[data-testid=hit-count]", "1 hộ").await?;
        app.wait_text("[data-testid=hits] tbody tr:first-child", &customer)
            .await?;
        app.click("[data-testid=hits] tbody tr:first-child button.link")
            .await?;
        app.client
            .wait()
            .for_element(fantoccini::Locator::XPath(
                "//button[contains(., 'Sửa thông tin hộ')]",
            ))
            .await?
            .click()
            .await?;
        app.type_into("#f-address", "Đổi ở máy này").await?;
        app.enter("#f-address").await?;
        app.wait_text("[data-testid=sync-problems]", "Xung đột: 1")
            .await?;
        app.click("[data-testid=sync-problems]").await?;
        let card = app
            .wait_text("[data-testid=conflict]", "Đổi ở máy B")
            .await?;
        assert!(card.contains("Đổi ở máy này"), "{card}");
        app.click("[data-testid=keep-mine]").await?;
        app.wait_for("[data-testid=no-conflicts]").await?;
        // The pick is a change: the next pass (shortly after it) sends it and clears the count.
        let started = Instant::now();
        loop {
            let text = indicator(&app, "synced", Duration::from_secs(30)).await?;
            if !text.contains("Xung đột") {
                break;
            }
            if started.elapsed() > Duration::from_secs(30) {
                return Err(format!("the conflict count stays: {text}").into());
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }

        // Device B receives the officer's version.
        vonxa_sync::sync_once(&b, &|_| {}).await?;
        let h = b.with(first)?;
        assert_eq!(h.address.as_deref(), Some("Đổi ở máy này"));
        Result::Ok(())
    }
    .await;
    if result.is_err()
        && let Ok(d) = std::env::var("VONXA_E2E_ARTIFACTS")
    {
        let _ = app
            .screenshot(&Path::new(&d).join("conflict-failure.png"))
            .await;
    }
    app.stop().await?;
    result
}
