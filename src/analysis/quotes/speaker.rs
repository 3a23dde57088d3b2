//! Reading a quotation in its sentence: its kind, its cue and its speaker.
//!
//! Input: the text, paragraphs, quotations ([`Marked`]), entities and the
//! lexicon, gathered in a [`Reader`]. Output: for each quotation, whether it
//! is a quote at all (direct or partial) and an [`Attribution`]: the entity
//! that spoke (an index into the entity list), the words naming it and the
//! speech verb or cue. Evidence is read most specific first: the attribution
//! clause next to the quotation, the speech verb framing it, the subject of
//! its sentence; pronouns and descriptions resolve to the most recent
//! compatible entity outside quotations.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::ops::Range;

use crate::analysis::model::{Entity, EntityType, QuoteKind};

use crate::analysis::budget;

use super::marks::Marked;
use super::text::{self, Word, WordIndex};
use super::{DescriptionKind, SpeechLexicon, VerbInfo, can_speak};

/// How far (bytes) from a quotation its attribution is looked for.
const REACH: usize = 1500;

/// How many mentions a search for the most recent compatible entity reads.
const SCAN: usize = 400;

/// How many quotations a window around a quotation reaches over, either
/// side: a run of quotation marks ("x "x "x …) cannot make each of them
/// read a long window, so the stage stays linear with a small constant.
const QUOTE_REACH: usize = 6;

/// How many commas of an opening adverbial the sentence subject is looked
/// for past, and within how many bytes of the sentence start.
const OPENING_COMMAS: usize = 4;
const OPENING_REACH: usize = 100;

/// Mentions longer than this (bytes) are not looked for by span.
const MENTION_MAX: usize = 200;

/// Who said a quote, as the text tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// Index into the entity list.
    pub entity: Option<usize>,
    pub speaker_text: Option<String>,
    pub cue: Option<String>,
}

impl Attribution {
    /// Whether it names anyone: an entity or at least a speaker's words
    /// ('"…," the crowd applauded' names nobody).
    pub fn names_someone(&self) -> bool {
        self.entity.is_some() || self.speaker_text.is_some()
    }
}

/// A speech cue in a sentence.
#[derive(Debug, Clone, Copy)]
pub enum Cue {
    Verb(Word, VerbInfo),
    /// "according to": the two words.
    According(Word, Word),
}

impl Cue {
    pub fn start(&self) -> usize {
        match self {
            Cue::Verb(w, _) | Cue::According(w, _) => w.start,
        }
    }
    pub fn end(&self) -> usize {
        match self {
            Cue::Verb(w, _) | Cue::According(_, w) => w.end,
        }
    }
}

/// A mention of an entity.
#[derive(Debug, Clone, Copy)]
struct Mention {
    start: usize,
    end: usize,
    entity: usize,
    in_quote: bool,
    /// The first mention of its sentence that can speak, or followed by a
    /// speech verb: likely a subject, which "he" and "she" prefer.
    subject: bool,
}

/// The article as the quote stage reads it.
pub struct Reader<'a> {
    pub text: &'a str,
    pub paragraphs: &'a [Range<usize>],
    pub marked: &'a [Marked],
    pub entities: &'a [Entity],
    pub lex: &'a SpeechLexicon,
    /// Sentence starts of each paragraph.
    pub sentences: Vec<Vec<usize>>,
    /// The words of each paragraph, read once.
    index: WordIndex,
    mentions: Vec<Mention>,
    /// Demonym mentions ("Saudi", "Chinese") and the state entity of their
    /// country, when the article names that state.
    demonyms: Vec<(Range<usize>, usize)>,
    /// The last reported speech of each paragraph's end, read once.
    end_speech: Vec<OnceCell<Option<Attribution>>>,
}

/// Words at most between a verb and the quotation it frames itself
/// ("called it '…'", "described the plan as '…'" is one word too many).
const FRAMING_GAP: usize = 2;

/// Words at most in a sentence after a quotation closed by a full stop for
/// that sentence to be the quotation's attribution ('"…." Ann Lee said on
/// Friday.'); a longer one says something of its own.
const BARE_ATTRIBUTION_WORDS: usize = 6;

impl<'a> Reader<'a> {
    pub fn new(
        text: &'a str,
        paragraphs: &'a [Range<usize>],
        marked: &'a [Marked],
        entities: &'a [Entity],
        lex: &'a SpeechLexicon,
    ) -> Self {
        let index = WordIndex::new(text, paragraphs);
        let sentences: Vec<Vec<usize>> = paragraphs
            .iter()
            .enumerate()
            .map(|(pi, p)| {
                let from = marked.partition_point(|m| m.end_para < pi);
                let ms: Vec<&Marked> = marked[from..].iter().take_while(|m| m.para <= pi).collect();
                text::sentence_starts(text, p.clone(), index.paragraph(pi), &ms, lex)
            })
            .collect();
        let mut mentions: Vec<Mention> = entities
            .iter()
            .enumerate()
            .filter(|(_, e)| can_speak(e.kind))
            .flat_map(|(i, e)| {
                e.mentions
                    .iter()
                    .filter(|m| {
                        m.start < m.end
                            && m.end - m.start <= MENTION_MAX
                            && m.end <= text.len()
                            && text.is_char_boundary(m.start)
                            && text.is_char_boundary(m.end)
                    })
                    .map(move |m| Mention {
                        start: m.start,
                        end: m.end,
                        entity: i,
                        in_quote: false,
                        subject: false,
                    })
            })
            .collect();
        for m in &mut mentions {
            m.in_quote = super::marks::covering(marked, m.start)
                .is_some_and(|q| q.start <= m.start && m.end <= q.end);
        }
        mentions.sort_by_key(|m| (m.start, m.end));
        let state_of = |code: &str| {
            entities
                .iter()
                .position(|e| e.kind == EntityType::Gpe && e.kb.iso3166.as_deref() == Some(code))
        };
        let mut demonyms: Vec<(Range<usize>, usize)> = entities
            .iter()
            .filter(|e| e.kind == EntityType::Norp)
            .filter_map(|e| Some((e, state_of(e.country.as_deref()?)?)))
            .flat_map(|(e, st)| e.mentions.iter().map(move |m| (m.start..m.end, st)))
            .collect();
        demonyms.sort_by_key(|(r, _)| (r.start, r.end));
        let mut seen_sentence: Option<(usize, usize)> = None;
        for m in &mut mentions {
            let pi = paragraphs.partition_point(|p| p.end <= m.start);
            if pi >= paragraphs.len() || paragraphs[pi].start > m.start {
                continue;
            }
            let starts: &Vec<usize> = &sentences[pi];
            let si = starts.partition_point(|&s| s <= m.start);
            let first = seen_sentence != Some((pi, si)) && !m.in_quote;
            if first {
                seen_sentence = Some((pi, si));
            }
            let next = index.find(text, m.end..paragraphs[pi].end.min(m.end + 40), |w| {
                !lex.skip.contains(&*text::lowercase(&text[w.start..w.end]))
            });
            let before_verb = next.is_some_and(|w| {
                lex.verb(&text[w.start..w.end])
                    .is_some_and(|i| !i.participle)
            });
            m.subject = first || before_verb;
        }
        Self {
            text,
            paragraphs,
            marked,
            entities,
            lex,
            sentences,
            index,
            mentions,
            demonyms,
            end_speech: vec![OnceCell::new(); paragraphs.len()],
        }
    }

    /// `lo` moved up, where needed, to the close of the [`QUOTE_REACH`]th
    /// quotation before `pos`.
    fn reach_back(&self, lo: usize, pos: usize) -> usize {
        let k = self.marked.partition_point(|m| m.close <= pos);
        match k.checked_sub(QUOTE_REACH) {
            Some(j) => lo.max(self.marked[j].close.min(pos)),
            None => lo,
        }
    }

    /// `hi` moved down, where needed, to the open of the [`QUOTE_REACH`]th
    /// quotation after `pos`.
    fn reach_ahead(&self, hi: usize, pos: usize) -> usize {
        let k = self.marked.partition_point(|m| m.open <= pos);
        match self.marked.get(k + QUOTE_REACH - 1) {
            Some(m) => hi.min(m.open.max(pos)),
            None => hi,
        }
    }

    /// The speaker of the last reported speech at the end of paragraph
    /// `pi`, read once per paragraph however many quotations ask.
    fn speech_at_end(&self, pi: usize) -> Option<Attribution> {
        let p = &self.paragraphs[pi];
        self.end_speech[pi]
            .get_or_init(|| {
                let lo = self.reach_back(p.start.max(p.end.saturating_sub(REACH)), p.end);
                self.last_speech(lo, p.end)
            })
            .clone()
    }

    fn inside_quote(&self, pos: usize) -> bool {
        super::marks::covering(self.marked, pos).is_some()
    }

