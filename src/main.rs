//! The `attache` binary: arguments, logging, dispatch. Everything else lives
//! in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use attache::analysis::{Analyzer, ArticleInput, Body, Options};
use attache::config::{AnalyzeArgs, Cli, Command, LogFormat, ServeConfig};
use clap::Parser;
use rayon::prelude::*;
use tracing_subscriber::EnvFilter;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve(cfg) => serve(cfg),
        Command::Analyze(args) => analyze(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("attache: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn serve(cfg: ServeConfig) -> anyhow::Result<ExitCode> {
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
            .init(),
        LogFormat::Pretty => builder.init(),
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cfg.worker_threads())
        .enable_all()
        .build()?;
    let result = rt.block_on(attache::http::serve(cfg));
    // Analyses past their budget may still be running: do not wait for them.
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    result.map(|()| ExitCode::SUCCESS)
}

/// One input of `attache analyze`: a file, or standard input.
enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    fn name(&self) -> String {
        match self {
            Self::Stdin => "-".into(),
            Self::File(p) => p.display().to_string(),
        }
    }

    fn read(&self) -> anyhow::Result<String> {
        let bytes = match self {
            Self::Stdin => {
                let mut b = Vec::new();
                std::io::stdin()
                    .read_to_end(&mut b)
                    .context("reading standard input")?;
                b
            }
            Self::File(p) => {
                std::fs::read(p).with_context(|| format!("reading {}", p.display()))?
            }
        };
        String::from_utf8(bytes).map_err(|e| {
            anyhow::anyhow!(
                "{} is not UTF-8 (first invalid byte at offset {})",
                self.name(),
                e.utf8_error().valid_up_to()
            )
        })
    }
}

/// Files under `dir`, recursively, in name order; hidden entries skipped.
fn walk(dir: &Path, out: &mut Vec<Source>) -> anyhow::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("listing {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else {
            out.push(Source::File(p));
        }
    }
    Ok(())
}

/// Whether to read a source as HTML: `--html` or `--text` decide; else a
/// `.html`/`.htm` name, or text that starts like a page.
fn is_html(src: &Source, text: &str, args: &AnalyzeArgs) -> bool {
    if args.html || args.text {
        return args.html;
    }
    let by_name = matches!(src, Source::File(p) if p
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")));
    by_name || attache::analysis::html::looks_like_page(text)
}

/// Analyses one source: the result's JSON, or why it failed.
fn analyze_one(src: &Source, args: &AnalyzeArgs, pretty: bool) -> anyhow::Result<String> {
    let text = src.read()?;
    let body = if is_html(src, &text, args) {
        Body::Html(text)
    } else {
        Body::Text(text)
    };
    let with_name = |e: attache::analysis::InputError| anyhow::anyhow!("{}: {e}", src.name());
    let mut input = ArticleInput::new(body).map_err(with_name)?;
    input.published = args.published;
    input.options = Options {
        offset_unit: args.offset_unit,
        include: args.include.clone(),
    };
    let analysis = Analyzer::embedded()
        .try_analyze(&input)
        .map_err(with_name)?;
    Ok(if pretty {
        serde_json::to_string_pretty(&analysis)?
    } else {
        serde_json::to_string(&analysis)?
    })
}

/// `attache analyze`: one input prints its JSON (pretty on a terminal);
/// several, or a directory, print one NDJSON line per article in input
/// order, analysed on every core. A failed input prints an error line
/// (`{"file": …, "error": …}`) in its place and makes the exit code 1.
fn analyze(args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let mut sources = Vec::new();
    let mut many = args.inputs.len() > 1;
    for p in &args.inputs {
        if p.as_os_str() == "-" {
            sources.push(Source::Stdin);
        } else if p.is_dir() {
            many = true;
            walk(p, &mut sources)?;
        } else {
            sources.push(Source::File(p.clone()));
        }
    }
    let stdout = std::io::stdout();
    if !many {
        let pretty = !args.compact && stdout.is_terminal();
        let src = sources.first().context("no input")?;
        return match analyze_one(src, args, pretty) {
            Ok(json) => {
                writeln!(stdout.lock(), "{json}")?;
                Ok(ExitCode::SUCCESS)
            }
            Err(e) => {
                eprintln!("attache: {e:#}");
                Ok(ExitCode::FAILURE)
            }
        };
    }
    // Windows of articles analysed in parallel, printed in order as each
    // window ends: every core busy, memory bounded by the window.
    let window = 64 * rayon::current_num_threads();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = false;
    for chunk in sources.chunks(window) {
        let results: Vec<anyhow::Result<String>> = chunk
            .par_iter()
            .map(|src| analyze_one(src, args, false))
            .collect();
        for (src, r) in chunk.iter().zip(results) {
            match r {
                Ok(json) => writeln!(out, "{json}")?,
                Err(e) => {
                    failed = true;
                    eprintln!("attache: {e:#}");
                    let line = serde_json::json!({"file": src.name(), "error": format!("{e:#}")});
                    writeln!(out, "{line}")?;
                }
            }
        }
        out.flush()?;
    }
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}
