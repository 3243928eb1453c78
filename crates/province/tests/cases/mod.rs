//! Conformance cases added after the first suite: group scope and the audit of refusals
//! (counted when repeated).

pub mod identity;
pub mod money;

use crate::support::*;
use serde_json::json;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_protocol::{Outcome, RejectCode, Scope};
use vonxa_province::Backend;

/// A group leader's device sees the households of its group's members and what hangs on
/// them, including what was recorded before the household joined; nothing of other households.
pub async fn group_scope<B: Backend>(db: &B) {
    let (r, refs) = reference();
    vonxa_province::admin::import(db, refs).await.unwrap();
    let officer = device(Role::PointLeader, points(&[POINT_CODE]));
    let (org, group) = (Uuid::now_v7(), Uuid::now_v7());
    let (member, other) = (Uuid::now_v7(), Uuid::now_v7());
    let person = |id: Uuid, h: Uuid| {
        json!({"id": id, "householdId": h, "fullName": "Đinh Thị Lan", "birthDate": "1980-01-01",
               "sex": "female", "idNumber": null, "legacyIdNumber": null, "phone": null,
               "ethnicity": null, "relation": null})
    };
    let (p_member, p_other, p_late) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
    let c = |e, p| change(&officer, e, Op::Insert, p, 0);
    // Organisations are the province's reference data: imported, never pushed.
    vonxa_province::admin::import(
        db,
        vec![vonxa_province::db::RefRecord {
            entity: "organisation".into(),
            payload: json!({"id": org, "kind": "women", "communeCode": "21361",
                            "name": "Hội Phụ nữ xã"}),
        }],
    )
    .await
    .unwrap();
    let first = vec![
        c(
            EntityKind::Group,
            json!({"id": group, "code": "T01", "name": "Tổ 1", "organisationId": org,
                   "villageId": r.village, "pointId": r.point, "foundedOn": "2020-01-01",
                   "status": "active"}),
        ),
        c(
            EntityKind::Household,
            household(member, r.village, r.point, "Số 1"),
        ),
        c(
            EntityKind::Household,
            household(other, r.village, r.point, "Số 2"),
        ),
        c(EntityKind::Person, person(p_member, member)),
        c(EntityKind::Person, person(p_other, other)),
    ];
    let res = db.ingest(page(&officer, first)).await.unwrap();
    assert!(
        res.iter().all(|x| x.outcome == Outcome::Accepted),
        "{res:?}"
    );
    // The group's device pulls now: the group, no household yet.
    let leader = device(
        Role::GroupLeader,
        Scope::Group {
            group_id: vonxa_domain::GroupId::from(group),
        },
    );
    let before = vonxa_province::pull::page(db, leader.scope.clone(), leader.id, 0, 1_000)
        .await
        .unwrap();
    assert!(before.changes.iter().all(|p| p.entity_id != member));
    let cursor = before.next;
    // The household joins after its person was recorded; a second person comes later.
    let joined = Uuid::now_v7();
    let joins = c(
        EntityKind::Membership,
        json!({"id": joined, "householdId": member, "groupId": group,
               "joinedOn": "2024-01-01", "leftOn": null, "leftReason": null}),
    );
    let later = c(EntityKind::Person, person(p_late, member));
    let res = db.ingest(page(&officer, vec![joins, later])).await.unwrap();
    assert!(
        res.iter().all(|x| x.outcome == Outcome::Accepted),
        "{res:?}"
    );

    // A device that starts now pulls everything of its members.
    let (pulled, _) = db
        .pull(leader.scope.clone(), leader.id, 0, 1_000)
        .await
        .unwrap();
    let ids: Vec<Uuid> = pulled.iter().map(|p| p.entity_id).collect();
    for want in [group, member, p_member, p_late] {
        assert!(ids.contains(&want), "group device pulls {want}");
    }
    for never in [other, p_other] {
        assert!(!ids.contains(&never), "not a member: {never}");
    }
    // The device that had pulled before the household joined gets its earlier records with
    // the membership, the household first, and its cursor moves to the page's last change.
    let resumed = vonxa_province::pull::page(db, leader.scope.clone(), leader.id, cursor, 1_000)
        .await
        .unwrap();
    let order: Vec<Uuid> = resumed.changes.iter().map(|p| p.entity_id).collect();
    let pos = |id: Uuid| order.iter().position(|x| *x == id).unwrap();
    assert!(pos(member) < pos(p_member), "{order:?}");
    assert!(
        pos(p_member) < pos(joined) && pos(joined) < pos(p_late),
        "{order:?}"
    );
    assert!(!order.contains(&other) && !order.contains(&p_other));
    assert_eq!(resumed.next, db.head().await.unwrap());
    // The leader may edit a member's person and not a non-member's.
    let mut edit = person(p_member, member);
    edit["phone"] = json!("0912345678");
    let mut outside = person(p_other, other);
    outside["phone"] = json!("0912345678");
    let version = pulled.iter().map(|p| p.server_seq).max().unwrap_or(0);
    let res = db
        .ingest(page(
            &leader,
            vec![
                change(&leader, EntityKind::Person, Op::Update, edit, version),
                change(&leader, EntityKind::Person, Op::Update, outside, version),
            ],
        ))
        .await
        .unwrap();
    assert_eq!(res[0].outcome, Outcome::Accepted, "{res:?}");
    assert_eq!(res[1].code, Some(RejectCode::OutOfScope));
    // One record's current document, as the bank's decisions read it.
    let now = db.record(p_member).await.unwrap().unwrap();
    assert_eq!(now.entity, "person");
    assert_eq!(now.payload["phone"], json!("0912345678"));
    assert!(db.record(Uuid::now_v7()).await.unwrap().is_none());
}

