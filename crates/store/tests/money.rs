//! Money in the store: a month of collections with receipts, the handover and close of a
//! session, savings books at the point, reversals, the chain, and receipt numbers that
//! survive crashes.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::{Datelike, NaiveDate};
use common::*;
use proptest::prelude::*;
use uuid::Uuid;
use vonxa_domain::cash::sheet::month;
use vonxa_domain::cash::*;
use vonxa_domain::credit::AnnualRate;
use vonxa_domain::credit::interest::{Movement, PrincipalEvent};
use vonxa_domain::credit::loan::{Loan, LoanStatus};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::ident::Sex;
use vonxa_domain::journal::ChainFault;
use vonxa_domain::reference::Group;
use vonxa_domain::*;
use vonxa_store::Store;
use vonxa_store::demo::DemoData;
use vonxa_store::money::{journal, sheet};

fn this_month() -> NaiveDate {
    today().with_day(1).unwrap()
}

/// A group of the demo with at least three members today, and its members.
fn group_with_members(f: &Fixture, d: &DemoData) -> (Group, Vec<HouseholdId>) {
    for g in &d.groups {
        let mut m: Vec<_> = f
            .store
            .group_members_on(g, today())
            .unwrap()
            .into_iter()
            .collect();
        if m.len() >= 3 {
            m.sort();
            return (g.clone(), m);
        }
    }
    panic!("the demo has a group with members");
}

fn collect(
    f: &mut Fixture,
    g: &Group,
    h: HouseholdId,
    interest: i64,
    savings: i64,
    pfs: i64,
) -> Result<MoneyEntry, vonxa_store::StoreError> {
    let admin = f.admin.clone();
    f.store.record_payment(
        &admin,
        g.point_id,
        None,
        Payment::Collection {
            group_id: g.id,
            household_id: h,
            period: this_month(),
            interest: Money::dong(interest),
            savings: Money::dong(savings),
            principal_from_savings: Money::dong(pfs),
        },
    )
}

fn session(f: &mut Fixture, point: PointId) -> CashSession {
    let admin = f.admin.clone();
    f.store
        .open_session(&admin, new_cash_session(point))
        .unwrap()
}

fn code(e: vonxa_store::StoreError) -> (Option<String>, Code) {
    match e {
        vonxa_store::StoreError::Domain(d) => (d.field().map(str::to_owned), d.code()),
        other => panic!("not a domain error: {other}"),
    }
}

fn counter(n: &str) -> u64 {
    n.rsplit('-').next().unwrap().parse().unwrap()
}

