//! Diplomatic-relation facts between two actors.
//!
//! Input: the segmented article, its entities (with `actor` set on states,
//! their capitals, officials and bodies, and on international
//! organisations), its quotes and date mentions, and the trigger lexicon.
//! Output: typed relations with status, date, place, claimant and evidence;
//! ids `R1…` in order of evidence. Invariants: source and target actors
//! differ; one relation per (unordered pair, type), the two directions of
//! a mutual act included; the evidence is a whole sentence of the text and
//! its `text` equals its slice; the trigger is a slice of that sentence.
//!
//! How a sentence becomes facts:
//! 1. `actors` places the actor mentions (entity mentions with an actor;
//!    a state's city or building that acts; "we" inside a quote; "the two
//!    countries" for the pair last talked about) and sets aside places of
//!    the act ("in Islamabad", "at the White House", "on the sidelines of");
//!    coordinated mentions form groups ("Egypt, Greece and Cyprus",
//!    "U.S.-Pakistan", "Pakistani Prime Minister Sharif and Army Chief Munir");
//! 2. the lexicon's trigger patterns are matched, the longest winning, and
//!    look-alikes blocked ("strike a balance");
//! 3. each trigger takes its agent from the nearest group on its left (the
//!    subject across a comma; the subject of the sentence before for "He",
//!    "They") and its other side from the nearest group on its right in the
//!    same clause; a mutual act pairs one group's members ("talks between X
//!    and Y", "X and Y signed"); a reaction to "the move" targets the actor
//!    whose move was named before; an act done in another actor's city
//!    links the two; a sentence naming exactly two actors around an act it
//!    could not bind links them;
//! 4. acts requested or threatened ("urged X to impose sanctions") are left
//!    to the REQUEST/THREATEN fact; bare relationship words ("relations")
//!    count only where nothing stronger links the pair;
//! 5. `status` reads tense, modals, negation and framing around it; a
//!    quote holding the trigger gives the claimant; the nearest date mention
//!    and place of the sentence give date and location;
//! 6. facts merge by (pair, type), keeping the clearest statement.

mod actors;
mod lexicon;
mod status;

pub use lexicon::TriggerLexicon;

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use crate::analysis::budget;
use crate::analysis::dates::DateMention;
use crate::analysis::model::{
    Entity, EntityType, Mention, Polarity, QuadClass, Quote, Relation, RelationDate, RelationType,
    Side, Status,
};
use crate::analysis::segment::Segmented;

use actors::{ActorMention, Group, Place};
use lexicon::{Strength, Words};

/// Tokens a relation's agent is looked for at most this far from its trigger.
const MAX_REACH: usize = 30;

/// A trigger (start and end token, lexicon index), the type of its act
/// and the sides it links.
type Linked = (usize, usize, usize, RelationType, Vec<(Side, Side)>);

/// Prepositions whose object is not the agent of a later trigger.
const PREPOSITIONS: [&str; 12] = [
    "with", "to", "from", "on", "against", "for", "of", "in", "at", "by", "into", "toward",
];

/// Tokens no side is looked for across.
const HARD_BREAKS: [&str; 3] = [";", ":", "\u{2014}"];

/// A fact found in one sentence, before merging.
#[derive(Debug, Clone)]
struct Candidate {
    kind: RelationType,
    source: Side,
    target: Side,
    trigger: (usize, usize),
    status: Status,
    sentence: usize,
    strength: Strength,
    date: Option<RelationDate>,
    location: Option<String>,
    attributed_to: Option<String>,
}

/// Finds the relation facts of the article: each sentence is read into its
/// triggers and actor groups, each trigger linked to the sides it joins,
/// the links made into facts, and what the sentence leaves for the next
/// ones remembered; the facts then merge by (pair, type).
pub fn extract(
    doc: &Segmented,
    entities: &[Entity],
    quotes: &[Quote],
    dates: &[DateMention],
    lex: &TriggerLexicon,
) -> Vec<Relation> {
    let lower = doc.text.to_ascii_lowercase();
    let mut extra = String::new();
    let norm = normalise_all(doc, &lower, &mut extra);
    let art = Article::new(doc, entities, quotes, dates, lex, norm);
    // Reused by every sentence's trigger search.
    let mut scratch = Vec::new();
    let mut memory = Memory::default();
    let mut candidates = Vec::new();
    for si in 0..doc.sentences.len() {
        if budget::tick(doc.sentences[si].tokens.len()) {
            break;
        }
        let s = art.sentence(si, &memory, &mut scratch);
        let linked = art.link_all(&s);
        let here = art.facts(&s, linked);
        memory.remember(&art, &s, &here);
        candidates.extend(here);
    }
    merge(doc, candidates)
}

/// An aside this many tokens long or shorter that only lists actors names
/// the subject ("The two states - Egypt and Jordan - criticised").
const SUBJECT_ASIDE_MAX: usize = 14;

/// A pronoun subject takes a one-actor subject of at most this many
/// sentences before ("He"), a several-actor one of at most this many
/// ("They").
const SINGLE_SUBJECT_REACH: usize = 2;
const PLURAL_SUBJECT_REACH: usize = 4;

/// A "he" inside a sentence is the subject of its first trigger only this
/// close to it ("after he had met"); farther, it is some other clause's
/// ("he said, adding that the network could help").
const PRONOUN_REACH: usize = 4;

/// The article-wide views every sentence reads.
struct Article<'a> {
    doc: &'a Segmented<'a>,
    quotes: &'a [Quote],
    dates: &'a [DateMention],
    lex: &'a TriggerLexicon,
    norm: Vec<&'a str>,
    placed: actors::Placed,
    /// Dash asides (opening and closing dash tokens), sorted.
    asides: Vec<(usize, usize)>,
    /// The tokens with the asides blanked out, and with only their dashes
    /// blanked (empty when the article has no aside).
    main_norm: Vec<&'a str>,
    aside_norm: Vec<&'a str>,
    quote_cover: QuoteCover,
    /// First tokens of the people's mentions, sorted: a "he" after one in
    /// its sentence is that person, not a subject carried from before.
    person_toks: Vec<usize>,
}

/// What earlier sentences leave for later ones.
#[derive(Default)]
struct Memory {
    /// The pair "the two countries" stands for.
    last_pair: Option<(ActorMention, ActorMention)>,
    any_fact: bool,
    /// (sentence index, members) of the last subject naming one actor,
    /// and of the last naming several.
    last_single: Option<(usize, Vec<ActorMention>)>,
    last_plural: Option<(usize, Vec<ActorMention>)>,
    /// The actor whose decision or move was last named ("the US decision").
    last_owner: Option<ActorMention>,
}

/// One sentence's triggers, actor groups and places.
struct SentenceView<'s> {
    si: usize,
    tokens: std::ops::Range<usize>,
    /// Byte span of the sentence.
    span: (usize, usize),
    found: Vec<(usize, usize, usize)>,
    mentions: Vec<ActorMention>,
    groups: Vec<Group>,
    /// The subject of a sentence before, for a pronoun subject.
    carried: Option<Group>,
    places: Vec<&'s Place>,
    /// The trigger each compound group belongs to alone.
    owners: Vec<Option<usize>>,
    asides: &'s [(usize, usize)],
    /// The actor whose move was last named, for a reaction to "the move".
    last_owner: Option<ActorMention>,
    /// The one-actor subject of a sentence just before, for an act whose
    /// other side goes unsaid ("Tributes were paid by …" to the man whose
    /// death was told before).
    topic: Option<Group>,
}

/// The tokens a trigger binds in and the groups it may take.
struct TriggerView<'v> {
    norm: &'v [&'v str],
    groups: Cow<'v, [Group]>,
    owners: Cow<'v, [Option<usize>]>,
}

impl<'a> Article<'a> {
    fn new(
        doc: &'a Segmented<'a>,
        entities: &[Entity],
        quotes: &'a [Quote],
        dates: &'a [DateMention],
        lex: &'a TriggerLexicon,
        norm: Vec<&'a str>,
    ) -> Self {
        let mut placed = actors::place(doc, entities, quotes, &norm, lex);
        // Dash asides ("U.S. forces—together with the UK—struck …"): the main
        // clause reads past them, an act inside hangs on the head before them.
        let mut asides = dash_asides(doc, &norm);
        asides.retain(|&a| !names_subject(a, &placed, &norm));
        let (main_norm, aside_norm) = aside_views(&norm, &asides);
        // Looked up by binary search below, so many triggers and event nouns
        // cost O(n log n), not their product.
        placed.event_nouns.sort_unstable();
        Article {
            doc,
            quotes,
            dates,
            lex,
            norm,
            placed,
            asides,
            main_norm,
            aside_norm,
            quote_cover: QuoteCover::new(quotes),
            person_toks: person_tokens(doc, entities),
        }
    }

    /// The pronoun standing for a subject of a sentence before: the
    /// sentence's first word ("He noted", "They called"), or a "he"/"she"
    /// at most [`PRONOUN_REACH`] tokens before the sentence's first trigger
    /// with no person named before it in the sentence, opening a clause
    /// ("This comes after he met …", not "the plan he backed").
    fn subject_pronoun(
        &self,
        tokens: std::ops::Range<usize>,
        found: &[(usize, usize, usize)],
    ) -> Option<usize> {
        let first_trigger = found.first().map_or(tokens.end, |f| f.0);
        if tokens.start < first_trigger && is_subject_pronoun(self.norm[tokens.start]) {
            return Some(tokens.start);
        }
        let at = (tokens.start..first_trigger)
            .rev()
            .take(PRONOUN_REACH)
            .find(|&i| matches!(self.norm[i], "he" | "she"))
            .filter(|&i| opens_clause(self.norm[i - 1]))?;
        let k = self.person_toks.partition_point(|&p| p < tokens.start);
        self.person_toks
            .get(k)
            .is_none_or(|&p| p >= at)
            .then_some(at)
    }

