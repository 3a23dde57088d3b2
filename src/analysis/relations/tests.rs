//! Sentence tables for the relation stage, with hand-built entities.

use super::*;
use crate::analysis::model::{EntityType, KbLinks, Polarity, QuoteKind};
use crate::analysis::segment::{self, Block};

/// Entities for a test text: each (surface, actor, type, is_country) gives
/// one entity whose mentions are every occurrence of the surface.
pub(crate) fn entities_for(text: &str, names: &[(&str, &str, EntityType)]) -> Vec<Entity> {
    let mut out: Vec<Entity> = Vec::new();
    for (surface, actor, kind) in names {
        let mentions: Vec<Mention> = text
            .match_indices(surface)
            .map(|(i, s)| Mention {
                start: i,
                end: i + s.len(),
                text: s.to_string(),
            })
            .collect();
        if mentions.is_empty() {
            continue;
        }
        let country = *kind == EntityType::Gpe
            && actor.len() == 2
            && surface.len() > 2
            && ![
                "Islamabad",
                "Beijing",
                "Washington",
                "New Delhi",
                "Kuala Lumpur",
                "Cairo",
                "Ankara",
                "Moscow",
            ]
            .contains(surface);
        out.push(Entity {
            id: format!("E{}", out.len() + 1),
            kind: *kind,
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
            actor: (!actor.is_empty()).then(|| actor.to_string()),
        });
    }
    out
}

/// A small gazetteer for the tables below.
pub(crate) const NAMES: &[(&str, &str, EntityType)] = &[
    ("United States", "US", EntityType::Gpe),
    ("U.S.", "US", EntityType::Gpe),
    ("Washington", "US", EntityType::Gpe),
    ("White House", "US", EntityType::Fac),
    ("Trump", "US", EntityType::Person),
    ("Rubio", "US", EntityType::Person),
    ("Pakistani", "PK", EntityType::Norp),
    ("Pakistan", "PK", EntityType::Gpe),
    ("Islamabad", "PK", EntityType::Gpe),
    ("Sharif", "PK", EntityType::Person),
    ("Indian", "IN", EntityType::Norp),
    ("India", "IN", EntityType::Gpe),
    ("New Delhi", "IN", EntityType::Gpe),
    ("Jaishankar", "IN", EntityType::Person),
    ("China", "CN", EntityType::Gpe),
    ("Beijing", "CN", EntityType::Gpe),
    ("Russia", "RU", EntityType::Gpe),
    ("Moscow", "RU", EntityType::Gpe),
    ("Egypt", "EG", EntityType::Gpe),
    ("Greece", "GR", EntityType::Gpe),
    ("Cyprus", "CY", EntityType::Gpe),
    ("Turkey", "TR", EntityType::Gpe),
    ("Germany", "DE", EntityType::Gpe),
    ("Iran", "IR", EntityType::Gpe),
    ("Israel", "IL", EntityType::Gpe),
    ("Arab League", "LAS", EntityType::Org),
    ("European Union", "EU", EntityType::Org),
    ("Kuala Lumpur", "MY", EntityType::Gpe),
    ("Cairo", "EG", EntityType::Gpe),
    ("Georgia", "GE", EntityType::Gpe),
];

pub(crate) fn run(text: &str, quotes: &[Quote]) -> (Vec<Entity>, Vec<Relation>) {
    let doc = segment::segment(
        text,
        &[Block {
            range: 0..text.len(),
            is_title: false,
        }],
    );
    let ents = entities_for(text, NAMES);
    let lex = TriggerLexicon::load().unwrap();
    let rels = extract(&doc, &ents, quotes, &[], &lex);
    (ents, rels)
}

/// (unordered actor pair, type) of each relation, sorted.
fn facts(rels: &[Relation]) -> Vec<(String, RelationType, Status)> {
    let mut v: Vec<_> = rels
        .iter()
        .map(|r| {
            let (a, b) = pair_key(&r.source.actor, &r.target.actor);
            (format!("{a}-{b}"), r.kind, r.status)
        })
        .collect();
    v.sort_by(|x, y| {
        x.0.cmp(&y.0)
            .then(format!("{:?}", x.1).cmp(&format!("{:?}", y.1)))
    });
    v
}

use RelationType::*;

type Case = (
    &'static str,
    &'static [(&'static str, RelationType, Status)],
);
use Status::*;

