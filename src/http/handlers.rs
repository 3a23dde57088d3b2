//! Route handlers. Each is thin: extract, call [`AppState`], answer.

use std::sync::LazyLock;

use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use super::AppState;
use super::error::ApiError;
use super::extract::Article;
use crate::analysis::model::{EntityType, QuoteKind, RelationType, RemovedKind, Status};

/// The contract, byte for byte the repository's `openapi.yaml`.
pub const OPENAPI_YAML: &str = include_str!("../../openapi.yaml");

/// The page, with the chart library of its Archive view (uPlot, MIT,
/// vendored unchanged in `assets/vendor/uplot/`) inlined, so the page
/// needs no other request.
static INDEX_HTML: LazyLock<String> = LazyLock::new(|| {
    include_str!("../../assets/index.html")
        .replacen(
            "/*UPLOT_CSS*/",
            include_str!("../../assets/vendor/uplot/uPlot.min.css"),
            1,
        )
        .replacen(
            "/*UPLOT_JS*/",
            concat!(
                "/* uPlot 1.6.32\n",
                include_str!("../../assets/vendor/uplot/LICENSE"),
                "*/\n",
                include_str!("../../assets/vendor/uplot/uPlot.iife.min.js")
            ),
            1,
        )
});

fn with_type(body: impl Into<axum::body::Body>, content_type: &'static str) -> Response {
    let mut res = Response::new(body.into());
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

/// A JSON answer from its bytes.
pub(super) fn json_bytes(bytes: Vec<u8>) -> Response {
    with_type(bytes, "application/json")
}

/// `POST /v1/analyze`: one article in, one analysis out.
pub async fn analyze(State(state): State<AppState>, Article(input): Article) -> Response {
    match state.analyze(input).await {
        Ok(json) => with_type(json, "application/json"),
        Err(e) => e.into_response(),
    }
}

static TAXONOMY: LazyLock<String> = LazyLock::new(|| {
    let entity_types = [
        (
            EntityType::Person,
            "people, by name only; titles go to `title`",
        ),
        (
            EntityType::Org,
            "organisations: governments' bodies, companies, parties, international organisations",
        ),
        (
            EntityType::Gpe,
            "geopolitical entities: countries, cities, states",
        ),
        (EntityType::Loc, "other locations: regions, seas, mountains"),
        (EntityType::Fac, "facilities: buildings, airports, bridges"),
        (
            EntityType::Norp,
            "nationalities, religious and political groups (\"Pakistani\")",
        ),
        (EntityType::Event, "named events (\"ASEAN Summit\")"),
        (
            EntityType::Date,
            "dates, with `value` resolved to ISO 8601 (\"last month\" -> \"2025-09\")",
        ),
    ];
    let quote_kinds = [
        (QuoteKind::Direct, "a full quotation in quotation marks"),
        (
            QuoteKind::Partial,
            "a quoted fragment inside the narrator's sentence",
        ),
        (
            QuoteKind::Indirect,
            "reported speech without quotation marks; `text` is the reported clause",
        ),
    ];
    let statuses = [
        (Status::Occurred, "it happened"),
        (Status::Ongoing, "it is happening"),
        (Status::Planned, "future, scheduled or intended"),
        (Status::Hypothetical, "could, would, if"),
        (Status::Negated, "did not happen, no plans to"),
        (Status::Denied, "an actor denies it"),
    ];
    let removed = [
        RemovedKind::Navigation,
        RemovedKind::Advertisement,
        RemovedKind::Byline,
        RemovedKind::AuthorBio,
        RemovedKind::RelatedLinks,
        RemovedKind::Share,
        RemovedKind::Subscription,
        RemovedKind::Copyright,
        RemovedKind::Footer,
        RemovedKind::Other,
    ];
    let doc = json!({
        "schema_version": crate::analysis::model::SCHEMA_VERSION,
        "entity_types": entity_types.iter().map(|(t, d)| json!({"type": t, "definition": d})).collect::<Vec<_>>(),
        "quote_kinds": quote_kinds.iter().map(|(k, d)| json!({"kind": k, "definition": d})).collect::<Vec<_>>(),
        "relation_types": RelationType::ALL.iter().map(|t| {
            let (quad_class, score, definition) = t.info();
            json!({"type": t, "quad_class": quad_class, "polarity": t.polarity(), "score": score, "definition": definition})
        }).collect::<Vec<_>>(),
        "statuses": statuses.iter().map(|(s, d)| json!({"status": s, "definition": d})).collect::<Vec<_>>(),
        "removed_kinds": removed,
    });
    doc.to_string()
});

/// `GET /v1/taxonomy`: entity types, quote kinds, relation types with scores.
pub async fn taxonomy() -> Response {
    with_type(TAXONOMY.as_str(), "application/json")
}

/// `GET /healthz`: the process answers.
pub async fn healthz() -> Response {
    with_type(r#"{"status":"ok"}"#, "application/json")
}

/// `GET /readyz`: resources loaded and not shutting down.
pub async fn readyz(State(state): State<AppState>) -> Response {
    if state.is_draining() {
        ApiError::NotReady("the service is shutting down").into_response()
    } else if !state.is_ready() {
        ApiError::NotReady("the service is still loading its resources").into_response()
    } else {
        with_type(r#"{"status":"ready"}"#, "application/json")
    }
}

/// `GET /metrics`: Prometheus text format.
pub async fn metrics(State(state): State<AppState>) -> Response {
    with_type(
        state.inner.metrics.render(),
        "text/plain; version=0.0.4; charset=utf-8",
    )
}

/// `GET /version`: version, result schema version, build commit, data sources.
pub async fn version() -> Response {
    static BODY: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        serde_json::to_string(super::version::info()).expect("version info serialises")
    });
    with_type(BODY.as_str(), "application/json")
}

/// `GET /openapi.yaml`: the contract.
pub async fn openapi() -> Response {
    with_type(OPENAPI_YAML, "application/yaml")
}

/// `GET /`: paste an article, see the result highlighted.
pub async fn index() -> Response {
    with_type(INDEX_HTML.as_str(), "text/html; charset=utf-8")
}

/// Any path without a route.
pub async fn not_found(uri: Uri) -> ApiError {
    let mut path = uri.path().to_string();
    path.truncate(200);
    ApiError::NotFound { path }
}

/// A route that exists, with a method it does not take.
pub async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

/// Answer for a panic caught by the panic layer: logged, and a fixed message out.
pub fn panic_response(err: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let msg = err
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| err.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = msg, "handler panicked");
    let mut res = ApiError::Internal.into_response();
    *res.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    res
}
