//! The resolution of a discrepancy case: a handover or a session close whose counted cash
//! differed from the system's figure stays open until one resolution record says how it was
//! dealt with. Append-only and chained like every money record; one per case.
//!
//! The rules over the case (it exists, it really is a discrepancy, not resolved already, an
//! amount made good within the difference) and over who may resolve are here once: the device
//! store and the province gather the facts and call them.

use crate::error::{Code, DomainError, DomainResult};
use crate::ids::{CashSessionId, DiscrepancyResolutionId, PointId};
use crate::journal::ChainLink;
use crate::money::Money;
use crate::reference::{not_future, required_text};
use crate::roles::{self, Action, Role};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Handover, SessionClose};

/// Which record holds the case.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseKind {
    Handover,
    Close,
}

impl CaseKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CaseKind::Handover => "handover",
            CaseKind::Close => "close",
        }
    }

    pub fn parse(s: &str) -> Option<CaseKind> {
        [CaseKind::Handover, CaseKind::Close]
            .into_iter()
            .find(|k| k.as_str() == s)
    }
}

/// How the case was dealt with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResolutionOutcome {
    /// The missing or extra cash was settled (paid in or out at a session).
    MadeGood,
    /// A recount, or the bank, found the system figure or the count was wrong.
    CountingError,
    /// Referred to the bank's district office or its inspection.
    Escalated,
}

impl ResolutionOutcome {
    pub const ALL: [ResolutionOutcome; 3] = [
        ResolutionOutcome::MadeGood,
        ResolutionOutcome::CountingError,
        ResolutionOutcome::Escalated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ResolutionOutcome::MadeGood => "made_good",
            ResolutionOutcome::CountingError => "counting_error",
            ResolutionOutcome::Escalated => "escalated",
        }
    }

    pub fn parse(s: &str) -> Option<ResolutionOutcome> {
        Self::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyResolution {
    pub id: DiscrepancyResolutionId,
    pub point_id: PointId,
    pub case_kind: CaseKind,
    /// The handover's or the close's id.
    pub case_id: Uuid,
    pub outcome: ResolutionOutcome,
    /// Made good: the amount settled (> 0, at most the difference).
    pub amount: Option<Money>,
    /// Made good: the session at which the cash was paid in or out.
    pub settled_in_session: Option<CashSessionId>,
    pub note: String,
    pub resolved_on: NaiveDate,
    pub resolved_by: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<ChainLink>,
}

/// The facts of a case a resolution is decided against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Case {
    pub kind: CaseKind,
    pub id: Uuid,
    pub point_id: PointId,
    /// Counted − system figure.
    pub difference: Money,
}

impl Case {
    pub fn of_handover(h: &Handover) -> DomainResult<Case> {
        Ok(Case {
            kind: CaseKind::Handover,
            id: h.id.as_uuid(),
            point_id: h.point_id,
            difference: h.difference()?,
        })
    }

    pub fn of_close(c: &SessionClose) -> DomainResult<Case> {
        Ok(Case {
            kind: CaseKind::Close,
            id: c.id.as_uuid(),
            point_id: c.point_id,
            difference: c.difference()?,
        })
    }

    /// A case is a discrepancy when the counted cash differs from the system's figure.
    pub fn is_discrepancy(&self) -> bool {
        self.difference != Money::ZERO
    }
}

