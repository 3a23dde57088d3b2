//! The gazetteer's files read into entries and one index over their names.
//!
//! Input: the embedded `data/gazetteer/` files. Output: [`Parsed`] — every
//! entry in the order the files give them, the sealed [`NameSet`] (first
//! claim on a name wins, in the priority order below), and the ISO alpha-2
//! codes of the country entries.
//!
//! This module is compiled twice. `build.rs` includes it (with `name_set`)
//! and runs [`parse`] once per build, writing the result into the binary as
//! static tables, so a process pays nothing to read the files or sort the
//! names; a line that does not parse fails the build with its file and line.
//! The crate includes it for the types the tables are made of, and its tests
//! read the files again to check the tables against them. It uses nothing
//! but `std` and its sibling `name_set`.
//!
//! Priority order of names: countries (states before territories), country
//! aliases, organisations and institutions, places, capitals, agencies and
//! groups, demonyms, cities, subdivisions, companies. A form that is both a country's
//! name and its demonym is the demonym ("Saudi").

// each of the crate, its tests and build.rs reads a different part
#![allow(dead_code)]

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use super::name_set::NameSet;

pub const COUNTRIES: &str = include_str!("../../../data/gazetteer/countries.tsv");
pub const COUNTRY_WIKIDATA: &str = include_str!("../../../data/gazetteer/country_wikidata.tsv");
pub const COUNTRY_ALIASES: &str = include_str!("../../../data/gazetteer/country_aliases.tsv");
pub const BODIES: &str = include_str!("../../../data/gazetteer/bodies.tsv");
pub const PLACES: &str = include_str!("../../../data/gazetteer/places.tsv");
pub const CITIES: &str = include_str!("../../../data/gazetteer/cities.tsv");
pub const SUBDIVISIONS: &str = include_str!("../../../data/gazetteer/subdivisions.tsv");
pub const LEXICON: &str = include_str!("../../../data/gazetteer/lexicon.tsv");
pub const AGENCIES: &str = include_str!("../../../data/clean/agencies.txt");
pub const COMPANIES: &str = include_str!("../../../data/gazetteer/companies.tsv");

/// The data files [`parse`] reads, for `build.rs` to watch.
pub const FILES: [&str; 10] = [
    "data/gazetteer/countries.tsv",
    "data/gazetteer/country_wikidata.tsv",
    "data/gazetteer/country_aliases.tsv",
    "data/gazetteer/bodies.tsv",
    "data/gazetteer/places.tsv",
    "data/gazetteer/cities.tsv",
    "data/gazetteer/subdivisions.tsv",
    "data/gazetteer/lexicon.tsv",
    "data/clean/agencies.txt",
    "data/gazetteer/companies.tsv",
];

/// A surface form as read: borrowed from the embedded files, owned when
/// derived (a demonym's plural).
pub type Name = Cow<'static, str>;

/// What a gazetteer entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A state or territory (ISO 3166-1).
    Country,
    /// A capital or seat of government; `of` is the country's entry.
    Capital { of: usize },
    /// A nationality adjective; `of` is the country's entry.
    Demonym { of: usize },
    /// An international organisation or a national institution.
    Body,
    /// A region, sea, sub-national place or landmark.
    Place,
    /// A city.
    City,
    /// A news agency, broadcaster or platform.
    Agency,
    /// A listed company (`companies.tsv`).
    Company,
    /// A religious, ethnic or political group (NORP without a state).
    Group,
}

/// The entity types a gazetteer entry can have (the crate maps them to
/// its `EntityType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Etype {
    Org,
    Gpe,
    Loc,
    Fac,
    Norp,
}

/// One referent the gazetteer knows, as read from the files and as
/// compiled into the binary (`build.rs` writes these): every field borrows
/// from the embedded files.
#[derive(Debug, Clone, Copy)]
pub struct Entry {
    pub kind: EntryKind,
    pub etype: Etype,
    /// Canonical name.
    pub name: &'static str,
    /// ISO alpha-2 of the state it is, belongs to or serves.
    pub country: Option<&'static str>,
    /// Relation actor (ISO alpha-2 or organisation code).
    pub actor: Option<&'static str>,
    /// ISO alpha-2 when the entry is itself a state or territory.
    pub iso: Option<&'static str>,
    pub wikidata: Option<&'static str>,
    /// A generic national body ("Foreign Office", "Ministry of Defence"):
    /// its state comes from the context it is named in, not from the data.
    pub contextual: bool,
}

