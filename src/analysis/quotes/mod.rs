//! Quotes and who said them.
//!
//! Input: the segmented article, its entities and the speech lexicon.
//! Output: direct, partial and indirect quotes, ids `Q1…` in text order
//! (by start), each with its span (the words without the marks; for an
//! indirect quote, the reported clause), speaker entity id, `speaker_text`
//! and `cue`. Invariants: every `text` equals `doc.text[start..end]`,
//! spans lie inside the article's paragraphs on `char` boundaries, and no
//! input makes the stage panic.
//!
//! The stage runs in four steps:
//! 1. `marks::find` finds quotations on the paragraph text: `"…"`, `“…”`,
//!    `''…''`, ``` ``…'' ```, `«…»`, `‘…’` and `'…'` at top level (never
//!    apostrophes), single marks inside double ones left as part of the
//!    words. A quotation left open at a paragraph end continues in the next
//!    paragraph when that one opens with a mark (one piece per paragraph,
//!    as annotators split them, sharing one speaker); otherwise it ends at
//!    the paragraph end, so odd marks never spill over the article;
//! 2. each quotation is read in its sentence: direct (a clause set off by
//!    its attribution) or partial (a fragment inside the narrator's
//!    sentence), or dropped as a title, a name or a term: a title-case
//!    fragment, one after "so-called" / "known as", a word or two modifying
//!    the next noun, or a short fragment with no speech in its sentence;
//! 3. `speaker` attributes it, most specific evidence first: the
//!    attribution clause next to it ("…," X said / said X / according to
//!    X), the speech verb framing it (X said the move was "…"), the subject
//!    of its sentence, then the speaker of the paragraph (or the paragraph
//!    before, or the subject closing a paragraph before that quotes
//!    nobody) for a quotation standing alone;
//! 4. `indirect` adds reported speech without marks ("X said that …",
//!    "according to X, …", "…, X said.").

mod indirect;
mod marks;
mod speaker;
mod text;

use std::borrow::Cow;
use std::collections::HashMap;

use foldhash::{HashMap as FastMap, HashSet as FastSet};

use crate::analysis::model::{Entity, EntityType, Quote, QuoteKind};
use crate::analysis::resources::DataError;
use crate::analysis::segment::Segmented;

use self::speaker::{Attribution, Reader};

const SPEECH_VERBS: &str = include_str!("../../../data/quotes/speech_verbs.txt");
const DESCRIPTIONS: &str = include_str!("../../../data/quotes/descriptions.tsv");
const WORDS: &str = include_str!("../../../data/quotes/words.txt");

/// How a speech verb behaves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerbInfo {
    /// `-ing` participle: evidence of speech, no subject of its own.
    pub participle: bool,
    /// The word after it is the listener ("told reporters").
    pub addressee: bool,
    /// Frames a fragment ("called it 'historic'") rather than reporting speech.
    pub frame: bool,
    /// Takes a reported clause without "that" ("said the talks failed").
    pub bare: bool,
    /// A phrasal verb: a cue only with this word right after it ("shot
    /// back", "went on").
    pub particle: Option<&'static str>,
}

/// What a speaker description resolves to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DescriptionKind {
    Person,
    Org,
    Gov,
    Group,
}

/// Speech verbs, speaker descriptions and the closed word classes the
/// stage reads (pronouns, words to skip, phrase boundaries, scare markers,
/// abbreviations, function words). Every word is stored lowercase. The
/// sets use foldhash (as the gazetteer does): they are looked up for nearly every word of the text,
/// their keys are fixed data (no hash flooding to fear), and SipHash was a
/// large share of the stage's time.
#[derive(Debug, Default)]
pub struct SpeechLexicon {
    pub verbs: FastMap<Word, VerbInfo>,
    pub descriptions: FastMap<Word, DescriptionKind>,
    pub pronouns: FastSet<Word>,
    pub skip: FastSet<Word>,
    pub boundary: FastSet<Word>,
    pub scare: FastSet<Word>,
    pub abbrev: FastSet<Word>,
    pub function: FastSet<Word>,
    pub subordinate: FastSet<Word>,
    pub naming: FastSet<Word>,
    pub naming_active: FastSet<Word>,
    pub naming_adverb: FastSet<Word>,
    pub be: FastSet<Word>,
    pub term_verb: FastSet<Word>,
    pub governor: FastSet<Word>,
}

/// A lexicon word: borrowed from the embedded files, copied only where
/// lowercasing changes it.
type Word = Cow<'static, str>;

fn data_err(file: &'static str, line: usize, message: impl Into<String>) -> DataError {
    DataError {
        file,
        line,
        message: message.into(),
    }
}

