//! The province as a hostile enrolled device finds it, over real HTTP on loopback, on SQLite
//! and on PostgreSQL: identities taken at enrolment, reference data changed from a commune,
//! a record overwritten under another kind, a household read through a forged membership,
//! amounts past any real figure, payloads stored as sent; and the authorisation table as a
//! matrix (every kind × operation × role, generated from the table).
#![allow(clippy::unwrap_used)]

mod hostile_support;
mod support;

use hostile_support::*;
use serde_json::json;
use support::*;
use uuid::Uuid;
use vonxa_domain::authz::{self, Refusal};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_domain::{DeviceId, GroupId};
use vonxa_protocol::{Outcome, RejectCode, Scope};
use vonxa_province::Backend;
use vonxa_province::db::sqlite::SqliteBackend;

async fn suite<B: Backend>(db: B) {
    let w = World::new(db).await;
    identity(&w).await;
    reference_data(&w).await;
    kinds_never_change(&w).await;
    every_link_in_scope(&w).await;
    validated_copy(&w).await;
    matrix(&w).await;
}

/// Identity: a device id is enrolled once; a victim's, a revoked or the province's own id is
/// refused (409 `device_known`) without using the code up.
async fn identity<B: Backend>(w: &World<B>) {
    let victim = w.enrol(Role::PointLeader, points(&[POINT_CODE])).await;
    let code = w.code(Role::Admin, points(&[POINT_CODE])).await;
    let (status, body) = w.try_enrol(&code, victim.id).await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["code"], "device_known");
    let me = w.status(&victim).await;
    assert_eq!(
        me["deviceId"],
        json!(victim.id),
        "the victim keeps its identity"
    );

    let revoked = w.enrol(Role::PointTeller, points(&[POINT_CODE])).await;
    assert!(w.db.revoke(revoked.id, chrono::Utc::now()).await.unwrap());
    for id in [revoked.id, DeviceId(Uuid::nil())] {
        let (status, body) = w.try_enrol(&code, id).await;
        assert_eq!(status, 409, "{id}: {body}");
    }
    let fresh = DeviceId(Uuid::now_v7());
    let (status, body) = w.try_enrol(&code, fresh).await;
    assert_eq!(status, 200, "the code still works for a new device: {body}");
    assert_eq!(body["deviceId"], json!(fresh));
}

/// Offices and organisations are the province's: no commune device changes or deletes them.
async fn reference_data<B: Backend>(w: &World<B>) {
    let admin = w.enrol(Role::Admin, points(&[POINT_CODE])).await;
    let office = w.db.record(w.refs.office).await.unwrap().unwrap();
    let mut renamed = office.payload.clone();
    renamed["name"] = json!("PGD giả mạo");
    let org = w.db.record(w.org).await.unwrap().unwrap();
    let res = w
        .push(
            &admin,
            vec![
                change(&admin.rec, EntityKind::Office, Op::Update, renamed, 1),
                change(
                    &admin.rec,
                    EntityKind::Organisation,
                    Op::Delete,
                    org.payload.clone(),
                    1,
                ),
                change(
                    &admin.rec,
                    EntityKind::Organisation,
                    Op::Insert,
                    json!({"id": Uuid::now_v7(), "kind": "women", "communeCode": "21361",
                           "name": "Hội giả"}),
                    0,
                ),
            ],
        )
        .await;
    for r in &res {
        assert_eq!(r.code, Some(RejectCode::Forbidden), "{res:?}");
    }
    let after = w.db.record(w.refs.office).await.unwrap().unwrap();
    assert_eq!(after.payload, office.payload);
    assert!(w.db.record(w.org).await.unwrap().is_some());
}

