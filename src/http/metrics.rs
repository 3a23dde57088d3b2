//! Prometheus metrics, kept in memory and written in the text exposition format.
//!
//! - `attache_http_requests_total{route,method,status}` — answered requests;
//! - `attache_http_request_duration_seconds{route}` — latency histogram;
//! - `attache_http_requests_in_flight` — requests being served now;
//! - `attache_http_errors_total{code}` — problem responses by `code`;
//! - `attache_batch_lines_total{outcome}` — batch lines, `ok` or a problem `code`;
//! - `attache_analyses_in_progress` — analyses holding a concurrency slot;
//! - `attache_analysis_queue_length` — requests waiting for a slot;
//! - `attache_http_connections_open` — connections being served;
//! - `attache_http_connections_refused_total` — connections over `--max-connections`;
//! - `attache_http_body_bytes_reading` — buffer bytes of bodies being read.
//!
//! `route` is the router's matched path (`/v1/analyze`), or `unmatched`;
//! `method` is a standard method's name, or `other`: a client cannot grow
//! the label set.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;
use super::error::ProblemCode;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 14] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Debug, Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, secs: f64) {
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                self.counts[i] += 1;
            }
        }
        self.count += 1;
        self.sum += secs;
    }
}

#[derive(Debug, Default)]
struct Tables {
    requests: BTreeMap<(String, String, u16), u64>,
    latency: BTreeMap<String, Histogram>,
    errors: BTreeMap<&'static str, u64>,
    batch_lines: BTreeMap<&'static str, u64>,
}

/// The service's counters. Cheap to update; rendered on `GET /metrics`.
#[derive(Debug, Default)]
pub struct Metrics {
    tables: Mutex<Tables>,
    in_flight: AtomicI64,
    analyses: AtomicI64,
    /// Requests waiting for an analysis slot (the bounded queue).
    pub(super) waiting: AtomicUsize,
    /// Connections being served.
    pub(super) connections: AtomicI64,
    /// Connections refused over the connection limit.
    pub(super) connections_refused: AtomicU64,
    /// Buffer bytes of bodies being read (the body budget's count).
    pub(super) body_bytes: Arc<AtomicUsize>,
}

impl Metrics {
    fn tables(&self) -> std::sync::MutexGuard<'_, Tables> {
        // A panic while holding the lock leaves plain counters: still usable.
        self.tables.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Records one answered request.
    pub fn record(
        &self,
        route: &str,
        method: &str,
        status: u16,
        secs: f64,
        code: Option<&'static str>,
    ) {
        let mut t = self.tables();
        *t.requests
            .entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        t.latency
            .entry(route.to_string())
            .or_default()
            .observe(secs);
        if let Some(code) = code {
            *t.errors.entry(code).or_default() += 1;
        }
    }

    /// Records one batch line: `ok` or the problem code it answered with.
    pub fn record_batch_line(&self, outcome: &'static str) {
        *self.tables().batch_lines.entry(outcome).or_default() += 1;
    }

    /// Counts an analysis holding a slot, until the guard drops.
    pub fn analysis_guard(&self) -> AnalysisGuard<'_> {
        self.analyses.fetch_add(1, Ordering::Relaxed);
        AnalysisGuard(&self.analyses)
    }

    /// The Prometheus text exposition (format 0.0.4).
    pub fn render(&self) -> String {
        let t = self.tables();
        let mut s = String::with_capacity(4096);
        requests(&mut s, &t);
        latency(&mut s, &t);
        self.gauges(&mut s);
        outcomes(&mut s, &t);
        build_info(&mut s);
        process(&mut s);
        s
    }

    /// The gauges and counters kept outside the tables.
    fn gauges(&self, s: &mut String) {
        scalar(
            s,
            "attache_http_requests_in_flight",
            "gauge",
            "Requests being served now.",
            self.in_flight.load(Ordering::Relaxed),
        );
        scalar(
            s,
            "attache_analyses_in_progress",
            "gauge",
            "Analyses holding a concurrency slot.",
            self.analyses.load(Ordering::Relaxed),
        );
        scalar(
            s,
            "attache_analysis_queue_length",
            "gauge",
            "Requests waiting for an analysis slot.",
            self.waiting.load(Ordering::Relaxed),
        );
        scalar(
            s,
            "attache_http_connections_open",
            "gauge",
            "Connections being served.",
            self.connections.load(Ordering::Relaxed),
        );
        scalar(
            s,
            "attache_http_connections_refused_total",
            "counter",
            "Connections refused over the connection limit.",
            self.connections_refused.load(Ordering::Relaxed),
        );
        scalar(
            s,
            "attache_http_body_bytes_reading",
            "gauge",
            "Buffer bytes of request bodies being read.",
            self.body_bytes.load(Ordering::Relaxed),
        );
    }
}

