//! Money: the 13/TD collection sheet, receipts (01/BL), member statements, transaction
//! sessions with their handovers and close, savings books at the point, reversals and
//! discrepancy cases. Money in whole đồng; periods are the month's first day `YYYY-MM-01`
//! (a request may send `YYYY-MM`).

use super::{CaseKind, LoanInfo, PaymentKind, ProductKind, ResolutionOutcome, Sex};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SheetRowInfo {
    pub household_id: String,
    pub head_name: Option<String>,
    /// The bank's outstanding principal of the household's open loans.
    pub outstanding: i64,
    /// Each loan on its own line: outstanding principal and this month's interest.
    pub loans: Vec<SheetLoanInfo>,
    /// Interest due for this month.
    pub interest_due: i64,
    /// Interest due for earlier months and not paid, carried forward.
    pub unpaid_before: i64,
    /// Paid for earlier months beyond what is now due (a relief decided afterwards).
    pub credit: i64,
    /// What to collect: due + unpaid − credit.
    pub to_collect: i64,
    /// Savings with the group before this month's collections, and after.
    pub savings_opening: i64,
    pub savings_closing: i64,
    pub interest: i64,
    pub savings: i64,
    pub principal_from_savings: i64,
    /// Receipt numbers of the household's payments for the month (reversals included).
    pub receipts: Vec<String>,
}

/// One loan's line under its member on the 13/TD.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SheetLoanInfo {
    pub loan_id: String,
    pub contract_no: String,
    pub programme: String,
    pub outstanding: i64,
    pub interest_due: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoverInfo {
    pub id: String,
    pub session_id: String,
    pub group_id: String,
    pub period: String,
    pub expected: i64,
    pub counted: i64,
    /// Counted − expected; not 0: a discrepancy case.
    pub difference: i64,
    pub explanation: Option<String>,
}

/// The 13/TD of a group for a month, with its totals.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CollectionSheetInfo {
    pub group_id: String,
    pub group_name: String,
    pub period: String,
    pub rows: Vec<SheetRowInfo>,
    pub interest_due: i64,
    pub interest: i64,
    pub savings: i64,
    pub principal_from_savings: i64,
    /// Interest + savings: what the leader hands over.
    pub cash: i64,
    pub handover: Option<HandoverInfo>,
    /// Handed over at a session that is closed: read-only.
    pub closed: bool,
}

/// A 13/TD as typed: a group's payments for a month, saved all together or not at all.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CollectionInput {
    pub group_id: String,
    pub period: String,
    pub rows: Vec<CollectionRowInput>,
}

/// One row's payment typed into the 13/TD.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CollectionRowInput {
    pub household_id: String,
    pub interest: i64,
    pub savings: i64,
    pub principal_from_savings: i64,
}

/// The answer to a 13/TD: its receipts in row order, or (nothing saved) what is wrong with
/// each refused row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CollectionSaved {
    pub receipts: Vec<ReceiptInfo>,
    pub row_errors: Vec<RowError>,
}

/// Why one row of a form was refused: its index in the request, the field and the message
/// in the user's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RowError {
    pub row: u32,
    pub field: String,
    pub code: String,
    pub message: String,
}

/// A payment with its receipt (01/BL) number.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptInfo {
    pub id: String,
    pub receipt_no: String,
    pub on: String,
    pub collector: String,
    pub kind: PaymentKind,
    pub point_id: String,
    pub session_id: Option<String>,
    pub group_id: Option<String>,
    pub household_id: Option<String>,
    pub head_name: Option<String>,
    pub period: Option<String>,
    pub account_id: Option<String>,
    pub interest: i64,
    pub savings: i64,
    pub principal_from_savings: i64,
    /// Deposit or withdrawal amount.
    pub amount: i64,
    /// Cash into the till (negative: paid out).
    pub cash_in: i64,
    /// The entry this one reverses, with the reason.
    pub reverses: Option<String>,
    pub reason: Option<String>,
    /// A later entry reverses this one.
    pub reversed: bool,
    /// The cash of the receipt in Vietnamese words, as the 01/BL writes it under the figure.
    pub amount_in_words: String,
    /// The loan of a repayment or a payout.
    pub loan_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptQuery {
    pub household_id: Option<String>,
    pub session_id: Option<String>,
    pub limit: Option<u32>,
}

