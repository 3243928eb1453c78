//! The people who supervise, in the province's console: their roles, the area each one reads,
//! and the one table that says what each role may do there. The province's HTTP layer asks
//! [`may`] for every endpoint and [`Scope::covers`] for every record it serves; the console's
//! authorisation test walks the same table.

use crate::error::{Code, DomainError, DomainResult};
use crate::reference::required_text;
use serde::{Deserialize, Serialize};

/// A console user's role.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsoleRole {
    /// The provincial branch's administrator: users, devices, programme tables, imports.
    Admin,
    /// A credit officer of the provincial branch: imports, disbursements, the bank's decisions.
    CreditOfficer,
    /// An officer of a transaction office (Phòng giao dịch), for the communes it serves.
    OfficeOfficer,
    /// A member of a Board of Representatives (province or commune): reads its area.
    BoardMember,
    /// A member of a People's Committee: reads its commune.
    CommitteeMember,
    /// An entrusted organisation (Hội Nông dân, Hội Phụ nữ, Hội Cựu chiến binh, Đoàn Thanh
    /// niên) at some level: reads the groups it manages.
    OrgReader,
}

impl ConsoleRole {
    pub const ALL: [ConsoleRole; 6] = [
        ConsoleRole::Admin,
        ConsoleRole::CreditOfficer,
        ConsoleRole::OfficeOfficer,
        ConsoleRole::BoardMember,
        ConsoleRole::CommitteeMember,
        ConsoleRole::OrgReader,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsoleRole::Admin => "admin",
            ConsoleRole::CreditOfficer => "credit_officer",
            ConsoleRole::OfficeOfficer => "office_officer",
            ConsoleRole::BoardMember => "board_member",
            ConsoleRole::CommitteeMember => "committee_member",
            ConsoleRole::OrgReader => "org_reader",
        }
    }

    pub fn parse(s: &str) -> Option<ConsoleRole> {
        ConsoleRole::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            ConsoleRole::Admin => "Quản trị viên tỉnh",
            ConsoleRole::CreditOfficer => "Cán bộ tín dụng tỉnh",
            ConsoleRole::OfficeOfficer => "Cán bộ Phòng giao dịch",
            ConsoleRole::BoardMember => "Thành viên Ban đại diện HĐQT",
            ConsoleRole::CommitteeMember => "Thành viên UBND",
            ConsoleRole::OrgReader => "Tổ chức hội nhận ủy thác",
        }
    }
}

/// The kinds of area a console user reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeKind {
    Province,
    /// A transaction office, by id: the communes it serves.
    Office,
    /// A commune, by its official code.
    Commune,
    /// An entrusted organisation, by id: the groups it manages.
    Organisation,
}

impl ScopeKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ScopeKind::Province => "province",
            ScopeKind::Office => "office",
            ScopeKind::Commune => "commune",
            ScopeKind::Organisation => "organisation",
        }
    }

    pub fn parse(s: &str) -> Option<ScopeKind> {
        [
            ScopeKind::Province,
            ScopeKind::Office,
            ScopeKind::Commune,
            ScopeKind::Organisation,
        ]
        .into_iter()
        .find(|k| k.as_str() == s)
    }
}

/// The area a console user reads: the whole province, or one office, commune or organisation.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Scope {
    pub kind: ScopeKind,
    /// The office's or organisation's id, the commune's code; none for the province.
    pub id: Option<String>,
}

/// Where a record sits, as the province knows it: the communes it belongs to, the offices
/// serving them, the organisation managing its group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Place {
    pub communes: Vec<String>,
    pub offices: Vec<String>,
    pub organisations: Vec<String>,
}

impl Scope {
    pub fn province() -> Scope {
        Scope {
            kind: ScopeKind::Province,
            id: None,
        }
    }

    /// Does this scope cover a record at `place`? The province covers everything; the others
    /// cover what names their office, commune or organisation.
    pub fn covers(&self, place: &Place) -> bool {
        let id = self.id.as_deref().unwrap_or_default();
        match self.kind {
            ScopeKind::Province => true,
            ScopeKind::Office => place.offices.iter().any(|o| o == id),
            ScopeKind::Commune => place.communes.iter().any(|c| c == id),
            ScopeKind::Organisation => place.organisations.iter().any(|o| o == id),
        }
    }
}

/// What a console user may try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConsoleAction {
    /// Their own account: log in and out, change their password.
    OwnAccount,
    /// Console users: add, disable.
    ManageUsers,
    /// The audit log of console actions.
    ReadAudit,
    /// The devices of their area: versions, last sync, what waits.
    ViewFleet,
    /// Enrol and revoke devices.
    ManageFleet,
    /// The bank's decision (04/TD) on the 03/TD lines sent to it.
    Decide,
    /// Publish a programme table (a dated rate, a relief).
    PublishTable,
    /// Record the bank's disbursements (one, or the bank's list as a file).
    Disburse,
}

impl ConsoleAction {
    pub const ALL: [ConsoleAction; 8] = [
        ConsoleAction::OwnAccount,
        ConsoleAction::ManageUsers,
        ConsoleAction::ReadAudit,
        ConsoleAction::ViewFleet,
        ConsoleAction::ManageFleet,
        ConsoleAction::Decide,
        ConsoleAction::PublishTable,
        ConsoleAction::Disburse,
    ];
}

