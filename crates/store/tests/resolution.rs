//! Resolving discrepancy cases in the store: who may, against which case, one per case,
//! append-only and sealed into the chain; `discrepancies` lists each case with its
//! resolution.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::Datelike;
use common::*;
use uuid::Uuid;
use vonxa_domain::cash::*;
use vonxa_domain::entity::Op;
use vonxa_domain::roles::Role;
use vonxa_domain::user::User;
use vonxa_domain::*;
use vonxa_store::StoreError;
use vonxa_store::demo::DemoData;
use vonxa_store::money::resolution::Resolve;
use vonxa_store::money::{journal, sheet};

struct Cases {
    session: CashSession,
    handover: Handover,
    close: SessionClose,
    even: Handover,
}

/// A month of two payments (170,000 đ) handed over 10,000 đ short, the group's empty month
/// before handed over even, and the session closed 10,000 đ short of its own total.
fn cases(f: &mut Fixture, d: &DemoData) -> Cases {
    let admin = f.admin.clone();
    let period = today().with_day(1).unwrap();
    let last_month = period.pred_opt().unwrap().with_day(1).unwrap();
    let (g, members) = d
        .groups
        .iter()
        .find_map(|g| {
            let m: Vec<_> = f
                .store
                .group_members_on(g, today())
                .unwrap()
                .into_iter()
                .collect();
            (m.len() >= 2).then(|| (g.clone(), m))
        })
        .unwrap();
    for (h, interest) in [(members[0], 120_000), (members[1], 50_000)] {
        let p = Payment::Collection {
            group_id: g.id,
            household_id: h,
            period,
            interest: Money::dong(interest),
            savings: Money::ZERO,
            principal_from_savings: Money::ZERO,
        };
        f.store.record_payment(&admin, g.point_id, None, p).unwrap();
    }
    // Held yesterday, so that a later session can be opened today.
    let yesterday = CashSession {
        held_on: today().pred_opt().unwrap(),
        ..new_cash_session(g.point_id)
    };
    let session = f.store.open_session(&admin, yesterday).unwrap();
    let handover = f
        .store
        .hand_over(
            &admin,
            session.id,
            g.id,
            period,
            Money::dong(160_000),
            Some("Thiếu".into()),
        )
        .unwrap();
    let even = f
        .store
        .hand_over(&admin, session.id, g.id, last_month, Money::ZERO, None)
        .unwrap();
    let counted = vec![
        DenominationCount {
            value: 100_000,
            count: 1,
        },
        DenominationCount {
            value: 50_000,
            count: 1,
        },
    ];
    let close = f
        .store
        .close_session(&admin, session.id, counted, Some("Thiếu 10.000 đ".into()))
        .unwrap();
    Cases {
        session,
        handover,
        close,
        even,
    }
}

fn resolve(kind: CaseKind, id: Uuid, outcome: ResolutionOutcome) -> Resolve {
    Resolve {
        case_kind: kind,
        case_id: id,
        outcome,
        amount: None,
        settled_in_session: None,
        note: "Kiểm đếm lại".into(),
        resolved_on: None,
        resolved_by: "Đinh Văn Tèo".into(),
    }
}

fn as_role(u: &User, role: Role) -> User {
    User { role, ..u.clone() }
}

fn refusal(e: StoreError) -> (Option<String>, Code) {
    match e {
        StoreError::Domain(d) => (d.field().map(str::to_owned), d.code()),
        other => panic!("not a domain error: {other}"),
    }
}

