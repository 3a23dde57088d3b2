//! Case tables as data: `tests/cases/*.tsv`, one named case a line. Each
//! table's header says its columns and how it runs: `relations.tsv` through
//! the whole pipeline with the real embedded resources (the gazetteer,
//! lexicons and knowledge the service uses), so a case fails for the reason
//! a user would see; `quotes.tsv` through the quote stage alone, with the
//! entities the case names, so it tests attribution apart from the entity
//! stage; `entities.tsv` through segmentation, dates and the entity stage.
//!
//! One runner reads them all; a failure names the table, the line and the
//! case, with what came out and what was wanted. A name marked `!` is a
//! known miss of the whole pipeline (the case says what should come out):
//! it is checked to still miss, so fixing it shows.

use std::path::Path;

use attache::analysis::model::{Entity, EntityType, QuoteKind};
use attache::analysis::quotes::{self, SpeechLexicon};
use attache::analysis::segment;
use attache::analysis::testing::{entity, paragraph_blocks};
use attache::analysis::{Analyzer, ArticleInput};
use attache::analysis::{Resources, dates, entities};
use chrono::NaiveDate;
use serde_json::Value;

/// One line of a table: its name, text, expected result and options.
struct Case {
    table: &'static str,
    line: usize,
    name: String,
    text: String,
    want: String,
    published: NaiveDate,
    /// Columns between the text and the expected result, as the table's
    /// header defines them.
    extra: Vec<String>,
    /// A known miss (`!` before the name): it must still differ, so a fix
    /// is noticed and the mark dropped.
    known_miss: bool,
}

/// Articles without a date of their own are dated this day: leaders'
/// terms in the knowledge data are read against it.
const DEFAULT_PUBLISHED: &str = "2024-06-01";

/// The cases of `tests/cases/NAME`: name, text, `extra` more columns, the
/// expected result, and for relation tables an optional date.
fn table(name: &'static str, extra: usize) -> Vec<Case> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(name);
    let src = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut cases = Vec::new();
    let mut names = std::collections::HashSet::new();
    for (i, l) in src.lines().enumerate() {
        if l.trim().is_empty() || l.starts_with('#') {
            continue;
        }
        let f: Vec<&str> = l.split('\t').collect();
        let n = 3 + extra;
        assert!(
            (n..=n + 1).contains(&f.len()),
            "{name}:{}: want name, text, {extra} more columns, expected[, published]",
            i + 1
        );
        let (known_miss, case_name) = match f[0].strip_prefix('!') {
            Some(n) => (true, n),
            None => (false, f[0]),
        };
        assert!(
            names.insert(case_name),
            "{name}:{}: case {case_name} twice",
            i + 1
        );
        let published = f.get(n).copied().unwrap_or(DEFAULT_PUBLISHED);
        cases.push(Case {
            table: name,
            line: i + 1,
            name: case_name.to_string(),
            text: f[1].replace("\\n", "\n"),
            want: f[n - 1].to_string(),
            extra: f[2..n - 1].iter().map(|c| c.to_string()).collect(),
            published: NaiveDate::parse_from_str(published, "%Y-%m-%d")
                .unwrap_or_else(|e| panic!("{name}:{}: date {published:?}: {e}", i + 1)),
            known_miss,
        });
    }
    assert!(!cases.is_empty(), "{name}: no cases");
    cases
}

fn analyse(case: &Case) -> Value {
    let mut input = ArticleInput::text(case.text.as_str()).unwrap();
    input.published = Some(case.published);
    serde_json::to_value(Analyzer::embedded().analyze(&input)).unwrap()
}