/// A member's statement slip: what was paid, savings with the group, loan balances.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementInfo {
    pub household_id: String,
    pub head_name: Option<String>,
    pub entries: Vec<ReceiptInfo>,
    pub savings_balance: i64,
    pub loans: Vec<LoanInfo>,
    /// This month's interest, unpaid from earlier months, the credit of a relief decided after
    /// a month was collected, and what the next collection asks.
    pub interest_this_month: i64,
    pub unpaid_before: i64,
    pub credit: i64,
    pub to_collect: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CashSessionInput {
    pub point_id: String,
    pub leader: String,
    pub controller: String,
    pub teller: String,
    pub opening_cash: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DenominationInput {
    /// A banknote or coin in đồng (500000, 200000, … 100).
    pub value: i64,
    pub count: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloseInfo {
    pub id: String,
    pub counted: Vec<DenominationInput>,
    pub counted_total: i64,
    pub system_total: i64,
    pub difference: i64,
    pub explanation: Option<String>,
}

/// A transaction session and everything taken at it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CashSessionInfo {
    pub id: String,
    pub point_id: String,
    pub held_on: String,
    pub leader: String,
    pub controller: String,
    pub teller: String,
    pub opening_cash: i64,
    pub handovers: Vec<HandoverInfo>,
    pub entries: Vec<ReceiptInfo>,
    /// The point's open loans, for principal repaid and disbursements paid out here.
    pub loans: Vec<SessionLoanInfo>,
    /// What the till should hold now.
    pub system_total: i64,
    pub close: Option<CloseInfo>,
}

/// A loan of the point as the session's cash desk sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SessionLoanInfo {
    pub id: String,
    pub contract_no: String,
    pub household_id: String,
    pub head_name: Option<String>,
    pub principal: i64,
    pub outstanding: i64,
    pub disbursed_on: String,
    /// Paid out at a session already (a payout that stands).
    pub paid_out: bool,
}

/// Principal repaid (`payout` false) or a disbursement paid out at a session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LoanCashInput {
    pub session_id: String,
    pub loan_id: String,
    pub amount: i64,
    pub payout: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HandoverInput {
    pub session_id: String,
    pub group_id: String,
    pub period: String,
    pub counted: i64,
    pub explanation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavingsAccountInput {
    pub point_id: String,
    pub book_no: String,
    pub holder_name: String,
    pub id_number: String,
    pub holder_birth: String,
    pub holder_sex: Sex,
    pub household_id: Option<String>,
    /// Term: 1, 2, 3, 6, 9 or 12 months; flexible: 6–60 months.
    pub product: ProductKind,
    pub months: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavingsAccountInfo {
    pub id: String,
    pub book_no: String,
    pub holder_name: String,
    pub product: ProductKind,
    pub months: u32,
    pub opened_on: String,
    pub balance: i64,
}

/// A deposit into, or a withdrawal from, a savings book at an open session.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PointPaymentInput {
    pub session_id: String,
    pub account_id: String,
    pub amount: i64,
    pub withdrawal: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CloseSessionInput {
    pub session_id: String,
    pub counted: Vec<DenominationInput>,
    pub explanation: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReverseInput {
    pub entry_id: String,
    pub reason: String,
}

/// A difference at a handover or a close.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyInfo {
    pub kind: CaseKind,
    pub id: String,
    pub session_id: String,
    pub group_id: Option<String>,
    pub period: Option<String>,
    pub amount: i64,
    pub explanation: Option<String>,
    /// How the case was dealt with; `None`: still open.
    pub resolution: Option<DiscrepancyResolutionInfo>,
}

/// The resolution of a discrepancy case (append-only, one per case).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiscrepancyResolutionInfo {
    pub id: String,
    pub outcome: ResolutionOutcome,
    /// Made good: the amount settled.
    pub amount: Option<i64>,
    /// Made good: the session at which the cash was paid in or out.
    pub settled_in_session: Option<String>,
    pub note: String,
    pub resolved_on: String,
    pub resolved_by: String,
}

/// Resolve a discrepancy case: a handover or a close whose counted cash differed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResolveDiscrepancyRequest {
    /// The `kind` of the case.
    pub case_kind: CaseKind,
    /// The case's `id`.
    pub case_id: String,
    /// `made_good` needs `amount` > 0, at most the difference, and `settledInSession`.
    pub outcome: ResolutionOutcome,
    pub amount: Option<i64>,
    pub settled_in_session: Option<String>,
    /// Required, at most 1,000 characters.
    pub note: String,
    /// `YYYY-MM-DD`, not in the future; today when absent.
    pub resolved_on: Option<String>,
    /// The name of who resolved it.
    pub resolved_by: String,
}