#[test]
fn a_month_of_collections_is_handed_over_and_the_session_closed() {
    let (mut f, d) = with_demo(40);
    let (g, members) = group_with_members(&f, &d);
    // The bank's loan of the first member: 50 m disbursed last year, 20 m repaid this month.
    let first = this_month();
    let loan = Loan {
        id: LoanId(Uuid::now_v7()),
        contract_no: "HN-0001".into(),
        household_id: members[0],
        borrower_id: None,
        point_id: g.point_id,
        group_id: Some(g.id),
        organisation_id: None,
        programme: "HN".into(),
        principal: Money::dong(50_000_000),
        disbursed_on: NaiveDate::from_ymd_opt(first.year() - 1, 1, 10).unwrap(),
        maturity_on: NaiveDate::from_ymd_opt(first.year() + 4, 1, 10).unwrap(),
        purpose: "Chăn nuôi".into(),
        rate: AnnualRate::from_hundredths_pct(660),
        status: LoanStatus::InGoodStanding,
        outstanding: Money::dong(50_000_000),
        outstanding_as_of: first,
        overdue: Money::ZERO,
        terms: Default::default(),
        movements: vec![PrincipalEvent {
            date: NaiveDate::from_ymd_opt(first.year() - 1, 1, 10).unwrap(),
            movement: Movement::Disbursed(Money::dong(50_000_000)),
        }],
    };
    f.store
        .apply_synced(
            EntityKind::Loan,
            Op::Insert,
            loan.id.as_uuid(),
            &serde_json::to_value(&loan).unwrap(),
            1,
        )
        .unwrap();
    let days = i64::from(month(first).unwrap().1.day());
    // 50,000,000 × 0.0624 × days / 365, half up (the poor-household rate since 1 Dec 2025,
    // QĐ 2553/QĐ-TTg; the collection month is this one).
    let due = (50_000_000i64 * 62_400 * days * 2 + 365 * 1_000_000) / (365 * 1_000_000 * 2);
    let sh = sheet::collection_sheet(f.store.connection(), g.id, first, today()).unwrap();
    assert_eq!(sh.rows.len(), members.len());
    let row = sh
        .rows
        .iter()
        .find(|r| r.household_id == members[0])
        .unwrap();
    assert_eq!(row.interest_due, Money::dong(due));

    // Cash comes in notes: the member pays the interest rounded down to 1,000 đ.
    let paid = due / 1_000 * 1_000;
    let a = collect(&mut f, &g, members[0], paid, 50_000, 0).unwrap();
    let b = collect(&mut f, &g, members[1], 0, 20_000, 0).unwrap();
    let c = collect(&mut f, &g, members[2], 0, 10_000, 5_000).unwrap();
    // Receipts: the device's prefix, counters 1, 2, 3.
    let prefix = journal_prefix(&f.store);
    assert!(a.receipt_no.starts_with(&prefix));
    assert_eq!(
        [
            a.receipt_no.as_str(),
            b.receipt_no.as_str(),
            c.receipt_no.as_str()
        ]
        .map(counter),
        [1, 2, 3]
    );
    // Below the minimum; more principal from savings than the member has.
    assert_eq!(
        code(collect(&mut f, &g, members[1], 0, 4_999, 0).unwrap_err()),
        (Some("savings".into()), Code::BelowMinimum)
    );
    assert_eq!(
        code(collect(&mut f, &g, members[1], 0, 0, 20_001).unwrap_err()),
        (Some("amount".into()), Code::OverBalance)
    );

    let sh = sheet::collection_sheet(f.store.connection(), g.id, first, today()).unwrap();
    let receipts = Money::dong(paid + 50_000 + 20_000 + 10_000);
    assert_eq!(sh.cash, receipts);
    assert_eq!(sh.paid.principal_from_savings, Money::dong(5_000));

    let s = session(&mut f, g.point_id);
    let admin = f.admin.clone();
    let h = f
        .store
        .hand_over(&admin, s.id, g.id, first, receipts, None)
        .unwrap();
    assert_eq!(
        (h.expected, h.difference().unwrap()),
        (receipts, Money::ZERO)
    );
    assert!(
        sheet::discrepancies(f.store.connection())
            .unwrap()
            .is_empty()
    );
    // Corrections before the close are reversals.
    let r = f.store.reverse(&admin, b.id, "Ghi nhầm hộ".into()).unwrap();
    assert_eq!(r.payment, b.payment.negated().unwrap());
    assert_eq!(
        code(f.store.reverse(&admin, b.id, "lần hai".into()).unwrap_err()).1,
        Code::AlreadyReversed
    );
    // Close: 10,000 đ short of the system's total → recorded, explained.
    let system = receipts.as_dong();
    let counted = vec![
        DenominationCount {
            value: 10_000,
            count: u32::try_from((system - 10_000) / 10_000).unwrap(),
        },
        DenominationCount {
            value: 1_000,
            count: u32::try_from((system - 10_000) % 10_000 / 1_000).unwrap(),
        },
    ];
    assert_eq!(
        code(
            f.store
                .close_session(&admin, s.id, counted.clone(), None)
                .unwrap_err()
        )
        .0
        .as_deref(),
        Some("explanation")
    );
    let close = f
        .store
        .close_session(&admin, s.id, counted, Some("Thiếu 10.000 đ".into()))
        .unwrap();
    assert_eq!(close.system_total, receipts);
    assert_eq!(close.difference().unwrap(), Money::dong(-10_000));
    assert_eq!(sheet::discrepancies(f.store.connection()).unwrap().len(), 1);
    // After the close, the month is read-only.
    assert_eq!(
        code(f.store.reverse(&admin, a.id, "muộn".into()).unwrap_err()),
        (Some("reverses".into()), Code::SessionClosed)
    );
    assert_eq!(
        code(collect(&mut f, &g, members[0], 1_000, 0, 0).unwrap_err()),
        (Some("period".into()), Code::SessionClosed)
    );
    assert!(
        sheet::collection_sheet(f.store.connection(), g.id, first, today())
            .unwrap()
            .closed
    );
    assert_eq!(journal::verify(f.store.connection()).unwrap(), Ok(()));
}

