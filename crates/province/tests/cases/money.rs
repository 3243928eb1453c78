//! Money at the province: each device's chain verified on every push (a deleted, an inserted
//! and an altered entry raise alerts), balances, minimums, sessions and receipt prefixes;
//! one resolution per discrepancy case.

use crate::support::*;
use serde_json::Value;
use uuid::Uuid;
use vonxa_domain::cash::*;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::journal::{self, ChainLink, LINK_FIELD};
use vonxa_domain::roles::Role;
use vonxa_domain::*;
use vonxa_protocol::{Outcome, PushChange, PushResult, RejectCode};
use vonxa_province::Backend;
use vonxa_province::db::DeviceRecord;

/// A device's money journal as a modified device could forge it.
struct Chain {
    dev: DeviceRecord,
    prev: Option<ChainLink>,
    receipts: u64,
}

impl Chain {
    fn new() -> Chain {
        Chain {
            dev: device(Role::PointLeader, points(&[POINT_CODE])),
            prev: None,
            receipts: 0,
        }
    }

    fn seal(&mut self, kind: EntityKind, doc: Value) -> PushChange {
        let mut doc = doc;
        let l = journal::seal(self.prev.as_ref(), &doc);
        doc[LINK_FIELD] = serde_json::to_value(&l).unwrap();
        self.prev = Some(l);
        change(&self.dev, kind, Op::Insert, doc, 0)
    }

    fn receipt(&mut self) -> String {
        self.receipts += 1;
        journal::receipt_number(
            &journal::device_prefix(self.dev.id.as_uuid()),
            self.receipts,
        )
    }

    fn entry(&mut self, point: Uuid, session: CashSessionId, payment: Payment) -> PushChange {
        let e = MoneyEntry {
            id: MoneyEntryId(Uuid::now_v7()),
            receipt_no: self.receipt(),
            point_id: PointId(point),
            session_id: Some(session),
            on: chrono::Utc::now().date_naive(),
            collector: "Lê Thị Thu".into(),
            payment,
            reverses: None,
            link: None,
        };
        self.seal(EntityKind::MoneyEntry, serde_json::to_value(e).unwrap())
    }

    /// A session and a demand savings book at the point.
    fn open(&mut self, point: Uuid) -> (CashSessionId, SavingsAccountId, Vec<PushChange>) {
        let s = CashSession {
            id: CashSessionId(Uuid::now_v7()),
            point_id: PointId(point),
            held_on: chrono::Utc::now().date_naive(),
            leader: "Đinh Văn Tèo".into(),
            controller: "Hồ Thị Lan".into(),
            teller: "Lê Thị Thu".into(),
            controller_id: None,
            teller_id: None,
            opening_cash: Money::ZERO,
            link: None,
        };
        let a = SavingsAccount {
            id: SavingsAccountId(Uuid::now_v7()),
            point_id: PointId(point),
            book_no: "TK-1".into(),
            holder_name: "Đinh Thị Hoa".into(),
            id_number: "051185001234".into(),
            holder_birth: "1985-04-02".parse().unwrap(),
            holder_sex: vonxa_domain::ident::Sex::Female,
            household_id: None,
            product: Product::Demand,
            opened_on: chrono::Utc::now().date_naive(),
            link: None,
        };
        let (sid, aid) = (s.id, a.id);
        let c = vec![
            self.seal(EntityKind::CashSession, serde_json::to_value(s).unwrap()),
            self.seal(EntityKind::SavingsAccount, serde_json::to_value(a).unwrap()),
        ];
        (sid, aid, c)
    }
}

fn deposit(a: SavingsAccountId, n: i64) -> Payment {
    Payment::Deposit {
        account_id: a,
        amount: Money::dong(n),
    }
}

fn withdrawal(a: SavingsAccountId, n: i64) -> Payment {
    Payment::Withdrawal {
        account_id: a,
        amount: Money::dong(n),
    }
}

fn refused(r: &PushResult) -> (RejectCode, Option<&str>, Option<Code>) {
    (r.code.unwrap(), r.field.as_deref(), r.domain)
}

