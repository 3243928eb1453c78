//! The 03/TD list of a meeting: the applications it approved, with what the printed form shows.

use crate::contract::{ProposalLine, ProposalSheet};
use crate::credit::info;
use crate::error::{CoreResult, IpcError};
use crate::{App, map};
use vonxa_domain::credit::dossier::Application;
use vonxa_domain::credit::meeting::Decision;
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
        let purpose = app
            .programme_in(&vonxa_store::credit::programme_table(conn)?)
            .and_then(|p| p.purposes.into_iter().find(|x| x.code == app.purpose_code))
            .map_or_else(|| app.purpose_code.clone(), |p| p.name_vi);
        lines.push(ProposalLine {
            village_name: village.name,
            category: status_on(&poverty, app.applied_on).map(|s| s.category.into()),
            purpose_name: purpose,
            amount: d.approved_amount.unwrap_or(d.requested).as_dong(),
            application: info(store, &app)?,
        });
    }
    let total = Money::checked_sum(lines.iter().map(|l| Money::dong(l.amount)))
        .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))?;
    Ok(ProposalSheet {
        meeting: crate::vetting::meeting_info(store, &m)?,
        group_name: g.name,
        organisation_name: org.name,
        commune_name: commune.unwrap_or(org.commune_code),
        point_name: point.name,
        lines,
        total: total.as_dong(),
    })
}

/// The 03/TD list as a workbook: the form's heading, one row per line, the total.
fn workbook(p: &ProposalSheet) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("03-TD")?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    ws.write_string(0, 7, "Mẫu số 03/TD")?;
    ws.write_string_with_format(
        1,
        0,
        "DANH SÁCH HỘ GIA ĐÌNH (TỔ VIÊN) ĐỀ NGHỊ VAY VỐN NGÂN HÀNG CHÍNH SÁCH XÃ HỘI",
        &bold,
    )?;
    ws.write_string(
        2,
        0,
        format!(
            "Tổ TK&VV: {} · {} · Xã {}",
            p.group_name, p.organisation_name, p.commune_name
        ),
    )?;
    ws.write_string(
        3,
        0,
        format!("Bình xét tại cuộc họp tổ ngày {}", p.meeting.held_on),
    )?;
    let header = [
        "STT",
        "Họ và tên người vay",
        "Thôn",
        "Đối tượng",
        "Số tiền đề nghị vay (đồng)",
        "Mục đích sử dụng vốn vay",
        "Thời hạn (tháng)",
        "Chương trình",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(5, c as u16, *h, &bold)?;
    }
    let mut row = 6u32;
    for (i, l) in p.lines.iter().enumerate() {
        ws.write_number(row, 0, (i + 1) as f64)?;
        ws.write_string(row, 1, &l.application.representative_name)?;
        ws.write_string(row, 2, &l.village_name)?;
        ws.write_string(
            row,
            3,
            l.category
                .map(|c| PovertyCategory::from(c).label_vi())
                .unwrap_or_default(),
        )?;
        ws.write_number_with_format(row, 4, l.amount as f64, &money)?;
        ws.write_string(row, 5, &l.purpose_name)?;
        ws.write_number(row, 6, f64::from(l.application.term_months))?;
        ws.write_string(row, 7, &l.application.programme)?;
        row += 1;
    }
    ws.write_string_with_format(row, 1, "Tổng cộng", &bold)?;
    ws.write_number_with_format(row, 4, p.total as f64, &money)?;
    ws.set_column_width(1, 28)?;
    ws.set_column_width(4, 18)?;
    ws.set_column_width(5, 28)?;
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
