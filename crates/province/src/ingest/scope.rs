//! The scope rule: which records a device may see and write, and the check of every link a
//! pushed record carries (the authorisation table's `links`).

use super::Prepared;
use super::plan::{EntityState, Visibility};
use crate::check::Checked;
use std::collections::HashMap;
use uuid::Uuid;
use vonxa_domain::entity::EntityKind;
use vonxa_protocol::{RejectCode, Scope};

/// May a device with `scope` see and write a record placed so?
pub fn in_scope(
    scope: &Scope,
    vis: Visibility,
    point_code: &Option<String>,
    group: Option<Uuid>,
) -> bool {
    match (vis, scope) {
        (Visibility::Private, _) => true,
        (Visibility::Global, Scope::Points { .. }) => true,
        (Visibility::Global, Scope::Group { .. }) => false,
        (Visibility::Scoped, Scope::Points { codes }) => {
            point_code.as_ref().is_some_and(|p| codes.contains(p))
        }
        (Visibility::Scoped, Scope::Group { group_id }) => group == Some(group_id.as_uuid()),
    }
}

/// Kinds that belong to a transaction point as a whole, not to a group: a group's device may
/// name those of its own group's point (a collection names the point and the session).
fn point_level(kind: &str) -> bool {
    [
        EntityKind::Point,
        EntityKind::PointCommune,
        EntityKind::Village,
        EntityKind::CashSession,
    ]
    .iter()
    .any(|k| k.as_str() == kind)
}

/// May a device with `scope` name the stored record `target` in a record it writes?
/// Province-wide records (no point) may be named by anyone; a points device names records of
/// its points; a group's device names records of its group, and point-level records of its
/// group's point.
pub fn may_link(
    scope: &Scope,
    target: &EntityState,
    entities: &HashMap<Uuid, EntityState>,
) -> bool {
    let Some(code) = &target.point_code else {
        return true;
    };
    match scope {
        Scope::Points { codes } => codes.contains(code),
        Scope::Group { group_id } => {
            let g = group_id.as_uuid();
            if point_level(&target.entity) {
                entities
                    .get(&g)
                    .is_some_and(|e| e.point_code.as_ref() == Some(code))
            } else {
                target.group_id == Some(g)
            }
        }
    }
}

/// Why a link refuses its record.
#[derive(Debug, PartialEq, Eq)]
pub struct LinkFault {
    pub code: RejectCode,
    pub field: Option<&'static str>,
}

/// Check every link of a record: a required one the province does not hold is an unknown
/// parent (retried later); one naming a record of another kind is `invalid` with the field;
/// one outside the device's scope is `out_of_scope`. The province's own writes are not
/// scoped.
pub fn links(
    page: &Prepared,
    checked: &Checked,
    entities: &HashMap<Uuid, EntityState>,
) -> Result<(), LinkFault> {
    for l in &checked.links {
        let Some(target) = entities.get(&l.id).filter(|e| !e.deleted) else {
            if l.required {
                return Err(LinkFault {
                    code: RejectCode::UnknownParent,
                    field: Some(l.field()),
                });
            }
            continue;
        };
        if !l.kinds.iter().any(|k| k.as_str() == target.entity) {
            return Err(LinkFault {
                code: RejectCode::Invalid,
                field: Some(l.field()),
            });
        }
        if !page.unrestricted && !may_link(&page.device.scope, target, entities) {
            return Err(LinkFault {
                code: RejectCode::OutOfScope,
                field: Some(l.field()),
            });
        }
    }
    Ok(())
}
