//! First start, login, lock, language and user management.

use crate::contract::{
    AppStatus, CreateAdmin, Lang, Login, LoginName, NewUser, SessionInfo, UserInfo, UserUpdate,
};
use crate::error::{CoreError, CoreResult, IpcError};
use crate::{App, Session, map};
use vonxa_domain::roles::{self, Action};
use vonxa_domain::settings::{DEFAULT_IDLE_LOCK_MINUTES, keys};
use vonxa_domain::user::User;
use vonxa_domain::{DomainError, UserId};
use vonxa_store::Store;
use vonxa_store::demo::DemoSpec;
use vonxa_store::users::new_user;

/// Longest idle time before the app locks itself.
pub const MAX_IDLE_LOCK_MINUTES: u32 = 240;

fn session_info(s: &Session) -> CoreResult<SessionInfo> {
    let minutes = s
        .store
        .setting::<u32>(keys::IDLE_LOCK_MINUTES)?
        .unwrap_or(DEFAULT_IDLE_LOCK_MINUTES);
    Ok(SessionInfo {
        user: map::user(&s.user),
        idle_lock_minutes: minutes,
    })
}

pub(crate) fn require(user: &User, action: Action) -> CoreResult<()> {
    if roles::allowed(user.role, action) {
        Ok(())
    } else {
        Err(DomainError::Forbidden {
            action: format!("{action:?}"),
        }
        .into())
    }
}

impl App {
    /// Is the device set up, who can log in, and is a session open?
    pub fn status(&self) -> Result<AppStatus, IpcError> {
        let guard = self.lock();
        let lang = Self::lang_of(&guard);
        let run = || -> CoreResult<AppStatus> {
            let initialised = Store::exists(&self.dir);
            let users = if initialised {
                Store::login_names(&self.dir)?
                    .into_iter()
                    .map(|n| LoginName {
                        username: n.username,
                        display_name: n.display_name,
                    })
                    .collect()
            } else {
                Vec::new()
            };
            let session = guard.as_ref().map(session_info).transpose()?;
            Ok(AppStatus {
                initialised,
                users,
                session,
            })
        };
        run().map_err(|e| e.to_ipc(lang))
    }

    /// First start: create the database and its administrator, optionally with the demo
    /// commune, and open the session.
    pub fn create_admin(&self, req: CreateAdmin) -> Result<SessionInfo, IpcError> {
        let mut guard = self.lock();
        let run = || -> CoreResult<Session> {
            let admin = new_user(
                &req.username,
                &req.display_name,
                vonxa_domain::roles::Role::Admin,
            );
            let admin = vonxa_domain::user::validate_new_account(
                admin,
                &req.password,
                req.confirm.as_deref(),
            )?;
            let (mut store, user) = Store::create(&self.dir, admin, &req.password)?;
            if req.load_demo {
                let spec = DemoSpec::standard(store.today());
                store.load_demo(&user, spec)?;
            }
            Ok(Session { store, user })
        };
        let session = run().map_err(|e| e.to_ipc(Lang::Vi))?;
        let info = session_info(&session).map_err(|e| e.to_ipc(Lang::Vi))?;
        *guard = Some(session);
        Ok(info)
    }

    /// Unlock the database with a user's password.
    pub fn login(&self, req: Login) -> Result<SessionInfo, IpcError> {
        let mut guard = self.lock();
        let lang = Self::lang_of(&guard);
        let (store, user) = Store::open(&self.dir, &req.username, &req.password)
            .map_err(|e| CoreError::from(e).to_ipc(lang))?;
        let session = Session { store, user };
        let info = session_info(&session).map_err(|e| e.to_ipc(lang))?;
        *guard = Some(session);
        Ok(info)
    }

    /// Lock: close the database; the key leaves memory with it.
    pub fn logout(&self) -> Result<(), IpcError> {
        *self.lock() = None;
        Ok(())
    }

    /// Switch the current user's language; remembered in their user record.
    pub fn set_language(&self, lang: Lang) -> Result<UserInfo, IpcError> {
        self.with(|s| {
            s.user = s.store.set_language(&s.user, lang.into())?;
            Ok(map::user(&s.user))
        })
    }

    /// Set how many idle minutes lock the app (administrators; 1 to 240 minutes).
    pub fn set_idle_lock(&self, minutes: u32) -> Result<SessionInfo, IpcError> {
        self.with(|s| {
            if !(1..=MAX_IDLE_LOCK_MINUTES).contains(&minutes) {
                return Err(DomainError::invalid(
                    "idleLockMinutes",
                    vonxa_domain::Code::InvalidValue,
                )
                .into());
            }
            s.store
                .set_setting(&s.user, keys::IDLE_LOCK_MINUTES, &minutes)?;
            session_info(s)
        })
    }

    pub fn list_users(&self) -> Result<Vec<UserInfo>, IpcError> {
        self.with(|s| {
            require(&s.user, Action::ManageUsers)?;
            Ok(s.store.users()?.iter().map(map::user).collect())
        })
    }

    pub fn add_user(&self, req: NewUser) -> Result<UserInfo, IpcError> {
        self.with(|s| {
            require(&s.user, Action::ManageUsers)?;
            let user = new_user(&req.username, &req.display_name, req.role.into());
            let user = s.store.add_user(&s.user, user, &req.password)?;
            Ok(map::user(&user))
        })
    }

    pub fn update_user(&self, req: UserUpdate) -> Result<UserInfo, IpcError> {
        self.with(|s| {
            require(&s.user, Action::ManageUsers)?;
            let id: UserId = map::id(&req.id, "id")?;
            let current = s.store.user(id)?;
            if id == s.user.id && (!req.active || req.role != crate::contract::Role::Admin) {
                // An administrator cannot lock themselves out of their own device.
                return Err(DomainError::invalid("role", vonxa_domain::Code::InvalidValue).into());
            }
            let updated = User {
                display_name: req.display_name,
                role: req.role.into(),
                active: req.active,
                ..current
            };
            let user = s.store.update_user(&s.user, updated)?;
            Ok(map::user(&user))
        })
    }
}
