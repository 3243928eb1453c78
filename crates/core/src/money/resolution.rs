//! Discrepancy cases and their resolution: what the UI sends is parsed field by field (a bad
//! value is a validation error naming it), then the store checks the case and writes one
//! append-only record.

use crate::contract::*;
use crate::error::CoreResult;
use crate::{Session, map};
use uuid::Uuid;
use vonxa_domain::cash::DiscrepancyResolution;
use vonxa_domain::{Code, DomainError, Money};
use vonxa_store::money::resolution::Resolve;
use vonxa_store::money::sheet::{self, Discrepancy, DiscrepancyCase};

fn resolution(r: &DiscrepancyResolution) -> DiscrepancyResolutionInfo {
    DiscrepancyResolutionInfo {
        id: r.id.to_string(),
        outcome: r.outcome.into(),
        amount: r.amount.map(Money::as_dong),
        settled_in_session: r.settled_in_session.map(|s| s.to_string()),
        note: r.note.clone(),
        resolved_on: map::iso(r.resolved_on),
        resolved_by: r.resolved_by.clone(),
    }
}

pub(crate) fn discrepancy(d: &DiscrepancyCase) -> CoreResult<DiscrepancyInfo> {
    let res = d.resolution.as_ref().map(resolution);
    Ok(match &d.case {
        Discrepancy::Handover(h) => DiscrepancyInfo {
            kind: CaseKind::Handover,
            id: h.id.to_string(),
            session_id: h.session_id.to_string(),
            group_id: Some(h.group_id.to_string()),
            period: Some(map::iso(h.period)),
            amount: h.difference()?.as_dong(),
            explanation: h.explanation.clone(),
            resolution: res,
        },
        Discrepancy::Close(c) => DiscrepancyInfo {
            kind: CaseKind::Close,
            id: c.id.to_string(),
            session_id: c.session_id.to_string(),
            group_id: None,
            period: None,
            amount: c.difference()?.as_dong(),
            explanation: c.explanation.clone(),
            resolution: res,
        },
    })
}

fn required(value: &str, field: &'static str) -> CoreResult<()> {
    if value.trim().is_empty() {
        return Err(DomainError::invalid(field, Code::Required).into());
    }
    Ok(())
}

impl Session {
    pub(crate) fn resolve_discrepancy(
        &mut self,
        r: ResolveDiscrepancyRequest,
    ) -> CoreResult<DiscrepancyInfo> {
        required(&r.case_id, "caseId")?;
        let case_id: Uuid = map::id(&r.case_id, "caseId")?;
        let settled_in_session = map::opt_text(r.settled_in_session)
            .map(|s| map::id(&s, "settledInSession"))
            .transpose()?;
        let resolved_on = map::opt_date(r.resolved_on.as_deref(), "resolvedOn")?;
        self.store.resolve_discrepancy(
            &self.user,
            Resolve {
                case_kind: r.case_kind.into(),
                case_id,
                outcome: r.outcome.into(),
                amount: r.amount.map(Money::dong),
                settled_in_session,
                note: r.note,
                resolved_on,
                resolved_by: r.resolved_by,
            },
        )?;
        let case = sheet::discrepancies(self.store.connection())?
            .into_iter()
            .find(|d| d.case.case_id() == case_id)
            .ok_or_else(|| DomainError::invalid("caseId", Code::NotFound))?;
        discrepancy(&case)
    }
}
