//! The province's console as a browser uses it, for the sync tests: accounts made at the
//! province, a logged-in session (cookie and CSRF token) and its calls.

use reqwest::StatusCode;
use serde_json::{Value, json};
use vonxa_province::console::account::{NewUser, create};
use vonxa_province::db::Backend;

pub const CONSOLE_PW: &str = "mat-khau-bang-dieu-khien";

/// Make a console account at the province.
pub async fn add_user<B: Backend>(db: &B, name: &str, role: &str, kind: &str, id: Option<&str>) {
    create(
        db,
        NewUser {
            username: name.into(),
            display_name: name.into(),
            role: role.into(),
            scope_kind: kind.into(),
            scope_id: id.map(str::to_owned),
            password: CONSOLE_PW.into(),
        },
    )
    .await
    .expect("a console account");
}

/// A logged-in console session.
pub struct Session {
    pub url: String,
    pub cookie: String,
    pub csrf: String,
    pub http: reqwest::Client,
}

impl Session {
    pub async fn login(url: &str, user: &str) -> Session {
        let http = reqwest::Client::new();
        let r = http
            .post(format!("{url}/console/api/login"))
            .json(&json!({"username": user, "password": CONSOLE_PW}))
            .send()
            .await
            .expect("login");
        assert_eq!(r.status(), StatusCode::OK, "login of {user}");
        let cookie = r.headers()["set-cookie"].to_str().expect("cookie");
        let cookie = cookie.split(';').next().unwrap_or_default().to_owned();
        let body: Value = r.json().await.expect("login body");
        Session {
            url: url.to_owned(),
            cookie,
            csrf: body["csrf"].as_str().unwrap_or_default().to_owned(),
            http,
        }
    }

    pub async fn get(&self, path: &str) -> (StatusCode, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.url))
            .header("cookie", &self.cookie)
            .send()
            .await
            .expect("GET");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, body: &Value) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.url))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .json(body)
            .send()
            .await
            .expect("POST");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }

    /// POST a file's bytes.
    pub async fn upload(&self, path: &str, bytes: Vec<u8>) -> (StatusCode, Value) {
        let r = self
            .http
            .post(format!("{}{path}", self.url))
            .header("cookie", &self.cookie)
            .header("x-csrf-token", &self.csrf)
            .header(
                "content-type",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            .body(bytes)
            .send()
            .await
            .expect("upload");
        (r.status(), r.json().await.unwrap_or(Value::Null))
    }
}
