//! `attache analyze`: articles in, one result per article out, in input
//! order, analysed on every core.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use rayon::prelude::*;

use super::progress;
use super::source::{Source, is_html, push_sources};
use crate::analysis::{Analysis, Analyzer, ArticleInput, Body, Options};
use crate::config::{AnalyzeArgs, OutputFormat};
use crate::table;

/// Analyses one source, or says why it failed.
fn analyze_one(src: &Source, args: &AnalyzeArgs) -> anyhow::Result<Analysis> {
    let text = src.read()?;
    let body = if is_html(src, &text, args.html, args.text) {
        Body::Html(text)
    } else {
        Body::Text(text)
    };
    let with_name = |e: crate::analysis::InputError| anyhow::anyhow!("{}: {e}", src.name());
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

/// Articles analysed in parallel per thread, in one window written in
/// order as it ends: every core busy, memory bounded by the window.
const ARTICLES_PER_THREAD: usize = 64;

/// `attache analyze`: one input prints its JSON (pretty on a terminal);
/// several, or a directory, print one NDJSON line per article in input
/// order, analysed on every core (`--format` picks json, ndjson, csv or
/// tsv; `-o DIR` writes one file per input instead). A failed input prints
/// an error line (`{"source": …, "file": …, "error": …}`) in its place (in
/// NDJSON), a message on stderr, and makes the exit code 1.
pub fn analyze(args: &AnalyzeArgs) -> anyhow::Result<ExitCode> {
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
    let mut out = Output {
        out: std::io::BufWriter::new(stdout.lock()),
        format,
        many,
        dir: args.output.as_deref(),
        first: true,
    };
    let bar = progress(sources.len());
    let mut failed = false;
    out.open()?;
    // On one core, or for one article, the articles are read on this
    // thread: a pool would only add a thread that, once its work is done,
    // spins for more on the core this thread needs to write the answer.
    let sequential =
        sources.len() == 1 || std::thread::available_parallelism().map_or(true, |n| n.get() == 1);
    let width = if sequential {
        ARTICLES_PER_THREAD
    } else {
        ARTICLES_PER_THREAD * rayon::current_num_threads()
    };
    let one = |src: &Source| render(src, &analyze_one(src, args)?, args, format, pretty);
    for chunk in sources.chunks(width) {
        let results: Vec<anyhow::Result<Vec<u8>>> = if sequential {
            chunk.iter().map(one).collect()
        } else {
            chunk.par_iter().map(one).collect()
        };
        for (src, r) in chunk.iter().zip(results) {
            bar.inc(1);
            match r {
                Ok(bytes) => out.write(src, &bytes)?,
                Err(e) => {
                    failed = true;
                    bar.suspend(|| eprintln!("attache: {e:#}"));
                    out.error(src, &e)?;
                }
            }
        }
        out.out.flush()?;
    }
    out.close()?;
    bar.finish_and_clear();
    Ok(if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// One article's result in `format`, as it is written.
fn render(
    src: &Source,
    a: &Analysis,
    args: &AnalyzeArgs,
    format: OutputFormat,
    pretty: bool,
) -> anyhow::Result<Vec<u8>> {
    Ok(match format {
        OutputFormat::Json if pretty => serde_json::to_vec_pretty(a)?,
        OutputFormat::Json => serde_json::to_vec(a)?,
        // A file of its own is named after its source already.
        OutputFormat::Ndjson if args.output.is_some() => serde_json::to_vec(a)?,
        OutputFormat::Ndjson => ndjson_line(src, a)?.into_bytes(),
        OutputFormat::Csv => table(src, a, args, false)?,
        OutputFormat::Tsv => table(src, a, args, true)?,
    })
}

/// Where the results go: standard output (one JSON document, an array of
/// them, NDJSON lines or one table), or a file per input under `dir`.
struct Output<'d, W: Write> {
    out: W,
    format: OutputFormat,
    /// several inputs: a JSON array, NDJSON lines, one table
    many: bool,
    dir: Option<&'d Path>,
    /// no result written to `out` yet
    first: bool,
}

impl<W: Write> Output<'_, W> {
    /// Whether the results form one JSON array on standard output.
    fn array(&self) -> bool {
        self.format == OutputFormat::Json && self.many && self.dir.is_none()
    }

    fn open(&mut self) -> anyhow::Result<()> {
        if self.array() {
            writeln!(self.out, "[")?;
        }
        Ok(())
    }

    fn close(&mut self) -> anyhow::Result<()> {
        if self.array() {
            writeln!(self.out, "\n]")?;
        }
        self.out.flush()?;
        Ok(())
    }

    /// Writes one result: its own file under `dir`, else in its place.
    fn write(&mut self, src: &Source, bytes: &[u8]) -> anyhow::Result<()> {
        if let Some(dir) = self.dir {
            return write_file(src, dir, self.format, bytes);
        }
        match self.format {
            OutputFormat::Json if self.many => {
                if !self.first {
                    writeln!(self.out, ",")?;
                }
                self.out.write_all(bytes)?;
            }
            OutputFormat::Csv | OutputFormat::Tsv => {
                // Only the first table written keeps its header.
                let body = if self.first {
                    bytes
                } else {
                    strip_header(bytes)
                };
                self.out.write_all(body)?;
            }
            _ => {
                self.out.write_all(bytes)?;
                self.out.write_all(b"\n")?;
            }
        }
        self.first = false;
        Ok(())
    }

    /// Writes the error line of a failed input in its place (NDJSON on
    /// standard output only).
    fn error(&mut self, src: &Source, e: &anyhow::Error) -> anyhow::Result<()> {
        if self.format == OutputFormat::Ndjson && self.dir.is_none() {
            let line = serde_json::json!({
                "source": src.name(), "file": src.name(), "error": format!("{e:#}"),
            });
            writeln!(self.out, "{line}")?;
        }
        Ok(())
    }
}

/// Writes one result to its own file under `dir` (`-o DIR`).
fn write_file(src: &Source, dir: &Path, format: OutputFormat, bytes: &[u8]) -> anyhow::Result<()> {
    let ext = match format {
        OutputFormat::Json | OutputFormat::Ndjson => "json",
        OutputFormat::Csv => "csv",
        OutputFormat::Tsv => "tsv",
    };
    let path = src.output_path(dir, ext);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// A table without its header line: tables are built in parallel, each
/// with its header in case it is printed first.
fn strip_header(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|b| *b == b'\n') {
        Some(i) => &bytes[i + 1..],
        None => &[],
    }
}
