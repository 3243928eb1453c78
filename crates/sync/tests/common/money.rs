//! Money set-up shared by the money sync tests: a group with members, payments, books and
//! sessions of today.

use super::{Dev, today};
use chrono::Datelike;
use uuid::Uuid;
use vonxa_domain::cash::*;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::journal::{self, LINK_FIELD};
use vonxa_domain::reference::Group;
use vonxa_domain::*;
use vonxa_province::Backend;

pub fn month() -> chrono::NaiveDate {
    today().with_day(1).unwrap()
}

pub fn group_with_members(a: &Dev) -> (Group, Vec<HouseholdId>) {
    let s = a.lock();
    let groups: Vec<Group> =
        vonxa_store::queries::docs(s.connection(), "SELECT doc FROM groups ORDER BY id", [])
            .unwrap();
    for g in groups {
        let mut m: Vec<_> = s
            .group_members_on(&g, today())
            .unwrap()
            .into_iter()
            .collect();
        if m.len() >= 3 {
            m.sort();
            return (g, m);
        }
    }
    panic!("a group with members");
}

pub fn collection(g: &Group, h: HouseholdId, interest: i64, savings: i64) -> Payment {
    Payment::Collection {
        group_id: g.id,
        household_id: h,
        period: month(),
        interest: Money::dong(interest),
        savings: Money::dong(savings),
        principal_from_savings: Money::ZERO,
    }
}

pub fn demand_book(point: PointId, book_no: &str) -> SavingsAccount {
    SavingsAccount {
        id: SavingsAccountId(Uuid::now_v7()),
        point_id: point,
        book_no: book_no.into(),
        holder_name: "Đinh Thị Hoa".into(),
        id_number: "051185001234".into(),
        holder_birth: "1985-04-02".parse().unwrap(),
        holder_sex: vonxa_domain::ident::Sex::Female,
        household_id: None,
        product: Product::Demand,
        opened_on: today(),
        link: None,
    }
}

pub fn new_session(point: PointId) -> CashSession {
    CashSession {
        id: CashSessionId(Uuid::now_v7()),
        point_id: point,
        held_on: today(),
        leader: "Đinh Văn Tèo".into(),
        controller: "Hồ Thị Lan".into(),
        teller: "Lê Thị Thu".into(),
        controller_id: None,
        teller_id: None,
        opening_cash: Money::ZERO,
        link: None,
    }
}

/// A modified device's money record (`doc`, of `kind`), sealed as the next link of its chain
/// and pushed past its own store; returns the answer and whether the province's head moved.
pub async fn forged_sealed(
    a: &Dev,
    url: &str,
    db: &impl Backend,
    kind: EntityKind,
    id: Uuid,
    mut doc: serde_json::Value,
) -> (vonxa_protocol::PushResult, bool) {
    let head = vonxa_store::money::journal::head(a.lock().connection()).unwrap();
    doc[LINK_FIELD] = serde_json::to_value(journal::seal(head.as_ref(), &doc)).unwrap();
    let before = db.head().await.unwrap();
    let change = a.forged(kind, Op::Insert, id, doc);
    let r = a.push_raw(url, vec![change]).await;
    (r.results[0].clone(), db.head().await.unwrap() != before)
}

/// A modified device's money entry, with a receipt number of its own prefix, sealed and pushed.
pub async fn forged_entry(
    a: &Dev,
    url: &str,
    db: &impl Backend,
    entry: MoneyEntry,
) -> (vonxa_protocol::PushResult, bool) {
    let device = a.lock().device_id();
    let forged = MoneyEntry {
        receipt_no: journal::receipt_number(&journal::device_prefix(device.as_uuid()), 999),
        link: None,
        ..entry
    };
    let doc = serde_json::to_value(&forged).unwrap();
    forged_sealed(a, url, db, EntityKind::MoneyEntry, forged.id.as_uuid(), doc).await
}

/// A new entry of `payment` at `session`, as the device's store would write it.
pub fn entry(point: PointId, session: Option<CashSessionId>, payment: Payment) -> MoneyEntry {
    MoneyEntry {
        id: MoneyEntryId(Uuid::now_v7()),
        receipt_no: String::new(),
        point_id: point,
        session_id: session,
        on: today(),
        collector: "Lê Thị Thu".into(),
        payment,
        reverses: None,
        link: None,
    }
}

/// A second point imported at the province, and an enrolment code (administrator) for a device
/// whose scope is the demo point and that one.
pub async fn second_point<B: Backend>(p: &super::Province<B>) -> (PointId, String) {
    use vonxa_province::admin;
    let office = vonxa_store::demo::generate(super::demo_spec(1))
        .office
        .unwrap();
    let other = vonxa_domain::reference::Point {
        id: PointId(Uuid::now_v7()),
        code: "51999".into(),
        name: "Điểm giao dịch xã khác".into(),
        office_id: office.id,
        venue: "Nhà văn hóa thôn 2".into(),
        session_day: 15,
    };
    let record = vonxa_province::db::RefRecord {
        entity: EntityKind::Point.as_str().into(),
        payload: serde_json::to_value(&other).unwrap(),
    };
    let done = admin::import(&p.db, vec![record]).await.unwrap();
    assert!(done[0].code.is_none(), "{done:?}");
    let codes = vec![super::demo_point_code(), other.code.clone()];
    let scope = vonxa_protocol::Scope::Points { codes };
    let code = admin::create_enrol_code(&p.db, scope, vonxa_domain::roles::Role::Admin)
        .await
        .unwrap();
    (other.id, code)
}
