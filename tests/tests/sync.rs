//! Sync in the real webview, as the administrator of a commune laptop sees it: enrol against a
//! province from the Sync screen, go offline, record a member, come back online and watch it
//! sync without pressing anything. Ignored by plain `cargo test`: scripts/e2e.sh runs it (and
//! sets VONXA_PROVINCE_BIN to the built `vonxa-province`).

mod common;

use common::province::{Province, enrolled_app, indicator};
use common::{App, Result, first_start, keep_failure};
use std::time::{Duration, Instant};

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver, the built app and province: run scripts/e2e.sh"]
async fn enrol_go_offline_record_and_sync_by_itself_when_the_province_is_back() -> Result {
    let dir = tempfile::tempdir()?;
    let mut province = Province::new(dir.path())?;
    province.start().await?;
    let app = App::start().await?;
    let result = flow(&app, &mut province).await;
    keep_failure(&app, &result, "sync-failure").await;
    app.stop().await?;
    result
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
/// and enrols by itself at first start; the indicator then shows the demo commune synced and
/// what the pass did; the Sync screen hides the enrolment form until asked for it.
#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver, the built app and province: run scripts/e2e.sh"]
async fn the_app_enrols_from_its_environment_at_first_start() -> Result {
    let dir = tempfile::tempdir()?;
    let mut province = Province::new(dir.path())?;
    province.start().await?;
    let app = enrolled_app(&province).await?;
    let result = async {
        first_start(&app).await?;
        let text = indicator(&app, "synced", Duration::from_secs(60)).await?;
        assert!(text.contains("Chờ gửi: 0"), "{text}");
        // The pass says what it did: the demo commune sent, nothing refused.
        let result = app
            .wait_text("[data-testid=sync-result]", "bị từ chối 0")
            .await?;
        assert!(!result.contains("gửi 0 "), "{result}");
        app.click("[data-testid=nav-sync]").await?;
        app.wait_text("[data-testid=sync-enrolled]", &province.url())
            .await?;
        // Enrolled: no enrolment form until asked for one.
        assert!(
            app.texts("[data-testid=enrol-form]").await?.is_empty(),
            "no form"
        );
        app.click("[data-testid=re-enrol]").await?;
        app.wait_for("[data-testid=enrol-form] #f-code").await?;
        // "Đồng bộ ngay" answers with the new pass's result.
        app.click("[data-testid=sync-now]").await?;
        app.wait_text("[data-testid=sync-result]", "gửi 0 · nhận 0 · bị từ chối 0")
            .await?;
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
    let app = enrolled_app(&province).await?;
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
        vonxa_sync::enrol(&b, &province.url(), &province.code()?, "B").await?;
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
    keep_failure(&app, &result, "conflict-failure").await;
    app.stop().await?;
    result
}
