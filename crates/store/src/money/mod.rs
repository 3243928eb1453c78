//! Money on the device: savings books, transaction sessions, payments with their receipts,
//! handovers and closes. Each record is checked here against the stored facts with the
//! domain's rules (`vonxa_domain::cash`), then written through the one write path, which
//! stamps its receipt number and seals it into the device's chain (`journal`).

mod facts;
pub mod journal;
mod ops;
pub mod resolution;
pub mod sheet;

use crate::error::StoreResult;
use crate::records::{Record, must_exist};
use chrono::NaiveDate;
use rusqlite::{Connection, Transaction};
use uuid::Uuid;
use vonxa_domain::cash::entry::Balance;
use vonxa_domain::cash::rules::{self, MoneyFacts};
use vonxa_domain::cash::{
    CashSession, Handover, Minimums, MoneyEntry, SavingsAccount, SessionClose,
};
use vonxa_domain::entity::EntityKind;
use vonxa_domain::{CashSessionId, GroupId, Money};

pub use facts::Facts;

/// Has the session been closed?
pub fn session_closed(conn: &Connection, session: CashSessionId) -> StoreResult<bool> {
    Facts(conn).is_closed(session)
}

/// The session a group's month was handed over at, if it was.
pub fn handover_of(
    conn: &Connection,
    group: GroupId,
    period: NaiveDate,
) -> StoreResult<Option<Handover>> {
    Facts(conn).handover(group, period)
}

/// Every entry of a group's month (reversals included), in recording order.
pub fn sheet_entries(
    conn: &Connection,
    group: GroupId,
    period: NaiveDate,
) -> StoreResult<Vec<MoneyEntry>> {
    Facts(conn).sheet(group, period)
}

/// The savings balance a payment moves, from every entry the device holds.
pub fn balance(conn: &Connection, b: Balance) -> StoreResult<Money> {
    rules::balance(&Facts(conn), b)
}

/// What the till should hold when the session closes.
pub fn session_total(conn: &Connection, session: &CashSession) -> StoreResult<Money> {
    rules::session_total(&Facts(conn), session)
}

macro_rules! money_record {
    ($kind:ident) => {
        const KIND: EntityKind = EntityKind::$kind;
        fn id(&self) -> Uuid {
            self.id.as_uuid()
        }
    };
}

impl Record for SavingsAccount {
    money_record!(SavingsAccount);
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(today)?;
        must_exist(tx, EntityKind::Point, &s.point_id.to_string(), "pointId")?;
        if let Some(h) = s.household_id {
            must_exist(tx, EntityKind::Household, &h.to_string(), "householdId")?;
        }
        Ok(s)
    }
}

impl Record for CashSession {
    money_record!(CashSession);
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(today)?;
        must_exist(tx, EntityKind::Point, &s.point_id.to_string(), "pointId")?;
        Ok(s)
    }
}

impl Record for MoneyEntry {
    money_record!(MoneyEntry);
    fn stamp(mut self, tx: &Transaction<'_>) -> StoreResult<Self> {
        self.receipt_no = journal::next_receipt(tx)?;
        Ok(self)
    }
    fn check(self, tx: &Transaction<'_>, today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate(today, &Minimums::default())?;
        must_exist(tx, EntityKind::Point, &s.point_id.to_string(), "pointId")?;
        rules::check_entry(&Facts(tx), &s)?;
        Ok(s)
    }
}

impl Record for Handover {
    money_record!(Handover);
    fn check(self, tx: &Transaction<'_>, _today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate()?;
        rules::check_handover(&Facts(tx), &s)?;
        Ok(s)
    }
}

impl Record for SessionClose {
    money_record!(SessionClose);
    fn check(self, tx: &Transaction<'_>, _today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate()?;
        rules::check_close(&Facts(tx), &s)?;
        Ok(s)
    }
}
