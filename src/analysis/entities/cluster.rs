//! One entity per referent: candidate mentions grouped into entities.
//!
//! Input: the candidates of every sentence (body first, then headline), the
//! date mentions and the gazetteer. Output: entities with ids `E1…` in
//! order of first mention, mentions in text order, no two mentions
//! overlapping. Full names, surnames, given names of a known person,
//! acronyms and their expansions, a capital used for its state and the state
//! itself all land in one entity.

use crate::analysis::budget;
use foldhash::{HashMap, HashSet};

use crate::analysis::dates::DateMention;
use crate::analysis::entities::gazetteer::{EntryKind, Gazetteer};
use crate::analysis::entities::names::{Cand, CandKind, title_case};
use crate::analysis::model::{Entity, EntityType, KbLinks, Mention};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Key {
    Entry(usize),
    Person(String, String),
    Named(EntityType, String),
    Date(String),
}

#[derive(Debug)]
struct Proto {
    key: Key,
    kind: EntityType,
    name: String,
    /// Name words (persons, organisations) for matching short forms.
    words: Vec<String>,
    title: Option<String>,
    country: Option<String>,
    actor: Option<String>,
    kb: KbLinks,
    value: Option<String>,
    mentions: Vec<(usize, usize, bool)>,
    /// `norm_text` of `name`, computed when first compared; `None` after
    /// the name changes.
    norm_name: Option<String>,
    /// `norm_text` of each mention's text, as the mentions were added.
    norm_mentions: Vec<String>,
}

impl Proto {
    /// A proto with no mentions yet and nothing known beyond its name.
    fn new(key: Key, kind: EntityType, name: String, words: Vec<String>) -> Self {
        Self {
            key,
            kind,
            name,
            words,
            title: None,
            country: None,
            actor: None,
            kb: KbLinks::default(),
            value: None,
            mentions: Vec::new(),
            norm_name: None,
            norm_mentions: Vec::new(),
        }
    }

    fn add_mention(&mut self, text: &str, start: usize, end: usize, headline: bool) {
        self.mentions.push((start, end, headline));
        self.norm_mentions.push(norm_text(&text[start..end]));
    }

    fn set_name(&mut self, name: String) {
        self.name = name;
        self.norm_name = None;
    }

    /// Whether the name or a mention reads `surface` (a `norm_text`).
    fn reads(&mut self, surface: &str) -> bool {
        let name = self.norm_name.get_or_insert_with(|| norm_text(&self.name));
        name == surface || self.norm_mentions.iter().any(|m| m == surface)
    }
}

const ACRONYM_STOP: &[&str] = &[
    "I", "II", "III", "IV", "VI", "TV", "PM", "AM", "GMT", "UTC", "CEO", "OK", "AD", "BC", "ID",
    "PDF", "FAQ", "RSS", "URL", "USD", "EUR", "GDP", "COVID", "AI", "IT", "VIP", "DNA", "HIV",
    "AIDS", "NEWS", "LIVE", "VIDEO", "PHOTO", "READ", "MORE", "THE", "AND", "FOR", "BY",
    // technical and everyday abbreviations that name no organisation
    "IED", "IEDs", "LNG", "LPG", "GPS", "UAV", "UAVs", "ICBM", "ICBMs", "SUV", "ATM", "SARS",
    "MERS", "EVD", "PPE", "CCTV", "VPN", "SMS", "USB", "RPG", "RPGs", "MW", "GW", "KM", "EEZ",
    "CEO", "CFO", "COO", "MP", "MPs", "PR", "Q&A", "FY", "YoY", "IPO", "NGO", "NGOs", "POW",
    "POWs", "WMD", "MRI", "ICU", "GMO", "EV", "EVs", "LED", "PCR",
];

