//! From a scraped page to the article: headline, byline, dateline, body.
//!
//! Input: the text the client sent (or the text extracted from HTML).
//! Output: [`Cleaned`], byte ranges into that text. Invariants: `title`,
//! `dateline` and `body` ranges do not overlap each other; every line of
//! the input that is neither kept nor blank lies in some `removed` span,
//! so nothing the client sent is silently dropped.

use std::ops::Range;

use crate::analysis::model::{Removed, RemovedKind};

/// Clutter vocabulary and the other lexicons cleaning decides with.
#[derive(Debug, Default)]
pub struct CleanLexicon {}

impl CleanLexicon {
    pub fn load() -> Result<Self, crate::analysis::resources::DataError> {
        Ok(Self {})
    }
}

/// The article found in a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub title: Option<Range<usize>>,
    pub authors: Vec<String>,
    /// The dateline at the head of the body ("WASHINGTON (AP) —"), without its dash.
    pub dateline: Option<Range<usize>>,
    /// Body paragraphs in text order.
    pub body: Vec<Range<usize>>,
    pub removed: Vec<Removed>,
}

/// Splits `text` into headline, body and clutter.
pub fn clean(text: &str, _lex: &CleanLexicon) -> Cleaned {
    let mut out = Cleaned::default();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty() {
            let lead = line.len() - line.trim_start().len();
            let range = pos + lead..pos + lead + trimmed.len();
            if out.title.is_none() && out.body.is_empty() {
                out.title = Some(range);
            } else {
                out.body.push(range);
            }
        }
        pos += line.len();
    }
    let _ = RemovedKind::Other;
    out
}
