//! Entity checks that are more than one mention's entity: actors, words
//! that are not names, typographic variants, titles. The one-mention cases
//! are data: `tests/cases/entities.tsv` (run by `cases.rs`).

use attache::analysis::model::{Entity, EntityType};
use attache::analysis::segment::{self, Block};
use attache::analysis::{Resources, dates, entities};

/// The entity stage alone on one paragraph of body text (cleaning is
/// another stage's business), with a fixed reference date.
fn entities(text: &str) -> Vec<Entity> {
    let blocks = [Block {
        range: 0..text.len(),
        is_title: false,
    }];
    let doc = segment::segment(text, &blocks);
    let reference = chrono::NaiveDate::from_ymd_opt(2025, 10, 25);
    let found = dates::find(&doc, reference);
    entities::extract(
        &doc,
        &found,
        &Resources::embedded().gazetteer,
        &Resources::embedded().abbreviations,
    )
}

fn find<'a>(ents: &'a [Entity], mention: &str) -> Option<&'a Entity> {
    ents.iter()
        .find(|e| e.mentions.iter().any(|m| m.text == mention))
}

/// Names with no evidence of what they are stay out rather than be guessed.
#[test]
fn an_untyped_name_named_once_is_left_out() {
    let ents = entities("The scripture (Kitab Al Jilwah in Arabic) is kept in a village.");
    assert!(find(&ents, "Kitab Al Jilwah").is_none());
}

#[test]
fn actors_follow_the_spec() {
    let ents = entities(
        "The African Union, the Arab League and Interpol met. Pakistani officials attended, and the Kremlin said it agreed.",
    );
    for (mention, actor) in [
        ("African Union", "AFU"),
        ("Arab League", "LAS"),
        ("Interpol", "ICPO"),
        ("Pakistani", "PK"),
        ("Kremlin", "RU"),
    ] {
        let e = find(&ents, mention).unwrap_or_else(|| panic!("{mention} missing"));
        assert_eq!(e.actor.as_deref(), Some(actor), "{mention}");
    }
    let ents = entities(
        "NATO Secretary General Jens Stoltenberg met Indian External Affairs Minister S Jaishankar. \
         Pakistan's army chief Asim Munir and New Delhi's envoy also spoke.",
    );
    for (mention, actor) in [
        ("Jens Stoltenberg", "NATO"),
        ("S Jaishankar", "IN"),
        ("Asim Munir", "PK"),
    ] {
        let e = find(&ents, mention).unwrap_or_else(|| panic!("{mention} missing"));
        assert_eq!(e.actor.as_deref(), Some(actor), "{mention}");
    }
}

#[test]
fn not_entities() {
    let ents = entities(
        "However, the minister said on Monday that talks would resume. In September, Officials met again. \
         The Chief of the General Staff was there.",
    );
    for w in [
        "However",
        "Monday",
        "September",
        "In",
        "Officials",
        "Staff",
        "General",
    ] {
        assert!(
            ents.iter()
                .filter(|e| e.kind != EntityType::Date)
                .all(|e| e.mentions.iter().all(|m| m.text != w)),
            "{w} became an entity: {ents:#?}"
        );
    }
}

/// Typographic variants match the gazetteer like their plain forms, the
/// longest name wins, and mentions keep the original characters.
#[test]
fn typographic_variants() {
    for (text, mention, country) in [
        (
            "Envoys of the People\u{2019}s Republic of China arrived.",
            "People\u{2019}s Republic of China",
            "CN",
        ),
        (
            "Envoys of the People\u{2018}s Republic of China arrived.",
            "People\u{2018}s Republic of China",
            "CN",
        ),
        (
            "Officials of the Republic of China attended.",
            "Republic of China",
            "TW",
        ),
        (
            "Troops left Guinea\u{2013}Bissau quickly.",
            "Guinea\u{2013}Bissau",
            "GW",
        ),
        (
            "Leaders met in\u{a0}the United\u{a0}States yesterday.",
            "United\u{a0}States",
            "US",
        ),
    ] {
        let ents = entities(text);
        let e =
            find(&ents, mention).unwrap_or_else(|| panic!("{mention:?} not found in {ents:#?}"));
        assert_eq!(e.country.as_deref(), Some(country), "{text}");
    }
}

