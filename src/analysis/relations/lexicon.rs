//! The trigger lexicon: word patterns per relation type, status cues and
//! phrases that refer back to a pair of actors.
//!
//! Input: the embedded files of `data/relations/`. Output: a
//! [`TriggerLexicon`] whose patterns match lowercased token sequences.
//!
//! Pattern syntax, one pattern per line, words separated by spaces:
//! `word` matches the token exactly (lowercased, `’` read as `'`),
//! `word*` matches any token starting with `word`, `a|b*|c` is a choice,
//! and `..` skips up to three tokens that are not clause punctuation.

use crate::analysis::model::{RelationType, Status};
use crate::analysis::resources::DataError;

/// One element of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Element {
    /// Any of these alternatives; each is a word or a `prefix*`.
    Word(Vec<Alternative>),
    /// Skip up to this many tokens.
    Gap(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Alternative {
    Exact(String),
    Prefix(String),
}

impl Alternative {
    fn matches(&self, tok: &str) -> bool {
        match self {
            Self::Exact(w) => tok == w,
            Self::Prefix(p) => tok.starts_with(p.as_str()),
        }
    }
}

/// A sequence of word elements with optional gaps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pattern {
    elements: Vec<Element>,
    /// Number of word elements: longer patterns win over shorter ones.
    pub words: usize,
}

/// Tokens a gap never skips over.
const CLAUSE_BREAKS: [&str; 6] = [",", ";", ":", ".", "\u{2014}", "\""];

impl Pattern {
    /// The alternatives of the first word: (exact words, prefixes).
    fn first_words(&self) -> (Vec<&str>, Vec<&str>) {
        let mut exact = Vec::new();
        let mut prefixes = Vec::new();
        if let Some(Element::Word(alts)) = self.elements.first() {
            for a in alts {
                match a {
                    Alternative::Exact(w) => exact.push(w.as_str()),
                    Alternative::Prefix(p) => prefixes.push(p.as_str()),
                }
            }
        }
        (exact, prefixes)
    }

    /// Parses a pattern; `None` when it holds no word.
    pub fn parse(src: &str) -> Option<Pattern> {
        let mut elements = Vec::new();
        let mut words = 0;
        for part in src.split_whitespace() {
            if part == ".." {
                elements.push(Element::Gap(3));
                continue;
            }
            let alts = part
                .split('|')
                .filter(|a| !a.is_empty())
                .map(|a| match a.strip_suffix('*') {
                    Some(p) => Alternative::Prefix(p.to_lowercase()),
                    None => Alternative::Exact(a.to_lowercase()),
                })
                .collect::<Vec<_>>();
            if alts.is_empty() {
                return None;
            }
            words += 1;
            elements.push(Element::Word(alts));
        }
        let first_is_word = matches!(elements.first(), Some(Element::Word(_)));
        let last_is_word = matches!(elements.last(), Some(Element::Word(_)));
        (words > 0 && first_is_word && last_is_word).then_some(Pattern { elements, words })
    }

    /// Matches at token `start` of `toks` (lowercased token texts); returns
    /// the index one past the last matched token.
    pub fn match_at(&self, toks: &[String], start: usize) -> Option<usize> {
        Self::match_from(&self.elements, toks, start)
    }

    fn match_from(els: &[Element], toks: &[String], i: usize) -> Option<usize> {
        let Some((first, rest)) = els.split_first() else {
            return Some(i);
        };
        match first {
            Element::Word(alts) => {
                let tok = toks.get(i)?;
                if alts.iter().any(|a| a.matches(tok)) {
                    Self::match_from(rest, toks, i + 1)
                } else {
                    None
                }
            }
            Element::Gap(max) => {
                for skip in 0..=*max {
                    if skip > 0 {
                        let t = toks.get(i + skip - 1)?;
                        if CLAUSE_BREAKS.contains(&t.as_str()) {
                            return None;
                        }
                    }
                    if let Some(end) = Self::match_from(rest, toks, i + skip) {
                        return Some(end);
                    }
                }
                None
            }
        }
    }
}

/// How a trigger binds its actors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strength {
    /// An act or a described relationship: stands on its own.
    Strong,
    /// A bare relationship noun ("relations", "ties"): used only when no
    /// strong trigger in the sentence links the same pair.
    Weak,
}

/// One trigger entry. `kind` None blocks the words it covers (a phrase
/// that looks like a trigger but is not one: "strike a balance").
#[derive(Debug, Clone)]
pub struct Trigger {
    pub kind: Option<RelationType>,
    pub pattern: Pattern,
    pub strength: Strength,
}

/// Where a status cue must stand relative to the trigger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Within a few tokens before the trigger, in the same clause.
    Near,
    /// Anywhere before the trigger in the sentence.
    Before,
    /// Anywhere in the sentence.
    Sentence,
    /// Within three tokens after the trigger: a noun's own modal.
    After,
}

#[derive(Debug, Clone)]
pub struct StatusCue {
    pub status: Status,
    pub scope: Scope,
    pub pattern: Pattern,
}

