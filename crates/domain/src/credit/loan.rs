//! A disbursed loan: the bank's record, mirrored on devices. The province writes it (from the
//! bank's disbursement, by CLI, API or file import) and devices only read it: a loan never
//! starts on a laptop, so a phantom loan cannot be typed in at a commune.

use super::events::{LoanEvent, validate_events};
use super::rate::AnnualRate;
use super::table::ProgrammeTable;
use crate::credit::interest::{Movement, PrincipalEvent, balances_on};
use crate::error::{Code, DomainError, DomainResult};
use crate::ids::{GroupId, HouseholdId, LoanId, OrganisationId, PersonId, PointId};
use crate::money::Money;
use crate::reference::{not_future, required_text};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::events::LoanStatus;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Loan {
    pub id: LoanId,
    /// The bank's contract (loan book) number.
    pub contract_no: String,
    pub household_id: HouseholdId,
    pub borrower_id: Option<PersonId>,
    pub point_id: PointId,
    /// Group and organisation at disbursement.
    pub group_id: Option<GroupId>,
    pub organisation_id: Option<OrganisationId>,
    pub programme: String,
    pub principal: Money,
    pub disbursed_on: NaiveDate,
    pub maturity_on: NaiveDate,
    /// The purpose stated in the application (01/TD).
    pub purpose: String,
    /// The annual rate at disbursement.
    pub rate: AnnualRate,
    pub status: LoanStatus,
    /// The bank's outstanding principal on `outstanding_as_of`.
    pub outstanding: Money,
    pub outstanding_as_of: NaiveDate,
    /// The part of `outstanding` that is overdue (accrues at 130 %).
    #[serde(default)]
    pub overdue: Money,
    /// The bank's principal movements (disbursement, repayments, principal falling overdue),
    /// from which interest is computed day by day. When the bank sent none, the disbursement
    /// and the balance snapshot stand in (see [`Loan::principal_events`]).
    #[serde(default)]
    pub movements: Vec<PrincipalEvent>,
    /// How its rate is set, its funding, its dated events and the interest it owed at the
    /// snapshot (absent in records from before 4 Dec 2026: the programme's rate, central
    /// funds, no event, nothing unpaid).
    #[serde(default)]
    pub terms: LoanTerms,
}

/// How a loan's rate is read on each day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RateRule {
    /// The programme's rate in force each day: a decision such as 2553/QĐ-TTg moves the
    /// loans already outstanding too.
    #[default]
    Programme,
    /// The contract's own rate: `Loan::rate` from disbursement, then each of
    /// `LoanTerms::rate_changes` from its day (loans of a local budget entrusted to the bank,
    /// contracts on special terms).
    Contract,
}

/// Whose money was lent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FundingSource {
    /// Central funds (the programmes of the Government's decisions).
    #[default]
    Central,
    /// A provincial or commune budget entrusted to the bank (its rate set locally).
    LocalBudget,
}

/// A change of a contract's own rate from a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RateChange {
    pub from: NaiveDate,
    pub rate: AnnualRate,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoanTerms {
    #[serde(default)]
    pub rate_rule: RateRule,
    #[serde(default)]
    pub rate_changes: Vec<RateChange>,
    #[serde(default)]
    pub funding: FundingSource,
    /// Freezes, extensions, transfers to overdue, write-off, recall (`credit::events`).
    #[serde(default)]
    pub events: Vec<LoanEvent>,
    /// Interest the bank shows unpaid for the months before the one of `outstanding_as_of`.
    #[serde(default)]
    pub interest_unpaid: Money,
}

impl Loan {
    pub fn validate(mut self, today: NaiveDate, table: &ProgrammeTable) -> DomainResult<Self> {
        self.contract_no = required_text("contractNo", &self.contract_no, 30)?;
        self.purpose = required_text("purpose", &self.purpose, 300)?;
        if table.programme(&self.programme).is_none() {
            return Err(DomainError::invalid("programme", Code::NotFound));
        }
        if self.principal <= Money::ZERO {
            return Err(DomainError::invalid("principal", Code::InvalidValue));
        }
        if self.outstanding.is_negative() {
            return Err(DomainError::invalid("outstanding", Code::Negative));
        }
        if self.outstanding > self.principal {
            return Err(DomainError::invalid("outstanding", Code::InvalidValue));
        }
        not_future("disbursedOn", self.disbursed_on, today)?;
        if self.maturity_on <= self.disbursed_on {
            return Err(DomainError::invalid("maturityOn", Code::DateOrder));
        }
        if self.outstanding_as_of < self.disbursed_on {
            return Err(DomainError::invalid("outstandingAsOf", Code::DateOrder));
        }
        if self.rate.ppm() == 0 {
            return Err(DomainError::invalid("rate", Code::InvalidValue));
        }
        if self.overdue.is_negative() || self.overdue > self.outstanding {
            return Err(DomainError::invalid("overdue", Code::InvalidValue));
        }
        self.terms.events =
            validate_events(self.terms.events, self.disbursed_on, self.maturity_on)?;
        let bad_change = |c: &RateChange| c.from <= self.disbursed_on || c.rate.ppm() == 0;
        if self.terms.rate_changes.iter().any(bad_change) {
            return Err(DomainError::invalid("rateChanges", Code::InvalidValue));
        }
        if self.terms.interest_unpaid.is_negative() {
            return Err(DomainError::invalid("interestUnpaid", Code::Negative));
        }
        if !self.movements.is_empty() {
            // The history agrees with the snapshot; `balances_on` refuses a negative balance.
            let (normal, overdue) = balances_on(&self.movements, self.outstanding_as_of)
                .map_err(|_| DomainError::invalid("movements", Code::Negative))?;
            if normal.checked_add(overdue) != Some(self.outstanding) || overdue != self.overdue {
                return Err(DomainError::invalid("movements", Code::InvalidValue));
            }
        }
        Ok(self)
    }

