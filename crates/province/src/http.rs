//! The HTTP API, generic over the storage backend (monomorphised, no `dyn`).

use crate::auth::{code_hash, new_token, sha256_hex};
use crate::db::{Backend, DeviceRecord, Redeem, Redeemed};
use crate::error::{ApiError, ApiResult, json_errors, rejection};
use crate::ingest::Prepared;
use crate::ratelimit::RateLimiter;
use crate::serve::Limits;
use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use std::sync::Arc;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::decompression::RequestDecompressionLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};
use tower_http::trace::TraceLayer;
use uuid::Uuid;
use vonxa_protocol::*;

pub use crate::http_state::{AppState, Device, Shared};

/// The router of the provincial endpoint, with the default limits.
pub async fn router<B: Backend>(db: B, limiter: RateLimiter) -> Result<Router, crate::db::DbError> {
    router_with(db, limiter, Limits::default(), Arc::default(), false, false).await
}

/// The router of the provincial endpoint. Layers, from the outside in: trace, compression,
/// [`json_errors`] (every error answer is `{code, message}`), a panic becomes a 500 (not a
/// connection dropped without an answer), the whole-request timeout, the body
/// timeout (the longest pause between body bytes), gzip decompression, the body size limit
/// (checked on the decompressed bytes).
pub async fn router_with<B: Backend>(
    db: B,
    limiter: RateLimiter,
    limits: Limits,
    guards: Arc<crate::limits::Guards>,
    demo_loans: bool,
    secure_cookies: bool,
) -> Result<Router, crate::db::DbError> {
    let epoch = db.epoch().await?;
    let state = Arc::new(AppState {
        db,
        epoch,
        limiter,
        guards,
        demo_loans: demo_loans.then(|| tokio::sync::Mutex::new(false)),
        console: crate::console::ConsoleState {
            secure_cookies,
            ..Default::default()
        },
    });
    let console = crate::console::routes::<B>().layer(middleware::from_fn(
        |req: Request, next: Next| async move {
            let headers = req.headers().clone();
            crate::console::english_errors(headers, next.run(req).await).await
        },
    ));
    let api = Router::new()
        .route(paths::ENROL, post(enrol::<B>))
        .route(paths::PUSH, post(push::<B>))
        .route(paths::PULL, get(pull::<B>))
        .route(paths::STATUS, get(status::<B>))
        .merge(crate::http_funduse::routes::<B>())
        .route(paths::FIGURES_GROUP, get(group_figures::<B>))
        .route(paths::FIGURES_POINT, get(point_figures::<B>))
        .route(paths::ALERTS, get(alerts::<B>))
        .layer(middleware::from_fn(require_version));
    Ok(Router::new()
        .route(paths::HEALTH, get(health::<B>))
        .route(paths::OPENAPI, get(openapi))
        .merge(api)
        .merge(console)
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .layer(RequestDecompressionLayer::new())
        .layer(RequestBodyTimeoutLayer::new(limits.body_timeout))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request_timeout,
        ))
        .layer(CatchPanicLayer::new())
        .layer(middleware::map_response(json_errors))
        .layer(CompressionLayer::new())
        .layer(TraceLayer::new_for_http())
        .with_state(state))
}

async fn not_found() -> ApiError {
    ApiError::new(ErrorCode::NotFound, "no such path")
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "this path does not take that method",
    )
}

async fn require_version(req: Request, next: Next) -> Response {
    let ok = req
        .headers()
        .get(VERSION_HEADER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u32>().ok())
        == Some(PROTOCOL_VERSION);
    if ok {
        next.run(req).await
    } else {
        ApiError::new(
            ErrorCode::UnsupportedVersion,
            format!(
                "this province speaks protocol {PROTOCOL_VERSION}; send {VERSION_HEADER}: {PROTOCOL_VERSION} (please update the app)"
            ),
        )
        .into_response()
    }
}

pub(crate) fn bad_json(e: JsonRejection) -> ApiError {
    rejection(e.status(), e.body_text(), &e)
}

async fn health<B: Backend>(State(s): State<Shared<B>>) -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        protocol: PROTOCOL_VERSION,
        backend: s.db.name().into(),
    })
}

async fn openapi() -> Json<serde_json::Value> {
    Json(crate::openapi::document())
}

