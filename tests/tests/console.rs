//! The province's console in a real browser (Chromium headless, WebDriver): the administrator
//! logs in and sees the fleet with what a device reported, enrols a device (code and QR), adds a
//! user and finds it in the audit; an office officer sees only their office's devices and can
//! open neither the users nor the audit, by link or through the API; the English switch.
//! Screenshots of each screen land among the e2e artifacts (docs/screenshots under
//! `make screenshots`).

mod common;

use common::Result;
use common::browser::Browser;
use common::province::{DEMO_POINT, Province};
use std::process::Stdio;

const PW: &str = "mat-khau-bang-dieu-khien";
/// The demo commune's transaction office (data/demo-reference.json).
const DEMO_OFFICE: &str = "01977420-dc01-71eb-9f68-3bccc115e4bf";
const OTHER_OFFICE: &str = "01977420-dc01-71eb-9f68-3bccc115e4c0";

fn add_user(p: &Province, name: &str, role: &str, kind: &str, id: Option<&str>) -> Result {
    let mut args = vec![
        "users",
        "add",
        name,
        "--display-name",
        name,
        "--role",
        role,
        "--scope-kind",
        kind,
    ];
    if let Some(id) = id {
        args.extend(["--scope-id", id]);
    }
    let ok = p
        .cli(&args)
        .env("VONXA_CONSOLE_PASSWORD", PW)
        .stdout(Stdio::null())
        .status()?;
    if !ok.success() {
        return Err(format!("users add {name} failed").into());
    }
    Ok(())
}

