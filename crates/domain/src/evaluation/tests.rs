use super::starting::starting_table;
use super::*;

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// A group of 20 members with 600,000,000 đ outstanding.
fn facts() -> Facts {
    Facts {
        outstanding: Money::dong(600_000_000),
        overdue: Money::dong(4_500_000),
        interest_due: Money::dong(3_120_000),
        interest_collected: Money::dong(3_000_000),
        checks_due: 10,
        checks_on_time: 8,
        meetings_due: 3,
        meetings_held: 3,
        members: 20,
        members_saving: 19,
        discrepancies_open: 0,
    }
}

#[test]
fn the_starting_table_is_valid_and_worth_100_points() {
    for s in [Subject::Group, Subject::Organisation] {
        let t = starting_table(s).validate().unwrap();
        assert_eq!(t.max_points(), 100);
    }
}

#[test]
fn a_rating_is_explained_criterion_by_criterion() {
    let t = starting_table(Subject::Group).validate().unwrap();
    let r = rate(&facts(), &t);
    // By hand: overdue 4.5 m / 600 m = 0.75 % = 75 bp → 20 points; interest 3.0 m / 3.12 m =
    // 96.15 % = 9,615 bp → 20; checks 8/10 = 8,000 bp → 8; meetings 3/3 → 10; savings 19/20 =
    // 9,500 bp → 10; no open discrepancy → 5. Total 73: Khá.
    let got: Vec<(Metric, Option<u32>, u32)> = r
        .lines
        .iter()
        .map(|l| (l.metric, l.value, l.points))
        .collect();
    assert_eq!(
        got,
        vec![
            (Metric::OverdueRatio, Some(75), 20),
            (Metric::InterestCollection, Some(9_615), 20),
            (Metric::ChecksOnTime, Some(8_000), 8),
            (Metric::MeetingsHeld, Some(10_000), 10),
            (Metric::SavingsParticipation, Some(9_500), 10),
            (Metric::DiscrepanciesOpen, Some(0), 5),
        ]
    );
    assert_eq!((r.points, r.max_points, r.grade), (73, 100, Grade::Fair));
    assert_eq!(r.grade.name_vi(), "Khá");
}

#[test]
fn a_leader_keeping_members_money_and_overdue_loans_make_a_weak_group() {
    let t = starting_table(Subject::Group).validate().unwrap();
    let f = Facts {
        overdue: Money::dong(30_000_000),
        interest_collected: Money::dong(2_500_000),
        discrepancies_open: 1,
        ..facts()
    };
    let r = rate(&f, &t);
    // 5 % overdue → 0; 80.1 % interest → 0; checks 8; meetings 10; savings 10; discrepancy 0.
    assert_eq!((r.points, r.grade), (28, Grade::Weak));
}

#[test]
fn what_does_not_apply_gives_full_points_and_says_so() {
    let t = starting_table(Subject::Group).validate().unwrap();
    let f = Facts {
        checks_due: 0,
        checks_on_time: 0,
        ..facts()
    };
    let r = rate(&f, &t);
    let line = r
        .lines
        .iter()
        .find(|l| l.metric == Metric::ChecksOnTime)
        .unwrap();
    assert_eq!((line.value, line.band, line.points), (None, None, 15));
    assert_eq!(r.points, 80);
}

#[test]
fn an_organisation_is_rated_on_the_sum_of_its_groups() {
    let t = starting_table(Subject::Organisation).validate().unwrap();
    let weak = Facts {
        overdue: Money::dong(30_000_000),
        ..facts()
    };
    let sum = facts().with(weak);
    assert_eq!(sum.outstanding, Money::dong(1_200_000_000));
    // 34.5 m / 1,200 m = 2.875 % = 287 bp → 10 points.
    let r = rate(&sum, &t);
    assert_eq!(r.lines[0].value, Some(287));
    assert_eq!(r.lines[0].points, 10);
}

#[test]
fn a_table_with_gaps_overlaps_or_grades_out_of_order_is_refused() {
    let mut gap = starting_table(Subject::Group);
    gap.criteria[0].bands[1].from = 52;
    assert!(gap.validate().is_err());
    let mut open_end = starting_table(Subject::Group);
    open_end.criteria[0].bands.pop();
    assert!(open_end.validate().is_err());
    let mut order = starting_table(Subject::Group);
    order.thresholds.swap(0, 1);
    assert!(order.validate().is_err());
    let mut twice = starting_table(Subject::Group);
    let again = twice.criteria[0].clone();
    twice.criteria.push(again);
    assert!(twice.validate().is_err());
    let mut bare = starting_table(Subject::Group);
    bare.basis = " ".into();
    assert!(bare.validate().is_err());
}

#[test]
fn the_table_in_force_follows_its_effective_day_then_its_version() {
    let v1 = starting_table(Subject::Group);
    let v2 = ScoringTable {
        version: 2,
        effective_from: day("2026-07-01"),
        ..starting_table(Subject::Group)
    };
    let org = starting_table(Subject::Organisation);
    let all = [v1, v2, org];
    let on = |d: &str| in_force(&all, Subject::Group, day(d)).map(|t| t.version);
    assert_eq!(on("2025-12-31"), None);
    assert_eq!(on("2026-06-30"), Some(1));
    assert_eq!(on("2026-07-01"), Some(2));
    assert_eq!(
        in_force(&all, Subject::Organisation, day("2026-08-01")).map(|t| t.subject),
        Some(Subject::Organisation)
    );
}
