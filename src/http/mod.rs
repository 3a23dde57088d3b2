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
//! Memory has a bound on every path: at most `max_connections` connections
//! (one more is answered 503 and closed), request heads of at most
//! [`MAX_HEAD_BYTES`], body buffers that grow as bytes arrive within one
//! shared budget (`body_memory`, see [`extract::BodyBudget`]), batches of
//! at most `batch_line_limit` lines, and metric labels from a fixed set.
//!
//! ```
//! use attache::config::ServeConfig;
//! use attache::http::{AppState, router};
//! let app = router(AppState::ready(&ServeConfig::default()));
//! # let _ = app;
//! ```

pub mod archive;
pub mod auth;
pub mod batch;
pub mod error;
pub mod extract;
pub mod handlers;
pub mod metrics;
pub mod request_id;
pub mod version;

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, LazyLock};
use std::task::Poll;
use std::time::Duration;

use anyhow::Context;
use axum::Router;
use axum::extract::Request;
use axum::http::HeaderName;
use axum::middleware;
use axum::routing::{MethodRouter, delete, get, post};
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::{Notify, OwnedSemaphorePermit, Semaphore, watch};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::{DefaultOnFailure, TraceLayer};
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
    /// Lines one batch may have (more: 413 `batch_too_large`).
    pub batch_line_limit: usize,
    /// Memory all bodies being read may take together.
    pub body_memory: usize,
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
    body_budget: extract::BodyBudget,
    metrics: metrics::Metrics,
    ready: AtomicBool,
    draining: AtomicBool,
    analyze: AnalyzeFn,
    cors: Option<CorsLayer>,
    /// The archive of `/v1/articles` and the fact queries: the one given
    /// by [`AppState::with_archive`], else (on first use) one in memory.
    archive: std::sync::OnceLock<Option<crate::store::Archive>>,
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
            batch_line_limit: cfg.batch_line_limit,
            body_memory: cfg.body_memory(),
            inline_max_bytes,
        };
        let metrics = metrics::Metrics::default();
        Self {
            inner: Arc::new(Inner {
                slots: Arc::new(Semaphore::new(limits.concurrency)),
                body_budget: extract::BodyBudget::counting_in(
                    limits.body_memory,
                    metrics.body_bytes.clone(),
                ),
                limits,
                keys: auth::ApiKeys::new(&cfg.api_keys),
                metrics,
                ready: AtomicBool::new(false),
                draining: AtomicBool::new(false),
                analyze,
                cors: cors_layer(&cfg.cors_origins),
                archive: std::sync::OnceLock::new(),
            }),
        }
    }

    /// Uses `archive` for the archive routes. Call it before the state
    /// serves (afterwards the archive in use stays): false then.
    pub fn with_archive(self, archive: crate::store::Archive) -> Self {
        if self.inner.archive.set(Some(archive)).is_err() {
            tracing::warn!("the archive was set after first use; keeping the one in use");
        }
        self
    }

    /// The archive, or 503 when none could be opened.
    pub fn archive(&self) -> Result<&crate::store::Archive, ApiError> {
        self.inner
            .archive
            .get_or_init(|| match crate::store::Archive::memory() {
                Ok(a) => Some(a),
                Err(e) => {
                    tracing::error!(error = %e, "the archive in memory did not open");
                    None
                }
            })
            .as_ref()
            .ok_or(ApiError::NotReady("the archive is not available"))
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

    /// Buffer bytes of the bodies being read now (see [`extract::BodyBudget`]).
    pub fn body_bytes_in_use(&self) -> usize {
        self.inner.body_budget.in_use()
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
        self.run_as(input, slot, to_json).await
    }

    /// Analyses one article for the archive, in `slot` or one it waits
    /// for: the analysis itself.
    async fn analyze_for_archive(
        &self,
        input: ArticleInput,
        slot: Option<OwnedSemaphorePermit>,
    ) -> Result<Analysis, ApiError> {
        let slot = match slot {
            Some(s) => s,
            None => self.slot().await?,
        };
        self.run_as(input, slot, Ok).await
    }

    /// [`AppState::run`], with `finish` making the answer of the analysis
    /// (on the thread that analysed).
    async fn run_as<T: Send + 'static>(
        &self,
        input: ArticleInput,
        slot: OwnedSemaphorePermit,
        finish: fn(Analysis) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let len = match input.body() {
            Body::Text(s) | Body::Html(s) => s.len(),
        };
        let limit = self.inner.limits.request_timeout;
        let timeout = ApiError::Timeout { budget: limit };
        let budget = Budget::within(limit);
        if len <= self.inner.limits.inline_max_bytes {
            let _slot = slot;
            return self.analyze_then(&input, &budget, finish);
        }
        let canceller = budget.canceller();
        let state = self.clone();
        let task = tokio::task::spawn_blocking(move || {
            let _slot = slot;
            state.analyze_then(&input, &budget, finish)
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

    /// The analysis of `input` within `budget`, made an answer by `finish`.
    fn analyze_then<T>(
        &self,
        input: &ArticleInput,
        budget: &Budget,
        finish: fn(Analysis) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let _gauge = self.inner.metrics.analysis_guard();
        let analysis =
            budget
                .run(|| (self.inner.analyze)(input))
                .map_err(|_| ApiError::Timeout {
                    budget: self.inner.limits.request_timeout,
                })??;
        finish(analysis)
    }
}

/// An analysis as JSON bytes.
fn to_json(analysis: Analysis) -> Result<Vec<u8>, ApiError> {
    serde_json::to_vec(&analysis).map_err(|e| {
        tracing::error!(error = %e, "result did not serialise");
        ApiError::Internal
    })
}

/// The CORS layer for `origins` (`*` alone: any origin), or none when the
/// list is empty. Preflights are answered by the layer itself, before
/// authentication (browsers send no credentials on a preflight); the real
/// request that follows still needs its key.
fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<&str> = origins
        .iter()
        .map(|o| o.trim())
        .filter(|o| !o.is_empty())
        .collect();
    if origins.is_empty() {
        return None;
    }
    let allow = if origins.contains(&"*") {
        AllowOrigin::any()
    } else {
        AllowOrigin::list(
            origins
                .iter()
                .filter_map(|o| axum::http::HeaderValue::from_str(o.trim_end_matches('/')).ok()),
        )
    };
    Some(
        CorsLayer::new()
            .allow_origin(allow)
            .allow_methods([
                axum::http::Method::GET,
                axum::http::Method::POST,
                axum::http::Method::DELETE,
            ])
            .allow_headers([
                axum::http::header::AUTHORIZATION,
                axum::http::header::CONTENT_TYPE,
                axum::http::header::CONTENT_ENCODING,
                HeaderName::from_static("x-request-id"),
            ])
            .expose_headers([HeaderName::from_static("x-request-id")])
            .max_age(Duration::from_secs(600)),
    )
}

/// Every route: (method, path, handler), in the order they are matched.
/// [`router`] is built from this table and the contract test reads it
/// (through [`routes`]), so what is served and what `openapi.yaml` lists
/// cannot drift apart unnoticed.
fn route_table() -> Vec<(&'static str, &'static str, MethodRouter<AppState>)> {
    vec![
        ("post", "/v1/analyze", post(handlers::analyze)),
        ("post", "/v1/analyze/batch", post(batch::analyze)),
        ("post", "/v1/articles", post(archive::store)),
        ("post", "/v1/articles/batch", post(batch::store)),
        ("get", "/v1/articles/{id}", get(archive::article)),
        ("delete", "/v1/articles/{id}", delete(archive::delete)),
        ("get", "/v1/relations", get(archive::relations)),
        ("get", "/v1/events", get(archive::events)),
        ("get", "/v1/timeline", get(archive::timeline)),
        ("get", "/v1/actors/{code}", get(archive::actor)),
        ("get", "/v1/taxonomy", get(handlers::taxonomy)),
        ("get", "/healthz", get(handlers::healthz)),
        ("get", "/readyz", get(handlers::readyz)),
        ("get", "/metrics", get(handlers::metrics)),
        ("get", "/openapi.yaml", get(handlers::openapi)),
        ("get", "/version", get(handlers::version)),
        ("get", "/", get(handlers::index)),
    ]
}

/// Every route the router serves: (method, path), method in lower case as
/// OpenAPI writes it.
pub fn routes() -> Vec<(&'static str, &'static str)> {
    route_table().into_iter().map(|(m, p, _)| (m, p)).collect()
}

/// Builds the service: routes, auth on `/v1`, problem fallbacks, metrics,
/// request ids, tracing and panic recovery.
///
/// Auth wraps every path under `/v1`, matched or not, so that without a
/// key every such request is 401: a wrong method (405) or a missing route
/// (404) would tell an unauthenticated client which routes exist.
pub fn router(state: AppState) -> Router {
    let x_request_id = HeaderName::from_static("x-request-id");
    // one method router per path, its methods merged in table order
    let mut paths: Vec<(&'static str, MethodRouter<AppState>)> = Vec::new();
    for (_, path, handler) in route_table() {
        match paths.iter_mut().find(|(p, _)| *p == path) {
            Some((_, methods)) => *methods = std::mem::take(methods).merge(handler),
            None => paths.push((path, handler)),
        }
    }
    let app = paths
        .into_iter()
        .fold(Router::new(), |app, (path, methods)| {
            app.route(path, methods)
        })
        .fallback(handlers::not_found)
        .method_not_allowed_fallback(handlers::method_not_allowed)
        .layer(
            ServiceBuilder::new()
                .layer(middleware::map_request(request_id::sanitize))
                .layer(SetRequestIdLayer::new(
                    x_request_id.clone(),
                    MakeRequestUuid,
                ))
                .layer(
                    TraceLayer::new_for_http()
                        .make_span_with(make_span)
                        .on_response(log_response)
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
                ))
                .layer(middleware::from_fn_with_state(
                    state.clone(),
                    auth::require_key,
                )),
        )
        .layer(CompressionLayer::new().gzip(true).br(true))
        .with_state(state.clone());
    match state.inner.cors.clone() {
        Some(cors) => app.layer(cors),
        None => app,
    }
}

/// One line per answered request, inside its span: the status and the
/// latency as a number of milliseconds (log pipelines sum and chart it).
fn log_response<B>(res: &axum::http::Response<B>, latency: Duration, _span: &tracing::Span) {
    tracing::info!(
        status = res.status().as_u16(),
        latency_ms = latency.as_secs_f64() * 1000.0,
        "finished processing request"
    );
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

/// The largest request head (request line and headers) a connection
/// reads, and the most it buffers at once: 64 KiB, answered 431 past it.
/// hyper's default, about 400 KiB, would let a thousand connections hold
/// 400 MiB of header buffers.
pub const MAX_HEAD_BYTES: usize = 64 * 1024;

/// Refusals (see [`Acceptor::refuse`]) written at once, each within
/// [`REFUSAL_TIME`]; past this many, a connection over the limit is closed
/// without an answer, so refusing costs a bounded number of sockets too.
const MAX_REFUSING: usize = 64;
const REFUSAL_TIME: Duration = Duration::from_secs(1);

/// The raw answer to a connection over `--max-connections`: 503
/// `overloaded` with `Retry-After`, then the connection closes.
static REFUSAL: LazyLock<Vec<u8>> = LazyLock::new(|| {
    let problem = ApiError::Saturated("the connection limit is reached").problem();
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    let mut raw = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: {}\r\nretry-after: 1\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
        error::PROBLEM_JSON,
        body.len()
    )
    .into_bytes();
    raw.extend_from_slice(&body);
    raw
});

/// On shutdown, how long a connection that has sent nothing yet may take
/// to send its request (at most the header timeout).
const FIRST_REQUEST_GRACE: Duration = Duration::from_secs(2);

/// Whether a connection has sent any bytes yet; wakes a waiter when it does.
#[derive(Default)]
struct FirstBytes {
    seen: AtomicBool,
    notify: Notify,
}

impl FirstBytes {
    fn mark(&self) {
        if !self.seen.swap(true, Ordering::SeqCst) {
            self.notify.notify_one();
        }
    }

    async fn wait(&self) {
        if !self.seen.load(Ordering::SeqCst) {
            self.notify.notified().await;
        }
    }
}

/// A client's socket that notes its first bytes read (see [`FirstBytes`]).
struct Watched {
    stream: TcpStream,
    first: Arc<FirstBytes>,
}

impl AsyncRead for Watched {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let read = std::pin::Pin::new(&mut self.stream).poll_read(cx, buf);
        if buf.filled().len() > before && !self.first.seen.load(Ordering::Relaxed) {
            self.first.mark();
        }
        read
    }
}

