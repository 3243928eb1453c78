//! The programme table the province publishes: every programme with its ceiling, term and
//! purposes, and the rate history. Each publication is a new version (append-only); devices
//! use the highest version they have pulled, and the built-in table until they have one. A
//! rate change is a new rate row from its effective date, never an edit.

use super::programme::{Programme, builtin, builtin_rates};
use super::rate::RateEntry;
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::ProgrammeTableId;
use crate::money::Money;
use crate::reference::PovertyCategory;
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
        }
    }

    pub fn validate(self) -> DomainResult<Self> {
        if self.version == 0 {
            return Err(DomainError::invalid("version", Code::InvalidValue));
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
        let known = |r: &RateEntry| codes.contains(r.programme.as_str()) && r.rate.ppm() > 0;
        if !self.rates.iter().all(known)
            || !codes
                .iter()
                .all(|c| self.rates.iter().any(|r| r.programme == *c))
        {
            return Err(DomainError::invalid("rates", Code::InvalidValue));
        }
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
        no_rate.rates.retain(|r| r.programme != "HN");
        assert_eq!(no_rate.validate().unwrap_err().field(), Some("rates"));
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
