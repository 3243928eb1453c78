//! The records of a group's vetting meeting (10/TD): the meeting with its attendance, and
//! one decision per application, append-only. A decision carries the attendance it was taken
//! under, so anyone (the province included) can check its quorum, votes and reason without
//! the rest of the store; the store checks that the snapshot is the meeting's.

use super::application::Event;
use super::meeting::{Decision, DecisionFacts, QuorumRule, Votes, validate_decision};
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::{
    ApplicationId, GroupId, HouseholdId, MeetingId, PersonId, PointId, VettingDecisionId,
};
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
    /// The chair when a member of the group (the leader, or the deputy when the leader's own
    /// household is vetted); `None` when an officer from outside the group chairs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chair_id: Option<PersonId>,
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
    /// Called off before any decision: kept with its reason, out of the open meetings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled: Option<Cancellation>,
}

/// Why and when a meeting was called off.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cancellation {
    pub on: NaiveDate,
    pub reason: String,
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
        if let Some(c) = &mut self.cancelled {
            c.reason = required_text("cancelReason", &c.reason, 500)?;
            not_future("cancelledOn", c.on, today)?;
            if c.on < self.held_on {
                return Err(DomainError::invalid("cancelledOn", Code::DateOrder));
            }
        }
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

    /// May this version replace the stored one (`old`), `decided` saying whether a decision
    /// was taken under it? A cancelled meeting is final. Until the first decision the details
    /// and the attendance can be mended, or the meeting cancelled; after it the attendance is
    /// history and the meeting stands.
    pub fn may_replace(&self, old: &Meeting, decided: bool) -> DomainResult<()> {
        if old.cancelled.is_some() {
            return Err(DomainError::invalid("cancelReason", Code::MeetingCancelled));
        }
        if decided && self.cancelled.is_some() {
            return Err(DomainError::invalid(
                "cancelReason",
                Code::InvalidTransition,
            ));
        }
        let same = old.present == self.present
            && old.members_total == self.members_total
            && old.quorum == self.quorum
            && old.held_on == self.held_on;
        if decided && !same {
            return Err(DomainError::invalid("present", Code::AppendOnly));
        }
        Ok(())
    }
}

/// Read-only answers about the stored records a meeting (10/TD) is checked against: the
/// device's store answers with SQL, the province from what it loaded for the page.
pub trait MeetingFacts {
    type Error: From<DomainError>;

    /// The point of a group, if the group is known.
    fn group_point(&self, group: GroupId) -> Result<Option<PointId>, Self::Error>;
    /// The group's members on a day.
    fn members_on(
        &self,
        group: GroupId,
        day: NaiveDate,
    ) -> Result<HashSet<HouseholdId>, Self::Error>;
    /// The meeting as stored before this write.
    fn stored_meeting(&self, id: MeetingId) -> Result<Option<Meeting>, Self::Error>;
    /// Was a decision taken under the meeting?
    fn decided(&self, id: MeetingId) -> Result<bool, Self::Error>;
}

/// A meeting against what is stored: of a group of its point, with the group's members of the
/// day as its total and only them present; a stored meeting is mended or cancelled only as
/// [`Meeting::may_replace`] allows.
pub fn check_meeting_record<F: MeetingFacts>(f: &F, m: &Meeting) -> Result<(), F::Error> {
    let bad = |field, code| -> F::Error { DomainError::invalid(field, code).into() };
    let point = f
        .group_point(m.group_id)?
        .ok_or_else(|| bad("groupId", Code::NotFound))?;
    if point != m.point_id {
        return Err(bad("pointId", Code::InvalidValue));
    }
    let members = f.members_on(m.group_id, m.held_on)?;
    if u32::try_from(members.len()).ok() != Some(m.members_total) {
        return Err(bad("membersTotal", Code::InvalidValue));
    }
    if !m.present.iter().all(|h| members.contains(h)) {
        return Err(bad("present", Code::InvalidValue));
    }
    if let Some(old) = f.stored_meeting(m.id)? {
        m.may_replace(&old, f.decided(m.id)?)?;
    }
    Ok(())
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

    /// May the decision be taken under `m`, the meeting it names: not cancelled, and the
    /// attendance it carries is the meeting's.
    pub fn check_meeting(&self, m: &Meeting) -> DomainResult<()> {
        if m.cancelled.is_some() {
            return Err(DomainError::invalid("meetingId", Code::MeetingCancelled));
        }
        if !self.matches(m) {
            return Err(DomainError::invalid("attendance", Code::InvalidValue));
        }
        Ok(())
    }

    /// The decision against the people in the room. The chair's household (`chair`, when a
    /// member chairs) is neither the applicant's nor kin of it (`related`:
    /// `reference::rules::related` of the applicant): the deputy chairs instead. And the
    /// decision counts as not voting every household present that may not vote on it: a board
    /// member's own (`board`: the group's seats, each with its holder's household) and every
    /// kin household, so a count that hides one is refused.
    pub fn check_conflicts(
        &self,
        m: &Meeting,
        board: &[BoardSeat],
        related: &HashSet<HouseholdId>,
        chair: Option<HouseholdId>,
    ) -> DomainResult<()> {
        if chair.is_some_and(|c| related.contains(&c)) {
            return Err(DomainError::invalid("chair", Code::RelatedHousehold));
        }
        if self.conflicted_present != conflicted_present(m, self.household_id, board, related) {
            return Err(DomainError::invalid("votes", Code::ConflictOfInterest));
        }
        Ok(())
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

/// A seat on a group's board over a period, with the household of the person holding it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BoardSeat {
    pub from: NaiveDate,
    pub to: Option<NaiveDate>,
    pub household: HouseholdId,
}

/// Households present at `m` that may not vote on `household`'s application (one vote per
/// household present): the applicant's own when a board member holds a seat for it on the day,
/// and every household present kin with it (`related`, which holds `household` itself).
pub fn conflicted_present(
    m: &Meeting,
    household: HouseholdId,
    board: &[BoardSeat],
    related: &HashSet<HouseholdId>,
) -> u32 {
    let seated = board.iter().any(|s| {
        s.household == household && s.from <= m.held_on && s.to.is_none_or(|t| t > m.held_on)
    });
    let own = u32::from(seated && m.present.contains(&household));
    let kin = m
        .present
        .iter()
        .filter(|h| **h != household && related.contains(h))
        .count();
    own.saturating_add(u32::try_from(kin).unwrap_or(u32::MAX))
}
