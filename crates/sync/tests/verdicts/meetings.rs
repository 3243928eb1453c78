//! The meeting table of the verdict suite: a group's meetings (10/TD) a genuine device recorded
//! and synced — one open, one with a decision taken under it, one cancelled — and a household
//! of another group. Each case is one version of a meeting, written on the device and pushed to
//! the province past the store.

use crate::common::vetting::*;
use crate::common::*;
use uuid::Uuid;
use vonxa_domain::credit::application::Event;
use vonxa_domain::credit::meeting::{Decision, Votes};
use vonxa_domain::credit::vetting::{Cancellation, Meeting, VettingDecision};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_domain::{Code, HouseholdId, MeetingId, StatusChangeId, VettingDecisionId};
use vonxa_province::Backend;

pub struct Meetings {
    a: Dev,
    open: Meeting,
    decided: Meeting,
    cancelled: Meeting,
    outsider: HouseholdId,
}

async fn world<B: Backend>(p: &Province<B>) -> Meetings {
    let a = Dev::new();
    // Enough households for two groups: one outside the meetings' group.
    a.load_demo(60);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let app = eligible_draft(&a);
    a.lock().record(&a.admin, Op::Insert, app.clone()).unwrap();
    let submit = StatusChangeId(Uuid::now_v7());
    a.lock()
        .move_application(&a.admin, app.id, Event::Submit, None, submit)
        .unwrap();
    let open = full_meeting(&a, &app);
    let decided = full_meeting(&a, &app);
    let conflicted =
        vonxa_store::vetting::conflicted(a.lock().connection(), &decided, app.household_id)
            .unwrap();
    let d = VettingDecision {
        id: VettingDecisionId(Uuid::now_v7()),
        meeting_id: decided.id,
        application_id: app.id,
        household_id: app.household_id,
        requested: app.amount,
        members_total: decided.members_total,
        present: decided.present_count(),
        quorum: decided.quorum,
        conflicted_present: conflicted,
        votes: Votes {
            for_: decided.present_count() - conflicted,
            against: 0,
            abstain: 0,
        },
        decision: Decision::Approve,
        approved_amount: None,
        reason: None,
    };
    a.lock().record_decision(&a.admin, d).unwrap();
    let cancelled = Meeting {
        cancelled: Some(Cancellation {
            on: today(),
            reason: "Mưa lũ".into(),
        }),
        ..full_meeting(&a, &app)
    };
    a.lock()
        .record(&a.admin, Op::Update, cancelled.clone())
        .unwrap();
    let outsider = a
        .households()
        .into_iter()
        .map(|h| h.id)
        .find(|h| !open.present.contains(h))
        .expect("a household of another group");
    a.settle(3).await;
    Meetings {
        a,
        open,
        decided,
        cancelled,
        outsider,
    }
}

/// A version of `m` with its place mended.
fn mended(m: &Meeting) -> Meeting {
    Meeting {
        place: "Hội trường UBND xã".into(),
        ..m.clone()
    }
}

pub type Case = (&'static str, fn(&Meetings) -> (Op, Meeting), Option<Code>);

#[rustfmt::skip]
pub const CASES: &[Case] = &[
    ("a meeting mended before its first decision", |w| (Op::Update, mended(&w.open)), None),
    ("a new meeting of the group", |w| (Op::Insert, Meeting { id: MeetingId(Uuid::now_v7()), ..w.open.clone() }), None),
    ("a household of another group present", |w| (Op::Update, Meeting { present: w.open.present.iter().copied().chain([w.outsider]).collect(), ..w.open.clone() }), Some(Code::InvalidValue)),
    ("a members' total that is not the group's", |w| (Op::Update, Meeting { members_total: w.open.members_total + 1, ..w.open.clone() }), Some(Code::InvalidValue)),
    ("the attendance changed after a decision", |w| (Op::Update, Meeting { present: w.decided.present[1..].to_vec(), ..w.decided.clone() }), Some(Code::AppendOnly)),
    ("a cancelled meeting mended", |w| (Op::Update, mended(&w.cancelled)), Some(Code::MeetingCancelled)),
];

pub async fn check<B: Backend>(
    case: &Case,
    p: &Province<B>,
    backend: &str,
    differ: &mut Vec<String>,
) {
    let (name, record, expected) = case;
    let w = world(p).await;
    let (op, m) = record(&w);
    let doc = serde_json::to_value(&m).unwrap();
    let province = crate::pushed_as(&w.a, p, EntityKind::Meeting, op, m.id.as_uuid(), doc).await;
    let device = crate::stored_as(&w.a, op, m);
    crate::compare(differ, name, *expected, device, province, backend);
}
