//! Applications (01/TD), their status changes and the group meetings (10/TD) at the province,
//! decided with the device's own rules (`vonxa_domain::credit::moves`,
//! `credit::vetting::check_meeting_record`) over what the backend loaded for the page — the
//! applications, representatives, households, meetings and groups the page names, the status
//! changes of those households, the memberships and decisions of those groups — plus what the
//! page accepted before (a status change is pushed just before the application it moves).

use super::Item;
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
use vonxa_domain::credit::application::{Actor, Status};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::credit::moves::{self, ApplicationFacts};
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::credit::vetting::{Meeting, MeetingFacts, VettingDecision, check_meeting_record};
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;
use vonxa_domain::reference::rules::{check_membership, unique_customer_code, unique_id_number};
use vonxa_domain::reference::{Group, Household, Membership, Person, PovertyStatus};
use vonxa_domain::{
    ApplicationId, Code, DomainError, GroupId, HouseholdId, MeetingId, PersonId, PointId,
};

/// What a page's applications and status changes are decided against.
#[derive(Clone, Debug, Default)]
pub struct CreditState {
    pub applications: HashMap<Uuid, Application>,
    /// The status each application's latest status change moved it to.
    pub last_status: HashMap<Uuid, Status>,
    pub persons: HashMap<Uuid, Person>,
    pub households: HashMap<Uuid, Household>,
    pub groups: HashMap<Uuid, Group>,
    pub poverty: HashMap<Uuid, PovertyStatus>,
    pub loans: HashMap<Uuid, Loan>,
    /// The programme table in force at the province (the built-in one when `None`).
    pub table: Option<ProgrammeTable>,
    pub memberships: HashMap<Uuid, Membership>,
    pub meetings: HashMap<Uuid, Meeting>,
    /// Meetings a decision was taken under.
    pub decided: HashSet<Uuid>,
    /// The records holding each CCCD number and customer code ([`unique_key`]), stored or
    /// accepted in the page.
    pub holders: HashMap<String, HashSet<Uuid>>,
    key_of: HashMap<Uuid, String>,
    /// The page reads only the unique keys (households and persons, no applications,
    /// meetings or memberships): nothing else is kept.
    pub lean: bool,
}

/// What the backend reads for a page: the records by id, and the status changes of the
/// households (latest last).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CreditKeys {
    pub ids: Vec<Uuid>,
    pub households: Vec<Uuid>,
    /// Groups whose memberships and decisions a meeting or a membership is checked against.
    pub groups: Vec<Uuid>,
    /// The unique keys of the page's persons and households ([`unique_key`]).
    pub unique: Vec<String>,
}

impl CreditKeys {
    /// Only unique keys to read.
    pub fn lean(&self) -> bool {
        self.ids.is_empty() && self.households.is_empty() && self.groups.is_empty()
    }
}

/// The key a record holds alone province-wide: a person's CCCD number, a household's customer
/// code (as the device validated it).
pub fn unique_key(kind: EntityKind, doc: &Value) -> Option<String> {
    let (field, tag) = match kind {
        EntityKind::Person => ("idNumber", "cccd"),
        EntityKind::Household => ("customerCode", "kh"),
        _ => return None,
    };
    let v = doc.get(field)?.as_str().filter(|v| !v.is_empty())?;
    Some(format!("{tag}:{v}"))
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
            EntityKind::Membership => {
                // The household's other memberships (one group at a time) and the group's
                // (its size).
                k.households.extend(id(&c.payload, "householdId"));
                k.groups.extend(id(&c.payload, "groupId"));
                continue;
            }
            EntityKind::Person | EntityKind::Household => {
                k.unique.extend(unique_key(c.entity, &c.payload));
                continue;
            }
            EntityKind::Meeting => {
                let g = id(&c.payload, "groupId");
                k.ids.push(c.entity_id);
                k.ids.extend(g);
                k.groups.extend(g);
                continue;
            }
            _ => continue,
        }
        let h = id(&c.payload, "householdId");
        k.ids.extend(h);
        k.households.extend(h);
    }
    if k.lean() && k.unique.is_empty() {
        return None;
    }
    for v in [&mut k.ids, &mut k.households, &mut k.groups] {
        v.sort();
        v.dedup();
    }
    k.unique.sort();
    k.unique.dedup();
    Some(k)
}

