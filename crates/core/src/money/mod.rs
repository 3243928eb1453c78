//! Money use cases: the 13/TD, receipts and statements, sessions at the point with their
//! handovers, savings books, deposits and withdrawals, the close, reversals, discrepancies.

mod export;
mod info;
mod resolution;

use crate::contract::*;
use crate::error::{CoreError, CoreResult, IpcError};
use crate::{App, Session, map};
use chrono::{Datelike, NaiveDate};
pub(crate) use info::collection_sheet;
use info::{account_info, cash_session, cash_sessions, handover, receipt, savings_accounts};
use resolution::discrepancy;
use uuid::Uuid;
use vonxa_domain::cash::{
    CashSession, DenominationCount, MoneyEntry, Payment, Product, SavingsAccount,
};
use vonxa_domain::entity::Op;
use vonxa_domain::reference::Group;
use vonxa_domain::*;
use vonxa_store::money::sheet;
use vonxa_store::records::load;

/// A month sent as `YYYY-MM` or any day of it: its first day.
pub(crate) fn period(value: &str) -> CoreResult<NaiveDate> {
    let v = value.trim();
    let d = if v.len() == 7 {
        map::date(&format!("{v}-01"), "period")?
    } else {
        map::date(v, "period")?
    };
    Ok(d.with_day(1).unwrap_or(d))
}

/// A refused row of a form in the user's words; an error that is not about the row's input
/// (forbidden, internal) stops the whole form instead.
fn row_error(row: usize, e: CoreError, lang: Lang) -> CoreResult<RowError> {
    match e.to_ipc(lang) {
        IpcError::Validation {
            field,
            code,
            message,
            ..
        } => Ok(RowError {
            row: row as u32,
            field,
            code,
            message,
        }),
        _ => Err(e),
    }
}

impl Session {
    fn record_collection(&mut self, r: CollectionInput) -> CoreResult<CollectionSaved> {
        let group: GroupId = map::id(&r.group_id, "groupId")?;
        let g: Group = load(self.store.connection(), group.as_uuid())
            .map_err(|_| DomainError::invalid("groupId", Code::NotFound))?;
        let period = period(&r.period)?;
        let lang = self.user.lang.into();
        let mut payments = Vec::with_capacity(r.rows.len());
        let mut row_errors = Vec::new();
        for (i, row) in r.rows.iter().enumerate() {
            match map::id(&row.household_id, "householdId") {
                Ok(household_id) => payments.push(Payment::Collection {
                    group_id: group,
                    household_id,
                    period,
                    interest: Money::dong(row.interest),
                    savings: Money::dong(row.savings),
                    principal_from_savings: Money::dong(row.principal_from_savings),
                }),
                Err(e) => row_errors.push(row_error(i, e, lang)?),
            }
        }
        if !row_errors.is_empty() {
            return Ok(CollectionSaved {
                receipts: Vec::new(),
                row_errors,
            });
        }
        match self
            .store
            .record_payments(&self.user, g.point_id, None, payments)?
        {
            Ok(entries) => Ok(CollectionSaved {
                receipts: entries
                    .iter()
                    .map(|e| receipt(&self.store, e))
                    .collect::<CoreResult<_>>()?,
                row_errors: Vec::new(),
            }),
            Err(refused) => Ok(CollectionSaved {
                receipts: Vec::new(),
                row_errors: refused
                    .into_iter()
                    .map(|(i, e)| row_error(i, e.into(), lang))
                    .collect::<CoreResult<_>>()?,
            }),
        }
    }

    fn open_cash_session(&mut self, r: CashSessionInput) -> CoreResult<CashSessionInfo> {
        let users = self.store.users()?;
        let s = CashSession {
            id: CashSessionId(Uuid::now_v7()),
            point_id: map::id(&r.point_id, "pointId")?,
            held_on: self.store.today(),
            leader: r.leader,
            controller_id: account_of(&users, &r.controller),
            teller_id: account_of(&users, &r.teller),
            controller: r.controller,
            teller: r.teller,
            opening_cash: Money::dong(r.opening_cash),
            link: None,
        };
        let s = self.store.open_session(&self.user, s)?;
        cash_session(&self.store, s.id)
    }

