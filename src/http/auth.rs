//! Optional API keys: `Authorization: Bearer <key>` on `/v1/*`.
//!
//! Keys are compared in constant time (every key, every byte) so timing
//! does not tell how much of a guess was right. Keys never reach a log:
//! the trace span records no headers, and [`ApiKeys`]'s `Debug` hides them.

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::AppState;
use super::error::ApiError;

/// The configured keys; empty = the API is open.
#[derive(Clone, Default)]
pub struct ApiKeys(Vec<Vec<u8>>);

impl std::fmt::Debug for ApiKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApiKeys({} configured)", self.0.len())
    }
}

impl ApiKeys {
    /// Keeps the non-blank keys, trimmed.
    pub fn new<S: AsRef<str>>(keys: &[S]) -> Self {
        Self(
            keys.iter()
                .map(|k| k.as_ref().trim())
                .filter(|k| !k.is_empty())
                .map(|k| k.as_bytes().to_vec())
                .collect(),
        )
    }

    pub fn is_open(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether `candidate` is one of the keys, in time independent of where
    /// it differs (it depends only on the keys' and candidate's lengths).
    pub fn accepts(&self, candidate: &[u8]) -> bool {
        let mut found = 0u8;
        for key in &self.0 {
            found |= constant_time_eq(key, candidate) as u8;
        }
        found == 1
    }
}

/// Compares two byte strings without an early exit on the first difference.
fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    let mut diff = (a.len() != b.len()) as u8;
    for i in 0..a.len().max(b.len()) {
        let x = a.get(i).copied().unwrap_or(0);
        let y = b.get(i).copied().unwrap_or(0);
        diff |= x ^ y;
    }
    std::hint::black_box(diff) == 0
}

/// The key of a `Bearer` authorization header.
fn bearer(req: &Request) -> Option<&[u8]> {
    let value = req.headers().get(header::AUTHORIZATION)?.as_bytes();
    let (scheme, rest) = value.split_at(value.iter().position(|b| *b == b' ')?);
    scheme
        .eq_ignore_ascii_case(b"bearer")
        .then(|| rest.trim_ascii())
}

/// Whether `path` is under `/v1`, where a key is needed.
fn guarded(path: &str) -> bool {
    path == "/v1" || path.starts_with("/v1/")
}

/// Middleware around every route and fallback: a request for a path under
/// `/v1` gets 401 unless the API is open or it carries a configured key,
/// whatever its method and whether or not the route exists.
pub async fn require_key(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let keys = &state.inner.keys;
    if keys.is_open() || !guarded(req.uri().path()) || bearer(&req).is_some_and(|k| keys.accepts(k))
    {
        next.run(req).await
    } else {
        ApiError::Unauthorized.into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compares_keys() {
        let keys = ApiKeys::new(&["alpha-key", " beta ", ""]);
        for (candidate, want) in [
            ("alpha-key", true),
            ("beta", true),
            ("alpha-kez", false),
            ("alpha-ke", false),
            ("alpha-key2", false),
            ("", false),
            ("ALPHA-KEY", false),
        ] {
            assert_eq!(keys.accepts(candidate.as_bytes()), want, "{candidate}");
        }
        assert!(ApiKeys::new::<&str>(&[]).is_open());
        assert!(ApiKeys::new(&["  "]).is_open());
        assert_eq!(format!("{keys:?}"), "ApiKeys(2 configured)");
    }

    #[test]
    fn guards_paths_under_v1() {
        for (path, want) in [
            ("/v1/analyze", true),
            ("/v1/no/such/route", true),
            ("/v1", true),
            ("/v1/", true),
            ("/v10/analyze", false),
            ("/healthz", false),
            ("/", false),
        ] {
            assert_eq!(guarded(path), want, "{path}");
        }
    }
}