/// Where the screenshots go: docs/screenshots under `make screenshots`, else the artifacts.
fn shots() -> Result<std::path::PathBuf> {
    let dir = std::env::var_os("VONXA_SCREENSHOTS")
        .or_else(|| std::env::var_os("VONXA_E2E_ARTIFACTS"))
        .map_or_else(
            || std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/e2e"),
            std::path::PathBuf::from,
        );
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

async fn login(b: &Browser, base: &str, user: &str) -> Result {
    b.goto(&format!("{base}/#/login")).await?;
    b.type_into("#username", user).await?;
    b.type_into("#password", PW).await?;
    b.click("[data-testid=login-submit]").await?;
    b.wait_text("[data-testid=whoami]", user).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs Chromium and the province binary: run through scripts/e2e.sh"]
async fn supervisors_work_in_the_console_each_in_their_own_area() -> Result {
    let dir = tempfile::tempdir()?;
    let mut p = Province::new(dir.path())?;
    p.start().await?;
    // The demo point belongs to the demo commune's office.
    let point = serde_json::json!([{"entity": "point", "payload": {
        "id": "01977420-dc02-7000-8000-000000000001", "code": DEMO_POINT,
        "name": "Điểm giao dịch xã Minh Long", "officeId": DEMO_OFFICE,
        "venue": "Nhà văn hóa xã", "sessionDay": 12}}]);
    let file = dir.path().join("point.json");
    std::fs::write(&file, point.to_string())?;
    let file = file.display().to_string();
    if !p
        .cli(&["import", &file])
        .stdout(Stdio::null())
        .status()?
        .success()
    {
        return Err("import of the point failed".into());
    }
    add_user(&p, "admin", "admin", "province", None)?;
    add_user(&p, "pgd", "office_officer", "office", Some(DEMO_OFFICE))?;
    add_user(
        &p,
        "pgdkhac",
        "office_officer",
        "office",
        Some(OTHER_OFFICE),
    )?;
    // A laptop of the demo point syncs and says how it is.
    let report = vonxa_sync::client::Report {
        waiting: 3,
        db_bytes: 2_500_000,
        last_error: None,
    };
    p.checker().await?.with_report(&report).pull(0, 10).await?;

    let base = p.url();
    let b = Browser::start().await?;
    let shots = shots()?;
    // A wrong password: refused, in Vietnamese.
    b.goto(&format!("{base}/")).await?;
    b.type_into("#username", "admin").await?;
    b.type_into("#password", "sai-mat-khau").await?;
    b.click("[data-testid=login-submit]").await?;
    b.wait_text(
        "[data-testid=login-error]",
        "Sai tên đăng nhập hoặc mật khẩu",
    )
    .await?;
    b.screenshot(&shots.join("console-login.png")).await?;

    // The administrator: the fleet with the device's report.
    login(&b, &base, "admin").await?;
    let row = b.wait_text("[data-testid=device-row]", DEMO_POINT).await?;
    assert!(row.contains("0.1.0") && row.contains("2,4 MB"), "{row}");
    b.screenshot(&shots.join("console-fleet.png")).await?;
    // Enrol a teller's laptop: a one-time code and its QR.
    b.type_into("#enrol-points", DEMO_POINT).await?;
    b.select("#enrol-role", "point_teller").await?;
    b.click("[data-testid=enrol-submit]").await?;
    let code = b.wait_text("[data-testid=enrol-code]", "").await?;
    assert!(code.trim().len() >= 8, "a code: {code}");
    b.wait_for("[data-testid=enrol-qr] svg").await?;

    // The 04/TD queue: nothing sent to the bank yet (crates/sync/tests/console_decisions.rs
    // takes a line through it to a device).
    b.click("[data-testid=nav-decisions]").await?;
    b.wait_for("[data-testid=decisions-empty]").await?;

    // Nothing refused and no money-chain alert yet in this province.
    b.click("[data-testid=nav-review]").await?;
    b.wait_for("[data-testid=review-changes-empty]").await?;
    b.wait_for("[data-testid=review-alerts-empty]").await?;

    // A new rate, with the difference against the one in force shown before it is published.
    b.click("[data-testid=nav-rates]").await?;
    b.wait_text("[data-testid=rates] [data-code=HN]", "6,24 %")
        .await?;
    b.select("#rate-programme", "HN").await?;
    b.type_into("#rate-value", "6,1").await?;
    b.type_into("#rate-from", "01/01/2027").await?;
    b.type_into("#rate-basis", "Quyết định số 99/QĐ-TTg (thử nghiệm)")
        .await?;
    b.wait_text("[data-testid=rate-diff]", "6,24 % → 6,1 %")
        .await?;
    b.screenshot(&shots.join("console-rates.png")).await?;
    b.click("[data-testid=rate-submit]").await?;
    b.wait_text("[data-testid=rate-published]", "1").await?;
    b.wait_text("[data-testid=rates] [data-code=HN]", "01/01/2027: 6,1 %")
        .await?;

    // A Board member for the commune, added in the console, and the audit of it.
    b.click("[data-testid=nav-users]").await?;
    b.wait_for("[data-testid=user-form]").await?;
    b.type_into("#new-username", "bandaidien").await?;
    b.type_into("#new-displayName", "Thành viên Ban đại diện xã")
        .await?;
    b.select("#new-role", "board_member").await?;
    b.select("#new-scopeKind", "commune").await?;
    b.type_into("#new-scopeId", "21361").await?;
    b.type_into("#new-password", PW).await?;
    b.click("[data-testid=user-submit]").await?;
    let users = b.wait_text("[data-testid=users]", "bandaidien").await?;
    assert!(
        users.contains("Phòng giao dịch NHCSXH Minh Long"),
        "the office by its name: {users}"
    );
    b.screenshot(&shots.join("console-users.png")).await?;
    b.click("[data-testid=nav-audit]").await?;
    b.wait_text("[data-testid=audit]", "Thêm tài khoản").await?;
    b.screenshot(&shots.join("console-audit.png")).await?;
    b.click("[data-testid=logout]").await?;
    b.wait_for("[data-testid=login-form]").await?;

    // An officer of another office: none of the demo point's devices, no users, no audit.
    login(&b, &base, "pgdkhac").await?;
    b.wait_for("[data-testid=devices]").await?;
    assert!(
        b.texts("[data-testid=device-row]").await?.is_empty(),
        "another office's devices"
    );
    assert!(b.texts("[data-testid=nav-users]").await?.is_empty());
    b.goto(&format!("{base}/#/users")).await?;
    b.wait_for("[data-testid=forbidden]").await?;
    let status = b
        .run(
            "const done = arguments[arguments.length - 1];
             fetch('/console/api/users', {credentials: 'same-origin'}).then(r => done(r.status));",
            vec![],
        )
        .await?;
    assert_eq!(status, serde_json::json!(403), "the API refuses it too");
    b.goto(&format!("{base}/#/fleet")).await?;
    b.click("[data-testid=logout]").await?;
    b.wait_for("[data-testid=login-form]").await?;

    // The demo office's officer sees its device; the English switch.
    login(&b, &base, "pgd").await?;
    b.wait_text("[data-testid=device-row]", DEMO_POINT).await?;
    b.click("[data-testid=lang-switch]").await?;
    b.wait_text("[data-testid=whoami]", "Transaction office")
        .await?;
    b.close().await?;
    p.stop();
    Ok(())
}
