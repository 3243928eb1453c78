//! Money on the device: savings books, transaction sessions, payments with their receipts,
//! handovers and closes. Each record is checked here against the stored facts with the
//! domain's rules (`vonxa_domain::cash`), then written through the one write path, which
//! stamps its receipt number and seals it into the device's chain (`journal`).

pub mod journal;
mod ops;
pub mod resolution;
pub mod sheet;

use crate::error::StoreResult;
use crate::queries::{active_members, docs};
use crate::records::{Record, load, must_exist};
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction};
use uuid::Uuid;
use vonxa_domain::cash::entry::{Balance, balance_after};
use vonxa_domain::cash::savings::book_payment;
use vonxa_domain::cash::sheet::collected;
use vonxa_domain::cash::{
    CashSession, DiscrepancyResolution, Handover, Minimums, MoneyEntry, Payment, SavingsAccount,
    SessionClose, session::system_total,
};
use vonxa_domain::entity::EntityKind;
use vonxa_domain::reference::Group;
use vonxa_domain::{CashSessionId, Code, DomainError, GroupId, Money, SavingsAccountId};

fn invalid(field: &'static str, code: Code) -> crate::StoreError {
    DomainError::invalid(field, code).into()
}

/// Has the session been closed?
pub fn session_closed(conn: &Connection, session: CashSessionId) -> StoreResult<bool> {
    Ok(conn
        .prepare_cached("SELECT 1 FROM session_closes WHERE session_id = ?1")?
        .query_row([session.to_string()], |_| Ok(()))
        .optional()?
        .is_some())
}

/// A session that exists at `point` and is still open.
fn open_session(
    tx: &Transaction<'_>,
    id: CashSessionId,
    point: vonxa_domain::PointId,
) -> StoreResult<CashSession> {
    let s: CashSession =
        load(tx, id.as_uuid()).map_err(|_| invalid("sessionId", Code::NotFound))?;
    if s.point_id != point {
        return Err(invalid("pointId", Code::InvalidValue));
    }
    if session_closed(tx, id)? {
        return Err(invalid("sessionId", Code::SessionClosed));
    }
    Ok(s)
}

/// The session a group's month was handed over at, if it was.
pub fn handover_of(
    conn: &Connection,
    group: GroupId,
    period: NaiveDate,
) -> StoreResult<Option<Handover>> {
    Ok(docs(
        conn,
        "SELECT doc FROM handovers WHERE group_id = ?1 AND period = ?2",
        [group.to_string(), period.to_string()],
    )?
    .into_iter()
    .next())
}

/// Every entry of a group's month (reversals included), in recording order.
pub fn sheet_entries(
    conn: &Connection,
    group: GroupId,
    period: NaiveDate,
) -> StoreResult<Vec<MoneyEntry>> {
    docs(
        conn,
        "SELECT doc FROM money_entries WHERE group_id = ?1 AND period = ?2 ORDER BY rowid",
        [group.to_string(), period.to_string()],
    )
}

/// The savings balance a payment moves, from every entry the device holds.
pub fn balance(conn: &Connection, b: Balance) -> StoreResult<Money> {
    let entries: Vec<MoneyEntry> = match b {
        Balance::Member(h) => docs(
            conn,
            "SELECT doc FROM money_entries WHERE household_id = ?1 AND kind = 'collection'",
            [h.to_string()],
        )?,
        Balance::Account(a) => docs(
            conn,
            "SELECT doc FROM money_entries WHERE account_id = ?1",
            [a.to_string()],
        )?,
    };
    Money::checked_sum(entries.iter().map(|e| e.payment.balance_delta().1))
        .ok_or_else(|| invalid("amount", Code::Overflow))
}

/// The closed session that froze an entry, if any: its own session, or for a group's
/// collection the session its month was handed over at.
fn frozen_by(conn: &Connection, e: &MoneyEntry) -> StoreResult<Option<CashSessionId>> {
    let session = match (&e.session_id, &e.payment) {
        (Some(s), _) => Some(*s),
        (
            None,
            Payment::Collection {
                group_id, period, ..
            },
        ) => handover_of(conn, *group_id, *period)?.map(|h| h.session_id),
        (None, _) => None,
    };
    match session {
        Some(s) if session_closed(conn, s)? => Ok(Some(s)),
        _ => Ok(None),
    }
}