impl SpeechLexicon {
    /// Parses the embedded files under `data/quotes/`.
    pub fn load() -> Result<Self, DataError> {
        Self::parse(SPEECH_VERBS, DESCRIPTIONS, WORDS)
    }

    /// Parses lexicon files given as text (tests hand in tiny ones).
    pub fn parse(
        verbs: &'static str,
        descriptions: &'static str,
        words: &'static str,
    ) -> Result<Self, DataError> {
        let mut lex = Self::default();
        // Room for every word at once (a word and its separator take at
        // least three bytes), rather than growing the tables as they fill.
        lex.verbs.reserve(verbs.len() / 3);
        lex.descriptions.reserve(descriptions.len() / 3);
        for (n, line) in data_lines(verbs) {
            let (forms, flags) = line.split_once('|').unwrap_or((line, ""));
            let mut info = VerbInfo {
                participle: false,
                addressee: false,
                frame: false,
                bare: false,
                particle: None,
            };
            for flag in flags.split_whitespace() {
                if let Some(p) = flag.strip_prefix("then=") {
                    info.particle = Some(p);
                    continue;
                }
                match flag {
                    "addressee" => info.addressee = true,
                    "frame" => info.frame = true,
                    "bare" => info.bare = true,
                    // read by the entity stage only (`finite_speech_forms`)
                    "document" => {}
                    other => {
                        return Err(data_err(
                            "speech_verbs.txt",
                            n,
                            format!("unknown flag {other:?}"),
                        ));
                    }
                }
            }
            let forms: Vec<&str> = forms.split_whitespace().collect();
            if forms.is_empty() {
                return Err(data_err("speech_verbs.txt", n, "no verb forms"));
            }
            for f in forms {
                let participle = f.ends_with("ing");
                lex.verbs
                    .insert(text::lowercase(f), VerbInfo { participle, ..info });
            }
        }
        for (n, line) in data_lines(descriptions) {
            let (word, kind) = line
                .split_once('\t')
                .ok_or_else(|| data_err("descriptions.tsv", n, "expected word<TAB>kind"))?;
            let kind = match kind.trim() {
                "PERSON" => DescriptionKind::Person,
                "ORG" => DescriptionKind::Org,
                "GOV" => DescriptionKind::Gov,
                "GROUP" => DescriptionKind::Group,
                other => {
                    return Err(data_err(
                        "descriptions.tsv",
                        n,
                        format!("unknown kind {other:?}"),
                    ));
                }
            };
            lex.descriptions.insert(text::lowercase(word.trim()), kind);
        }
        let mut section: Option<&str> = None;
        for (n, line) in data_lines(words) {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                section = Some(name);
                continue;
            }
            let set = match section {
                Some("pronoun") => &mut lex.pronouns,
                Some("skip") => &mut lex.skip,
                Some("boundary") => &mut lex.boundary,
                Some("scare") => &mut lex.scare,
                Some("abbrev") => &mut lex.abbrev,
                Some("function") => &mut lex.function,
                Some("subordinate") => &mut lex.subordinate,
                Some("naming") => &mut lex.naming,
                Some("naming_active") => &mut lex.naming_active,
                Some("naming_adverb") => &mut lex.naming_adverb,
                Some("be") => &mut lex.be,
                Some("term_verb") => &mut lex.term_verb,
                Some("governor") => &mut lex.governor,
                other => {
                    return Err(data_err(
                        "words.txt",
                        n,
                        format!("word outside a known section ({other:?})"),
                    ));
                }
            };
            set.insert(text::lowercase(line));
        }
        Ok(lex)
    }

    pub(crate) fn verb(&self, word: &str) -> Option<VerbInfo> {
        self.verbs.get(&*text::lowercase(word)).copied()
    }
}

/// Non-empty, non-comment lines with their 1-based numbers.
/// The finite forms of the speech verbs (`-ing` participles and `document`
/// verbs left out): the words that, right after a name, show a person
/// speaking ("X said"). The entity stage takes its speech set from here,
/// so the verbs are written once, in `speech_verbs.txt`.
pub fn finite_speech_forms() -> impl Iterator<Item = &'static str> {
    // A phrasal verb's form alone ("went", "shot") is no speech.
    finite_forms(|flags| {
        !flags
            .iter()
            .any(|f| *f == "document" || f.starts_with("then="))
    })
}

/// The finite forms of the `document` speech verbs ("revealed",
/// "reported"): what a paper or study does as often as a person. The
/// entity stage reads a name with "the" before one of them as a body ("The
/// Herald revealed").
pub fn finite_document_forms() -> impl Iterator<Item = &'static str> {
    finite_forms(|flags| flags.contains(&"document"))
}

