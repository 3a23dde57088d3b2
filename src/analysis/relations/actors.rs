//! Actor mentions in a sentence and their coordinated groups.
//!
//! Input: entities (those with an `actor`), quotes, the normalised tokens.
//! Output: [`ActorMention`]s at token positions, the place entities named
//! as where something happened ("in Islamabad", "at the White House"), and
//! [`Group`]s of coordinated mentions. Invariant: token indices are global
//! indices into `Segmented::tokens`.

use std::rc::Rc;

use crate::analysis::model::{Entity, EntityType, Mention, Quote, QuoteKind, Side};
use crate::analysis::segment::Segmented;

use super::lexicon::{Reference, TriggerLexicon};

/// One mention of an actor: an entity with an actor code, or a reference
/// phrase standing for one ("the two countries", "we" in a quote). The
/// actor code and entity id are shared, not copied, by the mention's
/// copies in groups and in the sentences after.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActorMention {
    pub actor: Rc<str>,
    pub entity: Option<Rc<str>>,
    /// First token and one past the last.
    pub tok: usize,
    pub tok_end: usize,
    /// A reference phrase rather than a name.
    pub reference: bool,
    /// A city or building standing in for its state without the entity
    /// stage saying so: counts only next to a trigger.
    pub by_place: bool,
}

impl ActorMention {
    /// A placeholder mention standing for a side found earlier.
    pub fn standing_for(side: &Side) -> ActorMention {
        ActorMention {
            actor: Rc::from(side.actor.as_str()),
            entity: side.entities.first().map(|e| Rc::from(e.as_str())),
            tok: usize::MAX,
            tok_end: usize::MAX,
            reference: true,
            by_place: false,
        }
    }
}

/// A place named as where something happened ("in Islamabad").
#[derive(Debug, Clone)]
pub struct Place {
    /// First token and one past the last.
    pub tok: usize,
    pub tok_end: usize,
    pub entity: String,
    /// The actor of the place, when it has one; `country` is false for a
    /// city, region or building.
    pub actor: Option<String>,
    pub country: bool,
}

/// Actor mentions and act places of the whole article.
#[derive(Debug, Default)]
pub struct Placed {
    pub actors: Vec<ActorMention>,
    /// Places named as where something happened.
    pub places: Vec<Place>,
    /// Gathering nouns after an event's name ("the G20 summit"): the
    /// event, not an act of two parties, so no trigger.
    pub event_nouns: Vec<usize>,
}

/// First token overlapping `start..end`, and one past the last.
fn token_span(doc: &Segmented, start: usize, end: usize) -> Option<(usize, usize)> {
    let a = doc.tokens.partition_point(|t| t.end <= start);
    let b = doc.tokens.partition_point(|t| t.start < end);
    (a < b).then_some((a, b))
}

/// Whether a GPE entity is a country (rather than a city used as a place).
fn is_country(e: &Entity) -> bool {
    e.kb.iso3166.is_some()
}

/// Whether the name at tokens `p..b` (`p` before any "the") is a topic:
/// followed by a topic noun ("the Ukraine issue"), the object of a topic
/// preposition ("over Taiwan", not "over Russia's invasion"), or after a
/// topic governor ("the situation in Gaza").
fn is_topic(norm: &[&str], p: usize, b: usize, lex: &TriggerLexicon) -> bool {
    let next = norm.get(b).copied();
    if next.is_some_and(|t| lex.topic_nouns.contains(t)) {
        return true;
    }
    let possessive = matches!(next, Some("'s" | "'" | "s"));
    if !possessive
        && p > 0
        && lex.topic_prepositions.contains(norm[p - 1])
        && next.is_none_or(|t| {
            !t.chars().any(char::is_alphanumeric)
                || matches!(
                    t,
                    "and"
                        | "or"
                        | "on"
                        | "in"
                        | "at"
                        | "with"
                        | "during"
                        | "after"
                        | "before"
                        | "as"
                        | "amid"
                        | "since"
                        | "when"
                        | "while"
                        | "which"
                        | "that"
                )
        })
    {
        return true;
    }
    (p.saturating_sub(4)..p).any(|k| lex.topic_governors.matches_span(norm, k, p))
}

/// One past the gathering noun when the name ending before token `b` names
/// a gathering ("G20 summit", "G20 leaders' summit").
fn event_end(norm: &[&str], b: usize, lex: &TriggerLexicon) -> Option<usize> {
    let mut i = b;
    while i < norm.len() && i < b + 3 {
        let t = norm[i];
        if lex.event_nouns.contains(t) {
            return Some(i + 1);
        }
        if !lex.event_modifiers.contains(t) {
            return None;
        }
        i += 1;
    }
    None
}

