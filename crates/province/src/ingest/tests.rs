//! Properties of the pure ingest decision: replaying any page is idempotent, server sequences
//! are consecutive, and a record's last writer decides conflicts.

use super::Loaded;
use super::plan::{DeviceRecord, EntityState};
use super::*;
use proptest::prelude::*;
use serde_json::json;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::roles::Role;
use vonxa_domain::{ChangeId, DeviceId};
use vonxa_protocol::Scope;
use vonxa_protocol::{PushChange, PushRequest};

fn device(n: u128) -> DeviceRecord {
    DeviceRecord {
        id: DeviceId(Uuid::from_u128(n)),
        label: String::new(),
        scope: Scope::Points {
            codes: vec!["P1".into()],
        },
        role: Role::PointLeader,
        enrolled_at: String::new(),
        revoked_at: None,
        last_seen: None,
        last_sync: None,
    }
}

const POINT: u128 = 0xA;
const VILLAGE: u128 = 0xB;

/// The stored state a backend would hold: the point, its village and a group, plus whatever
/// plans wrote.
fn initial() -> Loaded {
    let mut l = Loaded::default();
    for (id, entity, group) in [
        (POINT, "point", None),
        (VILLAGE, "village", None),
        (0x6, "group", Some(Uuid::from_u128(0x6))),
    ] {
        l.entities.insert(
            Uuid::from_u128(id),
            EntityState {
                entity: entity.into(),
                entity_id: Uuid::from_u128(id),
                version: 1,
                last_device: DeviceId(Uuid::nil()),
                point_code: Some("P1".into()),
                group_id: group,
                household_id: None,
                deleted: false,
                unique_key: None,
            },
        );
    }
    l.head = 1;
    l
}

fn write(l: &mut Loaded, plan: &Plan) {
    for c in &plan.changes {
        let r = plan
            .results
            .iter()
            .find(|r| r.change_id.0 == c.change_id)
            .cloned()
            .unwrap_or_else(|| PushResult::rejected(ChangeId(c.change_id), RejectCode::Invalid));
        l.seen.insert(
            c.change_id,
            SeenChange {
                body_hash: c.body_hash.clone(),
                result: r,
            },
        );
        if let Some(seq) = c.seq {
            l.head = l.head.max(seq);
        }
    }
    for e in &plan.entities {
        l.entities.insert(e.entity_id, e.clone());
    }
    for r in &plan.regroups {
        for e in l.entities.values_mut() {
            let on = e.entity_id == r.household || e.household_id == Some(r.household);
            if on && e.entity != "membership" {
                e.group_id = r.group;
            }
        }
    }
}

fn push(dev: &DeviceRecord, state: &mut Loaded, c: PushChange) -> Plan {
    let req = PushRequest {
        replay: false,
        changes: vec![c],
    };
    let page = Prepared::new(
        dev.clone(),
        req,
        chrono::Utc::now(),
        false,
        &vonxa_domain::credit::table::ProgrammeTable::builtin(),
    );
    let plan = decide(&page, state.clone());
    write(state, &plan);
    plan
}

fn person(dev: &DeviceRecord, id: u128, household: Uuid, name: &str) -> PushChange {
    let mut c = change(dev, 0, Op::Insert, 0, 0);
    c.entity = EntityKind::Person;
    c.entity_id = Uuid::from_u128(id);
    c.payload = json!({"id": c.entity_id, "householdId": household, "fullName": name,
        "birthDate": "1980-01-01", "sex": "female", "idNumber": null, "legacyIdNumber": null,
        "phone": null, "ethnicity": null, "relation": null});
    c
}