/// The finite forms of the verbs of `speech_verbs.txt` whose flags `keep`
/// accepts.
fn finite_forms(keep: fn(&[&str]) -> bool) -> impl Iterator<Item = &'static str> {
    data_lines(SPEECH_VERBS)
        .filter_map(move |(_, line)| {
            let (forms, flags) = line.split_once('|').unwrap_or((line, ""));
            let flags: Vec<&str> = flags.split_whitespace().collect();
            keep(&flags).then_some(forms)
        })
        .flat_map(str::split_whitespace)
        .filter(|f| !f.ends_with("ing"))
}

fn data_lines(s: &str) -> impl Iterator<Item = (usize, &str)> {
    s.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty() && !l.starts_with('#'))
}

/// A quote before ids are given.
struct Found {
    kind: QuoteKind,
    start: usize,
    end: usize,
    attribution: Option<Attribution>,
    /// Everyone who says it, the attribution's entity first among them.
    speakers: Vec<usize>,
}

/// Finds the quotes of the article and attributes them.
pub fn extract(doc: &Segmented, entities: &[Entity], lex: &SpeechLexicon) -> Vec<Quote> {
    let text = doc.text;
    // Paragraph ranges narrowed to `char` boundaries inside the text, so a
    // bad range upstream cannot make a slice panic here.
    let paragraphs: Vec<_> = doc
        .paragraphs
        .iter()
        .map(|p| {
            let (mut lo, mut hi) = (p.start.min(text.len()), p.end.min(text.len()));
            while !text.is_char_boundary(lo) {
                lo -= 1;
            }
            while !text.is_char_boundary(hi) {
                hi -= 1;
            }
            lo..hi.max(lo)
        })
        .collect();
    if paragraphs.is_empty() {
        return Vec::new();
    }
    let marked = marks::find(text, &paragraphs);
    let reader = Reader::new(text, &paragraphs, &marked, entities, lex);

    // The kind of each quotation and the attribution in its own sentence.
    let kinds: Vec<Option<QuoteKind>> = (0..marked.len()).map(|mi| reader.kind_of(mi)).collect();
    let mut own: Vec<Option<Attribution>> = kinds
        .iter()
        .enumerate()
        .map(|(mi, k)| k.and_then(|k| reader.attribute(mi, k)))
        .collect();
    // Fragments of one sentence share a speaker ('Water is "a right" and
    // "a test of character," Lee said'), when they are quotes anyway.
    let mates: Vec<Option<Attribution>> = (0..marked.len())
        .map(|mi| {
            (kinds[mi] == Some(QuoteKind::Partial) && own[mi].is_none() && reader.has_evidence(mi))
                .then(|| reader.sentence_mate(mi, &own))
                .flatten()
        })
        .collect();
    for (a, mate) in own.iter_mut().zip(mates) {
        if a.is_none() {
            *a = mate;
        }
    }
    // The pieces of a quotation running over paragraphs share a speaker.
    let mut by_chain: HashMap<usize, Attribution> = HashMap::new();
    for (m, a) in marked.iter().zip(&own) {
        if let Some(a) = a {
            by_chain.entry(m.chain).or_insert_with(|| a.clone());
        }
    }
    for (m, a) in marked.iter().zip(own.iter_mut()) {
        if a.is_none() {
            *a = by_chain.get(&m.chain).cloned();
        }
    }

    let mut found: Vec<Found> = Vec::new();
    // The last attributed quote: (paragraph where it ends, attribution, its end).
    let mut last: Option<(usize, Attribution, usize)> = None;
    for (mi, m) in marked.iter().enumerate() {
        let Some(kind) = kinds[mi] else {
            continue;
        };
        let mut attribution = own[mi].take();
        // "…," said Nick Witney, a name the entities do not know; "…," he
        // said: still Witney, not an older person.
        if let (Some(a), Some((p, prev, prev_end))) = (attribution.as_mut(), last.as_ref())
            && m.para <= p + 1
            && prev.entity.is_none()
            && prev
                .speaker_text
                .as_deref()
                .is_some_and(|t| unknown_name(t, lex))
            && a.speaker_text
                .as_deref()
                .is_some_and(|t| matches!(t.to_lowercase().as_str(), "he" | "she"))
            && a.entity.is_some_and(|e| {
                !entities[e]
                    .mentions
                    .iter()
                    .any(|x| x.start >= *prev_end && x.end <= m.open)
            })
        {
            a.entity = None;
        }
        if attribution.is_none() && kind == QuoteKind::Direct {
            // '"A," X said after Y spoke. "B."': the speaker of the
            // quotation before it in its paragraph goes on, before any
            // later speech verb of that paragraph.
            attribution = last
                .as_ref()
                .filter(|(p, _, close)| *p == m.para && *close <= m.open)
                .map(|(_, a, _)| a.clone());
        }
        if attribution.is_none() && kind == QuoteKind::Direct {
            attribution = reader
                .paragraph_speaker(mi)
                .or_else(|| {
                    last.as_ref()
                        .filter(|(p, _, _)| m.para <= p + 1)
                        .map(|(_, a, _)| a.clone())
                })
                .or_else(|| reader.previous_paragraph_speaker(mi))
                .or_else(|| reader.previous_paragraph_subject(mi));
        }
        if attribution.is_none() && kind == QuoteKind::Partial && reader.has_evidence(mi) {
            let before = last
                .as_ref()
                .filter(|(p, _, _)| *p == m.para)
                .map(|(_, a, close)| (*close, a));
            attribution = reader.previous_sentence_speaker(mi, before);
        }
        if attribution.is_none() && kind == QuoteKind::Partial && !reader.has_evidence(mi) {
            // A short fragment with no speech context and no speaker: a
            // scare quote, a term or a name.
            continue;
        }
        if let Some(a) = &attribution {
            last = Some((m.end_para, a.clone(), m.close));
        }
        let speakers = joint(&reader, attribution.as_ref(), m.open);
        found.push(Found {
            kind,
            start: m.start,
            end: m.end,
            attribution,
            speakers,
        });
    }
    let direct: Vec<(usize, usize)> = found
        .iter()
        .filter(|f| f.kind == QuoteKind::Direct)
        .map(|f| (f.start, f.end))
        .collect();
    for ind in indirect::find(&reader, &direct) {
        let speakers = joint(&reader, Some(&ind.attribution), ind.start);
        found.push(Found {
            kind: QuoteKind::Indirect,
            start: ind.start,
            end: ind.end,
            attribution: Some(ind.attribution),
            speakers,
        });
    }
    found.sort_by_key(|f| (f.start, f.end));
    found
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let (speaker, speaker_text, cue) = match f.attribution {
                Some(a) => (
                    a.entity.map(|e| entities[e].id.clone()),
                    a.speaker_text,
                    a.cue,
                ),
                None => (None, None, None),
            };
            let speakers = f.speakers.iter().map(|&e| entities[e].id.clone()).collect();
            // `speaker` is the first of several.
            let speaker = f
                .speakers
                .first()
                .map(|&e| entities[e].id.clone())
                .or(speaker);
            Quote {
                id: format!("Q{}", i + 1),
                kind: f.kind,
                text: text[f.start..f.end].to_string(),
                start: f.start,
                end: f.end,
                speaker,
                speakers,
                speaker_text,
                cue,
            }
        })
        .collect()
}

