//! The error body every non-2xx answer carries, and the per-change reason codes.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Stable codes of request-level errors. They travel over the wire; never rename.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// 426: the device must be updated.
    UnsupportedVersion,
    /// 401: no token, unknown token or revoked device.
    Unauthorized,
    /// 403: the device may not do this.
    Forbidden,
    /// 404: nothing of that name here (a photo not at the province, or not complete yet).
    NotFound,
    /// 416: the byte range asked for starts past the end.
    RangeNotSatisfiable,
    /// 400: the enrolment code is unknown, used or expired.
    InvalidCode,
    /// 409: the device id is already known to the province (enrolled, revoked, or reserved):
    /// an identity is never enrolled twice; a new device database enrols as a new device.
    DeviceKnown,
    /// 400: the body could not be read.
    BadRequest,
    /// 405: the path exists, the method does not.
    MethodNotAllowed,
    /// 408: the request (its body, or the whole of it) did not arrive in time; retry.
    RequestTimeout,
    /// 413: the body is larger than the page limits.
    TooLarge,
    /// 415: the body's type or encoding is not one the province reads (JSON, gzip).
    UnsupportedMediaType,
    /// 429: too many requests from this device.
    RateLimited,
    /// 500/503: the province failed; retry later.
    Internal,
}

/// Every request-level error code, in declaration order.
pub const ALL_ERROR_CODES: [ErrorCode; 14] = [
    ErrorCode::UnsupportedVersion,
    ErrorCode::Unauthorized,
    ErrorCode::Forbidden,
    ErrorCode::NotFound,
    ErrorCode::RangeNotSatisfiable,
    ErrorCode::InvalidCode,
    ErrorCode::DeviceKnown,
    ErrorCode::BadRequest,
    ErrorCode::MethodNotAllowed,
    ErrorCode::RequestTimeout,
    ErrorCode::TooLarge,
    ErrorCode::UnsupportedMediaType,
    ErrorCode::RateLimited,
    ErrorCode::Internal,
];

impl ErrorCode {
    /// The HTTP status that goes with the code.
    pub fn http_status(self) -> u16 {
        match self {
            ErrorCode::UnsupportedVersion => 426,
            ErrorCode::Unauthorized => 401,
            ErrorCode::Forbidden => 403,
            ErrorCode::NotFound => 404,
            ErrorCode::RangeNotSatisfiable => 416,
            ErrorCode::InvalidCode | ErrorCode::BadRequest => 400,
            ErrorCode::DeviceKnown => 409,
            ErrorCode::MethodNotAllowed => 405,
            ErrorCode::RequestTimeout => 408,
            ErrorCode::TooLarge => 413,
            ErrorCode::UnsupportedMediaType => 415,
            ErrorCode::RateLimited => 429,
            ErrorCode::Internal => 500,
        }
    }

    /// The code as it travels (`snake_case`).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::UnsupportedVersion => "unsupported_version",
            ErrorCode::Unauthorized => "unauthorized",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::NotFound => "not_found",
            ErrorCode::RangeNotSatisfiable => "range_not_satisfiable",
            ErrorCode::InvalidCode => "invalid_code",
            ErrorCode::DeviceKnown => "device_known",
            ErrorCode::BadRequest => "bad_request",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::RequestTimeout => "request_timeout",
            ErrorCode::TooLarge => "too_large",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::Internal => "internal",
        }
    }

    /// Is a retry of the same request pointless until something changes on the device?
    pub fn is_permanent(self) -> bool {
        matches!(
            self,
            ErrorCode::UnsupportedVersion
                | ErrorCode::Unauthorized
                | ErrorCode::Forbidden
                | ErrorCode::InvalidCode
                | ErrorCode::DeviceKnown
                | ErrorCode::MethodNotAllowed
                | ErrorCode::UnsupportedMediaType
        )
    }
}

/// The body of every error answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

impl fmt::Display for ErrorBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}: {}", self.code, self.message)
    }
}

/// Stable reason codes of a change that was not applied (stored in the device's quarantine).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectCode {
    /// The same change id arrived before with a different body.
    IdReused,
    /// The record belongs to transaction points or a group outside the device's scope (403-class).
    OutOfScope,
    /// The device's role may not write this kind of record (403-class).
    Forbidden,
    /// The change names another device as its author.
    WrongDevice,
    /// The payload is not a valid record of its kind (see `field` and `domain`).
    Invalid,
    /// The operation is not allowed on this kind (updates or deletes of append-only records).
    AppendOnly,
    /// A record it refers to (point, household, group) is unknown to the province.
    UnknownParent,
    /// An insert of a record that already exists.
    Duplicate,
    /// An update or delete of a record the province does not have.
    NotFound,
    /// A concurrent edit of a mutable record: kept for review, not applied.
    Conflict,
    /// The id belongs to a stored record of another kind: a record's kind never changes.
    KindMismatch,
}

impl RejectCode {
    pub fn as_str(self) -> &'static str {
        match self {
            RejectCode::IdReused => "id_reused",
            RejectCode::OutOfScope => "out_of_scope",
            RejectCode::Forbidden => "forbidden",
            RejectCode::WrongDevice => "wrong_device",
            RejectCode::Invalid => "invalid",
            RejectCode::AppendOnly => "append_only",
            RejectCode::UnknownParent => "unknown_parent",
            RejectCode::Duplicate => "duplicate",
            RejectCode::NotFound => "not_found",
            RejectCode::Conflict => "conflict",
            RejectCode::KindMismatch => "kind_mismatch",
        }
    }

    pub fn parse(s: &str) -> Option<RejectCode> {
        ALL_REJECT_CODES.into_iter().find(|c| c.as_str() == s)
    }
}

pub const ALL_REJECT_CODES: [RejectCode; 11] = [
    RejectCode::IdReused,
    RejectCode::OutOfScope,
    RejectCode::Forbidden,
    RejectCode::WrongDevice,
    RejectCode::Invalid,
    RejectCode::AppendOnly,
    RejectCode::UnknownParent,
    RejectCode::Duplicate,
    RejectCode::NotFound,
    RejectCode::Conflict,
    RejectCode::KindMismatch,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_travels_as_its_name() {
        for c in ALL_ERROR_CODES {
            assert_eq!(
                serde_json::to_value(c).ok(),
                Some(serde_json::Value::String(c.as_str().into()))
            );
        }
    }
}
