//! Bad input is rejected with an error naming the field, and nothing is written.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use uuid::Uuid;
use vonxa_domain::entity::Op;
use vonxa_domain::ident::Sex;
use vonxa_domain::reference::*;
use vonxa_domain::{Code, DomainError, MembershipId, PersonId};
use vonxa_store::Store;

fn new_person(data: &vonxa_store::demo::DemoData) -> Person {
    Person {
        id: PersonId(Uuid::now_v7()),
        household_id: data.households[0].id,
        full_name: "Nguyễn Thị Hương".into(),
        birth_date: NaiveDate::from_ymd_opt(1985, 3, 1).unwrap(),
        sex: Sex::Female,
        id_number: Some("051185999001".into()),
        legacy_id_number: None,
        phone: None,
        ethnicity: Some("Kinh".into()),
        relation: Some("Vợ".into()),
    }
}

/// Attempt a write and check it fails on `field` with `code`, leaving the tables unchanged.
fn rejected<R: vonxa_store::Record>(
    store: &mut Store,
    actor: &vonxa_domain::user::User,
    op: Op,
    r: R,
    field: &'static str,
    code: Code,
) {
    let tables = ["change_log", "persons", "households", "memberships"];
    let before: Vec<i64> = tables.iter().map(|t| count(store, t)).collect();
    let err = store.record(actor, op, r).expect_err("the write must fail");
    assert_eq!(
        err.as_domain(),
        Some(&DomainError::invalid(field, code)),
        "{err}"
    );
    let after: Vec<i64> = tables.iter().map(|t| count(store, t)).collect();
    assert_eq!(before, after, "nothing written");
}

#[test]
fn an_empty_name_is_rejected() {
    let (mut f, data) = with_demo(3);
    let p = Person {
        full_name: " ".into(),
        ..new_person(&data)
    };
    rejected(
        &mut f.store,
        &f.admin,
        Op::Insert,
        p,
        "fullName",
        Code::Required,
    );
}

#[test]
fn a_cccd_whose_century_digit_contradicts_the_birth_date_is_rejected() {
    let (mut f, data) = with_demo(3);
    // 3 = female born in the 2000s, but she was born in 1985.
    let p = Person {
        id_number: Some("051385999001".into()),
        ..new_person(&data)
    };
    rejected(
        &mut f.store,
        &f.admin,
        Op::Insert,
        p,
        "idNumber",
        Code::CccdCenturyMismatch,
    );
}

#[test]
fn a_birth_date_in_the_future_is_rejected() {
    let (mut f, data) = with_demo(3);
    let p = Person {
        birth_date: today() + chrono::Days::new(1),
        id_number: None,
        ..new_person(&data)
    };
    rejected(
        &mut f.store,
        &f.admin,
        Op::Insert,
        p,
        "birthDate",
        Code::FutureDate,
    );
}

#[test]
fn a_household_put_in_a_second_group_is_rejected() {
    let (mut f, data) = with_demo(45);
    let hh = data.households[0].id;
    let current = data
        .memberships
        .iter()
        .find(|m| m.household_id == hh)
        .unwrap();
    let other_group = data
        .groups
        .iter()
        .find(|g| g.id != current.group_id)
        .unwrap();
    let second = Membership {
        id: MembershipId(Uuid::now_v7()),
        household_id: hh,
        group_id: other_group.id,
        joined_on: today(),
        left_on: None,
        left_reason: None,
    };
    rejected(
        &mut f.store,
        &f.admin,
        Op::Insert,
        second,
        "groupId",
        Code::AlreadyInGroup,
    );
}

#[test]
fn a_duplicate_cccd_is_rejected() {
    let (mut f, data) = with_demo(3);
    let taken = data.persons.iter().find(|p| p.id_number.is_some()).unwrap();
    let p = Person {
        id_number: taken.id_number.clone(),
        birth_date: taken.birth_date,
        sex: taken.sex,
        ..new_person(&data)
    };
    rejected(
        &mut f.store,
        &f.admin,
        Op::Insert,
        p,
        "idNumber",
        Code::Duplicate,
    );
}

#[test]
fn a_person_in_a_missing_household_is_rejected() {
    let (mut f, data) = with_demo(3);
    let p = Person {
        household_id: vonxa_domain::HouseholdId(Uuid::now_v7()),
        ..new_person(&data)
    };
    rejected(
        &mut f.store,
        &f.admin,
        Op::Insert,
        p,
        "householdId",
        Code::NotFound,
    );
}

#[test]
fn a_full_group_takes_no_new_member() {
    let (mut f, data) = with_demo(3);
    // The province publishes a table whose groups hold one member (pulled like any table).
    let table = vonxa_domain::credit::table::ProgrammeTable {
        id: vonxa_domain::ProgrammeTableId(Uuid::now_v7()),
        version: 1,
        group_size: vonxa_domain::settings::GroupSizeLimits { min: 1, max: 1 },
        ..vonxa_domain::credit::table::ProgrammeTable::builtin()
    };
    f.store.record_batch(|b| b.mirror(table)).unwrap();
    // Household 0 and 1 are in different groups (3 households → 1 group per 40: all in one).
    let hh = data.households[1].id;
    let existing = data
        .memberships
        .iter()
        .find(|m| m.household_id == hh)
        .unwrap()
        .clone();
    let left = Membership {
        left_on: Some(today()),
        left_reason: Some("Chuyển tổ".into()),
        ..existing.clone()
    };
    f.store.record(&f.admin, Op::Update, left).unwrap();
    let rejoin = Membership {
        id: MembershipId(Uuid::now_v7()),
        joined_on: today(),
        ..existing
    };
    rejected(
        &mut f.store,
        &f.admin,
        Op::Insert,
        rejoin,
        "groupId",
        Code::GroupFull,
    );
}

#[test]
fn a_valid_person_is_saved_and_found() {
    let (mut f, data) = with_demo(3);
    f.store
        .record(&f.admin, Op::Insert, new_person(&data))
        .unwrap();
    let hits = f.store.search_households("huong", 10).unwrap();
    assert!(
        hits.iter()
            .any(|h| h.household_id == data.households[0].id.to_string())
    );
}