/// A line that does not parse.
#[derive(Debug)]
pub struct LoadError {
    pub file: &'static str,
    pub line: usize,
    pub message: String,
}

/// Everything the gazetteer files say.
pub struct Parsed {
    pub entries: Vec<Entry>,
    pub by_name: NameSet,
    /// (ISO alpha-2, country entry), sorted by code.
    pub by_iso: Vec<(String, usize)>,
}

/// Reads every gazetteer file, in the priority order of the module doc.
pub fn parse() -> Result<Parsed, LoadError> {
    let mut b = Builder::default();
    b.countries()?;
    b.country_wikidata()?;
    b.country_aliases()?;
    b.bodies()?;
    b.places()?;
    b.capitals();
    b.lexicon_names()?;
    b.agencies()?;
    let demonym_forms = b.demonyms();
    let mut items = SamePlaceItems::new(&b.entries);
    b.cities(&mut items)?;
    // a form that is both a name and a demonym of one state is the demonym ("Saudi")
    let entries = &b.entries;
    b.names.retain(|(n, idx)| {
        !(entries[*idx].kind == EntryKind::Country && demonym_forms.contains(&(n.as_ref(), *idx)))
    });
    b.subdivisions(&mut items)?;
    b.companies()?;
    items.give(&mut b.entries);
    let Builder {
        entries,
        names,
        by_iso,
        ..
    } = b;
    let by_name = index_names(names, |idx| entries.get(idx).is_some_and(shouted));
    let mut by_iso: Vec<(String, usize)> = by_iso.into_iter().collect();
    by_iso.sort();
    Ok(Parsed {
        entries,
        by_name,
        by_iso,
    })
}

/// Whether an entry's names also get their SHOUTED forms, as in datelines
/// ("BEIJING —") and capitalised headlines: not the 2,000 subdivisions,
/// which datelines rarely shout.
fn shouted(e: &Entry) -> bool {
    !(e.kind == EntryKind::Place && e.etype == Etype::Gpe) && e.kind != EntryKind::Company
}

/// A name needs this many letters for its SHOUTED form: shorter ones
/// ("US", "UK") are written in capitals already.
const SHOUTED_MIN_LETTERS: usize = 4;

/// Indexes `names` (in priority order) with the SHOUTED forms of those
/// entries `shout` accepts; the first claim on a name wins.
pub fn index_names(names: Vec<(Name, usize)>, shout: impl Fn(usize) -> bool) -> NameSet {
    let mut by_name = NameSet::new();
    for (n, idx) in names {
        let Some(n) = by_name.push_collapsed(&n, idx) else {
            continue;
        };
        if shout(idx) && n.chars().filter(|c| c.is_alphabetic()).count() >= SHOUTED_MIN_LETTERS {
            by_name.push_upper_of_last();
        }
    }
    by_name.seal();
    by_name
}

