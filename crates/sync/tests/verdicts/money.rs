//! The money table of the verdict suite. The world: a group with members; three sessions of
//! the point, the two earlier ones closed short (the oldest shortfall already resolved), a
//! demand book and a term book, an entry reversed. Each case is one record of the money chain.

use crate::common::money::*;
use crate::common::*;
use crate::{compare, stored};
use uuid::Uuid;
use vonxa_domain::cash::*;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::Group;
use vonxa_domain::{
    Code, DiscrepancyResolutionId, GroupId, HandoverId, HouseholdId, Money, PointId, SessionCloseId,
};
use vonxa_province::Backend;
use vonxa_store::money::resolution::Resolve;

/// What a genuine device made before the case's record.
pub struct World {
    a: Dev,
    point: PointId,
    group: GroupId,
    members: Vec<HouseholdId>,
    /// A household of the point that is not a member of the group.
    outsider: HouseholdId,
    closed: CashSession,
    open: CashSession,
    demand: SavingsAccount,
    term: SavingsAccount,
    /// A demand book of another point in the device's scope.
    elsewhere: SavingsAccount,
    /// 1.000.000 đ into the demand book, at the closed session.
    closed_entry: MoneyEntry,
    /// 300.000 đ into the demand book at the open session, then reversed.
    reversed: MoneyEntry,
    /// A member's savings of this month collected by the group ([`SHEET`]), outside a session.
    collection: MoneyEntry,
    reversal: MoneyEntry,
    /// The close of `closed`: nothing counted, 1.000.000 đ short, not resolved.
    shortfall: SessionClose,
    /// An older close, 100.000 đ short, resolved as a counting error.
    resolved: SessionClose,
}

async fn world<B: Backend>(p: &Province<B>) -> World {
    let a = Dev::new();
    // Enough households for two groups: one outside the case's group.
    a.load_demo(60);
    // A second point in the device's scope, with a savings book of its own.
    let (other, code) = second_point(p).await;
    a.enrol(&p.url, &code).await;
    a.settle(3).await;
    let (g, members) = group_with_members(&a);
    let outsider = a
        .households()
        .into_iter()
        .map(|h| h.id)
        .find(|h| !members.contains(h))
        .expect("a household outside the group");
    let w = records(a, &g, members, outsider, other);
    w.a.settle(3).await;
    w
}

/// What the world's device records, in order (synchronously: its store is locked throughout).
fn records(
    a: Dev,
    g: &Group,
    members: Vec<HouseholdId>,
    outsider: HouseholdId,
    other: PointId,
) -> World {
    let (point, admin) = (g.point_id, a.admin.clone());
    let mut s = a.lock();
    let session_of = |days: u64| CashSession {
        held_on: today() - chrono::Days::new(days),
        ..new_session(point)
    };
    let deposit = |account: &SavingsAccount, amount| Payment::Deposit {
        account_id: account.id,
        amount: Money::dong(amount),
    };
    let demand = demand_book(point, "TK-0001");
    s.record(&admin, Op::Insert, demand.clone()).unwrap();
    let term = SavingsAccount {
        product: Product::Term(6),
        ..demand_book(point, "TK-0602")
    };
    s.record(&admin, Op::Insert, term.clone()).unwrap();
    let elsewhere = demand_book(other, "TK-9001");
    s.record(&admin, Op::Insert, elsewhere.clone()).unwrap();
    // One session a day at a point: two days ago, yesterday, today.
    let oldest = s.open_session(&admin, session_of(2)).unwrap();
    s.record_payment(&admin, point, Some(oldest.id), deposit(&demand, 100_000))
        .unwrap();
    let resolved = s
        .close_session(&admin, oldest.id, Vec::new(), Some("Thiếu tiền".into()))
        .unwrap();
    s.resolve_discrepancy(
        &admin,
        Resolve {
            case_kind: CaseKind::Close,
            case_id: resolved.id.as_uuid(),
            outcome: ResolutionOutcome::CountingError,
            amount: None,
            settled_in_session: None,
            note: "Đếm lại: đủ tiền".into(),
            resolved_on: None,
            resolved_by: "Hồ Thị Lan".into(),
        },
    )
    .unwrap();
    let closed = s.open_session(&admin, session_of(1)).unwrap();
    let closed_entry = s
        .record_payment(&admin, point, Some(closed.id), deposit(&demand, 1_000_000))
        .unwrap();
    let shortfall = s
        .close_session(&admin, closed.id, Vec::new(), Some("Đếm lại sau".into()))
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
    let saved = match collected_from(g.id, point, members[2], SHEET, 0) {
        Candidate::Entry(e) => e.payment,
        _ => unreachable!(),
    };
    let collection = s.record_payment(&admin, point, None, saved).unwrap();
    drop(s);
    World {
        a,
        point,
        group: g.id,
        members,
        outsider,
        closed,
        open,
        demand,
        term,
        elsewhere,
        closed_entry,
        reversed,
        reversal,
        collection,
        shortfall,
        resolved,
    }
}

