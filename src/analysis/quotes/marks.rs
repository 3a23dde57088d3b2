//! Quotation marks: which marks open and close a quotation, and where.
//!
//! Input: the text and the paragraph ranges. Output: [`Marked`] spans in
//! text order, found on the paragraph text itself (not on sentence ends,
//! which may split inside a quotation). Invariants: every offset is on a
//! `char` boundary inside the paragraphs; `start <= end`; spans never
//! overlap; a mark left open at the end of a paragraph either continues in
//! the next paragraph (when that one opens with a mark again) or ends there,
//! so an odd number of marks never spills into the rest of the article.
//!
//! Cost: O(n log n) in the paragraphs' length: each mark is read once, and
//! a single opening mark finds its closer by a binary search in the
//! paragraph's closers, listed once.

use std::ops::Range;

use crate::analysis::budget;

/// One quotation found between marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marked {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// The quoted words, without marks or surrounding spaces.
    pub start: usize,
    pub end: usize,
    /// Byte offset just after the closing mark (`end` when unclosed).
    pub close: usize,
    /// Paragraph of the opening mark and of the closing mark.
    pub para: usize,
    pub end_para: usize,
    /// False when the paragraph ended before a closing mark.
    pub closed: bool,
    /// Index (in the output) of the first piece of a quotation that runs
    /// over several paragraphs; its own index otherwise.
    pub chain: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// `"`, `“ ”`, `''`, `„`.
    Double,
    /// `« »`.
    Guillemet,
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text[..i].chars().next_back()
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text[i..].chars().next()
}

/// A mark standing where a quotation may open: after a space, a bracket or
/// the start, and before a word.
fn opener_context(text: &str, i: usize, len: usize, lo: usize) -> bool {
    let before_ok = i == lo
        || char_before(text, i)
            .is_some_and(|c| c.is_whitespace() || "([{—–-/:".contains(c) || is_any_mark(c));
    let after_ok = char_at(text, i + len).is_some_and(|c| !c.is_whitespace());
    before_ok && after_ok
}

/// A mark standing where a quotation may close: after a word or
/// punctuation, before a space, punctuation or the end.
fn closer_context(text: &str, i: usize, len: usize, hi: usize) -> bool {
    let before_ok = char_before(text, i).is_some_and(|c| !c.is_whitespace());
    let after_ok = i + len >= hi || char_at(text, i + len).is_some_and(|c| !c.is_alphanumeric());
    before_ok && after_ok
}

fn is_any_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '«' | '»' | '\'' | '\u{2018}' | '\u{2019}'
    )
}

/// The offset of the first character of `s` that can begin a mark
/// [`double_mark`] or [`single_quote_at`] reads (a quotation mark or a
/// backtick); every other character is skipped. Byte search: every such
/// character is ASCII or starts with the UTF-8 lead byte 0xC2 (`«`, `»`)
/// or 0xE2 (`“`, `”`, `„`, `‘`, `’`).
fn next_mark(s: &str) -> Option<usize> {
    let bytes = s.as_bytes();
    let mut from = 0;
    while let Some(k) = bytes[from..]
        .iter()
        .position(|b| matches!(b, b'"' | b'\'' | b'`' | 0xC2 | 0xE2))
    {
        let i = from + k;
        let c = s[i..].chars().next()?;
        if is_any_mark(c) || c == '`' {
            return Some(i);
        }
        from = i + c.len_utf8();
    }
    None
}

/// A doubled apostrophe used as a double quotation mark (NYT style `''`).
fn doubled_apostrophe(text: &str, i: usize) -> bool {
    let b = text.as_bytes();
    (b.get(i) == Some(&b'\'') && b.get(i + 1) == Some(&b'\''))
        || text[i..].starts_with("\u{2019}\u{2019}")
        || text[i..].starts_with("\u{2018}\u{2018}")
}

/// What a double-family mark at `i` can do.
struct Seen {
    len: usize,
    /// Unambiguous opener (`“`, `„`, `«`).
    opens: bool,
    /// Unambiguous closer (`”`, `»`).
    closes: bool,
    family: Family,
}