/// Courtesy titles and post-nominal letters are not names; company heads
/// make organisations; an envoy "to" a state serves the state named before.
#[test]
fn titles_honorifics_and_envoys() {
    // (text, person, title, country)
    let cases: &[(&str, &str, Option<&str>, Option<&str>)] = &[
        (
            "Prime Minister Hon. Peter Malua, MP, opened the session.",
            "Peter Malua",
            Some("Prime Minister"),
            None,
        ),
        (
            "Foreign Minister Dr. Anna Kovacs spoke.",
            "Anna Kovacs",
            Some("Foreign Minister"),
            None,
        ),
        (
            "France Ambassador to the United States Jean Dupont spoke.",
            "Jean Dupont",
            Some("Ambassador to the United States"),
            Some("FR"),
        ),
        (
            "India's Ambassador to Japan Raj Kumar agreed.",
            "Raj Kumar",
            Some("Ambassador to Japan"),
            Some("IN"),
        ),
    ];
    for (text, person, title, country) in cases {
        let ents = entities(text);
        let e = find(&ents, person).unwrap_or_else(|| panic!("{person:?} not found in {ents:#?}"));
        assert_eq!(e.kind, EntityType::Person, "{text}");
        assert_eq!(e.title.as_deref(), *title, "{text}");
        assert_eq!(e.country.as_deref(), *country, "{text}");
        for bad in ["Hon", "Hon.", "MP", "Dr."] {
            assert!(
                find(&ents, bad).is_none(),
                "{bad} became an entity in {text}"
            );
        }
    }
    let ents =
        entities("Chief Executive of Pacific Mining Holdings Limited Mr. John Fielding said so.");
    let org = find(&ents, "Pacific Mining Holdings Limited").expect("company");
    assert_eq!(org.kind, EntityType::Org);
    assert_eq!(
        find(&ents, "John Fielding").unwrap().kind,
        EntityType::Person
    );
}

#[test]
fn mentions_are_slices_and_do_not_overlap() {
    let text = "Pakistan’s Prime Minister Shehbaz Sharif and Field Marshal Asim Munir met Trump at the White House in Washington D.C.";
    let ents = entities(text);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for e in &ents {
        for m in &e.mentions {
            let s = &text[m.start..m.end];
            assert_eq!(s, m.text);
            spans.push((m.start, m.end));
        }
    }
    spans.sort();
    for w in spans.windows(2) {
        assert!(w[0].1 <= w[1].0, "overlap {w:?}");
    }
    let sharif = find(&ents, "Shehbaz Sharif").unwrap();
    assert_eq!(sharif.title.as_deref(), Some("Prime Minister"));
    assert_eq!(sharif.country.as_deref(), Some("PK"));
}

mod never_panics {
    use super::*;
    use proptest::prelude::*;

    /// Words and marks that stress the name patterns: initials, particles,
    /// possessives, hyphens, titles, capitals, shouting, odd spaces.
    const PIECES: &[&str] = &[
        "Joseph",
        "R.",
        "Biden",
        ",",
        "Jr.",
        "al-Assad",
        "bin",
        "Laden",
        "’s",
        "'s",
        "U.S.-Pakistan",
        "Washington",
        "said",
        "President",
        "Prime",
        "Minister",
        "of",
        "the",
        "and",
        "Ministry",
        "Foreign",
        "Affairs",
        "(",
        "SDF",
        ")",
        "TRUMP",
        "May",
        "Theresa",
        "in",
        "Tell",
        "Tamer",
        "\u{a0}",
        "\n",
        "é",
        "—",
        "\"",
        "last",
        "month",
        "on",
        "Monday",
        "2019",
        "October",
        "25",
        "Workers'",
        "Party",
        "Kurdish-led",
        ".",
        "Mr.",
        "S",
        "Jaishankar",
        "entered",
        "settlement",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn any_mix_of_names_gives_valid_spans(idx in proptest::collection::vec(0..PIECES.len(), 1..60)) {
            let mut text = String::new();
            for i in idx {
                text.push_str(PIECES[i]);
                text.push(if i % 3 == 0 { '\n' } else { ' ' });
            }
            let ents = entities(&text);
            let mut spans = Vec::new();
            for e in &ents {
                for m in &e.mentions {
                    prop_assert!(text.is_char_boundary(m.start) && text.is_char_boundary(m.end));
                    prop_assert_eq!(&text[m.start..m.end], m.text.as_str());
                    spans.push((m.start, m.end));
                }
            }
            spans.sort();
            for w in spans.windows(2) {
                prop_assert!(w[0].1 <= w[1].0, "overlap {:?}", w);
            }
        }
    }
}
