//! The HTTP service around the analysis core (SPEC section 1).
//!
//! - [`router`] builds the whole service from an [`AppState`]; tests drive
//!   it with `tower::ServiceExt::oneshot`, no socket needed.
//! - [`serve`] binds, serves, and on SIGTERM or Ctrl-C stops accepting,
//!   drains in-flight requests within the shutdown timeout, then returns.
//! - [`extract`] turns raw requests into validated articles; [`error`] is
//!   the one error type, answered as RFC 9457 problem documents;
//!   [`metrics`] counts for `GET /metrics`; [`auth`] checks API keys.
//!
//! Analysis is synchronous CPU work: a body over [`INLINE_MAX_BYTES`] runs
//! on tokio's blocking pool, a smaller one (about a millisecond) on the
//! request's task; at most `concurrency_limit` run at once; up to `queue_limit` more requests
//! wait for a slot (each at most `request_timeout`), and past that the
//! answer is 503 `overloaded` at once, never an unbounded queue. Each
//! analysis, inline or on the pool, runs under a budget of
//! `request_timeout` that stops the work when spent (503 `timeout`, and
//! the slot is free again). Bodies are read whole before a slot is taken, so slow
//! clients cost a connection, never a slot.
//!
//! ```
//! use attache::config::ServeConfig;
//! use attache::http::{AppState, router};
//! let app = router(AppState::ready(&ServeConfig::default()));
//! # let _ = app;
//! ```

pub mod auth;
pub mod error;
pub mod extract;
pub mod handlers;
pub mod metrics;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::Request;
use axum::http::HeaderName;
use axum::middleware;
use axum::routing::{get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnFailure, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::analysis::{Analysis, Analyzer, ArticleInput, Body, Budget, InputError, Resources};
use crate::config::ServeConfig;
use error::ApiError;

/// The analysis a state runs: the embedded analyzer, or a stand-in in tests.
/// It runs under the request's [`Budget`] (in force on its thread, see
/// [`crate::analysis::budget`]): the embedded analyzer checks it and stops
/// when it is spent; a stand-in may check it with
/// [`crate::analysis::budget::tick`].
pub type AnalyzeFn = Arc<dyn Fn(&ArticleInput) -> Result<Analysis, InputError> + Send + Sync>;

/// Limits of one request.
#[derive(Debug, Clone)]
pub struct Limits {
    pub body_limit: usize,
    pub body_timeout: Duration,
    pub request_timeout: Duration,
    pub concurrency: usize,
    pub queue_limit: usize,
    /// Bodies of at most this many bytes are analysed on the request's own
    /// task instead of the blocking pool: about a millisecond of work, less
    /// than the two thread hand-offs cost. 0 sends every body to the pool.
    pub inline_max_bytes: usize,
}

/// [`Limits::inline_max_bytes`] for the embedded analyzer: 8 KiB, an
/// article of about 1,300 words, analysed in about a millisecond (cost
/// grows linearly with length; the worst shapes of text that size take
/// about 10 ms).
pub const INLINE_MAX_BYTES: usize = 8 * 1024;

/// Shared state of the service; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    limits: Limits,
    keys: auth::ApiKeys,
    slots: Arc<Semaphore>,
    metrics: metrics::Metrics,
    ready: AtomicBool,
    draining: AtomicBool,
    analyze: AnalyzeFn,
}

impl AppState {
    /// A state running the embedded analyzer; not ready until
    /// [`AppState::mark_ready`] (after the resources are loaded).
    pub fn new(cfg: &ServeConfig) -> Self {
        Self::build(
            cfg,
            Arc::new(|input: &ArticleInput| Analyzer::embedded().try_analyze(input)),
            INLINE_MAX_BYTES,
        )
    }

    /// A state with its resources loaded (blocks while they load), ready.
    pub fn ready(cfg: &ServeConfig) -> Self {
        let state = Self::new(cfg);
        Resources::embedded();
        state.mark_ready();
        state
    }

    /// A state running `analyze` instead of the embedded analyzer (tests:
    /// a slow or failing stand-in), ready at once.
    /// Its cost is unknown, so it always runs on the blocking pool.
    pub fn with_analyzer(cfg: &ServeConfig, analyze: AnalyzeFn) -> Self {
        Self::build(cfg, analyze, 0)
    }

    /// A state running `analyze` on the request's own task for bodies of
    /// at most `inline_max_bytes` (tests of the inline path), ready at once.
    pub fn with_inline_analyzer(
        cfg: &ServeConfig,
        analyze: AnalyzeFn,
        inline_max_bytes: usize,
    ) -> Self {
        let state = Self::build(cfg, analyze, inline_max_bytes);
        state.mark_ready();
        state
    }

