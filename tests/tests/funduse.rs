//! Fund-use checks (06/TD) in the real webview: loans disbursed at the province reach the
//! laptop; offline, the officer finds an overdue loan on the worklist, records a check with a
//! photo and a finding of misuse; back online, the check, its flag and its photo are at the
//! province. Ignored by plain `cargo test`: scripts/e2e.sh runs it.

mod common;

use common::province::{Province, enrolled_app, indicator};
use common::{App, Result, first_start, keep_failure};
use std::path::Path;
use std::time::{Duration, Instant};

/// A real picture: the app's own icon (a PNG), as if taken in the field.
fn photo(path: &Path) -> Result {
    let icon = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/public/icon.png");
    std::fs::copy(icon, path)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver, the built app and province: run scripts/e2e.sh"]
async fn a_check_with_a_photo_recorded_offline_reaches_the_province_with_its_flag() -> Result {
    let dir = tempfile::tempdir()?;
    let picture = dir.path().join("ao-ca.png");
    photo(&picture)?;
    let mut province = Province::new(dir.path())?;
    province.start().await?;
    let app = enrolled_app(&province).await?;
    let result = flow(&app, &mut province, &picture).await;
    keep_failure(&app, &result, "funduse-failure").await;
    app.stop().await?;
    result
}

/// A picture of the screen into the artifacts folder (copied to docs/screenshots by hand).
async fn shot(app: &App, name: &str) -> Result {
    if let Ok(d) = std::env::var("VONXA_E2E_ARTIFACTS") {
        app.screenshot(&Path::new(&d).join(format!("{name}.png")))
            .await?;
    }
    Ok(())
}

async fn flow(app: &App, province: &mut Province, picture: &Path) -> Result {
    first_start(app).await?;
    indicator(app, "synced", Duration::from_secs(60)).await?;

    // The bank disburses loans to members of the demo commune; the laptop pulls them.
    let out = province.cli(&["disburse", "--demo", "6"]).output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.click("[data-testid=sync-now]").await?;
    app.click("[data-testid=nav-checks]").await?;
    let started = Instant::now();
    while app
        .texts("[data-testid=worklist] tbody tr")
        .await
        .map_or(0, |r| r.len())
        < 6
    {
        if started.elapsed() > Duration::from_secs(30) {
            return Err("the disbursed loans never reached the worklist".into());
        }
        app.click("[data-testid=nav-home]").await?;
        app.click("[data-testid=nav-checks]").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }

    // Offline: the overdue loans first, each with its days late.
    province.stop();
    shot(app, "15-checks-worklist").await?;
    let standing = app
        .texts("[data-testid=worklist] [data-testid=standing]")
        .await?;
    assert!(
        standing[0].contains("Trễ hạn kiểm tra") && standing[0].contains("trễ"),
        "{standing:?}"
    );
    app.click("[data-testid=worklist] tbody tr:first-child [data-testid=open-check]")
        .await?;
    app.wait_for("[data-testid=check-form]").await?;
    app.type_into("[data-testid=checker-role-0]", "Chủ tịch Hội")
        .await?;
    app.type_into("[data-testid=checker-org-0]", "Hội Phụ nữ xã")
        .await?;
    app.type_into(
        "#f-observedUse",
        "Mua 1 con bò, phần còn lại cho người khác vay",
    )
    .await?;
    app.find("#f-amountAsIntended").await?.clear().await?;
    app.type_into("#f-amountAsIntended", "10.000.000").await?;
    app.find("#f-outcome")
        .await?
        .select_by_value("partly_misused")
        .await?;
    // Misused without notes: refused on the field, in Vietnamese.
    app.enter("#f-observedUse").await?;
    app.wait_text("[data-testid=check-form]", "Ghi chú").await?;
    app.wait_text(
        "[data-testid=check-form] .field.invalid",
        "Không được để trống",
    )
    .await?;
    app.type_into("#f-notes", "Cho hàng xóm vay lại 5 triệu")
        .await?;
    app.find("#f-photos")
        .await?
        .send_keys(&picture.to_string_lossy())
        .await?;
    app.wait_for("[data-testid=form-photos] img").await?;
    app.enter("#f-notes").await?;
    app.wait_text("[data-testid=check-saved]", "Đề nghị thu hồi nợ trước hạn")
        .await?;
    app.wait_text("[data-testid=checks]", "Sử dụng sai mục đích một phần")
        .await?;
    app.wait_for("[data-testid=check-photos] img").await?;
    let offline = indicator(app, "offline", Duration::from_secs(30)).await?;
    assert!(!offline.contains("Chờ gửi: 0"), "{offline}");

    shot(app, "16-check-recorded").await?;

    // The 06/TD of the check, on A4.
    app.click("[data-testid=print-check]").await?;
    let saved = app.wait_text("[data-testid=check-saved]", ".pdf").await?;
    let path = saved.rsplit(": ").next().ok_or("the PDF's path")?.trim();
    assert!(std::fs::read(path)?.starts_with(b"%PDF"), "a PDF at {path}");

    // The group's round, on A4 too.
    app.click("[data-testid=nav-checks]").await?;
    // The group of the loan just checked.
    app.wait_text("[data-testid=worklist]", "Sử dụng sai mục đích một phần")
        .await?;
    let mut group = String::new();
    for row in app.texts("[data-testid=worklist] tbody tr").await? {
        if row.contains("Sử dụng sai mục đích một phần") {
            group = row.clone();
        }
    }
    let mut chosen = false;
    for option in app
        .client
        .find_all(fantoccini::Locator::Css(
            "[data-testid=group-filter] option",
        ))
        .await?
    {
        let label = option.text().await?;
        let name = label.split(" — ").nth(1).unwrap_or_default().to_owned();
        if !name.is_empty() && group.contains(&name) {
            option.click().await?;
            chosen = true;
            break;
        }
    }
    assert!(chosen, "the checked loan's group is in the filter: {group}");
    app.wait_for("[data-testid=print-round]").await?;
    app.click("[data-testid=print-round]").await?;
    let saved = app.wait_text("[data-testid=export-path]", ".pdf").await?;
    let path = saved.rsplit(": ").next().ok_or("the PDF's path")?.trim();
    assert!(std::fs::read(path)?.starts_with(b"%PDF"), "a PDF at {path}");

    // Online again: the check, its flag and its photo reach the province by themselves.
    province.start().await?;
    indicator(app, "synced", Duration::from_secs(60)).await?;
    let started = Instant::now();
    loop {
        let flags = province.cli(&["flags"]).output()?;
        let flags = String::from_utf8(flags.stdout)?;
        let missing = province.cli(&["missing-photos"]).output()?;
        if flags.contains("early_recall")
            && flags.contains("Cho hàng xóm vay lại 5 triệu")
            && missing.status.success()
            && missing.stdout.is_empty()
        {
            break;
        }
        if started.elapsed() > Duration::from_secs(30) {
            return Err(format!("flag or photo missing at the province: {flags}").into());
        }
        app.click("[data-testid=sync-now]").await?;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    Ok(())
}
