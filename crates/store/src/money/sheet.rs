//! What the money screens read: the 13/TD of a group's month, receipts, a member's statement
//! and the discrepancy cases with their resolutions.

use super::resolution::resolution_of;
use super::{balance, handover_of, session_closed, sheet_entries};
use crate::credit::programme_table;
use crate::error::StoreResult;
use crate::queries::{active_members, docs, head_name, loans_of_household, place_of};
use chrono::NaiveDate;
use rusqlite::Connection;
use vonxa_domain::cash::Payment;
use vonxa_domain::cash::entry::Balance;
use vonxa_domain::cash::sheet::{Paid, collected, month};
use vonxa_domain::cash::{DiscrepancyResolution, Handover, MoneyEntry, SessionClose};
use vonxa_domain::credit::accrual::{Carried, member_account, month_interest};
use vonxa_domain::credit::loan::Loan;
use vonxa_domain::reference::Group;
use vonxa_domain::{Code, DomainError, GroupId, HouseholdId, Money};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetRow {
    pub household_id: HouseholdId,
    pub head_name: Option<String>,
    pub interest_due: Money,
    /// The member's interest account: this month's interest, unpaid interest carried from
    /// earlier months, a credit (a relief decided after a month was collected), what to
    /// collect (`credit::accrual::member_account`).
    pub account: Carried,
    /// The bank's outstanding principal of the household's open loans.
    pub outstanding: Money,
    /// Each open loan (or one with interest this month) on its own line.
    pub loans: Vec<SheetLoan>,
    /// The member's savings with the group before this month's collections, and after.
    pub savings_opening: Money,
    pub savings_closing: Money,
    pub paid: Paid,
    /// Receipts of this household's payments for the month, reversals included.
    pub receipts: Vec<String>,
}

/// One loan's line under its member on the 13/TD.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetLoan {
    pub loan_id: vonxa_domain::LoanId,
    pub contract_no: String,
    pub programme: String,
    pub outstanding: Money,
    /// This loan's interest for the month (`credit::accrual::month_interest`).
    pub interest_due: Money,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CollectionSheet {
    pub group_id: GroupId,
    pub period: NaiveDate,
    pub rows: Vec<SheetRow>,
    pub interest_due: Money,
    pub paid: Paid,
    /// Interest + savings collected: what the leader hands over.
    pub cash: Money,
    pub handover: Option<Handover>,
    /// The month was handed over at a session that is closed: read-only.
    pub closed: bool,
}

fn overflow() -> crate::StoreError {
    DomainError::invalid("amount", Code::Overflow).into()
}

/// The 13/TD: one row per member household of the group (members on the month's last day, or
/// today if earlier, and anyone who paid for the month), in the order Vietnamese lists use.
pub fn collection_sheet(
    conn: &Connection,
    group: GroupId,
    period: NaiveDate,
    today: NaiveDate,
) -> StoreResult<CollectionSheet> {
    let (first, last) = month(period)?;
    let entries = sheet_entries(conn, group, first)?;
    let (paid_rows, paid) = collected(&entries, group, first)?;
    let mut households: Vec<HouseholdId> = active_members(conn, group, last.min(today).max(first))?
        .into_iter()
        .collect();
    for (h, _) in &paid_rows {
        if !households.contains(h) {
            households.push(*h);
        }
    }
    let table = programme_table(conn)?;
    let g: Group = crate::records::load(conn, group.as_uuid())?;
    let place = place_of(conn, g.point_id)?;
    let mut rows = Vec::with_capacity(households.len());
    for h in households {
        let loans: Vec<Loan> = loans_of_household(conn, h)?;
        let account = member_account(&loans, &table, &place, &interest_collected(conn, h)?, first)?;
        let (savings_opening, savings_closing) = savings_around(conn, h, first)?;
        let mut lines = Vec::new();
        for l in &loans {
            let interest_due = month_interest(l, &table, &place, first)?;
            if l.status_on(last.min(today)).is_open() || interest_due > Money::ZERO {
                lines.push(SheetLoan {
                    loan_id: l.id,
                    contract_no: l.contract_no.clone(),
                    programme: l.programme.clone(),
                    outstanding: l.outstanding,
                    interest_due,
                });
            }
        }
        rows.push(SheetRow {
            loans: lines,
            savings_opening,
            savings_closing,
            household_id: h,
            head_name: head_name(conn, h)?,
            interest_due: account.due_now,
            account,
            outstanding: Money::checked_sum(
                loans
                    .iter()
                    .filter(|l| l.status_on(last.min(today)).is_open())
                    .map(|l| l.outstanding),
            )
            .ok_or_else(overflow)?,
            paid: paid_rows
                .iter()
                .find(|(x, _)| *x == h)
                .map(|(_, p)| p.clone())
                .unwrap_or_default(),
            receipts: entries
                .iter()
                .filter(|e| matches!(&e.payment, vonxa_domain::cash::Payment::Collection { household_id, .. } if *household_id == h))
                .map(|e| e.receipt_no.clone())
                .collect(),
        });
    }
    rows.sort_by_cached_key(|r| {
        (
            r.head_name
                .as_deref()
                .map(vonxa_domain::text::name_sort_key),
            r.household_id,
        )
    });
    let interest_due =
        Money::checked_sum(rows.iter().map(|r| r.interest_due)).ok_or_else(overflow)?;
    let handover = handover_of(conn, group, first)?;
    let closed = match &handover {
        Some(h) => session_closed(conn, h.session_id)?,
        None => false,
    };
    Ok(CollectionSheet {
        group_id: group,
        period: first,
        rows,
        interest_due,
        cash: paid.cash()?,
        paid,
        handover,
        closed,
    })
}

