//! The console's JSON API over real HTTP on loopback, on SQLite and PostgreSQL: every endpoint
//! for every role (allowed or 403, written out here, not derived from the code under test), a
//! change without its CSRF token refused, logins throttled, a disabled user's session ended,
//! the audit written, and the fleet scoped to the reader with what devices report of themselves.
#![allow(clippy::unwrap_used)]

mod support;

use support::console::*;

use reqwest::StatusCode;
use serde_json::{Value, json};
use vonxa_domain::roles::Role;
use vonxa_protocol::{
    EnrolRequest, EnrolResponse, PROTOCOL_VERSION, Scope, VERSION_HEADER, paths, report,
};
use vonxa_province::admin;
use vonxa_province::db::{Backend, RefRecord};

/// Two points of two offices, a device enrolled at each; the first reports of itself. Returns
/// the first device's (id, token).
async fn fleet<B: Backend>(db: &B, base: &str) -> (String, String) {
    let point = |id: &str, code: &str, office: &str| RefRecord {
        entity: "point".into(),
        payload: json!({"id": id, "code": code, "name": format!("Điểm {code}"), "officeId": office,
            "venue": "Nhà văn hóa", "sessionDay": 12}),
    };
    let res = admin::import(
        db,
        vec![
            point("0190a000-0000-7000-8000-0000000000a1", "DGD-A", OFFICE_A),
            point("0190a000-0000-7000-8000-0000000000b1", "DGD-B", OFFICE_B),
        ],
    )
    .await
    .unwrap();
    assert!(res.iter().all(|r| r.code.is_none()), "{res:?}");
    let http = reqwest::Client::new();
    let mut first = None;
    for (code, reports) in [("DGD-A", true), ("DGD-B", false)] {
        let enrol = admin::create_enrol_code(
            db,
            Scope::Points {
                codes: vec![code.into()],
            },
            Role::PointLeader,
        )
        .await
        .unwrap();
        let req = EnrolRequest {
            code: enrol,
            device_id: vonxa_domain::DeviceId(uuid::Uuid::now_v7()),
            label: format!("laptop {code}"),
        };
        let r: EnrolResponse = http
            .post(format!("{base}{}", paths::ENROL))
            .header(VERSION_HEADER, PROTOCOL_VERSION.to_string())
            .json(&req)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let mut pull = http
            .get(format!("{base}{}?after=0", paths::PULL))
            .header(VERSION_HEADER, PROTOCOL_VERSION.to_string())
            .bearer_auth(&r.token);
        if reports {
            pull = pull
                .header(report::APP_VERSION, "0.1.0")
                .header(report::WAITING, "7")
                .header(report::DB_BYTES, "5242880")
                .header(report::LAST_ERROR, "timed out");
        }
        assert_eq!(pull.send().await.unwrap().status(), StatusCode::OK);
        first.get_or_insert((req.device_id.to_string(), r.token));
    }
    first.unwrap()
}

/// The first device pushes a household with a malformed customer code: refused (`invalid`).
async fn refused_push(base: &str, device: &str, token: &str) -> String {
    let id = uuid::Uuid::now_v7().to_string();
    let body = json!({"changes": [{"changeId": uuid::Uuid::now_v7(), "deviceSeq": 1, "deviceId": device,
        "userId": "u1", "entity": "household", "entityId": id, "op": "insert", "baseVersion": 0,
        "deviceTime": "2026-12-05T08:00:00Z", "payload": {"id": id, "customerCode": "AB-12!",
        "villageId": uuid::Uuid::now_v7(), "pointId": "0190a000-0000-7000-8000-0000000000a1",
        "address": null, "headPersonId": null}}]});
    let r: Value = reqwest::Client::new()
        .post(format!("{base}{}", paths::PUSH))
        .header(VERSION_HEADER, PROTOCOL_VERSION.to_string())
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["results"][0]["code"], json!("invalid"), "{r}");
    id
}

