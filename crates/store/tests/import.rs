//! Import from .xlsx: all rows validated first; one bad row imports nothing and is named.
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use vonxa_domain::Code;
use vonxa_store::import::COLUMNS;

type Row<'a> = [&'a str; 12];

fn workbook(rows: &[Row<'_>]) -> Vec<u8> {
    xlsx(&COLUMNS, rows)
}

const GOOD: [Row<'static>; 3] = [
    [
        "NK0001",
        "Thôn Gò Chè",
        "Nguyễn Văn Nam",
        "12/04/1975",
        "Nam",
        "051075123401",
        "0912345678",
        "Kinh",
        "Chủ hộ",
        "T001",
        "Nghèo",
        "",
    ],
    [
        "NK0001",
        "Thôn Gò Chè",
        "Lê Thị Hoa",
        "03/09/1978",
        "Nữ",
        "051178123402",
        "",
        "Kinh",
        "Vợ",
        "T001",
        "Nghèo",
        "",
    ],
    [
        "NK0002",
        "thon du binh",
        "Đinh Văn Lây",
        "20/01/1969",
        "Nam",
        "",
        "",
        "H're",
        "Chủ hộ",
        "T002",
        "Mới thoát nghèo",
        "15/06/2024",
    ],
];

#[test]
fn a_good_file_imports_households_persons_status_and_membership() {
    let (mut f, _) = with_demo(45);
    let households = count(&f.store, "households");
    let changes = count(&f.store, "change_log");
    let report = f
        .store
        .import_households_xlsx(&f.admin, &workbook(&GOOD))
        .unwrap();
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert!(report.imported);
    assert_eq!((report.rows, report.households, report.persons), (3, 2, 3));
    assert_eq!(count(&f.store, "households"), households + 2);
    // 2 households + 3 persons + 2 statuses + 2 memberships, each logged as an import.
    assert_eq!(count(&f.store, "change_log"), changes + 9);
    let origin: i64 = f
        .store
        .connection()
        .query_row("SELECT count(*) FROM change_log WHERE origin = 'import' AND entity = 'person' AND payload LIKE '%1969-01-20%' AND payload LIKE '%Lây%'", [], |r| r.get(0))
        .unwrap();
    assert_eq!(origin, 1);
    let hits = f.store.search_households("dinh van lay", 100).unwrap();
    assert!(
        hits.iter()
            .any(|h| h.customer_code.as_deref() == Some("NK0002"))
    );
    let by_code = f.store.search_households("nk0002", 5).unwrap();
    assert_eq!(by_code.len(), 1);
    assert_eq!(by_code[0].head_name.as_deref(), Some("Đinh Văn Lây"));
}

#[test]
fn one_bad_row_imports_nothing_and_names_the_row_and_reason() {
    let (mut f, _) = with_demo(45);
    let tables = [
        "households",
        "persons",
        "memberships",
        "poverty_status",
        "change_log",
    ];
    let before: Vec<i64> = tables.iter().map(|t| count(&f.store, t)).collect();
    let mut rows = GOOD.to_vec();
    // Row 3 of the sheet: a CCCD whose century digit says born in the 2000s, for a 1978 birth.
    rows[1][5] = "051378123402";
    let report = f
        .store
        .import_households_xlsx(&f.admin, &workbook(&rows))
        .unwrap();
    assert!(!report.imported);
    assert_eq!(report.errors.len(), 1, "{:?}", report.errors);
    let e = &report.errors[0];
    assert_eq!(
        (e.row, e.column.as_str(), e.code),
        (3, "Số CCCD", Code::CccdCenturyMismatch)
    );
    assert!(e.message.contains("thế kỷ"));
    let after: Vec<i64> = tables.iter().map(|t| count(&f.store, t)).collect();
    assert_eq!(before, after, "nothing imported");
}

#[test]
fn every_bad_row_is_reported() {
    let (mut f, _) = with_demo(45);
    let mut rows = GOOD.to_vec();
    rows[0][2] = "";
    rows[2][9] = "T999";
    rows.push([
        "NK0003",
        "Thôn Không Có",
        "Phạm Thị Mía",
        "01/01/1990",
        "Nữ",
        "",
        "",
        "",
        "Chủ hộ",
        "T001",
        "Cận nghèo",
        "",
    ]);
    rows.push([
        "NK0004",
        "Thôn Gò Chè",
        "Hồ Văn Kơ",
        "31/02/1990",
        "Nam",
        "",
        "",
        "",
        "Chủ hộ",
        "T001",
        "Nghèo",
        "",
    ]);
    let report = f
        .store
        .import_households_xlsx(&f.admin, &workbook(&rows))
        .unwrap();
    let got: Vec<(usize, &str, Code)> = report
        .errors
        .iter()
        .map(|e| (e.row, e.column.as_str(), e.code))
        .collect();
    assert_eq!(
        got,
        vec![
            (2, "Họ và tên", Code::Required),
            (4, "Mã tổ", Code::NotFound),
            (5, "Thôn", Code::NotFound),
            (6, "Ngày sinh", Code::InvalidFormat),
        ]
    );
    assert!(!report.imported);
}

#[test]
fn a_file_with_the_wrong_header_is_refused() {
    let (mut f, _) = with_demo(3);
    let mut wb = rust_xlsxwriter::Workbook::new();
    wb.add_worksheet().write_string(0, 0, "Tên").unwrap();
    let err = f
        .store
        .import_households_xlsx(&f.admin, &wb.save_to_buffer().unwrap())
        .unwrap_err();
    assert!(err.to_string().contains("Mã hộ"));
    assert!(
        f.store
            .import_households_xlsx(&f.admin, b"not a spreadsheet")
            .is_err()
    );
}
