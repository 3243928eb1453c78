//! Resolving a discrepancy case on the device: the case is looked up among the stored
//! handovers and closes, and the domain's rules (`cash::resolution`) decide, inside the
//! write's transaction, that it is a discrepancy without a resolution yet and that an amount
//! made good is within its difference and settled at a session of the point.

use super::{invalid, session_closed};
use crate::Store;
use crate::error::StoreResult;
use crate::queries::docs;
use crate::records::{Record, load, must_exist};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};
use uuid::Uuid;
use vonxa_domain::cash::resolution::{Case, may_resolve};
use vonxa_domain::cash::{
    CaseKind, CashSession, DiscrepancyResolution, Handover, ResolutionOutcome, SessionClose,
};
use vonxa_domain::entity::{EntityKind, Op};
use vonxa_domain::user::User;
use vonxa_domain::{CashSessionId, Code, DiscrepancyResolutionId, DomainError, Money};

/// The case a resolution names, as stored; `None` when the device holds no such record.
pub fn case_of(conn: &Connection, kind: CaseKind, id: Uuid) -> StoreResult<Option<Case>> {
    let case = match kind {
        CaseKind::Handover => match load::<Handover>(conn, id) {
            Ok(h) => Some(Case::of_handover(&h)?),
            Err(_) => None,
        },
        CaseKind::Close => match load::<SessionClose>(conn, id) {
            Ok(c) => Some(Case::of_close(&c)?),
            Err(_) => None,
        },
    };
    Ok(case)
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

fn resolved(conn: &Connection, case: Uuid) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM discrepancy_resolutions WHERE case_id = ?1")?
        .query_row([case.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
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
        let case = case_of(tx, s.case_kind, s.case_id)?;
        s.against_case(case.as_ref(), resolved(tx, s.case_id)?)?;
        let session = match s.settled_in_session {
            Some(id) => match load::<CashSession>(tx, id.as_uuid()) {
                Ok(x) => Some((x.point_id, session_closed(tx, id)?)),
                Err(_) => None,
            },
            None => None,
        };
        s.settled_at(session)?;
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
        let case = case_of(self.connection(), r.case_kind, r.case_id)?
            .ok_or_else(|| invalid("caseId", Code::NotFound))?;
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
