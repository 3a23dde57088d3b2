//! Paragraphs, sentences and tokens.
//!
//! Input: the text the client sent and the byte ranges of the blocks that
//! cleaning kept (headline first, then body paragraphs), in text order.
//! Output: a [`Segmented`] view whose every paragraph, sentence and token is
//! a byte range into that same text. Invariants: ranges are on `char`
//! boundaries, non-overlapping, in text order; sentences nest in
//! paragraphs and tokens in sentences; whitespace (including no-break and
//! zero-width spaces, bidi controls) is never a token; every block with a
//! visible character gives at least one sentence.
//!
//! Tokens: words keep inner hyphens, apostrophes and dots ("al-Assad",
//! "don't", "U.S.", "3.5", "1,000", "10:05"); a possessive "'s" is its own
//! token ("Pakistan" "'s"); a URL or e-mail address is one token; "''",
//! "``", "..." and "--" are one token each; any other mark is one token.
//!
//! Sentences end at ".", "!", "?", "…" or "..." followed by a capitalised
//! word, a digit or an opening quote, with closing quotes and brackets kept
//! in the sentence they close ('"We will go." Then he left.' splits after
//! the closing mark); a mark followed by a lower-case word ('"No!" he
//! said') does not end one. Abbreviations (`data/clean/abbreviations.txt`),
//! initials ("S. Jaishankar") and dotted acronyms ("U.S.") do not end a
//! sentence unless a capitalised function word follows ("... the U.S. The
//! talks ...").
//!
//! A sentence longer than [`MAX_SENTENCE_TOKENS`] tokens (no real sentence
//! is; a list, a table or hostile input can be) is cut every that many
//! tokens, so the work the later stages do per sentence stays bounded.
//!
//! Cost: O(n) in the block's length (every character is read a bounded
//! number of times; a word's period test reads the word once).

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use crate::analysis::budget;
use crate::analysis::resources::DataError;

const ABBREVIATIONS: &str = include_str!("../../data/clean/abbreviations.txt");

/// How an abbreviation behaves before the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Precedes a name and never ends a sentence ("Mr.", "Gen.").
    Title,
    /// Precedes a number ("No. 10"); otherwise ends a sentence.
    Number,
    /// Follows a name ("Jr."); ends a sentence like `Other`.
    Suffix,
    /// Ends a sentence only before a capitalised function word.
    Other,
}

/// Abbreviations that end in a period without ending the sentence
/// (`data/clean/abbreviations.txt`).
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    map: HashMap<String, AbbrevKind>,
    /// Bytes of the longest abbreviation.
    longest: usize,
}

impl Abbreviations {
    pub fn load() -> Result<Self, DataError> {
        let mut map = HashMap::new();
        for (i, l) in ABBREVIATIONS.lines().enumerate() {
            if l.trim().is_empty() || l.starts_with('#') {
                continue;
            }
            let err = |message: String| DataError {
                file: "data/clean/abbreviations.txt",
                line: i + 1,
                message,
            };
            let (w, k) = l
                .split_once('\t')
                .ok_or_else(|| err("expected two tab-separated columns".into()))?;
            let kind = match k.trim() {
                "title" => AbbrevKind::Title,
                "number" => AbbrevKind::Number,
                "suffix" => AbbrevKind::Suffix,
                "other" => AbbrevKind::Other,
                other => return Err(err(format!("bad kind {other:?}"))),
            };
            map.insert(w.trim().to_string(), kind);
        }
        let longest = map.keys().map(String::len).max().unwrap_or(0);
        Ok(Self { map, longest })
    }

    /// The kind of `word` (without its final period), if it is listed.
    pub fn get(&self, word: &str) -> Option<AbbrevKind> {
        self.map.get(word).copied()
    }

    /// The embedded list, parsed on first use.
    pub fn embedded() -> &'static Abbreviations {
        static A: LazyLock<Abbreviations> = LazyLock::new(|| {
            Abbreviations::load().expect("embedded abbreviations parse (checked by cargo test)")
        });
        &A
    }
}

