//! A session that balances, in the real webview: the bank disburses two loans at the province
//! (one today, to be paid out at the session; one older), the laptop pulls them, and offline a
//! group's collection is handed over as its 13/TD says, a resident deposits and withdraws,
//! a borrower repays principal, the new loan is paid out, and the till counted by
//! denomination matches what the records make: no difference. Back online, the province's
//! figures count the principal repaid and the cash paid out.

mod common;

use common::province::{DEMO_POINT, Province, enrolled_app, indicator};
use common::{App, Result, first_start, keep_failure};
use std::time::Duration;
use vonxa_domain::Money;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and the built app: run scripts/e2e.sh"]
async fn a_session_with_loans_cash_closes_with_no_difference() -> Result {
    let dir = tempfile::tempdir()?;
    let mut province = Province::new(dir.path())?;
    province.start().await?;
    let app = enrolled_app(&province).await?;
    let result = flow(&app, &mut province).await;
    keep_failure(&app, &result, "session-failure").await;
    app.stop().await?;
    result
}

async fn flow(app: &App, province: &mut Province) -> Result {
    first_start(app).await?;
    indicator(app, "synced", Duration::from_secs(60)).await?;
    // Two loans of the demo commune: the first disbursed today (30.000.000 đ), the second
    // months ago.
    let out = province.cli(&["disburse", "--demo", "2"]).output()?;
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    app.click("[data-testid=sync-now]").await?;
    indicator(app, "synced", Duration::from_secs(60)).await?;
    province.stop();

    // A member's savings collected by the group: 50.000 đ.
    app.click("[data-testid=nav-points]").await?;
    app.click("[data-testid=groups] tbody tr:nth-child(1) button.link")
        .await?;
    app.click("[data-testid=open-collection]").await?;
    app.type_into("[data-testid=savings-0]", "50.000").await?;
    app.click("[data-testid=record]").await?;
    app.wait_text("[data-testid=collection-saved]", "Đã ghi 1 khoản thu.")
        .await?;

    // The session: 30.000.000 đ brought from the bank for the disbursement.
    app.click("[data-testid=nav-session]").await?;
    app.type_into("#f-leader", "Đinh Văn Tèo").await?;
    app.type_into("#f-controller", "Hồ Thị Lan").await?;
    app.type_into("#f-openingCash", "30.000.000").await?;
    app.enter("#f-openingCash").await?;
    app.wait_for("[data-testid=current-session]").await?;
    app.wait_text("[data-testid=expected]", "50.000 đ").await?;
    app.type_into("#f-counted", "50.000").await?;
    app.enter("#f-counted").await?;
    app.wait_text("[data-testid=handovers]", "50.000 đ").await?;

    // A resident's book: 200.000 đ in, 50.000 đ out.
    app.type_into("#f-bookNo", "TK-0009").await?;
    app.type_into("#f-holderName", "Phạm Thị Gửi").await?;
    app.type_into("#f-idNumber", "051185007777").await?;
    app.type_into("#f-holderBirth", "01/03/1985").await?;
    app.enter("#f-holderBirth").await?;
    app.wait_text("[data-testid=books]", "TK-0009").await?;
    app.type_into("#f-paymentAmount", "200.000").await?;
    app.enter("#f-paymentAmount").await?;
    app.wait_text("[data-testid=payment-done]", "200.000 đ")
        .await?;
    app.select("#f-kind", "true").await?;
    app.type_into("#f-paymentAmount", "50.000").await?;
    app.enter("#f-paymentAmount").await?;
    app.wait_text("[data-testid=system-total]", "30.200.000 đ")
        .await?;

    // The new loan paid out: its whole principal is offered; part of it is refused.
    app.select_nth("#f-loanId", 1).await?;
    app.select("#f-loanKind", "true").await?;
    let offered = app.find("#f-loanAmount").await?.prop("value").await?;
    assert_eq!(offered.as_deref(), Some("30.000.000"));
    app.type_into("#f-loanAmount", "29.000.000").await?;
    app.enter("#f-loanAmount").await?;
    app.wait_text(
        "[data-testid=loan-cash-form] [data-testid=form-errors]",
        "Số tiền",
    )
    .await?;
    app.type_into("#f-loanAmount", "30.000.000").await?;
    app.enter("#f-loanAmount").await?;
    app.wait_text("[data-testid=loan-cash-done]", "-30.000.000 đ")
        .await?;
    app.wait_text("[data-testid=system-total]", "200.000 đ")
        .await?;
    // The older loan: 1.000.000 đ of principal repaid.
    app.select_nth("#f-loanId", 2).await?;
    app.select("#f-loanKind", "false").await?;
    app.type_into("#f-loanAmount", "1.000.000").await?;
    app.enter("#f-loanAmount").await?;
    app.wait_text("[data-testid=loan-cash-done]", "1.000.000 đ")
        .await?;
    let till = app
        .wait_text("[data-testid=system-total]", "1.200.000 đ")
        .await?;
    assert_eq!(till, "1.200.000 đ");
    if let Ok(d) = std::env::var("VONXA_E2E_ARTIFACTS") {
        app.screenshot(&std::path::Path::new(&d).join("session-loan-cash.png"))
            .await?;
    }
    let kinds = app.texts("[data-testid=entries] tbody tr").await?;
    assert!(
        kinds.iter().any(|r| r.contains("Giải ngân"))
            && kinds.iter().any(|r| r.contains("Thu nợ gốc")),
        "{kinds:?}"
    );

    // The count: 2 × 500.000 + 1 × 200.000 = 1.200.000 đ, as the records make it.
    app.type_into("[data-testid=note-500000]", "2").await?;
    app.type_into("[data-testid=note-200000]", "1").await?;
    app.wait_text("[data-testid=counted-total]", "1.200.000 đ")
        .await?;
    app.click("[data-testid=close-form] [data-testid=save]")
        .await?;
    app.click("[data-testid=confirm-yes]").await?;
    let closed = app
        .wait_text("[data-testid=closed-session]", "Đã đóng")
        .await?;
    assert!(closed.contains("chênh lệch 0 đ"), "{closed}");

    // Online again: the province counts the loans' cash of the point.
    province.start().await?;
    indicator(app, "synced", Duration::from_secs(60)).await?;
    let today = chrono::Local::now().date_naive().to_string();
    let f = province
        .checker()
        .await?
        .point_figures(DEMO_POINT, &today, &today)
        .await?;
    assert_eq!(f.principal_repaid, Money::dong(1_000_000), "{f:?}");
    assert_eq!(f.paid_out, Money::dong(30_000_000), "{f:?}");
    let s = f.sessions.first().ok_or("the session at the province")?;
    assert_eq!(s.difference, Some(Money::ZERO), "{f:?}");
    Ok(())
}
