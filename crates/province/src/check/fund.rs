//! What the province keeps of an accepted fund-use check (06/TD) and the rules of a check
//! that need its stored loan and the check it corrects (read before the page is ingested).

use super::refs::Docs;
use uuid::Uuid;
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;
use vonxa_domain::funduse::{FundCheck, Outcome};
use vonxa_domain::{Code, DomainError};

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
