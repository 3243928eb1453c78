//! Money benchmarks: the figures `make bench` writes to bench/results.json.
//! - money.sheet_save_ms: save a 60-member 13/TD as the collection screen does, one durable
//!   payment per member (receipt number, chain entry, change-log entry), median of the runs
//! - money.payment_p99_ms: one durable payment with its receipt and chain entry, p99
//!
//! Each payment is `Store::record_payment`: its own transaction, committed with
//! synchronous=FULL in WAL mode, then read back as the receipt the screen shows.

use chrono::Datelike;
use std::time::{Duration, Instant};
use uuid::Uuid;
use vonxa_domain::cash::Payment;
use vonxa_domain::entity::{Op, Origin};
use vonxa_domain::reference::{Group, GroupStatus, Household, Membership};
use vonxa_domain::roles::Role;
use vonxa_domain::user::User;
use vonxa_domain::{GroupId, HouseholdId, MembershipId, Money};
use vonxa_store::Store;
use vonxa_store::demo::{DemoSpec, generate};
use vonxa_store::money::journal;
use vonxa_store::users::new_user;

const PW: &str = "mat-khau-bench-1";
/// Households in the commune (a large one), groups of the demo included.
const COMMUNE: usize = 3_000;
/// The largest group the rules allow (GroupSizeLimits::max).
const MEMBERS: usize = 60;
const SHEET_RUNS: usize = 9;
const PAYMENTS: usize = 1_000;

fn percentile(samples: &mut [Duration], p: f64) -> f64 {
    samples.sort_unstable();
    let idx = ((samples.len() as f64 - 1.0) * p).round() as usize;
    samples[idx].as_secs_f64() * 1000.0
}

fn round(v: f64) -> f64 {
    (v * 1000.0).round() / 1000.0
}

/// A new group of `MEMBERS` new households in the demo's first village.
fn group_of_60(
    store: &mut Store,
    admin: &User,
    demo: &vonxa_store::demo::DemoData,
    n: usize,
) -> (Group, Vec<HouseholdId>) {
    let today = store.today();
    let village = demo.villages[n % demo.villages.len()].clone();
    let g = Group {
        id: GroupId(Uuid::now_v7()),
        code: format!("B{n:03}"),
        name: format!("Tổ bench số {n}"),
        organisation_id: demo.organisations[0].id,
        village_id: village.id,
        point_id: village.point_id,
        founded_on: today.with_year(today.year() - 1).unwrap_or(today),
        status: GroupStatus::Active,
    };
    let mut members = Vec::with_capacity(MEMBERS);
    store
        .record_batch(|b| {
            b.record(admin, Op::Insert, g.clone(), Origin::Local)?;
            for i in 0..MEMBERS {
                let h = Household {
                    kin: Vec::new(),
                    id: HouseholdId(Uuid::now_v7()),
                    customer_code: Some(format!("9{n:04}{i:05}")),
                    village_id: village.id,
                    point_id: village.point_id,
                    address: Some(format!("Xóm {i}")),
                    head_person_id: None,
                };
                b.record(admin, Op::Insert, h.clone(), Origin::Local)?;
                b.record(
                    admin,
                    Op::Insert,
                    Membership {
                        id: MembershipId(Uuid::now_v7()),
                        household_id: h.id,
                        group_id: g.id,
                        joined_on: g.founded_on,
                        left_on: None,
                        left_reason: None,
                    },
                    Origin::Local,
                )?;
                members.push(h.id);
            }
            Ok(())
        })
        .expect("group of 60");
    (g, members)
}

fn collection(g: &Group, h: HouseholdId, period: chrono::NaiveDate, i: usize) -> Payment {
    Payment::Collection {
        group_id: g.id,
        household_id: h,
        period,
        interest: Money::dong(20_000 + (i as i64 % 7) * 1_000),
        savings: Money::dong(10_000),
        principal_from_savings: Money::ZERO,
    }
}

fn main() {
    let today = chrono::Local::now().date_naive();
    let period = today.with_day(1).expect("first of the month");
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut store, admin) =
        Store::create(dir.path(), new_user("admin", "Admin", Role::Admin), PW).expect("create");
    let spec = DemoSpec {
        seed: 52,
        households: COMMUNE,
        today,
    };
    store.load_demo(&admin, spec).expect("demo");
    let demo = generate(spec);

    // The 13/TD of a 60-member group, saved row by row (a fresh group each run).
    let mut sheets = Vec::with_capacity(SHEET_RUNS);
    for run in 0..SHEET_RUNS {
        let (g, members) = group_of_60(&mut store, &admin, &demo, run);
        store.checkpoint().expect("checkpoint");
        let t = Instant::now();
        for (i, h) in members.iter().enumerate() {
            let e = store
                .record_payment(&admin, g.point_id, None, collection(&g, *h, period, i))
                .expect("payment");
            assert!(!e.receipt_no.is_empty() && e.link.is_some());
        }
        sheets.push(t.elapsed());
    }
    let sheet_runs: Vec<f64> = sheets
        .iter()
        .map(|d| round(d.as_secs_f64() * 1000.0))
        .collect();

    // Single payments, ~1,000 of them, over the groups' members (their books grow).
    let (g, members) = group_of_60(&mut store, &admin, &demo, SHEET_RUNS);
    store.checkpoint().expect("checkpoint");
    let mut payments = Vec::with_capacity(PAYMENTS);
    for i in 0..PAYMENTS {
        let h = members[i % members.len()];
        let t = Instant::now();
        store
            .record_payment(&admin, g.point_id, None, collection(&g, h, period, i))
            .expect("payment");
        payments.push(t.elapsed());
    }
    assert_eq!(
        journal::verify(store.connection()).expect("verify"),
        Ok(()),
        "the chain holds"
    );

    eprintln!(
        "sheet of {MEMBERS} (ms): {sheet_runs:?}; payment p50 {:.3} p99 {:.3} max {:.3} (ms)",
        percentile(&mut payments, 0.5),
        percentile(&mut payments, 0.99),
        percentile(&mut payments, 1.0)
    );
    let mut results = serde_json::Map::new();
    results.insert(
        "money.sheet_save_ms".into(),
        round(percentile(&mut sheets, 0.5)).into(),
    );
    results.insert(
        "money.payment_p99_ms".into(),
        round(percentile(&mut payments, 0.99)).into(),
    );

    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../bench/tmp/money.json");
    std::fs::create_dir_all(out.parent().expect("parent")).expect("bench/tmp");
    std::fs::write(&out, serde_json::to_string_pretty(&results).expect("json"))
        .expect("write results");
    eprintln!("{}", serde_json::to_string_pretty(&results).expect("json"));
}