/// The most tokens a sentence holds: longer runs are cut into pieces of
/// this many. The longest sentences of real news run to about 150 tokens.
pub const MAX_SENTENCE_TOKENS: usize = 400;

/// A word, number or punctuation mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sentence {
    pub start: usize,
    pub end: usize,
    /// Indices into [`Segmented::tokens`].
    pub tokens: Range<usize>,
    /// Index into [`Segmented::paragraphs`].
    pub paragraph: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paragraph {
    pub start: usize,
    pub end: usize,
    /// Indices into [`Segmented::sentences`].
    pub sentences: Range<usize>,
    /// The headline block.
    pub is_title: bool,
}

/// A block of kept text handed to [`segment`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub range: Range<usize>,
    pub is_title: bool,
}

/// The segmented article: all offsets are byte offsets into `text`.
#[derive(Debug, Clone)]
pub struct Segmented<'a> {
    pub text: &'a str,
    pub paragraphs: Vec<Paragraph>,
    pub sentences: Vec<Sentence>,
    pub tokens: Vec<Token>,
}

impl<'a> Segmented<'a> {
    pub fn token_text(&self, i: usize) -> &'a str {
        let t = self.tokens[i];
        &self.text[t.start..t.end]
    }

    pub fn sentence_text(&self, i: usize) -> &'a str {
        let s = &self.sentences[i];
        &self.text[s.start..s.end]
    }

    /// Index of the sentence holding byte offset `pos`, if any.
    pub fn sentence_at(&self, pos: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }
}

/// Splits each block into sentences and tokens, with the embedded
/// abbreviation list (the pipeline passes its own [`Resources`]' list to
/// [`segment_with`]; this is for tests and tools).
///
/// [`Resources`]: crate::analysis::resources::Resources
pub fn segment<'a>(text: &'a str, blocks: &[Block]) -> Segmented<'a> {
    segment_with(text, blocks, Abbreviations::embedded())
}

/// Splits each block into sentences and tokens. Blocks out of bounds or
/// off char boundaries are clamped; blocks that overlap an earlier one are
/// cut to follow it, so the output stays ordered and disjoint.
pub fn segment_with<'a>(text: &'a str, blocks: &[Block], abbr: &Abbreviations) -> Segmented<'a> {
    let mut out = Segmented {
        text,
        paragraphs: Vec::new(),
        sentences: Vec::new(),
        tokens: Vec::new(),
    };
    let mut floor = 0;
    for block in blocks {
        let start = floor_boundary(text, block.range.start.max(floor));
        let end = floor_boundary(text, block.range.end.min(text.len()));
        if end <= start {
            continue;
        }
        floor = end;
        let toks = tokenize_with(text, start..end, abbr);
        if toks.is_empty() {
            continue;
        }
        let first_sentence = out.sentences.len();
        let para_index = out.paragraphs.len();
        let mut from = 0;
        for cut in sentence_cuts(text, &toks, abbr) {
            // A run-on sentence is cut every MAX_SENTENCE_TOKENS tokens.
            while from < cut {
                let to = cut.min(from + MAX_SENTENCE_TOKENS);
                let base = out.tokens.len();
                let slice = &toks[from..to];
                out.tokens.extend_from_slice(slice);
                out.sentences.push(Sentence {
                    start: slice[0].start,
                    end: slice[slice.len() - 1].end,
                    tokens: base..out.tokens.len(),
                    paragraph: para_index,
                });
                from = to;
                if budget::tick(slice.len()) {
                    break;
                }
            }
            from = cut;
        }
        out.paragraphs.push(Paragraph {
            start,
            end,
            sentences: first_sentence..out.sentences.len(),
            is_title: block.is_title,
        });
    }
    out
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Token indices where a new sentence starts, ending with `toks.len()`.
fn sentence_cuts(text: &str, toks: &[Token], abbr: &Abbreviations) -> Vec<usize> {
    let tt = |i: usize| &text[toks[i].start..toks[i].end];
    let mut cuts = Vec::new();
    // Inside a straight or doubled-apostrophe quotation (they open and
    // close with the same mark).
    let mut in_straight = false;
    let mut i = 0;
    while i < toks.len() {
        let t = tt(i);
        if matches!(t, "\"" | "''" | "``") {
            in_straight = !in_straight;
        }
        if !ends_here(text, toks, i, abbr) {
            // A blank line always ends a sentence.
            if i + 1 < toks.len() && blank_line(&text[toks[i].end..toks[i + 1].start]) {
                cuts.push(i + 1);
                in_straight = false;
            }
            i += 1;
            continue;
        }
        // Closing quotes and brackets belong to the sentence they close.
        let mut j = i + 1;
        while j < toks.len() {
            let c = tt(j);
            let closing = match c {
                "\u{201d}" | "\u{2019}" | ")" | "]" | "\u{bb}" | "\u{203a}" => true,
                "\"" | "''" if in_straight => {
                    in_straight = false;
                    true
                }
                "'" => true,
                _ => false,
            };
            if !closing {
                break;
            }
            j += 1;
        }
        let next_starts = j < toks.len() && starts_sentence(tt(j));
        if next_starts {
            cuts.push(j);
        }
        i = j;
    }
    cuts.push(toks.len());
    cuts
}

