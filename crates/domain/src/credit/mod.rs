//! Credit: loan programmes and their effective-dated rates, eligibility of an application
//! (01/TD), the application's status machine, and the group meeting that vets it (10/TD).

pub mod application;
pub mod eligibility;
pub mod meeting;
pub mod programme;
pub mod rate;

pub use rate::AnnualRate;