/// How a name word is compared: lower case, without "al-" and kin, and
/// with the endings that transliterations of one Slavic name write
/// differently made one: "Zelensky", "Zelenskyy" and "Zelenskiy"; "Dmitry",
/// "Dmitriy" and "Dmitrii"; "Sergei" and "Sergey". Only words of six
/// letters or more, so short names keep their own ending.
fn key_word(w: &str) -> String {
    let w = title_case(w);
    let w = w.trim_end_matches('.');
    // "al-Assad" ~ "Assad", "Bin" ~ "bin"
    let stripped = ["al-", "Al-", "el-", "El-", "ad-", "as-"]
        .iter()
        .find_map(|p| w.strip_prefix(p))
        .unwrap_or(w);
    let mut key = fold_diacritics(&stripped.to_lowercase());
    if key.chars().count() >= 6 {
        for (ending, folded) in [("yy", "y"), ("iy", "y"), ("ii", "y"), ("ei", "ey")] {
            if let Some(stem) = key.strip_suffix(ending) {
                key = format!("{stem}{folded}");
                break;
            }
        }
    }
    key
}

/// A lower-case word without the diacritics that English text often drops:
/// "erdoğan" and "erdogan", "sánchez" and "sanchez" compare equal.
fn fold_diacritics(w: &str) -> String {
    if w.is_ascii() {
        return w.to_string();
    }
    w.chars().map(super::fold::fold_lower).collect()
}

/// `s` with whitespace runs collapsed to single spaces, ends trimmed.
fn collapsed(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whitespace collapsed to single spaces, lower case, curly apostrophes
/// straight, diacritics folded: how two surfaces are compared.
fn norm_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for w in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_ascii() {
        out.make_ascii_lowercase();
        out
    } else {
        // "Erdoğan" and "Erdogan" are one surface
        fold_diacritics(&out.to_lowercase().replace('\u{2019}', "'"))
    }
}

/// Name words of a person without initials and suffixes.
fn name_words(words: &[String], particles: &dyn Fn(&str) -> bool) -> Vec<String> {
    words
        .iter()
        .filter(|w| {
            let t = w.trim_end_matches('.');
            !(t.chars().count() == 1
                || matches!(t, "Jr" | "Sr" | ",")
                || super::names::REGNAL.contains(&t)
                || particles(&w.to_lowercase()))
        })
        .map(|w| key_word(w))
        .collect()
}

