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
//!
//! The words of the patterns are borrowed from the embedded text (copied
//! only where lowercasing changes them), and each pattern list that is
//! tried at every token is indexed by the first word of its patterns, so
//! a token tries only the patterns that can start on it.

use std::borrow::Cow;

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
    Exact(Cow<'static, str>),
    Prefix(Cow<'static, str>),
}

impl Alternative {
    fn matches(&self, tok: &str) -> bool {
        match self {
            Self::Exact(w) => tok == w,
            Self::Prefix(p) => tok.starts_with(&**p),
        }
    }
}

/// `word` in lowercase, as `str::to_lowercase` gives it, borrowed when it
/// has no capital (every word of the embedded files).
fn lowercase(word: &'static str) -> Cow<'static, str> {
    if word.is_ascii() && !word.bytes().any(|b| b.is_ascii_uppercase()) {
        return Cow::Borrowed(word);
    }
    let lower = word.to_lowercase();
    if lower == word {
        Cow::Borrowed(word)
    } else {
        Cow::Owned(lower)
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
    /// The alternatives of the first word.
    fn first_words(&self) -> &[Alternative] {
        match self.elements.first() {
            Some(Element::Word(alts)) => alts,
            _ => &[],
        }
    }

    /// Parses a pattern; `None` when it holds no word.
    pub fn parse(src: &'static str) -> Option<Pattern> {
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
                    Some(p) => Alternative::Prefix(lowercase(p)),
                    None => Alternative::Exact(lowercase(a)),
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
    pub fn match_at(&self, toks: &[&str], start: usize) -> Option<usize> {
        Self::match_from(&self.elements, toks, start)
    }

    fn match_from(els: &[Element], toks: &[&str], i: usize) -> Option<usize> {
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
                        if CLAUSE_BREAKS.contains(t) {
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
    pub place_prepositions: Words,
    /// Lowercase title words that may stand between coordinated actor
    /// mentions ("foreign minister", "counterparts").
    pub titles: Words,
    /// Words after which "in Pakistan" names a side, not a place
    /// ("invest in", "interference in").
    pub place_governors: Patterns,
    /// Words before a name that make it the venue of an act, whatever
    /// its type ("on the sidelines of").
    pub venues: Patterns,
    /// Nouns naming an actor's act that others react to ("decision", "move").
    pub act_nouns: Words,
    /// Membership nouns after a name that make it qualify the member named
    /// next ("our NATO ally, Albania", "EU member Hungary").
    pub member_nouns: Words,
    /// Words for the tie between two parties ("partnership", "ties"): a
    /// joint subject supporting one supports each other.
    pub bond_nouns: Words,
    /// Verbs of an armed act done to a target ("struck", "bombed"): a
    /// joint subject of one acts together, not on each other.
    pub one_sided_assaults: Words,
    /// Auxiliaries and adverbs that may follow a subject before its verb
    /// ("Turkey and Greece had", "X and Y also"): no noun the names qualify.
    pub after_subject: Words,
    /// Gathering nouns after an organisation's name that make the name the
    /// event's ("the G20 summit", "a NATO meeting").
    pub event_nouns: Words,
    /// Words that may stand between that name and the noun ("leaders'").
    pub event_modifiers: Words,
    /// Place nouns a name before them only qualifies ("the South Korean
    /// capital").
    pub place_nouns: Words,
    /// Nouns after a name that make it a topic ("the Ukraine issue").
    pub topic_nouns: Words,
    /// Prepositions whose object is a topic ("over Taiwan", "about Iran").
    pub topic_prepositions: Words,
    /// Words before a name that make it a topic ("the situation in").
    pub topic_governors: Patterns,
    /// Headline openings that make the text its author's own statement
    /// ("Statement by", "Remarks of", "Joint Statement").
    pub statement_openers: Patterns,
    /// First-person words that stand for a statement's author outside
    /// quotes ("we", "our", "I").
    pub narrator_words: Words,
    /// Actor codes of bodies that are mostly their leaders' meetings: "at
    /// the G20" is a venue.
    pub forums: Vec<&'static str>,
    /// Words that open a list of an act's other sides ("including",
    /// "such as").
    pub list_openers: Patterns,
    /// Words that join a co-agent to the agent before them ("along with",
    /// "alongside").
    pub co_agents: Patterns,
    /// Conjunctions opening a contrasting clause ("while", "whereas"): no
    /// agent is sought across one.
    pub contrast: Words,
    /// Further contrasting words that cut only the span between a trigger
    /// and a side ("but").
    pub contrast_span: Words,
    /// Adverbs that may stand between "and" and a second verb sharing the
    /// first verb's subject ("met China and later criticised it").
    pub joined_verb_adverbs: Words,
    /// Irregular past forms of trigger verbs ("met", "held"): with the
    /// forms ending in "-ed", what makes a trigger after "and" a verb.
    pub past_forms: Words,
    /// Words that may follow a closed country list after "in" ("in A, B
    /// and C on Monday"): the list ends there, so its names are places.
    pub place_list_ends: Words,
    /// Verbs of joining another in an act ("joined France in condemning").
    pub join_verbs: Words,
    /// Verbs of handing a person over whose "to X" names the other side
    /// ("extradited a Mexican suspect to the United States").
    pub recipient_verbs: Words,
    /// `triggers` by the first words of their patterns.
    trigger_index: FirstWords,
    /// `status` cues by the first words of their patterns.
    status_index: FirstWords,
    /// `references` by the first words of their patterns.
    reference_index: FirstWords,
}

/// A set of lowercase words, borrowed from the embedded text. Looked up
/// for tokens around every actor mention: foldhash, as the word maps of
/// the other stages, rather than a scan of the list.
#[derive(Debug, Default)]
pub struct Words(foldhash::HashSet<Cow<'static, str>>);

impl Words {
    /// Whether `tok` is one of the words.
    pub fn contains(&self, tok: &str) -> bool {
        self.0.contains(tok)
    }

    /// Adds the words of a `a|b|c` choice.
    fn extend(&mut self, choice: &'static str) {
        self.0
            .extend(choice.split('|').map(|w| lowercase(w.trim())));
    }
}

/// Indices into a list of patterns by the first word of each, as a byte
/// trie: a token walks down it once, collecting the patterns whose first
/// word is a prefix it starts with (`sign*`) on the way and those whose
/// first word it is at its end. This replaces trying every pattern at
/// every token, and hashing every prefix of a token.
///
/// The trie is a table with a row per node and a column per byte that
/// the words use, so a step is one look-up; the pattern lists of the
/// nodes are slices of two flat lists.
#[derive(Debug)]
pub struct FirstWords {
    /// The column of each byte; 0 for a byte no word uses.
    class: [u8; 256],
    /// Columns per row: the bytes the words use, plus column 0.
    width: usize,
    /// Row-major: the child of a node by a byte's column, with
    /// [`HAS_PREFIX`] set when prefixes end at the child; 0 (the root,
    /// never a child) for none.
    next: Vec<u32>,
    /// Patterns whose first word is exactly the bytes leading to a node.
    exact: Lists,
    /// Patterns one of whose first word's prefixes leads to a node.
    prefix: Lists,
}

/// Marks a trie cell whose node ends prefixes, so that a walk looks up
/// lists only where there are some.
const HAS_PREFIX: u32 = 1 << 31;

/// Ascending pattern indices per node, as `items[starts[n]..starts[n + 1]]`.
#[derive(Debug, Default)]
struct Lists {
    starts: Vec<u32>,
    items: Vec<usize>,
}

impl Lists {
    /// From (node, pattern) pairs, each pair kept once.
    fn new(mut pairs: Vec<(usize, usize)>, nodes: usize) -> Self {
        pairs.sort_unstable();
        pairs.dedup();
        let mut starts = Vec::with_capacity(nodes + 1);
        let mut k = 0;
        for n in 0..=nodes {
            while k < pairs.len() && pairs[k].0 < n {
                k += 1;
            }
            starts.push(u32::try_from(k).expect("a small lexicon"));
        }
        Self {
            starts,
            items: pairs.into_iter().map(|(_, i)| i).collect(),
        }
    }

    fn get(&self, node: usize) -> &[usize] {
        &self.items[self.starts[node] as usize..self.starts[node + 1] as usize]
    }
}

impl Default for FirstWords {
    fn default() -> Self {
        Self::new([])
    }
}

impl FirstWords {
    fn new<'p>(patterns: impl IntoIterator<Item = &'p Pattern>) -> Self {
        // (word, prefix or exact, pattern index) of every first word.
        let mut words: Vec<(&str, bool, usize)> = Vec::new();
        for (i, p) in patterns.into_iter().enumerate() {
            for alt in p.first_words() {
                match alt {
                    Alternative::Exact(w) => words.push((w, false, i)),
                    Alternative::Prefix(w) => words.push((w, true, i)),
                }
            }
        }
        let mut class = [0u8; 256];
        let mut width = 1;
        for (w, _, _) in &words {
            for b in w.bytes() {
                if class[usize::from(b)] == 0 {
                    class[usize::from(b)] = u8::try_from(width).expect("fewer than 256 bytes");
                    width += 1;
                }
            }
        }
        // A node per byte of the words at most: room for them all at once.
        let most = 1 + words.iter().map(|(w, _, _)| w.len()).sum::<usize>();
        let mut next = Vec::with_capacity(most * width);
        next.resize(width, 0u32);
        // The cell leading to each node but the root.
        let mut parent = vec![0usize];
        let mut exact = Vec::new();
        let mut prefix = Vec::new();
        for (w, is_prefix, i) in words {
            let mut at = 0;
            for b in w.bytes() {
                let cell = at * width + usize::from(class[usize::from(b)]);
                if next[cell] == 0 {
                    let new = next.len() / width;
                    next[cell] = u32::try_from(new)
                        .ok()
                        .filter(|&n| n < HAS_PREFIX)
                        .expect("a small lexicon");
                    next.resize(next.len() + width, 0);
                    parent.push(cell);
                }
                at = (next[cell] & !HAS_PREFIX) as usize;
            }
            if is_prefix {
                prefix.push((at, i));
                if at != 0 {
                    next[parent[at]] |= HAS_PREFIX;
                }
            } else {
                exact.push((at, i));
            }
        }
        let nodes = next.len() / width;
        let prefix = Lists::new(prefix, nodes);
        Self {
            class,
            width,
            next,
            exact: Lists::new(exact, nodes),
            prefix,
        }
    }

    /// Calls `f` with each list of patterns that may start at token `tok`
    /// (normalised): the prefix lists from the shortest prefix, then the
    /// exact list. A pattern may be in several lists.
    pub fn for_each_list(&self, tok: &str, mut f: impl FnMut(&[usize])) {
        let root = self.prefix.get(0);
        if !root.is_empty() {
            f(root);
        }
        let mut at = 0;
        for b in tok.bytes() {
            let c = usize::from(self.class[usize::from(b)]);
            if c == 0 {
                return;
            }
            let cell = self.next[at * self.width + c];
            if cell == 0 {
                return;
            }
            at = (cell & !HAS_PREFIX) as usize;
            if cell & HAS_PREFIX != 0 {
                f(self.prefix.get(at));
            }
        }
        let exact = self.exact.get(at);
        if !exact.is_empty() {
            f(exact);
        }
    }

    /// Sets `out` to the indices of the patterns that may start at token
    /// `tok` (normalised): ascending, each once.
    pub fn candidates(&self, tok: &str, out: &mut Vec<usize>) {
        out.clear();
        let mut lists = 0;
        self.for_each_list(tok, |list| {
            out.extend_from_slice(list);
            lists += 1;
        });
        if lists > 1 {
            out.sort_unstable();
            out.dedup();
        }
    }
}

/// A list of patterns indexed by their first words.
#[derive(Debug, Default)]
pub struct Patterns {
    list: Vec<Pattern>,
    index: FirstWords,
}

impl Patterns {
    fn push(&mut self, p: Pattern) {
        self.list.push(p);
    }

    fn index(&mut self) {
        self.index = FirstWords::new(&self.list);
    }

    /// Whether one of the patterns matches `toks` from token `start` to
    /// just before token `end`.
    pub fn matches_span(&self, toks: &[&str], start: usize, end: usize) -> bool {
        let Some(tok) = toks.get(start) else {
            return false;
        };
        let mut hit = false;
        self.index.for_each_list(tok, |list| {
            hit = hit
                || list
                    .iter()
                    .any(|&i| self.list[i].match_at(toks, start) == Some(end));
        });
        hit
    }

    /// Whether `tok` may be the first word of one of the patterns.
    pub fn may_start(&self, tok: &str) -> bool {
        let mut hit = false;
        self.index
            .for_each_list(tok, |list| hit = hit || !list.is_empty());
        hit
    }

    /// The end of the longest pattern matching `toks` from token `start`.
    pub fn match_at(&self, toks: &[&str], start: usize) -> Option<usize> {
        let tok = toks.get(start)?;
        let mut best = None;
        self.index.for_each_list(tok, |list| {
            for &i in list {
                if let Some(e) = self.list[i].match_at(toks, start) {
                    best = best.max(Some(e));
                }
            }
        });
        best
    }
}

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

/// The relation type named `s` (its name in any case) among `names`, the
/// types with their names written once.
fn parse_type(s: &str, names: &[(String, RelationType)]) -> Option<RelationType> {
    names
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(s))
        .map(|&(_, t)| t)
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
    pub fn parse(
        triggers: &'static str,
        status: &'static str,
        references: &'static str,
    ) -> Result<Self, DataError> {
        const TF: &str = "data/relations/triggers.tsv";
        const SF: &str = "data/relations/status.tsv";
        const RF: &str = "data/relations/references.tsv";
        let mut lex = TriggerLexicon::default();
        let names = RelationType::ALL.map(|t| (format!("{t:?}"), t));
        for (n, cols) in lines(triggers) {
            let [kind, pat, rest @ ..] = cols.as_slice() else {
                return Err(data_error(TF, n, "expected TYPE<TAB>pattern[<TAB>weak]"));
            };
            let kind = match *kind {
                "NONE" => None,
                k => Some(
                    parse_type(k, &names)
                        .ok_or_else(|| data_error(TF, n, format!("unknown type {k}")))?,
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
                "place" => {
                    lex.place_prepositions.0.insert(lowercase(pat));
                }
                "act" => lex.act_nouns.extend(pat),
                "member" => lex.member_nouns.extend(pat),
                "bond" => lex.bond_nouns.extend(pat),
                "one_sided_assault" => lex.one_sided_assaults.extend(pat),
                "after_subject" => lex.after_subject.extend(pat),
                "venue" => lex
                    .venues
                    .push(Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?),
                "governor" => lex
                    .place_governors
                    .push(Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?),
                "event" => lex.event_nouns.extend(pat),
                "event_modifier" => lex.event_modifiers.extend(pat),
                "place_noun" => lex.place_nouns.extend(pat),
                "topic" => lex.topic_nouns.extend(pat),
                "topic_preposition" => lex.topic_prepositions.extend(pat),
                "topic_governor" => lex
                    .topic_governors
                    .push(Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?),
                "title" => lex.titles.extend(pat),
                "statement" => lex
                    .statement_openers
                    .push(Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?),
                "narrator" => lex.narrator_words.extend(pat),
                "forum" => lex.forums.extend(pat.split('|').map(str::trim)),
                "list_opener" => lex
                    .list_openers
                    .push(Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?),
                "co_agent" => lex
                    .co_agents
                    .push(Pattern::parse(pat).ok_or_else(|| data_error(RF, n, "bad pattern"))?),
                "contrast" => lex.contrast.extend(pat),
                "contrast_span" => lex.contrast_span.extend(pat),
                "joined_verb_adverb" => lex.joined_verb_adverbs.extend(pat),
                "past_form" => lex.past_forms.extend(pat),
                "place_list_end" => lex.place_list_ends.extend(pat),
                "join_verb" => lex.join_verbs.extend(pat),
                "recipient_verb" => lex.recipient_verbs.extend(pat),
                k => return Err(data_error(RF, n, format!("unknown kind {k}"))),
            }
        }
        lex.index();
        Ok(lex)
    }

    fn index(&mut self) {
        self.trigger_index = FirstWords::new(self.triggers.iter().map(|t| &t.pattern));
        self.status_index = FirstWords::new(self.status.iter().map(|c| &c.pattern));
        self.reference_index = FirstWords::new(self.references.iter().map(|(_, p)| p));
        self.place_governors.index();
        self.venues.index();
        self.topic_governors.index();
        self.statement_openers.index();
        self.list_openers.index();
        self.co_agents.index();
    }

    /// Sets `out` to the indices of the triggers whose pattern may start
    /// at token `tok` (normalised), in lexicon order.
    pub fn candidates(&self, tok: &str, out: &mut Vec<usize>) {
        self.trigger_index.candidates(tok, out);
    }

    /// Sets `out` to the indices of the status cues whose pattern may
    /// start at token `tok`, in lexicon order.
    pub fn status_candidates(&self, tok: &str, out: &mut Vec<usize>) {
        self.status_index.candidates(tok, out);
    }

    /// Sets `out` to the indices of the references whose pattern may
    /// start at token `tok`, in lexicon order.
    pub fn reference_candidates(&self, tok: &str, out: &mut Vec<usize>) {
        self.reference_index.candidates(tok, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
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
    fn the_index_gives_exactly_the_patterns_whose_first_word_fits() {
        let lex = TriggerLexicon::load().unwrap();
        let tokens = [
            "",
            "s",
            "sign",
            "signed",
            "signing",
            "met",
            "meets",
            "the",
            "talks",
            "accused",
            "condemnation",
            "ties",
            "relations",
            "'s",
            "-",
            "\u{e9}t\u{e9}",
            "zzz",
            "not",
            "will",
        ];
        let mut got = Vec::new();
        for tok in tokens {
            for (list, index) in [
                (
                    lex.triggers.iter().map(|t| &t.pattern).collect::<Vec<_>>(),
                    &lex.trigger_index,
                ),
                (
                    lex.status.iter().map(|c| &c.pattern).collect(),
                    &lex.status_index,
                ),
                (
                    lex.references.iter().map(|(_, p)| p).collect(),
                    &lex.reference_index,
                ),
            ] {
                let want: Vec<usize> = (0..list.len())
                    .filter(|&i| list[i].first_words().iter().any(|a| a.matches(tok)))
                    .collect();
                index.candidates(tok, &mut got);
                assert_eq!(got, want, "{tok:?}");
            }
        }
    }

    #[test]
    fn bad_patterns_are_refused() {
        assert!(Pattern::parse("..").is_none());
        assert!(Pattern::parse(".. talks").is_none());
        assert!(Pattern::parse("").is_none());
    }

    /// A choice is one word's: "shot down|shoot down" reads as "shot",
    /// then "down" or "shoot", then "down", and never matches "shoot
    /// down". A later word offering a form of the first word is that
    /// mistake.
    #[test]
    fn no_pattern_repeats_its_first_word_inside_a_later_choice() {
        for src in [TRIGGERS, STATUS] {
            for line in src.lines().filter(|l| !l.starts_with('#')) {
                let Some(pat) = line.split('\t').nth(1) else {
                    continue;
                };
                let mut words = pat.split(' ');
                let stem = |a: &str| a.trim_end_matches('*').get(..4).map(str::to_owned);
                let first: Vec<_> = words.next().unwrap().split('|').filter_map(stem).collect();
                for w in words {
                    for alt in w.split('|').skip(1).filter_map(stem) {
                        assert!(!first.contains(&alt), "{line:?}: {alt:?} in a later choice");
                    }
                }
            }
        }
    }

    #[test]
    fn embedded_lexicon_loads() {
        let lex = TriggerLexicon::load().unwrap();
        assert!(lex.triggers.len() > 100);
        assert!(!lex.status.is_empty());
    }

    #[test]
    fn co_agent_and_contrast_rows_load() {
        let lex = TriggerLexicon::load().unwrap();
        let t = toks("Norway jointly with Iceland");
        assert_eq!(lex.co_agents.match_at(&t, 1), Some(3));
        assert!(lex.co_agents.may_start("alongside"));
        assert!(!lex.co_agents.may_start("with"));
        assert!(lex.contrast.contains("whereas"));
        assert!(!lex.contrast.contains("but"));
        assert!(lex.contrast_span.contains("but"));
    }
}
