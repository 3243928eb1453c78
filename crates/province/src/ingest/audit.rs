//! What a push leaves in the audit: the row of a refusal without a change row of its own, and
//! the outcome names stored with each change.

use super::plan::Refusal;
use super::{Item, Prepared};
use vonxa_protocol::{Outcome, RejectCode};

/// The audit row of a refusal that has no change row of its own.
pub(super) fn refusal(page: &Prepared, item: &Item, code: RejectCode) -> Refusal {
    let c = &item.change;
    Refusal {
        change_id: c.change_id.0,
        device_id: c.device_id,
        user_id: c.user_id.clone(),
        entity: c.entity.as_str().to_owned(),
        entity_id: c.entity_id,
        body_hash: item.hash.clone(),
        code: code.as_str().to_owned(),
        received_at: page.received_at.clone(),
    }
}

pub fn outcome_str(o: Outcome) -> &'static str {
    match o {
        Outcome::Accepted => "accepted",
        Outcome::Rejected => "rejected",
        Outcome::Conflict => "conflict",
    }
}
