//! Savings books at the transaction point (domain brief §5.3): demand savings, term savings
//! (1, 2, 3, 6, 9 or 12 months, one deposit, paid out whole) and flexible savings (6–60
//! months, many deposits, paid out whole). Residents, not only members, open them with an ID
//! card.

use crate::error::{Code, DomainError, DomainResult};
use crate::ident::{Sex, validate_cccd};
use crate::ids::{HouseholdId, PointId, SavingsAccountId};
use crate::journal::ChainLink;
use crate::money::Money;
use crate::reference::{not_future, required_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "months")]
pub enum Product {
    Demand,
    Term(u32),
    Flexible(u32),
}

pub const TERM_MONTHS: [u32; 6] = [1, 2, 3, 6, 9, 12];

impl Product {
    pub fn validate(self) -> DomainResult<Self> {
        let ok = match self {
            Product::Demand => true,
            Product::Term(m) => TERM_MONTHS.contains(&m),
            Product::Flexible(m) => (6..=60).contains(&m),
        };
        if ok {
            Ok(self)
        } else {
            Err(DomainError::invalid("product", Code::InvalidValue))
        }
    }

    /// May a deposit be made into a book of this product that already holds `deposits`?
    pub fn may_deposit(self, deposits: u32) -> DomainResult<()> {
        match self {
            Product::Term(_) if deposits > 0 => {
                Err(DomainError::invalid("product", Code::InvalidValue))
            }
            _ => Ok(()),
        }
    }

    /// May `amount` be withdrawn from `balance`? Never more than the balance; term and
    /// flexible books are paid out whole.
    pub fn may_withdraw(self, balance: Money, amount: Money) -> DomainResult<()> {
        if amount > balance {
            return Err(DomainError::invalid("amount", Code::OverBalance));
        }
        match self {
            Product::Term(_) | Product::Flexible(_) if amount != balance => {
                Err(DomainError::invalid("amount", Code::InvalidValue))
            }
            _ => Ok(()),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SavingsAccount {
    pub id: SavingsAccountId,
    pub point_id: PointId,
    /// The number written in the savings book.
    pub book_no: String,
    pub holder_name: String,
    /// The holder's CCCD (required to open a book).
    pub id_number: String,
    pub holder_birth: NaiveDate,
    pub holder_sex: Sex,
    /// The holder's household, when it is one the point knows.
    pub household_id: Option<HouseholdId>,
    pub product: Product,
    pub opened_on: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<ChainLink>,
}

impl SavingsAccount {
    pub fn validate(mut self, today: NaiveDate) -> DomainResult<Self> {
        self.book_no = required_text("bookNo", &self.book_no, 30)?;
        self.holder_name = required_text("holderName", &self.holder_name, 120)?;
        self.id_number = self.id_number.trim().to_owned();
        validate_cccd(
            "idNumber",
            &self.id_number,
            self.holder_birth,
            self.holder_sex,
        )?;
        self.product = self.product.validate()?;
        not_future("openedOn", self.opened_on, today)?;
        Ok(self)
    }
}

/// A deposit into or a withdrawal from a savings book, against what is stored of the book: the
/// book belongs to the entry's point; a new deposit needs a product that takes one more
/// (`standing_deposits`: deposits not reversed); a withdrawal stays within `balance` as the
/// product allows. The device's store and the province both call this one rule with the
/// facts each holds. A collection is not a book payment: `Ok`.
pub fn book_payment(
    e: &super::MoneyEntry,
    book: &SavingsAccount,
    standing_deposits: u32,
    balance: Money,
) -> DomainResult<()> {
    use super::Payment;
    let account = match &e.payment {
        Payment::Deposit { account_id, .. } | Payment::Withdrawal { account_id, .. } => *account_id,
        Payment::Collection { .. } | Payment::Repayment { .. } | Payment::Payout { .. } => {
            return Ok(());
        }
    };
    if account != book.id || book.point_id != e.point_id {
        return Err(DomainError::invalid("accountId", Code::InvalidValue));
    }
    if e.reverses.is_some() {
        // A reversal undoes its original exactly (checked with the original).
        return Ok(());
    }
    match &e.payment {
        Payment::Deposit { .. } => book.product.may_deposit(standing_deposits),
        Payment::Withdrawal { amount, .. } => book.product.may_withdraw(balance, *amount),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cash::{MoneyEntry, Payment};
    use crate::ids::{CashSessionId, MoneyEntryId};
    use uuid::Uuid;

    fn book(product: Product) -> SavingsAccount {
        SavingsAccount {
            id: SavingsAccountId(Uuid::now_v7()),
            point_id: PointId(Uuid::now_v7()),
            book_no: "TK-1".into(),
            holder_name: "Đinh Thị Hoa".into(),
            id_number: "051185001234".into(),
            holder_birth: NaiveDate::from_ymd_opt(1985, 4, 2).unwrap_or_default(),
            holder_sex: Sex::Female,
            household_id: None,
            product,
            opened_on: NaiveDate::from_ymd_opt(2026, 12, 1).unwrap_or_default(),
            link: None,
        }
    }

    fn entry(point: PointId, payment: Payment) -> MoneyEntry {
        MoneyEntry {
            id: MoneyEntryId(Uuid::now_v7()),
            receipt_no: String::new(),
            point_id: point,
            session_id: Some(CashSessionId(Uuid::now_v7())),
            on: NaiveDate::from_ymd_opt(2026, 12, 3).unwrap_or_default(),
            collector: "x".into(),
            payment,
            reverses: None,
            link: None,
        }
    }

    fn field(r: DomainResult<()>) -> Option<String> {
        match r {
            Err(DomainError::Validation { field, .. }) => Some(field.to_string()),
            _ => None,
        }
    }

    #[test]
    fn a_book_payment_is_checked_against_its_book() {
        let term = book(Product::Term(6));
        let deposit = |b: &SavingsAccount, point| {
            entry(
                point,
                Payment::Deposit {
                    account_id: b.id,
                    amount: Money::dong(100_000),
                },
            )
        };
        assert!(book_payment(&deposit(&term, term.point_id), &term, 0, Money::ZERO).is_ok());
        // A term book takes one deposit.
        let second = book_payment(&deposit(&term, term.point_id), &term, 1, Money::ZERO);
        assert_eq!(field(second).as_deref(), Some("product"));
        // A book of another point.
        let elsewhere = book_payment(
            &deposit(&term, PointId(Uuid::now_v7())),
            &term,
            0,
            Money::ZERO,
        );
        assert_eq!(field(elsewhere).as_deref(), Some("accountId"));
        // A withdrawal within the balance of a demand book, and one over it.
        let demand = book(Product::Demand);
        let out = |n| {
            entry(
                demand.point_id,
                Payment::Withdrawal {
                    account_id: demand.id,
                    amount: Money::dong(n),
                },
            )
        };
        assert!(book_payment(&out(50_000), &demand, 1, Money::dong(80_000)).is_ok());
        let over = book_payment(&out(90_000), &demand, 1, Money::dong(80_000));
        assert_eq!(field(over).as_deref(), Some("amount"));
    }
}
