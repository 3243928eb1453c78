//! A collection month with the keyboard alone, as a group leader's officer works at a village
//! meeting with no mouse: the menu by Alt+digit, lists and buttons by Tab and Return, the
//! 13/TD typed down its column, the session opened, the group's cash handed over and the
//! session closed through its confirmation. No element is clicked or picked: keys go to
//! whatever has the focus, and a control Tab cannot reach fails the test.

mod common;

use common::{App, Result, first_start, keep_failure};
use std::time::Duration;

const TAB: &str = "\u{E004}";
const RETURN: &str = "\u{E006}";

/// Alt+digit: the menu's n-th screen.
fn alt(digit: char) -> String {
    format!("\u{E00A}{digit}\u{E000}")
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and the built app: run scripts/e2e.sh"]
async fn a_collection_month_with_the_keyboard_alone() -> Result {
    let app = App::start().await?;
    let result = month(&app).await;
    keep_failure(&app, &result, "keyboard-failure").await;
    app.stop().await?;
    result
}

async fn month(app: &App) -> Result {
    first_start(app).await?;

    // The groups (Alt+2), the first group, its 13/TD.
    app.keys(&alt('2')).await?;
    app.wait_for("[data-testid=groups] tbody tr").await?;
    app.tab_to(
        "[data-testid=groups] tbody tr:nth-child(1) button.link",
        false,
    )
    .await?;
    app.keys(RETURN).await?;
    app.wait_for("[data-testid=open-collection]").await?;
    app.tab_to("[data-testid=open-collection]", false).await?;
    app.keys(RETURN).await?;
    app.wait_for("[data-testid=savings-0]").await?;

    // Two savings typed down the column; Return walks down to the button that records them.
    app.tab_to("[data-testid=savings-0]", false).await?;
    app.keys("50.000").await?;
    app.keys(RETURN).await?;
    assert!(app.focus_is("[data-testid=savings-1]").await?);
    app.keys("20.000").await?;
    for _ in 0..80 {
        if app.focus_is("#record").await? {
            break;
        }
        app.keys(RETURN).await?;
    }
    assert!(
        app.focus_is("#record").await?,
        "Return reaches the record button"
    );
    app.keys(RETURN).await?;
    app.wait_text("[data-testid=collection-saved]", "Đã ghi 2 khoản thu.")
        .await?;
    app.wait_text("[data-testid=sheet-cash]", "70.000 đ")
        .await?;

    // The session (Alt+6): the form's first field has the focus; the teller is the officer.
    app.keys(&alt('6')).await?;
    app.wait_for("[data-testid=open-session]").await?;
    assert!(
        app.focus_is("#f-leader").await?,
        "the first field is focused"
    );
    app.keys("Đinh Văn Tèo").await?;
    app.keys(TAB).await?;
    app.keys("Hồ Thị Lan").await?;
    app.keys(RETURN).await?;
    app.wait_for("[data-testid=current-session]").await?;
    app.wait_text("[data-testid=expected]", "70.000 đ").await?;

    // The group hands over what its 13/TD says.
    app.tab_to("#f-counted", false).await?;
    app.keys("70.000").await?;
    app.keys(RETURN).await?;
    app.wait_text("[data-testid=handovers]", "70.000 đ").await?;
    app.wait_text("[data-testid=system-total]", "70.000 đ")
        .await?;

    // The cash counted by denomination; Return in the count closes nothing.
    app.tab_to("[data-testid=note-50000]", false).await?;
    app.keys("1").await?;
    app.tab_to("[data-testid=note-20000]", false).await?;
    app.keys("1").await?;
    app.wait_text("[data-testid=counted-total]", "70.000 đ")
        .await?;
    app.keys(RETURN).await?;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(app.texts("[data-testid=confirm]").await?.is_empty());
    assert!(app.texts("[data-testid=closed-session]").await?.is_empty());

    // The named button asks first, with the safe answer focused; Shift+Tab to the act.
    app.tab_to("[data-testid=close-form] [data-testid=save]", false)
        .await?;
    app.keys(RETURN).await?;
    app.wait_text("[data-testid=confirm-message]", "70.000 đ")
        .await?;
    assert!(app.focus_is("[data-testid=confirm-no]").await?);
    app.tab_to("[data-testid=confirm-yes]", true).await?;
    app.keys(RETURN).await?;
    app.wait_text("[data-testid=closed-session]", "Đã đóng")
        .await?;
    Ok(())
}
