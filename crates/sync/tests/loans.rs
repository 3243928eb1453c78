//! Disbursed loans: the province records them, devices in scope pull them, and no device can
//! write one (a phantom loan cannot start on a laptop).
#![allow(clippy::unwrap_used)]

mod common;

use common::*;
use serde_json::json;
use uuid::Uuid;
use vonxa_domain::DomainError;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_protocol::{Outcome, RejectCode};
use vonxa_province::Backend;
use vonxa_province::db::RefRecord;
use vonxa_store::StoreError;

fn loan_doc(id: Uuid, h: &vonxa_domain::reference::Household, principal: i64) -> serde_json::Value {
    json!({"id": id, "contractNo": "HN-2025-0001", "householdId": h.id, "borrowerId": null,
           "pointId": h.point_id, "groupId": null, "organisationId": null, "programme": "HN",
           "principal": principal, "disbursedOn": "2025-03-17", "maturityOn": "2030-03-17",
           "purpose": "Chăn nuôi bò sinh sản", "rate": 66000, "status": "in_good_standing",
           "outstanding": principal, "outstandingAsOf": "2025-03-17"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_loan_recorded_at_the_province_reaches_the_device_and_no_device_can_write_one() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(3);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let h = a.households().remove(0);

    // The province records a disbursement (as `vonxa-province import` does from a file).
    let loan_id = Uuid::now_v7();
    let res = vonxa_province::admin::import(
        &p.db,
        vec![RefRecord {
            entity: "loan".into(),
            payload: loan_doc(loan_id, &h, 50_000_000),
        }],
    )
    .await
    .unwrap();
    assert_eq!(res[0].outcome, Outcome::Accepted, "{res:?}");
    a.sync().await.unwrap();
    let loans = vonxa_store::queries::loans_of_household(a.lock().connection(), h.id).unwrap();
    assert_eq!(loans.len(), 1);
    assert_eq!(loans[0].id.as_uuid(), loan_id);
    assert_eq!(loans[0].principal.as_dong(), 50_000_000);

    // The device's own store refuses to write a loan, even for its administrator.
    let mut forged: Loan =
        serde_json::from_value(loan_doc(Uuid::now_v7(), &h, 90_000_000)).unwrap();
    forged.contract_no = "HN-FAKE".into();
    let err = a.lock().record(&a.admin, Op::Insert, forged).unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(DomainError::Forbidden { .. })),
        "{err:?}"
    );

    // A modified device pushing one straight to the province is refused, nothing applied.
    let id = Uuid::now_v7();
    let change = a.forged(
        EntityKind::Loan,
        Op::Insert,
        id,
        loan_doc(id, &h, 90_000_000),
    );
    let head = p.db.head().await.unwrap();
    let r = a.push_raw(&p.url, vec![change]).await;
    assert_eq!(r.results[0].code, Some(RejectCode::Forbidden));
    assert_eq!(p.db.head().await.unwrap(), head, "nothing applied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_programme_table_published_at_the_province_is_in_force_on_the_device() {
    use vonxa_domain::credit::programme::Ceiling;
    use vonxa_domain::credit::table::ProgrammeTable;
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(3);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let before = vonxa_store::credit::programme_table(a.lock().connection()).unwrap();
    assert_eq!(
        before.version, 0,
        "the built-in table until one is published"
    );

    // The province publishes version 1: the poor-household ceiling down to 80 million.
    let mut table = ProgrammeTable {
        id: vonxa_domain::ProgrammeTableId(Uuid::now_v7()),
        version: 1,
        published_on: today(),
        ..ProgrammeTable::builtin()
    };
    for prog in &mut table.programmes {
        if prog.code == "HN" {
            prog.ceiling = Ceiling::Household(vonxa_domain::Money::dong(80_000_000));
        }
    }
    let res = vonxa_province::admin::import(
        &p.db,
        vec![RefRecord {
            entity: "programme_table".into(),
            payload: serde_json::to_value(&table).unwrap(),
        }],
    )
    .await
    .unwrap();
    assert_eq!(res[0].outcome, Outcome::Accepted, "{res:?}");
    a.sync().await.unwrap();
    let now = vonxa_store::credit::programme_table(a.lock().connection()).unwrap();
    assert_eq!(now.version, 1);
    let hn = now.programme("HN").unwrap();
    assert_eq!(hn.ceiling.amount().as_dong(), 80_000_000);

    // The device refuses to write a table; the province refuses one pushed by a device.
    let mut mine = table.clone();
    mine.id = vonxa_domain::ProgrammeTableId(Uuid::now_v7());
    mine.version = 2;
    let err = a
        .lock()
        .record(&a.admin, Op::Insert, mine.clone())
        .unwrap_err();
    assert!(
        matches!(err, StoreError::Domain(DomainError::Forbidden { .. })),
        "{err:?}"
    );
    let change = a.forged(
        EntityKind::ProgrammeTable,
        Op::Insert,
        mine.id.as_uuid(),
        serde_json::to_value(&mine).unwrap(),
    );
    let r = a.push_raw(&p.url, vec![change]).await;
    assert_eq!(r.results[0].code, Some(RejectCode::Forbidden));
}

/// A freeze (khoanh nợ) the province records on a loan reaches the device, and the 13/TD
/// charges no interest from its day: 50,000,000 đ at 6.24 % for 1–15 Nov 2026 only is
/// 50,000,000 × 0.0624 × 15 / 365 = 128,219.18 → 128,219 đ. A later import of the loan
/// without the event is refused: events are appended, never removed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_freeze_recorded_at_the_province_stops_the_interest_on_the_device() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(10);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let (g, members) = common::money::group_with_members(&a);
    let h: vonxa_domain::reference::Household =
        vonxa_store::records::load(a.lock().connection(), members[0].as_uuid()).unwrap();
    let id = Uuid::now_v7();
    let mut doc = loan_doc(id, &h, 50_000_000);
    doc["outstandingAsOf"] = json!("2026-11-01");
    doc["terms"] = json!({"events": [
        {"on": "2026-11-16", "kind": {"type": "frozen"}, "decisionRef": "QĐ 12/QĐ-NHCS"}
    ]});
    let res = vonxa_province::admin::import(
        &p.db,
        vec![RefRecord {
            entity: "loan".into(),
            payload: doc.clone(),
        }],
    )
    .await
    .unwrap();
    assert_eq!(res[0].outcome, Outcome::Accepted, "{res:?}");
    a.sync().await.unwrap();
    let november = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
    let sheet =
        vonxa_store::money::sheet::collection_sheet(a.lock().connection(), g.id, november, today())
            .unwrap();
    let row = sheet.rows.iter().find(|r| r.household_id == h.id).unwrap();
    assert_eq!(row.interest_due.as_dong(), 128_219);
    assert_eq!(row.account.to_collect.as_dong(), 128_219);
    // The loan on its own line under its member, with its contract and its interest.
    assert_eq!(row.loans.len(), 1, "{:?}", row.loans);
    assert_eq!(row.loans[0].loan_id.as_uuid(), id);
    assert_eq!(
        Some(row.loans[0].contract_no.as_str()),
        doc["contractNo"].as_str()
    );
    assert_eq!(
        (
            row.loans[0].outstanding.as_dong(),
            row.loans[0].interest_due.as_dong()
        ),
        (50_000_000, 128_219)
    );
    // The member's slip in any later month: nothing accrues while frozen, November's interest
    // is carried unpaid.
    let slip = vonxa_store::money::sheet::statement(a.lock().connection(), h.id, today()).unwrap();
    assert_eq!(slip.account.due_now.as_dong(), 0);
    assert_eq!(slip.account.unpaid_before.as_dong(), 128_219);
    assert_eq!(slip.account.to_collect.as_dong(), 128_219);

    // The same loan again without its freeze: refused, the stored one stands.
    doc["terms"] = json!({});
    let res = vonxa_province::admin::import(
        &p.db,
        vec![RefRecord {
            entity: "loan".into(),
            payload: doc,
        }],
    )
    .await
    .unwrap();
    assert_eq!(res[0].code, Some(RejectCode::Invalid), "{res:?}");
    assert_eq!(
        res[0].domain,
        Some(vonxa_domain::Code::AppendOnly),
        "{res:?}"
    );
}