fn double_mark(text: &str, i: usize) -> Option<Seen> {
    if doubled_apostrophe(text, i) {
        let len = if text.as_bytes()[i] == b'\'' { 2 } else { 6 };
        return Some(Seen {
            len,
            opens: false,
            closes: false,
            family: Family::Double,
        });
    }
    if text[i..].starts_with("``") {
        // Treebank-style opening mark, closed by `''`.
        return Some(Seen {
            len: 2,
            opens: true,
            closes: false,
            family: Family::Double,
        });
    }
    let c = char_at(text, i)?;
    let (opens, closes, family) = match c {
        '"' => (false, false, Family::Double),
        '\u{201c}' | '\u{201e}' => (true, false, Family::Double),
        '\u{201d}' => (false, true, Family::Double),
        '«' => (true, false, Family::Guillemet),
        '»' => (false, true, Family::Guillemet),
        _ => return None,
    };
    Some(Seen {
        len: c.len_utf8(),
        opens,
        closes,
        family,
    })
}

/// The marks of one paragraph that can close a quotation in single marks
/// (`'` or `’` after a visible character and not before a letter or
/// digit), found in one pass: byte ranges in text order, the plural
/// possessives ("the countries' leaders") apart.
struct SingleClosers {
    plain: Vec<Range<usize>>,
    possessive: Vec<Range<usize>>,
}

impl SingleClosers {
    fn of(text: &str, lo: usize, hi: usize) -> Self {
        let mut out = Self {
            plain: Vec::new(),
            possessive: Vec::new(),
        };
        for (k, d) in text[lo..hi].char_indices() {
            if d != '\'' && d != '\u{2019}' {
                continue;
            }
            let j = lo + k;
            let prev = char_before(text, j);
            let next = char_at(text, j + d.len_utf8()).filter(|_| j + d.len_utf8() < hi);
            if prev.is_none_or(|p| p.is_whitespace()) || next.is_some_and(|n| n.is_alphanumeric()) {
                continue;
            }
            let range = j..j + d.len_utf8();
            let possessive = prev == Some('s')
                && next == Some(' ')
                && char_at(text, j + d.len_utf8() + 1).is_some_and(|n| n.is_lowercase());
            if possessive {
                out.possessive.push(range);
            } else {
                out.plain.push(range);
            }
        }
        out
    }

    /// The first closer at or after `from`: a plain one, else (when no
    /// plain one follows at all) a possessive one. A binary search each.
    fn after(&self, from: usize) -> Option<Range<usize>> {
        let first = |v: &[Range<usize>]| v.get(v.partition_point(|r| r.start < from)).cloned();
        first(&self.plain).or_else(|| first(&self.possessive))
    }
}

/// A top-level quotation in single marks (`‘…’`, `'…'`) starting at `i`:
/// returns the byte range of the closing mark, the first closer of the
/// paragraph after it (see [`SingleClosers`], built once per paragraph,
/// so a paragraph of opening marks costs O(n log n), not O(n²)).
/// Apostrophes ("don't", "India's", "the '90s") are not marks.
fn single_quote_at(
    text: &str,
    i: usize,
    lo: usize,
    closers: &SingleClosers,
) -> Option<Range<usize>> {
    let c = char_at(text, i)?;
    if c != '\'' && c != '\u{2018}' {
        return None;
    }
    let len = c.len_utf8();
    let before_ok = i == lo
        || char_before(text, i).is_some_and(|p| p.is_whitespace() || "([{—–-/:".contains(p));
    let after_ok = char_at(text, i + len).is_some_and(|n| n.is_alphabetic());
    if !before_ok || !after_ok {
        return None;
    }
    closers.after(i + len)
}

/// The quotation whose marks enclose byte `pos` (`open <= pos < close`),
/// by binary search: quotations are sorted and never overlap.
pub fn covering(marked: &[Marked], pos: usize) -> Option<&Marked> {
    let i = marked.partition_point(|m| m.open <= pos);
    let m = marked.get(i.checked_sub(1)?)?;
    (pos < m.close).then_some(m)
}

