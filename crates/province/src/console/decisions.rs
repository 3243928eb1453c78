//! The bank's decisions (04/TD) in the console: the queue of 03/TD lines sent to the bank in
//! the reader's area, and the decision on each (approve, a smaller amount, reject with a
//! reason), written by `crate::decisions::decide` as the command line does; devices in scope
//! pull it at their next sync.

use super::auth::Console;
use super::fleet::Network;
use super::{ConsoleError, audit};
use crate::db::{Backend, RefRecord};
use crate::decisions::{BankDecision, DecisionError, decide};
use crate::http_state::Shared;
use axum::Json;
use axum::extract::{Path, State};
use serde::{Deserialize, Serialize};
use vonxa_domain::console::ConsoleAction;
use vonxa_domain::credit::application::Status;
use vonxa_domain::credit::dossier::Application;
use vonxa_domain::{Code, Money};

type Result<T> = std::result::Result<T, ConsoleError>;

/// One line waiting for the bank.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueLine {
    pub application_id: String,
    pub point_code: Option<String>,
    pub representative_name: Option<String>,
    pub customer_code: Option<String>,
    pub programme: String,
    pub amount: i64,
    pub term_months: u32,
    pub applied_on: String,
}

fn field(r: &RefRecord, f: &str) -> Option<String> {
    r.payload.get(f).and_then(|v| v.as_str()).map(str::to_owned)
}

/// The applications sent to the bank in the reader's area, oldest application first.
pub async fn queue<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
) -> Result<Json<Vec<QueueLine>>> {
    c.must(&state, ConsoleAction::Decide, "decisions").await?;
    let net = Network::load(&state.db).await?;
    let mut out = Vec::new();
    for r in state.db.current(vec!["application".to_owned()]).await? {
        let Ok(app) = serde_json::from_value::<Application>(r.payload) else {
            continue;
        };
        if app.status != Status::SentToBank {
            continue;
        }
        let (code, place) = net.place_of_point(&app.point_id.to_string());
        if !c.scope.covers(&place) {
            continue;
        }
        let household = state.db.record(app.household_id.as_uuid()).await?;
        let person = state.db.record(app.representative_id.as_uuid()).await?;
        out.push(QueueLine {
            application_id: app.id.to_string(),
            point_code: code,
            representative_name: person.as_ref().and_then(|p| field(p, "fullName")),
            customer_code: household.as_ref().and_then(|h| field(h, "customerCode")),
            programme: app.programme.clone(),
            amount: app.amount.as_dong(),
            term_months: app.term_months,
            applied_on: app.applied_on.to_string(),
        });
    }
    out.sort_by(|a, b| (&a.applied_on, &a.application_id).cmp(&(&b.applied_on, &b.application_id)));
    Ok(Json(out))
}

#[derive(Clone, Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DecisionInput {
    pub approve: bool,
    /// A smaller amount than requested, in đồng (approvals only).
    pub amount: Option<i64>,
    /// Why not (rejections only).
    pub reason: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Decided {
    pub application_id: String,
    pub status: Status,
}

/// Decide one line of the queue (in the reader's area).
pub async fn decide_line<B: Backend>(
    State(state): State<Shared<B>>,
    c: Console,
    Path(id): Path<String>,
    Json(d): Json<DecisionInput>,
) -> Result<Json<Decided>> {
    c.must(&state, ConsoleAction::Decide, "decide").await?;
    let uuid: uuid::Uuid = id.parse().map_err(|_| ConsoleError::NotFound)?;
    let app: Application = state
        .db
        .record(uuid)
        .await?
        .filter(|r| r.entity == "application")
        .and_then(|r| serde_json::from_value(r.payload).ok())
        .ok_or(ConsoleError::NotFound)?;
    let net = Network::load(&state.db).await?;
    if !c
        .scope
        .covers(&net.place_of_point(&app.point_id.to_string()).1)
    {
        audit(
            &state,
            Some(&c),
            "decide",
            Some(id),
            false,
            Some("outside the reader's area"),
        )
        .await;
        return Err(ConsoleError::Forbidden);
    }
    let invalid = |field: &str, code: Code| ConsoleError::Invalid {
        field: field.to_owned(),
        code,
    };
    let decision = match (d.approve, d.amount, d.reason) {
        (true, Some(a), _) if a <= 0 => return Err(invalid("amount", Code::InvalidValue)),
        (true, amount, _) => BankDecision::Approve {
            amount: amount.map(Money::dong),
        },
        (false, _, Some(reason)) if !reason.trim().is_empty() => BankDecision::Reject { reason },
        (false, _, _) => return Err(invalid("reason", Code::Required)),
    };
    let what = match &decision {
        BankDecision::Approve { amount: Some(a) } => format!("✓ {} đ", a.as_dong()),
        BankDecision::Approve { amount: None } => "✓".to_owned(),
        BankDecision::Reject { reason } => format!("✗ {reason}"),
    };
    let status = match decide(&state.db, uuid, decision).await {
        Ok(s) => s,
        Err(e) => {
            audit(
                &state,
                Some(&c),
                "decide",
                Some(id),
                false,
                Some(&e.to_string()),
            )
            .await;
            return Err(match e {
                DecisionError::NotFound(_) => ConsoleError::NotFound,
                DecisionError::NotSentToBank(_) => invalid("status", Code::InvalidTransition),
                DecisionError::AboveRequested => invalid("amount", Code::AboveRequested),
                DecisionError::Invalid(d) => d.into(),
                DecisionError::Db(d) => d.into(),
                other => ConsoleError::Internal(other.to_string()),
            });
        }
    };
    audit(
        &state,
        Some(&c),
        "decide",
        Some(id.clone()),
        true,
        Some(&what),
    )
    .await;
    Ok(Json(Decided {
        application_id: id,
        status,
    }))
}
