//! The checks of a group's or an organisation's loans made in a period, as an .xlsx workbook
//! (one row per check, corrections and the checks they replaced marked).

use crate::contract::{CheckMethod, CheckOutcome, ExportChecks, FundCheckInfo};
use crate::error::{CoreError, CoreResult, IpcError};
use crate::funduse::loan_check_infos;
use crate::{App, map};
use vonxa_store::Store;
use vonxa_store::funduse::loans_of;

struct Line {
    contract_no: String,
    borrower: String,
    principal: i64,
    disbursed_on: String,
    check: FundCheckInfo,
}

fn lines(store: &Store, q: &ExportChecks) -> CoreResult<Vec<Line>> {
    let from = map::date(&q.from, "from")?;
    let to = map::date(&q.to, "to")?;
    let (from, to) = (map::iso(from), map::iso(to));
    let group = q
        .group_id
        .as_deref()
        .map(|g| map::id(g, "groupId"))
        .transpose()?;
    let org = q
        .organisation_id
        .as_deref()
        .map(|o| map::id(o, "organisationId"))
        .transpose()?;
    let mut out = Vec::new();
    for (loan, _) in loans_of(store.connection(), group, org)? {
        let borrower = crate::funduse::borrower_name(store, &loan).unwrap_or_default();
        for c in loan_check_infos(store, loan.id)? {
            if c.checked_on < from || c.checked_on > to {
                continue;
            }
            out.push(Line {
                contract_no: loan.contract_no.clone(),
                borrower: borrower.clone(),
                principal: loan.principal.as_dong(),
                disbursed_on: map::iso(loan.disbursed_on),
                check: c,
            });
        }
    }
    out.sort_by(|a, b| {
        (&a.check.checked_on, &a.contract_no).cmp(&(&b.check.checked_on, &b.contract_no))
    });
    Ok(out)
}

fn outcome_vi(o: CheckOutcome) -> &'static str {
    match o {
        CheckOutcome::UsedAsIntended => "Đúng mục đích",
        CheckOutcome::PartlyMisused => "Sai mục đích một phần",
        CheckOutcome::WhollyMisused => "Sai mục đích toàn bộ",
        CheckOutcome::NotYetUsed => "Chưa sử dụng",
        CheckOutcome::Fronted => "Vay ké",
        CheckOutcome::Absconded => "Bỏ trốn",
        CheckOutcome::DiedOrMissing => "Chết, mất tích",
        CheckOutcome::ObjectiveRisk => "Rủi ro khách quan",
    }
}

fn method_vi(m: CheckMethod) -> &'static str {
    match m {
        CheckMethod::HomeVisit => "Kiểm tra tại hộ",
        CheckMethod::GroupMeeting => "Đối chiếu công khai tại họp tổ",
        CheckMethod::TransactionSession => "Tại phiên giao dịch",
    }
}

fn workbook(q: &ExportChecks, lines: &[Line]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("06-TD")?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    ws.write_string_with_format(0, 0, "KẾT QUẢ KIỂM TRA SỬ DỤNG VỐN VAY (06/TD)", &bold)?;
    ws.write_string(1, 0, format!("Từ ngày {} đến ngày {}", q.from, q.to))?;
    let header = [
        "STT",
        "Số khế ước",
        "Người vay",
        "Ngày giải ngân",
        "Số tiền vay (đồng)",
        "Ngày kiểm tra",
        "Hình thức",
        "Mục đích vay",
        "Thực tế sử dụng",
        "Số tiền đúng mục đích (đồng)",
        "Kết quả",
        "Ghi chú",
        "Người vay xác nhận",
        "Biện pháp xử lý",
        "Người kiểm tra",
        "Ghi chú sửa đổi",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &bold)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let r = 4 + i as u32;
        let c = &l.check;
        ws.write_number(r, 0, (i + 1) as f64)?;
        ws.write_string(r, 1, &l.contract_no)?;
        ws.write_string(r, 2, &l.borrower)?;
        ws.write_string(r, 3, &l.disbursed_on)?;
        ws.write_number_with_format(r, 4, l.principal as f64, &money)?;
        ws.write_string(r, 5, &c.checked_on)?;
        ws.write_string(r, 6, method_vi(c.method))?;
        ws.write_string(r, 7, &c.stated_purpose)?;
        ws.write_string(r, 8, &c.observed_use)?;
        ws.write_number_with_format(r, 9, c.amount_as_intended as f64, &money)?;
        ws.write_string(r, 10, outcome_vi(c.outcome))?;
        ws.write_string(r, 11, c.notes.as_deref().unwrap_or_default())?;
        ws.write_string(
            r,
            12,
            if c.borrower_acknowledged {
                "Có"
            } else {
                "Không"
            },
        )?;
        ws.write_string(r, 13, c.follow_up.as_deref().unwrap_or_default())?;
        let who: Vec<String> = c
            .checkers
            .iter()
            .map(|k| format!("{} ({}, {})", k.name, k.role, k.organisation))
            .collect();
        ws.write_string(r, 14, who.join("; "))?;
        let note = match (&c.supersede_reason, &c.superseded_by) {
            (_, Some(_)) => "Đã được thay thế bằng biên bản sửa đổi".to_owned(),
            (Some(reason), None) => format!("Sửa đổi biên bản trước: {reason}"),
            (None, None) => String::new(),
        };
        ws.write_string(r, 15, note)?;
    }
    ws.set_column_width(2, 24)?;
    ws.set_column_width(8, 32)?;
    ws.set_column_width(14, 36)?;
    wb.save_to_buffer()
}

impl App {
    /// Write the checks of a group's or organisation's loans made in a period as an .xlsx file
    /// in the `exports` folder beside the database; returns the file's path.
    pub fn export_fund_checks(&self, q: ExportChecks) -> Result<String, IpcError> {
        let dir = self.data_dir().join("exports");
        self.with(|s| {
            let lines = lines(&s.store, &q)?;
            let internal = |e: String| CoreError::Internal(e);
            let bytes = workbook(&q, &lines).map_err(|e| internal(e.to_string()))?;
            std::fs::create_dir_all(&dir).map_err(|e| internal(e.to_string()))?;
            let scope = q
                .group_id
                .as_deref()
                .or(q.organisation_id.as_deref())
                .map_or("all".to_owned(), |id| id.chars().take(8).collect());
            let path = dir.join(format!("06TD-{scope}-{}-{}.xlsx", q.from, q.to));
            std::fs::write(&path, bytes).map_err(|e| internal(e.to_string()))?;
            Ok(path.display().to_string())
        })
    }
}
