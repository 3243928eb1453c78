//! The province's console in the browser: its JSON API under `/console/api` (people and
//! access in `account`, the fleet in `fleet`), the page itself at `/` from files embedded in
//! the binary (`assets`), and the audit of every console action. Who may do what is
//! `vonxa_domain::console`; this module asks it and answers.

pub mod account;
pub mod assets;
pub mod auth;
pub mod cli;
pub mod decisions;
pub mod fleet;
mod loan_file;
pub mod loans;
pub mod openapi;
pub mod rates;
pub mod reliefs;
pub mod review;

use crate::db::{AuditRow, Backend, DbError};
use crate::http_state::Shared;
use auth::Console;
use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use vonxa_domain::{Code, DomainError};

pub use crate::console_state::ConsoleState;

/// The console's routes (merged into the endpoint's router).
pub fn routes<B: Backend>() -> axum::Router<Shared<B>> {
    axum::Router::new()
        .route("/console/api/login", post(account::login::<B>))
        .route("/console/api/logout", post(account::logout::<B>))
        .route("/console/api/me", get(account::me::<B>))
        .route("/console/api/password", post(account::password::<B>))
        .route(
            "/console/api/users",
            get(account::users::<B>).post(account::add_user::<B>),
        )
        .route(
            "/console/api/users/{id}/disable",
            post(account::disable::<B>),
        )
        .route("/console/api/audit", get(account::audit_log::<B>))
        .route("/console/api/devices", get(fleet::devices::<B>))
        .route("/console/api/devices/{id}/revoke", post(fleet::revoke::<B>))
        .route("/console/api/enrol-codes", post(fleet::enrol::<B>))
        .route("/console/api/groups", get(fleet::groups::<B>))
        .route("/console/api/decisions", get(decisions::queue::<B>))
        .route("/console/api/review", get(review::review::<B>))
        .route(
            "/console/api/rates",
            get(rates::rates::<B>).post(rates::publish::<B>),
        )
        .route(
            "/console/api/decisions/{id}",
            post(decisions::decide_line::<B>),
        )
        .route("/console/api/reliefs", post(reliefs::publish::<B>))
        .route("/console/api/loans", post(loans::disburse_one::<B>))
        .route("/console/api/loans/import", post(loans::import::<B>))
        .route("/console/api/loans/template", get(loans::template::<B>))
        .route("/", get(assets::index))
        .route("/icon.png", get(assets::icon))
        .route("/assets/{*file}", get(assets::file))
}

/// Now, as the console stores times (RFC 3339, UTC).
pub fn now() -> String {
    chrono::Utc::now().to_rfc3339()
}

/// Why a console request is refused. The answer is `{error, field?, message}`, the message in
/// the language the browser asked for (`Accept-Language`: Vietnamese unless it says English).
#[derive(Debug, thiserror::Error)]
pub enum ConsoleError {
    #[error("not logged in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("wrong username or password")]
    BadCredentials,
    #[error("too many failed logins")]
    Throttled,
    #[error("not found")]
    NotFound,
    #[error("{field}: {code:?}")]
    Invalid { field: String, code: Code },
    #[error(transparent)]
    Db(#[from] DbError),
    #[error("{0}")]
    Internal(String),
}

impl From<DomainError> for ConsoleError {
    fn from(e: DomainError) -> ConsoleError {
        ConsoleError::Invalid {
            field: e.field().unwrap_or("payload").to_owned(),
            code: e.code(),
        }
    }
}

#[derive(Serialize)]
struct ErrorBody<'a> {
    error: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    field: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<Code>,
    message: String,
}

impl IntoResponse for ConsoleError {
    fn into_response(self) -> Response {
        let (status, error, field, message) = match &self {
            ConsoleError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                None,
                "Chưa đăng nhập hoặc phiên đã hết hạn",
            ),
            ConsoleError::Forbidden => (
                StatusCode::FORBIDDEN,
                "forbidden",
                None,
                "Không có quyền truy cập",
            ),
            ConsoleError::Csrf => (
                StatusCode::FORBIDDEN,
                "csrf",
                None,
                "Thiếu mã chống giả mạo (CSRF): tải lại trang",
            ),
            ConsoleError::BadCredentials => (
                StatusCode::UNAUTHORIZED,
                "bad_credentials",
                None,
                "Sai tên đăng nhập hoặc mật khẩu",
            ),
            ConsoleError::Throttled => (
                StatusCode::TOO_MANY_REQUESTS,
                "throttled",
                None,
                "Đăng nhập sai quá nhiều lần: thử lại sau 15 phút",
            ),
            ConsoleError::NotFound => (StatusCode::NOT_FOUND, "not_found", None, "Không tìm thấy"),
            ConsoleError::Invalid { field, code } => (
                StatusCode::BAD_REQUEST,
                "validation",
                Some(field.as_str()),
                code.message_vi(),
            ),
            ConsoleError::Db(e) => {
                tracing::error!(error = %e, "console: database");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    None,
                    "Lỗi máy chủ",
                )
            }
            ConsoleError::Internal(e) => {
                tracing::error!(error = %e, "console");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    "internal",
                    None,
                    "Lỗi máy chủ",
                )
            }
        };
        let code = match &self {
            ConsoleError::Invalid { code, .. } => Some(*code),
            _ => None,
        };
        let body = ErrorBody {
            error,
            field,
            code,
            message: message.to_owned(),
        };
        (status, Json(body)).into_response()
    }
}

/// Rewrite a refusal's message in English when the browser asked for it.
pub async fn english_errors(headers: HeaderMap, res: Response) -> Response {
    let wants_en = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().starts_with("en"));
    if !wants_en || res.status().is_success() {
        return res;
    }
    let (parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (parts.status, "").into_response();
    };
    let mut v: serde_json::Value = match serde_json::from_slice(&bytes) {
        Ok(v) => v,
        Err(_) => return Response::from_parts(parts, axum::body::Body::from(bytes)),
    };
    let code = v
        .get("code")
        .and_then(|c| serde_json::from_value::<Code>(c.clone()).ok());
    let en = match code {
        Some(c) => Some(c.message_en()),
        None => v.get("error").and_then(|e| e.as_str()).and_then(english),
    };
    if let Some(en) = en {
        v["message"] = serde_json::Value::String(en.to_owned());
    }
    (parts.status, Json(v)).into_response()
}

fn english(error: &str) -> Option<&'static str> {
    Some(match error {
        "unauthorized" => "Not logged in, or the session has ended",
        "forbidden" => "Not allowed",
        "csrf" => "Missing anti-forgery (CSRF) token: reload the page",
        "bad_credentials" => "Wrong username or password",
        "throttled" => "Too many failed logins: try again in 15 minutes",
        "not_found" => "Not found",
        "internal" => "Server error",
        _ => return None,
    })
}

/// Append one line to the console's audit (a failure to write it is logged, not fatal to the
/// answer: the action itself already happened or was refused).
pub async fn audit<B: Backend>(
    state: &Shared<B>,
    who: Option<&Console>,
    action: &str,
    target: Option<String>,
    ok: bool,
    detail: Option<&str>,
) {
    let row = AuditRow {
        seq: 0,
        at: now(),
        user_id: who.map(|c| c.user.id.clone()),
        username: who.map(|c| c.user.username.clone()),
        action: action.to_owned(),
        target,
        from: who.map_or_else(|| "unknown".to_owned(), |c| c.from.clone()),
        ok,
        detail: detail.map(str::to_owned),
    };
    if let Err(e) = state.db.append_audit(row).await {
        tracing::error!(error = %e, action, "console: audit not written");
    }
}