/// Runs each sentence through [`run`] and compares its facts.
fn check_cases(cases: &[Case]) {
    for (text, want) in cases {
        let (_, rels) = run(text, &[]);
        let want: Vec<(String, RelationType, Status)> = want
            .iter()
            .map(|(p, k, s)| (p.to_string(), *k, *s))
            .collect();
        assert_eq!(facts(&rels), want, "{text}");
    }
}

#[test]
fn sentences_give_typed_pairs_with_status() {
    let cases: &[Case] = &[
        (
            "President Trump met with Pakistani Prime Minister Shehbaz Sharif at the White House.",
            &[("PK-US", Consult, Occurred)],
        ),
        (
            "The United States and Pakistan signed a minerals agreement.",
            &[("PK-US", Agree, Occurred)],
        ),
        (
            "Rubio will meet Jaishankar in Kuala Lumpur on Monday.",
            &[("IN-US", Consult, Planned)],
        ),
        (
            "Tensions between India and Pakistan have risen.",
            &[("IN-PK", Tension, Ongoing)],
        ),
        (
            "Egypt, Greece and Cyprus condemned Turkey.",
            &[
                ("CY-TR", Accuse, Occurred),
                ("EG-TR", Accuse, Occurred),
                ("GR-TR", Accuse, Occurred),
            ],
        ),
        (
            "Germany banned the Iranian airline Iran Air.",
            &[("DE-IR", Sanction, Occurred)],
        ),
        (
            "China did not send aid to Pakistan.",
            &[("CN-PK", Aid, Negated)],
        ),
        (
            "Russia denied that it had attacked Turkey.",
            &[("RU-TR", Assault, Denied)],
        ),
        (
            "Israel could strike a deal with Egypt.",
            &[("EG-IL", Agree, Hypothetical)],
        ),
        (
            "There has been an upswing in U.S.-Pakistan relations.",
            &[("PK-US", Support, Occurred)],
        ),
        // Two countries named, no fact.
        ("Pakistan and India are in South Asia.", &[]),
        (
            "The Arab League criticised Washington over the move.",
            &[("LAS-US", Accuse, Occurred)],
        ),
    ];
    check_cases(cases);
}

#[test]
fn the_two_countries_refers_to_the_last_pair() {
    let text = "Washington and Islamabad have grown closer. The two countries signed a deal.";
    let (_, rels) = run(text, &[]);
    assert!(
        rels.iter()
            .any(|r| r.kind == Agree && pair_key(&r.source.actor, &r.target.actor) == ("PK", "US")),
        "{rels:?}"
    );
}

#[test]
fn place_date_evidence_and_ids() {
    let text = "Trade rose. Rubio met Jaishankar in Kuala Lumpur on Monday.";
    let doc = segment::segment(
        text,
        &[Block {
            range: 0..text.len(),
            is_title: false,
        }],
    );
    let ents = entities_for(text, NAMES);
    let at = text.find("on Monday").unwrap();
    let dates = [DateMention {
        start: at + 3,
        end: at + 9,
        value: Some("2025-10-27".into()),
    }];
    let rels = extract(&doc, &ents, &[], &dates, &TriggerLexicon::load().unwrap());
    assert_eq!(rels.len(), 1, "{rels:?}");
    let r = &rels[0];
    assert_eq!(r.id, "R1");
    assert_eq!(r.trigger, "met");
    assert_eq!(r.polarity, Polarity::Cooperative);
    assert_eq!(r.evidence.text, &text[r.evidence.start..r.evidence.end]);
    assert_eq!(
        r.evidence.text,
        "Rubio met Jaishankar in Kuala Lumpur on Monday."
    );
    let kl = ents.iter().find(|e| e.name == "Kuala Lumpur").unwrap();
    assert_eq!(r.location.as_deref(), Some(kl.id.as_str()));
    assert_eq!(r.date.as_ref().map(|d| d.text.as_str()), Some("Monday"));
    assert_eq!(r.source.actor, "US");
    assert_eq!(r.target.actor, "IN");
}