/// Runs every case of `name`, rendering each result with `render`, and
/// fails once with every case that differs.
fn run(name: &'static str, extra: usize, outcome: impl Fn(&Case) -> String) {
    let mut failures = Vec::new();
    let cases = table(name, extra);
    for case in &cases {
        let got = outcome(case);
        if case.known_miss {
            if got == case.want {
                failures.push(format!(
                    "{}:{} {} now passes: drop its `!` mark",
                    case.table, case.line, case.name
                ));
            }
            continue;
        }
        if got != case.want {
            failures.push(format!(
                "{}:{} {}\n    text {}\n    got  {got}\n    want {}",
                case.table, case.line, case.name, case.text, case.want
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases differ:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

/// Relations as `A-B TYPE status` (actors sorted), sorted, joined by `; `.
fn relation_facts(a: &Value) -> String {
    let mut facts: Vec<String> = a["relations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let mut pair = [
                r["source"]["actor"].as_str().unwrap_or("?"),
                r["target"]["actor"].as_str().unwrap_or("?"),
            ];
            pair.sort();
            format!(
                "{} {} {}",
                pair.join("-"),
                r["type"].as_str().unwrap(),
                r["status"].as_str().unwrap()
            )
        })
        .collect();
    facts.sort();
    if facts.is_empty() {
        "-".to_string()
    } else {
        facts.join("; ")
    }
}

#[test]
fn relation_cases() {
    run("relations.tsv", 0, |c| relation_facts(&analyse(c)));
}

#[test]
fn the_runner_reads_dates_and_names_the_failing_case() {
    let c = Case {
        table: "inline",
        line: 1,
        name: "t".into(),
        text: "Japan and China held talks in Beijing.".into(),
        want: "CN-JP CONSULT occurred".into(),
        published: NaiveDate::from_ymd_opt(2024, 6, 1).unwrap(),
        extra: Vec::new(),
        known_miss: false,
    };
    assert_eq!(relation_facts(&analyse(&c)), c.want);
    let none = Case {
        text: "The weather was mild in the spring.".into(),
        ..c
    };
    assert_eq!(relation_facts(&analyse(&none)), "-");
}

/// The fields a relation carries beside its pair: place, resolved date,
/// evidence, ids in order.
#[test]
fn relation_date_place_and_evidence_are_filled() {
    let case = Case {
        table: "inline",
        line: 1,
        name: "fields".into(),
        text: "Kenya backed Ethiopia. French President Emmanuel Macron met \
               U.S. President Joe Biden in Geneva on Monday."
            .into(),
        want: String::new(),
        // a Wednesday: "Monday" is the 27th
        published: NaiveDate::from_ymd_opt(2025, 10, 29).unwrap(),
        extra: Vec::new(),
        known_miss: false,
    };
    let a = analyse(&case);
    let rels = a["relations"].as_array().unwrap();
    let ids: Vec<&str> = rels.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["R1", "R2"]);
    let met = rels
        .iter()
        .find(|r| r["trigger"] == "met")
        .expect("CONSULT");
    let geneva = a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["name"] == "Geneva")
        .unwrap();
    assert_eq!(met["location"], geneva["id"]);
    assert_eq!(met["date"]["value"], "2025-10-27");
    assert_eq!(
        met["evidence"]["text"],
        "French President Emmanuel Macron met U.S. President Joe Biden in Geneva on Monday."
    );
}

/// The entities a quote case names: `TYPE[title]:Name|alias|…` joined by `; `.
fn named_entities(case: &Case, spec: &str) -> Vec<Entity> {
    spec.split("; ")
        .filter(|e| !e.is_empty())
        .enumerate()
        .map(|(i, e)| {
            let (head, forms) = e
                .split_once(':')
                .unwrap_or_else(|| panic!("{}:{}: entity {e:?}", case.table, case.line));
            let (kind, title) = match head.split_once('[') {
                Some((k, t)) => (k, Some(t.trim_end_matches(']'))),
                None => (head, None),
            };
            let kind = match kind {
                "PERSON" => EntityType::Person,
                "ORG" => EntityType::Org,
                "GPE" => EntityType::Gpe,
                "NORP" => EntityType::Norp,
                "LOC" => EntityType::Loc,
                other => panic!("{}:{}: entity type {other:?}", case.table, case.line),
            };
            let aliases: Vec<&str> = forms.split('|').collect();
            entity(&case.text, i + 1, kind, &aliases, title)
        })
        .collect()
}

/// The quote stage alone on a case: `kind «text» speaker` joined by ` || `.
fn quotes_of(case: &Case) -> String {
    let [ents, scope] = &case.extra[..] else {
        panic!(
            "{}:{}: want entities and indirect columns",
            case.table, case.line
        )
    };
    let ents = named_entities(case, ents);
    let with_indirect = match scope.as_str() {
        "all" => true,
        "marked" => false,
        other => panic!("{}:{}: indirect {other:?}", case.table, case.line),
    };
    let lex = SpeechLexicon::load().unwrap();
    let doc = segment::segment(&case.text, &paragraph_blocks(&case.text));
    let qs = quotes::extract(&doc, &ents, &lex);
    let mut out = Vec::new();
    for (i, q) in qs.iter().enumerate() {
        assert_eq!(q.id, format!("Q{}", i + 1));
        assert_eq!(&case.text[q.start..q.end], q.text, "span of {q:?}");
        if !with_indirect && q.kind == QuoteKind::Indirect {
            continue;
        }
        let speaker = q.speaker.as_ref().map_or("-", |id| {
            ents.iter().find(|e| &e.id == id).unwrap().name.as_str()
        });
        let kind = format!("{:?}", q.kind).to_lowercase();
        out.push(format!("{kind} «{}» {speaker}", q.text));
    }
    if out.is_empty() {
        "-".to_string()
    } else {
        out.join(" || ")
    }
}

#[test]
fn quote_cases() {
    run("quotes.tsv", 2, quotes_of);
}

/// The entity stage on a case's text as one body paragraph, dated
/// 2025-10-25: the entity holding the case's mention as
/// `TYPE; mention|mention…; country`, or `-`.
fn entity_of(case: &Case) -> String {
    let [mention] = &case.extra[..] else {
        panic!("{}:{}: want a mention column", case.table, case.line)
    };
    let text = case.text.as_str();
    let blocks = [segment::Block {
        range: 0..text.len(),
        is_title: false,
    }];
    let doc = segment::segment(text, &blocks);
    let found = dates::find(&doc, NaiveDate::from_ymd_opt(2025, 10, 25));
    let ents = entities::extract(
        &doc,
        &found,
        &Resources::embedded().gazetteer,
        &Resources::embedded().abbreviations,
    );
    let Some(e) = ents
        .iter()
        .find(|e| e.mentions.iter().any(|m| &m.text == mention))
    else {
        return "-".to_string();
    };
    let kind = serde_json::to_value(e.kind).unwrap();
    let mentions: Vec<&str> = e.mentions.iter().map(|m| m.text.as_str()).collect();
    format!(
        "{}; {}; {}",
        kind.as_str().unwrap(),
        mentions.join("|"),
        e.country.as_deref().unwrap_or("-")
    )
}

#[test]
fn entity_cases() {
    run("entities.tsv", 1, entity_of);
}
