//! Words and sentences as the quote stage reads them.
//!
//! Input: the text, a byte range and the quotations found in it. Output:
//! words (runs of letters and digits, with inner apostrophes, hyphens and
//! periods: "don't", "U.S", "al-Assad") and sentence starts that never fall
//! inside a quotation. All offsets are byte offsets on `char` boundaries.

use std::borrow::Cow;
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

/// `range` narrowed to the `char` boundaries inside it, clipped to the
/// text; None when nothing is left.
fn narrow(text: &str, range: Range<usize>) -> Option<(usize, usize)> {
    let (mut lo, mut hi) = (range.start, range.end.min(text.len()));
    while lo < hi && !text.is_char_boundary(lo) {
        lo += 1;
    }
    while hi > lo && !text.is_char_boundary(hi) {
        hi -= 1;
    }
    (lo < hi).then_some((lo, hi))
}

/// The words of `text[range]`, in order. A range off `char` boundaries is
/// narrowed to the boundaries inside it; an empty or reversed one has no words.
pub fn words(text: &str, range: Range<usize>) -> Vec<Word> {
    let Some((lo, hi)) = narrow(text, range) else {
        return Vec::new();
    };
    let s = &text[lo..hi];
    let bytes = s.as_bytes();
    let n = bytes.len();
    // About one word in six bytes of English: one allocation for most texts.
    let mut out = Vec::with_capacity(s.len() / 6 + 1);
    // The character at `i`: (letter or digit, inner mark, length). An
    // ASCII byte is its own character, a letter or digit exactly when
    // `char::is_alphanumeric` says so; any other character is decoded.
    let read = |i: usize| match bytes[i] {
        b if b.is_ascii() => (
            b.is_ascii_alphanumeric(),
            matches!(b, b'\'' | b'-' | b'.' | b'&'),
            1,
        ),
        _ => s[i..].chars().next().map_or((false, false, 1), |c| {
            (c.is_alphanumeric(), joins(c), c.len_utf8())
        }),
    };
    let mut i = 0;
    'words: while i < n {
        // Between words: ASCII is read a byte at a time.
        let start = i;
        let b = bytes[i];
        if b.is_ascii() {
            i += 1;
            if !b.is_ascii_alphanumeric() {
                continue;
            }
        } else {
            let (alnum, _, len) = read(i);
            i += len;
            if !alnum {
                continue;
            }
        }
        // Inside a word: the offset of an inner mark just read, part of
        // the word only if a letter or digit follows.
        let mut mark: Option<usize> = None;
        loop {
            let run = i;
            while i < n && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            if i > run {
                mark = None;
            }
            if i >= n {
                break;
            }
            let (alnum, joining, len) = match bytes[i] {
                b'\'' | b'-' | b'.' | b'&' => (false, true, 1),
                b if b.is_ascii() => (false, false, 1),
                _ => read(i),
            };
            if alnum {
                mark = None;
            } else if mark.is_none() && joining {
                mark = Some(i);
            } else {
                out.push(Word {
                    start: lo + start,
                    end: lo + mark.unwrap_or(i),
                });
                i += len;
                continue 'words;
            }
            i += len;
        }
        out.push(Word {
            start: lo + start,
            end: mark.map_or(hi, |m| lo + m),
        });
    }
    out
}

/// The words of every paragraph, read once, so that the words of any range
/// inside a paragraph are a slice of them rather than a new scan.
///
/// Invariant: [`WordIndex::words`] returns exactly what [`words`] returns
/// for the same range. A word of the paragraph lying wholly inside the
/// range is a word of the range too (where a word ends depends only on the
/// character at its end and the one after); a word cut by a range end is
/// read again over its part inside the range.
pub struct WordIndex {
    /// Paragraph ranges (narrowed to `char` boundaries), in text order.
    paragraphs: Vec<Range<usize>>,
    /// The words of each paragraph.
    words: Vec<Vec<Word>>,
}

impl WordIndex {
    pub fn new(text: &str, paragraphs: &[Range<usize>]) -> Self {
        Self {
            paragraphs: paragraphs.to_vec(),
            words: paragraphs.iter().map(|p| words(text, p.clone())).collect(),
        }
    }

    /// The words of paragraph `pi`.
    pub fn paragraph(&self, pi: usize) -> &[Word] {
        &self.words[pi]
    }

