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
    Entity, Mention, Polarity, Quote, Relation, RelationDate, RelationType, Side, Status,
};
use crate::analysis::segment::Segmented;

use actors::{ActorMention, Group, Place};
use lexicon::Strength;

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

/// Finds the relation facts of the article.
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
    // Reused by every sentence's trigger search.
    let mut scratch = Vec::new();
    let mut placed = actors::place(doc, entities, quotes, &norm, lex);
    // Dash asides ("U.S. forces—together with the UK—struck …"): the main
    // clause reads past them, an act inside hangs on the head before them.
    let mut asides = dash_asides(doc, &norm);
    // "The two states - Egypt and Jordan - criticised": an aside that is
    // only a list of actors names the subject, and stays in the clause.
    asides.retain(|&(a, b)| {
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
        !(starts && ends && b - a <= 14)
    });
    let (main_norm, aside_norm) = aside_views(&norm, &asides);
    // Looked up by binary search below, so many triggers and event nouns
    // cost O(n log n), not their product.
    placed.event_nouns.sort_unstable();
    let quote_cover = QuoteCover::new(quotes);
    let mut candidates = Vec::new();
    let mut last_pair: Option<(ActorMention, ActorMention)> = None;
    let mut any_fact = false;
    // The subject group of the sentence before, for a pronoun subject.
    // (sentence index, members) of the last subject naming one actor, and
    // of the last naming several.
    let mut last_single: Option<(usize, Vec<ActorMention>)> = None;
    let mut last_plural: Option<(usize, Vec<ActorMention>)> = None;
    // The actor whose decision or move was last named ("the US decision").
    let mut last_owner: Option<ActorMention> = None;
    for (si, sent) in doc.sentences.iter().enumerate() {
        if budget::tick(sent.tokens.len()) {
            break;
        }
        let toks = &norm[sent.tokens.clone()];
        let base = sent.tokens.start;
        let from = placed.actors.partition_point(|m| m.tok < sent.tokens.start);
        let to = placed.actors.partition_point(|m| m.tok < sent.tokens.end);
        let found: Vec<(usize, usize, usize)> = find_triggers(toks, lex, &mut scratch)
            .into_iter()
            .filter(|&(_, _, ti)| lex.triggers[ti].kind.is_some())
            .map(|(s, e, ti)| (base + s, base + e, ti))
            .filter(|&(s, e, _)| {
                let k = placed.event_nouns.partition_point(|&n| n < s);
                placed.event_nouns.get(k).is_none_or(|&n| n >= e)
            })
            .collect();
        // A city standing in for its state must act: right before or after
        // a trigger ("Beijing lodged a protest", "accused Beijing").
        let mut mentions: Vec<ActorMention> = placed.actors[from..to]
            .iter()
            .filter(|m| {
                // The sentence's subject may stand a date away from its
                // verb ("Pyongyang on Thursday fired").
                let dated = norm.get(m.tok_end).is_some_and(|t| {
                    matches!(
                        *t,
                        "on" | "last" | "this" | "yesterday" | "today" | "earlier" | "late"
                    )
                });
                let reach = if m.tok == sent.tokens.start && dated {
                    4
                } else {
                    2
                };
                !m.by_place
                    || found.iter().any(|&(s, e, _)| {
                        (s >= m.tok_end && s - m.tok_end <= reach) || (e <= m.tok && m.tok - e <= 2)
                    })
            })
            .cloned()
            .collect();
        // "The two countries" stands for the last pair only where the
        // sentence names no other actor.
        let last = last_pair.as_ref().filter(|(a, b)| {
            mentions
                .iter()
                .all(|m| m.actor == a.actor || m.actor == b.actor)
        });
        mentions.extend(actors::pair_references(lex, toks, base, last));
        mentions.sort_by_key(|m| (m.tok, m.tok_end));
        let groups = actors::group(&mentions, &norm, doc, &lex.titles);
        // "He" takes the last one-actor subject of the two sentences before,
        // "They" the last several-actor subject of the four before, else
        // the one-actor subject of the sentence just before.
        let recent = |s: &Option<(usize, Vec<ActorMention>)>, within: usize| {
            s.as_ref()
                .filter(|(at, _)| si - at <= within)
                .map(|(_, m)| m.clone())
        };
        let carried_members = match norm[sent.tokens.start] {
            "he" | "she" => recent(&last_single, 2),
            "they" => recent(&last_plural, 4).or_else(|| recent(&last_single, 1)),
            _ => None,
        };
        let carried = carried_members.map(|members| Group {
            start: sent.tokens.start,
            end: sent.tokens.start + 1,
            members,
            compound: false,
        });
        let places_here: Vec<&Place> = {
            let from = placed.places.partition_point(|p| p.tok < sent.tokens.start);
            let to = placed.places.partition_point(|p| p.tok < sent.tokens.end);
            placed.places[from..to].iter().collect()
        };
        // The trigger each compound group belongs to alone: one look per
        // group, not one per (trigger, group).
        let owners: Vec<Option<usize>> = groups
            .iter()
            .map(|g| {
                budget::tick(found.len());
                if g.distinct() < 2 {
                    None
                } else {
                    owner(g, &found, &norm)
                }
            })
            .collect();
        let mut linked: Vec<Linked> = Vec::new();
        // Triggers whose parties are known to lie outside the sentence's actors.
        let mut elsewhere: Vec<usize> = Vec::new();
        let here_asides: &[(usize, usize)] = {
            let from = asides.partition_point(|a| a.0 < sent.tokens.start);
            let to = asides.partition_point(|a| a.0 < sent.tokens.end);
            &asides[from..to]
        };
        let inside = |g: &Group, a: &(usize, usize)| g.start > a.0 && g.end <= a.1;
        let full: &[&str] = &norm;
        for &(ts, te, ti) in &found {
            let aside = here_asides.iter().find(|a| ts > a.0 && te <= a.1);
            // The view of the tokens this trigger binds in, and the groups
            // it may take: outside an aside, none inside one; inside, the
            // aside's own (a prepositional object never its agent) and the
            // head it hangs on.
            let norm: &[&str] = match aside {
                Some(_) => &aside_norm,
                None if here_asides.is_empty() => &norm,
                None => &main_norm,
            };
            let groups: Cow<[Group]> = match aside {
                None if here_asides.is_empty() => Cow::Borrowed(&groups),
                None => groups
                    .iter()
                    .filter(|g| !here_asides.iter().any(|a| inside(g, a)))
                    .cloned()
                    .collect(),
                Some(a) => {
                    let head = groups
                        .iter()
                        .filter(|g| g.end <= a.0 && a.0 - g.end <= 6)
                        .max_by_key(|g| g.end);
                    let own: Vec<&Group> = groups
                        .iter()
                        .filter(|g| inside(g, a))
                        .filter(|g| {
                            g.start > ts || {
                                let mut b = g.start - 1;
                                while b > a.0 && norm[b] == "the" {
                                    b -= 1;
                                }
                                !PREPOSITIONS.contains(&norm[b])
                            }
                        })
                        .collect();
                    head.into_iter().chain(own).cloned().collect()
                }
            };
            let owners: Cow<[Option<usize>]> = if here_asides.is_empty() {
                Cow::Borrowed(&owners)
            } else {
                groups
                    .iter()
                    .map(|g| {
                        (g.distinct() >= 2)
                            .then(|| owner(g, &found, full))
                            .flatten()
                    })
                    .collect()
            };
            let trig = &lex.triggers[ti];
            let Some(kind) = trig.kind else { continue };
            let kind = act_kind(kind, norm, sent.tokens.clone(), ts, te, lex);
            // "the Partnership for Workers' Rights" names an initiative.
            let state = matches!(kind, RelationType::Partnership | RelationType::Tension);
            if (state || trig.strength == Strength::Weak)
                && ts > sent.tokens.start
                && doc.token_text(ts).starts_with(char::is_uppercase)
            {
                continue;
            }
            // "called on Turkey to halt drilling", "threatened to expel":
            // the requested or threatened act has not happened.
            let embedded = (ts.saturating_sub(4).max(sent.tokens.start)..ts)
                .any(|i| norm[i] == "to")
                && found.iter().any(|&(os, oe, oi)| {
                    oe < ts
                        && ts - oe <= 8
                        && matches!(
                            lex.triggers[oi].kind,
                            Some(RelationType::Request | RelationType::Threaten)
                        )
                        && !(oe..ts).any(|i| HARD_BREAKS.contains(&norm[i]))
                        && os < ts
                });
            if embedded {
                continue;
            }
            // "pledged to punish": the pledge is of a hostile act, no
            // agreement; the act itself carries the fact.
            if kind == RelationType::Agree
                && norm.get(te).is_some_and(|t| *t == "to")
                && found.iter().any(|&(os, _, oi)| {
                    os > te
                        && os - te <= 2
                        && lex.triggers[oi]
                            .kind
                            .is_some_and(|k| k.polarity() == Polarity::Conflictual)
                })
            {
                continue;
            }
            // A compound right before another trigger ("Libya–Turkey
            // relations") or after "between" belongs to that trigger alone.
            budget::tick(groups.len());
            let eligible: Vec<&Group> = groups
                .iter()
                .zip(owners.iter())
                .filter(|(_, o)| o.is_none_or(|o| o == ts))
                .map(|(g, _)| g)
                .collect();
            // "He noted…", "They called on…": the subject of the sentence
            // before, when nothing else stands left of the trigger.
            let pronoun_subject = !groups.iter().any(|g| g.end <= ts);
            let mut eligible = eligible;
            if pronoun_subject && let Some(g) = &carried {
                eligible.insert(0, g);
            }
            let mut pairs = pair_sides(kind, ts, te, &eligible, norm);
            let nothing_left = !eligible.iter().any(|g| g.end <= ts);
            if pairs.is_empty() && nothing_left && eligible.len() < groups.len() {
                // "an upswing in U.S.-Pakistan relations": with no other
                // actor around, the compound is this trigger's too.
                let all: Vec<&Group> = groups
                    .iter()
                    .filter(|g| g.compound || eligible.iter().any(|e| e.start == g.start))
                    .collect();
                pairs = pair_sides(kind, ts, te, &all, norm);
            }
            if pairs.is_empty() {
                pairs = struck_place(kind, ts, &eligible, &places_here, norm);
            }
            // "The Arab League condemned the move": a reaction to an act
            // whose owner was named before.
            if pairs.is_empty()
                && REACTIONS.contains(&kind)
                && let Some(owner) = &last_owner
            {
                let object =
                    (te..(te + 4).min(sent.tokens.end)).any(|i| lex.act_nouns.contains(norm[i]));
                // "The operation was condemned by members of the EU."
                let passive_subject = (ts.saturating_sub(4).max(sent.tokens.start)..ts)
                    .any(|i| lex.act_nouns.contains(norm[i]))
                    && norm.get(te).is_some_and(|t| *t == "by");
                let owner = Group::single(owner);
                if object && let Some(l) = left_side(ts, &eligible, norm) {
                    pairs = l.cross(&owner);
                } else if passive_subject
                    && let Some(r) = eligible
                        .iter()
                        .filter(|g| g.start > te && g.start - te <= 4)
                        .min_by_key(|g| g.start)
                {
                    pairs = r.cross(&owner);
                }
            }
            // "end the war in Ukraine": the war is in that country, so a
            // pair found elsewhere without it is not this war's.
            if kind == RelationType::Assault
                && norm.get(te).is_some_and(|t| *t == "in")
                && let Some(c) = places_here
                    .iter()
                    .find(|p| p.country && (p.tok == te + 1 || p.tok == te + 2))
                    .and_then(|p| p.actor.as_ref())
            {
                pairs.retain(|(s, t)| &s.actor == c || &t.actor == c);
                if pairs.is_empty() {
                    elsewhere.push(ts);
                }
            }
            // "grateful to our partners …, including the Governments of
            // Qatar, Oman and Switzerland": the list names the collective
            // the act was done to.
            if pairs.is_empty()
                && let Some(l) = left_side(ts, &eligible, norm)
                && let Some(g) = including(doc, te, sent.tokens.end, &groups, norm)
            {
                pairs = l.cross(g);
            }
            // "X welcomed the recent commitment by Angola, Zambia and the
            // DRC": a mutual act whose agents follow it is theirs alone.
            // A participle ("was joined by A and B") has its agents join
            // someone else.
            if mutual(kind)
                && norm.get(te).is_some_and(|t| *t == "by")
                && !norm[te - 1].ends_with("ed")
                && let Some(g) = groups.iter().find(|g| g.start > te && g.start - te <= 2)
                && g.distinct() >= 2
            {
                pairs = g.inner_pairs();
            }
            // "X condemned Y, as did A, B and C": the list does the same
            // act to the same side.
            if !pairs.is_empty()
                && let Some(g) = as_did(te, sent.tokens.end, &groups, norm)
            {
                let targets: Vec<Side> = pairs.iter().map(|(_, t)| t.clone()).collect();
                for t in targets {
                    for m in g.sides() {
                        if m.actor != t.actor
                            && !pairs
                                .iter()
                                .any(|(a, b)| a.actor == m.actor && b.actor == t.actor)
                        {
                            pairs.push((m, t.clone()));
                        }
                    }
                }
            }
            if !pairs.is_empty() {
                linked.push((ts, te, ti, kind, pairs));
            }
        }
        // A sentence naming exactly two actors around an act the rules
        // above could not bind ("In Baghdad on Monday, the Iraqi premier
        // received a message from Iran"): the act links the two.
        if linked.is_empty()
            && let Some((a, b)) = actors::sole_pair(&mentions)
            && let Some(&(ts, te, ti)) = found
                .iter()
                .filter(|&&(ts, _, ti)| {
                    let t = &lex.triggers[ti];
                    if elsewhere.contains(&ts) {
                        return false;
                    }
                    t.strength == Strength::Strong
                        && t.kind.is_some_and(|k| {
                            !matches!(k, RelationType::Partnership | RelationType::Tension)
                        })
                        && !doc.token_text(ts).starts_with(char::is_uppercase)
                        // Each actor named on the trigger's side of any
                        // quotation mark or clause break.
                        && [&a, &b].iter().all(|x| {
                            mentions.iter().any(|m| {
                                !m.reference
                                    && m.actor == x.actor
                                    && unbroken_span(m.tok, ts, &norm)
                                        .is_some_and(|d| d <= MAX_REACH)
                            })
                        })
                })
                .min_by_key(|&&(ts, _, _)| {
                    mentions
                        .iter()
                        .filter(|m| !m.reference)
                        .map(|m| m.tok.abs_diff(ts))
                        .min()
                })
        {
            let side = |m: &ActorMention| Side {
                actor: m.actor.to_string(),
                entities: m.entity.iter().map(|e| e.to_string()).collect(),
            };
            let kind = lex.triggers[ti].kind.map_or(RelationType::Consult, |k| {
                act_kind(k, &norm, sent.tokens.clone(), ts, te, lex)
            });
            linked.push((ts, te, ti, kind, vec![(side(&a), side(&b))]));
        }
        let mut here = Vec::new();
        for (ts, te, ti, kind, pairs) in linked {
            let trig = &lex.triggers[ti];
            let start = doc.tokens[ts].start;
            let end = doc.tokens[te - 1].end;
            // A refusal happened; its act's own status is the negation.
            let status = if trig.kind == Some(kind) {
                status::status(&norm, sent.tokens.clone(), ts, te, kind, lex)
            } else {
                Status::Occurred
            };
            let attributed_to = quote_cover
                .first_holding(quotes, start, end)
                .and_then(|q| q.speaker.clone());
            let date = date_near(doc, dates, sent.start, sent.end, start);
            let location = places_here
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
                    sentence: si,
                    strength: trig.strength,
                    date: date.clone(),
                    location: location.clone(),
                    attributed_to: attributed_to.clone(),
                });
            }
        }
        // A bare relationship word only counts when nothing stronger links the pair.
        let strong: Vec<(&str, &str)> = here
            .iter()
            .filter(|c| c.strength == Strength::Strong)
            .map(|c| pair_key(&c.source.actor, &c.target.actor))
            .collect();
        let keep: Vec<bool> = here
            .iter()
            .map(|c| {
                c.strength == Strength::Strong
                    || !strong.contains(&pair_key(&c.source.actor, &c.target.actor))
            })
            .collect();
        let mut keep = keep.into_iter();
        here.retain(|_| keep.next().unwrap_or(true));
        // "The two leaders" next stand for the pair of the first act, the
        // main clause's in news prose, not of a trailing "since the invasion".
        if let Some(c) = here.first() {
            last_pair = Some((
                ActorMention::standing_for(&c.source),
                ActorMention::standing_for(&c.target),
            ));
            any_fact = true;
        } else if !any_fact && let Some(p) = actors::sole_pair(&mentions) {
            last_pair = Some(p);
        }
        let first_trigger = found.first().map_or(usize::MAX, |f| f.0);
        if let Some(o) = act_owner(&mentions, &norm, sent.tokens.clone(), &found, lex) {
            last_owner = Some(o);
        }
        if let Some(g) = groups.first().filter(|g| g.end <= first_trigger) {
            if g.distinct() >= 2 {
                last_plural = Some((si, g.members.clone()));
            } else {
                last_single = Some((si, g.members.clone()));
            }
        }
        candidates.extend(here);
    }
    merge(doc, candidates)
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
) -> Option<&'g Group> {
    let stop = (te + MAX_REACH).min(end);
    let at = (te..stop)
        .take_while(|&i| !matches!(norm[i], ";" | ":" | "\"" | "\u{201c}" | "\u{201d}"))
        .find(|&i| {
            matches!(norm[i], "including" | "notably")
                || (norm[i] == "such" && norm.get(i + 1).is_some_and(|t| *t == "as"))
        })?;
    groups
        .iter()
        .find(|g| g.start > at && g.start - at <= 5)
        // Only names and their frame ("the Governments of"), no verb
        // ("including calling for a UN debate").
        .filter(|g| {
            (at + 1..g.start).all(|i| {
                matches!(norm[i], "the" | "of") || doc.token_text(i).starts_with(char::is_uppercase)
            })
        })
}