/// The gap between two tokens holds an empty line.
fn blank_line(gap: &str) -> bool {
    // Most gaps are one space: no count needed.
    gap.len() >= 2 && gap.matches('\n').count() >= 2
}

/// Whether token `i` is a sentence-ending mark or an abbreviation that ends
/// its sentence here.
fn ends_here(text: &str, toks: &[Token], i: usize, abbr: &Abbreviations) -> bool {
    let t = &text[toks[i].start..toks[i].end];
    let next = toks.get(i + 1).map(|n| &text[n.start..n.end]);
    match t {
        "." | "!" | "?" | "\u{2026}" | "..." | "?!" | "!?" => true,
        _ if t.len() > 1 && t.ends_with('.') => {
            // A word that kept its period: initial, acronym, abbreviation.
            let stem = &t[..t.len() - 1];
            let next_word = next.unwrap_or("");
            let function_word = is_capitalised_function_word(next_word);
            if stem.chars().count() == 1 && stem.chars().all(char::is_uppercase) {
                // "S. Jaishankar": an initial; "Plan B. The ..." ends.
                return function_word;
            }
            match abbr.get(stem) {
                Some(AbbrevKind::Title) => false,
                Some(AbbrevKind::Number) => !next_word.starts_with(|c: char| c.is_ascii_digit()),
                Some(AbbrevKind::Other | AbbrevKind::Suffix) | None => {
                    function_word || next.is_none()
                }
            }
        }
        _ => false,
    }
}

/// Capitalised words that begin sentences, not names: "The", "He", "But".
fn is_capitalised_function_word(w: &str) -> bool {
    // A match, not a list scan: it runs for every word that keeps a period.
    matches!(
        w,
        "The"
            | "A"
            | "An"
            | "He"
            | "She"
            | "It"
            | "They"
            | "We"
            | "I"
            | "You"
            | "In"
            | "On"
            | "At"
            | "But"
            | "And"
            | "Or"
            | "This"
            | "That"
            | "These"
            | "Those"
            | "His"
            | "Her"
            | "Their"
            | "Its"
            | "Our"
            | "My"
            | "There"
            | "Then"
            | "However"
            | "Meanwhile"
            | "Also"
            | "After"
            | "Before"
            | "When"
            | "While"
            | "If"
            | "As"
            | "For"
            | "So"
            | "Yet"
            | "Some"
            | "Many"
            | "Most"
            | "No"
            | "Not"
            | "One"
            | "Earlier"
            | "Later"
            | "Last"
            | "Since"
            | "Still"
            | "Such"
            | "What"
            | "Why"
            | "How"
            | "Who"
            | "Where"
            | "Both"
            | "Each"
            | "Officials"
            | "Analysts"
            | "Asked"
            | "Under"
            | "With"
            | "From"
            | "By"
            | "To"
            | "Despite"
            | "Although"
            | "Though"
            | "Now"
            | "Today"
            | "Yesterday"
            | "Separately"
            | "Instead"
    )
}

