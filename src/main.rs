//! The `attache` binary: arguments, logging, dispatch. Everything else lives
//! in the library.

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use attache::analysis::Analysis;
use attache::analysis::{Analyzer, ArticleInput, Body, Options};
use attache::config::{
    AnalyzeArgs, Cli, Command, HealthcheckArgs, IngestArgs, LogFormat, OutputFormat, ServeConfig,
};
use attache::table;
use clap::Parser;
use rayon::prelude::*;
use tracing_subscriber::EnvFilter;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let knowledge = match &cli.command {
        Command::Serve(cfg) => cfg.knowledge.as_deref(),
        Command::Analyze(args) => args.knowledge.as_deref(),
        Command::Ingest(args) => args.knowledge.as_deref(),
        Command::Healthcheck(_) => None,
    };
    if let Some(path) = knowledge
        && let Err(e) = install_knowledge(path)
    {
        eprintln!("attache: {e:#}");
        return ExitCode::FAILURE;
    }
    let result = match cli.command {
        Command::Serve(cfg) => serve(cfg),
        Command::Analyze(args) => analyze(&args),
        Command::Ingest(args) => ingest(&args),
        Command::Healthcheck(args) => healthcheck(&args),
    };
    match result {
        Ok(code) => code,
        // `attache analyze … | head`: the reader has what it wanted.
        Err(e)
            if e.downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe) =>
        {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("attache: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// Reads an operator's knowledge file and makes the resources with it
/// merged the process's own, before anything is analysed.
fn install_knowledge(path: &Path) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("reading knowledge file {}", path.display()))?;
    let res = attache::analysis::Resources::with_knowledge(&text)
        .with_context(|| format!("in {}", path.display()))?;
    anyhow::ensure!(
        attache::analysis::Resources::install(res),
        "knowledge loaded too late"
    );
    Ok(())
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
            // The request span once, not again in a list of spans.
            .with_span_list(false)
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
    /// A file, and its path relative to the input it was found under (its
    /// own name for a file given as such), for naming its output with `-o`.
    File {
        path: PathBuf,
        rel: PathBuf,
    },
}

