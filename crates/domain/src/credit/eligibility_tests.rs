//! Table-driven eligibility cases: each rule and each boundary.

use super::*;
use crate::credit::programme::builtin;
use crate::ids::{HouseholdId, PovertyStatusId};
use rstest::rstest;
use uuid::Uuid;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn status(category: PovertyCategory, from: NaiveDate, escaped: Option<NaiveDate>) -> PovertyStatus {
    PovertyStatus {
        id: PovertyStatusId(Uuid::from_u128(1)),
        household_id: HouseholdId(Uuid::from_u128(1)),
        category,
        valid_from: from,
        escaped_on: escaped,
        list_year: None,
        decision_ref: None,
    }
}

fn programme(code: &str) -> Programme {
    builtin().into_iter().find(|p| p.code == code).unwrap()
}

/// A clean application of 50 million to the poor-household programme on 25/11/2026.
struct Case {
    programme: Programme,
    history: Vec<PovertyStatus>,
    date: NaiveDate,
    amount: i64,
    term: u32,
    months: u32,
    birth: NaiveDate,
    head: bool,
    authorised: bool,
    outstanding: i64,
    open: bool,
    group: Option<bool>,
}

impl Case {
    fn poor() -> Case {
        Case {
            programme: programme("HN"),
            history: vec![status(PovertyCategory::Poor, d(2025, 1, 1), None)],
            date: d(2026, 11, 25),
            amount: 50_000_000,
            term: 60,
            months: 0,
            birth: d(1980, 1, 1),
            head: true,
            authorised: false,
            outstanding: 0,
            open: false,
            group: Some(true),
        }
    }

    fn reasons(&self) -> Vec<Reason> {
        evaluate(&Facts {
            programme: &self.programme,
            application_date: self.date,
            amount: Money::dong(self.amount),
            term_months: self.term,
            months: self.months,
            representative_birth: self.birth,
            representative_is_head: self.head,
            authorisation_recorded: self.authorised,
            poverty_history: &self.history,
            outstanding_in_programme: Money::dong(self.outstanding),
            other_open_application: self.open,
            group_in_own_village: self.group,
        })
    }
}

fn with(f: impl FnOnce(&mut Case)) -> Vec<Reason> {
    let mut c = Case::poor();
    f(&mut c);
    c.reasons()
}

#[rstest]
#[case::clean(with(|_| {}), vec![])]
#[case::zero_amount(with(|c| c.amount = 0), vec![Reason::AmountNotPositive])]
#[case::exactly_the_ceiling(with(|c| c.amount = 100_000_000), vec![])]
#[case::ceiling_plus_one(with(|c| c.amount = 100_000_001), vec![Reason::OverCeiling])]
#[case::outstanding_plus_request_at_ceiling(with(|c| { c.outstanding = 60_000_000; c.amount = 40_000_000 }), vec![])]
#[case::outstanding_plus_request_over(with(|c| { c.outstanding = 60_000_000; c.amount = 40_000_001 }), vec![Reason::OverCeiling])]
#[case::eighteen_today(with(|c| { c.birth = d(2008, 11, 25) }), vec![])]
#[case::eighteen_tomorrow(with(|c| { c.birth = d(2008, 11, 26) }), vec![Reason::RepresentativeUnder18])]
#[case::not_head_without_01uq(with(|c| c.head = false), vec![Reason::AuthorisationMissing])]
#[case::not_head_with_01uq(with(|c| { c.head = false; c.authorised = true }), vec![])]
#[case::no_status(with(|c| c.history.clear()), vec![Reason::NoPovertyStatus])]
#[case::status_after_date(with(|c| c.history = vec![status(PovertyCategory::Poor, d(2026, 11, 26), None)]), vec![Reason::NoPovertyStatus])]
#[case::near_poor_in_poor_programme(with(|c| c.history = vec![status(PovertyCategory::NearPoor, d(2025, 1, 1), None)]), vec![Reason::CategoryNotEligible])]
#[case::status_changed_before_date(with(|c| c.history.push(status(PovertyCategory::AverageLiving, d(2026, 6, 1), None))), vec![Reason::CategoryNotEligible])]
#[case::max_term(with(|c| c.term = 120), vec![])]
#[case::term_over(with(|c| c.term = 121), vec![Reason::TermTooLong])]
#[case::open_application(with(|c| c.open = true), vec![Reason::OpenApplicationExists])]
#[case::not_member(with(|c| c.group = None), vec![Reason::NotGroupMember])]
#[case::group_elsewhere(with(|c| c.group = Some(false)), vec![Reason::GroupInOtherVillage])]
#[case::blocking_before_warning(with(|c| { c.group = Some(false); c.amount = 0 }), vec![Reason::AmountNotPositive, Reason::GroupInOtherVillage])]
fn poor_household_rules(#[case] got: Vec<Reason>, #[case] expected: Vec<Reason>) {
    assert_eq!(got, expected);
}

