//! Money through sync: a month recorded offline on a point's laptop (collections with
//! receipts, the handover, a savings deposit, the close) reaches the province and its figures
//! match the device's to the đồng; a modified device's withdrawal above the balance and a
//! change-log row altered with raw SQL are refused at the province, the latter with an alert.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::Datelike;
use common::money::*;
use common::*;
use uuid::Uuid;
use vonxa_domain::cash::*;
use vonxa_domain::credit::AnnualRate;
use vonxa_domain::credit::interest::{Movement, PrincipalEvent};
use vonxa_domain::credit::loan::{Loan, LoanStatus};
use vonxa_domain::entity::Op;
use vonxa_domain::roles::Role;
use vonxa_domain::*;
use vonxa_protocol::{Outcome, RejectCode};
use vonxa_province::Backend;
use vonxa_province::db::RefRecord;
use vonxa_store::money::sheet;

/// A modified device's payment at a session, pushed past its own store.
async fn forged_payment(
    a: &Dev,
    url: &str,
    db: &impl Backend,
    session: CashSessionId,
    point: PointId,
    payment: Payment,
) -> (vonxa_protocol::PushResult, bool) {
    forged_entry(a, url, db, entry(point, Some(session), payment)).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_month_at_the_point_reaches_the_province_and_the_figures_match() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(40);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let (g, members) = group_with_members(&a);

    // The bank's loan of a member, with its history, recorded at the province.
    let disbursed = chrono::NaiveDate::from_ymd_opt(month().year() - 1, 3, 17).unwrap();
    let loan = Loan {
        id: LoanId(Uuid::now_v7()),
        contract_no: "HN-2025-0001".into(),
        household_id: members[0],
        borrower_id: None,
        point_id: g.point_id,
        group_id: Some(g.id),
        organisation_id: None,
        programme: "HN".into(),
        principal: Money::dong(50_000_000),
        disbursed_on: disbursed,
        maturity_on: disbursed + chrono::Months::new(60),
        purpose: "Chăn nuôi bò".into(),
        rate: AnnualRate::from_hundredths_pct(660),
        status: LoanStatus::InGoodStanding,
        outstanding: Money::dong(40_000_000),
        outstanding_as_of: month(),
        overdue: Money::ZERO,
        terms: Default::default(),
        movements: vec![
            PrincipalEvent {
                date: disbursed,
                movement: Movement::Disbursed(Money::dong(50_000_000)),
            },
            PrincipalEvent {
                date: month(),
                movement: Movement::Repaid(Money::dong(10_000_000)),
            },
        ],
    };
    let res = vonxa_province::admin::import(
        &p.db,
        vec![RefRecord {
            entity: "loan".into(),
            payload: serde_json::to_value(&loan).unwrap(),
        }],
    )
    .await
    .unwrap();
    assert_eq!(res[0].outcome, Outcome::Accepted, "{res:?}");
    a.sync().await.unwrap();

    // The month, offline.
    let admin = a.admin.clone();
    let (sheet_due, sheet_cash, session, account) = {
        let mut s = a.lock();
        let due = sheet::collection_sheet(s.connection(), g.id, month(), today())
            .unwrap()
            .interest_due;
        assert!(due > Money::ZERO);
        s.record_payment(
            &admin,
            g.point_id,
            None,
            collection(&g, members[0], 210_000, 50_000),
        )
        .unwrap();
        s.record_payment(
            &admin,
            g.point_id,
            None,
            collection(&g, members[1], 0, 20_000),
        )
        .unwrap();
        let wrong = s
            .record_payment(
                &admin,
                g.point_id,
                None,
                collection(&g, members[2], 5_000, 0),
            )
            .unwrap();
        s.reverse(&admin, wrong.id, "Ghi nhầm".into()).unwrap();
        let sh = sheet::collection_sheet(s.connection(), g.id, month(), today()).unwrap();
        // The member's savings with the group: nothing before this month, 50.000 đ after it.
        let first = sh
            .rows
            .iter()
            .find(|r| r.household_id == members[0])
            .unwrap();
        assert_eq!(
            (first.savings_opening, first.savings_closing),
            (Money::ZERO, Money::dong(50_000))
        );
        let session = s.open_session(&admin, new_session(g.point_id)).unwrap();
        s.hand_over(&admin, session.id, g.id, month(), sh.cash, None)
            .unwrap();
        let account = demand_book(g.point_id, "TK-0001");
        s.record(&admin, Op::Insert, account.clone()).unwrap();
        s.record_payment(
            &admin,
            g.point_id,
            Some(session.id),
            Payment::Deposit {
                account_id: account.id,
                amount: Money::dong(500_000),
            },
        )
        .unwrap();
        (due, sh.cash, session, account)
    };
    let till = sheet_cash.as_dong() + 500_000;
    let counted = vec![
        DenominationCount {
            value: 10_000,
            count: u32::try_from(till / 10_000).unwrap(),
        },
        DenominationCount {
            value: 1_000,
            count: u32::try_from(till % 10_000 / 1_000).unwrap(),
        },
    ];
    a.lock()
        .close_session(&admin, session.id, counted, None)
        .unwrap();
    a.settle(3).await;
    let counts = a.lock().change_counts().unwrap();
    assert_eq!((counts.pending, counts.rejected), (0, 0), "{counts:?}");

    // The province's figures, over HTTP with the device's token, match to the đồng.
    let token = a.lock().sync_config().unwrap().unwrap().token;
    let client = vonxa_sync::Client::new(&p.url, Some(token)).unwrap();
    let period = format!("{}-{:02}", month().year(), month().month());
    let gf = client.group_figures(g.id.as_uuid(), &period).await.unwrap();
    assert_eq!(gf.interest_due, sheet_due);
    assert_eq!(gf.cash, sheet_cash);
    assert_eq!(gf.interest_collected, Money::dong(210_000));
    assert_eq!(gf.savings, Money::dong(70_000));
    assert_eq!(gf.receipts, 4);
    assert_eq!(gf.handover.unwrap().difference, Money::ZERO);
    let code = demo_point_code();
    let pf = client
        .point_figures(&code, &today().to_string(), &today().to_string())
        .await
        .unwrap();
    assert_eq!(pf.deposits, Money::dong(500_000));
    assert_eq!(pf.savings_mobilised, Money::dong(570_000));
    assert_eq!(pf.sessions.len(), 1);
    assert!(pf.sessions[0].closed);
    assert_eq!(pf.sessions[0].difference, Some(Money::ZERO));
    assert!(pf.open_discrepancies.is_empty());
    assert!(client.alerts().await.unwrap().alerts.is_empty());

    // A modified device pays out from the closed session, its entry sealed properly.
    let out = Payment::Withdrawal {
        account_id: account.id,
        amount: Money::dong(100_000),
    };
    let (r, moved) = forged_payment(&a, &p.url, &p.db, session.id, g.point_id, out).await;
    assert_eq!(r.code, Some(RejectCode::Invalid), "{r:?}");
    // After the close, nothing more goes into the session.
    assert_eq!(r.domain, Some(Code::SessionClosed), "{r:?}");
    assert!(!moved, "nothing applied");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawal_above_the_balance_and_an_altered_row_are_refused_at_the_province() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let a = Dev::new();
    a.load_demo(40);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let (g, members) = group_with_members(&a);
    let admin = a.admin.clone();
    let (session, account) = {
        let mut s = a.lock();
        let session = s.open_session(&admin, new_session(g.point_id)).unwrap();
        let account = demand_book(g.point_id, "TK-0002");
        s.record(&admin, Op::Insert, account.clone()).unwrap();
        s.record_payment(
            &admin,
            g.point_id,
            Some(session.id),
            Payment::Deposit {
                account_id: account.id,
                amount: Money::dong(200_000),
            },
        )
        .unwrap();
        (session, account)
    };
    a.settle(3).await;

    // The modified device: a withdrawal of 250,000 đ from a book holding 200,000 đ, sealed as
    // the next link of its chain and pushed past its own store.
    let out = Payment::Withdrawal {
        account_id: account.id,
        amount: Money::dong(250_000),
    };
    let (r, moved) = forged_payment(&a, &p.url, &p.db, session.id, g.point_id, out).await;
    assert_eq!(r.code, Some(RejectCode::Invalid), "{r:?}");
    assert_eq!(r.field.as_deref(), Some("amount"));
    assert_eq!(r.domain, Some(Code::OverBalance));
    assert!(!moved, "nothing applied");

    // Another laptop of the point pulls everything, records a payment, and someone edits
    // the unsent change with raw SQL after unlocking: the province refuses it and alerts.
    let b = Dev::new();
    b.enrol(&p.url, &p.code(Role::Admin).await).await;
    b.settle(3).await;
    let e = b
        .lock()
        .record_payment(
            &b.admin,
            g.point_id,
            None,
            collection(&g, members[0], 100_000, 0),
        )
        .unwrap();
    {
        let s = b.lock();
        let c = s.connection();
        c.execute_batch("DROP TRIGGER change_log_content_immutable;")
            .unwrap();
        c.execute(
            "UPDATE change_log SET payload = json_set(payload, '$.payment.interest', 10000)
             WHERE entity_id = ?1",
            [e.id.to_string()],
        )
        .unwrap();
    }
    b.sync().await.unwrap();
    let state = b
        .lock()
        .changes(None, 0, 1_000_000)
        .unwrap()
        .into_iter()
        .find(|c| c.entity_id == e.id.as_uuid())
        .map(|c| c.state);
    assert_eq!(state, Some(vonxa_store::ChangeState::Rejected));
    let alerts = p.db.alerts().await.unwrap();
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert_eq!(alerts[0].kind, "altered");
    assert_eq!(alerts[0].device_id, b.lock().device_id());
    assert_eq!(alerts[0].entity_id, e.id.as_uuid());
}

