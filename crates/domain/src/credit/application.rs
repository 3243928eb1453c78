//! The loan application's status machine (domain brief §3.3). Every transition is an event
//! with an actor kind and, where the brief requires one, a reason; anything else is refused
//! here, on the device and again at the province.

use crate::error::{Code, DomainError, DomainResult};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Draft,
    SubmittedToGroup,
    ScheduledForVetting,
    ReturnedForFix,
    VettedApproved,
    VettedRejected,
    OnList03,
    CommuneCertified,
    CommuneRejected,
    SentToBank,
    BankApproved,
    BankRejected,
    Disbursed,
    Expired,
    Withdrawn,
}

impl Status {
    pub const ALL: [Status; 15] = [
        Status::Draft,
        Status::SubmittedToGroup,
        Status::ScheduledForVetting,
        Status::ReturnedForFix,
        Status::VettedApproved,
        Status::VettedRejected,
        Status::OnList03,
        Status::CommuneCertified,
        Status::CommuneRejected,
        Status::SentToBank,
        Status::BankApproved,
        Status::BankRejected,
        Status::Disbursed,
        Status::Expired,
        Status::Withdrawn,
    ];

    pub fn is_final(self) -> bool {
        matches!(
            self,
            Status::VettedRejected
                | Status::CommuneRejected
                | Status::BankRejected
                | Status::Disbursed
                | Status::Expired
                | Status::Withdrawn
        )
    }

    /// Statuses only the province's events lead to (the bank's decisions): a device never
    /// writes them. Derived from the transition table.
    pub fn only_province_reaches(self) -> bool {
        let mut reached = false;
        for from in Status::ALL {
            for e in Event::ALL {
                if next(from, e) == Some(self) {
                    if e.actor() == Actor::Device {
                        return false;
                    }
                    reached = true;
                }
            }
        }
        reached
    }

    /// Open applications block another application of the same household in the programme.
    pub fn is_open(self) -> bool {
        !self.is_final()
    }

    pub fn label_vi(self) -> &'static str {
        match self {
            Status::Draft => "Nháp",
            Status::SubmittedToGroup => "Đã nộp cho tổ",
            Status::ScheduledForVetting => "Chờ bình xét",
            Status::ReturnedForFix => "Trả lại để bổ sung",
            Status::VettedApproved => "Tổ đã bình xét đồng ý",
            Status::VettedRejected => "Tổ không đồng ý",
            Status::OnList03 => "Trong danh sách 03/TD",
            Status::CommuneCertified => "UBND xã đã xác nhận",
            Status::CommuneRejected => "UBND xã không xác nhận",
            Status::SentToBank => "Đã gửi ngân hàng",
            Status::BankApproved => "Ngân hàng phê duyệt",
            Status::BankRejected => "Ngân hàng từ chối",
            Status::Disbursed => "Đã giải ngân",
            Status::Expired => "Hết hiệu lực",
            Status::Withdrawn => "Đã rút",
        }
    }
}

/// Who may cause an event: the bank's decisions and disbursements only come from the province.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Device,
    Province,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Event {
    Submit,
    Schedule,
    ReturnForFix,
    Resubmit,
    VetApprove,
    VetReject,
    /// The meeting deferred it to a later meeting.
    VetDefer,
    PutOnList,
    CommuneCertify,
    CommuneReject,
    SendToBank,
    BankApprove,
    BankReject,
    Disburse,
    Expire,
    Withdraw,
}

impl Event {
    /// The commune People's Committee's word on a 03/TD list.
    pub fn is_commune(self) -> bool {
        matches!(self, Event::CommuneCertify | Event::CommuneReject)
    }

    pub const ALL: [Event; 16] = [
        Event::Submit,
        Event::Schedule,
        Event::ReturnForFix,
        Event::Resubmit,
        Event::VetApprove,
        Event::VetReject,
        Event::VetDefer,
        Event::PutOnList,
        Event::CommuneCertify,
        Event::CommuneReject,
        Event::SendToBank,
        Event::BankApprove,
        Event::BankReject,
        Event::Disburse,
        Event::Expire,
        Event::Withdraw,
    ];

    /// Events that must carry a reason.
    pub fn needs_reason(self) -> bool {
        matches!(
            self,
            Event::ReturnForFix
                | Event::VetReject
                | Event::CommuneReject
                | Event::BankReject
                | Event::Withdraw
        )
    }

    pub fn actor(self) -> Actor {
        match self {
            Event::BankApprove | Event::BankReject | Event::Disburse | Event::Expire => {
                Actor::Province
            }
            _ => Actor::Device,
        }
    }
}