impl AsyncWrite for Watched {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_flush(cx)
    }

    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.stream).poll_shutdown(cx)
    }
}

/// Counts a connection open (and holds its place) until dropped.
struct Open {
    _place: OwnedSemaphorePermit,
    state: AppState,
}

impl Drop for Open {
    fn drop(&mut self) {
        self.state
            .inner
            .metrics
            .connections
            .fetch_sub(1, Ordering::Relaxed);
    }
}

/// Hands accepted connections to hyper, at most `--max-connections` at once.
struct Acceptor {
    app: Router,
    state: AppState,
    /// Turns true on shutdown; every connection task holds a receiver, so
    /// `closed()` resolves when the last one has ended.
    shutdown: watch::Sender<bool>,
    connections: Arc<Semaphore>,
    refusing: Arc<AtomicUsize>,
    header_timeout: Duration,
}

impl Acceptor {
    /// Serves `stream` on its own task, or refuses it over the limit.
    ///
    /// On shutdown a connection finishes the request it has begun and
    /// closes. One that has sent nothing yet was established before the
    /// listener closed, so its request is most likely on its way: it gets
    /// [`FIRST_REQUEST_GRACE`] to arrive (hyper alone would close such a
    /// connection at once, unanswered).
    fn take(&self, stream: TcpStream) {
        let _ = stream.set_nodelay(true);
        let Ok(place) = self.connections.clone().try_acquire_owned() else {
            self.refuse(stream);
            return;
        };
        self.state
            .inner
            .metrics
            .connections
            .fetch_add(1, Ordering::Relaxed);
        let open = Open {
            _place: place,
            state: self.state.clone(),
        };
        let first = Arc::new(FirstBytes::default());
        let io = TokioIo::new(Watched {
            stream,
            first: first.clone(),
        });
        let service = TowerToHyperService::new(self.app.clone());
        let mut http = hyper::server::conn::http1::Builder::new();
        http.timer(TokioTimer::new())
            .header_read_timeout(self.header_timeout)
            .max_header_size(MAX_HEAD_BYTES)
            .max_buf_size(MAX_HEAD_BYTES);
        let conn = http.serve_connection(io, service);
        let mut shutdown = self.shutdown.subscribe();
        let grace = FIRST_REQUEST_GRACE.min(self.header_timeout);
        tokio::spawn(async move {
            let _open = open;
            let mut conn = std::pin::pin!(conn);
            let ended = tokio::select! {
                ended = conn.as_mut() => Some(ended),
                _ = shutdown.wait_for(|down| *down) => None,
            };
            let ended = match ended {
                Some(ended) => ended,
                None => {
                    let early = tokio::select! {
                        ended = conn.as_mut() => Some(ended),
                        () = first.wait() => None,
                        () = tokio::time::sleep(grace) => None,
                    };
                    match early {
                        Some(ended) => ended,
                        None => {
                            conn.as_mut().graceful_shutdown();
                            conn.await
                        }
                    }
                }
            };
            if let Err(e) = ended {
                tracing::debug!(error = %e, "connection ended with an error");
            }
            drop(shutdown);
        });
    }

