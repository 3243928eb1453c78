//! The records of a vetting round: the application (01/TD) and each change of its status.
//! An application is edited while it is a draft or returned for fixing; its status moves only
//! through [`StatusChange`] records, append-only, each checked against the one transition table
//! (`application::transition`) with its actor and reason.

use super::application::{Actor, Event, Status, transition};
use super::eligibility::ceiling;
use super::programme::Programme;
use super::table::ProgrammeTable;
use crate::error::{Code, DomainError, DomainResult, Problems};
use crate::ids::{ApplicationId, HouseholdId, PersonId, PointId, StatusChangeId};
use crate::money::Money;
use crate::reference::{not_future, optional_text, required_text};
use crate::roles::Role;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The repayment plan of a 01/TD: the principal in equal instalments, one every
/// `term_months / instalments` months (1: all of it at maturity); interest every month at the
/// group's collection.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RepaymentPlan {
    pub instalments: u32,
}

/// Giấy đề nghị vay vốn kiêm phương án sử dụng vốn vay (01/TD).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Application {
    pub id: ApplicationId,
    pub household_id: HouseholdId,
    /// The household's transaction point (scope).
    pub point_id: PointId,
    /// The person who signs for the household (≥ 18).
    pub representative_id: PersonId,
    pub programme: String,
    pub amount: Money,
    pub purpose_code: String,
    pub purpose_text: Option<String>,
    pub own_capital: Money,
    /// Tổng nhu cầu vốn: the whole plan's capital (own capital, this loan and any other
    /// source). Zero on applications recorded before the form asked for it.
    #[serde(default)]
    pub capital_need: Money,
    /// How the principal is repaid (Phương án trả nợ on the 01/TD).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repayment: Option<RepaymentPlan>,
    pub term_months: u32,
    /// Months of study, for per-month ceilings (students); 0 otherwise.
    pub study_months: u32,
    pub applied_on: NaiveDate,
    /// The authorisation (01/UQ) when the representative is not the head.
    pub authorisation_ref: Option<String>,
    /// Why the application goes ahead despite a warning.
    pub note: Option<String>,
    pub status: Status,
}

impl Application {
    /// The application's programme in the table in force.
    pub fn programme_in(&self, table: &ProgrammeTable) -> Option<Programme> {
        table.programme(&self.programme).cloned()
    }

    /// What the record says by itself against the programme table in force; eligibility
    /// against the household's facts is `eligibility::evaluate`.
    /// Every problem of the form at once; an amount over the ceiling names the ceiling.
    pub fn validate(mut self, today: NaiveDate, table: &ProgrammeTable) -> DomainResult<Self> {
        let mut problems = Problems::default();
        let p = self.programme_in(table);
        if p.is_none() {
            problems.add(DomainError::invalid("programme", Code::NotFound));
        }
        if let Some(p) = &p
            && !p.purposes.iter().any(|x| x.code == self.purpose_code)
        {
            problems.add(DomainError::invalid("purposeCode", Code::InvalidValue));
        }
        let text = optional_text("purposeText", self.purpose_text.as_deref(), 300);
        if let Some(v) = problems.check(text) {
            self.purpose_text = v;
        }
        let cap = p
            .as_ref()
            .and_then(|p| ceiling(p, self.study_months, self.applied_on));
        if self.amount <= Money::ZERO {
            problems.add(DomainError::invalid("amount", Code::InvalidValue));
        } else if p.is_some() {
            match cap {
                Some(c) if self.amount > c => {
                    problems.add(DomainError::over("amount", Code::OverCeiling, c));
                }
                Some(_) => {}
                None => problems.add(DomainError::invalid("amount", Code::OverCeiling)),
            }
        }
        if self.own_capital.is_negative() {
            problems.add(DomainError::invalid("ownCapital", Code::Negative));
        }
        // The plan's whole need covers at least the own capital and the loan.
        let parts = self.own_capital.checked_add(self.amount);
        if self.capital_need.is_negative()
            || (self.capital_need != Money::ZERO && parts.is_some_and(|p| self.capital_need < p))
        {
            problems.add(DomainError::invalid("capitalNeed", Code::BelowParts));
        }
        let max_term = p.as_ref().and_then(|p| p.max_term_months);
        if self.term_months == 0 || max_term.is_some_and(|m| self.term_months > m) {
            problems.add(DomainError::invalid("termMonths", Code::InvalidValue));
        }
        if let Some(r) = self.repayment
            && (r.instalments == 0 || r.instalments > self.term_months.max(1))
        {
            problems.add(DomainError::invalid("repayment", Code::InvalidValue));
        }
        if self.study_months > 120 {
            problems.add(DomainError::invalid("studyMonths", Code::InvalidValue));
        }
        problems.check(not_future("appliedOn", self.applied_on, today));
        let auth = optional_text("authorisation", self.authorisation_ref.as_deref(), 80);
        if let Some(v) = problems.check(auth) {
            self.authorisation_ref = v;
        }
        if let Some(v) = problems.check(optional_text("note", self.note.as_deref(), 500)) {
            self.note = v;
        }
        problems.finish()?;
        Ok(self)
    }

