//! The data cleaning decides with: clutter vocabulary, stop words, news
//! agencies, journalist roles, abbreviations. Parsed once from
//! `data/clean/*`.

use std::collections::{HashMap, HashSet};

use aho_corasick::AhoCorasick;

use crate::analysis::model::RemovedKind;
use crate::analysis::resources::DataError;
use crate::analysis::segment::Abbreviations;

const CLUTTER: &str = include_str!("../../../data/clean/clutter.tsv");
const STOPWORDS: &str = include_str!("../../../data/clean/stopwords.txt");
const AGENCIES: &str = include_str!("../../../data/clean/agencies.txt");
const ROLES: &str = include_str!("../../../data/clean/roles.txt");

/// How a clutter phrase is matched against a block's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The whole block is the phrase.
    Line,
    /// The block begins with the phrase.
    Start,
    /// The phrase occurs anywhere in the block.
    Any,
    /// The phrase occurs in a short, label-like block.
    Short,
}

/// One entry of the clutter vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClutterPhrase {
    pub kind: RemovedKind,
    pub how: Match,
    /// Normalised with [`key`].
    pub phrase: String,
    /// The phrase between spaces, for word-bounded search.
    pub padded: String,
    /// Opens a section that is not the story (related links, trending).
    pub barrier: bool,
}

/// The clutter vocabulary, indexed by how its phrases match, so a block is
/// looked up once rather than compared with every phrase. Built from the
/// phrases by [`ClutterVocabulary::new`], so index and phrases agree.
#[derive(Debug, Default)]
pub struct ClutterVocabulary {
    phrases: Vec<ClutterPhrase>,
    /// `Line` entries by phrase, each list in vocabulary order.
    lines: HashMap<String, Vec<usize>>,
    /// `Start` entries by their phrase's first word, each list in
    /// vocabulary order: a block can only begin with a phrase whose first
    /// word is its own (phrases end at a word boundary or go on past one).
    starts: HashMap<String, Vec<usize>>,
    /// One automaton over the distinct padded phrases of the `Any` and
    /// `Short` entries; its pattern `i` stands for the entries `inner[i]`.
    inner_search: Option<AhoCorasick>,
    inner: Vec<Vec<usize>>,
}

impl ClutterVocabulary {
    pub fn new(phrases: Vec<ClutterPhrase>) -> Result<Self, aho_corasick::BuildError> {
        let mut lines: HashMap<String, Vec<usize>> = HashMap::new();
        let mut starts: HashMap<String, Vec<usize>> = HashMap::new();
        let mut inner_patterns: Vec<&str> = Vec::new();
        let mut inner: Vec<Vec<usize>> = Vec::new();
        for (i, c) in phrases.iter().enumerate() {
            match c.how {
                Match::Line => lines.entry(c.phrase.clone()).or_default().push(i),
                Match::Start => starts
                    .entry(first_word(&c.phrase).to_string())
                    .or_default()
                    .push(i),
                Match::Any | Match::Short => {
                    match inner_patterns.iter().position(|p| *p == c.padded) {
                        Some(at) => inner[at].push(i),
                        None => {
                            inner_patterns.push(&c.padded);
                            inner.push(vec![i]);
                        }
                    }
                }
            }
        }
        let inner_search = if inner_patterns.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(&inner_patterns)?)
        };
        Ok(Self {
            lines,
            starts,
            inner_search,
            inner,
            phrases,
        })
    }

    /// The entries, in vocabulary order.
    pub fn phrases(&self) -> &[ClutterPhrase] {
        &self.phrases
    }
}

/// Clutter vocabulary and the other lexicons cleaning decides with.
#[derive(Debug, Default)]
pub struct CleanLexicon {
    pub clutter: ClutterVocabulary,
    pub stopwords: HashSet<String>,
    /// Agency names, normalised with [`key`].
    pub agencies: HashSet<String>,
    /// Journalist role words, normalised with [`key`].
    pub roles: Vec<String>,
    /// Abbreviations the segmenter must not break sentences at.
    pub abbreviations: Abbreviations,
}

