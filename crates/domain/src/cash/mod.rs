//! Money at the group and the transaction point (domain brief §5, §10.4): payments in the
//! money journal with their 01/BL receipts, the 13/TD collection sheet, savings books at the
//! point, transaction sessions with their handovers and cash count. Every record is
//! append-only; a correction is a reversal entry that references the original.
//!
//! The rules that need stored facts (a balance, a session's state) are pure functions here
//! over the facts the caller gathers: the device store and the province call the same ones.

pub mod entry;
pub mod resolution;
pub mod rules;
pub mod savings;
pub mod session;
pub mod sheet;

pub use entry::{MoneyEntry, Payment, Reversal};
pub use resolution::{CaseKind, DiscrepancyResolution, ResolutionOutcome};
pub use savings::{Product, SavingsAccount};
pub use session::{CashSession, DenominationCount, Handover, SessionClose};

use crate::money::Money;

/// Minimum amounts (domain brief §5.2, §5.3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Minimums {
    /// A member's savings deposit collected by the group (5,000 đ).
    pub member_savings: Money,
    /// A deposit at the transaction point, demand or term (100,000 đ).
    pub point_deposit: Money,
}

impl Default for Minimums {
    fn default() -> Self {
        Minimums {
            member_savings: Money::dong(5_000),
            point_deposit: Money::dong(100_000),
        }
    }
}

#[cfg(test)]
mod tests;