/// The one transition table.
pub fn next(from: Status, event: Event) -> Option<Status> {
    use Event as E;
    use Status as S;
    Some(match (from, event) {
        (S::Draft, E::Submit) => S::SubmittedToGroup,
        (S::SubmittedToGroup, E::Schedule) => S::ScheduledForVetting,
        (S::SubmittedToGroup | S::ScheduledForVetting, E::ReturnForFix) => S::ReturnedForFix,
        (S::ReturnedForFix, E::Resubmit) => S::SubmittedToGroup,
        (S::ScheduledForVetting, E::VetApprove) => S::VettedApproved,
        (S::ScheduledForVetting, E::VetReject) => S::VettedRejected,
        (S::ScheduledForVetting, E::VetDefer) => S::SubmittedToGroup,
        (S::VettedApproved, E::PutOnList) => S::OnList03,
        (S::OnList03, E::CommuneCertify) => S::CommuneCertified,
        (S::OnList03, E::CommuneReject) => S::CommuneRejected,
        (S::CommuneCertified, E::SendToBank) => S::SentToBank,
        (S::SentToBank, E::BankApprove) => S::BankApproved,
        (S::SentToBank, E::BankReject) => S::BankRejected,
        (S::BankApproved, E::Disburse) => S::Disbursed,
        (S::BankApproved, E::Expire) => S::Expired,
        (
            S::Draft
            | S::SubmittedToGroup
            | S::ScheduledForVetting
            | S::ReturnedForFix
            | S::VettedApproved,
            E::Withdraw,
        ) => S::Withdrawn,
        _ => return None,
    })
}

/// Apply an event: the transition must exist, the actor must be the right one and a reason
/// must be given where one is required.
pub fn transition(
    from: Status,
    event: Event,
    actor: Actor,
    reason: Option<&str>,
) -> DomainResult<Status> {
    if event.actor() != actor {
        return Err(DomainError::Forbidden {
            action: format!("{event:?}"),
        });
    }
    if event.needs_reason() && reason.is_none_or(|r| r.trim().is_empty()) {
        return Err(DomainError::invalid("reason", Code::Required));
    }
    next(from, event).ok_or_else(|| DomainError::invalid("status", Code::InvalidTransition))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_bank_statuses_are_the_provinces_alone() {
        let only: Vec<Status> = Status::ALL
            .into_iter()
            .filter(|s| s.only_province_reaches())
            .collect();
        assert_eq!(
            only,
            vec![
                Status::BankApproved,
                Status::BankRejected,
                Status::Disbursed,
                Status::Expired
            ]
        );
    }

    #[test]
    fn the_happy_path_reaches_disbursed() {
        let mut s = Status::Draft;
        for e in [
            Event::Submit,
            Event::Schedule,
            Event::VetApprove,
            Event::PutOnList,
            Event::CommuneCertify,
            Event::SendToBank,
        ] {
            s = transition(s, e, Actor::Device, None).unwrap();
        }
        s = transition(s, Event::BankApprove, Actor::Province, None).unwrap();
        s = transition(s, Event::Disburse, Actor::Province, None).unwrap();
        assert_eq!(s, Status::Disbursed);
    }

    #[test]
    fn rejections_need_a_reason_and_bank_events_need_the_province() {
        let s = Status::ScheduledForVetting;
        assert_eq!(
            transition(s, Event::VetReject, Actor::Device, None),
            Err(DomainError::invalid("reason", Code::Required))
        );
        assert_eq!(
            transition(
                s,
                Event::VetReject,
                Actor::Device,
                Some("Không đúng đối tượng")
            ),
            Ok(Status::VettedRejected)
        );
        assert!(matches!(
            transition(Status::SentToBank, Event::BankApprove, Actor::Device, None),
            Err(DomainError::Forbidden { .. })
        ));
    }

    #[test]
    fn the_list_cannot_be_sent_before_commune_certification() {
        assert_eq!(
            transition(Status::OnList03, Event::SendToBank, Actor::Device, None),
            Err(DomainError::invalid("status", Code::InvalidTransition))
        );
    }

    fn status() -> impl Strategy<Value = Status> {
        proptest::sample::select(Status::ALL.to_vec())
    }
    fn event() -> impl Strategy<Value = Event> {
        proptest::sample::select(Event::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn final_statuses_never_move(s in status(), e in event()) {
            if s.is_final() {
                prop_assert_eq!(next(s, e), None);
            }
        }

        #[test]
        fn any_walk_from_draft_stays_in_reachable_statuses_and_disbursal_needs_every_step(events in proptest::collection::vec(event(), 0..40)) {
            let mut s = Status::Draft;
            let mut seen = vec![s];
            for e in events {
                if let Ok(n) = transition(s, e, e.actor(), Some("lý do")) {
                    s = n;
                    seen.push(s);
                }
            }
            if s == Status::Disbursed {
                for needed in [Status::VettedApproved, Status::OnList03, Status::CommuneCertified, Status::SentToBank, Status::BankApproved] {
                    prop_assert!(seen.contains(&needed), "disbursed without {:?}", needed);
                }
            }
        }

        #[test]
        fn an_illegal_transition_is_an_error_never_a_panic(s in status(), e in event()) {
            let r = transition(s, e, e.actor(), Some("lý do"));
            prop_assert_eq!(r.is_ok(), next(s, e).is_some());
        }
    }
}
