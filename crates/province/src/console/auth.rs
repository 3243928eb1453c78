//! Who is at the console: passwords (Argon2id), the session cookie (HttpOnly, SameSite=Strict,
//! Secure under TLS; only its SHA-256 is stored), the CSRF token every change echoes in
//! `X-CSRF-Token`, and the throttle of failed logins.

use super::{ConsoleError, audit, now};
use crate::auth::{new_token, sha256_hex};
use crate::db::{Backend, ConsoleUserRow, SessionRow};
use crate::http_state::Shared;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use std::net::SocketAddr;
use vonxa_domain::console::{ConsoleAction, ConsoleRole, Scope, ScopeKind, may};

pub const COOKIE: &str = "vonxa_console";
/// A session lasts a working day.
pub const SESSION_HOURS: i64 = 12;

/// Argon2id with the crate's defaults (19 MiB, 2 passes), as a PHC string.
pub fn hash_password(password: &str) -> Result<String, ConsoleError> {
    let salt = SaltString::generate(&mut argon2::password_hash::rand_core::OsRng);
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| ConsoleError::Internal(e.to_string()))
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// The user behind a request's session cookie; for a change (not GET/HEAD) the request also
/// carries the session's CSRF token. 401 otherwise.
#[derive(Clone, Debug)]
pub struct Console {
    pub user: ConsoleUserRow,
    pub role: ConsoleRole,
    pub scope: Scope,
    pub session: SessionRow,
    pub from: String,
}

impl Console {
    /// 403 (and an audit line) unless the role may.
    pub async fn must<B: Backend>(
        &self,
        state: &Shared<B>,
        action: ConsoleAction,
        what: &str,
    ) -> Result<(), ConsoleError> {
        if may(self.role, action) {
            return Ok(());
        }
        audit(state, Some(self), what, None, false, Some("forbidden")).await;
        Err(ConsoleError::Forbidden)
    }
}

/// The client's address, for the audit and the login throttle.
pub struct Peer(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Peer, Self::Rejection> {
        Ok(Peer(peer(parts)))
    }
}

/// The client's address (the connection's peer).
pub fn peer(parts: &Parts) -> String {
    parts
        .extensions
        .get::<axum::extract::ConnectInfo<SocketAddr>>()
        .map_or_else(|| "unknown".to_owned(), |c| c.0.ip().to_string())
}

pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE)
        .map(|(_, v)| v.to_owned())
}

/// The Set-Cookie value of a new session (or of its end, `token` empty).
pub fn set_cookie(token: &str, secure: bool) -> String {
    let age = if token.is_empty() {
        0
    } else {
        SESSION_HOURS * 3600
    };
    let secure = if secure { "; Secure" } else { "" };
    format!("{COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={age}{secure}")
}

pub fn scope_of(u: &ConsoleUserRow) -> Option<(ConsoleRole, Scope)> {
    Some((
        ConsoleRole::parse(&u.role)?,
        Scope {
            kind: ScopeKind::parse(&u.scope_kind)?,
            id: u.scope_id.clone(),
        },
    ))
}

impl<B: Backend> FromRequestParts<Shared<B>> for Console {
    type Rejection = ConsoleError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &Shared<B>,
    ) -> Result<Console, ConsoleError> {
        let token = cookie_token(&parts.headers).ok_or(ConsoleError::Unauthorized)?;
        let session = state
            .db
            .console_session(sha256_hex(token.as_bytes()))
            .await?
            .ok_or(ConsoleError::Unauthorized)?;
        if session.ended_at.is_some() || session.expires_at <= now() {
            return Err(ConsoleError::Unauthorized);
        }
        let user = state
            .db
            .console_user(session.user_id.clone())
            .await?
            .filter(|u| u.active)
            .ok_or(ConsoleError::Unauthorized)?;
        let (role, scope) = scope_of(&user).ok_or(ConsoleError::Unauthorized)?;
        let change = !matches!(parts.method, Method::GET | Method::HEAD);
        let csrf = parts
            .headers
            .get("x-csrf-token")
            .and_then(|v| v.to_str().ok());
        let console = Console {
            user,
            role,
            scope,
            session,
            from: peer(parts),
        };
        if change && csrf != Some(console.session.csrf.as_str()) {
            let what = format!("{} {}", parts.method, parts.uri.path());
            audit(state, Some(&console), &what, None, false, Some("csrf")).await;
            return Err(ConsoleError::Csrf);
        }
        Ok(console)
    }
}

/// A new session for `user`: (cookie token, its row).
pub fn new_session(user: &ConsoleUserRow) -> (String, SessionRow) {
    let token = new_token();
    let at = chrono::Utc::now();
    let row = SessionRow {
        token_hash: sha256_hex(token.as_bytes()),
        user_id: user.id.clone(),
        csrf: new_token(),
        created_at: at.to_rfc3339(),
        expires_at: (at + chrono::Duration::hours(SESSION_HOURS)).to_rfc3339(),
        ended_at: None,
    };
    (token, row)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let h = hash_password("mat-khau-dai").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(verify_password("mat-khau-dai", &h));
        assert!(!verify_password("mat-khau-sai", &h));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn the_cookie_is_http_only_strict_and_secure_under_tls() {
        let c = set_cookie("abc", true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.ends_with("Secure"));
        assert!(!set_cookie("abc", false).contains("Secure"));
        let mut h = HeaderMap::new();
        h.insert(
            header::COOKIE,
            "a=1; vonxa_console=tok; b=2".parse().unwrap(),
        );
        assert_eq!(cookie_token(&h).as_deref(), Some("tok"));
    }
}