/// An open double quotation.
#[derive(Clone, Copy)]
struct Open {
    family: Family,
    mark: usize,
    content: usize,
    para: usize,
    /// First piece of its chain, when it continues an earlier paragraph.
    chain: Option<usize>,
}

/// Finds the quotations of the paragraphs (byte ranges into `text`, in
/// order). A quotation running over several paragraphs gives one piece per
/// paragraph, linked by [`Marked::chain`].
pub fn find(text: &str, paragraphs: &[Range<usize>]) -> Vec<Marked> {
    let mut out = Vec::new();
    let mut open: Option<Open> = None;
    // A quotation in single marks left open by the previous paragraph (its
    // piece's index), which a paragraph opening with a single mark continues.
    let mut single_open: Option<usize> = None;
    for (pi, para) in paragraphs.iter().enumerate() {
        let (lo, hi) = (para.start, para.end.min(text.len()));
        if lo >= hi || !text.is_char_boundary(lo) || !text.is_char_boundary(hi) {
            single_open = None;
            continue;
        }
        let first_char = text[lo..hi].trim_start().chars().next();
        let continues_single = single_open.take().filter(|_| {
            matches!(first_char, Some('\u{2018}' | '\''))
                && paragraphs[pi - 1].end <= lo
                && text[paragraphs[pi - 1].end..lo].trim().is_empty()
        });
        let mut i = lo;
        // Built at the first single mark that may open a quotation.
        let mut closers: Option<SingleClosers> = None;
        // Where the paragraph's first visible character is.
        let first_visible = hi - text[lo..hi].trim_start().len();
        // Continuation of a quotation left open by the previous paragraph.
        if let Some(o) = open.take() {
            let first = text[lo..hi]
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map(|(k, _)| lo + k);
            let gap_clean =
                paragraphs[pi - 1].end <= lo && text[paragraphs[pi - 1].end..lo].trim().is_empty();
            let prev_end = paragraphs[pi - 1].end.min(text.len());
            let before = out.len();
            push(&mut out, text, &o, prev_end, prev_end, pi - 1, false);
            if let Some((f, m)) = first.and_then(|f| double_mark(text, f).map(|m| (f, m)))
                && gap_clean
                && !m.closes
                && m.family == o.family
            {
                let chain = if out.len() > before {
                    Some(o.chain.unwrap_or(before))
                } else {
                    o.chain
                };
                open = Some(Open {
                    family: o.family,
                    mark: f,
                    content: f + m.len,
                    para: pi,
                    chain,
                });
                i = f + m.len;
            }
        }
        while i < hi {
            // Only a mark can open or close anything: jump to the next one.
            let Some(k) = next_mark(&text[i..hi]) else {
                break;
            };
            i += k;
            if budget::tick(1) {
                break;
            }
            let Some(c) = char_at(text, i) else { break };
            if let Some(m) = double_mark(text, i) {
                match open {
                    Some(o) if o.family == m.family => {
                        // `“` inside a quotation closes it only where it
                        // stands as a closer (a misused mark).
                        if !m.opens || closer_context(text, i, m.len, hi) {
                            push(&mut out, text, &o, i, i + m.len, pi, true);
                            open = None;
                        }
                    }
                    Some(_) => {}
                    None => {
                        let opens = if m.opens {
                            true
                        } else if m.closes {
                            opener_context(text, i, m.len, lo)
                        } else {
                            // A straight mark after a word and before a
                            // space is a stray closer, not an opener.
                            opener_context(text, i, m.len, lo)
                                || !closer_context(text, i, m.len, hi)
                        };
                        if opens {
                            open = Some(Open {
                                family: m.family,
                                mark: i,
                                content: i + m.len,
                                para: pi,
                                chain: None,
                            });
                        }
                    }
                }
                i += m.len;
                continue;
            }
            if open.is_none() {
                let at_start = i <= first_visible;
                let chain = continues_single.filter(|_| at_start).map(|k| out[k].chain);
                let o = Open {
                    family: Family::Double,
                    mark: i,
                    content: i + c.len_utf8(),
                    para: pi,
                    chain,
                };
                let closers = closers.get_or_insert_with(|| SingleClosers::of(text, lo, hi));
                if let Some(close) = single_quote_at(text, i, lo, closers) {
                    push(&mut out, text, &o, close.start, close.end, pi, true);
                    i = close.end;
                    continue;
                }
                // A paragraph that opens with a single mark never closed
                // and ends a sentence: a quotation running on into the next
                // paragraph (British style).
                let para_text = text[i..hi].trim_end();
                if at_start
                    && matches!(c, '\u{2018}' | '\'')
                    && para_text.ends_with(['.', '?', '!'])
                    && text[i + c.len_utf8()..].starts_with(char::is_alphabetic)
                {
                    let before = out.len();
                    push(&mut out, text, &o, hi, hi, pi, false);
                    if out.len() > before {
                        single_open = Some(before);
                    }
                    i = hi;
                    continue;
                }
            }
            i += c.len_utf8();
        }
    }
    if let Some(o) = open {
        let last = paragraphs.len() - 1;
        let end = paragraphs[last].end.min(text.len());
        push(&mut out, text, &o, end, end, last, false);
    }
    out
}

