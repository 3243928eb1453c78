//! The pure domain of vonxa: identifiers, money, Vietnamese text, reference entities, their
//! validation rules and permissions. Nothing here touches files, the network, the clock or a
//! random source: callers pass "today" and fresh ids in. Every rule lives here once and is used
//! by the device store and the provincial endpoint alike.

pub mod authz;
pub mod cash;
pub mod console;
pub mod credit;
pub mod entity;
pub mod error;
pub mod evaluation;
pub mod funduse;
pub mod ident;
pub mod ids;
pub mod journal;
pub mod money;
pub mod reference;
pub mod roles;
pub mod settings;
pub mod text;
pub mod user;
pub mod words;

pub use error::{Code, DomainError, Field};
pub use ids::*;
pub use money::Money;