/// Groups candidates into entities.
pub fn build(text: &str, cands: &[Cand], dates: &[DateMention], gaz: &Gazetteer) -> Vec<Entity> {
    let particle = |w: &str| gaz.lex.particle.contains(w);
    let promoted = surnames_alone(text, cands, gaz);
    let cands = promoted.as_deref().unwrap_or(cands);
    let mut protos: Vec<Proto> = Vec::new();
    let mut look = Lookup::default();
    let mut index: HashMap<Key, usize> = HashMap::default();
    let mut get = |protos: &mut Vec<Proto>, key: Key, make: &dyn Fn(Key) -> Proto| -> usize {
        *index.entry(key.clone()).or_insert_with(|| {
            protos.push(make(key));
            protos.len() - 1
        })
    };

    // 1. gazetteer names
    for c in cands {
        let entry = match c.kind {
            CandKind::Gaz(e) | CandKind::Gov(e) => e,
            _ => continue,
        };
        let e = &gaz.entries[entry];
        // a generic office ("Foreign Office") serves the state its context names
        let (country, actor) = if e.contextual {
            (c.country.clone(), c.actor.clone())
        } else {
            (e.country.map(String::from), e.actor.map(String::from))
        };
        let i = get(&mut protos, Key::Entry(entry), &|key| Proto {
            country: country.clone(),
            actor: actor.clone(),
            kb: KbLinks {
                wikidata: e.wikidata.map(String::from),
                iso3166: e
                    .iso
                    .map(String::from)
                    .filter(|_| e.kind == EntryKind::Country),
            },
            ..Proto::new(
                key,
                e.etype.into(),
                e.name.to_string(),
                e.name.split_whitespace().map(str::to_string).collect(),
            )
        });
        protos[i].add_mention(text, c.start, c.end, c.headline);
        if protos[i].country.is_none() {
            protos[i].country = country;
            protos[i].actor = actor;
        }
        look.sync(&protos, i, &particle);
    }

    // 2. full person names, longest first so short forms find them
    let mut persons: Vec<&Cand> = cands
        .iter()
        .filter(|c| {
            c.kind == CandKind::Person
                && c.words.len() >= 2
                && !name_words(&c.words, &particle).is_empty()
        })
        .collect();
    persons.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
    // Person protos by the last word of their name: both ways a full name
    // joins a known person need that word to agree, so each name is
    // compared with the few persons sharing it, not with every proto.
    // (An entry may be stale after a proto's words grow; each is checked.)
    let mut by_last: HashMap<String, Vec<usize>> = HashMap::default();
    let index_last = |by_last: &mut HashMap<String, Vec<usize>>, protos: &[Proto], i: usize| {
        if let Some(l) = name_words(&protos[i].words, &particle).pop() {
            let v = by_last.entry(l).or_default();
            if !v.contains(&i) {
                v.push(i);
            }
        }
    };
    for i in 0..protos.len() {
        if protos[i].kind == EntityType::Person {
            index_last(&mut by_last, &protos, i);
        }
    }
    for c in &persons {
        let nw = name_words(&c.words, &particle);
        let first = key_word(&c.words[0]);
        let last = nw[nw.len() - 1].clone();
        let same_last = by_last.get(&last).map_or(&[][..], Vec::as_slice);
        budget::tick(same_last.len());
        // "Bin Laden" inside "Osama bin Laden": a known person whose name ends the same way
        let existing = same_last
            .iter()
            .copied()
            .filter(|&i| {
                let p = &protos[i];
                p.kind == EntityType::Person && {
                    let pw = name_words(&p.words, &particle);
                    (p.words.first().map(|w| key_word(w)) == Some(first.clone())
                        && pw.last() == Some(&last))
                        || (pw.len() > nw.len() && pw.ends_with(&nw))
                }
            })
            .min();
        let i = match existing {
            Some(i) => i,
            None => get(&mut protos, Key::Person(first, last), &|key| {
                Proto::new(key, EntityType::Person, String::new(), c.words.clone())
            }),
        };
        add_person_info(&mut protos[i], c, text);
        index_last(&mut by_last, &protos, i);
        look.sync(&protos, i, &particle);
    }

    // 3. organisations, places and events named by pattern, longest first so
    // "Belmarsh" finds "HMP Belmarsh"
    let mut named: Vec<&Cand> = cands
        .iter()
        .filter(|c| matches!(c.kind, CandKind::Org | CandKind::Place(_) | CandKind::Event))
        .collect();
    named.sort_by_key(|c| std::cmp::Reverse(c.words.len()));
    for c in named {
        let kind = match c.kind {
            CandKind::Org => EntityType::Org,
            CandKind::Place(t) => t,
            CandKind::Event => EntityType::Event,
            _ => continue,
        };
        let surface = norm_text(&text[c.start..c.end]);
        let known = find_by_surface(&mut protos, &look, &surface)
            .or_else(|| {
                (c.words.len() == 1)
                    .then(|| find_short_form(&protos, &look, c, text, &particle, &gaz.lex.common))
                    .flatten()
            })
            .or_else(|| {
                (kind == EntityType::Org)
                    .then(|| same_company(&protos, &look, c, &text[c.start..c.end], gaz))
                    .flatten()
            });
        let i = match known {
            Some(i) => i,
            None => get(&mut protos, Key::Named(kind, surface), &|key| Proto {
                country: c.country.clone(),
                actor: c.actor.clone(),
                ..Proto::new(key, kind, collapsed(&text[c.start..c.end]), c.words.clone())
            }),
        };
        protos[i].add_mention(text, c.start, c.end, c.headline);
        look.sync(&protos, i, &particle);
    }

    // 4. short and weak forms: attach to a known entity, else stand on their own evidence
    for c in cands {
        let single_person = c.kind == CandKind::Person
            && (c.words.len() < 2 || name_words(&c.words, &particle).is_empty());
        let weak = matches!(
            c.kind,
            CandKind::Acronym | CandKind::MaybePerson | CandKind::MaybePlace | CandKind::Unknown
        );
        if !(single_person || weak) {
            continue;
        }
        let surface = norm_text(&text[c.start..c.end]);
        // a word read as a person here ("…,” Irish said") joins the person
        // whose surname it is before a same-spelled nationality or place
        let as_person = (c.kind == CandKind::MaybePerson)
            .then(|| find_short_form(&protos, &look, c, text, &particle, &gaz.lex.common))
            .flatten()
            .filter(|&i| protos[i].kind == EntityType::Person);
        if let Some(i) = as_person
            .or_else(|| find_by_surface(&mut protos, &look, &surface))
            .or_else(|| find_short_form(&protos, &look, c, text, &particle, &gaz.lex.common))
            .or_else(|| {
                (c.kind == CandKind::Acronym)
                    .then(|| same_company(&protos, &look, c, &text[c.start..c.end], gaz))
                    .flatten()
            })
        {
            if protos[i].kind == EntityType::Person {
                add_person_info(&mut protos[i], c, text);
            } else {
                protos[i].add_mention(text, c.start, c.end, c.headline);
            }
            look.sync(&protos, i, &particle);
            continue;
        }
        if let Some(i) = body_by_head(&protos, c, text, gaz) {
            protos[i].add_mention(text, c.start, c.end, c.headline);
            look.sync(&protos, i, &particle);
            continue;
        }
        if c.headline {
            continue;
        }
        let kind = match c.kind {
            CandKind::Person | CandKind::MaybePerson => EntityType::Person,
            CandKind::MaybePlace => EntityType::Gpe,
            CandKind::Acronym
                if !ACRONYM_STOP.contains(&text[c.start..c.end].trim_end_matches('.')) =>
            {
                EntityType::Org
            }
            _ => continue,
        };
        let i = get(&mut protos, Key::Named(kind, surface), &|key| Proto {
            country: c.country.clone(),
            ..Proto::new(key, kind, text[c.start..c.end].to_string(), c.words.clone())
        });
        if kind == EntityType::Person {
            add_person_info(&mut protos[i], c, text);
        } else {
            protos[i].add_mention(text, c.start, c.end, c.headline);
        }
        look.sync(&protos, i, &particle);
    }

    // 5. dates
    for d in dates {
        let label = d
            .value
            .clone()
            .unwrap_or_else(|| norm_text(&text[d.start..d.end]));
        let i = get(&mut protos, Key::Date(label), &|key| Proto {
            value: d.value.clone(),
            ..Proto::new(
                key,
                EntityType::Date,
                collapsed(&text[d.start..d.end]),
                Vec::new(),
            )
        });
        protos[i].add_mention(text, d.start, d.end, false);
    }

    finish(text, protos)
}

