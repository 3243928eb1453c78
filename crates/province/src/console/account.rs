//! People and access in the console: log in and out, who am I, change one's password; the
//! administrator's list of accounts, adding and disabling one; the audit log.

use super::auth::{
    Console, Peer, hash_password, new_session, scope_of, set_cookie, verify_password,
};
use super::{ConsoleError, audit, now};
use crate::db::{AuditRow, Backend, ConsoleUserRow};
use crate::http_state::Shared;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use vonxa_domain::console::{ConsoleAction, ConsoleRole, Scope, ScopeKind, check_account};
use vonxa_domain::user::validate_password;

type Result<T> = std::result::Result<T, ConsoleError>;

/// A console account as the console shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UserInfo {
    pub id: String,
    pub username: String,
    pub display_name: String,
    pub role: ConsoleRole,
    pub scope: ScopeInfo,
    pub active: bool,
    pub created_at: String,
    pub last_login_at: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScopeInfo {
    pub kind: ScopeKind,
    pub id: Option<String>,
    pub label: String,
}

/// The answer of a login and of `/me`: the user and the session's CSRF token.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Me {
    pub user: UserInfo,
    pub csrf: String,
}

/// The names of the offices and organisations the province holds, by id (scope labels).
pub async fn names<B: Backend>(db: &B) -> Result<HashMap<String, String>> {
    let kinds = vec!["office".to_owned(), "organisation".to_owned()];
    Ok(db
        .current(kinds)
        .await?
        .into_iter()
        .filter_map(|r| {
            let id = r.payload.get("id")?.as_str()?.to_owned();
            Some((id, r.payload.get("name")?.as_str()?.to_owned()))
        })
        .collect())
}

pub fn info(u: &ConsoleUserRow, names: &HashMap<String, String>) -> Result<UserInfo> {
    let (role, scope) = scope_of(u)
        .ok_or_else(|| ConsoleError::Internal(format!("account {} is unreadable", u.id)))?;
    let id = scope.id.as_deref().unwrap_or("");
    let named = names.get(id).cloned();
    let label = match scope.kind {
        ScopeKind::Province => "Toàn tỉnh".to_owned(),
        ScopeKind::Office => named.unwrap_or_else(|| format!("Phòng giao dịch {id}")),
        ScopeKind::Commune => format!("Xã {id}"),
        ScopeKind::Organisation => named.unwrap_or_else(|| format!("Tổ chức hội {id}")),
    };
    Ok(UserInfo {
        id: u.id.clone(),
        username: u.username.clone(),
        display_name: u.display_name.clone(),
        role,
        scope: ScopeInfo {
            kind: scope.kind,
            id: scope.id,
            label,
        },
        active: u.active,
        created_at: u.created_at.clone(),
        last_login_at: u.last_login_at.clone(),
    })
}

#[derive(Deserialize)]
pub struct Login {
    pub username: String,
    pub password: String,
}

/// Log in: a new session in an HttpOnly, SameSite=Strict cookie, the CSRF token in the body.
/// Wrong passwords count per (username, address); the fifth within 15 minutes locks the pair.
pub async fn login<B: Backend>(
    State(state): State<Shared<B>>,
    Peer(from): Peer,
    Json(l): Json<Login>,
) -> Result<Response> {
    let name = l.username.trim().to_lowercase();
    let throttle = &state.console.throttle;
    let line = |ok: bool, detail: &str| AuditRow {
        seq: 0,
        at: now(),
        user_id: None,
        username: Some(name.clone()),
        action: "login".into(),
        target: None,
        from: from.clone(),
        ok,
        detail: Some(detail.to_owned()),
    };
    if !throttle.allows(&name, &from) {
        state.db.append_audit(line(false, "throttled")).await?;
        return Err(ConsoleError::Throttled);
    }
    let user = state.db.console_user_named(name.clone()).await?;
    let user = match user {
        Some(u) if u.active && verify_password(&l.password, &u.password_hash) => u,
        found => {
            throttle.failed(&name, &from);
            let why = if found.is_some_and(|u| !u.active) {
                "disabled"
            } else {
                "bad credentials"
            };
            state.db.append_audit(line(false, why)).await?;
            return Err(ConsoleError::BadCredentials);
        }
    };
    throttle.succeeded(&name, &from);
    let (token, session) = new_session(&user);
    state.db.add_console_session(session.clone()).await?;
    state.db.console_logged_in(user.id.clone(), now()).await?;
    let mut ok = line(true, "session opened");
    ok.user_id = Some(user.id.clone());
    state.db.append_audit(ok).await?;
    let me = Me {
        user: info(&user, &names(&state.db).await?)?,
        csrf: session.csrf,
    };
    let cookie = set_cookie(&token, state.console.secure_cookies);
    Ok(([(header::SET_COOKIE, cookie)], Json(me)).into_response())
}

pub async fn logout<B: Backend>(State(state): State<Shared<B>>, c: Console) -> Result<Response> {
    state
        .db
        .end_console_session(c.session.token_hash.clone(), now())
        .await?;
    audit(&state, Some(&c), "logout", None, true, None).await;
    let cookie = set_cookie("", state.console.secure_cookies);
    Ok((StatusCode::NO_CONTENT, [(header::SET_COOKIE, cookie)]).into_response())
}