    fn word(&self, w: Word) -> &'a str {
        &self.text[w.start..w.end]
    }

    fn lower(&self, w: Word) -> Cow<'a, str> {
        text::lowercase(self.word(w))
    }

    /// The sentence of paragraph `para` holding `pos`, cut to [`REACH`]
    /// bytes either side of `pos` so that a run-on "sentence" cannot make
    /// the work grow with the square of its length.
    pub fn sentence(&self, para: usize, pos: usize) -> Range<usize> {
        let starts = &self.sentences[para];
        let p = &self.paragraphs[para];
        let i = starts.partition_point(|&s| s <= pos);
        let mut start = if i == 0 { p.start } else { starts[i - 1] };
        let mut end = starts.get(i).copied().unwrap_or(p.end);
        if pos.saturating_sub(start) > REACH {
            start = pos - REACH;
            while !self.text.is_char_boundary(start) {
                start += 1;
            }
        }
        if end.saturating_sub(pos) > REACH {
            end = pos + REACH;
            while !self.text.is_char_boundary(end) {
                end -= 1;
            }
        }
        let start = self.reach_back(start, pos);
        let end = self.reach_ahead(end, pos);
        start..end.max(start)
    }

    /// Words of `range` (as [`text::words`] reads them).
    pub fn words(&self, range: Range<usize>) -> Cow<'_, [Word]> {
        self.index.words(self.text, range)
    }

    /// Words of `range` outside quotations.
    pub fn outside_words(&self, range: Range<usize>) -> Cow<'_, [Word]> {
        let ws = self.words(range);
        let Some(first) = ws.first() else {
            return ws;
        };
        // One walk over the words and the quotations together (both in
        // text order, the quotations disjoint): O(words) after one search.
        let marked = self.marked;
        let mut k = marked.partition_point(|m| m.close <= first.start);
        let mut inside = |pos: usize| {
            while k < marked.len() && marked[k].close <= pos {
                k += 1;
            }
            k < marked.len() && marked[k].open <= pos
        };
        budget::tick(ws.len());
        let Some(cut) = ws.iter().position(|w| inside(w.start)) else {
            return ws;
        };
        let mut out = Vec::with_capacity(ws.len());
        out.extend_from_slice(&ws[..cut]);
        out.extend(ws[cut + 1..].iter().filter(|w| !inside(w.start)).copied());
        Cow::Owned(out)
    }

    /// Speech cues among `words`, in order.
    pub fn cues(&self, words: &[Word]) -> Vec<Cue> {
        budget::tick(words.len());
        let mut out = Vec::new();
        for (i, &w) in words.iter().enumerate() {
            let word = self.word(w);
            // Only "according" (in any case: no other character lowercases
            // into its letters) and words starting lowercase can be cues.
            let lowercase_start = word.starts_with(|c: char| c.is_lowercase());
            if !lowercase_start && !word.eq_ignore_ascii_case("according") {
                continue;
            }
            let lw = self.lower(w);
            if lw == "according" {
                if let Some(&to) = words.get(i + 1)
                    && self.lower(to) == "to"
                {
                    out.push(Cue::According(w, to));
                }
            } else if lowercase_start && let Some(info) = self.lex.verbs.get(&*lw).copied() {
                // "the talks", "a warning": a noun, not the verb.
                let prev = i.checked_sub(1).map(|j| self.lower(words[j]));
                let noun = prev.as_deref().is_some_and(|p| {
                    matches!(p, "the" | "a" | "an" | "his" | "her" | "their" | "its")
                });
                // "shot back", "went on": a phrasal verb needs its particle.
                let particle_ok = info.particle.is_none_or(|p| {
                    words
                        .get(i + 1)
                        .is_some_and(|&n| &self.text[w.end..n.start] == " " && self.lower(n) == p)
                });
                if !noun && particle_ok {
                    out.push(Cue::Verb(w, info));
                }
            }
        }
        out
    }

    /// Whether quotation `mi` is a quote, and which kind; `None` for titles,
    /// names and terms set off as such.
    pub fn kind_of(&self, mi: usize) -> Option<QuoteKind> {
        let m = &self.marked[mi];
        let content = &self.text[m.start..m.end];
        if !content.chars().any(char::is_alphabetic) {
            return None;
        }
        let sent = self.sentence(m.para, m.open);
        let pre_words = self.outside_words(sent.start..m.open);
        // "so-called 'X'", "known as 'X'", "the word 'X'".
        let mut back = pre_words.iter().rev().map(|&w| self.lower(w));
        let p1 = back.next();
        let p2 = back.next();
        let scare =
            |w: &Option<Cow<'_, str>>| w.as_ref().is_some_and(|w| self.lex.scare.contains(&**w));
        if scare(&p1)
            || (p1
                .as_deref()
                .is_some_and(|w| matches!(w, "as" | "the" | "a" | "an"))
                && scare(&p2))
        {
            return None;
        }
        if self.names_term(mi, &sent, &pre_words) {
            return None;
        }
        // A word or two used as a modifier of the next noun ("a 'dissent
        // channel' memo", "the 'alt-right' movement"): a term, not words
        // someone said, unless a speech verb before it in its clause frames
        // it ("expressed confidence in India's 'mature' approach").
        let content_words = self.words(m.start..m.end);
        // 'India's "mature" and "pragmatic" approach': a fragment joined to
        // the one before it shares that one's frame.
        let mut frame_from = self.clause_start(mi, sent.start);
        let mut k = mi;
        while k > 0
            && frame_from == self.marked[k - 1].close
            && matches!(
                self.text[frame_from..self.marked[k].open].trim(),
                "and" | "or" | "," | ", and" | ", or"
            )
        {
            k -= 1;
            frame_from = self.clause_start(k, sent.start);
        }
        let framed_by_cue = !self
            .cues(&self.outside_words(frame_from..m.open))
            .is_empty();
        let after = &self.text[m.close..self.paragraphs[m.end_para].end.max(m.close)];
        if content_words.len() <= 2
            && !framed_by_cue
            && !content.ends_with([',', '.', '!', '?', ';', ':'])
            && let Some(next) = after.strip_prefix(' ')
            && let Some(w) = self.words(m.close + 1..m.close + 1 + next.len()).first()
            && w.start == m.close + 1
        {
            let lw = self.lower(*w);
            let function = self.lex.boundary.contains(&*lw)
                || self.lex.verbs.contains_key(&*lw)
                || self.lex.function.contains(&*lw);
            if self.word(*w).starts_with(|c: char| c.is_lowercase()) && !function {
                return None;
            }
        }
        let continued = m.chain != mi;
        let pre_text = self.text[self.clause_start(mi, sent.start)..m.open].trim_end();
        let has_cue = !self.cues(&pre_words).is_empty();
        let starts_clause =
            pre_text.is_empty() || pre_text.ends_with(':') || (pre_text.ends_with(',') && has_cue);
        let first = content
            .chars()
            .find(|c| !matches!(c, '.' | '…' | '[' | '(' | ' '));
        let capital = first.is_some_and(|c| c.is_uppercase() || c.is_numeric());
        if (starts_clause && capital) || continued {
            return Some(QuoteKind::Direct);
        }
        // A name or title, unless a speech verb hands it to someone
        // ("called him 'Little Marco'").
        // ("told CBS's 'Face the Nation'" names a show: a listener is no frame.)
        let framed = self
            .cues(&pre_words[pre_words.len().saturating_sub(4)..])
            .iter()
            .any(|c| !matches!(c, Cue::Verb(_, info) if info.addressee));
        if self.title_like(m) && !pre_text.is_empty() && !framed {
            return None;
        }
        Some(QuoteKind::Partial)
    }

    /// Whether quotation `mi` gives the name of a thing or glosses a term
    /// rather than anyone's words: a passive or reduced naming participle
    /// ("was commonly called 'swine flu'", "a process called 'X'", "has
    /// been termed Brexit for 'X'"), an active naming verb ("named the
    /// virus that causes it 'X'"), a word or two that is the subject of "is"
    /// or "stands" ("'COVID-19' is the name"), or the gloss of a phrase
    /// ("the Swahili phrase pamoja tulinde maisha or 'together save
    /// lives'"). An agent ("… 'X' by Ann Lee") or a speech verb after the
    /// quotation in its sentence ("… 'X,' the Post reported") keeps it a
    /// quote. `pre` is the sentence's words before the quotation.
    fn names_term(&self, mi: usize, sent: &Range<usize>, pre: &[Word]) -> bool {
        let m = &self.marked[mi];
        let clause = self.clause_start(mi, sent.start);
        let pre = &pre[pre.partition_point(|w| w.start < clause)..];
        let content = self.text[m.start..m.end].trim_end();
        let content_words = self.words(m.start..m.end).len();
        let after = &self.text[m.close..self.paragraphs[m.end_para].end.max(m.close)];
        // '"COVID-19" is the name': a term as the subject opening its
        // clause (not 'the "Washington cartel" is growing nervous', a
        // fragment of someone's words used as a noun).
        let opens = {
            let lead = self.text[clause..m.open].trim();
            lead.is_empty() || lead.ends_with(':')
        };
        if content_words <= 2
            && opens
            && !content.ends_with([',', '.', '!', '?', ';', ':'])
            && let Some(next) = after.strip_prefix(' ')
            && let Some(w) = self.words(m.close + 1..m.close + 1 + next.len()).first()
            && w.start == m.close + 1
            && self.lex.term_verb.contains(self.word(*w))
        {
            return true;
        }
        let end = self
            .sentence(m.end_para, m.close.saturating_sub(1).max(m.start))
            .end
            .max(m.close);
        let vouched = || {
            let ws = self.outside_words(m.close..end);
            ws.first().is_some_and(|w| self.lower(*w) == "by") || !self.cues(&ws).is_empty()
        };
        let n = pre.len();
        let is_cue = |i: usize| !self.cues(&pre[i..=i]).is_empty();
        // A naming participle right before the words, or a few words before
        // a gloss's "for" / "or" / "as".
        let last = pre.last().map(|w| self.lower(*w));
        let gloss = last
            .as_deref()
            .is_some_and(|w| matches!(w, "for" | "or" | "as"));
        for i in (n.saturating_sub(5)..n).rev() {
            let w = self.lower(pre[i]);
            if self.lex.naming.contains(&*w) && (i + 1 == n || gloss) {
                let mut j = i;
                while j > 0 && self.lex.naming_adverb.contains(&*self.lower(pre[j - 1])) {
                    j -= 1;
                }
                let Some(before) = j.checked_sub(1).map(|b| pre[b]) else {
                    break;
                };
                let bw = self.lower(before);
                let passive = self.lex.be.contains(&*bw);
                // "a process called 'X'": a new thing and its name.
                // A title set off so ("a book called 'Women Who Work'")
                // stays the quotation it always was.
                let reduced = i + 1 == n
                    && !self.title_like(m)
                    && j >= 2
                    && matches!(&*self.lower(pre[j - 2]), "a" | "an")
                    && self.word(before).starts_with(|c: char| c.is_lowercase())
                    && !self.lex.pronouns.contains(&*bw)
                    && !self.lex.descriptions.contains_key(&*bw);
                if (passive || reduced) && !vouched() {
                    return true;
                }
                break;
            }
            if i + 1 < n && is_cue(i) {
                break;
            }
        }
        // "named the virus that causes it 'X'".
        for i in (n.saturating_sub(8)..n).rev() {
            if self.lex.naming_active.contains(&*self.lower(pre[i])) {
                // "declined to be named": no name given.
                let passive = i
                    .checked_sub(1)
                    .is_some_and(|b| self.lex.be.contains(&*self.lower(pre[b])));
                if !passive && content_words <= 8 && !vouched() {
                    return true;
                }
                break;
            }
            if is_cue(i) {
                break;
            }
        }
        // "the Swahili phrase pamoja tulinde maisha or 'X'": a gloss.
        for i in (n.saturating_sub(6)..n.saturating_sub(1)).rev() {
            let w = self.lower(pre[i]);
            if self.lex.scare.contains(&*w) {
                let det = (i.saturating_sub(2)..i).any(|k| {
                    matches!(
                        &*self.lower(pre[k]),
                        "the" | "a" | "an" | "this" | "that" | "its" | "their"
                    )
                });
                let between_ok = pre[i + 1..].iter().all(|&b| {
                    let lb = self.lower(b);
                    self.word(b).starts_with(|c: char| c.is_lowercase())
                        && (lb == "or" || !self.lex.boundary.contains(&*lb))
                        && !self.lex.function.contains(&*lb)
                        && !self.lex.verbs.contains_key(&*lb)
                });
                return det && between_ok && last.as_deref() == Some("or") && !vouched();
            }
        }
        false
    }

    /// Start of the clause before quotation `mi`: the sentence start or the
    /// close of an earlier quotation in the same sentence.
    fn clause_start(&self, mi: usize, sent_start: usize) -> usize {
        let m = &self.marked[mi];
        self.marked[..mi]
            .last()
            .filter(|p| p.end_para == m.para)
            .map_or(sent_start, |p| p.close.max(sent_start))
            .min(m.open)
    }

    /// Every word capitalised, few words, no sentence punctuation: a title
    /// or a name ("Operation Peace Spring").
    fn title_like(&self, m: &Marked) -> bool {
        let ws = self.words(m.start..m.end);
        if ws.is_empty() || ws.len() > 7 {
            return false;
        }
        let small = |s: &str| {
            matches!(
                s,
                "of" | "the"
                    | "and"
                    | "for"
                    | "in"
                    | "on"
                    | "a"
                    | "an"
                    | "to"
                    | "at"
                    | "de"
                    | "with"
            )
        };
        ws.iter().all(|&w| {
            let s = self.word(w);
            small(s)
                || s.chars()
                    .next()
                    .is_some_and(|c| c.is_uppercase() || c.is_numeric())
        }) && ws.iter().any(|&w| !small(self.word(w)))
    }

    /// Whether a partial quote with no speaker is still a quote: a long
    /// fragment, or a short one with speech in its sentence.
    pub fn has_evidence(&self, mi: usize) -> bool {
        let m = &self.marked[mi];
        if self.words(m.start..m.end).len() >= 4 {
            return true;
        }
        let sent = self.sentence(m.para, m.open);
        let end = self
            .sentence(m.end_para, m.close.saturating_sub(1).max(m.start))
            .end;
        let ws = self.outside_words(sent.start..end.max(sent.start));
        !self.cues(&ws).is_empty()
    }

    /// The attribution next to quotation `mi`, in its own sentence.
    pub fn attribute(&self, mi: usize, kind: QuoteKind) -> Option<Attribution> {
        let m = &self.marked[mi];
        let sent = self.sentence(m.para, m.open);
        let clause = self.clause_start(mi, sent.start);
        // After the quotation: up to the sentence end or the next quotation.
        let end_sent = self.sentence(m.end_para, m.close.saturating_sub(1).max(m.start));
        let next_open = self
            .marked
            .get(mi + 1)
            .filter(|n| n.para == m.end_para)
            .map_or(usize::MAX, |n| n.open);
        // '"Is it over?" Biden said.': a question or exclamation closing
        // the quotation ends the sentence, yet the attribution after it
        // belongs to it.
        let mut sent_end = end_sent.end;
        let closing = self.text[m.start..m.end].trim_end();
        if sent_end <= m.close + 1 && m.close < self.paragraphs[m.end_para].end {
            let next_end = self.sentence(m.end_para, m.close + 1).end;
            // '"… missing." Trump said.': a full stop where the comma
            // belongs; a short sentence of its own right after the
            // quotation that is only its attribution still belongs to it.
            let bare_attribution = || {
                closing.ends_with('.')
                    && self.words(m.close..next_end).len() <= BARE_ATTRIBUTION_WORDS
                    && self
                        .post_attribution(m.close, next_end.max(m.close))
                        .is_some_and(|(a, adjacent, _)| adjacent && a.entity.is_some())
            };
            if closing.ends_with(['?', '!']) || bare_attribution() {
                sent_end = next_end;
            }
        }
        let post_hi = sent_end.min(next_open).max(m.close);
        let mut post = self.post_attribution(m.close, post_hi);
        // '"…," Ann Lee, wearing a "Vote Yes" badge, said': a short
        // quotation inside the attribution does not end it.
        if post.is_none()
            && next_open < sent_end
            && let Some(n) = self.marked.get(mi + 1)
            && n.end_para == m.end_para
            && self.words(n.start..n.end).len() <= 3
        {
            let hi = self
                .marked
                .get(mi + 2)
                .filter(|q| q.para == m.end_para)
                .map_or(sent_end, |q| q.open.min(sent_end));
            post = self.post_attribution(m.close, hi.max(m.close));
        }
        // '"…" every time she thinks': a phrase after the quotation that
        // names nobody is no attribution next to it; the cue before the
        // quotation, if any, speaks.
        if let Some((a, adjacent, _)) = &post
            && *adjacent
            && a.names_someone()
        {
            // 'X called it "…," according to NBC': the outlet reports what
            // X said; the speaker is X.
            if a.cue.as_deref() == Some("according to")
                && let Some(pre) = self.pre_attribution(clause, sent.start, m.open)
                && pre.entity.is_some()
                && pre.cue.as_deref() != Some("according to")
            {
                return Some(pre);
            }
            // 'in a clip that Judge Ann Lee called "distasteful," Cole
            // said': a fragment a person's verb frames right before it is
            // that person's words.
            if kind == QuoteKind::Partial
                && let Some(pre) = self.framing_person(clause, sent.start, m.open)
            {
                return Some(pre);
            }
            return Some(a.clone());
        }
        if let Some(a) = self.dash_caption(m) {
            return Some(a);
        }
        if let Some(a) = self.pre_attribution(clause, sent.start, m.open) {
            return Some(a);
        }
        if let Some(a) = self.unlisted_verb_after(m, post_hi) {
            return Some(a);
        }
        let lead = self.text[clause..m.open].trim();
        // A heading's "TITLE - Ann Lee: '…'": the name after the dash.
        let dash = lead.strip_suffix(':').and_then(|head| {
            head.char_indices()
                .rev()
                .find(|&(i, c)| {
                    matches!(c, '-' | '\u{2013}' | '\u{2014}')
                        && head[..i].ends_with(' ')
                        && head[i + c.len_utf8()..].starts_with(' ')
                })
                .map(|(i, c)| i + c.len_utf8())
        });
        let lead_start = clause
            + (self.text[clause..m.open].len() - self.text[clause..m.open].trim_start().len());
        let head_start = lead_start + dash.unwrap_or(0);
        if let Some(head) = lead.strip_suffix(':')
            && self.words(head_start..m.open).len() <= 6
        {
            // A headline's "Rubio: 'We are close'".
            let r = trim_range(self.text, head_start..lead_start + head.len());
            let (entity, speaker_text) = self.resolve(r, m.open);
            if entity.is_some() {
                return Some(Attribution {
                    entity,
                    speaker_text,
                    cue: Some(":".to_string()),
                });
            }
        }
        // "Trump issued the following statement: '…'": a clause ending
        // with a colon introduces the words of its subject.
        if lead.ends_with(':')
            && kind == QuoteKind::Direct
            && let Some(a) = self.colon_speaker(clause, m.open)
        {
            return Some(a);
        }
        // A later cue in the sentence, not next to the quotation, vouches
        // only for a quotation long enough not to be a term, or one in a
        // sentence closed by an inverted attribution (`… "a mess" in May,
        // said Ann Lee, an aide`; `… "dozens" of aides, according to Ann
        // Lee`). It comes after a colon's speaker ("Lee's reply was: '…?'"
        // then a new sentence with a cue of its own).
        // Not one whose phrase names nobody ('"…," the crowd applauded').
        if let Some((a, _, inverted_final)) = post
            && a.names_someone()
            && (kind == QuoteKind::Direct
                || inverted_final
                || self.words(m.start..m.end).len() >= 4)
        {
            return Some(a);
        }
        if kind == QuoteKind::Partial {
            // The subject of the sentence framing a fragment.
            // Only a name or a pronoun: a description here is too often
            // not the subject at all ("Government plans …").
            let opening = self
                .phrase_after(self.past_dateline(sent.start, m.open), m.open)
                .map(|ph| self.subject_before_past_verb(ph))
                .filter(|ph| {
                    let ws = self.words(ph.clone());
                    let pronoun = ws.len() == 1 && self.lex.pronouns.contains(&*self.lower(ws[0]));
                    pronoun || self.mentions_in(ph.clone()).next().is_some()
                });
            // "During the debate, Cruz decried the 'culture of …'": past
            // an opening adverbial, the person who is the subject.
            // Not past a speech verb that named nobody known ("a judge
            // ruled that X …": X is no speaker).
            let first_cue = self
                .cues(&self.outside_words(sent.start..m.open))
                .first()
                .map_or(m.open, Cue::start);
            let ph = opening.or_else(|| {
                self.sentence_subject(sent.start, first_cue).filter(|ph| {
                    self.mentions_in(ph.clone())
                        .any(|x| self.entities[x.entity].kind == EntityType::Person)
                })
            })?;
            let (entity, speaker_text) = self.resolve(ph, m.open);
            return entity.map(|_| Attribution {
                entity,
                speaker_text,
                cue: None,
            });
        }
        None
    }

    /// The person whose finite speech verb frames the words at `open`
    /// itself: at most [`FRAMING_GAP`] words before them, no "that"
    /// between ("Lee called it '…'", "Lee dismissed as '…'").
    fn framing_person(&self, clause: usize, sent_start: usize, open: usize) -> Option<Attribution> {
        let ws = self.outside_words(sent_start..open);
        let c = *self.cues(&ws).last()?;
        let Cue::Verb(v, info) = c else {
            return None;
        };
        let gap = self.words(c.end()..open);
        if info.participle
            || gap.len() > FRAMING_GAP
            || gap.iter().any(|w| self.lower(*w) == "that")
        {
            return None;
        }
        let limit = if c.start() >= clause {
            clause
        } else {
            sent_start
        };
        let ph = self.cue_speaker(c, limit, open, sent_start)?;
        let (entity, speaker_text) = self.resolve(ph, open);
        let e = entity?;
        (self.entities[e].kind == EntityType::Person).then(|| Attribution {
            entity,
            speaker_text,
            cue: Some(self.word(v).to_string()),
        })
    }

    /// A speaker after a dash, closing the quotation's paragraph or on a
    /// caption line of its own ('"…" — Hillary Clinton', '"…"' then '- Sanders.').
    fn dash_caption(&self, m: &Marked) -> Option<Attribution> {
        let para = &self.paragraphs[m.end_para];
        let rest = self.text[m.close..para.end].trim();
        let (lo, hi) = if rest.is_empty() {
            let next = self.paragraphs.get(m.end_para + 1)?;
            (next.start, next.end)
        } else {
            (m.close, para.end)
        };
        let line = self.text[lo..hi].trim();
        let body = line
            .strip_prefix(['-', '\u{2013}', '\u{2014}'])?
            .trim_start_matches(['-', ' ']);
        let body = body.trim_end_matches(['.', ' ']);
        if body.is_empty()
            || body.split_whitespace().count() > 8
            || body.contains(['"', '\u{201c}'])
        {
            return None;
        }
        let start = lo + self.text[lo..hi].find(body)?;
        let r = start..start + body.len();
        // "Hillary Clinton, in a speech": the name before any comma.
        let r = match self.text[r.clone()].find(',') {
            Some(c) => r.start..r.start + c,
            None => r,
        };
        let (entity, speaker_text) = self.resolve(r, m.close);
        entity.map(|_| Attribution {
            entity,
            speaker_text,
            cue: Some("\u{2014}".to_string()),
        })
    }

    /// A cue after a quotation ("…," he said / said X / according to X).
    /// The flag says whether it follows the quotation directly or closes
    /// the sentence after a comma ("…, he added.").
    /// The last flag says whether the cue is an inverted one closing the
    /// sentence after a comma ("…, said X, an aide.").
    fn post_attribution(&self, lo: usize, hi: usize) -> Option<(Attribution, bool, bool)> {
        let ws = self.outside_words(lo..hi);
        let cue = self
            .cues(&ws)
            .into_iter()
            .find(|c| !matches!(c, Cue::Verb(_, info) if info.participle))?;
        let lead = match cue {
            Cue::Verb(v, _) => self.lead_person(lo, v.start),
            Cue::According(..) => None,
        };
        let phrase = lead.or_else(|| self.cue_speaker(cue, lo, hi, lo));
        let cue_text = self.cue_text(cue);
        let phrase = phrase?;
        let first = phrase.start.min(cue.start());
        let between = &self.text[lo..first];
        let adjacent = between
            .chars()
            .all(|c| c.is_whitespace() || matches!(c, ',' | '—' | '–' | '-'));
        // "…, he added." at the end of the sentence: the whole clause
        // before the comma is reported.
        let clause_final = phrase.start < cue.start()
            && between.trim_end().ends_with(',')
            && self.words(cue.end()..hi).len() <= 8;
        let inverted_final = (matches!(cue, Cue::Verb(_, info) if !info.addressee)
            || matches!(cue, Cue::According(..)))
            && phrase.start >= cue.end()
            && between.trim_end().ends_with(',');
        let (entity, speaker_text) = self.resolve(phrase, lo);
        Some((
            Attribution {
                entity,
                speaker_text,
                cue: Some(cue_text),
            },
            adjacent || clause_final,
            inverted_final,
        ))
    }

    /// The nearest cue before a quotation in its sentence (X said: "…";
    /// X said the move was "…"; according to X, "…").
    fn pre_attribution(
        &self,
        clause: usize,
        sent_start: usize,
        open: usize,
    ) -> Option<Attribution> {
        let ws = self.outside_words(sent_start..open);
        let cues = self.cues(&ws);
        // "X said that Y had concluded the move was '…'": the words are
        // X's report, so a speech verb taking a that-clause dominates the
        // cues inside that clause.
        let dominant = cues.iter().position(|c| match *c {
            Cue::Verb(v, info) if !info.participle && !info.frame => {
                ws.iter()
                    .filter(|w| w.start > v.end)
                    .take(8)
                    .any(|w| self.lower(*w) == "that")
                    // "…, as X called it '…'": a new clause with its own speaker.
                    && !ws.iter().filter(|w| w.start > v.end).any(|w| {
                        matches!(
                            &*self.lower(*w),
                            "as" | "while" | "whereas" | "but" | "although" | "though"
                        )
                    })
                    && !self.text[v.end..open].contains(';')
                    // "After X said that …, Y said": a verb inside an
                    // opening subordinate clause (no comma between the
                    // conjunction and the verb) dominates nothing.
                    && !{
                        let from = self.text[sent_start..v.start]
                            .rfind(',')
                            .map_or(sent_start, |c| sent_start + c);
                        ws.iter()
                            .filter(|w| w.start >= from && w.end <= v.start)
                            .any(|w| self.lex.subordinate.contains(&*self.lower(*w)))
                    }
            }
            _ => false,
        });
        // Even when a person is named as the subject of a nearer cue ("Lee
        // said Cole told them that Democrats '…'"), the words are the
        // outer speaker's report: PolNeAR's annotators credit the outer
        // source, and so does this; but words the nearer person's verb
        // frames itself, right after it ("the plan, which Erdoğan called
        // 'a great success'"), are that person's.
        let framed_by_nearest = cues.last().is_some_and(|&c| {
            let gap = self.words(c.end()..open);
            let limit = if c.start() >= clause {
                clause
            } else {
                sent_start
            };
            gap.len() <= FRAMING_GAP
                && !gap.iter().any(|w| self.lower(*w) == "that")
                && self
                    .cue_speaker(c, limit, open, sent_start)
                    .and_then(|ph| self.resolve(ph, open).0)
                    .is_some_and(|e| self.entities[e].kind == EntityType::Person)
        });
        let dominant = dominant.filter(|_| !framed_by_nearest);
        let order: Vec<Cue> = dominant
            .map(|d| cues[d])
            .into_iter()
            .chain(cues.iter().rev().copied())
            .collect();
        for cue in order {
            let limit = if cue.start() >= clause {
                clause
            } else {
                sent_start
            };
            let phrase = self.cue_speaker(cue, limit, open, sent_start);
            let cue_text = self.cue_text(cue);
            if let Some(ph) = phrase {
                let (entity, speaker_text) = self.resolve(ph, open);
                let participle = matches!(cue, Cue::Verb(_, info) if info.participle);
                if entity.is_none() && Some(cue.start()) == dominant.map(|d| cues[d].start()) {
                    continue;
                }
                if entity.is_none() && (participle || speaker_text.is_none()) {
                    continue;
                }
                return Some(Attribution {
                    entity,
                    speaker_text,
                    cue: Some(cue_text),
                });
            }
        }
        None
    }

    fn cue_text(&self, cue: Cue) -> String {
        match cue {
            Cue::Verb(v, _) => self.word(v).to_string(),
            Cue::According(..) => "according to".to_string(),
        }
    }

    /// The phrase naming who speaks for `cue`: its subject, not before
    /// `limit`, or the phrase after it ("said X", "according to X") up to
    /// `hi`. A participle takes the phrase right before it ("with the
    /// minister warning of …") or, after a comma, the sentence subject.
    fn cue_speaker(
        &self,
        cue: Cue,
        limit: usize,
        hi: usize,
        sent_start: usize,
    ) -> Option<Range<usize>> {
        match cue {
            Cue::Verb(v, info) if info.participle => {
                let before = self.text[limit.min(v.start)..v.start].trim_end();
                // "Here in Columbia, Sanders stepped up …, saying": the
                // phrase opening the sentence, or else its subject.
                let subject = || self.opening_subject(sent_start, v.start);
                if before.ends_with(',') {
                    self.participle_subject(sent_start, v)
                } else {
                    self.subject_before(v, limit)
                        .filter(|ph| self.resolve(ph.clone(), v.start).0.is_some())
                        .or_else(subject)
                }
            }
            Cue::Verb(v, info) => {
                let prev = self.words(limit..v.start).last().map(|&w| self.lower(w));
                let prev = prev.as_deref();
                // "Sanders was asked by host Bill Maher": the agent of a
                // passive speaks.
                if matches!(prev, Some("was" | "were" | "is" | "are" | "been" | "being"))
                    && let Some(&by) = self.words(v.end..hi).first()
                    && self.lower(by) == "by"
                    && self.text[v.end..by.start].chars().all(char::is_whitespace)
                {
                    return self.phrase_after(by.end, hi);
                }
                // "Wilson praised Rubio and said the senator can '…'": the
                // second verb shares the subject of the first; the phrase
                // after it opens the reported clause.
                if matches!(prev, Some("and" | "but")) {
                    return self
                        .subject_before(v, limit)
                        .or_else(|| self.clause_opener(limit, v.start));
                }
                self.subject_before(v, limit).or_else(|| {
                    // "'…?' asked Mr. Manafort": a verb with nothing before
                    // it in its clause is inverted, so even a verb that
                    // takes a listener has its speaker after it.
                    let inverted = limit < v.start
                        && self.text[limit..v.start]
                            .chars()
                            .all(|c| c.is_whitespace() || matches!(c, ',' | '—' | '–' | '-'));
                    (!info.addressee || inverted)
                        .then(|| self.phrase_after(v.end, hi))
                        .flatten()
                        .map(|ph| self.apposed_name(ph, hi))
                })
            }
            Cue::According(_, to) => {
                // "according to a statement on Monday by X": up to punctuation.
                let rest = &self.text[to.end..hi.max(to.end)];
                let stop = rest
                    .find(|c: char| {
                        matches!(c, ',' | ';' | ':' | '(' | ')') || super::marks_char(c) || c == '"'
                    })
                    .unwrap_or(rest.len());
                let mut end = to.end + stop;
                // a final full stop, not an abbreviation's period
                let seg = self.text[to.end..end].trim_end();
                end = to.end + seg.len();
                if seg.ends_with('.') {
                    end -= 1;
                }
                let r = trim_range(self.text, to.end..end);
                (!r.is_empty()).then_some(r)
            }
        }
    }

    /// The first person or organisation in `lo..hi` opening a clause: at
    /// `lo` or after a comma or dash, with only capitalised words (a title,
    /// not "When" or "Before") before it ("When told Perez was there, Sen.
    /// Ann Bush thought …" gives Bush, not Perez, the object of "told").
    fn clause_opener(&self, lo: usize, hi: usize) -> Option<Range<usize>> {
        self.mentions_in(lo..hi)
            .filter(|m| m.start >= lo && m.end <= hi && !m.in_quote)
            .filter(|m| {
                matches!(
                    self.entities[m.entity].kind,
                    EntityType::Person | EntityType::Org
                )
            })
            .filter(|m| self.opens_clause(lo, m.start))
            .map(|m| m.start..m.end)
            .next()
    }

    /// `lo` moved past a dateline ("WASHINGTON (AP) — ") when `lo` opens a
    /// paragraph: the place there is no subject.
    fn past_dateline(&self, lo: usize, hi: usize) -> usize {
        let i = self.paragraphs.partition_point(|p| p.start < lo);
        if self.paragraphs.get(i).is_none_or(|p| p.start != lo) || hi <= lo {
            return lo;
        }
        match super::indirect::strict_dateline_len(&self.text[lo..hi]) {
            Some(n) => lo + n,
            None => lo,
        }
    }

    /// The subject of a sentence starting at `lo`, before `hi`: the phrase
    /// opening it, or the one after an opening adverb ("However, he …"),
    /// when it names someone; else [`Self::sentence_subject`].
    pub fn opening_subject(&self, lo: usize, hi: usize) -> Option<Range<usize>> {
        let lo = self.past_dateline(lo, hi);
        // A place closing an opening adverbial ("At a rally in Salem, New
        // Hampshire, on Tuesday, Sanders …") is no subject: the search goes
        // on past the comma after it.
        let subject = |ph: Range<usize>| {
            let ph = self.subject_head(ph);
            let (e, _) = self.resolve(ph.clone(), hi);
            let e = e?;
            let place = matches!(self.entities[e].kind, EntityType::Gpe | EntityType::Fac)
                && self.text[ph.end..hi].trim_start().starts_with(',');
            (!place).then_some(ph)
        };
        if let Some(ph) = self.phrase_after(lo, hi).and_then(subject) {
            return Some(ph);
        }
        let mut from = lo;
        for _ in 0..OPENING_COMMAS {
            let Some(c) = self.text[from..hi].find(',') else {
                break;
            };
            let c = from + c;
            if c - lo > OPENING_REACH {
                break;
            }
            if let Some(ph) = self.phrase_after(c + 1, hi).and_then(subject) {
                return Some(ph);
            }
            from = c + 1;
        }
        self.sentence_subject(lo, hi)
    }

    /// A phrase opening a sentence, cut after its first name when a
    /// lowercase word follows that name and another name comes later:
    /// "Perez hammered Trump" gives "Perez", "Senator Ann Bush of Vermont
    /// endorsed Lee" gives "Senator Ann Bush"; "the Trump campaign", a
    /// name before a description, and "Trump's aide", a possessive, stay whole.
    fn subject_head(&self, ph: Range<usize>) -> Range<usize> {
        let mut ms = self
            .mentions_in(ph.clone())
            .filter(|m| m.start >= ph.start && m.end <= ph.end && !m.in_quote);
        let (Some(first), Some(_)) = (ms.next().copied(), ms.next()) else {
            return ph;
        };
        if !self.text[first.end..ph.end].starts_with(' ') {
            return ph;
        }
        let Some(&w) = self.words(first.end..ph.end).first() else {
            return ph;
        };
        let lw = self.lower(w);
        if self.word(w).starts_with(char::is_lowercase) && !self.lex.descriptions.contains_key(&*lw)
        {
            return ph.start..first.end;
        }
        ph
    }

    /// The speaker of a participle set off by a comma ("…, Spicer said,
    /// adding", "Lee hammered Cole, calling him …"): the subject of the
    /// last finite speech verb before it in its sentence that opens a
    /// clause of its own (not "that Y told" nor "said Y told"), else the
    /// subject opening the sentence.
    pub fn participle_subject(&self, sent_start: usize, v: Word) -> Option<Range<usize>> {
        let ws = self.outside_words(sent_start..v.start);
        let prior = self.cues(&ws).into_iter().rev().find_map(|c| {
            let Cue::Verb(w, info) = c else {
                return None;
            };
            if info.participle {
                return None;
            }
            let ph = self.cue_speaker(c, sent_start, v.start, sent_start)?;
            let j = ws.partition_point(|x| x.end <= ph.start);
            let before = j.checked_sub(1).map(|k| self.lower(ws[k]));
            let inverted = ph.start > w.start;
            let reported = !inverted
                && before
                    .as_deref()
                    .is_some_and(|p| p == "that" || self.lex.verbs.contains_key(p));
            (!reported && self.resolve(ph.clone(), w.start).0.is_some()).then_some(ph)
        });
        prior.or_else(|| self.opening_subject(sent_start, v.start))
    }

    /// The subject of the clause `lo..hi`: the first mention of someone who
    /// can speak, outside quotations, that is not the object of a
    /// preposition ("In Iowa, Cruz …" gives Cruz, not Iowa) nor a
    /// premodifier of a person named right after it ("Tulsa police Chief
    /// Chuck Jordan" gives Jordan).
    pub fn sentence_subject(&self, lo: usize, hi: usize) -> Option<Range<usize>> {
        let lo = self.past_dateline(lo, hi);
        let ws = self.words(lo..hi);
        let mut it = self
            .mentions_in(lo..hi)
            .filter(|m| m.start >= lo && m.end <= hi && !m.in_quote)
            .peekable();
        while let Some(m) = it.next() {
            let j = ws.partition_point(|w| w.start < m.start);
            let prev = j.checked_sub(1).map(|k| self.lower(ws[k]));
            let governed = prev.as_deref().is_some_and(|p| {
                matches!(
                    p,
                    "in" | "at"
                        | "on"
                        | "from"
                        | "to"
                        | "with"
                        | "by"
                        | "for"
                        | "of"
                        | "about"
                        | "against"
                        | "after"
                        | "before"
                        | "during"
                        | "like"
                        | "than"
                        | "over"
                        | "under"
                        | "into"
                        | "across"
                        | "since"
                )
            });
            if governed {
                continue;
            }
            if self.entities[m.entity].kind != EntityType::Person
                && let Some(n) = it.peek()
                && self.entities[n.entity].kind == EntityType::Person
                && n.start >= m.end
                && n.start - m.end <= 40
                && !self.text[m.end..n.start].contains([',', ';', ':', '.'])
                && self
                    .words(m.end..n.start)
                    .iter()
                    .all(|&w| !self.lex.verbs.contains_key(&*self.lower(w)))
            {
                return Some(n.start..n.end);
            }
            return Some(m.start..m.end);
        }
        None
    }

    /// Everyone who speaks with `entity`, named as `speaker_text` near
    /// `near`: the people joined to that mention by "and" or a list ("Kerry
    /// and Lavrov said", "said Kerry, Lavrov and Wang"), in text order,
    /// `entity` among them. Just `entity` when it speaks alone.
    pub fn speakers(&self, entity: usize, speaker_text: Option<&str>, near: usize) -> Vec<usize> {
        let alone = vec![entity];
        let Some(st) = speaker_text else {
            return alone;
        };
        let lo = near.saturating_sub(REACH);
        let hi = near.saturating_add(REACH).min(self.text.len());
        let Some(m) = self
            .mentions_in(lo..hi)
            .filter(|m| {
                m.entity == entity && !m.in_quote && st.ends_with(&self.text[m.start..m.end])
            })
            .min_by_key(|m| m.start.abs_diff(near))
            .copied()
        else {
            return alone;
        };
        let kind = self.entities[entity].kind;
        if kind != EntityType::Person {
            return alone;
        }
        let joined = |gap: &str| {
            let g = gap.trim();
            g == "," || g == "and" || g == ", and" || g == "&"
        };
        let mut out = vec![m];
        // Leftwards: "A, B and [m]".
        let mut cur = m;
        while let Some(p) = self
            .before(cur.start)
            .find(|p| !p.in_quote)
            .copied()
            .filter(|p| {
                self.entities[p.entity].kind == kind && joined(&self.text[p.end..cur.start])
            })
        {
            out.insert(0, p);
            cur = p;
        }
        // Rightwards: "[m] and B", "[m], B and C".
        let mut cur = m;
        loop {
            let from = self.mentions.partition_point(|x| x.start < cur.end);
            let Some(n) = self.mentions[from..]
                .iter()
                .find(|x| !x.in_quote)
                .copied()
                .filter(|n| {
                    self.entities[n.entity].kind == kind && joined(&self.text[cur.end..n.start])
                })
            else {
                break;
            };
            out.push(n);
            cur = n;
        }
        if out.len() == 1 {
            return alone;
        }
        // A list must end with "and" ("A, B said" is an apposition), and
        // the group must be the subject of a speech verb ("A and B said",
        // "said A and B"), not an object ("met A and B").
        let (first, last) = (out[0], out[out.len() - 1]);
        if self.text[out[out.len() - 2].end..last.start].trim() == "," {
            return alone;
        }
        let para_end = self
            .paragraphs
            .iter()
            .find(|p| p.start <= last.end && last.end <= p.end)
            .map_or(last.end, |p| p.end);
        let after = self.words(last.end..para_end.min(last.end + 80));
        let verb_after = after
            .iter()
            .take(4)
            .find(|&&w| !self.lex.skip.contains(&*self.lower(w)))
            .is_some_and(|&w| {
                self.text[last.end..w.start].trim().is_empty()
                    && self.lex.verbs.contains_key(&*self.lower(w))
            });
        let before = self.words(first.start.saturating_sub(40)..first.start);
        let verb_before = before.last().is_some_and(|&w| {
            self.text[w.end..first.start].trim().is_empty()
                && self.lex.verbs.contains_key(&*self.lower(w))
        });
        if !verb_after && !verb_before {
            return alone;
        }
        let mut ids: Vec<usize> = Vec::with_capacity(out.len());
        for x in out {
            if !ids.contains(&x.entity) {
                ids.push(x.entity);
            }
        }
        if ids.contains(&entity) { ids } else { alone }
    }

    /// For a direct quote with no attribution of its own: the speaker of an
    /// earlier sentence of its paragraph, or of a paragraph before that
    /// ends with a colon.
    pub fn paragraph_speaker(&self, mi: usize) -> Option<Attribution> {
        let m = &self.marked[mi];
        let p = &self.paragraphs[m.para];
        let lo = self.reach_back(p.start.max(m.open.saturating_sub(REACH)), m.open);
        if let Some(a) = self.last_speech(lo, m.open) {
            return Some(a);
        }
        if m.para > 0 {
            let prev = &self.paragraphs[m.para - 1];
            if self.text[prev.clone()].trim_end().ends_with(':') {
                // Cached per paragraph: many quotes after one colon cost one look.
                return self.speech_at_end(m.para - 1).or_else(|| {
                    let lo = prev.start.max(prev.end.saturating_sub(REACH));
                    let sent =
                        self.sentence(m.para - 1, prev.end.saturating_sub(1).max(prev.start));
                    self.colon_speaker(sent.start.max(lo), prev.end)
                });
            }
        }
        // "Trump had harsh words for her. 'She is a disaster.'": the person
        // who is the subject of the sentence before, in the same paragraph.
        let sent = self.sentence(m.para, m.open);
        if sent.start > p.start && sent.start == m.open {
            let prev = self.sentence(m.para, sent.start - 1);
            if super::marks::covering(self.marked, prev.start).is_none()
                && let Some(ph) = self.phrase_after(prev.start, prev.end)
                && let Some(x) = self.mentions_in(ph.clone()).last()
                && self.entities[x.entity].kind == EntityType::Person
            {
                return Some(Attribution {
                    entity: Some(x.entity),
                    speaker_text: Some(self.text[x.start..x.end].to_string()),
                    cue: None,
                });
            }
        }
        None
    }

    /// For a fragment with no attribution in a sentence that names no one
    /// outside quotations: the speaker of the quotation `last` (its close
    /// and attribution) when it closes in the sentence before or earlier in
    /// this one ('"…," said Lee. Now, "the board …"'), else of the speech
    /// verb closing the sentence before it in its paragraph ('"…," Lee
    /// said. Instead, "the board should start again."'; "Lee has argued
    /// that … As a result, there is still 'a hole in the accounts.'").
    pub fn previous_sentence_speaker(
        &self,
        mi: usize,
        last: Option<(usize, &Attribution)>,
    ) -> Option<Attribution> {
        let m = &self.marked[mi];
        let p = &self.paragraphs[m.para];
        let sent = self.sentence(m.para, m.open);
        if sent.start >= m.open {
            return None;
        }
        let end = self
            .sentence(m.end_para, m.close.saturating_sub(1).max(m.start))
            .end
            .max(m.close);
        // Someone else named in the sentence may be the one speaking; not
        // a possessive before a noun ("six of the House's committees").
        if self.mentions_in(sent.start..end).any(|x| {
            !x.in_quote && can_speak(self.entities[x.entity].kind) && !self.apostrophe_after(x.end)
        }) {
            return None;
        }
        // "They called it 'a farce'": someone else speaks.
        if self
            .outside_words(sent.start..m.open)
            .iter()
            .any(|&w| matches!(&*self.lower(w), "they" | "we" | "i" | "you"))
        {
            return None;
        }
        let prev = (sent.start > p.start).then(|| self.sentence(m.para, sent.start - 1));
        let from = prev.as_ref().map_or(sent.start, |r| r.start.max(p.start));
        if let Some((close, a)) = last
            && from <= close
            && close <= m.open
            && a.entity.is_some()
        {
            return Some(a.clone());
        }
        let prev = prev.filter(|r| r.start >= p.start)?;
        self.last_speech(prev.start, sent.start)
    }

    /// For a fragment with no attribution of its own: the attribution of
    /// another quotation of its sentence, the next first ('Water is "a
    /// right" and "a test," Lee said'). `own` holds each quotation's own.
    pub fn sentence_mate(&self, mi: usize, own: &[Option<Attribution>]) -> Option<Attribution> {
        let m = &self.marked[mi];
        let sent = self.sentence(m.para, m.open);
        let same = |k: usize| {
            let q = &self.marked[k];
            q.para == m.para && sent.start <= q.open && q.open < sent.end
        };
        let named = |k: usize| own[k].as_ref().filter(|a| a.entity.is_some()).cloned();
        let ahead = (mi + 1..self.marked.len().min(mi + 1 + QUOTE_REACH))
            .take_while(|&k| same(k))
            .find_map(named);
        ahead.or_else(|| {
            (mi.saturating_sub(QUOTE_REACH)..mi)
                .rev()
                .take_while(|&k| same(k))
                .find_map(named)
        })
    }

    /// For a quotation opening its paragraph with no attribution of its
    /// own: the person who is the subject of the last sentence of the
    /// paragraph before, when that paragraph quotes nobody ("Valastro
    /// praised the governor." then '"We need someone who …"').
    pub fn previous_paragraph_subject(&self, mi: usize) -> Option<Attribution> {
        let m = &self.marked[mi];
        let p = &self.paragraphs[m.para];
        if !self.text[p.start..m.open].trim().is_empty() {
            return None;
        }
        let pi = m.para.checked_sub(1)?;
        let prev = &self.paragraphs[pi];
        // Not after a paragraph holding a quotation (its speaker has had
        // its say; the fallbacks before this one read it).
        let k = self.marked.partition_point(|q| q.close <= prev.start);
        if self.marked.get(k).is_some_and(|q| q.open < prev.end) || prev.is_empty() {
            return None;
        }
        let sent = self.sentence(pi, prev.end.saturating_sub(1).max(prev.start));
        let ph = self.opening_subject(sent.start, sent.end)?;
        let x = self.mentions_in(ph).last()?;
        if self.entities[x.entity].kind != EntityType::Person {
            return None;
        }
        Some(Attribution {
            entity: Some(x.entity),
            speaker_text: Some(self.text[x.start..x.end].to_string()),
            cue: None,
        })
    }

    /// The speaker a clause ending with a colon introduces ("X issued the
    /// following statement:", "X echoed:", "X called them on it:"): the
    /// subject of the clause, when it is a person or an organisation.
    fn colon_speaker(&self, lo: usize, hi: usize) -> Option<Attribution> {
        // Not after a quotation in the same clause.
        let k = self.marked.partition_point(|q| q.close <= hi);
        let lo = k
            .checked_sub(1)
            .map(|k| self.marked[k].close)
            .filter(|&c| c > lo && c <= hi)
            .unwrap_or(lo);
        // "When Wallace died, President Clinton released the following
        // statement:": the subject opening the main clause, not that of a
        // clause before it nor a premodifier ("the CNBC moderators").
        let ph = self
            .clause_opener(lo, hi)
            .or_else(|| self.sentence_subject(lo, hi))?;
        let x = self.mentions_in(ph.clone()).next()?;
        if !matches!(
            self.entities[x.entity].kind,
            EntityType::Person | EntityType::Org
        ) {
            return None;
        }
        Some(Attribution {
            entity: Some(x.entity),
            speaker_text: Some(self.text[x.start..x.end].to_string()),
            cue: Some(":".to_string()),
        })
    }

    /// The speaker of the last reported speech in the previous paragraph.
    pub fn previous_paragraph_speaker(&self, mi: usize) -> Option<Attribution> {
        let m = &self.marked[mi];
        let prev = m.para.checked_sub(1)?;
        self.paragraphs.get(prev)?;
        self.speech_at_end(prev)
    }

    /// The subject of the last finite speech verb in `lo..hi`.
    fn last_speech(&self, lo: usize, hi: usize) -> Option<Attribution> {
        let ws = self.outside_words(lo..hi);
        for cue in self.cues(&ws).iter().rev() {
            if let Cue::Verb(v, info) = *cue {
                if info.participle || info.frame {
                    continue;
                }
                let para = self.paragraphs.partition_point(|p| p.end <= v.start);
                if para >= self.paragraphs.len() {
                    return None;
                }
                let sent = self.sentence(para, v.start);
                // The close of the last quotation before the verb in its sentence.
                let k = self.marked.partition_point(|q| q.close <= v.start);
                let limit = k
                    .checked_sub(1)
                    .map(|k| self.marked[k].close)
                    .filter(|&c| c > sent.start)
                    .unwrap_or(sent.start);
                if let Some(ph) = self.subject_before(v, limit) {
                    let (entity, speaker_text) = self.resolve(ph, v.start);
                    if entity.is_some() {
                        return Some(Attribution {
                            entity,
                            speaker_text,
                            cue: Some(self.word(v).to_string()),
                        });
                    }
                }
            }
        }
        None
    }

    /// The subject phrase right before speech verb `v`, not reaching before
    /// `limit`: skips adverbs and auxiliaries ("also", "has") and a
    /// parenthesis between commas ("X, the minister, said"), where a name in
    /// the parenthesis wins over a description before it.
    pub fn subject_before(&self, v: Word, limit: usize) -> Option<Range<usize>> {
        let r = self.phrase_before_verb(v, limit)?;
        // "Dean Johnson, a salesman from Sumter, South Carolina, says",
        // "Ann Lee of Columbia, South Carolina says": a place closing the
        // description of the person opening the clause is not the subject.
        let place = {
            let mut ms = self.mentions_in(r.clone()).peekable();
            ms.peek().is_some()
                && ms.all(|m| {
                    matches!(
                        self.entities[m.entity].kind,
                        EntityType::Gpe | EntityType::Fac
                    )
                })
        };
        // "Ann Lee, who chairs the Lee Fund said", "Ann Lee, president
        // of the Lee Fund, said": nor is an organisation the person heads,
        // when that person opens the clause.
        let org = !place && {
            let ms: Vec<&Mention> = self.mentions_in(r.clone()).collect();
            ms.iter()
                .any(|m| self.entities[m.entity].kind == EntityType::Org)
                && ms
                    .iter()
                    .all(|m| self.entities[m.entity].kind != EntityType::Person)
        };
        if !(place || org) || r.start <= limit {
            return Some(r);
        }
        let person = self.sentence_subject(limit, r.start).filter(|p| {
            let after = self.text[p.end..r.start].trim_start();
            self.mentions_in(p.clone())
                .any(|m| self.entities[m.entity].kind == EntityType::Person)
                && (after.starts_with(',')
                    || (place && (after.starts_with("of ") || after.starts_with("from "))))
                && self.cues(&self.words(p.end..r.start)).is_empty()
                && (place || self.opens_clause(limit, p.start))
        });
        Some(person.unwrap_or(r))
    }

    /// Whether only a title stands between `lo` and `pos`: capitalised
    /// words, none a boundary or function word, after the last comma or
    /// dash ("Sen. Ann Lee", not "After meeting Lee").
    fn opens_clause(&self, lo: usize, pos: usize) -> bool {
        let pre = &self.text[lo..pos];
        let seg = pre.rfind([',', '\u{2014}', '\u{2013}']).map_or(pre, |c| {
            pre[c..].trim_start_matches([',', '\u{2014}', '\u{2013}'])
        });
        seg.split_whitespace().all(|w| {
            let lw = text::lowercase(w.trim_matches(|c: char| !c.is_alphanumeric()));
            w.starts_with(|c: char| c.is_uppercase())
                && !self.lex.boundary.contains(&*lw)
                && !self.lex.function.contains(&*lw)
        })
    }

    /// The person opening the words after a quotation and set off by a
    /// comma before the speech verb (`"…," Ann Lee, 40, of Leeds, said`,
    /// `"…" Ann Lee, the head of the fund, told …`): the speaker, however
    /// long the description between.
    fn lead_person(&self, lo: usize, verb: usize) -> Option<Range<usize>> {
        // The quotation closes its clause ('"…," Lee'), not a phrase
        // whose object follows ('"in homage to" Lee').
        let closed = self.text[..lo]
            .trim_end_matches(|c: char| super::marks_char(c) || c == '\'' || c.is_whitespace())
            .ends_with([',', '.', '!', '?', '\u{2014}', '-'])
            || self.text[lo..verb].trim_start().starts_with(',');
        if !closed {
            return None;
        }
        let rest = &self.text[lo..verb];
        let skip = rest.len()
            - rest
                .trim_start_matches(|c: char| {
                    c.is_whitespace() || matches!(c, ',' | '\u{2014}' | '\u{2013}' | '-')
                })
                .len();
        let start = lo + skip;
        let m = self
            .mentions_in(start..verb)
            .find(|m| m.start >= start && m.end < verb && !m.in_quote)?;
        if self.entities[m.entity].kind != EntityType::Person
            || m.start - start > 40
            || !self.opens_clause(start, m.start)
            || !self.text[m.end..verb].starts_with(',')
        {
            return None;
        }
        Some(start..m.end)
    }

    /// "said Ann Lee's aide, Bo Chen", "said a fund manager, Bo Chen": a
    /// name in apposition after an inverted verb's phrase speaks, unless
    /// that phrase ends with a person's name itself.
    fn apposed_name(&self, ph: Range<usize>, hi: usize) -> Range<usize> {
        let person = |m: &&Mention| self.entities[m.entity].kind == EntityType::Person;
        if self
            .mentions_in(ph.clone())
            .filter(person)
            .any(|m| m.end == ph.end)
        {
            return ph;
        }
        let after = &self.text[ph.end..hi.max(ph.end)];
        let Some(rest) = after.strip_prefix(',') else {
            return ph;
        };
        let start = ph.end + 1 + (rest.len() - rest.trim_start().len());
        match self
            .mentions_in(start..hi)
            .filter(|m| !m.in_quote)
            .find(|m| m.start >= start)
        {
            Some(m) if m.start == start && person(&m) => m.start..m.end,
            _ => ph,
        }
    }

    /// Whether an apostrophe follows position `end` (a mention's end): a
    /// possessive, "Lee's", "Lee’s", "Sanders’".
    fn apostrophe_after(&self, end: usize) -> bool {
        self.text[end..].starts_with(['\'', '\u{2019}'])
    }

    /// Whether apposition `par` names a person itself ("the former
    /// senator Ann Lee", "Ann Lee (D-Ill.)"): a person mention in it that is
    /// no possessive and comes after no preposition or relative word. "a
    /// friend of Mrs. Lee's", "a group that has sued Ann Lee" only mention
    /// someone in describing the speaker.
    fn apposition_names_person(&self, par: Range<usize>) -> bool {
        let ws = self.words(par.clone());
        self.mentions_in(par.clone()).any(|m| {
            let possessive = m.end < par.end && self.apostrophe_after(m.end);
            let governed = ws
                .iter()
                .take_while(|w| w.end <= m.start)
                .any(|&w| self.lex.governor.contains(&*self.lower(w)));
            self.entities[m.entity].kind == EntityType::Person
                && m.start >= par.start
                && !possessive
                && !governed
        })
    }

    /// The phrase [`Self::subject_before`] starts from.
    fn phrase_before_verb(&self, v: Word, limit: usize) -> Option<Range<usize>> {
        let ws = self.words(limit..v.start);
        let mut k = ws.len();
        let mut pos = v.start;
        let mut paren: Option<Range<usize>> = None;
        loop {
            let before = self.text[limit..pos].trim_end();
            let p = limit + before.len();
            if p <= limit {
                return None;
            }
            if before.ends_with(')')
                && let Some(open) = before.rfind('(')
                && before.len() - open <= 24
                && !self.inside_quote(limit + open)
            {
                // "Rep. John Mica (R-Fla.) said", "Gov. Pat McCrory (R)
                // said": a short parenthesis after the name.
                pos = limit + open;
                while k > 0 && ws[k - 1].start >= pos {
                    k -= 1;
                }
                continue;
            }
            // "A former candidate -- Ann Lee, who lost in 2008 -- said": a
            // pair of dashes sets off an apposition as commas do; its name
            // is the part before any comma inside.
            if paren.is_none()
                && let Some(dash) = ["\u{2014}", "\u{2013}", "--"]
                    .into_iter()
                    .find(|d| before.ends_with(d))
            {
                let inner_end = p - dash.len();
                let inner = &self.text[limit..inner_end];
                let open = ["\u{2014}", "\u{2013}", "--"]
                    .into_iter()
                    .filter_map(|d| inner.rfind(d).map(|i| (i, d.len())))
                    .max()?;
                let (open_at, open_len) = (limit + open.0, open.1);
                if self.inside_quote(open_at) || self.inside_quote(inner_end.saturating_sub(1)) {
                    return None;
                }
                let body = open_at + open_len..inner_end;
                let name_end = self.text[body.clone()]
                    .find(',')
                    .map_or(body.end, |c| body.start + c);
                paren = Some(body.start..name_end);
                pos = open_at;
                while k > 0 && ws[k - 1].start >= open_at {
                    k -= 1;
                }
                continue;
            }
            if before.ends_with(',') && paren.is_none() {
                // "X, however, said" / "X, the minister, said"
                let inner_end = p - 1;
                let comma = self.text[limit..inner_end].rfind(',').map(|c| limit + c)?;
                // A quotation inside ends the search; an apostrophe
                // ("the campaign’s director") does not.
                if self.inside_quote(comma) || self.inside_quote(inner_end.saturating_sub(1)) {
                    return None;
                }
                paren = Some(comma + 1..inner_end);
                pos = comma;
                while k > 0 && ws[k - 1].start >= comma {
                    k -= 1;
                }
                continue;
            }
            if k == 0 || ws[k - 1].end != p {
                return None;
            }
            let lw = self.lower(ws[k - 1]);
            if self.lex.skip.contains(&*lw) && !self.person_word(ws[k - 1]) {
                pos = ws[k - 1].start;
                k -= 1;
                continue;
            }
            if matches!(&*lw, "who" | "which") && paren.is_none() {
                // "X, who said" / "X, which warned": the antecedent.
                let before = self.text[limit..ws[k - 1].start].trim_end();
                let p = limit + before.len();
                if !before.ends_with(',') {
                    return None;
                }
                pos = p - 1;
                k -= 1;
                let back = self.text[limit..pos].trim_end();
                pos = limit + back.len();
                break;
            }
            break;
        }
        let mut main = self
            .phrase_back(&ws[..k], pos, limit)
            .map(|r| trim_range(self.text, r));
        // "Trump on Tuesday called …", "Rubio in a statement said …": step
        // over a time or place phrase that names nobody.
        for _ in 0..2 {
            let Some(r) = main.clone() else { break };
            if self.names_someone(r.clone()) {
                break;
            }
            let j = ws[..k].partition_point(|w| w.start < r.start);
            if j == 0 {
                break;
            }
            let prep = self.lower(ws[j - 1]);
            if !matches!(
                &*prep,
                "on" | "in"
                    | "at"
                    | "during"
                    | "after"
                    | "before"
                    | "last"
                    | "this"
                    | "late"
                    | "early"
                    | "earlier"
            ) {
                break;
            }
            match self.phrase_back(&ws[..j - 1], ws[j - 1].start, limit) {
                Some(m) if self.names_someone(m.clone()) => {
                    main = Some(trim_range(self.text, m));
                }
                _ => break,
            }
        }
        // "X speaking to the council called …": the subject is before the
        // participle phrase.
        if let Some(r) = &main
            && paren.is_none()
        {
            let j = ws[..k].partition_point(|w| w.start < r.start);
            if j >= 2 {
                let prep = self.lower(ws[j - 1]);
                let part = self.lower(ws[j - 2]);
                if matches!(
                    &*prep,
                    "to" | "with" | "at" | "in" | "on" | "from" | "before"
                ) && part.ends_with("ing")
                    && let Some(m) = self.phrase_back(&ws[..j - 2], ws[j - 2].start, limit)
                    && self.resolve(m.clone(), v.start).0.is_some()
                {
                    main = Some(m);
                }
            }
        }
        // "The senator, who has endorsed Mrs. Clinton, said": a relative
        // clause describes the subject; it does not name the speaker.
        let relative = paren.as_ref().is_some_and(|par| {
            self.words(par.clone()).first().is_some_and(|&w| {
                matches!(
                    self.lower(w).as_ref(),
                    "who" | "whose" | "whom" | "which" | "that"
                )
            })
        });
        if let Some(par) = paren.filter(|_| !relative) {
            let par = trim_range(self.text, par);
            let named = |r: &Range<usize>| {
                self.mentions_in(r.clone())
                    .any(|m| self.entities[m.entity].kind == EntityType::Person)
            };
            // "…, a friend of Mrs. Lee's who …,": a person the apposition
            // only mentions does not name it.
            let named_par = self.apposition_names_person(par.clone());
            // "Merkel's spokesperson, Steffen Seibert, said": a description
            // before a name in apposition gives way to the name.
            let described = main.as_ref().is_some_and(|r| {
                let ws = self.words(r.clone());
                // "Another delegate on the Lee slate, Bo Chen, said": a
                // name inside the description is not its head.
                let headless = ws.last().is_some_and(|&w| {
                    !self.mentions_in(w.start..w.end).any(|m| {
                        self.entities[m.entity].kind == EntityType::Person && m.end >= w.end
                    })
                });
                headless
                    || ws
                        .last()
                        .is_some_and(|&w| self.lex.descriptions.contains_key(&*self.lower(w)))
                    || ws.iter().any(|&w| {
                        let s = self.lower(w);
                        s.ends_with("'s") || s.ends_with("\u{2019}s")
                    })
            });
            if named_par && (described || main.as_ref().is_none_or(|r| !named(r))) {
                return Some(par);
            }
            if main.is_none() && !par.is_empty() && self.resolve(par.clone(), v.start).0.is_some() {
                return Some(par);
            }
            // "X, chairman of the board of Y, the network's funding arm,
            // said": a second apposition; the person named before both.
            if let Some(r) = &main
                && !self
                    .mentions_in(r.clone())
                    .any(|m| self.entities[m.entity].kind == EntityType::Person)
                && !named_par
                && r.start >= limit
                && let Some(c) = self.text[limit..r.start].trim_end().strip_suffix(',')
                && let Some(first) = self.phrase_back(
                    &ws[..ws[..k].partition_point(|w| w.end <= limit + c.len())],
                    limit + c.len(),
                    limit,
                )
                && !self.inside_quote(first.start)
                && self
                    .mentions_in(first.clone())
                    .any(|m| self.entities[m.entity].kind == EntityType::Person)
            {
                return Some(trim_range(self.text, first));
            }
        }
        main
    }

    /// A noun phrase ending at `pos`, from words `ws` (all before `pos`).
    fn phrase_back(&self, ws: &[Word], pos: usize, limit: usize) -> Option<Range<usize>> {
        let mut cur = pos;
        let mut start = None;
        for &w in ws.iter().rev() {
            if w.start < limit {
                break;
            }
            let gap = &self.text[w.end..cur];
            let gap_ok = gap.chars().all(char::is_whitespace)
                || (gap.trim_start_matches('.').chars().all(char::is_whitespace)
                    && gap.starts_with('.')
                    && text::abbreviation(self.text, w, self.lex));
            if !gap_ok || (start.is_none() && !gap.chars().all(char::is_whitespace)) {
                break;
            }
            let lw = self.lower(w);
            // "envoy to the United Nations", "ambassador in Berlin": a
            // preposition inside a description.
            let inner_prep = start.is_some()
                && matches!(&*lw, "to" | "at" | "in")
                && prev_word(ws, w).is_some_and(|p| {
                    self.lex.descriptions.get(&*self.lower(p)) == Some(&DescriptionKind::Person)
                });
            if !inner_prep
                && (self.lex.boundary.contains(&*lw) || self.lex.verbs.contains_key(&*lw))
                && !self.person_word(w)
            {
                break;
            }
            start = Some(w.start);
            cur = w.start;
            if pos - w.start > 120 {
                break;
            }
        }
        start.map(|s| s..pos)
    }

    /// A noun phrase starting after `pos` (skipping spaces), up to punctuation
    /// or a boundary word, not past `hi`.
    pub fn phrase_after(&self, pos: usize, hi: usize) -> Option<Range<usize>> {
        if pos >= hi {
            return None;
        }
        let ws = self.words(pos..hi);
        let mut cur = pos;
        let mut end = None;
        for (n, &w) in ws.iter().enumerate() {
            let gap = &self.text[cur..w.start];
            let ok = if n == 0 {
                gap.chars().all(char::is_whitespace)
            } else {
                gap.chars().all(char::is_whitespace)
                    || (gap.starts_with('.')
                        && gap[1..].chars().all(char::is_whitespace)
                        && text::abbreviation(self.text, ws[n - 1], self.lex))
            };
            if !ok {
                break;
            }
            let lw = self.lower(w);
            if (self.lex.boundary.contains(&*lw) || self.lex.verbs.contains_key(&*lw))
                && !self.person_word(w)
            {
                break;
            }
            end = Some(w.end);
            cur = w.end;
            if n >= 10 {
                break;
            }
        }
        end.map(|e| {
            // Keep the period of a final abbreviation ("Jr."), not a full stop.
            let start = ws[0].start;
            start..e
        })
    }

    /// The entity a speaker phrase names, and the words that name it.
    ///
    /// A person named in the phrase wins ("spokesman Ned Price"). Otherwise
    /// the head description decides ("Iran's foreign minister", "the
    /// ministry", "a NATO spokesman"): a person holding that title, else the
    /// organisation or state the phrase names, else, for a definite person
    /// description, the last person who was a subject. Pronouns resolve to
    /// the most recent compatible entity, preferring subjects.
    pub fn resolve(&self, ph: Range<usize>, anchor: usize) -> (Option<usize>, Option<String>) {
        let phrase_text = self.text[ph.clone()].to_string();
        let inside: Vec<&Mention> = self.mentions_in(ph.clone()).collect();
        let mention_text = |m: &Mention| Some(self.text[m.start..m.end].to_string());
        if let Some(m) = inside
            .iter()
            .rev()
            .find(|m| self.entities[m.entity].kind == EntityType::Person)
        {
            // "the Trump campaign": an organisation named around the person.
            let around = inside.iter().find(|o| {
                self.entities[o.entity].kind == EntityType::Org
                    && o.start <= m.start
                    && m.end <= o.end
                    && o.end - o.start > m.end - m.start
            });
            let m = around.unwrap_or(m);
            return (Some(m.entity), mention_text(m));
        }
        let ws = self.words(ph.clone());
        let lws: Vec<Cow<'_, str>> = ws.iter().map(|&w| self.lower(w)).collect();
        // "Cruz said" where the entities left the bare surname unassigned
        // (two people share it) or "Tulsa police Chief Chuck Jordan" with
        // no mention for the name: the person named in full with that
        // surname.
        if let Some(&last) = ws.last()
            && !inside
                .iter()
                .any(|m| m.start < last.end && last.start < m.end)
            && let Some(e) = self.by_surname(self.word(last), anchor)
        {
            return (Some(e), Some(phrase_text));
        }
        // "the Times reported": a newspaper by the last word of its name.
        if ws.len() == 2
            && inside.is_empty()
            && lws[0] == "the"
            && let Some(e) = self.by_short_name(self.word(ws[1]), anchor)
        {
            return (Some(e), Some(phrase_text));
        }
        // "according to him": an object pronoun for a person.
        if lws.len() == 1 && matches!(&*lws[0], "him" | "her") {
            let e = self.recent_subject(anchor, &[EntityType::Person]);
            return (e, Some(phrase_text));
        }
        if lws.len() == 1 && self.lex.pronouns.contains(&*lws[0]) {
            let kinds: &[EntityType] = match &*lws[0] {
                "he" | "she" => &[EntityType::Person],
                "it" => &[EntityType::Org, EntityType::Gpe],
                _ => &[],
            };
            let e = self.recent_subject(anchor, kinds);
            return (e, Some(phrase_text));
        }
        // The head description: the last one before a preposition
        // ("envoy to the United Nations", "spokesman for the ministry").
        let mut head: Option<(usize, DescriptionKind)> = None;
        for (k, lw) in lws.iter().enumerate() {
            if matches!(lw.as_ref(), "of" | "for" | "to" | "at" | "in" | "from") && head.is_some() {
                break;
            }
            if let Some(&kind) = self.lex.descriptions.get(lw.as_ref()) {
                head = Some((k, kind));
            }
        }
        let Some((hk, kind)) = head else {
            // "a New Hampshire Republican said": an anonymous source, not
            // the place that describes it.
            let indefinite = lws
                .first()
                .is_some_and(|w| matches!(w.as_ref(), "a" | "an" | "one" | "another" | "some"));
            if indefinite
                && !inside.is_empty()
                && inside
                    .iter()
                    .all(|m| self.entities[m.entity].kind == EntityType::Gpe)
            {
                return (None, Some(phrase_text));
            }
            if let Some(m) = inside.last() {
                return (Some(m.entity), mention_text(m));
            }
            let named = ws
                .iter()
                .any(|&w| self.word(w).chars().next().is_some_and(char::is_uppercase));
            return (None, named.then_some(phrase_text));
        };
        let word = &*lws[hk];
        let indefinite = lws
            .first()
            .is_some_and(|w| matches!(w.as_ref(), "a" | "an" | "one" | "another" | "some"));
        let org_like = |m: &&&Mention| {
            matches!(
                self.entities[m.entity].kind,
                EntityType::Org | EntityType::Gpe | EntityType::Fac
            )
        };
        // What the phrase names before its head ("Tehran's envoy", "a NATO
        // spokesman") speaks for it; after the head ("envoy to the United
        // Nations") only when nothing comes before. An organisation is
        // preferred over a state.
        let head_at = ws[hk].start;
        let pick = |before: bool| {
            let side = |m: &&&Mention| (m.end <= head_at) == before;
            inside
                .iter()
                .rev()
                .filter(side)
                .find(|m| self.entities[m.entity].kind == EntityType::Org)
                .or_else(|| inside.iter().rev().filter(side).find(org_like))
                .copied()
        };
        // "the Saudi government", "the Chinese foreign minister": the state
        // of a demonym before the head.
        let demonym_state = || {
            let i = self.demonyms.partition_point(|(r, _)| r.start < ph.start);
            self.demonyms[i..]
                .iter()
                .take_while(|(r, _)| r.end <= head_at)
                .last()
                .map(|&(_, st)| st)
        };
        let named_org = pick(true).or_else(|| pick(false));
        // "US Ambassador to Germany Richard Grenell" with no entity for the
        // name: someone named but unknown, not the state before the title.
        let tail_name = ws.len() >= hk + 3
            && ws[ws.len() - 2..].iter().all(|&w| {
                self.word(w).starts_with(|c: char| c.is_uppercase())
                    && !inside.iter().any(|m| m.start < w.end && w.start < m.end)
            });
        if kind == DescriptionKind::Person && tail_name {
            return (None, Some(phrase_text));
        }
        let entity = match kind {
            DescriptionKind::Person => {
                // "the Prime Minister": the words before the head that
                // make the title, after any article or possessive.
                let from = lws[..hk]
                    .iter()
                    .rposition(|w| {
                        matches!(w.as_ref(), "the" | "this" | "that")
                            || w.ends_with("'s")
                            || w.ends_with('\u{2019}')
                            || w.ends_with("\u{2019}s")
                    })
                    .map_or(0, |i| i + 1);
                let title: Vec<&str> = lws[from..=hk].iter().map(|w| w.as_ref()).collect();
                let titled = (!indefinite)
                    .then(|| {
                        self.titled_as(anchor, &title)
                            .or_else(|| self.titled(anchor, word))
                    })
                    .flatten();
                // "a spokesperson for the ministry" speaks for the ministry
                // (SPEC); "a Chinese official", "a US diplomat" is a person
                // the article does not name.
                if indefinite {
                    let org = named_org
                        .filter(|m| self.entities[m.entity].kind == EntityType::Org)
                        .map(|m| m.entity);
                    return (org, Some(phrase_text));
                }
                titled
                    .or_else(|| named_org.map(|m| m.entity))
                    .or_else(demonym_state)
                    .or_else(|| {
                        (!indefinite && inside.is_empty())
                            .then(|| self.recent_subject(anchor, &[EntityType::Person]))
                            .flatten()
                    })
            }
            DescriptionKind::Org | DescriptionKind::Gov => {
                let own = named_org
                    .filter(|m| self.entities[m.entity].kind == EntityType::Org)
                    .map(|m| m.entity);
                let by_name = (!indefinite)
                    .then(|| {
                        self.recent(anchor, |e| {
                            e.kind == EntityType::Org && e.name.to_lowercase().contains(word)
                        })
                    })
                    .flatten();
                own.or(by_name)
                    .or_else(|| named_org.map(|m| m.entity))
                    .or_else(demonym_state)
                    .or_else(|| {
                        (kind == DescriptionKind::Gov && !indefinite)
                            .then(|| self.recent(anchor, |e| e.kind == EntityType::Gpe))
                            .flatten()
                    })
            }
            DescriptionKind::Group => named_org.map(|m| m.entity),
        };
        (entity, Some(phrase_text))
    }

    /// The entity a bare name names when no mention covers it. A surname
    /// ("Cruz"): among the people named in full with that surname before
    /// `anchor`, the one the text last named in full (two Bushes, a senator
    /// and his wife: the one just introduced); with none before, the first
    /// named after it. Else a person the entities know by that one word
    /// only ("Richards", mentioned elsewhere). `None` for a word that is not
    /// a capitalised name, or one no person is called by.
    fn by_surname(&self, word: &str, anchor: usize) -> Option<usize> {
        let word = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("\u{2019}s"))
            .unwrap_or(word);
        let lw = text::lowercase(word);
        if !word.starts_with(|c: char| c.is_uppercase())
            || word.chars().count() < 2
            || self.lex.pronouns.contains(&*lw)
            || self.lex.function.contains(&*lw)
            || self.lex.boundary.contains(&*lw)
        {
            return None;
        }
        let last_is = |name: &str| {
            name.split_whitespace()
                .last()
                .is_some_and(|l| l.trim_matches(|c: char| !c.is_alphanumeric()) == word)
        };
        let surname_of = |e: &Entity| {
            e.kind == EntityType::Person
                && e.name.split_whitespace().count() >= 2
                && last_is(&e.name)
        };
        // A mention naming its person in full: two words or more, the
        // surname last.
        let full = |m: &Mention| {
            let t = &self.text[m.start..m.end];
            t.split_whitespace().count() >= 2 && last_is(t)
        };
        let mut nearest: Option<usize> = None;
        for m in self.before(anchor) {
            if !surname_of(&self.entities[m.entity]) {
                continue;
            }
            if full(m) {
                return Some(m.entity);
            }
            nearest.get_or_insert(m.entity);
        }
        if nearest.is_some() {
            return nearest;
        }
        let from = self.mentions.partition_point(|m| m.start < anchor);
        let after = self.mentions[from..].iter().take(SCAN);
        if let Some(m) = after.clone().find(|m| surname_of(&self.entities[m.entity])) {
            return Some(m.entity);
        }
        // A one-word name ("Richards said", with the entity's only
        // mention elsewhere), not a description ("Officials").
        if self.lex.descriptions.contains_key(&*lw) {
            return None;
        }
        let called = |m: &&Mention| {
            self.entities[m.entity].kind == EntityType::Person && &self.text[m.start..m.end] == word
        };
        self.before(anchor)
            .find(called)
            .or_else(|| after.clone().find(called))
            .map(|m| m.entity)
    }

    /// The organisation a definite short name names ("the Times", "the
    /// Post" for "The New York Times", "Washington Post"): the nearest before
    /// `anchor` whose name of two words or more ends with `word`, else the
    /// first after it.
    fn by_short_name(&self, word: &str, anchor: usize) -> Option<usize> {
        if !word.starts_with(|c: char| c.is_uppercase()) || word.chars().count() < 3 {
            return None;
        }
        let ok = |m: &Mention| {
            let e = &self.entities[m.entity];
            e.kind == EntityType::Org
                && e.name.split_whitespace().count() >= 2
                && e.name.split_whitespace().last() == Some(word)
        };
        let from = self.mentions.partition_point(|m| m.start < anchor);
        self.before(anchor)
            .find(|m| ok(m))
            .or_else(|| self.mentions[from..].iter().take(SCAN).find(|m| ok(m)))
            .map(|m| m.entity)
    }

    /// A person whose title opens with the words of a description of two
    /// words or more (`["prime", "minister"]` for "the Prime Minister"):
    /// the most recent before `anchor`, else the first after it. A
    /// "Deputy Prime Minister" or a "Minister of Economy" holds the head
    /// word but not the title. `None` for a one-word description, which
    /// [`Self::titled`] reads.
    fn titled_as(&self, anchor: usize, title: &[&str]) -> Option<usize> {
        if title.len() < 2 {
            return None;
        }
        self.titled_by(anchor, |t| {
            let mut ws = t.split_whitespace();
            title.iter().all(|b| {
                ws.next()
                    .is_some_and(|a| a.chars().flat_map(char::to_lowercase).eq(b.chars()))
            })
        })
    }

    /// A person whose title holds `word`: the most recent before `anchor`,
    /// else the first after it (the name often comes later).
    fn titled(&self, anchor: usize, word: &str) -> Option<usize> {
        self.titled_by(anchor, |t| {
            t.to_lowercase().split_whitespace().any(|w| w == word)
        })
    }

    /// A person whose title `fits`: the most recent before `anchor`, else
    /// the first after it.
    fn titled_by(&self, anchor: usize, fits: impl Fn(&str) -> bool) -> Option<usize> {
        let ok = |e: &Entity| e.kind == EntityType::Person && e.title.as_deref().is_some_and(&fits);
        self.recent(anchor, ok).or_else(|| {
            let from = self.mentions.partition_point(|m| m.start < anchor);
            self.mentions[from..]
                .iter()
                .take(SCAN)
                .find(|m| !m.in_quote && ok(&self.entities[m.entity]))
                .map(|m| m.entity)
        })
    }

    /// The most recent entity of `kinds` mentioned as a subject in this or
    /// the two paragraphs before, else the most recent of those kinds.
    fn recent_subject(&self, anchor: usize, kinds: &[EntityType]) -> Option<usize> {
        let window = self
            .paragraphs
            .iter()
            .position(|p| p.start <= anchor && anchor <= p.end)
            .map_or(0, |pi| self.paragraphs[pi.saturating_sub(2)].start);
        self.before(anchor)
            .filter(|m| m.start >= window && !m.in_quote && m.subject)
            .find(|m| kinds.contains(&self.entities[m.entity].kind))
            .map(|m| m.entity)
            .or_else(|| self.recent(anchor, |e| kinds.contains(&e.kind)))
    }

    /// Whether a phrase names a speaker: an entity, a pronoun or a description.
    fn names_someone(&self, ph: Range<usize>) -> bool {
        if self.mentions_in(ph.clone()).next().is_some() {
            return true;
        }
        self.words(ph).iter().any(|&w| {
            let lw = self.lower(w);
            self.lex.pronouns.contains(&*lw) || self.lex.descriptions.contains_key(&*lw)
        })
    }

    /// The entity of the most recent mention before `anchor`, outside
    /// quotations, that `ok` accepts.
    fn recent(&self, anchor: usize, ok: impl Fn(&Entity) -> bool) -> Option<usize> {
        self.before(anchor)
            .filter(|m| !m.in_quote)
            .find(|m| ok(&self.entities[m.entity]))
            .map(|m| m.entity)
    }

    /// '"…," an angry Ann Lee retaliated.': a quotation closed by a comma,
    /// a question or an exclamation mark, then a person named right after
    /// it (at most a determiner and an adjective before the name) and a
    /// past verb the speech list lacks: that person spoke.
    fn unlisted_verb_after(&self, m: &Marked, hi: usize) -> Option<Attribution> {
        if !self.text[m.start..m.end]
            .trim_end()
            .ends_with([',', '?', '!'])
            || hi <= m.close
        {
            return None;
        }
        let ws = self.words(m.close..hi);
        let first = *ws.first()?;
        if !self.text[m.close..first.start]
            .chars()
            .all(char::is_whitespace)
        {
            return None;
        }
        let mention = self
            .mentions_in(m.close..hi)
            .find(|x| !x.in_quote && x.start >= m.close)?;
        if self.entities[mention.entity].kind != EntityType::Person {
            return None;
        }
        // what stands before the name: at most "an angry"
        let lead: Vec<Word> = ws
            .iter()
            .copied()
            .take_while(|w| w.end <= mention.start)
            .collect();
        if lead.len() > 2
            || lead
                .iter()
                .any(|&w| !self.word(w).starts_with(char::is_lowercase))
        {
            return None;
        }
        let verb = *ws.iter().find(|w| w.start >= mention.end)?;
        let lv = self.lower(verb);
        if !self.text[mention.end..verb.start]
            .chars()
            .all(char::is_whitespace)
            || !self.word(verb).starts_with(char::is_lowercase)
            || lv.len() <= 4
            || !lv.ends_with("ed")
            || self.lex.descriptions.contains_key(&*lv)
        {
            return None;
        }
        // the verb closes the clause: the sentence or a comma follows
        let rest = self.text[verb.end..hi].trim_start();
        if !(rest.is_empty() || rest.starts_with(['.', ',', ';'])) {
            return None;
        }
        Some(Attribution {
            entity: Some(mention.entity),
            speaker_text: Some(self.text[mention.start..mention.end].to_string()),
            cue: Some(self.word(verb).to_string()),
        })
    }

    /// A phrase read up to the quotation, cut after the person who opens it
    /// when a verb in the past follows that person: "Lee credited Ann Ross's
    /// win to '…'" is Lee's clause, not a phrase naming Ross ("Lee campaign
    /// manager Bo Chen" keeps its last name).
    fn subject_before_past_verb(&self, ph: Range<usize>) -> Range<usize> {
        let ws = self.words(ph.clone());
        let Some(m) = self
            .mentions_in(ph.clone())
            .find(|m| m.start >= ph.start && self.entities[m.entity].kind == EntityType::Person)
        else {
            return ph;
        };
        let next = ws.iter().find(|w| w.start >= m.end);
        if let Some(&w) = next
            && self.text[m.end..w.start].chars().all(char::is_whitespace)
        {
            let lw = self.lower(w);
            if self.word(w).starts_with(char::is_lowercase)
                && lw.len() > 4
                && lw.ends_with("ed")
                && !self.lex.descriptions.contains_key(&*lw)
            {
                return ph.start..m.end;
            }
        }
        ph
    }

    /// Whether `w` is a capitalised word inside a person's mention, though
    /// it is also a function word or a verb: "From said" (Al From), "Will
    /// wrote" (George Will).
    fn person_word(&self, w: Word) -> bool {
        self.word(w).starts_with(char::is_uppercase)
            && self.mentions_in(w.start..w.end).any(|m| {
                m.start <= w.start
                    && w.end <= m.end
                    && self.entities[m.entity].kind == EntityType::Person
            })
    }

    /// Mentions overlapping `r`, in order (mentions are sorted by start
    /// and short, so a binary search bounds the scan).
    fn mentions_in(&self, r: Range<usize>) -> impl Iterator<Item = &Mention> {
        let lo = self
            .mentions
            .partition_point(|m| m.start + MENTION_MAX <= r.start);
        let hi = self.mentions.partition_point(|m| m.start < r.end);
        self.mentions[lo..hi.max(lo)]
            .iter()
            .filter(move |m| r.start < m.end)
    }

    /// Mentions ending before `anchor`, nearest first, at most [`SCAN`].
    fn before(&self, anchor: usize) -> impl Iterator<Item = &Mention> {
        let hi = self.mentions.partition_point(|m| m.start < anchor);
        self.mentions[..hi]
            .iter()
            .rev()
            .filter(move |m| m.end <= anchor)
            .take(SCAN)
    }
}

/// The word before `w` in `ws`.
fn prev_word(ws: &[Word], w: Word) -> Option<Word> {
    let i = ws.iter().position(|x| x.start == w.start)?;
    i.checked_sub(1).map(|j| ws[j])
}

fn trim_range(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail >= s.len() {
        return r.start..r.start;
    }
    r.start + lead..r.end - trail
}