/// A token that can open a sentence: a capitalised word, a digit, an
/// opening quote or bracket.
fn starts_sentence(t: &str) -> bool {
    let Some(c) = t.chars().next() else {
        return false;
    };
    c.is_uppercase()
        || c.is_ascii_digit()
        || matches!(
            t,
            "\"" | "''"
                | "``"
                | "\u{201c}"
                | "\u{2018}"
                | "'"
                | "("
                | "["
                | "\u{ab}"
                | "-"
                | "\u{2014}"
                | "\u{2013}"
        )
        || (c.is_alphabetic() && !c.is_lowercase())
}

/// Characters that separate tokens and are never part of one: whitespace,
/// zero-width and bidi controls, other control characters.
fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(
            c,
            '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}' | '\u{2060}'
        )
}

/// Characters that continue a word they sit in: combining marks, joiners,
/// soft hyphens.
fn is_word_glue(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200c}' | '\u{200d}')
        || ('\u{300}'..='\u{36f}').contains(&c)
        || ('\u{1ab0}'..='\u{1aff}').contains(&c)
        || ('\u{20d0}'..='\u{20ff}').contains(&c)
        || ('\u{fe20}'..='\u{fe2f}').contains(&c)
        || ('\u{64b}'..='\u{65f}').contains(&c)
        || ('\u{900}'..='\u{903}').contains(&c)
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_word_glue(c)
}

/// Splits `range` of `text` into word, number and punctuation tokens, with
/// the embedded abbreviation list. `range` must lie on char boundaries.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    tokenize_with(text, range, Abbreviations::embedded())
}

/// Splits `range` of `text` into word, number and punctuation tokens.
/// `range` must lie on char boundaries of `text`.
pub fn tokenize_with(text: &str, range: Range<usize>, abbr: &Abbreviations) -> Vec<Token> {
    let s = &text[range.clone()];
    let chars = Chars::of(s);
    let token = |a: usize, b: usize| Token {
        start: range.start + chars.pos(a),
        end: range.start + chars.pos(b),
    };
    // About one token per five bytes of news text: room for most blocks.
    let mut toks = Vec::with_capacity(s.len() / 4);
    let mut k = 0;
    while k < chars.len() {
        let c = chars.char(k);
        if is_separator(c) || is_word_glue(c) && !chars.at(k + 1).is_some_and(is_word_char) {
            k += 1;
        } else if let Some(e) = chars.url_end(k) {
            toks.push(token(k, e));
            k = e;
        } else if is_word_char(c) {
            let e = chars.word_end(k, abbr);
            push_word(&mut toks, range.start + chars.pos(k), chars.slice(k, e));
            k = e;
        } else {
            let e = k + chars.punctuation_len(k);
            toks.push(token(k, e));
            k = e;
        }
    }
    toks
}

/// The characters of a text being tokenized, by index, with their byte
/// offsets.
struct Chars<'s> {
    s: &'s str,
    chars: Vec<(usize, char)>,
}

/// A word being read: where it ends so far, where its current
/// dot-separated piece starts ("U" in "U.S"), and whether it holds a joined
/// '-' (read as it grows, not searched for in it each time: a long compound
/// stays linear).
struct Run {
    end: usize,
    piece: usize,
    dashed: bool,
}

