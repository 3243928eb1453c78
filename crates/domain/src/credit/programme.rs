//! Loan programmes as data. The built-in table is VBSP's (domain brief §2.1–2.2); the province
//! publishes changes, which devices pull. Amounts are ceilings without collateral.

use super::rate::RateEntry;
use crate::money::Money;
use crate::reference::PovertyCategory;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How a programme's ceiling is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "per", content = "amount")]
pub enum Ceiling {
    Household(Money),
    /// Students: per month of study.
    Month(Money),
    Worker(Money),
    /// Clean water and sanitation: per work item.
    WorkItem(Money),
}

impl Ceiling {
    pub fn amount(self) -> Money {
        match self {
            Ceiling::Household(m)
            | Ceiling::Month(m)
            | Ceiling::Worker(m)
            | Ceiling::WorkItem(m) => m,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Purpose {
    pub code: String,
    pub name_vi: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Programme {
    pub code: String,
    pub name_vi: String,
    pub name_en: String,
    pub legal_basis: String,
    /// Poverty categories that may borrow; empty means the category is not a condition.
    pub eligible: Vec<PovertyCategory>,
    /// The ceiling from the programme's start (changes below take over from their day).
    pub ceiling: Ceiling,
    pub max_term_months: Option<u32>,
    pub via_group: bool,
    pub purposes: Vec<Purpose>,
    /// Later ceilings, each from its day, with its legal basis (job creation: 200 m per
    /// worker from 1 Jan 2026).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ceiling_changes: Vec<CeilingChange>,
}

/// A ceiling in force from a day.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CeilingChange {
    pub from: NaiveDate,
    pub ceiling: Ceiling,
    pub legal_basis: String,
}

impl Programme {
    /// The ceiling in force on `day` (an application's: the day it was made).
    pub fn ceiling_on(&self, day: NaiveDate) -> Ceiling {
        self.ceiling_changes
            .iter()
            .filter(|c| c.from <= day)
            .max_by_key(|c| c.from)
            .map_or(self.ceiling, |c| c.ceiling)
    }
}

fn purposes(items: &[(&str, &str)]) -> Vec<Purpose> {
    items
        .iter()
        .map(|(c, n)| Purpose {
            code: (*c).into(),
            name_vi: (*n).into(),
        })
        .collect()
}

const PRODUCTION: &[(&str, &str)] = &[
    ("chan_nuoi", "Chăn nuôi"),
    ("trong_trot", "Trồng trọt"),
    ("lam_nghiep", "Trồng rừng, lâm nghiệp"),
    ("thuy_san", "Nuôi trồng thủy sản"),
    ("kinh_doanh", "Sản xuất, kinh doanh, dịch vụ nhỏ"),
    ("sua_nha", "Sửa chữa nhà ở"),
    ("dien_nuoc", "Điện sinh hoạt, nước sạch"),
    ("hoc_tap", "Chi phí học tập"),
];

/// The built-in programmes.
pub fn builtin() -> Vec<Programme> {
    use PovertyCategory::*;
    let m = |millions: i64| Money::dong(millions * 1_000_000);
    let day = |y, mo, d| NaiveDate::from_ymd_opt(y, mo, d).unwrap_or(NaiveDate::MIN);
    vec![
        Programme {
            code: "HN".into(),
            name_vi: "Cho vay hộ nghèo".into(),
            name_en: "Poor households".into(),
            legal_basis: "NĐ 78/2002/NĐ-CP; QĐ 12/QĐ-HĐQT (2019)".into(),
            eligible: vec![Poor],
            ceiling: Ceiling::Household(m(100)),
            max_term_months: Some(120),
            via_group: true,
            purposes: purposes(PRODUCTION),
            ceiling_changes: Vec::new(),
        },
        Programme {
            code: "HCN".into(),
            name_vi: "Cho vay hộ cận nghèo".into(),
            name_en: "Near-poor households".into(),
            legal_basis: "QĐ 15/2013/QĐ-TTg".into(),
            eligible: vec![NearPoor],
            ceiling: Ceiling::Household(m(100)),
            max_term_months: Some(120),
            via_group: true,
            purposes: purposes(PRODUCTION),
            ceiling_changes: Vec::new(),
        },
        Programme {
            code: "HMTN".into(),
            name_vi: "Cho vay hộ mới thoát nghèo".into(),
            name_en: "Newly escaped households".into(),
            legal_basis: "QĐ 28/2015/QĐ-TTg; QĐ 02/2021/QĐ-TTg".into(),
            eligible: vec![NewlyEscaped],
            ceiling: Ceiling::Household(m(100)),
            max_term_months: Some(60),
            via_group: true,
            purposes: purposes(PRODUCTION),
            ceiling_changes: Vec::new(),
        },
        Programme {
            code: "HSSV".into(),
            name_vi: "Cho vay học sinh, sinh viên có hoàn cảnh khó khăn".into(),
            name_en: "Disadvantaged students".into(),
            legal_basis: "QĐ 157/2007/QĐ-TTg; QĐ 05/2022/QĐ-TTg".into(),
            eligible: vec![Poor, NearPoor, AverageLiving, Other],
            // 2.5 m a month before (QĐ 1656/QĐ-TTg, 2019).
            ceiling: Ceiling::Month(Money::dong(2_500_000)),
            max_term_months: None,
            via_group: true,
            purposes: purposes(&[("hoc_phi", "Học phí và sinh hoạt phí")]),
            // 4 m a month for disbursements from 19 May 2022 (QĐ 05/2022/QĐ-TTg).
            ceiling_changes: vec![CeilingChange {
                from: day(2022, 5, 19),
                ceiling: Ceiling::Month(m(4)),
                legal_basis: "QĐ 05/2022/QĐ-TTg".into(),
            }],
        },
        Programme {
            code: "NSVSMT".into(),
            name_vi: "Cho vay nước sạch và vệ sinh môi trường nông thôn".into(),
            name_en: "Rural clean water and sanitation".into(),
            legal_basis: "QĐ 10/2024/QĐ-TTg".into(),
            eligible: vec![],
            ceiling: Ceiling::WorkItem(m(25)),
            max_term_months: Some(60),
            via_group: true,
            purposes: purposes(&[
                ("nuoc_sach", "Công trình nước sạch"),
                ("ve_sinh", "Công trình vệ sinh"),
            ]),
            ceiling_changes: Vec::new(),
        },
        Programme {
            code: "GQVL".into(),
            name_vi: "Cho vay hỗ trợ tạo việc làm".into(),
            name_en: "Job creation".into(),
            legal_basis: "NĐ 61/2015/NĐ-CP; NĐ 74/2019/NĐ-CP".into(),
            eligible: vec![],
            ceiling: Ceiling::Worker(m(100)),
            max_term_months: Some(120),
            via_group: true,
            purposes: purposes(&[("viec_lam", "Tạo việc làm, duy trì việc làm")]),
            ceiling_changes: vec![CeilingChange {
                from: day(2026, 1, 1),
                ceiling: Ceiling::Worker(m(200)),
                legal_basis: ND_338.into(),
            }],
        },
        Programme {
            code: "GQVL_UT".into(),
            name_vi: "Cho vay tạo việc làm cho người lao động thuộc đối tượng ưu tiên".into(),
            name_en: "Job creation, priority groups".into(),
            legal_basis: ND_338.into(),
            eligible: vec![],
            ceiling: Ceiling::Worker(m(200)),
            max_term_months: Some(120),
            via_group: true,
            purposes: purposes(&[("viec_lam", "Tạo việc làm, duy trì việc làm")]),
            ceiling_changes: Vec::new(),
        },
        Programme {
            code: "ND28".into(),
            name_vi: "Cho vay theo NĐ 28/2022 (vùng đồng bào dân tộc thiểu số và miền núi)".into(),
            name_en: "Ethnic-minority and mountainous areas (Decree 28/2022)".into(),
            legal_basis: "NĐ 28/2022/NĐ-CP".into(),
            eligible: vec![Poor],
            ceiling: Ceiling::Household(m(100)),
            max_term_months: Some(120),
            via_group: true,
            purposes: purposes(&[
                ("dat_san_xuat", "Tạo quỹ đất sản xuất"),
                ("chuyen_doi_nghe", "Chuyển đổi nghề"),
                ("chuoi_gia_tri", "Tham gia chuỗi giá trị"),
            ]),
            ceiling_changes: Vec::new(),
        },
        Programme {
            code: "NOHN".into(),
            name_vi: "Cho vay hỗ trợ hộ nghèo về nhà ở".into(),
            name_en: "Housing for poor households".into(),
            legal_basis: "QĐ 33/2015/QĐ-TTg".into(),
            eligible: vec![Poor],
            ceiling: Ceiling::Household(m(25)),
            max_term_months: Some(180),
            via_group: true,
            purposes: purposes(&[("xay_nha", "Xây mới, sửa chữa nhà ở")]),
            ceiling_changes: Vec::new(),
        },
        Programme {
            code: "SXKD".into(),
            name_vi: "Cho vay hộ gia đình sản xuất, kinh doanh tại vùng khó khăn".into(),
            name_en: "Households in difficult areas".into(),
            legal_basis: "QĐ 31/2007/QĐ-TTg; QĐ 17/2023/QĐ-TTg".into(),
            eligible: vec![],
            ceiling: Ceiling::Household(m(100)),
            max_term_months: Some(120),
            via_group: true,
            purposes: purposes(PRODUCTION),
            ceiling_changes: Vec::new(),
        },
    ]
}

/// The legal basis of the rates in force from 1 Dec 2025, on outstanding balances too.
pub const QD_2553: &str = "QĐ 2553/QĐ-TTg ngày 21/11/2025";
/// Job creation from 1 Jan 2026.
pub const ND_338: &str = "NĐ 338/2025/NĐ-CP";
const BEFORE_2553: &str = "Biểu lãi suất cho vay NHCSXH (đến 30/11/2025)";

/// The built-in rate history: the VBSP table in force until 30 Nov 2025 (from before 2019;
/// the rows carry 1 Jan 2019); Decision 2553/QĐ-TTg from 1 Dec 2025 (poor households and
/// students 6.24 %, near-poor 120 % of the poor rate = 7.488 %, newly escaped 7.8 %, clean
/// water 8.4 %, households in difficult areas 7.8 %; job creation, 120 % of the poor rate
/// before, kept at that share until Decree 338 — the province publishes the figure if its
/// own table says otherwise); Decree 338/2025/NĐ-CP from 1 Jan 2026 (job creation 127 % of
/// the poor rate = 7.9248 %).
pub fn builtin_rates() -> Vec<RateEntry> {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN);
    let (old, dec25, jan26) = (day(2019, 1, 1), day(2025, 12, 1), day(2026, 1, 1));
    let mut rows: Vec<RateEntry> = [
        ("HN", 66_000),
        ("HCN", 79_200),
        ("HMTN", 82_500),
        ("HSSV", 66_000),
        ("NSVSMT", 90_000),
        ("GQVL", 79_200),
        ("SXKD", 90_000),
    ]
    .into_iter()
    .map(|(code, ppm)| RateEntry::fixed(code, ppm, old, BEFORE_2553))
    .collect();
    rows.extend([
        RateEntry::fixed("HN", 62_400, dec25, QD_2553),
        RateEntry::fixed("HSSV", 62_400, dec25, QD_2553),
        RateEntry::share_of("HCN", "HN", 1_200, dec25, QD_2553),
        RateEntry::fixed("HMTN", 78_000, dec25, QD_2553),
        RateEntry::fixed("NSVSMT", 84_000, dec25, QD_2553),
        RateEntry::fixed("SXKD", 78_000, dec25, QD_2553),
        RateEntry::share_of("GQVL", "HN", 1_200, dec25, QD_2553),
        RateEntry::share_of("GQVL", "HN", 1_270, jan26, ND_338),
        // Priority groups (ethnic-minority poor workers, disabled workers…) at the poor rate.
        RateEntry::share_of("GQVL_UT", "HN", 1_000, jan26, ND_338),
        // Decree 28/2022 and housing (QĐ 33/2015): the figures of the table before Decision
        // 2553, kept until the province publishes otherwise (unconfirmed, domain brief §2.1).
        RateEntry::fixed("ND28", 33_000, day(2022, 1, 1), "NĐ 28/2022/NĐ-CP"),
        RateEntry::fixed("NOHN", 30_000, day(2015, 8, 10), "QĐ 33/2015/QĐ-TTg"),
    ]);
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_programme_has_a_rate_and_a_unique_code() {
        let programmes = builtin();
        let rates = builtin_rates();
        let mut codes: Vec<_> = programmes.iter().map(|p| p.code.clone()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), programmes.len());
        for p in &programmes {
            assert!(
                rates.iter().any(|r| r.programme == p.code),
                "{} has no rate",
                p.code
            );
        }
        let poor = programmes.iter().find(|p| p.code == "HN").unwrap();
        assert_eq!(poor.ceiling, Ceiling::Household(Money::dong(100_000_000)));
    }

    #[test]
    fn ceilings_are_dated() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        let all = builtin();
        let p = |code: &str| all.iter().find(|p| p.code == code).unwrap().clone();
        let jobs = p("GQVL");
        assert_eq!(
            jobs.ceiling_on(d(2025, 12, 31)),
            Ceiling::Worker(Money::dong(100_000_000))
        );
        assert_eq!(
            jobs.ceiling_on(d(2026, 1, 1)),
            Ceiling::Worker(Money::dong(200_000_000))
        );
        let students = p("HSSV");
        assert_eq!(
            students.ceiling_on(d(2022, 5, 18)),
            Ceiling::Month(Money::dong(2_500_000))
        );
        assert_eq!(
            students.ceiling_on(d(2022, 5, 19)),
            Ceiling::Month(Money::dong(4_000_000))
        );
        // Priority job-creation loans follow the poor rate: 6.24 % in 2026.
        let rates = builtin_rates();
        let on = crate::credit::rate::rate_on(&rates, "GQVL_UT", d(2026, 3, 1));
        assert_eq!(on, Some(crate::credit::rate::AnnualRate(62_400)));
        for code in ["ND28", "NOHN"] {
            assert!(
                crate::credit::rate::rate_on(&rates, code, d(2026, 3, 1)).is_some(),
                "{code}"
            );
        }
    }
}