/// Whether a preposition governs the noun phrase starting at token `p`
/// ("during the next", "in the"), so it is no subject.
fn governed_by_preposition(norm: &[&str], p: usize) -> bool {
    let mut k = p;
    while k > 0 && k + 3 > p {
        let t = norm[k - 1];
        if matches!(
            t,
            "in" | "at"
                | "of"
                | "to"
                | "during"
                | "for"
                | "from"
                | "on"
                | "before"
                | "after"
                | "since"
                | "until"
                | "ahead"
                | "into"
                | "by"
        ) {
            return true;
        }
        if !matches!(
            t,
            "the"
                | "a"
                | "an"
                | "next"
                | "upcoming"
                | "annual"
                | "ongoing"
                | "this"
                | "last"
                | "recent"
                | "latest"
                | "first"
                | "emergency"
                | "special"
                | "extraordinary"
        ) {
            return false;
        }
        k -= 1;
    }
    false
}

/// Whether an act's trigger starts at token `i` or after an auxiliary
/// there: the gathering before it is the one acting ("the EU summit agreed").
fn acts_at(norm: &[&str], i: usize, lex: &TriggerLexicon) -> bool {
    let start = match norm.get(i).copied() {
        Some("has" | "have" | "had" | "will" | "would" | "was" | "is") => i + 1,
        Some(_) => i,
        None => return false,
    };
    let mut cands = Vec::new();
    norm.get(start).is_some_and(|t| {
        lex.candidates(t, &mut cands);
        cands.iter().any(|&ti| {
            lex.triggers[ti].kind.is_some()
                && lex.triggers[ti].pattern.match_at(norm, start).is_some()
        })
    })
}

/// Finds the actor mentions and act places of the article: each entity
/// mention as an actor, a place of the act or neither; "we" in a quote
/// for its speaker's actor; the narrator's "we" in a statement.
pub fn place(
    doc: &Segmented,
    entities: &[Entity],
    quotes: &[Quote],
    norm: &[&str],
    lex: &TriggerLexicon,
) -> Placed {
    let mut out = Placed::default();
    for e in entities {
        entity_mentions(doc, e, norm, lex, &mut out);
    }
    speaker_references(doc, entities, quotes, norm, lex, &mut out.actors);
    out.actors.sort_by_key(|m| (m.tok, m.tok_end));
    let own = narrator(doc, norm, lex, quotes, &out.actors);
    if !own.is_empty() {
        out.actors.extend(own);
        out.actors.sort_by_key(|m| (m.tok, m.tok_end));
    }
    out.places.sort_by_key(|p| p.tok);
    listed_places(entities, norm, lex, &mut out);
    out
}

/// A country list after "in" counts its later names as places from this
/// many names on ("arrests were made in Australia, Brazil and Canada");
/// "in Iraq and Syria" may name two states struck.
const PLACE_LIST_MIN: usize = 3;

/// "arrests were made in Australia, Brazil, Canada and Spain": the
/// countries listed after a country place, up to the "and" or "or" that
/// closes the list, are places too, not parties. Takes the article's
/// entities, tokens and lexicon; moves such mentions from `out.actors` to
/// `out.places`. A list that runs on into words ("In Syria, Russia and
/// Iran struck") is the next clause's subject and stays.
fn listed_places(entities: &[Entity], norm: &[&str], lex: &TriggerLexicon, out: &mut Placed) {
    let country = |m: &ActorMention| {
        m.entity
            .as_deref()
            .is_some_and(|id| entities.iter().any(|e| e.id == id && is_country(e)))
    };
    let mut moved: Vec<usize> = Vec::new();
    for p in out.places.iter().filter(|p| p.country) {
        let (mut end, mut chain, mut closed) = (p.tok_end, Vec::new(), false);
        let mut k = out.actors.partition_point(|m| m.tok < end);
        while let Some(m) = out.actors.get(k).filter(|m| !m.reference && country(m)) {
            let gap = &norm[end..m.tok];
            let joins = !gap.is_empty()
                && gap.iter().all(|w| matches!(*w, "," | "and" | "or" | "the"))
                && gap.iter().any(|w| *w != "the");
            if !joins {
                break;
            }
            chain.push(k);
            end = m.tok_end;
            k += 1;
            if gap.iter().any(|w| matches!(*w, "and" | "or")) {
                closed = true;
                break;
            }
        }
        let ends = norm.get(end).is_none_or(|w| {
            !w.starts_with(|c: char| c.is_alphanumeric()) || lex.place_list_ends.contains(w)
        });
        if closed && ends && chain.len() + 1 >= PLACE_LIST_MIN {
            moved.extend(chain);
        }
    }
    if moved.is_empty() {
        return;
    }
    let mut i = 0;
    out.actors.retain(|m| {
        let keep = !moved.contains(&i);
        if !keep {
            out.places.push(Place {
                tok: m.tok,
                tok_end: m.tok_end,
                entity: m.entity.as_deref().unwrap_or_default().to_string(),
                actor: Some(m.actor.to_string()),
                country: true,
            });
        }
        i += 1;
        keep
    });
    out.places.sort_by_key(|p| p.tok);
}

