//! The command-line tool: what `attache serve`, `analyze`, `ingest` and
//! `healthcheck` do once `main.rs` has parsed the arguments.
//!
//! - [`analyze`]: articles in, JSON, NDJSON, CSV or TSV out;
//! - [`ingest`]: articles into the archive;
//! - [`serve`] and [`healthcheck`]: the HTTP service and its probe.
//!
//! `anyhow` is used here, at the binary's edge, and nowhere in the core.

use std::io::{IsTerminal, Read, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use tracing_subscriber::EnvFilter;

use crate::config::{HealthcheckArgs, LogFormat, ServeConfig};

pub mod analyze;
pub mod ingest;
mod source;

pub use analyze::analyze;
pub use ingest::ingest;

/// Reads an operator's knowledge file and makes the resources with it
/// merged the process's own, before anything is analysed.
pub fn install_knowledge(path: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading knowledge file {}", path.display()))?;
    let res = crate::analysis::Resources::with_knowledge(&text)
        .with_context(|| format!("in {}", path.display()))?;
    anyhow::ensure!(
        crate::analysis::Resources::install(res),
        "knowledge loaded too late"
    );
    Ok(())
}

/// `attache serve`: logging set up, then the service on its own runtime.
pub fn serve(cfg: ServeConfig) -> anyhow::Result<ExitCode> {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,tower_http=info,axum=warn,hyper=warn"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match cfg.log_format {
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(true)
            // The request span once, not again in a list of spans.
            .with_span_list(false)
            .init(),
        LogFormat::Pretty => builder.init(),
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cfg.worker_threads())
        .enable_all()
        .build()?;
    let result = rt.block_on(crate::http::serve(cfg));
    // Analyses past their budget may still be running: do not wait for them.
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    result.map(|()| ExitCode::SUCCESS)
}

/// A bar on standard error for long runs on a terminal; hidden otherwise,
/// so pipes and logs see no control characters.
fn progress(len: usize) -> indicatif::ProgressBar {
    if len < 2 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new(len as u64);
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {pos}/{len} articles, {per_sec}, eta {eta}",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}

/// `attache healthcheck`: GET /healthz on the configured address.
pub fn healthcheck(args: &HealthcheckArgs) -> anyhow::Result<ExitCode> {
    use std::net::{TcpStream, ToSocketAddrs};
    let addr = args
        .addr
        .replace("0.0.0.0", "127.0.0.1")
        .replace("[::]", "[::1]");
    let target = addr
        .to_socket_addrs()
        .with_context(|| format!("resolving {addr}"))?
        .next()
        .with_context(|| format!("no address for {addr}"))?;
    let mut stream = TcpStream::connect_timeout(&target, args.timeout)
        .with_context(|| format!("connecting to {target}"))?;
    stream.set_read_timeout(Some(args.timeout))?;
    stream.set_write_timeout(Some(args.timeout))?;
    write!(
        stream,
        "GET /healthz HTTP/1.1\r\nHost: {target}\r\nConnection: close\r\n\r\n"
    )?;
    let mut head = [0u8; 32];
    let n = stream.read(&mut head)?;
    let status = String::from_utf8_lossy(&head[..n]);
    if status.starts_with("HTTP/1.1 200") || status.starts_with("HTTP/1.0 200") {
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!(
            "attache: {target} answered {:?}",
            status.lines().next().unwrap_or("")
        );
        Ok(ExitCode::FAILURE)
    }
}
