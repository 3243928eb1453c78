//! Interest cases worked by hand. Each expected figure is computed in the comment.

use super::*;
use crate::credit::AnnualRate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn rates(entries: &[(u32, NaiveDate)]) -> Vec<RateEntry> {
    entries
        .iter()
        .map(|&(h, from)| RateEntry {
            programme: "HN".into(),
            rate: AnnualRate::from_hundredths_pct(h),
            effective_from: from,
            legal_basis: None,
            share: None,
        })
        .collect()
}

fn ev(date: NaiveDate, movement: Movement) -> PrincipalEvent {
    PrincipalEvent { date, movement }
}

const M50: Money = Money::dong(50_000_000);

fn due(r: &[RateEntry], e: &[PrincipalEvent], from: NaiveDate, to: NaiveDate) -> InterestDue {
    interest_due("HN", r, e, from, to).unwrap()
}

#[test]
fn a_30_day_month() {
    // 50,000,000 × 0.066 × 30 / 365 = 271,232.876… → 271,233
    let r = rates(&[(660, d(2019, 1, 1))]);
    let got = due(
        &r,
        &[ev(d(2026, 1, 10), Movement::Disbursed(M50))],
        d(2026, 11, 1),
        d(2026, 11, 30),
    );
    assert_eq!(
        got,
        InterestDue {
            normal: Money::dong(271_233),
            overdue: Money::ZERO,
            total: Money::dong(271_233),
            days: 30
        }
    );
}

#[test]
fn months_of_28_29_30_and_31_days() {
    let r = rates(&[(660, d(2019, 1, 1))]);
    let e = [ev(d(2020, 1, 1), Movement::Disbursed(M50))];
    // 50e6 × 0.066 / 365 = 9,041.0958904… per day
    // 28 days: 253,150.68… → 253,151
    assert_eq!(
        due(&r, &e, d(2026, 2, 1), d(2026, 2, 28)).total,
        Money::dong(253_151)
    );
    // 29 days (leap February, still /365): 262,191.78… → 262,192
    assert_eq!(
        due(&r, &e, d(2028, 2, 1), d(2028, 2, 29)).total,
        Money::dong(262_192)
    );
    // 30 days: 271,232.88… → 271,233
    assert_eq!(
        due(&r, &e, d(2026, 4, 1), d(2026, 4, 30)).total,
        Money::dong(271_233)
    );
    // 31 days: 280,273.97… → 280,274
    assert_eq!(
        due(&r, &e, d(2026, 12, 1), d(2026, 12, 31)).total,
        Money::dong(280_274)
    );
}

#[test]
fn a_leap_year_has_366_accruing_days_over_365() {
    // 10,000,000 × 0.066 × 366 / 365 = 661,808.22 → 661,808
    let r = rates(&[(660, d(2019, 1, 1))]);
    let e = [ev(
        d(2027, 12, 31),
        Movement::Disbursed(Money::dong(10_000_000)),
    )];
    let got = due(&r, &e, d(2028, 1, 1), d(2028, 12, 31));
    assert_eq!((got.days, got.total), (366, Money::dong(661_808)));
}

#[test]
fn a_rate_change_mid_period() {
    // 1–15 Nov at 6.6 %: 50e6 × 0.066 × 15 / 365 = 135,616.438…
    // 16–30 Nov at 6.0 %: 50e6 × 0.060 × 15 / 365 = 123,287.671…
    // sum 258,904.109… → 258,904 (one rounding, not 135,616 + 123,288 = 258,904 by luck: see next case)
    let r = rates(&[(660, d(2019, 1, 1)), (600, d(2026, 11, 16))]);
    let e = [ev(d(2026, 1, 1), Movement::Disbursed(M50))];
    assert_eq!(
        due(&r, &e, d(2026, 11, 1), d(2026, 11, 30)).total,
        Money::dong(258_904)
    );
}

#[test]
fn rounding_happens_once_per_period() {
    // 1,000,000 at 6.6 % for 1 day = 180.82 → 181; for 2 days = 361.64 → 362 (not 181 + 181).
    let r = rates(&[(660, d(2019, 1, 1))]);
    let e = [ev(
        d(2026, 1, 1),
        Movement::Disbursed(Money::dong(1_000_000)),
    )];
    assert_eq!(
        due(&r, &e, d(2026, 3, 1), d(2026, 3, 1)).total,
        Money::dong(181)
    );
    assert_eq!(
        due(&r, &e, d(2026, 3, 1), d(2026, 3, 2)).total,
        Money::dong(362)
    );
    // Half up: 1,825 đ at 10 % for 1 day is 1,825 × 0.10 / 365 = 0.5 exactly → 1.
    let r10 = rates(&[(1000, d(2019, 1, 1))]);
    let half = [ev(d(2026, 1, 1), Movement::Disbursed(Money::dong(1_825)))];
    assert_eq!(
        due(&r10, &half, d(2026, 3, 1), d(2026, 3, 1)).total,
        Money::dong(1)
    );
}

#[test]
fn a_partial_repayment_mid_month() {
    // 50,000,000 from 1 to 14 Nov (14 days), 30,000,000 from 15 to 30 Nov (16 days), at 6.6 %:
    // (50e6 × 14 + 30e6 × 16) × 0.066 / 365 = (700e6 + 480e6) × 0.066 / 365 = 213,369.86… → 213,370
    let r = rates(&[(660, d(2019, 1, 1))]);
    let e = [
        ev(d(2026, 1, 1), Movement::Disbursed(M50)),
        ev(d(2026, 11, 15), Movement::Repaid(Money::dong(20_000_000))),
    ];
    assert_eq!(
        due(&r, &e, d(2026, 11, 1), d(2026, 11, 30)).total,
        Money::dong(213_370)
    );
}