/// What one entity mention is where it stands.
enum Role {
    /// Neither side nor place: what is talked about, or a name that only
    /// says whose place follows.
    Neither,
    /// Where something happened; an event's name also marks its gathering
    /// noun (token), which is no trigger.
    Place { event_noun: Option<usize> },
    /// A party, when the entity has an actor.
    Party,
}

/// Sorts the mentions of one entity into actor mentions and places.
fn entity_mentions(
    doc: &Segmented,
    e: &Entity,
    norm: &[&str],
    lex: &TriggerLexicon,
    out: &mut Placed,
) {
    // A city or building of a state that acts ("accused Beijing", "the
    // Kremlin said") stands for that state's government.
    let actor = e.actor.as_deref().or_else(|| {
        matches!(e.kind, EntityType::Gpe | EntityType::Fac)
            .then_some(e.country.as_deref())
            .flatten()
    });
    // The actor code and id every actor mention of the entity shares.
    let mut shared: Option<(Rc<str>, Rc<str>)> = None;
    for m in &e.mentions {
        let Some((a, b)) = token_span(doc, m.start, m.end) else {
            continue;
        };
        match mention_role(doc, e, m, (a, b), norm, lex) {
            Role::Neither => {}
            Role::Place { event_noun } => {
                out.places.push(Place {
                    tok: a,
                    tok_end: b,
                    entity: e.id.clone(),
                    actor: event_noun
                        .is_none()
                        .then(|| actor.map(str::to_string))
                        .flatten(),
                    country: event_noun.is_none() && is_country(e),
                });
                out.event_nouns.extend(event_noun);
            }
            Role::Party => {
                // A dateline ("BRUSSELS -") only says where the story was filed.
                let dateline = e.actor.is_none()
                    && m.text.chars().filter(|c| c.is_alphabetic()).count() > 3
                    && !m.text.chars().any(char::is_lowercase);
                if let Some(actor) = actor.filter(|_| !dateline) {
                    let (actor, id) =
                        shared.get_or_insert_with(|| (Rc::from(actor), Rc::from(e.id.as_str())));
                    out.actors.push(ActorMention {
                        actor: actor.clone(),
                        entity: Some(id.clone()),
                        tok: a,
                        tok_end: b,
                        reference: false,
                        by_place: e.actor.is_none(),
                    });
                }
            }
        }
    }
}