    /// Reads sentence `si` into its triggers, acting mentions and groups.
    fn sentence(&self, si: usize, memory: &Memory, scratch: &mut Vec<usize>) -> SentenceView<'_> {
        let sent = &self.doc.sentences[si];
        let (lex, norm) = (self.lex, &self.norm);
        let found = self.sentence_triggers(sent.tokens.clone(), scratch);
        let mut mentions = self.acting_mentions(sent.tokens.clone(), &found);
        // "The two countries" stands for the last pair only where the
        // sentence names no other actor.
        let last = memory.last_pair.as_ref().filter(|(a, b)| {
            mentions
                .iter()
                .all(|m| m.actor == a.actor || m.actor == b.actor)
        });
        let toks = &norm[sent.tokens.clone()];
        mentions.extend(actors::pair_references(lex, toks, sent.tokens.start, last));
        mentions.sort_by_key(|m| (m.tok, m.tok_end));
        let groups = actors::group(&mentions, norm, self.doc, &lex.titles);
        let places = {
            let ps = &self.placed.places;
            let from = ps.partition_point(|p| p.tok < sent.tokens.start);
            let to = ps.partition_point(|p| p.tok < sent.tokens.end);
            ps[from..to].iter().collect()
        };
        // One look per group, not one per (trigger, group).
        let owners = groups
            .iter()
            .map(|g| {
                budget::tick(found.len());
                (g.distinct() >= 2)
                    .then(|| owner(g, &found, norm))
                    .flatten()
            })
            .collect();
        let asides = {
            let from = self.asides.partition_point(|a| a.0 < sent.tokens.start);
            let to = self.asides.partition_point(|a| a.0 < sent.tokens.end);
            &self.asides[from..to]
        };
        SentenceView {
            si,
            tokens: sent.tokens.clone(),
            span: (sent.start, sent.end),
            carried: self
                .subject_pronoun(sent.tokens.clone(), &found)
                .and_then(|at| memory.carried(si, at, norm[at])),
            found,
            mentions,
            groups,
            places,
            owners,
            asides,
            last_owner: memory.last_owner.clone(),
            topic: memory.topic(si),
        }
    }

    /// The sentence's relation triggers (global tokens), save those inside
    /// an event's name.
    fn sentence_triggers(
        &self,
        tokens: std::ops::Range<usize>,
        scratch: &mut Vec<usize>,
    ) -> Vec<(usize, usize, usize)> {
        let (lex, base) = (self.lex, tokens.start);
        let event_nouns = &self.placed.event_nouns;
        find_triggers(&self.norm[tokens], lex, scratch)
            .into_iter()
            .filter(|&(_, _, ti)| lex.triggers[ti].kind.is_some())
            .map(|(s, e, ti)| (base + s, base + e, ti))
            .filter(|&(s, e, _)| {
                let k = event_nouns.partition_point(|&n| n < s);
                event_nouns.get(k).is_none_or(|&n| n >= e)
            })
            .collect()
    }

    /// The sentence's actor mentions; a city standing in for its state
    /// must act: right before or after a trigger ("Beijing lodged a
    /// protest", "accused Beijing").
    fn acting_mentions(
        &self,
        tokens: std::ops::Range<usize>,
        found: &[(usize, usize, usize)],
    ) -> Vec<ActorMention> {
        let actors = &self.placed.actors;
        let from = actors.partition_point(|m| m.tok < tokens.start);
        let to = actors.partition_point(|m| m.tok < tokens.end);
        actors[from..to]
            .iter()
            .filter(|m| {
                // The sentence's subject may stand a date away from its
                // verb ("Pyongyang on Thursday fired").
                let dated = self.norm.get(m.tok_end).is_some_and(|t| {
                    matches!(
                        *t,
                        "on" | "last" | "this" | "yesterday" | "today" | "earlier" | "late"
                    )
                });
                let reach = if m.tok == tokens.start && dated { 4 } else { 2 };
                !m.by_place
                    || found.iter().any(|&(s, e, _)| {
                        (s >= m.tok_end && s - m.tok_end <= reach) || (e <= m.tok && m.tok - e <= 2)
                    })
            })
            .cloned()
            .collect()
    }

    /// Every trigger of the sentence with the sides it links; where none
    /// links, a sentence naming exactly two actors around an act.
    fn link_all(&self, s: &SentenceView) -> Vec<Linked> {
        // Triggers whose parties are known to lie outside the sentence's actors.
        let mut elsewhere: Vec<usize> = Vec::new();
        let mut linked: Vec<Linked> = Vec::new();
        for &(ts, te, ti) in &s.found {
            if let Some(l) = self.link(s, ts, te, ti, &mut elsewhere) {
                linked.push(l);
            }
        }
        if linked.is_empty() {
            linked.extend(self.sole_pair_fact(s, s.tokens.clone(), &elsewhere));
        } else {
            // "A and B agreed to X, and A accused B": a clause whose own
            // act went unbound keeps its fact beside the next clause's.
            let bare: Vec<Linked> = clauses(s, &self.norm)
                .into_iter()
                .filter(|c| !linked.iter().any(|l| c.contains(&l.0)))
                .filter_map(|c| self.sole_pair_fact(s, c, &elsewhere))
                .collect();
            linked.extend(bare);
        }
        linked.extend(self.fronted_fact(s, &linked));
        linked
    }

    /// "In a phone call on Monday, A told B …", "During talks in Ankara,
    /// …": a gathering or a deal named in a phrase that opens the
    /// sentence is an act of the clause after it. It links the clause's
    /// two actors when the sentence names exactly two and no fact of the
    /// same type links them already.
    fn fronted_fact(&self, s: &SentenceView, linked: &[Linked]) -> Option<Linked> {
        let (lex, norm) = (self.lex, &self.norm[..]);
        let (ts, te, ti, comma) = s.found.iter().find_map(|&(ts, te, ti)| {
            let t = &lex.triggers[ti];
            if t.strength != Strength::Strong
                || !t
                    .kind
                    .is_some_and(|k| matches!(k, RelationType::Consult | RelationType::Agree))
                || linked.iter().any(|l| l.0 == ts)
            {
                return None;
            }
            Some((ts, te, ti, fronted_phrase_end(s.tokens.start, ts, norm)?))
        })?;
        let (a, b) = actors::sole_pair(&s.mentions)?;
        let in_clause = |x: &ActorMention| {
            s.mentions.iter().any(|m| {
                !m.reference
                    && m.actor == x.actor
                    && m.tok > comma
                    && unbroken_span(comma, m.tok, norm, lex).is_some_and(|d| d <= MAX_REACH)
            })
        };
        if !in_clause(&a) || !in_clause(&b) {
            return None;
        }
        let kind = act_kind(lex.triggers[ti].kind?, norm, s.tokens.clone(), ts, te, lex);
        if linked.iter().any(|l| l.3 == kind) {
            return None;
        }
        Some((ts, te, ti, kind, vec![(side_of(&a), side_of(&b))]))
    }

    /// The view of the tokens a trigger binds in, and the groups it may
    /// take: outside an aside, none inside one; inside, the aside's own (a
    /// prepositional object never its agent) and the head it hangs on.
    fn trigger_view<'v>(&'v self, s: &'v SentenceView, ts: usize, te: usize) -> TriggerView<'v> {
        let aside = s.asides.iter().find(|a| ts > a.0 && te <= a.1);
        let inside = |g: &Group, a: &(usize, usize)| g.start > a.0 && g.end <= a.1;
        let norm: &[&str] = match aside {
            Some(_) => &self.aside_norm,
            None if s.asides.is_empty() => &self.norm,
            None => &self.main_norm,
        };
        let groups: Cow<[Group]> = match aside {
            None if s.asides.is_empty() => Cow::Borrowed(&s.groups),
            None => s
                .groups
                .iter()
                .filter(|g| !s.asides.iter().any(|a| inside(g, a)))
                .cloned()
                .collect(),
            Some(a) => {
                let head = s
                    .groups
                    .iter()
                    .filter(|g| g.end <= a.0 && a.0 - g.end <= 6)
                    .max_by_key(|g| g.end);
                let own = s.groups.iter().filter(|g| inside(g, a)).filter(|g| {
                    g.start > ts || {
                        let mut b = g.start - 1;
                        while b > a.0 && norm[b] == "the" {
                            b -= 1;
                        }
                        !PREPOSITIONS.contains(&norm[b])
                    }
                });
                head.into_iter().chain(own).cloned().collect()
            }
        };
        let owners: Cow<[Option<usize>]> = if s.asides.is_empty() {
            Cow::Borrowed(&s.owners)
        } else {
            groups
                .iter()
                .map(|g| {
                    (g.distinct() >= 2)
                        .then(|| owner(g, &s.found, &self.norm))
                        .flatten()
                })
                .collect()
        };
        TriggerView {
            norm,
            groups,
            owners,
        }
    }

    /// The sides one trigger links, with its act's type; none for a
    /// trigger that is no act of the sentence's actors.
    fn link(
        &self,
        s: &SentenceView,
        ts: usize,
        te: usize,
        ti: usize,
        elsewhere: &mut Vec<usize>,
    ) -> Option<Linked> {
        let view = self.trigger_view(s, ts, te);
        let kind = self.lex.triggers[ti].kind?;
        let kind = act_kind(kind, view.norm, s.tokens.clone(), ts, te, self.lex);
        if self.not_an_act(s, &view, kind, ts, te, ti) {
            return None;
        }
        // A compound right before another trigger ("Libya–Turkey
        // relations") or after "between" belongs to that trigger alone.
        budget::tick(view.groups.len());
        let mut eligible: Vec<&Group> = view
            .groups
            .iter()
            .zip(view.owners.iter())
            .filter(|(g, o)| o.is_none_or(|o| o == ts) || shared_by_reciprocal(g, te, view.norm))
            .map(|(g, _)| g)
            .collect();
        // "He noted…", "They called on…": the subject of the sentence
        // before, when nothing else stands left of the trigger.
        if !view.groups.iter().any(|g| g.end <= ts)
            && let Some(g) = s.carried.as_ref().filter(|g| g.start < ts)
        {
            eligible.insert(0, g);
        }
        // "Japan met China and criticised it": the first verb's object is
        // no agent of the second.
        if let Some((from, to)) = joined_verb_object(s, view.norm, ts, self.lex) {
            eligible.retain(|g| !(g.start >= from && g.end <= to));
        }
        // "joined 40 nations in condemning Iran": whom one joins stands
        // before the act joined in, never after it.
        if kind == RelationType::Cooperate
            && self.lex.join_verbs.contains(view.norm[ts])
            && let Some(at) = joined_act(view.norm, te, s.tokens.end)
        {
            eligible.retain(|g| g.start < at);
        }
        // "extradited a Mexican suspect to the United States": the state
        // the person goes to is the other side, not the person's own.
        if self.lex.recipient_verbs.contains(view.norm[ts])
            && let Some(to) = view.groups.iter().find(|g| {
                g.start > te
                    && g.start - te <= MAX_REACH / 2
                    && (te..g.start)
                        .rev()
                        .find(|&i| view.norm[i] != "the")
                        .is_some_and(|i| view.norm[i] == "to")
            })
        {
            let to = to.start;
            eligible.retain(|g| !(g.start > te && g.start < to));
        }
        let mut pairs = self.bound_pairs(s, &view, &eligible, kind, ts, te);
        // A received act whose giver goes unnamed is none of the others'.
        let unnamed_giver = pairs.is_empty() && receiving_verb(ts, view.norm).is_some();
        if self.war_elsewhere(s, view.norm, kind, te, &mut pairs) || unnamed_giver {
            elsewhere.push(ts);
        }
        self.widen_pairs(s, &view, &eligible, kind, (ts, te), &mut pairs);
        (!pairs.is_empty()).then_some((ts, te, ti, kind, pairs))
    }

    /// Triggers that name no act of their own: an initiative's name ("the
    /// Partnership for Workers' Rights"), an act requested or threatened
    /// ("called on Turkey to halt drilling"), a pledge of a hostile act
    /// ("pledged to punish").
    fn not_an_act(
        &self,
        s: &SentenceView,
        view: &TriggerView,
        kind: RelationType,
        ts: usize,
        te: usize,
        ti: usize,
    ) -> bool {
        let (lex, norm) = (self.lex, view.norm);
        let state = is_state(kind);
        let initiative = (state || lex.triggers[ti].strength == Strength::Weak)
            && ts > s.tokens.start
            && self.doc.token_text(ts).starts_with(char::is_uppercase);
        let embedded = (ts.saturating_sub(4).max(s.tokens.start)..ts).any(|i| norm[i] == "to")
            && s.found.iter().any(|&(os, oe, oi)| {
                oe < ts
                    && ts - oe <= 8
                    && matches!(
                        lex.triggers[oi].kind,
                        Some(RelationType::Request | RelationType::Threaten)
                    )
                    && !(oe..ts).any(|i| HARD_BREAKS.contains(&norm[i]))
                    && os < ts
            });
        // "agreed to lift sanctions", "promised to withdraw", "pledged to
        // punish": the act agreed or pledged keeps its own type, its
        // status planned (SPEC: PLOVER would fold it into AGREE).
        let to_at = match norm.get(te) {
            Some(&"to") => Some(te),
            _ => (norm[te - 1] == "to").then_some(te - 1),
        };
        let pledged_act = kind == RelationType::Agree
            && to_at.is_some_and(|at| {
                s.found.iter().any(|&(os, _, oi)| {
                    os > at
                        && os - at <= 2
                        && lex.triggers[oi].strength == Strength::Strong
                        && lex.triggers[oi]
                            .kind
                            .is_some_and(|k| k != RelationType::Agree)
                })
            });
        initiative || embedded || pledged_act
    }

    /// The sides the trigger's own clause gives: its left and right groups,
    /// else a compound with no other actor around, else the place struck,
    /// else the owner of the move reacted to.
    fn bound_pairs(
        &self,
        s: &SentenceView,
        view: &TriggerView,
        eligible: &[&Group],
        kind: RelationType,
        ts: usize,
        te: usize,
    ) -> Vec<(Side, Side)> {
        let norm = view.norm;
        let mut pairs = pair_sides(kind, ts, te, eligible, norm, self.lex);
        let nothing_left = !eligible.iter().any(|g| g.end <= ts);
        if pairs.is_empty() && nothing_left && eligible.len() < view.groups.len() {
            // "an upswing in U.S.-Pakistan relations": with no other
            // actor around, the compound is this trigger's too.
            let all: Vec<&Group> = view
                .groups
                .iter()
                .filter(|g| g.compound || eligible.iter().any(|e| e.start == g.start))
                .collect();
            pairs = pair_sides(kind, ts, te, &all, norm, self.lex);
        }
        if pairs.is_empty() {
            pairs = struck_place(kind, (ts, te), eligible, &s.places, norm);
        }
        if pairs.is_empty() && REACTIONS.contains(&kind) {
            pairs = self.reaction_pairs(s, norm, eligible, ts, te);
            if pairs.is_empty() {
                pairs = self.parties_of_object(view, eligible, ts, te);
            }
        }
        if pairs.is_empty() && kind == RelationType::Support && nothing_left {
            pairs = self.unsaid_recipient(s, norm, eligible, ts, te);
        }
        pairs
    }

    /// "Tributes were paid by world leaders including A and B": praise
    /// opening its sentence in the passive, its agents after "by", goes to
    /// the one actor the sentences just before were about.
    fn unsaid_recipient(
        &self,
        s: &SentenceView,
        norm: &[&str],
        eligible: &[&Group],
        ts: usize,
        te: usize,
    ) -> Vec<(Side, Side)> {
        let opens = (s.tokens.start..ts).all(|i| matches!(norm[i], "the" | "a" | "many"));
        let (Some(topic), Some(by)) = (s.topic.as_ref(), passive_by(te, norm)) else {
            return Vec::new();
        };
        if !opens {
            return Vec::new();
        }
        // The agents open the by-phrase, or a list in it ("world leaders
        // including A and B").
        let Some(agents) = eligible.iter().find(|g| {
            g.start > by
                && g.start - by <= PASSIVE_AGENT_REACH
                && (by..g.start).all(|i| norm[i].chars().all(|c| c.is_alphabetic() || c == '-'))
        }) else {
            return Vec::new();
        };
        agents.cross(topic)
    }

    /// "The Arab League condemned the move": a reaction to an act whose
    /// owner was named before ("The operation was condemned by the EU").
    fn reaction_pairs(
        &self,
        s: &SentenceView,
        norm: &[&str],
        eligible: &[&Group],
        ts: usize,
        te: usize,
    ) -> Vec<(Side, Side)> {
        let lex = self.lex;
        // "X won the election, but Y would not endorse the result": an
        // owner named earlier in the sentence, outside the agent, comes
        // first.
        let agent = left_side(ts, eligible, norm, lex);
        let earlier: Vec<ActorMention> = s
            .mentions
            .iter()
            .filter(|m| m.tok_end <= ts && agent.is_none_or(|g| m.tok_end <= g.start))
            .cloned()
            .collect();
        let own = act_owner(&earlier, norm, s.tokens.clone(), &s.found, lex);
        let Some(owner) = own.as_ref().or(s.last_owner.as_ref()) else {
            return Vec::new();
        };
        // The act noun as the object, not compounded with the trigger
        // ("the Brexit referendum"), nor the agent's own ("stood by his
        // comments").
        let object = (te + 1..(te + 4).min(s.tokens.end)).any(|i| {
            lex.act_nouns.contains(norm[i])
                && !(te..i).any(|j| matches!(norm[j], "his" | "her" | "my" | "our"))
        });
        let passive_subject = (ts.saturating_sub(4).max(s.tokens.start)..ts)
            .any(|i| lex.act_nouns.contains(norm[i]))
            && norm.get(te).is_some_and(|t| *t == "by");
        let owner = Group::single(owner);
        if object && let Some(l) = left_side(ts, eligible, norm, lex) {
            l.cross(&owner)
        } else if passive_subject
            && let Some(r) = eligible
                .iter()
                .filter(|g| g.start > te && g.start - te <= 4)
                .min_by_key(|g| g.start)
        {
            r.cross(&owner)
        } else {
            Vec::new()
        }
    }

    /// "Greece denounced the agreement between Libya and Turkey": a
    /// reaction whose object is another act "between" a list is aimed at
    /// each of the act's parties. Empty when the object is no such act.
    fn parties_of_object(
        &self,
        view: &TriggerView,
        eligible: &[&Group],
        ts: usize,
        te: usize,
    ) -> Vec<(Side, Side)> {
        let norm = view.norm;
        // The object trigger opens close after the reaction, past plain
        // words only ("the new maritime agreement").
        let parties = view.groups.iter().zip(view.owners.iter()).find(|(g, o)| {
            o.is_some_and(|os| {
                os >= te
                    && os - te <= OBJECT_GAP_MAX
                    && g.start > os
                    && (te..os).all(|i| norm[i].chars().all(char::is_lowercase))
            }) && matches!(norm[g.start - 1], "between" | "among" | "amongst")
        });
        match (parties, left_side(ts, eligible, norm, self.lex)) {
            (Some((g, _)), Some(agent)) => agent.cross(g),
            _ => Vec::new(),
        }
    }

    /// "end the war in Ukraine": the war is in that country, so a pair
    /// found elsewhere without it is not this war's. True when no pair is
    /// left: the war's parties lie outside the sentence's actors.
    fn war_elsewhere(
        &self,
        s: &SentenceView,
        norm: &[&str],
        kind: RelationType,
        te: usize,
        pairs: &mut Vec<(Side, Side)>,
    ) -> bool {
        let Some(p) = (kind == RelationType::Assault && norm.get(te).is_some_and(|t| *t == "in"))
            .then(|| {
                s.places
                    .iter()
                    .find(|p| p.country && (p.tok == te + 1 || p.tok == te + 2))
            })
            .flatten()
        else {
            return false;
        };
        let Some(c) = p.actor.as_ref() else {
            return false;
        };
        // "airstrikes in Lebanon and Syria": the war is in each listed state.
        let listed = place_listed_group(p, self.doc, &s.groups, norm, te);
        let in_war =
            |x: &str| x == c || listed.is_some_and(|g| g.members.iter().any(|m| &*m.actor == x));
        pairs.retain(|(a, b)| in_war(&a.actor) || in_war(&b.actor));
        pairs.is_empty()
    }

    /// Lists that widen the act: "including the Governments of A, B and C"
    /// (the collective it was done to), "the commitment by A, B and C" (a
    /// mutual act's own agents), "X condemned Y, as did A and B" (the same
    /// act by more agents).
    fn widen_pairs(
        &self,
        s: &SentenceView,
        view: &TriggerView,
        eligible: &[&Group],
        kind: RelationType,
        (ts, te): (usize, usize),
        pairs: &mut Vec<(Side, Side)>,
    ) {
        let (norm, groups) = (view.norm, &view.groups[..]);
        if pairs.is_empty()
            && let Some(l) = left_side(ts, eligible, norm, self.lex)
            && let Some(g) = including(self.doc, te, s.tokens.end, groups, norm, self.lex)
        {
            *pairs = l.cross(g);
        }
        // A participle ("was joined by A and B") has its agents join
        // someone else.
        if mutual(kind)
            && norm.get(te).is_some_and(|t| *t == "by")
            && !norm[te - 1].ends_with("ed")
            && let Some(g) = groups.iter().find(|g| g.start > te && g.start - te <= 2)
            && g.distinct() >= 2
        {
            *pairs = g.inner_pairs();
        }
        self.joined_in(s, view, eligible, kind, (ts, te), pairs);
        if !pairs.is_empty() && !is_state(kind) {
            self.co_agents(s, ts, pairs);
        }
        if matches!(kind, RelationType::Assault | RelationType::Coerce) {
            listed_with_place(s, self.doc, groups, norm, te, pairs);
        }
        // "the release of 16 people from Russia, including five Germans":
        // the state they were released from released the nationals listed.
        if kind == RelationType::Retreat
            && !pairs.is_empty()
            && let Some(from) = groups.iter().find(|r| {
                r.start > te
                    && r.start - te <= RELEASED_FROM_REACH
                    && norm[r.start - 1] == "from"
                    && (te..r.start).all(|i| norm[i] != "," && !HARD_BREAKS.contains(&norm[i]))
            })
            && let Some(g) = including(self.doc, from.end, s.tokens.end, groups, norm, self.lex)
        {
            for (f, m) in from.cross(g) {
                let known = pairs.iter().any(|(a, b)| {
                    (a.actor == f.actor && b.actor == m.actor)
                        || (a.actor == m.actor && b.actor == f.actor)
                });
                if !known {
                    pairs.push((f, m));
                }
            }
        }
        if !pairs.is_empty()
            && let Some(g) = as_did(te, s.tokens.end, groups, norm)
        {
            let targets: Vec<Side> = pairs.iter().map(|(_, t)| t.clone()).collect();
            for t in targets {
                for m in g.sides() {
                    let known = pairs
                        .iter()
                        .any(|(a, b)| a.actor == m.actor && b.actor == t.actor);
                    if m.actor != t.actor && !known {
                        pairs.push((m, t.clone()));
                    }
                }
            }
        }
    }

    /// "Britain joined France in imposing sanctions on Iran", "the US
    /// joined 40 nations in condemning Iran": the joiner does the act
    /// joined in too, to the same other side (the act's right side when
    /// the rules gave it none). Takes the trigger `ts..te` of the act;
    /// adds the joiner's pairs to `pairs`.
    fn joined_in(
        &self,
        s: &SentenceView,
        view: &TriggerView,
        eligible: &[&Group],
        kind: RelationType,
        (ts, te): (usize, usize),
        pairs: &mut Vec<(Side, Side)>,
    ) {
        let (lex, norm) = (self.lex, view.norm);
        // "in condemning", "in imposing sanctions": the act's "in" and
        // "-ing" form, the trigger or its verb.
        let Some(at) = (ts.saturating_sub(IN_ACT_GAP).max(s.tokens.start + 1)..ts)
            .find(|&k| norm[k] == "in" && norm[k + 1].ends_with("ing"))
        else {
            return;
        };
        let from = at.saturating_sub(JOIN_REACH).max(s.tokens.start);
        let Some(j) = (from..at).rev().find(|&i| lex.join_verbs.contains(norm[i])) else {
            return;
        };
        if (j..ts).any(|i| HARD_BREAKS.contains(&norm[i]) || norm[i] == ",") {
            return;
        }
        let Some(joiner) = left_side(j, eligible, norm, lex) else {
            return;
        };
        let targets: Vec<Side> = if pairs.is_empty() {
            right_side(kind, ts, te, eligible, norm, lex).map_or_else(Vec::new, |g| g.sides())
        } else {
            pairs.iter().map(|(_, t)| t.clone()).collect()
        };
        for t in targets {
            for m in joiner.sides() {
                let known = pairs
                    .iter()
                    .any(|(a, b)| a.actor == m.actor && b.actor == t.actor);
                if m.actor != t.actor && !known {
                    pairs.push((m, t.clone()));
                }
            }
        }
    }

    /// "France, along with Britain, condemned Iran", "U.S. forces—together
    /// with the UK—struck targets in Yemen": a co-agent named right after
    /// the agent does the act too, to the same other side.
    fn co_agents(&self, s: &SentenceView, ts: usize, pairs: &mut Vec<(Side, Side)>) {
        let norm = &self.norm[..];
        let mut extra: Vec<(Side, Side)> = Vec::new();
        for w in s.groups.windows(2) {
            let (agent, co) = (&w[0], &w[1]);
            // An act inside the co-agent's own aside is the aside's.
            let aside_act = s.asides.iter().any(|a| co.start > a.0 && ts < a.1);
            if co.end > ts || aside_act || !comitative_gap(agent.end, co.start, norm, self.lex) {
                continue;
            }
            let has = |g: &Group, actor: &str| g.members.iter().any(|m| &*m.actor == actor);
            for (src, tgt) in pairs.iter() {
                // The nearer of the two may have been taken as the agent.
                let other = if has(agent, &src.actor) {
                    co
                } else if has(co, &src.actor) {
                    agent
                } else {
                    continue;
                };
                for m in other.sides() {
                    let known = pairs
                        .iter()
                        .chain(&extra)
                        .any(|(a, b)| a.actor == m.actor && b.actor == tgt.actor);
                    if m.actor != tgt.actor && m.actor != src.actor && !known {
                        extra.push((m, tgt.clone()));
                    }
                }
            }
        }
        pairs.extend(extra);
    }

    /// A sentence naming exactly two actors around an act the rules could
    /// not bind ("In Baghdad on Monday, the Iraqi premier received a
    /// message from Iran"): the act nearest them links the two.
    /// Reads only the clause `within` (token range) of the sentence.
    fn sole_pair_fact(
        &self,
        s: &SentenceView,
        within: std::ops::Range<usize>,
        elsewhere: &[usize],
    ) -> Option<Linked> {
        let (lex, norm) = (self.lex, &self.norm[..]);
        let from = s.mentions.partition_point(|m| m.tok < within.start);
        let to = s.mentions.partition_point(|m| m.tok < within.end);
        let mentions = &s.mentions[from..to];
        let (a, b) = actors::sole_pair(mentions)?;
        // "Canada and Japan praised the result": two actors joined as the
        // subject of a one-sided act are not its two sides.
        // Nor are two actors listed together after it ("condolences came
        // from A and B").
        let joint_subject = s
            .groups
            .iter()
            .filter(|g| within.contains(&g.start))
            .any(|g| {
                g.distinct() >= 2
                    && [&a, &b]
                        .iter()
                        .all(|x| g.members.iter().any(|m| m.actor == x.actor))
            });
        let named_near = |x: &ActorMention, ts: usize| {
            mentions.iter().any(|m| {
                !m.reference
                    && m.actor == x.actor
                    && unbroken_span(m.tok, ts, norm, lex).is_some_and(|d| d <= MAX_REACH)
            })
        };
        let &(ts, te, ti) = s
            .found
            .iter()
            .filter(|&&(ts, te, ti)| {
                let t = &lex.triggers[ti];
                within.contains(&ts)
                    && !elsewhere.contains(&ts)
                    && t.strength == Strength::Strong
                    && t.kind.is_some_and(|k| {
                        !matches!(k, RelationType::Partnership | RelationType::Tension)
                    })
                    && !self.doc.token_text(ts).starts_with(char::is_uppercase)
                    && !(t.kind == Some(RelationType::Assault) && origin_after(te, norm).is_some())
                    // Each actor named on the trigger's side of any
                    // quotation mark or clause break.
                    && named_near(&a, ts)
                    && named_near(&b, ts)
                    && t.kind.is_some_and(|k| {
                        (mutual(k)
                            && k != RelationType::Support
                            && !one_sided_assault(k, ts, te, norm, lex))
                            || !joint_subject
                    })
            })
            .min_by_key(|&&(ts, _, _)| {
                mentions
                    .iter()
                    .filter(|m| !m.reference)
                    .map(|m| m.tok.abs_diff(ts))
                    .min()
            })?;
        let kind = act_kind(lex.triggers[ti].kind?, norm, within, ts, te, lex);
        Some((ts, te, ti, kind, vec![(side_of(&a), side_of(&b))]))
    }

    /// The facts of the sentence's links, with status, claimant, date and
    /// place; a bare relationship word only where nothing stronger links
    /// the same pair.
    fn facts(&self, s: &SentenceView, linked: Vec<Linked>) -> Vec<Candidate> {
        let (doc, lex) = (self.doc, self.lex);
        let mut here = Vec::new();
        for (ts, te, ti, kind, pairs) in linked {
            let trig = &lex.triggers[ti];
            let start = doc.tokens[ts].start;
            let end = doc.tokens[te - 1].end;
            // A refusal happened; its act's own status is the negation.
            let refusal = kind == RelationType::Reject && trig.kind != Some(kind);
            let status = if !refusal {
                status::status(&self.norm, s.tokens.clone(), ts, te, kind, lex)
            } else {
                Status::Occurred
            };
            let attributed_to = self
                .quote_cover
                .first_holding(self.quotes, start, end)
                .and_then(|q| q.speaker.clone());
            let date = date_near(doc, self.dates, s.span.0, s.span.1, start);
            let location = s
                .places
                .iter()
                .min_by_key(|p| p.tok.abs_diff(ts))
                .map(|p| p.entity.clone());
            for (source, target) in pairs {
                here.push(Candidate {
                    kind,
                    source,
                    target,
                    trigger: (start, end),
                    status,
                    sentence: s.si,
                    strength: trig.strength,
                    date: date.clone(),
                    location: location.clone(),
                    attributed_to: attributed_to.clone(),
                });
            }
        }
        drop_weak(&mut here);
        here
    }
}