impl Source {
    fn name(&self) -> String {
        match self {
            Self::Stdin => "-".into(),
            Self::File { path, .. } => path.display().to_string(),
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
            Self::File { path, .. } => {
                std::fs::read(path).with_context(|| format!("reading {}", path.display()))?
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

    /// Where `-o DIR` writes this input's result: its relative path under
    /// `dir`, with the extension `ext`.
    fn output_path(&self, dir: &Path, ext: &str) -> PathBuf {
        match self {
            Self::Stdin => dir.join(format!("stdin.{ext}")),
            Self::File { rel, .. } => dir.join(rel).with_extension(ext),
        }
    }
}

/// Files under `root`, recursively, in name order; hidden entries skipped.
///
/// A symbolic link to a file is read; one to a directory is not followed
/// (as ripgrep and `find` do by default), so a link back up the tree
/// cannot make the walk endless. The walk keeps its own stack, so a deep
/// tree cannot overflow the thread's. `root` is the directory the user
/// named, for each file's relative path (`-o DIR` keeps the layout).
fn walk(root: &Path, out: &mut Vec<Source>) -> anyhow::Result<()> {
    // The entries still to visit of each directory being walked, innermost last.
    let mut stack = vec![list(root)?.into_iter()];
    while let Some(entries) = stack.last_mut() {
        match entries.next() {
            None => {
                stack.pop();
            }
            Some((path, true)) => stack.push(list(&path)?.into_iter()),
            Some((path, false)) => {
                let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
                out.push(Source::File { path, rel });
            }
        }
    }
    Ok(())
}

/// The entries of one directory in name order, each with whether to walk
/// into it (a real directory, not a link to one); hidden entries and links
/// to directories left out.
fn list(dir: &Path) -> anyhow::Result<Vec<(PathBuf, bool)>> {
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(dir).with_context(|| format!("listing {}", dir.display()))? {
        let Ok(entry) = entry else { continue };
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let path = entry.path();
        // `file_type` describes the entry itself: a link is a link.
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        if kind.is_dir() {
            entries.push((path, true));
        } else if kind.is_symlink() && path.is_dir() {
            eprintln!(
                "attache: skipping {}: a link to a directory is not followed",
                path.display()
            );
        } else {
            entries.push((path, false));
        }
    }
    entries.sort();
    Ok(entries)
}

/// Whether to read a source as HTML: `--html` or `--text` decide; else a
/// `.html`/`.htm` name, or text that starts like a page.
fn is_html(src: &Source, text: &str, html: bool, as_text: bool) -> bool {
    if html || as_text {
        return html;
    }
    let by_name = matches!(src, Source::File { path: p, .. } if p
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")));
    by_name || attache::analysis::html::looks_like_page(text)
}

/// Analyses one source, or says why it failed.
fn analyze_one(src: &Source, args: &AnalyzeArgs) -> anyhow::Result<Analysis> {
    let text = src.read()?;
    let body = if is_html(src, &text, args.html, args.text) {
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
    Analyzer::embedded().try_analyze(&input).map_err(with_name)
}

/// The result as one NDJSON line that starts with `"source"`, the input's
/// path (the rest is exactly the API's JSON).
fn ndjson_line(src: &Source, a: &Analysis) -> anyhow::Result<String> {
    let json = serde_json::to_string(a)?;
    let source = serde_json::to_string(&src.name())?;
    Ok(match json.strip_prefix('{') {
        Some(rest) if rest.starts_with('}') => format!("{{\"source\":{source}}}"),
        Some(rest) => format!("{{\"source\":{source},{rest}"),
        None => json,
    })
}

/// Rows of `--what` as CSV or TSV, under a header line (which the caller
/// drops for every table but the first it prints).
fn table(src: &Source, a: &Analysis, args: &AnalyzeArgs, tsv: bool) -> anyhow::Result<Vec<u8>> {
    // TSV fields are never quoted (tabs and newlines inside are spaces).
    let mut w = csv::WriterBuilder::new()
        .delimiter(if tsv { b'\t' } else { b',' })
        .quote_style(if tsv {
            csv::QuoteStyle::Never
        } else {
            csv::QuoteStyle::Necessary
        })
        .from_writer(Vec::new());
    w.write_record(table::header(args.what))?;
    for row in table::rows(&src.name(), a, args.what) {
        // A tab or newline inside a TSV field would break its row.
        let row = row.into_iter().map(|f| {
            if tsv {
                f.replace(['\t', '\n', '\r'], " ")
            } else {
                f
            }
        });
        w.write_record(row)?;
    }
    Ok(w.into_inner()?)
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

/// The articles an input names: `-` is stdin, a directory every file under
/// it (in name order), anything else that one file. True for a directory.
fn push_sources(p: &Path, sources: &mut Vec<Source>) -> anyhow::Result<bool> {
    if p.as_os_str() == "-" {
        sources.push(Source::Stdin);
    } else if p.is_dir() {
        walk(p, sources)?;
        return Ok(true);
    } else {
        let rel = PathBuf::from(p.file_name().unwrap_or(p.as_os_str()));
        sources.push(Source::File {
            path: p.to_path_buf(),
            rel,
        });
    }
    Ok(false)
}

/// `attache analyze`: one input prints its JSON (pretty on a terminal);
/// several, or a directory, print one NDJSON line per article in input
/// order, analysed on every core (`--format` picks json, ndjson, csv or
/// tsv; `-o DIR` writes one file per input instead). A failed input prints
/// an error line (`{"source": …, "file": …, "error": …}`) in its place (in
/// NDJSON), a message on stderr, and makes the exit code 1.
fn analyze(args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
    let mut sources = Vec::new();
    let mut many = args.inputs.len() > 1;
    for p in &args.inputs {
        many |= push_sources(p, &mut sources)?;
    }
    let format = args.format.unwrap_or(if many {
        OutputFormat::Ndjson
    } else {
        OutputFormat::Json
    });
    if let Some(dir) = &args.output {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let stdout = std::io::stdout();
    let pretty = !args.compact && !many && stdout.is_terminal();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let bar = progress(sources.len());
    let mut failed = false;
    let mut first = true;
    if format == OutputFormat::Json && many && args.output.is_none() {
        writeln!(out, "[")?;
    }
    // Windows of articles analysed in parallel, written in order as each
    // window ends: every core busy, memory bounded by the window.
    let window = 64 * rayon::current_num_threads();
    for chunk in sources.chunks(window) {
        let results: Vec<anyhow::Result<Vec<u8>>> = chunk
            .par_iter()
            .map(|src| {
                let a = analyze_one(src, args)?;
                let bytes = match format {
                    OutputFormat::Json if pretty => serde_json::to_vec_pretty(&a)?,
                    OutputFormat::Json => serde_json::to_vec(&a)?,
                    // A file of its own is named after its source already.
                    OutputFormat::Ndjson if args.output.is_some() => serde_json::to_vec(&a)?,
                    OutputFormat::Ndjson => ndjson_line(src, &a)?.into_bytes(),
                    OutputFormat::Csv => table(src, &a, args, false)?,
                    OutputFormat::Tsv => table(src, &a, args, true)?,
                };
                Ok(bytes)
            })
            .collect();
        for (src, r) in chunk.iter().zip(results) {
            bar.inc(1);
            let bytes = match r {
                Ok(bytes) => bytes,
                Err(e) => {
                    failed = true;
                    bar.suspend(|| eprintln!("attache: {e:#}"));
                    if format == OutputFormat::Ndjson && args.output.is_none() {
                        let line = serde_json::json!({
                            "source": src.name(), "file": src.name(), "error": format!("{e:#}"),
                        });
                        writeln!(out, "{line}")?;
                    }
                    continue;
                }
            };
            if let Some(dir) = &args.output {
                let ext = match format {
                    OutputFormat::Json | OutputFormat::Ndjson => "json",
                    OutputFormat::Csv => "csv",
                    OutputFormat::Tsv => "tsv",
                };
                let path = src.output_path(dir, ext);
                if let Some(parent) = path.parent() {
                    std::fs::create_dir_all(parent)?;
                }
                std::fs::write(&path, &bytes)
                    .with_context(|| format!("writing {}", path.display()))?;
                continue;
            }
            match format {
                OutputFormat::Json if many => {
                    if !first {
                        writeln!(out, ",")?;
                    }
                    out.write_all(&bytes)?;
                }
                OutputFormat::Csv | OutputFormat::Tsv => {
                    // Only the first table written keeps its header.
                    let body = if first {
                        &bytes[..]
                    } else {
                        strip_header(&bytes)
                    };
                    out.write_all(body)?;
                }
                _ => {
                    out.write_all(&bytes)?;
                    out.write_all(b"\n")?;
                }
            }
            first = false;
        }
        out.flush()?;
    }
    if format == OutputFormat::Json && many && args.output.is_none() {
        writeln!(out, "\n]")?;
    }
    out.flush()?;
    bar.finish_and_clear();
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// A table without its header line: tables are built in parallel, each
/// with its header in case it is printed first.
fn strip_header(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|b| *b == b'\n') {
        Some(i) => &bytes[i + 1..],
        None => &[],
    }
}

/// One article for `attache ingest`: a file, or a line of an NDJSON file.
enum Job {
    File(Source),
    Line { name: String, line: String },
}

impl Job {
    fn name(&self) -> String {
        match self {
            Self::File(src) => src.name(),
            Self::Line { name, .. } => name.clone(),
        }
    }
}

/// Whether a file holds `POST /v1/articles` bodies, one per line.
fn is_ndjson(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("ndjson") || e.eq_ignore_ascii_case("jsonl"))
}

/// The id of an article read from a file: its path under the directory
/// given, without extension, `/` made `-` and any other character an id
/// may not hold made `_`.
fn file_id(rel: &Path) -> String {
    let stem = rel.with_extension("");
    let raw = stem.to_string_lossy().replace(['/', '\\'], "-");
    let mut id: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '~' | ':') {
                c
            } else {
                '_'
            }
        })
        .collect();
    id.truncate(attache::http::extract::MAX_ID_LEN);
    if id.is_empty() { "article".into() } else { id }
}

/// Reads and analyses one job into the article to store.
fn prepare(job: &Job, args: &IngestArgs) -> anyhow::Result<attache::store::NewArticle> {
    let (input, id, outlet) = match job {
        Job::File(src) => {
            let text = src.read()?;
            let html = is_html(src, &text, args.html, args.text);
            let body = if html {
                Body::Html(text)
            } else {
                Body::Text(text)
            };
            let mut input = ArticleInput::new(body).map_err(|e| anyhow::anyhow!("{e}"))?;
            input.published = args.published;
            let id = match src {
                Source::File { rel, .. } => Some(file_id(rel)),
                Source::Stdin => None,
            };
            (input, id, args.outlet.clone())
        }
        Job::Line { line, .. } => {
            let (input, fields) = attache::http::extract::archive_batch_line(line.as_bytes())
                .map_err(|e| anyhow::anyhow!("{}", e.problem().detail))?;
            (
                input,
                fields.id,
                fields.outlet.or_else(|| args.outlet.clone()),
            )
        }
    };
    let analysis = Analyzer::embedded()
        .try_analyze(&input)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    Ok(attache::store::NewArticle::new(
        input.body(),
        id,
        outlet,
        input.url.clone(),
        input.published,
        analysis,
    ))
}

/// `attache ingest`: analyses every article (on every core, in windows)
/// and stores each in its own transaction, with a progress bar on a
/// terminal. Ctrl-C or SIGTERM stops after the article being stored:
/// everything stored so far stays. Exit 1 when any article failed.
fn ingest(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let mut jobs = Vec::new();
    for p in &args.inputs {
        let mut sources = Vec::new();
        push_sources(p, &mut sources)?;
        for src in sources {
            match &src {
                Source::File { path, .. } if is_ndjson(path) => {
                    let text = src.read()?;
                    for (i, line) in text.lines().enumerate() {
                        if !line.trim().is_empty() {
                            jobs.push(Job::Line {
                                name: format!("{}:{}", path.display(), i + 1),
                                line: line.to_string(),
                            });
                        }
                    }
                }
                _ => jobs.push(Job::File(src)),
            }
        }
    }
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| attache::config::DEFAULT_DB.to_string());
    let archive = rt
        .block_on(attache::store::open(&db))
        .with_context(|| format!("opening the archive {}", attache::http::redact(&db)))?;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    {
        let stop = stop.clone();
        rt.spawn(async move {
            stop_signal().await;
            stop.store(true, std::sync::atomic::Ordering::SeqCst);
        });
    }
    let started = std::time::Instant::now();
    let bar = progress(jobs.len());
    let (mut stored, mut replaced, mut facts, mut failed) = (0usize, 0usize, 0usize, 0usize);
    let window = 16 * rayon::current_num_threads();
    'windows: for chunk in jobs.chunks(window) {
        let prepared: Vec<anyhow::Result<attache::store::NewArticle>> =
            chunk.par_iter().map(|job| prepare(job, args)).collect();
        for (job, article) in chunk.iter().zip(prepared) {
            if stop.load(std::sync::atomic::Ordering::SeqCst) {
                break 'windows;
            }
            let result = article.and_then(|a| Ok(rt.block_on(archive.put(a))?));
            match result {
                Ok(s) => {
                    stored += 1;
                    replaced += usize::from(s.replaced);
                    facts += s.facts;
                }
                Err(e) => {
                    failed += 1;
                    bar.suspend(|| eprintln!("attache: {}: {e:#}", job.name()));
                }
            }
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    let secs = started.elapsed().as_secs_f64();
    let interrupted = stop.load(std::sync::atomic::Ordering::SeqCst);
    eprintln!(
        "attache: stored {stored} articles ({replaced} replaced, {facts} facts) in {secs:.1} s, {:.1} articles/s; {failed} failed{}",
        stored as f64 / secs.max(1e-9),
        if interrupted {
            "; interrupted, the rest not stored"
        } else {
            ""
        }
    );
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(if failed > 0 || interrupted {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// Resolves on Ctrl-C or SIGTERM.
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}

/// `attache healthcheck`: GET /healthz on the configured address.
fn healthcheck(args: &HealthcheckArgs) -> anyhow::Result<ExitCode> {
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