/// A change id re-sent with another body and a change whose parent is unknown have no change
/// row, but the audit keeps them with their device.
pub async fn refusals_are_audited<B: Backend>(db: &B) {
    let (r, refs) = reference();
    vonxa_province::admin::import(db, refs).await.unwrap();
    let dev = device(Role::PointTeller, points(&[POINT_CODE]));
    let ok = change(
        &dev,
        EntityKind::Household,
        Op::Insert,
        household(Uuid::now_v7(), r.village, r.point, "Số 5"),
        0,
    );
    db.ingest(page(&dev, vec![ok.clone()])).await.unwrap();
    let mut forged = ok;
    forged.payload["address"] = json!("Số 6");
    let orphan = change(
        &dev,
        EntityKind::Household,
        Op::Insert,
        household(Uuid::now_v7(), r.village, Uuid::now_v7(), "Số 7"),
        0,
    );
    let before = db.refusals().await.unwrap().len();
    let res = db
        .ingest(page(&dev, vec![forged.clone(), orphan.clone()]))
        .await
        .unwrap();
    assert_eq!(res[0].code, Some(RejectCode::IdReused));
    assert_eq!(res[1].code, Some(RejectCode::UnknownParent));
    let refusals = db.refusals().await.unwrap();
    assert_eq!(refusals.len(), before + 2);
    assert_eq!(
        refusals[before..],
        [
            (forged.change_id.0, dev.id, "id_reused".to_owned()),
            (orphan.change_id.0, dev.id, "unknown_parent".to_owned()),
        ]
    );
    // Sent again: counted on the same rows, not added.
    db.ingest(page(&dev, vec![forged.clone(), orphan.clone()]))
        .await
        .unwrap();
    assert_eq!(db.refusals().await.unwrap().len(), before + 2);
    let counts = db.refusal_counts().await.unwrap();
    assert_eq!(
        counts[before..]
            .iter()
            .map(|c| (c.change_id, c.count))
            .collect::<Vec<_>>(),
        [(forged.change_id.0, 2), (orphan.change_id.0, 2)]
    );
}
