//! Fund-use checks (06/TD): the worklist, a loan's checks, recording a check (or a correction
//! that supersedes one), photos attached from files and read back for display.

use crate::contract::{
    CheckerInput, FundCheckInfo, FundCheckInput, FundCheckSummary, ImportFile, LoanChecks,
    PhotoData, WorkQuery, WorkRow,
};
use crate::error::{CoreResult, IpcError};
use crate::{App, Session, map};
use base64::Engine;
use std::collections::HashMap;
use uuid::Uuid;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::Op;
use vonxa_domain::funduse::{Checker, FundCheck, Standing, WorkState};
use vonxa_domain::reference::{Group, Household, Person};
use vonxa_domain::*;
use vonxa_store::Store;
use vonxa_store::funduse::{WorkFilter, WorkItem, checks_of_loan, worklist};
use vonxa_store::queries::member_person_named;
use vonxa_store::records::load;

/// The borrower's name: the loan's borrower, else the household's head.
pub(crate) fn borrower_name(store: &Store, l: &Loan) -> Option<String> {
    let person = match l.borrower_id {
        Some(p) => Some(p),
        None => load::<Household>(store.connection(), l.household_id.as_uuid())
            .ok()
            .and_then(|h| h.head_person_id),
    };
    person
        .and_then(|p| load::<Person>(store.connection(), p.as_uuid()).ok())
        .map(|p| p.full_name)
}

pub(crate) fn row(store: &Store, rates: &map::RatesToday, w: &WorkItem) -> CoreResult<WorkRow> {
    let group = w
        .loan
        .group_id
        .and_then(|g| load::<Group>(store.connection(), g.as_uuid()).ok());
    let (days_late, days_left) = match w.standing {
        Standing::Overdue(d) => (d, 0),
        Standing::Due(d) => (0, d),
    };
    Ok(WorkRow {
        loan: rates.loan(&w.loan),
        household_id: w.loan.household_id.to_string(),
        borrower_name: borrower_name(store, &w.loan),
        group_id: w.loan.group_id.map(|g| g.to_string()),
        group_name: group.map(|g| g.name),
        organisation_id: w.organisation_id.map(|o| o.to_string()),
        due: map::iso(w.due),
        state: w.state.into(),
        days_late,
        days_left,
        last_checked_on: w.last.as_ref().map(|c| map::iso(c.checked_on)),
        last_outcome: w.last.as_ref().map(|c| c.outcome.into()),
    })
}

pub(crate) fn info(c: &FundCheck, superseded_by: Option<FundCheckId>) -> FundCheckInfo {
    FundCheckInfo {
        id: c.id.to_string(),
        loan_id: c.loan_id.to_string(),
        checked_on: map::iso(c.checked_on),
        checkers: c
            .checkers
            .iter()
            .map(|k| CheckerInput {
                name: k.name.clone(),
                role: k.role.clone(),
                organisation: k.organisation.clone(),
            })
            .collect(),
        method: c.method.into(),
        stated_purpose: c.stated_purpose.clone(),
        observed_use: c.observed_use.clone(),
        amount_as_intended: c.amount_as_intended.as_dong(),
        outcome: c.outcome.into(),
        flag: c.outcome.flag().map(Into::into),
        notes: c.notes.clone(),
        borrower_acknowledged: c.borrower_acknowledged,
        follow_up: c.follow_up.clone(),
        photos: c.photos.clone(),
        supersedes: c.supersedes.map(|s| s.to_string()),
        supersede_reason: c.supersede_reason.clone(),
        superseded_by: superseded_by.map(|s| s.to_string()),
    }
}

fn filter(q: &WorkQuery) -> CoreResult<WorkFilter> {
    Ok(WorkFilter {
        group: q
            .group_id
            .as_deref()
            .map(|g| map::id(g, "groupId"))
            .transpose()?,
        organisation: q
            .organisation_id
            .as_deref()
            .map(|o| map::id(o, "organisationId"))
            .transpose()?,
        state: q.state.map(Into::into),
    })
}

/// Every check of a loan with what corrects it, oldest first.
pub(crate) fn loan_check_infos(store: &Store, loan: LoanId) -> CoreResult<Vec<FundCheckInfo>> {
    let checks = checks_of_loan(store.connection(), loan)?;
    let by: HashMap<FundCheckId, FundCheckId> = checks
        .iter()
        .filter_map(|c| c.supersedes.map(|old| (old, c.id)))
        .collect();
    Ok(checks
        .iter()
        .map(|c| info(c, by.get(&c.id).copied()))
        .collect())
}

impl Session {
    fn loan_checks(&self, loan_id: &str) -> CoreResult<LoanChecks> {
        let id: LoanId = map::id(loan_id, "loanId")?;
        let items = worklist(
            self.store.connection(),
            WorkFilter::default(),
            self.store.today(),
        )?;
        let item = items
            .iter()
            .find(|w| w.loan.id == id)
            .ok_or_else(|| DomainError::invalid("loanId", Code::NotFound))?;
        Ok(LoanChecks {
            row: row(&self.store, &map::RatesToday::of(&self.store)?, item)?,
            checks: loan_check_infos(&self.store, id)?,
        })
    }