/// The clauses of a sentence joined by ", and" or ", but" before a new
/// subject ("A and B agreed to X, and A accused B"), as token ranges; the
/// whole sentence alone when none is.
fn clauses(s: &SentenceView, norm: &[&str]) -> Vec<std::ops::Range<usize>> {
    let subject_at = |i: usize| {
        let first = if norm.get(i) == Some(&"the") {
            i + 1
        } else {
            i
        };
        s.groups.iter().any(|g| g.start == first)
    };
    let mut cuts: Vec<usize> = (s.tokens.start..s.tokens.end.saturating_sub(2))
        .filter(|&i| norm[i] == "," && matches!(norm[i + 1], "and" | "but") && subject_at(i + 2))
        .collect();
    cuts.push(s.tokens.end);
    let mut from = s.tokens.start;
    cuts.into_iter()
        .map(|c| {
            let r = from..c;
            from = c;
            r
        })
        .collect()
}

/// "The two states - Egypt and Jordan - criticised": an aside that is only
/// a list of actors names the subject, and stays in the clause.
fn names_subject((a, b): (usize, usize), placed: &actors::Placed, norm: &[&str]) -> bool {
    let mut first = a + 1;
    while first < b && norm[first] == "the" {
        first += 1;
    }
    // Mentions are sorted by token: the aside's are one slice.
    let from = placed.actors.partition_point(|m| m.tok < first);
    let to = placed.actors.partition_point(|m| m.tok < b);
    let within = &placed.actors[from..to];
    let starts = within.first().is_some_and(|m| m.tok == first);
    let ends = within.iter().any(|m| m.tok_end == b);
    starts && ends && b - a <= SUBJECT_ASIDE_MAX
}

