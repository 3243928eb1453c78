//! Fund-use checks (06/TD): when each disbursed loan must be checked, and what a finding means.
//!
//! A loan must be checked within N days of disbursement (versioned setting, default 30: the
//! disbursement day is day 0, day N is the last day on time), then periodically (default every
//! 12 months after the last check). "Not yet used" schedules a re-check (default 30 days).
//! The record itself is in [`check`], its photos in [`photo`], the province's figures in
//! [`tally`].

pub mod check;
pub mod photo;
pub mod tally;

pub use check::{Checker, FundCheck, Method};

use crate::error::{Code, DomainError, DomainResult};
use chrono::{Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CheckPolicy {
    pub first_check_days: u32,
    pub recheck_months: u32,
    pub not_yet_used_recheck_days: u32,
}

impl CheckPolicy {
    /// Zero days or months would make every check due at once; a year and more is not a
    /// follow-up any more.
    pub fn validate(self) -> DomainResult<Self> {
        if !(1..=366).contains(&self.first_check_days) {
            return Err(DomainError::invalid("firstCheckDays", Code::InvalidValue));
        }
        if !(1..=60).contains(&self.recheck_months) {
            return Err(DomainError::invalid("recheckMonths", Code::InvalidValue));
        }
        if !(1..=366).contains(&self.not_yet_used_recheck_days) {
            return Err(DomainError::invalid(
                "notYetUsedRecheckDays",
                Code::InvalidValue,
            ));
        }
        Ok(self)
    }
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
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
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    pub const ALL: [Outcome; 8] = [
        Outcome::UsedAsIntended,
        Outcome::PartlyMisused,
        Outcome::WhollyMisused,
        Outcome::NotYetUsed,
        Outcome::Fronted,
        Outcome::Absconded,
        Outcome::DiedOrMissing,
        Outcome::ObjectiveRisk,
    ];

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

/// Where a loan stands on the worklist.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkState {
    /// A check is expected by the due day: never checked yet, a re-check after "not yet
    /// used", or a periodic re-check whose day is at most `first_check_days` away.
    Due,
    /// The due day has passed without a check.
    Overdue,
    /// Checked, and the next check is more than `first_check_days` away.
    Done,
}

/// The next check of a loan disbursed on `disbursed` whose checks in force (not superseded)
/// are `checks` (date and outcome, any order): the first check, else the re-check after the
/// latest one.
pub fn due_after(
    disbursed: NaiveDate,
    checks: &[(NaiveDate, Outcome)],
    p: CheckPolicy,
) -> NaiveDate {
    match checks.iter().max_by_key(|c| c.0) {
        Some(&(on, outcome)) => next_due(on, outcome, p),
        None => first_due(disbursed, p),
    }
}

/// The loan's next check day and its state on `today` (see [`WorkState`]).
pub fn work_state(
    disbursed: NaiveDate,
    checks: &[(NaiveDate, Outcome)],
    p: CheckPolicy,
    today: NaiveDate,
) -> (NaiveDate, WorkState) {
    let due = due_after(disbursed, checks, p);
    let last = checks.iter().max_by_key(|c| c.0).map(|c| c.1);
    let state = match standing(due, today) {
        Standing::Overdue(_) => WorkState::Overdue,
        Standing::Due(left) => {
            if last.is_none_or(|o| o == Outcome::NotYetUsed) || left <= p.first_check_days {
                WorkState::Due
            } else {
                WorkState::Done
            }
        }
    };
    (due, state)
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

    #[rstest]
    #[case::never_checked(vec![], d(2026, 11, 10), WorkState::Due)]
    #[case::never_checked_late(vec![], d(2026, 12, 2), WorkState::Overdue)]
    #[case::checked_recheck_far(vec![(d(2026, 11, 5), Outcome::UsedAsIntended)], d(2026, 12, 2), WorkState::Done)]
    #[case::recheck_window(vec![(d(2026, 11, 5), Outcome::UsedAsIntended)], d(2027, 10, 6), WorkState::Due)]
    #[case::recheck_late(vec![(d(2026, 11, 5), Outcome::UsedAsIntended)], d(2027, 11, 6), WorkState::Overdue)]
    #[case::not_yet_used(vec![(d(2026, 11, 5), Outcome::NotYetUsed)], d(2026, 11, 6), WorkState::Due)]
    #[case::not_yet_used_late(vec![(d(2026, 11, 5), Outcome::NotYetUsed)], d(2026, 12, 6), WorkState::Overdue)]
    fn worklist_states(
        #[case] checks: Vec<(NaiveDate, Outcome)>,
        #[case] today: NaiveDate,
        #[case] expected: WorkState,
    ) {
        let p = CheckPolicy::default();
        assert_eq!(work_state(d(2026, 11, 1), &checks, p, today).1, expected);
    }

    #[test]
    fn policies_out_of_range_are_refused() {
        assert!(CheckPolicy::default().validate().is_ok());
        let zero = CheckPolicy {
            first_check_days: 0,
            ..CheckPolicy::default()
        };
        assert_eq!(zero.validate().unwrap_err().field(), Some("firstCheckDays"));
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
