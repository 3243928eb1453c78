//! The application rules that read stored records, written once for the device's store and
//! the province: a status change (`StatusChange`) starts from the status the application is in;
//! an application's status moves only with the status change recorded just before it; past the
//! draft, its fields are frozen; its representative belongs to its household; it is submitted
//! only when eligible on the stored facts of its household. The store answers
//! [`ApplicationFacts`] with SQL; the province from the records its backend loaded for the page
//! and what the page accepted before.

use super::application::{Actor, Event, Status};
use super::dossier::{Application, StatusChange};
use super::eligibility::{self, Facts, Reason};
use super::loan::{Loan, outstanding_in};
use super::table::ProgrammeTable;
use crate::error::DomainError;
use crate::ids::{ApplicationId, GroupId, HouseholdId, PersonId, VillageId};
use crate::reference::{Group, Household, Membership, Person, PovertyStatus};
use crate::{Code, Field};
use chrono::NaiveDate;

/// Read-only answers about stored applications.
pub trait ApplicationFacts {
    type Error: From<DomainError>;

    /// The application as stored before this write.
    fn application(&self, id: ApplicationId) -> Result<Option<Application>, Self::Error>;
    /// The status the application's latest status change moved it to.
    fn last_status(&self, id: ApplicationId) -> Result<Option<Status>, Self::Error>;
    fn person(&self, id: PersonId) -> Result<Option<Person>, Self::Error>;
    fn household(&self, id: HouseholdId) -> Result<Option<Household>, Self::Error>;
    fn group(&self, id: GroupId) -> Result<Option<Group>, Self::Error>;
    /// Every poverty status of the household.
    fn poverty_history(&self, h: HouseholdId) -> Result<Vec<PovertyStatus>, Self::Error>;
    /// The household's loans (the bank's records).
    fn loans_of(&self, h: HouseholdId) -> Result<Vec<Loan>, Self::Error>;
    /// The household's applications, in every programme and status.
    fn applications_of(&self, h: HouseholdId) -> Result<Vec<Application>, Self::Error>;
    fn memberships_of(&self, h: HouseholdId) -> Result<Vec<Membership>, Self::Error>;
    /// The programme table in force.
    fn programme_table(&self) -> Result<ProgrammeTable, Self::Error>;
}

fn invalid<E: From<DomainError>>(field: Field, code: Code) -> E {
    DomainError::invalid(field, code).into()
}

/// A status change of a stored application of the same household, from the status it is in.
pub fn check_status_change<F: ApplicationFacts>(f: &F, s: &StatusChange) -> Result<(), F::Error> {
    let app = f
        .application(s.application_id)?
        .ok_or_else(|| invalid("applicationId", Code::NotFound))?;
    if app.household_id != s.household_id {
        return Err(invalid("householdId", Code::InvalidValue));
    }
    if app.status != s.from {
        return Err(invalid("status", Code::InvalidTransition));
    }
    if matches!(s.event, Event::Submit | Event::Resubmit) {
        let reasons = eligibility(f, &app)?;
        if !eligibility::may_submit(&reasons, app.note.as_deref()) {
            let field = reasons.first().map_or("programme", |r| r.field());
            return Err(invalid(field, Code::NotEligible));
        }
    }
    Ok(())
}

/// Every eligibility reason that applies to `app`, from the stored facts of its household.
pub fn eligibility<F: ApplicationFacts>(f: &F, app: &Application) -> Result<Vec<Reason>, F::Error> {
    let table = f.programme_table()?;
    let programme = app
        .programme_in(&table)
        .ok_or_else(|| invalid("programme", Code::NotFound))?;
    let h = f
        .household(app.household_id)?
        .ok_or_else(|| invalid("householdId", Code::NotFound))?;
    let rep = f
        .person(app.representative_id)?
        .ok_or_else(|| invalid("representativeId", Code::NotFound))?;
    let poverty = f.poverty_history(h.id)?;
    let loans = f.loans_of(h.id)?;
    let open_elsewhere = f
        .applications_of(h.id)?
        .iter()
        .any(|o| o.id != app.id && o.programme == app.programme && o.status.is_open());
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
            .ok_or_else(|| invalid("amount", Code::Overflow))?,
        other_open_application: open_elsewhere,
        group_in_own_village: group_village(f, h.id, app.applied_on)?.map(|v| v == h.village_id),
    }))
}

/// The village of the group the household belongs to on `date`.
fn group_village<F: ApplicationFacts>(
    f: &F,
    h: HouseholdId,
    date: NaiveDate,
) -> Result<Option<VillageId>, F::Error> {
    let member = f
        .memberships_of(h)?
        .into_iter()
        .find(|m| m.is_active_on(date));
    match member {
        Some(m) => Ok(f.group(m.group_id)?.map(|g| g.village_id)),
        None => Ok(None),
    }
}

/// An application written by `actor`: it is at its household's point; its representative is of
/// its household; a new one is a draft; a stored one changes status only as its latest status change says, and past the
/// draft keeps every field.
pub fn check_application<F: ApplicationFacts>(
    f: &F,
    s: &Application,
    actor: Actor,
) -> Result<(), F::Error> {
    match f.household(s.household_id)? {
        None => return Err(invalid("householdId", Code::NotFound)),
        Some(h) if h.point_id != s.point_id => return Err(invalid("pointId", Code::InvalidValue)),
        Some(_) => {}
    }
    match f.person(s.representative_id)? {
        None => return Err(invalid("representativeId", Code::NotFound)),
        Some(p) if p.household_id != s.household_id => {
            return Err(invalid("representativeId", Code::InvalidValue));
        }
        Some(_) => {}
    }
    let stored = f.application(s.id)?;
    s.check_status_claim(actor, stored.is_none())?;
    if let Some(old) = stored {
        if old.status != s.status && f.last_status(s.id)? != Some(s.status) {
            return Err(invalid("status", Code::InvalidTransition));
        }
        let fields_same = Application {
            status: old.status,
            ..s.clone()
        } == old;
        if !old.is_editable() && !fields_same {
            return Err(invalid("status", Code::InvalidTransition));
        }
    }
    Ok(())
}
