//! The vetting table of the verdict suite: a decision under each meeting of the world.

use crate::common::vetting::*;
use crate::common::*;
use uuid::Uuid;
use vonxa_domain::credit::dossier::Application;
use vonxa_domain::credit::meeting::{Decision, Votes};
use vonxa_domain::credit::vetting::{Cancellation, Meeting, VettingDecision};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::reference::{BoardRole, GroupRole, Household};
use vonxa_domain::roles::Role;
use vonxa_domain::{Code, GroupRoleId, VettingDecisionId};
use vonxa_province::Backend;
use vonxa_store::records::load;

/// What a genuine device made before a vetting case's decision.
pub struct Vetting {
    a: Dev,
    app: Application,
    full: Meeting,
    thin: Meeting,
    cancelled: Meeting,
    /// The applicant absent, a household kin with it present (it declared the kinship).
    kin_only: Meeting,
    /// Chaired by the applicant's representative.
    chaired_by_applicant: Meeting,
    /// Chaired by the head of the kin household.
    chaired_by_kin: Meeting,
}

async fn vetting_world<B: Backend>(p: &Province<B>) -> Vetting {
    let a = Dev::new();
    a.load_demo(40);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let app = eligible_draft(&a);
    a.lock().record(&a.admin, Op::Insert, app.clone()).unwrap();
    let full = full_meeting(&a, &app);
    // The applicant sits on the group's board: a vote of theirs on it would be a conflict.
    let seat = GroupRole {
        id: GroupRoleId(Uuid::now_v7()),
        group_id: full.group_id,
        person_id: app.representative_id,
        role: BoardRole::Deputy,
        from: today() - chrono::Days::new(365),
        to: None,
    };
    a.lock().record(&a.admin, Op::Insert, seat).unwrap();
    // Too few: the applicant and one other member.
    let thin = Meeting {
        id: vonxa_domain::MeetingId(Uuid::now_v7()),
        present: full
            .present
            .iter()
            .copied()
            .filter(|h| *h != app.household_id)
            .take(1)
            .chain([app.household_id])
            .collect(),
        ..full.clone()
    };
    a.lock().record(&a.admin, Op::Insert, thin.clone()).unwrap();
    let cancelled = full_meeting(&a, &app);
    let cancelled = Meeting {
        cancelled: Some(Cancellation {
            on: today(),
            reason: "Mưa lũ".into(),
        }),
        ..cancelled
    };
    a.lock()
        .record(&a.admin, Op::Update, cancelled.clone())
        .unwrap();
    // Another member household declares itself kin with the applicant's.
    let kin = *full
        .present
        .iter()
        .rfind(|h| **h != app.household_id)
        .unwrap();
    let mut kh: Household = load(a.lock().connection(), kin.as_uuid()).unwrap();
    kh.kin.push(app.household_id);
    let kin_head = kh.head_person_id.expect("the kin household's head");
    a.lock().record(&a.admin, Op::Update, kh).unwrap();
    let variant = |present: Vec<vonxa_domain::HouseholdId>, chair| {
        let m = Meeting {
            id: vonxa_domain::MeetingId(Uuid::now_v7()),
            members_total: full.members_total,
            present,
            chair_id: chair,
            ..full.clone()
        };
        a.lock().record(&a.admin, Op::Insert, m.clone()).unwrap();
        m
    };
    let others = full
        .present
        .iter()
        .copied()
        .filter(|h| *h != app.household_id);
    let kin_only = variant(others.collect(), None);
    let chaired_by_applicant = variant(full.present.clone(), Some(app.representative_id));
    let chaired_by_kin = variant(full.present.clone(), Some(kin_head));
    a.settle(3).await;
    Vetting {
        a,
        app,
        full,
        thin,
        cancelled,
        kin_only,
        chaired_by_applicant,
        chaired_by_kin,
    }
}

/// A decision on the application under `m`, with `m`'s attendance and every vote entitled for.
fn decision(v: &Vetting, m: &Meeting, decision: Decision) -> VettingDecision {
    let conflicted =
        vonxa_store::vetting::conflicted(v.a.lock().connection(), m, v.app.household_id).unwrap();
    VettingDecision {
        id: VettingDecisionId(Uuid::now_v7()),
        meeting_id: m.id,
        application_id: v.app.id,
        household_id: v.app.household_id,
        requested: v.app.amount,
        members_total: m.members_total,
        present: m.present_count(),
        quorum: m.quorum,
        conflicted_present: conflicted,
        votes: Votes {
            for_: m.present_count() - conflicted,
            against: 0,
            abstain: 0,
        },
        decision,
        approved_amount: None,
        reason: None,
    }
}

