//! The programme table the province publishes: every programme with its ceiling, term and
//! purposes, and the rate history. Each publication is a new version (append-only); devices
//! use the highest version they have pulled, and the built-in table until they have one. A
//! rate change is a new rate row from its effective date, never an edit.

use super::programme::{Programme, builtin, builtin_rates};
use super::rate::RateEntry;
use super::relief::Relief;
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::ProgrammeTableId;
use crate::money::Money;
use crate::reference::PovertyCategory;
use crate::settings::GroupSizeLimits;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgrammeTable {
    pub id: ProgrammeTableId,
    /// 1, 2, … (0 is the built-in table).
    pub version: u32,
    pub published_on: NaiveDate,
    pub programmes: Vec<Programme>,
    pub rates: Vec<RateEntry>,
    /// How many members a group may have (the bank's rule, the same on every laptop and at
    /// the province). Tables published before it existed mean the default, 5–60.
    #[serde(default)]
    pub group_size: GroupSizeLimits,
    /// Reliefs decided after the fact (`credit::relief`), each with its period and places.
    #[serde(default)]
    pub reliefs: Vec<Relief>,
}

impl ProgrammeTable {
    /// The table a device uses before it has pulled one.
    pub fn builtin() -> ProgrammeTable {
        ProgrammeTable {
            id: ProgrammeTableId(uuid::Uuid::nil()),
            version: 0,
            published_on: NaiveDate::MIN,
            programmes: builtin(),
            rates: builtin_rates(),
            group_size: GroupSizeLimits::default(),
            reliefs: Vec::new(),
        }
    }

    pub fn validate(mut self) -> DomainResult<Self> {
        if self.version == 0 {
            return Err(DomainError::invalid("version", Code::InvalidValue));
        }
        let size = self.group_size;
        if size.min == 0 || size.min > size.max {
            return Err(DomainError::invalid("groupSize", Code::InvalidValue));
        }
        let mut codes = HashSet::new();
        for p in &self.programmes {
            if p.code.trim().is_empty() || !codes.insert(p.code.as_str()) {
                return Err(DomainError::invalid("programmes", Code::Duplicate));
            }
            if p.ceiling.amount() <= Money::ZERO || p.max_term_months == Some(0) {
                return Err(DomainError::invalid("programmes", Code::InvalidValue));
            }
            let purposes: HashSet<_> = p.purposes.iter().map(|x| x.code.as_str()).collect();
            if purposes.is_empty() || purposes.len() != p.purposes.len() {
                return Err(DomainError::invalid("programmes", Code::InvalidValue));
            }
        }
        // A row is a figure or a share of a programme whose rows are all figures.
        let figures_only = |code: &str| {
            self.rates
                .iter()
                .filter(|r| r.programme == code)
                .all(|r| r.share.is_none())
        };
        let known = |r: &RateEntry| {
            codes.contains(r.programme.as_str())
                && match &r.share {
                    None => r.rate.ppm() > 0,
                    Some(s) => {
                        r.rate.ppm() == 0
                            && s.per_mille > 0
                            && codes.contains(s.of.as_str())
                            && figures_only(&s.of)
                    }
                }
        };
        if !self.rates.iter().all(known)
            || !codes
                .iter()
                .all(|c| self.rates.iter().any(|r| r.programme == *c))
        {
            return Err(DomainError::invalid("rates", Code::InvalidValue));
        }
        let mut reliefs = Vec::with_capacity(self.reliefs.len());
        for r in std::mem::take(&mut self.reliefs) {
            let r = r.validate()?;
            if !r.programmes.iter().all(|p| codes.contains(p.as_str())) {
                return Err(DomainError::invalid("reliefs", Code::NotFound));
            }
            reliefs.push(r);
        }
        self.reliefs = reliefs;
        Ok(self)
    }

    pub fn programme(&self, code: &str) -> Option<&Programme> {
        self.programmes.iter().find(|p| p.code == code)
    }

