//! The use cases of the vonxa desktop app, Tauri-free: one method of [`App`] per user action,
//! each over the unlocked [`vonxa_store::Store`] of the open session. The shell only moves
//! requests and responses across IPC; everything here is tested on a temporary database.

pub mod contract;
mod credit;
pub mod error;
mod funduse;
mod funduse_export;
mod households;
mod kin;
mod map;
mod money;
mod network;
mod poverty;
mod proposal;
mod session;
mod sync;
mod vetting;

pub use error::{CoreError, CoreResult, FieldMessage, IpcError, Msg};
pub use sync::{SessionStore, status_info};

use contract::Lang;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use vonxa_domain::user::User;
use vonxa_store::Store;

/// An unlocked database and the user who unlocked it.
pub struct Session {
    pub store: Store,
    pub user: User,
}

/// The app's state: the data folder and the open session, if any. The session is shared
/// (behind one lock) with the background sync task through [`SessionStore`].
pub struct App {
    dir: PathBuf,
    session: Arc<Mutex<Option<Session>>>,
    /// When a use case last ran, until the idle housekeeping has run after it.
    used: Mutex<Option<Instant>>,
}

impl App {
    /// An app over the data folder `dir` (created at first start).
    pub fn new(dir: impl Into<PathBuf>) -> App {
        App {
            dir: dir.into(),
            session: Arc::new(Mutex::new(None)),
            used: Mutex::new(None),
        }
    }

    pub fn data_dir(&self) -> &Path {
        &self.dir
    }

    fn lock(&self) -> MutexGuard<'_, Option<Session>> {
        lock_session(&self.session)
    }

    /// The current user's language (Vietnamese when nobody is logged in).
    fn lang_of(session: &Option<Session>) -> Lang {
        session
            .as_ref()
            .map(|s| s.user.lang.into())
            .unwrap_or(Lang::Vi)
    }

    /// The language of the user whose session is open (Vietnamese when none is).
    pub fn language(&self) -> Lang {
        Self::lang_of(&self.lock())
    }

    /// A failure of the shell's own (the print, a task that died) as an internal error in the
    /// user's language, from the same message table as the rest.
    pub fn failure(&self, msg: Msg) -> IpcError {
        IpcError::Internal {
            message: error::text(msg, self.language()).into(),
        }
    }

    /// Run a use case on the open session; errors come back in the user's language.
    fn with<T>(&self, f: impl FnOnce(&mut Session) -> CoreResult<T>) -> Result<T, IpcError> {
        *self.used.lock().unwrap_or_else(|p| p.into_inner()) = Some(Instant::now());
        let mut guard = self.lock();
        let lang = Self::lang_of(&guard);
        match guard.as_mut() {
            Some(s) => {
                // Who acted, by id only (never a name), on every log line of the use case.
                let span = tracing::info_span!("session", user = %s.user.id, device = %s.store.device_id());
                span.in_scope(|| f(s).map_err(|e| e.to_ipc(lang)))
            }
            None => Err(CoreError::Locked.to_ipc(lang)),
        }
    }
}

impl App {
    /// Housekeeping once the user has paused for `pause` after using the app: the write-ahead
    /// log moves into the database file and SQLite hands its decrypted page cache back (less
    /// plaintext held in memory, and less memory). Runs once per pause; answers whether it ran.
    pub fn maintain_if_idle(&self, pause: Duration) -> bool {
        {
            let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
            match *used {
                Some(t) if t.elapsed() >= pause => *used = None,
                _ => return false,
            }
        }
        if let Some(s) = self.lock().as_ref()
            && let Err(e) = s.store.maintain()
        {
            tracing::warn!(error = %e, "idle housekeeping failed");
        }
        true
    }
}

/// A panic while holding the lock leaves the session usable: the store's writes are
/// transactional, so nothing half-written can be observed.
fn lock_session(m: &Mutex<Option<Session>>) -> MutexGuard<'_, Option<Session>> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