    fn record_fund_check(&mut self, input: FundCheckInput) -> CoreResult<FundCheckInfo> {
        let loan_id: LoanId = map::id(&input.loan_id, "loanId")?;
        let loan: Loan = load(self.store.connection(), loan_id.as_uuid())
            .map_err(|_| DomainError::invalid("loanId", Code::NotFound))?;
        let checked_on = map::date(&input.checked_on, "checkedOn")?;
        let conn = self.store.connection();
        let c = FundCheck {
            id: FundCheckId(Uuid::now_v7()),
            loan_id,
            household_id: loan.household_id,
            group_id: loan.group_id,
            checked_on,
            checkers: input
                .checkers
                .into_iter()
                .map(|k| {
                    // A member of the loan's group is named by person, so the rules can tell
                    // their household (no one checks their own or a kin household's loan).
                    let person_id = match loan.group_id {
                        Some(g) => member_person_named(conn, g, checked_on, &k.name)?,
                        None => None,
                    };
                    Ok(Checker {
                        person_id,
                        name: k.name,
                        role: k.role,
                        organisation: k.organisation,
                    })
                })
                .collect::<CoreResult<_>>()?,
            method: input.method.into(),
            stated_purpose: loan.purpose.clone(),
            observed_use: input.observed_use,
            amount_as_intended: Money::dong(input.amount_as_intended),
            outcome: input.outcome.into(),
            notes: map::opt_text(input.notes),
            borrower_acknowledged: input.borrower_acknowledged,
            follow_up: map::opt_text(input.follow_up),
            photos: input.photos.iter().map(|h| h.trim().to_owned()).collect(),
            supersedes: input
                .supersedes
                .as_deref()
                .map(|s| map::id(s, "supersedes"))
                .transpose()?,
            supersede_reason: map::opt_text(input.supersede_reason),
        };
        let id = c.id;
        self.store.record(&self.user, Op::Insert, c)?;
        let stored: FundCheck = load(self.store.connection(), id.as_uuid())?;
        Ok(info(&stored, None))
    }

    fn attach_photo(&mut self, bytes: &[u8]) -> CoreResult<String> {
        Ok(self.store.put_photo(&self.user, bytes)?)
    }

    fn photo(&self, hash: &str) -> CoreResult<PhotoData> {
        let p = self
            .store
            .photo(hash.trim())?
            .ok_or_else(|| DomainError::invalid("photos", Code::NotFound))?;
        let b64 = base64::engine::general_purpose::STANDARD.encode(&p.bytes);
        Ok(PhotoData {
            data_url: format!("data:{};base64,{b64}", p.mime),
            hash: p.hash,
            mime: p.mime,
        })
    }
}

impl App {
    /// The loans to check, with their next check (overdue first).
    pub fn fund_worklist(&self, q: WorkQuery) -> Result<Vec<WorkRow>, IpcError> {
        self.with(|s| {
            let items = worklist(s.store.connection(), filter(&q)?, s.store.today())?;
            let rates = map::RatesToday::of(&s.store)?;
            items.iter().map(|w| row(&s.store, &rates, w)).collect()
        })
    }

    /// Due, overdue and done counts for the home screen.
    pub fn fund_check_summary(&self) -> Result<FundCheckSummary, IpcError> {
        self.with(|s| {
            let items = worklist(s.store.connection(), WorkFilter::default(), s.store.today())?;
            let n = |st| u32::try_from(items.iter().filter(|w| w.state == st).count());
            Ok(FundCheckSummary {
                due: n(WorkState::Due).unwrap_or(u32::MAX),
                overdue: n(WorkState::Overdue).unwrap_or(u32::MAX),
                done: n(WorkState::Done).unwrap_or(u32::MAX),
            })
        })
    }

    pub fn loan_checks(&self, loan_id: String) -> Result<LoanChecks, IpcError> {
        self.with(|s| s.loan_checks(&loan_id))
    }

    /// Record a check; with `supersedes`, a correction of an earlier one.
    pub fn record_fund_check(&self, input: FundCheckInput) -> Result<FundCheckInfo, IpcError> {
        self.with(|s| s.record_fund_check(input))
    }

    /// Keep a photo from a file (JPEG or PNG, at most 10 MB); returns its hash for the form.
    /// Store a photo chosen in the form (the UI reads the file; the shell never opens a path
    /// the webview names) and answer its hash.
    pub fn attach_photo(&self, file: ImportFile) -> Result<String, IpcError> {
        self.with(|s| s.attach_photo(&file.bytes))
    }

    pub fn read_photo(&self, hash: String) -> Result<PhotoData, IpcError> {
        self.with(|s| s.photo(&hash))
    }
}
