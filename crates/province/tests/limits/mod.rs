//! Shared by the device-limit tests: a province served on loopback with given limits, devices
//! enrolled over HTTP, a loan in each of two points with checks naming photos, and the calls a
//! device makes (push, photo status, photo chunk), answered as (HTTP status, JSON body).

pub mod cases;

use crate::support::*;
use serde_json::{Value, json};
use tokio::sync::oneshot;
use uuid::Uuid;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::funduse::photo::hash_of;
use vonxa_domain::funduse::{Checker, FundCheck, Method, Outcome};
use vonxa_domain::roles::Role;
use vonxa_domain::{ChangeId, DeviceId, FundCheckId, Money};
use vonxa_protocol::{PROTOCOL_VERSION, PushChange, PushRequest, Scope};
use vonxa_province::Backend;
use vonxa_province::db::RefRecord;
use vonxa_province::funduse::disburse::{Disbursement, disburse};
use vonxa_province::limits::Limits;
use vonxa_province::ratelimit::RateLimiter;
use vonxa_province::{admin, run};

/// A province serving on 127.0.0.1 until dropped.
pub struct Server {
    pub url: String,
    stop: Option<oneshot::Sender<()>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

pub async fn serve<B: Backend>(db: &B, limits: Limits) -> Server {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (tx, rx) = oneshot::channel::<()>();
    let shutdown = async {
        let _ = rx.await;
    };
    let db = db.clone();
    tokio::spawn(async move {
        run::serve_with(db, listener, RateLimiter::unlimited(), limits, shutdown)
            .await
            .unwrap();
    });
    let url = format!("http://{addr}");
    // Serving once /health answers (the start-up sweep runs before serving).
    let health = reqwest::get(format!("{url}/health")).await.unwrap();
    assert!(health.status().is_success());
    Server {
        url,
        stop: Some(tx),
    }
}

/// A device enrolled over HTTP: its id and bearer token.
#[derive(Clone, Debug)]
pub struct Dev {
    pub id: DeviceId,
    pub token: String,
}

/// The calls a device makes, each answered as (status, body).
pub struct Api {
    pub url: String,
    http: reqwest::Client,
}

impl Api {
    pub fn new(s: &Server) -> Api {
        Api {
            url: s.url.clone(),
            http: reqwest::Client::new(),
        }
    }

