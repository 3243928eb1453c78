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
mirror!(
    /// Why an application may not be submitted (blocking) or needs a second look (warning).
    EligibilityCode <=> vonxa_domain::credit::eligibility::Reason {
        AmountNotPositive, RepresentativeUnder18, AuthorisationMissing, NoPovertyStatus,
        CategoryNotEligible, EscapedMoreThan3Years, OverCeiling, TermTooLong,
        OpenApplicationExists, NotGroupMember, GroupInOtherVillage
    }
);
mirror!(
    /// A loan's standing after disbursement.
    LoanStatus <=> vonxa_domain::credit::loan::LoanStatus {
        InGoodStanding, Extended, Rescheduled, Overdue, Frozen, WrittenOff, RecalledEarly, Sued,
        Closed
    }
);
mirror!(
    /// A discrepancy case: the difference of a handover or of a session's close.
    CaseKind <=> vonxa_domain::cash::CaseKind { Handover, Close }
);
mirror!(
    /// How a discrepancy case was dealt with.
    ResolutionOutcome <=> vonxa_domain::cash::ResolutionOutcome { MadeGood, CountingError, Escalated }
);

/// What a payment is: a group's collection (13/TD), or a deposit into or a withdrawal from a
/// savings book at the point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum PaymentKind {
    Collection,
    Deposit,
    Withdrawal,
    /// Principal repaid at the session.
    Repayment,
    /// A disbursement paid out at the session.
    Payout,
}

/// A savings product, its months apart (`months`: 0 for demand).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ProductKind {
    Demand,
    Term,
    Flexible,
}
