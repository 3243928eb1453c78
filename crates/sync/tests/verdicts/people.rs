//! The people table of the verdict suite: households, persons and memberships. The world: the
//! demo commune's two groups and a new household in none, synced, under a programme table the
//! province published whose largest group is one member more than the smaller group has (so
//! the smaller group has room for one and the larger one is full). Each case is one record,
//! written on the device and pushed to the province past the store.

use crate::common::*;
use uuid::Uuid;
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::{Group, Household, Membership, Person};
use vonxa_domain::roles::Role;
use vonxa_domain::settings::GroupSizeLimits;
use vonxa_domain::{Code, HouseholdId, MembershipId, PersonId, ProgrammeTableId};
use vonxa_province::Backend;

pub struct People {
    a: Dev,
    household: Household,
    person: Person,
    /// A membership of the larger group.
    member: Membership,
    newcomer: HouseholdId,
    full: Group,
    roomy: Group,
}

async fn world<B: Backend>(p: &Province<B>) -> People {
    let a = Dev::new();
    a.load_demo(60);
    let newcomer = HouseholdId(a.add_household("Xóm mới"));
    let read = |a: &Dev| -> (Vec<Group>, Vec<Membership>) {
        let s = a.lock();
        let c = s.connection();
        (
            vonxa_store::queries::docs(c, "SELECT doc FROM groups ORDER BY id", []).unwrap(),
            vonxa_store::queries::docs(c, "SELECT doc FROM memberships", []).unwrap(),
        )
    };
    let (mut groups, members) = read(&a);
    let size = |ms: &[Membership], g: &Group| {
        ms.iter()
            .filter(|m| m.group_id == g.id && m.is_active_on(today()))
            .count()
    };
    groups.sort_by_key(|g| size(&members, g));
    assert!(groups.len() >= 2, "two groups");
    let (roomy, full) = (groups[0].clone(), groups[1].clone());
    // One member of the smaller group leaves: it is then smaller than the larger one.
    let leaver = members.iter().find(|m| m.group_id == roomy.id).unwrap();
    let left = Membership {
        left_on: Some(today()),
        left_reason: Some("Chuyển đi".into()),
        ..leaver.clone()
    };
    a.lock().record(&a.admin, Op::Update, left).unwrap();
    let (_, members) = read(&a);
    assert!(size(&members, &roomy) < size(&members, &full));
    let table = ProgrammeTable {
        id: ProgrammeTableId(Uuid::now_v7()),
        version: 1,
        published_on: today(),
        group_size: GroupSizeLimits {
            min: 1,
            max: u32::try_from(size(&members, &roomy)).unwrap() + 1,
        },
        ..ProgrammeTable::builtin()
    };
    let done = vonxa_province::admin::import(
        &p.db,
        vec![vonxa_province::db::RefRecord {
            entity: EntityKind::ProgrammeTable.as_str().into(),
            payload: serde_json::to_value(&table).unwrap(),
        }],
    )
    .await
    .unwrap();
    assert!(done[0].code.is_none(), "{done:?}");
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let person: Person = {
        let s = a.lock();
        vonxa_store::queries::docs(s.connection(), "SELECT doc FROM persons ORDER BY id", [])
            .unwrap()
            .into_iter()
            .find(|p: &Person| p.id_number.is_some())
            .expect("a person with a CCCD number")
    };
    let household = a
        .households()
        .into_iter()
        .find(|h| h.customer_code.is_some())
        .expect("a household with a customer code");
    let member = members
        .into_iter()
        .find(|m| m.group_id == full.id)
        .expect("a member of the larger group");
    People {
        a,
        household,
        person,
        member,
        newcomer,
        full,
        roomy,
    }
}

/// One record of the table, typed for the device's store.
pub enum Rec {
    Household(Household),
    Person(Person),
    Membership(Membership),
}

fn joining(w: &People, g: &Group) -> Rec {
    Rec::Membership(Membership {
        id: MembershipId(Uuid::now_v7()),
        household_id: w.newcomer,
        group_id: g.id,
        joined_on: today(),
        left_on: None,
        left_reason: None,
    })
}