    /// Answers a connection over the limit with [`REFUSAL`] and closes it,
    /// reading what the client sent meanwhile (at most 64 KiB, at most
    /// [`REFUSAL_TIME`]) so that the close does not reset the connection
    /// before the client has read the answer.
    fn refuse(&self, stream: TcpStream) {
        self.state
            .inner
            .metrics
            .connections_refused
            .fetch_add(1, Ordering::Relaxed);
        if self.refusing.fetch_add(1, Ordering::SeqCst) >= MAX_REFUSING {
            self.refusing.fetch_sub(1, Ordering::SeqCst);
            return;
        }
        let refusing = self.refusing.clone();
        tokio::spawn(async move {
            let refusal = async move {
                let mut stream = stream;
                stream.write_all(&REFUSAL).await?;
                stream.shutdown().await?;
                let mut sink = [0u8; 4096];
                let mut read = 0;
                while read < 64 * 1024 {
                    match stream.read(&mut sink).await? {
                        0 => break,
                        n => read += n,
                    }
                }
                std::io::Result::Ok(())
            };
            let _ = tokio::time::timeout(REFUSAL_TIME, refusal).await;
            refusing.fetch_sub(1, Ordering::SeqCst);
        });
    }
}

/// The archive `--db` names; without one, [`crate::config::DEFAULT_DB`] in
/// the working directory, or (when that cannot be opened: a read-only
/// container) one in memory, with a warning.
async fn open_archive(cfg: &ServeConfig) -> anyhow::Result<crate::store::Archive> {
    match &cfg.db {
        Some(db) => {
            let archive = crate::store::open(db)
                .await
                .with_context(|| format!("opening the archive {}", redact(db)))?;
            tracing::info!(db = %redact(db), backend = archive.backend(), "archive open");
            Ok(archive)
        }
        None => match crate::store::open(crate::config::DEFAULT_DB).await {
            Ok(archive) => {
                tracing::info!(db = crate::config::DEFAULT_DB, "archive open");
                Ok(archive)
            }
            Err(e) => {
                tracing::warn!(error = %e, db = crate::config::DEFAULT_DB,
                    "the default archive did not open: keeping articles in memory only (set --db)");
                Ok(crate::store::Archive::memory()?)
            }
        },
    }
}