/// The role of an entity's mention at tokens `a..b`.
fn mention_role(
    doc: &Segmented,
    e: &Entity,
    m: &Mention,
    (a, b): (usize, usize),
    norm: &[&str],
    lex: &TriggerLexicon,
) -> Role {
    let placelike = match e.kind {
        EntityType::Fac | EntityType::Loc => true,
        EntityType::Gpe => !is_country(e),
        _ => false,
    };
    let mut p = a;
    while p > 0 && matches!(norm[p - 1], "the") {
        p -= 1;
    }
    let after_prep = p > 0 && lex.place_prepositions.contains(norm[p - 1]);
    // "in Pakistan" is where, not who, save after "invest in".
    let governed = p > 1 && lex.place_governors.matches_span(norm, p - 2, p - 1);
    // Part of a compound ("U.S.-Pakistan relations"): a party.
    let in_compound = doc.tokens[a].start != m.start
        || doc.tokens[b - 1].end != m.end
        || (b < doc.tokens.len() && is_joining_dash(doc, b))
        || (a > 0 && is_joining_dash(doc, a - 1));
    let whole_token = !in_compound;
    let country_place = is_country(e)
        && whole_token
        && p > 0
        && matches!(norm[p - 1], "in" | "inside")
        && !governed;
    // "on the sidelines of the UN General Assembly", "to China, where …"
    let venue = (p.saturating_sub(4)..p).any(|k| lex.venues.matches_span(norm, k, p))
        || (e.kind == EntityType::Gpe
            && norm.get(b).is_some_and(|t| *t == ",")
            && norm.get(b + 1).is_some_and(|t| *t == "where"));
    // "on the Ukraine issue", "sanctions over Taiwan", "the situation in
    // Gaza": what is talked about; "in the South Korean capital Seoul":
    // the name only says whose place it is.
    if (whole_token && is_topic(norm, p, b, lex))
        || (after_prep && norm.get(b).is_some_and(|t| lex.place_nouns.contains(t)))
    {
        return Role::Neither;
    }
    // "on the fringe of the G20 summit": the organisation names the
    // gathering, a venue, unless the gathering itself acts.
    if e.kind == EntityType::Org
        && whole_token
        && let Some(after) = event_end(norm, b, lex)
        && (governed_by_preposition(norm, p) || !acts_at(norm, after, lex))
    {
        return Role::Place {
            event_noun: Some(after - 1),
        };
    }
    // "at the G20 in India": a forum named for its meeting is where.
    let forum = e.kind == EntityType::Org
        && whole_token
        && p > 0
        && matches!(norm[p - 1], "at" | "during")
        && e.actor.as_deref().is_some_and(|a| lex.forums.contains(&a));
    if (placelike && after_prep) || country_place || venue || forum {
        Role::Place { event_noun: None }
    } else {
        Role::Party
    }
}

/// "we", "our" inside a quote stand for the speaker's actor.
fn speaker_references(
    doc: &Segmented,
    entities: &[Entity],
    quotes: &[Quote],
    norm: &[&str],
    lex: &TriggerLexicon,
    out: &mut Vec<ActorMention>,
) {
    // Entities by id, for the speakers of quotes: one look each.
    let by_id: std::collections::HashMap<&str, &Entity> =
        entities.iter().rev().map(|e| (e.id.as_str(), e)).collect();
    for q in quotes {
        if q.kind == QuoteKind::Indirect {
            continue;
        }
        let Some(e) = q.speaker.as_deref().and_then(|id| by_id.get(id).copied()) else {
            continue;
        };
        let Some(actor) = e.actor.as_deref() else {
            continue;
        };
        let Some((a, b)) = token_span(doc, q.start, q.end) else {
            continue;
        };
        let (actor, id): (Rc<str>, Rc<str>) = (Rc::from(actor), Rc::from(e.id.as_str()));
        for i in a..b {
            let raw = doc.token_text(i);
            // "US" in capitals is the country, not the pronoun.
            if raw.len() > 1 && raw.chars().all(|c| c.is_uppercase()) {
                continue;
            }
            let hit = lex
                .references
                .iter()
                .any(|(r, p)| *r == Reference::Speaker && p.match_at(norm, i) == Some(i + 1));
            if hit {
                out.push(ActorMention {
                    actor: actor.clone(),
                    entity: Some(id.clone()),
                    tok: i,
                    tok_end: i + 1,
                    reference: true,
                    by_place: false,
                });
            }
        }
    }
}

