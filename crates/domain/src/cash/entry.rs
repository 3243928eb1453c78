//! One payment in the money journal, with its 01/BL receipt number: a member's payment to the
//! group (interest, savings, principal from savings), a deposit or a withdrawal at the point,
//! principal repaid or a disbursement paid out at the point, or the reversal of one of these
//! (the same payment with every amount negated).

use super::Minimums;
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::{
    CashSessionId, GroupId, HouseholdId, LoanId, MoneyEntryId, PointId, SavingsAccountId,
};
use crate::journal::ChainLink;
use crate::money::Money;
use crate::reference::{not_future, required_text};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    rename_all = "snake_case",
    tag = "kind",
    rename_all_fields = "camelCase"
)]
pub enum Payment {
    /// A member household's payment for a month of the group's 13/TD.
    Collection {
        group_id: GroupId,
        household_id: HouseholdId,
        /// The first day of the month collected for.
        period: NaiveDate,
        interest: Money,
        savings: Money,
        principal_from_savings: Money,
    },
    /// A deposit into a savings book at the point.
    Deposit {
        account_id: SavingsAccountId,
        amount: Money,
    },
    /// A withdrawal from a savings book at the point.
    Withdrawal {
        account_id: SavingsAccountId,
        amount: Money,
    },
    /// Principal repaid in cash at the session (thu nợ gốc) on one of the household's loans.
    Repayment {
        loan_id: LoanId,
        household_id: HouseholdId,
        amount: Money,
    },
    /// A loan the bank disbursed, paid out in cash at the session (giải ngân).
    Payout {
        loan_id: LoanId,
        household_id: HouseholdId,
        amount: Money,
    },
}

/// What a savings balance a payment moves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Balance {
    /// A member household's savings with the group.
    Member(HouseholdId),
    /// A savings book at the point.
    Account(SavingsAccountId),
    /// A loan's cash at the point: paid out less repaid (not a savings balance: it may go
    /// below zero for a loan paid out before the device recorded anything).
    Loan(LoanId),
}

impl Payment {
    fn amounts(&self) -> Vec<Money> {
        match self {
            Payment::Collection {
                interest,
                savings,
                principal_from_savings,
                ..
            } => vec![*interest, *savings, *principal_from_savings],
            Payment::Deposit { amount, .. }
            | Payment::Withdrawal { amount, .. }
            | Payment::Repayment { amount, .. }
            | Payment::Payout { amount, .. } => vec![*amount],
        }
    }

    /// Is it paid at a session of the point (every kind but a group's collection)?
    pub fn at_session(&self) -> bool {
        !matches!(self, Payment::Collection { .. })
    }

    /// The same payment with every amount negated (what its reversal records).
    pub fn negated(&self) -> DomainResult<Payment> {
        let neg = |m: Money| {
            m.checked_neg()
                .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))
        };
        Ok(match self.clone() {
            Payment::Collection {
                group_id,
                household_id,
                period,
                interest,
                savings,
                principal_from_savings,
            } => Payment::Collection {
                group_id,
                household_id,
                period,
                interest: neg(interest)?,
                savings: neg(savings)?,
                principal_from_savings: neg(principal_from_savings)?,
            },
            Payment::Deposit { account_id, amount } => Payment::Deposit {
                account_id,
                amount: neg(amount)?,
            },
            Payment::Withdrawal { account_id, amount } => Payment::Withdrawal {
                account_id,
                amount: neg(amount)?,
            },
            Payment::Repayment {
                loan_id,
                household_id,
                amount,
            } => Payment::Repayment {
                loan_id,
                household_id,
                amount: neg(amount)?,
            },
            Payment::Payout {
                loan_id,
                household_id,
                amount,
            } => Payment::Payout {
                loan_id,
                household_id,
                amount: neg(amount)?,
            },
        })
    }

    /// Cash the payment brings into the till (negative: paid out).
    pub fn cash_in(&self) -> Money {
        match self {
            Payment::Collection {
                interest, savings, ..
            } => Money::dong(interest.as_dong().saturating_add(savings.as_dong())),
            Payment::Deposit { amount, .. } | Payment::Repayment { amount, .. } => *amount,
            Payment::Withdrawal { amount, .. } | Payment::Payout { amount, .. } => {
                Money::dong(-amount.as_dong())
            }
        }
    }

    /// The savings balance it moves, and by how much.
    pub fn balance_delta(&self) -> (Balance, Money) {
        match self {
            Payment::Collection {
                household_id,
                savings,
                principal_from_savings,
                ..
            } => (
                Balance::Member(*household_id),
                Money::dong(
                    savings
                        .as_dong()
                        .saturating_sub(principal_from_savings.as_dong()),
                ),
            ),
            Payment::Deposit { account_id, amount } => (Balance::Account(*account_id), *amount),
            Payment::Withdrawal { account_id, amount } => (
                Balance::Account(*account_id),
                Money::dong(-amount.as_dong()),
            ),
            Payment::Payout {
                loan_id, amount, ..
            } => (Balance::Loan(*loan_id), *amount),
            Payment::Repayment {
                loan_id, amount, ..
            } => (Balance::Loan(*loan_id), Money::dong(-amount.as_dong())),
        }
    }
}

