//! The commune's annual poverty list: review against the store, apply as dated status records,
//! and the newly-escaped households without a loan in their programme.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::Days;
use common::*;
use vonxa_domain::Code;
use vonxa_domain::reference::review::{Finding, ListSource};
use vonxa_domain::reference::rules::status_on;
use vonxa_domain::reference::{PovertyCategory, PovertyStatus};
use vonxa_store::import::poverty::LIST_COLUMNS;
use vonxa_store::outreach::escaped_without_loan;
use vonxa_store::queries::docs;

fn workbook(rows: &[[&str; 5]]) -> Vec<u8> {
    xlsx(&LIST_COLUMNS, rows)
}

fn current(f: &Fixture, h: &str) -> Option<PovertyStatus> {
    let history: Vec<PovertyStatus> = docs(
        f.store.connection(),
        "SELECT doc FROM poverty_status WHERE household_id = ?1",
        [h],
    )
    .unwrap();
    status_on(&history, today()).cloned()
}

#[test]
fn a_list_is_reviewed_then_applied_as_dated_statuses() {
    let (mut f, demo) = with_demo(45);
    let commune = demo.villages[0].commune_code.clone();
    let in_force = |cat: PovertyCategory| -> Vec<String> {
        demo.households
            .iter()
            .filter(|h| {
                let mine: Vec<PovertyStatus> = demo
                    .statuses
                    .iter()
                    .filter(|s| s.household_id == h.id)
                    .cloned()
                    .collect();
                status_on(&mine, today()).is_some_and(|s| s.category == cat)
            })
            .map(|h| h.customer_code.clone().unwrap())
            .collect()
    };
    let poor = in_force(PovertyCategory::Poor);
    let near = in_force(PovertyCategory::NearPoor);
    let other = in_force(PovertyCategory::AverageLiving);
    assert!(
        poor.len() >= 2 && !other.is_empty(),
        "the demo has a spread"
    );
    // The head of the "other" household is matched by CCCD, not by code.
    let h_other = demo
        .households
        .iter()
        .find(|h| h.customer_code.as_ref() == Some(&other[0]))
        .unwrap();
    let head = demo
        .persons
        .iter()
        .find(|p| Some(p.id) == h_other.head_person_id)
        .unwrap();
    let cccd = head.id_number.clone().unwrap();
    let rows = [
        [poor[0].as_str(), "", "", "", "Nghèo"],
        [poor[1].as_str(), "", "", "", "Cận nghèo"],
        ["", "Người Lạ", cccd.as_str(), "", "Hộ nghèo"],
        ["XX999", "Trần Văn Không", "", "Thôn Mới", "Nghèo"],
    ];
    let bytes = workbook(&rows);
    let source = ListSource {
        date: today(),
        year: 2026,
        decision_ref: Some("QĐ 45/QĐ-UBND".into()),
    };
    let before = count(&f.store, "poverty_status");
    let review = f
        .store
        .review_poverty_list(&commune, &source, &bytes)
        .unwrap();
    assert!(review.errors.is_empty(), "{:?}", review.errors);
    assert_eq!((review.rows, review.unchanged, review.applied), (4, 1, 0));
    assert_eq!(
        count(&f.store, "poverty_status"),
        before,
        "a review writes nothing"
    );
    let find = |row: usize| review.lines.iter().find(|l| l.row == Some(row)).unwrap();
    assert_eq!(
        find(3).finding,
        Finding::Changed {
            from: PovertyCategory::Poor,
            to: PovertyCategory::NearPoor
        }
    );
    assert_eq!(
        find(4).finding,
        Finding::Listed {
            to: PovertyCategory::Poor
        }
    );
    assert_eq!(find(4).customer_code.as_ref(), Some(&other[0]));
    assert_eq!(find(5).finding, Finding::NotFound);
    assert_eq!(find(5).head_name, "Trần Văn Không");
    let left: Vec<&str> = review
        .lines
        .iter()
        .filter(|l| matches!(l.finding, Finding::Left { .. }))
        .map(|l| l.customer_code.as_deref().unwrap())
        .collect();
    // Every poor or near-poor household of the commune not on the list has left it.
    let expected = poor.len() - 2 + near.len();
    assert_eq!(left.len(), expected);
    assert!(left.contains(&near[0].as_str()));

    let applied = f
        .store
        .apply_poverty_list(&f.admin, &commune, &source, &bytes)
        .unwrap();
    assert_eq!(applied.applied, 2 + expected);
    assert_eq!(
        count(&f.store, "poverty_status"),
        before + 2 + expected as i64
    );
    let id_of = |code: &str| {
        demo.households
            .iter()
            .find(|h| h.customer_code.as_deref() == Some(code))
            .unwrap()
            .id
            .to_string()
    };
    let changed = current(&f, &id_of(&poor[1])).unwrap();
    assert_eq!(changed.category, PovertyCategory::NearPoor);
    assert_eq!(changed.decision_ref.as_deref(), Some("QĐ 45/QĐ-UBND"));
    let escaped = current(&f, &id_of(&near[0])).unwrap();
    assert_eq!(
        (escaped.category, escaped.escaped_on),
        (PovertyCategory::NewlyEscaped, Some(today()))
    );
    // Applied through the change log, so they sync.
    let logged: i64 = f
        .store
        .connection()
        .query_row(
            "SELECT count(*) FROM change_log WHERE entity = 'poverty_status' AND payload LIKE '%QĐ 45/QĐ-UBND%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(logged, 2 + expected as i64);

    // The same list again: only the unknown line remains.
    let again = f
        .store
        .review_poverty_list(&commune, &source, &bytes)
        .unwrap();
    assert_eq!(again.lines.len(), 1);
    assert_eq!(again.unchanged, 3);

    // Those who just left are newly escaped without a loan: the outreach list names them.
    let list = escaped_without_loan(f.store.connection(), today()).unwrap();
    let h = list
        .iter()
        .find(|e| e.customer_code.as_ref() == Some(&near[0]))
        .expect("a household that just left the list is on it");
    assert_eq!(h.escaped_on, today());
    assert_eq!(
        h.eligible_until,
        today().checked_add_months(chrono::Months::new(36)).unwrap()
    );
    assert!(!h.application_open);
    // Not yet on the list the day before it left.
    let earlier = escaped_without_loan(f.store.connection(), today() - Days::new(1)).unwrap();
    assert!(
        earlier
            .iter()
            .all(|e| e.customer_code.as_ref() != Some(&near[0]))
    );
}

#[test]
fn a_bad_line_applies_nothing_and_a_future_list_is_refused() {
    let (mut f, demo) = with_demo(45);
    let commune = demo.villages[0].commune_code.clone();
    let code = demo.households[0].customer_code.clone().unwrap();
    let code2 = demo.households[1].customer_code.clone().unwrap();
    let bytes = workbook(&[
        [code.as_str(), "", "", "", "Khá giả"],
        ["", "Không mã", "", "", "Nghèo"],
        [code2.as_str(), "", "", "", "Nghèo"],
        [code2.as_str(), "", "", "", "Cận nghèo"],
    ]);
    let source = ListSource {
        date: today(),
        year: 2026,
        decision_ref: None,
    };
    let before = count(&f.store, "poverty_status");
    let r = f
        .store
        .apply_poverty_list(&f.admin, &commune, &source, &bytes)
        .unwrap();
    let errors: Vec<(usize, &str, Code)> = r
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect();
    assert_eq!(
        errors,
        vec![
            (2, "Diện hộ", Code::InvalidValue),
            (3, "Mã hộ", Code::Required),
            (5, "Mã hộ", Code::Duplicate)
        ]
    );
    assert_eq!(r.applied, 0);
    assert_eq!(count(&f.store, "poverty_status"), before);

    let future = ListSource {
        date: today() + Days::new(1),
        ..source
    };
    let err = f
        .store
        .review_poverty_list(&commune, &future, &workbook(&[]))
        .unwrap_err();
    assert!(err.to_string().contains("date"), "{err}");
    let err = f
        .store
        .apply_poverty_list(&f.admin, &commune, &future, &workbook(&[]))
        .unwrap_err();
    assert!(err.to_string().contains("date"), "{err}");
    assert_eq!(count(&f.store, "poverty_status"), before);
}