/// Two or three capitalised words that the sentence gave no type, whose last
/// word the article also uses alone ("Reince Priebus" … "Priebus said"):
/// a person, as a surname standing alone is the mark of one. A book or
/// place named once ("Kitab Al Jilwah") stays untyped. `None` when no
/// candidate changes.
fn surnames_alone(text: &str, cands: &[Cand], gaz: &Gazetteer) -> Option<Vec<Cand>> {
    let alone: HashSet<&str> = cands
        .iter()
        .filter(|c| c.words.len() == 1 && !c.headline)
        .map(|c| text[c.start..c.end].trim())
        .collect();
    let promote = |c: &Cand| {
        c.kind == CandKind::Unknown
            && !c.headline
            && (2..=3).contains(&c.words.len())
            && c.words.iter().all(|w| {
                w.chars().next().is_some_and(char::is_uppercase)
                    && !gaz.lex.common.contains(w.to_lowercase().as_str())
            })
            && c.words.last().is_some_and(|w| alone.contains(w.as_str()))
    };
    if !cands.iter().any(promote) {
        return None;
    }
    Some(
        cands
            .iter()
            .map(|c| {
                let mut c = c.clone();
                if promote(&c) {
                    c.kind = CandKind::Person;
                }
                c
            })
            .collect(),
    )
}

