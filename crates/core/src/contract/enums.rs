//! Closed sets of values the UI branches on, mirrored from the domain.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use vonxa_domain::ident;
use vonxa_domain::reference as r;
use vonxa_domain::{roles, user};

macro_rules! mirror {
    ($(#[$doc:meta])* $name:ident <=> $domain:path { $($v:ident),* $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($v),* }

        impl From<$domain> for $name {
            fn from(v: $domain) -> Self {
                use $domain as D;
                match v { $(D::$v => $name::$v),* }
            }
        }

        impl From<$name> for $domain {
            fn from(v: $name) -> Self {
                use $domain as D;
                match v { $($name::$v => D::$v),* }
            }
        }
    };
}

mirror!(
    /// The language of the UI and of error messages.
    Lang <=> user::Lang { Vi, En }
);
mirror!(
    /// A user's role on the device.
    Role <=> roles::Role { Admin, PointLeader, PointController, PointTeller, GroupLeader, OrgOfficer, Viewer }
);
mirror!(Sex <=> ident::Sex { Male, Female });
mirror!(
    /// Poverty category of a household.
    PovertyCategory <=> r::PovertyCategory { Poor, NearPoor, NewlyEscaped, AverageLiving, Other }
);
mirror!(BoardRole <=> r::BoardRole { Leader, Deputy, Secretary });
mirror!(GroupStatus <=> r::GroupStatus { Active, Suspended, Merged, Split, Dissolved });
mirror!(OrgKind <=> r::OrgKind { Farmers, Women, Veterans, Youth });
mirror!(
    /// Where an application (01/TD) stands.
    ApplicationStatus <=> vonxa_domain::credit::application::Status {
        Draft, SubmittedToGroup, ScheduledForVetting, ReturnedForFix, VettedApproved,
        VettedRejected, OnList03, CommuneCertified, CommuneRejected, SentToBank, BankApproved,
        BankRejected, Disbursed, Expired, Withdrawn
    }
);
mirror!(
    /// What moves an application from one status to the next.
    ApplicationEvent <=> vonxa_domain::credit::application::Event {
        Submit, Schedule, ReturnForFix, Resubmit, VetApprove, VetReject, VetDefer, PutOnList,
        CommuneCertify, CommuneReject, SendToBank, BankApprove, BankReject, Disburse, Expire,
        Withdraw
    }
);
mirror!(
    /// A vetting meeting's decision on one application.
    VetDecision <=> vonxa_domain::credit::meeting::Decision { Approve, ApproveReduced, Reject, Defer }
);
mirror!(
    /// Where a loan stands on the fund-use worklist.
    WorkState <=> vonxa_domain::funduse::WorkState { Due, Overdue, Done }
);
mirror!(
    /// How a fund-use check was made.
    CheckMethod <=> vonxa_domain::funduse::Method { HomeVisit, GroupMeeting, TransactionSession }
);
mirror!(
    /// What a fund-use check found.
    CheckOutcome <=> vonxa_domain::funduse::Outcome {
        UsedAsIntended, PartlyMisused, WhollyMisused, NotYetUsed, Fronted, Absconded,
        DiedOrMissing, ObjectiveRisk
    }
);
mirror!(
    /// What a finding raises at the province.
    CheckFlag <=> vonxa_domain::funduse::Flag { EarlyRecall, RiskFile, Police }
);