/// A reaction's object act starts at most this many words after it
/// ("denounced the new maritime agreement").
const OBJECT_GAP_MAX: usize = 3;

/// A verb of joining stands at most this many tokens before the "in" of
/// the act joined in ("joined more than 40 nations in condemning").
const JOIN_REACH: usize = 8;

/// The trigger of the act joined in starts at most this many tokens after
/// its "in" ("in imposing sanctions").
const IN_ACT_GAP: usize = 3;

/// The token of the "in" that opens the act a join verb ending at `te`
/// joins in ("joined France in condemning Iran"), within `JOIN_REACH`
/// and its clause; none when no "in" + "-ing" form follows.
fn joined_act(norm: &[&str], te: usize, end: usize) -> Option<usize> {
    (te..(te + JOIN_REACH).min(end.saturating_sub(1)))
        .take_while(|&i| !HARD_BREAKS.contains(&norm[i]) && norm[i] != ",")
        .find(|&i| norm[i] == "in" && norm[i + 1].ends_with("ing"))
}

/// The most tokens that may stand between the first verb and its
/// object's start ("met with the Chinese premier").
const JOINED_OBJECT_GAP: usize = 3;

/// Whether a trigger starting with this token is a verb in the past: a
/// form ending in "-ed" or an irregular one.
fn past_verb(tok: &str, lex: &TriggerLexicon) -> bool {
    tok.ends_with("ed") || lex.past_forms.contains(tok)
}

/// "Japan met China on Monday and (later) criticised it": a past verb
/// joined by "and" to an earlier past-verb trigger of its sentence shares
/// that verb's subject. Takes the sentence, its tokens and the trigger's
/// first token; returns the token span holding the first verb's object
/// (from its end to the "and"), whose groups are no agent of the second
/// verb; none when the trigger is no such verb, the first verb has no
/// subject group, or a clause break or another trigger stands between.
fn joined_verb_object(
    s: &SentenceView,
    norm: &[&str],
    ts: usize,
    lex: &TriggerLexicon,
) -> Option<(usize, usize)> {
    if !past_verb(norm[ts], lex) {
        return None;
    }
    let mut and = ts.checked_sub(1)?;
    if and > s.tokens.start && lex.joined_verb_adverbs.contains(norm[and]) {
        and -= 1;
    }
    if and <= s.tokens.start || norm[and] != "and" {
        return None;
    }
    // The trigger ending last before the "and" is the first verb.
    let &(os, oe, _) = s.found.iter().filter(|f| f.1 <= and).max_by_key(|f| f.1)?;
    if !past_verb(norm[os], lex) {
        return None;
    }
    let broken = (oe..and).any(|i| {
        HARD_BREAKS.contains(&norm[i])
            || lex.contrast.contains(norm[i])
            || (opens_clause(norm[i]) && !matches!(norm[i], "," | "and"))
    });
    let object = s
        .groups
        .iter()
        .any(|g| g.start >= oe && g.start - oe <= JOINED_OBJECT_GAP && g.end <= and);
    let subject = s.groups.iter().any(|g| g.end <= os);
    (!broken && object && subject).then_some((oe, and))
}

/// A bare relationship word only counts when nothing stronger links the pair.
fn drop_weak(here: &mut Vec<Candidate>) {
    let keep: Vec<bool> = {
        let strong: Vec<(&str, &str)> = here
            .iter()
            .filter(|c| c.strength == Strength::Strong)
            .map(|c| pair_key(&c.source.actor, &c.target.actor))
            .collect();
        here.iter()
            .map(|c| {
                c.strength == Strength::Strong
                    || !strong.contains(&pair_key(&c.source.actor, &c.target.actor))
            })
            .collect()
    };
    let mut keep = keep.into_iter();
    here.retain(|_| keep.next().unwrap_or(true));
}

impl Memory {
    /// "He" takes the last one-actor subject of the two sentences before,
    /// "They" the last several-actor subject of the four before, else the
    /// one-actor subject of the sentence just before.
    fn carried(&self, si: usize, first_tok: usize, first_word: &str) -> Option<Group> {
        let recent = |s: &Option<(usize, Vec<ActorMention>)>, within: usize| {
            s.as_ref()
                .filter(|(at, _)| si - at <= within)
                .map(|(_, m)| m.clone())
        };
        let members = match first_word {
            "he" | "she" => recent(&self.last_single, SINGLE_SUBJECT_REACH),
            "they" => recent(&self.last_plural, PLURAL_SUBJECT_REACH)
                .or_else(|| recent(&self.last_single, 1)),
            _ => None,
        }?;
        Some(Group {
            start: first_tok,
            end: first_tok + 1,
            members,
            compound: false,
        })
    }

    /// The last one-actor subject of the sentences just before, as a group.
    fn topic(&self, si: usize) -> Option<Group> {
        let (at, members) = self.last_single.as_ref()?;
        (si - at <= SINGLE_SUBJECT_REACH).then(|| Group {
            start: usize::MAX,
            end: usize::MAX,
            members: members.clone(),
            compound: false,
        })
    }

