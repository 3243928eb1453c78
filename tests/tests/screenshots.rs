//! `make screenshots`: PNGs of the main screens into $VONXA_SCREENSHOTS (docs/screenshots).

mod common;

use common::province::{Province, enrolled_app, indicator};
use common::{ADMIN_PW, App, Result, first_start};
use std::path::PathBuf;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and the built app: run scripts/e2e.sh screenshots"]
async fn main_screens() -> Result {
    let dir = PathBuf::from(std::env::var("VONXA_SCREENSHOTS")?);
    // The demo as `make run` gives it: a local province that disburses the demo's loans.
    let tmp = tempfile::tempdir()?;
    let mut province = Province::new(tmp.path())?.with_demo_loans();
    province.start().await?;
    let app = enrolled_app(&province).await?;
    let result = walk(&app, &dir).await;
    app.stop().await?;
    province.stop();
    result
}

async fn settle() {
    tokio::time::sleep(std::time::Duration::from_millis(400)).await;
}

async fn walk(app: &App, dir: &std::path::Path) -> Result {
    let shot = |name: &'static str| dir.join(format!("{name}.png"));
    app.wait_for("[data-testid=setup-form]").await?;
    app.screenshot(&shot("01-first-start")).await?;
    first_start(app).await?;
    indicator(app, "synced", Duration::from_secs(90)).await?;
    settle().await;
    app.screenshot(&shot("03-home")).await?;

    app.click("[data-testid=nav-points]").await?;
    app.wait_for("[data-testid=groups] tbody tr").await?;
    settle().await;
    app.screenshot(&shot("04-points-groups")).await?;
    app.click("[data-testid=groups] tbody tr:nth-child(3) button.link")
        .await?;
    app.wait_for("[data-testid=members] tbody tr").await?;
    settle().await;
    app.screenshot(&shot("05-group")).await?;
    app.click("[data-testid=add-member]").await?;
    app.type_into("#f-fullName", "Đinh Thị Hoa").await?;
    app.type_into("#f-birthDate", "31/02/1985").await?;
    app.type_into("#f-idNumber", "0511850012").await?;
    app.type_into("#f-phone", "12345").await?;
    app.enter("#f-idNumber").await?;
    app.wait_for("[data-testid=error-idNumber]").await?;
    settle().await;
    app.screenshot(&shot("06-add-member-error")).await?;

    app.click("[data-testid=nav-households]").await?;
    app.type_into("[data-testid=search]", "nguyen thi").await?;
    app.wait_for("[data-testid=hits] tbody tr").await?;
    settle().await;
    app.screenshot(&shot("07-households-search")).await?;
    app.click("[data-testid=hits] tbody tr:first-child button.link")
        .await?;
    app.wait_for("[data-testid=persons] tbody tr").await?;
    settle().await;
    app.screenshot(&shot("08-household")).await?;

    // Vetting: the 01/TD form with its eligibility beside it, then a group's meeting.
    app.click("[data-testid=new-application]").await?;
    app.type_into("#f-amount", "100.000.001").await?;
    app.wait_for("[data-testid=reason-over_ceiling]").await?;
    settle().await;
    app.screenshot(&shot("12-application-form")).await?;
    app.click("[data-testid=nav-points]").await?;
    app.click("[data-testid=groups] tbody tr:nth-child(3) button.link")
        .await?;
    app.click("[data-testid=open-meeting]").await?;
    app.type_into("#f-place", "Nhà văn hóa thôn").await?;
    app.select_nth("#f-chair", 2).await?;
    app.select_nth("#f-secretary", 3).await?;
    app.click("[data-testid=all-present]").await?;
    app.wait_text("[data-testid=quorum]", "Đủ số lượng").await?;
    settle().await;
    app.screenshot(&shot("13-meeting")).await?;

    app.click("[data-testid=nav-checks]").await?;
    app.wait_for("[data-testid=worklist] tbody tr").await?;
    settle().await;
    app.screenshot(&shot("15-checks-worklist")).await?;

    app.click("[data-testid=nav-import]").await?;
    app.wait_for("[data-testid=import-form]").await?;
    settle().await;
    app.screenshot(&shot("09-import")).await?;
    app.click("[data-testid=nav-poverty]").await?;
    app.wait_for("[data-testid=plist-form]").await?;
    settle().await;
    app.screenshot(&shot("14-poverty-list")).await?;
    app.click("[data-testid=nav-points]").await?;
    app.click("[data-testid=groups] tbody tr:nth-child(1) button.link")
        .await?;
    app.click("[data-testid=open-collection]").await?;
    app.type_into("[data-testid=savings-0]", "50.000").await?;
    app.type_into("[data-testid=savings-1]", "20.000").await?;
    settle().await;
    app.screenshot(&shot("17-collection-sheet")).await?;
    app.click("[data-testid=nav-session]").await?;
    app.wait_for("[data-testid=open-session]").await?;
    settle().await;
    app.screenshot(&shot("18-session")).await?;
    // A handover that does not match its sheet, and its case being resolved.
    app.type_into("#f-leader", "Đinh Văn Tèo").await?;
    app.type_into("#f-controller", "Hồ Thị Lan").await?;
    app.type_into("#f-teller", "Lê Thị Thu").await?;
    app.enter("#f-teller").await?;
    app.wait_for("[data-testid=current-session]").await?;
    app.type_into("#f-counted", "10.000").await?;
    app.type_into("#f-explanation", "Thừa 10.000 đ, chưa rõ của ai")
        .await?;
    app.enter("#f-explanation").await?;
    app.click("[data-testid=confirm-yes]").await?;
    app.click("[data-testid=case-handover] [data-testid=resolve]")
        .await?;
    app.type_into("#f-note", "Đếm lại cùng tổ trưởng: ghi nhầm số tiền")
        .await?;
    settle().await;
    app.screenshot(&shot("19-discrepancy-resolve")).await?;
    app.click("[data-testid=nav-users]").await?;
    app.wait_for("[data-testid=users] tbody tr").await?;
    settle().await;
    app.screenshot(&shot("10-users")).await?;

    app.click("[data-testid=lang]").await?;
    app.click("[data-testid=nav-home]").await?;
    app.wait_text("[data-testid=home-point]", "Next session day")
        .await?;
    settle().await;
    app.screenshot(&shot("11-home-english")).await?;
    app.click("[data-testid=lang]").await?;
    app.wait_text("nav", "Hộ gia đình").await?;

    app.click("[data-testid=lock]").await?;
    app.wait_for("[data-testid=login-form]").await?;
    settle().await;
    app.screenshot(&shot("02-login")).await?;
    app.type_into("#f-password", ADMIN_PW).await?;
    app.enter("#f-password").await?;
    app.wait_for("[data-testid=home-point]").await?;
    Ok(())
}
