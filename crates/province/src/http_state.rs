//! What every handler of the endpoint sees ([`AppState`]), the device behind a request's
//! bearer token ([`Device`]) and what it says of itself ([`keep_report`]); shared by the routes
//! of `crate::http` and `crate::http_funduse`.

use crate::auth::sha256_hex;
use crate::db::{Backend, DeviceRecord};
use crate::error::{ApiError, ApiResult};
use crate::ratelimit::RateLimiter;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::sync::Arc;
use uuid::Uuid;
use vonxa_protocol::ErrorCode;

/// What every handler sees.
pub struct AppState<B> {
    pub db: B,
    /// Read once at start: a restore from a backup means a restart.
    pub epoch: Uuid,
    pub limiter: RateLimiter,
    /// Per-device photo quota and byte rate, log cap (`crate::limits`).
    pub guards: Arc<crate::limits::Guards>,
    /// `serve --demo-loans`: the demo commune's loans, disbursed at the first pull that finds
    /// its members (`crate::funduse::demo_loans`); `None` for a real province.
    pub demo_loans: Option<tokio::sync::Mutex<bool>>,
    /// The console's login throttle and cookie settings.
    pub console: crate::console_state::ConsoleState,
}

pub type Shared<B> = Arc<AppState<B>>;

/// The device behind the bearer token; 401 when unknown or revoked, 429 when too eager.
pub struct Device(pub DeviceRecord);

impl<B: Backend> FromRequestParts<Shared<B>> for Device {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &Shared<B>) -> ApiResult<Device> {
        let unauthorized = || ApiError::new(ErrorCode::Unauthorized, "unknown or revoked device");
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .ok_or_else(unauthorized)?;
        let dev = state
            .db
            .device_by_token(sha256_hex(token.trim().as_bytes()))
            .await?
            .ok_or_else(unauthorized)?;
        if dev.revoked_at.is_some() {
            return Err(unauthorized());
        }
        if !state.limiter.allow(dev.id) {
            return Err(ApiError::new(
                ErrorCode::RateLimited,
                "too many requests; slow down",
            ));
        }
        Ok(Device(dev))
    }
}

/// Keep what the device said of itself (`vonxa_protocol::report`), if it said anything.
pub async fn keep_report<B: Backend>(
    s: &Shared<B>,
    dev: &DeviceRecord,
    headers: &axum::http::HeaderMap,
) -> ApiResult<()> {
    let text = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|v| vonxa_protocol::report::header_text(v.trim()))
    };
    let number = |name: &str| {
        text(name)
            .and_then(|v| v.parse::<i64>().ok())
            .filter(|n| *n >= 0)
    };
    let r = crate::db::DeviceReport {
        app_version: text(vonxa_protocol::report::APP_VERSION)
            .filter(|v| !v.is_empty() && v.len() <= 40),
        waiting: number(vonxa_protocol::report::WAITING),
        db_bytes: number(vonxa_protocol::report::DB_BYTES),
        last_error: text(vonxa_protocol::report::LAST_ERROR).filter(|v| !v.is_empty()),
    };
    if r.app_version.is_some() || r.waiting.is_some() || r.db_bytes.is_some() {
        s.db.device_report(dev.id, r).await?;
    }
    Ok(())
}