impl<'s> Chars<'s> {
    fn of(s: &'s str) -> Chars<'s> {
        Chars {
            s,
            chars: s.char_indices().collect(),
        }
    }

    fn len(&self) -> usize {
        self.chars.len()
    }

    fn char(&self, k: usize) -> char {
        self.chars[k].1
    }

    fn at(&self, k: usize) -> Option<char> {
        self.chars.get(k).map(|&(_, c)| c)
    }

    /// The byte offset of character `k` (the text's length past the end).
    fn pos(&self, k: usize) -> usize {
        self.chars.get(k).map_or(self.s.len(), |&(i, _)| i)
    }

    fn slice(&self, a: usize, b: usize) -> &'s str {
        &self.s[self.pos(a)..self.pos(b)]
    }

    /// The end of a URL or bare web address starting at `k`: up to the next
    /// space, less the punctuation that closes the sentence around it.
    fn url_end(&self, k: usize) -> Option<usize> {
        let rest = &self.s[self.pos(k)..];
        if !(rest.starts_with("http://")
            || rest.starts_with("https://")
            || rest.starts_with("www."))
        {
            return None;
        }
        let mut e = k;
        while e < self.len() && !is_separator(self.char(e)) {
            e += 1;
        }
        while e > k + 1 && is_url_trailer(self.char(e - 1)) {
            e -= 1;
        }
        Some(e)
    }

    /// The end of the word starting at `k`: its characters, the marks that
    /// join them ("U.S", "co-operate", "3,000", "don't"), and a period that
    /// belongs to it (initials, dotted acronyms, listed abbreviations).
    fn word_end(&self, k: usize, abbr: &Abbreviations) -> usize {
        let mut run = Run {
            end: k + 1,
            piece: k,
            dashed: false,
        };
        loop {
            self.extend(&mut run);
            let e = run.end;
            let word = &self.s[self.pos(run.piece.min(e))..self.pos(e)];
            let whole = self.slice(k, e);
            if self.at(e) != Some('.')
                || !(keeps_period(whole, abbr) || keeps_period(word, abbr) && run.dashed)
            {
                return e;
            }
            // "U.S.-Pakistan": the compound goes on after the period.
            if !(self.at(e + 1) == Some('-') && self.at(e + 2).is_some_and(char::is_alphanumeric)) {
                return e + 1;
            }
            run = Run {
                end: e + 3,
                piece: e + 2,
                dashed: true,
            };
        }
    }

    /// Extends `run` over word characters and the marks that join them.
    fn extend(&self, run: &mut Run) {
        while let Some(x) = self.at(run.end) {
            let prev = self.char(run.end - 1);
            if is_word_char(x) || is_mojibake_continuation(prev, x) {
                run.end += 1;
            } else if self.joins(run, x) {
                run.dashed |= x == '-';
                run.piece = run.end + 1;
                run.end += 2;
            } else {
                break;
            }
        }
    }

    /// Whether the mark `x` at the end of `run` joins the word to what
    /// follows it.
    fn joins(&self, run: &Run, x: char) -> bool {
        let prev = self.char(run.end - 1);
        let next = self.at(run.end + 1);
        match x {
            '-' | '\u{2010}' | '\u{2011}' | '@' | '&' => {
                next.is_some_and(char::is_alphanumeric) && prev.is_alphanumeric()
            }
            '.' => match next {
                Some(n) if prev.is_ascii_digit() && n.is_ascii_digit() => true,
                Some(n) if prev.is_alphabetic() && n.is_lowercase() => true,
                Some(n) if prev.is_alphabetic() && n.is_alphabetic() => run.end - run.piece == 1,
                _ => false,
            },
            ',' | ':' | '/' => prev.is_ascii_digit() && next.is_some_and(|n| n.is_ascii_digit()),
            '\'' | '\u{2019}' => prev.is_alphanumeric() && next.is_some_and(char::is_alphabetic),
            _ => false,
        }
    }