/// The original entry a reversal cancels, and why.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Reversal {
    pub entry_id: MoneyEntryId,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MoneyEntry {
    pub id: MoneyEntryId,
    /// The 01/BL number from the recording device's series (`journal::receipt_number`).
    pub receipt_no: String,
    pub point_id: PointId,
    /// The transaction session it was taken at (deposits and withdrawals always; a group's
    /// collection is taken by the leader before the session and has none).
    pub session_id: Option<CashSessionId>,
    pub on: NaiveDate,
    /// Who took the cash and signs the receipt.
    pub collector: String,
    pub payment: Payment,
    pub reverses: Option<Reversal>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<ChainLink>,
}

impl MoneyEntry {
    /// Amounts, minimums, the reason of a reversal; what the entry knows by itself.
    pub fn validate(mut self, today: NaiveDate, min: &Minimums) -> DomainResult<Self> {
        self.receipt_no = required_text("receiptNo", &self.receipt_no, 40)?;
        self.collector = required_text("collector", &self.collector, 120)?;
        not_future("on", self.on, today)?;
        if let Payment::Collection { period, .. } = &self.payment
            && period.day() != 1
        {
            return Err(DomainError::invalid("period", Code::InvalidValue));
        }
        if self.payment.at_session() && self.session_id.is_none() {
            return Err(DomainError::invalid("sessionId", Code::Required));
        }
        let amounts = self.payment.amounts();
        match &mut self.reverses {
            Some(r) => {
                r.reason = required_text("reason", &r.reason, 500)?;
                if r.entry_id == self.id {
                    return Err(DomainError::invalid("reverses", Code::InvalidValue));
                }
                if amounts.iter().any(|a| *a > Money::ZERO)
                    || amounts.iter().all(|a| *a == Money::ZERO)
                {
                    return Err(DomainError::invalid("amount", Code::InvalidValue));
                }
            }
            None => {
                if amounts.iter().any(|a| a.is_negative()) {
                    return Err(DomainError::invalid("amount", Code::Negative));
                }
                if amounts.iter().all(|a| *a == Money::ZERO) {
                    return Err(DomainError::invalid("amount", Code::Required));
                }
                match &self.payment {
                    Payment::Collection { savings, .. } => {
                        if *savings != Money::ZERO && *savings < min.member_savings {
                            return Err(DomainError::invalid("savings", Code::BelowMinimum));
                        }
                    }
                    Payment::Deposit { amount, .. } => {
                        if *amount < min.point_deposit {
                            return Err(DomainError::invalid("amount", Code::BelowMinimum));
                        }
                    }
                    Payment::Withdrawal { .. }
                    | Payment::Repayment { .. }
                    | Payment::Payout { .. } => {}
                }
            }
        }
        Ok(self)
    }

    /// Does this entry cancel `original` exactly (same payment, amounts negated)?
    pub fn reverses_exactly(&self, original: &MoneyEntry) -> bool {
        self.reverses
            .as_ref()
            .is_some_and(|r| r.entry_id == original.id)
            && original.reverses.is_none()
            && original.point_id == self.point_id
            && original.payment.negated().ok().as_ref() == Some(&self.payment)
    }
}

/// A savings balance after a payment moves it: never below zero (a withdrawal never exceeds
/// the balance; principal is paid from savings the member has).
pub fn balance_after(before: Money, delta: Money) -> DomainResult<Money> {
    let after = before
        .checked_add(delta)
        .ok_or_else(|| DomainError::invalid("amount", Code::Overflow))?;
    if after.is_negative() && delta.is_negative() {
        return Err(DomainError::invalid("amount", Code::OverBalance));
    }
    Ok(after)
}
