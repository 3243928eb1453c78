use super::*;
use uuid::Uuid;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap_or_default()
}

fn meeting(present: usize) -> Meeting {
    Meeting {
        chair_id: None,
        id: MeetingId(Uuid::from_u128(1)),
        group_id: GroupId(Uuid::from_u128(2)),
        point_id: PointId(Uuid::from_u128(3)),
        held_on: d("2026-11-28"),
        place: "Nhà văn hóa thôn Gò Chè".into(),
        chair: "Đinh Văn Tèo".into(),
        secretary: "Hồ Thị Lan".into(),
        guests: Some("Hội Phụ nữ xã; Trưởng thôn".into()),
        members_total: 40,
        present: (0..present)
            .map(|i| HouseholdId(Uuid::from_u128(100 + i as u128)))
            .collect(),
        quorum: QuorumRule::default(),
        minutes: None,
        cancelled: None,
    }
}

fn decision(m: &Meeting, decision: Decision, votes: (u32, u32, u32)) -> VettingDecision {
    VettingDecision {
        id: VettingDecisionId(Uuid::from_u128(9)),
        meeting_id: m.id,
        application_id: ApplicationId(Uuid::from_u128(7)),
        household_id: HouseholdId(Uuid::from_u128(100)),
        requested: Money::dong(30_000_000),
        members_total: m.members_total,
        present: m.present_count(),
        quorum: m.quorum,
        conflicted_present: 0,
        votes: Votes {
            for_: votes.0,
            against: votes.1,
            abstain: votes.2,
        },
        decision,
        approved_amount: None,
        reason: None,
    }
}

const TODAY: &str = "2026-11-30";

#[test]
fn a_meeting_names_its_people_and_counts_attendance() {
    let m = meeting(21);
    assert!(m.clone().validate(d(TODAY)).is_ok());
    assert!(m.quorum_met(), "21 of 40 is more than half");
    assert!(!meeting(20).quorum_met(), "20 of 40 is not");
    let e = Meeting {
        chair: " ".into(),
        ..meeting(21)
    }
    .validate(d(TODAY))
    .unwrap_err();
    assert_eq!(e.field(), Some("chair"));
    let mut twice = meeting(21);
    twice.present.push(twice.present[0]);
    assert_eq!(
        twice.validate(d(TODAY)).unwrap_err().field(),
        Some("present")
    );
}

#[test]
fn decisions_need_quorum_a_majority_and_reasons() {
    let m = meeting(21);
    assert!(
        decision(&m, Decision::Approve, (15, 3, 3))
            .validate()
            .is_ok()
    );
    let no_quorum = decision(&meeting(20), Decision::Approve, (15, 3, 2));
    assert_eq!(no_quorum.validate().unwrap_err().code(), Code::NoQuorum);
    let reject = decision(&m, Decision::Reject, (3, 15, 3));
    assert_eq!(
        reject.clone().validate().unwrap_err().field(),
        Some("reason")
    );
    let with_reason = VettingDecision {
        reason: Some("Hộ không còn ở địa phương".into()),
        ..reject
    };
    assert_eq!(with_reason.event(), Event::VetReject);
    assert!(with_reason.validate().is_ok());
    let reduced = VettingDecision {
        approved_amount: Some(Money::dong(20_000_000)),
        reason: Some("Phương án chỉ cần 20 triệu".into()),
        ..decision(&m, Decision::ApproveReduced, (15, 3, 3))
    };
    assert_eq!(reduced.event(), Event::VetApprove);
    assert!(reduced.validate().is_ok());
}

#[test]
fn a_decision_carries_its_meetings_attendance() {
    let m = meeting(21);
    let dec = decision(&m, Decision::Approve, (15, 3, 3));
    assert!(dec.matches(&m));
    assert!(!dec.matches(&meeting(25)));
}

#[test]
fn votes_read_as_for_against_abstain_on_the_wire() {
    let v = Votes {
        for_: 3,
        against: 1,
        abstain: 0,
    };
    let json = serde_json::to_value(v).unwrap_or_default();
    assert_eq!(
        json,
        serde_json::json!({"for": 3, "against": 1, "abstain": 0})
    );
}