/// The entries and names read so far.
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    /// (name, entry) in priority order: the first entry to claim a name keeps it.
    names: Vec<(Name, usize)>,
    by_iso: HashMap<String, usize>,
    /// (capital, country entry), made entries after the bodies and places.
    capitals: Vec<(&'static str, usize)>,
    /// (demonym, country entry), made entries after the agencies and groups.
    demonyms: Vec<(&'static str, usize)>,
}

impl Entry {
    fn new(kind: EntryKind, etype: Etype, name: &'static str) -> Self {
        Entry {
            kind,
            etype,
            name,
            country: None,
            actor: None,
            iso: None,
            wikidata: None,
            contextual: false,
        }
    }
}

impl Builder {
    fn push(&mut self, row: Entry) -> usize {
        self.entries.push(row);
        self.entries.len() - 1
    }

    fn country_of(&self, file: &'static str, line: usize, a2: &str) -> Result<usize, LoadError> {
        (self.by_iso.get(a2).copied()).ok_or_else(|| err(file, line, "unknown alpha-2"))
    }

    /// `countries.tsv`: states first, then territories, so a shared demonym
    /// goes to the state.
    fn countries(&mut self) -> Result<(), LoadError> {
        let mut country_rows: Vec<(usize, Vec<&'static str>)> = rows(COUNTRIES).collect();
        country_rows.sort_by_key(|(_, f)| f.get(2).is_some_and(|k| *k != "state"));
        for (line, f) in country_rows {
            if f.len() != 7 {
                return Err(err("countries.tsv", line, "expected 7 fields"));
            }
            let a2 = f[0];
            if a2.len() != 2 {
                return Err(err("countries.tsv", line, "bad alpha-2"));
            }
            let idx = self.push(Entry {
                country: Some(a2),
                actor: Some(a2),
                iso: Some(a2),
                ..Entry::new(EntryKind::Country, Etype::Gpe, f[3])
            });
            self.by_iso.insert(a2.to_string(), idx);
            self.names
                .extend(list(f[4]).map(|n| (Cow::Borrowed(n), idx)));
            self.capitals.extend(list(f[5]).map(|n| (n, idx)));
            self.demonyms.extend(list(f[6]).map(|n| (n, idx)));
        }
        Ok(())
    }

    fn country_wikidata(&mut self) -> Result<(), LoadError> {
        const FILE: &str = "country_wikidata.tsv";
        for row in table(FILE, COUNTRY_WIKIDATA, 3) {
            let (line, f) = row?;
            let idx = self.country_of(FILE, line, f[0])?;
            let Some(q) = qid(FILE, line, f[1])? else {
                return Err(err(FILE, line, "no Wikidata item"));
            };
            self.entries[idx].wikidata = Some(q);
        }
        Ok(())
    }

    fn country_aliases(&mut self) -> Result<(), LoadError> {
        const FILE: &str = "country_aliases.tsv";
        for row in table(FILE, COUNTRY_ALIASES, 3) {
            let (line, f) = row?;
            let idx = self.country_of(FILE, line, f[0])?;
            let forms = list(f[2]).map(|n| (n, idx));
            match f[1] {
                "name" => (self.names).extend(forms.map(|(n, i)| (Cow::Borrowed(n), i))),
                "capital" => self.capitals.extend(forms),
                "demonym" => self.demonyms.extend(forms),
                other => return Err(err(FILE, line, format!("unknown kind {other:?}"))),
            }
        }
        Ok(())
    }

    /// `bodies.tsv`: organisations and national institutions; the
    /// canonical name is matched only when it is also listed as a form.
    fn bodies(&mut self) -> Result<(), LoadError> {
        for row in table("bodies.tsv", BODIES, 5) {
            let (line, f) = row?;
            // `*`: a body every state has, whose state the context names
            let contextual = f[1] == "*";
            let country = opt_code(f[1]).filter(|_| !contextual);
            if let Some(c) = &country
                && !self.by_iso.contains_key(*c)
            {
                return Err(err("bodies.tsv", line, "unknown country"));
            }
            let idx = self.push(Entry {
                country,
                actor: opt_code(f[0]).filter(|_| !contextual),
                contextual,
                ..Entry::new(EntryKind::Body, etype("bodies.tsv", line, f[2])?, f[3])
            });
            self.names
                .extend(list(f[4]).map(|n| (Cow::Borrowed(n), idx)));
        }
        Ok(())
    }

    fn places(&mut self) -> Result<(), LoadError> {
        for row in table("places.tsv", PLACES, 3) {
            let (line, f) = row?;
            let forms: Vec<&'static str> = list(f[2]).collect();
            let Some(first) = forms.first() else {
                return Err(err("places.tsv", line, "no name"));
            };
            let idx = self.push(Entry {
                country: opt_code(f[1]),
                ..Entry::new(EntryKind::Place, etype("places.tsv", line, f[0])?, first)
            });
            self.names
                .extend(forms.iter().map(|&n| (Cow::Borrowed(n), idx)));
        }
        Ok(())
    }

    /// One entry per country and capital name.
    fn capitals(&mut self) {
        for (cap, of) in std::mem::take(&mut self.capitals) {
            let idx = self.push(Entry {
                country: self.entries[of].country,
                ..Entry::new(EntryKind::Capital { of }, Etype::Gpe, cap)
            });
            self.names.push((Cow::Borrowed(cap), idx));
        }
    }

    /// The `media` and `norp` rows of `lexicon.tsv`: one entry per name.
    fn lexicon_names(&mut self) -> Result<(), LoadError> {
        for (line, f) in rows(LEXICON) {
            let (kind, etype) = match f.first() {
                Some(&"media") => (EntryKind::Agency, Etype::Org),
                Some(&"norp") => (EntryKind::Group, Etype::Norp),
                _ => continue,
            };
            if f.len() != 2 {
                return Err(err("lexicon.tsv", line, "expected 2 fields"));
            }
            for n in list(f[1]) {
                let idx = self.push(Entry::new(kind, etype, n));
                self.names.push((Cow::Borrowed(n), idx));
            }
        }
        Ok(())
    }

    /// `companies.tsv`: one organisation per listed company, under its
    /// name and the listed form ("Ford Motor", "Ford Motor Company"). Read
    /// last, so a company never takes a name from a place or body, and
    /// never shouted: a headline in capitals is no evidence for a company.
    fn companies(&mut self) -> Result<(), LoadError> {
        for (line, f) in rows(COMPANIES) {
            if f.len() > 2 || f[0].is_empty() {
                return Err(err(
                    "companies.tsv",
                    line,
                    "expected a name and other names",
                ));
            }
            let idx = self.push(Entry::new(EntryKind::Company, Etype::Org, f[0]));
            self.names.push((Cow::Borrowed(f[0]), idx));
            for n in f.get(1).copied().into_iter().flat_map(list) {
                self.names.push((Cow::Borrowed(n), idx));
            }
        }
        Ok(())
    }

    /// News agencies that name an organisation in running text (the
    /// untagged lines of the cleaning stage's list, [`agencies`]): one
    /// entry each. "The Associated Press" is found as "Associated Press",
    /// its name without the article.
    fn agencies(&mut self) -> Result<(), LoadError> {
        for (n, named) in agencies()? {
            if named && !n.starts_with("The ") {
                let idx = self.push(Entry::new(EntryKind::Agency, Etype::Org, n));
                self.names.push((Cow::Borrowed(n), idx));
            }
        }
        Ok(())
    }

    /// One entry per country and demonym (a plural "-s" form joins its
    /// singular); returns every (demonym, country entry) read.
    fn demonyms(&mut self) -> HashSet<(&'static str, usize)> {
        let demonyms = std::mem::take(&mut self.demonyms);
        let mut demonym_entry: HashMap<(&str, usize), usize> = HashMap::new();
        for &(d, of) in &demonyms {
            let base = d.trim_end_matches('s');
            let idx = match demonym_entry.get(&(base, of)) {
                Some(&idx) => idx,
                None => {
                    let country = self.entries[of].country;
                    let idx = self.push(Entry {
                        country,
                        actor: country,
                        ..Entry::new(EntryKind::Demonym { of }, Etype::Norp, d)
                    });
                    demonym_entry.insert((base, of), idx);
                    idx
                }
            };
            // plural of the nationality noun: "Pakistani" → "Pakistanis"
            if d.ends_with('n') || d.ends_with('i') {
                self.names.push((Cow::Owned(format!("{d}s")), idx));
            }
            self.names.push((Cow::Borrowed(d), idx));
        }
        demonyms.into_iter().collect()
    }

    /// A GPE entry (a city or a state within a country) named by the first
    /// of `forms`, in `country`, with every form as a surface form.
    fn push_place(
        &mut self,
        kind: EntryKind,
        forms: &[&'static str],
        country: &'static str,
        wikidata: Option<&'static str>,
    ) {
        let idx = self.push(Entry {
            country: Some(country),
            wikidata,
            ..Entry::new(kind, Etype::Gpe, forms[0])
        });
        self.names
            .extend(forms.iter().map(|&n| (Cow::Borrowed(n), idx)));
    }

    fn cities(&mut self, items: &mut SamePlaceItems) -> Result<(), LoadError> {
        for row in table("cities.tsv", CITIES, 4) {
            let (line, f) = row?;
            let mut item = qid("cities.tsv", line, f[3])?;
            items.take(f[0], f[1], &mut item);
            self.push_place(EntryKind::City, &[f[0]], f[1], item);
        }
        Ok(())
    }

    fn subdivisions(&mut self, items: &mut SamePlaceItems) -> Result<(), LoadError> {
        const FILE: &str = "subdivisions.tsv";
        for row in table(FILE, SUBDIVISIONS, 3) {
            let (line, f) = row?;
            self.country_of(FILE, line, f[1])?;
            let forms: Vec<&'static str> = list(f[0]).collect();
            if forms.is_empty() {
                return Err(err(FILE, line, "no name"));
            }
            let mut item = qid(FILE, line, f[2])?;
            items.take(forms[0], f[1], &mut item);
            self.push_place(EntryKind::Place, &forms, f[1], item);
        }
        Ok(())
    }
}

/// A capital, or a hand-kept place, named like a city or subdivision of its
/// country is that city or subdivision: it takes its Wikidata item.
struct SamePlaceItems {
    /// country → name → the known entry
    known: HashMap<String, HashMap<String, usize>>,
    /// (known entry, item) taken from rows
    moved: Vec<(usize, &'static str)>,
}

impl SamePlaceItems {
    fn new(entries: &[Entry]) -> Self {
        let mut known: HashMap<String, HashMap<String, usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            if matches!(e.kind, EntryKind::Capital { .. } | EntryKind::Place)
                && e.etype == Etype::Gpe
                && let Some(c) = &e.country
            {
                (known.entry(c.to_string()).or_default()).insert(e.name.to_string(), i);
            }
        }
        Self {
            known,
            moved: Vec::new(),
        }
    }

    /// Takes a row's item for the known place it names, if any.
    fn take(&mut self, name: &str, country: &str, item: &mut Option<&'static str>) {
        if let Some(&known) = self.known.get(country).and_then(|m| m.get(name))
            && let Some(q) = item.take()
        {
            self.moved.push((known, q));
        }
    }

    /// Gives the items taken to their known places that have none.
    fn give(self, entries: &mut [Entry]) {
        for (known, q) in self.moved {
            if entries[known].wikidata.is_none() {
                entries[known].wikidata = Some(q);
            }
        }
    }
}

/// The news and photo agencies of `data/clean/agencies.txt`, the one list
/// of them (read by the cleaning stage too): each name, and whether it also
/// names an organisation in running text (untagged) rather than only in
/// credits and bylines (`credit`).
pub fn agencies() -> Result<Vec<(&'static str, bool)>, LoadError> {
    const FILE: &str = "data/clean/agencies.txt";
    rows(AGENCIES)
        .map(|(line, f)| match f[..] {
            [name] => Ok((name.trim(), true)),
            [name, "credit"] => Ok((name.trim(), false)),
            _ => Err(err(FILE, line, "bad tag (only `credit`)")),
        })
        .collect()
}

fn err(file: &'static str, line: usize, message: impl Into<String>) -> LoadError {
    LoadError {
        file,
        line,
        message: message.into(),
    }
}

/// A Wikidata item as the data files write it: `Q` and digits, or `-` for none.
fn qid(
    file: &'static str,
    line: usize,
    s: &'static str,
) -> Result<Option<&'static str>, LoadError> {
    if s == "-" {
        return Ok(None);
    }
    if s.len() < 2 || !s.starts_with('Q') || !s[1..].bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(file, line, "bad Wikidata item"));
    }
    Ok(Some(s))
}

