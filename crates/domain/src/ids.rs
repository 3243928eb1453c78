//! UUIDv7 identifier newtypes. Generation happens outside the domain (it needs a clock and a
//! random source); here the types only keep ids of different entities from being mixed up.

use serde::{Deserialize, Serialize};
use std::fmt;
use uuid::Uuid;

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl $name {
            pub fn as_uuid(&self) -> Uuid {
                self.0
            }
        }

        impl From<Uuid> for $name {
            fn from(u: Uuid) -> Self {
                Self(u)
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(
    /// A device (one laptop's database).
    DeviceId,
    /// A user account on a device.
    UserId,
    /// One entry of the change log.
    ChangeId,
    /// A transaction office (phòng giao dịch).
    OfficeId,
    /// A commune transaction point (điểm giao dịch xã).
    PointId,
    /// An effective-dated link between a point and a commune.
    PointCommuneId,
    /// A village (thôn, xóm, ấp, bản, làng, tổ dân phố).
    VillageId,
    /// An entrusted socio-political organisation.
    OrganisationId,
    /// A savings-and-loan group (Tổ TK&VV).
    GroupId,
    /// A disbursed loan (the bank's record).
    LoanId,
    /// A loan application (01/TD).
    ApplicationId,
    /// One change of an application's status.
    StatusChangeId,
    /// A group meeting (10/TD).
    MeetingId,
    /// A meeting's decision on one application.
    VettingDecisionId,
    /// One published version of the programme table.
    ProgrammeTableId,
    /// A fund-use check (06/TD).
    FundCheckId,
    /// A board role assignment in a group.
    GroupRoleId,
    /// A household (hộ gia đình).
    HouseholdId,
    /// A person.
    PersonId,
    /// A dated poverty-status record of a household.
    PovertyStatusId,
    /// A household's membership of a group.
    MembershipId,
    /// A savings book opened at a transaction point.
    SavingsAccountId,
    /// A transaction session at a point (one day, one team).
    CashSessionId,
    /// A payment in the money journal (each with its 01/BL receipt).
    MoneyEntryId,
    /// A group's cash handed over at a session.
    HandoverId,
    /// The close of a session with its cash count.
    SessionCloseId,
    /// How a discrepancy case (a handover or a close with a difference) was resolved.
    DiscrepancyResolutionId,
);

/// Is this a version 7 UUID (time-ordered)? Ids made by vonxa always are.
pub fn is_v7(u: &Uuid) -> bool {
    u.get_version_num() == 7
}