/// A database location without its password, for logs.
pub fn redact(db: &str) -> String {
    match (db.split_once("://"), db.rfind('@')) {
        (Some((scheme, rest)), Some(_)) => {
            let (auth, host) = rest.rsplit_once('@').unwrap_or(("", rest));
            let user = auth.split(':').next().unwrap_or("");
            format!("{scheme}://{user}:***@{host}")
        }
        _ => db.to_string(),
    }
}

/// Serves until SIGTERM or Ctrl-C, then stops accepting connections and
/// waits for in-flight requests, at most `shutdown_timeout`.
///
/// Each connection is HTTP/1.1 with a header read timeout and a 64 KiB
/// head ([`MAX_HEAD_BYTES`]), so a client that trickles its headers is cut
/// off; the body has its own timeout (see [`extract::read_body`]). At most
/// `max_connections` are served at once; one more is answered 503
/// `overloaded` and closed.
///
/// On the signal, the connections the kernel has already completed but
/// not yet handed over are accepted and served before the listener closes
/// (closing it would reset them), so every client whose connection was
/// established before the signal gets a complete answer.
pub async fn serve(cfg: ServeConfig) -> anyhow::Result<()> {
    let listener = tokio::net::TcpListener::bind(&cfg.addr)
        .await
        .with_context(|| format!("binding {}", cfg.addr))?;
    let addr = listener.local_addr()?;
    if cfg.api_keys.is_empty() && !addr.ip().is_loopback() {
        tracing::warn!(
            %addr,
            "no API keys are set and the address is not loopback: anyone who can reach it can use the API (set --api-keys or ATTACHE_API_KEYS)"
        );
    }
    let state = AppState::new(&cfg).with_archive(open_archive(&cfg).await?);
    let max_connections = cfg.max_connections.max(1);
    tracing::info!(
        %addr,
        body_limit = cfg.body_limit,
        body_memory = state.limits().body_memory,
        max_connections,
        concurrency_limit = state.limits().concurrency,
        queue_limit = cfg.queue_limit,
        batch_line_limit = cfg.batch_line_limit,
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
    let acceptor = Acceptor {
        app: router(state.clone()),
        state: state.clone(),
        shutdown: watch::Sender::new(false),
        connections: Arc::new(Semaphore::new(max_connections)),
        refusing: Arc::default(),
        header_timeout: cfg.header_timeout,
    };
    accept_until_signal(&listener, &acceptor).await;
    let late = accept_backlog(&listener, &acceptor, max_connections).await;
    drop(listener);
    state.start_draining();
    drain(acceptor.shutdown, late, cfg.shutdown_timeout).await;
    Ok(())
}

/// How long to back off after a failed accept (out of file descriptors,
/// mostly) before the next: a pause, not a busy loop of failures.
const ACCEPT_BACKOFF: Duration = Duration::from_millis(50);

/// Accepts connections until SIGTERM or Ctrl-C.
async fn accept_until_signal(listener: &tokio::net::TcpListener, acceptor: &Acceptor) {
    let signal = shutdown_signal();
    tokio::pin!(signal);
    loop {
        tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _peer)) => acceptor.take(stream),
                Err(e) => {
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(ACCEPT_BACKOFF).await;
                }
            },
            () = &mut signal => break,
        }
    }
}