    fn build(cfg: &ServeConfig, analyze: AnalyzeFn, inline_max_bytes: usize) -> Self {
        let limits = Limits {
            body_limit: cfg.body_limit,
            body_timeout: cfg.body_timeout,
            request_timeout: cfg.request_timeout,
            concurrency: cfg.concurrency(),
            queue_limit: cfg.queue_limit,
            inline_max_bytes,
        };
        Self {
            inner: Arc::new(Inner {
                slots: Arc::new(Semaphore::new(limits.concurrency)),
                limits,
                keys: auth::ApiKeys::new(&cfg.api_keys),
                metrics: metrics::Metrics::default(),
                ready: AtomicBool::new(false),
                draining: AtomicBool::new(false),
                analyze,
            }),
        }
    }

    pub fn limits(&self) -> &Limits {
        &self.inner.limits
    }

    pub fn mark_ready(&self) {
        self.inner.ready.store(true, Ordering::SeqCst);
    }

    pub fn is_ready(&self) -> bool {
        self.inner.ready.load(Ordering::SeqCst)
    }

    /// Readiness turns false so balancers stop sending traffic.
    pub fn start_draining(&self) {
        self.inner.draining.store(true, Ordering::SeqCst);
    }

    pub fn is_draining(&self) -> bool {
        self.inner.draining.load(Ordering::SeqCst)
    }

    fn overloaded(&self) -> ApiError {
        ApiError::Overloaded {
            retry_after: Duration::from_secs(1),
        }
    }

    /// An analysis slot: at once if one is free, else after waiting in a
    /// bounded queue (at most `queue_limit` waiting, each at most the
    /// request timeout); otherwise 503 `overloaded`.
    async fn slot(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        if let Ok(permit) = self.inner.slots.clone().try_acquire_owned() {
            return Ok(permit);
        }
        let waiting = &self.inner.metrics.waiting;
        if waiting.fetch_add(1, Ordering::SeqCst) >= self.inner.limits.queue_limit {
            waiting.fetch_sub(1, Ordering::SeqCst);
            return Err(self.overloaded());
        }
        /// Leaves the queue even when the client goes away while waiting.
        struct Leave<'a>(&'a AtomicUsize);
        impl Drop for Leave<'_> {
            fn drop(&mut self) {
                self.0.fetch_sub(1, Ordering::SeqCst);
            }
        }
        let _leave = Leave(waiting);
        let acquire = self.inner.slots.clone().acquire_owned();
        match tokio::time::timeout(self.inner.limits.request_timeout, acquire).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(self.overloaded()),
        }
    }

    /// Analyses one article and serialises the result, or answers why not.
    pub async fn analyze(&self, input: ArticleInput) -> Result<Vec<u8>, ApiError> {
        let slot = self.slot().await?;
        self.run(input, slot).await
    }

    /// Runs one analysis within `request_timeout`, holding `slot` until
    /// the work really ends: a small body on this task, any other on the
    /// blocking pool. On both paths the analysis runs under a
    /// [`Budget`](crate::analysis::Budget) with that deadline, so an
    /// analysis past it stops (at its next check, between stages or inside
    /// a long loop), frees its slot and answers 503 `timeout`; on the pool
    /// the answer also comes at the deadline if the work has not stopped
    /// yet (a stand-in that never checks its budget), and the budget is
    /// cancelled then.
    async fn run(
        &self,
        input: ArticleInput,
        slot: OwnedSemaphorePermit,
    ) -> Result<Vec<u8>, ApiError> {
        let len = match input.body() {
            Body::Text(s) | Body::Html(s) => s.len(),
        };
        let limit = self.inner.limits.request_timeout;
        let timeout = ApiError::Timeout { budget: limit };
        let budget = Budget::within(limit);
        if len <= self.inner.limits.inline_max_bytes {
            let _slot = slot;
            return self.analyze_to_json(&input, &budget);
        }
        let canceller = budget.canceller();
        let state = self.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            state.analyze_to_json(&input, &budget)
        });
        match tokio::time::timeout(limit, task).await {
            Err(_) => {
                canceller.cancel();
                Err(timeout)
            }
            Ok(Err(join)) => {
                tracing::error!(error = %join, "analysis task failed");
                Err(ApiError::Internal)
            }
            Ok(Ok(Err(e))) => Err(e),
            Ok(Ok(Ok(json))) => Ok(json),
        }
    }

    /// The analysis of `input` within `budget`, as JSON bytes.
    fn analyze_to_json(&self, input: &ArticleInput, budget: &Budget) -> Result<Vec<u8>, ApiError> {
        let _gauge = self.inner.metrics.analysis_guard();
        let analysis =
            budget
                .run(|| (self.inner.analyze)(input))
                .map_err(|_| ApiError::Timeout {
                    budget: self.inner.limits.request_timeout,
                })??;
        serde_json::to_vec(&analysis).map_err(|e| {
            tracing::error!(error = %e, "result did not serialise");
            ApiError::Internal
        })
    }
}

