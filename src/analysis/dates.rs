//! Date expressions, resolved to ISO 8601 values.
//!
//! Input: the segmented article and its reference date. Output: every date
//! expression with its byte span and resolved value ("last month" →
//! "2025-09"). Invariant: spans lie inside sentences and do not overlap.

use chrono::NaiveDate;

use crate::analysis::segment::Segmented;

/// One date expression in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    /// ISO 8601: `2025-10-25`, `2025-09`, `2019`; None when it cannot be resolved.
    pub value: Option<String>,
}

/// Finds the date expressions of the article.
pub fn find(_doc: &Segmented, _reference: Option<NaiveDate>) -> Vec<DateMention> {
    Vec::new()
}

/// The first absolute calendar date written in `text` (a dateline, a
/// "Published …" line), used as the reference date when the request gives none.
pub fn first_absolute(_text: &str) -> Option<NaiveDate> {
    None
}