    /// The status on `day` (`credit::events::status_on`): the bank's snapshot, or the dated
    /// events up to that day.
    pub fn status_on(&self, day: NaiveDate) -> LoanStatus {
        super::events::status_on(self.status, &self.terms.events, day)
    }

    /// The principal movements interest is computed from: the bank's, or else the
    /// disbursement, the principal repaid by the snapshot date, and the overdue part.
    pub fn principal_events(&self) -> Vec<PrincipalEvent> {
        if !self.movements.is_empty() {
            return self.movements.clone();
        }
        let mut out = vec![PrincipalEvent {
            date: self.disbursed_on,
            movement: Movement::Disbursed(self.principal),
        }];
        let repaid = self.principal.as_dong() - self.outstanding.as_dong();
        if repaid > 0 {
            out.push(PrincipalEvent {
                date: self.outstanding_as_of,
                movement: Movement::Repaid(Money::dong(repaid)),
            });
        }
        if self.overdue > Money::ZERO {
            out.push(PrincipalEvent {
                date: self.outstanding_as_of,
                movement: Movement::FellOverdue(self.overdue),
            });
        }
        out
    }
}

/// What a household still owes in one programme, for the ceiling check of a new application.
pub fn outstanding_in(loans: &[Loan], programme: &str) -> Option<Money> {
    Money::checked_sum(
        loans
            .iter()
            .filter(|l| l.programme == programme && l.status.is_open())
            .map(|l| l.outstanding),
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use uuid::Uuid;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap_or_default()
    }

    pub fn sample() -> Loan {
        Loan {
            id: LoanId(Uuid::from_u128(1)),
            contract_no: "HN-0001".into(),
            household_id: HouseholdId(Uuid::from_u128(2)),
            borrower_id: None,
            point_id: PointId(Uuid::from_u128(3)),
            group_id: None,
            organisation_id: None,
            programme: "HN".into(),
            principal: Money::dong(100_000_000),
            disbursed_on: d("2025-03-17"),
            maturity_on: d("2030-03-17"),
            purpose: "Chăn nuôi bò".into(),
            rate: AnnualRate::from_hundredths_pct(660),
            status: LoanStatus::InGoodStanding,
            outstanding: Money::dong(100_000_000),
            outstanding_as_of: d("2025-03-17"),
            overdue: Money::ZERO,
            movements: Vec::new(),
            terms: LoanTerms::default(),
        }
    }

    #[test]
    fn a_bank_record_validates() {
        assert!(
            sample()
                .validate(d("2026-11-30"), &ProgrammeTable::builtin())
                .is_ok()
        );
    }

    #[test]
    fn each_rule_names_its_field() {
        let today = d("2026-11-30");
        let cases: Vec<(Loan, &str)> = vec![
            (
                Loan {
                    contract_no: " ".into(),
                    ..sample()
                },
                "contractNo",
            ),
            (
                Loan {
                    programme: "XYZ".into(),
                    ..sample()
                },
                "programme",
            ),
            (
                Loan {
                    principal: Money::ZERO,
                    ..sample()
                },
                "principal",
            ),
            (
                Loan {
                    outstanding: Money::dong(-1),
                    ..sample()
                },
                "outstanding",
            ),
            (
                Loan {
                    outstanding: Money::dong(100_000_001),
                    ..sample()
                },
                "outstanding",
            ),
            (
                Loan {
                    disbursed_on: d("2026-12-01"),
                    ..sample()
                },
                "disbursedOn",
            ),
            (
                Loan {
                    maturity_on: d("2025-03-17"),
                    ..sample()
                },
                "maturityOn",
            ),
            (
                Loan {
                    outstanding_as_of: d("2025-03-16"),
                    ..sample()
                },
                "outstandingAsOf",
            ),
            (
                Loan {
                    rate: AnnualRate(0),
                    ..sample()
                },
                "rate",
            ),
        ];
        for (loan, field) in cases {
            let err = loan
                .validate(today, &ProgrammeTable::builtin())
                .expect_err(field);
            assert_eq!(err.field(), Some(field));
        }
    }

    #[test]
    fn closed_and_written_off_loans_do_not_count_against_the_ceiling() {
        let open = Loan {
            outstanding: Money::dong(30_000_000),
            ..sample()
        };
        let closed = Loan {
            status: LoanStatus::Closed,
            ..sample()
        };
        let other = Loan {
            programme: "HCN".into(),
            ..sample()
        };
        let loans = [open, closed, other];
        assert_eq!(outstanding_in(&loans, "HN"), Some(Money::dong(30_000_000)));
        assert_eq!(outstanding_in(&loans, "NSVSMT"), Some(Money::ZERO));
    }
}
