//! `attache ingest`: articles analysed and stored in the archive.

use std::path::Path;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use anyhow::Context;
use rayon::prelude::*;

use super::progress;
use super::source::{Source, is_html, push_sources};
use crate::analysis::{Analyzer, ArticleInput, Body};
use crate::config::IngestArgs;
use crate::store::{Archive, NewArticle};

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
    id.truncate(crate::http::extract::MAX_ID_LEN);
    if id.is_empty() { "article".into() } else { id }
}

/// Reads and analyses one job into the article to store.
fn prepare(job: &Job, args: &IngestArgs) -> anyhow::Result<NewArticle> {
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
            let (input, fields) = crate::http::extract::archive_batch_line(line.as_bytes())
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
    Ok(NewArticle::new(
        input.body(),
        id,
        outlet,
        input.url.clone(),
        input.published,
        analysis,
    ))
}

/// Articles analysed in parallel per thread before they are stored in
/// order: fewer than `analyze` takes, as each waits for its transaction.
const ARTICLES_PER_THREAD: usize = 16;

/// `attache ingest`: analyses every article (on every core, in windows)
/// and stores each in its own transaction, with a progress bar on a
/// terminal. Ctrl-C or SIGTERM stops after the article being stored:
/// everything stored so far stays. Exit 1 when any article failed.
pub fn ingest(args: &IngestArgs) -> anyhow::Result<ExitCode> {
    let jobs = jobs(&args.inputs)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()?;
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| crate::config::DEFAULT_DB.to_string());
    let archive = rt
        .block_on(crate::store::open(&db))
        .with_context(|| format!("opening the archive {}", crate::http::redact(&db)))?;
    let stop = Arc::new(AtomicBool::new(false));
    {
        let stop = stop.clone();
        rt.spawn(async move {
            stop_signal().await;
            stop.store(true, Ordering::SeqCst);
        });
    }
    let started = std::time::Instant::now();
    let tally = store_all(&jobs, args, &rt, &archive, &stop);
    let interrupted = stop.load(Ordering::SeqCst);
    tally.report(started.elapsed().as_secs_f64(), interrupted);
    rt.shutdown_timeout(std::time::Duration::from_secs(1));
    Ok(if tally.failed > 0 || interrupted {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The articles the inputs name: every file, and every line of an NDJSON
/// file.
fn jobs(inputs: &[std::path::PathBuf]) -> anyhow::Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for p in inputs {
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
    Ok(jobs)
}

/// What `ingest` did.
#[derive(Default)]
struct Tally {
    stored: usize,
    replaced: usize,
    facts: usize,
    failed: usize,
}

impl Tally {
    /// The closing line on standard error.
    fn report(&self, secs: f64, interrupted: bool) {
        let Tally {
            stored,
            replaced,
            facts,
            failed,
        } = self;
        eprintln!(
            "attache: stored {stored} articles ({replaced} replaced, {facts} facts) in {secs:.1} s, {:.1} articles/s; {failed} failed{}",
            *stored as f64 / secs.max(1e-9),
            if interrupted {
                "; interrupted, the rest not stored"
            } else {
                ""
            }
        );
    }
}

/// Analyses the jobs in windows and stores each article in order, until
/// `stop` is set.
fn store_all(
    jobs: &[Job],
    args: &IngestArgs,
    rt: &tokio::runtime::Runtime,
    archive: &Archive,
    stop: &AtomicBool,
) -> Tally {
    let bar = progress(jobs.len());
    let mut tally = Tally::default();
    'windows: for chunk in jobs.chunks(ARTICLES_PER_THREAD * rayon::current_num_threads()) {
        let prepared: Vec<anyhow::Result<NewArticle>> =
            chunk.par_iter().map(|job| prepare(job, args)).collect();
        for (job, article) in chunk.iter().zip(prepared) {
            if stop.load(Ordering::SeqCst) {
                break 'windows;
            }
            match article.and_then(|a| Ok(rt.block_on(archive.put(a))?)) {
                Ok(s) => {
                    tally.stored += 1;
                    tally.replaced += usize::from(s.replaced);
                    tally.facts += s.facts;
                }
                Err(e) => {
                    tally.failed += 1;
                    bar.suspend(|| eprintln!("attache: {}: {e:#}", job.name()));
                }
            }
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    tally
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
