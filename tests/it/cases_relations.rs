//! Relation facts on sentences written for these tests, with hand-built
//! entities standing in for the entity stage: each name in the table is
//! found in the sentence and given its actor.

use attache::analysis::dates::DateMention;
use attache::analysis::model::{Entity, EntityType, KbLinks, Mention, RelationType, Status};
use attache::analysis::relations::{self, TriggerLexicon};
use attache::analysis::segment::{self, Block};

use RelationType::*;
use Status::*;

/// (surface, actor, type, is a country)
const NAMES: &[(&str, &str, EntityType, bool)] = &[
    ("United States", "US", EntityType::Gpe, true),
    ("Washington", "US", EntityType::Gpe, false),
    ("American", "US", EntityType::Norp, false),
    ("Biden", "US", EntityType::Person, false),
    ("France", "FR", EntityType::Gpe, true),
    ("French", "FR", EntityType::Norp, false),
    ("Macron", "FR", EntityType::Person, false),
    ("Japan", "JP", EntityType::Gpe, true),
    ("Japanese", "JP", EntityType::Norp, false),
    ("Tokyo", "JP", EntityType::Gpe, false),
    ("China", "CN", EntityType::Gpe, true),
    ("Chinese", "CN", EntityType::Norp, false),
    ("Beijing", "CN", EntityType::Gpe, false),
    ("Russia", "RU", EntityType::Gpe, true),
    ("Russian", "RU", EntityType::Norp, false),
    ("Ukraine", "UA", EntityType::Gpe, true),
    ("Ukrainian", "UA", EntityType::Norp, false),
    ("Kenya", "KE", EntityType::Gpe, true),
    ("Nairobi", "KE", EntityType::Gpe, false),
    ("Ethiopia", "ET", EntityType::Gpe, true),
    ("Ethiopian", "ET", EntityType::Norp, false),
    ("Sudan", "SD", EntityType::Gpe, true),
    ("Chad", "TD", EntityType::Gpe, true),
    ("Colombia", "CO", EntityType::Gpe, true),
    ("Venezuela", "VE", EntityType::Gpe, true),
    ("Venezuelan", "VE", EntityType::Norp, false),
    ("North Korea", "KP", EntityType::Gpe, true),
    ("South Korea", "KR", EntityType::Gpe, true),
    ("African Union", "AFU", EntityType::Org, false),
    ("World Bank", "WB", EntityType::Org, false),
    ("NATO", "NATO", EntityType::Org, false),
    ("Geneva", "CH", EntityType::Gpe, false),
    ("Germany", "DE", EntityType::Gpe, true),
    ("London", "GB", EntityType::Gpe, false),
    ("Paris", "FR", EntityType::Gpe, false),
];

fn entities(text: &str) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    let mut taken = vec![false; text.len()];
    let mut names: Vec<_> = NAMES.to_vec();
    names.sort_by_key(|n| std::cmp::Reverse(n.0.len()));
    for (surface, actor, kind, country) in names {
        let mut mentions = Vec::new();
        for (i, s) in text.match_indices(surface) {
            if taken[i..i + s.len()].iter().any(|t| *t) {
                continue;
            }
            taken[i..i + s.len()].iter_mut().for_each(|t| *t = true);
            mentions.push(Mention {
                start: i,
                end: i + s.len(),
                text: s.to_string(),
            });
        }
        if mentions.is_empty() {
            continue;
        }
        mentions.sort_by_key(|m| m.start);
        out.push(Entity {
            id: format!("E{}", out.len() + 1),
            kind,
            name: surface.to_string(),
            title: None,
            country: (actor.len() == 2).then(|| actor.to_string()),
            mentions,
            salience: 0.0,
            kb: KbLinks {
                wikidata: None,
                iso3166: country.then(|| actor.to_string()),
            },
            value: None,
            actor: Some(actor.to_string()),
        });
    }
    out
}