/// Tokens between positions `a` and `b` when no quotation mark, comma,
/// clause break or contrasting conjunction stands between them.
fn unbroken_span(a: usize, b: usize, norm: &[&str]) -> Option<usize> {
    let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
    let broken = (lo + 1..hi).any(|i| {
        HARD_BREAKS.contains(&norm[i])
            || matches!(
                norm[i],
                "," | "\"" | "\u{201c}" | "\u{201d}" | "while" | "whereas" | "but" | "although"
            )
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
fn left_side<'g>(ts: usize, groups: &[&'g Group], norm: &[&str]) -> Option<&'g Group> {
    // "Washington's engagement with Islamabad … its partnership with New
    // Delhi": the owner of "its" is no prepositional object.
    let owned = (ts.saturating_sub(2)..ts).any(|i| matches!(norm[i], "its" | "their"));
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
                    || (norm[i] == "," && !first)
                    || matches!(norm[i], "while" | "whereas" | "although")
            })
        })
        .max_by_key(|g| g.end)
        .copied()
}

/// The (source, target) sides a trigger at tokens `ts..te` links.
fn pair_sides(
    kind: RelationType,
    ts: usize,
    te: usize,
    groups: &[&Group],
    norm: &[&str],
) -> Vec<(Side, Side)> {
    let state = matches!(kind, RelationType::Partnership | RelationType::Tension);
    let right_reach = if state { 4 } else { MAX_REACH / 2 };
    budget::tick(groups.len());
    let left = left_side(ts, groups, norm);
    let right = groups
        .iter()
        .filter(|g| g.start > ts && g.start.saturating_sub(te) <= right_reach)
        .filter(|g| {
            !(te.min(g.start)..g.start).any(|i| HARD_BREAKS.contains(&norm[i]) || norm[i] == ",")
        })
        .min_by_key(|g| g.start)
        .copied();
    // "talks between X and Y", "tensions among them"
    let between = right.is_some_and(|r| {
        r.start.saturating_sub(te) <= 5
            && r.start
                .checked_sub(1)
                .is_some_and(|b| matches!(norm[b], "between" | "among" | "amongst"))
    });
    if let Some(r) = right
        && between
        && r.distinct() >= 2
    {
        // "Qatar mediated between Israel and Hamas": the host or mediator
        // meets each side too.
        let mut out = r.inner_pairs();
        if kind == RelationType::Consult
            && let Some(l) = left
            && l.distinct() == 1
        {
            out.extend(l.cross(r));
        }
        return out;
    }
    // A list of several actors pairs up only as the close subject of an
    // act, not for a relationship word far from it.
    if let Some(l) = left
        && l.distinct() >= 2
        && mutual(kind)
        && (ts - l.end <= 4
            || (l.distinct() == 2 && ts - l.end <= 10)
            || (!state && groups.iter().all(|g| g.start >= l.start)))
        && (l.distinct() <= 3 || !state)
    {
        // "X and Y praised Z", "X and Y struck Z": a directed act pairs
        // each with its object, not the two with each other.
        if matches!(kind, RelationType::Support | RelationType::Assault)
            && let Some(r) = right
        {
            return l.cross(r);
        }
        // "X and Y signed a deal"; "X and Y met with Z" also pairs each with Z.
        let mut out = l.inner_pairs();
        if let Some(r) = right
            && r.start.saturating_sub(te) <= 3
        {
            out.extend(l.cross(r));
        }
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
    match (left, right) {
        (Some(l), Some(r)) => {
            let passive = (te.min(r.start)..r.start).any(|i| norm[i] == "by")
                && (l.end..ts).any(|i| matches!(norm[i], "was" | "were" | "been" | "being"));
            if passive { r.cross(l) } else { l.cross(r) }
        }
        // "an upswing in U.S.-Pakistan relations", "a meeting of X and Y"
        (None, Some(r))
            if r.distinct() >= 2
                && mutual(kind)
                && (r.compound || r.start.checked_sub(1).is_some_and(|b| norm[b] == "of")) =>
        {
            r.inner_pairs()
        }
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

/// A material act with one named side done in a city or building of
/// another actor ("Israeli airstrikes killed 12 people in Gaza",
/// "protesters gathered outside the U.S. embassy in Baghdad"), or a strike
/// done in another country: the place's actor is the other side.
fn struck_place(
    kind: RelationType,
    ts: usize,
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
    if g.start < ts {
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