#[rstest]
#[case::escaped_exactly_3_years_ago(d(2023, 11, 25), vec![])]
#[case::escaped_3_years_and_a_day_ago(d(2023, 11, 24), vec![Reason::EscapedMoreThan3Years])]
#[case::escaped_last_year(d(2025, 11, 25), vec![])]
fn newly_escaped_window(#[case] escaped: NaiveDate, #[case] expected: Vec<Reason>) {
    let mut c = Case::poor();
    c.programme = programme("HMTN");
    c.history = vec![status(
        PovertyCategory::NewlyEscaped,
        escaped,
        Some(escaped),
    )];
    assert_eq!(c.reasons(), expected);
}

#[test]
fn newly_escaped_programme_has_a_5_year_term() {
    let mut c = Case::poor();
    c.programme = programme("HMTN");
    c.history = vec![status(
        PovertyCategory::NewlyEscaped,
        d(2025, 1, 1),
        Some(d(2025, 1, 1)),
    )];
    c.term = 61;
    assert_eq!(c.reasons(), vec![Reason::TermTooLong]);
}

#[test]
fn student_ceiling_is_per_month() {
    let mut c = Case::poor();
    c.programme = programme("HSSV");
    c.months = 10;
    c.amount = 40_000_000;
    assert_eq!(c.reasons(), vec![]);
    c.amount = 40_000_001;
    assert_eq!(c.reasons(), vec![Reason::OverCeiling]);
}

#[test]
fn overflowing_amounts_are_over_the_ceiling_not_a_panic() {
    assert_eq!(
        with(|c| {
            c.outstanding = i64::MAX;
            c.amount = 1
        }),
        vec![Reason::OverCeiling]
    );
}

#[test]
fn warnings_need_a_note_and_blocking_reasons_stop_submission() {
    assert!(may_submit(&[], None));
    assert!(!may_submit(&[Reason::GroupInOtherVillage], None));
    assert!(!may_submit(&[Reason::GroupInOtherVillage], Some("  ")));
    assert!(may_submit(
        &[Reason::GroupInOtherVillage],
        Some("Thôn giáp ranh, tổ thôn mình chưa đủ thành viên")
    ));
    assert!(!may_submit(&[Reason::OverCeiling], Some("ghi chú")));
}

#[test]
fn every_reason_has_a_field_and_both_messages() {
    use Reason::*;
    for r in [
        AmountNotPositive,
        RepresentativeUnder18,
        AuthorisationMissing,
        NoPovertyStatus,
        CategoryNotEligible,
        EscapedMoreThan3Years,
        OverCeiling,
        TermTooLong,
        OpenApplicationExists,
        NotGroupMember,
        GroupInOtherVillage,
    ] {
        assert!(!r.field().is_empty() && !r.message_vi().is_empty() && !r.message_en().is_empty());
    }
}
