//! The world of the hostile-device suite: a province serving on loopback with two points, a
//! group in each, a member household, a neighbour outside any group and an outsider at the
//! other point; devices enrolled over HTTP; the requests a modified app could send.
#![allow(dead_code)]

use crate::support::*;
use serde_json::{Value, json};
use uuid::Uuid;
use vonxa_domain::DeviceId;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::journal::{self, LINK_FIELD};
use vonxa_domain::roles::Role;
use vonxa_protocol::{PROTOCOL_VERSION, PushChange, PushResult, Scope, VERSION_HEADER};
use vonxa_province::Backend;
use vonxa_province::db::{DeviceRecord, RefRecord};
use vonxa_province::ratelimit::RateLimiter;
use vonxa_province::{admin, run};

#[derive(Clone, Copy, Debug)]
pub enum Expect {
    Accepted,
    Code(vonxa_protocol::RejectCode),
    /// Neither `forbidden` nor `append_only`: the table lets the role write it.
    Permitted,
}

/// A device enrolled over HTTP.
pub struct Dev {
    pub id: DeviceId,
    pub token: String,
    pub rec: DeviceRecord,
}

pub struct World<B: Backend> {
    pub db: B,
    pub url: String,
    pub http: reqwest::Client,
    pub refs: Refs,
    pub org: Uuid,
    pub group: Uuid,
    pub other_group: Uuid,
    pub member: Uuid,
    pub neighbour: Uuid,
    pub outsider: Uuid,
    pub table: Uuid,
}

fn rec(entity: &str, payload: Value) -> RefRecord {
    RefRecord {
        entity: entity.into(),
        payload,
    }
}

fn group(id: Uuid, org: Uuid, village: Uuid, point: Uuid) -> Value {
    json!({"id": id, "code": "T01", "name": "Tổ 1", "organisationId": org, "villageId": village,
           "pointId": point, "foundedOn": "2020-01-01", "status": "active"})
}

pub fn person(id: Uuid, household: Uuid) -> Value {
    json!({"id": id, "householdId": household, "fullName": "Đinh Thị Lan",
           "birthDate": "1980-01-01", "sex": "female", "idNumber": null, "legacyIdNumber": null,
           "phone": null, "ethnicity": null, "relation": null})
}

impl<B: Backend> World<B> {
    pub async fn new(db: B) -> World<B> {
        let (refs, mut records) = reference();
        let (org, group_id, other_group) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let (member, neighbour, outsider) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        let table = Uuid::now_v7();
        let mut published = vonxa_domain::credit::table::ProgrammeTable::builtin();
        published.id = vonxa_domain::ProgrammeTableId(table);
        published.version = 1;
        records.extend([
            rec(
                "organisation",
                json!({"id": org, "kind": "women", "communeCode": "21361",
                       "name": "Hội Phụ nữ xã"}),
            ),
            rec("group", group(group_id, org, refs.village, refs.point)),
            rec(
                "group",
                group(other_group, org, refs.other_village, refs.other_point),
            ),
            rec(
                "household",
                household(member, refs.village, refs.point, "Số 1"),
            ),
            rec(
                "household",
                household(neighbour, refs.village, refs.point, "Số 2"),
            ),
            rec(
                "household",
                household(outsider, refs.other_village, refs.other_point, "Số 3"),
            ),
            rec(
                "membership",
                json!({"id": Uuid::now_v7(), "householdId": member, "groupId": group_id,
                       "joinedOn": "2024-01-01", "leftOn": null, "leftReason": null}),
            ),
            rec("programme_table", serde_json::to_value(&published).unwrap()),
        ]);
        let res = admin::import(&db, records).await.unwrap();
        assert!(
            res.iter()
                .all(|r| r.outcome == vonxa_protocol::Outcome::Accepted),
            "{res:?}"
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(run::serve(
            db.clone(),
            listener,
            RateLimiter::unlimited(),
            std::future::pending(),
        ));
        World {
            db,
            url,
            http: reqwest::Client::new(),
            refs,
            org,
            group: group_id,
            other_group,
            member,
            neighbour,
            outsider,
            table,
        }
    }

    fn req(&self, m: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.http
            .request(m, format!("{}{path}", self.url))
            .header(VERSION_HEADER, PROTOCOL_VERSION.to_string())
    }

    pub async fn code(&self, role: Role, scope: Scope) -> String {
        admin::create_enrol_code(&self.db, scope, role)
            .await
            .unwrap()
    }

    /// Enrol `device` with `code`: the status and the body.
    pub async fn try_enrol(&self, code: &str, device: DeviceId) -> (u16, Value) {
        let r = self
            .req(reqwest::Method::POST, "/v1/enrol")
            .json(&json!({"code": code, "deviceId": device, "label": "máy thử"}))
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.json().await.unwrap())
    }

