//! The provincial endpoint of vonxa: enrolment, idempotent push, scoped pull, over one storage
//! trait with an SQLite and a PostgreSQL backend. The binary `vonxa-province` wraps it.
#![recursion_limit = "256"]

pub mod admin;
pub mod auth;
pub mod check;
pub mod console;
pub mod console_state;
pub mod db;
pub mod decisions;
pub mod error;
pub mod figures;
pub mod funduse;
pub mod http;
pub mod http_funduse;
pub mod http_state;
pub mod ingest;
pub mod limits;
pub mod logcap;
pub mod openapi;
pub mod pull;
pub mod ratelimit;
pub mod run;
pub mod serve;
pub mod tls;

pub use db::{AnyBackend, Backend};
