//! The application rules that read stored records, written once for the device's store and
//! the province: a status change (`StatusChange`) starts from the status the application is in;
//! an application's status moves only with the status change recorded just before it; past the
//! draft, its fields are frozen; its representative belongs to its household. The store answers
//! [`ApplicationFacts`] with SQL; the province from the records its backend loaded for the page
//! and what the page accepted before.

use super::application::Actor;
use super::application::Status;
use super::dossier::{Application, StatusChange};
use crate::error::DomainError;
use crate::ids::{ApplicationId, HouseholdId, PersonId, PointId};
use crate::{Code, Field};

/// Read-only answers about stored applications.
pub trait ApplicationFacts {
    type Error: From<DomainError>;

    /// The application as stored before this write.
    fn application(&self, id: ApplicationId) -> Result<Option<Application>, Self::Error>;
    /// The status the application's latest status change moved it to.
    fn last_status(&self, id: ApplicationId) -> Result<Option<Status>, Self::Error>;
    /// The household a person belongs to, if the person is known.
    fn household_of(&self, person: PersonId) -> Result<Option<HouseholdId>, Self::Error>;
    /// The point of a household, if the household is known.
    fn household_point(&self, household: HouseholdId) -> Result<Option<PointId>, Self::Error>;
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
    Ok(())
}

/// An application written by `actor`: it is at its household's point; its representative is of
/// its household; a new one is a draft; a stored one changes status only as its latest status change says, and past the
/// draft keeps every field.
pub fn check_application<F: ApplicationFacts>(
    f: &F,
    s: &Application,
    actor: Actor,
) -> Result<(), F::Error> {
    match f.household_point(s.household_id)? {
        None => return Err(invalid("householdId", Code::NotFound)),
        Some(p) if p != s.point_id => return Err(invalid("pointId", Code::InvalidValue)),
        Some(_) => {}
    }
    match f.household_of(s.representative_id)? {
        None => return Err(invalid("representativeId", Code::NotFound)),
        Some(h) if h != s.household_id => {
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