impl DiscrepancyResolution {
    /// The record by itself.
    pub fn validate(mut self, today: NaiveDate) -> DomainResult<Self> {
        self.note = required_text("note", &self.note, 1000)?;
        self.resolved_by = required_text("resolvedBy", &self.resolved_by, 120)?;
        not_future("resolvedOn", self.resolved_on, today)?;
        match self.outcome {
            ResolutionOutcome::MadeGood => {
                let amount = self
                    .amount
                    .ok_or_else(|| DomainError::invalid("amount", Code::Required))?;
                if amount.is_negative() {
                    return Err(DomainError::invalid("amount", Code::Negative));
                }
                if amount == Money::ZERO {
                    return Err(DomainError::invalid("amount", Code::InvalidValue));
                }
                if self.settled_in_session.is_none() {
                    return Err(DomainError::invalid("settledInSession", Code::Required));
                }
            }
            ResolutionOutcome::CountingError | ResolutionOutcome::Escalated => {
                if self.amount.is_some() {
                    return Err(DomainError::invalid("amount", Code::InvalidValue));
                }
                if self.settled_in_session.is_some() {
                    return Err(DomainError::invalid("settledInSession", Code::InvalidValue));
                }
            }
        }
        Ok(self)
    }

    /// The rules over the case: it exists (`None`: not found), is of the kind and point the
    /// resolution names, really is a discrepancy, has no resolution yet, and an amount made
    /// good is not more than the difference.
    pub fn against_case(&self, case: Option<&Case>, already_resolved: bool) -> DomainResult<()> {
        let case = case.ok_or_else(|| DomainError::invalid("caseId", Code::NotFound))?;
        if case.id != self.case_id || case.kind != self.case_kind {
            return Err(DomainError::invalid("caseKind", Code::InvalidValue));
        }
        if case.point_id != self.point_id {
            return Err(DomainError::invalid("pointId", Code::InvalidValue));
        }
        if !case.is_discrepancy() {
            return Err(DomainError::invalid("caseId", Code::NoDiscrepancy));
        }
        if already_resolved {
            return Err(DomainError::invalid("caseId", Code::AlreadyResolved));
        }
        if let Some(amount) = self.amount {
            let limit = Money::dong(case.difference.as_dong().checked_abs().unwrap_or(i64::MAX));
            if amount > limit {
                return Err(DomainError::invalid("amount", Code::OverDifference));
            }
        }
        Ok(())
    }

    /// The session a made-good amount was settled at: known (`None`: not found), at the
    /// resolution's point and still open (`closed`), since the cash goes into its till.
    pub fn settled_at(&self, session: Option<(PointId, bool)>) -> DomainResult<()> {
        if self.settled_in_session.is_none() {
            return Ok(());
        }
        match session {
            None => Err(DomainError::invalid("settledInSession", Code::NotFound)),
            Some((p, _)) if p != self.point_id => {
                Err(DomainError::invalid("settledInSession", Code::InvalidValue))
            }
            Some((_, true)) => Err(DomainError::invalid(
                "settledInSession",
                Code::SessionClosed,
            )),
            Some(_) => Ok(()),
        }
    }

    /// What the resolution does to the till of the session it was settled at: a shortfall
    /// made good brings the missing cash in, a surplus made good pays it back out; the other
    /// outcomes move no cash. Counted in that session's system total (`session::system_total`).
    pub fn till_effect(&self, case: &Case) -> Money {
        match (self.outcome, self.amount) {
            (ResolutionOutcome::MadeGood, Some(amount)) if case.difference.is_negative() => amount,
            (ResolutionOutcome::MadeGood, Some(amount)) => Money::dong(-amount.as_dong()),
            _ => Money::ZERO,
        }
    }
}

/// May a user (or a device) of `role` resolve a case of this kind? The point team and the
/// administrator may; a group leader handed the cash over and never resolves a handover's
/// case (conflict of interest), nor any other.
pub fn may_resolve(role: Role, kind: CaseKind) -> DomainResult<()> {
    if role == Role::GroupLeader && kind == CaseKind::Handover {
        return Err(DomainError::invalid("caseId", Code::OwnCase));
    }
    if !roles::allowed(role, Action::ResolveDiscrepancy) {
        return Err(DomainError::Forbidden {
            action: "resolve_discrepancy".into(),
        });
    }
    Ok(())
}

#[cfg(test)]
#[path = "resolution_tests.rs"]
mod tests;
