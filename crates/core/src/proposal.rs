//! The 03/TD list of a meeting: the applications it approved, with what the printed form shows.

use crate::contract::{
    BankDecisionInfo, CertificationInfo, ProposalLine, ProposalList, ProposalSheet,
};
use crate::credit::info;
use crate::error::{CoreResult, IpcError};
use crate::{App, map};
use vonxa_domain::credit::application::Event;
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::meeting::Decision;
use vonxa_domain::credit::rate::rate_on;
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::credit::vetting::{Meeting, VettingDecision};
use vonxa_domain::reference::rules::status_on;
use vonxa_domain::reference::{
    Group, Household, Organisation, Point, PovertyCategory, PovertyStatus, Village,
};
use vonxa_domain::*;
use vonxa_store::Store;
use vonxa_store::queries::docs;
use vonxa_store::records::load;

fn sheet(store: &Store, id: MeetingId) -> CoreResult<ProposalSheet> {
    let conn = store.connection();
    let m: Meeting = load(conn, id.as_uuid())?;
    let g: Group = load(conn, m.group_id.as_uuid())?;
    let org: Organisation = load(conn, g.organisation_id.as_uuid())?;
    let point: Point = load(conn, g.point_id.as_uuid())?;
    let commune: Option<String> = conn
        .query_row(
            "SELECT name FROM admin_units WHERE code = ?1",
            [&org.commune_code],
            |r| r.get(0),
        )
        .ok();
    let decisions: Vec<VettingDecision> = docs(
        conn,
        "SELECT doc FROM vetting_decisions WHERE meeting_id = ?1 ORDER BY rowid",
        [id.to_string()],
    )?;
    let table = vonxa_store::credit::programme_table(conn)?;
    let mut lines = Vec::new();
    for d in decisions
        .iter()
        .filter(|d| matches!(d.decision, Decision::Approve | Decision::ApproveReduced))
    {
        let app: Application = load(conn, d.application_id.as_uuid())?;
        let h: Household = load(conn, app.household_id.as_uuid())?;
        let village: Village = load(conn, h.village_id.as_uuid())?;
        let poverty: Vec<PovertyStatus> = docs(
            conn,
            "SELECT doc FROM poverty_status WHERE household_id = ?1",
            [h.id.to_string()],
        )?;
        let moves: Vec<StatusChange> = docs(
            conn,
            "SELECT doc FROM application_status WHERE application_id = ?1 ORDER BY rowid",
            [app.id.to_string()],
        )?;
        let purpose = app
            .programme_in(&table)
            .and_then(|p| p.purposes.into_iter().find(|x| x.code == app.purpose_code))
            .map_or_else(|| app.purpose_code.clone(), |p| p.name_vi);
        lines.push(ProposalLine {
            customer_code: h.customer_code.clone(),
            village_name: village.name,
            category: status_on(&poverty, app.applied_on).map(|s| s.category.into()),
            purpose_name: purpose,
            amount: d.approved_amount.unwrap_or(d.requested).as_dong(),
            certification: certification(&moves),
            bank: bank_decision(&moves, &app, &table),
            application: info(store, &app)?,
        });
    }
    let lists = by_programme(lines, &table)?;
    let total = Money::checked_sum(lists.iter().map(|l| Money::dong(l.total)))
        .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))?;
    Ok(ProposalSheet {
        meeting: crate::vetting::meeting_info(store, &m)?,
        group_name: g.name,
        organisation_name: org.name,
        commune_name: commune.unwrap_or(org.commune_code),
        point_name: point.name,
        lists,
        total: total.as_dong(),
    })
}

/// The lines split into one list per programme, in the programme table's order.
fn by_programme(lines: Vec<ProposalLine>, table: &ProgrammeTable) -> CoreResult<Vec<ProposalList>> {
    let mut lists: Vec<ProposalList> = Vec::new();
    for l in lines {
        let code = l.application.programme.clone();
        match lists.iter_mut().find(|x| x.programme == code) {
            Some(list) => list.lines.push(l),
            None => lists.push(ProposalList {
                programme_name: table
                    .programme(&code)
                    .map_or_else(|| code.clone(), |p| p.name_vi.clone()),
                programme: code,
                lines: vec![l],
                total: 0,
            }),
        }
    }
    let order = |code: &str| table.programmes.iter().position(|p| p.code == code);
    lists.sort_by_key(|l| order(&l.programme));
    for list in &mut lists {
        list.total = Money::checked_sum(list.lines.iter().map(|l| Money::dong(l.amount)))
            .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))?
            .as_dong();
    }
    Ok(lists)
}

/// The commune's latest word on a line, from its status changes.
fn certification(moves: &[StatusChange]) -> Option<CertificationInfo> {
    moves.iter().rev().find_map(|m| {
        let c = m.certification.as_ref()?;
        Some(CertificationInfo {
            certified: m.event == Event::CommuneCertify,
            paper_ref: c.paper_ref.clone(),
            signed_by: c.signed_by.clone(),
            on: m.on.to_string(),
        })
    })
}

