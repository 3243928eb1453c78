//! One verdict table, two paths. Each case is one record put to a world a genuine device made
//! and synced: for money, two sessions of the point (the first closed), a demand book and a
//! term book, an entry reversed; for vetting, an application and three meetings of its group
//! (all present, too few present, cancelled; `verdicts/vetting.rs`); for fund-use checks, two
//! loans the province disbursed and a check of one, corrected once (`verdicts/funduse.rs`).
//! The same record goes to the device's store (its `Record::check`) and, past the store (a
//! money record sealed as the device's next link), to the province on SQLite and on
//! PostgreSQL. Both must give the case's verdict: accepted, or refused with its domain code. A
//! rule dropped or changed on one path fails here.
#![allow(clippy::unwrap_used)]

mod common;
#[path = "verdicts/funduse.rs"]
mod funduse_cases;
#[path = "verdicts/vetting.rs"]
mod vetting_cases;

use common::money::*;
use common::*;
use uuid::Uuid;
use vonxa_domain::cash::*;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_domain::{Code, GroupId, HandoverId, Money, PointId};
use vonxa_province::Backend;
use vonxa_store::records::Record;

/// What a genuine device made before the case's record.
struct World {
    a: Dev,
    point: PointId,
    group: GroupId,
    closed: CashSession,
    open: CashSession,
    demand: SavingsAccount,
    term: SavingsAccount,
    /// 1.000.000 đ into the demand book, at the closed session.
    closed_entry: MoneyEntry,
    /// 300.000 đ into the demand book at the open session, then reversed.
    reversed: MoneyEntry,
    reversal: MoneyEntry,
}

async fn world<B: Backend>(p: &Province<B>) -> World {
    let a = Dev::new();
    a.load_demo(10);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let (g, _) = group_with_members(&a);
    let point = g.point_id;
    let admin = a.admin.clone();
    let w = {
        let mut s = a.lock();
        // One session a day at a point: the closed one was yesterday's.
        let yesterday = CashSession {
            held_on: today() - chrono::Days::new(1),
            ..new_session(point)
        };
        let closed = s.open_session(&admin, yesterday).unwrap();
        let demand = demand_book(point, "TK-0001");
        s.record(&admin, Op::Insert, demand.clone()).unwrap();
        let term = SavingsAccount {
            product: Product::Term(6),
            ..demand_book(point, "TK-0602")
        };
        s.record(&admin, Op::Insert, term.clone()).unwrap();
        let deposit = |account: &SavingsAccount, amount| Payment::Deposit {
            account_id: account.id,
            amount: Money::dong(amount),
        };
        let closed_entry = s
            .record_payment(&admin, point, Some(closed.id), deposit(&demand, 1_000_000))
            .unwrap();
        s.close_session(&admin, closed.id, Vec::new(), Some("Đếm lại sau".into()))
            .unwrap();
        let open = s.open_session(&admin, new_session(point)).unwrap();
        s.record_payment(&admin, point, Some(open.id), deposit(&term, 2_000_000))
            .unwrap();
        let reversed = s
            .record_payment(&admin, point, Some(open.id), deposit(&demand, 300_000))
            .unwrap();
        let reversal = s
            .reverse(&admin, reversed.id, "Nhập nhầm số tiền".into())
            .unwrap();
        (closed, open, demand, term, closed_entry, reversed, reversal)
    };
    a.settle(3).await;
    let (closed, open, demand, term, closed_entry, reversed, reversal) = w;
    World {
        a,
        point,
        group: g.id,
        closed,
        open,
        demand,
        term,
        closed_entry,
        reversed,
        reversal,
    }
}

fn deposit(w: &World, s: &CashSession, book: &SavingsAccount, amount: i64) -> MoneyEntry {
    entry(
        w.point,
        Some(s.id),
        Payment::Deposit {
            account_id: book.id,
            amount: Money::dong(amount),
        },
    )
}

