//! Interest rates as exact integers: parts per million per year. 6.6 %/year is 66_000; the
//! table's rates (6.6, 7.92, 8.25, 3.96, 9.0; from 1 Dec 2025 6.24, 7.488, 7.8, 8.4; from
//! 1 Jan 2026 job creation's 7.9248) and their 130 % overdue rates are all exact.
//!
//! A rate row is either a figure or a share of another programme's rate on the same day
//! (near-poor households: 120 % of the poor-household rate; job creation from 1 Jan 2026:
//! 127 %), so one decision on the poor rate moves every rate defined from it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
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

    /// `per_mille` thousandths of this rate (1,200: 120 %), rounded half up to the ppm.
    pub fn share(self, per_mille: u32) -> AnnualRate {
        let v = (u64::from(self.0) * u64::from(per_mille) + 500) / 1000;
        AnnualRate(u32::try_from(v).unwrap_or(u32::MAX))
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
/// earlier row is never edited, so a rate never changes retroactively (a relief decided after
/// the fact is its own record, never an edit of this history).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateEntry {
    pub programme: String,
    /// The figure; zero in a row that is a [`Share`].
    #[serde(default)]
    pub rate: AnnualRate,
    pub effective_from: NaiveDate,
    pub legal_basis: Option<String>,
    /// The rate is this share of another programme's rate on each day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share: Option<Share>,
}

/// A rate defined as a share of another programme's (which is itself a figure).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Share {
    /// The programme whose rate it follows (the poor-household programme, `HN`).
    pub of: String,
    /// Thousandths: 1,200 is 120 %.
    pub per_mille: u32,
}

impl RateEntry {
    /// A figure from a day.
    pub fn fixed(programme: &str, ppm: u32, from: NaiveDate, basis: &str) -> RateEntry {
        RateEntry {
            programme: programme.into(),
            rate: AnnualRate(ppm),
            effective_from: from,
            legal_basis: Some(basis.into()),
            share: None,
        }
    }

    /// A share of another programme's rate from a day.
    pub fn share_of(
        programme: &str,
        of: &str,
        per_mille: u32,
        from: NaiveDate,
        basis: &str,
    ) -> RateEntry {
        RateEntry {
            share: Some(Share {
                of: of.into(),
                per_mille,
            }),
            ..RateEntry::fixed(programme, 0, from, basis)
        }
    }
}

/// The row of a programme in force on a day: the latest effective on or before it.
pub fn row_on<'a>(
    history: &'a [RateEntry],
    programme: &str,
    day: NaiveDate,
) -> Option<&'a RateEntry> {
    history
        .iter()
        .filter(|r| r.programme == programme && r.effective_from <= day)
        .max_by_key(|r| r.effective_from)
}

/// The rate of a programme in force on a day: its row's figure, or its share of the other
/// programme's rate in force that day (a share of a share is not a rate: `None`).
pub fn rate_on(history: &[RateEntry], programme: &str, day: NaiveDate) -> Option<AnnualRate> {
    let row = row_on(history, programme, day)?;
    match &row.share {
        None => Some(row.rate),
        Some(s) => {
            let base = row_on(history, &s.of, day)?;
            match base.share {
                None => Some(base.rate.share(s.per_mille)),
                Some(_) => None,
            }
        }
    }
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
                share: None,
            },
            RateEntry {
                programme: "HN".into(),
                rate: AnnualRate(60_000),
                effective_from: d(2026, 7, 1),
                legal_basis: None,
                share: None,
            },
            RateEntry {
                programme: "CN".into(),
                rate: AnnualRate(79_200),
                effective_from: d(2019, 1, 1),
                legal_basis: None,
                share: None,
            },
        ];
        assert_eq!(rate_on(&h, "HN", d(2026, 6, 30)), Some(AnnualRate(66_000)));
        assert_eq!(rate_on(&h, "HN", d(2026, 7, 1)), Some(AnnualRate(60_000)));
        assert_eq!(rate_on(&h, "HN", d(2018, 12, 31)), None);
        assert_eq!(rate_on(&h, "CN", d(2026, 7, 1)), Some(AnnualRate(79_200)));
    }
}
