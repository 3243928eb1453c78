//! Credit: loan programmes and their effective-dated rates, eligibility of an application
//! (01/TD), the application's status machine, the group meeting that vets it (10/TD), and
//! the disbursed loan the bank records.

pub mod accrual;
pub mod application;
pub mod dossier;
pub mod eligibility;
pub mod events;
pub mod interest;
pub mod loan;
pub mod meeting;
pub mod moves;
pub mod programme;
pub mod rate;
pub mod relief;
pub mod table;
pub mod vetting;

pub use rate::AnnualRate;
