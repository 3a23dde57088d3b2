//! Attaché reads news articles and returns what a diplomatic desk needs
//! from them: the cleaned article, its entities, its quotes and who said
//! them, and the diplomatic-relation facts between states.
//!
//! - [`analysis`]: the pure core (no I/O): [`analysis::Analyzer`].
//! - [`http`]: the axum service around it.
//! - [`store`]: the archive of facts (SQLite or PostgreSQL).
//! - [`config`]: command-line flags and environment variables.
//! - [`table`]: results as flat rows for CSV/TSV.
//! - [`cli`]: the `attache` commands (`main.rs` only parses and dispatches).

pub mod analysis;
pub mod cli;
pub mod config;
pub mod http;
pub mod store;
pub mod table;
