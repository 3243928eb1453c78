//! The fund-use check record (06/TD): who checked which loan, when and how, what the loan was
//! for and what it was used for, the finding, the evidence and the follow-up. Append-only: a
//! correction is a new check that supersedes the old one, with a reason.

use super::Outcome;
use super::photo::valid_hash;
use crate::credit::loan::Loan;
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::{FundCheckId, GroupId, HouseholdId, LoanId, PersonId};
use crate::money::Money;
use crate::reference::{not_future, optional_text, required_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// At most this many photos per check.
pub const MAX_PHOTOS: usize = 10;

/// How the check was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Kiểm tra tại hộ.
    HomeVisit,
    /// Đối chiếu công khai tại buổi họp tổ.
    GroupMeeting,
    /// Tại phiên giao dịch.
    TransactionSession,
}

/// One person who made the check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Checker {
    pub name: String,
    /// "Tổ trưởng", "Chủ tịch Hội Phụ nữ xã", "Cán bộ NHCSXH" …
    pub role: String,
    pub organisation: String,
    /// The checker's person record when they are a member of the group (its leader, deputy,
    /// a member); `None` for an officer from outside (the bank, the organisation).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub person_id: Option<PersonId>,
}

/// Biên bản kiểm tra sử dụng vốn vay (06/TD).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FundCheck {
    pub id: FundCheckId,
    pub loan_id: LoanId,
    /// The loan's household and its group at disbursement (copied from the loan).
    pub household_id: HouseholdId,
    pub group_id: Option<GroupId>,
    pub checked_on: NaiveDate,
    pub checkers: Vec<Checker>,
    pub method: Method,
    /// The purpose stated in the loan (copied from it).
    pub stated_purpose: String,
    pub observed_use: String,
    /// The part of the loan used as intended, in đồng (0 ..= principal).
    pub amount_as_intended: Money,
    pub outcome: Outcome,
    /// Required unless the loan was used as intended.
    pub notes: Option<String>,
    /// The borrower signed or put their thumbprint on the record.
    pub borrower_acknowledged: bool,
    pub follow_up: Option<String>,
    /// SHA-256 (lower-case hex) of each photo; the photos travel separately.
    pub photos: Vec<String>,
    /// The check this one corrects, and why.
    pub supersedes: Option<FundCheckId>,
    pub supersede_reason: Option<String>,
}

impl FundCheck {
    /// What the record says by itself: texts, checkers, amounts, notes, photos, the reason of a
    /// correction. The rules that need the loan are in [`FundCheck::against_loan`].
    pub fn validate(mut self, today: NaiveDate) -> DomainResult<Self> {
        not_future("checkedOn", self.checked_on, today)?;
        if self.checkers.is_empty() {
            return Err(DomainError::invalid("checkers", Code::Required));
        }
        for c in &mut self.checkers {
            c.name = required_text("checkers", &c.name, 120)?;
            c.role = required_text("checkers", &c.role, 120)?;
            c.organisation = required_text("checkers", &c.organisation, 200)?;
        }
        self.stated_purpose = required_text("statedPurpose", &self.stated_purpose, 300)?;
        self.observed_use = required_text("observedUse", &self.observed_use, 2000)?;
        if self.amount_as_intended.is_negative() {
            return Err(DomainError::invalid("amountAsIntended", Code::Negative));
        }
        self.notes = optional_text("notes", self.notes.as_deref(), 2000)?;
        if self.outcome != Outcome::UsedAsIntended && self.notes.is_none() {
            return Err(DomainError::invalid("notes", Code::Required));
        }
        self.follow_up = optional_text("followUp", self.follow_up.as_deref(), 1000)?;
        if self.photos.len() > MAX_PHOTOS {
            return Err(DomainError::invalid("photos", Code::TooLong));
        }
        let mut seen = std::collections::HashSet::new();
        for h in &self.photos {
            if !valid_hash(h) || !seen.insert(h.as_str()) {
                return Err(DomainError::invalid("photos", Code::InvalidFormat));
            }
        }
        self.supersede_reason =
            optional_text("supersedeReason", self.supersede_reason.as_deref(), 500)?;
        match (self.supersedes, &self.supersede_reason) {
            (Some(old), _) if old == self.id => {
                return Err(DomainError::invalid("supersedes", Code::InvalidValue));
            }
            (Some(_), None) => return Err(DomainError::invalid("supersedeReason", Code::Required)),
            (None, Some(_)) => {
                return Err(DomainError::invalid("supersedeReason", Code::InvalidValue));
            }
            _ => {}
        }
        Ok(self)
    }