/// Every route, for the contract test: (method, path).
pub const ROUTES: [(&str, &str); 8] = [
    ("post", "/v1/analyze"),
    ("post", "/v1/analyze/batch"),
    ("get", "/v1/taxonomy"),
    ("get", "/healthz"),
    ("get", "/readyz"),
    ("get", "/metrics"),
    ("get", "/openapi.yaml"),
    ("get", "/"),
];

/// Builds the service: routes, auth on `/v1`, problem fallbacks, metrics,
/// request ids, tracing and panic recovery.
pub fn router(state: AppState) -> Router {
    let v1 = Router::new()
        .route("/v1/analyze", post(handlers::analyze))
        .route("/v1/analyze/batch", post(handlers::analyze_batch))
        .route("/v1/taxonomy", get(handlers::taxonomy))
        .route_layer(middleware::from_fn_with_state(
            state.clone(),
            auth::require_key,
        ));
    let x_request_id = HeaderName::from_static("x-request-id");
    Router::new()
        .merge(v1)
        .route("/healthz", get(handlers::healthz))
        .route("/readyz", get(handlers::readyz))
        .route("/metrics", get(handlers::metrics))
        .route("/openapi.yaml", get(handlers::openapi))
        .route("/", get(handlers::index))
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::new(
                    x_request_id.clone(),
                    MakeRequestUuid,
                ))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(make_span)
                        .on_response(DefaultOnResponse::new().level(Level::INFO))
                        // 5xx answers here are expected states (overloaded,
                        // timeout, not ready); real faults log at ERROR where
                        // they happen.
                        .on_failure(DefaultOnFailure::new().level(Level::WARN)),
                )
                .layer(PropagateRequestIdLayer::new(x_request_id))
                .layer(CatchPanicLayer::custom(handlers::panic_response))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    metrics::track,
                )),
        )
        .with_state(state)
}

/// One span per request: request id, method, path. No headers, so API keys
/// never reach the logs.
fn make_span(req: &Request) -> tracing::Span {
    let id = req
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("-");
    tracing::info_span!(
        "request",
        id = %id,
        method = %req.method(),
        path = %req.uri().path(),
    )
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// Serves until SIGTERM or Ctrl-C, then stops accepting connections and
/// waits for in-flight requests, at most `shutdown_timeout`.
///
/// Each connection is HTTP/1.1 with a header read timeout, so a client
/// that trickles its headers is cut off; the body has its own timeout (see
/// [`extract::read_body`]).
pub async fn serve(cfg: ServeConfig) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&cfg.addr)
        .await
        .with_context(|| format!("binding {}", cfg.addr))?;
    let addr = listener.local_addr()?;
    let state = AppState::new(&cfg);
    tracing::info!(
        %addr,
        body_limit = cfg.body_limit,
        concurrency_limit = state.limits().concurrency,
        queue_limit = cfg.queue_limit,
        request_timeout_ms = cfg.request_timeout.as_millis() as u64,
        api_keys = cfg.api_keys.len(),
        "listening"
    );
    {
        let state = state.clone();
        tokio::task::spawn_blocking(move || {
            Resources::embedded();
            state.mark_ready();
            tracing::info!("resources loaded, ready");
        });
    }
    let app = router(state.clone());
    let graceful = GracefulShutdown::new();
    let signal = shutdown_signal();
    tokio::pin!(signal);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let stream = match accepted {
                    Ok((stream, _peer)) => stream,
                    Err(e) => {
                        // Out of file descriptors, mostly: back off a little.
                        tracing::warn!(error = %e, "accept failed");
                        tokio::time::sleep(Duration::from_millis(50)).await;
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let service = TowerToHyperService::new(app.clone());
                let mut http = hyper::server::conn::http1::Builder::new();
                http.timer(TokioTimer::new())
                    .header_read_timeout(cfg.header_timeout);
                let conn = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    if let Err(e) = conn.await {
                        tracing::debug!(error = %e, "connection ended with an error");
                    }
                });
            }
            () = &mut signal => break,
        }
    }
    // Stop accepting: new connections are refused from here on.
    drop(listener);
    state.start_draining();
    tracing::info!(
        in_flight_connections = graceful.count(),
        "shutdown signal: draining in-flight requests"
    );
    match tokio::time::timeout(cfg.shutdown_timeout, graceful.shutdown()).await {
        Ok(()) => tracing::info!("drained, exiting"),
        Err(_) => tracing::warn!(
            timeout_ms = cfg.shutdown_timeout.as_millis() as u64,
            "shutdown timeout passed with requests still in flight; exiting"
        ),
    }
    Ok(())
}
