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
    a.settle(3).await;
    let stranger = a
        .households()
        .into_iter()
        .filter(|h| h.id != app.household_id)
        .find_map(|h| h.head_person_id)
        .expect("a head of another household");
    Draft { a, app, stranger }
}

/// One record a case writes.
pub enum Candidate {
    Move(StatusChange),
    Version(Application),
}

fn moved(w: &Draft, event: Event, from: Status, to: Status) -> Candidate {
    Candidate::Move(StatusChange {
        id: StatusChangeId(Uuid::now_v7()),
        application_id: w.app.id,
        household_id: w.app.household_id,
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
    ("a move from a status the application is not in", |w| moved(w, Event::Schedule, Status::SubmittedToGroup, Status::ScheduledForVetting), Some(Code::InvalidTransition)),
    ("the draft mended", |w| Candidate::Version(Application { term_months: 24, ..w.app.clone() }), None),
    ("the status moved without its status change", |w| Candidate::Version(Application { status: Status::SubmittedToGroup, ..w.app.clone() }), Some(Code::InvalidTransition)),
    ("a representative of another household", |w| Candidate::Version(Application { representative_id: w.stranger, ..w.app.clone() }), Some(Code::InvalidValue)),
];

fn on_device(w: &Draft, c: &Candidate) -> Option<Code> {
    let admin = w.a.admin.clone();
    let written = match c {
        Candidate::Move(s) => w.a.lock().record(&admin, Op::Insert, s.clone()),
        Candidate::Version(v) => w.a.lock().record(&admin, Op::Update, v.clone()),
    };
    written
        .err()
        .map(|err| err.as_domain().map_or(Code::InvalidValue, |d| d.code()))
}

async fn at_province<B: Backend>(w: &Draft, p: &Province<B>, c: &Candidate) -> Option<Code> {
    let change = match c {
        Candidate::Move(s) => w.a.forged(
            EntityKind::ApplicationStatus,
            Op::Insert,
            s.id.as_uuid(),
            serde_json::to_value(s).unwrap(),
        ),
        Candidate::Version(v) => w.a.forged(
            EntityKind::Application,
            Op::Update,
            v.id.as_uuid(),
            serde_json::to_value(v).unwrap(),
        ),
    };
    let before = p.db.head().await.unwrap();
    let r = w.a.push_raw(&p.url, vec![change]).await.results[0].clone();
    assert_eq!(
        p.db.head().await.unwrap() != before,
        r.code.is_none(),
        "{r:?}"
    );
    r.code.map(|_| r.domain.unwrap_or(Code::InvalidValue))
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
