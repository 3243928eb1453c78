//! A page of pull for a device: the accepted changes in its scope after its cursor, and, for a
//! group's device, the records of a household that joins the group. Those were recorded before
//! the household was in the group, so the device's cursor may already be past them: they come
//! with the membership, just before it, at their current version.

use crate::db::{Backend, DbResult};
use uuid::Uuid;
use vonxa_domain::DeviceId;
use vonxa_domain::entity::EntityKind;
use vonxa_protocol::{PulledChange, Scope};

/// One page: the changes, the cursor after it, and whether more follow.
pub struct Page {
    pub changes: Vec<PulledChange>,
    pub next: i64,
    pub more: bool,
}

pub async fn page<B: Backend>(
    db: &B,
    scope: Scope,
    device: DeviceId,
    after: i64,
    limit: u32,
) -> DbResult<Page> {
    let (changes, more) = db.pull(scope.clone(), device, after, limit).await?;
    let next = changes.last().map_or(after, |c| c.server_seq);
    let Scope::Group { group_id } = scope else {
        return Ok(Page {
            changes,
            next,
            more,
        });
    };
    let mut out = Vec::with_capacity(changes.len());
    for c in changes {
        if let Some(h) = joining(&c, group_id.as_uuid()) {
            out.extend(db.household_state(h, c.server_seq).await?);
        }
        out.push(c);
    }
    Ok(Page {
        changes: out,
        next,
        more,
    })
}

/// The household a pulled membership brings into `group`, if it does.
fn joining(c: &PulledChange, group: Uuid) -> Option<Uuid> {
    if c.entity != EntityKind::Membership {
        return None;
    }
    let m: vonxa_domain::reference::Membership = serde_json::from_value(c.payload.clone()).ok()?;
    (m.group_id.as_uuid() == group && m.left_on.is_none()).then(|| m.household_id.as_uuid())
}
