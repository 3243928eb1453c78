//! Hand-worked cases: each figure is worked in the comment above its assertion (365-day year,
//! each component rounded half up once, docs/INTEREST.md).

use super::*;
use crate::credit::events::{LoanEvent, LoanEventKind};
use crate::credit::loan::{FundingSource, LoanTerms, RateChange};
use crate::credit::relief::tests::qd_2654;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 50,000,000 đ to a poor household (HN), disbursed 17 Mar 2025, nothing repaid.
fn loan() -> Loan {
    Loan {
        principal: Money::dong(50_000_000),
        outstanding: Money::dong(50_000_000),
        ..crate::credit::loan::tests::sample()
    }
}

fn quang_ngai() -> Place {
    Place {
        province: "51".into(),
        communes: vec!["21211".into()],
    }
}

fn with_events(events: Vec<LoanEvent>) -> Loan {
    Loan {
        terms: LoanTerms {
            events,
            ..LoanTerms::default()
        },
        ..loan()
    }
}

fn due(l: &Loan, table: &ProgrammeTable, from: NaiveDate, to: NaiveDate) -> Money {
    loan_interest_due(l, table, &quang_ngai(), from, to)
        .unwrap()
        .total
}

#[test]
fn a_freeze_from_mid_month_stops_the_interest_that_day() {
    let l = with_events(vec![LoanEvent::new(
        d(2026, 6, 16),
        LoanEventKind::Frozen { until: None },
    )]);
    let t = ProgrammeTable::builtin();
    // June 2026 at 6.24 %, accruing 1–15 June only (the freeze starts on the 16th):
    // 50,000,000 × 0.0624 × 15 / 365 = 128,219.18 → 128,219 đ.
    assert_eq!(
        due(&l, &t, d(2026, 6, 1), d(2026, 6, 30)),
        Money::dong(128_219)
    );
    // July, frozen all month: nothing.
    assert_eq!(due(&l, &t, d(2026, 7, 1), d(2026, 7, 31)), Money::ZERO);
}

#[test]
fn an_overdue_transfer_mid_month_charges_130_percent_from_its_day() {
    let l = with_events(vec![LoanEvent::new(
        d(2026, 6, 16),
        LoanEventKind::Overdue { amount: None },
    )]);
    let got = loan_interest_due(
        &l,
        &ProgrammeTable::builtin(),
        &quang_ngai(),
        d(2026, 6, 1),
        d(2026, 6, 30),
    )
    .unwrap();
    // 1–15 June in good standing: 50,000,000 × 0.0624 × 15 / 365 = 128,219.18 → 128,219.
    assert_eq!(got.normal, Money::dong(128_219));
    // 16–30 June overdue at 130 %: 50,000,000 × 0.0624 × 1.3 × 15 / 365 = 166,684.93
    // → 166,685; the month is 128,219 + 166,685 = 294,904 đ.
    assert_eq!(got.overdue, Money::dong(166_685));
    assert_eq!(got.total, Money::dong(294_904));
}

#[test]
fn the_q4_2025_relief_credits_the_interest_already_collected() {
    let before = ProgrammeTable::builtin();
    // October and November were collected at 6.6 % before the relief was decided:
    // October 50,000,000 × 0.066 × 31 / 365 = 280,273.97 → 280,274;
    // November 50,000,000 × 0.066 × 30 / 365 = 271,232.88 → 271,233.
    let oct = (d(2025, 10, 1), d(2025, 10, 31));
    let nov = (d(2025, 11, 1), d(2025, 11, 30));
    let dec = (d(2025, 12, 1), d(2025, 12, 31));
    let l = loan();
    assert_eq!(due(&l, &before, oct.0, oct.1), Money::dong(280_274));
    assert_eq!(due(&l, &before, nov.0, nov.1), Money::dong(271_233));
    let after = ProgrammeTable {
        reliefs: vec![qd_2654()],
        ..ProgrammeTable::builtin()
    };
    // With the relief: October at 4.6 %: 50,000,000 × 0.046 × 31 / 365 = 195,342.47 → 195,342;
    // November at 4.6 %: × 30 / 365 = 189,041.10 → 189,041; December at 6.24 − 2 = 4.24 %:
    // 50,000,000 × 0.0424 × 31 / 365 = 180,054.79 → 180,055.
    let (o, n, dm) = (
        due(&l, &after, oct.0, oct.1),
        due(&l, &after, nov.0, nov.1),
        due(&l, &after, dec.0, dec.1),
    );
    assert_eq!(
        (o, n, dm),
        (
            Money::dong(195_342),
            Money::dong(189_041),
            Money::dong(180_055)
        )
    );
    // December's 13/TD: paid beyond what is now due, (280,274 − 195,342) + (271,233 −
    // 189,041) = 84,932 + 82,192 = 167,124 credit; to collect 180,055 − 167,124 = 12,931 đ.
    let c = carried(
        Money::ZERO,
        &[(o, Money::dong(280_274)), (n, Money::dong(271_233))],
        dm,
    )
    .unwrap();
    assert_eq!(c.credit, Money::dong(167_124));
    assert_eq!(c.unpaid_before, Money::ZERO);
    assert_eq!(c.to_collect, Money::dong(12_931));
    // Elsewhere (another province) nothing changes.
    let elsewhere = Place {
        province: "79".into(),
        communes: Vec::new(),
    };
    let far = loan_interest_due(&l, &after, &elsewhere, oct.0, oct.1).unwrap();
    assert_eq!(far.total, Money::dong(280_274));
}