    /// The length in characters of the punctuation token at `k`: some marks
    /// pair up into one token ("''", "--", "?!", "...").
    fn punctuation_len(&self, k: usize) -> usize {
        let c = self.char(k);
        match (c, self.at(k + 1).unwrap_or(' ')) {
            ('\'', '\'') | ('`', '`') | ('-', '-') | ('?', '!') | ('!', '?') => {
                if c == '-' && self.at(k + 2) == Some('-') {
                    3
                } else {
                    2
                }
            }
            ('.', '.') if self.at(k + 2) == Some('.') => {
                let mut e = k;
                while self.at(e) == Some('.') {
                    e += 1;
                }
                e - k
            }
            _ => 1,
        }
    }
}

/// Punctuation that closes the sentence around a URL, not part of it.
fn is_url_trailer(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '"' | '\'' | '\u{201d}' | '\u{2019}'
    )
}

/// Mis-decoded UTF-8 ("FranÃ§ois"): a Latin-1 lead letter `prev` followed
/// by a continuation-range character `x`, read as one word.
fn is_mojibake_continuation(prev: char, x: char) -> bool {
    ('\u{80}'..='\u{bf}').contains(&x) && ('\u{c2}'..='\u{df}').contains(&prev)
}

/// Whether a word followed by "." keeps it: single letters ("S."), dotted
/// acronyms ("U.S", "D.C", "a.m"), and any listed abbreviation.
///
/// Reads at most the word's first two characters unless it starts with a
/// letter and a period, and looks a word up only when it is no longer
/// than the longest abbreviation: a long compound asked about again as it
/// grows ("A.-B.-C.-…") costs O(1) per question.
fn keeps_period(word: &str, abbr: &Abbreviations) -> bool {
    let one_letter = |p: &str| {
        let mut cs = p.chars();
        matches!((cs.next(), cs.next()), (Some(c), None) if c.is_alphabetic())
    };
    let mut cs = word.chars();
    match (cs.next(), cs.next()) {
        (Some(c), None) => return c.is_alphabetic(),
        (Some(c), Some('.')) if c.is_alphabetic() && word.split('.').all(one_letter) => {
            return true;
        }
        _ => {}
    }
    word.len() <= abbr.longest && abbr.get(word).is_some()
}

