//! Paragraphs, sentences and tokens.
//!
//! Input: the text the client sent and the byte ranges of the blocks that
//! cleaning kept (headline first, then body paragraphs), in text order.
//! Output: a [`Segmented`] view whose every paragraph, sentence and token is
//! a byte range into that same text. Invariants: ranges are on `char`
//! boundaries, non-overlapping, in text order; sentences nest in
//! paragraphs and tokens in sentences; whitespace is never a token.

use std::collections::HashMap;
use std::ops::Range;

use crate::analysis::resources::DataError;

const ABBREVIATIONS: &str = include_str!("../../data/clean/abbreviations.txt");

/// How an abbreviation behaves before the next word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AbbrevKind {
    /// Precedes a name and never ends a sentence ("Mr.", "Gen.").
    Title,
    /// Precedes a number ("No. 10"); otherwise ends a sentence.
    Number,
    /// Ends a sentence only before a capitalised function word.
    Other,
}

/// Abbreviations that end in a period without ending the sentence
/// (`data/clean/abbreviations.txt`).
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    map: HashMap<String, AbbrevKind>,
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
                "other" => AbbrevKind::Other,
                other => return Err(err(format!("bad kind {other:?}"))),
            };
            map.insert(w.trim().to_string(), kind);
        }
        Ok(Self { map })
    }

    /// The kind of `word` (without its final period), if it is listed.
    pub fn get(&self, word: &str) -> Option<AbbrevKind> {
        self.map.get(word).copied()
    }
}

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

/// Splits each block into sentences and tokens.
pub fn segment<'a>(text: &'a str, blocks: &[Block]) -> Segmented<'a> {
    let mut out = Segmented {
        text,
        paragraphs: Vec::new(),
        sentences: Vec::new(),
        tokens: Vec::new(),
    };
    for block in blocks {
        let first_sentence = out.sentences.len();
        let para_index = out.paragraphs.len();
        let toks = tokenize(text, block.range.clone());
        let mut sent_start_tok = 0;
        for i in 0..toks.len() {
            let t = &text[toks[i].start..toks[i].end];
            let last = i + 1 == toks.len();
            if last || is_sentence_end(text, &toks, i, t) {
                let base = out.tokens.len();
                let slice = &toks[sent_start_tok..=i];
                out.tokens.extend_from_slice(slice);
                out.sentences.push(Sentence {
                    start: slice[0].start,
                    end: slice[slice.len() - 1].end,
                    tokens: base..out.tokens.len(),
                    paragraph: para_index,
                });
                sent_start_tok = i + 1;
            }
        }
        out.paragraphs.push(Paragraph {
            start: block.range.start,
            end: block.range.end,
            sentences: first_sentence..out.sentences.len(),
            is_title: block.is_title,
        });
    }
    out
}

fn is_sentence_end(text: &str, toks: &[Token], i: usize, t: &str) -> bool {
    if !matches!(t, "." | "!" | "?") {
        return false;
    }
    // A closing quote right after the mark belongs to this sentence.
    let next = toks.get(i + 1).map(|n| &text[n.start..n.end]);
    next.is_some_and(|n| {
        n.chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c == '"' || c == '\u{201c}')
    })
}

/// Splits `range` of `text` into word, number and punctuation tokens.
pub fn tokenize(text: &str, range: Range<usize>) -> Vec<Token> {
    let mut toks = Vec::new();
    let s = &text[range.clone()];
    let mut cur: Option<usize> = None;
    for (i, c) in s.char_indices() {
        let pos = range.start + i;
        if c.is_alphanumeric()
            || (c == '\'' || c == '\u{2019}' || c == '-' || c == '.') && cur.is_some()
        {
            if cur.is_none() {
                cur = Some(pos);
            }
        } else {
            if let Some(st) = cur.take() {
                push_word(text, &mut toks, st, pos);
            }
            if !c.is_whitespace() {
                toks.push(Token {
                    start: pos,
                    end: pos + c.len_utf8(),
                });
            }
        }
    }
    if let Some(st) = cur {
        push_word(text, &mut toks, st, range.end);
    }
    toks
}

/// Pushes a word, splitting a trailing period off unless it is an
/// abbreviation-like token (single letters with dots such as "U.S.").
fn push_word(text: &str, toks: &mut Vec<Token>, start: usize, mut end: usize) {
    let w = &text[start..end];
    let trailing: usize = w.len() - w.trim_end_matches(['\'', '\u{2019}', '-', '.']).len();
    let mut tail = Vec::new();
    if trailing > 0 {
        let keep_dot = w.ends_with('.') && w.trim_end_matches('.').contains('.');
        let cut = if keep_dot {
            w.trim_end_matches('.').len() + 1
        } else {
            w.len() - trailing
        };
        for (i, c) in text[start + cut..end].char_indices() {
            tail.push(Token {
                start: start + cut + i,
                end: start + cut + i + c.len_utf8(),
            });
        }
        end = start + cut;
    }
    if end > start {
        toks.push(Token { start, end });
    }
    toks.extend(tail);
}
