//! The one error type of the HTTP layer: its body is the protocol's `{code, message}`; internal
//! failures are logged and never leak their text. Answers made outside the handlers (axum's
//! rejections and fallbacks, the timeout and decompression layers) are rewritten into the same
//! body by [`json_errors`].

use crate::db::DbError;
use axum::Json;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use vonxa_protocol::{ErrorBody, ErrorCode};

#[derive(Debug)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> ApiError {
        ApiError {
            code,
            message: message.into(),
        }
    }
}

impl From<DbError> for ApiError {
    fn from(e: DbError) -> ApiError {
        tracing::error!(error = %e, "database failure");
        ApiError::new(
            ErrorCode::Internal,
            "the province could not complete the request",
        )
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.code.http_status())
            .unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let timeout = self.code == ErrorCode::RequestTimeout;
        let body = ErrorBody {
            code: self.code,
            message: self.message,
        };
        let mut res = (status, Json(body)).into_response();
        if timeout {
            // Its request may be half read: the connection cannot carry another one.
            res.headers_mut()
                .insert(header::CONNECTION, HeaderValue::from_static("close"));
        }
        res
    }
}

pub type ApiResult<T> = Result<T, ApiError>;

/// The code of an error status that did not come with one.
fn code_for(status: StatusCode) -> ErrorCode {
    match status.as_u16() {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        408 => ErrorCode::RequestTimeout,
        413 => ErrorCode::TooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        416 => ErrorCode::RangeNotSatisfiable,
        426 => ErrorCode::UnsupportedVersion,
        429 => ErrorCode::RateLimited,
        400..=499 => ErrorCode::BadRequest,
        _ => ErrorCode::Internal,
    }
}

/// An extractor's refusal (JSON, query, body bytes) as the protocol's error: the status axum
/// chose (400, 413, 415, 422 → 400) with its text, or 408 when the body stopped arriving (the
/// body timeout of the router).
pub fn rejection(
    status: StatusCode,
    text: String,
    err: &(dyn std::error::Error + 'static),
) -> ApiError {
    let mut cause = Some(err);
    while let Some(e) = cause {
        if e.is::<tower_http::timeout::TimeoutError>() {
            return ApiError::new(
                ErrorCode::RequestTimeout,
                "the request body stopped arriving; send it again",
            );
        }
        cause = e.source();
    }
    ApiError::new(code_for(status), text)
}

/// Middleware: an error answer that is not JSON becomes `{code, message}` with the code of its
/// status (the text it had, if any, as the message); headers such as `Allow` are kept.
pub async fn json_errors(mut res: Response) -> Response {
    // A body refused for its size was not read to its end, so the connection cannot carry
    // another request: say so, or a client reusing it sees its next request cut short.
    if res.status() == StatusCode::PAYLOAD_TOO_LARGE {
        res.headers_mut().insert(
            header::CONNECTION,
            header::HeaderValue::from_static("close"),
        );
    }
    let status = res.status();
    let json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if !(status.is_client_error() || status.is_server_error()) || json {
        return res;
    }
    let (parts, body) = res.into_parts();
    let text = axum::body::to_bytes(body, 2048)
        .await
        .map(|b| String::from_utf8_lossy(&b).trim().to_owned())
        .unwrap_or_default();
    let message = match text.is_empty() {
        true => status.canonical_reason().unwrap_or("error").to_owned(),
        false => text,
    };
    let code = code_for(status);
    let mut out = ApiError::new(code, message).into_response();
    for (name, value) in &parts.headers {
        if name != header::CONTENT_TYPE && name != header::CONTENT_LENGTH {
            out.headers_mut().append(name, value.clone());
        }
    }
    out
}
