//! Command-line flags and environment variables: one clap struct per command.
//!
//! Every `serve` flag can also be set by an environment variable of the same
//! name, upper-cased, with an `ATTACHE_` prefix: `--body-limit` is
//! `ATTACHE_BODY_LIMIT`, `--api-keys` is `ATTACHE_API_KEYS`. Flags win.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::analysis::{OffsetUnit, Part};

#[derive(Debug, Parser)]
#[command(
    name = "attache",
    version,
    about = "Reads news articles and returns entities, quotes and diplomatic-relation facts"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the HTTP service.
    Serve(ServeConfig),
    /// Analyse files, directories or `-` (standard input) and print JSON.
    Analyze(AnalyzeArgs),
    /// Analyse articles and store them in the archive (files, directories,
    /// NDJSON files of `POST /v1/articles` bodies).
    Ingest(IngestArgs),
    /// Exit 0 when a running `attache serve` answers `GET /healthz` (for a
    /// container's HEALTHCHECK, without curl in the image).
    Healthcheck(HealthcheckArgs),
}

/// Arguments of `attache healthcheck`.
#[derive(Debug, Clone, Args)]
pub struct HealthcheckArgs {
    /// The service's address, as given to `serve` (`0.0.0.0` and `[::]`
    /// are checked on loopback).
    #[arg(long, env = "ATTACHE_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,
    /// How long to wait for the answer.
    #[arg(long, default_value = "3s", value_parser = parse_duration)]
    pub timeout: Duration,
}

/// How `attache analyze` prints its results.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// One JSON document (pretty on a terminal); the default for one input.
    Json,
    /// One JSON line per article; the default for several.
    Ndjson,
    /// Comma-separated rows of `--what`, one header line.
    Csv,
    /// Tab-separated rows of `--what`, one header line.
    Tsv,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Pretty,
    /// One JSON object per line.
    Json,
}

/// Configuration of `attache serve`.
#[derive(Debug, Clone, Args)]
pub struct ServeConfig {
    /// Address to listen on.
    #[arg(long, env = "ATTACHE_ADDR", default_value = "0.0.0.0:8080")]
    pub addr: String,
    /// Largest request body accepted, in bytes (suffixes K, KiB, M, MiB allowed).
    #[arg(long, env = "ATTACHE_BODY_LIMIT", default_value = "1MiB", value_parser = parse_size)]
    pub body_limit: usize,
    /// Analyses running at once; further requests get 503 `overloaded`.
    /// Default: the number of cores.
    #[arg(long, env = "ATTACHE_CONCURRENCY_LIMIT")]
    pub concurrency_limit: Option<usize>,
    /// Requests that may wait for an analysis slot (each at most the request
    /// timeout); past this many waiting, 503 `overloaded` at once.
    #[arg(long, env = "ATTACHE_QUEUE_LIMIT", default_value_t = 64)]
    pub queue_limit: usize,
    /// Lines one `POST /v1/analyze/batch` may have; more: 413 `batch_too_large`.
    #[arg(long, env = "ATTACHE_BATCH_LINE_LIMIT", default_value_t = 1000)]
    pub batch_line_limit: usize,
    /// Connections open at once; a connection past this many is answered
    /// 503 `overloaded` (with `Retry-After`) and closed.
    #[arg(long, env = "ATTACHE_MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,
    /// Memory all request bodies being read may take together (suffixes as
    /// for the body limit; never less than the body limit); a body whose
    /// bytes would pass it is answered 503 `overloaded`.
    #[arg(long, env = "ATTACHE_BODY_MEMORY", default_value = "128MiB", value_parser = parse_size)]
    pub body_memory: usize,
    /// Time budget of one analysis (`10s`, `500ms`, or seconds); over it: 503 `timeout`.
    #[arg(long, env = "ATTACHE_REQUEST_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub request_timeout: Duration,
    /// Time a client has to send its request headers; over it the connection is closed.
    #[arg(long, env = "ATTACHE_HEADER_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub header_timeout: Duration,
    /// Time a client has to send its whole request body; over it: 408 `body_timeout`.
    #[arg(long, env = "ATTACHE_BODY_TIMEOUT", default_value = "10s", value_parser = parse_duration)]
    pub body_timeout: Duration,
    /// On SIGTERM or Ctrl-C, how long in-flight requests may take to finish.
    #[arg(long, env = "ATTACHE_SHUTDOWN_TIMEOUT", default_value = "20s", value_parser = parse_duration)]
    pub shutdown_timeout: Duration,
    /// API keys, comma-separated. When set, `/v1/*` needs `Authorization: Bearer <key>`.
    /// None: the API is open.
    #[arg(
        long,
        env = "ATTACHE_API_KEYS",
        value_delimiter = ',',
        hide_env_values = true
    )]
    pub api_keys: Vec<String>,
    /// Log format.
    #[arg(long, env = "ATTACHE_LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,
    /// Origins whose browser pages may call `/v1/*` (CORS), comma-separated,
    /// e.g. `https://cms.example.org`; `*` allows any origin. None: no CORS
    /// headers, so browsers on other origins are refused.
    #[arg(long, env = "ATTACHE_CORS_ORIGINS", value_delimiter = ',')]
    pub cors_origins: Vec<String>,
    /// An authority list of people and organisations (TSV, see README),
    /// loaded at start-up and merged with the embedded knowledge.
    #[arg(long, env = "ATTACHE_KNOWLEDGE")]
    pub knowledge: Option<PathBuf>,
    /// The archive of `/v1/articles`: a SQLite file path (created when
    /// missing; `:memory:` for none kept) or a `postgres://user:pass@host/db`
    /// URL. Default: `attache.db` in the working directory (in memory when
    /// that cannot be written).
    #[arg(long, env = "ATTACHE_DB", hide_env_values = true)]
    pub db: Option<String>,
}