/// Requests answered, by route, method and status.
fn requests(s: &mut String, t: &Tables) {
    s.push_str(
        "# HELP attache_http_requests_total HTTP requests answered, by route, method and status.\n",
    );
    s.push_str("# TYPE attache_http_requests_total counter\n");
    for ((route, method, status), n) in &t.requests {
        let _ = writeln!(
            s,
            "attache_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
            escape(route),
            escape(method)
        );
    }
}

/// The latency histogram of each route.
fn latency(s: &mut String, t: &Tables) {
    s.push_str("# HELP attache_http_request_duration_seconds Time from request to response head, by route.\n");
    s.push_str("# TYPE attache_http_request_duration_seconds histogram\n");
    for (route, h) in &t.latency {
        let route = escape(route);
        for (le, n) in BUCKETS.iter().zip(h.counts) {
            let _ = writeln!(
                s,
                "attache_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"{le}\"}} {n}"
            );
        }
        let _ = writeln!(
            s,
            "attache_http_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}",
            h.count
        );
        let _ = writeln!(
            s,
            "attache_http_request_duration_seconds_sum{{route=\"{route}\"}} {}",
            h.sum
        );
        let _ = writeln!(
            s,
            "attache_http_request_duration_seconds_count{{route=\"{route}\"}} {}",
            h.count
        );
    }
}

/// Problem responses by code, and batch lines by outcome.
fn outcomes(s: &mut String, t: &Tables) {
    s.push_str("# HELP attache_http_errors_total Problem responses, by code.\n");
    s.push_str("# TYPE attache_http_errors_total counter\n");
    for (code, n) in &t.errors {
        let _ = writeln!(s, "attache_http_errors_total{{code=\"{code}\"}} {n}");
    }
    s.push_str("# HELP attache_batch_lines_total Batch lines answered: ok, or the problem code.\n");
    s.push_str("# TYPE attache_batch_lines_total counter\n");
    for (outcome, n) in &t.batch_lines {
        let _ = writeln!(s, "attache_batch_lines_total{{outcome=\"{outcome}\"}} {n}");
    }
}

/// One metric without labels: its HELP and TYPE lines, then its value.
fn scalar(s: &mut String, name: &str, kind: &str, help: &str, value: impl std::fmt::Display) {
    let _ = writeln!(
        s,
        "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {value}"
    );
}

/// `attache_build_info{version,schema_version,commit} 1`, the usual way to
/// expose what is running as a metric.
fn build_info(s: &mut String) {
    let info = super::version::info();
    s.push_str(
        "# HELP attache_build_info The running build: version, result schema version, commit.\n",
    );
    s.push_str("# TYPE attache_build_info gauge\n");
    let _ = writeln!(
        s,
        "attache_build_info{{version=\"{}\",schema_version=\"{}\",commit=\"{}\"}} 1",
        info.version,
        info.schema_version,
        info.commit.unwrap_or("unknown")
    );
}

