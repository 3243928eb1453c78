//! The authorisation table: for every entity kind, who authors it (a device or only the
//! province), which role action a device needs to write it, which operations it takes, where
//! the record sits (its placement) and every link it carries. The device store asks it before
//! a local write; the province asks it for every pushed change and checks each link against the
//! pushing device's scope; docs/SYNC.md prints it (`markdown_table`). One table, both sides.

use crate::entity::{EntityKind, Op};
use crate::roles::{self, Action, Role};

/// Who writes records of a kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Author {
    /// Written on devices (by a user whose role allows `write`) and pushed.
    Device,
    /// Written only by the province (imports, the bank's decisions); devices mirror it.
    Province,
}

/// Where a record sits, which decides who sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Placement {
    /// Province-wide reference data: every points-scoped device reads it.
    Global,
    /// Device-local (user accounts): kept for the audit, served to nobody.
    Private,
    /// A transaction point itself, by its own `code`.
    OwnCode,
    /// Where the record its link at this field sits (a point, group, household, loan, case).
    Via(&'static str),
}

/// A reference to another record: the JSON pointer of the id in the record's canonical form,
/// the kinds it may name, and whether the province must already hold it. Every link the
/// province holds must be of one of `kinds` and in the pushing device's scope.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Link {
    pub pointer: &'static str,
    pub kinds: &'static [EntityKind],
    /// An unknown required link is `unknown_parent` (retried later); an unknown optional one
    /// is not checked (it names something the province has never seen, so it grants nothing).
    pub required: bool,
}

/// The row of one kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KindRule {
    pub kind: EntityKind,
    pub author: Author,
    /// The action a device's role needs; `None`: any role (device-local accounts).
    pub write: Option<Action>,
    pub placement: Placement,
    pub links: &'static [Link],
}

use EntityKind as K;

const fn req(pointer: &'static str, kinds: &'static [EntityKind]) -> Link {
    Link {
        pointer,
        kinds,
        required: true,
    }
}

const fn opt(pointer: &'static str, kinds: &'static [EntityKind]) -> Link {
    Link {
        pointer,
        kinds,
        required: false,
    }
}

const POINT: Link = req("/pointId", &[K::Point]);
const HOUSEHOLD: Link = req("/householdId", &[K::Household]);
const GROUP: Link = req("/groupId", &[K::Group]);

const fn device(
    kind: EntityKind,
    write: Action,
    placement: Placement,
    links: &'static [Link],
) -> KindRule {
    KindRule {
        kind,
        author: Author::Device,
        write: Some(write),
        placement,
        links,
    }
}

const fn province(kind: EntityKind, placement: Placement, links: &'static [Link]) -> KindRule {
    KindRule {
        kind,
        author: Author::Province,
        write: None,
        placement,
        links,
    }
}