    /// A new device enrolled with `role` and `scope`.
    pub async fn enrol(&self, role: Role, scope: Scope) -> Dev {
        let code = self.code(role, scope.clone()).await;
        let id = DeviceId(Uuid::now_v7());
        let (status, body) = self.try_enrol(&code, id).await;
        assert_eq!(status, 200, "{body}");
        let mut rec = device(role, scope);
        rec.id = id;
        Dev {
            id,
            token: body["token"].as_str().unwrap().to_owned(),
            rec,
        }
    }

    pub async fn get(&self, dev: &Dev, path: &str) -> (u16, String) {
        let r = self
            .req(reqwest::Method::GET, path)
            .bearer_auth(&dev.token)
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn status(&self, dev: &Dev) -> Value {
        let (status, body) = self.get(dev, "/v1/status").await;
        assert_eq!(status, 200, "{body}");
        serde_json::from_str(&body).unwrap()
    }

    pub async fn push(&self, dev: &Dev, changes: Vec<PushChange>) -> Vec<PushResult> {
        let r = self
            .req(reqwest::Method::POST, "/v1/push")
            .bearer_auth(&dev.token)
            .json(&json!({"replay": false, "changes": changes}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 200);
        let body: vonxa_protocol::PushResponse = r.json().await.unwrap();
        body.results
    }

    /// Every change the device is served, from the start.
    pub async fn pull_all(&self, dev: &Dev) -> Vec<Value> {
        let (mut after, mut out) = (0i64, Vec::new());
        loop {
            let (status, body) = self
                .get(dev, &format!("/v1/pull?after={after}&limit=5000"))
                .await;
            assert_eq!(status, 200, "{body}");
            let page: Value = serde_json::from_str(&body).unwrap();
            out.extend(page["changes"].as_array().unwrap().iter().cloned());
            after = page["next"].as_i64().unwrap();
            if !page["more"].as_bool().unwrap() {
                return out;
            }
        }
    }

    /// A cash session opening with `cash` đồng, sealed into the device's chain as its first
    /// link (a modified app can seal anything).
    pub fn sealed_session(&self, dev: &Dev, cash: i64) -> PushChange {
        let mut doc = json!({"id": Uuid::now_v7(), "pointId": self.refs.point,
            "heldOn": chrono::Utc::now().date_naive(), "leader": "Đinh Văn Tèo",
            "controller": "Hồ Thị Lan", "teller": "Lê Thị Thu", "openingCash": cash,
            "link": null});
        let link = journal::seal(None, &doc);
        doc[LINK_FIELD] = serde_json::to_value(&link).unwrap();
        change(
            &dev.rec,
            EntityKind::CashSession,
            vonxa_domain::entity::Op::Insert,
            doc,
            0,
        )
    }

    /// A new record of `kind` inside a points device's scope and one outside it, for the
    /// kinds whose records stand on the world's reference data alone.
    pub fn fixture(&self, kind: EntityKind) -> Option<(Value, Value)> {
        let (r, id) = (&self.refs, Uuid::now_v7);
        let status = |h: Uuid| {
            json!({"id": Uuid::now_v7(), "householdId": h, "category": "poor",
                   "validFrom": "2025-01-01", "escapedOn": null, "listYear": 2025,
                   "decisionRef": "QĐ 12/QĐ-UBND"})
        };
        let village = |p: Uuid| {
            json!({"id": Uuid::now_v7(), "name": "Thôn Mới", "kind": "thon",
                   "communeCode": "21361", "pointId": p})
        };
        // A household is in one group at a time: each fixture is its own past stint, in a
        // year of its own, so the matrix's roles never overlap each other.
        let membership = |h: Uuid| {
            static YEAR: std::sync::atomic::AtomicI32 = std::sync::atomic::AtomicI32::new(1990);
            let y = YEAR.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            json!({"id": Uuid::now_v7(), "householdId": h, "groupId": self.group,
                   "joinedOn": format!("{y}-01-01"), "leftOn": format!("{y}-06-01"),
                   "leftReason": "Chuyển đi nơi khác"})
        };
        Some(match kind {
            EntityKind::Village => (village(r.point), village(r.other_point)),
            EntityKind::Household => (
                household(id(), r.village, r.point, "Số 5"),
                household(id(), r.other_village, r.other_point, "Số 6"),
            ),
            EntityKind::Person => (person(id(), self.member), person(id(), self.outsider)),
            EntityKind::PovertyStatus => (status(self.member), status(self.outsider)),
            EntityKind::Membership => (membership(self.neighbour), membership(self.outsider)),
            _ => return None,
        })
    }
}
