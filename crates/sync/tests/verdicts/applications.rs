//! The application table of the verdict suite: a draft application (01/TD) a genuine device
//! recorded and synced; each case is one status change or one version of the application,
//! written on the device and pushed to the province past the store.

use crate::common::vetting::*;
use crate::common::*;
use uuid::Uuid;
use vonxa_domain::credit::application::{Event, Status};
use vonxa_domain::credit::dossier::{Application, StatusChange};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::roles::Role;
use vonxa_domain::{Code, StatusChangeId};
use vonxa_province::Backend;

pub struct Draft {
    a: Dev,
    app: Application,
    /// A draft of a household the stored facts make ineligible (a blocking reason).
    ineligible: Application,
    /// A person of another household of the point.
    stranger: vonxa_domain::PersonId,
}

async fn world<B: Backend>(p: &Province<B>) -> Draft {
    let a = Dev::new();
    a.load_demo(40);
    a.enrol(&p.url, &p.code(Role::Admin).await).await;
    a.settle(3).await;
    let app = eligible_draft(&a);
    a.lock().record(&a.admin, Op::Insert, app.clone()).unwrap();
    let ineligible = ineligible_draft(&a, &app);
    a.lock()
        .record(&a.admin, Op::Insert, ineligible.clone())
        .unwrap();
    a.settle(3).await;
    let stranger = a
        .households()
        .into_iter()
        .filter(|h| h.id != app.household_id)
        .find_map(|h| h.head_person_id)
        .expect("a head of another household");
    Draft {
        a,
        app,
        ineligible,
        stranger,
    }
}

/// One record a case writes.
pub enum Candidate {
    Move(StatusChange),
    Version(Application),
}

/// The eligible draft's template for a household the stored facts refuse.
fn ineligible_draft(a: &Dev, template: &Application) -> Application {
    let households = a.households();
    let s = a.lock();
    households
        .into_iter()
        .filter_map(|h| {
            let app = Application {
                id: vonxa_domain::ApplicationId(Uuid::now_v7()),
                household_id: h.id,
                point_id: h.point_id,
                representative_id: h.head_person_id?,
                ..template.clone()
            };
            let reasons = vonxa_store::credit::eligibility_of(s.connection(), &app).ok()?;
            (!vonxa_domain::credit::eligibility::may_submit(&reasons, None)).then_some(app)
        })
        .next()
        .expect("a household the stored facts make ineligible")
}

fn moved(w: &Draft, event: Event, from: Status, to: Status) -> Candidate {
    moved_of(&w.app, event, from, to)
}

fn moved_of(app: &Application, event: Event, from: Status, to: Status) -> Candidate {
    Candidate::Move(StatusChange {
        certification: None,
        id: StatusChangeId(Uuid::now_v7()),
        application_id: app.id,
        household_id: app.household_id,
        event,
        from,
        to,
        reason: None,
        amount: None,
        on: today(),
    })
}

