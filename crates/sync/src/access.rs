//! What every part of a sync pass shares: how it reaches the device database
//! ([`StoreAccess`], [`with_store`]), what a pass did ([`SyncReport`]) and its progress
//! ([`Progress`]). The pass (`engine`), its steps (`push`, `photos`, `photo_downloads`) and the
//! task that runs it (`runner`) all stand on this module; none of them on each other's types.

use crate::error::{SyncError, SyncResult};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, Mutex};
use vonxa_store::{Store, StoreError};

/// How the sync task reaches the device database. The app implements it over its own session
/// state (returning an error while no one is logged in: the task then retries later); tests
/// and simple hosts use [`SharedStore`].
pub trait StoreAccess: Clone + Send + Sync + 'static {
    /// Run `f` with the store (called on a blocking thread; keep the lock only inside).
    fn with<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut Store) -> Result<T, StoreError>;
}

/// The device database, shared between the app and the sync task.
pub type SharedStore = Arc<Mutex<Store>>;

impl StoreAccess for SharedStore {
    fn with<T, F>(&self, f: F) -> Result<T, StoreError>
    where
        F: FnOnce(&mut Store) -> Result<T, StoreError>,
    {
        let mut guard = self.lock().map_err(|_| StoreError::Poisoned)?;
        f(&mut guard)
    }
}

/// What a pass did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub pushed: usize,
    pub accepted: usize,
    pub rejected: usize,
    pub conflicts: usize,
    pub pulled: usize,
    pub applied: usize,
    pub held: usize,
    pub failed: usize,
    pub epoch_restarts: usize,
    /// Photos that completed at the province in this pass, and the bytes sent for photos.
    pub photos: usize,
    pub photo_bytes: u64,
    /// Photos named by pulled checks that came down and were stored in this pass, those
    /// refused (hash or type check failed), and the bytes received for photos.
    pub photos_fetched: usize,
    pub photos_refused: usize,
    pub photo_bytes_fetched: u64,
}

/// Run `f` on the store on a blocking thread.
pub(crate) async fn with_store<S, T, F>(store: &S, f: F) -> SyncResult<T>
where
    S: StoreAccess,
    T: Send + 'static,
    F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
{
    let store = store.clone();
    tokio::task::spawn_blocking(move || store.with(f))
        .await
        .map_err(|e| SyncError::Unexpected {
            status: 0,
            detail: format!("store task: {e}"),
        })?
        .map_err(SyncError::from)
}

/// Progress of the pass under way.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    pub to_push: usize,
    pub pushed: usize,
    pub pulled: usize,
}
