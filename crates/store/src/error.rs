//! The store's error type. Domain errors pass through unchanged so the UI can name the field.

use thiserror::Error;
use vonxa_domain::DomainError;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error(transparent)]
    Domain(#[from] DomainError),
    #[error("wrong password")]
    WrongPassword,
    #[error("no such user: {0}")]
    UnknownUser(String),
    #[error("the device database already exists")]
    AlreadyExists,
    #[error("no device database here yet")]
    NotInitialised,
    #[error("the key file is damaged: {0}")]
    Keyring(String),
    #[error("migration failed: {0}")]
    Migration(#[from] refinery::Error),
    #[error("database: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored record is not valid JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    #[error("import file: {0}")]
    Import(String),
    /// A stored record the store wrote itself cannot be read back (the change log, the money
    /// journal, the device's own ids): the file was damaged or altered outside the app.
    #[error("stored data is unreadable: {0}")]
    Corrupt(String),
    /// A thread panicked while it held the store: what it was writing is rolled back, but the
    /// store is not used again until the app restarts.
    #[error("the store's lock was poisoned by a panic")]
    Poisoned,
}

impl StoreError {
    /// The domain error inside, when there is one (validation, not found, forbidden).
    pub fn as_domain(&self) -> Option<&DomainError> {
        match self {
            StoreError::Domain(e) => Some(e),
            _ => None,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