/// Pushes a word, splitting off a possessive "'s" ("Pakistan's").
fn push_word(toks: &mut Vec<Token>, start: usize, w: &str) {
    for apos in ["'s", "\u{2019}s", "'S", "\u{2019}S"] {
        if w.len() > apos.len() + 1 && w.ends_with(apos) {
            let cut = w.len() - apos.len();
            toks.push(Token {
                start,
                end: start + cut,
            });
            toks.push(Token {
                start: start + cut,
                end: start + w.len(),
            });
            return;
        }
    }
    toks.push(Token {
        start,
        end: start + w.len(),
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sentences(text: &str) -> Vec<&str> {
        let doc = segment(
            text,
            &[Block {
                range: 0..text.len(),
                is_title: false,
            }],
        );
        (0..doc.sentences.len())
            .map(|i| doc.sentence_text(i))
            .collect()
    }

    fn tokens(text: &str) -> Vec<&str> {
        tokenize(text, 0..text.len())
            .iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    #[test]
    fn sentence_table() {
        let cases: &[(&str, &[&str])] = &[
            (
                "Rubio met S. Jaishankar in Kuala Lumpur. They talked.",
                &["Rubio met S. Jaishankar in Kuala Lumpur.", "They talked."],
            ),
            (
                "The U.S. and Pakistan signed a deal in Washington, D.C. on Monday.",
                &["The U.S. and Pakistan signed a deal in Washington, D.C. on Monday."],
            ),
            (
                "Ties with the U.S. The two sides met.",
                &["Ties with the U.S.", "The two sides met."],
            ),
            (
                "Gen. Asim Munir met Mr. Trump on Oct. 27 at No. 10 Downing Street.",
                &["Gen. Asim Munir met Mr. Trump on Oct. 27 at No. 10 Downing Street."],
            ),
            (
                "He said: \"We will go. We will fight.\" Then he left.",
                &[
                    "He said: \"We will go.",
                    "We will fight.\"",
                    "Then he left.",
                ],
            ),
            (
                "\u{201c}We will fight!\u{201d} he said. \u{201c}Never.\u{201d}",
                &[
                    "\u{201c}We will fight!\u{201d} he said.",
                    "\u{201c}Never.\u{201d}",
                ],
            ),
            (
                "''Given the gaps, that's tough.'' Mr. Obama said so.",
                &["''Given the gaps, that's tough.''", "Mr. Obama said so."],
            ),
            (
                "We will ask... the court to act. It grew 3.5% to 1,000 units.",
                &[
                    "We will ask... the court to act.",
                    "It grew 3.5% to 1,000 units.",
                ],
            ),
            (
                "Read it at https://example.com/a.b?c=1. Then stop.",
                &["Read it at https://example.com/a.b?c=1.", "Then stop."],
            ),
            (
                "President Joseph R. Biden, Jr. met Lula. Both spoke.",
                &["President Joseph R. Biden, Jr. met Lula.", "Both spoke."],
            ),
            ("No terminal mark here", &["No terminal mark here"]),
            (
                "A headline\n\nThe story starts",
                &["A headline", "The story starts"],
            ),
            ("one line\nwraps here.", &["one line\nwraps here."]),
            ("Is it over? Yes! Done.", &["Is it over?", "Yes!", "Done."]),
        ];
        for (input, want) in cases {
            assert_eq!(sentences(input), *want, "{input:?}");
        }
    }

    #[test]
    fn token_table() {
        let cases: &[(&str, &[&str])] = &[
            ("Pakistan's envoy", &["Pakistan", "'s", "envoy"]),
            ("India\u{2019}s ties", &["India", "\u{2019}s", "ties"]),
            // A compound keeps its dotted acronym whole.
            ("U.S.-Pakistan relations", &["U.S.-Pakistan", "relations"]),
            ("Pakistan-U.S. ties", &["Pakistan-U.S.", "ties"]),
            (
                "a well-known al-Assad ally",
                &["a", "well-known", "al-Assad", "ally"],
            ),
            ("3.5% of $1,000", &["3.5", "%", "of", "$", "1,000"]),
            ("''like this''", &["''", "like", "this", "''"]),
            ("wait... no -- yes", &["wait", "...", "no", "--", "yes"]),
            ("don't stop", &["don't", "stop"]),
            ("at 11:05 IST", &["at", "11:05", "IST"]),
            ("via www.albawaba.com.", &["via", "www.albawaba.com", "."]),
            ("in 2019.The end", &["in", "2019", ".", "The", "end"]),
            ("no\u{a0}break\u{200b}zero", &["no", "break", "zero"]),
            ("nego\u{ad}tiate", &["nego\u{ad}tiate"]),
            ("Fran\u{c3}\u{a7}ois", &["Fran\u{c3}\u{a7}ois"]),
        ];
        for (input, want) in cases {
            assert_eq!(tokens(input), *want, "{input:?}");
        }
    }

    #[test]
    fn blocks_out_of_order_or_bounds_do_not_panic() {
        let text = "Héllo wörld. Second one.";
        let doc = segment(
            text,
            &[
                Block {
                    range: 2..100,
                    is_title: true,
                },
                Block {
                    range: 0..5,
                    is_title: false,
                },
            ],
        );
        assert_eq!(doc.paragraphs.len(), 1);
        for t in &doc.tokens {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
        }
    }

    #[test]
    fn abbreviations_load() {
        let a = Abbreviations::load().unwrap();
        assert_eq!(a.get("Gen"), Some(AbbrevKind::Title));
        assert_eq!(a.get("No"), Some(AbbrevKind::Number));
    }
}
