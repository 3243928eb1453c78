//! The links of a pushed record, read from its canonical form with the authorisation table:
//! every id it names (checked against stored records at ingest) and the one it is placed by.

use super::Link;
use uuid::Uuid;
use vonxa_domain::authz;
use vonxa_domain::entity::EntityKind;

/// One link of a record: the field (JSON pointer), the id it names, the kinds it may name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkRef {
    pub pointer: &'static str,
    pub id: Uuid,
    pub kinds: &'static [EntityKind],
    pub required: bool,
}

impl LinkRef {
    /// The field named in a refusal: the pointer's last step (`/payment/accountId` → `accountId`).
    pub fn field(&self) -> &'static str {
        self.pointer.rsplit('/').next().unwrap_or(self.pointer)
    }
}

/// The links the authorisation table lists for `kind`, read from the record's canonical form.
pub fn links_of(kind: EntityKind, doc: &serde_json::Value) -> Vec<LinkRef> {
    authz::rule(kind)
        .links
        .iter()
        .filter_map(|l| {
            let id = doc.pointer(l.pointer)?.as_str()?.parse().ok()?;
            Some(LinkRef {
                pointer: l.pointer,
                id,
                kinds: l.kinds,
                required: l.required,
            })
        })
        .collect()
}

/// Where the authorisation table places a record of `kind`, read from its canonical form.
pub(super) fn placement(kind: EntityKind, doc: &serde_json::Value) -> Option<Link> {
    Some(match authz::rule(kind).placement {
        authz::Placement::Global => Link::Global,
        authz::Placement::Private => Link::Private,
        authz::Placement::OwnCode => Link::PointCode(doc.get("code")?.as_str()?.to_owned()),
        authz::Placement::Via(p) => Link::Parent(doc.pointer(p)?.as_str()?.parse().ok()?),
    })
}
