//! The commune's annual poverty list (review, then apply as dated statuses) and the outreach
//! list of newly-escaped households without a loan in their programme.

use crate::contract::{
    EscapedRow, ListFinding, PovertyListInput, PovertyListLine, PovertyListReview,
};
use crate::error::{CoreResult, IpcError};
use crate::households::row_error;
use crate::{App, Session, map};
use chrono::Datelike;
use vonxa_domain::reference::review::{Finding, ListSource};
use vonxa_domain::{Code, DomainError};
use vonxa_store::import::poverty::ListReview;
use vonxa_store::outreach::escaped_without_loan;

fn source(input: &PovertyListInput) -> CoreResult<ListSource> {
    if input.commune_code.trim().is_empty() {
        return Err(DomainError::invalid("communeCode", Code::Required).into());
    }
    let date = map::date(&input.date, "date")?;
    let decision_ref = input
        .decision_ref
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned);
    Ok(ListSource {
        date,
        year: date.year(),
        decision_ref,
    })
}

fn to_ipc(s: &Session, r: ListReview) -> PovertyListReview {
    let lang = s.user.lang.into();
    let n = |v: usize| u32::try_from(v).unwrap_or(u32::MAX);
    PovertyListReview {
        rows: n(r.rows),
        errors: r.errors.into_iter().map(|e| row_error(e, lang)).collect(),
        unchanged: n(r.unchanged),
        applied: n(r.applied),
        lines: r
            .lines
            .into_iter()
            .map(|l| {
                let (finding, from, to) = match l.finding {
                    Finding::Listed { to } => (ListFinding::Listed, None, Some(to)),
                    Finding::Changed { from, to } => (ListFinding::Changed, Some(from), Some(to)),
                    Finding::Left { from } => (ListFinding::Left, Some(from), None),
                    Finding::NotFound => (ListFinding::NotFound, None, None),
                };
                PovertyListLine {
                    row: l.row.map(n),
                    household_id: l.household_id.map(|h| h.to_string()),
                    customer_code: l.customer_code,
                    head_name: l.head_name,
                    village: l.village,
                    finding,
                    from: from.map(Into::into),
                    to: to.map(Into::into),
                }
            })
            .collect(),
    }
}

impl App {
    /// Compare a commune's list with the store; writes nothing.
    pub fn review_poverty_list(
        &self,
        input: PovertyListInput,
    ) -> Result<PovertyListReview, IpcError> {
        self.with(|s| {
            let src = source(&input)?;
            let r = s
                .store
                .review_poverty_list(input.commune_code.trim(), &src, &input.bytes)?;
            Ok(to_ipc(s, r))
        })
    }

    /// Apply a reviewed list: one dated status record per difference, in one transaction, or
    /// nothing when a line cannot be read.
    pub fn apply_poverty_list(
        &self,
        input: PovertyListInput,
    ) -> Result<PovertyListReview, IpcError> {
        self.with(|s| {
            let src = source(&input)?;
            let user = s.user.clone();
            let r =
                s.store
                    .apply_poverty_list(&user, input.commune_code.trim(), &src, &input.bytes)?;
            Ok(to_ipc(s, r))
        })
    }

    /// Newly-escaped households today without an open loan in their programme.
    pub fn escaped_without_loan(&self) -> Result<Vec<EscapedRow>, IpcError> {
        self.with(|s| {
            let today = s.store.today();
            Ok(escaped_without_loan(s.store.connection(), today)?
                .into_iter()
                .map(|e| EscapedRow {
                    household_id: e.household_id.to_string(),
                    customer_code: e.customer_code,
                    head_name: e.head_name,
                    village: e.village,
                    escaped_on: e.escaped_on.to_string(),
                    eligible_until: e.eligible_until.to_string(),
                    application_open: e.application_open,
                })
                .collect())
        })
    }
}