    /// The status an application claims when written: a new one is a draft, and a device
    /// never claims a status only the bank's decisions lead to (no phantom approvals).
    pub fn check_status_claim(&self, actor: Actor, is_new: bool) -> DomainResult<()> {
        let bad = (is_new && self.status != Status::Draft)
            || (actor == Actor::Device && self.status.only_province_reaches());
        if bad {
            return Err(DomainError::invalid("status", Code::InvalidTransition));
        }
        Ok(())
    }

    /// May the fields of the form still be edited?
    pub fn is_editable(&self) -> bool {
        matches!(self.status, Status::Draft | Status::ReturnedForFix)
    }
}

/// One move of an application's status, with who decided it and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusChange {
    pub id: StatusChangeId,
    pub application_id: ApplicationId,
    pub household_id: HouseholdId,
    pub event: Event,
    pub from: Status,
    pub to: Status,
    pub reason: Option<String>,
    /// The amount the bank approved (04/TD), on a bank approval only.
    #[serde(default)]
    pub amount: Option<Money>,
    pub on: NaiveDate,
    /// The commune's certification (or refusal) of the 03/TD list, on those two events only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certification: Option<Certification>,
}

/// What the commune People's Committee signed on the 03/TD list, as the paper says: its
/// reference (number and date, or the list's own number) and who signed it for the commune.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Certification {
    pub paper_ref: String,
    pub signed_by: String,
}

impl StatusChange {
    /// The move must be in the transition table, made by the right actor (the bank's
    /// decisions only by the province), with a reason where one is required.
    pub fn validate(mut self, actor: Actor, today: NaiveDate) -> DomainResult<Self> {
        self.reason = optional_text("reason", self.reason.as_deref(), 500)?;
        let to = transition(self.from, self.event, actor, self.reason.as_deref())?;
        if to != self.to {
            return Err(DomainError::invalid("status", Code::InvalidTransition));
        }
        match self.amount {
            Some(a) if self.event != Event::BankApprove || a <= Money::ZERO => {
                return Err(DomainError::invalid("amount", Code::InvalidValue));
            }
            _ => {}
        }
        not_future("on", self.on, today)?;
        self.certification = match (self.event.is_commune(), self.certification) {
            (true, Some(c)) => Some(Certification {
                paper_ref: required_text("paperRef", &c.paper_ref, 120)?,
                signed_by: required_text("signedBy", &c.signed_by, 120)?,
            }),
            (true, None) => return Err(DomainError::invalid("paperRef", Code::Required)),
            (false, Some(_)) => return Err(DomainError::invalid("paperRef", Code::InvalidValue)),
            (false, None) => None,
        };
        Ok(self)
    }

    /// May a user (or a device) of `role` record this move? The commune's word on a 03/TD
    /// list is recorded from the signed paper by the point's team, never by the group side (a
    /// group leader or an organisation officer), whose members are on the list.
    pub fn may_record(&self, role: Role) -> DomainResult<()> {
        if self.event.is_commune() && matches!(role, Role::GroupLeader | Role::OrgOfficer) {
            return Err(DomainError::invalid("paperRef", Code::NotCommuneSide));
        }
        Ok(())
    }
}

/// A required reason, normalised.
pub fn reason(text: &str) -> DomainResult<String> {
    required_text("reason", text, 500)
}

#[cfg(test)]
#[path = "dossier_tests.rs"]
mod tests;
