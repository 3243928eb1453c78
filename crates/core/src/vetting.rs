//! The group meeting (10/TD): the sheet of one group (members, waiting applications, past
//! meetings), saving a meeting with its attendance, and recording a decision.

use crate::contract::{
    AttendeeRow, CancelMeeting, DecisionInfo, DecisionInput, MeetingInfo, MeetingInput,
    MeetingSheet,
};
use crate::credit::info;
use crate::error::{CoreResult, IpcError};
use crate::{App, Session, map};
use std::collections::HashSet;
use uuid::Uuid;
use vonxa_domain::credit::application::Status;
use vonxa_domain::credit::dossier::Application;
use vonxa_domain::credit::meeting::Votes;
use vonxa_domain::credit::vetting::{Cancellation, Meeting, VettingDecision};
use vonxa_domain::entity::Op;
use vonxa_domain::reference::{Group, GroupRole, Household, Person};
use vonxa_domain::*;
use vonxa_store::Store;
use vonxa_store::queries::active_members;
use vonxa_store::queries::docs;
use vonxa_store::records::load;
use vonxa_store::settings::quorum_rule;
use vonxa_store::vetting::conflicted;

fn head_name(store: &Store, h: HouseholdId) -> CoreResult<Option<String>> {
    let h: Household = load(store.connection(), h.as_uuid())?;
    Ok(match h.head_person_id {
        Some(p) => Some(load::<Person>(store.connection(), p.as_uuid())?.full_name),
        None => None,
    })
}

pub(crate) fn meeting_info(store: &Store, m: &Meeting) -> CoreResult<MeetingInfo> {
    let decisions: Vec<VettingDecision> = docs(
        store.connection(),
        "SELECT doc FROM vetting_decisions WHERE meeting_id = ?1 ORDER BY rowid",
        [m.id.to_string()],
    )?;
    Ok(MeetingInfo {
        id: m.id.to_string(),
        held_on: map::iso(m.held_on),
        place: m.place.clone(),
        chair: m.chair.clone(),
        secretary: m.secretary.clone(),
        guests: m.guests.clone(),
        minutes: m.minutes.clone(),
        members_total: m.members_total,
        present: m.present.iter().map(ToString::to_string).collect(),
        quorum_met: m.quorum_met(),
        minimum_present: m.quorum.minimum_present(m.members_total),
        cancelled_on: m.cancelled.as_ref().map(|c| map::iso(c.on)),
        cancel_reason: m.cancelled.as_ref().map(|c| c.reason.clone()),
        decisions: decisions
            .iter()
            .map(|d| {
                Ok(DecisionInfo {
                    id: d.id.to_string(),
                    application_id: d.application_id.to_string(),
                    head_name: head_name(store, d.household_id)?,
                    requested: d.requested.as_dong(),
                    votes_for: d.votes.for_,
                    votes_against: d.votes.against,
                    votes_abstain: d.votes.abstain,
                    decision: d.decision.into(),
                    approved_amount: d.approved_amount.map(Money::as_dong),
                    reason: d.reason.clone(),
                })
            })
            .collect::<CoreResult<_>>()?,
    })
}

fn sheet(store: &Store, group: GroupId) -> CoreResult<MeetingSheet> {
    let conn = store.connection();
    let g: Group = load(conn, group.as_uuid())?;
    let today = store.today();
    let members = active_members(conn, g.id, today)?;
    let roles: Vec<GroupRole> = docs(
        conn,
        "SELECT doc FROM group_roles WHERE json_extract(doc, '$.groupId') = ?1",
        [group.to_string()],
    )?;
    let mut board = HashSet::new();
    for r in roles.iter().filter(|r| r.to.is_none_or(|t| t > today)) {
        board.insert(load::<Person>(conn, r.person_id.as_uuid())?.household_id);
    }
    let mut rows = members
        .iter()
        .map(|h| {
            Ok(AttendeeRow {
                household_id: h.to_string(),
                head_name: head_name(store, *h)?,
                board: board.contains(h),
            })
        })
        .collect::<CoreResult<Vec<_>>>()?;
    // As Vietnamese lists are read: by given name, then the rest of the name.
    rows.sort_by_cached_key(|r| {
        r.head_name
            .as_deref()
            .map(vonxa_domain::text::name_sort_key)
    });
    let apps: Vec<Application> = docs(
        conn,
        "SELECT doc FROM applications WHERE status IN ('submitted_to_group', 'scheduled_for_vetting')
         ORDER BY applied_on, id",
        [],
    )?;
    let meetings: Vec<Meeting> = docs(
        conn,
        "SELECT doc FROM meetings WHERE group_id = ?1 ORDER BY held_on DESC, id DESC",
        [group.to_string()],
    )?;
    let rule = quorum_rule(conn)?;
    Ok(MeetingSheet {
        group_id: g.id.to_string(),
        group_name: g.name.clone(),
        members: rows,
        quorum_numerator: rule.numerator,
        quorum_denominator: rule.denominator,
        minimum_present: rule.minimum_present(u32::try_from(members.len()).unwrap_or(u32::MAX)),
        waiting: apps
            .iter()
            .filter(|a| members.contains(&a.household_id))
            .map(|a| info(store, a))
            .collect::<CoreResult<_>>()?,
        meetings: meetings
            .iter()
            .map(|m| meeting_info(store, m))
            .collect::<CoreResult<_>>()?,
    })
}

