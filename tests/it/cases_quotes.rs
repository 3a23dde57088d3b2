//! Quote cases: (article, entities by alias, expected quotes with speakers).
//! The sentences are written for these tests; entities are built by hand
//! (every occurrence of an alias is a mention), so the cases test the quote
//! stage alone.

use attache::analysis::model::{Entity, EntityType, QuoteKind};
use attache::analysis::quotes::{self, SpeechLexicon};
use attache::analysis::segment;

use attache::analysis::testing::{entity, paragraph_blocks as blocks};

type Names<'a> = &'a [(EntityType, &'a [&'a str], Option<&'a str>)];
type Want<'a> = &'a [(QuoteKind, &'a str, Option<&'a str>)];

/// Runs the stage and returns (kind, text, speaker name) of every quote.
fn run(text: &str, names: Names) -> Vec<(QuoteKind, String, Option<String>)> {
    let ents: Vec<Entity> = names
        .iter()
        .enumerate()
        .map(|(i, (k, a, t))| entity(text, i + 1, *k, a, *t))
        .collect();
    let lex = SpeechLexicon::load().unwrap();
    let doc = segment::segment(text, &blocks(text));
    let qs = quotes::extract(&doc, &ents, &lex);
    for (i, q) in qs.iter().enumerate() {
        assert_eq!(q.id, format!("Q{}", i + 1));
        assert_eq!(&text[q.start..q.end], q.text, "span of {q:?}");
    }
    qs.into_iter()
        .map(|q| {
            let name = q
                .speaker
                .map(|id| ents.iter().find(|e| e.id == id).unwrap().name.clone());
            (q.kind, q.text, name)
        })
        .collect()
}

fn check(cases: &[(&str, Names, Want)], with_indirect: bool) {
    for (text, names, want) in cases {
        let got: Vec<_> = run(text, names)
            .into_iter()
            .filter(|q| with_indirect || q.0 != QuoteKind::Indirect)
            .collect();
        let want: Vec<_> = want
            .iter()
            .map(|(k, t, s)| (*k, t.to_string(), s.map(str::to_string)))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

use EntityType::{Gpe, Org, Person};
use QuoteKind::{Direct as D, Indirect as I, Partial as P};

#[test]
fn quotation_marks() {
    let pompeo: Names = &[(Person, &["Mike Pompeo", "Pompeo"], None)];
    check(
        &[
            (
                "Pompeo said: \"We are done.\"",
                pompeo,
                &[(D, "We are done.", Some("Mike Pompeo"))],
            ),
            (
                "Pompeo said: “We are done.”",
                pompeo,
                &[(D, "We are done.", Some("Mike Pompeo"))],
            ),
            (
                "Pompeo said: ''We are done.''",
                pompeo,
                &[(D, "We are done.", Some("Mike Pompeo"))],
            ),
            (
                "Pompeo said: «We are done.»",
                pompeo,
                &[(D, "We are done.", Some("Mike Pompeo"))],
            ),
            (
                "Pompeo said: ``We are done.''",
                pompeo,
                &[(D, "We are done.", Some("Mike Pompeo"))],
            ),
            (
                "Pompeo calls talks ‘very productive’",
                pompeo,
                &[(P, "very productive", Some("Mike Pompeo"))],
            ),
            (
                "\"Iran's leaders said 'never' in the '90s,\" Pompeo said.",
                pompeo,
                &[(
                    D,
                    "Iran's leaders said 'never' in the '90s,",
                    Some("Mike Pompeo"),
                )],
            ),
            // An odd mark is recovered at the paragraph end.
            (
                "Pompeo said \"the talks failed.\n\n\"We are done,\" Pompeo said.",
                pompeo,
                &[
                    (P, "the talks failed.", Some("Mike Pompeo")),
                    (D, "We are done,", Some("Mike Pompeo")),
                ],
            ),
        ],
        false,
    );
}

#[test]
fn multi_paragraph_and_split_quotes() {
    let names: Names = &[(Person, &["Eva-Marie Persson", "Persson"], None)];
    check(
        &[
            (
                "Ms Persson said: \"The victim was credible.\n\n\"Her statements have been coherent.\"",
                names,
                &[
                    (D, "The victim was credible.", Some("Eva-Marie Persson")),
                    (
                        D,
                        "Her statements have been coherent.",
                        Some("Eva-Marie Persson"),
                    ),
                ],
            ),
            (
                "\"The evidence has weakened,\" Persson said, \"so we close the case.\"",
                names,
                &[
                    (D, "The evidence has weakened,", Some("Eva-Marie Persson")),
                    (P, "so we close the case.", Some("Eva-Marie Persson")),
                ],
            ),
            (
                "‘The victim was credible.\n\n‘Her statements have been coherent,’ Persson said.",
                names,
                &[
                    (D, "The victim was credible.", Some("Eva-Marie Persson")),
                    (
                        D,
                        "Her statements have been coherent,",
                        Some("Eva-Marie Persson"),
                    ),
                ],
            ),
            (
                "Persson had harsh words for the defence. \"They wasted our time.\"",
                names,
                &[(D, "They wasted our time.", Some("Eva-Marie Persson"))],
            ),
            (
                "‘The evidence has weakened,’ Persson said, ‘and the case is closed.’",
                names,
                &[
                    (D, "The evidence has weakened,", Some("Eva-Marie Persson")),
                    (P, "and the case is closed.", Some("Eva-Marie Persson")),
                ],
            ),
            (
                "Eva-Marie Persson spoke to reporters.\n\n\"We have closed the case.\"",
                names,
                &[(D, "We have closed the case.", Some("Eva-Marie Persson"))],
            ),
        ],
        false,
    );
}

#[test]
fn attribution_clauses() {
    let people: Names = &[
        (
            Person,
            &["Recep Tayyip Erdoğan", "Erdoğan"],
            Some("President"),
        ),
        (
            Person,
            &["Jens Stoltenberg", "Stoltenberg"],
            Some("Secretary General"),
        ),
        (Org, &["NATO"], None),
        (Gpe, &["Turkey"], None),
        (Org, &["Turkish Ministry of Foreign Affairs"], None),
    ];
    check(
        &[
            (
                "\"They need to stand by us,\" said Erdoğan, the Turkish president.",
                people,
                &[(D, "They need to stand by us,", Some("Recep Tayyip Erdoğan"))],
            ),
            (
                "Erdoğan, the Turkish president, said the offensive was \"to prevent a terror corridor\".",
                people,
                &[(
                    P,
                    "to prevent a terror corridor",
                    Some("Recep Tayyip Erdoğan"),
                )],
            ),
            (
                "\"I count on Turkey to act with restraint,\" Stoltenberg wrote in a statement.",
                people,
                &[(
                    D,
                    "I count on Turkey to act with restraint,",
                    Some("Jens Stoltenberg"),
                )],
            ),
            (
                "Stoltenberg met Erdoğan. \"We disagree,\" the president told reporters.",
                people,
                &[(D, "We disagree,", Some("Recep Tayyip Erdoğan"))],
            ),
            (
                "The Turkish Ministry of Foreign Affairs met envoys. The ministry called the deal \"legitimate and fully compatible with international law\".",
                people,
                &[(
                    P,
                    "legitimate and fully compatible with international law",
                    Some("Turkish Ministry of Foreign Affairs"),
                )],
            ),
            (
                "According to Stoltenberg, \"the alliance is united.\"",
                people,
                &[(P, "the alliance is united.", Some("Jens Stoltenberg"))],
            ),
            (
                "Stoltenberg said that the plan, which Erdoğan called \"a great success\", would work.",
                people,
                &[(P, "a great success", Some("Recep Tayyip Erdoğan"))],
            ),
            (
                "Erdoğan told CBS's \"Face the Nation\" that he would stay.",
                people,
                &[],
            ),
            (
                "Turkey said the plan was \"null and void\".",
                people,
                &[(P, "null and void", Some("Turkey"))],
            ),
            (
                "\"No comment,\" a NATO spokesman said.",
                people,
                &[(D, "No comment,", Some("NATO"))],
            ),
            (
                "Turkey protested. \"No comment,\" a Turkish official said.",
                &[(Gpe, &["Turkey"], None)],
                &[(D, "No comment,", None)],
            ),
            (
                "\"No comment,\" an official said.",
                people,
                &[(D, "No comment,", None)],
            ),
        ],
        false,
    );
}

#[test]
fn subjects_past_time_phrases_and_possessive_descriptions() {
    let names: Names = &[
        (Person, &["Donald Trump", "Trump"], None),
        (Person, &["Hillary Clinton", "Clinton"], None),
        (Person, &["Robby Mook", "Mook"], None),
    ];
    check(
        &[
            (
                "Donald Trump on Tuesday called Clinton \"crooked\".",
                names,
                &[(P, "crooked", Some("Donald Trump"))],
            ),
            (
                "Clinton's campaign manager, Robby Mook, said Trump was \"unfit to serve.\"",
                names,
                &[(P, "unfit to serve.", Some("Robby Mook"))],
            ),
            (
                "Trump: 'We will win Ohio'",
                names,
                &[(D, "We will win Ohio", Some("Donald Trump"))],
            ),
            (
                "Trump called him \"Little Marco\" again.",
                names,
                &[(P, "Little Marco", Some("Donald Trump"))],
            ),
            (
                "Mr. Obama said he had told Clinton to wait.\n\n''We are close,'' he said.",
                &[
                    (Person, &["Obama"], None),
                    (Person, &["Hillary Clinton", "Clinton"], None),
                ],
                &[(D, "We are close,", Some("Obama"))],
            ),
        ],
        false,
    );
}

#[test]
fn descriptions_resolve_by_head() {
    let names: Names = &[
        (Gpe, &["Iran", "Tehran"], None),
        (Org, &["United Nations"], None),
        (
            Person,
            &["Mohammad Javad Zarif", "Zarif"],
            Some("Foreign Minister"),
        ),
        (Org, &["International Crisis Group"], None),
    ];
    check(
        &[
            (
                "Iran's foreign minister warned that sanctions would \"backfire\". Zarif spoke in Tehran.",
                names,
                &[(P, "backfire", Some("Mohammad Javad Zarif"))],
            ),
            (
                "Zarif left. Tehran's envoy to the United Nations called the measures \"economic terrorism.\"",
                names,
                &[(P, "economic terrorism.", Some("Iran"))],
            ),
            (
                "The International Crisis Group met. \"Nobody wants a crisis,\" a senior diplomat said.",
                names,
                &[(D, "Nobody wants a crisis,", None)],
            ),
            (
                "Zarif left. \"It is over,\" said Nick Witney, a former official. \"We lost,\" he said.",
                names,
                &[(D, "It is over,", None), (D, "We lost,", None)],
            ),
            (
                "Zarif left. US Ambassador to Germany Richard Grenell alleged Iran had \"contributed to suffering\".",
                names,
                &[(P, "contributed to suffering", None)],
            ),
            (
                "The International Crisis Group met. The ministry said it \"strongly condemns\" the decision.",
                names,
                &[(P, "strongly condemns", None)],
            ),
        ],
        false,
    );
}

#[test]
fn scare_quotes_titles_and_nicknames_are_not_quotes() {
    let names: Names = &[(Person, &["Donald Trump", "Trump"], None)];
    check(
        &[
            ("The so-called \"Islamic State\" lost ground.", names, &[]),
            ("Trump watched \"The Apprentice\" on Monday.", names, &[]),
            ("Analysts signed a \"dissent channel\" memo.", names, &[]),
            (
                "The policy, known as \"America First\", was new.",
                names,
                &[],
            ),
            (
                "Trump, who embraced the \"alt-right\" movement, said he would win.",
                names,
                &[],
            ),
            (
                "Trump called the deal \"a disaster\".",
                names,
                &[(P, "a disaster", Some("Donald Trump"))],
            ),
        ],
        false,
    );
}

#[test]
fn indirect_quotes() {
    let names: Names = &[
        (
            Person,
            &["Marco Rubio", "Rubio"],
            Some("Secretary of State"),
        ),
        (Gpe, &["New Delhi"], None),
    ];
    check(
        &[
            (
                "Rubio noted that New Delhi has expressed interest in more trade.",
                names,
                &[(
                    I,
                    "New Delhi has expressed interest in more trade",
                    Some("Marco Rubio"),
                )],
            ),
            (
                "Rubio said on Saturday the talks went well.",
                names,
                &[(I, "the talks went well", Some("Marco Rubio"))],
            ),
            (
                "The talks went well, Rubio told reporters.",
                names,
                &[(I, "The talks went well", Some("Marco Rubio"))],
            ),
            (
                "According to Rubio, the deal is close.",
                names,
                &[(I, "the deal is close", Some("Marco Rubio"))],
            ),
            ("Rubio flew to New Delhi on Saturday.", names, &[]),
        ],
        true,
    );
}

#[test]
fn demonyms_stand_for_their_state() {
    let text =
        "Turkey protested. The Turkish foreign minister said the deal was \"null and void\".";
    let mut turkey = entity(text, 1, Gpe, &["Turkey"], None);
    turkey.kb.iso3166 = Some("TR".into());
    turkey.country = Some("TR".into());
    let mut turkish = entity(text, 2, EntityType::Norp, &["Turkish"], None);
    turkish.country = Some("TR".into());
    let ents = vec![turkey, turkish];
    let lex = SpeechLexicon::load().unwrap();
    let doc = segment::segment(text, &blocks(text));
    let got: Vec<(String, Option<String>)> = quotes::extract(&doc, &ents, &lex)
        .into_iter()
        .filter(|q| q.kind != QuoteKind::Indirect)
        .map(|q| (q.text, q.speaker))
        .collect();
    assert_eq!(
        got,
        vec![("null and void".to_string(), Some("E1".to_string()))]
    );
}

#[test]
fn according_to_inside_a_clause() {
    let names: Names = &[
        (Person, &["Robby Mook", "Mook"], None),
        (Org, &["Treasury"], None),
        (Gpe, &["Texas"], None),
    ];
    check(
        &[
            // The reported words lie on both sides of the attribution: no
            // one span holds them.
            (
                "The proposal, according to two people briefed on the talks, could cost the Treasury $2 trillion.",
                names,
                &[],
            ),
            (
                "The aid, which, according to officials in Texas, could reach the border, was delayed.",
                names,
                &[],
            ),
            // Clause-final and clause-initial attributions still report.
            (
                "The plan would cost the Treasury $2 trillion, according to two people briefed on the talks.",
                names,
                &[(I, "The plan would cost the Treasury $2 trillion", None)],
            ),
            (
                "The plan would cost $2 trillion, according to Robby Mook, the campaign manager.",
                names,
                &[(I, "The plan would cost $2 trillion", Some("Robby Mook"))],
            ),
            // An attribution appended to a reported clause is not part of it.
            (
                "Robby Mook said the campaign would respond in the coming days, according to a statement.",
                names,
                &[(
                    I,
                    "the campaign would respond in the coming days",
                    Some("Robby Mook"),
                )],
            ),
        ],
        true,
    );
}

#[test]
fn relative_clause_before_the_verb() {
    let names: Names = &[
        (Person, &["Ted Cruz", "Cruz"], Some("Senator")),
        (Person, &["Hillary Clinton", "Mrs. Clinton"], None),
    ];
    check(
        &[(
            "Ted Cruz spoke in Ohio. The senator, who has endorsed Mrs. Clinton, said he expected a close race.",
            names,
            &[(I, "he expected a close race", Some("Ted Cruz"))],
        )],
        true,
    );
}
