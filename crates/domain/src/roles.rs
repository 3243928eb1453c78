//! Roles on a device and the one place that says who may do what.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Administrator of this device: users, settings, everything else.
    Admin,
    /// Bank team at the transaction point.
    PointLeader,
    PointController,
    PointTeller,
    /// Leader of a savings-and-loan group.
    GroupLeader,
    /// Officer of an entrusted organisation.
    OrgOfficer,
    /// Read only.
    Viewer,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::PointLeader,
        Role::PointController,
        Role::PointTeller,
        Role::GroupLeader,
        Role::OrgOfficer,
        Role::Viewer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::PointLeader => "point_leader",
            Role::PointController => "point_controller",
            Role::PointTeller => "point_teller",
            Role::GroupLeader => "group_leader",
            Role::OrgOfficer => "org_officer",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị viên",
            Role::PointLeader => "Tổ trưởng tổ giao dịch",
            Role::PointController => "Kiểm soát viên",
            Role::PointTeller => "Giao dịch viên / thủ quỹ",
            Role::GroupLeader => "Tổ trưởng Tổ TK&VV",
            Role::OrgOfficer => "Cán bộ hội đoàn thể",
            Role::Viewer => "Chỉ xem",
        }
    }
}

/// Things a user may try to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    ManageUsers,
    ManageSettings,
    /// Offices, points, villages, organisations, groups and their boards.
    EditNetwork,
    /// Households, persons, memberships.
    EditHouseholds,
    /// A household's poverty status (the commune's list, as its decision says): the bank's team
    /// at the point, never the group side (a group leader or an organisation officer), so no
    /// one makes a household "poor" on paper to borrow in its name.
    SetPovertyStatus,
    ImportHouseholds,
    /// Loan applications (01/TD), vetting meetings and the lists they produce.
    Vet,
    /// Fund-use checks (06/TD) and their photos.
    CheckFundUse,
    RecordMoney,
    /// Record how a discrepancy case (a handover or close with a difference) was dealt with.
    ResolveDiscrepancy,
    ViewAll,
}

/// The permission table. Everything that checks a permission calls this.
pub fn allowed(role: Role, action: Action) -> bool {
    use Action::*;
    use Role::*;
    match action {
        ViewAll => true,
        ManageUsers | ManageSettings => role == Admin,
        EditNetwork => matches!(role, Admin | PointLeader | PointController),
        EditHouseholds | ImportHouseholds | Vet | CheckFundUse => {
            matches!(
                role,
                Admin | PointLeader | PointController | PointTeller | GroupLeader | OrgOfficer
            )
        }
        SetPovertyStatus => matches!(role, Admin | PointLeader | PointController | PointTeller),
        RecordMoney => matches!(role, Admin | PointLeader | PointTeller | GroupLeader),
        // The point team: a group leader handed the cash over (`cash::resolution::may_resolve`).
        ResolveDiscrepancy => matches!(role, Admin | PointLeader | PointController | PointTeller),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn viewer_only_views() {
        assert!(allowed(Role::Viewer, Action::ViewAll));
        assert!(!allowed(Role::Viewer, Action::EditHouseholds));
        assert!(!allowed(Role::Viewer, Action::RecordMoney));
    }

    #[test]
    fn only_the_bank_side_sets_poverty_status() {
        let may: Vec<Role> = Role::ALL
            .into_iter()
            .filter(|r| allowed(*r, Action::SetPovertyStatus))
            .collect();
        assert_eq!(
            may,
            [
                Role::Admin,
                Role::PointLeader,
                Role::PointController,
                Role::PointTeller
            ]
        );
    }

    #[test]
    fn only_admin_manages_users() {
        for r in Role::ALL {
            assert_eq!(allowed(r, Action::ManageUsers), r == Role::Admin);
        }
    }

    #[test]
    fn controller_does_not_take_cash() {
        assert!(!allowed(Role::PointController, Action::RecordMoney));
        assert!(allowed(Role::PointTeller, Action::RecordMoney));
    }

    #[test]
    fn names_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
    }
}
