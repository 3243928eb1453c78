//! What the money screens show, built from the store's records.

use crate::contract::*;
use crate::error::CoreResult;
use crate::map;
use chrono::NaiveDate;
use vonxa_domain::cash::{
    CashSession, Handover, MoneyEntry, Payment, Product, SavingsAccount, SessionClose,
};
use vonxa_domain::reference::Group;
use vonxa_domain::*;
use vonxa_store::Store;
use vonxa_store::money::{balance, session_total, sheet};
use vonxa_store::queries::{docs, head_name};
use vonxa_store::records::load;

pub(crate) fn receipt(store: &Store, e: &MoneyEntry) -> CoreResult<ReceiptInfo> {
    let conn = store.connection();
    let reversed: i64 = conn.query_row(
        "SELECT count(*) FROM money_entries WHERE reverses = ?1",
        [e.id.to_string()],
        |r| r.get(0),
    )?;
    let mut out = ReceiptInfo {
        id: e.id.to_string(),
        receipt_no: e.receipt_no.clone(),
        on: map::iso(e.on),
        collector: e.collector.clone(),
        kind: PaymentKind::Collection,
        point_id: e.point_id.to_string(),
        session_id: e.session_id.map(|s| s.to_string()),
        group_id: None,
        household_id: None,
        head_name: None,
        period: None,
        account_id: None,
        interest: 0,
        savings: 0,
        principal_from_savings: 0,
        amount: 0,
        cash_in: e.payment.cash_in().as_dong(),
        reverses: e.reverses.as_ref().map(|r| r.entry_id.to_string()),
        reason: e.reverses.as_ref().map(|r| r.reason.clone()),
        reversed: reversed > 0,
        amount_in_words: vonxa_domain::words::amount_in_words(Money::dong(
            e.payment.cash_in().as_dong().saturating_abs(),
        )),
        loan_id: None,
    };
    match &e.payment {
        Payment::Collection {
            group_id,
            household_id,
            period,
            interest,
            savings,
            principal_from_savings,
        } => {
            out.group_id = Some(group_id.to_string());
            out.household_id = Some(household_id.to_string());
            out.head_name = head_name(conn, *household_id)?;
            out.period = Some(map::iso(*period));
            out.interest = interest.as_dong();
            out.savings = savings.as_dong();
            out.principal_from_savings = principal_from_savings.as_dong();
        }
        Payment::Deposit { account_id, amount } | Payment::Withdrawal { account_id, amount } => {
            out.kind = if matches!(e.payment, Payment::Deposit { .. }) {
                PaymentKind::Deposit
            } else {
                PaymentKind::Withdrawal
            };
            out.account_id = Some(account_id.to_string());
            out.amount = amount.as_dong();
        }
        Payment::Repayment {
            loan_id,
            household_id,
            amount,
        }
        | Payment::Payout {
            loan_id,
            household_id,
            amount,
        } => {
            out.kind = if matches!(e.payment, Payment::Payout { .. }) {
                PaymentKind::Payout
            } else {
                PaymentKind::Repayment
            };
            out.loan_id = Some(loan_id.to_string());
            out.household_id = Some(household_id.to_string());
            out.head_name = head_name(conn, *household_id)?;
            out.amount = amount.as_dong();
        }
    }
    Ok(out)
}

pub(crate) fn handover(h: &Handover) -> CoreResult<HandoverInfo> {
    Ok(HandoverInfo {
        id: h.id.to_string(),
        session_id: h.session_id.to_string(),
        group_id: h.group_id.to_string(),
        period: map::iso(h.period),
        expected: h.expected.as_dong(),
        counted: h.counted.as_dong(),
        difference: h.difference()?.as_dong(),
        explanation: h.explanation.clone(),
    })
}

pub(crate) fn collection_sheet(
    store: &Store,
    group: GroupId,
    month: NaiveDate,
) -> CoreResult<CollectionSheetInfo> {
    let g: Group = load(store.connection(), group.as_uuid())?;
    let sh = sheet::collection_sheet(store.connection(), group, month, store.today())?;
    Ok(CollectionSheetInfo {
        group_id: g.id.to_string(),
        group_name: g.name,
        period: map::iso(sh.period),
        rows: sh
            .rows
            .iter()
            .map(|r| SheetRowInfo {
                household_id: r.household_id.to_string(),
                head_name: r.head_name.clone(),
                outstanding: r.outstanding.as_dong(),
                loans: r
                    .loans
                    .iter()
                    .map(|l| SheetLoanInfo {
                        loan_id: l.loan_id.to_string(),
                        contract_no: l.contract_no.clone(),
                        programme: l.programme.clone(),
                        outstanding: l.outstanding.as_dong(),
                        interest_due: l.interest_due.as_dong(),
                    })
                    .collect(),
                interest_due: r.interest_due.as_dong(),
                unpaid_before: r.account.unpaid_before.as_dong(),
                credit: r.account.credit.as_dong(),
                to_collect: r.account.to_collect.as_dong(),
                savings_opening: r.savings_opening.as_dong(),
                savings_closing: r.savings_closing.as_dong(),
                interest: r.paid.interest.as_dong(),
                savings: r.paid.savings.as_dong(),
                principal_from_savings: r.paid.principal_from_savings.as_dong(),
                receipts: r.receipts.clone(),
            })
            .collect(),
        interest_due: sh.interest_due.as_dong(),
        interest: sh.paid.interest.as_dong(),
        savings: sh.paid.savings.as_dong(),
        principal_from_savings: sh.paid.principal_from_savings.as_dong(),
        cash: sh.cash.as_dong(),
        handover: sh.handover.as_ref().map(handover).transpose()?,
        closed: sh.closed,
    })
}

