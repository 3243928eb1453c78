//! Fund-use checks at the province: what it keeps of each accepted check (the loan, the check
//! it supersedes, the outcome and the photos), the rules that need stored records, photo
//! uploads, the flags findings raise and the figures per group, organisation and commune.
//!
//! A check is accepted without its photos: they travel apart and may arrive later (or, from a
//! device that was lost, never). The province records which photos it still lacks
//! (`check_photos` without a `blobs` row) rather than refusing the check, so a finding reaches
//! the province at once and one large photo never holds the record back.

pub mod blobs;
pub mod demo_loans;
pub mod disburse;
pub mod report;

pub use crate::check::fund::{FundFacts, FundRow, against_stored};
pub use crate::check::refs::Docs;