#[test]
fn an_overdue_part_accrues_at_130_percent() {
    // 40,000,000 normal + 10,000,000 overdue from 1 Nov, 30 days, contract 6.6 %:
    // normal 40e6 × 0.066 × 30 / 365 = 216,986.30 → 216,986
    // overdue 10e6 × 0.0858 × 30 / 365 = 70,520.55 → 70,521
    let r = rates(&[(660, d(2019, 1, 1))]);
    let e = [
        ev(d(2026, 1, 1), Movement::Disbursed(M50)),
        ev(
            d(2026, 11, 1),
            Movement::FellOverdue(Money::dong(10_000_000)),
        ),
    ];
    let got = due(&r, &e, d(2026, 11, 1), d(2026, 11, 30));
    assert_eq!(
        (got.normal, got.overdue, got.total),
        (
            Money::dong(216_986),
            Money::dong(70_521),
            Money::dong(287_507)
        )
    );
}

#[test]
fn disbursement_day_accrues_and_nothing_before_it() {
    // Disbursed 20 Nov: 11 days to 30 Nov. 50e6 × 0.066 × 11 / 365 = 99,452.05 → 99,452
    let r = rates(&[(660, d(2019, 1, 1))]);
    let e = [ev(d(2026, 11, 20), Movement::Disbursed(M50))];
    assert_eq!(
        due(&r, &e, d(2026, 11, 1), d(2026, 11, 30)).total,
        Money::dong(99_452)
    );
}

#[test]
fn bad_inputs_are_errors() {
    let r = rates(&[(660, d(2026, 6, 1))]);
    let e = [ev(d(2026, 1, 1), Movement::Disbursed(M50))];
    assert!(
        interest_due("HN", &r, &e, d(2026, 5, 1), d(2026, 5, 31)).is_err(),
        "no rate in force"
    );
    assert!(
        interest_due("HN", &r, &e, d(2026, 7, 2), d(2026, 7, 1)).is_err(),
        "period backwards"
    );
    let over = [
        ev(d(2026, 1, 1), Movement::Disbursed(M50)),
        ev(d(2026, 7, 1), Movement::Repaid(Money::dong(60_000_000))),
    ];
    assert!(
        interest_due("HN", &r, &over, d(2026, 7, 1), d(2026, 7, 31)).is_err(),
        "repaid more than owed"
    );
}

/// Interest under the built-in rate history (Decision 2553/QĐ-TTg from 1 Dec 2025, Decree
/// 338/2025/NĐ-CP from 1 Jan 2026), on a loan disbursed long before.
fn builtin(programme: &str, amount: i64, from: NaiveDate, to: NaiveDate) -> Money {
    let rates = crate::credit::programme::builtin_rates();
    let e = [ev(d(2024, 3, 1), Movement::Disbursed(Money::dong(amount)))];
    interest_due(programme, &rates, &e, from, to).unwrap().total
}

#[test]
fn a_period_across_1_december_2025_takes_each_days_rate() {
    // 50,000,000 đ of a poor household, 16 Nov – 15 Dec 2025: 15 days at 6.6 %, 15 at 6.24 %.
    // 50,000,000 × (0.066 × 15 + 0.0624 × 15) / 365 = 135,616.44 + 128,219.18 = 263,835.62
    assert_eq!(
        builtin("HN", 50_000_000, d(2025, 11, 16), d(2025, 12, 15)),
        Money::dong(263_836)
    );
    // The whole of November 2025 is still at 6.6 %: 50 m × 0.066 × 30 / 365 = 271,232.88.
    assert_eq!(
        builtin("HN", 50_000_000, d(2025, 11, 1), d(2025, 11, 30)),
        Money::dong(271_233)
    );
}

#[test]
fn a_month_of_2026_for_each_programme_decision_2553_changed() {
    // 10,000,000 đ for December 2026 (31 days): 10,000,000 × rate × 31 / 365.
    let dec = (d(2026, 12, 1), d(2026, 12, 31));
    let cases = [
        // 0.0624 × 310,000,000 / 365 = 52,997.26
        ("HN", 52_997),
        ("HSSV", 52_997),
        // near-poor 120 % × 6.24 = 7.488 %: 0.07488 × 310,000,000 / 365 = 63,596.71
        ("HCN", 63_597),
        // 0.078 × 310,000,000 / 365 = 66,246.58
        ("HMTN", 66_247),
        ("SXKD", 66_247),
        // 0.084 × 310,000,000 / 365 = 71,342.47
        ("NSVSMT", 71_342),
    ];
    for (p, want) in cases {
        assert_eq!(
            builtin(p, 10_000_000, dec.0, dec.1),
            Money::dong(want),
            "{p}"
        );
    }
}

#[test]
fn a_job_creation_loan_in_2026_pays_127_percent_of_the_poor_rate() {
    // Decree 338/2025/NĐ-CP: 127 % × 6.24 = 7.9248 %/year. 100,000,000 đ for March 2026:
    // 100,000,000 × 0.079248 × 31 / 365 = 673,065.21
    assert_eq!(
        builtin("GQVL", 100_000_000, d(2026, 3, 1), d(2026, 3, 31)),
        Money::dong(673_065)
    );
    // December 2025 was 120 % × 6.24 = 7.488 %: 100 m × 0.07488 × 31 / 365 = 635,967.12
    assert_eq!(
        builtin("GQVL", 100_000_000, d(2025, 12, 1), d(2025, 12, 31)),
        Money::dong(635_967)
    );
}
