//! The demo as `make run` gives it, in the real webview: a local province started with
//! `--demo-loans` and an app that enrols and syncs by itself. With no command typed, the first
//! group's 13/TD shows interest due for members with loans, the fund-use worklist has checks
//! (overdue ones first), and a member household shows its loans with their balances.

mod common;

use common::province::{Province, enrolled_app, indicator};
use common::{App, Result, first_start, keep_failure};
use std::time::Duration;

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and the built app: run scripts/e2e.sh"]
async fn the_demo_commune_has_its_loans_without_a_command() -> Result {
    let dir = tempfile::tempdir()?;
    let mut province = Province::new(dir.path())?.with_demo_loans();
    province.start().await?;
    let app = enrolled_app(&province).await?;
    let result = flow(&app).await;
    keep_failure(&app, &result, "demo-failure").await;
    app.stop().await?;
    province.stop();
    result
}

async fn flow(app: &App) -> Result {
    first_start(app).await?;
    indicator(app, "synced", Duration::from_secs(90)).await?;

    // The first group's 13/TD: interest due on the members with loans, and not on the others.
    app.click("[data-testid=nav-points]").await?;
    app.click("[data-testid=groups] tbody tr:nth-child(1) button.link")
        .await?;
    app.click("[data-testid=open-collection]").await?;
    app.wait_for("[data-testid=savings-0]").await?;
    let due = app.texts("[data-testid=due]").await?;
    let owing = due.iter().filter(|d| d.as_str() != "0 đ").count();
    assert!(
        owing > 0 && owing < due.len(),
        "interest due on some members: {due:?}"
    );

    // The worklist has checks, overdue ones first.
    app.click("[data-testid=nav-checks]").await?;
    app.wait_for("[data-testid=worklist] tbody tr").await?;
    let standing = app
        .texts("[data-testid=worklist] [data-testid=standing]")
        .await?;
    assert!(standing.len() >= 10, "{standing:?}");
    assert!(standing[0].contains("Trễ hạn kiểm tra"), "{standing:?}");

    // A member household with a loan shows it with its outstanding balance.
    app.click("[data-testid=nav-households]").await?;
    app.wait_for("[data-testid=hits] tbody tr").await?;
    for row in 1..=10 {
        app.click(&format!(
            "[data-testid=hits] tbody tr:nth-child({row}) button.link"
        ))
        .await?;
        app.wait_for("[data-testid=household-title]").await?;
        if let Some(loans) = app.texts("[data-testid=loans]").await?.first() {
            assert!(loans.contains("DEMO-") && loans.contains(" đ"), "{loans}");
            return Ok(());
        }
        app.click("[data-testid=nav-households]").await?;
        app.wait_for("[data-testid=hits] tbody tr").await?;
    }
    Err("none of the first ten households has a loan".into())
}
