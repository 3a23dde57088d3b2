//! The inputs of `analyze` and `ingest`: files, directories, standard input.

use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// One input of `attache analyze`: a file, or standard input.
pub(super) enum Source {
    Stdin,
    /// A file, and its path relative to the input it was found under (its
    /// own name for a file given as such), for naming its output with `-o`.
    File {
        path: PathBuf,
        rel: PathBuf,
    },
}

impl Source {
    pub(super) fn name(&self) -> String {
        match self {
            Self::Stdin => "-".into(),
            Self::File { path, .. } => path.display().to_string(),
        }
    }

    pub(super) fn read(&self) -> anyhow::Result<String> {
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
    pub(super) fn output_path(&self, dir: &Path, ext: &str) -> PathBuf {
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
pub(super) fn is_html(src: &Source, text: &str, html: bool, as_text: bool) -> bool {
    if html || as_text {
        return html;
    }
    let by_name = matches!(src, Source::File { path: p, .. } if p
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm")));
    by_name || crate::analysis::html::looks_like_page(text)
}

/// The articles an input names: `-` is stdin, a directory every file under
/// it (in name order), anything else that one file. True for a directory.
pub(super) fn push_sources(p: &Path, sources: &mut Vec<Source>) -> anyhow::Result<bool> {
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
