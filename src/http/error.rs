//! The HTTP layer's one error type, answered as an RFC 9457 problem document.
//!
//! Each variant knows its status and a stable machine-readable `code`.
//! Turning an error into a response has no side effects: the response
//! carries its [`ProblemCode`] as an extension, and the metrics and trace
//! middleware read it from there.

use std::time::Duration;

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

/// Media type of problem documents.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// Why a request failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 413: the body is over the configured limit.
    BodyTooLarge { limit: usize },
    /// 408: the client did not send its body within the body timeout.
    BodyTimeout,
    /// 400: the body could not be read from the connection.
    BodyUnreadable(String),
    /// 400: the body (or one batch line) is not UTF-8.
    InvalidUtf8 { valid_up_to: usize },
    /// 415: a content type this route does not take.
    UnsupportedMediaType {
        got: Option<String>,
        expected: &'static str,
    },
    /// 415: a `Content-Encoding` other than gzip or identity; names it.
    UnsupportedEncoding { got: String },
    /// 400: the body does not decode with its `Content-Encoding`.
    InvalidEncoding(String),
    /// 400: the JSON does not parse.
    InvalidJson(String),
    /// 422: well-formed input of the wrong shape; names the field.
    InvalidRequest { field: String, detail: String },
    /// 422: the article is empty or whitespace only.
    EmptyArticle,
    /// 503: every analysis slot is busy.
    Overloaded { retry_after: Duration },
    /// 503 `overloaded`: another shared budget is spent (the connections,
    /// the memory of bodies being read); says which. Retry after 1 s.
    Saturated(&'static str),
    /// 413: a batch with more lines than the batch line limit.
    BatchTooLarge { lines: usize, limit: usize },
    /// 503: the analysis went over its time budget.
    Timeout { budget: Duration },
    /// 401: API keys are configured and the request has no valid one.
    Unauthorized,
    /// 404: no such route.
    NotFound { path: String },
    /// 404 `not_found`: the route exists, the thing named does not (an
    /// article id); says what.
    Missing(String),
    /// 405: the route exists, the method does not.
    MethodNotAllowed,
    /// 503: the service is still loading its resources or shutting down.
    NotReady(&'static str),
    /// 500: a bug; the detail is logged, never sent.
    Internal,
}

/// The stable `code` of a problem, attached to error responses as an extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProblemCode(pub &'static str);

/// An RFC 9457 problem document with Attaché's `code` (and, for
/// `invalid_request`, the `field` at fault).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    pub code: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

impl ApiError {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::BodyTooLarge { .. } | Self::BatchTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            Self::BodyTimeout => StatusCode::REQUEST_TIMEOUT,
            Self::BodyUnreadable(_)
            | Self::InvalidUtf8 { .. }
            | Self::InvalidJson(_)
            | Self::InvalidEncoding(_) => StatusCode::BAD_REQUEST,
            Self::UnsupportedMediaType { .. } | Self::UnsupportedEncoding { .. } => {
                StatusCode::UNSUPPORTED_MEDIA_TYPE
            }
            Self::InvalidRequest { .. } | Self::EmptyArticle => StatusCode::UNPROCESSABLE_ENTITY,
            Self::Overloaded { .. }
            | Self::Saturated(_)
            | Self::Timeout { .. }
            | Self::NotReady(_) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Unauthorized => StatusCode::UNAUTHORIZED,
            Self::NotFound { .. } | Self::Missing(_) => StatusCode::NOT_FOUND,
            Self::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The stable machine-readable code.
    pub fn code(&self) -> &'static str {
        match self {
            Self::BodyTooLarge { .. } => "body_too_large",
            Self::BodyTimeout => "body_timeout",
            Self::BodyUnreadable(_) => "body_unreadable",
            Self::InvalidUtf8 { .. } => "invalid_utf8",
            Self::UnsupportedMediaType { .. } => "unsupported_media_type",
            Self::UnsupportedEncoding { .. } => "unsupported_encoding",
            Self::InvalidEncoding(_) => "invalid_encoding",
            Self::InvalidJson(_) => "invalid_json",
            Self::InvalidRequest { .. } => "invalid_request",
            Self::EmptyArticle => "empty_article",
            Self::Overloaded { .. } | Self::Saturated(_) => "overloaded",
            Self::BatchTooLarge { .. } => "batch_too_large",
            Self::Timeout { .. } => "timeout",
            Self::Unauthorized => "unauthorized",
            Self::NotFound { .. } | Self::Missing(_) => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::NotReady(_) => "not_ready",
            Self::Internal => "internal",
        }
    }

    fn title(&self) -> &'static str {
        match self {
            Self::BodyTooLarge { .. } => "Request body too large",
            Self::BodyTimeout => "Request body not received in time",
            Self::BodyUnreadable(_) => "Request body could not be read",
            Self::InvalidUtf8 { .. } => "Body is not valid UTF-8",
            Self::UnsupportedMediaType { .. } => "Unsupported media type",
            Self::UnsupportedEncoding { .. } => "Unsupported content encoding",
            Self::InvalidEncoding(_) => "Body does not decode",
            Self::InvalidJson(_) => "Malformed JSON",
            Self::InvalidRequest { .. } => "Invalid request",
            Self::EmptyArticle => "Empty article",
            Self::Overloaded { .. } | Self::Saturated(_) => "Service overloaded",
            Self::BatchTooLarge { .. } => "Batch has too many lines",
            Self::Timeout { .. } => "Analysis timed out",
            Self::Unauthorized => "Unauthorized",
            Self::NotFound { .. } | Self::Missing(_) => "Not found",
            Self::MethodNotAllowed => "Method not allowed",
            Self::NotReady(_) => "Service not ready",
            Self::Internal => "Internal error",
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::BodyTooLarge { limit } => {
                format!("the request body is larger than the limit of {limit} bytes")
            }
            Self::BodyTimeout => "the request body was not received within the body timeout".into(),
            Self::BodyUnreadable(e) => format!("the request body could not be read: {e}"),
            Self::InvalidUtf8 { valid_up_to } => {
                format!("the body is not valid UTF-8 (first invalid byte at offset {valid_up_to})")
            }
            Self::UnsupportedMediaType { got, expected } => match got {
                Some(got) => format!("content type {got:?} is not accepted here; send {expected}"),
                None => format!("no content type given; send {expected}"),
            },
            Self::UnsupportedEncoding { got } => format!(
                "content encoding {got:?} is not accepted; send the body as is or gzip-compressed"
            ),
            Self::InvalidEncoding(e) => e.clone(),
            Self::InvalidJson(e) => format!("the body is not well-formed JSON: {e}"),
            Self::InvalidRequest { detail, .. } => detail.clone(),
            Self::EmptyArticle => "the article is empty or whitespace only".into(),
            Self::Overloaded { retry_after } => format!(
                "every analysis slot is busy and the wait queue is full; retry after {} s",
                retry_after.as_secs().max(1)
            ),
            Self::Saturated(why) => format!("{why}; retry after 1 s"),
            Self::BatchTooLarge { lines, limit } => format!(
                "the batch has {lines} lines, more than the limit of {limit}; split it into smaller batches"
            ),
            Self::Timeout { budget } => format!(
                "the analysis took longer than its budget of {} ms",
                budget.as_millis()
            ),
            Self::Unauthorized => {
                "this route needs an API key: send `Authorization: Bearer <key>`".into()
            }
            Self::NotFound { path } => format!("no route for {path}; see GET /openapi.yaml"),
            Self::Missing(what) => what.clone(),
            Self::MethodNotAllowed => {
                "this route does not take that method; see GET /openapi.yaml".into()
            }
            Self::NotReady(why) => (*why).into(),
            Self::Internal => "an internal error occurred; it has been logged".into(),
        }
    }

    /// The problem document this error answers with.
    pub fn problem(&self) -> Problem {
        let code = self.code();
        Problem {
            kind: format!("urn:attache:problem:{code}"),
            title: self.title(),
            status: self.status().as_u16(),
            detail: self.detail(),
            code,
            field: match self {
                Self::InvalidRequest { field, .. } => Some(field.clone()),
                _ => None,
            },
        }
    }

    /// Shorthand for a 422 naming the field at fault.
    pub fn invalid(field: impl Into<String>, detail: impl Into<String>) -> Self {
        Self::InvalidRequest {
            field: field.into(),
            detail: detail.into(),
        }
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code(), self.detail())
    }
}

impl std::error::Error for ApiError {}

impl From<crate::analysis::InputError> for ApiError {
    fn from(e: crate::analysis::InputError) -> Self {
        match e {
            crate::analysis::InputError::EmptyArticle => Self::EmptyArticle,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let problem = self.problem();
        let body = serde_json::to_vec(&problem).unwrap_or_else(|_| b"{}".to_vec());
        let mut res = (self.status(), body).into_response();
        let headers = res.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        match &self {
            Self::Overloaded { retry_after } => {
                headers.insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after.as_secs().max(1)),
                );
            }
            Self::Saturated(_) | Self::Timeout { .. } | Self::NotReady(_) => {
                headers.insert(header::RETRY_AFTER, HeaderValue::from(1u64));
            }
            Self::Unauthorized => {
                headers.insert(
                    header::WWW_AUTHENTICATE,
                    HeaderValue::from_static("Bearer realm=\"attache\""),
                );
            }
            _ => {}
        }
        res.extensions_mut().insert(ProblemCode(problem.code));
        res
    }
}
