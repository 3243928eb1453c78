//! Money set-up shared by the money sync tests: a group with members, payments, books and
//! sessions of today.

use super::{Dev, today};
use chrono::Datelike;
use uuid::Uuid;
use vonxa_domain::cash::*;
use vonxa_domain::reference::Group;
use vonxa_domain::*;

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
        opening_cash: Money::ZERO,
        link: None,
    }
}
