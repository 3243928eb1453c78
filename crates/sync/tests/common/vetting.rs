//! Vetting set-up shared by the vetting sync tests: an eligible application and a meeting of
//! its group with every member present.

use super::{Dev, today};
use uuid::Uuid;
use vonxa_domain::credit::application::Status;
use vonxa_domain::credit::dossier::Application;
use vonxa_domain::credit::meeting::QuorumRule;
use vonxa_domain::credit::vetting::Meeting;
use vonxa_domain::entity::Op;
use vonxa_domain::reference::Group;
use vonxa_domain::{ApplicationId, MeetingId, Money};
use vonxa_store::credit::eligibility_of;

/// Move a recorded draft all the way to the bank on `d`, as the point's administrator: submitted,
/// vetted, on the 03/TD list, certified by the commune from its signed paper, sent.
pub fn send_to_bank(d: &Dev, app: &Application) {
    use vonxa_domain::credit::application::Event;
    use vonxa_domain::credit::dossier::Certification;
    for e in [
        Event::Submit,
        Event::Schedule,
        Event::VetApprove,
        Event::PutOnList,
        Event::CommuneCertify,
        Event::SendToBank,
    ] {
        let paper = e.is_commune().then(|| Certification {
            paper_ref: "Số 7/UBND-XN ngày 01/12/2026".into(),
            signed_by: "Chủ tịch UBND xã".into(),
        });
        let id = vonxa_domain::StatusChangeId(Uuid::now_v7());
        d.lock()
            .move_application_with(&d.admin, app.id, e, None, paper, id)
            .expect("a move towards the bank");
    }
}

/// A draft for the first household that may borrow 30.000.000 đ from HN.
pub fn eligible_draft(d: &Dev) -> Application {
    let households = d.households();
    let s = d.lock();
    households
        .into_iter()
        .filter_map(|h| {
            let app = Application {
                capital_need: vonxa_domain::Money::ZERO,
                repayment: None,
                id: ApplicationId(Uuid::now_v7()),
                household_id: h.id,
                point_id: h.point_id,
                representative_id: h.head_person_id?,
                programme: "HN".into(),
                amount: Money::dong(30_000_000),
                purpose_code: "chan_nuoi".into(),
                purpose_text: None,
                own_capital: Money::ZERO,
                term_months: 36,
                study_months: 0,
                applied_on: today(),
                authorisation_ref: None,
                note: None,
                status: Status::Draft,
            };
            eligibility_of(s.connection(), &app)
                .ok()
                .filter(|r| r.is_empty())
                .map(|_| app)
        })
        .next()
        .expect("an eligible demo household")
}

/// A meeting of the applicant's group today with every member present, recorded on `a`.
pub fn full_meeting(a: &Dev, app: &Application) -> Meeting {
    let s = a.lock();
    let membership =
        vonxa_store::queries::memberships_of_household(s.connection(), app.household_id)
            .unwrap()
            .into_iter()
            .find(|m| m.left_on.is_none())
            .unwrap();
    let g: Group =
        vonxa_store::records::load(s.connection(), membership.group_id.as_uuid()).unwrap();
    let members = s.group_members_on(&g, today()).unwrap();
    let m = Meeting {
        chair_id: None,
        id: MeetingId(Uuid::now_v7()),
        group_id: g.id,
        point_id: g.point_id,
        held_on: today(),
        place: "Nhà văn hóa thôn".into(),
        chair: "Tổ trưởng".into(),
        secretary: "Thư ký".into(),
        guests: None,
        members_total: u32::try_from(members.len()).unwrap(),
        present: members.into_iter().collect(),
        quorum: QuorumRule::default(),
        minutes: None,
        cancelled: None,
    };
    drop(s);
    a.lock().record(&a.admin, Op::Insert, m.clone()).unwrap();
    m
}
