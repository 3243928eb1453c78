//! The bank's list of disbursements as an Excel file: reading its lines (columns found by their
//! heading, accents and case ignored; amounts with or without thousands dots; dates as Excel
//! dates or dd/mm/yyyy text) and writing the template the console offers.

use super::ConsoleError;
use calamine::{Data, DataType, Reader, Xlsx};
use chrono::NaiveDate;
use serde::Deserialize;
use vonxa_domain::Code;
use vonxa_domain::text::fold;

/// The file's columns, found by their heading (any order, case and accents ignored).
pub const COLUMNS: [&str; 7] = [
    "Số khế ước",
    "Mã khách hàng",
    "Chương trình",
    "Số tiền (đồng)",
    "Ngày giải ngân",
    "Thời hạn (tháng)",
    "Mục đích",
];
/// The API's field for each column.
const FIELDS: [&str; 7] = [
    "contractNo",
    "customerCode",
    "programme",
    "amount",
    "disbursedOn",
    "termMonths",
    "purpose",
];
/// Lines in one file at most.
pub const MAX_LINES: usize = 5_000;

/// One disbursement as typed or read from a line of the file.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewLoan {
    pub contract_no: String,
    pub customer_code: String,
    pub programme: String,
    pub amount: i64,
    pub disbursed_on: Option<NaiveDate>,
    pub term_months: u32,
    #[serde(default)]
    pub purpose: String,
}

/// The API field of a column, for the file's errors.
pub fn field_of(column: usize) -> &'static str {
    FIELDS.get(column).copied().unwrap_or("file")
}

fn bad(field: &str, code: Code) -> ConsoleError {
    ConsoleError::Invalid {
        field: field.to_owned(),
        code,
    }
}

fn text(c: Option<&Data>) -> String {
    c.and_then(DataType::as_string)
        .unwrap_or_default()
        .trim()
        .to_owned()
}

/// Đồng as an integer: a number, or text like "30.000.000" or "30 000 000 đ".
fn amount(c: Option<&Data>) -> Option<i64> {
    match c? {
        Data::Int(i) => Some(*i),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => Some(*f as i64),
        Data::String(s) => {
            let digits: String = s
                .trim()
                .trim_end_matches('đ')
                .chars()
                .filter(|c| !matches!(c, '.' | ' ' | '\u{a0}'))
                .collect();
            digits.parse().ok()
        }
        _ => None,
    }
}

fn date(c: Option<&Data>) -> Option<NaiveDate> {
    match c? {
        Data::String(s) => NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y").ok(),
        other => other.as_date(),
    }
}

/// The lines of the file's first sheet, numbered as Excel numbers rows.
pub fn read(bytes: &[u8]) -> Result<Vec<(usize, NewLoan)>, ConsoleError> {
    let mut book = Xlsx::new(std::io::Cursor::new(bytes.to_vec()))
        .map_err(|_| bad("file", Code::InvalidFormat))?;
    let sheet = book
        .worksheet_range_at(0)
        .ok_or_else(|| bad("file", Code::Required))?
        .map_err(|_| bad("file", Code::InvalidFormat))?;
    let mut rows = sheet.rows();
    let heading: Vec<String> = rows
        .next()
        .ok_or_else(|| bad("file", Code::Required))?
        .iter()
        .map(|c| fold(&text(Some(c))))
        .collect();
    let mut at = [0usize; COLUMNS.len()];
    for (i, name) in COLUMNS.iter().enumerate() {
        at[i] = heading
            .iter()
            .position(|h| *h == fold(name))
            .ok_or_else(|| bad(field_of(i), Code::Required))?;
    }
    let mut out = Vec::new();
    for (i, row) in rows.enumerate() {
        let cell = |col: usize| row.get(at[col]);
        if row.iter().all(|c| text(Some(c)).is_empty()) {
            continue;
        }
        if out.len() == MAX_LINES {
            return Err(bad("file", Code::TooLong));
        }
        out.push((
            i + 2,
            NewLoan {
                contract_no: text(cell(0)),
                customer_code: text(cell(1)),
                programme: text(cell(2)).to_uppercase(),
                amount: amount(cell(3)).unwrap_or(0),
                disbursed_on: date(cell(4)),
                term_months: cell(5)
                    .and_then(DataType::as_i64)
                    .and_then(|m| u32::try_from(m).ok())
                    .unwrap_or(0),
                purpose: text(cell(6)),
            },
        ));
    }
    Ok(out)
}

/// The template: the heading, one example line and the columns' widths.
pub fn template() -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Giải ngân")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (i, name) in COLUMNS.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(0);
        sheet.write_string_with_format(0, col, *name, &bold)?;
        sheet.set_column_width(col, 20)?;
    }
    let example = [
        "HN-2026-000123",
        "KH0001234",
        "HN",
        "30.000.000",
        "15/12/2026",
        "36",
        "Chăn nuôi bò sinh sản",
    ];
    for (i, v) in example.iter().enumerate() {
        sheet.write_string(1, u16::try_from(i).unwrap_or(0), *v)?;
    }
    book.save_to_buffer()
}