/// The table, one row per kind in `EntityKind::ALL` order.
pub const TABLE: [KindRule; 25] = {
    use Action::*;
    use Placement::*;
    [
        province(K::Office, Global, &[]),
        device(
            K::Point,
            EditNetwork,
            OwnCode,
            &[opt("/officeId", &[K::Office])],
        ),
        device(K::PointCommune, EditNetwork, Via("/pointId"), &[POINT]),
        device(K::Village, EditNetwork, Via("/pointId"), &[POINT]),
        province(K::Organisation, Global, &[]),
        device(
            K::Group,
            EditNetwork,
            Via("/pointId"),
            &[
                POINT,
                req("/villageId", &[K::Village]),
                opt("/organisationId", &[K::Organisation]),
            ],
        ),
        device(
            K::GroupRole,
            EditNetwork,
            Via("/groupId"),
            &[GROUP, req("/personId", &[K::Person])],
        ),
        device(
            K::Household,
            EditHouseholds,
            Via("/pointId"),
            &[
                POINT,
                req("/villageId", &[K::Village]),
                opt("/headPersonId", &[K::Person]),
            ],
        ),
        device(K::Person, EditHouseholds, Via("/householdId"), &[HOUSEHOLD]),
        device(
            K::PovertyStatus,
            SetPovertyStatus,
            Via("/householdId"),
            &[HOUSEHOLD],
        ),
        device(
            K::Membership,
            EditHouseholds,
            Via("/householdId"),
            &[HOUSEHOLD, GROUP],
        ),
        KindRule {
            kind: K::User,
            author: Author::Device,
            write: None,
            placement: Private,
            links: &[],
        },
        province(
            K::Loan,
            Via("/householdId"),
            &[
                HOUSEHOLD,
                opt("/groupId", &[K::Group]),
                opt("/borrowerId", &[K::Person]),
            ],
        ),
        device(
            K::Application,
            Vet,
            Via("/householdId"),
            &[HOUSEHOLD, POINT, opt("/representativeId", &[K::Person])],
        ),
        device(
            K::ApplicationStatus,
            Vet,
            Via("/householdId"),
            &[HOUSEHOLD, req("/applicationId", &[K::Application])],
        ),
        device(K::Meeting, Vet, Via("/groupId"), &[GROUP, POINT]),
        device(
            K::VettingDecision,
            Vet,
            Via("/householdId"),
            &[
                HOUSEHOLD,
                req("/meetingId", &[K::Meeting]),
                req("/applicationId", &[K::Application]),
            ],
        ),
        province(K::ProgrammeTable, Global, &[]),
        device(
            K::FundCheck,
            CheckFundUse,
            Via("/loanId"),
            &[
                req("/loanId", &[K::Loan]),
                HOUSEHOLD,
                opt("/groupId", &[K::Group]),
                opt("/supersedes", &[K::FundCheck]),
            ],
        ),
        device(
            K::SavingsAccount,
            RecordMoney,
            Via("/pointId"),
            &[POINT, opt("/householdId", &[K::Household])],
        ),
        device(K::CashSession, RecordMoney, Via("/pointId"), &[POINT]),
        device(
            K::MoneyEntry,
            RecordMoney,
            Via("/pointId"),
            &[
                POINT,
                opt("/sessionId", &[K::CashSession]),
                opt("/payment/groupId", &[K::Group]),
                opt("/payment/householdId", &[K::Household]),
                opt("/payment/accountId", &[K::SavingsAccount]),
                opt("/reverses/entryId", &[K::MoneyEntry]),
            ],
        ),
        device(
            K::Handover,
            RecordMoney,
            Via("/groupId"),
            &[GROUP, POINT, req("/sessionId", &[K::CashSession])],
        ),
        device(
            K::SessionClose,
            RecordMoney,
            Via("/pointId"),
            &[POINT, req("/sessionId", &[K::CashSession])],
        ),
        device(
            K::DiscrepancyResolution,
            ResolveDiscrepancy,
            Via("/caseId"),
            &[
                req("/caseId", &[K::Handover, K::SessionClose]),
                POINT,
                opt("/settledInSession", &[K::CashSession]),
            ],
        ),
    ]
};

/// The row of a kind.
pub fn rule(kind: EntityKind) -> &'static KindRule {
    // `TABLE` is in `EntityKind::ALL` order (a test holds it there).
    &TABLE[kind as usize]
}

/// Why a write is refused before its content is looked at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// Updates and deletes of append-only kinds.
    AppendOnly,
    /// The kind is the province's, or the role lacks the action.
    Forbidden,
}

/// May a device whose role is `role` write `op` on `kind`? The device store asks it for the
/// user at the keyboard; the province for the role the device was enrolled with.
pub fn device_may_write(role: Role, kind: EntityKind, op: Op) -> Result<(), Refusal> {
    if !op.allowed_on(kind) {
        return Err(Refusal::AppendOnly);
    }
    let r = rule(kind);
    if r.author == Author::Province {
        return Err(Refusal::Forbidden);
    }
    match r.write {
        Some(action) if !roles::allowed(role, action) => Err(Refusal::Forbidden),
        _ => Ok(()),
    }
}