/// Takes the connections already established and waiting in the
/// listener's backlog (at most `max_connections` more, since clients may
/// keep connecting); how many. The caller then stops accepting: from there
/// on new connections are refused.
async fn accept_backlog(
    listener: &tokio::net::TcpListener,
    acceptor: &Acceptor,
    max_connections: usize,
) -> usize {
    let mut late = 0;
    while late < max_connections {
        match std::future::poll_fn(|cx| Poll::Ready(listener.poll_accept(cx))).await {
            Poll::Ready(Ok((stream, _peer))) => {
                acceptor.take(stream);
                late += 1;
            }
            Poll::Ready(Err(_)) | Poll::Pending => break,
        }
    }
    late
}

/// Tells every connection to finish and waits for them, at most `timeout`.
async fn drain(shutdown: watch::Sender<bool>, late: usize, timeout: Duration) {
    tracing::info!(
        in_flight_connections = shutdown.receiver_count(),
        accepted_after_signal = late,
        "shutdown signal: draining in-flight requests"
    );
    let _ = shutdown.send(true);
    match tokio::time::timeout(timeout, shutdown.closed()).await {
        Ok(()) => tracing::info!("drained, exiting"),
        Err(_) => tracing::warn!(
            timeout_ms = timeout.as_millis() as u64,
            "shutdown timeout passed with requests still in flight; exiting"
        ),
    }
}