/// The archive file `serve` and `ingest` use without `--db`.
pub const DEFAULT_DB: &str = "attache.db";

impl Default for ServeConfig {
    fn default() -> Self {
        Self {
            addr: "0.0.0.0:8080".into(),
            body_limit: 1 << 20,
            concurrency_limit: None,
            queue_limit: 64,
            batch_line_limit: 1000,
            max_connections: 1024,
            body_memory: 128 << 20,
            request_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            shutdown_timeout: Duration::from_secs(20),
            api_keys: Vec::new(),
            log_format: LogFormat::Pretty,
            cors_origins: Vec::new(),
            knowledge: None,
            db: None,
        }
    }
}

/// The cores this process may use (2 when that cannot be told).
fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

impl ServeConfig {
    /// The concurrency limit, defaulting to the number of cores.
    pub fn concurrency(&self) -> usize {
        self.concurrency_limit.unwrap_or_else(cores).max(1)
    }

    /// The runtime's worker threads: one more than analyses may run at
    /// once (at most one per core), so that with every analysis slot busy
    /// on a worker (small articles run on the request's task) one is still
    /// free for I/O: health checks, reading bodies.
    pub fn worker_threads(&self) -> usize {
        self.concurrency().min(cores()) + 1
    }

    /// The memory budget of bodies being read: at least one body at the limit.
    pub fn body_memory(&self) -> usize {
        self.body_memory.max(self.body_limit)
    }
}

/// Arguments of `attache analyze`.
#[derive(Debug, Clone, Args)]
pub struct AnalyzeArgs {
    /// Files or directories (read in name order); `-` reads standard input.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Treat the input as HTML. Without it, a `.html`/`.htm` file, or input
    /// that starts like a page (`<!doctype`, `<html`, after any blank or
    /// comment), is read as HTML, and anything else as text.
    #[arg(long, conflicts_with = "text")]
    pub html: bool,
    /// Treat the input as text, whatever its name or first bytes.
    #[arg(long)]
    pub text: bool,
    /// Unit of every `start`/`end`: codepoint, utf16 or utf8.
    #[arg(long, default_value = "codepoint")]
    pub offset_unit: OffsetUnit,
    /// Parts to return, comma-separated (clean_text, entities, quotes, relations). Default: all.
    #[arg(long, value_delimiter = ',')]
    pub include: Option<Vec<Part>>,
    /// Publication date (YYYY-MM-DD), the reference for relative dates.
    #[arg(long)]
    pub published: Option<chrono::NaiveDate>,
    /// Print one compact JSON line even for one article on a terminal.
    #[arg(long)]
    pub compact: bool,
    /// Output format: json, ndjson, csv or tsv. Default: json for one
    /// input, ndjson for several. Every NDJSON line carries `source`, the
    /// input's path.
    #[arg(long, value_enum)]
    pub format: Option<OutputFormat>,
    /// With csv or tsv: the rows, one per relation (default), entity or quote.
    #[arg(long, value_enum, default_value_t = crate::table::What::Relations)]
    pub what: crate::table::What,
    /// Write one result file per input into this directory, named after the
    /// input (`dir/a.txt` → `OUT/a.json`, or `.csv`/`.tsv`), instead of
    /// printing.
    #[arg(short = 'o', long = "output")]
    pub output: Option<PathBuf>,
    /// An authority list of people and organisations (TSV, see README),
    /// merged with the embedded knowledge.
    #[arg(long, env = "ATTACHE_KNOWLEDGE")]
    pub knowledge: Option<PathBuf>,
}