pub type VettingCase = (&'static str, fn(&Vetting) -> VettingDecision, Option<Code>);

pub const CASES: &[VettingCase] = &[
    (
        "an approval at a quorate meeting",
        |v| decision(v, &v.full, Decision::Approve),
        None,
    ),
    (
        "an approval without a quorum",
        |v| decision(v, &v.thin, Decision::Approve),
        Some(Code::NoQuorum),
    ),
    (
        "a rejection without a reason",
        |v| decision(v, &v.full, Decision::Reject),
        Some(Code::Required),
    ),
    (
        "more votes than members present",
        |v| {
            let mut d = decision(v, &v.full, Decision::Approve);
            d.votes.for_ = d.present + 1;
            d
        },
        Some(Code::VotesExceedPresent),
    ),
    (
        "the conflicted board member's vote counted",
        |v| {
            let mut d = decision(v, &v.full, Decision::Approve);
            d.votes.for_ = d.present;
            d
        },
        Some(Code::ConflictOfInterest),
    ),
    (
        "a count that hides a board member's conflict",
        |v| {
            let mut d = decision(v, &v.full, Decision::Approve);
            assert_eq!(
                d.conflicted_present, 2,
                "the applicant is on the board and present, and so is a kin household"
            );
            d.conflicted_present = 1;
            d
        },
        Some(Code::ConflictOfInterest),
    ),
    (
        "a decision under a cancelled meeting",
        |v| decision(v, &v.cancelled, Decision::Approve),
        Some(Code::MeetingCancelled),
    ),
    (
        "an attendance that is not the meeting's",
        |v| {
            let mut d = decision(v, &v.full, Decision::Approve);
            d.present -= 1;
            d.votes.for_ -= 1;
            d
        },
        Some(Code::InvalidValue),
    ),
    (
        "an approval counting the kin household apart",
        |v| decision(v, &v.kin_only, Decision::Approve),
        None,
    ),
    (
        "a kin household's vote counted",
        |v| {
            let mut d = decision(v, &v.kin_only, Decision::Approve);
            assert_eq!(d.conflicted_present, 1, "the kin household is present");
            d.conflicted_present = 0;
            d.votes.for_ = d.present;
            d
        },
        Some(Code::ConflictOfInterest),
    ),
    (
        "a meeting chaired by the applicant's own household",
        |v| decision(v, &v.chaired_by_applicant, Decision::Approve),
        Some(Code::RelatedHousehold),
    ),
    (
        "a meeting chaired by a kin household",
        |v| decision(v, &v.chaired_by_kin, Decision::Approve),
        Some(Code::RelatedHousehold),
    ),
];

pub async fn check<B: Backend>(
    case: &VettingCase,
    p: &Province<B>,
    backend: &str,
    differ: &mut Vec<String>,
) {
    let (name, record, expected) = case;
    let v = vetting_world(p).await;
    let d = record(&v);
    let doc = serde_json::to_value(&d).unwrap();
    let province = crate::pushed(&v.a, p, EntityKind::VettingDecision, d.id.as_uuid(), doc).await;
    let device = crate::stored(&v.a, d);
    crate::compare(differ, name, *expected, device, province, backend);
}

/// A modified device pushes a new meeting and, in the same page, a decision under it that hides
/// the applicant's seat on the board: the province reads the board for the page's own meeting
/// too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_meeting_and_its_decision_in_one_page_are_checked_against_the_board() {
    let tmp = tempfile::tempdir().unwrap();
    let p = sqlite_province(&tmp).await;
    let v = vetting_world(&p).await;
    let m = Meeting {
        id: vonxa_domain::MeetingId(Uuid::now_v7()),
        ..v.full.clone()
    };
    let mut d = decision(&v, &m, Decision::Approve);
    assert_eq!(
        d.conflicted_present, 2,
        "the applicant on the board, a kin household"
    );
    d.conflicted_present = 1;
    d.votes.for_ = m.present_count() - 1;
    let page = vec![
        v.a.forged(
            EntityKind::Meeting,
            Op::Insert,
            m.id.as_uuid(),
            serde_json::to_value(&m).unwrap(),
        ),
        v.a.forged(
            EntityKind::VettingDecision,
            Op::Insert,
            d.id.as_uuid(),
            serde_json::to_value(&d).unwrap(),
        ),
    ];
    let r = v.a.push_raw(&p.url, page).await;
    assert_eq!(r.results[0].code, None, "the meeting itself is fine: {r:?}");
    assert_eq!(r.results[1].domain, Some(Code::ConflictOfInterest), "{r:?}");
    p.stop().await;
}