#[test]
fn a_household_joining_a_group_brings_its_people_to_the_group() {
    let dev = device(1);
    let mut state = initial();
    let group = Uuid::from_u128(0x6);
    let h = Uuid::from_u128(0x100);
    let plan = push(&dev, &mut state, change(&dev, 0, Op::Insert, 0, 1));
    assert_eq!(plan.entities[0].household_id, Some(h));
    assert_eq!(plan.changes[0].group_id, None);

    let mut m = change(&dev, 0, Op::Insert, 0, 2);
    m.entity = EntityKind::Membership;
    m.entity_id = Uuid::from_u128(0x7);
    m.payload = json!({"id": m.entity_id, "householdId": h, "groupId": group,
        "joinedOn": "2024-01-01", "leftOn": null, "leftReason": null});
    let plan = push(&dev, &mut state, m);
    assert!(plan.results[0].server_seq.is_some(), "{:?}", plan.results);
    assert_eq!(
        plan.regroups,
        vec![crate::check::Regroup {
            household: h,
            group: Some(group)
        }]
    );
    assert_eq!(state.entities[&h].group_id, Some(group));

    // A person added afterwards belongs to the group too.
    let plan = push(&dev, &mut state, person(&dev, 0x8, h, "Đinh Thị Lan"));
    assert_eq!(plan.changes[0].group_id, Some(group));
}

#[test]
fn refusals_without_a_change_row_are_kept_for_the_audit() {
    let dev = device(1);
    let mut state = initial();
    let h = Uuid::from_u128(0x100);
    push(&dev, &mut state, change(&dev, 0, Op::Insert, 0, 1));
    let p = person(&dev, 0x8, h, "Hồ Văn Nam");
    let first = push(&dev, &mut state, p.clone());
    assert!(first.refusals.is_empty());
    let mut reused = p;
    reused.payload["fullName"] = json!("Someone Else");
    let plan = push(&dev, &mut state, reused.clone());
    assert_eq!(plan.results[0].code, Some(RejectCode::IdReused));
    assert!(plan.changes.is_empty());
    assert_eq!(plan.refusals.len(), 1);
    assert_eq!(plan.refusals[0].change_id, reused.change_id.0);
    assert_eq!(plan.refusals[0].code, "id_reused");

    let orphan = person(&dev, 0x9, Uuid::from_u128(0x999), "Phạm Thị Mai");
    let plan = push(&dev, &mut state, orphan);
    assert_eq!(plan.results[0].code, Some(RejectCode::UnknownParent));
    assert_eq!(plan.refusals[0].code, "unknown_parent");
}

/// (device 1 or 2, household 0..4, insert or update, base version)
fn change(dev: &DeviceRecord, n: u128, op: Op, base: i64, seq: i64) -> PushChange {
    let id = Uuid::from_u128(0x100 + n);
    PushChange {
        change_id: ChangeId(Uuid::now_v7()),
        device_seq: seq,
        device_id: dev.id,
        user_id: "u".into(),
        entity: EntityKind::Household,
        entity_id: id,
        op,
        payload: json!({"id": id, "customerCode": null, "villageId": Uuid::from_u128(VILLAGE),
                        "pointId": Uuid::from_u128(POINT), "address": format!("{seq}"),
                        "headPersonId": null}),
        base_version: base,
        device_time: String::new(),
    }
}

proptest! {
    #[test]
    fn replay_is_idempotent_and_sequences_are_consecutive(
        ops in proptest::collection::vec((1u128..=2, 0u128..4, any::<bool>(), 0i64..6), 1..40)
    ) {
        let devs = [device(1), device(2)];
        let mut state = initial();
        let mut pages = Vec::new();
        for (i, (d, h, update, base)) in ops.into_iter().enumerate() {
            let dev = &devs[(d - 1) as usize];
            let op = if update { Op::Update } else { Op::Insert };
            let c = change(dev, h, op, base, i as i64);
            let req = PushRequest { replay: false, changes: vec![c] };
            pages.push(Prepared::new(dev.clone(), req, chrono::Utc::now(), false, &vonxa_domain::credit::table::ProgrammeTable::builtin()));
        }
        for page in &pages {
            let before = state.head;
            let plan = decide(page, state.clone());
            let seqs: Vec<i64> = plan.results.iter().filter_map(|r| r.server_seq).collect();
            let expected: Vec<i64> = (before + 1..=before + seqs.len() as i64).collect();
            prop_assert_eq!(&seqs, &expected, "consecutive after the head");
            write(&mut state, &plan);
            // The same page again: the same answers, nothing new written.
            let again = decide(page, state.clone());
            prop_assert_eq!(&again.results, &plan.results);
            prop_assert!(again.changes.is_empty() && again.entities.is_empty());
        }
        // Every accepted record names its last writer and version.
        for e in state.entities.values().filter(|e| e.entity == "household") {
            prop_assert!(e.version > 1 && e.version <= state.head);
        }
    }
}
