//! The IPC contract between the shell and the UI: every request and response type, exported to
//! TypeScript with ts-rs (see the `export_bindings` test). Ids are UUID strings, dates ISO
//! `YYYY-MM-DD` strings, money an integer number of đồng. Enums mirror the domain's so the
//! domain stays free of binding concerns.

mod credit;
mod enums;
mod funduse;
mod households;
mod money;
mod network;
mod poverty;
mod session;
mod sync;
mod vetting;

pub use credit::*;
pub use enums::*;
pub use funduse::*;
pub use households::*;
pub use money::*;
pub use network::*;
pub use poverty::*;
pub use session::*;
pub use sync::*;
pub use vetting::*;
