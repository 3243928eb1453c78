//! Fund-use checks at the province: what it keeps of each accepted check (the loan, the check
//! it supersedes, the outcome and the photos), the rules that need stored records, photo
//! uploads, the flags findings raise and the figures per group, organisation and commune.
//!
//! A check is accepted without its photos: they travel apart and may arrive later (or, from a
//! device that was lost, never). The province records which photos it still lacks
//! (`check_photos` without a `blobs` row) rather than refusing the check, so a finding reaches
//! the province at once and one large photo never holds the record back.

pub mod blobs;
pub mod demo_loans;
pub mod disburse;
pub mod report;

use crate::db::EntityState;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;
use vonxa_domain::funduse::{FundCheck, Outcome};
use vonxa_domain::{Code, DomainError};

pub use crate::refs::Docs;

/// What the province keeps of an accepted check besides the change itself.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundFacts {
    pub loan: Uuid,
    pub household: Uuid,
    pub supersedes: Option<Uuid>,
    pub outcome: Outcome,
    pub photos: Vec<String>,
}

impl FundFacts {
    pub fn of(c: &FundCheck) -> FundFacts {
        FundFacts {
            loan: c.loan_id.as_uuid(),
            household: c.household_id.as_uuid(),
            supersedes: c.supersedes.map(|s| s.as_uuid()),
            outcome: c.outcome,
            photos: c.photos.clone(),
        }
    }
}

/// An accepted check to record (with its flag, if its outcome raises one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FundRow {
    pub check_id: Uuid,
    pub seq: i64,
    pub facts: FundFacts,
    pub raised_at: String,
}

/// The rules of a check that need its loan and the check it corrects (both read before the
/// page is ingested; checks never change, loans keep their principal and date).
pub fn against_stored(c: &FundCheck, docs: &Docs) -> DomainResult<()> {
    let Some(loan) = docs.get(&c.loan_id.as_uuid()) else {
        // Unknown loan: refused as `unknown_parent` by the link check.
        return Ok(());
    };
    let loan: Loan = match (
        loan.entity.as_str(),
        serde_json::from_value(loan.payload.clone()),
    ) {
        ("loan", Ok(l)) => l,
        _ => return Err(DomainError::invalid("loanId", Code::InvalidValue)),
    };
    c.against_loan(&loan)?;
    if let Some(old) = c.supersedes {
        let old: FundCheck = docs
            .get(&old.as_uuid())
            .filter(|r| r.entity == EntityKind::FundCheck.as_str())
            .and_then(|r| serde_json::from_value(r.payload.clone()).ok())
            .ok_or_else(|| DomainError::invalid("supersedes", Code::NotFound))?;
        // Whether another check already replaced it is decided inside the ingest.
        c.may_supersede(&old, false)?;
    }
    Ok(())
}

/// The rules decided inside the ingest, against the records as they stand: the check hangs on
/// a loan of its household; the check it corrects exists and was not replaced already.
pub fn stored_rules(
    f: &FundFacts,
    entities: &HashMap<Uuid, EntityState>,
    superseded: &HashSet<Uuid>,
) -> DomainResult<()> {
    let loan_ok = entities.get(&f.loan).is_some_and(|e| {
        e.entity == EntityKind::Loan.as_str() && e.household_id == Some(f.household)
    });
    if !loan_ok {
        return Err(DomainError::invalid("loanId", Code::InvalidValue));
    }
    if let Some(old) = f.supersedes {
        let known = entities
            .get(&old)
            .is_some_and(|e| e.entity == EntityKind::FundCheck.as_str() && !e.deleted);
        if !known {
            return Err(DomainError::invalid("supersedes", Code::NotFound));
        }
        if superseded.contains(&old) {
            return Err(DomainError::invalid("supersedes", Code::AlreadySuperseded));
        }
    }
    Ok(())
}