/// What a reference phrase stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reference {
    /// "the two countries", "both sides": the pair last talked about.
    Pair,
    /// "we", "our" inside a quote: the speaker's actor.
    Speaker,
}

/// Trigger words and patterns per relation type, status cues and
/// reference phrases.
#[derive(Debug, Default)]
pub struct TriggerLexicon {
    pub triggers: Vec<Trigger>,
    pub status: Vec<StatusCue>,
    pub references: Vec<(Reference, Pattern)>,
    /// Tokens before a place name that make it the place of the act.
    pub place_prepositions: Vec<String>,
    /// Lowercase title words that may stand between coordinated actor
    /// mentions ("foreign minister", "counterparts").
    pub titles: Vec<String>,
    /// Words after which "in Pakistan" names a side, not a place
    /// ("invest in", "interference in").
    pub place_governors: Vec<Pattern>,
    /// Words before a name that make it the venue of an act, whatever
    /// its type ("on the sidelines of").
    pub venues: Vec<Pattern>,
    /// Nouns naming an actor's act that others react to ("decision", "move").
    pub act_nouns: Vec<String>,
    /// Gathering nouns after an organisation's name that make the name the
    /// event's ("the G20 summit", "a NATO meeting").
    pub event_nouns: Vec<String>,
    /// Words that may stand between that name and the noun ("leaders'").
    pub event_modifiers: Vec<String>,
    /// Place nouns a name before them only qualifies ("the South Korean
    /// capital").
    pub place_nouns: Vec<String>,
    /// Nouns after a name that make it a topic ("the Ukraine issue").
    pub topic_nouns: Vec<String>,
    /// Prepositions whose object is a topic ("over Taiwan", "about Iran").
    pub topic_prepositions: Vec<String>,
    /// Words before a name that make it a topic ("the situation in").
    pub topic_governors: Vec<Pattern>,
    /// Trigger indices by the exact first words of their patterns.
    by_word: WordMap,
    /// Trigger indices by the prefix their patterns' first word is.
    by_prefix: WordMap,
    /// The lengths in bytes those prefixes have, ascending.
    prefix_lengths: Vec<usize>,
}

/// A map keyed by short words, looked up for every token: foldhash (as
/// the gazetteer and the quote lexicon use) instead of SipHash, whose
/// flooding resistance buys nothing for keys fixed by our own lexicon.
type WordMap = foldhash::HashMap<String, Vec<usize>>;

const TRIGGERS: &str = include_str!("../../../data/relations/triggers.tsv");
const STATUS: &str = include_str!("../../../data/relations/status.tsv");
const REFERENCES: &str = include_str!("../../../data/relations/references.tsv");

fn data_error(file: &'static str, line: usize, message: impl Into<String>) -> DataError {
    DataError {
        file,
        line,
        message: message.into(),
    }
}

/// Lines that are not blank or comments, with their 1-based numbers.
fn lines(src: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    src.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end();
        (!l.trim().is_empty() && !l.trim_start().starts_with('#'))
            .then(|| (i + 1, l.split('\t').map(str::trim).collect()))
    })
}

pub fn parse_type(s: &str) -> Option<RelationType> {
    RelationType::ALL
        .into_iter()
        .find(|t| format!("{t:?}").eq_ignore_ascii_case(s))
}

fn parse_status(s: &str) -> Option<Status> {
    Some(match s {
        "occurred" => Status::Occurred,
        "ongoing" => Status::Ongoing,
        "planned" => Status::Planned,
        "hypothetical" => Status::Hypothetical,
        "negated" => Status::Negated,
        "denied" => Status::Denied,
        _ => return None,
    })
}

impl TriggerLexicon {
    /// Parses the embedded data files.
    pub fn load() -> Result<Self, DataError> {
        Self::parse(TRIGGERS, STATUS, REFERENCES)
    }

