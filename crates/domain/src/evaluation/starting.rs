//! The scoring table a province starts from until it publishes its own: the inputs domain.md
//! §6.3 lists as likely (overdue, interest collection, fund-use checks, meetings, savings, no
//! appropriation), with bands set around the figures reported in §6.2 (overdue 0.55 %
//! nationally on 30 Sep 2025; interest collection at or above 100 %). The bank's own criteria
//! are not public (§12 item 4): this is a starting point, replaced by publishing a new version.

use super::*;

fn bands(list: &[(u32, u32, u32)]) -> Vec<Band> {
    list.iter()
        .map(|&(from, to, points)| Band { from, to, points })
        .collect()
}

const MAX: u32 = u32::MAX;

/// Version 1 for `subject`, in force from 1 Jan 2026.
pub fn starting_table(subject: Subject) -> ScoringTable {
    let c = |metric, name: &str, b: &[(u32, u32, u32)]| Criterion {
        metric,
        name_vi: name.to_owned(),
        bands: bands(b),
    };
    ScoringTable {
        subject,
        version: 1,
        effective_from: NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default(),
        basis: "Bảng khởi điểm của vonxa (tiêu chí của NHCSXH chưa công bố)".into(),
        criteria: vec![
            c(
                Metric::OverdueRatio,
                "Tỷ lệ nợ quá hạn",
                &[(0, 50, 30), (51, 100, 20), (101, 300, 10), (301, MAX, 0)],
            ),
            c(
                Metric::InterestCollection,
                "Tỷ lệ thu lãi",
                &[
                    (0, 8_999, 0),
                    (9_000, 9_499, 10),
                    (9_500, 9_999, 20),
                    (10_000, MAX, 30),
                ],
            ),
            c(
                Metric::ChecksOnTime,
                "Kiểm tra sử dụng vốn đúng hạn",
                &[(0, 6_999, 0), (7_000, 8_999, 8), (9_000, MAX, 15)],
            ),
            c(
                Metric::MeetingsHeld,
                "Họp tổ định kỳ",
                &[(0, 7_999, 0), (8_000, 9_999, 5), (10_000, MAX, 10)],
            ),
            c(
                Metric::SavingsParticipation,
                "Tổ viên gửi tiết kiệm",
                &[(0, 6_999, 0), (7_000, 8_999, 5), (9_000, MAX, 10)],
            ),
            c(
                Metric::DiscrepanciesOpen,
                "Không chiếm dụng tiền của tổ viên",
                &[(0, 0, 5), (1, MAX, 0)],
            ),
        ],
        thresholds: vec![
            Threshold {
                grade: Grade::Good,
                min_points: 85,
            },
            Threshold {
                grade: Grade::Fair,
                min_points: 70,
            },
            Threshold {
                grade: Grade::Average,
                min_points: 50,
            },
            Threshold {
                grade: Grade::Weak,
                min_points: 0,
            },
        ],
    }
}
