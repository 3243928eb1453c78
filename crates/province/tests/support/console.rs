//! The console's API as a browser uses it: a server on loopback, an account per role, and a
//! logged-in session (cookie and CSRF token).

use reqwest::StatusCode;
use serde_json::{Value, json};
use tokio::net::TcpListener;
use vonxa_province::console::account::{NewUser, create};
use vonxa_province::db::Backend;
use vonxa_province::ratelimit::RateLimiter;
use vonxa_province::run;

pub const PW: &str = "mat-khau-bang-dieu-khien";
pub const OFFICE_A: &str = "0190a000-0000-7000-8000-00000000000a";
pub const OFFICE_B: &str = "0190a000-0000-7000-8000-00000000000b";

pub async fn start<B: Backend>(db: B) -> String {
    let tcp = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", tcp.local_addr().unwrap());
    let never = std::future::pending::<()>();
    tokio::spawn(run::serve(db, tcp, RateLimiter::unlimited(), never));
    url
}

/// One account per role (the office officer for office A, the commune ones for 21601).
pub async fn seed<B: Backend>(db: &B) {
    for (name, role, kind, id) in [
        ("admin", "admin", "province", None),
        ("tindung", "credit_officer", "province", None),
        ("pgd", "office_officer", "office", Some(OFFICE_A)),
        ("bandaidien", "board_member", "commune", Some("21601")),
        ("ubnd", "committee_member", "commune", Some("21601")),
        ("hoiphunu", "org_reader", "organisation", Some("hpn")),
    ] {
        create(
            db,
            NewUser {
                username: name.into(),
                display_name: format!("Người dùng {name}"),
                role: role.into(),
                scope_kind: kind.into(),
                scope_id: id.map(str::to_owned),
                password: PW.into(),
            },
        )
        .await
        .unwrap();
    }
}

/// A logged-in browser: its cookie and CSRF token.
pub struct Session {
    pub base: String,
    pub cookie: String,
    pub csrf: String,
    pub http: reqwest::Client,
}

pub async fn login(base: &str, user: &str, password: &str) -> Result<Session, (StatusCode, Value)> {
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{base}/console/api/login"))
        .json(&json!({"username": user, "password": password}))
        .send()
        .await
        .unwrap();
    let status = r.status();
    let cookie = r
        .headers()
        .get("set-cookie")
        .map(|v| v.to_str().unwrap().to_owned());
    let body: Value = r.json().await.unwrap_or(Value::Null);
    if status != StatusCode::OK {
        return Err((status, body));
    }
    let cookie = cookie.unwrap();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"),
        "{cookie}"
    );
    Ok(Session {
        base: base.to_owned(),
        cookie: cookie.split(';').next().unwrap().to_owned(),
        csrf: body["csrf"].as_str().unwrap().to_owned(),
        http,
    })
}

impl Session {
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        body: Option<Value>,
        csrf: bool,
    ) -> (StatusCode, Value) {
        let url = format!("{}{path}", self.base);
        let mut rb = match method {
            "GET" => self.http.get(url),
            _ => self.http.post(url),
        }
        .header("cookie", &self.cookie);
        if csrf {
            rb = rb.header("x-csrf-token", &self.csrf);
        }
        if let Some(b) = body {
            rb = rb.json(&b);
        }
        let r = rb.send().await.unwrap();
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }
}
