//! What the money rules (`vonxa_domain::cash::rules`) read, answered with SQL over the
//! device's tables inside the write's transaction.

use crate::error::{StoreError, StoreResult};
use crate::queries::{active_members, docs};
use crate::records::find;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use uuid::Uuid;
use vonxa_domain::cash::entry::Balance;
use vonxa_domain::cash::resolution::Case;
use vonxa_domain::cash::rules::{MoneyFacts, SessionRecords};
use vonxa_domain::cash::{
    CaseKind, CashSession, Handover, MoneyEntry, SavingsAccount, SessionClose,
};
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::reference::Group;
use vonxa_domain::{
    CashSessionId, GroupId, HouseholdId, LoanId, MoneyEntryId, PointId, SavingsAccountId,
};

/// The device's stored money records, as the rules read them.
pub struct Facts<'c>(pub &'c Connection);

fn any(conn: &Connection, sql: &str, key: String) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached(sql)?
        .query_row([key], |_| Ok(()))
        .optional()?
        .is_some())
}

impl MoneyFacts for Facts<'_> {
    type Error = StoreError;

    fn session(&self, id: CashSessionId) -> StoreResult<Option<CashSession>> {
        find(self.0, id.as_uuid())
    }

    fn is_closed(&self, id: CashSessionId) -> StoreResult<bool> {
        any(
            self.0,
            "SELECT 1 FROM session_closes WHERE session_id = ?1",
            id.to_string(),
        )
    }

    fn entry(&self, id: MoneyEntryId) -> StoreResult<Option<MoneyEntry>> {
        find(self.0, id.as_uuid())
    }

    fn is_reversed(&self, id: MoneyEntryId) -> StoreResult<bool> {
        any(
            self.0,
            "SELECT 1 FROM money_entries WHERE reverses = ?1",
            id.to_string(),
        )
    }

    fn account(&self, id: SavingsAccountId) -> StoreResult<Option<SavingsAccount>> {
        find(self.0, id.as_uuid())
    }

    fn balance_entries(&self, b: Balance) -> StoreResult<Vec<MoneyEntry>> {
        match b {
            Balance::Member(h) => docs(
                self.0,
                "SELECT doc FROM money_entries WHERE household_id = ?1 AND kind = 'collection'",
                [h.to_string()],
            ),
            Balance::Account(a) => docs(
                self.0,
                "SELECT doc FROM money_entries WHERE account_id = ?1",
                [a.to_string()],
            ),
            Balance::Loan(l) => docs(
                self.0,
                "SELECT doc FROM money_entries WHERE kind IN ('repayment', 'payout')
                 AND json_extract(doc, '$.payment.loanId') = ?1",
                [l.to_string()],
            ),
        }
    }

    fn loan(&self, id: LoanId) -> StoreResult<Option<Loan>> {
        find(self.0, id.as_uuid())
    }

    fn handover(&self, group: GroupId, period: NaiveDate) -> StoreResult<Option<Handover>> {
        Ok(docs(
            self.0,
            "SELECT doc FROM handovers WHERE group_id = ?1 AND period = ?2",
            [group.to_string(), period.to_string()],
        )?
        .into_iter()
        .next())
    }

    fn sheet(&self, group: GroupId, period: NaiveDate) -> StoreResult<Vec<MoneyEntry>> {
        docs(
            self.0,
            "SELECT doc FROM money_entries WHERE group_id = ?1 AND period = ?2 ORDER BY rowid",
            [group.to_string(), period.to_string()],
        )
    }

    fn session_records(&self, id: CashSessionId) -> StoreResult<SessionRecords> {
        let key = [id.to_string()];
        Ok(SessionRecords {
            handovers: docs(
                self.0,
                "SELECT doc FROM handovers WHERE session_id = ?1",
                key.clone(),
            )?,
            entries: docs(
                self.0,
                "SELECT doc FROM money_entries WHERE session_id = ?1",
                key.clone(),
            )?,
            settled: docs(
                self.0,
                "SELECT doc FROM discrepancy_resolutions WHERE settled_in_session = ?1",
                key,
            )?,
        })
    }

    fn case(&self, kind: CaseKind, id: Uuid) -> StoreResult<Option<Case>> {
        Ok(match kind {
            CaseKind::Handover => match find::<Handover>(self.0, id)? {
                Some(h) => Some(Case::of_handover(&h)?),
                None => None,
            },
            CaseKind::Close => match find::<SessionClose>(self.0, id)? {
                Some(c) => Some(Case::of_close(&c)?),
                None => None,
            },
        })
    }

    fn is_resolved(&self, case: Uuid) -> StoreResult<bool> {
        any(
            self.0,
            "SELECT 1 FROM discrepancy_resolutions WHERE case_id = ?1",
            case.to_string(),
        )
    }

    fn group_point(&self, group: GroupId) -> StoreResult<Option<PointId>> {
        Ok(find::<Group>(self.0, group.as_uuid())?.map(|g| g.point_id))
    }

    fn is_member(
        &self,
        group: GroupId,
        household: HouseholdId,
        on: NaiveDate,
    ) -> StoreResult<bool> {
        Ok(active_members(self.0, group, on)?.contains(&household))
    }
}
