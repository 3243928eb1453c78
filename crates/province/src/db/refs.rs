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
    Ok(docs)
}
