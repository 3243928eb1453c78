//! The 13/TD of a group's month as an .xlsx workbook (Excel export).

use super::{collection_sheet, period};
use crate::contract::{CollectionSheetInfo, SheetRowInfo};
use crate::error::{CoreError, IpcError};
use crate::{App, map};

fn workbook(s: &CollectionSheetInfo) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("13-TD")?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    ws.write_string(0, 7, "Mẫu số 13/TD")?;
    ws.write_string_with_format(
        1,
        0,
        "BẢNG KÊ LÃI PHẢI THU, LÃI THỰC THU, TIỀN GỬI TIẾT KIỆM CỦA TỔ VIÊN",
        &bold,
    )?;
    ws.write_string(
        2,
        0,
        format!("Tổ TK&VV: {} · Tháng {}", s.group_name, &s.period[..7]),
    )?;
    let header = [
        "STT",
        "Họ và tên tổ viên",
        "Dư nợ (đồng)",
        "Lãi trong tháng (đồng)",
        "Lãi tồn tháng trước (đồng)",
        "Lãi được giảm trừ (đồng)",
        "Lãi phải thu (đồng)",
        "Lãi thực thu (đồng)",
        "Tiền gửi tiết kiệm (đồng)",
        "Thu nợ gốc từ tiền gửi (đồng)",
        "Tiết kiệm đầu kỳ (đồng)",
        "Tiết kiệm cuối kỳ (đồng)",
        "Số biên lai",
        "Tổ viên ký",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(4, c as u16, *h, &bold)?;
    }
    let mut row = 5u32;
    for (i, r) in s.rows.iter().enumerate() {
        ws.write_number(row, 0, (i + 1) as f64)?;
        ws.write_string(row, 1, r.head_name.as_deref().unwrap_or(""))?;
        for (c, v) in [
            r.outstanding,
            r.interest_due,
            r.unpaid_before,
            r.credit,
            r.to_collect,
            r.interest,
            r.savings,
            r.principal_from_savings,
            r.savings_opening,
            r.savings_closing,
        ]
        .into_iter()
        .enumerate()
        {
            ws.write_number_with_format(row, c as u16 + 2, v as f64, &money)?;
        }
        ws.write_string(row, 12, r.receipts.join(", "))?;
        row += 1;
    }
    ws.write_string_with_format(row, 1, "Tổng cộng", &bold)?;
    let total = |f: fn(&SheetRowInfo) -> i64| s.rows.iter().map(f).sum::<i64>();
    for (c, v) in [
        total(|r| r.outstanding),
        s.interest_due,
        total(|r| r.unpaid_before),
        total(|r| r.credit),
        total(|r| r.to_collect),
        s.interest,
        s.savings,
        s.principal_from_savings,
        total(|r| r.savings_opening),
        total(|r| r.savings_closing),
    ]
    .into_iter()
    .enumerate()
    {
        ws.write_number_with_format(row, c as u16 + 2, v as f64, &money)?;
    }
    ws.write_string(row + 1, 1, "Tiền mặt giao tại phiên giao dịch")?;
    ws.write_number_with_format(row + 1, 7, s.cash as f64, &money)?;
    ws.set_column_width(1, 28)?;
    for c in 2..12 {
        ws.set_column_width(c, 18)?;
    }
    ws.set_column_width(6, 30)?;
    // Each member's loans, one line each: contract, programme, outstanding, this month's interest.
    let ws = wb.add_worksheet();
    ws.set_name("Khoản vay")?;
    let header = [
        "STT",
        "Họ và tên tổ viên",
        "Số khế ước",
        "Chương trình",
        "Dư nợ (đồng)",
        "Lãi trong tháng (đồng)",
    ];
    for (c, h) in header.iter().enumerate() {
        ws.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let mut row = 1u32;
    for (i, r) in s.rows.iter().enumerate() {
        for l in &r.loans {
            ws.write_number(row, 0, (i + 1) as f64)?;
            ws.write_string(row, 1, r.head_name.as_deref().unwrap_or(""))?;
            ws.write_string(row, 2, &l.contract_no)?;
            ws.write_string(row, 3, &l.programme)?;
            ws.write_number_with_format(row, 4, l.outstanding as f64, &money)?;
            ws.write_number_with_format(row, 5, l.interest_due as f64, &money)?;
            row += 1;
        }
    }
    ws.set_column_width(1, 28)?;
    ws.set_column_width(2, 18)?;
    ws.set_column_width(4, 18)?;
    ws.set_column_width(5, 18)?;
    wb.save_to_buffer()
}

impl App {
    /// Write a group's 13/TD for a month as an .xlsx file in the `exports` folder beside the
    /// database; returns the file's path.
    pub fn export_collection_sheet(
        &self,
        group_id: String,
        month: String,
    ) -> Result<String, IpcError> {
        let dir = self.data_dir().join("exports");
        self.with(|s| {
            let sh = collection_sheet(&s.store, map::id(&group_id, "groupId")?, period(&month)?)?;
            let bytes = workbook(&sh).map_err(|e| CoreError::Internal(e.to_string()))?;
            std::fs::create_dir_all(&dir).map_err(|e| CoreError::Internal(e.to_string()))?;
            let path = dir.join(format!(
                "13TD-{}-{}.xlsx",
                &sh.period[..7],
                &sh.group_id[..8]
            ));
            std::fs::write(&path, bytes).map_err(|e| CoreError::Internal(e.to_string()))?;
            Ok(path.display().to_string())
        })
    }
}