fn push(
    out: &mut Vec<Marked>,
    text: &str,
    o: &Open,
    end: usize,
    close: usize,
    end_para: usize,
    closed: bool,
) {
    let start = o.content;
    if end <= start {
        return;
    }
    let inner = &text[start..end];
    let lead = inner.len() - inner.trim_start().len();
    let trail = inner.len() - inner.trim_end().len();
    let (s, e) = (start + lead, end - trail);
    if s >= e {
        return;
    }
    let chain = o.chain.unwrap_or(out.len());
    out.push(Marked {
        open: o.mark,
        start: s,
        end: e,
        close,
        para: o.para,
        end_para,
        closed,
        chain,
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quoted(text: &str) -> Vec<&str> {
        let paras: Vec<Range<usize>> = {
            let mut v = Vec::new();
            let mut pos = 0;
            for p in text.split("\n\n") {
                v.push(pos..pos + p.len());
                pos += p.len() + 2;
            }
            v
        };
        find(text, &paras)
            .iter()
            .map(|m| &text[m.start..m.end])
            .collect()
    }

    #[test]
    fn marks_of_every_kind() {
        let cases: &[(&str, &[&str])] = &[
            ("He said \"we won\" today.", &["we won"]),
            ("He said “we won” today.", &["we won"]),
            ("''We won,'' he said.", &["We won,"]),
            ("Il a dit «nous avons gagné» hier.", &["nous avons gagné"]),
            ("``We won,'' he said.", &["We won,"]),
            (
                "‘We will fight on.\n\n‘And we will win,’ he said.",
                &["We will fight on.", "And we will win,"],
            ),
            ("Headline: Rubio calls ties ‘deep’", &["deep"]),
            (
                "Rubio calls ties 'deep and historic' again",
                &["deep and historic"],
            ),
            (
                "\"He told me 'no way' twice,\" she said.",
                &["He told me 'no way' twice,"],
            ),
            ("India's view, don't worry, the '90s were fine.", &[]),
            ("The countries’ leaders met.", &[]),
            (
                "‘He told me “no”, twice,’ she said.",
                &["He told me “no”, twice,"],
            ),
            ("\"A,\" he said, \"B.\"", &["A,", "B."]),
        ];
        for (input, want) in cases {
            assert_eq!(quoted(input), *want, "{input}");
        }
    }

    #[test]
    fn paragraphs_continue_and_recover() {
        let cases: &[(&str, &[&str])] = &[
            // An open quotation continues in a paragraph that opens with a mark.
            (
                "\"First part.\n\n\"Second part,\" he said.",
                &["First part.", "Second part,"],
            ),
            // An odd mark ends at the paragraph end; the next one is read afresh.
            (
                "He said \"it is over.\n\nThey \"won\" anyway.",
                &["it is over.", "won"],
            ),
        ];
        for (input, want) in cases {
            assert_eq!(quoted(input), *want, "{input:?}");
        }
    }
}