pub async fn money_chains_and_balances<B: Backend>(db: &B) {
    let (r, refs) = reference();
    vonxa_province::admin::import(db, refs).await.unwrap();

    // A device that keeps its chain: a withdrawal above the balance is refused by the rule,
    // and its place in the chain still counts (the next entry is accepted).
    let mut a = Chain::new();
    let (s, acc, mut changes) = a.open(r.point);
    changes.push(a.entry(r.point, s, deposit(acc, 300_000)));
    changes.push(a.entry(r.point, s, withdrawal(acc, 300_001)));
    changes.push(a.entry(r.point, s, deposit(acc, 99_999)));
    changes.push(a.entry(r.point, s, withdrawal(acc, 300_000)));
    let res = db.ingest(page(&a.dev, changes)).await.unwrap();
    let outcomes: Vec<Outcome> = res.iter().map(|x| x.outcome).collect();
    assert_eq!(
        outcomes,
        [
            Outcome::Accepted,
            Outcome::Accepted,
            Outcome::Accepted,
            Outcome::Rejected,
            Outcome::Rejected,
            Outcome::Accepted
        ],
        "{res:?}"
    );
    assert_eq!(
        refused(&res[3]),
        (RejectCode::Invalid, Some("amount"), Some(Code::OverBalance))
    );
    assert_eq!(
        refused(&res[4]),
        (
            RejectCode::Invalid,
            Some("amount"),
            Some(Code::BelowMinimum)
        )
    );
    // Another device's receipt prefix is refused.
    let mut b = Chain::new();
    let (s_b, acc_b, mut changes) = b.open(r.point);
    let before = b.prev.clone();
    let mut doc = b.entry(r.point, s_b, deposit(acc_b, 100_000)).payload;
    doc["receiptNo"] = Value::String(journal::receipt_number("FFFFFFFF", 1));
    doc.as_object_mut().unwrap().remove(LINK_FIELD);
    b.prev = before;
    changes.push(b.seal(EntityKind::MoneyEntry, doc));
    let res = db.ingest(page(&b.dev, changes)).await.unwrap();
    assert_eq!(refused(&res[2]).1, Some("receiptNo"), "{res:?}");
    assert!(db.alerts().await.unwrap().is_empty(), "no chain broke yet");

    // Altered: an amount changed after the entry was sealed.
    let mut c = Chain::new();
    let (s_c, acc_c, changes) = c.open(r.point);
    db.ingest(page(&c.dev, changes)).await.unwrap();
    let mut altered = c.entry(r.point, s_c, deposit(acc_c, 100_000));
    altered.payload["payment"]["amount"] = serde_json::json!(5_000_000);
    let res = db
        .ingest(page(&c.dev, vec![altered.clone()]))
        .await
        .unwrap();
    assert_eq!(
        refused(&res[0]),
        (RejectCode::Invalid, Some("link"), Some(Code::ChainBroken))
    );

    // Deleted: the device pushes entries 3 and 5 of its chain, 4 never arrives.
    let mut d = Chain::new();
    let (s_d, acc_d, changes) = d.open(r.point);
    db.ingest(page(&d.dev, changes)).await.unwrap();
    let e3 = d.entry(r.point, s_d, deposit(acc_d, 100_000));
    let _e4 = d.entry(r.point, s_d, deposit(acc_d, 100_000));
    let e5 = d.entry(r.point, s_d, deposit(acc_d, 100_000));
    let res = db.ingest(page(&d.dev, vec![e3, e5])).await.unwrap();
    assert_eq!(res[0].outcome, Outcome::Accepted);
    assert_eq!(
        refused(&res[1]).0,
        RejectCode::UnknownParent,
        "retried, never applied"
    );

    // Inserted: a forged entry claims the place of one already accepted.
    let mut e = Chain::new();
    let (s_e, acc_e, changes) = e.open(r.point);
    db.ingest(page(&e.dev, changes)).await.unwrap();
    let after_account = e.prev.clone();
    let real = e.entry(r.point, s_e, deposit(acc_e, 100_000));
    db.ingest(page(&e.dev, vec![real])).await.unwrap();
    e.prev = after_account;
    let inserted = e.entry(r.point, s_e, deposit(acc_e, 900_000));
    let res = db.ingest(page(&e.dev, vec![inserted])).await.unwrap();
    assert_eq!(refused(&res[0]).2, Some(Code::ChainBroken));

    let alerts = db.alerts().await.unwrap();
    let of = |dev: &DeviceRecord| -> Vec<(String, i64)> {
        alerts
            .iter()
            .filter(|x| x.device_id == dev.id)
            .map(|x| (x.kind.clone(), x.seq))
            .collect()
    };
    assert_eq!(of(&a.dev), []);
    assert_eq!(of(&c.dev), [("altered".to_owned(), 3)]);
    assert_eq!(of(&d.dev), [("gap".to_owned(), 4)]);
    assert_eq!(of(&e.dev), [("fork".to_owned(), 3)]);
    // The altered entry pushed again is answered the same, and alerts are not repeated.
    db.ingest(page(&c.dev, vec![altered])).await.unwrap();
    assert_eq!(db.alerts().await.unwrap().len(), alerts.len());
}