pub type Case = (&'static str, fn(&People) -> (Op, Rec), Option<Code>);

#[rustfmt::skip]
pub const CASES: &[Case] = &[
    ("a new household with another's customer code", |w| (Op::Insert, Rec::Household(Household { id: HouseholdId(Uuid::now_v7()), ..w.household.clone() })), Some(Code::Duplicate)),
    ("a household edited, keeping its own code", |w| (Op::Update, Rec::Household(Household { address: Some("Thôn 3".into()), ..w.household.clone() })), None),
    ("a person recorded twice (another's CCCD)", |w| (Op::Insert, Rec::Person(Person { id: PersonId(Uuid::now_v7()), ..w.person.clone() })), Some(Code::Duplicate)),
    ("a person edited, keeping their own CCCD", |w| (Op::Update, Rec::Person(Person { phone: Some("0912345678".into()), ..w.person.clone() })), None),
    ("a household joining a full group", |w| (Op::Insert, joining(w, &w.full)), Some(Code::GroupFull)),
    ("a household joining a group with room", |w| (Op::Insert, joining(w, &w.roomy)), None),
    ("a member leaving a full group", |w| (Op::Update, Rec::Membership(Membership { left_on: Some(today()), left_reason: Some("Chuyển đi".into()), ..w.member.clone() })), None),
];

pub async fn check<B: Backend>(
    case: &Case,
    p: &Province<B>,
    backend: &str,
    differ: &mut Vec<String>,
) {
    let (name, record, expected) = case;
    let w = world(p).await;
    let (op, rec) = record(&w);
    let (kind, id, doc) = match &rec {
        Rec::Household(h) => (
            EntityKind::Household,
            h.id.as_uuid(),
            serde_json::to_value(h),
        ),
        Rec::Person(x) => (EntityKind::Person, x.id.as_uuid(), serde_json::to_value(x)),
        Rec::Membership(m) => (
            EntityKind::Membership,
            m.id.as_uuid(),
            serde_json::to_value(m),
        ),
    };
    let province = crate::pushed_as(&w.a, p, kind, op, id, doc.unwrap()).await;
    let device = match rec {
        Rec::Household(h) => crate::stored_as(&w.a, op, h),
        Rec::Person(x) => crate::stored_as(&w.a, op, x),
        Rec::Membership(m) => crate::stored_as(&w.a, op, m),
    };
    crate::compare(differ, name, *expected, device, province, backend);
}

/// Two laptops of one point, each offline, record the same person: the second laptop cannot
/// know (the first one's record has not reached it), so its store accepts; the province, which
/// sees every commune, refuses it with the same rule (`reference::rules::unique_id_number`).
pub async fn one_person_on_two_laptops<B: Backend>(p: &Province<B>, backend: &str) {
    let a = Dev::new();
    a.load_demo(10);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let b = Dev::new();
    b.enrol(&p.url, &p.code(Role::Admin).await).await;
    b.settle(3).await;
    let first = Person {
        id: PersonId(Uuid::now_v7()),
        ..b.lock()
            .connection()
            .query_row(
                "SELECT doc FROM persons WHERE id_number IS NOT NULL",
                [],
                |r| r.get::<_, String>(0),
            )
            .map(|d| serde_json::from_str::<Person>(&d).unwrap())
            .unwrap()
    };
    // The same person (birth and sex as the CCCD says), a number no one holds yet.
    let first = Person {
        id_number: first.id_number.map(|n| format!("{}999999", &n[..6])),
        ..first
    };
    let second = Person {
        id: PersonId(Uuid::now_v7()),
        ..first.clone()
    };
    assert_eq!(
        crate::stored(&a, first),
        None,
        "{backend}: the first laptop"
    );
    a.settle(3).await;
    let doc = serde_json::to_value(&second).unwrap();
    let province = crate::pushed(&b, p, EntityKind::Person, second.id.as_uuid(), doc).await;
    assert_eq!(
        crate::stored(&b, second),
        None,
        "{backend}: the second laptop cannot know"
    );
    assert_eq!(province, Some(Code::Duplicate), "{backend}: the province");
}