#[test]
fn a_meeting_is_cancelled_only_before_its_first_decision_and_then_is_final() {
    let held = meeting(10);
    let cancelled = Meeting {
        cancelled: Some(Cancellation {
            on: d(TODAY),
            reason: "Mưa lũ, thôn bị chia cắt".into(),
        }),
        ..held.clone()
    };
    assert!(cancelled.clone().validate(d(TODAY)).is_ok());
    assert!(cancelled.may_replace(&held, false).is_ok());
    assert_eq!(
        cancelled.may_replace(&held, true).unwrap_err().code(),
        Code::InvalidTransition,
        "a meeting that decided stands"
    );
    assert_eq!(
        held.may_replace(&cancelled, false).unwrap_err().code(),
        Code::MeetingCancelled,
        "a cancelled meeting is not reopened"
    );
    let no_reason = Meeting {
        cancelled: Some(Cancellation {
            on: d(TODAY),
            reason: "  ".into(),
        }),
        ..held.clone()
    };
    assert_eq!(
        no_reason.validate(d(TODAY)).unwrap_err().field(),
        Some("cancelReason")
    );
    let before_held = Meeting {
        cancelled: Some(Cancellation {
            on: d("2026-11-01"),
            reason: "Hoãn".into(),
        }),
        ..held.clone()
    };
    assert_eq!(
        before_held.validate(d(TODAY)).unwrap_err().code(),
        Code::DateOrder
    );
    // Nothing is decided under a cancelled meeting.
    let dec = decision(&cancelled, Decision::Approve, (8, 0, 0));
    assert_eq!(
        dec.check_meeting(&cancelled).unwrap_err().code(),
        Code::MeetingCancelled
    );
    assert!(dec.check_meeting(&held).is_ok());
}

#[test]
fn a_board_member_present_whose_household_applied_may_not_vote_on_it() {
    let m = meeting(10);
    let h = m.present[0];
    let seat = BoardSeat {
        from: d("2026-01-01"),
        to: None,
        household: h,
    };
    assert_eq!(conflicted_present(&m, h, &[seat], &only(h)), 1);
    let absent = HouseholdId(Uuid::from_u128(999));
    let away = BoardSeat {
        household: absent,
        ..seat
    };
    assert_eq!(
        conflicted_present(&m, absent, &[away], &only(absent)),
        0,
        "not present"
    );
    let ended = BoardSeat {
        to: Some(d("2026-11-01")),
        ..seat
    };
    assert_eq!(
        conflicted_present(&m, h, &[ended], &only(h)),
        0,
        "off the board before"
    );
    let later = BoardSeat {
        from: d("2026-11-29"),
        ..seat
    };
    assert_eq!(
        conflicted_present(&m, h, &[later], &only(h)),
        0,
        "on the board after"
    );
    let hidden = VettingDecision {
        household_id: h,
        conflicted_present: 0,
        ..decision(&m, Decision::Approve, (9, 0, 0))
    };
    assert_eq!(
        hidden
            .check_conflicts(&m, &[seat], &only(h), None)
            .unwrap_err()
            .code(),
        Code::ConflictOfInterest
    );
}

fn only(h: HouseholdId) -> std::collections::HashSet<HouseholdId> {
    std::collections::HashSet::from([h])
}

fn household(n: u128, kin: &[HouseholdId]) -> crate::reference::Household {
    crate::reference::Household {
        id: HouseholdId(Uuid::from_u128(n)),
        customer_code: None,
        village_id: crate::ids::VillageId(Uuid::from_u128(7)),
        point_id: crate::ids::PointId(Uuid::from_u128(8)),
        address: None,
        head_person_id: None,
        kin: kin.to_vec(),
    }
}

#[test]
fn kin_households_present_do_not_vote_whichever_side_declared_the_kinship() {
    use crate::reference::rules::related;
    let m = meeting(10);
    let (applicant, cousin, in_law, neighbour) =
        (m.present[0], m.present[1], m.present[2], m.present[3]);
    let known = [
        // The applicant declared the cousin; the in-law declared the applicant.
        crate::reference::Household {
            id: applicant,
            ..household(0, &[cousin])
        },
        crate::reference::Household {
            id: in_law,
            ..household(0, &[applicant])
        },
        crate::reference::Household {
            id: neighbour,
            ..household(0, &[])
        },
    ];
    let rel = related(applicant, &known);
    assert_eq!(
        rel,
        std::collections::HashSet::from([applicant, cousin, in_law])
    );
    // No board seat for the applicant: the two kin households present are the ones not voting.
    assert_eq!(conflicted_present(&m, applicant, &[], &rel), 2);
    let counted = VettingDecision {
        household_id: applicant,
        conflicted_present: 2,
        ..decision(&m, Decision::Approve, (8, 0, 0))
    };
    assert!(counted.check_conflicts(&m, &[], &rel, None).is_ok());
    // A count that lets one kin household vote is refused.
    let hidden = VettingDecision {
        conflicted_present: 1,
        ..counted.clone()
    };
    assert_eq!(
        hidden
            .check_conflicts(&m, &[], &rel, None)
            .unwrap_err()
            .code(),
        Code::ConflictOfInterest
    );
    // A neighbour chairs; the applicant's own household or a kin one does not (the deputy does).
    assert!(
        counted
            .check_conflicts(&m, &[], &rel, Some(neighbour))
            .is_ok()
    );
    for chair in [applicant, in_law] {
        let e = counted
            .check_conflicts(&m, &[], &rel, Some(chair))
            .unwrap_err();
        assert_eq!(
            (e.field(), e.code()),
            (Some("chair"), Code::RelatedHousehold)
        );
    }
}