fn opt_code(s: &'static str) -> Option<&'static str> {
    (s != "-" && !s.is_empty()).then_some(s)
}

fn etype(file: &'static str, line: usize, s: &str) -> Result<Etype, LoadError> {
    Ok(match s {
        "ORG" => Etype::Org,
        "GPE" => Etype::Gpe,
        "LOC" => Etype::Loc,
        "FAC" => Etype::Fac,
        other => return Err(err(file, line, format!("unknown type {other:?}"))),
    })
}

/// The data lines of `file` (its text `src`), each with exactly `n` fields.
fn table(
    file: &'static str,
    src: &'static str,
    n: usize,
) -> impl Iterator<Item = Result<(usize, Vec<&'static str>), LoadError>> {
    rows(src).map(move |(line, f)| {
        if f.len() == n {
            Ok((line, f))
        } else {
            Err(err(file, line, format!("expected {n} fields")))
        }
    })
}

/// Data lines of a file: (1-based line number, tab-separated fields).
pub fn rows(src: &'static str) -> impl Iterator<Item = (usize, Vec<&'static str>)> {
    src.split('\n').enumerate().filter_map(|(i, l)| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        if l.starts_with('#') || l.bytes().all(|b| b.is_ascii_whitespace()) {
            None
        } else {
            Some((i + 1, l.split('\t').collect()))
        }
    })
}

/// The `|`-separated forms of a field, trimmed, without empty ones.
pub fn list(field: &'static str) -> impl Iterator<Item = &'static str> {
    field.split('|').map(str::trim).filter(|s| !s.is_empty())
}
