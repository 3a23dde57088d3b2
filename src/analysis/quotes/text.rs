//! Words and sentences as the quote stage reads them.
//!
//! Input: the text, a byte range and the quotations found in it. Output:
//! words (runs of letters and digits, with inner apostrophes, hyphens and
//! periods: "don't", "U.S", "al-Assad") and sentence starts that never fall
//! inside a quotation. All offsets are byte offsets on `char` boundaries.

use std::ops::Range;

use super::SpeechLexicon;
use super::marks::Marked;

/// A word of the text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    pub start: usize,
    pub end: usize,
}

fn joins(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '-' | '.' | '&')
}

/// The words of `text[range]`, in order. A range off `char` boundaries is
/// narrowed to the boundaries inside it; an empty or reversed one has no words.
pub fn words(text: &str, range: Range<usize>) -> Vec<Word> {
    let mut out = Vec::new();
    let (mut lo, mut hi) = (range.start, range.end.min(text.len()));
    while lo < hi && !text.is_char_boundary(lo) {
        lo += 1;
    }
    while hi > lo && !text.is_char_boundary(hi) {
        hi -= 1;
    }
    if lo >= hi {
        return out;
    }
    let range = lo..hi;
    let s = &text[range.clone()];
    let mut cur: Option<usize> = None;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let pos = range.start + i;
        let next_alnum = chars.peek().is_some_and(|(_, n)| n.is_alphanumeric());
        if c.is_alphanumeric() {
            cur.get_or_insert(pos);
        } else if cur.is_some() && joins(c) && next_alnum {
            // inner mark: part of the word
        } else if let Some(st) = cur.take() {
            out.push(Word {
                start: st,
                end: pos,
            });
        }
    }
    if let Some(st) = cur {
        out.push(Word {
            start: st,
            end: range.end,
        });
    }
    out
}

/// True when the period after `word` belongs to an abbreviation or an
/// initial ("Mr.", "C.", "U.S.").
pub fn abbreviation(text: &str, w: Word, lex: &SpeechLexicon) -> bool {
    let s = &text[w.start..w.end];
    let single_cap = s.chars().count() == 1 && s.chars().all(|c| c.is_uppercase());
    single_cap || s.contains('.') || lex.abbrev.contains(&s.to_lowercase())
}

/// Byte offsets where sentences start in paragraph `para` (the paragraph
/// start first). A sentence ends at `.`, `?` or `!` outside quotations, or
/// at the close of a quotation whose words end one, when a capital or an
/// opening mark follows.
pub fn sentence_starts(
    text: &str,
    para: Range<usize>,
    marks: &[&Marked],
    lex: &SpeechLexicon,
) -> Vec<usize> {
    let mut starts = vec![para.start];
    // `marks` are sorted and disjoint: a binary search finds the one around `pos`.
    let inside = |pos: usize| {
        let i = marks.partition_point(|m| m.open <= pos);
        i > 0 && pos < marks[i - 1].close
    };
    let s = &text[para.clone()];
    let ws = words(text, para.clone());
    for (i, c) in s.char_indices() {
        let pos = para.start + i;
        if !matches!(c, '.' | '?' | '!') || inside(pos) {
            continue;
        }
        let wi = ws.partition_point(|w| w.end <= pos);
        if c == '.'
            && let Some(w) = wi.checked_sub(1).map(|k| &ws[k])
            && w.end == pos
            && abbreviation(text, *w, lex)
        {
            continue;
        }
        // Closing marks and brackets right after belong to this sentence.
        let mut j = pos + 1;
        while let Some(d) = text[j..para.end].chars().next() {
            if matches!(d, '"' | '\u{201d}' | '\u{2019}' | '\'' | ')' | '»') {
                j += d.len_utf8();
            } else {
                break;
            }
        }
        if let Some(k) = next_start(text, j, para.end) {
            starts.push(k);
        }
    }
    for m in marks {
        if m.close > m.end && m.close < para.end && m.close > para.start {
            let last = text[m.start..m.end].chars().next_back();
            if last.is_some_and(|c| matches!(c, '.' | '?' | '!'))
                && let Some(k) = next_start(text, m.close, para.end)
            {
                starts.push(k);
            }
        }
    }
    starts.sort_unstable();
    starts.dedup();
    starts
}

/// After whitespace at `j`, the offset of a sentence-opening character.
fn next_start(text: &str, j: usize, end: usize) -> Option<usize> {
    let rest = &text[j..end];
    let trimmed = rest.trim_start();
    if trimmed.len() == rest.len() {
        return None;
    }
    let k = j + (rest.len() - trimmed.len());
    let c = trimmed.chars().next()?;
    let opens = c.is_uppercase()
        || c.is_numeric()
        || matches!(c, '"' | '\u{201c}' | '\u{2018}' | '\'' | '«' | '(' | '[');
    opens.then_some(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_inner_marks() {
        let t = "Mr. O'Neil's U.S. al-Assad, don't.";
        let got: Vec<&str> = words(t, 0..t.len())
            .iter()
            .map(|w| &t[w.start..w.end])
            .collect();
        assert_eq!(got, ["Mr", "O'Neil's", "U.S", "al-Assad", "don't"]);
    }

    #[test]
    fn sentences_skip_abbreviations_and_quotes() {
        let lex = SpeechLexicon::load().unwrap();
        let t = "Mr. Hof spoke. \"We won. They lost,\" he said. It ended.";
        let paras = std::iter::once(0..t.len()).collect::<Vec<_>>();
        let m = super::super::marked_for_test(t, &paras);
        let refs: Vec<&Marked> = m.iter().collect();
        let starts = sentence_starts(t, 0..t.len(), &refs, &lex);
        let got: Vec<&str> = starts.iter().map(|&s| &t[s..s + 2]).collect();
        assert_eq!(got, ["Mr", "\"W", "It"]);
    }
}