fn journal_prefix(store: &Store) -> String {
    vonxa_domain::journal::device_prefix(store.device_id().as_uuid())
}

fn account(f: &mut Fixture, point: PointId, product: Product) -> SavingsAccount {
    let a = SavingsAccount {
        id: SavingsAccountId(Uuid::now_v7()),
        point_id: point,
        book_no: format!("TK-{}", &Uuid::now_v7().simple().to_string()[20..]),
        holder_name: "Đinh Thị Hoa".into(),
        id_number: "051185001234".into(),
        holder_birth: "1985-04-02".parse().unwrap(),
        holder_sex: Sex::Female,
        household_id: None,
        product,
        opened_on: today(),
        link: None,
    };
    let admin = f.admin.clone();
    f.store.record(&admin, Op::Insert, a.clone()).unwrap();
    a
}

#[test]
fn savings_at_the_point_never_go_below_zero() {
    let (mut f, d) = with_demo(10);
    let point = d.point.as_ref().unwrap().id;
    let s = session(&mut f, point);
    let admin = f.admin.clone();
    let demand = account(&mut f, point, Product::Demand);
    let pay = |f: &mut Fixture, p: Payment| f.store.record_payment(&admin, point, Some(s.id), p);
    let dep = |a: &SavingsAccount, n| Payment::Deposit {
        account_id: a.id,
        amount: Money::dong(n),
    };
    let wd = |a: &SavingsAccount, n| Payment::Withdrawal {
        account_id: a.id,
        amount: Money::dong(n),
    };
    assert_eq!(
        code(pay(&mut f, dep(&demand, 99_999)).unwrap_err()).1,
        Code::BelowMinimum
    );
    pay(&mut f, dep(&demand, 300_000)).unwrap();
    assert_eq!(
        code(pay(&mut f, wd(&demand, 300_001)).unwrap_err()).1,
        Code::OverBalance
    );
    pay(&mut f, wd(&demand, 300_000)).unwrap();
    // A term book takes one deposit and pays out whole.
    let term = account(&mut f, point, Product::Term(6));
    pay(&mut f, dep(&term, 1_000_000)).unwrap();
    assert!(pay(&mut f, dep(&term, 100_000)).is_err());
    assert!(pay(&mut f, wd(&term, 500_000)).is_err());
    pay(&mut f, wd(&term, 1_000_000)).unwrap();
    // Outside a session, no deposit.
    assert_eq!(
        code(
            f.store
                .record_payment(&admin, point, None, dep(&demand, 100_000))
                .unwrap_err()
        )
        .0
        .as_deref(),
        Some("sessionId")
    );
    // The close: the till holds what came in minus what went out.
    let c = f.store.close_session(&admin, s.id, vec![], None).unwrap();
    assert_eq!(c.system_total, Money::ZERO);
    assert_eq!(
        code(pay(&mut f, dep(&demand, 100_000)).unwrap_err()).1,
        Code::SessionClosed
    );
}

