//! Knowledge of people and organisations beyond the gazetteer: heads of
//! state and government (embedded, generated from the CIA World Factbook),
//! offices whose title names their state, and an operator's own authority
//! list (`--knowledge FILE`), merged at start-up.
//!
//! [`apply`] runs after the entities stage: a person the article gives no
//! country gets it from the office in their title ("Secretary of State") or
//! from a known holder's name ("Narendra Modi", "Modi" for an article dated
//! after he took office); a known name the name patterns missed becomes an
//! entity ("Jaishankar" from an operator's list). The loader is pure: the
//! caller reads the operator's file and hands its text in.

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::analysis::entities::Gazetteer;
use crate::analysis::model::{Entity, EntityType, KbLinks, Mention};
use crate::analysis::resources::DataError;
use crate::analysis::segment::Segmented;

const LEADERS: &str = include_str!("../../data/gazetteer/leaders.tsv");
const OFFICES: &str = include_str!("../../data/relations/offices.tsv");

/// A line of an operator's knowledge file that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("knowledge file, line {line}: {message}")]
pub struct KnowledgeError {
    pub line: usize,
    pub message: String,
}

/// One known person or organisation.
#[derive(Debug, Clone, PartialEq)]
pub struct Known {
    pub kind: EntityType,
    pub name: String,
    /// Other names it goes by (a surname, an acronym).
    pub aliases: Vec<String>,
    /// The state served or belonged to (ISO alpha-2), or an organisation's
    /// own actor code (`UN`, `EU`).
    pub actor: Option<String>,
    pub wikidata: Option<String>,
    /// In office since: counts only for articles dated on or after it.
    pub since: Option<NaiveDate>,
    /// Out of office from: counts only for articles dated before it.
    pub until: Option<NaiveDate>,
    /// The office held ("Prime Minister"), for holders of one.
    pub title: Option<String>,
}

/// Known people and organisations with an index of their names, and the
/// offices that name their state.
#[derive(Debug, Default)]
pub struct Knowledge {
    pub known: Vec<Known>,
    /// Name or alias, lowercased → entries.
    by_name: HashMap<String, Vec<usize>>,
    /// First word of a name or alias (lowercase) → longest name in words.
    first_words: HashMap<String, usize>,
    /// Office title, lowercased → ISO alpha-2.
    offices: HashMap<String, String>,
}

fn data_err(file: &'static str, line: usize, message: &str) -> DataError {
    DataError {
        file,
        line,
        message: message.to_string(),
    }
}

/// An actor code: ISO alpha-2 or an organisation's acronym, upper case.
fn is_code(s: &str) -> bool {
    (2..=6).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
}

