//! The key file beside the database. The database key is 256 random bits; it is stored only
//! wrapped (ChaCha20-Poly1305) under a key derived from each user's password with Argon2id, so
//! the database opens only after a user logs in. The file also lists who can log in, which the
//! login screen needs before anything is unlocked; it holds no household data.

use crate::error::{StoreError, StoreResult};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Argon2id cost: 64 MiB, 2 passes, 1 lane. About 0.1 s on the target laptops (see
/// docs/PERFORMANCE.md, `store.open_ms`): slow for a guesser, quick enough to log in.
pub const ARGON2_M_KIB: u32 = 64 * 1024;
pub const ARGON2_T: u32 = 2;
pub const ARGON2_P: u32 = 1;

/// The raw database key. Never written anywhere unwrapped.
#[derive(Clone)]
pub struct DbKey(pub(crate) [u8; 32]);

impl DbKey {
    pub fn random() -> DbKey {
        let mut k = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut k);
        DbKey(k)
    }

    pub(crate) fn sqlcipher_pragma(&self) -> String {
        format!("x'{}'", hex::encode(self.0))
    }
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct KdfParams {
    pub m_kib: u32,
    pub t: u32,
    pub p: u32,
}

impl Default for KdfParams {
    fn default() -> Self {
        KdfParams {
            m_kib: ARGON2_M_KIB,
            t: ARGON2_T,
            p: ARGON2_P,
        }
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct KeyEntry {
    pub user_id: String,
    pub username: String,
    pub display_name: String,
    pub salt: String,
    pub kdf: KdfParams,
    pub nonce: String,
    pub wrapped_key: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Keyring {
    pub format: u32,
    pub device_id: String,
    pub entries: Vec<KeyEntry>,
}

impl Keyring {
    pub fn path_in(dir: &Path) -> PathBuf {
        dir.join("vonxa.keys.json")
    }

    pub fn new(device_id: String) -> Keyring {
        Keyring {
            format: 1,
            device_id,
            entries: Vec::new(),
        }
    }

    pub fn load(dir: &Path) -> StoreResult<Keyring> {
        let path = Keyring::path_in(dir);
        let bytes = match fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(StoreError::NotInitialised);
            }
            Err(e) => return Err(e.into()),
        };
        serde_json::from_slice(&bytes).map_err(|e| StoreError::Keyring(e.to_string()))
    }

    /// Write atomically: a crash leaves either the old file or the new one.
    pub fn save(&self, dir: &Path) -> StoreResult<()> {
        let path = Keyring::path_in(dir);
        let tmp = path.with_extension("json.tmp");
        {
            let mut f = fs::File::create(&tmp)?;
            f.write_all(&serde_json::to_vec_pretty(self)?)?;
            f.sync_all()?;
        }
        fs::rename(&tmp, &path)?;
        if let Ok(d) = fs::File::open(dir) {
            let _ = d.sync_all();
        }
        Ok(())
    }

    fn entry(&self, username: &str) -> StoreResult<&KeyEntry> {
        self.entries
            .iter()
            .find(|e| e.username == username)
            .ok_or_else(|| StoreError::UnknownUser(username.to_owned()))
    }

    /// Unwrap the database key with a user's password.
    pub fn unlock(&self, username: &str, password: &str) -> StoreResult<(DbKey, String)> {
        let e = self.entry(username)?;
        let salt = hex::decode(&e.salt).map_err(|x| StoreError::Keyring(x.to_string()))?;
        let nonce = hex::decode(&e.nonce).map_err(|x| StoreError::Keyring(x.to_string()))?;
        let wrapped =
            hex::decode(&e.wrapped_key).map_err(|x| StoreError::Keyring(x.to_string()))?;
        if nonce.len() != 12 {
            return Err(StoreError::Keyring("nonce length".into()));
        }
        let kek = derive(password, &salt, &e.kdf)?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&kek));
        let aad = self.aad(&e.user_id);
        let plain = cipher
            .decrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &wrapped,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| StoreError::WrongPassword)?;
        let key: [u8; 32] = plain
            .try_into()
            .map_err(|_| StoreError::Keyring("key length".into()))?;
        Ok((DbKey(key), e.user_id.clone()))
    }

    /// Add or replace a user's entry: wrap the key under their password.
    pub fn put(
        &mut self,
        key: &DbKey,
        user_id: &str,
        username: &str,
        display_name: &str,
        password: &str,
    ) -> StoreResult<()> {
        let mut salt = [0u8; 16];
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut salt);
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let kdf = KdfParams::default();
        let kek = derive(password, &salt, &kdf)?;
        let cipher = ChaCha20Poly1305::new(Key::from_slice(&kek));
        let aad = self.aad(user_id);
        let wrapped = cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &key.0,
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| StoreError::Keyring("wrap failed".into()))?;
        self.entries.retain(|e| e.user_id != user_id);
        self.entries.push(KeyEntry {
            user_id: user_id.to_owned(),
            username: username.to_owned(),
            display_name: display_name.to_owned(),
            salt: hex::encode(salt),
            kdf,
            nonce: hex::encode(nonce),
            wrapped_key: hex::encode(wrapped),
        });
        Ok(())
    }

    pub fn remove(&mut self, user_id: &str) {
        self.entries.retain(|e| e.user_id != user_id);
    }

    fn aad(&self, user_id: &str) -> String {
        format!("vonxa/{}/{}", self.device_id, user_id)
    }
}

fn derive(password: &str, salt: &[u8], p: &KdfParams) -> StoreResult<[u8; 32]> {
    let params =
        Params::new(p.m_kib, p.t, p.p, Some(32)).map_err(|e| StoreError::Keyring(e.to_string()))?;
    let mut out = [0u8; 32];
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(password.as_bytes(), salt, &mut out)
        .map_err(|e| StoreError::Keyring(e.to_string()))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrong_password_does_not_unwrap() {
        let key = DbKey::random();
        let mut ring = Keyring::new("dev".into());
        ring.put(&key, "u1", "an", "An", "mật khẩu đúng").unwrap();
        let (k, uid) = ring.unlock("an", "mật khẩu đúng").unwrap();
        assert_eq!(k.0, key.0);
        assert_eq!(uid, "u1");
        assert!(matches!(
            ring.unlock("an", "sai"),
            Err(StoreError::WrongPassword)
        ));
        assert!(matches!(
            ring.unlock("binh", "x"),
            Err(StoreError::UnknownUser(_))
        ));
    }

    #[test]
    fn the_file_never_holds_the_raw_key() {
        let dir = tempfile::tempdir().unwrap();
        let key = DbKey::random();
        let mut ring = Keyring::new("dev".into());
        ring.put(&key, "u1", "an", "An", "pw").unwrap();
        ring.save(dir.path()).unwrap();
        let text = fs::read_to_string(Keyring::path_in(dir.path())).unwrap();
        assert!(!text.contains(&hex::encode(key.0)));
        assert_eq!(Keyring::load(dir.path()).unwrap().entries.len(), 1);
    }
}