fn add_person_info(p: &mut Proto, c: &Cand, text: &str) {
    p.add_mention(text, c.start, c.end, c.headline);
    if c.words.len() > p.words.len() {
        p.words = c.words.clone();
    }
    let surface: String = text[c.start..c.end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let mixed = surface.chars().any(char::is_lowercase);
    if mixed && surface.len() > p.name.len() || p.name.is_empty() {
        p.set_name(surface);
    }
    if p.title.is_none() {
        p.title = c.title.as_ref().map(|t| capitalise(t));
    }
    if p.country.is_none() {
        p.country = c.country.clone();
    }
    if p.actor.is_none() {
        p.actor = c.actor.clone().or_else(|| c.country.clone());
    }
}

fn capitalise(t: &str) -> String {
    t.split(' ')
        .map(|w| {
            if matches!(w, "of" | "for" | "the" | "and" | "to") {
                w.to_string()
            } else {
                let mut cs = w.chars();
                cs.next()
                    .map(|f| f.to_uppercase().chain(cs).collect())
                    .unwrap_or_default()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Indexes of the protos by what short forms and repeated surfaces are
/// looked up with, so that each candidate is compared with the few protos
/// sharing a key rather than with every proto of the article. Entries may
/// be stale (a person's name and words grow as longer forms arrive): every
/// hit is checked against the proto as it now is, so a lookup answers as a
/// scan of all protos in order would.
#[derive(Default)]
struct Lookup {
    /// `norm_text` of names and mentions.
    surface: HashMap<String, Vec<usize>>,
    /// Name words (`name_words`) of persons.
    person_word: HashMap<String, Vec<usize>>,
    /// Byte offset where a mention ends (an acronym in brackets after it).
    mention_end: HashMap<usize, Vec<usize>>,
    /// Initials of organisations.
    initials: HashMap<String, Vec<usize>>,
    /// First (`true`) and last words of multi-word organisations and places.
    edge_word: HashMap<(bool, String), Vec<usize>>,
    /// Per proto: mentions indexed so far, and the name and words last indexed.
    seen: Vec<(usize, Option<String>, Vec<String>)>,
}

fn push_key<K: std::hash::Hash + Eq>(map: &mut HashMap<K, Vec<usize>>, key: K, i: usize) {
    let v = map.entry(key).or_default();
    if !v.contains(&i) {
        v.push(i);
    }
}

/// The initials of an organisation's capitalised words ("NATO" of "North
/// Atlantic Treaty Organization").
fn initials(words: &[String]) -> String {
    words
        .iter()
        .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
        .filter_map(|w| w.chars().next())
        .collect()
}

fn place_like(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::Org | EntityType::Gpe | EntityType::Loc | EntityType::Fac
    )
}

impl Lookup {
    /// Indexes what proto `i` gained since it was last indexed.
    fn sync(&mut self, protos: &[Proto], i: usize, particle: &dyn Fn(&str) -> bool) {
        if self.seen.len() <= i {
            self.seen.resize_with(i + 1, Default::default);
        }
        let p = &protos[i];
        if p.kind == EntityType::Date {
            return;
        }
        let (done, name, words) = &mut self.seen[i];
        if name.as_deref() != Some(p.name.as_str()) {
            *name = Some(p.name.clone());
            push_key(&mut self.surface, norm_text(&p.name), i);
        }
        for (k, m) in p.norm_mentions.iter().enumerate().skip(*done) {
            push_key(&mut self.surface, m.clone(), i);
            push_key(&mut self.mention_end, p.mentions[k].1, i);
        }
        *done = p.mentions.len();
        if *words == p.words {
            return;
        }
        *words = p.words.clone();
        if p.kind == EntityType::Person {
            for w in name_words(&p.words, particle) {
                push_key(&mut self.person_word, w, i);
            }
        }
        if p.kind == EntityType::Org {
            push_key(&mut self.initials, initials(&p.words), i);
        }
        if place_like(p.kind) && p.words.len() >= 2 {
            push_key(&mut self.edge_word, (true, p.words[0].clone()), i);
            push_key(
                &mut self.edge_word,
                (false, p.words[p.words.len() - 1].clone()),
                i,
            );
        }
    }

    /// The protos listed under `key` in `map`, in proto order, once each.
    fn listed<K: std::hash::Hash + Eq>(map: &HashMap<K, Vec<usize>>, key: &K) -> Vec<usize> {
        let mut v = map.get(key).cloned().unwrap_or_default();
        budget::tick(v.len());
        v.sort_unstable();
        v
    }
}

fn find_by_surface(protos: &mut [Proto], look: &Lookup, surface: &str) -> Option<usize> {
    Lookup::listed(&look.surface, &surface.to_string())
        .into_iter()
        .find(|&i| protos[i].kind != EntityType::Date && protos[i].reads(surface))
}

/// "The Times reported", "the Post said": a body's head word alone, after
/// "the", is the one body the article names in full with that last word
/// ("The New York Times"), or with that word before "of" ("the House" of
/// "the House of Representatives"); none if two bodies share it.
fn body_by_head(protos: &[Proto], c: &Cand, text: &str, gaz: &Gazetteer) -> Option<usize> {
    if c.kind != CandKind::Unknown || c.words.len() != 1 {
        return None;
    }
    let w = c.words[0].as_str();
    let before = text[..c.start].trim_end();
    if !(before.ends_with(" the") || before.ends_with(" The") || before == "the" || before == "The")
    {
        return None;
    }
    let last_head = gaz.lex.org_head.contains(w);
    let mut hits = protos.iter().enumerate().filter(|(_, p)| {
        p.kind == EntityType::Org
            && p.words.len() >= 2
            && (last_head && p.words.last().is_some_and(|l| l == w)
                || p.words.len() >= 3 && p.words[0] == w && p.words[1] == "of")
    });
    let first = hits.next().map(|(i, _)| i);
    if hits.next().is_some() {
        return None;
    }
    first
}

/// A surname, given name or acronym of a known entity.
fn find_short_form(
    protos: &[Proto],
    look: &Lookup,
    c: &Cand,
    text: &str,
    particle: &dyn Fn(&str) -> bool,
    common: &super::word_sets::WordTable,
) -> Option<usize> {
    let nw = name_words(&c.words, particle);
    let raw = text[c.start..c.end].trim();
    // a single name: last, then first, then any word of one known person
    if nw.len() == 1 {
        let w = &nw[0];
        let persons: Vec<(usize, Vec<String>)> = Lookup::listed(&look.person_word, w)
            .into_iter()
            .filter(|&i| protos[i].kind == EntityType::Person && protos[i].words.len() >= 2)
            .map(|i| (i, name_words(&protos[i].words, particle)))
            .collect();
        for pick in [
            &(|pw: &Vec<String>, w: &String| pw.last() == Some(w))
                as &dyn Fn(&Vec<String>, &String) -> bool,
            &|pw: &Vec<String>, w: &String| pw.first() == Some(w),
            &|pw: &Vec<String>, w: &String| pw.contains(w),
        ] {
            let hits: Vec<usize> = persons
                .iter()
                .filter(|(_, pw)| pick(pw, w))
                .map(|(i, _)| *i)
                .collect();
            if hits.len() == 1 {
                return Some(hits[0]);
            }
            if hits.len() > 1 {
                // two people of one surname: the one named in full most
                // recently before this mention
                let last_full = |i: usize| {
                    protos[i]
                        .mentions
                        .iter()
                        .zip(&protos[i].norm_mentions)
                        .filter(|((s, _, _), m)| *s < c.start && m.contains(' '))
                        .map(|((s, _, _), _)| *s)
                        .max()
                };
                let mut best: Vec<(usize, usize)> = hits
                    .iter()
                    .filter_map(|&i| last_full(i).map(|s| (s, i)))
                    .collect();
                best.sort_unstable();
                return best.last().map(|&(_, i)| i);
            }
        }
    }
    // several words ending a known person's name: "Bin Laden"
    if let [.., last] = nw.as_slice()
        && nw.len() >= 2
        && let Some(i) = Lookup::listed(&look.person_word, last)
            .into_iter()
            .find(|&i| {
                let p = &protos[i];
                p.kind == EntityType::Person && {
                    let pw = name_words(&p.words, particle);
                    pw.len() > nw.len() && pw.ends_with(&nw)
                }
            })
    {
        return Some(i);
    }
    // acronym of an organisation: in brackets after it, or its initials
    let letters: String = raw.chars().filter(|ch| ch.is_alphanumeric()).collect();
    let is_acronym = letters.chars().count() >= 2 && letters.chars().all(|ch| !ch.is_lowercase());
    if is_acronym {
        let before = text[..c.start].trim_end();
        if let Some(inner) = before.strip_suffix('(') {
            let b = inner.trim_end().len();
            if let Some(i) = Lookup::listed(&look.mention_end, &b)
                .into_iter()
                .find(|&i| {
                    place_like(protos[i].kind) && protos[i].mentions.iter().any(|m| m.1 == b)
                })
            {
                return Some(i);
            }
        }
        if let Some(i) = Lookup::listed(&look.initials, &letters)
            .into_iter()
            .find(|&i| {
                let p = &protos[i];
                p.kind == EntityType::Org && {
                    let ini = initials(&p.words);
                    ini.chars().count() >= 2 && ini == letters
                }
            })
        {
            return Some(i);
        }
    }
    // the first or last word of a multi-word organisation or place:
    // "Mahan" for "Mahan Air", "Belmarsh" for "HMP Belmarsh"
    if nw.len() == 1 && !common.contains(nw[0].as_str()) {
        let w = title_case(raw);
        for first in [true, false] {
            let hits: Vec<usize> = Lookup::listed(&look.edge_word, &(first, w.clone()))
                .into_iter()
                .filter(|&i| {
                    let p = &protos[i];
                    place_like(p.kind)
                        && p.words.len() >= 2
                        && if first {
                            p.words[0] == w
                        } else {
                            p.words[p.words.len() - 1] == w
                        }
                })
                .collect();
            if hits.len() == 1 {
                return Some(hits[0]);
            }
        }
    }
    None
}

/// Another name of a company the article has named in full with a legal
/// form ("HDT Védelmi Ipari Kft."): its first word and another legal form
/// ("HDT Limited", the same company in another language), or that first
/// word alone when written as an acronym ("HDT"). Only when one such
/// company has that first word.
fn same_company(
    protos: &[Proto],
    look: &Lookup,
    c: &Cand,
    raw: &str,
    gaz: &Gazetteer,
) -> Option<usize> {
    let legal = |w: &str| gaz.lex.legal_form.contains(w);
    let first = match c.words.as_slice() {
        [first, last] if legal(last) => first,
        [acronym]
            if acronym == raw
                && acronym.chars().count() >= 2
                && acronym
                    .chars()
                    .all(|ch| ch.is_uppercase() || ch.is_ascii_digit()) =>
        {
            acronym
        }
        _ => return None,
    };
    let hits: Vec<usize> = Lookup::listed(&look.edge_word, &(true, first.clone()))
        .into_iter()
        .filter(|&i| {
            let p = &protos[i];
            p.kind == EntityType::Org
                && p.words.len() >= 2
                && p.words.last().is_some_and(|w| legal(w))
                && &p.words[0] == first
        })
        .collect();
    (hits.len() == 1).then(|| hits[0])
}

/// Removes overlaps, orders mentions and entities, assigns ids and salience.
fn finish(text: &str, mut protos: Vec<Proto>) -> Vec<Entity> {
    // no two mentions overlap: the earlier-found entity keeps the span
    let mut all: Vec<(usize, usize, usize, usize)> = Vec::new(); // start, end, proto, order
    for (pi, p) in protos.iter().enumerate() {
        for &(s, e, _) in &p.mentions {
            all.push((s, e, pi, all.len()));
        }
    }
    all.sort_by_key(|&(s, e, _, o)| (s, std::cmp::Reverse(e), o));
    // (proto, start, end) of the mentions found in the headline
    let in_headline: HashSet<(usize, usize, usize)> = protos
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| {
            p.mentions
                .iter()
                .filter(|m| m.2)
                .map(move |m| (pi, m.0, m.1))
        })
        .collect();
    let mut keep: Vec<Vec<(usize, usize, bool)>> = vec![Vec::new(); protos.len()];
    let mut last_end = 0;
    for &(s, e, pi, _) in &all {
        if s < last_end || s >= e {
            continue;
        }
        let headline = in_headline.contains(&(pi, s, e));
        keep[pi].push((s, e, headline));
        last_end = e;
    }
    for (p, k) in protos.iter_mut().zip(keep) {
        p.mentions = k;
    }
    protos.retain(|p| !p.mentions.is_empty());
    protos.sort_by_key(|p| p.mentions[0].0);

    let len = text.len().max(1) as f64;
    let raw: Vec<f64> = protos
        .iter()
        .map(|p| {
            let n = p.mentions.len() as f64;
            let first = 1.0 - p.mentions[0].0 as f64 / len;
            let head = if p.mentions.iter().any(|m| m.2) {
                2.0
            } else {
                0.0
            };
            let w = if p.kind == EntityType::Date { 0.3 } else { 1.0 };
            w * (n.ln_1p() + first + head)
        })
        .collect();
    let max = raw.iter().cloned().fold(0.0_f64, f64::max).max(1e-9);
    protos
        .into_iter()
        .zip(raw)
        .enumerate()
        .map(|(i, (p, r))| {
            let _ = &p.key;
            Entity {
                id: format!("E{}", i + 1),
                kind: p.kind,
                name: if p.name.is_empty() {
                    text[p.mentions[0].0..p.mentions[0].1].to_string()
                } else {
                    p.name
                },
                title: p.title,
                country: p.country,
                mentions: p
                    .mentions
                    .iter()
                    .map(|&(s, e, _)| Mention {
                        start: s,
                        end: e,
                        text: text[s..e].to_string(),
                    })
                    .collect(),
                salience: (r / max * 1000.0).round() / 1000.0,
                kb: p.kb,
                value: p.value,
                actor: p.actor,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::analysis::model::Entity;
    use crate::analysis::{Analyzer, ArticleInput};

    fn entities(s: &str) -> Vec<Entity> {
        let input = ArticleInput::text(s).unwrap();
        Analyzer::embedded()
            .analyze(&input)
            .entities
            .unwrap_or_default()
    }

    fn mentions_of(es: &[Entity], surface: &str) -> Vec<String> {
        es.iter()
            .find(|e| e.mentions.iter().any(|m| m.text == surface))
            .map(|e| e.mentions.iter().map(|m| m.text.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn a_surname_spelled_like_a_nationality_joins_its_person() {
        let es = entities(
            "Gallery owner Hannah Irish opened the show on Friday. \
             \u{201c}We sold every print,\u{201d} Irish said. Swiss visitors queued all day.",
        );
        let m = mentions_of(&es, "Hannah Irish");
        assert_eq!(m, ["Hannah Irish", "Irish"], "{es:?}");
        let p = es.iter().find(|e| e.name == "Hannah Irish").unwrap();
        assert_eq!(p.kind, crate::analysis::model::EntityType::Person);
    }

    #[test]
    fn the_head_before_of_alone_is_its_body() {
        let es = entities(
            "The House of Representatives met on Monday. Two of the House's panels \
             voted, and the House adjourned.",
        );
        assert_eq!(
            mentions_of(&es, "House of Representatives"),
            ["House of Representatives", "House", "House"],
            "{es:?}"
        );
    }

    #[test]
    fn diacritic_variants_are_one_entity() {
        let es = entities(
            "Erdoğan spoke to reporters in the morning. Later Erdogan left for the airport.",
        );
        assert_eq!(mentions_of(&es, "Erdogan"), ["Erdoğan", "Erdogan"]);
    }

    #[test]
    fn short_forms_find_their_entity_among_many() {
        // many unrelated names between the full form and its short forms
        let mut s = String::from(
            "Defence Minister Anna Kowalczyk visited the North Atlantic Treaty Organization (NATO) on Monday. ",
        );
        for n in [
            "Peter Brand",
            "Maria Lopez",
            "John Wilkes",
            "Sara Olsen",
            "Tom Becker",
            "Ivan Petrov",
        ] {
            s.push_str(&format!("{n} said the talks went well. "));
        }
        s.push_str("Kowalczyk thanked NATO, and Anna was pleased; Becker agreed.");
        let es = entities(&s);
        assert_eq!(
            mentions_of(&es, "Kowalczyk"),
            ["Anna Kowalczyk", "Kowalczyk", "Anna"]
        );
        assert_eq!(mentions_of(&es, "Becker"), ["Tom Becker", "Becker"]);
        let nato = mentions_of(&es, "NATO");
        assert!(nato.len() >= 2, "{nato:?}");
    }

    #[test]
    fn a_body_head_after_the_is_the_body_named_with_it() {
        let s = "The Harbour Daily Post ran the story. The mayor denied it, the Post reported.";
        let es = entities(s);
        let post = mentions_of(&es, "Post");
        assert!(
            post.iter().any(|m| m.ends_with("Harbour Daily Post")),
            "{post:?}"
        );
        // two bodies share the head: the short form names neither
        let s = "The Harbour Daily Post and the Valley Evening Post ran it. It was denied, the Post reported.";
        let es = entities(s);
        assert!(
            es.iter()
                .all(|e| e.mentions.iter().all(|m| m.text != "Post")),
            "{es:?}"
        );
    }
}
