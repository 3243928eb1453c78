//! The fleet in the console: every device of the reader's area with its point, role, app
//! version, last contact and sync, the changes waiting on it, its database size and last sync
//! error; enrolling a device (a one-time code, as text and as a QR code) and revoking one.

use super::auth::Console;
use super::{ConsoleError, audit};
use crate::db::{Backend, DeviceRecord, RefRecord};
use crate::http_state::Shared;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use vonxa_domain::console::{ConsoleAction, Place};
use vonxa_domain::roles::Role;
use vonxa_protocol::Scope;

type Result<T> = std::result::Result<T, ConsoleError>;

/// One device on the fleet screen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceRow {
    pub id: String,
    pub point_codes: Vec<String>,
    pub scope_label: String,
    pub role: String,
    pub app_version: Option<String>,
    pub enrolled_at: String,
    pub last_seen_at: Option<String>,
    pub last_sync_at: Option<String>,
    pub waiting: Option<i64>,
    pub db_bytes: Option<i64>,
    pub last_error: Option<String>,
    pub revoked: bool,
    /// Whole days since the device last reached the province (since its enrolment if never).
    pub silent_days: Option<i64>,
    /// The accounts on the device, as it pushed them.
    pub users: Vec<DeviceUser>,
}

/// An account on a device.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeviceUser {
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub active: bool,
}

/// The accounts of every device, by device id, in name order.
async fn users_by_device<B: Backend>(db: &B) -> Result<HashMap<String, Vec<DeviceUser>>> {
    let mut out: HashMap<String, Vec<DeviceUser>> = HashMap::new();
    for (device, doc) in db.device_users().await? {
        // A record that is not a user document is not listed (the province checked it).
        if let Ok(u) = serde_json::from_value::<vonxa_domain::user::User>(doc) {
            out.entry(device.to_string()).or_default().push(DeviceUser {
                username: u.username,
                display_name: u.display_name,
                role: u.role.as_str().to_owned(),
                active: u.active,
            });
        }
    }
    for list in out.values_mut() {
        list.sort_by(|a, b| a.display_name.cmp(&b.display_name));
    }
    Ok(out)
}

/// Where the network's records put each point (by code) and group (by id): the communes,
/// offices and organisations a console scope is matched against.
#[derive(Default)]
pub struct Network {
    points: HashMap<String, Place>,
    point_code_of: HashMap<String, String>,
    groups: HashMap<String, (String, Option<String>)>,
    group_names: HashMap<String, String>,
}

impl Network {
    pub async fn load<B: Backend>(db: &B) -> Result<Network> {
        let kinds = ["point", "point_commune", "group"]
            .map(str::to_owned)
            .to_vec();
        let mut n = Network::default();
        let records = db.current(kinds).await?;
        let field =
            |r: &RefRecord, f: &str| r.payload.get(f).and_then(|v| v.as_str()).map(str::to_owned);
        for r in records.iter().filter(|r| r.entity == "point") {
            if let (Some(id), Some(code)) = (field(r, "id"), field(r, "code")) {
                let place = n.points.entry(code.clone()).or_default();
                place.offices.extend(field(r, "officeId"));
                n.point_code_of.insert(id, code);
            }
        }
        for r in records.iter().filter(|r| r.entity == "point_commune") {
            let code = field(r, "pointId").and_then(|p| n.point_code_of.get(&p).cloned());
            if let (Some(code), Some(commune)) = (code, field(r, "communeCode")) {
                n.points.entry(code).or_default().communes.push(commune);
            }
        }
        for r in records.iter().filter(|r| r.entity == "group") {
            if let (Some(id), Some(point)) = (field(r, "id"), field(r, "pointId")) {
                n.group_names
                    .insert(id.clone(), field(r, "name").unwrap_or_default());
                n.groups.insert(id, (point, field(r, "organisationId")));
            }
        }
        Ok(n)
    }