fn is_qid(s: &str) -> bool {
    s.len() >= 2 && s.starts_with('Q') && s[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A `YYYY-MM-DD` date. Read by hand: chrono's format parser costs about
/// 1,200 instructions a date, a tenth of start-up for the 1,100 leaders.
fn iso_date(s: &str) -> Option<NaiveDate> {
    let mut parts = s.splitn(3, '-');
    let mut num = |len: usize| {
        let p = parts
            .next()
            .filter(|p| p.len() == len && p.bytes().all(|b| b.is_ascii_digit()))?;
        p.parse::<u32>().ok()
    };
    let (y, m, d) = (num(4)?, num(2)?, num(2)?);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

impl Knowledge {
    /// The embedded leaders and offices.
    pub fn load() -> Result<Self, DataError> {
        let mut k = Knowledge::default();
        for (i, line) in LEADERS.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 6 || !is_code(f[0]) || f[0].len() != 2 || f[2].is_empty() {
                return Err(data_err(
                    "leaders.tsv",
                    i + 1,
                    "expected ISO, title, name, surname, since, until",
                ));
            }
            let date = |s: &str| -> Result<Option<NaiveDate>, DataError> {
                if s.is_empty() {
                    return Ok(None);
                }
                iso_date(s)
                    .map(Some)
                    .ok_or_else(|| data_err("leaders.tsv", i + 1, "bad date"))
            };
            let since = date(f[4])?;
            let until = date(f[5])?;
            let mut aliases = Vec::new();
            // A surname stands alone only when it is a name of some length.
            if f[3] != f[2] && f[3].chars().filter(|c| c.is_alphabetic()).count() >= 4 {
                aliases.push(f[3].to_string());
            }
            k.known.push(Known {
                kind: EntityType::Person,
                name: f[2].to_string(),
                aliases,
                actor: Some(f[0].to_string()),
                wikidata: None,
                since,
                until,
                title: Some(f[1].to_string()),
            });
        }
        for (i, line) in OFFICES.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let f: Vec<&str> = line.split('\t').collect();
            if f.len() != 2 || f[0].len() != 2 || !is_code(f[0]) {
                return Err(data_err("offices.tsv", i + 1, "expected ISO, titles"));
            }
            for t in f[1].split('|').filter(|t| !t.is_empty()) {
                k.offices.insert(t.to_lowercase(), f[0].to_string());
            }
        }
        k.index();
        Ok(k)
    }

    /// Adds an operator's people and organisations (a knowledge file's
    /// text); their entries come first, so they win over embedded ones.
    pub fn merge_operator(&mut self, text: &str) -> Result<(), KnowledgeError> {
        let mut added = parse_operator(text)?;
        added.append(&mut self.known);
        self.known = added;
        self.index();
        Ok(())
    }

    fn index(&mut self) {
        self.by_name.clear();
        self.first_words.clear();
        for (i, k) in self.known.iter().enumerate() {
            for n in std::iter::once(&k.name).chain(&k.aliases) {
                let key = n.to_lowercase();
                let words = key.split_whitespace().count();
                if let Some(w) = key.split_whitespace().next() {
                    let e = self.first_words.entry(w.to_string()).or_insert(0);
                    *e = (*e).max(words);
                }
                let v = self.by_name.entry(key).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
    }

    /// The one known referent of a name (case-insensitive) valid on `date`;
    /// none when the name is unknown or ambiguous.
    pub fn lookup(&self, name: &str, date: Option<NaiveDate>) -> Option<&Known> {
        let hits = self.by_name.get(&name.to_lowercase())?;
        let mut valid = hits.iter().map(|&i| &self.known[i]).filter(|k| {
            date.is_none_or(|d| k.since.is_none_or(|s| s <= d) && k.until.is_none_or(|u| d < u))
        });
        let first = valid.next()?;
        // Two holders of one surname (Kim, Lee): the name says nothing.
        valid
            .all(|k| k.actor == first.actor && k.kind == first.kind)
            .then_some(first)
    }

    /// The state an office title names on its own ("Secretary of State").
    pub fn office(&self, title: &str) -> Option<&str> {
        self.offices.get(&title.to_lowercase()).map(String::as_str)
    }
}

/// Parses an operator's knowledge file: one entry a line, tab-separated
/// `TYPE  name  aliases|…  actor  wikidata`, `#` comments and blank lines
/// skipped; TYPE is PERSON or ORG, actor an ISO alpha-2 code or an
/// organisation's code (may be empty), wikidata a Q-id (may be empty).
pub fn parse_operator(text: &str) -> Result<Vec<Known>, KnowledgeError> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.trim_start().starts_with('#') {
            continue;
        }
        let bad = |message: String| KnowledgeError {
            line: i + 1,
            message,
        };
        let f: Vec<&str> = line.split('\t').map(str::trim).collect();
        if !(2..=5).contains(&f.len()) {
            return Err(bad(format!(
                "expected 2 to 5 tab-separated fields (type, name, aliases, actor, wikidata), found {}",
                f.len()
            )));
        }
        let kind = match f[0] {
            "PERSON" => EntityType::Person,
            "ORG" => EntityType::Org,
            other => return Err(bad(format!("unknown type {other:?} (PERSON or ORG)"))),
        };
        let name = f[1];
        if name.is_empty() {
            return Err(bad("empty name".into()));
        }
        let aliases: Vec<String> = f
            .get(2)
            .map(|a| {
                a.split('|')
                    .map(str::trim)
                    .filter(|a| !a.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        let actor = match f.get(3).copied().filter(|a| !a.is_empty()) {
            None => None,
            Some(a) if is_code(a) => Some(a.to_string()),
            Some(a) => {
                return Err(bad(format!(
                    "bad actor {a:?} (an ISO 3166-1 alpha-2 code or an organisation code in capitals)"
                )));
            }
        };
        let wikidata = match f.get(4).copied().filter(|w| !w.is_empty()) {
            None => None,
            Some(w) if is_qid(w) => Some(w.to_string()),
            Some(w) => return Err(bad(format!("bad Wikidata id {w:?} (Q followed by digits)"))),
        };
        out.push(Known {
            kind,
            name: name.to_string(),
            aliases,
            actor,
            wikidata,
            since: None,
            until: None,
            title: None,
        });
    }
    Ok(out)
}

/// Whether a word is written as a name: a capital first, not all capitals
/// unless short ("UN").
fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(char::is_uppercase)
}

/// Gives countries to people the article leaves without one, and adds the
/// known names the entity stage missed. Entity ids stay in order of first
/// mention.
pub fn apply(
    doc: &Segmented,
    entities: &mut Vec<Entity>,
    date: Option<NaiveDate>,
    k: &Knowledge,
    gaz: &Gazetteer,
) {
    for e in entities.iter_mut() {
        if matches!(e.kind, EntityType::Person | EntityType::Org) {
            enrich(e, date, k, gaz);
        }
    }
    let added = MissedNames::new(doc, entities, date, k, gaz).find();
    if !added.is_empty() {
        add_entities(doc, entities, added);
    }
}

/// Whether `n` is one word that is also a given name ("Charles", "Salman"):
/// it says too little to be a known holder on its own.
fn lone_given_name(gaz: &Gazetteer, n: &str) -> bool {
    !n.contains(' ') && gaz.lex.first_names.contains(n)
}

/// Gives the person or organisation `e` what the knowledge says of it: an
/// actor and country (from the office in its title, else from a known
/// holder of its name), a Wikidata id, the known full name.
fn enrich(e: &mut Entity, date: Option<NaiveDate>, k: &Knowledge, gaz: &Gazetteer) {
    let known = known_referent(e, date, k, gaz);
    if e.country.is_none() && e.actor.is_none() {
        let office = (e.kind == EntityType::Person)
            .then(|| e.title.as_deref().and_then(|t| k.office(t)))
            .flatten();
        let actor = office
            .map(str::to_string)
            .or_else(|| known.and_then(|kn| kn.actor.clone()));
        if let Some(a) = actor {
            if a.len() == 2 {
                e.country = Some(a.clone());
            }
            e.actor = Some(a);
        }
    }
    if let Some(kn) = known {
        if e.kb.wikidata.is_none() {
            e.kb.wikidata = kn.wikidata.clone();
        }
        // "Quill" alone in the article is still "Ada Quill".
        if kn.name.contains(e.name.as_str())
            && kn.name.split_whitespace().count() > e.name.split_whitespace().count()
        {
            e.name = kn.name.clone();
        }
    }
}

/// The known entry of the kind of `e` that its name, one of its mentions or
/// its surname names.
fn known_referent<'k>(
    e: &Entity,
    date: Option<NaiveDate>,
    k: &'k Knowledge,
    gaz: &Gazetteer,
) -> Option<&'k Known> {
    let given = |n: &str| lone_given_name(gaz, n);
    // "Joe Biden" is the known "Joseph R. Biden" by his surname.
    let surname = e.name.split_once(' ').and_then(|(f, rest)| {
        (e.kind == EntityType::Person && given(f) && !rest.contains(' ')).then_some(rest)
    });
    std::iter::once(e.name.as_str())
        .chain(e.mentions.iter().map(|m| m.text.as_str()))
        .chain(surname)
        .filter(|n| e.kind != EntityType::Person || !given(n))
        // An undated article may be from before or after the holder's
        // time, but the holder's state is theirs either way.
        .find_map(|n| k.lookup(n, date).filter(|kn| kn.kind == e.kind))
}

/// A known name found in the text: `n` tokens from the one it was found
/// at, the span `start..end` (which may take in a given name before it).
struct Found<'k> {
    n: usize,
    start: usize,
    end: usize,
    known: &'k Known,
}