    /// What the sentence leaves for the next ones: the pair of its first
    /// fact, the owner of a move it names, its subject.
    fn remember(&mut self, art: &Article, s: &SentenceView, here: &[Candidate]) {
        // "The two leaders" next stand for the pair of the first act, the
        // main clause's in news prose, not of a trailing "since the invasion".
        if let Some(c) = here.first() {
            self.last_pair = Some((
                ActorMention::standing_for(&c.source),
                ActorMention::standing_for(&c.target),
            ));
            self.any_fact = true;
        } else if !self.any_fact
            && let Some(p) = actors::sole_pair(&s.mentions)
        {
            self.last_pair = Some(p);
        }
        let first_trigger = s.found.first().map_or(usize::MAX, |f| f.0);
        if let Some(o) = act_owner(&s.mentions, &art.norm, s.tokens.clone(), &s.found, art.lex) {
            self.last_owner = Some(o);
        }
        if let Some(g) = s.groups.first().filter(|g| g.end <= first_trigger) {
            if g.distinct() >= 2 {
                self.last_plural = Some((s.si, g.members.clone()));
            } else {
                self.last_single = Some((s.si, g.members.clone()));
            }
        }
    }
}

/// Whether a word is a pronoun a sentence may open with for a subject of
/// a sentence before.
fn is_subject_pronoun(w: &str) -> bool {
    matches!(w, "he" | "she" | "they")
}

/// Whether a clause may start after this word: a conjunction or a
/// complementiser ("after he met", "said that she would visit"), or a
/// comma.
fn opens_clause(w: &str) -> bool {
    matches!(
        w,
        "after"
            | "before"
            | "when"
            | "while"
            | "as"
            | "since"
            | "because"
            | "once"
            | "until"
            | "although"
            | "though"
            | "if"
            | "that"
            | "and"
            | "but"
            | ","
    )
}

/// First tokens of every mention of a person, sorted.
fn person_tokens(doc: &Segmented, entities: &[Entity]) -> Vec<usize> {
    let mut toks: Vec<usize> = entities
        .iter()
        .filter(|e| e.kind == EntityType::Person)
        .flat_map(|e| &e.mentions)
        .map(|m| doc.tokens.partition_point(|t| t.end <= m.start))
        .collect();
    toks.sort_unstable();
    toks
}

/// The normalised text of every token: lowercase (as `str::to_lowercase`
/// gives it), typographic apostrophes made plain, contractions read as
/// words ("not", "will"). An ASCII token is borrowed from `lower`, the
/// text in ASCII lowercase; any other is written into `extra`.
fn normalise_all<'t>(doc: &Segmented, lower: &'t str, extra: &'t mut String) -> Vec<&'t str> {
    /// Where a token's normalised text is.
    enum At {
        Lower(usize, usize),
        Extra(usize, usize),
        Word(&'static str),
    }
    let mut at = Vec::with_capacity(doc.tokens.len());
    for t in &doc.tokens {
        let tok = &doc.text[t.start..t.end];
        if tok.is_ascii() {
            at.push(match contraction(&lower[t.start..t.end]) {
                Some(word) => At::Word(word),
                None => At::Lower(t.start, t.end),
            });
            continue;
        }
        let from = extra.len();
        let lowered = tok.to_lowercase();
        if lowered.contains('\u{2019}') {
            extra.push_str(&lowered.replace('\u{2019}', "'"));
        } else {
            extra.push_str(&lowered);
        }
        at.push(match contraction(&extra[from..]) {
            Some(word) => {
                extra.truncate(from);
                At::Word(word)
            }
            None => At::Extra(from, extra.len()),
        });
    }
    let extra: &'t String = extra;
    at.into_iter()
        .map(|a| match a {
            At::Lower(s, e) => &lower[s..e],
            At::Extra(s, e) => &extra[s..e],
            At::Word(word) => word,
        })
        .collect()
}

/// The word a lowercase contraction is read as: "not" for "n't" and
/// "cannot", "will" for "'ll".
fn contraction(t: &str) -> Option<&'static str> {
    if !t.ends_with(['t', 'l']) {
        None
    } else if t.ends_with("n't") || t == "cannot" {
        Some("not")
    } else if t.ends_with("'ll") {
        Some("will")
    } else {
        None
    }
}

/// Tokens before a trigger a refusal's volitional word may stand on
/// ("would not provide support": "would" three before "support").
const REFUSAL_REACH: usize = 3;

/// A cooperative act the agent will not do ("would not endorse", "refused
/// to meet", "will never recognise") is a refusal: REJECT, which happened,
/// as PLOVER and CAMEO code it. A negated fact ("did not meet") stays negated.
fn act_kind(
    kind: RelationType,
    norm: &[&str],
    sent: std::ops::Range<usize>,
    ts: usize,
    te: usize,
    lex: &TriggerLexicon,
) -> RelationType {
    if matches!(kind, RelationType::Support | RelationType::Aid)
        && funds_purpose(norm, sent.start, ts)
    {
        return RelationType::Aid;
    }
    let cooperative_act =
        kind.polarity() == Polarity::Cooperative && kind != RelationType::Partnership;
    if !cooperative_act || status::status(norm, sent.clone(), ts, te, kind, lex) != Status::Negated
    {
        return kind;
    }
    let from = ts.saturating_sub(REFUSAL_REACH).max(sent.start);
    let volitional = (from..ts).any(|i| {
        let t = norm[i];
        (matches!(t, "would" | "will")
            && norm
                .get(i + 1)
                .is_some_and(|n| matches!(*n, "not" | "never")))
            || ((t.starts_with("refus") || t.starts_with("declin"))
                && norm.get(i + 1).is_some_and(|n| *n == "to"))
            || (matches!(t, "would" | "will") && i + 1 == ts)
    });
    if volitional {
        RelationType::Reject
    } else {
        kind
    }
}

/// Tokens before a purpose "to" an amount of money may stand on
/// ("$20 million to support", "a loan of 5 billion euros to help").
const FUNDS_REACH: usize = 5;

/// Whether the act at `ts` is the purpose of money given: "announced $20
/// million to support Ecuador", "a loan to help Kenya". Support bought
/// with money is aid (CAMEO 07, PLOVER AID), whatever the verb.
fn funds_purpose(norm: &[&str], start: usize, ts: usize) -> bool {
    let Some(to) = ts.checked_sub(1).filter(|&i| i > start && norm[i] == "to") else {
        return false;
    };
    let from = to.saturating_sub(FUNDS_REACH).max(start);
    (from..to).any(|i| {
        let t = norm[i];
        t.starts_with(['$', '\u{20ac}', '\u{a3}'])
            || matches!(
                t,
                "million"
                    | "billion"
                    | "trillion"
                    | "dollars"
                    | "euros"
                    | "loan"
                    | "loans"
                    | "grant"
                    | "grants"
                    | "funds"
                    | "funding"
                    | "disbursement"
            )
    })
}

/// An unordered pair of actors, as the two in order.
fn pair_key<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str) {
    if a <= b { (a, b) } else { (b, a) }
}

/// Every trigger match of a sentence as (start, end, trigger index) in
/// sentence-relative tokens; overlapping matches keep the longest, and
/// blocking entries (kind None) are kept so callers can skip them.
fn find_triggers(
    toks: &[&str],
    lex: &TriggerLexicon,
    scratch: &mut Vec<usize>,
) -> Vec<(usize, usize, usize)> {
    let mut all = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        lex.candidates(tok, scratch);
        for &ti in scratch.iter() {
            if let Some(end) = lex.triggers[ti].pattern.match_at(toks, i) {
                all.push((i, end, ti));
            }
        }
    }
    all.sort_by_key(|&(s, e, ti)| {
        (
            std::cmp::Reverse(lex.triggers[ti].pattern.words),
            std::cmp::Reverse(e - s),
            s,
        )
    });
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    for (s, e, ti) in all {
        budget::tick(out.len());
        if out.iter().any(|&(os, oe, _)| os < e && s < oe) {
            continue;
        }
        out.push((s, e, ti));
    }
    out.sort();
    out
}

/// Finds the first quote (in the order given, by start) that holds a span,
/// by binary search: quotes sorted by start, with the running maximum of
/// their ends, so the first whose end reaches the span's is the first that
/// can hold it. O(log n) a look instead of a scan of every quote.
struct QuoteCover {
    /// Running maximum of `end` over the quotes up to each index.
    max_end: Vec<usize>,
}

impl QuoteCover {
    fn new(quotes: &[Quote]) -> Self {
        let mut m = 0;
        Self {
            max_end: quotes
                .iter()
                .map(|q| {
                    m = m.max(q.end);
                    m
                })
                .collect(),
        }
    }

    /// The first quote `q` with `q.start <= start && end <= q.end`: the
    /// first one whose end reaches `end` (the running maximum first
    /// reaches it there), if it starts early enough. Quotes must be sorted
    /// by start (they are: ids follow text order).
    fn first_holding<'q>(
        &self,
        quotes: &'q [Quote],
        start: usize,
        end: usize,
    ) -> Option<&'q Quote> {
        let k = self.max_end.partition_point(|&m| m < end);
        quotes.get(k).filter(|q| q.start <= start && end <= q.end)
    }
}

/// The group after ", as did" (", as have", "as does") following a
/// trigger ending at `te`: actors doing the same act.
fn as_did<'g>(te: usize, end: usize, groups: &'g [Group], norm: &[&str]) -> Option<&'g Group> {
    let at = (te..end.saturating_sub(1)).find(|&i| {
        norm[i] == "as"
            && matches!(norm[i + 1], "did" | "do" | "does" | "has" | "have" | "had")
            && i > 0
            && norm[i - 1] == ","
    })?;
    groups
        .iter()
        .find(|g| g.start > at + 1 && g.start <= at + 3)
}

/// Token pairs (opening dash, closing dash) of the dash asides of the
/// article: two em dashes, or two spaced en dashes or hyphens, in one
/// sentence. Sorted.
fn dash_asides(doc: &Segmented, norm: &[&str]) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    for sent in &doc.sentences {
        let mut open = None;
        for i in sent.tokens.clone() {
            let spaced = || {
                i > 0
                    && doc.tokens[i - 1].end < doc.tokens[i].start
                    && doc
                        .tokens
                        .get(i + 1)
                        .is_some_and(|n| n.start > doc.tokens[i].end)
            };
            let dash = norm[i] == "\u{2014}"
                || norm[i] == "--"
                || (matches!(norm[i], "\u{2013}" | "-") && spaced());
            if !dash {
                continue;
            }
            match open.take() {
                None => open = Some(i),
                Some(o) => out.push((o, i)),
            }
        }
    }
    out
}

/// The two views of the tokens around dash asides: the main clause's,
/// with each aside blanked out, and the asides' own, with only their
/// dashes blanked so an act inside reaches its head.
fn aside_views<'t>(norm: &[&'t str], asides: &[(usize, usize)]) -> (Vec<&'t str>, Vec<&'t str>) {
    if asides.is_empty() {
        return (Vec::new(), Vec::new());
    }
    let mut main = norm.to_vec();
    let mut own = norm.to_vec();
    for &(a, b) in asides {
        main[a..=b].fill("");
        own[a] = "";
        own[b] = "";
    }
    (main, own)
}

/// The group a list after a trigger ending at `te` opens with
/// "including" (or "such as", "notably"), within reach and before any
/// clause break save a dash.
fn including<'g>(
    doc: &Segmented,
    te: usize,
    end: usize,
    groups: &'g [Group],
    norm: &[&str],
    lex: &TriggerLexicon,
) -> Option<&'g Group> {
    let stop = (te + MAX_REACH).min(end);
    let at = (te..stop)
        .take_while(|&i| !matches!(norm[i], ";" | ":" | "\"" | "\u{201c}" | "\u{201d}"))
        .find(|&i| lex.list_openers.match_at(norm, i).is_some())?;
    groups
        .iter()
        .find(|g| g.start > at && g.start - at <= 5)
        // Only names and their frame ("the Governments of"), no verb
        // ("including calling for a UN debate").
        .filter(|g| {
            (at + 1..g.start).all(|i| {
                matches!(norm[i], "the" | "of")
                    || doc.token_text(i).starts_with(char::is_uppercase)
                    || is_count(norm[i])
            })
        })
}

