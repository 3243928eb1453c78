//! The review of what the province did not accept: changes refused or in conflict (the code,
//! the field and the rule's message in both languages) and the alerts of broken money chains,
//! each of a device of the reader's area.

use super::ConsoleError;
use super::auth::Console;
use super::fleet::Network;
use crate::db::Backend;
use crate::http_state::Shared;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use std::collections::HashMap;
use vonxa_domain::console::ConsoleAction;
use vonxa_protocol::PushResult;

type Result<T> = std::result::Result<T, ConsoleError>;

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewChange {
    pub change_id: String,
    pub point_codes: Vec<String>,
    pub user_id: String,
    pub entity: String,
    pub entity_id: String,
    pub outcome: String,
    /// The protocol's code (`invalid`, `out_of_scope`, …).
    pub code: Option<String>,
    pub field: Option<String>,
    /// The rule's message, when the refusal names a domain code.
    pub message_vi: Option<String>,
    pub message_en: Option<String>,
    pub received_at: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReviewAlert {
    pub point_codes: Vec<String>,
    /// `gap`, `fork` or `altered`.
    pub kind: String,
    pub seq: i64,
    pub change_id: String,
    pub detected_at: String,
}

#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Review {
    pub changes: Vec<ReviewChange>,
    pub alerts: Vec<ReviewAlert>,
}

/// The latest 500 changes not accepted and every chain alert, of the reader's area.
pub async fn review<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
) -> Result<Json<Review>> {
    c.must(&state, ConsoleAction::ViewFleet, "review").await?;
    let net = Network::load(&state.db).await?;
    let mut devices = HashMap::new();
    for d in state.db.devices().await? {
        let (codes, place) = net.place_of(&d.scope);
        devices.insert(d.id.to_string(), (codes, c.scope.covers(&place)));
    }
    let seen = |device: &str| {
        devices
            .get(device)
            .filter(|(_, ok)| *ok)
            .map(|(codes, _)| codes.clone())
    };
    let mut changes = Vec::new();
    for r in state.db.review_changes(500).await? {
        let Some(point_codes) = seen(&r.device_id) else {
            continue;
        };
        let answer: Option<PushResult> = serde_json::from_str(&r.result).ok();
        let domain = answer.as_ref().and_then(|a| a.domain);
        changes.push(ReviewChange {
            change_id: r.change_id,
            point_codes,
            user_id: r.user_id,
            entity: r.entity,
            entity_id: r.entity_id,
            outcome: r.outcome,
            code: answer
                .as_ref()
                .and_then(|a| a.code)
                .map(|c| c.as_str().to_owned()),
            field: answer.as_ref().and_then(|a| a.field.clone()),
            message_vi: domain.map(|d| d.message_vi().to_owned()),
            message_en: domain.map(|d| d.message_en().to_owned()),
            received_at: r.received_at,
        });
    }
    let alerts = state
        .db
        .alerts()
        .await?
        .into_iter()
        .filter_map(|a| {
            Some(ReviewAlert {
                point_codes: seen(&a.device_id.to_string())?,
                kind: a.kind,
                seq: a.seq,
                change_id: a.change_id.to_string(),
                detected_at: a.detected_at,
            })
        })
        .collect();
    Ok(Json(Review { changes, alerts }))
}