/// Arguments of `attache ingest`.
#[derive(Debug, Clone, Args)]
pub struct IngestArgs {
    /// Files or directories (walked in name order). A `.ndjson` or
    /// `.jsonl` file holds one `POST /v1/articles` body per line; any other
    /// file is one article (HTML by name or content, as `analyze` decides)
    /// whose id is its path under the directory given, `/` made `-`,
    /// without extension.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// The archive: a SQLite file or a `postgres://` URL (as `serve --db`).
    #[arg(long, env = "ATTACHE_DB", hide_env_values = true)]
    pub db: Option<String>,
    /// The outlet of every article read from a file (NDJSON lines give
    /// their own).
    #[arg(long)]
    pub outlet: Option<String>,
    /// Publication date (YYYY-MM-DD) of every article read from a file.
    #[arg(long)]
    pub published: Option<chrono::NaiveDate>,
    /// Treat files as HTML.
    #[arg(long, conflicts_with = "text")]
    pub html: bool,
    /// Treat files as text.
    #[arg(long)]
    pub text: bool,
    /// An authority list of people and organisations (TSV, see README),
    /// merged with the embedded knowledge.
    #[arg(long, env = "ATTACHE_KNOWLEDGE")]
    pub knowledge: Option<PathBuf>,
}

/// Parses a byte size: `1048576`, `512K`, `512KiB`, `1M`, `1MiB` (K and M are binary).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: usize = num
        .parse()
        .map_err(|_| format!("{s:?} is not a size (e.g. 1048576, 512KiB, 1MiB)"))?;
    let mult = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        other => {
            return Err(format!(
                "unknown size unit {other:?} (K, KiB, M, MiB, G, GiB)"
            ));
        }
    };
    n.checked_mul(mult)
        .ok_or_else(|| format!("{s:?} is too large"))
}

/// Parses a duration: `10` (seconds), `10s`, `500ms`, `2m`.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    let split = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(s.len());
    let (num, unit) = s.split_at(split);
    let n: f64 = num
        .parse()
        .map_err(|_| format!("{s:?} is not a duration (e.g. 10s, 500ms, 2m)"))?;
    let secs = match unit.trim() {
        "" | "s" => n,
        "ms" => n / 1000.0,
        "m" | "min" => n * 60.0,
        other => return Err(format!("unknown duration unit {other:?} (ms, s, m)")),
    };
    Duration::try_from_secs_f64(secs).map_err(|e| format!("{s:?}: {e}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes() {
        for (input, want) in [
            ("1048576", Ok(1 << 20)),
            ("1MiB", Ok(1 << 20)),
            ("512K", Ok(512 << 10)),
            ("2 mb", Ok(2 << 20)),
            ("10x", Err(())),
            ("", Err(())),
        ] {
            assert_eq!(parse_size(input).map_err(|_| ()), want, "{input}");
        }
    }

    #[test]
    fn durations() {
        for (input, want) in [
            ("10", Some(Duration::from_secs(10))),
            ("10s", Some(Duration::from_secs(10))),
            ("250ms", Some(Duration::from_millis(250))),
            ("2m", Some(Duration::from_secs(120))),
            ("1.5s", Some(Duration::from_millis(1500))),
            ("soon", None),
            ("-1s", None),
        ] {
            assert_eq!(parse_duration(input).ok(), want, "{input}");
        }
    }

    #[test]
    fn env_and_flags_share_names() {
        use clap::CommandFactory;
        let cmd = Cli::command();
        let serve = cmd.find_subcommand("serve").unwrap();
        for arg in serve.get_arguments() {
            let Some(long) = arg.get_long() else { continue };
            if long == "help" {
                continue;
            }
            let env = arg.get_env().expect("every serve flag has an env var");
            let want = format!("ATTACHE_{}", long.to_uppercase().replace('-', "_"));
            assert_eq!(env.to_str().unwrap(), want);
        }
    }
}