fn facts(text: &str, dates: &[DateMention]) -> Vec<(String, RelationType, Status)> {
    let doc = segment::segment(
        text,
        &[Block {
            range: 0..text.len(),
            is_title: false,
        }],
    );
    let lex = TriggerLexicon::load().unwrap();
    let rels = relations::extract(&doc, &entities(text), &[], dates, &lex);
    for r in &rels {
        assert_ne!(r.source.actor, r.target.actor);
        assert_eq!(r.evidence.text, text[r.evidence.start..r.evidence.end]);
        assert_eq!(r.polarity, r.kind.polarity());
        assert_eq!(r.score, r.kind.score());
    }
    let mut v: Vec<_> = rels
        .iter()
        .map(|r| {
            let mut p = [r.source.actor.clone(), r.target.actor.clone()];
            p.sort();
            (p.join("-"), r.kind, r.status)
        })
        .collect();
    v.sort_by(|a, b| {
        a.0.cmp(&b.0)
            .then(format!("{:?}", a.1).cmp(&format!("{:?}", b.1)))
    });
    v
}

type Case = (
    &'static str,
    &'static [(&'static str, RelationType, Status)],
);

const CASES: &[Case] = &[
    // verbal cooperation
    (
        "Macron hosted Biden in Paris on Tuesday.",
        &[("FR-US", Consult, Occurred)],
    ),
    (
        "Japan and China held talks in Beijing.",
        &[("CN-JP", Consult, Occurred)],
    ),
    (
        "Biden is due to visit Japan next month.",
        &[("JP-US", Consult, Planned)],
    ),
    (
        "Kenya praised Ethiopia for its role in the peace process.",
        &[("ET-KE", Support, Occurred)],
    ),
    (
        "Washington will ease sanctions on Venezuela.",
        &[("US-VE", Concede, Planned)],
    ),
    (
        "Russia and Ukraine signed a grain deal.",
        &[("RU-UA", Agree, Occurred)],
    ),
    // material cooperation
    (
        "The World Bank approved a $500 million loan to Kenya.",
        &[("KE-WB", Agree, Occurred), ("KE-WB", Aid, Occurred)],
    ),
    (
        "Japan sent humanitarian aid to Ukraine.",
        &[("JP-UA", Aid, Occurred)],
    ),
    (
        "Colombia released three Venezuelan prisoners.",
        &[("CO-VE", Retreat, Occurred)],
    ),
    // verbal conflict
    (
        "The African Union urged Sudan to end the fighting.",
        &[("AFU-SD", Request, Occurred)],
    ),
    (
        "China accused Japan of provocations.",
        &[("CN-JP", Accuse, Occurred)],
    ),
    (
        "North Korea threatened South Korea with retaliation.",
        &[("KP-KR", Threaten, Occurred)],
    ),
    (
        "Chad rejected the proposal from Sudan.",
        &[("SD-TD", Reject, Occurred)],
    ),
    // material conflict
    (
        "France expelled two Russian diplomats.",
        &[("FR-RU", Sanction, Occurred)],
    ),
    (
        "The United States imposed tariffs on Chinese steel.",
        &[("CN-US", Sanction, Occurred)],
    ),
    (
        "Russian troops clashed with Ukrainian forces near the border.",
        &[("RU-UA", Assault, Occurred)],
    ),
    (
        "Ethiopian police detained two Kenya citizens.",
        &[("ET-KE", Coerce, Occurred)],
    ),
    // relationship states
    (
        "Japan is a close ally of the United States.",
        &[("JP-US", Partnership, Ongoing)],
    ),
    (
        "The rivalry between China and the United States deepened.",
        &[("CN-US", Tension, Ongoing)],
    ),
    // status
    (
        "China did not meet with Japan.",
        &[("CN-JP", Consult, Negated)],
    ),
    (
        "France denied that it had sold weapons to Chad.",
        &[("FR-TD", Cooperate, Denied)],
    ),
    (
        "Colombia could cut ties with Venezuela.",
        &[("CO-VE", Sanction, Hypothetical)],
    ),
    (
        "Kenya has no plans to meet Ethiopia.",
        &[("ET-KE", Consult, Negated)],
    ),
    // venues and embedded acts
    (
        "Biden met Macron on the sidelines of the NATO summit.",
        &[("FR-US", Consult, Occurred)],
    ),
    (
        "The talks moved to Japan, where Russian and Ukrainian envoys met.",
        &[("RU-UA", Consult, Occurred)],
    ),
    (
        "The United States urged China to impose sanctions on North Korea.",
        &[("CN-US", Request, Occurred)],
    ),
    // "its" belongs to the subject, not to the object of "with"
    (
        "Washington held talks with Beijing despite its partnership with Tokyo.",
        &[
            ("CN-US", Consult, Occurred),
            ("JP-US", Partnership, Ongoing),
        ],
    ),
    // no fact: two names, no act
    ("Kenya and Ethiopia are neighbours in East Africa.", &[]),
    ("Japan exports cars, while Russia exports gas.", &[]),
    (
        "Exports from China rose 5 percent while imports from Germany fell.",
        &[],
    ),
    (
        "The film, which premiered in France, was banned in China.",
        &[],
    ),
    (
        "Analysts in London and Paris expect the talks to fail.",
        &[],
    ),
    // an organisation naming a gathering is its venue, not a party
    (
        "Biden and Macron met for talks on the margins of the NATO summit in Geneva.",
        &[("FR-US", Consult, Occurred)],
    ),
    (
        "Chinese officials will attend the African Union summit in Nairobi.",
        &[],
    ),
    ("China did not attend the NATO summit.", &[]),
    (
        "Ministers taking part in the NATO meeting discussed what Russia said during the African Union session.",
        &[],
    ),
    (
        "The Japanese premier will visit China on his way to the next NATO summit in the Ethiopian capital.",
        &[("CN-JP", Consult, Planned)],
    ),
    (
        "The NATO summit condemned Russia.",
        &[("NATO-RU", Accuse, Occurred)],
    ),
    // a name the talk is about is a topic, not a party
    (
        "The French foreign minister met Japanese diplomats to seek support on the Ukraine issue.",
        &[("FR-JP", Consult, Occurred)],
    ),
    (
        "Russia and China held talks about Ukraine.",
        &[("CN-RU", Consult, Occurred)],
    ),
    (
        "Washington imposed sanctions on Beijing over Ukraine.",
        &[("CN-US", Sanction, Occurred)],
    ),
    ("Germany voiced concern about the situation in Sudan.", &[]),
    (
        "Kenya and Ethiopia discussed the Sudan crisis in Nairobi.",
        &[("ET-KE", Consult, Occurred)],
    ),
    // "the two leaders" are the pair of the sentence's main act, not of
    // an act named in its trailing clause
    (
        "The Russian foreign minister and his American counterpart met for the first time since the Russian invasion of Ukraine. The meeting between the two leaders lasted an hour.",
        &[("RU-UA", Assault, Occurred), ("RU-US", Consult, Occurred)],
    ),
    // a war in a country is that country's war
    (
        "Russia and the United States spoke of ending the war in Sudan.",
        &[],
    ),
];

