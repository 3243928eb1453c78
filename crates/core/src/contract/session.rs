//! Start, login, language and user management.

use super::{Lang, Role};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A user who can log in on this device (shown on the login screen).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoginName {
    pub username: String,
    pub display_name: String,
}

/// What the UI needs before anything else.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppStatus {
    /// Is there a device database yet? If not, the UI shows first-start setup.
    pub initialised: bool,
    pub users: Vec<LoginName>,
    /// The open session, if the UI was reloaded while logged in.
    pub session: Option<SessionInfo>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub lang: Lang,
    pub active: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub user: UserInfo,
    /// Lock the app after this many minutes without input.
    pub idle_lock_minutes: u32,
}

/// First start: the administrator, and whether to load the demo commune.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateAdmin {
    pub username: String,
    pub display_name: String,
    pub password: String,
    /// The password typed a second time, where the screen asks for it.
    #[serde(default)]
    #[ts(optional)]
    pub confirm: Option<String>,
    pub load_demo: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Login {
    pub username: String,
    pub password: String,
}

#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
}

/// An administrator changes a user's name, role or access.
#[derive(Clone, Debug, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct UserUpdate {
    pub id: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}