/// "from <state>" opens at most this many tokens after a release ("the
/// release of 16 people from Russia").
const RELEASED_FROM_REACH: usize = 5;

/// A number of people ("five Germans", "16 detainees").
fn is_count(t: &str) -> bool {
    t.chars().all(|c| c.is_ascii_digit())
        || matches!(
            t,
            "two"
                | "three"
                | "four"
                | "five"
                | "six"
                | "seven"
                | "eight"
                | "nine"
                | "ten"
                | "several"
                | "dozens"
        )
}

/// Words of the agent's own phrase a co-agent may follow ("U.S. military
/// forces—together with").
const AGENT_HEAD_MAX: usize = 3;

/// Whether the tokens `a..b` join an agent to a co-agent: at most
/// [`AGENT_HEAD_MAX`] words of the agent's phrase, an optional comma or
/// dash, a `co_agent` phrase of the lexicon ("together with",
/// "alongside"), an optional "the".
fn comitative_gap(a: usize, b: usize, norm: &[&str], lex: &TriggerLexicon) -> bool {
    let sep = |t: &str| matches!(t, "," | "\u{2014}" | "\u{2013}" | "-" | "--");
    let mut i = a;
    while i < b && i - a < AGENT_HEAD_MAX && norm[i].chars().all(char::is_alphabetic) {
        if lex.co_agents.may_start(norm[i]) {
            break;
        }
        i += 1;
    }
    if i < b && sep(norm[i]) {
        i += 1;
    } else if i > a {
        return false;
    }
    let Some(end) = lex.co_agents.match_at(norm, i) else {
        return false;
    };
    i = end;
    if i < b && norm[i] == "the" {
        i += 1;
    }
    i == b
}

/// The side one actor mention stands for.
fn side_of(m: &ActorMention) -> Side {
    Side {
        actor: m.actor.to_string(),
        entities: m.entity.iter().map(|e| e.to_string()).collect(),
    }
}

/// Prepositions that open a fronted phrase naming the occasion of the
/// clause after it ("In a phone call on Monday, …", "During talks, …").
const FRONTING: [&str; 6] = ["in", "during", "at", "after", "following", "under"];

/// A fronted phrase ends at most this many tokens after its trigger.
const FRONT_REACH: usize = 8;

/// The comma that closes a phrase opening the sentence at `start` with a
/// preposition of [`FRONTING`] and holding the trigger at `ts`, when no
/// break stands between the sentence's start and the comma.
fn fronted_phrase_end(start: usize, ts: usize, norm: &[&str]) -> Option<usize> {
    if !FRONTING.contains(norm.get(start)?) || ts <= start || ts - start > FRONT_REACH {
        return None;
    }
    let broken = |i: usize| HARD_BREAKS.contains(&norm[i]) || norm[i] == ",";
    if (start..ts).any(broken) {
        return None;
    }
    (ts..(ts + FRONT_REACH).min(norm.len()))
        .find(|&i| broken(i))
        .filter(|&i| norm[i] == ",")
}

/// Tokens between positions `a` and `b` when no quotation mark, comma,
/// clause break or contrasting word (`contrast`, `contrast_span`) stands
/// between them.
fn unbroken_span(a: usize, b: usize, norm: &[&str], lex: &TriggerLexicon) -> Option<usize> {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let broken = (lo + 1..hi).any(|i| {
        HARD_BREAKS.contains(&norm[i])
            || matches!(norm[i], "," | "\"" | "\u{201c}" | "\u{201d}")
            || lex.contrast.contains(norm[i])
            || lex.contrast_span.contains(norm[i])
    });
    (!broken).then_some(hi - lo)
}

/// The trigger (by start token) a coordinated group belongs to alone: the
/// one right after it ("Libya–Turkey relations") or right before
/// "between" it ("the border conflict between India and Pakistan").
fn owner(g: &Group, found: &[(usize, usize, usize)], norm: &[&str]) -> Option<usize> {
    // "Chile and Peru—struck": a dash ends the group's clause.
    if let Some(&(os, _, _)) = found.iter().find(|&&(os, _, _)| {
        os >= g.end && os - g.end <= 1 && !(g.end..os).any(|i| HARD_BREAKS.contains(&norm[i]))
    }) {
        return Some(os);
    }
    let b = g.start.checked_sub(1)?;
    if !matches!(norm[b], "between" | "among" | "amongst") {
        return None;
    }
    found
        .iter()
        .filter(|&&(_, oe, _)| oe <= b && b - oe <= 4)
        .max_by_key(|&&(_, oe, _)| oe)
        .map(|&(os, _, _)| os)
}

/// Types whose two sides act together, so one coordinated group ("X and Y
/// signed", "tensions between X and Y") holds both.
fn mutual(kind: RelationType) -> bool {
    use RelationType::*;
    matches!(
        kind,
        Agree | Consult | Cooperate | Partnership | Tension | Assault | Support
    )
}

/// Tokens after a trigger a reciprocal ("each other") may stand on.
const RECIPROCAL_REACH: usize = 4;

/// Whether "each other" or "one another" follows the trigger ending at
/// `te` closely ("praised each other's efforts").
fn reciprocal(te: usize, norm: &[&str]) -> bool {
    (te..(te + RECIPROCAL_REACH).min(norm.len().saturating_sub(1))).any(|i| {
        matches!(
            (norm[i], norm[i + 1]),
            ("each", "other" | "other's") | ("one", "another" | "another's")
        )
    })
}

/// "A and B met and later accused each other": a joint subject another
/// verb owns is a later verb's too when "each other" follows that verb;
/// a compound ("Libya–Turkey relations") stays its noun's.
fn shared_by_reciprocal(g: &Group, te: usize, norm: &[&str]) -> bool {
    !g.compound && g.end < te && reciprocal(te, norm)
}

/// Whether the trigger at tokens `ts..te` is an armed act done to a target
/// ("struck", "bombed") with no "each other" after it: its joint subject
/// acts together, so the two are no sides of it.
fn one_sided_assault(
    kind: RelationType,
    ts: usize,
    te: usize,
    norm: &[&str],
    lex: &TriggerLexicon,
) -> bool {
    kind == RelationType::Assault
        && lex.one_sided_assaults.contains(norm[ts])
        && !reciprocal(te, norm)
}

/// Whether the trigger ending at `te` ends on a word for the tie between
/// two parties ("deepen a partnership", "strengthen ties"): a support of
/// the tie is both subjects'.
fn bond(te: usize, norm: &[&str], bonds: &Words) -> bool {
    te.checked_sub(1).is_some_and(|i| bonds.contains(norm[i]))
}

/// Types that react to someone else's act.
const REACTIONS: [RelationType; 6] = [
    RelationType::Accuse,
    RelationType::Reject,
    RelationType::Support,
    RelationType::Protest,
    RelationType::Concede,
    RelationType::Threaten,
];

/// The actor owning a decision named in the sentence: "the US decision",
/// "Washington's move", "a decision by the United States".
fn act_owner(
    mentions: &[ActorMention],
    norm: &[&str],
    sent: std::ops::Range<usize>,
    found: &[(usize, usize, usize)],
    lex: &TriggerLexicon,
) -> Option<ActorMention> {
    // "Kenya condemned the move": the move is not Kenya's.
    let in_trigger = |i: usize| found.iter().any(|&(s, e, _)| s <= i && i < e);
    mentions.iter().filter(|m| !m.reference).find_map(|m| {
        let before = (m.tok_end..(m.tok_end + 5).min(sent.end))
            .find(|&i| lex.act_nouns.contains(norm[i]))
            .is_some_and(|i| {
                (m.tok_end..i)
                    .all(|j| !HARD_BREAKS.contains(&norm[j]) && norm[j] != "," && !in_trigger(j))
            });
        let after = m.tok >= sent.start + 2
            && matches!(norm[m.tok - 1], "by" | "of")
            && (m.tok.saturating_sub(3).max(sent.start)..m.tok - 1)
                .any(|i| lex.act_nouns.contains(norm[i]));
        (before || after).then(|| m.clone())
    })
}

/// The group a trigger at token `ts` takes its agent from: the nearest on
/// its left within reach and clause.
fn left_side<'g>(
    ts: usize,
    groups: &[&'g Group],
    norm: &[&str],
    lex: &TriggerLexicon,
) -> Option<&'g Group> {
    // "Washington's engagement with Islamabad … its partnership with New
    // Delhi": the owner of "its" is no prepositional object.
    let owned = (ts.saturating_sub(2)..ts).any(|i| matches!(norm[i], "its" | "their"));
    // "President Lasso's leadership, including his condemnation of …": an
    // act named as a person's ("his condemnation") is the last actor's
    // named before, across a comma too ("its allies" may be anyone's).
    let possessed = ts
        .checked_sub(1)
        .is_some_and(|b| matches!(norm[b], "his" | "her"));
    groups
        .iter()
        .filter(|g| g.end <= ts && ts - g.end <= MAX_REACH)
        .filter(|g| {
            !owned
                || g.start
                    .checked_sub(1)
                    .is_none_or(|b| !PREPOSITIONS.contains(&norm[b]))
        })
        .filter(|g| {
            // Across a comma only the sentence's first actors reach: its subject.
            let first = groups.first().is_some_and(|f| f.start == g.start);
            !(g.end..ts).any(|i| {
                HARD_BREAKS.contains(&norm[i])
                    || (norm[i] == "," && !first && !possessed)
                    || lex.contrast.contains(norm[i])
            })
        })
        .max_by_key(|g| g.end)
        .copied()
}

/// A relationship word reaches this many tokens right for its other side,
/// an act half the agent's reach.
const STATE_RIGHT_REACH: usize = 4;

/// A list of actors is an act's close subject within this many tokens of
/// the trigger, two actors within `PAIR_SUBJECT_REACH`.
const LIST_SUBJECT_REACH: usize = 4;
const PAIR_SUBJECT_REACH: usize = 10;

/// "between X and Y" opens at most this many tokens after the trigger.
const BETWEEN_REACH: usize = 5;

/// "against our NATO ally, Albania", "EU member Hungary": a name before a
/// membership noun only qualifies the member named right after it, which
/// is the side.
fn member_named<'g>(
    r: &'g Group,
    groups: &[&'g Group],
    norm: &[&str],
    members: &Words,
) -> &'g Group {
    if !norm.get(r.end).is_some_and(|w| members.contains(w)) {
        return r;
    }
    let after = match norm.get(r.end + 1) {
        Some(&",") => r.end + 2,
        _ => r.end + 1,
    };
    groups
        .iter()
        .find(|g| g.start == after)
        .copied()
        .unwrap_or(r)
}

/// "Americans imprisoned in Iran", "two Britons detained in Russia": a
/// participle right after a name, its people held in a state, which is the
/// agent.
/// `held` ends where the trigger `ts..te` starts, `state` starts at `at`.
fn held_in(
    kind: RelationType,
    held: usize,
    ts: usize,
    te: usize,
    at: usize,
    norm: &[&str],
) -> bool {
    kind == RelationType::Coerce
        && held == ts
        && te - ts == 1
        && norm[ts].ends_with("ed")
        && norm.get(te) == Some(&"in")
        && at == te + 1
}

/// What a trigger at tokens `ts..te` has around it: the sentence's
/// groups, its left and right sides, the tokens.
struct Around<'a> {
    ts: usize,
    te: usize,
    groups: &'a [&'a Group],
    left: Option<&'a Group>,
    right: Option<&'a Group>,
    norm: &'a [&'a str],
}