/// A close 10,000 đ over, resolved once: an amount above the difference refused, the
/// resolution accepted and the case no longer open in the point's figures; a second
/// laptop's resolution of the same case refused (and audited), a group leader's forbidden,
/// one naming a case the province does not hold an unknown parent.
pub async fn discrepancy_resolved_once<B: Backend>(db: &B) {
    let (r, refs) = reference();
    vonxa_province::admin::import(db, refs).await.unwrap();
    let today = chrono::Utc::now().date_naive();
    let figures = || vonxa_province::figures::point(db, POINT_CODE, today, today);
    let mut a = Chain::new();
    let (s, _, mut changes) = a.open(r.point);
    let close = SessionClose {
        id: SessionCloseId(Uuid::now_v7()),
        session_id: s,
        point_id: PointId(r.point),
        counted: vec![DenominationCount {
            value: 10_000,
            count: 1,
        }],
        counted_total: Money::dong(10_000),
        system_total: Money::ZERO,
        explanation: Some("Thừa".into()),
        link: None,
    };
    changes.push(a.seal(
        EntityKind::SessionClose,
        serde_json::to_value(&close).unwrap(),
    ));
    let res = db.ingest(page(&a.dev, changes)).await.unwrap();
    assert!(
        res.iter().all(|x| x.outcome == Outcome::Accepted),
        "{res:?}"
    );
    let before = figures().await.unwrap();
    let case = close.id.as_uuid();
    assert!(before.open_discrepancies.iter().any(|d| d.id == case));

    // The surplus is paid back at a later session, which is open.
    let next = CashSession {
        id: CashSessionId(Uuid::now_v7()),
        point_id: PointId(r.point),
        held_on: today,
        leader: "Đinh Văn Tèo".into(),
        controller: "Hồ Thị Lan".into(),
        teller: "Lê Thị Thu".into(),
        controller_id: None,
        teller_id: None,
        opening_cash: Money::ZERO,
        link: None,
    };
    let resolution = |outcome, amount: Option<i64>, case_id| DiscrepancyResolution {
        id: DiscrepancyResolutionId(Uuid::now_v7()),
        point_id: PointId(r.point),
        case_kind: CaseKind::Close,
        case_id,
        outcome,
        amount: amount.map(Money::dong),
        settled_in_session: amount.map(|_| next.id),
        note: "Trả lại người nộp thừa".into(),
        resolved_on: today,
        resolved_by: "Đinh Văn Tèo".into(),
        link: None,
    };
    let kind = EntityKind::DiscrepancyResolution;
    let json = |x: DiscrepancyResolution| serde_json::to_value(x).unwrap();
    let over = a.seal(
        kind,
        json(resolution(ResolutionOutcome::MadeGood, Some(10_001), case)),
    );
    let at_closed = a.seal(
        kind,
        json(DiscrepancyResolution {
            settled_in_session: Some(s),
            ..resolution(ResolutionOutcome::MadeGood, Some(10_000), case)
        }),
    );
    let opened = a.seal(
        EntityKind::CashSession,
        serde_json::to_value(&next).unwrap(),
    );
    let good = a.seal(
        kind,
        json(resolution(ResolutionOutcome::MadeGood, Some(10_000), case)),
    );
    let res = db
        .ingest(page(&a.dev, vec![over, at_closed, opened, good]))
        .await
        .unwrap();
    assert_eq!(
        refused(&res[0]),
        (
            RejectCode::Invalid,
            Some("amount"),
            Some(Code::OverDifference)
        )
    );
    assert_eq!(
        refused(&res[1]),
        (
            RejectCode::Invalid,
            Some("settledInSession"),
            Some(Code::SessionClosed)
        )
    );
    assert_eq!(res[3].outcome, Outcome::Accepted, "{res:?}");
    let after = figures().await.unwrap();
    assert!(after.open_discrepancies.iter().all(|d| d.id != case));
    assert_eq!(
        after.resolved_discrepancies,
        before.resolved_discrepancies + 1
    );

    let mut b = Chain::new();
    let second = b.seal(
        kind,
        json(resolution(ResolutionOutcome::Escalated, None, case)),
    );
    let unknown = b.seal(
        kind,
        json(resolution(
            ResolutionOutcome::Escalated,
            None,
            Uuid::now_v7(),
        )),
    );
    let res = db
        .ingest(page(&b.dev, vec![second.clone(), unknown]))
        .await
        .unwrap();
    assert_eq!(
        refused(&res[0]),
        (
            RejectCode::Invalid,
            Some("caseId"),
            Some(Code::AlreadyResolved)
        )
    );
    assert_eq!(refused(&res[1]).0, RejectCode::UnknownParent);
    let audit = db.audit().await.unwrap();
    assert!(
        audit
            .iter()
            .any(|x| x.0 == second.change_id.0 && x.1.is_none() && x.2 == "rejected"),
        "the refusal is kept"
    );
    let mut leader = Chain::new();
    leader.dev = device(Role::GroupLeader, points(&[POINT_CODE]));
    let theirs = leader.seal(
        kind,
        json(resolution(ResolutionOutcome::Escalated, None, case)),
    );
    let res = db.ingest(page(&leader.dev, vec![theirs])).await.unwrap();
    assert_eq!(res[0].code, Some(RejectCode::Forbidden), "{res:?}");
    assert_eq!(figures().await.unwrap(), after, "nothing more applied");
}