/// What the till should hold when the session closes.
pub fn session_total(conn: &Connection, session: &CashSession) -> StoreResult<Money> {
    let handed: Vec<Handover> = docs(
        conn,
        "SELECT doc FROM handovers WHERE session_id = ?1",
        [session.id.to_string()],
    )?;
    let entries: Vec<MoneyEntry> = docs(
        conn,
        "SELECT doc FROM money_entries WHERE session_id = ?1",
        [session.id.to_string()],
    )?;
    let settled: Vec<DiscrepancyResolution> = docs(
        conn,
        "SELECT doc FROM discrepancy_resolutions WHERE settled_in_session = ?1",
        [session.id.to_string()],
    )?;
    let mut cash: Vec<Money> = entries.iter().map(|e| e.payment.cash_in()).collect();
    for r in &settled {
        if let Some(case) = resolution::case_of(conn, r.case_kind, r.case_id)? {
            cash.push(r.till_effect(&case));
        }
    }
    Ok(system_total(
        session.opening_cash,
        &handed.iter().map(|h| h.counted).collect::<Vec<_>>(),
        &cash,
    )?)
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
        if let Some(session) = s.session_id {
            open_session(tx, session, s.point_id)?;
        }
        if let Some(r) = &s.reverses {
            let original: MoneyEntry =
                load(tx, r.entry_id.as_uuid()).map_err(|_| invalid("reverses", Code::NotFound))?;
            let reversed: i64 = tx
                .prepare_cached("SELECT count(*) FROM money_entries WHERE reverses = ?1")?
                .query_row([original.id.to_string()], |r| r.get(0))?;
            if reversed > 0 {
                return Err(invalid("reverses", Code::AlreadyReversed));
            }
            if !s.reverses_exactly(&original) {
                return Err(invalid("reverses", Code::InvalidValue));
            }
            if original.session_id != s.session_id {
                return Err(invalid("sessionId", Code::InvalidValue));
            }
            if frozen_by(tx, &original)?.is_some() {
                return Err(invalid("reverses", Code::SessionClosed));
            }
        }
        match &s.payment {
            Payment::Collection {
                group_id,
                household_id,
                period,
                ..
            } => {
                let g: Group =
                    load(tx, group_id.as_uuid()).map_err(|_| invalid("groupId", Code::NotFound))?;
                if g.point_id != s.point_id {
                    return Err(invalid("pointId", Code::InvalidValue));
                }
                if s.reverses.is_none() && !active_members(tx, g.id, s.on)?.contains(household_id) {
                    return Err(invalid("householdId", Code::InvalidValue));
                }
                if s.reverses.is_none() && frozen_by(tx, &s)?.is_some() {
                    return Err(invalid("period", Code::SessionClosed));
                }
                let _ = period;
            }
            Payment::Deposit { account_id, .. } | Payment::Withdrawal { account_id, .. } => {
                let a: SavingsAccount = load(tx, account_id.as_uuid())
                    .map_err(|_| invalid("accountId", Code::NotFound))?;
                let before = balance(tx, Balance::Account(a.id))?;
                book_payment(&s, &a, deposit_count(tx, a.id)?, before)?;
            }
        }
        let (b, delta) = s.payment.balance_delta();
        balance_after(balance(tx, b)?, delta)?;
        Ok(s)
    }
}

/// Deposits into a book that stand (not reversed).
fn deposit_count(conn: &Connection, account: SavingsAccountId) -> StoreResult<u32> {
    let n: i64 = conn
        .prepare_cached(
            "SELECT count(*) FROM money_entries e WHERE account_id = ?1 AND kind = 'deposit'
               AND reverses IS NULL
               AND NOT EXISTS (SELECT 1 FROM money_entries r WHERE r.reverses = e.id)",
        )?
        .query_row([account.to_string()], |r| r.get(0))?;
    Ok(u32::try_from(n).unwrap_or(u32::MAX))
}

impl Record for Handover {
    money_record!(Handover);
    fn check(self, tx: &Transaction<'_>, _today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate()?;
        open_session(tx, s.session_id, s.point_id)?;
        let g: Group =
            load(tx, s.group_id.as_uuid()).map_err(|_| invalid("groupId", Code::NotFound))?;
        if g.point_id != s.point_id {
            return Err(invalid("groupId", Code::InvalidValue));
        }
        let (_, total) = collected(&sheet_entries(tx, g.id, s.period)?, g.id, s.period)?;
        if s.expected != total.cash()? {
            return Err(invalid("expected", Code::InvalidValue));
        }
        Ok(s)
    }
}

impl Record for SessionClose {
    money_record!(SessionClose);
    fn check(self, tx: &Transaction<'_>, _today: NaiveDate) -> StoreResult<Self> {
        let s = self.validate()?;
        let session = open_session(tx, s.session_id, s.point_id)?;
        if s.system_total != session_total(tx, &session)? {
            return Err(invalid("systemTotal", Code::InvalidValue));
        }
        Ok(s)
    }
}