    /// The rules that need the loan: the same loan and household, a purpose copied from it,
    /// a date on or after the disbursement, an amount within the principal.
    pub fn against_loan(&self, loan: &Loan) -> DomainResult<()> {
        if self.loan_id != loan.id {
            return Err(DomainError::invalid("loanId", Code::InvalidValue));
        }
        if self.household_id != loan.household_id || self.group_id != loan.group_id {
            return Err(DomainError::invalid("householdId", Code::InvalidValue));
        }
        if crate::text::normalize(&loan.purpose) != self.stated_purpose {
            return Err(DomainError::invalid("statedPurpose", Code::InvalidValue));
        }
        if self.checked_on < loan.disbursed_on {
            return Err(DomainError::invalid("checkedOn", Code::DateOrder));
        }
        if self.amount_as_intended > loan.principal {
            return Err(DomainError::invalid(
                "amountAsIntended",
                Code::OverPrincipal,
            ));
        }
        Ok(())
    }

    /// No one checks the use of a loan of their own household or of a kin one: `checkers`
    /// holds the household of each checker named by person (`Checker::person_id`), `related`
    /// the borrower's household and its kin (`reference::rules::related`). A group leader's own
    /// loan is checked by the deputy or another member.
    pub fn check_independent(
        &self,
        checkers: &[HouseholdId],
        related: &HashSet<HouseholdId>,
    ) -> DomainResult<()> {
        if checkers.iter().any(|h| related.contains(h)) {
            return Err(DomainError::invalid("checkers", Code::RelatedHousehold));
        }
        Ok(())
    }

    /// The person ids of the checkers who are members of the group.
    pub fn checker_persons(&self) -> Vec<PersonId> {
        self.checkers.iter().filter_map(|c| c.person_id).collect()
    }

    /// May this check supersede `old`? `old_superseded`: another check already replaced it.
    pub fn may_supersede(&self, old: &FundCheck, old_superseded: bool) -> DomainResult<()> {
        if self.supersedes != Some(old.id) || old.loan_id != self.loan_id {
            return Err(DomainError::invalid("supersedes", Code::InvalidValue));
        }
        not_superseded(old_superseded)
    }
}

/// A check may be corrected once: refused when another check already replaced it. The device
/// asks with its stored checks; the province again inside the ingest, under its write lock,
/// with the checks it accepted (`crates/province/src/ingest/fund.rs`).
pub fn not_superseded(already_superseded: bool) -> DomainResult<()> {
    if already_superseded {
        return Err(DomainError::invalid("supersedes", Code::AlreadySuperseded));
    }
    Ok(())
}

/// The checks in force: those no other check supersedes, oldest check date first.
pub fn effective(checks: &[FundCheck]) -> Vec<&FundCheck> {
    let replaced: std::collections::HashSet<FundCheckId> =
        checks.iter().filter_map(|c| c.supersedes).collect();
    let mut out: Vec<&FundCheck> = checks
        .iter()
        .filter(|c| !replaced.contains(&c.id))
        .collect();
    out.sort_by_key(|c| (c.checked_on, c.id));
    out
}

#[cfg(test)]
#[path = "check_tests.rs"]
pub(crate) mod tests;
