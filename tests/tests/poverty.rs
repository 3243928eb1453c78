//! The commune's annual poverty list in the real webview: a bad date is refused on its field,
//! the review lists what changes, applying writes dated statuses, and the households that left
//! the list appear among the newly escaped without a loan.

mod common;

use common::{App, Result, first_start};
use std::path::Path;

fn list(path: &Path) -> Result {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    let rows = [
        vonxa_store::import::poverty::LIST_COLUMNS,
        ["KHONGCO", "Trần Văn Vắng", "", "Thôn Mới", "Nghèo"],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(u32::try_from(r)?, u16::try_from(c)?, *v)?;
        }
    }
    book.save(path)?;
    Ok(())
}

fn count_in(text: &str, before: &str) -> Result<usize> {
    let n = text
        .split(before)
        .nth(1)
        .and_then(|s| s.split(')').next())
        .ok_or("a count in brackets")?
        .trim()
        .trim_start_matches('(');
    Ok(n.parse()?)
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and the built app: run scripts/e2e.sh"]
async fn the_annual_list_is_reviewed_applied_and_feeds_the_outreach_list() -> Result {
    let files = tempfile::tempdir()?;
    let file = files.path().join("danh-sach-ho-ngheo.xlsx");
    list(&file)?;
    let app = App::start().await?;
    let result = async {
        first_start(&app).await?;
        app.click("[data-testid=nav-poverty]").await?;
        app.wait_text(
            "[data-testid=escaped]",
            "Hộ mới thoát nghèo chưa được vay vốn",
        )
        .await?;
        // The list loads after the screen: wait for its rows before counting them.
        app.wait_for("[data-testid=escaped] tbody tr").await?;
        let outreach = app.find("[data-testid=escaped]").await?.text().await?;
        let before = count_in(&outreach, "chưa được vay vốn")?;
        app.find("#f-file")
            .await?
            .send_keys(&file.to_string_lossy())
            .await?;
        // A date that does not exist is refused on its field, in Vietnamese.
        app.find("#f-date").await?.clear().await?;
        app.type_into("#f-date", "31/02/2026").await?;
        app.enter("#f-date").await?;
        app.wait_text("[data-testid=plist-form]", "Không có ngày này")
            .await?;
        app.find("#f-date").await?.clear().await?;
        app.type_into("#f-date", "01/01/2026").await?;
        app.enter("#f-date").await?;
        let review = app
            .wait_text("[data-testid=plist-review]", "Ra khỏi danh sách")
            .await?;
        assert!(review.contains("Trần Văn Vắng"), "{review}");
        let left = app.texts("[data-testid=plist-left] tbody tr").await?;
        assert!(!left.is_empty());
        assert!(
            left.iter().all(|r| r.contains("Hộ mới thoát nghèo")),
            "{left:?}"
        );
        let missing = app.texts("[data-testid=plist-not_found] tbody tr").await?;
        assert_eq!(missing.len(), 1, "{missing:?}");
        app.click("[data-testid=plist-apply]").await?;
        app.wait_text(
            "[data-testid=plist-applied]",
            &format!("Đã ghi {} trạng thái mới.", left.len()),
        )
        .await?;
        // The outreach list (reloaded before the message shows) grows by exactly the households
        // that left, escaped on the list's date.
        let outreach = app.find("[data-testid=escaped]").await?.text().await?;
        assert_eq!(
            count_in(&outreach, "chưa được vay vốn")?,
            before + left.len(),
            "{outreach}"
        );
        assert!(outreach.contains("01/01/2026"), "{outreach}");
        Result::Ok(())
    }
    .await;
    app.stop().await?;
    result
}
