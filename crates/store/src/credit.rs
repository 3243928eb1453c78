//! Credit records on the device: the bank's loans (read only), applications (01/TD) with the
//! facts their eligibility is decided from, and each change of an application's status.

use crate::error::StoreResult;
use crate::queries::{self, docs};
use crate::records::{Record, load, must_exist};
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use uuid::Uuid;
use vonxa_domain::credit::application::{Actor, Event, Status};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::eligibility::{self, Facts, Reason};
use vonxa_domain::credit::loan::{Loan, outstanding_in};
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::{Group, Household, Person, PovertyStatus};
use vonxa_domain::user::User;
use vonxa_domain::{Code, DomainError, HouseholdId};

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
        let h: Household = load(tx, s.household_id.as_uuid())?;
        if h.point_id != s.point_id {
            return Err(DomainError::invalid("pointId", Code::InvalidValue).into());
        }
        let rep: Person = load(tx, s.representative_id.as_uuid())
            .map_err(|_| DomainError::invalid("representativeId", Code::NotFound))?;
        if rep.household_id != s.household_id {
            return Err(DomainError::invalid("representativeId", Code::InvalidValue).into());
        }
        let stored: Option<Application> = load(tx, s.id.as_uuid()).ok();
        s.check_status_claim(Actor::Device, stored.is_none())?;
        match stored {
            None => Ok(s),
            Some(old) => {
                // The status moves only with its status-change record, written just before.
                if old.status != s.status && last_status(tx, &s)? != Some(s.status) {
                    return Err(DomainError::invalid("status", Code::InvalidTransition).into());
                }
                // Past the draft, the form's fields are frozen.
                let fields_same = Application {
                    status: old.status,
                    ..s.clone()
                } == old;
                if !old.is_editable() && !fields_same {
                    return Err(DomainError::invalid("status", Code::InvalidTransition).into());
                }
                Ok(s)
            }
        }
    }
}

impl Record for StatusChange {
    const KIND: EntityKind = EntityKind::ApplicationStatus;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(Actor::Device, today)?;
        let app: Application = load(tx, s.application_id.as_uuid())
            .map_err(|_| DomainError::invalid("applicationId", Code::NotFound))?;
        if app.household_id != s.household_id {
            return Err(DomainError::invalid("householdId", Code::InvalidValue).into());
        }
        if app.status != s.from {
            return Err(DomainError::invalid("status", Code::InvalidTransition).into());
        }
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

/// The status the application's latest status change moved it to.
fn last_status(conn: &Connection, app: &Application) -> StoreResult<Option<Status>> {
    let changes: Vec<StatusChange> = docs(
        conn,
        "SELECT doc FROM application_status WHERE application_id = ?1 ORDER BY rowid DESC LIMIT 1",
        [app.id.to_string()],
    )?;
    Ok(changes.first().map(|c| c.to))
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
