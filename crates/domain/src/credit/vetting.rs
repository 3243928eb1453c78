//! The records of a group's vetting meeting (10/TD): the meeting with its attendance, and
//! one decision per application, append-only. A decision carries the attendance it was taken
//! under, so anyone (the province included) can check its quorum, votes and reason without
//! the rest of the store; the store checks that the snapshot is the meeting's.

use super::application::Event;
use super::meeting::{Decision, DecisionFacts, QuorumRule, Votes, validate_decision};
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::{ApplicationId, GroupId, HouseholdId, MeetingId, PointId, VettingDecisionId};
use crate::money::Money;
use crate::reference::{not_future, optional_text, required_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// Biên bản họp tổ (10/TD).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Meeting {
    pub id: MeetingId,
    pub group_id: GroupId,
    pub point_id: PointId,
    pub held_on: NaiveDate,
    pub place: String,
    pub chair: String,
    pub secretary: String,
    /// Representatives of the organisation, the village head, the bank.
    pub guests: Option<String>,
    /// Member households of the group on the day.
    pub members_total: u32,
    /// Member households present.
    pub present: Vec<HouseholdId>,
    /// The quorum rule in force (versioned setting) when the meeting was held.
    pub quorum: QuorumRule,
    pub minutes: Option<String>,
}

impl Meeting {
    pub fn validate(mut self, today: NaiveDate) -> DomainResult<Self> {
        self.place = required_text("place", &self.place, 200)?;
        self.chair = required_text("chair", &self.chair, 120)?;
        self.secretary = required_text("secretary", &self.secretary, 120)?;
        self.guests = optional_text("guests", self.guests.as_deref(), 500)?;
        self.minutes = optional_text("minutes", self.minutes.as_deref(), 5000)?;
        not_future("heldOn", self.held_on, today)?;
        self.quorum = self.quorum.validate()?;
        let distinct: HashSet<_> = self.present.iter().collect();
        if distinct.len() != self.present.len()
            || self.present.len() as u64 > u64::from(self.members_total)
        {
            return Err(DomainError::invalid("present", Code::InvalidValue));
        }
        Ok(self)
    }

    pub fn present_count(&self) -> u32 {
        u32::try_from(self.present.len()).unwrap_or(u32::MAX)
    }

    pub fn quorum_met(&self) -> bool {
        self.quorum.met(self.members_total, self.present_count())
    }
}

/// The meeting's decision on one application.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VettingDecision {
    pub id: VettingDecisionId,
    pub meeting_id: MeetingId,
    pub application_id: ApplicationId,
    pub household_id: HouseholdId,
    /// The amount the application asked for.
    pub requested: Money,
    /// The meeting's attendance when it decided.
    pub members_total: u32,
    pub present: u32,
    pub quorum: QuorumRule,
    /// Board members present whose own household applied (they may not vote on it).
    pub conflicted_present: u32,
    pub votes: Votes,
    pub decision: Decision,
    pub approved_amount: Option<Money>,
    pub reason: Option<String>,
}

impl VettingDecision {
    /// Quorum, votes, amount and reason: the rules of `meeting::validate_decision`.
    pub fn validate(mut self) -> DomainResult<Self> {
        self.reason = optional_text("reason", self.reason.as_deref(), 500)?;
        validate_decision(&DecisionFacts {
            rule: self.quorum.validate()?,
            members_total: self.members_total,
            present: self.present,
            conflicted_present: self.conflicted_present,
            requested: self.requested,
            decision: self.decision,
            approved_amount: self.approved_amount,
            reason: self.reason.as_deref(),
            votes: self.votes,
        })?;
        Ok(self)
    }

    /// The status event the decision moves its application by.
    pub fn event(&self) -> Event {
        match self.decision {
            Decision::Approve | Decision::ApproveReduced => Event::VetApprove,
            Decision::Reject => Event::VetReject,
            Decision::Defer => Event::VetDefer,
        }
    }

    /// Does the decision agree with the meeting it names?
    pub fn matches(&self, m: &Meeting) -> bool {
        self.meeting_id == m.id
            && self.members_total == m.members_total
            && self.present == m.present_count()
            && self.quorum == m.quorum
    }
}

#[cfg(test)]
#[path = "vetting_tests.rs"]
mod tests;
