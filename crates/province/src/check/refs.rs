//! The stored records a pushed page's rules read (a fund check's loan and the check it
//! corrects; a vetting decision's meeting and that group's board), read before the page is
//! ingested (`crate::db::docs_for`), and the decision's rules that need them
//! (`against_meeting`).

use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
use vonxa_domain::credit::events::events_extend;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::credit::vetting::{BoardSeat, Meeting, VettingDecision};
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;
use vonxa_domain::funduse::FundCheck;
use vonxa_domain::reference::rules::related;
use vonxa_domain::reference::{GroupRole, Household, Person};
use vonxa_domain::{Code, DomainError};
use vonxa_domain::{HouseholdId, PersonId};

/// A stored record as the rules read it (and as reference data is exported and imported).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RefRecord {
    pub entity: String,
    pub payload: serde_json::Value,
}

/// Stored records a page's rules need, by id.
pub type Docs = HashMap<Uuid, RefRecord>;

/// A loan's new version against the stored one: its dated events (freeze, extension,
/// overdue…) are only ever appended (`credit::events::events_extend`).
pub fn loan_events_kept(new: &Loan, docs: &Docs) -> DomainResult<()> {
    let stored = docs
        .get(&new.id.as_uuid())
        .filter(|r| r.entity == EntityKind::Loan.as_str())
        .and_then(|r| serde_json::from_value::<Loan>(r.payload.clone()).ok());
    match stored {
        Some(old) => events_extend(&old.terms.events, &new.terms.events),
        None => Ok(()),
    }
}

/// A vetting decision against the meeting it names (stored, or pushed in the same page): the
/// attendance it carries is the meeting's and the meeting was not cancelled
/// (`VettingDecision::check_meeting`, the rule the device's store applies).
pub fn against_meeting(d: &VettingDecision, docs: &Docs) -> DomainResult<()> {
    let Some(m) = docs.get(&d.meeting_id.as_uuid()) else {
        // Unknown meeting: refused as `unknown_parent` by the link check.
        return Ok(());
    };
    let m: Meeting = match (m.entity.as_str(), serde_json::from_value(m.payload.clone())) {
        ("meeting", Ok(m)) => m,
        _ => return Err(DomainError::invalid("meetingId", Code::InvalidValue)),
    };
    d.check_meeting(&m)?;
    let related = related_in(d.household_id, &m.present, docs);
    let chair = m.chair_id.and_then(|p| household_of(p, docs));
    d.check_conflicts(&m, &board_of(&m, docs), &related, chair)
}

/// A fund check's checkers named by person are neither of the borrower's household nor of a
/// kin one (`FundCheck::check_independent`), over the persons and households `docs_for` read.
pub fn checkers_independent(c: &FundCheck, docs: &Docs) -> DomainResult<()> {
    let checkers: Vec<HouseholdId> = c
        .checker_persons()
        .into_iter()
        .filter_map(|p| household_of(p, docs))
        .collect();
    c.check_independent(&checkers, &related_in(c.household_id, &checkers, docs))
}

fn parsed<T: serde::de::DeserializeOwned>(id: Uuid, kind: EntityKind, docs: &Docs) -> Option<T> {
    docs.get(&id)
        .filter(|r| r.entity == kind.as_str())
        .and_then(|r| serde_json::from_value(r.payload.clone()).ok())
}

/// The household of a person `docs_for` read (`None`: not known to the province).
fn household_of(p: PersonId, docs: &Docs) -> Option<HouseholdId> {
    parsed::<Person>(p.as_uuid(), EntityKind::Person, docs).map(|p| p.household_id)
}

/// `reference::rules::related` of `of` over the households `docs_for` read: its own and the
/// candidates'.
fn related_in(of: HouseholdId, candidates: &[HouseholdId], docs: &Docs) -> HashSet<HouseholdId> {
    let known: Vec<Household> = std::iter::once(&of)
        .chain(candidates)
        .filter_map(|h| parsed(h.as_uuid(), EntityKind::Household, docs))
        .collect();
    related(of, &known)
}

/// The board of the meeting's group as `docs_for` read it: each role with its holder's
/// household (a role whose person is not known cannot seat anyone).
fn board_of(m: &Meeting, docs: &Docs) -> Vec<BoardSeat> {
    docs.values()
        .filter(|r| r.entity == EntityKind::GroupRole.as_str())
        .filter_map(|r| serde_json::from_value::<GroupRole>(r.payload.clone()).ok())
        .filter(|role| role.group_id == m.group_id)
        .filter_map(|role| {
            let person = docs.get(&role.person_id.as_uuid())?;
            let p: Person = serde_json::from_value(person.payload.clone()).ok()?;
            Some(BoardSeat {
                from: role.from,
                to: role.to,
                household: p.household_id,
            })
        })
        .collect()
}