/// The search for known names the entity stage did not find.
struct MissedNames<'a, 'k> {
    doc: &'a Segmented<'a>,
    date: Option<NaiveDate>,
    k: &'k Knowledge,
    gaz: &'a Gazetteer,
    /// The spans of the entities' mentions, sorted.
    taken: Vec<(usize, usize)>,
    /// Names a title has placed in this article.
    accepted: Vec<String>,
}

impl<'a, 'k> MissedNames<'a, 'k> {
    fn new(
        doc: &'a Segmented<'a>,
        entities: &[Entity],
        date: Option<NaiveDate>,
        k: &'k Knowledge,
        gaz: &'a Gazetteer,
    ) -> Self {
        let mut taken: Vec<(usize, usize)> = entities
            .iter()
            .flat_map(|e| e.mentions.iter().map(|m| (m.start, m.end)))
            .collect();
        taken.sort_unstable();
        MissedNames {
            doc,
            date,
            k,
            gaz,
            taken,
            accepted: Vec::new(),
        }
    }

    /// The new entities, one per known entry, with their mentions in text
    /// order.
    fn find(mut self) -> Vec<Entity> {
        let toks = &self.doc.tokens;
        let mut added: Vec<Entity> = Vec::new();
        // One buffer for every capitalised word's lowercase form.
        let mut key = String::new();
        let mut i = 0;
        while i < toks.len() {
            let w = self.word(i);
            let first = capitalised(w) && {
                key.clear();
                key.extend(w.chars().flat_map(char::to_lowercase));
                true
            };
            let max = first.then(|| self.k.first_words.get(&key)).flatten();
            let Some(found) = max.and_then(|&max| self.longest_at(i, max)) else {
                i += 1;
                continue;
            };
            if !self.accepted.contains(&found.known.name) {
                self.accepted.push(found.known.name.clone());
            }
            add_mention(&mut added, self.doc, &found);
            i += found.n;
        }
        added
    }