#[test]
fn unpaid_interest_is_carried_into_the_next_month() {
    let t = ProgrammeTable::builtin();
    let l = loan();
    // October 2026: 50,000,000 × 0.0624 × 31 / 365 = 264,986.30 → 264,986; 200,000 paid.
    let oct = due(&l, &t, d(2026, 10, 1), d(2026, 10, 31));
    assert_eq!(oct, Money::dong(264_986));
    // November: × 30 / 365 = 256,438.36 → 256,438; with 64,986 unpaid from October, the
    // 13/TD asks 256,438 + 64,986 = 321,424 đ.
    let nov = due(&l, &t, d(2026, 11, 1), d(2026, 11, 30));
    assert_eq!(nov, Money::dong(256_438));
    let c = carried(Money::ZERO, &[(oct, Money::dong(200_000))], nov).unwrap();
    assert_eq!(c.unpaid_before, Money::dong(64_986));
    assert_eq!(c.to_collect, Money::dong(321_424));
    // The bank's own unpaid figure at the snapshot counts too: 10,000 more.
    let with_opening = carried(Money::dong(10_000), &[(oct, Money::dong(200_000))], nov);
    assert_eq!(with_opening.unwrap().to_collect, Money::dong(331_424));
}

#[test]
fn a_loan_on_its_own_contract_rate_ignores_the_programme_table() {
    // A local-budget loan at 5 %/yr, lowered to 4.5 % from 1 Dec 2025 by its own contract.
    let l = Loan {
        principal: Money::dong(20_000_000),
        outstanding: Money::dong(20_000_000),
        rate: AnnualRate(50_000),
        terms: LoanTerms {
            rate_rule: RateRule::Contract,
            funding: FundingSource::LocalBudget,
            rate_changes: vec![RateChange {
                from: d(2025, 12, 1),
                rate: AnnualRate(45_000),
            }],
            ..LoanTerms::default()
        },
        ..loan()
    };
    let t = ProgrammeTable::builtin();
    // November 2025: 20,000,000 × 0.05 × 30 / 365 = 82,191.78 → 82,192 (the table's HN rate,
    // 6.6 %, would give 108,493).
    assert_eq!(
        due(&l, &t, d(2025, 11, 1), d(2025, 11, 30)),
        Money::dong(82_192)
    );
    // December 2025: 20,000,000 × 0.045 × 31 / 365 = 76,438.36 → 76,438.
    assert_eq!(
        due(&l, &t, d(2025, 12, 1), d(2025, 12, 31)),
        Money::dong(76_438)
    );
}

#[test]
fn a_frozen_or_closed_snapshot_accrues_nothing() {
    let t = ProgrammeTable::builtin();
    for status in [
        LoanStatus::Frozen,
        LoanStatus::Closed,
        LoanStatus::WrittenOff,
    ] {
        let l = Loan { status, ..loan() };
        assert_eq!(
            due(&l, &t, d(2026, 6, 1), d(2026, 6, 30)),
            Money::ZERO,
            "{status:?}"
        );
    }
}

#[test]
fn a_members_account_runs_from_the_banks_snapshot() {
    // The bank's snapshot on 1 Oct 2025, nothing unpaid; October and November collected at
    // 6.6 % (280,274 and 280,274 − 9,041 = 271,233) before the relief was published.
    let l = Loan {
        outstanding_as_of: d(2025, 10, 1),
        ..loan()
    };
    let after = ProgrammeTable {
        reliefs: vec![qd_2654()],
        ..ProgrammeTable::builtin()
    };
    let collected = [
        (d(2025, 10, 1), Money::dong(280_274)),
        (d(2025, 11, 1), Money::dong(300_000)),
        // A reversal of November's over-collection (a typing error), net 271,233.
        (d(2025, 11, 1), Money::dong(-28_767)),
    ];
    let c = member_account(
        std::slice::from_ref(&l),
        &after,
        &quang_ngai(),
        &collected,
        d(2025, 12, 1),
    );
    // As in the relief case above: 167,124 credit, 12,931 to collect in December.
    let c = c.unwrap();
    assert_eq!(
        (c.due_now, c.credit, c.to_collect),
        (
            Money::dong(180_055),
            Money::dong(167_124),
            Money::dong(12_931)
        )
    );
    // In October, the first month tracked, nothing is carried.
    let oct = member_account(&[l], &after, &quang_ngai(), &[], d(2025, 10, 1)).unwrap();
    assert_eq!((oct.unpaid_before, oct.credit), (Money::ZERO, Money::ZERO));
}