impl Session {
    fn save_meeting(&mut self, input: MeetingInput) -> CoreResult<MeetingInfo> {
        let conn = self.store.connection();
        let group: GroupId = map::id(&input.group_id, "groupId")?;
        let g: Group = load(conn, group.as_uuid())
            .map_err(|_| DomainError::invalid("groupId", Code::NotFound))?;
        let held_on = map::date(&input.held_on, "heldOn")?;
        let present = input
            .present
            .iter()
            .map(|h| map::id(h, "present"))
            .collect::<CoreResult<Vec<HouseholdId>>>()?;
        let (op, id, quorum) = match &input.id {
            Some(id) => {
                let old: Meeting = load(conn, map::id::<MeetingId>(id, "id")?.as_uuid())?;
                (Op::Update, old.id, old.quorum)
            }
            None => (Op::Insert, MeetingId(Uuid::now_v7()), quorum_rule(conn)?),
        };
        let chair_id =
            vonxa_store::queries::member_person_named(conn, g.id, held_on, &input.chair)?;
        let m = Meeting {
            chair_id,
            id,
            group_id: g.id,
            point_id: g.point_id,
            held_on,
            place: input.place,
            chair: input.chair,
            secretary: input.secretary,
            guests: map::opt_text(input.guests),
            members_total: u32::try_from(active_members(conn, g.id, held_on)?.len()).unwrap_or(0),
            present,
            quorum,
            minutes: map::opt_text(input.minutes),
            cancelled: None,
        };
        self.store.record(&self.user, op, m.clone())?;
        meeting_info(&self.store, &load(self.store.connection(), id.as_uuid())?)
    }

    /// Call off a meeting under which nothing was decided: kept, with its reason and date.
    fn cancel_meeting(&mut self, input: CancelMeeting) -> CoreResult<MeetingInfo> {
        let id: MeetingId = map::id(&input.meeting_id, "meetingId")?;
        let old: Meeting = load(self.store.connection(), id.as_uuid())
            .map_err(|_| DomainError::invalid("meetingId", Code::NotFound))?;
        let m = Meeting {
            cancelled: Some(Cancellation {
                on: self.store.today(),
                reason: input.reason,
            }),
            ..old
        };
        self.store.record(&self.user, Op::Update, m)?;
        meeting_info(&self.store, &load(self.store.connection(), id.as_uuid())?)
    }

    fn record_decision(&mut self, input: DecisionInput) -> CoreResult<MeetingInfo> {
        let conn = self.store.connection();
        let m: Meeting = load(
            conn,
            map::id::<MeetingId>(&input.meeting_id, "meetingId")?.as_uuid(),
        )?;
        let app: Application = load(
            conn,
            map::id::<ApplicationId>(&input.application_id, "applicationId")?.as_uuid(),
        )?;
        if !matches!(
            app.status,
            Status::SubmittedToGroup | Status::ScheduledForVetting
        ) {
            return Err(DomainError::invalid("status", Code::InvalidTransition).into());
        }
        let d = VettingDecision {
            id: VettingDecisionId(Uuid::now_v7()),
            meeting_id: m.id,
            application_id: app.id,
            household_id: app.household_id,
            requested: app.amount,
            members_total: m.members_total,
            present: m.present_count(),
            quorum: m.quorum,
            conflicted_present: conflicted(conn, &m, app.household_id)?,
            votes: Votes {
                for_: input.votes_for,
                against: input.votes_against,
                abstain: input.votes_abstain,
            },
            decision: input.decision.into(),
            approved_amount: input.approved_amount.map(Money::dong),
            reason: map::opt_text(input.reason),
        };
        self.store.record_decision(&self.user, d)?;
        meeting_info(&self.store, &m)
    }
}

impl App {
    pub fn meeting_sheet(&self, group_id: String) -> Result<MeetingSheet, IpcError> {
        self.with(|s| sheet(&s.store, map::id(&group_id, "groupId")?))
    }

    pub fn save_meeting(&self, input: MeetingInput) -> Result<MeetingInfo, IpcError> {
        self.with(|s| s.save_meeting(input))
    }

    pub fn cancel_meeting(&self, input: CancelMeeting) -> Result<MeetingInfo, IpcError> {
        self.with(|s| s.cancel_meeting(input))
    }

    pub fn record_decision(&self, input: DecisionInput) -> Result<MeetingInfo, IpcError> {
        self.with(|s| s.record_decision(input))
    }
}
