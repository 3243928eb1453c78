//! The device database of vonxa: an SQLCipher file opened with a key unwrapped by a user's
//! password, migrated at open, written only through the change-logged write path in
//! [`changelog`], with repositories for reference data, search, import and the demo commune.

pub mod admin_units;
pub mod blobs;
pub mod changelog;
pub mod credit;
pub mod db;
pub mod demo;
pub mod error;
pub mod funduse;
pub mod import;
pub mod keyring;
pub mod money;
pub mod outreach;
pub mod photo_downloads;
pub mod queries;
pub mod records;
pub mod search;
pub mod settings;
pub mod sync_state;
pub mod users;
pub mod vetting;

pub use changelog::{ChangeEntry, ChangeState};
pub use error::{StoreError, StoreResult};
pub use records::Record;

use chrono::NaiveDate;
use keyring::{DbKey, Keyring};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use uuid::Uuid;
use vonxa_domain::user::User;
use vonxa_domain::{DeviceId, UserId};

/// File name of the database inside the data folder.
pub const DB_FILE: &str = "vonxa.db";

/// An unlocked device database and the user who unlocked it.
pub struct Store {
    conn: Connection,
    dir: PathBuf,
    key: DbKey,
    device: DeviceId,
}

/// What the login screen may show before anything is unlocked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoginName {
    pub username: String,
    pub display_name: String,
}

impl Store {
    /// Is there a device database in this folder?
    pub fn exists(dir: &Path) -> bool {
        Keyring::path_in(dir).exists()
    }

    /// Users who can log in on this device (from the key file; no unlock needed).
    pub fn login_names(dir: &Path) -> StoreResult<Vec<LoginName>> {
        let ring = Keyring::load(dir)?;
        Ok(ring
            .entries
            .into_iter()
            .map(|e| LoginName {
                username: e.username,
                display_name: e.display_name,
            })
            .collect())
    }

    /// First start: make the database key, the device identity and the administrator.
    pub fn create(dir: &Path, admin: User, password: &str) -> StoreResult<(Store, User)> {
        if Store::exists(dir) {
            return Err(StoreError::AlreadyExists);
        }
        let admin = vonxa_domain::user::validate_new_account(admin, password, None)?;
        std::fs::create_dir_all(dir)?;
        let key = DbKey::random();
        let device = DeviceId(Uuid::now_v7());
        let conn = db::open(&dir.join(DB_FILE), &key)?;
        let mut store = Store {
            conn,
            dir: dir.to_owned(),
            key,
            device,
        };
        store.init_device()?;
        let admin = store.insert_first_admin(admin)?;
        let mut ring = Keyring::new(device.to_string());
        ring.put(
            &store.key,
            &admin.id.to_string(),
            &admin.username,
            &admin.display_name,
            password,
        )?;
        ring.save(dir)?;
        Ok((store, admin))
    }

    /// Log in: unwrap the key with the user's password and open the database.
    pub fn open(dir: &Path, username: &str, password: &str) -> StoreResult<(Store, User)> {
        let ring = Keyring::load(dir)?;
        let username = username.trim().to_lowercase();
        let (key, user_id) = ring.unlock(&username, password)?;
        let conn = db::open(&dir.join(DB_FILE), &key)?;
        let device: String = conn.query_row("SELECT id FROM device", [], |r| r.get(0))?;
        let device = device
            .parse()
            .map_err(|_| StoreError::Corrupt("the device id".into()))?;
        let store = Store {
            conn,
            dir: dir.to_owned(),
            key,
            device,
        };
        let user_id: UserId = user_id
            .parse()
            .map_err(|_| StoreError::Keyring("user id".into()))?;
        let user = store.user(user_id)?;
        if !user.active {
            return Err(StoreError::Domain(vonxa_domain::DomainError::Forbidden {
                action: "login".into(),
            }));
        }
        Ok((store, user))
    }

    pub fn device_id(&self) -> DeviceId {
        self.device
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Today's date on this device (local time: the laptops run in ICT).
    pub fn today(&self) -> NaiveDate {
        chrono::Local::now().date_naive()
    }

    /// The connection, for read-only queries by other crates and for tests that must prove
    /// what raw SQL can and cannot do. Writes to synced tables go through [`Store::record`].
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// Move the write-ahead log into the database file. Run when the app is idle (see
    /// [`Store::maintain`]), so checkpoints do not land on a user's write.
    pub fn checkpoint(&self) -> StoreResult<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }

    /// Idle housekeeping: checkpoint, then free the page cache (decrypted pages) SQLite holds.
    pub fn maintain(&self) -> StoreResult<()> {
        self.checkpoint()?;
        self.conn.execute_batch("PRAGMA shrink_memory;")?;
        Ok(())
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    fn init_device(&mut self) -> StoreResult<()> {
        let prefix = vonxa_domain::journal::device_prefix(self.device.as_uuid());
        self.conn.execute(
            "INSERT INTO device (id, prefix, created_at) VALUES (?1, ?2, ?3)",
            rusqlite::params![
                self.device.to_string(),
                prefix,
                chrono::Utc::now().to_rfc3339()
            ],
        )?;
        Ok(())
    }
}
