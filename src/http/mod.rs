//! The HTTP service: router, handlers, extractors, errors, metrics.

use axum::{Router, routing::get};

/// Builds the service's router.
pub fn router() -> Router {
    Router::new().route("/healthz", get(|| async { "ok" }))
}
