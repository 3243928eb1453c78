//! Sync errors say whether waiting and retrying can help.

use thiserror::Error;
use vonxa_protocol::{ErrorBody, ErrorCode};
use vonxa_store::StoreError;

#[derive(Debug, Error)]
pub enum SyncError {
    /// The province answered with an error body.
    #[error("province refused ({status}): {body}")]
    Api { status: u16, body: ErrorBody },
    /// The province answered something that is not the protocol (proxy page, cut body, 5xx
    /// without a body).
    #[error("unexpected answer ({status}): {detail}")]
    Unexpected { status: u16, detail: String },
    /// No connection, timeout, reset.
    #[error("network: {0}")]
    Network(#[from] reqwest::Error),
    #[error("store: {0}")]
    Store(#[from] StoreError),
    #[error("this device is not enrolled")]
    NotEnrolled,
    /// Plain HTTP to a host other than this machine.
    #[error("the endpoint must use https (plain http only to this machine): {0}")]
    InsecureEndpoint(String),
    #[error("invalid endpoint URL: {0}")]
    BadEndpoint(String),
    #[error("the province changed its epoch again during one pass")]
    EpochChurn,
}

impl SyncError {
    /// Retrying without a change on the device cannot help (update the app, re-enrol).
    pub fn is_permanent(&self) -> bool {
        match self {
            SyncError::Api { body, .. } => body.code.is_permanent(),
            SyncError::NotEnrolled | SyncError::InsecureEndpoint(_) | SyncError::BadEndpoint(_) => {
                true
            }
            _ => false,
        }
    }

    /// The province cannot be reached at all (the status shows "offline").
    pub fn is_offline(&self) -> bool {
        matches!(self, SyncError::Network(e) if e.is_connect() || e.is_timeout())
    }

    /// The app must be updated ("please update").
    pub fn needs_update(&self) -> bool {
        matches!(self, SyncError::Api { body, .. } if body.code == ErrorCode::UnsupportedVersion)
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            SyncError::Api { body, .. } => Some(body.code),
            _ => None,
        }
    }
}

pub type SyncResult<T> = Result<T, SyncError>;