async fn the_console_api<B: Backend>(db: B, backend: &str) {
    seed(&db).await;
    let base = start(db.clone()).await;
    let (device, token) = fleet(&db, &base).await;
    let refused = refused_push(&base, &device, &token).await;
    let roles = ["admin", "tindung", "pgd", "bandaidien", "ubnd", "hoiphunu"];
    let mut s = Vec::new();
    for r in roles {
        s.push(login(&base, r, PW).await.unwrap());
    }
    // Every endpoint × every role: the roles allowed, written out.
    let new_user = json!({"username": "moi", "displayName": "Mới", "role": "board_member",
        "scopeKind": "commune", "scopeId": "21604", "password": PW});
    let enrol = json!({"pointCodes": ["DGD-A"], "role": "point_teller"});
    let relief = json!({"code": "QĐ thử", "cut": 20000, "from": "2026-10-01", "to": "2026-12-31",
        "legalBasis": "Quyết định thử"});
    let loan = json!({"contractNo": "HN-1", "customerCode": "KH-KHONG-CO", "programme": "HN",
        "amount": 30000000, "disbursedOn": "2026-12-01", "termMonths": 36});
    let table: [(&str, &str, Option<Value>, &[&str]); 12] = [
        ("GET", "/console/api/me", None, &roles),
        ("GET", "/console/api/users", None, &["admin"]),
        ("POST", "/console/api/users", Some(new_user), &["admin"]),
        ("GET", "/console/api/audit", None, &["admin"]),
        (
            "GET",
            "/console/api/devices",
            None,
            &["admin", "tindung", "pgd"],
        ),
        ("POST", "/console/api/enrol-codes", Some(enrol), &["admin"]),
        (
            "GET",
            "/console/api/decisions",
            None,
            &["admin", "tindung", "pgd"],
        ),
        (
            "GET",
            "/console/api/rates",
            None,
            &["admin", "tindung", "pgd"],
        ),
        (
            "GET",
            "/console/api/review",
            None,
            &["admin", "tindung", "pgd"],
        ),
        (
            "POST",
            "/console/api/reliefs?preview=true",
            Some(relief),
            &["admin"],
        ),
        (
            "GET",
            "/console/api/loans/template",
            None,
            &["admin", "tindung", "pgd"],
        ),
        (
            "POST",
            "/console/api/loans",
            Some(loan),
            &["admin", "tindung", "pgd"],
        ),
    ];
    let mut wrong = Vec::new();
    for (method, path, body, allowed) in &table {
        for (i, r) in roles.iter().enumerate() {
            let (status, answer) = s[i].call(method, path, body.clone(), true).await;
            let want_ok = allowed.contains(r);
            let ok = status.is_success();
            // A second add of the same account, or a loan for a household the province does
            // not know, is a validation error, not a 403.
            let ok = ok
                || (["/console/api/users", "/console/api/loans"].contains(path)
                    && status == StatusCode::BAD_REQUEST
                    && *method == "POST");
            if ok != want_ok || (!want_ok && status != StatusCode::FORBIDDEN) {
                wrong.push(format!("{backend}: {r} {method} {path}: {status} {answer}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "authorisation matrix:\n{}",
        wrong.join("\n")
    );

    // The fleet: the office officer sees only its office's device; what it reported shows.
    let (_, all) = s[0].call("GET", "/console/api/devices", None, false).await;
    assert_eq!(all.as_array().unwrap().len(), 2, "{backend}: {all}");
    let (_, mine) = s[2].call("GET", "/console/api/devices", None, false).await;
    let mine = mine.as_array().unwrap();
    assert_eq!(mine.len(), 1, "{backend}: {mine:?}");
    assert_eq!(mine[0]["pointCodes"], json!(["DGD-A"]));
    assert_eq!(
        (
            &mine[0]["appVersion"],
            &mine[0]["waiting"],
            &mine[0]["dbBytes"],
            &mine[0]["lastError"]
        ),
        (
            &json!("0.1.0"),
            &json!(7),
            &json!(5_242_880),
            &json!("timed out")
        ),
        "{backend}"
    );
    assert_eq!(mine[0]["silentDays"], json!(0));

    // The refused change, with its field and the rule's message, for the office that holds
    // the device.
    let (_, review) = s[2].call("GET", "/console/api/review", None, false).await;
    let line = &review["changes"][0];
    assert_eq!(
        (
            &line["entityId"],
            &line["code"],
            &line["field"],
            &line["pointCodes"]
        ),
        (
            &json!(refused),
            &json!("invalid"),
            &json!("customerCode"),
            &json!(["DGD-A"])
        ),
        "{backend}: {review}"
    );
    assert_eq!(line["messageVi"], json!("Sai định dạng"));

    // A change without its CSRF token is refused (and nothing happens).
    let (status, body) = s[0]
        .call("POST", "/console/api/users", Some(json!({})), false)
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (StatusCode::FORBIDDEN, Some("csrf")),
        "{backend}"
    );

    // Disabling a user ends their session at once.
    let (_, users) = s[0].call("GET", "/console/api/users", None, false).await;
    let board = users
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["username"] == "bandaidien")
        .unwrap();
    let path = format!(
        "/console/api/users/{}/disable",
        board["id"].as_str().unwrap()
    );
    let (status, _) = s[0].call("POST", &path, None, true).await;
    assert_eq!(status, StatusCode::OK, "{backend}");
    let (status, _) = s[3].call("GET", "/console/api/me", None, false).await;
    assert_eq!(
        status,
        StatusCode::UNAUTHORIZED,
        "{backend}: the disabled user's session"
    );
    assert_eq!(
        login(&base, "bandaidien", PW).await.err().map(|e| e.0),
        Some(StatusCode::UNAUTHORIZED)
    );

    // Five wrong passwords lock the name from this address; even the right one then waits.
    for _ in 0..5 {
        let e = login(&base, "ubnd", "sai-mat-khau").await.err().unwrap();
        assert_eq!(e.0, StatusCode::UNAUTHORIZED, "{backend}");
    }
    let e = login(&base, "ubnd", PW).await.err().unwrap();
    assert_eq!(
        (e.0, e.1["error"].as_str()),
        (StatusCode::TOO_MANY_REQUESTS, Some("throttled")),
        "{backend}"
    );

    // The audit holds all of it: who, what, from where.
    let (_, audit) = s[0]
        .call("GET", "/console/api/audit?limit=500", None, false)
        .await;
    let lines: Vec<String> = audit
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            format!(
                "{} {} {} {}",
                a["username"], a["action"], a["ok"], a["from"]
            )
        })
        .collect();
    for want in [
        "\"admin\" \"disable user\" true \"127.0.0.1\"",
        "\"ubnd\" \"login\" false \"127.0.0.1\"",
        "\"pgd\" \"users\" false \"127.0.0.1\"",
        "\"admin\" \"add user\" true \"127.0.0.1\"",
    ] {
        assert!(
            lines.iter().any(|l| l == want),
            "{backend}: no {want} in {lines:#?}"
        );
    }
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a["detail"] == "csrf"),
        "{backend}: the CSRF refusal is audited"
    );

    // Changing one's password: the current one first.
    let (status, body) = s[1]
        .call(
            "POST",
            "/console/api/password",
            Some(json!({"current": "sai", "new": "mat-khau-moi-dai"})),
            true,
        )
        .await;
    assert_eq!(
        (status, body["field"].as_str()),
        (StatusCode::BAD_REQUEST, Some("current"))
    );
    let (status, _) = s[1]
        .call(
            "POST",
            "/console/api/password",
            Some(json!({"current": PW, "new": "mat-khau-moi-dai"})),
            true,
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT, "{backend}");
    assert!(login(&base, "tindung", "mat-khau-moi-dai").await.is_ok());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_api_on_sqlite() {
    let tmp = tempfile::tempdir().unwrap();
    let db = vonxa_province::db::sqlite::SqliteBackend::open(tmp.path().join("p.db")).unwrap();
    the_console_api(db, "sqlite").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_console_api_on_postgres() {
    if let Some(db) = support::fresh_pg().await {
        the_console_api(db, "postgres").await;
    }
}