/// The first-person words of a text that is its author's own statement:
/// a headline opening "Statement by President X on …", "Joint Statement
/// from A and B on …", "Remarks of the Foreign Minister of Y" makes the
/// narrator's "we", "our", "I" outside quotes stand for the actors named
/// between the opening and the topic (at most three). `actors` are the
/// article's actor mentions, sorted.
fn narrator(
    doc: &Segmented,
    norm: &[&str],
    lex: &TriggerLexicon,
    quotes: &[Quote],
    actors: &[ActorMention],
) -> Vec<ActorMention> {
    let Some(title) = doc.paragraphs.first().filter(|p| p.is_title) else {
        return Vec::new();
    };
    let (Some(first), Some(last)) = (
        doc.sentences.get(title.sentences.start),
        title
            .sentences
            .end
            .checked_sub(1)
            .and_then(|i| doc.sentences.get(i)),
    ) else {
        return Vec::new();
    };
    let (at, title_end) = (first.tokens.start, last.tokens.end);
    let Some(open_end) =
        (at..(at + 2).min(title_end)).find_map(|i| lex.statement_openers.match_at(norm, i))
    else {
        return Vec::new();
    };
    // The topic starts at its preposition: "… on the Release of …".
    let stop = (open_end..title_end)
        .find(|&i| {
            matches!(
                norm[i],
                "on" | "regarding" | "about" | "concerning" | "in" | "at" | "to" | "after"
            )
        })
        .unwrap_or(title_end);
    let mut voice: Vec<&ActorMention> = Vec::new();
    let from = actors.partition_point(|m| m.tok < open_end);
    for m in actors[from..].iter().take_while(|m| m.tok_end <= stop) {
        if !m.reference && !voice.iter().any(|v| v.actor == m.actor) {
            voice.push(m);
        }
    }
    if voice.is_empty() || voice.len() > 3 {
        return Vec::new();
    }
    // Token ranges of the quotes, sorted: first person there is the quoted speaker's.
    let mut quoted: Vec<(usize, usize)> = quotes
        .iter()
        .filter_map(|q| token_span(doc, q.start, q.end))
        .collect();
    quoted.sort_unstable();
    let mut q = 0;
    let mut out = Vec::new();
    for (i, word) in norm.iter().enumerate().skip(title_end) {
        while q < quoted.len() && quoted[q].1 <= i {
            q += 1;
        }
        if quoted[q..].first().is_some_and(|&(a, _)| a <= i) {
            continue;
        }
        if !lex.narrator_words.contains(word) {
            continue;
        }
        // "US" in capitals is the country, not the pronoun.
        let raw = doc.token_text(i);
        if raw.len() > 1 && raw.chars().all(|c| c.is_uppercase()) {
            continue;
        }
        for v in &voice {
            out.push(ActorMention {
                actor: v.actor.clone(),
                entity: v.entity.clone(),
                tok: i,
                tok_end: i + 1,
                reference: true,
                by_place: false,
            });
        }
    }
    out
}

/// Mentions for the pair phrases of a sentence ("the two countries"),
/// standing for `last` (the pair talked about before).
pub fn pair_references(
    lex: &TriggerLexicon,
    toks: &[&str],
    base: usize,
    last: Option<&(ActorMention, ActorMention)>,
) -> Vec<ActorMention> {
    let Some((a, b)) = last else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let mut cands = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        lex.reference_candidates(tok, &mut cands);
        for &ri in &cands {
            let (r, p) = &lex.references[ri];
            if *r != Reference::Pair {
                continue;
            }
            if let Some(end) = p.match_at(toks, i) {
                for m in [a, b] {
                    out.push(ActorMention {
                        actor: m.actor.clone(),
                        entity: m.entity.clone(),
                        tok: base + i,
                        tok_end: base + end,
                        reference: true,
                        by_place: false,
                    });
                }
            }
        }
    }
    out
}

/// The two actors of a sentence that names exactly two, by name.
pub fn sole_pair(mentions: &[ActorMention]) -> Option<(ActorMention, ActorMention)> {
    let named: Vec<&ActorMention> = mentions.iter().filter(|m| !m.reference).collect();
    let first = named.first()?;
    let other = named.iter().find(|m| m.actor != first.actor)?;
    if named
        .iter()
        .any(|m| m.actor != first.actor && m.actor != other.actor)
    {
        return None;
    }
    Some(((*first).clone(), (*other).clone()))
}

/// Coordinated actor mentions: "Egypt, Greece and Cyprus", "U.S.-Pakistan",
/// "Pakistani Prime Minister Shehbaz Sharif and Army Chief Asim Munir".
#[derive(Debug, Clone)]
pub struct Group {
    pub start: usize,
    pub end: usize,
    pub members: Vec<ActorMention>,
    /// Written as one word: "U.S.-Pakistan", "Libya–Turkey".
    pub compound: bool,
}

/// Tokens that may stand between two coordinated mentions.
const CONNECTORS: [&str; 10] = [
    "and", ",", "&", "/", "or", "nor", "as", "well", "the", "its",
];

impl Group {
    pub fn single(m: &ActorMention) -> Group {
        Group {
            start: m.tok,
            end: m.tok_end,
            members: vec![m.clone()],
            compound: true,
        }
    }

    /// Distinct actors in the group.
    pub fn distinct(&self) -> usize {
        self.actors().len()
    }

    fn actors(&self) -> Vec<&str> {
        let mut v: Vec<&str> = Vec::new();
        for m in &self.members {
            if !v.contains(&&*m.actor) {
                v.push(&m.actor);
            }
        }
        v
    }

    /// The distinct actors of the group, each as a side.
    pub fn sides(&self) -> Vec<Side> {
        self.actors().into_iter().map(|a| self.side(a)).collect()
    }

