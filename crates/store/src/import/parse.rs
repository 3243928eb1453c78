//! Parsing and cross-checking the rows of a household import file.

use super::{COLUMNS, Row, RowError};
use calamine::Data;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};
use uuid::Uuid;
use vonxa_domain::ident::Sex;
use vonxa_domain::reference::*;
use vonxa_domain::*;

pub(super) fn error(line: usize, col: usize, code: Code) -> RowError {
    RowError {
        row: line,
        column: COLUMNS[col].to_owned(),
        code,
        message: code.message_vi().to_owned(),
    }
}

pub(super) fn parse_row(
    line: usize,
    cells: &[Data],
    today: NaiveDate,
    villages: &HashMap<String, Uuid>,
    groups: &HashMap<String, Uuid>,
) -> Result<Row, RowError> {
    let text = |i: usize| {
        cells
            .get(i)
            .map(cell_text)
            .unwrap_or_default()
            .trim()
            .to_owned()
    };
    let code = text(0);
    if code.is_empty() {
        return Err(error(line, 0, Code::Required));
    }
    let village = villages
        .get(&vonxa_domain::text::fold(&text(1)))
        .ok_or_else(|| error(line, 1, Code::NotFound))?;
    let birth = cells
        .get(3)
        .and_then(cell_date)
        .ok_or_else(|| error(line, 3, Code::InvalidFormat))?;
    let sex = match vonxa_domain::text::fold(&text(4)).as_str() {
        "nam" => Sex::Male,
        "nu" => Sex::Female,
        _ => return Err(error(line, 4, Code::InvalidValue)),
    };
    let group = groups
        .get(&vonxa_domain::text::fold(&text(9)))
        .ok_or_else(|| error(line, 9, Code::NotFound))?;
    let category = match vonxa_domain::text::fold(&text(10)).as_str() {
        "ngheo" => PovertyCategory::Poor,
        "can ngheo" => PovertyCategory::NearPoor,
        "moi thoat ngheo" => PovertyCategory::NewlyEscaped,
        "trung binh" => PovertyCategory::AverageLiving,
        "" | "khac" => PovertyCategory::Other,
        _ => return Err(error(line, 10, Code::InvalidValue)),
    };
    let escaped = match cells.get(11) {
        None | Some(Data::Empty) => None,
        Some(c) => Some(cell_date(c).ok_or_else(|| error(line, 11, Code::InvalidFormat))?),
    };
    let relation = text(8);
    let head = vonxa_domain::text::fold(&relation) == "chu ho";
    let nonempty = |s: String| (!s.is_empty()).then_some(s);
    let person = Person {
        id: PersonId(Uuid::now_v7()),
        household_id: HouseholdId(Uuid::nil()),
        full_name: text(2),
        birth_date: birth,
        sex,
        id_number: nonempty(id_text(cells.get(5))),
        legacy_id_number: None,
        phone: nonempty(text(6)),
        ethnicity: nonempty(text(7)),
        relation: nonempty(relation),
    };
    let person = person.validate(today).map_err(|e| {
        let col = match e.field() {
            Some("fullName") => 2,
            Some("birthDate") => 3,
            Some("idNumber") => 5,
            Some("phone") => 6,
            _ => 8,
        };
        error(line, col, e.code())
    })?;
    let status = PovertyStatus {
        id: PovertyStatusId(Uuid::nil()),
        household_id: HouseholdId(Uuid::nil()),
        category,
        valid_from: escaped.unwrap_or(today),
        escaped_on: escaped,
        list_year: None,
        decision_ref: None,
    };
    status
        .validate(today)
        .map_err(|e| error(line, 11, e.code()))?;
    Ok(Row {
        line,
        code,
        person,
        village: VillageId(*village),
        group: GroupId(*group),
        head,
        status: (category, escaped),
    })
}

/// Give each household (rows sharing a code) one id; its rows must agree on village, group and
/// status, and name at most one head.
pub(super) fn group_households(
    rows: &[Row],
    errors: &mut Vec<RowError>,
) -> BTreeMap<String, Vec<usize>> {
    let mut by_code: BTreeMap<String, Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_code.entry(r.code.clone()).or_default().push(i);
    }
    for members in by_code.values() {
        let first = &rows[members[0]];
        let mut heads = 0;
        for &i in members {
            let r = &rows[i];
            if r.village != first.village {
                errors.push(error(r.line, 1, Code::InvalidValue));
            }
            if r.group != first.group {
                errors.push(error(r.line, 9, Code::AlreadyInGroup));
            }
            if r.status != first.status {
                errors.push(error(r.line, 10, Code::InvalidValue));
            }
            heads += usize::from(r.head);
            if heads > 1 && r.head {
                errors.push(error(r.line, 8, Code::Duplicate));
            }
        }
    }
    by_code
}

pub(super) fn cell_text(c: &Data) -> String {
    match c {
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => b.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::DateTime(d) => d.to_string(),
        Data::Error(_) | Data::Empty => String::new(),
    }
}

/// ID numbers typed as numbers lose their leading zero in Excel: put it back.
fn id_text(c: Option<&Data>) -> String {
    match c {
        Some(Data::Float(_) | Data::Int(_)) => {
            let s = cell_text(c.unwrap_or(&Data::Empty));
            if s.len() < 12 { format!("{s:0>12}") } else { s }
        }
        Some(c) => cell_text(c).trim().to_owned(),
        None => String::new(),
    }
}

/// A date typed as dd/mm/yyyy text or stored as an Excel date.
fn cell_date(c: &Data) -> Option<NaiveDate> {
    match c {
        Data::DateTime(d) => d.as_datetime().map(|dt| dt.date()),
        Data::String(s) => NaiveDate::parse_from_str(s.trim(), "%d/%m/%Y").ok(),
        Data::DateTimeIso(s) => NaiveDate::parse_from_str(&s[..s.len().min(10)], "%Y-%m-%d").ok(),
        _ => None,
    }
}