impl CreditState {
    /// A stored or accepted record the rules may read.
    pub fn note(&mut self, kind: EntityKind, id: Uuid, doc: &Value, deleted: bool) {
        self.note_key(kind, id, doc, deleted);
        if self.lean {
            return;
        }
        match kind {
            EntityKind::Membership if deleted => {
                self.memberships.remove(&id);
            }
            EntityKind::Membership => {
                if let Ok(m) = serde_json::from_value::<Membership>(doc.clone()) {
                    self.memberships.insert(id, m);
                }
            }
            EntityKind::Group => {
                if let Ok(g) = serde_json::from_value::<Group>(doc.clone()) {
                    self.groups.insert(id, g);
                }
            }
            EntityKind::Meeting => {
                if let Ok(m) = serde_json::from_value::<Meeting>(doc.clone()) {
                    self.meetings.insert(id, m);
                }
            }
            EntityKind::VettingDecision => {
                if let Ok(d) = serde_json::from_value::<VettingDecision>(doc.clone()) {
                    self.decided.insert(d.meeting_id.as_uuid());
                }
            }
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
                    self.persons.insert(id, p);
                }
            }
            EntityKind::Household => {
                if let Ok(h) = serde_json::from_value::<Household>(doc.clone()) {
                    self.households.insert(id, h);
                }
            }
            EntityKind::PovertyStatus => {
                if let Ok(p) = serde_json::from_value::<PovertyStatus>(doc.clone()) {
                    self.poverty.insert(id, p);
                }
            }
            EntityKind::Loan => {
                if let Ok(l) = serde_json::from_value::<Loan>(doc.clone()) {
                    self.loans.insert(id, l);
                }
            }
            _ => {}
        }
    }

    /// A stored record holding a unique key (as its `entities` row says).
    pub fn note_holder(&mut self, id: Uuid, key: String) {
        self.holders.entry(key.clone()).or_default().insert(id);
        self.key_of.insert(id, key);
    }

    /// The unique key a stored or accepted record holds (a person's CCCD number, a household's
    /// customer code), replacing the one it held before.
    pub fn note_key(&mut self, kind: EntityKind, id: Uuid, doc: &Value, deleted: bool) {
        if !matches!(kind, EntityKind::Person | EntityKind::Household) {
            return;
        }
        if let Some(old) = self.key_of.remove(&id)
            && let Some(h) = self.holders.get_mut(&old)
        {
            h.remove(&id);
        }
        if let Some(k) = unique_key(kind, doc).filter(|_| !deleted) {
            self.holders.entry(k.clone()).or_default().insert(id);
            self.key_of.insert(id, k);
        }
    }

    /// Does another record hold the key this document names?
    fn held_by_another(&self, kind: EntityKind, id: Uuid, doc: &Value) -> bool {
        unique_key(kind, doc)
            .and_then(|k| self.holders.get(&k))
            .is_some_and(|h| h.iter().any(|other| *other != id))
    }

    /// The rules of an application, a status change, a meeting, a membership, a person or a
    /// household a device pushed.
    pub fn check(&self, kind: EntityKind, id: Uuid, doc: &Value) -> DomainResult<()> {
        fn parse<T: serde::de::DeserializeOwned>(doc: &Value) -> DomainResult<T> {
            serde_json::from_value(doc.clone())
                .map_err(|_| DomainError::invalid("payload", Code::InvalidValue))
        }
        match kind {
            EntityKind::Application => moves::check_application(self, &parse(doc)?, Actor::Device),
            EntityKind::ApplicationStatus => moves::check_status_change(self, &parse(doc)?),
            EntityKind::Meeting => check_meeting_record(self, &parse(doc)?),
            EntityKind::Membership => {
                let m: Membership = parse(doc)?;
                let group: Vec<Membership> = (self.memberships.values())
                    .filter(|x| x.group_id == m.group_id)
                    .cloned()
                    .collect();
                let limits = self.table.as_ref().map(|t| t.group_size);
                check_membership(
                    &m,
                    &self.memberships_of(m.household_id)?,
                    &group,
                    limits.unwrap_or_default(),
                )
            }
            EntityKind::Person => unique_id_number(self.held_by_another(kind, id, doc)),
            EntityKind::Household => unique_customer_code(self.held_by_another(kind, id, doc)),
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

    fn person(&self, id: PersonId) -> DomainResult<Option<Person>> {
        Ok(self.persons.get(&id.as_uuid()).cloned())
    }

    fn household(&self, id: HouseholdId) -> DomainResult<Option<Household>> {
        Ok(self.households.get(&id.as_uuid()).cloned())
    }

    fn group(&self, id: GroupId) -> DomainResult<Option<Group>> {
        Ok(self.groups.get(&id.as_uuid()).cloned())
    }

    fn poverty_history(&self, h: HouseholdId) -> DomainResult<Vec<PovertyStatus>> {
        Ok(self
            .poverty
            .values()
            .filter(|p| p.household_id == h)
            .cloned()
            .collect())
    }

    fn loans_of(&self, h: HouseholdId) -> DomainResult<Vec<Loan>> {
        Ok(self
            .loans
            .values()
            .filter(|l| l.household_id == h)
            .cloned()
            .collect())
    }

    fn applications_of(&self, h: HouseholdId) -> DomainResult<Vec<Application>> {
        Ok(self
            .applications
            .values()
            .filter(|a| a.household_id == h)
            .cloned()
            .collect())
    }

    fn memberships_of(&self, h: HouseholdId) -> DomainResult<Vec<Membership>> {
        Ok(self
            .memberships
            .values()
            .filter(|m| m.household_id == h)
            .cloned()
            .collect())
    }

    fn programme_table(&self) -> DomainResult<ProgrammeTable> {
        Ok(self.table.clone().unwrap_or_else(ProgrammeTable::builtin))
    }
}

impl MeetingFacts for CreditState {
    type Error = DomainError;

    fn group_point(&self, group: GroupId) -> DomainResult<Option<PointId>> {
        Ok(self.groups.get(&group.as_uuid()).map(|g| g.point_id))
    }

    fn members_on(&self, group: GroupId, day: NaiveDate) -> DomainResult<HashSet<HouseholdId>> {
        Ok(self
            .memberships
            .values()
            .filter(|m| m.group_id == group && m.is_active_on(day))
            .map(|m| m.household_id)
            .collect())
    }

    fn stored_meeting(&self, id: MeetingId) -> DomainResult<Option<Meeting>> {
        Ok(self.meetings.get(&id.as_uuid()).cloned())
    }

    fn decided(&self, id: MeetingId) -> DomainResult<bool> {
        Ok(self.decided.contains(&id.as_uuid()))
    }
}

impl CreditState {
    /// Groups the loaded memberships name that were not loaded themselves (their villages).
    pub fn missing_groups(&self) -> Vec<Uuid> {
        let mut out: Vec<Uuid> = self
            .memberships
            .values()
            .map(|m| m.group_id.as_uuid())
            .filter(|g| !self.groups.contains_key(g))
            .collect();
        out.sort();
        out.dedup();
        out
    }
}