/// The interest a household paid, by the month it was collected for (reversals negative).
pub fn interest_collected(
    conn: &Connection,
    household: HouseholdId,
) -> StoreResult<Vec<(NaiveDate, Money)>> {
    let entries: Vec<MoneyEntry> = docs(
        conn,
        "SELECT doc FROM money_entries WHERE household_id = ?1",
        [household.to_string()],
    )?;
    Ok(entries
        .into_iter()
        .filter_map(|e| match e.payment {
            Payment::Collection {
                period, interest, ..
            } => Some((period, interest)),
            _ => None,
        })
        .collect())
}

/// A member's savings with the group before the month starting `first` and after it: the
/// collections of earlier months, then this month's (savings in, principal paid from savings
/// out; reversals negative).
pub fn savings_around(
    conn: &Connection,
    household: HouseholdId,
    first: NaiveDate,
) -> StoreResult<(Money, Money)> {
    let entries: Vec<MoneyEntry> = docs(
        conn,
        "SELECT doc FROM money_entries WHERE household_id = ?1 AND kind = 'collection'",
        [household.to_string()],
    )?;
    let (mut before, mut during) = (Vec::new(), Vec::new());
    for e in &entries {
        if let Payment::Collection { period, .. } = &e.payment {
            let delta = e.payment.balance_delta().1;
            if *period < first {
                before.push(delta);
            } else if *period == first {
                during.push(delta);
            }
        }
    }
    let opening = Money::checked_sum(before).ok_or_else(overflow)?;
    let month = Money::checked_sum(during).ok_or_else(overflow)?;
    Ok((opening, opening.checked_add(month).ok_or_else(overflow)?))
}

/// Entries, newest first, optionally of one household or one session.
pub fn receipts(
    conn: &Connection,
    household: Option<HouseholdId>,
    session: Option<vonxa_domain::CashSessionId>,
    limit: u32,
) -> StoreResult<Vec<MoneyEntry>> {
    docs(
        conn,
        "SELECT doc FROM money_entries
         WHERE (?1 IS NULL OR household_id = ?1) AND (?2 IS NULL OR session_id = ?2)
         ORDER BY rowid DESC LIMIT ?3",
        rusqlite::params![
            household.map(|h| h.to_string()),
            session.map(|s| s.to_string()),
            limit
        ],
    )
}

/// A member's statement slip: what the household paid, its savings with the group and the
/// bank's outstanding balance of each loan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Statement {
    pub household_id: HouseholdId,
    pub head_name: Option<String>,
    pub entries: Vec<MoneyEntry>,
    pub savings_balance: Money,
    pub loans: Vec<Loan>,
    /// The member's interest account for the month of `today`: what the next collection asks,
    /// with interest unpaid from earlier months and the credit of a relief.
    pub account: Carried,
}

pub fn statement(
    conn: &Connection,
    household: HouseholdId,
    today: NaiveDate,
) -> StoreResult<Statement> {
    let loans = loans_of_household(conn, household)?;
    let h: vonxa_domain::reference::Household = crate::records::load(conn, household.as_uuid())?;
    let account = member_account(
        &loans,
        &programme_table(conn)?,
        &place_of(conn, h.point_id)?,
        &interest_collected(conn, household)?,
        today,
    )?;
    Ok(Statement {
        household_id: household,
        head_name: head_name(conn, household)?,
        entries: docs(
            conn,
            "SELECT doc FROM money_entries WHERE household_id = ?1 ORDER BY recorded_on, rowid",
            [household.to_string()],
        )?,
        savings_balance: balance(conn, Balance::Member(household))?,
        loans,
        account,
    })
}

/// A difference found at a handover or a close.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Discrepancy {
    Handover(Handover),
    Close(SessionClose),
}

impl Discrepancy {
    pub fn case_id(&self) -> uuid::Uuid {
        match self {
            Discrepancy::Handover(h) => h.id.as_uuid(),
            Discrepancy::Close(c) => c.id.as_uuid(),
        }
    }
}

/// A discrepancy case and how it was resolved (`None`: still open).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiscrepancyCase {
    pub case: Discrepancy,
    pub resolution: Option<DiscrepancyResolution>,
}

/// Every handover and close whose cash differed from the system's figure, newest first,
/// each with its resolution if it has one.
pub fn discrepancies(conn: &Connection) -> StoreResult<Vec<DiscrepancyCase>> {
    let handovers: Vec<Handover> = docs(
        conn,
        "SELECT doc FROM handovers WHERE json_extract(doc, '$.counted') <> json_extract(doc, '$.expected')
         ORDER BY rowid DESC",
        [],
    )?;
    let closes: Vec<SessionClose> = docs(
        conn,
        "SELECT doc FROM session_closes
         WHERE json_extract(doc, '$.countedTotal') <> json_extract(doc, '$.systemTotal')
         ORDER BY rowid DESC",
        [],
    )?;
    handovers
        .into_iter()
        .map(Discrepancy::Handover)
        .chain(closes.into_iter().map(Discrepancy::Close))
        .map(|case| {
            Ok(DiscrepancyCase {
                resolution: resolution_of(conn, case.case_id())?,
                case,
            })
        })
        .collect()
}