    /// The place of a point (by id): its code, communes and office.
    pub fn place_of_point(&self, point_id: &str) -> (Option<String>, Place) {
        match self.point_code_of.get(point_id) {
            Some(code) => (
                Some(code.clone()),
                self.points.get(code).cloned().unwrap_or_default(),
            ),
            None => (None, Place::default()),
        }
    }

    /// The place of a device: its points' communes and offices, its group's organisation.
    pub fn place_of(&self, scope: &Scope) -> (Vec<String>, Place) {
        let mut place = Place::default();
        let codes: Vec<String> = match scope {
            Scope::Points { codes } => codes.clone(),
            Scope::Group { group_id } => match self.groups.get(&group_id.to_string()) {
                Some((point, org)) => {
                    place.organisations.extend(org.clone());
                    self.point_code_of.get(point).cloned().into_iter().collect()
                }
                None => Vec::new(),
            },
        };
        for c in &codes {
            if let Some(p) = self.points.get(c) {
                place.communes.extend(p.communes.iter().cloned());
                place.offices.extend(p.offices.iter().cloned());
            }
        }
        (codes, place)
    }
}

/// A savings-and-loan group, for enrolling its leader's laptop.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GroupRow {
    pub id: String,
    pub name: String,
    pub point_code: Option<String>,
}

