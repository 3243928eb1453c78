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