fn withdrawal(w: &World, amount: i64) -> MoneyEntry {
    entry(
        w.point,
        Some(w.open.id),
        Payment::Withdrawal {
            account_id: w.demand.id,
            amount: Money::dong(amount),
        },
    )
}

/// A reversal of `original`, as the device's `reverse` writes it: the same entry (its session
/// too) with the amounts negated, naming it, with a reason.
fn reversal_of(w: &World, original: &MoneyEntry) -> MoneyEntry {
    MoneyEntry {
        payment: original.payment.negated().unwrap(),
        reverses: Some(Reversal {
            entry_id: original.id,
            reason: "Nhập nhầm".into(),
        }),
        ..entry(w.point, original.session_id, original.payment.clone())
    }
}

/// A record of the money chain a case puts to the world.
#[derive(Clone)]
enum Candidate {
    Entry(MoneyEntry),
    Handover(Handover),
}

/// The group's cash for this month handed over at session `s`.
fn handover(w: &World, s: &CashSession, expected: i64, counted: i64) -> Candidate {
    Candidate::Handover(Handover {
        id: HandoverId(Uuid::now_v7()),
        session_id: s.id,
        point_id: w.point,
        group_id: w.group,
        period: month(),
        expected: Money::dong(expected),
        counted: Money::dong(counted),
        explanation: None,
        link: None,
    })
}