#[tracing::instrument(skip_all)]
async fn enrol<B: Backend>(
    State(s): State<Shared<B>>,
    body: Result<Json<EnrolRequest>, JsonRejection>,
) -> ApiResult<Json<EnrolResponse>> {
    let Json(req) = body.map_err(bad_json)?;
    let token = new_token();
    let label: String = req.label.chars().take(80).collect();
    let redeemed =
        s.db.redeem(Redeem {
            code_hash: code_hash(&req.code),
            device: req.device_id,
            token_hash: sha256_hex(token.as_bytes()),
            label,
            now: chrono::Utc::now(),
        })
        .await?;
    let dev = match redeemed {
        Redeemed::Enrolled(dev) => dev,
        Redeemed::BadCode => {
            return Err(ApiError::new(
                ErrorCode::InvalidCode,
                "the code is unknown, used or expired",
            ));
        }
        Redeemed::KnownDevice => {
            return Err(ApiError::new(
                ErrorCode::DeviceKnown,
                "this device id is already known to the province (enrolled, revoked or reserved); \
                 a device is enrolled once: a new device database enrols as a new device",
            ));
        }
    };
    tracing::info!(device = %dev.id, label = %dev.label, "device enrolled");
    Ok(Json(EnrolResponse {
        device_id: dev.id,
        token,
        scope: dev.scope,
        role: dev.role,
        epoch: s.epoch,
    }))
}

#[tracing::instrument(skip_all, fields(device = %dev.id, changes = tracing::field::Empty, refused = tracing::field::Empty))]
async fn push<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
    headers: axum::http::HeaderMap,
    body: Result<Json<PushRequest>, JsonRejection>,
) -> ApiResult<Json<PushResponse>> {
    let Json(req) = body.map_err(bad_json)?;
    crate::http_state::keep_report(&s, &dev, &headers).await?;
    if req.changes.len() > PUSH_MAX_ENTRIES {
        return Err(ApiError::new(
            ErrorCode::TooLarge,
            format!("at most {PUSH_MAX_ENTRIES} changes per page"),
        ));
    }
    let now = chrono::Utc::now();
    let id = dev.id;
    let n = req.changes.len();
    let table = if req
        .changes
        .iter()
        .any(|c| crate::check::needs_programme_table(c.entity))
    {
        crate::db::programme_table(&s.db).await?
    } else {
        vonxa_domain::credit::table::ProgrammeTable::builtin()
    };
    let docs = crate::db::docs_for(&s.db, &req.changes).await?;
    let page = tokio::task::spawn_blocking(move || {
        Prepared::with_docs(dev, req, now, false, &table, &docs)
    })
    .await
    .map_err(|e| ApiError::from(crate::db::DbError::Join(e.to_string())))?;
    let results = s.db.ingest(page).await?;
    // Every refusal is in the changes table (the audit log) except two that are not stored:
    // `id_reused` (the first body stays the record) and the retryable `unknown_parent`.
    // Their log lines are capped per device (`crate::logcap`).
    for r in &results {
        match r.code {
            Some(RejectCode::IdReused) if s.guards.log.allow(id) => {
                tracing::warn!(device = %id, change = %r.change_id, "change id reused with another body")
            }
            Some(RejectCode::UnknownParent) if s.guards.log.allow(id) => {
                tracing::info!(device = %id, change = %r.change_id, "parent not yet known")
            }
            _ => {}
        }
    }
    let span = tracing::Span::current();
    span.record("changes", n);
    span.record(
        "refused",
        results.iter().filter(|r| r.code.is_some()).count(),
    );
    tracing::debug!("push ingested");
    Ok(Json(PushResponse {
        epoch: s.epoch,
        results,
    }))
}

#[tracing::instrument(skip_all, fields(device = %dev.id, changes = tracing::field::Empty))]
async fn pull<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
    headers: axum::http::HeaderMap,
    q: Result<Query<PullQuery>, QueryRejection>,
) -> ApiResult<Json<PullResponse>> {
    let Query(q) = q.map_err(bad_query)?;
    crate::http_state::keep_report(&s, &dev, &headers).await?;
    if let Some(done) = &s.demo_loans {
        let today = chrono::Local::now().date_naive();
        crate::funduse::demo_loans::once(&s.db, done, today).await;
    }
    let limit = q
        .limit
        .unwrap_or(PULL_DEFAULT_LIMIT)
        .clamp(1, PULL_MAX_LIMIT);
    let page = crate::pull::page(&s.db, dev.scope.clone(), dev.id, q.after, limit).await?;
    s.db.touch(dev.id, chrono::Utc::now(), !page.more).await?;
    tracing::Span::current().record("changes", page.changes.len());
    Ok(Json(PullResponse {
        epoch: s.epoch,
        changes: page.changes,
        next: page.next,
        more: page.more,
    }))
}