/// A standing relationship (partnership, tension), not an act.
fn is_state(kind: RelationType) -> bool {
    kind.quad_class() == QuadClass::RelationshipState
}

/// The (source, target) sides a trigger at tokens `ts..te` links.
fn pair_sides(
    kind: RelationType,
    ts: usize,
    te: usize,
    groups: &[&Group],
    norm: &[&str],
    lex: &TriggerLexicon,
) -> Vec<(Side, Side)> {
    budget::tick(groups.len());
    let left = left_side(ts, groups, norm, lex);
    let right = REACTIONS
        .contains(&kind)
        .then(|| act_by(ts, te, groups, norm, lex))
        .flatten()
        .or_else(|| right_side(kind, ts, te, groups, norm, lex));
    let around = Around {
        ts,
        te,
        groups,
        left,
        right,
        norm,
    };
    if let Some(out) = between_pairs(kind, &around) {
        return out;
    }
    if let Some(out) = subject_list_pairs(kind, &around, lex) {
        return out;
    }
    if !is_state(kind)
        && let Some(out) = received_pairs(ts, te, groups, norm)
    {
        return out;
    }
    // "a new offensive by Turkey": the act's agent follows the noun, so a
    // subject across a comma ("Whatever progress X has made, …") is not
    // its party; a participle ("a call echoed by Japan") still answers it.
    let by_agent = right.is_some_and(|r| {
        r.start > te
            && r.start - te <= 2
            && norm[te] == "by"
            && r.distinct() == 1
            && !norm[te - 1].ends_with("ed")
    });
    if by_agent
        && let Some(l) = left
        && (l.end..ts).any(|i| norm[i] == ",")
    {
        return Vec::new();
    }
    // "the attacks came from Yemen": the state an attack comes from is
    // its origin, never its target, and the sentence's subject is not
    // the attacker.
    if kind == RelationType::Assault
        && let Some(r) = right
        && origin_after(te, norm) == Some(r.start)
    {
        return Vec::new();
    }
    directed_pairs(kind, &around, &lex.member_nouns)
}

/// The agent of a passive act opens at most this many tokens after "by"
/// ("by world leaders including the …").
const PASSIVE_AGENT_REACH: usize = 5;

/// The token after the "by" of a passive right after a noun trigger
/// ending at `te` ("tributes were paid by", "condolences have been sent
/// by"): auxiliaries and participles only stand between.
fn passive_by(te: usize, norm: &[&str]) -> Option<usize> {
    let mut i = te;
    let mut verb = false;
    while i < norm.len() && i - te < 4 {
        let t = norm[i];
        if t == "by" {
            return verb.then_some(i + 1);
        }
        let aux = matches!(
            t,
            "was" | "were" | "is" | "are" | "been" | "being" | "has" | "have"
        );
        let participle = t.ends_with("ed")
            || matches!(
                t,
                "paid" | "given" | "sent" | "made" | "laid" | "offered" | "led"
            );
        if !aux && !participle {
            return None;
        }
        verb |= participle;
        i += 1;
    }
    None
}

/// The "by" naming the owner of an act reacted to stands at most this
/// many tokens after the act's noun ("the proclamation of the Heights as
/// its territory by the US").
const ACT_BY_REACH: usize = 12;

/// "attacked the proclamation of X as Israeli territory by the United
/// States", "welcomed the decision by Japan to …": a reaction to an act
/// whose owner the object names after "by" targets that owner, not a
/// nearer name qualifying the act.
fn act_by<'g>(
    ts: usize,
    te: usize,
    groups: &[&'g Group],
    norm: &[&str],
    lex: &TriggerLexicon,
) -> Option<&'g Group> {
    let end = norm.len().min(te + 3);
    let noun = (ts..end).find(|&i| lex.act_nouns.contains(norm[i]))?;
    let stop = norm.len().min(noun + ACT_BY_REACH);
    let by = (noun + 1..stop)
        .take_while(|&i| !HARD_BREAKS.contains(&norm[i]) && norm[i] != ",")
        .find(|&i| norm[i] == "by")?;
    groups
        .iter()
        .find(|g| {
            g.start > by
                && g.start - by <= PASSIVE_AGENT_REACH
                && (by + 1..g.start).all(|i| !HARD_BREAKS.contains(&norm[i]) && norm[i] != ",")
        })
        .copied()
}

/// A verb of receiving stands at most this many tokens before the act it
/// receives ("faced stiff international and Palestinian criticism").
const RECEIVED_REACH: usize = 5;

/// "The US faced Palestinian criticism", "Israel drew praise from Egypt",
/// "Kenya came under pressure from the IMF": the act is done to the
/// subject of a verb of receiving, by the actor qualifying the act or
/// named after "from" or "by". None when no such verb governs the
/// trigger; no pair when its giver goes unnamed ("the US faced criticism
/// over its decision on Israel" is no act of Israel's).
fn received_pairs(
    ts: usize,
    te: usize,
    groups: &[&Group],
    norm: &[&str],
) -> Option<Vec<(Side, Side)>> {
    let clean = |a: usize, b: usize| one_clause(norm, a, b);
    let v = receiving_verb(ts, norm)?;
    let verb_start = if norm[v] == "under" { v - 1 } else { v };
    let subject = groups
        .iter()
        .filter(|g| g.end <= verb_start && verb_start - g.end <= 3 && clean(g.end, verb_start))
        .max_by_key(|g| g.end)?;
    let qualifying = groups.iter().find(|g| g.start > v && g.end <= ts);
    let after = groups.iter().find(|g| {
        g.start > te
            && g.start - te <= 3
            && (te..g.start).any(|i| matches!(norm[i], "from" | "by"))
            && clean(te, g.start)
    });
    Some(
        qualifying
            .or(after)
            .map_or_else(Vec::new, |giver| giver.cross(subject)),
    )
}

/// The verb of receiving governing the act at `ts` in its clause
/// ("faced … criticism", "came under pressure"): its token.
fn receiving_verb(ts: usize, norm: &[&str]) -> Option<usize> {
    let v = (ts.saturating_sub(RECEIVED_REACH)..ts).rev().find(|&i| {
        matches!(
            norm[i],
            "faced"
                | "faces"
                | "face"
                | "facing"
                | "drew"
                | "draws"
                | "drawn"
                | "drawing"
                | "received"
                | "receives"
                | "receiving"
                | "attracted"
                | "attracts"
                | "won"
                | "earned"
                | "earns"
        ) || (norm[i] == "under"
            && i > 0
            && matches!(norm[i - 1], "came" | "come" | "comes" | "coming"))
    })?;
    one_clause(norm, v + 1, ts).then_some(v)
}

/// Whether tokens `a..b` stay inside one clause: no hard break, comma,
/// quotation mark or "that" between.
fn one_clause(norm: &[&str], a: usize, b: usize) -> bool {
    (a..b).all(|i| !HARD_BREAKS.contains(&norm[i]) && !matches!(norm[i], "," | "\"" | "that"))
}

/// Where an attack named by a trigger ending at `te` is said to come
/// from ("the attacks came from Yemen", "strikes originating from"): the
/// token after "from".
fn origin_after(te: usize, norm: &[&str]) -> Option<usize> {
    let came = (te..(te + 2).min(norm.len())).find(|&i| {
        matches!(
            norm[i],
            "came"
                | "come"
                | "comes"
                | "coming"
                | "originated"
                | "originate"
                | "originates"
                | "originating"
        )
    })?;
    (norm.get(came + 1) == Some(&"from")).then_some(came + 2)
}

/// The nearest group right of the trigger in its clause, within reach (a
/// relationship word's is short); the member it names after a membership
/// noun ("our NATO ally, Albania").
fn right_side<'g>(
    kind: RelationType,
    ts: usize,
    te: usize,
    groups: &[&'g Group],
    norm: &[&str],
    lex: &TriggerLexicon,
) -> Option<&'g Group> {
    let state = is_state(kind);
    let right_reach = if state {
        STATE_RIGHT_REACH
    } else {
        MAX_REACH / 2
    };
    groups
        .iter()
        .filter(|g| g.start > ts && g.start.saturating_sub(te) <= right_reach)
        .filter(|g| {
            !(te.min(g.start)..g.start).any(|i| HARD_BREAKS.contains(&norm[i]) || norm[i] == ",")
        })
        .min_by_key(|g| g.start)
        .copied()
        .map(|r| member_named(r, groups, norm, &lex.member_nouns))
}

/// The pairs of an agent and an object: left acts on right (right on left
/// in a passive, or for people "held in" a state); a mutual act inside a
/// compound or after "of"; a relationship word with both actors before it.
fn directed_pairs(kind: RelationType, around: &Around, members: &Words) -> Vec<(Side, Side)> {
    let &Around {
        ts,
        te,
        groups,
        left,
        right,
        norm,
    } = around;
    let state = is_state(kind);
    match (left, right) {
        (Some(l), Some(r)) => {
            let passive = (te.min(r.start)..r.start).any(|i| norm[i] == "by")
                && (l.end..ts).any(|i| matches!(norm[i], "was" | "were" | "been" | "being"));
            if passive || held_in(kind, l.end, ts, te, r.start, norm) {
                r.cross(l)
            } else {
                l.cross(r)
            }
        }
        // "an upswing in U.S.-Pakistan relations", "a meeting of X and Y"
        // Not praise of a list ("tributes by the presidents of X and Y").
        (None, Some(r))
            if r.distinct() >= 2
                && mutual(kind)
                && (r.compound
                    || (kind != RelationType::Support
                        && r.start.checked_sub(1).is_some_and(|b| norm[b] == "of"))) =>
        {
            r.inner_pairs()
        }
        // "our NATO ally, Albania": the name only qualifies the member.
        (Some(l), None) if state && l.end == ts && members.contains(norm[ts]) => Vec::new(),
        (Some(l), None) if state => {
            // "US aims for stronger Pakistan relations": a relationship word
            // with both its actors before it.
            groups
                .iter()
                .filter(|g| g.end <= l.start && l.start - g.end <= 8)
                .max_by_key(|g| g.end)
                .map_or_else(Vec::new, |l2| l2.cross(l))
        }
        _ => Vec::new(),
    }
}

/// "talks between X and Y", "tensions among them": the list's members pair
/// up; "Qatar mediated between Israel and Hamas": the host or mediator
/// meets each side too.
fn between_pairs(kind: RelationType, around: &Around) -> Option<Vec<(Side, Side)>> {
    let &Around {
        te,
        left,
        right,
        norm,
        ..
    } = around;
    let r = right.filter(|r| {
        r.start.saturating_sub(te) <= BETWEEN_REACH
            && r.distinct() >= 2
            && r.start
                .checked_sub(1)
                .is_some_and(|b| matches!(norm[b], "between" | "among" | "amongst"))
    })?;
    let mut out = r.inner_pairs();
    if kind == RelationType::Consult
        && let Some(l) = left
        && l.distinct() == 1
    {
        out.extend(l.cross(r));
    }
    Some(out)
}

