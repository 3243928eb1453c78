//! A headless laptop of the demo point for the console's browser test: the sync tests' device
//! (crates/sync/tests/common/dev.rs: the real store on SQLCipher and the real sync over HTTP)
//! with the desktop demo's seed, so its network is the one the province imported, and the sync
//! tests' way of an application to the bank.

pub const DEMO_SEED: u64 = 51_21361;
pub const PW: &str = "mat-khau-thiet-bi";

#[path = "../../../crates/sync/tests/common/dev.rs"]
mod dev;
pub use dev::*;

// Written for the sync tests, which allow `unwrap` in their set-up as every test crate does.
#[allow(clippy::unwrap_used)]
#[path = "../../../crates/sync/tests/common/vetting.rs"]
pub mod vetting;
