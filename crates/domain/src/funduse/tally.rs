//! The province's figures for a period: checks that fell due, done on time, done late, missing,
//! and the outcomes found.
//!
//! A loan's checks fall due one after the other: the first `first_check_days` after
//! disbursement, each next one after the check before it ([`super::next_due`]). The checks in
//! force (superseded ones left out), in date order, answer those occasions in turn. For each
//! occasion whose due day lies in the period: *due*; answered on or before the day: *on
//! time*; answered after it: *late*; not answered and the day is past: *missing* (a day still
//! ahead is due and nothing else yet). Outcomes count the checks in force made in the period.

use super::{CheckPolicy, FundCheck, Outcome, first_due, next_due};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Tally {
    pub due: u32,
    pub on_time: u32,
    pub late: u32,
    pub missing: u32,
    pub by_outcome: BTreeMap<Outcome, u32>,
}

impl Tally {
    pub fn add(&mut self, other: &Tally) {
        self.due += other.due;
        self.on_time += other.on_time;
        self.late += other.late;
        self.missing += other.missing;
        for (o, n) in &other.by_outcome {
            *self.by_outcome.entry(*o).or_default() += n;
        }
    }
}

/// A closed period of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Period {
    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }
}

/// The figures of one loan disbursed on `disbursed`, whose checks in force are `checks`.
pub fn tally_loan(
    disbursed: NaiveDate,
    checks: &[&FundCheck],
    p: CheckPolicy,
    period: Period,
    today: NaiveDate,
) -> Tally {
    let mut sorted: Vec<&FundCheck> = checks.to_vec();
    sorted.sort_by_key(|c| (c.checked_on, c.id));
    let mut t = Tally::default();
    let mut due = first_due(disbursed, p);
    let mut occasions: Vec<(NaiveDate, Option<NaiveDate>)> = Vec::new();
    for c in &sorted {
        occasions.push((due, Some(c.checked_on)));
        due = next_due(c.checked_on, c.outcome, p);
        if period.contains(c.checked_on) {
            *t.by_outcome.entry(c.outcome).or_default() += 1;
        }
    }
    occasions.push((due, None));
    for (due, done) in occasions {
        if !period.contains(due) {
            continue;
        }
        t.due += 1;
        match done {
            Some(d) if d <= due => t.on_time += 1,
            Some(_) => t.late += 1,
            None if due < today => t.missing += 1,
            None => {}
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funduse::check::tests::sample;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn checked(on: NaiveDate, outcome: Outcome) -> FundCheck {
        FundCheck {
            checked_on: on,
            outcome,
            notes: Some("ghi chú".into()),
            ..sample()
        }
    }

    #[test]
    fn on_time_late_and_missing() {
        let p = CheckPolicy::default();
        let nov = Period {
            from: d(2026, 11, 1),
            to: d(2026, 11, 30),
        };
        let today = d(2026, 12, 15);
        // Disbursed 2026-10-10: due 2026-11-09.
        let on_time = checked(d(2026, 11, 9), Outcome::UsedAsIntended);
        let t = tally_loan(d(2026, 10, 10), &[&on_time], p, nov, today);
        assert_eq!((t.due, t.on_time, t.late, t.missing), (1, 1, 0, 0));
        assert_eq!(t.by_outcome.get(&Outcome::UsedAsIntended), Some(&1));
        let late = checked(d(2026, 11, 10), Outcome::PartlyMisused);
        let t = tally_loan(d(2026, 10, 10), &[&late], p, nov, today);
        assert_eq!((t.due, t.on_time, t.late, t.missing), (1, 0, 1, 0));
        let t = tally_loan(d(2026, 10, 10), &[], p, nov, today);
        assert_eq!((t.due, t.on_time, t.late, t.missing), (1, 0, 0, 1));
        // Still ahead: due, not missing.
        let t = tally_loan(d(2026, 10, 10), &[], p, nov, d(2026, 11, 5));
        assert_eq!((t.due, t.missing), (1, 0));
    }

    #[test]
    fn not_yet_used_brings_a_second_occasion() {
        let p = CheckPolicy::default();
        let q4 = Period {
            from: d(2026, 10, 1),
            to: d(2026, 12, 31),
        };
        let first = checked(d(2026, 10, 20), Outcome::NotYetUsed);
        let t = tally_loan(d(2026, 10, 1), &[&first], p, q4, d(2027, 1, 5));
        // Due 2026-10-31 (on time), then 2026-11-19 (missing).
        assert_eq!((t.due, t.on_time, t.late, t.missing), (2, 1, 0, 1));
    }
}