    fn open_account(&mut self, r: SavingsAccountInput) -> CoreResult<SavingsAccountInfo> {
        let product = match r.product {
            ProductKind::Demand => Product::Demand,
            ProductKind::Term => Product::Term(r.months),
            ProductKind::Flexible => Product::Flexible(r.months),
        };
        let a = SavingsAccount {
            id: SavingsAccountId(Uuid::now_v7()),
            point_id: map::id(&r.point_id, "pointId")?,
            book_no: r.book_no,
            holder_name: r.holder_name,
            id_number: r.id_number.chars().filter(|c| !c.is_whitespace()).collect(),
            holder_birth: map::date(&r.holder_birth, "holderBirth")?,
            holder_sex: r.holder_sex.into(),
            household_id: r
                .household_id
                .as_deref()
                .map(|h| map::id(h, "householdId"))
                .transpose()?,
            product,
            opened_on: self.store.today(),
            link: None,
        };
        let id = a.id;
        self.store.record(&self.user, Op::Insert, a)?;
        account_info(&self.store, &load(self.store.connection(), id.as_uuid())?)
    }

    fn point_payment(&mut self, r: PointPaymentInput) -> CoreResult<ReceiptInfo> {
        let session: CashSessionId = map::id(&r.session_id, "sessionId")?;
        let s: CashSession = load(self.store.connection(), session.as_uuid())?;
        let account_id = map::id(&r.account_id, "accountId")?;
        let amount = Money::dong(r.amount);
        let payment = if r.withdrawal {
            Payment::Withdrawal { account_id, amount }
        } else {
            Payment::Deposit { account_id, amount }
        };
        let e = self
            .store
            .record_payment(&self.user, s.point_id, Some(session), payment)?;
        receipt(&self.store, &e)
    }

    fn loan_cash(&mut self, r: LoanCashInput) -> CoreResult<ReceiptInfo> {
        let session: CashSessionId = map::id(&r.session_id, "sessionId")?;
        let s: CashSession = load(self.store.connection(), session.as_uuid())?;
        let loan_id: vonxa_domain::LoanId = map::id(&r.loan_id, "loanId")?;
        let loan: vonxa_domain::credit::loan::Loan =
            load(self.store.connection(), loan_id.as_uuid())?;
        let amount = Money::dong(r.amount);
        let household_id = loan.household_id;
        let payment = if r.payout {
            Payment::Payout {
                loan_id,
                household_id,
                amount,
            }
        } else {
            Payment::Repayment {
                loan_id,
                household_id,
                amount,
            }
        };
        let e = self
            .store
            .record_payment(&self.user, s.point_id, Some(session), payment)?;
        receipt(&self.store, &e)
    }
}

/// The one active account whose name is `name` (diacritics, case and spacing aside); none
/// when no account or more than one has it.
fn account_of(users: &[vonxa_domain::user::User], name: &str) -> Option<vonxa_domain::UserId> {
    let folded = vonxa_domain::text::fold(name);
    let mut matching = users
        .iter()
        .filter(|u| u.active && vonxa_domain::text::fold(&u.display_name) == folded);
    match (matching.next(), matching.next()) {
        (Some(u), None) => Some(u.id),
        _ => None,
    }
}

impl App {
    pub fn collection_sheet(
        &self,
        group_id: String,
        month: String,
    ) -> Result<CollectionSheetInfo, IpcError> {
        self.with(|s| collection_sheet(&s.store, map::id(&group_id, "groupId")?, period(&month)?))
    }

    pub fn record_collection(&self, r: CollectionInput) -> Result<CollectionSaved, IpcError> {
        self.with(|s| s.record_collection(r))
    }

    pub fn list_receipts(&self, q: ReceiptQuery) -> Result<Vec<ReceiptInfo>, IpcError> {
        self.with(|s| {
            let h = q
                .household_id
                .as_deref()
                .map(|h| map::id(h, "householdId"))
                .transpose()?;
            let ss = q
                .session_id
                .as_deref()
                .map(|x| map::id(x, "sessionId"))
                .transpose()?;
            sheet::receipts(s.store.connection(), h, ss, q.limit.unwrap_or(200))?
                .iter()
                .map(|e| receipt(&s.store, e))
                .collect()
        })
    }

    pub fn receipt(&self, id: String) -> Result<ReceiptInfo, IpcError> {
        self.with(|s| {
            let e: MoneyEntry = load(s.store.connection(), map::id::<Uuid>(&id, "id")?)?;
            receipt(&s.store, &e)
        })
    }