/// A record's kind never changes: a `user` pushed under the id of the programme table in
/// force, or of a point, is refused, and the table stays in force.
async fn kinds_never_change<B: Backend>(w: &World<B>) {
    let viewer = w.enrol(Role::Viewer, points(&[POINT_CODE])).await;
    let before = vonxa_province::db::programme_table(&w.db).await.unwrap();
    assert_eq!(before.version, 1, "the published table is in force");
    for target in [w.table, w.refs.point] {
        let user = json!({"id": target, "username": "ke-gian", "displayName": "Kẻ gian",
                          "role": "admin", "passwordHash": "x", "active": true, "lang": "vi"});
        let res = w
            .push(
                &viewer,
                vec![change(&viewer.rec, EntityKind::User, Op::Insert, user, 0)],
            )
            .await;
        assert!(
            matches!(
                res[0].code,
                Some(RejectCode::KindMismatch | RejectCode::Invalid)
            ),
            "{res:?}"
        );
    }
    let after = vonxa_province::db::programme_table(&w.db).await.unwrap();
    assert_eq!(after.version, 1, "still the published table");
    assert_eq!(
        w.db.record(w.refs.point).await.unwrap().unwrap().entity,
        "point"
    );
    // The same with a kind whose payload is valid under that id.
    let officer = w.enrol(Role::PointLeader, points(&[POINT_CODE])).await;
    let res = w
        .push(
            &officer,
            vec![change(
                &officer.rec,
                EntityKind::Household,
                Op::Insert,
                household(w.group, w.refs.village, w.refs.point, "Số 9"),
                0,
            )],
        )
        .await;
    assert_eq!(res[0].code, Some(RejectCode::KindMismatch), "{res:?}");
}

/// Every link is checked: a membership that would bring an outside household into the
/// leader's group, or a household into another point's group, is out of scope; nothing of
/// those households reaches the leader's device.
async fn every_link_in_scope<B: Backend>(w: &World<B>) {
    let leader = w
        .enrol(
            Role::GroupLeader,
            Scope::Group {
                group_id: GroupId::from(w.group),
            },
        )
        .await;
    let officer = w.enrol(Role::PointLeader, points(&[POINT_CODE])).await;
    let membership = |h: Uuid, g: Uuid| {
        json!({"id": Uuid::now_v7(), "householdId": h, "groupId": g, "joinedOn": "2024-01-01",
               "leftOn": null, "leftReason": null})
    };
    for h in [w.outsider, w.neighbour] {
        let res = w
            .push(
                &leader,
                vec![change(
                    &leader.rec,
                    EntityKind::Membership,
                    Op::Insert,
                    membership(h, w.group),
                    0,
                )],
            )
            .await;
        assert_eq!(res[0].code, Some(RejectCode::OutOfScope), "{res:?}");
    }
    let res = w
        .push(
            &officer,
            vec![change(
                &officer.rec,
                EntityKind::Membership,
                Op::Insert,
                membership(w.neighbour, w.other_group),
                0,
            )],
        )
        .await;
    assert_eq!(res[0].code, Some(RejectCode::OutOfScope), "{res:?}");
    let pulled = w.pull_all(&leader).await;
    for h in [w.outsider, w.neighbour] {
        assert!(
            !pulled.iter().any(|c| c["entityId"] == json!(h)),
            "{h} leaked"
        );
    }
    assert!(pulled.iter().any(|c| c["entityId"] == json!(w.member)));
}