#[test]
fn a_quote_gives_its_speaker_as_a_side_and_claimant() {
    let text = "\"We will support Pakistan,\" Rubio said.";
    let qs = text.find("We").unwrap();
    let qe = text.find(",\"").unwrap();
    let (ents, _) = run(text, &[]);
    let rubio = ents.iter().find(|e| e.name == "Rubio").unwrap().id.clone();
    let quote = Quote {
        id: "Q1".into(),
        kind: QuoteKind::Direct,
        text: text[qs..qe].to_string(),
        start: qs,
        end: qe,
        speaker: Some(rubio.clone()),
        speakers: vec![rubio.clone()],
        speaker_text: Some("Rubio".into()),
        cue: Some("said".into()),
    };
    let (_, rels) = run(text, &[quote]);
    assert_eq!(rels.len(), 1, "{rels:?}");
    assert_eq!(rels[0].kind, Support);
    assert_eq!(rels[0].status, Planned);
    assert_eq!(rels[0].attributed_to.as_deref(), Some(rubio.as_str()));
    assert_eq!(rels[0].source.actor, "US");
}

#[test]
fn repeated_and_mutual_facts_are_one_relation() {
    let text = "China met Russia. Russia met China in Beijing. China and Russia met again.";
    let (_, rels) = run(text, &[]);
    assert_eq!(
        rels.iter().filter(|r| r.kind == Consult).count(),
        1,
        "{rels:?}"
    );
}

#[test]
fn odd_input_never_panics() {
    for text in [
        "",
        " ",
        "Pakistan",
        "met",
        "\u{201c}India\u{201d} met — Pakistan…",
        "U.S.-India-Pakistan ties.",
    ] {
        let _ = run(text, &[]);
    }
}

#[test]
fn status_follows_modals_negation_framing_and_noun_modals() {
    let cases: &[(&str, RelationType, Status)] = &[
        (
            "Talks between China and Russia will be held in Moscow.",
            Consult,
            Planned,
        ),
        (
            "Talks between China and Russia are expected next week.",
            Consult,
            Planned,
        ),
        ("China and Russia could sign a deal.", Agree, Hypothetical),
        (
            "If China attacks Russia, markets will fall.",
            Assault,
            Hypothetical,
        ),
        // A refusal is REJECT, which happened (issue 17).
        ("Egypt refused to meet Israel.", Reject, Occurred),
        ("Egypt has no plans to meet Israel.", Consult, Negated),
        ("Egypt denied that it had met Israel.", Consult, Denied),
        ("Egypt is holding talks with Israel.", Consult, Ongoing),
        ("Egypt is due to visit Israel.", Consult, Planned),
        ("Egypt met Israel on Monday.", Consult, Occurred),
    ];
    for (text, kind, want) in cases {
        let (_, rels) = run(text, &[]);
        let r = rels.iter().find(|r| r.kind == *kind);
        assert_eq!(r.map(|r| r.status), Some(*want), "{text}: {rels:?}");
    }
}