pub type Case = (&'static str, fn(&Draft) -> Candidate, Option<Code>);

#[rustfmt::skip]
pub const CASES: &[Case] = &[
    ("the draft submitted to the group", |w| moved(w, Event::Submit, Status::Draft, Status::SubmittedToGroup), None),
    ("an ineligible draft submitted", |w| moved_of(&w.ineligible, Event::Submit, Status::Draft, Status::SubmittedToGroup), Some(Code::NotEligible)),
    ("a move from a status the application is not in", |w| moved(w, Event::Schedule, Status::SubmittedToGroup, Status::ScheduledForVetting), Some(Code::InvalidTransition)),
    ("the draft mended", |w| Candidate::Version(Application { term_months: 24, ..w.app.clone() }), None),
    ("the status moved without its status change", |w| Candidate::Version(Application { status: Status::SubmittedToGroup, ..w.app.clone() }), Some(Code::InvalidTransition)),
    ("a representative of another household", |w| Candidate::Version(Application { representative_id: w.stranger, ..w.app.clone() }), Some(Code::InvalidValue)),
];

fn on_device(w: &Draft, c: &Candidate) -> Option<Code> {
    match c {
        Candidate::Move(s) => crate::stored(&w.a, s.clone()),
        Candidate::Version(v) => crate::stored_as(&w.a, Op::Update, v.clone()),
    }
}

async fn at_province<B: Backend>(w: &Draft, p: &Province<B>, c: &Candidate) -> Option<Code> {
    let (kind, op, id, doc) = match c {
        Candidate::Move(s) => (
            EntityKind::ApplicationStatus,
            Op::Insert,
            s.id.as_uuid(),
            serde_json::to_value(s).unwrap(),
        ),
        Candidate::Version(v) => (
            EntityKind::Application,
            Op::Update,
            v.id.as_uuid(),
            serde_json::to_value(v).unwrap(),
        ),
    };
    crate::pushed_as(&w.a, p, kind, op, id, doc).await
}

pub async fn check<B: Backend>(
    case: &Case,
    p: &Province<B>,
    backend: &str,
    differ: &mut Vec<String>,
) {
    let (name, record, expected) = case;
    let w = world(p).await;
    let c = record(&w);
    let province = at_province(&w, p, &c).await;
    let device = on_device(&w, &c);
    crate::compare(differ, name, *expected, device, province, backend);
}

/// The commune's word on a 03/TD line: without the signed paper's reference it is refused, and
/// from the group side (a group leader's account on the point's laptop; the group leader's own
/// laptop) it is refused even with one, by the device's store and by the province alike
/// (`StatusChange::validate`, `StatusChange::may_record`).
pub async fn commune_word_from_the_group_side<B: Backend>(p: &Province<B>, backend: &str) {
    use vonxa_domain::credit::dossier::Certification;
    let w = world(p).await;
    let a = &w.a;
    for e in [
        Event::Submit,
        Event::Schedule,
        Event::VetApprove,
        Event::PutOnList,
    ] {
        let id = StatusChangeId(Uuid::now_v7());
        a.lock()
            .move_application(&a.admin, w.app.id, e, None, id)
            .unwrap();
    }
    a.settle(3).await;
    let paper = Certification {
        paper_ref: "Số 21/UBND ngày 03/12/2026".into(),
        signed_by: "Chủ tịch UBND xã".into(),
    };
    let certify = |paper: Option<Certification>| StatusChange {
        certification: paper,
        ..match moved(
            &w,
            Event::CommuneCertify,
            Status::OnList03,
            Status::CommuneCertified,
        ) {
            Candidate::Move(s) => s,
            Candidate::Version(_) => unreachable!(),
        }
    };
    // Without the paper: refused on both sides, naming the field.
    let bare = certify(None);
    assert_eq!(
        crate::stored(a, bare.clone()),
        Some(Code::Required),
        "{backend}: device"
    );
    let doc = serde_json::to_value(&bare).unwrap();
    let at = crate::pushed(a, p, EntityKind::ApplicationStatus, bare.id.as_uuid(), doc).await;
    assert_eq!(at, Some(Code::Required), "{backend}: province");
    // The group side, with the paper: refused on the device…
    let leader = a
        .lock()
        .add_user(
            &a.admin,
            vonxa_store::users::new_user("totruong", "Tổ trưởng", Role::GroupLeader),
            PW,
        )
        .unwrap();
    let on_device = a.lock().move_application_with(
        &leader,
        w.app.id,
        Event::CommuneCertify,
        None,
        Some(paper.clone()),
        StatusChangeId(Uuid::now_v7()),
    );
    let code = on_device
        .err()
        .and_then(|e| e.as_domain().map(|d| d.code()));
    assert_eq!(code, Some(Code::NotCommuneSide), "{backend}: device");
    // …and from the group leader's own laptop at the province.
    let group =
        vonxa_store::queries::memberships_of_household(a.lock().connection(), w.app.household_id)
            .unwrap()
            .into_iter()
            .find(|m| m.left_on.is_none())
            .unwrap()
            .group_id;
    let b = Dev::new();
    let scope = vonxa_protocol::Scope::Group {
        group_id: vonxa_domain::GroupId::from(group.as_uuid()),
    };
    let code = vonxa_province::admin::create_enrol_code(&p.db, scope, Role::GroupLeader)
        .await
        .unwrap();
    b.enrol(&p.url, &code).await;
    let signed = certify(Some(paper));
    let doc = serde_json::to_value(&signed).unwrap();
    let change = b.forged(
        EntityKind::ApplicationStatus,
        Op::Insert,
        signed.id.as_uuid(),
        doc,
    );
    let before = p.db.head().await.unwrap();
    let r = b.push_raw(&p.url, vec![change]).await.results[0].clone();
    assert_eq!(
        r.domain,
        Some(Code::NotCommuneSide),
        "{backend}: province: {r:?}"
    );
    assert_eq!(p.db.head().await.unwrap(), before, "{backend}");
    // The point's team records it from the paper.
    assert_eq!(
        crate::stored(a, signed),
        None,
        "{backend}: the point's team"
    );
}
