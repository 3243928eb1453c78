//! Properties of the pure ingest decision: replaying any page is idempotent, server sequences
//! are consecutive, and a record's last writer decides conflicts.

use super::*;
use crate::db::{EntityState, Loaded};
use proptest::prelude::*;
use serde_json::json;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::roles::Role;
use vonxa_domain::{ChangeId, DeviceId};

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

/// The stored state a backend would hold: the point, plus whatever plans wrote.
fn initial() -> Loaded {
    let mut l = Loaded::default();
    l.entities.insert(
        Uuid::from_u128(POINT),
        EntityState {
            entity: "point".into(),
            entity_id: Uuid::from_u128(POINT),
            version: 1,
            last_device: DeviceId(Uuid::nil()),
            point_code: Some("P1".into()),
            group_id: None,
            deleted: false,
        },
    );
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
            pages.push(Prepared::new(dev.clone(), req, chrono::Utc::now(), false));
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