#[tracing::instrument(skip_all, fields(device = %dev.id))]
async fn status<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
) -> ApiResult<Json<StatusResponse>> {
    Ok(Json(StatusResponse {
        epoch: s.epoch,
        device_id: dev.id,
        scope: dev.scope,
        role: dev.role,
        head: s.db.head().await?,
    }))
}

fn forbidden() -> ApiError {
    ApiError::new(ErrorCode::Forbidden, "outside this device's scope")
}

fn bad_query(e: QueryRejection) -> ApiError {
    rejection(e.status(), e.body_text(), &e)
}

fn day(s: &str) -> ApiResult<chrono::NaiveDate> {
    s.parse().map_err(|_| {
        ApiError::new(
            ErrorCode::BadRequest,
            format!("not a date (YYYY-MM-DD): {s}"),
        )
    })
}

/// The code of the point a group belongs to, if the province knows the group.
async fn group_point<B: Backend>(db: &B, group: Uuid) -> ApiResult<Option<String>> {
    let Some(g) = db.record(group).await?.filter(|r| r.entity == "group") else {
        return Ok(None);
    };
    let point = g.payload["pointId"]
        .as_str()
        .and_then(|p| p.parse::<Uuid>().ok());
    let Some(point) = point else {
        return Ok(None);
    };
    Ok(db
        .record(point)
        .await?
        .and_then(|p| p.payload["code"].as_str().map(str::to_owned)))
}

#[tracing::instrument(skip_all, fields(device = %dev.id, %group))]
async fn group_figures<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
    Path(group): Path<Uuid>,
    q: Result<Query<figures::PeriodQuery>, QueryRejection>,
) -> ApiResult<Json<figures::GroupFigures>> {
    let Query(q) = q.map_err(bad_query)?;
    let period = day(&format!("{}-01", q.period))?;
    let allowed = match &dev.scope {
        Scope::Group { group_id } => group_id.as_uuid() == group,
        Scope::Points { codes } => group_point(&s.db, group)
            .await?
            .is_some_and(|c| codes.contains(&c)),
    };
    if !allowed {
        return Err(forbidden());
    }
    Ok(Json(crate::figures::group(&s.db, group, period).await?))
}

#[tracing::instrument(skip_all, fields(device = %dev.id, point = %code))]
async fn point_figures<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
    Path(code): Path<String>,
    q: Result<Query<figures::RangeQuery>, QueryRejection>,
) -> ApiResult<Json<figures::PointFigures>> {
    let Query(q) = q.map_err(bad_query)?;
    let (from, to) = (day(&q.from)?, day(&q.to)?);
    if !matches!(&dev.scope, Scope::Points { codes } if codes.contains(&code)) {
        return Err(forbidden());
    }
    Ok(Json(crate::figures::point(&s.db, &code, from, to).await?))
}

/// Alerts of devices that share a point with the caller (every device for an administrator);
/// bank staff only.
#[tracing::instrument(skip_all, fields(device = %dev.id))]
async fn alerts<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
) -> ApiResult<Json<figures::AlertsResponse>> {
    use vonxa_domain::roles::Role;
    if !matches!(
        dev.role,
        Role::Admin | Role::PointLeader | Role::PointController
    ) {
        return Err(ApiError::new(ErrorCode::Forbidden, "bank staff only"));
    }
    let mine = match &dev.scope {
        Scope::Points { codes } => codes.clone(),
        Scope::Group { .. } => Vec::new(),
    };
    let shares = |d: &DeviceRecord| match &d.scope {
        Scope::Points { codes } => codes.iter().any(|c| mine.contains(c)),
        Scope::Group { .. } => false,
    };
    let seen: Vec<vonxa_domain::DeviceId> =
        s.db.devices()
            .await?
            .into_iter()
            .filter(|d| dev.role == Role::Admin || shares(d))
            .map(|d| d.id)
            .collect();
    let mut all = crate::figures::alerts(&s.db).await?;
    all.alerts
        .retain(|a| seen.contains(&vonxa_domain::DeviceId(a.device_id)));
    Ok(Json(all))
}