/// What the province stores and serves is the validated, canonical copy; an amount past the
/// ceiling is refused and the figures still answer.
async fn validated_copy<B: Backend>(w: &World<B>) {
    let officer = w.enrol(Role::PointLeader, points(&[POINT_CODE])).await;
    let reader = w.enrol(Role::Viewer, points(&[POINT_CODE])).await;
    let p = Uuid::now_v7();
    let long = format!("  Đinh   Thị Lan{}", " ".repeat(100_000));
    let person = json!({"id": p, "householdId": w.member, "fullName": long,
        "birthDate": "1980-1-5", "sex": "female", "idNumber": null, "legacyIdNumber": null,
        "phone": null, "ethnicity": null, "relation": null, "isAdmin": true});
    let res = w
        .push(
            &officer,
            vec![change(
                &officer.rec,
                EntityKind::Person,
                Op::Insert,
                person,
                0,
            )],
        )
        .await;
    assert_eq!(res[0].outcome, Outcome::Accepted, "{res:?}");
    let served = w.pull_all(&reader).await;
    let doc = &served.iter().find(|c| c["entityId"] == json!(p)).unwrap()["payload"];
    assert_eq!(doc["fullName"], "Đinh Thị Lan");
    assert_eq!(doc["birthDate"], "1980-01-05");
    assert!(
        doc.get("isAdmin").is_none(),
        "unknown fields dropped: {doc}"
    );

    // A session opening with more cash than any real point holds.
    let huge = w.sealed_session(&officer, 9_000_000_000_000_000_000);
    let res = w.push(&officer, vec![huge]).await;
    assert_eq!(res[0].code, Some(RejectCode::Invalid), "{res:?}");
    let figures = w
        .get(
            &officer,
            &format!("/v1/figures/points/{POINT_CODE}?from=2020-01-01&to=2030-12-31"),
        )
        .await;
    assert_eq!(figures.0, 200, "{}", figures.1);
}

/// The authorisation table as a matrix: for every role, kind and operation, the refusal is
/// `append_only` or `forbidden` exactly where the table says; where a role may write, a
/// record in the device's scope is accepted and one outside it refused `out_of_scope` (the
/// kinds with self-contained fixtures). A new kind joins the matrix by joining the table.
async fn matrix<B: Backend>(w: &World<B>) {
    for role in Role::ALL {
        let dev = w.enrol(role, points(&[POINT_CODE])).await;
        // Money records carry a valid link of the device's chain, so that what refuses them
        // is the table, not a broken chain.
        let mut chain: Option<vonxa_domain::journal::ChainLink> = None;
        let mut changes = Vec::new();
        let mut expect = Vec::new();
        for kind in EntityKind::ALL {
            for op in [Op::Insert, Op::Update, Op::Delete] {
                let verdict = authz::device_may_write(role, kind, op);
                let fixture = (op == Op::Insert && verdict.is_ok())
                    .then(|| w.fixture(kind))
                    .flatten();
                match fixture {
                    Some((inside, outside)) => {
                        changes.push(change(&dev.rec, kind, op, inside, 0));
                        expect.push((kind, op, Expect::Accepted));
                        changes.push(change(&dev.rec, kind, op, outside, 0));
                        expect.push((kind, op, Expect::Code(RejectCode::OutOfScope)));
                    }
                    None => {
                        let mut payload = json!({"id": Uuid::now_v7()});
                        if kind.is_money() {
                            let l = vonxa_domain::journal::seal(chain.as_ref(), &payload);
                            payload[vonxa_domain::journal::LINK_FIELD] = json!(l);
                            chain = Some(l);
                        }
                        changes.push(change(&dev.rec, kind, op, payload, 1));
                        expect.push((
                            kind,
                            op,
                            match verdict {
                                Err(Refusal::AppendOnly) => Expect::Code(RejectCode::AppendOnly),
                                Err(Refusal::Forbidden) => Expect::Code(RejectCode::Forbidden),
                                Ok(()) => Expect::Permitted,
                            },
                        ));
                    }
                }
            }
        }
        let res = w.push(&dev, changes).await;
        assert_eq!(res.len(), expect.len());
        for (r, (kind, op, e)) in res.iter().zip(expect) {
            let ok = match e {
                Expect::Accepted => r.outcome == Outcome::Accepted,
                Expect::Code(c) => r.code == Some(c),
                Expect::Permitted => {
                    !matches!(r.code, Some(RejectCode::Forbidden | RejectCode::AppendOnly))
                }
            };
            assert!(ok, "{role:?} {kind} {op:?}: expected {e:?}, got {r:?}");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_device_gets_nothing_from_a_sqlite_province() {
    let dir = tempfile::tempdir().unwrap();
    suite(SqliteBackend::open(dir.path().join("p.db")).unwrap()).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_device_gets_nothing_from_a_postgres_province() {
    if let Some(db) = fresh_pg().await {
        suite(db).await;
    }
}