type Case = (&'static str, fn(&World) -> Candidate, Option<Code>);

const CASES: &[Case] = &[
    (
        "a deposit into the demand book",
        |w| Candidate::Entry(deposit(w, &w.open, &w.demand, 200_000)),
        None,
    ),
    (
        "a point deposit below 100.000 đ",
        |w| Candidate::Entry(deposit(w, &w.open, &w.demand, 50_000)),
        Some(Code::BelowMinimum),
    ),
    (
        "a second deposit into a term book",
        |w| Candidate::Entry(deposit(w, &w.open, &w.term, 500_000)),
        Some(Code::InvalidValue),
    ),
    (
        "a withdrawal within the balance",
        |w| Candidate::Entry(withdrawal(w, 400_000)),
        None,
    ),
    (
        "a withdrawal over the balance",
        |w| Candidate::Entry(withdrawal(w, 5_000_000)),
        Some(Code::OverBalance),
    ),
    (
        "a deposit at the closed session",
        |w| Candidate::Entry(deposit(w, &w.closed, &w.demand, 200_000)),
        Some(Code::SessionClosed),
    ),
    (
        "a reversal after its session closed",
        |w| Candidate::Entry(reversal_of(w, &w.closed_entry)),
        Some(Code::SessionClosed),
    ),
    (
        "a second reversal of one entry",
        |w| Candidate::Entry(reversal_of(w, &w.reversed)),
        Some(Code::AlreadyReversed),
    ),
    (
        "a reversal of a reversal",
        |w| Candidate::Entry(reversal_of(w, &w.reversal)),
        Some(Code::InvalidValue),
    ),
    (
        "a handover as the 13/TD says",
        |w| handover(w, &w.open, 0, 0),
        None,
    ),
    (
        "a handover stating another amount than the 13/TD's",
        |w| handover(w, &w.open, 50_000, 50_000),
        Some(Code::InvalidValue),
    ),
    (
        "a handover at the closed session",
        |w| handover(w, &w.closed, 0, 0),
        Some(Code::SessionClosed),
    ),
    (
        "a difference without an explanation",
        |w| handover(w, &w.open, 0, 10_000),
        Some(Code::Required),
    ),
];

/// The domain code of a refusal by the device's store (`None`: written).
fn stored<R: Record>(a: &Dev, record: R) -> Option<Code> {
    let admin = a.admin.clone();
    let written = a.lock().record(&admin, Op::Insert, record);
    written
        .err()
        .map(|err| err.as_domain().map_or(Code::InvalidValue, |d| d.code()))
}

/// A record the store does not seal, pushed past the store as one change: the province's
/// verdict (a refusal without a domain code counts as `invalid_value`).
async fn pushed<B: Backend>(
    a: &Dev,
    p: &Province<B>,
    kind: EntityKind,
    id: uuid::Uuid,
    doc: serde_json::Value,
) -> Option<Code> {
    let change = a.forged(kind, Op::Insert, id, doc);
    let before = p.db.head().await.unwrap();
    let r = a.push_raw(&p.url, vec![change]).await.results[0].clone();
    assert_eq!(
        p.db.head().await.unwrap() != before,
        r.code.is_none(),
        "{r:?}"
    );
    r.code.map(|_| r.domain.unwrap_or(Code::InvalidValue))
}

/// Note a case whose verdicts on the device or at the province are not the expected one.
fn compare(
    differ: &mut Vec<String>,
    name: &str,
    expected: Option<Code>,
    device: Option<Code>,
    province: Option<Code>,
    backend: &str,
) {
    if device != expected || province != expected {
        differ.push(format!(
            "{name}: expected {expected:?}, device {device:?}, province ({backend}) {province:?}"
        ));
    }
}

fn on_device(w: &World, c: Candidate) -> Option<Code> {
    match c {
        Candidate::Entry(e) => stored(&w.a, e),
        Candidate::Handover(h) => stored(&w.a, h),
    }
}

async fn at_province<B: Backend>(w: &World, p: &Province<B>, c: Candidate) -> Option<Code> {
    let (r, moved) = match c {
        Candidate::Entry(e) => forged_entry(&w.a, &p.url, &p.db, e).await,
        Candidate::Handover(h) => {
            let doc = serde_json::to_value(&h).unwrap();
            forged_sealed(
                &w.a,
                &p.url,
                &p.db,
                EntityKind::Handover,
                h.id.as_uuid(),
                doc,
            )
            .await
        }
    };
    match r.code {
        None => {
            assert!(moved, "accepted and applied: {r:?}");
            None
        }
        Some(code) => {
            assert!(!moved, "refused and not applied: {r:?}");
            Some(
                r.domain
                    .unwrap_or_else(|| panic!("a refusal without a domain code ({code:?}): {r:?}")),
            )
        }
    }
}

/// The case's verdict on the device and at province `p`; a difference from `expected` is noted.
async fn check<B: Backend>(case: &Case, p: &Province<B>, backend: &str, differ: &mut Vec<String>) {
    let (name, record, expected) = case;
    let w = world(p).await;
    let e = record(&w);
    // The province first: the record is sealed on the device's chain head as it stands.
    let province = at_province(&w, p, e.clone()).await;
    let device = on_device(&w, e);
    compare(differ, name, *expected, device, province, backend);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn money_records_get_the_same_verdict_on_the_device_and_at_the_province() {
    let mut differ = Vec::new();
    for case in CASES {
        let tmp = tempfile::tempdir().unwrap();
        let p = sqlite_province(&tmp).await;
        check(case, &p, "sqlite", &mut differ).await;
        p.stop().await;
        if let Some(p) = pg_province().await {
            check(case, &p, "postgres", &mut differ).await;
            p.stop().await;
        }
    }
    assert!(differ.is_empty(), "verdicts differ:\n{}", differ.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fund_checks_get_the_same_verdict_on_the_device_and_at_the_province() {
    let mut differ = Vec::new();
    for case in funduse_cases::CASES {
        let tmp = tempfile::tempdir().unwrap();
        let p = sqlite_province(&tmp).await;
        funduse_cases::check(case, &p, "sqlite", &mut differ).await;
        p.stop().await;
        if let Some(p) = pg_province().await {
            funduse_cases::check(case, &p, "postgres", &mut differ).await;
            p.stop().await;
        }
    }
    assert!(differ.is_empty(), "verdicts differ:\n{}", differ.join("\n"));
}
