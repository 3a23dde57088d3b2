//! See tests/it/main.rs.
