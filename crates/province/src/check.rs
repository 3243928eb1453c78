//! What the province checks in one change by itself, before looking at stored state: the
//! domain's own validation of the typed record, the operation, the role, and the record's link
//! to a transaction point or group (resolved later against stored records).

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use uuid::Uuid;
use vonxa_domain::DomainError;
use vonxa_domain::authz::{self, Refusal};
use vonxa_domain::cash::resolution::may_resolve;
use vonxa_domain::cash::{
    CashSession, DiscrepancyResolution, Handover, Minimums, MoneyEntry, Payment, SavingsAccount,
    SessionClose,
};
use vonxa_domain::credit::application::Actor;
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::credit::table::ProgrammeTable;
use vonxa_domain::credit::vetting::{Meeting, VettingDecision};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::funduse::FundCheck;
use vonxa_domain::reference::*;
use vonxa_domain::roles::Role;
use vonxa_domain::user::User;
use vonxa_protocol::{PushChange, PushResult, RejectCode};

pub mod fund;
mod links;
pub mod refs;
use links::placement;
pub use links::{LinkRef, links_of};

/// How a record reaches a transaction point.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Link {
    /// Province-wide reference data.
    Global,
    /// Device-local.
    Private,
    /// A transaction point itself, by its code.
    PointCode(String),
    /// Through the point (or group, or household) it names.
    Parent(Uuid),
}

/// The outcome of the stateless checks.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checked {
    pub link: Link,
    /// The group the record belongs to, for group-scoped devices.
    pub group: Option<Uuid>,
    /// The household the record hangs on (the household itself, its people, statuses,
    /// memberships): a record without a group of its own takes its household's group.
    pub household: Option<Uuid>,
    /// A membership moves its household into a group (or out of any, when it ends).
    pub regroup: Option<Regroup>,
    /// A fund-use check: what the province keeps of it (and checks against stored state).
    pub fund: Option<fund::FundFacts>,
    /// Every link the record carries (the authorisation table's), each checked against the
    /// stored record it names: its kind and the device's scope.
    pub links: Vec<LinkRef>,
    /// The record as validated (normalised text, canonical dates, unknown fields dropped):
    /// what the province stores and serves. `None` for deletes, which keep only the id.
    pub canonical: Option<serde_json::Value>,
}

/// A household entering or leaving a group, with everything that hangs on it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Regroup {
    pub household: Uuid,
    pub group: Option<Uuid>,
}

pub(crate) fn invalid(c: &PushChange, e: DomainError) -> PushResult {
    let mut r = PushResult::rejected(c.change_id, RejectCode::Invalid);
    r.field = e.field().map(str::to_owned);
    r.domain = Some(e.code());
    r
}

/// The typed record, read from the payload with its free text in canonical form (as the
/// device's store reads it before checking): unknown fields are dropped.
fn decode<T: DeserializeOwned>(c: &PushChange) -> Result<T, PushResult> {
    let read = if vonxa_domain::text::doc_is_canonical(&c.payload) {
        T::deserialize(&c.payload)
    } else {
        let mut doc = c.payload.clone();
        vonxa_domain::text::canonical_doc(&mut doc);
        T::deserialize(doc)
    };
    read.map_err(|e| {
        let mut r = PushResult::rejected(c.change_id, RejectCode::Invalid);
        r.field = Some(format!("payload: {e}"));
        r
    })
}

/// Does checking a change of this kind read the programme table (ceilings, terms, the group
/// size)? A page without such changes is checked without loading it.
pub fn needs_programme_table(kind: EntityKind) -> bool {
    matches!(
        kind,
        EntityKind::Application
            | EntityKind::ApplicationStatus
            | EntityKind::Loan
            | EntityKind::Membership
    )
}

