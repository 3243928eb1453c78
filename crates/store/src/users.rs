//! Users on the device. Each has a key-file entry that wraps the database key under their
//! password; the users table holds their name, role and language, and is change-logged.

use crate::Store;
use crate::error::StoreResult;
use crate::keyring::Keyring;
use crate::records::load;
use uuid::Uuid;
use vonxa_domain::entity::Op;
use vonxa_domain::user::{Lang, User, validate_password};
use vonxa_domain::{DomainError, UserId};

impl Store {
    pub fn user(&self, id: UserId) -> StoreResult<User> {
        load(self.connection(), id.as_uuid())
    }

    pub fn users(&self) -> StoreResult<Vec<User>> {
        crate::queries::docs(
            self.connection(),
            "SELECT doc FROM users ORDER BY display_name",
            [],
        )
    }

    pub(crate) fn insert_first_admin(&mut self, admin: User) -> StoreResult<User> {
        let admin = User {
            role: vonxa_domain::roles::Role::Admin,
            active: true,
            ..admin
        };
        self.record(&admin, Op::Insert, admin.clone())?;
        Ok(admin)
    }

    /// Add a user (administrators only) and give them access with their own password.
    pub fn add_user(&mut self, actor: &User, new: User, password: &str) -> StoreResult<User> {
        validate_password(password)?;
        let new = new.validate()?;
        let mut ring = Keyring::load(self.dir())?;
        if ring.entries.iter().any(|e| e.username == new.username) {
            return Err(DomainError::invalid("username", vonxa_domain::Code::Duplicate).into());
        }
        self.record(actor, Op::Insert, new.clone())?;
        ring.put(
            &self.key,
            &new.id.to_string(),
            &new.username,
            &new.display_name,
            password,
        )?;
        ring.save(self.dir())?;
        Ok(new)
    }

    /// Change a user's own password: the old one must be right; the key is re-wrapped.
    pub fn change_password(&mut self, user: &User, old: &str, new: &str) -> StoreResult<()> {
        validate_password(new)?;
        let mut ring = Keyring::load(self.dir())?;
        ring.unlock(&user.username, old)?;
        ring.put(
            &self.key,
            &user.id.to_string(),
            &user.username,
            &user.display_name,
            new,
        )?;
        ring.save(self.dir())
    }

    /// An administrator sets another user's password (a forgotten password).
    pub fn reset_password(&mut self, actor: &User, user: &User, new: &str) -> StoreResult<()> {
        if actor.role != vonxa_domain::roles::Role::Admin {
            return Err(DomainError::Forbidden {
                action: "reset password".into(),
            }
            .into());
        }
        validate_password(new)?;
        let mut ring = Keyring::load(self.dir())?;
        ring.put(
            &self.key,
            &user.id.to_string(),
            &user.username,
            &user.display_name,
            new,
        )?;
        ring.save(self.dir())
    }

    /// Update name, role, language or active flag (administrators; any user may change their
    /// own language). Deactivating removes the user's key-file entry so they cannot unlock.
    pub fn update_user(&mut self, actor: &User, user: User) -> StoreResult<User> {
        let user = user.validate()?;
        self.record(actor, Op::Update, user.clone())?;
        if !user.active {
            let mut ring = Keyring::load(self.dir())?;
            ring.remove(&user.id.to_string());
            ring.save(self.dir())?;
        }
        Ok(user)
    }

    pub fn set_language(&mut self, user: &User, lang: Lang) -> StoreResult<User> {
        let updated = User {
            lang,
            ..user.clone()
        };
        self.update_user(user, updated)
    }
}

/// A fresh user record with a new id (the caller sets the role).
pub fn new_user(username: &str, display_name: &str, role: vonxa_domain::roles::Role) -> User {
    User {
        id: UserId(Uuid::now_v7()),
        username: username.into(),
        display_name: display_name.into(),
        role,
        lang: Lang::Vi,
        active: true,
    }
}
