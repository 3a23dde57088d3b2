//! Named entities: gazetteer matches, name patterns, one entity per referent.
//!
//! Input: the segmented article (headline and body only), its date mentions
//! and the [`Gazetteer`]. Output: entities with every mention (byte spans
//! into the text, `text` equal to the slice), ids `E1…` in order of first
//! mention, DATE entities included. Invariants: mentions of different
//! entities never overlap; a mention is a name, never a title or a pronoun.
//!
//! The stage runs in three steps:
//! 1. [`gazetteer`] — countries, capitals, demonyms, organisations,
//!    institutions, places and titles, matched in one pass over a sorted
//!    index of their names;
//! 2. [`names`] — per sentence, capitalised runs split into gazetteer names,
//!    titles and names no gazetteer holds (persons by title, given name,
//!    speech verb or apposition; organisations and places by head word);
//! 3. [`cluster`] — candidates grouped into one entity per referent
//!    (surnames, acronyms, capitals used for their state).
//!
//! `Entity.actor` carries the relation actor: the ISO alpha-2 code of a
//! state for the state, its capital used as its government, its demonym,
//! its institutions and its officials; an organisation code (`UN`, `EU`,
//! `AFU`…) for an international organisation.

pub mod cluster;
mod fold;
pub mod gazetteer;
pub(crate) mod gazetteer_rows;
mod name_set;
pub mod names;
pub(crate) mod word_sets;

use foldhash::HashSet;

pub use gazetteer::Gazetteer;

use crate::analysis::dates::DateMention;
use crate::analysis::model::Entity;
use crate::analysis::segment::{AbbrevKind, Abbreviations, MAX_SENTENCE_TOKENS, Segmented};

/// Finds the entities of the article.
pub fn extract(
    doc: &Segmented,
    dates: &[DateMention],
    gaz: &Gazetteer,
    abbr: &Abbreviations,
) -> Vec<Entity> {
    let text = doc.text;
    // Words that appear capitalised inside body sentences: a sentence's first
    // word that also appears there is a name, not a capitalised common word.
    // tokenised once: for the capitalised words here, for candidates below;
    // a sentence of more than MAX_SENTENCE_TOKENS tokens (as this stage
    // splits words: "A.-B.-C" is one token to the segmenter and many here)
    // is read in pieces of that many, so the work per sentence is bounded.
    let mut sentences_cut = Vec::new();
    let mut sentence_toks: Vec<Vec<names::Tok>> = Vec::new();
    for s in sentences(doc, abbr) {
        let toks = names::tokenize(text, s.start..s.end, gaz, abbr);
        if toks.len() <= MAX_SENTENCE_TOKENS {
            sentences_cut.push(s);
            sentence_toks.push(toks);
            continue;
        }
        for piece in toks.chunks(MAX_SENTENCE_TOKENS) {
            sentences_cut.push(Sentence {
                start: piece[0].start,
                end: piece[piece.len() - 1].end,
                paragraph: s.paragraph,
            });
            sentence_toks.push(piece.to_vec());
        }
    }
    let sentences = sentences_cut;
    let mut midcap: HashSet<&str> = HashSet::default();
    for (s, toks) in sentences.iter().zip(&sentence_toks) {
        if doc.paragraphs.get(s.paragraph).is_some_and(|p| p.is_title) {
            continue;
        }
        let first = toks.iter().position(|t| {
            text[t.start..t.end]
                .chars()
                .next()
                .is_some_and(char::is_alphanumeric)
        });
        for (i, t) in toks.iter().enumerate() {
            let w = &text[t.start..t.end];
            if Some(i) != first && w.chars().next().is_some_and(char::is_uppercase) {
                midcap.insert(w);
            }
        }
    }
    let mut cands = Vec::new();
    // body first, so the headline's title-case words only name what the body names
    for in_title in [false, true] {
        for (s, toks) in sentences.iter().zip(&sentence_toks) {
            let Some(para) = doc.paragraphs.get(s.paragraph) else {
                continue;
            };
            if para.is_title != in_title {
                continue;
            }
            let input = names::SentenceInput {
                text,
                range: s.start..s.end,
                toks,
                headline: in_title && title_case(&text[para.start..para.end]),
                in_title,
                midcap: &midcap,
            };
            cands.extend(names::sentence_cands(&input, gaz));
        }
    }
    cluster::build(text, &cands, dates, gaz)
}

/// A sentence as this stage reads it.
struct Sentence {
    start: usize,
    end: usize,
    paragraph: usize,
}

/// The document's sentences, joined again where a split fell after an
/// initial or an abbreviation inside a name ("Donald J. Trump", "Mr. Kerry").
fn sentences(doc: &Segmented, abbr: &Abbreviations) -> Vec<Sentence> {
    let mut out: Vec<Sentence> = Vec::new();
    for s in &doc.sentences {
        if let Some(last) = out.last_mut()
            && last.paragraph == s.paragraph
            && ends_in_abbreviation(&doc.text[last.start..last.end], abbr)
        {
            last.end = s.end;
            continue;
        }
        out.push(Sentence {
            start: s.start,
            end: s.end,
            paragraph: s.paragraph,
        });
    }
    out
}

/// Whether `s` ends in an initial or in a listed abbreviation that stands
/// inside a name: a title ("Mr."), a suffix ("Jr.") or a number word ("No.").
fn ends_in_abbreviation(s: &str, abbr: &Abbreviations) -> bool {
    let Some(body) = s.strip_suffix('.') else {
        return false;
    };
    let start = body
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphabetic() || *c == '.')
        .last()
        .map_or(body.len(), |(i, _)| i);
    let word = &body[start..];
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    initial
        || matches!(
            abbr.get(word),
            Some(AbbrevKind::Title | AbbrevKind::Suffix | AbbrevKind::Number)
        )
}

/// Whether a headline is written in title case ("Lashes Out at US for No
/// Longer…"), where capitals say nothing about names.
fn title_case(s: &str) -> bool {
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| w.chars().count() >= 4)
        .collect();
    let caps = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .count();
    words.len() >= 2 && caps * 10 >= words.len() * 6
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn abbreviations_inside_names_come_from_the_data_file() {
        let abbr = Abbreviations::embedded();
        // titles, suffixes and number words stand inside a name
        for s in [
            "He met Gen.",
            "They saw Rt.",
            "Signed by John Smith Jr.",
            "At No.",
        ] {
            assert!(ends_in_abbreviation(s, abbr), "{s}");
        }
        // an initial
        assert!(ends_in_abbreviation("Donald J.", abbr));
        // a company suffix or a month ends a sentence here as the splitter says
        for s in ["He works for Acme Inc.", "It was due in Oct.", "It ended."] {
            assert!(!ends_in_abbreviation(s, abbr), "{s}");
        }
    }
}