pub(crate) fn cash_session(store: &Store, id: CashSessionId) -> CoreResult<CashSessionInfo> {
    let conn = store.connection();
    let s: CashSession = load(conn, id.as_uuid())?;
    let handovers: Vec<Handover> = docs(
        conn,
        "SELECT doc FROM handovers WHERE session_id = ?1 ORDER BY rowid",
        [id.to_string()],
    )?;
    let entries = sheet::receipts(conn, None, Some(id), 10_000)?;
    let close: Option<SessionClose> = docs(
        conn,
        "SELECT doc FROM session_closes WHERE session_id = ?1",
        [id.to_string()],
    )?
    .into_iter()
    .next();
    Ok(CashSessionInfo {
        id: s.id.to_string(),
        point_id: s.point_id.to_string(),
        held_on: map::iso(s.held_on),
        leader: s.leader.clone(),
        controller: s.controller.clone(),
        teller: s.teller.clone(),
        opening_cash: s.opening_cash.as_dong(),
        handovers: handovers.iter().map(handover).collect::<CoreResult<_>>()?,
        entries: entries
            .iter()
            .map(|e| receipt(store, e))
            .collect::<CoreResult<_>>()?,
        loans: session_loans(store, s.point_id)?,
        system_total: session_total(conn, &s)?.as_dong(),
        close: close
            .map(|c| {
                Ok::<_, crate::error::CoreError>(CloseInfo {
                    id: c.id.to_string(),
                    counted: c
                        .counted
                        .iter()
                        .map(|d| DenominationInput {
                            value: d.value,
                            count: d.count,
                        })
                        .collect(),
                    counted_total: c.counted_total.as_dong(),
                    system_total: c.system_total.as_dong(),
                    difference: c.difference()?.as_dong(),
                    explanation: c.explanation.clone(),
                })
            })
            .transpose()?,
    })
}

/// The point's open loans, with whether each was paid out at a session.
fn session_loans(store: &Store, point: vonxa_domain::PointId) -> CoreResult<Vec<SessionLoanInfo>> {
    let conn = store.connection();
    let loans: Vec<vonxa_domain::credit::loan::Loan> = docs(
        conn,
        "SELECT doc FROM loans WHERE json_extract(doc, '$.pointId') = ?1
         ORDER BY disbursed_on DESC, id",
        [point.to_string()],
    )?;
    let paid: Vec<MoneyEntry> = docs(
        conn,
        "SELECT doc FROM money_entries WHERE kind = 'payout'",
        [],
    )?;
    let reversed = |id: vonxa_domain::MoneyEntryId| {
        paid.iter()
            .any(|x| x.reverses.as_ref().is_some_and(|r| r.entry_id == id))
    };
    loans
        .into_iter()
        .filter(|l| l.status_on(store.today()).is_open())
        .map(|l| {
            let paid_out = paid.iter().any(|e| {
                e.reverses.is_none()
                    && !reversed(e.id)
                    && matches!(e.payment, Payment::Payout { loan_id, .. } if loan_id == l.id)
            });
            Ok(SessionLoanInfo {
                id: l.id.to_string(),
                contract_no: l.contract_no.clone(),
                household_id: l.household_id.to_string(),
                head_name: head_name(conn, l.household_id)?,
                principal: l.principal.as_dong(),
                outstanding: l.outstanding.as_dong(),
                disbursed_on: map::iso(l.disbursed_on),
                paid_out,
            })
        })
        .collect()
}

pub(crate) fn account_info(store: &Store, a: &SavingsAccount) -> CoreResult<SavingsAccountInfo> {
    let (product, months) = match a.product {
        Product::Demand => (ProductKind::Demand, 0),
        Product::Term(m) => (ProductKind::Term, m),
        Product::Flexible(m) => (ProductKind::Flexible, m),
    };
    Ok(SavingsAccountInfo {
        id: a.id.to_string(),
        book_no: a.book_no.clone(),
        holder_name: a.holder_name.clone(),
        product,
        months,
        opened_on: map::iso(a.opened_on),
        balance: balance(
            store.connection(),
            vonxa_domain::cash::entry::Balance::Account(a.id),
        )?
        .as_dong(),
    })
}

/// Every session on the device, newest first.
pub(crate) fn cash_sessions(store: &Store) -> CoreResult<Vec<CashSessionInfo>> {
    let ids: Vec<CashSession> = docs(
        store.connection(),
        "SELECT doc FROM cash_sessions ORDER BY held_on DESC, id DESC",
        [],
    )?;
    ids.iter().map(|s| cash_session(store, s.id)).collect()
}

/// Every savings book on the device, by book number.
pub(crate) fn savings_accounts(store: &Store) -> CoreResult<Vec<SavingsAccountInfo>> {
    let books: Vec<SavingsAccount> = docs(
        store.connection(),
        "SELECT doc FROM savings_accounts ORDER BY book_no",
        [],
    )?;
    books.iter().map(|a| account_info(store, a)).collect()
}