    fn side(&self, actor: &str) -> Side {
        let mut entities = Vec::new();
        for m in self.members.iter().filter(|m| &*m.actor == actor) {
            if let Some(e) = &m.entity
                && !entities.iter().any(|x: &String| x == &**e)
            {
                entities.push(e.to_string());
            }
        }
        Side {
            actor: actor.to_string(),
            entities,
        }
    }

    /// Every pair of different actors of the group, in text order.
    pub fn inner_pairs(&self) -> Vec<(Side, Side)> {
        let actors = self.actors();
        let mut out = Vec::new();
        for (i, a) in actors.iter().enumerate() {
            for b in &actors[i + 1..] {
                out.push((self.side(a), self.side(b)));
            }
        }
        out
    }

    /// Every (actor of self, actor of other) pair of different actors.
    pub fn cross(&self, other: &Group) -> Vec<(Side, Side)> {
        let mut out = Vec::new();
        for a in self.actors() {
            for b in other.actors() {
                if a != b {
                    out.push((self.side(a), other.side(b)));
                }
            }
        }
        out
    }
}

/// Groups the sorted mentions of one sentence.
pub fn group(
    mentions: &[ActorMention],
    norm: &[&str],
    doc: &Segmented,
    titles: &super::lexicon::Words,
) -> Vec<Group> {
    // Each run holds its members with the kind of gap before each.
    let mut runs: Vec<(Group, Vec<Join>)> = Vec::new();
    for m in mentions {
        if let Some((g, joins)) = runs.last_mut() {
            let gap = g.end..m.tok;
            let tight = m.tok < g.end || gap.clone().all(|i| is_joining_dash(doc, i));
            // ", and the US statement" after a single actor joins clauses, not a list.
            let clause_and = g.members.len() == 1
                && gap
                    .clone()
                    .any(|i| norm[i] == "," && norm.get(i + 1).is_some_and(|n| *n == "and"));
            let joined = tight
                || (gap.len() <= 6
                    && !clause_and
                    && gap.clone().all(|i| {
                        CONNECTORS.contains(&norm[i])
                            || is_title_word(doc.token_text(i))
                            || titles.contains(norm[i])
                    }));
            if joined {
                let join = if tight {
                    Join::Tight
                } else if gap
                    .clone()
                    .any(|i| matches!(norm[i], "and" | "or" | "nor" | "&" | "/"))
                {
                    Join::And
                } else if gap.clone().any(|i| norm[i] == ",") {
                    Join::Comma
                } else {
                    Join::Title
                };
                g.compound &= tight;
                g.end = g.end.max(m.tok_end);
                g.members.push(m.clone());
                joins.push(join);
                continue;
            }
        }
        runs.push((Group::single(m), vec![Join::Tight]));
    }
    // Commas make a list only when an "and" closes it: "Russia, Rubio
    // noted" is two clauses.
    let mut out = Vec::new();
    for (g, joins) in runs {
        if !joins.contains(&Join::Comma) || joins.contains(&Join::And) {
            out.push(g);
            continue;
        }
        let mut cur: Option<Group> = None;
        for (m, j) in g.members.iter().zip(&joins) {
            match (&mut cur, j) {
                (Some(c), Join::Tight | Join::Title) => {
                    c.end = c.end.max(m.tok_end);
                    c.members.push(m.clone());
                }
                _ => {
                    out.extend(cur.take());
                    cur = Some(Group::single(m));
                }
            }
        }
        out.extend(cur);
    }
    out
}

/// What stands between two members of a group.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Nothing, or a tight dash: one written word.
    Tight,
    /// "and", "or", "&", "/".
    And,
    /// A comma without "and".
    Comma,
    /// Title words only: "Pakistani Prime Minister Shehbaz Sharif".
    Title,
}

/// A dash written tight between two words: "Libya–Turkey".
fn is_joining_dash(doc: &Segmented, i: usize) -> bool {
    let t = doc.token_text(i);
    let tight_before = i > 0 && doc.tokens[i - 1].end == doc.tokens[i].start;
    let tight_after = doc
        .tokens
        .get(i + 1)
        .is_some_and(|n| n.start == doc.tokens[i].end);
    matches!(t, "-" | "\u{2013}" | "\u{2014}") && tight_before && tight_after
}

/// A capitalised word between a demonym and a name: "Prime Minister",
/// "Army Chief", "Foreign Minister".
fn is_title_word(t: &str) -> bool {
    t.chars().next().is_some_and(char::is_uppercase) && t.chars().skip(1).all(char::is_lowercase)
}
