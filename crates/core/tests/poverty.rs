//! The poverty list use cases: named validation errors, review, apply, the outreach list.

mod common;

use vonxa_core::contract::*;
use vonxa_core::{App, IpcError};

fn app() -> (tempfile::TempDir, App) {
    common::started(true)
}

fn list(rows: &[[&str; 5]]) -> Vec<u8> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in vonxa_store::import::poverty::LIST_COLUMNS
        .iter()
        .enumerate()
    {
        sheet.write_string(0, c as u16, *h).expect("header");
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            sheet
                .write_string(r as u32 + 1, c as u16, *v)
                .expect("cell");
        }
    }
    book.save_to_buffer().expect("xlsx")
}

#[test]
fn a_list_is_reviewed_applied_and_feeds_the_outreach_list() {
    let (_dir, app) = app();
    let today = chrono::Local::now().date_naive().to_string();
    let commune = app.list_points().expect("points")[0].communes[0]
        .code
        .clone();
    // An empty list: every poor and near-poor household of the commune has left it.
    let input = |date: &str, commune: &str| PovertyListInput {
        commune_code: commune.into(),
        date: date.into(),
        decision_ref: Some(" QĐ 7/QĐ-UBND ".into()),
        bytes: list(&[["KHONGCO", "Ai Đó", "", "", "Nghèo"]]),
    };
    for (date, commune, field) in [
        ("", commune.as_str(), "date"),
        ("31/12/2026", &commune, "date"),
        ("2999-01-01", &commune, "date"),
        (today.as_str(), "", "communeCode"),
    ] {
        let e = app.review_poverty_list(input(date, commune));
        assert!(
            matches!(e, Err(IpcError::Validation { field: ref f, ref message, .. }) if f == field && !message.is_empty()),
            "{date} {commune}: {e:?}"
        );
    }
    let review = app
        .review_poverty_list(input(&today, &commune))
        .expect("review");
    assert_eq!(review.applied, 0);
    assert_eq!(review.lines[0].finding, ListFinding::NotFound);
    let left: Vec<&PovertyListLine> = review
        .lines
        .iter()
        .filter(|l| l.finding == ListFinding::Left)
        .collect();
    assert!(!left.is_empty());
    assert!(
        left.iter()
            .all(|l| l.to.is_none() && l.from.is_some() && !l.head_name.is_empty())
    );
    let before = app.escaped_without_loan().expect("outreach").len();
    let applied = app
        .apply_poverty_list(input(&today, &commune))
        .expect("apply");
    assert_eq!(applied.applied as usize, left.len());
    let after = app.escaped_without_loan().expect("outreach");
    assert_eq!(after.len(), before + left.len());
    let first = left[0].household_id.clone().expect("household");
    let row = after
        .iter()
        .find(|e| e.household_id == first)
        .expect("listed");
    assert_eq!(row.escaped_on, today);
    let detail = app.household_detail(first).expect("detail");
    assert!(
        format!("{detail:?}").contains("QĐ 7/QĐ-UBND"),
        "the decision is on the history"
    );
}