/// The rule the province lacked until 3 Dec 2026: a term book takes one deposit only. The
/// device's store always refused a second; a modified device's is now refused at the province
/// too, on SQLite and PostgreSQL, by the same domain rule (`cash::savings::book_payment`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_deposit_into_a_term_book_is_refused_at_the_province() {
    let tmp = tempfile::tempdir().unwrap();
    term_book(sqlite_province(&tmp).await).await;
    if let Some(p) = pg_province().await {
        term_book(p).await;
    }
}

async fn term_book<B: Backend>(p: Province<B>) {
    let a = Dev::new();
    a.load_demo(10);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let (g, _) = group_with_members(&a);
    let admin = a.admin.clone();
    let (session, book) = {
        let mut s = a.lock();
        let session = s.open_session(&admin, new_session(g.point_id)).unwrap();
        let book = SavingsAccount {
            product: Product::Term(6),
            ..demand_book(g.point_id, "TK-0601")
        };
        s.record(&admin, Op::Insert, book.clone()).unwrap();
        let deposit = Payment::Deposit {
            account_id: book.id,
            amount: Money::dong(1_000_000),
        };
        s.record_payment(&admin, g.point_id, Some(session.id), deposit)
            .unwrap();
        // The genuine store refuses the second deposit.
        let again = Payment::Deposit {
            account_id: book.id,
            amount: Money::dong(500_000),
        };
        let err = s
            .record_payment(&admin, g.point_id, Some(session.id), again)
            .unwrap_err();
        assert!(format!("{err:?}").contains("product"), "{err:?}");
        (session, book)
    };
    a.settle(3).await;
    let again = Payment::Deposit {
        account_id: book.id,
        amount: Money::dong(500_000),
    };
    let (r, moved) = forged_payment(&a, &p.url, &p.db, session.id, g.point_id, again).await;
    assert_eq!(r.code, Some(RejectCode::Invalid), "{r:?}");
    assert_eq!(r.field.as_deref(), Some("product"), "{r:?}");
    assert!(!moved, "nothing applied");
    p.stop().await;
}