#[test]
fn a_city_without_actor_acts_for_its_state_only_next_to_a_trigger() {
    let cases: &[(&str, &[(&str, RelationType)])] = &[
        ("Washington accused Tehran of lying.", &[("IR-US", Accuse)]),
        (
            "Tehran's role in handling threats from Washington grew.",
            &[],
        ),
    ];
    for (text, want) in cases {
        let doc = segment::segment(
            text,
            &[Block {
                range: 0..text.len(),
                is_title: false,
            }],
        );
        let mut ents = entities_for(text, NAMES);
        let at = text.find("Tehran").unwrap();
        ents.push(Entity {
            id: "E99".into(),
            kind: EntityType::Gpe,
            name: "Tehran".into(),
            title: None,
            country: Some("IR".into()),
            mentions: vec![Mention {
                start: at,
                end: at + "Tehran".len(),
                text: "Tehran".into(),
            }],
            salience: 0.0,
            kb: KbLinks::default(),
            value: None,
            actor: None,
        });
        let rels = extract(&doc, &ents, &[], &[], &TriggerLexicon::load().unwrap());
        let got: Vec<(String, RelationType)> = rels
            .iter()
            .map(|r| {
                let (a, b) = pair_key(&r.source.actor, &r.target.actor);
                (format!("{a}-{b}"), r.kind)
            })
            .collect();
        let want: Vec<(String, RelationType)> =
            want.iter().map(|(p, k)| (p.to_string(), *k)).collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn tokens_are_normalised_as_their_lowercase_with_contractions_read() {
    // The plain definition, token by token.
    fn plain(tok: &str) -> String {
        let t = tok.to_lowercase().replace('\u{2019}', "'");
        if t.ends_with("n't") || t == "cannot" {
            "not".to_string()
        } else if t.ends_with("'ll") {
            "will".to_string()
        } else {
            t
        }
    }
    let text = "Turkey Won\u{2019}t CANNOT, we'll SAY \u{c9}TAT \u{130}stanbul \
                \u{3a3}\u{39f}\u{3a3} ISN'T They\u{2019}ll don't Ankara.";
    let doc = segment::segment(
        text,
        &[Block {
            range: 0..text.len(),
            is_title: false,
        }],
    );
    let lower = text.to_ascii_lowercase();
    let mut extra = String::new();
    let got = normalise_all(&doc, &lower, &mut extra);
    let want: Vec<String> = (0..doc.tokens.len())
        .map(|i| plain(doc.token_text(i)))
        .collect();
    assert_eq!(got, want);
}

/// States for the coverage table below (issue 17's classes), beside [`NAMES`].
const MORE_NAMES: &[(&str, &str, EntityType)] = &[
    ("Germany", "DE", EntityType::Gpe),
    ("France", "FR", EntityType::Gpe),
    ("Japan", "JP", EntityType::Gpe),
    ("Canada", "CA", EntityType::Gpe),
    ("Iran", "IR", EntityType::Gpe),
    ("Spain", "ES", EntityType::Gpe),
    ("Morocco", "MA", EntityType::Gpe),
    ("Montenegro", "ME", EntityType::Gpe),
    ("NATO", "NATO", EntityType::Org),
    ("Pakistan", "PK", EntityType::Gpe),
    ("Afghanistan", "AF", EntityType::Gpe),
    ("Kenya", "KE", EntityType::Gpe),
    ("Somalia", "SO", EntityType::Gpe),
    ("Norway", "NO", EntityType::Gpe),
    ("Uganda", "UG", EntityType::Gpe),
    ("Sudan", "SD", EntityType::Gpe),
    ("Ethiopia", "ET", EntityType::Gpe),
    ("Serbia", "RS", EntityType::Gpe),
    ("Kosovo", "XK", EntityType::Gpe),
    ("Argentina", "AR", EntityType::Gpe),
    ("Britain", "GB", EntityType::Gpe),
    ("Poland", "PL", EntityType::Gpe),
    ("South Korea", "KR", EntityType::Gpe),
    ("Lebanon", "LB", EntityType::Gpe),
    ("Israel", "IL", EntityType::Gpe),
    ("Sweden", "SE", EntityType::Gpe),
    ("Finland", "FI", EntityType::Gpe),
    ("Turkey", "TR", EntityType::Gpe),
    ("United States", "US", EntityType::Gpe),
    ("Kerry", "US", EntityType::Person),
    ("Islamabad", "PK", EntityType::Gpe),
    ("Kabul", "AF", EntityType::Gpe),
];

#[test]
fn lists_triggers_and_failure() {
    let cases: &[Case] = &[
        // A list doing the same act: every member pairs with the target.
        (
            "Germany condemned Iran, as did France, Japan and Canada.",
            &[
                ("CA-IR", Accuse, Occurred),
                ("DE-IR", Accuse, Occurred),
                ("FR-IR", Accuse, Occurred),
                ("IR-JP", Accuse, Occurred),
            ],
        ),
        // Triggers from the CAMEO verb classes.
        (
            "Spain had a phone conversation with Morocco about migration.",
            &[("ES-MA", Consult, Occurred)],
        ),
        (
            "Montenegro joined NATO in 2017.",
            &[("ME-NATO", Cooperate, Occurred)],
        ),
        (
            "Pakistan closed its border with Afghanistan.",
            &[("AF-PK", Sanction, Occurred)],
        ),
        (
            "Kenya reopened its border with Somalia.",
            &[("KE-SO", Concede, Occurred)],
        ),
        (
            "Lebanon voted against Israel in the assembly.",
            &[("IL-LB", Reject, Occurred)],
        ),
        (
            "Sweden seconded the proposal made by Finland.",
            &[("FI-SE", Support, Occurred)],
        ),
        // Cutting funding is no aid; a weapons purchase is no attack.
        (
            "Norway cut funding to Uganda.",
            &[("NO-UG", Sanction, Occurred)],
        ),
        (
            "Poland bought missiles from South Korea.",
            &[("KR-PL", Cooperate, Occurred)],
        ),
        // Failure and collapse negate the act.
        (
            "Talks between Sudan and Ethiopia collapsed.",
            &[("ET-SD", Consult, Negated)],
        ),
        (
            "Serbia was unable to reschedule a meeting with Kosovo that was cancelled.",
            &[("RS-XK", Consult, Negated)],
        ),
        // A pledge to punish is no agreement, and the punishment is to come.
        (
            "Argentina pledged to punish Britain.",
            &[("AR-GB", Sanction, Planned)],
        ),
        // A capital as the subject acts for its state across a date.
        (
            "Islamabad on Thursday fired two rockets at Kabul.",
            &[("AF-PK", Assault, Occurred)],
        ),
        // Two praising a third pair with it, not with each other.
        (
            "Germany and France welcomed the recent decision by Kenya.",
            &[("DE-KE", Support, Occurred), ("FR-KE", Support, Occurred)],
        ),
        // A campaign against terrorism is no fight between the two.
        (
            "The United States praised Pakistan for its fight against terrorism.",
            &[("PK-US", Support, Occurred)],
        ),
        // Joining a condemnation is not joining a body.
        ("The United States joined the chorus of criticism.", &[]),
        // The agent of "an offensive by Turkey" is Turkey, not the subject
        // of another clause.
        (
            "Whatever progress Kerry has made, officials said, could be undone by a new offensive by Turkey.",
            &[],
        ),
    ];
    let lex = TriggerLexicon::load().unwrap();
    for (text, want) in cases {
        let doc = segment::segment(
            text,
            &[Block {
                range: 0..text.len(),
                is_title: false,
            }],
        );
        let ents = entities_for(text, MORE_NAMES);
        let rels = extract(&doc, &ents, &[], &[], &lex);
        let got = facts(&rels);
        let want: Vec<(String, RelationType, Status)> = want
            .iter()
            .map(|(p, k, s)| (p.to_string(), *k, *s))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

/// Extra names for the tests of this block, on top of [`NAMES`].
const MORE: &[(&str, &str, EntityType)] = &[
    ("United Kingdom", "GB", EntityType::Gpe),
    ("Yemen", "YE", EntityType::Gpe),
    ("Canada", "CA", EntityType::Gpe),
    ("Norway", "NO", EntityType::Gpe),
    ("Chile", "CL", EntityType::Gpe),
    ("Peru", "PE", EntityType::Gpe),
    ("Bolivia", "BO", EntityType::Gpe),
];

/// Runs the stage on `text` whose first line is the headline.
fn run_titled(text: &str) -> Vec<Relation> {
    let cut = text.find('\n').unwrap_or(text.len());
    let mut blocks = vec![Block {
        range: 0..cut,
        is_title: true,
    }];
    if cut < text.len() {
        blocks.push(Block {
            range: cut + 1..text.len(),
            is_title: false,
        });
    }
    let doc = segment::segment(text, &blocks);
    let names: Vec<_> = NAMES.iter().chain(MORE).copied().collect();
    let ents = entities_for(text, &names);
    extract(&doc, &ents, &[], &[], &TriggerLexicon::load().unwrap())
}

#[test]
fn a_statement_speaks_for_its_author_outside_quotes() {
    let rels = run_titled(
        "Statement by the Government of Norway on the Talks\n\
         Today we signed an agreement with Chile. Our thanks go to Peru.",
    );
    let got = facts(&rels);
    assert!(got.contains(&("CL-NO".into(), Agree, Occurred)), "{got:?}");
    assert!(
        got.contains(&("NO-PE".into(), Support, Occurred)),
        "{got:?}"
    );
    // Without a statement headline "we" is nobody's.
    let rels = run_titled("Talks in Oslo\nToday we signed an agreement with Chile.");
    assert!(rels.is_empty(), "{rels:?}");
}

#[test]
fn a_dash_aside_is_read_past_and_hangs_on_its_head() {
    let rels = run_titled(
        "Strikes\nCanada\u{2014}together with Norway and with support from Chile and Peru\u{2014}struck targets in Yemen.",
    );
    let got = facts(&rels);
    for want in [
        ("CA-NO", Cooperate),
        ("CA-CL", Support),
        ("CA-PE", Support),
        ("CA-YE", Assault),
        // The co-agent named beside the agent struck too.
        ("NO-YE", Assault),
    ] {
        assert!(
            got.iter().any(|(p, k, _)| p == want.0 && *k == want.1),
            "{want:?} in {got:?}"
        );
    }
    // Nothing pairs Norway with the supporters, nor the supporters with Yemen.
    assert!(
        !got.iter().any(|(p, _, _)| p == "CL-NO" || p == "CL-YE"),
        "{got:?}"
    );
    // An aside that only names the subject stays the subject.
    let rels = run_titled("Talks\nTwo states - Chile and Peru - criticised Bolivia.");
    let got = facts(&rels);
    assert!(got.contains(&("BO-CL".into(), Accuse, Occurred)), "{got:?}");
    assert!(got.contains(&("BO-PE".into(), Accuse, Occurred)), "{got:?}");
}

#[test]
fn a_list_after_including_and_agents_after_by() {
    let got = facts(&run_titled(
        "Thanks\nCanada is grateful to its partners, including the Governments of Chile and Peru.",
    ));
    assert!(
        got.contains(&("CA-CL".into(), Support, Occurred)),
        "{got:?}"
    );
    assert!(
        got.contains(&("CA-PE".into(), Support, Occurred)),
        "{got:?}"
    );
    // "including" before a verb opens no list.
    let got = facts(&run_titled(
        "Steps\nCanada will take steps, including calling for talks in Chile.",
    ));
    assert!(!got.iter().any(|(p, _, _)| p == "CA-CL"), "{got:?}");
    let got = facts(&run_titled(
        "Rail\nNorway welcomed the commitment by Chile, Peru and Bolivia.",
    ));
    assert!(got.contains(&("BO-PE".into(), Agree, Occurred)), "{got:?}");
    assert!(got.contains(&("CL-PE".into(), Agree, Occurred)), "{got:?}");
}

#[test]
fn fronted_gatherings_calls_concerns_and_ended_sanctions() {
    let cases: &[Case] = &[
        // A call named in a phrase that opens the sentence is the act of
        // the clause after it, beside the clause's own act.
        (
            "In a phone call on Monday, Trump told Sharif that he was pleased.",
            &[("PK-US", Consult, Occurred)],
        ),
        (
            "During a phone call, Trump urged Sharif to investigate.",
            &[("PK-US", Consult, Occurred), ("PK-US", Request, Occurred)],
        ),
        // A fronted phrase of another kind opens no act of its own.
        (
            "Following the attack, Washington blamed Iran.",
            &[("IR-US", Accuse, Occurred)],
        ),
        // A call with a party is a conversation, a call for an act a request.
        (
            "Trump described his call with Sharif as routine.",
            &[("PK-US", Consult, Occurred)],
        ),
        (
            "Egypt renewed its call for Israel to withdraw.",
            &[("EG-IL", Request, Occurred)],
        ),
        (
            "Germany raised concerns about Russia's conduct.",
            &[("DE-RU", Accuse, Occurred)],
        ),
        (
            "The United States ends its sanctions on Iran.",
            &[("IR-US", Concede, Occurred)],
        ),
        (
            "Washington suspended sanctions against Turkey.",
            &[("TR-US", Concede, Occurred)],
        ),
        // Allowing access is a concession; improving it is development.
        (
            "Israel allowed access to the border crossing with Egypt.",
            &[("EG-IL", Retreat, Occurred)],
        ),
        ("Germany is improving access to clean water in Egypt.", &[]),
        // An act agreed or promised keeps its type, still to come; leaving
        // a deal rejects it.
        (
            "Washington agreed to lift sanctions on Iran.",
            &[("IR-US", Concede, Planned)],
        ),
        (
            "Russia promised to withdraw its troops from Georgia.",
            &[("GE-RU", Retreat, Planned)],
        ),
        (
            "Egypt offered to help Israel.",
            &[("EG-IL", Agree, Occurred)],
        ),
        (
            "Trump withdrew the United States from the nuclear deal with Iran.",
            &[("IR-US", Reject, Occurred)],
        ),
    ];
    check_cases(cases);
}

#[test]
fn a_co_agent_beside_the_agent_shares_its_act() {
    let got = facts(&run_titled(
        "Talks\nChile, along with Peru, condemned Bolivia on Monday.",
    ));
    assert!(got.contains(&("BO-CL".into(), Accuse, Occurred)), "{got:?}");
    assert!(got.contains(&("BO-PE".into(), Accuse, Occurred)), "{got:?}");
    let got = facts(&run_titled(
        "Talks\nNorway alongside Canada will meet Chile in Oslo.",
    ));
    assert!(got.contains(&("CA-CL".into(), Consult, Planned)), "{got:?}");
    assert!(got.contains(&("CL-NO".into(), Consult, Planned)), "{got:?}");
    // A partner named after the act is no co-agent of it.
    let got = facts(&run_titled(
        "Talks\nChile condemned Bolivia, along with Peru.",
    ));
    assert!(!got.iter().any(|(p, _, _)| p == "BO-PE"), "{got:?}");
}

#[test]
fn money_given_to_support_a_state_is_aid() {
    check_cases(&[
        (
            "Germany announced $40 million to support Egypt in building schools.",
            &[("DE-EG", Aid, Occurred)],
        ),
        (
            "China will provide a loan to help Pakistan rebuild its ports.",
            &[("CN-PK", Aid, Planned)],
        ),
        // Without money the support stays support.
        (
            "Germany announced plans to support Egypt.",
            &[("DE-EG", Support, Planned)],
        ),
        (
            "Russia disbursed the first tranche to Turkey.",
            &[("RU-TR", Aid, Occurred)],
        ),
    ]);
}

#[test]
fn passive_praise_with_its_recipient_unsaid_goes_to_the_last_subject() {
    let got = facts(&run_titled(
        "Obituary\nThe old king of Bolivia died on Sunday. He was 90. \
         Tributes were paid by leaders including the presidents of Chile and Peru.",
    ));
    assert!(
        got.contains(&("BO-CL".into(), Support, Occurred)),
        "{got:?}"
    );
    assert!(
        got.contains(&("BO-PE".into(), Support, Occurred)),
        "{got:?}"
    );
    // The two givers are not each other's recipients.
    assert!(!got.iter().any(|(p, _, _)| p == "CL-PE"), "{got:?}");
    // Two actors listed after a one-sided act are not its two sides.
    let got = facts(&run_titled(
        "Obituary\nCondolences came on Monday from Chile and Peru.",
    ));
    assert!(got.is_empty(), "{got:?}");
}

#[test]
fn an_act_received_is_done_to_the_receiver() {
    check_cases(&[
        (
            "Turkey faced sharp Egyptian criticism over its plan for Cyprus.",
            &[("EG-TR", Accuse, Occurred)],
        ),
        (
            "Germany drew praise from Russia for the talks.",
            &[("DE-RU", Support, Occurred)],
        ),
        // The giver unnamed: no pair with the country the plan concerns.
        ("Turkey faced criticism over its plan for Cyprus.", &[]),
    ]);
}

#[test]
fn a_reaction_targets_the_owner_named_after_by() {
    check_cases(&[(
        "Pakistan condemned the declaration of the valley as Indian territory by China.",
        &[("CN-PK", Accuse, Occurred)],
    )]);
}

#[test]
fn a_reaction_to_a_result_targets_its_owner_in_the_sentence() {
    check_cases(&[(
        "Sharif won a presidential election, but neither China nor Russia would endorse the result.",
        &[("CN-PK", Reject, Occurred), ("PK-RU", Reject, Occurred)],
    )]);
    // The agent's own comments are no act of the owner named before.
    let (_, rels) = run(
        "China criticised the Pakistani decision. Russia said it stood by its original remarks \
         and Turkey stood by his comments.",
        &[],
    );
    let got = facts(&rels);
    assert!(!got.iter().any(|(p, _, _)| p == "PK-TR"), "{got:?}");
}

#[test]
fn nationals_listed_among_those_released_pair_with_the_releaser() {
    let (_, rels) = run(
        "Turkey secured the release of 12 prisoners from Iran, including three Pakistani nationals.",
        &[],
    );
    let got = facts(&rels);
    assert!(
        got.contains(&("IR-TR".into(), Retreat, Occurred)),
        "{got:?}"
    );
    assert!(
        got.contains(&("IR-PK".into(), Retreat, Occurred)),
        "{got:?}"
    );
}

#[test]
fn restoring_diplomatic_ties_is_cooperation_and_a_document_released_is_no_release() {
    check_cases(&[
        (
            "Egypt restored diplomatic relations with Turkey in June.",
            &[("EG-TR", Cooperate, Occurred)],
        ),
        (
            "Greece is about to restore full diplomatic ties with Cyprus.",
            &[("CY-GR", Cooperate, Planned)],
        ),
        // Improving ties stays support.
        (
            "Germany and Israel strengthened their relations last year.",
            &[("DE-IL", Support, Occurred)],
        ),
        (
            "Germany criticised Iran in a video statement released with Russia.",
            &[("DE-IR", Accuse, Occurred)],
        ),
    ]);
}
