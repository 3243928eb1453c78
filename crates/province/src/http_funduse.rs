//! The HTTP routes of fund-use checks: photo uploads (status and chunks) and downloads (whole
//! or by byte range), the flags raised by findings and the figures for a period, each for the
//! calling device's scope.

use crate::db::Backend;
use crate::error::{ApiError, ApiResult, rejection};
use crate::funduse::blobs::{self, BlobError};
use crate::funduse::report;
use crate::http_state::{Device, Shared};
use axum::Json;
use axum::Router;
use axum::body::Bytes;
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use vonxa_domain::funduse::CheckPolicy;
use vonxa_protocol::*;

pub fn routes<B: Backend>() -> Router<Shared<B>> {
    Router::new()
        .route(paths::BLOB, get(blob_status::<B>).put(blob_put::<B>))
        .route(paths::BLOB_CONTENT, get(blob_content::<B>))
        .route(paths::FUNDUSE_FLAGS, get(flags::<B>))
        .route(paths::FUNDUSE_COUNTS, get(counts::<B>))
}

impl From<BlobError> for ApiError {
    fn from(e: BlobError) -> ApiError {
        match e {
            BlobError::Db(e) => e.into(),
            BlobError::TooLarge => ApiError::new(ErrorCode::TooLarge, e.to_string()),
            BlobError::NotFound => ApiError::new(ErrorCode::NotFound, e.to_string()),
            BlobError::OutOfScope => ApiError::new(ErrorCode::Forbidden, e.to_string()),
            BlobError::OverQuota { .. } => ApiError::new(ErrorCode::RateLimited, e.to_string()),
            BlobError::BadRange { .. } => {
                ApiError::new(ErrorCode::RangeNotSatisfiable, e.to_string())
            }
            other => ApiError::new(ErrorCode::BadRequest, other.to_string()),
        }
    }
}

fn bad_query(e: QueryRejection) -> ApiError {
    rejection(e.status(), e.body_text(), &e)
}

#[tracing::instrument(skip_all, fields(device = %dev.id))]
async fn blob_status<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
    Path(hash): Path<String>,
) -> ApiResult<Json<BlobStatus>> {
    Ok(Json(blobs::held(&s.db, &dev.scope, hash).await?))
}

/// One chunk: within the device's photo byte rate (429), for a photo a check in its scope
/// names (403), within its quota of unfinished uploads (429).
#[tracing::instrument(skip_all, fields(device = %dev.id, bytes = tracing::field::Empty))]
async fn blob_put<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
    Path(hash): Path<String>,
    q: Result<Query<BlobPutQuery>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Json<BlobStatus>> {
    let Query(q) = q.map_err(bad_query)?;
    let body = body.map_err(|e| rejection(e.status(), e.body_text(), &e))?;
    tracing::Span::current().record("bytes", body.len());
    let g = &s.guards;
    if !g.photo_bytes.allow_n(dev.id, body.len() as f64) {
        if g.log.allow(dev.id) {
            tracing::warn!(device = %dev.id, bytes = body.len(), "photo bytes over the device's rate");
        }
        return Err(ApiError::new(
            ErrorCode::RateLimited,
            "too many photo bytes per second; slow down",
        ));
    }
    let from = blobs::Sender {
        device: dev.id,
        scope: &dev.scope,
        quota: g.limits.upload_quota_bytes(),
    };
    let status = match blobs::put(&s.db, from, hash.clone(), q.offset, q.total, body.to_vec()).await
    {
        Ok(status) => status,
        Err(e) => {
            if matches!(e, BlobError::OutOfScope | BlobError::OverQuota { .. })
                && g.log.allow(dev.id)
            {
                tracing::warn!(device = %dev.id, hash = %hash, error = %e, "photo chunk refused");
            }
            return Err(e.into());
        }
    };
    if status.complete && g.log.allow(dev.id) {
        tracing::info!(device = %dev.id, hash = %status.hash, "photo received");
    }
    Ok(Json(status))
}

/// A complete photo, or the byte range the `Range` header asks (206 with `Content-Range`).
#[tracing::instrument(skip_all, fields(device = %dev.id))]
async fn blob_content<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
    Path(hash): Path<String>,
    headers: HeaderMap,
) -> Response {
    let range = headers.get(header::RANGE).and_then(|v| v.to_str().ok());
    let c = match blobs::content(&s.db, Some(&dev.scope), hash.clone(), range).await {
        Ok(c) => c,
        Err(BlobError::BadRange { size }) => {
            let mut r = ApiError::from(BlobError::BadRange { size }).into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                r.headers_mut().insert(header::CONTENT_RANGE, v);
            }
            return r;
        }
        Err(e) => return ApiError::from(e).into_response(),
    };
    let status = if c.range.is_some() {
        StatusCode::PARTIAL_CONTENT
    } else {
        StatusCode::OK
    };
    let mut r = (status, c.bytes).into_response();
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(c.mime));
    h.insert(header::ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    // Content-addressed: the bytes of a name never change.
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, max-age=31536000, immutable"),
    );
    let mut put = |name, text: String| {
        if let Ok(v) = HeaderValue::from_str(&text) {
            h.insert(name, v);
        }
    };
    put(header::ETAG, format!("\"{hash}\""));
    if let Some((start, end)) = c.range {
        put(
            header::CONTENT_RANGE,
            format!("bytes {start}-{}/{}", end - 1, c.size),
        );
    }
    r
}

#[tracing::instrument(skip_all, fields(device = %dev.id))]
async fn flags<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
) -> ApiResult<Json<FlagsResponse>> {
    Ok(Json(FlagsResponse {
        flags: report::flags(&s.db, Some(&dev.scope)).await?,
    }))
}

#[tracing::instrument(skip_all, fields(device = %dev.id))]
async fn counts<B: Backend>(
    State(s): State<Shared<B>>,
    Device(dev): Device,
    q: Result<Query<CountsQuery>, QueryRejection>,
) -> ApiResult<Json<CountsResponse>> {
    let Query(q) = q.map_err(bad_query)?;
    let period = report::period(q.from, q.to)
        .ok_or_else(|| ApiError::new(ErrorCode::BadRequest, "`from` is after `to`"))?;
    let d = CheckPolicy::default();
    let policy = CheckPolicy {
        first_check_days: q.first_check_days.unwrap_or(d.first_check_days),
        recheck_months: q.recheck_months.unwrap_or(d.recheck_months),
        not_yet_used_recheck_days: q
            .not_yet_used_recheck_days
            .unwrap_or(d.not_yet_used_recheck_days),
    }
    .validate()
    .map_err(|e| ApiError::new(ErrorCode::BadRequest, e.to_string()))?;
    let today = chrono::Utc::now().date_naive();
    let rows = report::counts(&s.db, Some(&dev.scope), period, policy, today).await?;
    Ok(Json(CountsResponse {
        from: q.from,
        to: q.to,
        rows,
    }))
}
