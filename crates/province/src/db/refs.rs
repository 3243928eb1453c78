//! Reading the stored records a page's rules need (`crate::check::refs`) before it is
//! ingested.

use super::{Backend, DbResult};
use crate::check::refs::{Docs, RefRecord};
use std::collections::HashSet;
use uuid::Uuid;
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_protocol::PushChange;

/// Read the stored records a page's fund checks and vetting decisions refer to (their loans,
/// the checks they correct, their meetings and those groups' boards) and the stored versions
/// of the loans it updates; records of the page
/// itself stand in for ones not stored yet (a check and its correction, a meeting and its
/// decisions pushed together).
pub async fn docs_for<B: Backend>(db: &B, changes: &[PushChange]) -> DbResult<Docs> {
    let refs: &[(EntityKind, &[&str])] = &[
        (EntityKind::FundCheck, &["loanId", "supersedes"]),
        (EntityKind::VettingDecision, &["meetingId"]),
    ];
    let mut ids = Vec::new();
    for c in changes {
        // A loan's new version (an import replaces by inserting again) keeps the events of
        // the stored one.
        if c.entity == EntityKind::Loan && c.op != Op::Delete {
            ids.push(c.entity_id);
        }
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
    related_households(db, changes, &mut docs).await?;
    Ok(docs)
}

/// The persons and households the fronting rules read (`check::refs::against_meeting`,
/// `checkers_independent`): a meeting's chair and the checkers named by person, with their
/// households; each decision's and check's household and the meeting's households present,
/// with their kin declarations. The page's own versions stand in for stored ones.
async fn related_households<B: Backend>(
    db: &B,
    changes: &[PushChange],
    docs: &mut Docs,
) -> DbResult<()> {
    let uuid = |v: &serde_json::Value| v.as_str().and_then(|s| s.parse::<Uuid>().ok());
    let mut persons = Vec::new();
    let mut households = Vec::new();
    for c in changes {
        if matches!(
            c.entity,
            EntityKind::VettingDecision | EntityKind::FundCheck
        ) {
            households.extend(c.payload.get("householdId").and_then(uuid));
        }
        if c.entity == EntityKind::FundCheck
            && let Some(list) = c.payload.get("checkers").and_then(|v| v.as_array())
        {
            persons.extend(list.iter().filter_map(|x| x.get("personId").and_then(uuid)));
        }
    }
    if households.is_empty() {
        return Ok(());
    }
    for r in docs.values() {
        if r.entity == EntityKind::Meeting.as_str() {
            persons.extend(r.payload.get("chairId").and_then(uuid));
            if let Some(list) = r.payload.get("present").and_then(|v| v.as_array()) {
                households.extend(list.iter().filter_map(uuid));
            }
        }
    }
    own_or_stored(db, changes, docs, persons).await?;
    households.extend(
        docs.values()
            .filter(|r| r.entity == EntityKind::Person.as_str())
            .filter_map(|r| r.payload.get("householdId").and_then(uuid)),
    );
    own_or_stored(db, changes, docs, households).await
}

/// Put the records `ids` in `docs`: the page's own version when it carries one, else the
/// stored one.
async fn own_or_stored<B: Backend>(
    db: &B,
    changes: &[PushChange],
    docs: &mut Docs,
    mut ids: Vec<Uuid>,
) -> DbResult<()> {
    ids.sort();
    ids.dedup();
    let wanted: HashSet<Uuid> = ids.iter().copied().collect();
    let mut own = HashSet::new();
    for c in changes {
        if wanted.contains(&c.entity_id) && c.op != Op::Delete {
            own.insert(c.entity_id);
            docs.insert(
                c.entity_id,
                RefRecord {
                    entity: c.entity.as_str().to_owned(),
                    payload: c.payload.clone(),
                },
            );
        }
    }
    let rest: Vec<Uuid> = ids.into_iter().filter(|id| !own.contains(id)).collect();
    if !rest.is_empty() {
        docs.extend(db.records(rest).await?);
    }
    Ok(())
}