fn deposit(w: &World, s: &CashSession, book: &SavingsAccount, amount: i64) -> Candidate {
    Candidate::Entry(entry(
        w.point,
        Some(s.id),
        Payment::Deposit {
            account_id: book.id,
            amount: Money::dong(amount),
        },
    ))
}

fn withdrawal(w: &World, amount: i64) -> Candidate {
    Candidate::Entry(entry(
        w.point,
        Some(w.open.id),
        Payment::Withdrawal {
            account_id: w.demand.id,
            amount: Money::dong(amount),
        },
    ))
}

/// A group's collection from `household` this month, recorded outside a session (the group
/// leader's 13/TD); `from_savings` is principal repaid out of the member's savings.
fn collected(w: &World, household: HouseholdId, savings: i64, from_savings: i64) -> Candidate {
    collected_from(w.group, w.point, household, savings, from_savings)
}

fn collected_from(
    group: GroupId,
    point: PointId,
    household: HouseholdId,
    savings: i64,
    from_savings: i64,
) -> Candidate {
    Candidate::Entry(entry(
        point,
        None,
        Payment::Collection {
            group_id: group,
            household_id: household,
            period: month(),
            interest: Money::ZERO,
            savings: Money::dong(savings),
            principal_from_savings: Money::dong(from_savings),
        },
    ))
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

/// A reversal of `original` recorded at session `s`.
fn reversal_at(w: &World, original: &MoneyEntry, s: &CashSession) -> Candidate {
    Candidate::Entry(MoneyEntry {
        session_id: Some(s.id),
        ..reversal_of(w, original)
    })
}

/// A record of the money chain a case puts to the world.
#[derive(Clone)]
pub enum Candidate {
    Entry(MoneyEntry),
    Handover(Handover),
    Close(SessionClose),
    Resolution(DiscrepancyResolution),
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

/// The close of today's session with nothing counted, stating `system_total`.
fn close(w: &World, system_total: i64) -> Candidate {
    Candidate::Close(SessionClose {
        id: SessionCloseId(Uuid::now_v7()),
        session_id: w.open.id,
        point_id: w.point,
        counted: Vec::new(),
        counted_total: Money::ZERO,
        system_total: Money::dong(system_total),
        explanation: Some("Chưa đếm".into()),
        link: None,
    })
}

/// A resolution of the close `case`; `made_good` is an amount settled at session `at`.
fn resolve(w: &World, case: &SessionClose, made_good: Option<(i64, &CashSession)>) -> Candidate {
    let (outcome, amount, settled) = match made_good {
        Some((n, s)) => (
            ResolutionOutcome::MadeGood,
            Some(Money::dong(n)),
            Some(s.id),
        ),
        None => (ResolutionOutcome::CountingError, None, None),
    };
    Candidate::Resolution(DiscrepancyResolution {
        id: DiscrepancyResolutionId(Uuid::now_v7()),
        point_id: w.point,
        case_kind: CaseKind::Close,
        case_id: case.id.as_uuid(),
        outcome,
        amount,
        settled_in_session: settled,
        note: "Đã xử lý".into(),
        resolved_on: today(),
        resolved_by: "Hồ Thị Lan".into(),
        link: None,
    })
}

/// Today's session till as the records make it: the term deposit (the other is reversed).
const OPEN_TILL: i64 = 2_000_000;
/// This month's 13/TD of the group: one member's savings.
const SHEET: i64 = 20_000;

pub type Case = (&'static str, fn(&World) -> Candidate, Option<Code>);

#[rustfmt::skip]
pub const CASES: &[Case] = &[
    ("a deposit into the demand book", |w| deposit(w, &w.open, &w.demand, 200_000), None),
    ("a point deposit below 100.000 đ", |w| deposit(w, &w.open, &w.demand, 50_000), Some(Code::BelowMinimum)),
    ("a second deposit into a term book", |w| deposit(w, &w.open, &w.term, 500_000), Some(Code::InvalidValue)),
    ("a deposit into a book of another point", |w| deposit(w, &w.open, &w.elsewhere, 200_000), Some(Code::InvalidValue)),
    ("a withdrawal within the balance", |w| withdrawal(w, 400_000), None),
    ("a withdrawal over the balance", |w| withdrawal(w, 5_000_000), Some(Code::OverBalance)),
    ("a deposit at the closed session", |w| deposit(w, &w.closed, &w.demand, 200_000), Some(Code::SessionClosed)),
    ("a reversal after its session closed", |w| Candidate::Entry(reversal_of(w, &w.closed_entry)), Some(Code::SessionClosed)),
    ("a second reversal of one entry", |w| Candidate::Entry(reversal_of(w, &w.reversed)), Some(Code::AlreadyReversed)),
    ("a reversal of a reversal", |w| Candidate::Entry(reversal_of(w, &w.reversal)), Some(Code::InvalidValue)),
    ("a reversal at another session than its original's", |w| reversal_at(w, &w.collection, &w.open), Some(Code::InvalidValue)),
    ("a member's savings collected by the group", |w| collected(w, w.members[0], 50_000, 0), None),
    ("a member's savings below 5.000 đ", |w| collected(w, w.members[0], 2_000, 0), Some(Code::BelowMinimum)),
    ("a collection from a household outside the group", |w| collected(w, w.outsider, 50_000, 0), Some(Code::InvalidValue)),
    ("principal paid from savings the member does not have", |w| collected(w, w.members[1], 0, 100_000), Some(Code::OverBalance)),
    ("a handover as the 13/TD says", |w| handover(w, &w.open, SHEET, SHEET), None),
    ("a handover stating another amount than the 13/TD's", |w| handover(w, &w.open, 50_000, 50_000), Some(Code::InvalidValue)),
    ("a handover at the closed session", |w| handover(w, &w.closed, SHEET, SHEET), Some(Code::SessionClosed)),
    ("a difference without an explanation", |w| handover(w, &w.open, SHEET, SHEET + 10_000), Some(Code::Required)),
    ("a close stating the till the records make", |w| close(w, OPEN_TILL), None),
    ("a close stating another till", |w| close(w, OPEN_TILL + 300_000), Some(Code::InvalidValue)),
    ("a shortfall found to be a counting error", |w| resolve(w, &w.shortfall, None), None),
    ("a shortfall made good at today's session", |w| resolve(w, &w.shortfall, Some((400_000, &w.open))), None),
    ("a shortfall made good for more than it", |w| resolve(w, &w.shortfall, Some((2_000_000, &w.open))), Some(Code::OverDifference)),
    ("a shortfall made good at a closed session", |w| resolve(w, &w.shortfall, Some((400_000, &w.closed))), Some(Code::SessionClosed)),
    ("a second resolution of one case", |w| resolve(w, &w.resolved, None), Some(Code::AlreadyResolved)),
];

fn on_device(w: &World, c: Candidate) -> Option<Code> {
    match c {
        Candidate::Entry(e) => stored(&w.a, e),
        Candidate::Handover(h) => stored(&w.a, h),
        Candidate::Close(x) => stored(&w.a, x),
        Candidate::Resolution(r) => stored(&w.a, r),
    }
}

async fn at_province<B: Backend>(w: &World, p: &Province<B>, c: Candidate) -> Option<Code> {
    let sealed = |kind, id: Uuid, doc| forged_sealed(&w.a, &p.url, &p.db, kind, id, doc);
    let (r, moved) = match c {
        Candidate::Entry(e) => forged_entry(&w.a, &p.url, &p.db, e).await,
        Candidate::Handover(h) => {
            let doc = serde_json::to_value(&h).unwrap();
            sealed(EntityKind::Handover, h.id.as_uuid(), doc).await
        }
        Candidate::Close(x) => {
            let doc = serde_json::to_value(&x).unwrap();
            sealed(EntityKind::SessionClose, x.id.as_uuid(), doc).await
        }
        Candidate::Resolution(r) => {
            let doc = serde_json::to_value(&r).unwrap();
            sealed(EntityKind::DiscrepancyResolution, r.id.as_uuid(), doc).await
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
pub async fn check<B: Backend>(
    case: &Case,
    p: &Province<B>,
    backend: &str,
    differ: &mut Vec<String>,
) {
    let (name, record, expected) = case;
    let w = world(p).await;
    let e = record(&w);
    // The province first: the record is sealed on the device's chain head as it stands.
    let province = at_province(&w, p, e.clone()).await;
    let device = on_device(&w, e);
    compare(differ, name, *expected, device, province, backend);
}