/// A list of several actors pairs up only as the close subject of an act,
/// not for a relationship word far from it: "X and Y signed a deal"; "X
/// and Y met with Z" also pairs each with Z; a directed act ("X and Y
/// praised Z") pairs each with its object, not the two with each other.
fn subject_list_pairs(
    kind: RelationType,
    around: &Around,
    lex: &TriggerLexicon,
) -> Option<Vec<(Side, Side)>> {
    let &Around {
        ts,
        te,
        groups,
        left,
        right,
        norm,
    } = around;
    let state = is_state(kind);
    // "Austrian, British and New Zealand production sites": a list before
    // a noun other than people's qualifies the noun; it is no far subject.
    let qualifies = |l: &Group| {
        norm.get(l.end).is_some_and(|w| {
            w.chars().all(|c| c.is_lowercase())
                && !lex.titles.contains(w)
                && !lex.after_subject.contains(w)
                && !w.ends_with("ed")
        })
    };
    // "A and B accused each other": a reciprocal makes any act mutual.
    let each_other = reciprocal(te, norm);
    let l = left.filter(|l| {
        l.distinct() >= 2
            && (mutual(kind) || each_other)
            && (ts - l.end <= LIST_SUBJECT_REACH
                || (l.distinct() == 2 && ts - l.end <= PAIR_SUBJECT_REACH)
                || (!state && groups.iter().all(|g| g.start >= l.start) && !qualifies(l)))
            && (l.distinct() <= 3 || !state)
    })?;
    if matches!(kind, RelationType::Support | RelationType::Assault)
        && let Some(r) = right
    {
        return Some(l.cross(r));
    }
    // "Canada and Japan praised the result": joint praise is no praise of
    // each other unless the text says so.
    if kind == RelationType::Support && !reciprocal(te, norm) && !bond(te, norm, &lex.bond_nouns) {
        return Some(Vec::new());
    }
    // "Russia and Iran struck targets": co-attackers, not each other's
    // targets.
    if one_sided_assault(kind, ts, te, norm, lex) {
        return Some(Vec::new());
    }
    let mut out = l.inner_pairs();
    if let Some(r) = right
        && r.start.saturating_sub(te) <= 3
    {
        out.extend(l.cross(r));
    }
    Some(out)
}

/// "arrests were made in Australia, Brazil, Canada …": an act in this many
/// listed states or more tells where it happened across them, not a state
/// it was done to.
const PLACE_LIST_MIN: usize = 3;

/// The most tokens from one listed place's start to the next one's (a
/// three-word name, a comma, "and", "the").
const PLACE_LIST_STEP: usize = 6;

/// How many country places stand in the list that opens with the place at
/// token `first`: each next one within `PLACE_LIST_STEP` tokens, joined
/// by a comma, "and" or "or" with no clause break between.
fn listed_countries(places: &[&Place], first: usize, norm: &[&str]) -> usize {
    let mut count = 1;
    let mut at = first;
    for q in places.iter().filter(|q| q.tok > first && q.country) {
        let joined = q.tok - at <= PLACE_LIST_STEP
            && (at + 1..q.tok).any(|i| matches!(norm[i], "," | "and" | "or"))
            && !(at + 1..q.tok).any(|i| HARD_BREAKS.contains(&norm[i]));
        if !joined {
            break;
        }
        count += 1;
        at = q.tok;
    }
    count
}

/// The group listed right after a country place that opens with "in"
/// after the trigger ending at `te` ("struck targets in Iraq and Syria":
/// Syria's), joined by "and", "or" or a comma; none when a name stands
/// between the trigger and "in" ("battling the Islamic State in Iraq and
/// Syria": the states are where the named target is).
fn place_listed_group<'g>(
    p: &Place,
    doc: &Segmented,
    groups: &'g [Group],
    norm: &[&str],
    te: usize,
) -> Option<&'g Group> {
    let joint = |a: usize, b: usize| {
        a < b
            && norm[a..b]
                .iter()
                .all(|w| matches!(*w, "," | "and" | "or" | "the"))
            && norm[a..b].iter().any(|w| *w != "the")
    };
    let at = (te..p.tok).rev().find(|&i| norm[i] != "the")?;
    let opens_in = norm[at] == "in"
        && p.tok - te <= MAX_REACH / 2
        && (te..at).all(|j| {
            !HARD_BREAKS.contains(&norm[j])
                && norm[j] != ","
                && !doc.token_text(j).starts_with(char::is_uppercase)
        });
    if !opens_in {
        return None;
    }
    // "the war in Ukraine and Russia's threats": a possessor opens a new
    // noun phrase, no listed state.
    groups.iter().find(|g| {
        joint(p.tok_end, g.start)
            && !norm
                .get(g.end)
                .is_some_and(|w| matches!(*w, "'s" | "’s" | "'" | "’"))
    })
}

/// "struck targets in Iraq and Syria": a country named after "in" and
/// listed with a state the strike or seizure is done to (the group right
/// after it, joined by "and", "or" or a comma) is done to as well. Takes
/// the sentence, the groups the trigger may take, its tokens and end;
/// adds the place's pair to each pair whose target is in that group.
fn listed_with_place(
    s: &SentenceView,
    doc: &Segmented,
    groups: &[Group],
    norm: &[&str],
    te: usize,
    pairs: &mut Vec<(Side, Side)>,
) {
    let mut extra = Vec::new();
    for p in s.places.iter().filter(|p| p.country && p.tok > te) {
        let (Some(actor), Some(g)) = (
            p.actor.as_ref(),
            place_listed_group(p, doc, groups, norm, te),
        ) else {
            continue;
        };
        for (src, tgt) in pairs.iter() {
            let listed = g.members.iter().any(|m| *m.actor == *tgt.actor);
            let known = pairs
                .iter()
                .chain(&extra)
                .any(|(a, b): &(Side, Side)| a.actor == src.actor && b.actor == *actor);
            if listed && !known && src.actor != *actor {
                extra.push((
                    src.clone(),
                    Side {
                        actor: actor.clone(),
                        entities: vec![p.entity.clone()],
                    },
                ));
            }
        }
    }
    pairs.extend(extra);
}

/// A material act with one named side done in a city or building of
/// another actor ("Israeli airstrikes killed 12 people in Gaza",
/// "protesters gathered outside the U.S. embassy in Baghdad"), or a strike
/// done in another country: the place's actor is the other side.
fn struck_place(
    kind: RelationType,
    (ts, te): (usize, usize),
    groups: &[&Group],
    places: &[&Place],
    norm: &[&str],
) -> Vec<(Side, Side)> {
    use RelationType::*;
    if !matches!(kind, Protest | Assault | Coerce | Mobilize) {
        return Vec::new();
    }
    let Some(g) = groups
        .iter()
        .filter(|g| g.distinct() == 1)
        .min_by_key(|g| g.start.abs_diff(ts))
    else {
        return Vec::new();
    };
    // A country is the other side only of a strike or a seizure its
    // agent did there ("U.S. forces struck targets in Yemen"), close by.
    let country_ok = matches!(kind, Assault | Coerce) && g.end <= ts;
    let Some(p) = places
        .iter()
        .filter(|p| {
            p.tok > ts
                && (!p.country
                    || (country_ok
                        && p.tok - ts <= 10
                        && !(ts..p.tok).any(|i| {
                            HARD_BREAKS.contains(&norm[i])
                                || matches!(norm[i], "," | "which" | "that" | "who" | "where")
                        })))
        })
        .min_by_key(|p| p.tok - ts)
    else {
        return Vec::new();
    };
    if p.country && listed_countries(places, p.tok, norm) >= PLACE_LIST_MIN {
        return Vec::new();
    }
    let Some(actor) = &p.actor else {
        return Vec::new();
    };
    let place = Group::single(&ActorMention {
        actor: Rc::from(actor.as_str()),
        entity: Some(Rc::from(p.entity.as_str())),
        tok: p.tok,
        tok_end: p.tok + 1,
        reference: false,
        by_place: false,
    });
    if g.start < ts && !held_in(kind, g.end, ts, te, p.tok, norm) {
        g.cross(&place)
    } else {
        place.cross(g)
    }
}

/// The date mention of the sentence for a trigger: the most specific
/// resolved value, then the nearest.
fn date_near(
    doc: &Segmented,
    dates: &[DateMention],
    s_start: usize,
    s_end: usize,
    at: usize,
) -> Option<RelationDate> {
    // Dates come in text order: the sentence's are one slice of them.
    let from = dates.partition_point(|d| d.start < s_start);
    let to = dates.partition_point(|d| d.start < s_end);
    dates[from..to.max(from)]
        .iter()
        .filter(|d| d.start >= s_start && d.end <= s_end && d.start < d.end)
        .filter(|d| doc.text.is_char_boundary(d.start) && doc.text.is_char_boundary(d.end))
        // The most specific date wins ("October 25" over a bare "2025"),
        // then the nearest.
        .min_by_key(|d| {
            (
                std::cmp::Reverse(d.value.as_ref().map_or(0, String::len)),
                d.start.abs_diff(at),
            )
        })
        .map(|d| RelationDate {
            text: doc.text[d.start..d.end].to_string(),
            value: d.value.clone(),
        })
}

/// How clearly a candidate states its fact: an occurred act told by the
/// narrator in the body beats a headline, a claim or a hypothesis.
fn clarity(doc: &Segmented, c: &Candidate) -> i32 {
    let mut s = match c.status {
        Status::Occurred => 4,
        Status::Ongoing => 3,
        Status::Planned => 2,
        Status::Hypothetical => 1,
        Status::Negated | Status::Denied => 0,
    };
    if c.attributed_to.is_none() {
        s += 1;
    }
    if c.strength == Strength::Strong {
        s += 2;
    }
    let para = doc.sentences[c.sentence].paragraph;
    if !doc.paragraphs[para].is_title {
        s += 2;
    }
    s
}

/// One relation per (unordered pair, type), evidenced by its clearest
/// statement; a weak one dropped where the pair has a strong one of the
/// same polarity; sides merged over every statement; ids in evidence order.
fn merge(doc: &Segmented, candidates: Vec<Candidate>) -> Vec<Relation> {
    // A bare "relations" adds nothing to a pair the article links by an
    // act or a described relationship elsewhere.
    let strong: std::collections::HashSet<((&str, &str), Polarity)> = candidates
        .iter()
        .filter(|c| c.strength == Strength::Strong)
        .map(|c| {
            (
                pair_key(&c.source.actor, &c.target.actor),
                c.kind.polarity(),
            )
        })
        .collect();
    let dropped: Vec<bool> = candidates
        .iter()
        .map(|c| {
            c.strength == Strength::Weak
                && strong.contains(&(
                    pair_key(&c.source.actor, &c.target.actor),
                    c.kind.polarity(),
                ))
        })
        .collect();
    let mut best: HashMap<((String, String), RelationType), Candidate> = HashMap::new();
    let mut order = Vec::new();
    for (c, dropped) in candidates.into_iter().zip(dropped) {
        if dropped {
            continue;
        }
        let (a, b) = pair_key(&c.source.actor, &c.target.actor);
        let key = ((a.to_string(), b.to_string()), c.kind);
        match best.get_mut(&key) {
            None => {
                order.push(key.clone());
                best.insert(key, c);
            }
            Some(b) => {
                if clarity(doc, &c) > clarity(doc, b) {
                    let mut c = c;
                    // Keep the sides as the clearer statement has them.
                    merge_entities(&mut c, b);
                    *b = c;
                } else {
                    merge_entities(b, &c);
                }
            }
        }
    }
    let mut out: Vec<Candidate> = order.into_iter().filter_map(|k| best.remove(&k)).collect();
    out.sort_by_key(|c| (doc.sentences[c.sentence].start, c.trigger.0));
    out.into_iter()
        .enumerate()
        .map(|(i, c)| {
            let s = &doc.sentences[c.sentence];
            Relation {
                id: format!("R{}", i + 1),
                kind: c.kind,
                polarity: c.kind.polarity(),
                quad_class: c.kind.quad_class(),
                score: c.kind.score(),
                source: c.source,
                target: c.target,
                trigger: doc.text[c.trigger.0..c.trigger.1].to_string(),
                status: c.status,
                date: c.date,
                location: c.location,
                attributed_to: c.attributed_to,
                evidence: Mention {
                    start: s.start,
                    end: s.end,
                    text: doc.text[s.start..s.end].to_string(),
                },
            }
        })
        .collect()
}

/// Adds `other`'s entity ids to the same-actor side of `into`.
fn merge_entities(into: &mut Candidate, other: &Candidate) {
    for side in [&other.source, &other.target] {
        for mine in [&mut into.source, &mut into.target] {
            if mine.actor == side.actor {
                for e in &side.entities {
                    if !mine.entities.contains(e) {
                        mine.entities.push(e.clone());
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests;
