//! The scope rule: which records a device may see and write.

use crate::db::Visibility;
use uuid::Uuid;
use vonxa_protocol::Scope;

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
