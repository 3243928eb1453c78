//! Opening the encrypted database: key, pragmas, migrations, built-in reference data.

use crate::error::{StoreError, StoreResult};
use crate::keyring::DbKey;
use rusqlite::Connection;
use std::path::Path;

mod embedded {
    refinery::embed_migrations!("../../migrations/device");
}

/// Open (creating if needed) the database file with its key and bring it to the latest schema.
pub fn open(path: &Path, key: &DbKey) -> StoreResult<Connection> {
    let mut conn = open_keyed(path, key)?;
    migrate(&mut conn)?;
    crate::admin_units::ensure_loaded(&mut conn)?;
    Ok(conn)
}

/// Two threads opening and keying their first connections at once can collide inside
/// SQLCipher: one gets "PRAGMA key requires a key of one or more characters" (about 1 process
/// in 100 that opens eight databases at once; keying alone under the lock was not enough).
/// Opening is rare (a login, a first start), so connections are opened and keyed one at a time.
static KEYING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Open with the key and set the pragmas, without migrating (tests of upgrades use this).
pub fn open_keyed(path: &Path, key: &DbKey) -> StoreResult<Connection> {
    let conn = {
        let _one_at_a_time = KEYING.lock().unwrap_or_else(|p| p.into_inner());
        let conn = Connection::open(path)?;
        // Silence SQLCipher's own stderr line on a wrong key; the caller reports it.
        let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
        conn.execute_batch(&format!("PRAGMA key = \"{}\";", key.sqlcipher_pragma()))?;
        // The first read proves the key: a wrong one fails here with "file is not a database".
        conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
            r.get::<_, i64>(0)
        })
        .map_err(|_| StoreError::WrongPassword)?;
        conn
    };
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Checkpoints are run by the app when idle (Store::checkpoint); the automatic one is a
    // safety net at 16 MiB of WAL, so a checkpoint rarely lands on a user's write.
    conn.pragma_update(None, "wal_autocheckpoint", 4000)?;
    // SQLCipher decrypts every page it reads; a 32 MiB page cache keeps the search index and
    // the rows in use decrypted (the default 2,000 pages is too small for 20,000 households).
    conn.pragma_update(None, "cache_size", -32_768)?;
    conn.busy_timeout(std::time::Duration::from_secs(5))?;
    Ok(conn)
}

/// Apply every pending migration, each in its own transaction; refuse to run if a migration
/// that was already applied has changed since (its checksum differs).
pub fn migrate(conn: &mut Connection) -> StoreResult<()> {
    embedded::migrations::runner()
        .set_grouped(false)
        .set_abort_divergent(true)
        .run(conn)?;
    Ok(())
}

/// Apply migrations up to and including `version` (for upgrade tests).
pub fn migrate_to(conn: &mut Connection, version: i32) -> StoreResult<()> {
    embedded::migrations::runner()
        .set_target(refinery::Target::Version(version))
        .set_grouped(false)
        .run(conn)?;
    Ok(())
}

/// The versions of every embedded migration, in order.
pub fn migration_versions() -> Vec<i32> {
    let mut v: Vec<i32> = embedded::migrations::runner()
        .get_migrations()
        .iter()
        .map(|m| m.version())
        .collect();
    v.sort_unstable();
    v
}

/// The version the database is at.
pub fn current_version(conn: &mut Connection) -> StoreResult<Option<i32>> {
    let last = embedded::migrations::runner().get_last_applied_migration(conn)?;
    Ok(last.map(|m| m.version()))
}