#[test]
fn relation_sentence_table() {
    let mut failures = Vec::new();
    for (text, want) in CASES {
        let got = facts(text, &[]);
        let want: Vec<_> = want
            .iter()
            .map(|(p, k, s)| (p.to_string(), *k, *s))
            .collect();
        if got != want {
            failures.push(format!("{text}\n   got  {got:?}\n   want {want:?}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn date_place_and_evidence_are_filled() {
    let text = "Kenya backed Ethiopia. Macron met Biden in Geneva on Monday.";
    let at = text.find("Monday").unwrap();
    let dates = [DateMention {
        start: at,
        end: at + "Monday".len(),
        value: Some("2025-10-27".to_string()),
    }];
    let doc = segment::segment(
        text,
        &[Block {
            range: 0..text.len(),
            is_title: false,
        }],
    );
    let ents = entities(text);
    let rels = relations::extract(&doc, &ents, &[], &dates, &TriggerLexicon::load().unwrap());
    let met = rels
        .iter()
        .find(|r| r.trigger == "met")
        .expect("a CONSULT relation");
    let geneva = ents.iter().find(|e| e.name == "Geneva").unwrap();
    assert_eq!(met.location.as_deref(), Some(geneva.id.as_str()));
    assert_eq!(
        met.date.as_ref().map(|d| d.value.as_deref()),
        Some(Some("2025-10-27"))
    );
    assert_eq!(met.evidence.text, "Macron met Biden in Geneva on Monday.");
    let ids: Vec<&str> = rels.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["R1", "R2"]);
}

#[test]
fn a_reaction_to_an_earlier_decision_targets_its_owner() {
    let text = "The United States announced a decision to cut aid. \
                Kenya condemned the move. The decision was criticised by Ethiopia.";
    let got = facts(text, &[]);
    assert!(
        got.contains(&("KE-US".to_string(), Accuse, Occurred)),
        "{got:?}"
    );
    assert!(
        got.contains(&("ET-US".to_string(), Accuse, Occurred)),
        "{got:?}"
    );
}
