//! Resolving a discrepancy case on the device: the case is looked up among the stored
//! handovers and closes, and the domain's rules (`cash::resolution`) decide, inside the
//! write's transaction, that it is a discrepancy without a resolution yet and that an amount
//! made good is within its difference and settled at a session of the point.

use super::Facts;
use crate::Store;
use crate::error::StoreResult;
use crate::queries::docs;
use crate::records::{Record, load, must_exist};
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use uuid::Uuid;
use vonxa_domain::cash::resolution::{Case, may_resolve};
use vonxa_domain::cash::rules::{self, MoneyFacts};
use vonxa_domain::cash::{CaseKind, DiscrepancyResolution, ResolutionOutcome};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::user::User;
use vonxa_domain::{CashSessionId, Code, DiscrepancyResolutionId, DomainError, Money};

/// The case a resolution names, as stored; `None` when the device holds no such record.
pub fn case_of(conn: &Connection, kind: CaseKind, id: Uuid) -> StoreResult<Option<Case>> {
    Facts(conn).case(kind, id)
}

/// The resolution of a case, if it has one.
pub fn resolution_of(conn: &Connection, case: Uuid) -> StoreResult<Option<DiscrepancyResolution>> {
    Ok(docs(
        conn,
        "SELECT doc FROM discrepancy_resolutions WHERE case_id = ?1",
        [case.to_string()],
    )?
    .into_iter()
    .next())
}

impl Record for DiscrepancyResolution {
    const KIND: EntityKind = EntityKind::DiscrepancyResolution;
    fn id(&self) -> Uuid {
        self.id.as_uuid()
    }
    /// The point team and the administrator; a group leader never resolves the case of a
    /// handover (they handed the cash over): that refusal names the case.
    fn permitted(&self, actor: &User, _op: Op, _tx: &Transaction<'_>) -> StoreResult<bool> {
        match may_resolve(actor.role, self.case_kind) {
            Ok(()) => Ok(true),
            Err(DomainError::Forbidden { .. }) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(today)?;
        must_exist(tx, EntityKind::Point, &s.point_id.to_string(), "pointId")?;
        rules::check_resolution(&Facts(tx), &s)?;
        Ok(s)
    }
}

/// What a user says about a case when resolving it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resolve {
    pub case_kind: CaseKind,
    pub case_id: Uuid,
    pub outcome: ResolutionOutcome,
    pub amount: Option<Money>,
    pub settled_in_session: Option<CashSessionId>,
    pub note: String,
    /// Today when not given.
    pub resolved_on: Option<NaiveDate>,
    pub resolved_by: String,
}

impl Store {
    /// Resolve a discrepancy case as `actor`: one append-only record, checked against the
    /// case and sealed into the chain in the transaction of its change-log entry.
    pub fn resolve_discrepancy(
        &mut self,
        actor: &User,
        r: Resolve,
    ) -> StoreResult<DiscrepancyResolution> {
        let case = case_of(self.connection(), r.case_kind, r.case_id)?.ok_or_else(|| {
            crate::StoreError::from(DomainError::invalid("caseId", Code::NotFound))
        })?;
        let res = DiscrepancyResolution {
            id: DiscrepancyResolutionId(Uuid::now_v7()),
            point_id: case.point_id,
            case_kind: r.case_kind,
            case_id: r.case_id,
            outcome: r.outcome,
            amount: r.amount,
            settled_in_session: r.settled_in_session,
            note: r.note,
            resolved_on: r.resolved_on.unwrap_or_else(|| self.today()),
            resolved_by: r.resolved_by,
            link: None,
        };
        let id = res.id;
        self.record(actor, Op::Insert, res)?;
        load(self.connection(), id.as_uuid())
    }
}
