//! Loan programmes as data. The built-in table is VBSP's (domain brief §2.1–2.2); the province
//! publishes changes, which devices pull. Amounts are ceilings without collateral.

use super::rate::{AnnualRate, RateEntry};
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
    pub ceiling: Ceiling,
    pub max_term_months: Option<u32>,
    pub via_group: bool,
    pub purposes: Vec<Purpose>,
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
        },
        Programme {
            code: "HSSV".into(),
            name_vi: "Cho vay học sinh, sinh viên có hoàn cảnh khó khăn".into(),
            name_en: "Disadvantaged students".into(),
            legal_basis: "QĐ 157/2007/QĐ-TTg; QĐ 05/2022/QĐ-TTg".into(),
            eligible: vec![Poor, NearPoor, AverageLiving, Other],
            ceiling: Ceiling::Month(m(4)),
            max_term_months: None,
            via_group: true,
            purposes: purposes(&[("hoc_phi", "Học phí và sinh hoạt phí")]),
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
        },
    ]
}

/// The built-in rate history (VBSP table; in force since before 2024, source undated).
pub fn builtin_rates() -> Vec<RateEntry> {
    let from = NaiveDate::from_ymd_opt(2019, 1, 1).unwrap_or(NaiveDate::MIN);
    [
        ("HN", 660),
        ("HCN", 792),
        ("HMTN", 825),
        ("HSSV", 660),
        ("NSVSMT", 900),
        ("GQVL", 792),
        ("SXKD", 900),
    ]
    .into_iter()
    .map(|(code, h)| RateEntry {
        programme: code.into(),
        rate: AnnualRate::from_hundredths_pct(h),
        effective_from: from,
        legal_basis: Some("Biểu lãi suất cho vay NHCSXH".into()),
    })
    .collect()
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
}