/// The console's permission table.
pub fn may(role: ConsoleRole, action: ConsoleAction) -> bool {
    use ConsoleAction::*;
    use ConsoleRole::*;
    match action {
        OwnAccount => true,
        ManageUsers | ReadAudit | ManageFleet | PublishTable => role == Admin,
        // The transaction office decides on its communes' lines; the province's credit staff
        // on any.
        ViewFleet | Decide | Disburse => matches!(role, Admin | CreditOfficer | OfficeOfficer),
    }
}

/// The areas each role may be given: the province's staff read the province, an office
/// officer an office, Board members the province or a commune, People's Committee members a
/// commune, organisations their own.
pub fn check_scope(role: ConsoleRole, scope: &Scope) -> DomainResult<()> {
    use ConsoleRole::*;
    use ScopeKind as K;
    let fits = match role {
        Admin | CreditOfficer => scope.kind == K::Province,
        OfficeOfficer => scope.kind == K::Office,
        BoardMember => matches!(scope.kind, K::Province | K::Commune),
        CommitteeMember => scope.kind == K::Commune,
        OrgReader => scope.kind == K::Organisation,
    };
    if !fits {
        return Err(DomainError::invalid("scopeKind", Code::InvalidValue));
    }
    match (scope.kind, scope.id.as_deref().map(str::trim)) {
        (K::Province, None) => Ok(()),
        (K::Province, Some(_)) => Err(DomainError::invalid("scopeId", Code::InvalidValue)),
        (_, None | Some("")) => Err(DomainError::invalid("scopeId", Code::Required)),
        (_, Some(_)) => Ok(()),
    }
}

/// A console account as written: login name (lower-case letters, digits, `.`, `-`, `_`), the
/// name shown, role and area.
pub fn check_account(
    username: &str,
    display_name: &str,
    role: ConsoleRole,
    scope: &Scope,
) -> DomainResult<(String, String)> {
    let user = username.trim().to_lowercase();
    let ok = !user.is_empty()
        && user.len() <= 32
        && user
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'));
    if !ok {
        let code = if user.is_empty() {
            Code::Required
        } else {
            Code::InvalidFormat
        };
        return Err(DomainError::invalid("username", code));
    }
    let name = required_text("displayName", display_name, 80)?;
    check_scope(role, scope)?;
    Ok((user, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(kind: ScopeKind, id: Option<&str>) -> Scope {
        Scope {
            kind,
            id: id.map(str::to_owned),
        }
    }

    #[test]
    fn only_the_administrator_manages_users_devices_and_reads_the_audit() {
        for role in ConsoleRole::ALL {
            for a in [
                ConsoleAction::ManageUsers,
                ConsoleAction::ReadAudit,
                ConsoleAction::ManageFleet,
                ConsoleAction::PublishTable,
            ] {
                assert_eq!(may(role, a), role == ConsoleRole::Admin, "{role:?} {a:?}");
            }
            assert!(may(role, ConsoleAction::OwnAccount));
        }
        assert!(may(ConsoleRole::OfficeOfficer, ConsoleAction::ViewFleet));
        assert!(!may(ConsoleRole::BoardMember, ConsoleAction::ViewFleet));
    }

    #[test]
    fn each_role_reads_only_the_areas_it_may_be_given() {
        let office = scope(ScopeKind::Office, Some("7e0e"));
        assert!(check_scope(ConsoleRole::OfficeOfficer, &office).is_ok());
        assert!(check_scope(ConsoleRole::Admin, &office).is_err());
        assert!(check_scope(ConsoleRole::Admin, &Scope::province()).is_ok());
        let commune = scope(ScopeKind::Commune, Some("21601"));
        assert!(check_scope(ConsoleRole::BoardMember, &commune).is_ok());
        assert!(check_scope(ConsoleRole::BoardMember, &Scope::province()).is_ok());
        assert!(check_scope(ConsoleRole::CommitteeMember, &Scope::province()).is_err());
        let bare = scope(ScopeKind::Commune, None);
        assert_eq!(
            check_scope(ConsoleRole::CommitteeMember, &bare)
                .unwrap_err()
                .field(),
            Some("scopeId")
        );
    }

    #[test]
    fn a_scope_covers_what_names_its_area() {
        let place = Place {
            communes: vec!["21601".into()],
            offices: vec!["o1".into()],
            organisations: vec!["hpn".into()],
        };
        assert!(Scope::province().covers(&place));
        assert!(scope(ScopeKind::Commune, Some("21601")).covers(&place));
        assert!(!scope(ScopeKind::Commune, Some("21604")).covers(&place));
        assert!(scope(ScopeKind::Office, Some("o1")).covers(&place));
        assert!(!scope(ScopeKind::Office, Some("o2")).covers(&place));
        assert!(scope(ScopeKind::Organisation, Some("hpn")).covers(&place));
    }

    #[test]
    fn accounts_are_checked_before_they_are_written() {
        let ok = check_account(
            " An.Nguyen ",
            " Nguyễn  An ",
            ConsoleRole::Admin,
            &Scope::province(),
        );
        assert_eq!(ok.unwrap(), ("an.nguyen".into(), "Nguyễn An".into()));
        let bad = check_account("an nguyen", "An", ConsoleRole::Admin, &Scope::province());
        assert_eq!(bad.unwrap_err().field(), Some("username"));
        let names = ConsoleRole::ALL.map(|r| ConsoleRole::parse(r.as_str()));
        assert!(names.iter().all(Option::is_some));
    }
}
