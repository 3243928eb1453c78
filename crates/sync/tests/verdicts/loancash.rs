//! The loans' cash table of the verdict suite: principal repaid and disbursements paid out at
//! a session. The world: two loans the province recorded for a member household, one
//! disbursed today (30.000.000 đ, to be paid out at the session) and one older (20.000.000 đ
//! outstanding on 1 Nov 2026 by the bank's books, 5.000.000 đ repaid at the point since), and
//! an open session. Each case is one entry of the money chain.

use crate::common::money::*;
use crate::common::*;
use crate::{compare, stored};
use serde_json::json;
use uuid::Uuid;
use vonxa_domain::cash::*;
use vonxa_domain::roles::Role;
use vonxa_domain::{Code, HouseholdId, LoanId, Money, PointId};
use vonxa_province::Backend;
use vonxa_province::db::RefRecord;

pub struct World {
    a: Dev,
    point: PointId,
    session: CashSession,
    household: HouseholdId,
    other: HouseholdId,
    fresh: LoanId,
    older: LoanId,
}

fn loan(
    id: LoanId,
    h: &vonxa_domain::reference::Household,
    on: &str,
    principal: i64,
    left: i64,
    as_of: &str,
) -> RefRecord {
    RefRecord {
        entity: "loan".into(),
        payload: json!({"id": id, "contractNo": format!("HN-{}", &id.to_string()[..8]),
            "householdId": h.id, "borrowerId": null, "pointId": h.point_id, "groupId": null,
            "organisationId": null, "programme": "HN", "principal": principal,
            "disbursedOn": on, "maturityOn": "2031-12-31", "purpose": "Chăn nuôi bò sinh sản",
            "rate": 62400, "status": "in_good_standing", "outstanding": left,
            "outstandingAsOf": as_of}),
    }
}

async fn world<B: Backend>(p: &Province<B>) -> World {
    let a = Dev::new();
    a.load_demo(10);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let (g, members) = group_with_members(&a);
    let h: vonxa_domain::reference::Household =
        vonxa_store::records::load(a.lock().connection(), members[0].as_uuid()).unwrap();
    let (fresh, older) = (LoanId(Uuid::now_v7()), LoanId(Uuid::now_v7()));
    let day = today().to_string();
    let records = vec![
        loan(fresh, &h, &day, 30_000_000, 30_000_000, &day),
        loan(
            older,
            &h,
            "2025-03-17",
            50_000_000,
            20_000_000,
            "2026-11-01",
        ),
    ];
    let done = vonxa_province::admin::import(&p.db, records).await.unwrap();
    assert!(done.iter().all(|r| r.code.is_none()), "{done:?}");
    a.settle(3).await;
    let admin = a.admin.clone();
    let session = a
        .lock()
        .open_session(&admin, new_session(g.point_id))
        .unwrap();
    let repaid = Payment::Repayment {
        loan_id: older,
        household_id: h.id,
        amount: Money::dong(5_000_000),
    };
    a.lock()
        .record_payment(&admin, g.point_id, Some(session.id), repaid)
        .unwrap();
    a.settle(3).await;
    World {
        a,
        point: g.point_id,
        session,
        household: h.id,
        other: members[1],
        fresh,
        older,
    }
}

fn payout(w: &World, household: HouseholdId, amount: i64) -> MoneyEntry {
    let p = Payment::Payout {
        loan_id: w.fresh,
        household_id: household,
        amount: Money::dong(amount),
    };
    entry(w.point, Some(w.session.id), p)
}

fn repayment(w: &World, loan: LoanId, amount: i64) -> MoneyEntry {
    let p = Payment::Repayment {
        loan_id: loan,
        household_id: w.household,
        amount: Money::dong(amount),
    };
    entry(w.point, Some(w.session.id), p)
}

pub type Case = (&'static str, fn(&World) -> MoneyEntry, Option<Code>);

#[rustfmt::skip]
pub const CASES: &[Case] = &[
    ("a disbursement paid out in full on its day", |w| payout(w, w.household, 30_000_000), None),
    ("a payout of part of the principal", |w| payout(w, w.household, 29_000_000), Some(Code::InvalidValue)),
    ("a payout to another household", |w| payout(w, w.other, 30_000_000), Some(Code::InvalidValue)),
    ("principal repaid within what is left", |w| repayment(w, w.older, 15_000_000), None),
    ("principal repaid beyond what is left", |w| repayment(w, w.older, 15_000_001), Some(Code::OverBalance)),
    ("principal repaid on a loan the bank never made", |w| repayment(w, LoanId(Uuid::now_v7()), 1_000_000), Some(Code::NotFound)),
];

pub async fn check<B: Backend>(
    case: &Case,
    p: &Province<B>,
    backend: &str,
    differ: &mut Vec<String>,
) {
    let (name, record, expected) = case;
    let w = world(p).await;
    let e = record(&w);
    let (r, moved) = forged_entry(&w.a, &p.url, &p.db, e.clone()).await;
    assert_eq!(moved, r.code.is_none(), "{r:?}");
    let province = r.code.map(|_| r.domain.unwrap_or(Code::InvalidValue));
    let device = stored(&w.a, e);
    compare(differ, name, *expected, device, province, backend);
}
