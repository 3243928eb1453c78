//! A user account on a device. Passwords never appear here: they only wrap the database key.

use crate::error::{Code, DomainError, DomainResult, Problems};
use crate::ids::UserId;
use crate::reference::required_text;
use crate::roles::Role;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    #[default]
    Vi,
    En,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct User {
    pub id: UserId,
    /// Login name: lower-case letters, digits, dot, dash or underscore.
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub lang: Lang,
    pub active: bool,
}

/// Shortest password accepted.
pub const MIN_PASSWORD_CHARS: usize = 8;

impl User {
    /// Every problem at once (a form shows them together).
    pub fn validate(mut self) -> DomainResult<Self> {
        let mut p = Problems::default();
        self.username = self.username.trim().to_lowercase();
        let ok = self.username.len() <= 32
            && self
                .username
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
        if self.username.is_empty() {
            p.add(DomainError::invalid("username", Code::Required));
        } else if !ok {
            p.add(DomainError::invalid("username", Code::InvalidFormat));
        }
        if let Some(name) = p.check(required_text("displayName", &self.display_name, 80)) {
            self.display_name = name;
        }
        p.finish()?;
        Ok(self)
    }
}

pub fn validate_password(password: &str) -> DomainResult<()> {
    if password.chars().count() < MIN_PASSWORD_CHARS {
        return Err(DomainError::invalid("password", Code::TooShort));
    }
    Ok(())
}

/// A new account: the user's fields, the password and, where a screen asks for it twice, the
/// second typing (`confirm`); every problem at once.
pub fn validate_new_account(user: User, password: &str, again: Option<&str>) -> DomainResult<User> {
    let mut p = Problems::default();
    let user = p.check(user.validate());
    p.check(validate_password(password));
    if again.is_some_and(|a| a != password) {
        p.add(DomainError::invalid("confirm", Code::Mismatch));
    }
    p.finish()?;
    user.ok_or_else(|| DomainError::invalid("username", Code::InvalidValue))
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn user(name: &str) -> User {
        User {
            id: UserId(Uuid::nil()),
            username: name.into(),
            display_name: "Nguyễn Văn An".into(),
            role: Role::Admin,
            lang: Lang::Vi,
            active: true,
        }
    }

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(
            user(" An.Nguyen ").validate().unwrap().username,
            "an.nguyen"
        );
        assert_eq!(
            user("").validate(),
            Err(DomainError::invalid("username", Code::Required))
        );
        assert_eq!(
            user("an nguyen").validate(),
            Err(DomainError::invalid("username", Code::InvalidFormat))
        );
    }

    #[test]
    fn short_passwords_are_refused() {
        assert!(validate_password("1234567").is_err());
        assert!(validate_password("12345678").is_ok());
    }
}
