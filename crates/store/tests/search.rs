//! Accent-insensitive household search among 20,000 generated households.
#![allow(clippy::unwrap_used)]

mod common;

use chrono::NaiveDate;
use common::*;
use uuid::Uuid;
use vonxa_domain::entity::Op;
use vonxa_domain::ident::Sex;
use vonxa_domain::reference::*;
use vonxa_domain::{HouseholdId, PersonId};
use vonxa_store::Store;
use vonxa_store::demo::DemoData;

/// Add a household whose head has `name`; returns its id.
fn add_household(
    store: &mut Store,
    admin: &vonxa_domain::user::User,
    data: &DemoData,
    name: &str,
    code: &str,
) -> String {
    let hid = HouseholdId(Uuid::now_v7());
    let pid = PersonId(Uuid::now_v7());
    let h = Household {
        kin: Vec::new(),
        id: hid,
        customer_code: Some(code.into()),
        village_id: data.villages[0].id,
        point_id: data.villages[0].point_id,
        address: None,
        head_person_id: Some(pid),
    };
    store.record(admin, Op::Insert, h).unwrap();
    let p = Person {
        id: pid,
        household_id: hid,
        full_name: name.into(),
        birth_date: NaiveDate::from_ymd_opt(1980, 5, 5).unwrap(),
        sex: Sex::Female,
        id_number: None,
        legacy_id_number: None,
        phone: None,
        ethnicity: None,
        relation: Some("Chủ hộ".into()),
    };
    store.record(admin, Op::Insert, p).unwrap();
    hid.to_string()
}

#[test]
fn finds_the_right_households_among_20000() {
    let (mut f, data) = with_demo(20_000);
    assert_eq!(count(&f.store, "households"), 20_000);
    let huong = add_household(&mut f.store, &f.admin, &data, "Nguyễn Thị Hương", "ZZ0001");
    let dang = add_household(&mut f.store, &f.admin, &data, "Đặng Văn Xuyến", "ZZ0002");

    for q in [
        "nguyen thi huong",
        "NGUYEN THI HUONG",
        "Nguyễn Thị Hương",
        "nguyễn thị hương",
    ] {
        let hits = f.store.search_households(q, 50_000).unwrap();
        assert!(
            hits.iter().any(|h| h.household_id == huong),
            "{q} finds the household"
        );
        for h in &hits {
            let head = h.head_name.as_deref().unwrap_or("");
            // Every hit has a member with that name (the head or another person).
            let names: Vec<String> = f
                .store
                .connection()
                .prepare("SELECT full_name FROM persons WHERE household_id = ?1")
                .unwrap()
                .query_map([&h.household_id], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert!(
                names
                    .iter()
                    .any(|n| vonxa_domain::text::fold(n).contains("nguyen thi huong")),
                "{q} found {head}, who does not match"
            );
        }
    }
    let by_dang = f.store.search_households("dang van xuyen", 100).unwrap();
    assert_eq!(by_dang.len(), 1);
    assert_eq!(by_dang[0].household_id, dang);
    assert_eq!(by_dang[0].head_name.as_deref(), Some("Đặng Văn Xuyến"));
    // "dang" finds households of Đặng and none without a "dang" in a name, ID or code.
    let hits = f.store.search_households("dang", 100).unwrap();
    assert_eq!(hits.len(), 100);
    assert!(hits.iter().any(|h| {
        h.head_name
            .as_deref()
            .is_some_and(|n| n.starts_with("Đặng"))
    }));
    // Customer code and CCCD work too; nonsense finds nothing.
    assert_eq!(
        f.store.search_households("zz0001", 10).unwrap()[0].household_id,
        huong
    );
    let cccd = data
        .persons
        .iter()
        .find_map(|p| p.id_number.clone())
        .unwrap();
    assert_eq!(f.store.search_households(&cccd, 10).unwrap().len(), 1);
    assert!(f.store.search_households("xyzxyz", 10).unwrap().is_empty());
}
