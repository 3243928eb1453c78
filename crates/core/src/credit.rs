//! Vetting, first part: programmes, applications (01/TD) with live eligibility, and the moves
//! of their status a device may make.

use crate::contract::{
    ApplicationDetail, ApplicationEvent, ApplicationInfo, ApplicationInput, ApplicationStatus,
    EligibilityCheck, EligibilityReason, MoveApplication, ProgrammeInfo, PurposeInfo,
    StatusChangeInfo,
};
use crate::error::{CoreResult, IpcError};
use crate::{App, Session, map};
use uuid::Uuid;
use vonxa_domain::credit::application::{Actor, Event, Status, next};
use vonxa_domain::credit::dossier::{Application, Certification, RepaymentPlan, StatusChange};
use vonxa_domain::credit::eligibility::may_submit;
use vonxa_domain::credit::loan::outstanding_in;
use vonxa_domain::credit::programme::{self, Ceiling};
use vonxa_domain::entity::Op;
use vonxa_domain::reference::{Household, Person};
use vonxa_domain::*;
use vonxa_store::Store;
use vonxa_store::credit::eligibility_of;
use vonxa_store::queries::{docs, loans_of_household};
use vonxa_store::records::load;

/// A programme as the forms show it, with the ceiling in force on `today`.
fn programme_info(p: &programme::Programme, today: chrono::NaiveDate) -> ProgrammeInfo {
    let ceiling = p.ceiling_on(today);
    let per = match ceiling {
        Ceiling::Household(_) => "household",
        Ceiling::Month(_) => "month",
        Ceiling::Worker(_) => "worker",
        Ceiling::WorkItem(_) => "work_item",
    };
    ProgrammeInfo {
        code: p.code.clone(),
        name_vi: p.name_vi.clone(),
        name_en: p.name_en.clone(),
        ceiling: ceiling.amount().as_dong(),
        ceiling_per: per.into(),
        max_term_months: p.max_term_months,
        via_group: p.via_group,
        purposes: p
            .purposes
            .iter()
            .map(|x| PurposeInfo {
                code: x.code.clone(),
                name_vi: x.name_vi.clone(),
            })
            .collect(),
    }
}

/// The application the form describes, without touching the store. A field that does not
/// parse is reported with every problem the rest of the form has.
fn from_input(store: &Store, input: &ApplicationInput) -> CoreResult<Application> {
    let household: HouseholdId = map::id(&input.household_id, "householdId")?;
    let h: Household = load(store.connection(), household.as_uuid())
        .map_err(|_| DomainError::invalid("householdId", Code::Required))?;
    let (id, status) = match &input.id {
        Some(id) => {
            let id: ApplicationId = map::id(id, "id")?;
            (
                id,
                load::<Application>(store.connection(), id.as_uuid())?.status,
            )
        }
        None => (ApplicationId(Uuid::now_v7()), Status::Draft),
    };
    let mut p = vonxa_domain::error::Problems::default();
    let representative = map::noted(
        &mut p,
        map::id(&input.representative_id, "representativeId"),
    )?;
    let applied = map::noted(&mut p, map::date(&input.applied_on, "appliedOn"))?;
    let today = store.today();
    let app = Application {
        capital_need: Money::dong(input.capital_need),
        repayment: input
            .repayment_instalments
            .map(|instalments| RepaymentPlan { instalments }),
        id,
        household_id: household,
        point_id: h.point_id,
        representative_id: representative.unwrap_or(PersonId(Uuid::nil())),
        programme: input.programme.trim().to_owned(),
        amount: Money::dong(input.amount),
        purpose_code: input.purpose_code.trim().to_owned(),
        purpose_text: map::opt_text(input.purpose_text.clone()),
        own_capital: Money::dong(input.own_capital),
        term_months: input.term_months,
        study_months: input.study_months,
        applied_on: applied.unwrap_or(today),
        authorisation_ref: map::opt_text(input.authorisation_ref.clone()),
        note: map::opt_text(input.note.clone()),
        status,
    };
    if !p.is_empty() {
        let table = vonxa_store::credit::programme_table(store.connection())?;
        p.check(app.clone().validate(today, &table));
        p.finish()?;
    }
    Ok(app)
}

fn check(store: &Store, app: &Application) -> CoreResult<EligibilityCheck> {
    let reasons = eligibility_of(store.connection(), app)?;
    let loans = loans_of_household(store.connection(), app.household_id)?;
    Ok(EligibilityCheck {
        may_submit: may_submit(&reasons, app.note.as_deref()),
        outstanding: outstanding_in(&loans, &app.programme).map_or(0, Money::as_dong),
        reasons: reasons
            .iter()
            .map(|r| EligibilityReason {
                code: (*r).into(),
                field: r.field().into(),
                blocking: r.severity() == vonxa_domain::credit::eligibility::Severity::Blocking,
                message_vi: r.message_vi().into(),
                message_en: r.message_en().into(),
            })
            .collect(),
    })
}