    pub fn member_statement(&self, household_id: String) -> Result<StatementInfo, IpcError> {
        self.with(|s| {
            let st = sheet::statement(
                s.store.connection(),
                map::id(&household_id, "householdId")?,
                s.store.today(),
            )?;
            Ok(StatementInfo {
                household_id: st.household_id.to_string(),
                head_name: st.head_name.clone(),
                entries: st
                    .entries
                    .iter()
                    .map(|e| receipt(&s.store, e))
                    .collect::<CoreResult<_>>()?,
                savings_balance: st.savings_balance.as_dong(),
                loans: {
                    let rates = map::RatesToday::of(&s.store)?;
                    st.loans.iter().map(|l| rates.loan(l)).collect()
                },
                interest_this_month: st.account.due_now.as_dong(),
                unpaid_before: st.account.unpaid_before.as_dong(),
                credit: st.account.credit.as_dong(),
                to_collect: st.account.to_collect.as_dong(),
            })
        })
    }

    pub fn open_cash_session(&self, r: CashSessionInput) -> Result<CashSessionInfo, IpcError> {
        self.with(|s| s.open_cash_session(r))
    }

    /// The sessions held on this device, newest first.
    pub fn list_cash_sessions(&self) -> Result<Vec<CashSessionInfo>, IpcError> {
        self.with(|s| cash_sessions(&s.store))
    }

    /// The savings books opened at the point, with their balances.
    pub fn list_savings_accounts(&self) -> Result<Vec<SavingsAccountInfo>, IpcError> {
        self.with(|s| savings_accounts(&s.store))
    }

    pub fn cash_session(&self, id: String) -> Result<CashSessionInfo, IpcError> {
        self.with(|s| cash_session(&s.store, map::id(&id, "id")?))
    }

    pub fn hand_over(&self, r: HandoverInput) -> Result<HandoverInfo, IpcError> {
        self.with(|s| {
            let h = s.store.hand_over(
                &s.user,
                map::id(&r.session_id, "sessionId")?,
                map::id(&r.group_id, "groupId")?,
                period(&r.period)?,
                Money::dong(r.counted),
                map::opt_text(r.explanation),
            )?;
            handover(&h)
        })
    }

    pub fn open_savings_account(
        &self,
        r: SavingsAccountInput,
    ) -> Result<SavingsAccountInfo, IpcError> {
        self.with(|s| s.open_account(r))
    }

    pub fn point_payment(&self, r: PointPaymentInput) -> Result<ReceiptInfo, IpcError> {
        self.with(|s| s.point_payment(r))
    }

    /// Principal repaid or a disbursement paid out at a session, with its receipt.
    pub fn loan_cash(&self, r: LoanCashInput) -> Result<ReceiptInfo, IpcError> {
        self.with(|s| s.loan_cash(r))
    }

    pub fn close_cash_session(&self, r: CloseSessionInput) -> Result<CashSessionInfo, IpcError> {
        self.with(|s| {
            let id: CashSessionId = map::id(&r.session_id, "sessionId")?;
            let counted = r
                .counted
                .iter()
                .filter(|d| d.count > 0)
                .map(|d| DenominationCount {
                    value: d.value,
                    count: d.count,
                })
                .collect();
            s.store
                .close_session(&s.user, id, counted, map::opt_text(r.explanation))?;
            cash_session(&s.store, id)
        })
    }

    pub fn reverse_entry(&self, r: ReverseInput) -> Result<ReceiptInfo, IpcError> {
        self.with(|s| {
            let e = s
                .store
                .reverse(&s.user, map::id(&r.entry_id, "entryId")?, r.reason)?;
            receipt(&s.store, &e)
        })
    }

    pub fn list_discrepancies(&self) -> Result<Vec<DiscrepancyInfo>, IpcError> {
        self.with(|s| {
            sheet::discrepancies(s.store.connection())?
                .iter()
                .map(discrepancy)
                .collect()
        })
    }

    /// Resolve a discrepancy case; every field is checked (errors name it) before anything
    /// is written. Returns the case with its resolution.
    pub fn resolve_discrepancy(
        &self,
        r: ResolveDiscrepancyRequest,
    ) -> Result<DiscrepancyInfo, IpcError> {
        self.with(|s| s.resolve_discrepancy(r))
    }
}
