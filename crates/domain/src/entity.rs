//! What the change log talks about: the kinds of synced entity, the operations on them, and
//! which kinds are append-only (money and decisions: corrections are reversal records).

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntityKind {
    Office,
    Point,
    PointCommune,
    Village,
    Organisation,
    Group,
    GroupRole,
    Household,
    Person,
    PovertyStatus,
    Membership,
    User,
    Loan,
    Application,
    ApplicationStatus,
    Meeting,
    VettingDecision,
    ProgrammeTable,
    FundCheck,
    SavingsAccount,
    CashSession,
    MoneyEntry,
    Handover,
    SessionClose,
    DiscrepancyResolution,
}

impl EntityKind {
    pub const ALL: [EntityKind; 25] = [
        EntityKind::Office,
        EntityKind::Point,
        EntityKind::PointCommune,
        EntityKind::Village,
        EntityKind::Organisation,
        EntityKind::Group,
        EntityKind::GroupRole,
        EntityKind::Household,
        EntityKind::Person,
        EntityKind::PovertyStatus,
        EntityKind::Membership,
        EntityKind::User,
        EntityKind::Loan,
        EntityKind::Application,
        EntityKind::ApplicationStatus,
        EntityKind::Meeting,
        EntityKind::VettingDecision,
        EntityKind::ProgrammeTable,
        EntityKind::FundCheck,
        EntityKind::SavingsAccount,
        EntityKind::CashSession,
        EntityKind::MoneyEntry,
        EntityKind::Handover,
        EntityKind::SessionClose,
        EntityKind::DiscrepancyResolution,
    ];

    /// The wire and table-tag name.
    pub fn as_str(self) -> &'static str {
        match self {
            EntityKind::Office => "office",
            EntityKind::Point => "point",
            EntityKind::PointCommune => "point_commune",
            EntityKind::Village => "village",
            EntityKind::Organisation => "organisation",
            EntityKind::Group => "group",
            EntityKind::GroupRole => "group_role",
            EntityKind::Household => "household",
            EntityKind::Person => "person",
            EntityKind::PovertyStatus => "poverty_status",
            EntityKind::Membership => "membership",
            EntityKind::User => "user",
            EntityKind::Loan => "loan",
            EntityKind::Application => "application",
            EntityKind::ApplicationStatus => "application_status",
            EntityKind::Meeting => "meeting",
            EntityKind::VettingDecision => "vetting_decision",
            EntityKind::ProgrammeTable => "programme_table",
            EntityKind::FundCheck => "fund_check",
            EntityKind::SavingsAccount => "savings_account",
            EntityKind::CashSession => "cash_session",
            EntityKind::MoneyEntry => "money_entry",
            EntityKind::Handover => "handover",
            EntityKind::SessionClose => "session_close",
            EntityKind::DiscrepancyResolution => "discrepancy_resolution",
        }
    }

    pub fn parse(s: &str) -> Option<EntityKind> {
        EntityKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// Append-only kinds accept only inserts. A dated poverty-status record is history: a new
    /// status is a new record, never an edit of an old one; so are each change of an
    /// application's status, a vetting decision and every money record (a correction is a
    /// reversal entry).
    pub fn is_append_only(self) -> bool {
        matches!(
            self,
            EntityKind::PovertyStatus
                | EntityKind::ApplicationStatus
                | EntityKind::VettingDecision
                | EntityKind::FundCheck
        ) || self.is_money()
    }

    /// Money records: each device chains them by hash (`journal`), the province verifies the
    /// chain on every push.
    pub fn is_money(self) -> bool {
        matches!(
            self,
            EntityKind::SavingsAccount
                | EntityKind::CashSession
                | EntityKind::MoneyEntry
                | EntityKind::Handover
                | EntityKind::SessionClose
                | EntityKind::DiscrepancyResolution
        )
    }
}

impl fmt::Display for EntityKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Op {
    Insert,
    Update,
    Delete,
}

impl Op {
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Insert => "insert",
            Op::Update => "update",
            Op::Delete => "delete",
        }
    }

    pub fn parse(s: &str) -> Option<Op> {
        [Op::Insert, Op::Update, Op::Delete]
            .into_iter()
            .find(|o| o.as_str() == s)
    }

    /// May this operation be applied to an entity of this kind?
    pub fn allowed_on(self, kind: EntityKind) -> bool {
        self == Op::Insert || !kind.is_append_only()
    }
}

/// Where a write came from. Rows applied from sync or import keep their origin and rows applied
/// from sync are not logged again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    Local,
    Sync,
    Import,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Local => "local",
            Origin::Sync => "sync",
            Origin::Import => "import",
        }
    }

    /// Does a write of this origin go into the change log to be pushed?
    pub fn is_logged(self) -> bool {
        !matches!(self, Origin::Sync)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for k in EntityKind::ALL {
            assert_eq!(EntityKind::parse(k.as_str()), Some(k));
        }
    }

    #[test]
    fn append_only_kinds_refuse_update_and_delete() {
        assert!(Op::Insert.allowed_on(EntityKind::PovertyStatus));
        assert!(!Op::Update.allowed_on(EntityKind::PovertyStatus));
        assert!(!Op::Delete.allowed_on(EntityKind::PovertyStatus));
        assert!(Op::Update.allowed_on(EntityKind::Household));
        for k in EntityKind::ALL.into_iter().filter(|k| k.is_money()) {
            assert!(
                !Op::Update.allowed_on(k) && !Op::Delete.allowed_on(k),
                "{k}"
            );
        }
    }

    #[test]
    fn loans_come_only_from_the_province() {
        assert!(EntityKind::Loan.is_province_authored());
        assert!(!EntityKind::Household.is_province_authored());
    }

    #[test]
    fn synced_rows_are_not_logged_again() {
        assert!(Origin::Local.is_logged());
        assert!(Origin::Import.is_logged());
        assert!(!Origin::Sync.is_logged());
    }
}