    /// Parses lexicon texts in the format of the embedded files.
    pub fn parse(triggers: &str, status: &str, references: &str) -> Result<Self, DataError> {
        const TF: &str = "data/relations/triggers.tsv";
        const SF: &str = "data/relations/status.tsv";
        const RF: &str = "data/relations/references.tsv";
        let mut lex = TriggerLexicon::default();
        for (n, cols) in lines(triggers) {
            let [kind, pat, rest @ ..] = cols.as_slice() else {
                return Err(data_error(TF, n, "expected TYPE<TAB>pattern[<TAB>weak]"));
            };
            let kind = match *kind {
                "NONE" => None,
                k => Some(
                    parse_type(k).ok_or_else(|| data_error(TF, n, format!("unknown type {k}")))?,
                ),
            };
            let pattern = Pattern::parse(pat).ok_or_else(|| data_error(TF, n, "bad pattern"))?;
            let strength = match rest.first().copied() {
                None | Some("") => Strength::Strong,
                Some("weak") => Strength::Weak,
                Some(f) => return Err(data_error(TF, n, format!("unknown flag {f}"))),
            };
            lex.triggers.push(Trigger {
                kind,
                pattern,
                strength,
            });
        }
        for (n, cols) in lines(status) {
            let [st, scope, pat] = cols.as_slice() else {
                return Err(data_error(SF, n, "expected status<TAB>scope<TAB>pattern"));
            };
            let status = parse_status(st)
                .ok_or_else(|| data_error(SF, n, format!("unknown status {st}")))?;
            let scope = match *scope {
                "near" => Scope::Near,
                "before" => Scope::Before,
                "sentence" => Scope::Sentence,
                "after" => Scope::After,
                s => return Err(data_error(SF, n, format!("unknown scope {s}"))),
            };
            let pattern = Pattern::parse(pat).ok_or_else(|| data_error(SF, n, "bad pattern"))?;
            lex.status.push(StatusCue {
                status,
                scope,
                pattern,
            });
        }
        for (n, cols) in lines(references) {
            let [what, pat] = cols.as_slice() else {
                return Err(data_error(RF, n, "expected kind<TAB>pattern"));
            };
            match *what {
                "pair" | "speaker" => {
                    let pattern =
                        Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?;
                    let r = if *what == "pair" {
                        Reference::Pair
                    } else {
                        Reference::Speaker
                    };
                    lex.references.push((r, pattern));
                }
                "place" => lex.place_prepositions.push(pat.to_lowercase()),
                "act" => lex
                    .act_nouns
                    .extend(pat.split('|').map(|w| w.trim().to_lowercase())),
                "venue" => lex
                    .venues
                    .push(Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?),
                "governor" => lex
                    .place_governors
                    .push(Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?),
                "event" => lex
                    .event_nouns
                    .extend(pat.split('|').map(|w| w.trim().to_lowercase())),
                "event_modifier" => lex
                    .event_modifiers
                    .extend(pat.split('|').map(|w| w.trim().to_lowercase())),
                "place_noun" => lex
                    .place_nouns
                    .extend(pat.split('|').map(|w| w.trim().to_lowercase())),
                "topic" => lex
                    .topic_nouns
                    .extend(pat.split('|').map(|w| w.trim().to_lowercase())),
                "topic_preposition" => lex
                    .topic_prepositions
                    .extend(pat.split('|').map(|w| w.trim().to_lowercase())),
                "topic_governor" => lex
                    .topic_governors
                    .push(Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?),
                "title" => lex
                    .titles
                    .extend(pat.split('|').map(|w| w.trim().to_lowercase())),
                k => return Err(data_error(RF, n, format!("unknown kind {k}"))),
            }
        }
        lex.index();
        Ok(lex)
    }

    fn index(&mut self) {
        for (i, t) in self.triggers.iter().enumerate() {
            let (exact, prefixes) = t.pattern.first_words();
            for w in exact {
                let ix = self.by_word.entry(w.to_string()).or_default();
                if ix.last() != Some(&i) {
                    ix.push(i);
                }
            }
            for p in prefixes {
                self.by_prefix.entry(p.to_string()).or_default().push(i);
                if !self.prefix_lengths.contains(&p.len()) {
                    self.prefix_lengths.push(p.len());
                }
            }
        }
        self.prefix_lengths.sort_unstable();
    }

    /// Indices of the triggers whose pattern may start at token `tok`
    /// (lowercased), in lexicon order.
    pub fn candidates(&self, tok: &str) -> Vec<usize> {
        let mut v: Vec<usize> = self.by_word.get(tok).cloned().unwrap_or_default();
        // Each prefix of the token is looked up once, rather than every
        // prefix of the lexicon compared with the token.
        let mut prefixed = false;
        for &k in &self.prefix_lengths {
            if k > tok.len() {
                break;
            }
            if !tok.is_char_boundary(k) {
                continue;
            }
            if let Some(ix) = self.by_prefix.get(&tok[..k]) {
                v.extend_from_slice(ix);
                prefixed = true;
            }
        }
        if prefixed {
            v.sort_unstable();
            v.dedup();
        }
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn patterns_match_words_prefixes_choices_and_gaps() {
        let cases: &[(&str, &str, usize, Option<usize>)] = &[
            ("met", "they met him", 1, Some(2)),
            ("condemn*", "it condemned it", 1, Some(2)),
            (
                "hold*|held .. talks",
                "held bilateral talks today",
                0,
                Some(3),
            ),
            ("hold*|held .. talks", "held , talks", 0, None),
            (
                "sign* .. agreement*",
                "signed a new trade agreement",
                0,
                Some(5),
            ),
            ("sign* .. agreement*", "signed a b c d agreement", 0, None),
            ("strained ties", "strained relations", 0, None),
        ];
        for (pat, text, at, want) in cases {
            let p = Pattern::parse(pat).unwrap();
            assert_eq!(p.match_at(&toks(text), *at), *want, "{pat} on {text}");
        }
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(Pattern::parse("..").is_none());
        assert!(Pattern::parse(".. talks").is_none());
        assert!(Pattern::parse("").is_none());
    }

    #[test]
    fn embedded_lexicon_loads() {
        let lex = TriggerLexicon::load().unwrap();
        assert!(lex.triggers.len() > 100);
        assert!(!lex.status.is_empty());
    }
}