    /// The programmes meant for one poverty category alone (the newly-escaped programme for
    /// `NewlyEscaped`): those whose eligible categories are exactly that one.
    pub fn meant_for(&self, category: PovertyCategory) -> impl Iterator<Item = &Programme> {
        self.programmes
            .iter()
            .filter(move |p| p.eligible.as_slice() == [category])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credit::programme::Ceiling;
    use crate::credit::rate::RateEntry;
    use uuid::Uuid;

    fn published() -> ProgrammeTable {
        ProgrammeTable {
            id: ProgrammeTableId(Uuid::from_u128(1)),
            version: 1,
            published_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            ..ProgrammeTable::builtin()
        }
    }

    #[test]
    fn the_builtin_table_published_as_version_1_validates() {
        assert!(published().validate().is_ok());
        assert!(
            ProgrammeTable::builtin().validate().is_err(),
            "version 0 is not published"
        );
    }

    #[test]
    fn a_table_with_a_duplicate_code_a_zero_ceiling_or_a_programme_without_rate_is_refused() {
        let mut dup = published();
        dup.programmes.push(dup.programmes[0].clone());
        assert_eq!(dup.validate().unwrap_err().field(), Some("programmes"));
        let mut zero = published();
        zero.programmes[0].ceiling = Ceiling::Household(Money::ZERO);
        assert_eq!(zero.validate().unwrap_err().field(), Some("programmes"));
        let mut no_rate = published();
        no_rate.rates.retain(|r| r.programme != "SXKD");
        assert_eq!(no_rate.validate().unwrap_err().field(), Some("rates"));
        // A share of a programme that is itself a share, or of one without a rate.
        let mut chained = published();
        chained.rates.push(RateEntry::share_of(
            "HMTN",
            "HCN",
            1_000,
            d(2026, 2, 1),
            "x",
        ));
        assert_eq!(chained.validate().unwrap_err().field(), Some("rates"));
        let mut orphan = published();
        orphan
            .rates
            .push(RateEntry::share_of("HMTN", "XX", 1_000, d(2026, 2, 1), "x"));
        assert_eq!(orphan.validate().unwrap_err().field(), Some("rates"));
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    /// Decision 2553/QĐ-TTg from 1 Dec 2025 and Decree 338/2025/NĐ-CP from 1 Jan 2026, to the
    /// thousandth of a percent; the near-poor and job-creation rates follow the poor rate.
    #[test]
    fn the_builtin_history_holds_every_dated_rate() {
        use crate::credit::rate::{AnnualRate, rate_on};
        let t = ProgrammeTable::builtin();
        let on = |p: &str, day| rate_on(&t.rates, p, day).map(AnnualRate::format_vi);
        let (nov, dec, jan) = (d(2025, 11, 30), d(2025, 12, 1), d(2026, 1, 1));
        let expect = [
            ("HN", "6,6%/năm", "6,24%/năm", "6,24%/năm"),
            ("HSSV", "6,6%/năm", "6,24%/năm", "6,24%/năm"),
            // 120 % × 6.24 = 7.488.
            ("HCN", "7,92%/năm", "7,488%/năm", "7,488%/năm"),
            ("HMTN", "8,25%/năm", "7,8%/năm", "7,8%/năm"),
            ("NSVSMT", "9%/năm", "8,4%/năm", "8,4%/năm"),
            ("SXKD", "9%/năm", "7,8%/năm", "7,8%/năm"),
            // 120 % × 6.24 = 7.488 in December; 127 % × 6.24 = 7.9248 from January.
            ("GQVL", "7,92%/năm", "7,488%/năm", "7,9248%/năm"),
        ];
        for (p, before, after, next) in expect {
            assert_eq!(
                (on(p, nov), on(p, dec), on(p, jan)),
                (Some(before.into()), Some(after.into()), Some(next.into())),
                "{p}"
            );
        }
        // A later decision on the poor rate alone moves near-poor and job creation with it.
        let mut rates = t.rates.clone();
        rates.push(RateEntry::fixed(
            "HN",
            60_000,
            d(2027, 1, 1),
            "a later decision",
        ));
        assert_eq!(
            rate_on(&rates, "HCN", d(2027, 1, 1)),
            Some(AnnualRate(72_000))
        );
        assert_eq!(
            rate_on(&rates, "GQVL", d(2027, 1, 1)),
            Some(AnnualRate(76_200))
        );
        assert_eq!(
            rate_on(&rates, "HMTN", d(2027, 1, 1)),
            Some(AnnualRate(78_000))
        );
    }

    #[test]
    fn the_newly_escaped_programme_is_found_by_its_category() {
        let t = ProgrammeTable::builtin();
        let codes: Vec<&str> = t
            .meant_for(PovertyCategory::NewlyEscaped)
            .map(|p| p.code.as_str())
            .collect();
        assert_eq!(codes, ["HMTN"]);
    }
}