    /// The words of `text[range]`, as [`words`] gives them: borrowed from
    /// the paragraph holding the range when no word is cut by its ends.
    pub fn words<'s>(&'s self, text: &str, range: Range<usize>) -> Cow<'s, [Word]> {
        let Some((lo, hi)) = narrow(text, range) else {
            return Cow::Borrowed(&[]);
        };
        // The paragraph holding the range; a range over several paragraphs
        // (or outside them) is scanned afresh.
        let pi = self.paragraphs.partition_point(|p| p.end < hi);
        if self.paragraphs.get(pi).is_none_or(|p| p.start > lo) {
            return Cow::Owned(words(text, lo..hi));
        }
        let list = &self.words[pi];
        let (a, b) = (
            list.partition_point(|w| w.end <= lo),
            list.partition_point(|w| w.start < hi),
        );
        if a >= b {
            return Cow::Borrowed(&[]);
        }
        if list[a].start >= lo && list[b - 1].end <= hi {
            return Cow::Borrowed(&list[a..b]);
        }
        let mut out = Vec::with_capacity(b - a);
        for w in &list[a..b] {
            if w.start < lo || w.end > hi {
                out.extend(words(text, w.start.max(lo)..w.end.min(hi)));
            } else {
                out.push(*w);
            }
        }
        Cow::Owned(out)
    }

    /// The first word of `text[range]` (as [`words`] reads them) that
    /// `pred` accepts, without gathering the words before it.
    pub fn find(
        &self,
        text: &str,
        range: Range<usize>,
        mut pred: impl FnMut(Word) -> bool,
    ) -> Option<Word> {
        let (lo, hi) = narrow(text, range)?;
        let pi = self.paragraphs.partition_point(|p| p.end < hi);
        if self.paragraphs.get(pi).is_none_or(|p| p.start > lo) {
            return words(text, lo..hi).into_iter().find(|&w| pred(w));
        }
        let list = &self.words[pi];
        let a = list.partition_point(|w| w.end <= lo);
        for &w in list[a..].iter().take_while(|w| w.start < hi) {
            if w.start < lo || w.end > hi {
                // A word cut by the range is read again over its part inside.
                let part = words(text, w.start.max(lo)..w.end.min(hi));
                if let Some(x) = part.into_iter().find(|&x| pred(x)) {
                    return Some(x);
                }
            } else if pred(w) {
                return Some(w);
            }
        }
        None
    }
}

/// `word` in lowercase, as `str::to_lowercase` gives it, borrowed when
/// it is ASCII with no capital (most words of running text), so that a
/// lexicon look-up allocates nothing.
pub fn lowercase(word: &str) -> Cow<'_, str> {
    if !word.is_ascii() {
        Cow::Owned(word.to_lowercase())
    } else if word.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(word.to_ascii_lowercase())
    } else {
        Cow::Borrowed(word)
    }
}

/// True when the period after `word` belongs to an abbreviation or an
/// initial ("Mr.", "C.", "U.S.").
pub fn abbreviation(text: &str, w: Word, lex: &SpeechLexicon) -> bool {
    let s = &text[w.start..w.end];
    let single_cap = s.chars().count() == 1 && s.chars().all(|c| c.is_uppercase());
    single_cap || s.contains('.') || lex.abbrev.contains(&*lowercase(s))
}

