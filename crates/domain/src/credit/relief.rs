//! Relief decided after the fact: a cut of the annual rate over a past (or current) period,
//! for loans of some provinces or communes and some programmes. Decision 2654/QĐ-TTg (4 Dec
//! 2025) took 2 %/yr off every loan outstanding 1 Oct – 31 Dec 2025 in 22 localities from
//! Quảng Ngãi northward, after October's and November's interest had been collected.
//!
//! The province publishes a relief in the programme table (a new version: append-only). It
//! never edits a rate row or a collection: the interest due for each day of the period is
//! computed at the cut rate (`credit::accrual`), so a month not yet collected simply asks
//! less, and a month already collected at the old rate leaves a credit that the next 13/TD
//! takes off (`credit::accrual::carried`).

use super::rate::AnnualRate;
use crate::error::{Code, DomainError, DomainResult};
use crate::reference::required_text;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Relief {
    /// Short name shown on the 13/TD and the member's slip ("QĐ 2654").
    pub code: String,
    /// The cut of the annual rate, in ppm (2 %/yr: 20,000).
    pub cut: AnnualRate,
    /// The first and last day relieved (both included).
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Province codes (two digits) whose loans it covers; empty: every province.
    #[serde(default)]
    pub provinces: Vec<String>,
    /// Commune codes (five digits) whose loans it covers; empty: every commune of the
    /// provinces.
    #[serde(default)]
    pub communes: Vec<String>,
    /// Programme codes; empty: every programme.
    #[serde(default)]
    pub programmes: Vec<String>,
    pub legal_basis: String,
}

/// Where a loan is: the province of its point's office and the communes its point serves.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub province: String,
    pub communes: Vec<String>,
}

impl Relief {
    pub fn validate(mut self) -> DomainResult<Self> {
        self.code = required_text("code", &self.code, 40)?;
        self.legal_basis = required_text("legalBasis", &self.legal_basis, 200)?;
        if self.cut.ppm() == 0 {
            return Err(DomainError::invalid("cut", Code::InvalidValue));
        }
        if self.to < self.from {
            return Err(DomainError::invalid("to", Code::DateOrder));
        }
        Ok(self)
    }

    /// Does it cover a loan of `programme` at `place` on `day`?
    pub fn covers(&self, programme: &str, place: &Place, day: NaiveDate) -> bool {
        let listed = |list: &[String], v: &str| list.is_empty() || list.iter().any(|x| x == v);
        self.from <= day
            && day <= self.to
            && listed(&self.programmes, programme)
            && listed(&self.provinces, &place.province)
            && (self.communes.is_empty()
                || place.communes.iter().any(|c| listed(&self.communes, c)))
    }
}

/// The rate after every relief covering the day (never below zero).
pub fn relieved(
    rate: AnnualRate,
    reliefs: &[Relief],
    programme: &str,
    place: &Place,
    day: NaiveDate,
) -> AnnualRate {
    reliefs
        .iter()
        .filter(|r| r.covers(programme, place, day))
        .fold(rate, |r, relief| {
            AnnualRate(r.0.saturating_sub(relief.cut.0))
        })
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Decision 2654/QĐ-TTg as Quảng Ngãi's branch publishes it.
    pub(crate) fn qd_2654() -> Relief {
        Relief {
            code: "QĐ 2654".into(),
            cut: AnnualRate(20_000),
            from: d(2025, 10, 1),
            to: d(2025, 12, 31),
            provinces: vec!["51".into()],
            communes: Vec::new(),
            programmes: Vec::new(),
            legal_basis: "Quyết định 2654/QĐ-TTg ngày 04/12/2025".into(),
        }
    }

    #[test]
    fn a_relief_covers_its_period_places_and_programmes() {
        let r = qd_2654();
        let qn = Place {
            province: "51".into(),
            communes: vec!["21211".into()],
        };
        let elsewhere = Place {
            province: "79".into(),
            communes: Vec::new(),
        };
        assert!(r.covers("HN", &qn, d(2025, 10, 1)));
        assert!(r.covers("HN", &qn, d(2025, 12, 31)));
        assert!(!r.covers("HN", &qn, d(2026, 1, 1)));
        assert!(!r.covers("HN", &elsewhere, d(2025, 11, 1)));
        let one_commune = Relief {
            communes: vec!["21172".into()],
            programmes: vec!["HCN".into()],
            ..qd_2654()
        };
        assert!(!one_commune.covers("HCN", &qn, d(2025, 11, 1)));
        assert!(!one_commune.covers("HN", &qn, d(2025, 11, 1)));
        assert_eq!(
            relieved(AnnualRate(66_000), &[r], "HN", &qn, d(2025, 11, 1)),
            AnnualRate(46_000)
        );
    }

    #[test]
    fn a_relief_needs_a_cut_a_period_and_its_basis() {
        assert!(qd_2654().validate().is_ok());
        let no_cut = Relief {
            cut: AnnualRate(0),
            ..qd_2654()
        };
        assert!(no_cut.validate().is_err());
        let backwards = Relief {
            to: d(2025, 9, 30),
            ..qd_2654()
        };
        assert!(backwards.validate().is_err());
    }
}