    fn word(&self, j: usize) -> &'a str {
        self.doc.token_text(j)
    }

    fn is_title(&self, p: &str) -> bool {
        capitalised(p) && self.gaz.lex.title_starts.contains(&p.to_lowercase())
    }

    fn given(&self, n: &str) -> bool {
        lone_given_name(self.gaz, n)
    }

    /// Whether `s..e` overlaps a mention the entity stage found.
    fn overlaps(&self, s: usize, e: usize) -> bool {
        let i = self.taken.partition_point(|&(_, te)| te <= s);
        self.taken[i..]
            .iter()
            .take_while(|&&(ts, _)| ts < e)
            .next()
            .is_some()
    }

    /// The longest known name of at most `max` words starting at token `i`.
    fn longest_at(&self, i: usize, max: usize) -> Option<Found<'k>> {
        let toks = &self.doc.tokens;
        // "President Joe Biden": a given name the known entry spells
        // otherwise ("Joseph R. Biden") between the title and the surname.
        let given_before = i >= 2
            && capitalised(self.word(i - 1))
            && self.given(self.word(i - 1))
            && self.is_title(self.word(i - 2));
        let prev_word = if given_before {
            Some(self.word(i - 2))
        } else {
            (i > 0).then(|| self.word(i - 1))
        };
        let after_title = prev_word.is_some_and(|p| self.is_title(p));
        let initial = sentence_initial(self.doc, i);
        for n in (1..=max.min(toks.len() - i)).rev() {
            let (s, e) = (toks[i].start, toks[i + n - 1].end);
            let surface = &self.doc.text[s..e];
            let lone_doubtful = n == 1 && self.doubtful_alone(surface, initial);
            let s = if given_before && n == 1 && !self.overlaps(toks[i - 1].start, s) {
                toks[i - 1].start
            } else {
                s
            };
            // An undated article may be from another holder's time, but a
            // known name keeps its state; a doubtful lone word still needs
            // a title before it or an earlier mention that had one.
            if let Some(kn) = self.k.lookup(surface, self.date)
                && !self.overlaps(s, e)
                && self.doc.text[s..e].split_whitespace().all(capitalised)
                && (!(lone_doubtful || n == 1 && self.former_undated(kn, i + 1))
                    || after_title
                    || self.accepted.contains(&kn.name))
            {
                return Some(Found {
                    n,
                    start: s,
                    end: e,
                    known: kn,
                });
            }
        }
        None
    }

    /// Whether `kn` is a former holder, the article has no date and token
    /// `next` is no verb a person does ("said", "met") nor an auxiliary
    /// that opens one ("has agreed"): such a bare surname
    /// may be any word of that spelling ("in English translation" is not
    /// Bill English), so it needs a title or an earlier mention that had one.
    fn former_undated(&self, kn: &Known, next: usize) -> bool {
        let acts = next < self.doc.tokens.len() && {
            let w = self.word(next);
            self.gaz.lex.speech.contains(w) || self.gaz.lex.auxiliary.contains(w)
        };
        self.date.is_none() && kn.until.is_some() && !acts
    }

    /// Whether a lone word known as a person's name is also a given name or,
    /// opening a sentence, a common word ("Store", "Charles"): it counts only
    /// after a title ("President").
    fn doubtful_alone(&self, surface: &str, sentence_initial: bool) -> bool {
        kn_kind_is_person(self.k, surface, self.date)
            && (self.given(surface)
                || (sentence_initial
                    && self
                        .gaz
                        .lex
                        .common
                        .contains(surface.to_lowercase().as_str())))
    }
}

