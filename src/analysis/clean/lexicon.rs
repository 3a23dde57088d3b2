//! The data cleaning decides with: clutter vocabulary, stop words, news
//! agencies, journalist roles, abbreviations. Parsed once from
//! `data/clean/*`.

use std::collections::HashSet;

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

/// Clutter vocabulary and the other lexicons cleaning decides with.
#[derive(Debug, Default)]
pub struct CleanLexicon {
    pub clutter: Vec<ClutterPhrase>,
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
        let padded = format!(" {k} ");
        let short = words <= 12 && !sentence;
        let mut best: Option<ClutterHit> = None;
        for c in &self.clutter {
            let p = c.phrase.as_str();
            let hit = match c.how {
                Match::Line => line_key == p,
                Match::Start => {
                    let multi = p.contains(' ');
                    let bounded = k.len() == p.len()
                        || k.as_bytes().get(p.len()) == Some(&b' ')
                        || (multi && !p.ends_with(':'));
                    k.starts_with(p)
                        && bounded
                        && (if multi {
                            words <= 45 || c.kind == RemovedKind::Copyright
                        } else {
                            words <= 15 && !sentence
                        })
                }
                Match::Any => padded.contains(&c.padded),
                Match::Short => short && padded.contains(&c.padded),
            };
            if hit {
                let h = ClutterHit {
                    kind: c.kind,
                    barrier: c.barrier,
                };
                // A barrier beats a plain hit; otherwise the first entry wins.
                match best {
                    None => best = Some(h),
                    Some(b) if !b.barrier && h.barrier => best = Some(h),
                    _ => {}
                }
            }
        }
        best
    }

    pub fn is_stopword(&self, w: &str) -> bool {
        self.stopwords.contains(w)
    }

    pub fn is_agency(&self, s: &str) -> bool {
        self.agencies.contains(&key(s))
    }
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