/// The bank's decision on a line (04/TD), with the programme's rate in force on its day.
fn bank_decision(
    moves: &[StatusChange],
    app: &Application,
    table: &ProgrammeTable,
) -> Option<BankDecisionInfo> {
    let m = moves
        .iter()
        .rev()
        .find(|m| matches!(m.event, Event::BankApprove | Event::BankReject))?;
    let approved = m.event == Event::BankApprove;
    Some(BankDecisionInfo {
        approved,
        amount: m.amount.map(Money::as_dong),
        term_months: app.term_months,
        rate_ppm: approved
            .then(|| rate_on(&table.rates, &app.programme, m.on))
            .flatten()
            .map(|r| r.ppm()),
        reason: m.reason.clone(),
        on: m.on.to_string(),
    })
}

/// The 03/TD lists as a workbook: one sheet per programme with the form's heading, one row
/// per line (the commune's certification and the bank's decision once recorded), the total.
fn workbook(p: &ProposalSheet) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    for list in &p.lists {
        let ws = wb.add_worksheet();
        // Sheet names: at most 31 characters, no slashes.
        ws.set_name(
            format!("03-TD {}", list.programme)
                .chars()
                .take(31)
                .collect::<String>(),
        )?;
        ws.write_string(0, 10, "Mẫu số 03/TD")?;
        ws.write_string_with_format(
            1,
            0,
            "DANH SÁCH HỘ GIA ĐÌNH (TỔ VIÊN) ĐỀ NGHỊ VAY VỐN NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
            &bold,
        )?;
        ws.write_string(2, 0, format!("Chương trình: {}", list.programme_name))?;
        ws.write_string(
            3,
            0,
            format!(
                "Tổ TK&VV: {} · {} · Xã {} · Bình xét tại cuộc họp tổ ngày {}",
                p.group_name,
                p.organisation_name,
                p.commune_name,
                map::dmy(&p.meeting.held_on)
            ),
        )?;
        let header = [
            "STT",
            "Họ và tên người vay",
            "Mã khách hàng",
            "Thôn",
            "Đối tượng",
            "Chương trình",
            "Số tiền đề nghị vay (đồng)",
            "Mục đích sử dụng vốn vay",
            "Thời hạn (tháng)",
            "UBND xã xác nhận",
            "NHCSXH phê duyệt (đồng)",
            "Thời hạn duyệt (tháng)",
            "Lãi suất (%/năm)",
        ];
        for (c, h) in header.iter().enumerate() {
            ws.write_string_with_format(5, c as u16, *h, &bold)?;
        }
        let mut row = 6u32;
        for (i, l) in list.lines.iter().enumerate() {
            ws.write_number(row, 0, (i + 1) as f64)?;
            ws.write_string(row, 1, &l.application.representative_name)?;
            ws.write_string(row, 2, l.customer_code.as_deref().unwrap_or(""))?;
            ws.write_string(row, 3, &l.village_name)?;
            let category = l.category.map(|c| PovertyCategory::from(c).label_vi());
            ws.write_string(row, 4, category.unwrap_or_default())?;
            ws.write_string(row, 5, &list.programme_name)?;
            ws.write_number_with_format(row, 6, l.amount as f64, &money)?;
            ws.write_string(row, 7, &l.purpose_name)?;
            ws.write_number(row, 8, f64::from(l.application.term_months))?;
            if let Some(c) = &l.certification {
                let word = if c.certified {
                    "Xác nhận"
                } else {
                    "Không xác nhận"
                };
                ws.write_string(row, 9, format!("{word}: {} ({})", c.paper_ref, c.signed_by))?;
            }
            if let Some(b) = &l.bank {
                match b.amount {
                    Some(a) if b.approved => {
                        ws.write_number_with_format(row, 10, a as f64, &money)?;
                        ws.write_number(row, 11, f64::from(b.term_months))?;
                    }
                    _ => {
                        ws.write_string(
                            row,
                            10,
                            format!("Từ chối: {}", b.reason.as_deref().unwrap_or("")),
                        )?;
                    }
                }
                if let Some(r) = b.rate_ppm {
                    ws.write_number(row, 12, f64::from(r) / 10_000.0)?;
                }
            }
            row += 1;
        }
        ws.write_string_with_format(row, 1, "Tổng cộng", &bold)?;
        ws.write_number_with_format(row, 6, list.total as f64, &money)?;
        ws.set_column_width(1, 28)?;
        ws.set_column_width(5, 24)?;
        ws.set_column_width(6, 18)?;
        ws.set_column_width(7, 28)?;
        ws.set_column_width(9, 30)?;
    }
    wb.save_to_buffer()
}

impl App {
    pub fn proposal_sheet(&self, meeting_id: String) -> Result<ProposalSheet, IpcError> {
        self.with(|s| sheet(&s.store, map::id(&meeting_id, "meetingId")?))
    }

    /// Write the 03/TD list of a meeting as an .xlsx file in the `exports` folder beside the
    /// database; returns the file's path.
    pub fn export_proposal(&self, meeting_id: String) -> Result<String, IpcError> {
        let dir = self.data_dir().join("exports");
        self.with(|s| {
            let p = sheet(&s.store, map::id(&meeting_id, "meetingId")?)?;
            let bytes =
                workbook(&p).map_err(|e| crate::error::CoreError::Internal(e.to_string()))?;
            std::fs::create_dir_all(&dir)
                .map_err(|e| crate::error::CoreError::Internal(e.to_string()))?;
            let path = dir.join(format!(
                "03TD-{}-{}.xlsx",
                p.meeting.held_on,
                &p.meeting.id[..8]
            ));
            std::fs::write(&path, bytes)
                .map_err(|e| crate::error::CoreError::Internal(e.to_string()))?;
            Ok(path.display().to_string())
        })
    }
}