#[test]
fn an_altered_money_row_breaks_the_chain() {
    let (mut f, d) = with_demo(40);
    let (g, members) = group_with_members(&f, &d);
    for h in &members {
        collect(&mut f, &g, *h, 10_000, 5_000, 0).unwrap();
    }
    assert_eq!(journal::verify(f.store.connection()).unwrap(), Ok(()));
    // The trigger refuses a raw edit…
    let conn = f.store.connection();
    assert!(
        conn.execute(
            "UPDATE money_entries SET doc = json_set(doc, '$.payment.interest', 1) WHERE rowid = 2",
            []
        )
        .is_err()
    );
    // …someone who drops it can edit, and the chain shows it.
    conn.execute_batch("DROP TRIGGER money_entries_no_update;")
        .unwrap();
    conn.execute(
        "UPDATE money_entries SET doc = json_set(doc, '$.payment.interest', 1) WHERE rowid = 2",
        [],
    )
    .unwrap();
    assert_eq!(journal::verify(conn).unwrap(), Err(ChainFault::Altered(2)));
}

/// Pay, fail, crash (a transaction dropped half-way and the store closed), reopen: receipt
/// numbers stay contiguous from 1 with none reused, on each of two devices.
fn run_with_crashes(ops: &[(bool, bool)]) -> Vec<String> {
    let (mut f, d) = with_demo(40);
    let (g, members) = group_with_members(&f, &d);
    let mut numbers = Vec::new();
    for (i, (valid, crash)) in ops.iter().enumerate() {
        let h = members[i % members.len()];
        if *crash {
            let admin = f.admin.clone();
            let store = &mut f.store;
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                let _ = store.record_batch(|b| {
                    let e = MoneyEntry {
                        id: MoneyEntryId(Uuid::now_v7()),
                        receipt_no: String::new(),
                        point_id: g.point_id,
                        session_id: None,
                        on: today(),
                        collector: "x".into(),
                        payment: Payment::Collection {
                            group_id: g.id,
                            household_id: h,
                            period: this_month(),
                            interest: Money::dong(1_000),
                            savings: Money::ZERO,
                            principal_from_savings: Money::ZERO,
                        },
                        reverses: None,
                        link: None,
                    };
                    b.record(&admin, Op::Insert, e, vonxa_domain::entity::Origin::Local)?;
                    panic!("power cut");
                });
            }));
            assert!(r.is_err());
            let dir = f.dir.path().to_owned();
            drop(std::mem::replace(
                &mut f.store,
                Store::open(&dir, "admin", ADMIN_PW).unwrap().0,
            ));
            continue;
        }
        let r = collect(&mut f, &g, h, if *valid { 10_000 } else { -1 }, 0, 0);
        if let Ok(e) = r {
            numbers.push(e.receipt_no);
        }
    }
    let stored: Vec<String> = sheet::receipts(f.store.connection(), None, None, 10_000)
        .unwrap()
        .into_iter()
        .rev()
        .map(|e| e.receipt_no)
        .collect();
    assert_eq!(stored, numbers);
    for (i, n) in numbers.iter().enumerate() {
        assert_eq!(counter(n), i as u64 + 1, "contiguous from 1");
    }
    assert_eq!(journal::verify(f.store.connection()).unwrap(), Ok(()));
    numbers
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6))]
    #[test]
    fn receipt_numbers_are_contiguous_and_never_reused_across_devices_and_crashes(
        a in proptest::collection::vec((any::<bool>(), proptest::bool::weighted(0.2)), 1..12),
        b in proptest::collection::vec((any::<bool>(), proptest::bool::weighted(0.2)), 1..12),
    ) {
        let mut all = run_with_crashes(&a);
        all.extend(run_with_crashes(&b));
        let n = all.len();
        all.sort();
        all.dedup();
        prop_assert_eq!(all.len(), n, "no receipt number on two payments");
    }
}