#[test]
fn a_case_is_resolved_once_by_the_point_team() {
    let (mut f, d) = with_demo(40);
    let c = cases(&mut f, &d);
    let listed = sheet::discrepancies(f.store.connection()).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed.iter().all(|d| d.resolution.is_none()));

    // The close's shortfall is made good at the next session, into its till.
    let admin = f.admin.clone();
    let next = f
        .store
        .open_session(&admin, new_cash_session(c.session.point_id))
        .unwrap();
    let till = |f: &Fixture| vonxa_store::money::session_total(f.store.connection(), &next);
    let before = till(&f).unwrap();
    let changes = count(&f.store, "change_log");
    let close_id = c.close.id.as_uuid();
    let mut made_good = resolve(CaseKind::Close, close_id, ResolutionOutcome::MadeGood);
    made_good.amount = Some(Money::dong(10_000));
    made_good.settled_in_session = Some(next.id);
    let leader = as_role(&f.admin, Role::GroupLeader);
    let refused = [
        // The group leader handed the cash over.
        (
            leader.clone(),
            resolve(
                CaseKind::Handover,
                c.handover.id.as_uuid(),
                ResolutionOutcome::Escalated,
            ),
            (Some("caseId".into()), Code::OwnCase),
        ),
        (leader, made_good.clone(), (None, Code::Forbidden)),
        (
            as_role(&f.admin, Role::Viewer),
            made_good.clone(),
            (None, Code::Forbidden),
        ),
        (
            f.admin.clone(),
            Resolve {
                amount: Some(Money::dong(10_001)),
                ..made_good.clone()
            },
            (Some("amount".into()), Code::OverDifference),
        ),
        (
            f.admin.clone(),
            Resolve {
                settled_in_session: None,
                ..made_good.clone()
            },
            (Some("settledInSession".into()), Code::Required),
        ),
        (
            f.admin.clone(),
            Resolve {
                settled_in_session: Some(c.session.id),
                ..made_good.clone()
            },
            (Some("settledInSession".into()), Code::SessionClosed),
        ),
        (
            f.admin.clone(),
            Resolve {
                note: " ".into(),
                ..made_good.clone()
            },
            (Some("note".into()), Code::Required),
        ),
        (
            f.admin.clone(),
            Resolve {
                resolved_on: Some(today().succ_opt().unwrap()),
                ..made_good.clone()
            },
            (Some("resolvedOn".into()), Code::FutureDate),
        ),
        (
            f.admin.clone(),
            resolve(
                CaseKind::Handover,
                c.even.id.as_uuid(),
                ResolutionOutcome::CountingError,
            ),
            (Some("caseId".into()), Code::NoDiscrepancy),
        ),
        (
            f.admin.clone(),
            resolve(
                CaseKind::Close,
                Uuid::now_v7(),
                ResolutionOutcome::Escalated,
            ),
            (Some("caseId".into()), Code::NotFound),
        ),
        (
            f.admin.clone(),
            resolve(CaseKind::Handover, close_id, ResolutionOutcome::Escalated),
            (Some("caseId".into()), Code::NotFound),
        ),
    ];
    for (actor, r, expected) in refused {
        let e = f.store.resolve_discrepancy(&actor, r.clone()).unwrap_err();
        assert_eq!(refusal(e), expected, "{r:?}");
    }
    // Nothing written by a refusal.
    assert_eq!(count(&f.store, "discrepancy_resolutions"), 0);
    assert_eq!(count(&f.store, "change_log"), changes);

    let controller = as_role(&f.admin, Role::PointController);
    let r = f
        .store
        .resolve_discrepancy(&controller, made_good.clone())
        .unwrap();
    assert_eq!(
        (r.amount, r.resolved_on),
        (Some(Money::dong(10_000)), today())
    );
    assert!(r.link.is_some(), "sealed into the chain");
    assert_eq!(
        till(&f).unwrap(),
        before.checked_add(Money::dong(10_000)).unwrap(),
        "the next session's till expects the cash brought in"
    );
    let again = f
        .store
        .resolve_discrepancy(
            &f.admin.clone(),
            resolve(CaseKind::Close, close_id, ResolutionOutcome::Escalated),
        )
        .unwrap_err();
    assert_eq!(
        refusal(again),
        (Some("caseId".into()), Code::AlreadyResolved)
    );
    let teller = as_role(&f.admin, Role::PointTeller);
    f.store
        .resolve_discrepancy(
            &teller,
            resolve(
                CaseKind::Handover,
                c.handover.id.as_uuid(),
                ResolutionOutcome::CountingError,
            ),
        )
        .unwrap();

    let listed = sheet::discrepancies(f.store.connection()).unwrap();
    assert_eq!(listed.len(), 2);
    let of = |id: Uuid| listed.iter().find(|d| d.case.case_id() == id).unwrap();
    assert_eq!(of(close_id).resolution.as_ref(), Some(&r));
    assert_eq!(
        of(c.handover.id.as_uuid())
            .resolution
            .as_ref()
            .map(|x| x.outcome),
        Some(ResolutionOutcome::CountingError)
    );
    assert_eq!(count(&f.store, "change_log"), changes + 2);
    assert_eq!(journal::verify(f.store.connection()).unwrap(), Ok(()));

    // Append-only, by the write path and by SQL.
    let admin = f.admin.clone();
    let e = f.store.record(&admin, Op::Update, r.clone()).unwrap_err();
    assert_eq!(refusal(e).1, Code::AppendOnly);
    assert!(
        f.store
            .connection()
            .execute("DELETE FROM discrepancy_resolutions", [])
            .is_err()
    );
}
