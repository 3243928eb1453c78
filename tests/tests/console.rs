//! The province's console in a real browser (Chromium headless, WebDriver), with a laptop of the
//! demo point (the real store and sync, headless) that syncs with the same province: the
//! administrator sees the fleet with what the laptop reported and its accounts, enrols a device
//! (code and QR), publishes a rate and a relief that are in force on the laptop after its next
//! sync, imports the bank's disbursement list whose loans reach the laptop, adds a user and
//! finds it in the audit; an officer of another office sees neither the laptop nor its 04/TD
//! line and opens neither the users nor the audit, by link or through the API; the demo office's
//! officer approves the line for less, and the laptop's next sync brings the decision; the
//! English switch. Screenshots of each screen land among the e2e artifacts (docs/screenshots
//! under `make screenshots`).

mod common;

use common::Result;
use common::browser::Browser;
use common::device::{Dev, vetting};
use common::province::{DEMO_POINT, Province};
use std::process::Stdio;
use vonxa_domain::credit::application::{Event, Status};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::credit::rate::rate_on;
use vonxa_domain::entity::Op;

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

/// The bank's list of disbursements: (contract, customer code) lines of 30.000.000 đ for 36
/// months, disbursed today.
fn loan_file(path: &std::path::Path, lines: &[(&str, &str)]) -> Result {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let heading = [
        "Số khế ước",
        "Mã khách hàng",
        "Chương trình",
        "Số tiền (đồng)",
        "Ngày giải ngân",
        "Thời hạn (tháng)",
        "Mục đích",
    ];
    for (c, h) in heading.iter().enumerate() {
        sheet.write_string(0, c as u16, *h)?;
    }
    let today = chrono::Local::now()
        .date_naive()
        .format("%d/%m/%Y")
        .to_string();
    for (r, (contract, code)) in lines.iter().enumerate() {
        let row = [
            *contract,
            *code,
            "HN",
            "30.000.000",
            &today,
            "36",
            "Chăn nuôi bò",
        ];
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, *v)?;
        }
    }
    book.save(path)?;
    Ok(())
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
    add_user(&p, "admin", "admin", "province", None)?;
    add_user(&p, "pgd", "office_officer", "office", Some(DEMO_OFFICE))?;
    add_user(
        &p,
        "pgdkhac",
        "office_officer",
        "office",
        Some(OTHER_OFFICE),
    )?;
    // A laptop of the demo point: the demo commune, synced, and one application sent to the
    // bank (03/TD certified by the commune).
    let dev = Dev::with_demo(&p.url(), &p.code()?, 40).await;
    let app = vetting::eligible_draft(&dev);
    dev.lock().record(&dev.admin, Op::Insert, app.clone())?;
    vetting::send_to_bank(&dev, &app);
    dev.settle(3).await;

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

    // The administrator: the fleet with the laptop's report and accounts.
    login(&b, &base, "admin").await?;
    let row = b.wait_text("[data-testid=device-row]", DEMO_POINT).await?;
    assert!(row.contains("0.1.0") && row.contains(" MB"), "{row}");
    assert!(row.contains("Quản trị viên (admin"), "its accounts: {row}");
    b.screenshot(&shots.join("console-fleet.png")).await?;
    // Enrol a teller's laptop: a one-time code and its QR.
    b.type_into("#enrol-points", DEMO_POINT).await?;
    b.select("#enrol-role", "point_teller").await?;
    b.click("[data-testid=enrol-submit]").await?;
    let code = b.wait_text("[data-testid=enrol-code]", "").await?;
    assert!(code.trim().len() >= 8, "a code: {code}");
    b.wait_for("[data-testid=enrol-qr] svg").await?;

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
    // A relief over the first quarter of 2027: previewed with its effect, then published.
    b.type_into("#relief-code", "QĐ thử 2027").await?;
    b.type_into("#relief-cut", "2").await?;
    b.type_into("#relief-from", "01/01/2027").await?;
    b.type_into("#relief-to", "31/03/2027").await?;
    b.type_into("#relief-provinces", "51").await?;
    b.type_into("#relief-basis", "Quyết định số 98/QĐ-TTg (thử nghiệm)")
        .await?;
    b.click("[data-testid=relief-preview]").await?;
    b.wait_text("[data-testid=relief-effect]", "HN 6,1 % → 4,1 %")
        .await?;
    b.screenshot(&shots.join("console-reliefs.png")).await?;
    b.click("[data-testid=relief-submit]").await?;
    b.wait_text("[data-testid=relief-published]", "Đã công bố")
        .await?;
    b.wait_text("[data-testid=reliefs]", "QĐ thử 2027").await?;
    // Both in force on the laptop after its next sync.
    dev.settle(3).await;
    let table = vonxa_store::credit::programme_table(dev.lock().connection())?;
    let day = |s: &str| s.parse::<chrono::NaiveDate>();
    let hn = rate_on(&table.rates, "HN", day("2027-01-15")?).map(|r| r.ppm());
    assert_eq!(hn, Some(61_000), "the rate published in the console");
    assert!(
        table.reliefs.iter().any(|r| r.code == "QĐ thử 2027"),
        "the relief published in the console: {:?}",
        table.reliefs
    );

    // The bank's disbursement list as an Excel file: checked, then recorded.
    let codes: Vec<String> = dev
        .households()
        .into_iter()
        .filter_map(|h| h.customer_code)
        .collect();
    let list = dir.path().join("giai-ngan.xlsx");
    loan_file(
        &list,
        &[("HN-E2E-0001", &codes[0]), ("HN-E2E-0002", &codes[1])],
    )?;
    b.click("[data-testid=nav-loans]").await?;
    b.find("#loan-file")
        .await?
        .send_keys(&list.display().to_string())
        .await?;
    b.click("[data-testid=loan-check]").await?;
    b.wait_text("[data-testid=loan-summary]", "2/2").await?;
    b.screenshot(&shots.join("console-loans.png")).await?;
    b.click("[data-testid=loan-commit]").await?;
    b.wait_text("[data-testid=loan-committed]", "2").await?;
    dev.settle(3).await;
    let loans: Vec<Loan> =
        vonxa_store::queries::docs(dev.lock().connection(), "SELECT doc FROM loans", [])?;
    let mut got: Vec<&str> = loans
        .iter()
        .filter(|l| l.contract_no.starts_with("HN-E2E-"))
        .map(|l| l.contract_no.as_str())
        .collect();
    got.sort_unstable();
    assert_eq!(
        got,
        ["HN-E2E-0001", "HN-E2E-0002"],
        "the loans on the laptop"
    );

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

    // An officer of another office: none of the demo point's devices or 04/TD lines, no users,
    // no audit.
    login(&b, &base, "pgdkhac").await?;
    b.wait_for("[data-testid=devices]").await?;
    assert!(
        b.texts("[data-testid=device-row]").await?.is_empty(),
        "another office's devices"
    );
    b.click("[data-testid=nav-decisions]").await?;
    b.wait_for("[data-testid=decisions-empty]").await?;
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

    // The demo office's officer sees its device, and approves the 04/TD line for less than
    // asked; the laptop's next sync brings the decision.
    login(&b, &base, "pgd").await?;
    b.wait_text("[data-testid=device-row]", DEMO_POINT).await?;
    b.click("[data-testid=nav-decisions]").await?;
    b.wait_text("[data-testid=decision-row]", "30.000.000")
        .await?;
    b.type_into("#amount-0", "25.000.000").await?;
    b.screenshot(&shots.join("console-decisions.png")).await?;
    b.click("[data-testid=approve]").await?;
    b.wait_for("[data-testid=decisions-empty]").await?;
    dev.settle(3).await;
    let stored: Application =
        vonxa_store::records::load(dev.lock().connection(), app.id.as_uuid())?;
    assert_eq!(stored.status, Status::BankApproved);
    let moves: Vec<StatusChange> = vonxa_store::queries::docs(
        dev.lock().connection(),
        "SELECT doc FROM application_status WHERE application_id = ?1",
        [app.id.to_string()],
    )?;
    assert!(
        moves.iter().any(|s| s.event == Event::BankApprove
            && s.amount == Some(vonxa_domain::Money::dong(25_000_000))),
        "{moves:?}"
    );
    // The English switch.
    b.click("[data-testid=lang-switch]").await?;
    b.wait_text("[data-testid=whoami]", "Transaction office")
        .await?;
    b.close().await?;
    p.stop();
    Ok(())
}
