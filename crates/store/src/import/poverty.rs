//! The commune's annual poverty list (.xlsx from the commune poverty board) against the store:
//! review the differences, then apply them as dated poverty-status records. The comparison
//! itself is the domain's (`reference::review`); this module reads the file, matches its lines
//! to households (customer code, else the head's CCCD) and writes the result.

use super::parse::cell_text;
use super::{RowError, first_sheet};
use crate::Store;
use crate::error::{StoreError, StoreResult};
use crate::queries::docs;
use calamine::Data;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use vonxa_domain::entity::{Op, Origin};
use vonxa_domain::reference::review::{self, Finding, ListLine, ListSource};
use vonxa_domain::reference::rules::status_on;
use vonxa_domain::reference::{PovertyCategory, PovertyStatus};
use vonxa_domain::user::User;
use vonxa_domain::{Code, HouseholdId};

/// The header row of the list, in order.
pub const LIST_COLUMNS: [&str; 5] = [
    "Mã hộ",
    "Họ và tên chủ hộ",
    "Số CCCD chủ hộ",
    "Thôn",
    "Diện hộ",
];

/// One difference, with what the officer needs to recognise the household.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewLine {
    /// The spreadsheet row (none for a household that left the list).
    pub row: Option<usize>,
    pub household_id: Option<HouseholdId>,
    pub customer_code: Option<String>,
    /// The head's name on record, or the name on the list for a line not found.
    pub head_name: String,
    pub village: String,
    pub finding: Finding,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListReview {
    pub rows: usize,
    /// Lines that cannot be read; with any, nothing can be applied.
    pub errors: Vec<RowError>,
    pub lines: Vec<ReviewLine>,
    pub unchanged: usize,
    /// Status records written (0 for a review).
    pub applied: usize,
}

struct Parsed {
    line: usize,
    code: String,
    name: String,
    id_number: String,
    village: String,
    category: PovertyCategory,
}

fn error(row: usize, col: usize, code: Code) -> RowError {
    RowError {
        row,
        column: LIST_COLUMNS[col].to_owned(),
        code,
        message: code.message_vi().to_owned(),
    }
}

fn parse(bytes: &[u8]) -> StoreResult<(usize, Vec<Parsed>, Vec<RowError>)> {
    let range = first_sheet(bytes, &LIST_COLUMNS)?;
    let (mut rows, mut parsed, mut errors) = (0, Vec::new(), Vec::new());
    for (i, cells) in range.rows().enumerate().skip(1) {
        if cells.iter().all(|c| matches!(c, Data::Empty)) {
            continue;
        }
        rows += 1;
        let line = i + 1;
        let text = |c: usize| {
            cells
                .get(c)
                .map(cell_text)
                .unwrap_or_default()
                .trim()
                .to_owned()
        };
        let category = match vonxa_domain::text::fold(&text(4)).as_str() {
            "ngheo" | "ho ngheo" => PovertyCategory::Poor,
            "can ngheo" | "ho can ngheo" => PovertyCategory::NearPoor,
            "" => {
                errors.push(error(line, 4, Code::Required));
                continue;
            }
            _ => {
                errors.push(error(line, 4, Code::InvalidValue));
                continue;
            }
        };
        let (code, id_number) = (text(0), text(2));
        if code.is_empty() && id_number.is_empty() {
            errors.push(error(line, 0, Code::Required));
            continue;
        }
        parsed.push(Parsed {
            line,
            code,
            name: text(1),
            id_number,
            village: text(3),
            category,
        });
    }
    Ok((rows, parsed, errors))
}

/// A household of the commune as the review shows it.
struct Known {
    code: Option<String>,
    head: String,
    village: String,
}

fn commune_households(
    conn: &Connection,
    commune: &str,
) -> StoreResult<HashMap<HouseholdId, Known>> {
    let mut stmt = conn.prepare(
        "SELECT h.id, h.customer_code, coalesce(p.full_name, ''), v.name
           FROM households h JOIN villages v ON v.id = h.village_id
           LEFT JOIN persons p ON p.id = h.head_person_id
          WHERE v.commune_code = ?1",
    )?;
    let rows = stmt.query_map([commune], |r| {
        Ok((
            r.get::<_, String>(0)?,
            Known {
                code: r.get(1)?,
                head: r.get(2)?,
                village: r.get(3)?,
            },
        ))
    })?;
    let mut out = HashMap::new();
    for row in rows {
        let (id, known) = row?;
        if let Ok(id) = id.parse() {
            out.insert(HouseholdId(id), known);
        }
    }
    Ok(out)
}

