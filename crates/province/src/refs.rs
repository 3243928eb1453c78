//! The stored records a pushed page's rules read before it is ingested (`docs_for`): a fund
//! check's loan and the check it corrects; a vetting decision's meeting and that group's board
//! (roles and the persons holding them). Records of the page itself stand in for ones not
//! stored yet. And the decision's rules that need them (`against_meeting`).

use crate::db::{Backend, DbResult, RefRecord};
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
use vonxa_domain::credit::vetting::{BoardSeat, Meeting, VettingDecision};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::error::DomainResult;
use vonxa_domain::reference::{GroupRole, Person};
use vonxa_domain::{Code, DomainError};
use vonxa_protocol::PushChange;

/// Stored records a page's rules need, by id.
pub type Docs = HashMap<Uuid, RefRecord>;

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
    d.check_conflicts(&m, &board_of(&m, docs))
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

/// Read the stored records a page's fund checks and vetting decisions refer to (their loans,
/// the checks they correct, their meetings and those groups' boards); records of the page
/// itself stand in for ones not stored yet (a check and its correction, a meeting and its
/// decisions pushed together).
pub async fn docs_for<B: Backend>(db: &B, changes: &[PushChange]) -> DbResult<Docs> {
    let refs: &[(EntityKind, &[&str])] = &[
        (EntityKind::FundCheck, &["loanId", "supersedes"]),
        (EntityKind::VettingDecision, &["meetingId"]),
    ];
    let mut ids = Vec::new();
    for c in changes {
        for (kind, keys) in refs {
            if c.entity != *kind {
                continue;
            }
            for key in *keys {
                if let Some(id) = c.payload.get(key).and_then(|v| v.as_str()) {
                    ids.extend(id.parse::<Uuid>().ok());
                }
            }
        }
    }
    if ids.is_empty() {
        return Ok(Docs::new());
    }
    let mut docs: Docs = db.records(ids).await?.into_iter().collect();
    // The page's own version of a record wins over the stored one (a meeting cancelled in
    // the same push as a decision under it).
    for c in changes {
        if matches!(c.entity, EntityKind::FundCheck | EntityKind::Meeting) && c.op != Op::Delete {
            let own = RefRecord {
                entity: c.entity.as_str().to_owned(),
                payload: c.payload.clone(),
            };
            if c.entity == EntityKind::Meeting {
                docs.insert(c.entity_id, own);
            } else {
                docs.entry(c.entity_id).or_insert(own);
            }
        }
    }
    // A decision is also checked against its meeting's board (the group's roles and the
    // persons holding them), the page's own meeting included.
    let groups: HashSet<Uuid> = docs
        .values()
        .filter(|r| r.entity == EntityKind::Meeting.as_str())
        .filter_map(|r| r.payload.get("groupId")?.as_str()?.parse().ok())
        .collect();
    let mut people: Vec<Uuid> = Vec::new();
    for g in groups {
        for (id, role) in db.group_roles(g).await? {
            people.extend(
                role.payload
                    .get("personId")
                    .and_then(|v| v.as_str()?.parse::<Uuid>().ok()),
            );
            docs.insert(id, role);
        }
    }
    if !people.is_empty() {
        docs.extend(db.records(people).await?);
    }
    Ok(docs)
}