/// Everyone who says a quote with the attribution's entity.
fn joint(reader: &Reader, a: Option<&Attribution>, near: usize) -> Vec<usize> {
    match a {
        Some(Attribution {
            entity: Some(e),
            speaker_text,
            ..
        }) => reader.speakers(*e, speaker_text.as_deref(), near),
        _ => Vec::new(),
    }
}

/// A speaker phrase that reads as a person's name ("Nick Witney", "Andrew
/// J. Tabler"): two or more capitalised words and no description.
fn unknown_name(t: &str, lex: &SpeechLexicon) -> bool {
    let ws: Vec<&str> = t.split_whitespace().collect();
    ws.len() >= 2
        && ws.iter().all(|w| w.starts_with(|c: char| c.is_uppercase()))
        && !ws.iter().any(|w| {
            let lw = w
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase();
            lex.descriptions.contains_key(lw.as_str())
        })
}

/// Any quotation mark, double or single.
fn marks_char(c: char) -> bool {
    matches!(
        c,
        '"' | '\u{201c}' | '\u{201d}' | '\u{201e}' | '«' | '»' | '\u{2018}' | '\u{2019}'
    )
}

/// Entity types that can speak.
fn can_speak(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::Person | EntityType::Org | EntityType::Gpe | EntityType::Fac
    )
}

/// Marked spans, exposed for the tests of the sibling modules.
#[cfg(test)]
fn marked_for_test(text: &str, paragraphs: &[std::ops::Range<usize>]) -> Vec<marks::Marked> {
    marks::find(text, paragraphs)
}

#[cfg(test)]
mod tests;
