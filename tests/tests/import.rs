//! Importing households from an .xlsx file in the real webview: a bad row is reported with
//! its row number and reason and nothing is imported; the corrected file imports.

mod common;

use common::{App, Result, first_start};
use std::path::Path;

const GOOD: [&str; 12] = [
    "HKX1",
    "Thôn Gò Chè",
    "Phạm Văn Tư",
    "01/02/1980",
    "Nam",
    "051080123456",
    "",
    "Kinh",
    "Chủ hộ",
    "T001",
    "Nghèo",
    "",
];

fn workbook(path: &Path, second_cccd: &str) -> Result {
    let second = [
        "HKX2",
        "Thôn Gò Chè",
        "Lê Thị Năm",
        "05/05/1975",
        "Nữ",
        second_cccd,
        "",
        "Kinh",
        "Chủ hộ",
        "T001",
        "Cận nghèo",
        "",
    ];
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in [vonxa_store::import::COLUMNS, GOOD, second]
        .iter()
        .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            sheet.write_string(u32::try_from(r)?, u16::try_from(c)?, *v)?;
        }
    }
    book.save(path)?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
#[ignore = "needs Xvfb, tauri-driver and the built app: run scripts/e2e.sh"]
async fn an_import_with_a_bad_row_reports_it_and_the_fixed_file_imports() -> Result {
    let files = tempfile::tempdir()?;
    let bad = files.path().join("ho-gia-dinh-loi.xlsx");
    let fixed = files.path().join("ho-gia-dinh.xlsx");
    workbook(&bad, "123")?;
    workbook(&fixed, "051175123456")?;

    let app = App::start().await?;
    let result = async {
        first_start(&app).await?;
        app.click("[data-testid=nav-import]").await?;
        let input = app.wait_for("#f-file").await?;
        input.send_keys(&bad.to_string_lossy()).await?;
        app.click("[data-testid=import-form] [data-testid=save]")
            .await?;
        let report = app
            .wait_text(
                "[data-testid=import-report]",
                "Không nhập: 1 lỗi trong 2 dòng.",
            )
            .await?;
        assert!(
            report.contains("Số CCCD phải có đúng 12 chữ số"),
            "{report}"
        );
        let cells = app.texts("[data-testid=import-report] tbody td").await?;
        assert_eq!(
            cells[..2],
            ["3".to_owned(), "Số CCCD".to_owned()],
            "{cells:?}"
        );

        app.find("#f-file")
            .await?
            .send_keys(&fixed.to_string_lossy())
            .await?;
        app.click("[data-testid=import-form] [data-testid=save]")
            .await?;
        app.wait_text(
            "[data-testid=import-report]",
            "Đã nhập 2 hộ, 2 nhân khẩu từ 2 dòng.",
        )
        .await?;
        app.click("[data-testid=nav-households]").await?;
        app.type_into("[data-testid=search]", "pham van tu").await?;
        app.wait_text("[data-testid=hits]", "Phạm Văn Tư").await?;
        Result::Ok(())
    }
    .await;
    app.stop().await?;
    result
}