    async fn answer(r: reqwest::RequestBuilder) -> (u16, Value) {
        let r = r
            .header("x-vonxa-protocol", PROTOCOL_VERSION.to_string())
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn enrol<B: Backend>(&self, db: &B, scope: Scope) -> Dev {
        let code = admin::create_enrol_code(db, scope, Role::Admin)
            .await
            .unwrap();
        let id = DeviceId(Uuid::now_v7());
        let body = json!({"code": code, "deviceId": id, "label": "máy thử"});
        let (status, r) =
            Self::answer(self.http.post(format!("{}/v1/enrol", self.url)).json(&body)).await;
        assert_eq!(status, 200, "{r}");
        Dev {
            id,
            token: r["token"].as_str().unwrap().to_owned(),
        }
    }

    pub async fn push(&self, dev: &Dev, changes: Vec<PushChange>) -> (u16, Value) {
        let req = PushRequest {
            replay: false,
            changes,
        };
        let b = self.http.post(format!("{}/v1/push", self.url));
        Self::answer(b.bearer_auth(&dev.token).json(&req)).await
    }

    pub async fn status(&self, dev: &Dev, hash: &str) -> (u16, Value) {
        let b = self.http.get(format!("{}/v1/blobs/{hash}", self.url));
        Self::answer(b.bearer_auth(&dev.token)).await
    }

    /// `bytes[from..to]` of a photo as one chunk.
    pub async fn put(&self, dev: &Dev, photo: &[u8], from: usize, to: usize) -> (u16, Value) {
        let hash = hash_of(photo);
        let b = self
            .http
            .put(format!(
                "{}/v1/blobs/{hash}?offset={from}&total={}",
                self.url,
                photo.len()
            ))
            .header("content-type", "application/octet-stream")
            .body(photo[from..to].to_vec());
        Self::answer(b.bearer_auth(&dev.token)).await
    }
}

/// A JPEG-looking photo of `n` bytes (deterministic filler after the magic number).
pub fn photo(n: usize, seed: u32) -> Vec<u8> {
    let mut x = seed.wrapping_mul(2_654_435_761) | 1;
    let mut v = vec![0xFF, 0xD8, 0xFF, 0xE0];
    while v.len() < n {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        v.push((x & 0xFF) as u8);
    }
    v
}

pub fn today() -> chrono::NaiveDate {
    chrono::Utc::now().date_naive()
}

/// Two points (support::reference), a household and a disbursed loan in each: (refs, loan of
/// the point `POINT_CODE`, loan of the other point).
pub async fn two_loans<B: Backend>(db: &B) -> (Refs, Loan, Loan) {
    let (r, mut records) = reference();
    let (ha, hb) = (Uuid::now_v7(), Uuid::now_v7());
    for (h, village, point) in [
        (ha, r.village, r.point),
        (hb, r.other_village, r.other_point),
    ] {
        records.push(RefRecord {
            entity: "household".into(),
            payload: household(h, village, point, "Thôn Gò Chè"),
        });
    }
    let res = admin::import(db, records).await.unwrap();
    assert!(res.iter().all(|x| x.server_seq.is_some()), "{res:?}");
    let mut loans = Vec::new();
    for (i, h) in [ha, hb].into_iter().enumerate() {
        let d = Disbursement {
            contract_no: format!("HN-T-{i}"),
            household: h.into(),
            borrower: None,
            programme: "HN".into(),
            amount: Money::dong(30_000_000),
            on: today() - chrono::Days::new(3),
            purpose: "Chăn nuôi bò sinh sản".into(),
            term_months: 36,
            group: None,
            organisation: None,
        };
        loans.push(disburse(db, d, today()).await.unwrap());
    }
    let b = loans.pop().unwrap();
    let a = loans.pop().unwrap();
    (r, a, b)
}

/// Push, as `dev`, a check of `loan` naming `photos`; it must be accepted.
pub async fn check_naming(api: &Api, dev: &Dev, loan: &Loan, photos: &[&[u8]]) {
    let c = FundCheck {
        id: FundCheckId(Uuid::now_v7()),
        loan_id: loan.id,
        household_id: loan.household_id,
        group_id: loan.group_id,
        checked_on: today(),
        checkers: vec![Checker {
            person_id: None,
            name: "Đinh Thị Lan".into(),
            role: "Tổ trưởng".into(),
            organisation: "Hội Phụ nữ xã Minh Long".into(),
        }],
        method: Method::HomeVisit,
        stated_purpose: loan.purpose.clone(),
        observed_use: "Đã mua 2 con bò cái".into(),
        amount_as_intended: loan.principal,
        outcome: Outcome::UsedAsIntended,
        notes: None,
        borrower_acknowledged: true,
        follow_up: None,
        photos: photos.iter().map(|p| hash_of(p)).collect(),
        supersedes: None,
        supersede_reason: None,
    };
    let change = push_change(
        dev,
        EntityKind::FundCheck,
        serde_json::to_value(&c).unwrap(),
    );
    let (status, r) = api.push(dev, vec![change]).await;
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["results"][0]["outcome"], "accepted", "{r}");
}

/// A change as `dev` would push it (insert).
pub fn push_change(dev: &Dev, entity: EntityKind, payload: Value) -> PushChange {
    PushChange {
        change_id: ChangeId(Uuid::now_v7()),
        device_seq: 1,
        device_id: dev.id,
        user_id: "u".into(),
        entity,
        entity_id: payload["id"].as_str().unwrap().parse().unwrap(),
        op: Op::Insert,
        payload,
        base_version: 0,
        device_time: chrono::Utc::now().to_rfc3339(),
    }
}