pub async fn me<B: Backend>(State(state): State<Shared<B>>, c: Console) -> Result<Json<Me>> {
    Ok(Json(Me {
        user: info(&c.user, &names(&state.db).await?)?,
        csrf: c.session.csrf,
    }))
}

#[derive(Deserialize)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

/// Change one's own password: the current one first; the account's other sessions end.
pub async fn password<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Json(p): Json<PasswordChange>,
) -> Result<StatusCode> {
    if !verify_password(&p.current, &c.user.password_hash) {
        audit(
            &state,
            Some(&c),
            "password",
            None,
            false,
            Some("wrong current password"),
        )
        .await;
        return Err(ConsoleError::Invalid {
            field: "current".into(),
            code: vonxa_domain::Code::Mismatch,
        });
    }
    validate_password(&p.new).map_err(|_| ConsoleError::Invalid {
        field: "new".into(),
        code: vonxa_domain::Code::TooShort,
    })?;
    let hash = hash_password(&p.new)?;
    state
        .db
        .set_console_password(
            c.user.id.clone(),
            hash,
            Some(c.session.token_hash.clone()),
            now(),
        )
        .await?;
    audit(&state, Some(&c), "password", None, true, None).await;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn users<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
) -> Result<Json<Vec<UserInfo>>> {
    c.must(&state, ConsoleAction::ManageUsers, "users").await?;
    let all = state.db.console_users().await?;
    let names = names(&state.db).await?;
    Ok(Json(
        all.iter().map(|u| info(u, &names)).collect::<Result<_>>()?,
    ))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub scope_kind: String,
    pub scope_id: Option<String>,
    pub password: String,
}

/// Check and write a new account (the console's form and `vonxa-province users add`).
pub async fn create<B: Backend>(db: &B, n: NewUser) -> Result<ConsoleUserRow> {
    let invalid = |field: &str| ConsoleError::Invalid {
        field: field.to_owned(),
        code: vonxa_domain::Code::InvalidValue,
    };
    let role = ConsoleRole::parse(&n.role).ok_or_else(|| invalid("role"))?;
    let kind = ScopeKind::parse(&n.scope_kind).ok_or_else(|| invalid("scopeKind"))?;
    let scope = Scope {
        kind,
        id: n
            .scope_id
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty()),
    };
    let (username, display_name) = check_account(&n.username, &n.display_name, role, &scope)?;
    validate_password(&n.password)?;
    let row = ConsoleUserRow {
        id: uuid::Uuid::now_v7().to_string(),
        username,
        display_name,
        password_hash: hash_password(&n.password)?,
        role: role.as_str().to_owned(),
        scope_kind: kind.as_str().to_owned(),
        scope_id: scope.id,
        active: true,
        created_at: now(),
        last_login_at: None,
    };
    if !db.add_console_user(row.clone()).await? {
        return Err(ConsoleError::Invalid {
            field: "username".into(),
            code: vonxa_domain::Code::Duplicate,
        });
    }
    Ok(row)
}

pub async fn add_user<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Json(n): Json<NewUser>,
) -> Result<Json<UserInfo>> {
    c.must(&state, ConsoleAction::ManageUsers, "add user")
        .await?;
    let name = n.username.clone();
    match create(&state.db, n).await {
        Ok(row) => {
            audit(
                &state,
                Some(&c),
                "add user",
                Some(row.username.clone()),
                true,
                Some(&row.role),
            )
            .await;
            Ok(Json(info(&row, &names(&state.db).await?)?))
        }
        Err(e) => {
            audit(
                &state,
                Some(&c),
                "add user",
                Some(name),
                false,
                Some(&e.to_string()),
            )
            .await;
            Err(e)
        }
    }
}

/// Disable an account: its sessions end at once.
pub async fn disable<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Path(id): Path<String>,
) -> Result<Json<UserInfo>> {
    c.must(&state, ConsoleAction::ManageUsers, "disable user")
        .await?;
    if !state
        .db
        .set_console_user_active(id.clone(), false, now())
        .await?
    {
        return Err(ConsoleError::NotFound);
    }
    let u = state
        .db
        .console_user(id)
        .await?
        .ok_or(ConsoleError::NotFound)?;
    audit(
        &state,
        Some(&c),
        "disable user",
        Some(u.username.clone()),
        true,
        None,
    )
    .await;
    Ok(Json(info(&u, &names(&state.db).await?)?))
}

#[derive(Deserialize)]
pub struct AuditQuery {
    pub limit: Option<i64>,
}

pub async fn audit_log<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Query(q): Query<AuditQuery>,
) -> Result<Json<Vec<AuditRow>>> {
    c.must(&state, ConsoleAction::ReadAudit, "audit").await?;
    let limit = q.limit.unwrap_or(200).clamp(1, 5000);
    Ok(Json(state.db.audit_entries(limit).await?))
}