/// Decode, validate (except deletes) and link one change. `by_province`: written by the
/// province itself (the bank's decisions), not pushed by a device. `docs`: the stored records
/// a change's rules need (a check's loan and the check it supersedes).
pub fn check(
    c: &PushChange,
    role: Role,
    today: NaiveDate,
    by_province: bool,
    table: &ProgrammeTable,
    docs: &refs::Docs,
) -> Result<Checked, PushResult> {
    if !c.op.allowed_on(c.entity) {
        return Err(PushResult::rejected(c.change_id, RejectCode::AppendOnly));
    }
    // The province's own writes (imports, the bank's decisions) author its kinds; a device
    // writes only what the authorisation table gives its enrolled role.
    if !by_province {
        match authz::device_may_write(role, c.entity, c.op) {
            Ok(()) => {}
            Err(Refusal::AppendOnly) => {
                return Err(PushResult::rejected(c.change_id, RejectCode::AppendOnly));
            }
            Err(Refusal::Forbidden) => {
                return Err(PushResult::rejected(c.change_id, RejectCode::Forbidden));
            }
        }
    }
    let validate = c.op != Op::Delete;
    let canonical: Option<serde_json::Value>;
    macro_rules! v {
        ($t:ty, |$r:ident| $body:expr) => {{
            let $r: $t = decode(c)?;
            let id = $r.id.as_uuid();
            let $r = if validate {
                $body.map_err(|e| invalid(c, e))?
            } else {
                $r
            };
            canonical = Some(serde_json::to_value(&$r).map_err(|e| {
                let mut r = PushResult::rejected(c.change_id, RejectCode::Invalid);
                r.field = Some(format!("payload: {e}"));
                r
            })?);
            (id, $r)
        }};
    }
    let (id, checked) = match c.entity {
        EntityKind::Office => {
            let (id, _) = v!(Office, |r| r.validate());
            (id, global())
        }
        EntityKind::Organisation => {
            let (id, _) = v!(Organisation, |r| r.validate());
            (id, global())
        }
        EntityKind::User => {
            let (id, _) = v!(User, |r| r.validate());
            (
                id,
                Checked {
                    link: Link::Private,
                    ..global()
                },
            )
        }
        EntityKind::Point => {
            let (id, r) = v!(Point, |r| r.validate());
            (
                id,
                Checked {
                    link: Link::PointCode(r.code),
                    ..global()
                },
            )
        }
        EntityKind::PointCommune => {
            let (id, r) = v!(PointCommune, |r| r.validate());
            (id, parent(r.point_id.as_uuid(), None))
        }
        EntityKind::Village => {
            let (id, r) = v!(Village, |r| r.validate());
            (id, parent(r.point_id.as_uuid(), None))
        }
        EntityKind::Group => {
            let (id, r) = v!(Group, |r| r.validate(today));
            (id, parent(r.point_id.as_uuid(), Some(id)))
        }
        EntityKind::GroupRole => {
            let (id, r) = v!(GroupRole, |r| r.validate());
            let g = r.group_id.as_uuid();
            (id, parent(g, Some(g)))
        }
        EntityKind::Household => {
            let (id, r) = v!(Household, |r| r.validate());
            (id, on_household(parent(r.point_id.as_uuid(), None), id))
        }
        EntityKind::Person => {
            let (id, r) = v!(Person, |r| r.validate(today));
            let h = r.household_id.as_uuid();
            (id, on_household(parent(h, None), h))
        }
        EntityKind::PovertyStatus => {
            let (id, r) = v!(PovertyStatus, |r| r.validate(today));
            let h = r.household_id.as_uuid();
            (id, on_household(parent(h, None), h))
        }
        EntityKind::Membership => {
            let (id, r) = v!(Membership, |r| r.validate(today));
            let (g, h) = (r.group_id.as_uuid(), r.household_id.as_uuid());
            let active = c.op != Op::Delete && r.left_on.is_none_or(|d| d > today);
            let mut ch = on_household(parent(h, Some(g)), h);
            ch.regroup = Some(Regroup {
                household: h,
                group: active.then_some(g),
            });
            (id, ch)
        }
        EntityKind::Application => {
            let actor = if by_province {
                Actor::Province
            } else {
                Actor::Device
            };
            // The province's own writes are imports: upserts, not new records.
            let is_new = c.op == Op::Insert && !by_province;
            let (id, r) = v!(Application, |r| r
                .validate(today, table)
                .and_then(|r| r.check_status_claim(actor, is_new).map(|()| r)));
            let h = r.household_id.as_uuid();
            (id, on_household(parent(h, None), h))
        }
        EntityKind::ApplicationStatus => {
            let actor = if by_province {
                Actor::Province
            } else {
                Actor::Device
            };
            let (id, r) = v!(StatusChange, |r| r.validate(actor, today).and_then(|r| {
                if by_province {
                    Ok(r)
                } else {
                    r.may_record(role).map(|()| r)
                }
            }));
            let h = r.household_id.as_uuid();
            (id, on_household(parent(h, None), h))
        }
        EntityKind::Meeting => {
            let (id, r) = v!(Meeting, |r| r.validate(today));
            let g = r.group_id.as_uuid();
            (id, parent(g, Some(g)))
        }
        EntityKind::VettingDecision => {
            let (id, r) = v!(VettingDecision, |r| r
                .validate()
                .and_then(|r| refs::against_meeting(&r, docs).map(|()| r)));
            let h = r.household_id.as_uuid();
            (id, on_household(parent(h, None), h))
        }
        EntityKind::ProgrammeTable => {
            let (id, _) = v!(ProgrammeTable, |r| r.validate());
            (id, global())
        }
        EntityKind::FundCheck => {
            let (id, r) = v!(FundCheck, |r| r
                .validate(today)
                .and_then(|r| fund::against_stored(&r, docs).map(|()| r))
                .and_then(|r| refs::checkers_independent(&r, docs).map(|()| r)));
            let h = r.household_id.as_uuid();
            let mut ch = on_household(parent(r.loan_id.as_uuid(), None), h);
            ch.fund = Some(fund::FundFacts::of(&r));
            (id, ch)
        }
        EntityKind::SavingsAccount => {
            let (id, r) = v!(SavingsAccount, |r| r.validate(today));
            (id, parent(r.point_id.as_uuid(), None))
        }
        EntityKind::CashSession => {
            let (id, r) = v!(CashSession, |r| r.validate(today));
            (id, parent(r.point_id.as_uuid(), None))
        }
        EntityKind::MoneyEntry => {
            let prefix = vonxa_domain::journal::device_prefix(c.device_id.as_uuid());
            let (id, r) = v!(MoneyEntry, |r| r
                .validate(today, &Minimums::default())
                .and_then(|r| receipt_of(r, &prefix)));
            match &r.payment {
                Payment::Collection {
                    group_id,
                    household_id,
                    ..
                } => {
                    let h = household_id.as_uuid();
                    (id, on_household(parent(h, Some(group_id.as_uuid())), h))
                }
                _ => (id, parent(r.point_id.as_uuid(), None)),
            }
        }
        EntityKind::Handover => {
            let (id, r) = v!(Handover, |r| r.validate());
            let g = r.group_id.as_uuid();
            (id, parent(g, Some(g)))
        }
        EntityKind::SessionClose => {
            let (id, r) = v!(SessionClose, |r| r.validate());
            (id, parent(r.point_id.as_uuid(), None))
        }
        EntityKind::DiscrepancyResolution => {
            // Linked through its case: a case the province does not hold yet is an unknown
            // parent, and the case's point decides the scope.
            let (id, r) = v!(DiscrepancyResolution, |r| r
                .validate(today)
                .and_then(|r| may_resolve(role, r.case_kind).map(|()| r)));
            (id, parent(r.case_id, None))
        }
        EntityKind::Loan => {
            let (id, r) = v!(vonxa_domain::credit::loan::Loan, |r| r
                .validate(today, table)
                .and_then(|r| refs::loan_events_kept(&r, docs).map(|()| r)));
            let h = r.household_id.as_uuid();
            let g = r.group_id.map(|g| g.as_uuid());
            (id, on_household(parent(h, g), h))
        }
    };
    if c.entity.is_money() && c.payload.get(vonxa_domain::journal::LINK_FIELD).is_none() {
        let mut r = PushResult::rejected(c.change_id, RejectCode::Invalid);
        r.field = Some("link".into());
        return Err(r);
    }
    if id != c.entity_id {
        let mut r = PushResult::rejected(c.change_id, RejectCode::Invalid);
        r.field = Some("id".into());
        return Err(r);
    }
    let doc = canonical.unwrap_or(serde_json::Value::Null);
    let link = placement(c.entity, &doc).unwrap_or(checked.link);
    Ok(Checked {
        link,
        links: links_of(c.entity, &doc),
        // A delete keeps the id only: nothing of an unvalidated body is stored or served.
        canonical: Some(if validate {
            doc
        } else {
            serde_json::json!({ "id": id })
        }),
        ..checked
    })
}

/// A receipt number is the pushing device's own: its prefix, then the counter.
fn receipt_of(e: MoneyEntry, prefix: &str) -> Result<MoneyEntry, DomainError> {
    match e
        .receipt_no
        .strip_prefix(prefix)
        .and_then(|r| r.strip_prefix('-'))
    {
        Some(n) if !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()) => Ok(e),
        _ => Err(DomainError::invalid(
            "receiptNo",
            vonxa_domain::Code::InvalidValue,
        )),
    }
}

fn global() -> Checked {
    Checked {
        link: Link::Global,
        group: None,
        household: None,
        regroup: None,
        fund: None,
        links: Vec::new(),
        canonical: None,
    }
}

fn parent(id: Uuid, group: Option<Uuid>) -> Checked {
    Checked {
        link: Link::Parent(id),
        group,
        ..global()
    }
}

fn on_household(c: Checked, household: Uuid) -> Checked {
    Checked {
        household: Some(household),
        ..c
    }
}
