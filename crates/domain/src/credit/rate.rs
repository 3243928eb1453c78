//! Interest rates as exact integers: parts per million per year. 6.6 %/year is 66_000; the
//! table's rates (6.6, 7.92, 8.25, 3.96, 9.0 …) and their 130 % overdue rates are all exact.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AnnualRate(pub u32);

impl AnnualRate {
    /// From hundredths of a percent: `from_bp100(660)` is 6.60 %/year.
    pub const fn from_hundredths_pct(h: u32) -> AnnualRate {
        AnnualRate(h * 100)
    }

    pub const fn ppm(self) -> u32 {
        self.0
    }

    /// "6,6%/năm" in Vietnamese notation (comma decimal), trailing zeros dropped.
    pub fn format_vi(self) -> String {
        let whole = self.0 / 10_000;
        let frac = self.0 % 10_000;
        if frac == 0 {
            return format!("{whole}%/năm");
        }
        let f = format!("{frac:04}");
        format!("{whole},{}%/năm", f.trim_end_matches('0'))
    }
}

impl fmt::Display for AnnualRate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format_vi())
    }
}

/// One row of a programme's rate history. A change is a new row from its effective date; an
/// earlier row is never edited, so a rate never changes retroactively.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateEntry {
    pub programme: String,
    pub rate: AnnualRate,
    pub effective_from: NaiveDate,
    pub legal_basis: Option<String>,
}

/// The rate of a programme in force on a day: the latest entry effective on or before it.
pub fn rate_on(history: &[RateEntry], programme: &str, day: NaiveDate) -> Option<AnnualRate> {
    history
        .iter()
        .filter(|r| r.programme == programme && r.effective_from <= day)
        .max_by_key(|r| r.effective_from)
        .map(|r| r.rate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn formats_like_the_rate_table() {
        assert_eq!(AnnualRate(66_000).format_vi(), "6,6%/năm");
        assert_eq!(AnnualRate(79_200).format_vi(), "7,92%/năm");
        assert_eq!(AnnualRate(90_000).format_vi(), "9%/năm");
        assert_eq!(AnnualRate::from_hundredths_pct(825), AnnualRate(82_500));
    }

    #[test]
    fn a_rate_change_applies_from_its_effective_date_only() {
        let h = vec![
            RateEntry {
                programme: "HN".into(),
                rate: AnnualRate(66_000),
                effective_from: d(2019, 1, 1),
                legal_basis: None,
            },
            RateEntry {
                programme: "HN".into(),
                rate: AnnualRate(60_000),
                effective_from: d(2026, 7, 1),
                legal_basis: None,
            },
            RateEntry {
                programme: "CN".into(),
                rate: AnnualRate(79_200),
                effective_from: d(2019, 1, 1),
                legal_basis: None,
            },
        ];
        assert_eq!(rate_on(&h, "HN", d(2026, 6, 30)), Some(AnnualRate(66_000)));
        assert_eq!(rate_on(&h, "HN", d(2026, 7, 1)), Some(AnnualRate(60_000)));
        assert_eq!(rate_on(&h, "HN", d(2018, 12, 31)), None);
        assert_eq!(rate_on(&h, "CN", d(2026, 7, 1)), Some(AnnualRate(79_200)));
    }
}