pub(crate) fn info(store: &Store, a: &Application) -> CoreResult<ApplicationInfo> {
    let conn = store.connection();
    let h: Household = load(conn, a.household_id.as_uuid())?;
    let rep: Person = load(conn, a.representative_id.as_uuid())?;
    let head = match h.head_person_id {
        Some(p) => Some(load::<Person>(conn, p.as_uuid())?.full_name),
        None => None,
    };
    Ok(ApplicationInfo {
        id: a.id.to_string(),
        household_id: a.household_id.to_string(),
        head_name: head,
        representative_id: a.representative_id.to_string(),
        representative_name: rep.full_name,
        programme: a.programme.clone(),
        amount: a.amount.as_dong(),
        purpose_code: a.purpose_code.clone(),
        purpose_text: a.purpose_text.clone(),
        own_capital: a.own_capital.as_dong(),
        capital_need: a.capital_need.as_dong(),
        repayment_instalments: a.repayment.map(|r| r.instalments),
        term_months: a.term_months,
        study_months: a.study_months,
        applied_on: map::iso(a.applied_on),
        authorisation_ref: a.authorisation_ref.clone(),
        note: a.note.clone(),
        status: a.status.into(),
        editable: a.is_editable(),
        next_events: Event::ALL
            .into_iter()
            .filter(|e| e.actor() == Actor::Device && next(a.status, *e).is_some())
            .map(ApplicationEvent::from)
            .collect(),
    })
}

fn detail(store: &Store, id: ApplicationId) -> CoreResult<ApplicationDetail> {
    let a: Application = load(store.connection(), id.as_uuid())?;
    let history: Vec<StatusChange> = docs(
        store.connection(),
        "SELECT doc FROM application_status WHERE application_id = ?1 ORDER BY rowid",
        [id.to_string()],
    )?;
    Ok(ApplicationDetail {
        application: info(store, &a)?,
        history: history
            .iter()
            .map(|c| StatusChangeInfo {
                id: c.id.to_string(),
                event: c.event.into(),
                from: c.from.into(),
                to: c.to.into(),
                reason: c.reason.clone(),
                on: map::iso(c.on),
            })
            .collect(),
        eligibility: check(store, &a)?,
    })
}

impl Session {
    fn save_application(&mut self, input: ApplicationInput) -> CoreResult<ApplicationDetail> {
        let app = from_input(&self.store, &input)?;
        let op = if input.id.is_some() {
            Op::Update
        } else {
            Op::Insert
        };
        self.store.record(&self.user, op, app.clone())?;
        detail(&self.store, app.id)
    }

    fn move_application(&mut self, req: MoveApplication) -> CoreResult<ApplicationDetail> {
        let id: ApplicationId = map::id(&req.id, "id")?;
        let event: Event = req.event.into();
        let reason = map::opt_text(req.reason);
        let change = StatusChangeId(Uuid::now_v7());
        let certification = event.is_commune().then(|| Certification {
            paper_ref: req.paper_ref.unwrap_or_default(),
            signed_by: req.signed_by.unwrap_or_default(),
        });
        self.store
            .move_application_with(&self.user, id, event, reason, certification, change)?;
        detail(&self.store, id)
    }
}

impl App {
    pub fn programmes(&self) -> Result<Vec<ProgrammeInfo>, IpcError> {
        self.with(|s| {
            let today = s.store.today();
            Ok(vonxa_store::credit::programme_table(s.store.connection())?
                .programmes
                .iter()
                .map(|p| programme_info(p, today))
                .collect())
        })
    }

    /// Applications, newest first; only those in `status` when given.
    pub fn list_applications(
        &self,
        status: Option<ApplicationStatus>,
    ) -> Result<Vec<ApplicationInfo>, IpcError> {
        self.with(|s| {
            let filter: Option<Status> = status.map(Into::into);
            let all: Vec<Application> = docs(
                s.store.connection(),
                "SELECT doc FROM applications ORDER BY applied_on DESC, id DESC",
                [],
            )?;
            all.iter()
                .filter(|a| filter.is_none_or(|f| a.status == f))
                .map(|a| info(&s.store, a))
                .collect()
        })
    }

    pub fn application_detail(&self, id: String) -> Result<ApplicationDetail, IpcError> {
        self.with(|s| detail(&s.store, map::id(&id, "id")?))
    }

    /// Eligibility of the form as typed, without saving it.
    pub fn check_eligibility(&self, input: ApplicationInput) -> Result<EligibilityCheck, IpcError> {
        self.with(|s| check(&s.store, &from_input(&s.store, &input)?))
    }

    pub fn save_application(&self, input: ApplicationInput) -> Result<ApplicationDetail, IpcError> {
        self.with(|s| s.save_application(input))
    }

    pub fn move_application(&self, req: MoveApplication) -> Result<ApplicationDetail, IpcError> {
        self.with(|s| s.move_application(req))
    }
}