/// What the clutter vocabulary says about a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClutterHit {
    pub kind: RemovedKind,
    pub barrier: bool,
}

fn data_lines(src: &str) -> impl Iterator<Item = (usize, &str)> {
    src.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

fn parse_kind(s: &str) -> Option<RemovedKind> {
    Some(match s {
        "navigation" => RemovedKind::Navigation,
        "advertisement" => RemovedKind::Advertisement,
        "byline" => RemovedKind::Byline,
        "author_bio" => RemovedKind::AuthorBio,
        "related_links" => RemovedKind::RelatedLinks,
        "share" => RemovedKind::Share,
        "subscription" => RemovedKind::Subscription,
        "copyright" => RemovedKind::Copyright,
        "footer" => RemovedKind::Footer,
        "other" => RemovedKind::Other,
        _ => return None,
    })
}

impl CleanLexicon {
    /// Parses the embedded data files.
    pub fn load() -> Result<Self, DataError> {
        let mut clutter = Vec::new();
        for (line, l) in data_lines(CLUTTER) {
            let err = |message: String| DataError {
                file: "data/clean/clutter.tsv",
                line,
                message,
            };
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() < 3 || cols.len() > 4 {
                return Err(err(format!("expected 3 or 4 columns, got {}", cols.len())));
            }
            let kind = parse_kind(cols[0]).ok_or_else(|| err(format!("bad kind {:?}", cols[0])))?;
            let how = match cols[1] {
                "line" => Match::Line,
                "start" => Match::Start,
                "any" => Match::Any,
                "short" => Match::Short,
                other => return Err(err(format!("bad match {other:?}"))),
            };
            let barrier = match cols.get(3) {
                None => false,
                Some(&"barrier") => true,
                Some(other) => return Err(err(format!("bad flag {other:?}"))),
            };
            let phrase = key(cols[2]);
            if phrase.is_empty() {
                return Err(err("empty phrase".into()));
            }
            clutter.push(ClutterPhrase {
                kind,
                how,
                padded: format!(" {phrase} "),
                phrase,
                barrier,
            });
        }
        let clutter = ClutterVocabulary::new(clutter).map_err(|e| DataError {
            file: "data/clean/clutter.tsv",
            line: 0,
            message: format!("cannot index the phrases: {e}"),
        })?;
        let stopwords = data_lines(STOPWORDS)
            .map(|(_, w)| w.trim().to_lowercase())
            .collect();
        let agencies = data_lines(AGENCIES).map(|(_, w)| key(w)).collect();
        let roles = data_lines(ROLES).map(|(_, w)| key(w)).collect();
        Ok(Self {
            clutter,
            stopwords,
            agencies,
            roles,
            abbreviations: Abbreviations::load()?,
        })
    }

    /// The clutter vocabulary's verdict on a block of `words` words whose
    /// [`key`] is `k`. `sentence`: the block reads as a sentence (ends with
    /// terminal punctuation, several words), so label-only phrases do not
    /// apply.
    pub fn clutter(&self, k: &str, words: usize, sentence: bool) -> Option<ClutterHit> {
        if k.is_empty() {
            return None;
        }
        let line_key = k.trim_end_matches(" :").trim_end_matches(':');
        let short = words <= 12 && !sentence;
        let vocabulary = &self.clutter;
        // A barrier beats a plain hit; otherwise the first entry wins: the
        // verdict is the first barrier entry that hits, else the first entry.
        let mut first: Option<usize> = None;
        let mut first_barrier: Option<usize> = None;
        let mut hit = |i: usize| {
            first = Some(first.map_or(i, |f| f.min(i)));
            if vocabulary.phrases[i].barrier {
                first_barrier = Some(first_barrier.map_or(i, |f| f.min(i)));
            }
        };
        for &i in vocabulary.lines.get(line_key).into_iter().flatten() {
            hit(i);
        }
        for &i in vocabulary.starts.get(first_word(k)).into_iter().flatten() {
            let c = &vocabulary.phrases[i];
            let p = c.phrase.as_str();
            if !k.starts_with(p) {
                continue;
            }
            let multi = p.contains(' ');
            let bounded = k.len() == p.len()
                || k.as_bytes().get(p.len()) == Some(&b' ')
                || (multi && !p.ends_with(':'));
            let fits = if multi {
                words <= 45 || c.kind == RemovedKind::Copyright
            } else {
                words <= 15 && !sentence
            };
            if bounded && fits {
                hit(i);
            }
        }
        if let Some(search) = &vocabulary.inner_search {
            let padded = format!(" {k} ");
            for m in search.find_overlapping_iter(&padded) {
                for &i in &vocabulary.inner[m.pattern().as_usize()] {
                    if vocabulary.phrases[i].how == Match::Any || short {
                        hit(i);
                    }
                }
            }
        }
        first_barrier.or(first).map(|i| ClutterHit {
            kind: vocabulary.phrases[i].kind,
            barrier: vocabulary.phrases[i].barrier,
        })
    }

    pub fn is_stopword(&self, w: &str) -> bool {
        self.stopwords.contains(w)
    }

    pub fn is_agency(&self, s: &str) -> bool {
        self.agencies.contains(&key(s))
    }
}

/// The first word of a [`key`].
fn first_word(k: &str) -> &str {
    k.split(' ').next().unwrap_or(k)
}

/// The matching key of a text: lower case; every character that is not a
/// letter, digit or `©` becomes a space, `:` stands apart; spaces collapse.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = true;
    for c in s.chars() {
        if c.is_ascii_alphanumeric() {
            // The common case, without `to_lowercase`'s table lookup.
            out.push(c.to_ascii_lowercase());
            space = false;
        } else if c.is_alphanumeric() || c == '©' {
            out.extend(c.to_lowercase());
            space = false;
        } else if c == ':' {
            if !space {
                out.push(' ');
            }
            out.push_str(": ");
            space = true;
        } else if !space {
            out.push(' ');
            space = true;
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys() {
        for (input, want) in [
            ("Source: NATO.", "source : nato"),
            ("Share this with Facebook", "share this with facebook"),
            ("  Loading...  ", "loading"),
            ("© 2025 DailyDigest360", "© 2025 dailydigest360"),
            ("", ""),
        ] {
            assert_eq!(key(input), want, "{input:?}");
        }
    }

    #[test]
    fn vocabulary() {
        let lex = CleanLexicon::load().unwrap();
        let kind = |t: &str, w: usize, s: bool| lex.clutter(&key(t), w, s).map(|h| h.kind);
        assert_eq!(
            kind("Advertisement", 1, false),
            Some(RemovedKind::Advertisement)
        );
        assert_eq!(
            kind("Share this with Twitter", 4, false),
            Some(RemovedKind::Share)
        );
        assert_eq!(
            kind("Subscribe to our newsletter", 4, false),
            Some(RemovedKind::Subscription)
        );
        assert_eq!(
            kind("Copyright © 2019 BBC.", 3, true),
            Some(RemovedKind::Copyright)
        );
        assert_eq!(kind("Source: NATO.", 2, true), Some(RemovedKind::Other));
        // Prose that merely starts like a label is not clutter.
        assert_eq!(
            kind("Watchdog groups said the vote was fair.", 7, true),
            None
        );
        assert_eq!(
            kind("Sources said the minister would resign.", 6, true),
            None
        );
        assert_eq!(
            kind(
                "The ministry said its newsletter would be sent to every household by Friday.",
                14,
                true
            ),
            None
        );
        assert!(
            lex.clutter(&key("Related Coverage"), 2, false)
                .unwrap()
                .barrier
        );
    }
}
