//! Discrepancy resolutions in a push: the case they name and the domain's rules over it.

use super::MoneyState;
use uuid::Uuid;
use vonxa_domain::cash::resolution::Case;
use vonxa_domain::cash::{CaseKind, CashSession, DiscrepancyResolution, Handover, SessionClose};
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;

impl MoneyState {
    /// A resolution against its case, the case's other resolutions and the session it was
    /// settled at: the domain's rules, as on the device.
    pub(super) fn resolution(&self, r: &DiscrepancyResolution) -> DomainResult<()> {
        let case = self.case(r.case_kind, r.case_id)?;
        let resolved = self
            .all::<DiscrepancyResolution>(EntityKind::DiscrepancyResolution)
            .iter()
            .any(|x| x.case_id == r.case_id);
        r.against_case(case.as_ref(), resolved)?;
        r.settled_at(r.settled_in_session.and_then(|s| {
            self.get::<CashSession>(EntityKind::CashSession, s.as_uuid())
                .map(|x| (x.point_id, self.closed(s.as_uuid())))
        }))
    }

    /// The handover or close a resolution names, as a case.
    pub(super) fn case(&self, kind: CaseKind, id: Uuid) -> DomainResult<Option<Case>> {
        match kind {
            CaseKind::Handover => self
                .get::<Handover>(EntityKind::Handover, id)
                .map(|h| Case::of_handover(&h))
                .transpose(),
            CaseKind::Close => self
                .get::<SessionClose>(EntityKind::SessionClose, id)
                .map(|c| Case::of_close(&c))
                .transpose(),
        }
    }
}
