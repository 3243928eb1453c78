//! Credit records on the device: the bank's loans (read only), applications (01/TD) with the
//! facts their eligibility is decided from, and each change of an application's status.

use crate::error::{StoreError, StoreResult};
use crate::queries::{self, docs};
use crate::records::{Record, find, load, must_exist};
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use uuid::Uuid;
use vonxa_domain::credit::application::{Actor, Event, Status};
use vonxa_domain::credit::dossier::{Application, Certification, StatusChange};
use vonxa_domain::credit::eligibility::Reason;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::credit::moves;
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::{Group, Household, Membership, Person, PovertyStatus};
use vonxa_domain::user::User;
use vonxa_domain::{ApplicationId, Code, DomainError, GroupId, HouseholdId, PersonId};

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

/// The programme table in force (kept with the other reads, below the records).
pub use crate::queries::programme_table;

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
    /// The kind's row of the authorisation table, and the commune's word on a 03/TD list
    /// never from the group side (`StatusChange::may_record`), a refusal naming the paper.
    fn permitted(&self, actor: &User, _op: Op, _tx: &Transaction<'_>) -> StoreResult<bool> {
        self.may_record(actor.role)?;
        Ok(vonxa_domain::authz::device_may_write(actor.role, Self::KIND, Op::Insert).is_ok())
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(Actor::Device, today)?;
        moves::check_status_change(&StoreFacts(tx), &s)?;
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

    fn person(&self, id: PersonId) -> StoreResult<Option<Person>> {
        find(self.0, id.as_uuid())
    }

    fn household(&self, id: HouseholdId) -> StoreResult<Option<Household>> {
        find(self.0, id.as_uuid())
    }

    fn group(&self, id: GroupId) -> StoreResult<Option<Group>> {
        find(self.0, id.as_uuid())
    }

    fn poverty_history(&self, h: HouseholdId) -> StoreResult<Vec<PovertyStatus>> {
        docs(
            self.0,
            "SELECT doc FROM poverty_status WHERE household_id = ?1",
            [h.to_string()],
        )
    }

    fn loans_of(&self, h: HouseholdId) -> StoreResult<Vec<Loan>> {
        queries::loans_of_household(self.0, h)
    }

    fn applications_of(&self, h: HouseholdId) -> StoreResult<Vec<Application>> {
        docs(
            self.0,
            "SELECT doc FROM applications WHERE household_id = ?1",
            [h.to_string()],
        )
    }

    fn memberships_of(&self, h: HouseholdId) -> StoreResult<Vec<Membership>> {
        queries::memberships_of_household(self.0, h)
    }

    fn programme_table(&self) -> StoreResult<ProgrammeTable> {
        programme_table(self.0)
    }
}

/// Every eligibility reason that applies to `app`, from the facts in the store
/// (`credit::moves::eligibility`, the rule the province applies too).
pub fn eligibility_of(conn: &Connection, app: &Application) -> StoreResult<Vec<Reason>> {
    moves::eligibility(&StoreFacts(conn), app)
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
        self.move_application_with(actor, id, event, reason, None, change_id)
    }

    /// [`Store::move_application`] with the commune's certification of a 03/TD line (the
    /// signed paper), which the two commune events require.
    pub fn move_application_with(
        &mut self,
        actor: &User,
        id: vonxa_domain::ApplicationId,
        event: Event,
        reason: Option<String>,
        certification: Option<Certification>,
        change_id: vonxa_domain::StatusChangeId,
    ) -> StoreResult<Application> {
        let app: Application = load(self.connection(), id.as_uuid())?;
        let to = vonxa_domain::credit::application::next(app.status, event)
            .ok_or_else(|| DomainError::invalid("status", Code::InvalidTransition))?;
        let on = self.today();
        let change = StatusChange {
            certification,
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
