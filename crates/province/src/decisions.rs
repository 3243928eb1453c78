//! The bank's decision on an application (04/TD), recorded at the province: a status change
//! only the province may write, and the application with its new status, as one import that
//! devices in scope pull.

use crate::admin;
use crate::db::{Backend, RefRecord};
use chrono::Utc;
use uuid::Uuid;
use vonxa_domain::credit::application::{Actor, Event, Status, transition};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::{Money, StatusChangeId};
use vonxa_protocol::PushResult;

/// What the bank decided on one line of a 03/TD list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BankDecision {
    /// Approved, for the amount given (`None`: the amount requested).
    Approve {
        amount: Option<Money>,
    },
    Reject {
        reason: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum DecisionError {
    #[error("no application {0} at the province")]
    NotFound(Uuid),
    #[error("the application is {0:?}; the bank decides on applications sent to the bank")]
    NotSentToBank(Status),
    #[error("{0}")]
    Invalid(#[from] vonxa_domain::DomainError),
    #[error("the approved amount is above the amount requested")]
    AboveRequested,
    #[error("refused by the province's checks: {0:?}")]
    Refused(Vec<PushResult>),
    #[error(transparent)]
    Db(#[from] crate::db::DbError),
    #[error(transparent)]
    Json(#[from] serde_json::Error),
}

/// Record the bank's decision on application `id`. Returns the new status.
pub async fn decide<B: Backend>(
    db: &B,
    id: Uuid,
    decision: BankDecision,
) -> Result<Status, DecisionError> {
    let record = db.record(id).await?.filter(|r| r.entity == "application");
    let app: Application = match record {
        Some(r) => serde_json::from_value(r.payload)?,
        None => return Err(DecisionError::NotFound(id)),
    };
    if app.status != Status::SentToBank {
        return Err(DecisionError::NotSentToBank(app.status));
    }
    let (event, reason, amount) = match decision {
        BankDecision::Approve { amount } => {
            if amount.is_some_and(|a| a > app.amount) {
                return Err(DecisionError::AboveRequested);
            }
            (Event::BankApprove, None, Some(amount.unwrap_or(app.amount)))
        }
        BankDecision::Reject { reason } => (Event::BankReject, Some(reason), None),
    };
    let to = transition(app.status, event, Actor::Province, reason.as_deref())?;
    let today = Utc::now().date_naive();
    let change = StatusChange {
        certification: None,
        id: StatusChangeId(Uuid::now_v7()),
        application_id: app.id,
        household_id: app.household_id,
        event,
        from: app.status,
        to,
        reason,
        amount,
        on: today,
    }
    .validate(Actor::Province, today)?;
    let moved = Application { status: to, ..app };
    let results = admin::import(
        db,
        vec![
            RefRecord {
                entity: "application_status".into(),
                payload: serde_json::to_value(&change)?,
            },
            RefRecord {
                entity: "application".into(),
                payload: serde_json::to_value(&moved)?,
            },
        ],
    )
    .await?;
    if results.iter().any(|r| r.server_seq.is_none()) {
        return Err(DecisionError::Refused(results));
    }
    Ok(to)
}
