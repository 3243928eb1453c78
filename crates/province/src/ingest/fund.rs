//! The fund-use rules decided inside the ingest, against the records as they stand.

use super::plan::EntityState;
use crate::check::fund::FundFacts;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;
use vonxa_domain::{Code, DomainError};

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
        vonxa_domain::funduse::check::not_superseded(superseded.contains(&old))?;
    }
    Ok(())
}