/// The groups of the reader's area, by point and name.
pub async fn groups<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
) -> Result<Json<Vec<GroupRow>>> {
    c.must(&state, ConsoleAction::ViewFleet, "groups").await?;
    let net = Network::load(&state.db).await?;
    let mut out: Vec<GroupRow> = net
        .groups
        .iter()
        .filter_map(|(id, (point, _))| {
            let scope = Scope::Group {
                group_id: id.parse::<uuid::Uuid>().ok()?.into(),
            };
            let (codes, place) = net.place_of(&scope);
            c.scope.covers(&place).then(|| GroupRow {
                id: id.clone(),
                name: net.group_names.get(id).cloned().unwrap_or_default(),
                point_code: codes.into_iter().next().or_else(|| Some(point.clone())),
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.point_code, &a.name).cmp(&(&b.point_code, &b.name)));
    Ok(Json(out))
}

fn silent_days(d: &DeviceRecord, now: chrono::DateTime<chrono::Utc>) -> Option<i64> {
    let last = d.last_seen.as_deref().unwrap_or(&d.enrolled_at);
    let at = chrono::DateTime::parse_from_rfc3339(last).ok()?;
    Some((now - at.with_timezone(&chrono::Utc)).num_days().max(0))
}

fn scope_label(scope: &Scope) -> String {
    match scope {
        Scope::Points { codes } => format!("Điểm giao dịch {}", codes.join(", ")),
        Scope::Group { group_id } => format!("Tổ TK&VV {group_id}"),
    }
}

/// The devices of the reader's area.
pub async fn devices<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
) -> Result<Json<Vec<DeviceRow>>> {
    c.must(&state, ConsoleAction::ViewFleet, "devices").await?;
    let net = Network::load(&state.db).await?;
    let health: HashMap<_, _> = state.db.device_health().await?.into_iter().collect();
    let mut users = users_by_device(&state.db).await?;
    let now = chrono::Utc::now();
    let mut out = Vec::new();
    for d in state.db.devices().await? {
        let (codes, place) = net.place_of(&d.scope);
        if !c.scope.covers(&place) {
            continue;
        }
        let h = health.get(&d.id).cloned().unwrap_or_default();
        out.push(DeviceRow {
            id: d.id.to_string(),
            point_codes: codes,
            scope_label: scope_label(&d.scope),
            role: d.role.as_str().to_owned(),
            app_version: h.app_version,
            silent_days: silent_days(&d, now),
            enrolled_at: d.enrolled_at,
            last_seen_at: d.last_seen,
            last_sync_at: d.last_sync,
            waiting: h.waiting,
            db_bytes: h.db_bytes,
            last_error: h.last_error,
            revoked: d.revoked_at.is_some(),
            users: users.remove(&d.id.to_string()).unwrap_or_default(),
        });
    }
    Ok(Json(out))
}

pub async fn revoke<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Path(id): Path<String>,
) -> Result<Json<DeviceRow>> {
    c.must(&state, ConsoleAction::ManageFleet, "revoke device")
        .await?;
    let device: vonxa_domain::DeviceId = id.parse().map_err(|_| ConsoleError::NotFound)?;
    if !state.db.revoke(device, chrono::Utc::now()).await? {
        return Err(ConsoleError::NotFound);
    }
    audit(
        &state,
        Some(&c),
        "revoke device",
        Some(id.clone()),
        true,
        None,
    )
    .await;
    let Json(all) = devices(State(state), c).await?;
    all.into_iter()
        .find(|d| d.id == id)
        .map(Json)
        .ok_or(ConsoleError::NotFound)
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolRequest {
    #[serde(default)]
    pub point_codes: Vec<String>,
    /// Or one savings-and-loan group (a group leader's own laptop).
    #[serde(default)]
    pub group_id: Option<String>,
    pub role: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EnrolCode {
    pub code: String,
    /// The code as a QR code (SVG), for the laptop's camera or a phone to read.
    pub qr_svg: String,
    pub expires_at: String,
}

/// A one-time enrolment code (valid 24 h) for a device of the given points and role.
pub async fn enrol<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Json(r): Json<EnrolRequest>,
) -> Result<Json<EnrolCode>> {
    c.must(&state, ConsoleAction::ManageFleet, "enrol device")
        .await?;
    let invalid = |field: &str| ConsoleError::Invalid {
        field: field.to_owned(),
        code: vonxa_domain::Code::InvalidValue,
    };
    let role = Role::parse(&r.role).ok_or_else(|| invalid("role"))?;
    let codes: Vec<String> = r
        .point_codes
        .iter()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
        .collect();
    let group = r
        .group_id
        .as_deref()
        .map(str::trim)
        .filter(|g| !g.is_empty());
    let scope = match group {
        Some(g) => Scope::Group {
            group_id: g
                .parse::<uuid::Uuid>()
                .map_err(|_| invalid("groupId"))?
                .into(),
        },
        None if codes.is_empty() => {
            return Err(ConsoleError::Invalid {
                field: "pointCodes".into(),
                code: vonxa_domain::Code::Required,
            });
        }
        None => Scope::Points { codes },
    };
    // The network must know the points or the group, and they must be in the reader's area.
    let net = Network::load(&state.db).await?;
    let (known, place) = net.place_of(&scope);
    let field = if group.is_some() {
        "groupId"
    } else {
        "pointCodes"
    };
    let all_known = match &scope {
        Scope::Points { codes } => codes.iter().all(|c| net.points.contains_key(c)),
        Scope::Group { .. } => !known.is_empty(),
    };
    if !all_known {
        return Err(ConsoleError::Invalid {
            field: field.into(),
            code: vonxa_domain::Code::NotFound,
        });
    }
    if !c.scope.covers(&place) {
        return Err(ConsoleError::Forbidden);
    }
    let target = scope_label(&scope);
    let code = crate::admin::create_enrol_code(&state.db, scope, role).await?;
    let qr =
        qrcode::QrCode::new(code.as_bytes()).map_err(|e| ConsoleError::Internal(e.to_string()))?;
    let svg = qr
        .render::<qrcode::render::svg::Color<'_>>()
        .min_dimensions(160, 160)
        .build();
    audit(
        &state,
        Some(&c),
        "enrol device",
        Some(target),
        true,
        Some(role.as_str()),
    )
    .await;
    let expires = chrono::Utc::now() + chrono::Duration::hours(crate::admin::CODE_VALIDITY_HOURS);
    Ok(Json(EnrolCode {
        code,
        qr_svg: svg,
        expires_at: expires.to_rfc3339(),
    }))
}
