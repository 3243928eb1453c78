//! The group meeting (10/TD) on the device: attendance checked against the group's members on
//! the day, and each decision checked against its meeting, its application and the board
//! members present whose own household applied; recording a decision moves the application.

use crate::error::{StoreError, StoreResult};
use crate::queries::{active_members, docs};
use crate::records::{Record, find, load};
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use std::collections::HashSet;
use uuid::Uuid;
use vonxa_domain::credit::application::{Event, Status, next};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::vetting::{
    BoardSeat, Meeting, MeetingFacts, VettingDecision, check_meeting_record, conflicted_present,
};
use vonxa_domain::entity::{EntityKind, Op, Origin};
use vonxa_domain::reference::rules::related;
use vonxa_domain::reference::{Group, GroupRole, Household, Person};
use vonxa_domain::user::User;
use vonxa_domain::{
    Code, DomainError, GroupId, HouseholdId, MeetingId, PersonId, PointId, StatusChangeId,
};

impl Record for Meeting {
    const KIND: EntityKind = EntityKind::Meeting;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(today)?;
        check_meeting_record(&StoreFacts(tx), &s)?;
        Ok(s)
    }
}

/// The stored group, its members and meetings, as the meeting rules read them.
struct StoreFacts<'c>(&'c Connection);

impl MeetingFacts for StoreFacts<'_> {
    type Error = StoreError;

    fn group_point(&self, group: GroupId) -> StoreResult<Option<PointId>> {
        Ok(find::<Group>(self.0, group.as_uuid())?.map(|g| g.point_id))
    }

    fn members_on(&self, group: GroupId, day: NaiveDate) -> StoreResult<HashSet<HouseholdId>> {
        active_members(self.0, group, day)
    }

    fn stored_meeting(&self, id: MeetingId) -> StoreResult<Option<Meeting>> {
        find(self.0, id.as_uuid())
    }

    fn decided(&self, id: MeetingId) -> StoreResult<bool> {
        let n: i64 = self
            .0
            .prepare_cached("SELECT count(*) FROM vetting_decisions WHERE meeting_id = ?1")?
            .query_row([id.to_string()], |r| r.get(0))?;
        Ok(n > 0)
    }
}

impl Record for VettingDecision {
    const KIND: EntityKind = EntityKind::VettingDecision;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, tx: &Transaction<'_>, _today: NaiveDate) -> StoreResult<Self> {
        let m: Meeting = load(tx, self.meeting_id.as_uuid())
            .map_err(|_| DomainError::invalid("meetingId", Code::NotFound))?;
        self.check_meeting(&m)?;
        let app: Application = load(tx, self.application_id.as_uuid())
            .map_err(|_| DomainError::invalid("applicationId", Code::NotFound))?;
        if app.household_id != self.household_id || app.amount != self.requested {
            return Err(DomainError::invalid("applicationId", Code::InvalidValue).into());
        }
        let g: Group = load(tx, m.group_id.as_uuid())?;
        if !active_members(tx, g.id, m.held_on)?.contains(&app.household_id) {
            return Err(DomainError::invalid("applicationId", Code::InvalidValue).into());
        }
        let related = related_of(tx, app.household_id, &m.present)?;
        let chair = household_of(tx, m.chair_id)?;
        self.check_conflicts(&m, &board(tx, m.group_id)?, &related, chair)?;
        Ok(self.validate()?)
    }
}

/// The seats of a group's board, each with its holder's household (the facts of
/// `VettingDecision::check_conflicts`).
pub fn board(conn: &Connection, group: GroupId) -> StoreResult<Vec<BoardSeat>> {
    let roles: Vec<GroupRole> = docs(
        conn,
        "SELECT doc FROM group_roles WHERE json_extract(doc, '$.groupId') = ?1",
        [group.to_string()],
    )?;
    roles
        .iter()
        .map(|r| {
            let p: Person = load(conn, r.person_id.as_uuid())?;
            Ok(BoardSeat {
                from: r.from,
                to: r.to,
                household: p.household_id,
            })
        })
        .collect()
}

/// Households present at `m` that may not vote on `household`'s application: a board
/// member's own, and the kin ones (`credit::vetting::conflicted_present`).
pub fn conflicted(conn: &Connection, m: &Meeting, household: HouseholdId) -> StoreResult<u32> {
    let related = related_of(conn, household, &m.present)?;
    Ok(conflicted_present(
        m,
        household,
        &board(conn, m.group_id)?,
        &related,
    ))
}

/// `reference::rules::related` of `of`: its household's declarations and those of
/// `candidates` (the households present, the checkers').
pub fn related_of(
    conn: &Connection,
    of: HouseholdId,
    candidates: &[HouseholdId],
) -> StoreResult<HashSet<HouseholdId>> {
    let mut known = Vec::new();
    for id in std::iter::once(&of).chain(candidates) {
        known.extend(find::<Household>(conn, id.as_uuid())?);
    }
    Ok(related(of, &known))
}

/// The household of a person named by id (a chair, a checker); `None` when not named or not
/// known here.
pub fn household_of(
    conn: &Connection,
    person: Option<PersonId>,
) -> StoreResult<Option<HouseholdId>> {
    match person {
        Some(p) => Ok(find::<Person>(conn, p.as_uuid())?.map(|p| p.household_id)),
        None => Ok(None),
    }
}

impl crate::Store {
    /// Record a meeting's decision and move its application: scheduled for vetting first if it
    /// was only submitted, then approved, rejected or deferred; one transaction.
    pub fn record_decision(
        &mut self,
        actor: &User,
        d: VettingDecision,
    ) -> StoreResult<Application> {
        let app: Application = load(self.connection(), d.application_id.as_uuid())?;
        let mut events = Vec::new();
        if app.status == Status::SubmittedToGroup {
            events.push(Event::Schedule);
        }
        events.push(d.event());
        let on = self.today();
        let reason = d.reason.clone();
        let mut moved = app;
        self.record_batch(|b| {
            b.record(actor, Op::Insert, d, Origin::Local)?;
            for e in events {
                let to = next(moved.status, e)
                    .ok_or_else(|| DomainError::invalid("status", Code::InvalidTransition))?;
                let change = StatusChange {
                    certification: None,
                    id: StatusChangeId(Uuid::now_v7()),
                    application_id: moved.id,
                    household_id: moved.household_id,
                    event: e,
                    from: moved.status,
                    to,
                    reason: if e == Event::Schedule {
                        None
                    } else {
                        reason.clone()
                    },
                    amount: None,
                    on,
                };
                b.record(actor, Op::Insert, change, Origin::Local)?;
                moved = Application {
                    status: to,
                    ..moved.clone()
                };
                b.record(actor, Op::Update, moved.clone(), Origin::Local)?;
            }
            Ok(())
        })?;
        Ok(moved)
    }

    /// The group's active members on a day, for the attendance grid.
    pub fn group_members_on(&self, g: &Group, day: NaiveDate) -> StoreResult<HashSet<HouseholdId>> {
        active_members(self.connection(), g.id, day)
    }
}