fn match_line(conn: &Connection, p: &Parsed) -> StoreResult<Option<HouseholdId>> {
    let by = |sql: &str, key: &str| -> StoreResult<Option<HouseholdId>> {
        let id: Option<String> = conn.query_row(sql, [key], |r| r.get(0)).optional()?;
        Ok(id.and_then(|s| s.parse().ok()).map(HouseholdId))
    };
    if !p.code.is_empty()
        && let Some(h) = by(
            "SELECT id FROM households WHERE customer_code = ?1",
            &p.code,
        )?
    {
        return Ok(Some(h));
    }
    if p.id_number.is_empty() {
        return Ok(None);
    }
    by(
        "SELECT household_id FROM persons WHERE id_number = ?1",
        &p.id_number,
    )
}

impl Store {
    /// Compare a commune's list with the statuses in force on its date; writes nothing.
    pub fn review_poverty_list(
        &self,
        commune: &str,
        source: &ListSource,
        bytes: &[u8],
    ) -> StoreResult<ListReview> {
        Ok(self.poverty_review(commune, source, bytes)?.0)
    }

    /// Review, then write one dated status record per difference in one transaction. A file
    /// with an unreadable line writes nothing (the review names the lines).
    pub fn apply_poverty_list(
        &mut self,
        actor: &User,
        commune: &str,
        source: &ListSource,
        bytes: &[u8],
    ) -> StoreResult<ListReview> {
        let (mut out, statuses) = self.poverty_review(commune, source, bytes)?;
        if !out.errors.is_empty() {
            return Ok(out);
        }
        out.applied = self.record_batch(|b| {
            for s in &statuses {
                b.record(actor, Op::Insert, s.clone(), Origin::Import)?;
            }
            Ok(())
        })?;
        Ok(out)
    }

    fn poverty_review(
        &self,
        commune: &str,
        source: &ListSource,
        bytes: &[u8],
    ) -> StoreResult<(ListReview, Vec<PovertyStatus>)> {
        let conn = self.connection();
        if source.date > self.today() {
            return Err(StoreError::Domain(vonxa_domain::DomainError::invalid(
                "date",
                Code::FutureDate,
            )));
        }
        let (rows, parsed, mut errors) = parse(bytes)?;
        let known = commune_households(conn, commune)?;
        let mut on_record = HashMap::new();
        for h in known.keys() {
            let history: Vec<PovertyStatus> = docs(
                conn,
                "SELECT doc FROM poverty_status WHERE household_id = ?1",
                [h.to_string()],
            )?;
            on_record.insert(*h, status_on(&history, source.date).map(|s| s.category));
        }
        let mut lines = Vec::new();
        let mut seen = HashSet::new();
        for p in &parsed {
            let household = match_line(conn, p)?;
            if household.is_some_and(|h| !seen.insert(h)) {
                errors.push(error(p.line, 0, Code::Duplicate));
                continue;
            }
            lines.push(ListLine {
                line: p.line,
                household,
                category: p.category,
            });
        }
        errors.sort_by_key(|e| e.row);
        let found = review::review(&lines, &on_record);
        let statuses = found
            .differences
            .iter()
            .filter_map(|d| review::status_for(d, source))
            .collect();
        let by_line: HashMap<usize, &Parsed> = parsed.iter().map(|p| (p.line, p)).collect();
        let lines = found
            .differences
            .iter()
            .map(|d| {
                let k = d.household.and_then(|h| known.get(&h));
                let p = d.line.and_then(|l| by_line.get(&l));
                ReviewLine {
                    row: d.line,
                    household_id: d.household,
                    customer_code: k
                        .and_then(|k| k.code.clone())
                        .or_else(|| p.map(|p| p.code.clone()).filter(|c| !c.is_empty())),
                    head_name: k.map_or_else(
                        || p.map(|p| p.name.clone()).unwrap_or_default(),
                        |k| k.head.clone(),
                    ),
                    village: k.map_or_else(
                        || p.map(|p| p.village.clone()).unwrap_or_default(),
                        |k| k.village.clone(),
                    ),
                    finding: d.finding,
                }
            })
            .collect();
        let review = ListReview {
            rows,
            errors,
            lines,
            unchanged: found.unchanged,
            applied: 0,
        };
        Ok((review, statuses))
    }
}