/// Adds the mention `found` to the entity of its known entry in `added`,
/// or a new entity for it.
fn add_mention(added: &mut Vec<Entity>, doc: &Segmented, found: &Found) {
    let (s, e, kn) = (found.start, found.end, found.known);
    let mention = Mention {
        start: s,
        end: e,
        text: doc.text[s..e].to_string(),
    };
    match added.iter_mut().find(|a| a.name == kn.name) {
        Some(a) => a.mentions.push(mention),
        None => added.push(Entity {
            id: String::new(),
            kind: kn.kind,
            name: kn.name.clone(),
            title: None,
            country: kn.actor.clone().filter(|a| a.len() == 2),
            mentions: vec![mention],
            salience: 0.0,
            kb: KbLinks {
                wikidata: kn.wikidata.clone(),
                iso3166: None,
            },
            value: None,
            actor: kn.actor.clone(),
        }),
    }
}

/// Each mention of an added name counts as this many characters of the
/// text in its salience: a share of the text its mentions cover.
const ADDED_CHARS_PER_MENTION: f64 = 20.0;

/// The most salience an added name gets: the entity stage missed it, so it
/// stays minor however often it recurs.
const ADDED_MAX_SALIENCE: f64 = 0.1;

/// Adds the names knowledge found, with their salience, and numbers all
/// entities again in order of first mention.
fn add_entities(doc: &Segmented, entities: &mut Vec<Entity>, mut added: Vec<Entity>) {
    let total = doc.text.len().max(1) as f64;
    for a in &mut added {
        a.salience =
            (a.mentions.len() as f64 * ADDED_CHARS_PER_MENTION / total).min(ADDED_MAX_SALIENCE);
    }
    entities.extend(added);
    entities.sort_by_key(|e| e.mentions.first().map_or(usize::MAX, |m| m.start));
    for (n, e) in entities.iter_mut().enumerate() {
        e.id = format!("E{}", n + 1);
    }
}

/// Whether token `i` opens a sentence or a quotation, where any word is
/// capitalised.
fn sentence_initial(doc: &Segmented, i: usize) -> bool {
    i == 0
        || doc
            .sentences
            .get(doc.sentences.partition_point(|s| s.tokens.start < i))
            .is_some_and(|s| s.tokens.start == i)
        || matches!(
            &doc.text[doc.tokens[i - 1].start..doc.tokens[i - 1].end],
            "\"" | "\u{201c}" | "(" | ":"
        )
}

