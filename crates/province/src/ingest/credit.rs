//! Applications (01/TD) and their status changes at the province, decided with the device's
//! own rules (`vonxa_domain::credit::moves`) over what the backend loaded for the page — the
//! applications, representatives and households the page names, and the latest status change
//! of each application — plus what the page accepted before (a status change is pushed just
//! before the application it moves).

use super::Item;
use serde_json::Value;
use std::collections::HashMap;
use uuid::Uuid;
use vonxa_domain::credit::application::{Actor, Status};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::moves::{self, ApplicationFacts};
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;
use vonxa_domain::reference::{Household, Person};
use vonxa_domain::{ApplicationId, Code, DomainError, HouseholdId, PersonId, PointId};

/// What a page's applications and status changes are decided against.
#[derive(Clone, Debug, Default)]
pub struct CreditState {
    pub applications: HashMap<Uuid, Application>,
    /// The status each application's latest status change moved it to.
    pub last_status: HashMap<Uuid, Status>,
    pub persons: HashMap<Uuid, HouseholdId>,
    pub households: HashMap<Uuid, PointId>,
}

/// What the backend reads for a page: the records by id, and the status changes of the
/// households (latest last).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreditKeys {
    pub ids: Vec<Uuid>,
    pub households: Vec<Uuid>,
}

/// The keys of a page with applications or status changes (`None`: nothing to read).
pub fn keys(items: &[Item]) -> Option<CreditKeys> {
    let mut k = CreditKeys::default();
    let id = |v: &Value, p: &str| v.get(p).and_then(Value::as_str)?.parse::<Uuid>().ok();
    for i in items {
        let c = &i.change;
        match c.entity {
            EntityKind::Application => {
                k.ids.push(c.entity_id);
                k.ids.extend(id(&c.payload, "representativeId"));
            }
            EntityKind::ApplicationStatus => k.ids.extend(id(&c.payload, "applicationId")),
            _ => continue,
        }
        let h = id(&c.payload, "householdId");
        k.ids.extend(h);
        k.households.extend(h);
    }
    if k.ids.is_empty() {
        return None;
    }
    for v in [&mut k.ids, &mut k.households] {
        v.sort();
        v.dedup();
    }
    Some(k)
}

impl CreditState {
    /// A stored or accepted record the rules may read.
    pub fn note(&mut self, kind: EntityKind, id: Uuid, doc: &Value) {
        match kind {
            EntityKind::Application => {
                if let Ok(a) = serde_json::from_value::<Application>(doc.clone()) {
                    self.applications.insert(id, a);
                }
            }
            EntityKind::ApplicationStatus => {
                if let Ok(s) = serde_json::from_value::<StatusChange>(doc.clone()) {
                    self.last_status.insert(s.application_id.as_uuid(), s.to);
                }
            }
            EntityKind::Person => {
                if let Ok(p) = serde_json::from_value::<Person>(doc.clone()) {
                    self.persons.insert(id, p.household_id);
                }
            }
            EntityKind::Household => {
                if let Ok(h) = serde_json::from_value::<Household>(doc.clone()) {
                    self.households.insert(id, h.point_id);
                }
            }
            _ => {}
        }
    }

    /// The rules of an application or a status change a device pushed.
    pub fn check(&self, kind: EntityKind, doc: &Value) -> DomainResult<()> {
        fn parse<T: serde::de::DeserializeOwned>(doc: &Value) -> DomainResult<T> {
            serde_json::from_value(doc.clone())
                .map_err(|_| DomainError::invalid("payload", Code::InvalidValue))
        }
        match kind {
            EntityKind::Application => moves::check_application(self, &parse(doc)?, Actor::Device),
            EntityKind::ApplicationStatus => moves::check_status_change(self, &parse(doc)?),
            _ => Ok(()),
        }
    }
}

impl ApplicationFacts for CreditState {
    type Error = DomainError;

    fn application(&self, id: ApplicationId) -> DomainResult<Option<Application>> {
        Ok(self.applications.get(&id.as_uuid()).cloned())
    }

    fn last_status(&self, id: ApplicationId) -> DomainResult<Option<Status>> {
        Ok(self.last_status.get(&id.as_uuid()).copied())
    }

    fn household_of(&self, person: PersonId) -> DomainResult<Option<HouseholdId>> {
        Ok(self.persons.get(&person.as_uuid()).copied())
    }

    fn household_point(&self, household: HouseholdId) -> DomainResult<Option<PointId>> {
        Ok(self.households.get(&household.as_uuid()).copied())
    }
}
