//! The device side of sync: enrol against a provincial endpoint, push the change log in
//! idempotent pages, pull what other devices in scope wrote, notice a restored province, and
//! keep trying — with backoff and jitter — until it works. All state lives in the encrypted
//! device database (see `vonxa_store::sync_state`).

pub mod access;
pub mod client;
pub mod engine;
pub mod error;
pub mod photo_downloads;
pub mod photos;
mod push;
pub mod runner;

pub use access::{Progress, SharedStore, StoreAccess, SyncReport};
pub use client::Client;
pub use engine::{enrol, sync_once};
pub use error::{SyncError, SyncResult};
pub use runner::{PassResult, SyncHandle, SyncStatus, Triggers, spawn};
