//! Credit records on the device: the bank's loans (read only), applications (01/TD) with the
//! facts their eligibility is decided from, and each change of an application's status.

use crate::error::{StoreError, StoreResult};
use crate::queries::{self, docs};
use crate::records::{Record, find, load, must_exist};
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use uuid::Uuid;
use vonxa_domain::credit::application::{Actor, Event, Status};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::eligibility::{self, Facts, Reason};
use vonxa_domain::credit::loan::{Loan, outstanding_in};
use vonxa_domain::credit::moves;
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::{Group, Household, Person, PovertyStatus};
use vonxa_domain::user::User;
use vonxa_domain::{ApplicationId, Code, DomainError, HouseholdId, PersonId, PointId};

/// The bank's record: arrives by sync, never written on a device.
impl Record for Loan {
    const KIND: EntityKind = EntityKind::Loan;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        Ok(self.validate(today, &programme_table(tx)?)?)
    }
}

/// The province's programme table: arrives by sync, never written on a device.
impl Record for ProgrammeTable {
    const KIND: EntityKind = EntityKind::ProgrammeTable;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, _tx: &Transaction<'_>, _today: NaiveDate) -> StoreResult<Self> {
        Ok(self.validate()?)
    }
}

/// The programme table in force: the highest version pulled, else the built-in one.
pub fn programme_table(conn: &Connection) -> StoreResult<ProgrammeTable> {
    let latest: Vec<ProgrammeTable> = docs(
        conn,
        "SELECT doc FROM programme_tables ORDER BY version DESC LIMIT 1",
        [],
    )?;
    Ok(latest
        .into_iter()
        .next()
        .unwrap_or_else(ProgrammeTable::builtin))
}

impl Record for Application {
    const KIND: EntityKind = EntityKind::Application;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(today, &programme_table(tx)?)?;
        must_exist(
            tx,
            EntityKind::Household,
            &s.household_id.to_string(),
            "householdId",
        )?;
        moves::check_application(&StoreFacts(tx), &s, Actor::Device)?;
        Ok(s)
    }
}

impl Record for StatusChange {
    const KIND: EntityKind = EntityKind::ApplicationStatus;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(Actor::Device, today)?;
        moves::check_status_change(&StoreFacts(tx), &s)?;
        let app: Application = load(tx, s.application_id.as_uuid())?;
        if matches!(s.event, Event::Submit | Event::Resubmit) {
            let reasons = eligibility_of(tx, &app)?;
            if !eligibility::may_submit(&reasons, app.note.as_deref()) {
                let field = reasons.first().map_or("programme", |r| r.field());
                return Err(DomainError::invalid(field, Code::NotEligible).into());
            }
        }
        Ok(s)
    }
}

/// The stored applications, as the application rules read them.
struct StoreFacts<'c>(&'c Connection);

impl moves::ApplicationFacts for StoreFacts<'_> {
    type Error = StoreError;

    fn application(&self, id: ApplicationId) -> StoreResult<Option<Application>> {
        find(self.0, id.as_uuid())
    }

    /// The status the application's latest status change moved it to.
    fn last_status(&self, id: ApplicationId) -> StoreResult<Option<Status>> {
        let changes: Vec<StatusChange> = docs(
            self.0,
            "SELECT doc FROM application_status WHERE application_id = ?1 ORDER BY rowid DESC LIMIT 1",
            [id.to_string()],
        )?;
        Ok(changes.first().map(|c| c.to))
    }

    fn household_of(&self, person: PersonId) -> StoreResult<Option<HouseholdId>> {
        Ok(find::<Person>(self.0, person.as_uuid())?.map(|p| p.household_id))
    }

    fn household_point(&self, household: HouseholdId) -> StoreResult<Option<PointId>> {
        Ok(find::<Household>(self.0, household.as_uuid())?.map(|h| h.point_id))
    }
}

/// Every eligibility reason that applies to `app`, from the facts in the store.
pub fn eligibility_of(conn: &Connection, app: &Application) -> StoreResult<Vec<Reason>> {
    let Some(programme) = app.programme_in(&programme_table(conn)?) else {
        return Err(DomainError::invalid("programme", Code::NotFound).into());
    };
    let h: Household = load(conn, app.household_id.as_uuid())?;
    let rep: Person = load(conn, app.representative_id.as_uuid())
        .map_err(|_| DomainError::invalid("representativeId", Code::NotFound))?;
    let poverty: Vec<PovertyStatus> = docs(
        conn,
        "SELECT doc FROM poverty_status WHERE household_id = ?1",
        [h.id.to_string()],
    )?;
    let loans = queries::loans_of_household(conn, h.id)?;
    let others = open_applications(conn, h.id, &app.programme)?;
    Ok(eligibility::evaluate(&Facts {
        programme: &programme,
        application_date: app.applied_on,
        amount: app.amount,
        term_months: app.term_months,
        months: app.study_months,
        representative_birth: rep.birth_date,
        representative_is_head: h.head_person_id == Some(rep.id),
        authorisation_recorded: app.authorisation_ref.is_some(),
        poverty_history: &poverty,
        outstanding_in_programme: outstanding_in(&loans, &app.programme)
            .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))?,
        other_open_application: others.iter().any(|o| o.id != app.id),
        group_in_own_village: group_village(conn, &h, app.applied_on)?.map(|v| v == h.village_id),
    }))
}

/// The household's applications in a programme that are still open.
pub fn open_applications(
    conn: &Connection,
    household: HouseholdId,
    programme: &str,
) -> StoreResult<Vec<Application>> {
    let all: Vec<Application> = docs(
        conn,
        "SELECT doc FROM applications WHERE household_id = ?1 AND programme = ?2",
        [household.to_string(), programme.to_owned()],
    )?;
    Ok(all.into_iter().filter(|a| a.status.is_open()).collect())
}

/// The village of the group the household belongs to on `date`.
fn group_village(
    conn: &Connection,
    h: &Household,
    date: NaiveDate,
) -> StoreResult<Option<vonxa_domain::VillageId>> {
    let member = queries::memberships_of_household(conn, h.id)?
        .into_iter()
        .find(|m| m.is_active_on(date));
    match member {
        Some(m) => Ok(Some(load::<Group>(conn, m.group_id.as_uuid())?.village_id)),
        None => Ok(None),
    }
}

impl crate::Store {
    /// Move an application's status by `event`: the status-change record and the application
    /// with its new status, in one transaction. Checks as each record's `check` says.
    pub fn move_application(
        &mut self,
        actor: &User,
        id: vonxa_domain::ApplicationId,
        event: Event,
        reason: Option<String>,
        change_id: vonxa_domain::StatusChangeId,
    ) -> StoreResult<Application> {
        let app: Application = load(self.connection(), id.as_uuid())?;
        let to = vonxa_domain::credit::application::next(app.status, event)
            .ok_or_else(|| DomainError::invalid("status", Code::InvalidTransition))?;
        let on = self.today();
        let change = StatusChange {
            id: change_id,
            application_id: app.id,
            household_id: app.household_id,
            event,
            from: app.status,
            to,
            reason,
            amount: None,
            on,
        };
        let moved = Application { status: to, ..app };
        self.record_batch(|b| {
            b.record(
                actor,
                Op::Insert,
                change,
                vonxa_domain::entity::Origin::Local,
            )?;
            b.record(
                actor,
                Op::Update,
                moved.clone(),
                vonxa_domain::entity::Origin::Local,
            )?;
            Ok(())
        })?;
        Ok(moved)
    }
}
