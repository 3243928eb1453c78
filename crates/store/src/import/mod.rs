//! Import of households, persons, poverty status and memberships from an .xlsx file (one row
//! per person, grouped into households by the customer code). Every row is validated first;
//! a file with any bad row imports nothing and the report names each bad row and its reason.

use crate::Store;
use crate::error::{StoreError, StoreResult};
use calamine::{Data, Reader, Xlsx};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use uuid::Uuid;
use vonxa_domain::entity::{Op, Origin};
use vonxa_domain::reference::*;
use vonxa_domain::user::User;
use vonxa_domain::*;

mod parse;
pub mod poverty;
use parse::{cell_text, error, group_households, parse_row};

/// The header row, in order. Also used to write the template.
pub const COLUMNS: [&str; 12] = [
    "Mã hộ",
    "Thôn",
    "Họ và tên",
    "Ngày sinh",
    "Giới tính",
    "Số CCCD",
    "Điện thoại",
    "Dân tộc",
    "Quan hệ với chủ hộ",
    "Mã tổ",
    "Diện hộ",
    "Ngày thoát nghèo",
];

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    /// The spreadsheet row number (the header is row 1).
    pub row: usize,
    pub column: String,
    pub code: Code,
    pub message: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportReport {
    pub rows: usize,
    pub households: usize,
    pub persons: usize,
    pub errors: Vec<RowError>,
    pub imported: bool,
}

struct Row {
    line: usize,
    code: String,
    person: Person,
    village: VillageId,
    group: GroupId,
    head: bool,
    status: (PovertyCategory, Option<NaiveDate>),
}

/// The first sheet of a workbook whose header row is exactly `columns` (row 1 is the header).
fn first_sheet(bytes: &[u8], columns: &[&str]) -> StoreResult<calamine::Range<Data>> {
    let mut book: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| StoreError::Import(e.to_string()))?;
    let sheet = book
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| StoreError::Import("empty workbook".into()))?;
    let range = book
        .worksheet_range(&sheet)
        .map_err(|e| StoreError::Import(e.to_string()))?;
    let header: Vec<String> = range
        .rows()
        .next()
        .map(|r| r.iter().map(cell_text).collect())
        .unwrap_or_default();
    if header.iter().map(|h| h.trim()).ne(columns.iter().copied()) {
        return Err(StoreError::Import(format!(
            "the header row must be: {}",
            columns.join(" | ")
        )));
    }
    Ok(range)
}

impl Store {
    /// Validate the whole file, then import it in one transaction, or nothing.
    pub fn import_households_xlsx(
        &mut self,
        actor: &User,
        bytes: &[u8],
    ) -> StoreResult<ImportReport> {
        let today = self.today();
        let range = first_sheet(bytes, &COLUMNS)?;
        let mut rows = range.rows();
        rows.next();
        let villages = self.name_index("SELECT id, name FROM villages")?;
        let groups = self.name_index("SELECT id, code FROM groups")?;
        let mut report = ImportReport::default();
        let mut parsed = Vec::new();
        let mut seen_ids = HashSet::new();
        for (i, cells) in rows.enumerate() {
            let line = i + 2;
            if cells.iter().all(|c| matches!(c, Data::Empty)) {
                continue;
            }
            report.rows += 1;
            match parse_row(line, cells, today, &villages, &groups) {
                Ok(row) => {
                    if let Some(n) = &row.person.id_number {
                        let dup_in_db = crate::queries::other_with(
                            self.connection(),
                            "persons",
                            "id_number",
                            n,
                            "",
                        )?;
                        if !seen_ids.insert(n.clone()) || dup_in_db {
                            report.errors.push(error(line, 5, Code::Duplicate));
                            continue;
                        }
                    }
                    parsed.push(row)
                }
                Err(e) => report.errors.push(e),
            }
        }
        let households = group_households(&parsed, &mut report.errors);
        for members in households.values() {
            let hid = HouseholdId(Uuid::now_v7());
            for &i in members {
                parsed[i].person.household_id = hid;
            }
        }
        for code in households.keys() {
            if crate::queries::other_with(
                self.connection(),
                "households",
                "customer_code",
                code,
                "",
            )? {
                let line = parsed
                    .iter()
                    .find(|r| &r.code == code)
                    .map_or(0, |r| r.line);
                report.errors.push(error(line, 0, Code::Duplicate));
            }
        }
        report.errors.sort_by_key(|e| e.row);
        if !report.errors.is_empty() {
            return Ok(report);
        }
        let point = self.point_of_villages(&parsed)?;
        let result = self.record_batch(|b| {
            for (code, members) in &households {
                let first = &parsed[members[0]];
                let hid = first.person.household_id;
                let head = members
                    .iter()
                    .map(|&i| &parsed[i])
                    .find(|r| r.head)
                    .map(|r| r.person.id);
                let imp = Origin::Import;
                let point_id = point
                    .get(&first.village)
                    .copied()
                    .ok_or_else(|| StoreError::Import(code.clone()))?;
                let household = Household {
                    kin: Vec::new(),
                    id: hid,
                    customer_code: Some(code.clone()),
                    village_id: first.village,
                    point_id,
                    address: None,
                    head_person_id: head,
                };
                b.record(actor, Op::Insert, household, imp)?;
                for &i in members {
                    b.record(actor, Op::Insert, parsed[i].person.clone(), imp)?;
                }
                let (category, escaped_on) = first.status;
                let status = PovertyStatus {
                    id: PovertyStatusId(Uuid::now_v7()),
                    household_id: hid,
                    category,
                    valid_from: escaped_on.unwrap_or(today),
                    escaped_on,
                    list_year: None,
                    decision_ref: None,
                };
                b.record(actor, Op::Insert, status, imp)?;
                let membership = Membership {
                    id: MembershipId(Uuid::now_v7()),
                    household_id: hid,
                    group_id: first.group,
                    joined_on: today,
                    left_on: None,
                    left_reason: None,
                };
                b.record(actor, Op::Insert, membership, imp)?;
            }
            Ok(())
        });
        match result {
            Ok(_) => {
                report.households = households.len();
                report.persons = parsed.len();
                report.imported = true;
            }
            Err(StoreError::Domain(e)) => {
                report.errors.push(RowError {
                    row: 0,
                    column: e.field().unwrap_or("").to_owned(),
                    code: e.code(),
                    message: e.code().message_vi().to_owned(),
                });
            }
            Err(e) => return Err(e),
        }
        Ok(report)
    }

    fn name_index(&self, sql: &str) -> StoreResult<HashMap<String, Uuid>> {
        let mut stmt = self.connection().prepare(sql)?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(1)?, r.get::<_, String>(0)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (name, id) = row?;
            if let Ok(id) = id.parse() {
                out.insert(vonxa_domain::text::fold(&name), id);
            }
        }
        Ok(out)
    }

    fn point_of_villages(&self, rows: &[Row]) -> StoreResult<HashMap<VillageId, PointId>> {
        let mut out = HashMap::new();
        for r in rows {
            if out.contains_key(&r.village) {
                continue;
            }
            let v: Village = crate::records::load(self.connection(), r.village.as_uuid())?;
            out.insert(r.village, v.point_id);
        }
        Ok(out)
    }
}