/// Byte offsets where sentences start in paragraph `para` (the paragraph
/// start first), given its words `ws`. A sentence ends at `.`, `?` or `!` outside quotations, or
/// at the close of a quotation whose words end one, when a capital or an
/// opening mark follows; a sentence longer than [`MAX_SENTENCE_BYTES`] is
/// cut at word starts. O(n log n) in the paragraph's length.
pub fn sentence_starts(
    text: &str,
    para: Range<usize>,
    ws: &[Word],
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
    // Each kind of stop is looked for on its own (a search for one ASCII
    // character skips the bytes between); the order the stops are read in
    // does not matter, the starts are sorted at the end.
    let stops = ['.', '?', '!']
        .into_iter()
        .flat_map(|c| s.match_indices(c).map(move |(i, _)| (i, c)));
    for (i, c) in stops {
        let pos = para.start + i;
        if inside(pos) {
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
    // A run-on "sentence" is cut at a word start every MAX_SENTENCE_BYTES,
    // so the work on one sentence stays bounded.
    let mut capped = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        capped.push(s);
        let e = starts.get(k + 1).copied().unwrap_or(para.end);
        let mut at = s;
        while e - at > MAX_SENTENCE_BYTES {
            let wi = ws.partition_point(|w| w.start < at + MAX_SENTENCE_BYTES);
            match ws.get(wi) {
                Some(w) if w.start < e => {
                    capped.push(w.start);
                    at = w.start;
                }
                _ => break,
            }
        }
    }
    capped
}

/// The longest sentence the quote stage reads, in bytes: about 500 words,
/// longer than any real one.
pub const MAX_SENTENCE_BYTES: usize = 3000;

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
        let cases: &[(&str, &[&str])] = &[
            ("a--b", &["a", "b"]),
            ("end-. x", &["end", "x"]),
            ("rock'n'roll", &["rock'n'roll"]),
            ("'tis U.S.", &["tis", "U.S"]),
            ("Zürich’s ‘élan’", &["Zürich’s", "élan"]),
            ("", &[]),
        ];
        for (t, want) in cases {
            let got: Vec<&str> = words(t, 0..t.len())
                .iter()
                .map(|w| &t[w.start..w.end])
                .collect();
            assert_eq!(got, *want, "{t}");
        }
    }

    /// The words as a plain walk over the characters reads them: the
    /// definition the byte-wise scan must agree with.
    fn words_by_char(s: &str) -> Vec<Word> {
        let mut out = Vec::new();
        let (mut cur, mut mark): (Option<usize>, Option<usize>) = (None, None);
        for (pos, c) in s.char_indices() {
            let Some(st) = cur else {
                if c.is_alphanumeric() {
                    cur = Some(pos);
                }
                continue;
            };
            if c.is_alphanumeric() {
                mark = None;
            } else if mark.is_none() && joins(c) {
                mark = Some(pos);
            } else {
                out.push(Word {
                    start: st,
                    end: mark.take().unwrap_or(pos),
                });
                cur = None;
            }
        }
        if let Some(st) = cur {
            out.push(Word {
                start: st,
                end: mark.unwrap_or(s.len()),
            });
        }
        out
    }

    #[test]
    fn the_byte_scan_reads_words_as_the_characters_say() {
        let texts = [
            "Mr. O'Neil's U.S.-led plan, don't go. \u{c9}coutez--x",
            "al-Assad\u{2019}s \u{2018}deal\u{2019} \u{e9}.t.c 3.5% a&b a--b 'tis end-.",
            "\u{4e2d}\u{6587}\u{3001}\u{0661}\u{0662} \u{2014}word\u{2014} x.\u{2019}y z'",
        ];
        for t in texts {
            let bounds: Vec<usize> = (0..=t.len()).filter(|&i| t.is_char_boundary(i)).collect();
            for &a in &bounds {
                for &b in bounds.iter().filter(|&&b| b >= a) {
                    let want: Vec<Word> = words_by_char(&t[a..b])
                        .into_iter()
                        .map(|w| Word {
                            start: a + w.start,
                            end: a + w.end,
                        })
                        .collect();
                    assert_eq!(words(t, a..b), want, "{:?}", &t[a..b]);
                }
            }
        }
    }

    #[test]
    fn index_reads_every_range_as_a_fresh_scan() {
        // Two paragraphs with inner marks, non-ASCII letters and ranges cut
        // inside words, inside characters and across the paragraphs.
        let t = "Mr. O'Neil's U.S.-led plan, don't go. Écoutez--\n\nal-Assad's 'deal' é.t.c";
        let split = t.find("\n\n").unwrap();
        let paras = [0..split, split + 2..t.len()];
        let index = WordIndex::new(t, &paras);
        for lo in 0..=t.len() + 1 {
            for hi in 0..=t.len() + 1 {
                assert_eq!(*index.words(t, lo..hi), words(t, lo..hi), "{lo}..{hi}");
                let long = |w: Word| w.end - w.start > 2;
                assert_eq!(
                    index.find(t, lo..hi, long),
                    words(t, lo..hi).into_iter().find(|&w| long(w)),
                    "{lo}..{hi}"
                );
            }
        }
    }

    #[test]
    fn lowercase_matches_std() {
        for w in [
            "said",
            "Said",
            "SAID",
            "Écoute",
            "ÉCOUTE",
            "don't",
            "U.S",
            "İstanbul",
            "",
        ] {
            assert_eq!(lowercase(w), w.to_lowercase(), "{w}");
        }
        assert!(matches!(lowercase("said"), Cow::Borrowed(_)));
    }

    #[test]
    fn sentences_skip_abbreviations_and_quotes() {
        let lex = SpeechLexicon::load().unwrap();
        let t = "Mr. Hof spoke. \"We won. They lost,\" he said. It ended.";
        let paras = std::iter::once(0..t.len()).collect::<Vec<_>>();
        let m = super::super::marked_for_test(t, &paras);
        let refs: Vec<&Marked> = m.iter().collect();
        let starts = sentence_starts(t, 0..t.len(), &words(t, 0..t.len()), &refs, &lex);
        let got: Vec<&str> = starts.iter().map(|&s| &t[s..s + 2]).collect();
        assert_eq!(got, ["Mr", "\"W", "It"]);
    }
}