/// The standard `process_*` metrics (as the Prometheus client libraries
/// write them), read from `/proc/self`; on a system without it they are
/// left out rather than reported as zero.
fn process(s: &mut String) {
    let Some(p) = ProcessStats::read() else {
        return;
    };
    let gauges: [(&str, &str, &str, f64); 5] = [
        (
            "process_cpu_seconds_total",
            "counter",
            "Total user and system CPU time spent in seconds.",
            p.cpu_seconds,
        ),
        (
            "process_resident_memory_bytes",
            "gauge",
            "Resident memory size in bytes.",
            p.rss_bytes,
        ),
        (
            "process_virtual_memory_bytes",
            "gauge",
            "Virtual memory size in bytes.",
            p.vsize_bytes,
        ),
        (
            "process_open_fds",
            "gauge",
            "Number of open file descriptors.",
            p.open_fds,
        ),
        (
            "process_start_time_seconds",
            "gauge",
            "Start time of the process since unix epoch in seconds.",
            p.start_time_seconds,
        ),
    ];
    for (name, kind, help, value) in gauges {
        scalar(s, name, kind, help, value);
    }
    if let Some(max) = p.max_fds {
        scalar(
            s,
            "process_max_fds",
            "gauge",
            "Maximum number of open file descriptors.",
            max,
        );
    }
}

/// What `/proc/self` says about this process.
#[derive(Debug, Clone, PartialEq)]
struct ProcessStats {
    cpu_seconds: f64,
    rss_bytes: f64,
    vsize_bytes: f64,
    open_fds: f64,
    max_fds: Option<f64>,
    start_time_seconds: f64,
}

impl ProcessStats {
    /// Clock ticks per second and page size as Linux reports them on every
    /// platform Attaché is built for (`getconf CLK_TCK`, `getconf PAGESIZE`).
    const TICKS: f64 = 100.0;
    const PAGE: f64 = 4096.0;

    fn read() -> Option<Self> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        let boot = std::fs::read_to_string("/proc/stat").ok()?;
        let open_fds = std::fs::read_dir("/proc/self/fd").ok()?.count() as f64;
        let limits = std::fs::read_to_string("/proc/self/limits").unwrap_or_default();
        let mut p = Self::parse(&stat, &boot, &limits)?;
        p.open_fds = open_fds;
        Some(p)
    }

    /// Parses `/proc/self/stat` (fields after the parenthesised command
    /// name, which may hold spaces), `btime` from `/proc/stat` and the
    /// soft "Max open files" from `/proc/self/limits`.
    fn parse(stat: &str, proc_stat: &str, limits: &str) -> Option<Self> {
        let rest = &stat[stat.rfind(')')? + 1..];
        let f: Vec<&str> = rest.split_whitespace().collect();
        // After the name: state is field 3, so field N is f[N - 3].
        let num = |n: usize| f.get(n - 3).and_then(|v| v.parse::<f64>().ok());
        let btime = proc_stat
            .lines()
            .find_map(|l| l.strip_prefix("btime "))
            .and_then(|v| v.trim().parse::<f64>().ok())?;
        let max_fds = limits
            .lines()
            .find(|l| l.starts_with("Max open files"))
            .and_then(|l| l.split_whitespace().nth(3))
            .and_then(|v| v.parse::<f64>().ok());
        Some(Self {
            cpu_seconds: (num(14)? + num(15)?) / Self::TICKS,
            rss_bytes: num(24)? * Self::PAGE,
            vsize_bytes: num(23)?,
            open_fds: 0.0,
            max_fds,
            start_time_seconds: btime + num(22)? / Self::TICKS,
        })
    }
}

/// Decrements the analyses gauge when dropped.
pub struct AnalysisGuard<'a>(&'a AtomicI64);

impl Drop for AnalysisGuard<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The `method` label: a standard method's name, any other token `other`
/// (methods are client-chosen tokens of any length).
fn method_label(method: &str) -> &'static str {
    match method {
        "GET" => "GET",
        "HEAD" => "HEAD",
        "POST" => "POST",
        "PUT" => "PUT",
        "DELETE" => "DELETE",
        "PATCH" => "PATCH",
        "OPTIONS" => "OPTIONS",
        "CONNECT" => "CONNECT",
        "TRACE" => "TRACE",
        _ => "other",
    }
}