/// Whether a name is known as a person's.
fn kn_kind_is_person(k: &Knowledge, name: &str, date: Option<NaiveDate>) -> bool {
    k.lookup(name, date)
        .is_some_and(|kn| kn.kind == EntityType::Person)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_dates_are_read_exactly() {
        assert_eq!(iso_date("2024-02-29"), NaiveDate::from_ymd_opt(2024, 2, 29));
        for bad in [
            "2023-02-29",
            "2024-2-29",
            "24-02-29",
            "2024-02-3x",
            "2024-02",
            "",
            "2024-02-03-01",
        ] {
            assert_eq!(iso_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_given_name_between_title_and_surname_and_undated_names() {
        use crate::analysis::{segment, testing};
        let text =
            "Earlier, President Joe Biden spoke. Later Biden left. The talks ended and Putin left.";
        let doc = segment::segment(text, &testing::paragraph_blocks(text));
        let k = Knowledge::load().unwrap();
        let gaz = Gazetteer::load().unwrap();
        let mut ents = Vec::new();
        apply(&doc, &mut ents, None, &k, &gaz);
        let biden = ents
            .iter()
            .find(|e| e.actor.as_deref() == Some("US"))
            .expect("Biden is found");
        let texts: Vec<&str> = biden.mentions.iter().map(|m| m.text.as_str()).collect();
        assert_eq!(texts, ["Joe Biden", "Biden"], "{ents:?}");
        // Undated, a known holder's state still holds.
        assert!(
            ents.iter().any(|e| e.actor.as_deref() == Some("RU")),
            "{ents:?}"
        );
    }

    /// Undated, a former holder's bare surname is a person only when it
    /// does something; a word of the same spelling stays a word.
    #[test]
    fn a_former_holders_bare_surname_in_an_undated_text() {
        use crate::analysis::{segment, testing};
        let text = "The letters appeared in English translation. Obama has agreed to visit.";
        let doc = segment::segment(text, &testing::paragraph_blocks(text));
        let (k, gaz) = (Knowledge::load().unwrap(), Gazetteer::load().unwrap());
        let mut ents = Vec::new();
        apply(&doc, &mut ents, None, &k, &gaz);
        let found: Vec<&str> = ents.iter().map(|e| e.mentions[0].text.as_str()).collect();
        assert_eq!(found, ["Obama"], "{ents:?}");
    }

    #[test]
    fn embedded_knowledge_loads() {
        let k = Knowledge::load().unwrap();
        assert!(k.known.len() > 200);
        assert_eq!(k.office("secretary of state"), Some("US"));
        let modi = k.lookup("Narendra Modi", None).unwrap();
        assert_eq!(modi.actor.as_deref(), Some("IN"));
        // Before he took office the name says nothing.
        let d = NaiveDate::from_ymd_opt(2010, 1, 1);
        assert!(k.lookup("Modi", d).is_none());
        assert!(
            k.lookup("Modi", NaiveDate::from_ymd_opt(2020, 1, 1))
                .is_some()
        );
    }

    #[test]
    fn operator_file_parses_and_names_the_bad_line() {
        let text = "# people\nPERSON\tS. Jaishankar\tJaishankar|Subrahmanyam Jaishankar\tIN\tQ7394099\n\nORG\tAcme Federation\tAF\t\t\n";
        let v = parse_operator(text).unwrap();
        assert_eq!(v.len(), 2);
        assert_eq!(v[0].aliases, ["Jaishankar", "Subrahmanyam Jaishankar"]);
        assert_eq!(v[0].wikidata.as_deref(), Some("Q7394099"));
        assert_eq!(v[1].actor, None);
        let e = parse_operator("PERSON\tA B\t\tIN\n THING\tX\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("THING"), "{e}");
        let e = parse_operator("PERSON\tA B\t\tindia\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.to_string().contains("line 1"));
        assert!(parse_operator("PERSON\tA\t\tIN\tX12\n").is_err());
        assert!(parse_operator("ORG\t\n").is_err());
    }

    #[test]
    fn operator_entries_win_and_ambiguous_names_say_nothing() {
        let mut k = Knowledge::load().unwrap();
        k.merge_operator("PERSON\tAda Quill\tQuill\tNZ\nPERSON\tBo Quill\tQuill\tFJ\n")
            .unwrap();
        assert_eq!(
            k.lookup("Ada Quill", None).unwrap().actor.as_deref(),
            Some("NZ")
        );
        assert!(k.lookup("Quill", None).is_none());
    }
}