/// The table as a Markdown table (docs/SYNC.md carries it; a test keeps the two equal).
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| Kind | Author | Device roles that may write | Operations | Placement | Links (each must be in scope; * = must exist) |\n|---|---|---|---|---|---|\n",
    );
    for r in TABLE {
        let roles: Vec<&str> = match (r.author, r.write) {
            (Author::Province, _) => vec!["–"],
            (Author::Device, None) => vec!["every role"],
            (Author::Device, Some(a)) => Role::ALL
                .into_iter()
                .filter(|role| roles::allowed(*role, a))
                .map(Role::as_str)
                .collect(),
        };
        let ops = if r.kind.is_append_only() {
            "insert"
        } else {
            "insert, update, delete"
        };
        let placement = match r.placement {
            Placement::Global => "province-wide".to_owned(),
            Placement::Private => "device-local".to_owned(),
            Placement::OwnCode => "its own `code`".to_owned(),
            Placement::Via(p) => format!("via `{p}`"),
        };
        let links: Vec<String> = r
            .links
            .iter()
            .map(|l| {
                let kinds: Vec<&str> = l.kinds.iter().map(|k| k.as_str()).collect();
                let star = if l.required { "*" } else { "" };
                format!("`{}`{star} → {}", l.pointer, kinds.join("/"))
            })
            .collect();
        let author = match r.author {
            Author::Device => "device",
            Author::Province => "province",
        };
        out.push_str(&format!(
            "| `{}` | {author} | {} | {ops} | {placement} | {} |\n",
            r.kind.as_str(),
            roles.join(", "),
            if links.is_empty() {
                "–".to_owned()
            } else {
                links.join("; ")
            }
        ));
    }
    out
}

impl EntityKind {
    /// Kinds only the province writes (reference data, the bank's records). Devices mirror
    /// them and any push of one is refused. Read from the authorisation table.
    pub fn is_province_authored(self) -> bool {
        rule(self).author == Author::Province
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_kind_order_and_complete() {
        for (i, k) in EntityKind::ALL.into_iter().enumerate() {
            assert_eq!(TABLE[i].kind, k, "row {i}");
            assert_eq!(rule(k).kind, k);
        }
    }

    #[test]
    fn placement_names_one_of_the_links() {
        for r in TABLE {
            if let Placement::Via(p) = r.placement {
                let l = r.links.iter().find(|l| l.pointer == p);
                assert!(l.is_some_and(|l| l.required), "{}: {p}", r.kind);
            }
        }
    }

    #[test]
    fn reference_and_bank_records_are_the_provinces() {
        for k in [K::Office, K::Organisation, K::ProgrammeTable, K::Loan] {
            for role in Role::ALL {
                assert_eq!(
                    device_may_write(role, k, Op::Insert),
                    Err(Refusal::Forbidden),
                    "{k} {role:?}"
                );
            }
        }
    }

    #[test]
    fn a_viewer_writes_nothing_but_its_own_accounts() {
        for k in EntityKind::ALL {
            let ok = device_may_write(Role::Viewer, k, Op::Insert).is_ok();
            assert_eq!(ok, k == K::User, "{k}");
        }
    }

    #[test]
    fn append_only_kinds_take_inserts_only() {
        assert_eq!(
            device_may_write(Role::Admin, K::MoneyEntry, Op::Update),
            Err(Refusal::AppendOnly)
        );
        assert!(device_may_write(Role::Admin, K::Household, Op::Update).is_ok());
    }

    #[test]
    fn the_markdown_has_a_row_per_kind() {
        let md = markdown_table();
        assert_eq!(md.lines().count(), 2 + EntityKind::ALL.len());
        assert!(md.contains("| `membership` | device |"));
    }
}
