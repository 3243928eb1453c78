//! What the money rules read, answered from the page's [`MoneyState`]: the ledger rows the
//! backend loaded (and those the page accepted so far), the groups and their memberships.

use super::MoneyState;
use chrono::NaiveDate;
use uuid::Uuid;
use vonxa_domain::cash::entry::Balance;
use vonxa_domain::cash::resolution::Case;
use vonxa_domain::cash::rules::{MoneyFacts, SessionRecords};
use vonxa_domain::cash::{
    CaseKind, CashSession, DiscrepancyResolution, Handover, MoneyEntry, Payment, SavingsAccount,
    SessionClose,
};
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::entity::EntityKind;
use vonxa_domain::error::DomainResult;
use vonxa_domain::{
    CashSessionId, DomainError, GroupId, HouseholdId, LoanId, MoneyEntryId, PointId,
    SavingsAccountId,
};

impl MoneyState {
    fn handovers(&self) -> Vec<Handover> {
        self.all(EntityKind::Handover)
    }
}

impl MoneyFacts for MoneyState {
    type Error = DomainError;

    fn session(&self, id: CashSessionId) -> DomainResult<Option<CashSession>> {
        Ok(self.get(EntityKind::CashSession, id.as_uuid()))
    }

    fn is_closed(&self, id: CashSessionId) -> DomainResult<bool> {
        Ok(self
            .all::<SessionClose>(EntityKind::SessionClose)
            .iter()
            .any(|c| c.session_id == id))
    }

    fn entry(&self, id: MoneyEntryId) -> DomainResult<Option<MoneyEntry>> {
        Ok(self.get(EntityKind::MoneyEntry, id.as_uuid()))
    }

    fn is_reversed(&self, id: MoneyEntryId) -> DomainResult<bool> {
        Ok(self
            .entries()
            .iter()
            .any(|x| x.reverses.as_ref().is_some_and(|r| r.entry_id == id)))
    }

    fn account(&self, id: SavingsAccountId) -> DomainResult<Option<SavingsAccount>> {
        Ok(self.get(EntityKind::SavingsAccount, id.as_uuid()))
    }

    fn loan(&self, id: LoanId) -> DomainResult<Option<Loan>> {
        Ok(self.loans.get(&id.as_uuid()).cloned())
    }

    fn balance_entries(&self, b: Balance) -> DomainResult<Vec<MoneyEntry>> {
        let mut e = self.entries();
        e.retain(|x| x.payment.balance_delta().0 == b);
        Ok(e)
    }

    fn handover(&self, group: GroupId, period: NaiveDate) -> DomainResult<Option<Handover>> {
        Ok(self
            .handovers()
            .into_iter()
            .find(|h| h.group_id == group && h.period == period))
    }

    fn sheet(&self, group: GroupId, period: NaiveDate) -> DomainResult<Vec<MoneyEntry>> {
        let mut e = self.entries();
        e.retain(|x| {
            matches!(&x.payment, Payment::Collection { group_id, period: p, .. }
                if *group_id == group && *p == period)
        });
        Ok(e)
    }

    fn session_records(&self, id: CashSessionId) -> DomainResult<SessionRecords> {
        let mut handovers = self.handovers();
        handovers.retain(|h| h.session_id == id);
        let mut entries = self.entries();
        entries.retain(|e| e.session_id == Some(id));
        let mut settled: Vec<DiscrepancyResolution> = self.all(EntityKind::DiscrepancyResolution);
        settled.retain(|r| r.settled_in_session == Some(id));
        Ok(SessionRecords {
            handovers,
            entries,
            settled,
        })
    }

    fn case(&self, kind: CaseKind, id: Uuid) -> DomainResult<Option<Case>> {
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

    fn is_resolved(&self, case: Uuid) -> DomainResult<bool> {
        Ok(self
            .all::<DiscrepancyResolution>(EntityKind::DiscrepancyResolution)
            .iter()
            .any(|x| x.case_id == case))
    }

    fn group_point(&self, group: GroupId) -> DomainResult<Option<PointId>> {
        Ok(self.groups.get(&group).copied())
    }

    fn is_member(
        &self,
        group: GroupId,
        household: HouseholdId,
        on: NaiveDate,
    ) -> DomainResult<bool> {
        Ok(self
            .members
            .values()
            .any(|m| m.group_id == group && m.household_id == household && m.is_active_on(on)))
    }
}