/// Escapes a label value (backslash, quote, newline).
fn escape(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Middleware: counts the request in flight, then records route, status,
/// latency and problem code.
pub async fn track(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map_or("unmatched", |p| p.as_str())
        .to_string();
    let method = method_label(req.method().as_str());
    let metrics = &state.inner.metrics;
    metrics.in_flight.fetch_add(1, Ordering::Relaxed);
    let start = Instant::now();
    let res = next.run(req).await;
    metrics.in_flight.fetch_sub(1, Ordering::Relaxed);
    let code = res.extensions().get::<ProblemCode>().map(|c| c.0);
    if let Some(code) = code {
        tracing::info!(code, status = res.status().as_u16(), "problem answered");
    }
    metrics.record(
        &route,
        method,
        res.status().as_u16(),
        start.elapsed().as_secs_f64(),
        code,
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn process_stats_parse_proc_lines() {
        let stat = "4242 (attache serve) S 1 4242 4242 0 -1 4194560 600 0 0 0 250 50 0 0 20 0 6 0 1000 104857600 2560 18446744073709551615";
        let boot = "cpu  1 2 3\nbtime 1700000000\nprocesses 9\n";
        let limits = "Limit                     Soft Limit           Hard Limit           Units\nMax open files            1024                 4096                 files\n";
        let p = ProcessStats::parse(stat, boot, limits).unwrap();
        assert_eq!(p.cpu_seconds, 3.0);
        assert_eq!(p.rss_bytes, 2560.0 * 4096.0);
        assert_eq!(p.vsize_bytes, 104857600.0);
        assert_eq!(p.start_time_seconds, 1700000010.0);
        assert_eq!(p.max_fds, Some(1024.0));
    }

    #[test]
    fn renders_process_and_build_info() {
        let text = Metrics::default().render();
        assert!(text.contains("attache_build_info{version=\""), "{text}");
        if std::path::Path::new("/proc/self/stat").exists() {
            for name in [
                "process_cpu_seconds_total",
                "process_resident_memory_bytes",
                "process_open_fds",
            ] {
                assert!(text.contains(&format!("\n{name} ")), "{name} missing");
            }
        }
    }

    #[test]
    fn renders_counters_and_histogram() {
        let m = Metrics::default();
        m.record("/healthz", "GET", 200, 0.0002, None);
        m.record("/v1/analyze", "POST", 413, 0.003, Some("body_too_large"));
        m.record_batch_line("ok");
        let text = m.render();
        for want in [
            "attache_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1",
            "attache_http_request_duration_seconds_bucket{route=\"/healthz\",le=\"0.0005\"} 1",
            "attache_http_request_duration_seconds_bucket{route=\"/v1/analyze\",le=\"0.0025\"} 0",
            "attache_http_request_duration_seconds_bucket{route=\"/v1/analyze\",le=\"0.005\"} 1",
            "attache_http_request_duration_seconds_count{route=\"/v1/analyze\"} 1",
            "attache_http_errors_total{code=\"body_too_large\"} 1",
            "attache_batch_lines_total{outcome=\"ok\"} 1",
            "attache_http_requests_in_flight 0",
        ] {
            assert!(text.contains(want), "missing {want:?} in\n{text}");
        }
    }

    #[test]
    fn unknown_methods_share_one_label() {
        for (method, want) in [
            ("GET", "GET"),
            ("OPTIONS", "OPTIONS"),
            ("get", "other"),
            ("PROPFIND", "other"),
            ("XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "other"),
        ] {
            assert_eq!(method_label(method), want, "{method}");
        }
    }

    #[test]
    fn escapes_label_values() {
        assert_eq!(escape("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
