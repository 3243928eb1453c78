//! Fund-use checks (06/TD): when each disbursed loan must be checked, and what a finding means.
//!
//! A loan must be checked within N days of disbursement (versioned setting, default 30: the
//! disbursement day is day 0, day N is the last day on time), then periodically (default every
//! 12 months after the last check). "Not yet used" schedules a re-check (default 30 days).

use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckPolicy {
    pub first_check_days: u32,
    pub recheck_months: u32,
    pub not_yet_used_recheck_days: u32,
}

impl Default for CheckPolicy {
    fn default() -> Self {
        CheckPolicy {
            first_check_days: 30,
            recheck_months: 12,
            not_yet_used_recheck_days: 30,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    UsedAsIntended,
    PartlyMisused,
    WhollyMisused,
    NotYetUsed,
    /// Vay ké: someone else uses the borrower's loan.
    Fronted,
    Absconded,
    DiedOrMissing,
    ObjectiveRisk,
}

/// What the province is told a finding calls for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Flag {
    /// Propose early recall of the loan (wrong use).
    EarlyRecall,
    /// Prepare a risk file (extension, freezing, write-off).
    RiskFile,
    /// A matter for the police.
    Police,
}

impl Outcome {
    pub fn flag(self) -> Option<Flag> {
        match self {
            Outcome::UsedAsIntended | Outcome::NotYetUsed => None,
            Outcome::PartlyMisused | Outcome::WhollyMisused => Some(Flag::EarlyRecall),
            Outcome::Fronted | Outcome::Absconded => Some(Flag::Police),
            Outcome::DiedOrMissing | Outcome::ObjectiveRisk => Some(Flag::RiskFile),
        }
    }
}

/// The last day on time for the first check.
pub fn first_due(disbursed: NaiveDate, p: CheckPolicy) -> NaiveDate {
    disbursed
        .checked_add_days(Days::new(u64::from(p.first_check_days)))
        .unwrap_or(NaiveDate::MAX)
}

/// The next check due after a check on `checked` with this outcome.
pub fn next_due(checked: NaiveDate, outcome: Outcome, p: CheckPolicy) -> NaiveDate {
    let next = match outcome {
        Outcome::NotYetUsed => {
            checked.checked_add_days(Days::new(u64::from(p.not_yet_used_recheck_days)))
        }
        _ => checked.checked_add_months(Months::new(p.recheck_months)),
    };
    next.unwrap_or(NaiveDate::MAX)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state", content = "days")]
pub enum Standing {
    /// Not yet due, or due today: days left (0 = today is the last day).
    Due(u32),
    /// Past its day: days late.
    Overdue(u32),
}

/// Where a check due on `due` stands on `today`.
pub fn standing(due: NaiveDate, today: NaiveDate) -> Standing {
    let diff = (today - due).num_days();
    if diff > 0 {
        Standing::Overdue(diff as u32)
    } else {
        Standing::Due((-diff) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rstest::rstest;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[rstest]
    #[case::day_n_is_on_time(d(2026, 11, 1), d(2026, 12, 1), Standing::Due(0))]
    #[case::day_n_plus_1_is_late(d(2026, 11, 1), d(2026, 12, 2), Standing::Overdue(1))]
    #[case::month_end(d(2026, 1, 31), d(2026, 3, 2), Standing::Due(0))]
    #[case::leap_february(d(2028, 1, 31), d(2028, 3, 1), Standing::Due(0))]
    #[case::leap_february_late(d(2028, 1, 31), d(2028, 3, 2), Standing::Overdue(1))]
    #[case::year_end(d(2026, 12, 15), d(2027, 1, 20), Standing::Overdue(6))]
    #[case::early(d(2026, 11, 20), d(2026, 11, 25), Standing::Due(25))]
    fn first_check_within_30_days(
        #[case] disbursed: NaiveDate,
        #[case] today: NaiveDate,
        #[case] expected: Standing,
    ) {
        assert_eq!(
            standing(first_due(disbursed, CheckPolicy::default()), today),
            expected
        );
    }

    #[test]
    fn rechecks_follow_the_outcome() {
        let p = CheckPolicy::default();
        assert_eq!(
            next_due(d(2026, 1, 31), Outcome::UsedAsIntended, p),
            d(2027, 1, 31)
        );
        assert_eq!(
            next_due(d(2028, 2, 29), Outcome::UsedAsIntended, p),
            d(2029, 2, 28)
        );
        assert_eq!(
            next_due(d(2026, 11, 25), Outcome::NotYetUsed, p),
            d(2026, 12, 25)
        );
    }

    #[test]
    fn findings_raise_the_right_flag() {
        assert_eq!(Outcome::UsedAsIntended.flag(), None);
        assert_eq!(Outcome::NotYetUsed.flag(), None);
        assert_eq!(Outcome::PartlyMisused.flag(), Some(Flag::EarlyRecall));
        assert_eq!(Outcome::Fronted.flag(), Some(Flag::Police));
        assert_eq!(Outcome::ObjectiveRisk.flag(), Some(Flag::RiskFile));
    }
}
