//! Cases on sentences written for these tests: (article, expected quotes).

use super::*;
use crate::analysis::model::Mention;
use crate::analysis::segment;

pub(crate) use crate::analysis::testing::entity;
use crate::analysis::testing::paragraph_blocks as blocks;

/// Runs the stage; returns (kind, text, speaker name, cue) of each quote.
fn run(text: &str, ents: &[Entity]) -> Vec<(QuoteKind, String, Option<String>, Option<String>)> {
    let lex = SpeechLexicon::load().unwrap();
    let doc = segment::segment(text, &blocks(text));
    let qs = extract(&doc, ents, &lex);
    for q in &qs {
        assert_eq!(&text[q.start..q.end], q.text);
    }
    qs.into_iter()
        .map(|q| {
            let name = q
                .speaker
                .map(|id| ents.iter().find(|e| e.id == id).unwrap().name.clone());
            (q.kind, q.text, name, q.cue)
        })
        .collect()
}

use QuoteKind::{Direct as D, Indirect as I, Partial as P};

#[test]
fn direct_and_partial_with_speakers() {
    // (text, names as (kind, aliases), expected (kind, text, speaker))
    type Case<'a> = (
        &'a str,
        &'a [(EntityType, &'a [&'a str])],
        &'a [(QuoteKind, &'a str, Option<&'a str>)],
    );
    let person = EntityType::Person;
    let org = EntityType::Org;
    let gpe = EntityType::Gpe;
    let cases: &[Case] = &[
        (
            "\"I don't think anything comes at the expense of India,\" Rubio asserted.",
            &[(person, &["Rubio"])],
            &[(
                D,
                "I don't think anything comes at the expense of India,",
                Some("Rubio"),
            )],
        ),
        (
            "''The faster we act,'' he said, ''the better off we're going to be.''",
            &[],
            &[
                (D, "The faster we act,", None),
                (P, "the better off we're going to be.", None),
            ],
        ),
        (
            "Marco Rubio met reporters. \"We are close,\" he said, \"but not there.\"",
            &[(person, &["Marco Rubio", "Rubio"])],
            &[
                (D, "We are close,", Some("Marco Rubio")),
                (P, "but not there.", Some("Marco Rubio")),
            ],
        ),
        (
            "Rubio expressed confidence in India's \"mature\" approach.",
            &[(person, &["Rubio"])],
            &[(P, "mature", Some("Rubio"))],
        ),
        (
            "Officials signed a \"dissent channel\" memo on Syria.",
            &[(gpe, &["Syria"])],
            &[],
        ),
        (
            "The army launched \"Operation Peace Spring\" on Wednesday.",
            &[],
            &[],
        ),
        (
            "\"This is a time of cooperation,\" said Guan Youfei, a defence official.",
            &[(person, &["Guan Youfei"])],
            &[(D, "This is a time of cooperation,", Some("Guan Youfei"))],
        ),
        (
            "Israeli Prime Minister Benjamin Netanyahu, however, said he was \"very moved\" by it.",
            &[(person, &["Benjamin Netanyahu"]), (gpe, &["Israeli"])],
            &[(P, "very moved", Some("Benjamin Netanyahu"))],
        ),
        (
            "The ministry said the plan was \"null and void\".",
            &[(org, &["Foreign Ministry"])],
            &[(P, "null and void", None)],
        ),
        (
            "The Foreign Ministry met envoys. The ministry said the plan was \"null and void\".",
            &[(org, &["Foreign Ministry"])],
            &[(P, "null and void", Some("Foreign Ministry"))],
        ),
        (
            "Geng Shuang spoke in Beijing.\n\n\"We call on both sides to talk.\"",
            &[(person, &["Geng Shuang"])],
            &[(D, "We call on both sides to talk.", Some("Geng Shuang"))],
        ),
        (
            "The US stands firm, according to Secretary of State Marco Rubio, who called ties \"deep, historic, and important\".",
            &[(person, &["Marco Rubio"]), (gpe, &["US"])],
            &[(P, "deep, historic, and important", Some("Marco Rubio"))],
        ),
        (
            // A bare surname goes to the one last named in full (issue 13).
            "Sen. Ann Lowe spoke on Monday; her nephew, Carl Lowe, stood by. \"We will win,\" Lowe said.",
            &[(person, &["Ann Lowe"]), (person, &["Carl Lowe"])],
            &[(D, "We will win,", Some("Carl Lowe"))],
        ),
        (
            // ... and when neither is named again before the quote, the
            // one named in full nearest before it.
            "Carl Lowe stood by. Sen. Ann Lowe spoke on Monday. \"We will win,\" Lowe said.",
            &[(person, &["Ann Lowe"]), (person, &["Carl Lowe"])],
            &[(D, "We will win,", Some("Ann Lowe"))],
        ),
        (
            "\"Is the party against us?\" asked Mr. Pell, a strategist.",
            &[(person, &["Pell"])],
            &[(D, "Is the party against us?", Some("Pell"))],
        ),
        (
            "\"We lost the vote,\" Greta Moss grumbled after the count.",
            &[(person, &["Greta Moss"])],
            &[(D, "We lost the vote,", Some("Greta Moss"))],
        ),
        (
            "In Dayton on Monday, Vera Holm renewed her push for the bill, saying, \"We cannot wait another year.\"",
            &[(person, &["Vera Holm"]), (gpe, &["Dayton"])],
            &[(D, "We cannot wait another year.", Some("Vera Holm"))],
        ),
        (
            "At the rally, Vera Holm decried the \"culture of fear\" in the capital.",
            &[(person, &["Vera Holm"])],
            &[(P, "culture of fear", Some("Vera Holm"))],
        ),
        (
            "A judge ruled that Vera Holm had shown a \"pattern of delay\" in the case.",
            &[(person, &["Vera Holm"])],
            &[(P, "pattern of delay", None)],
        ),
        (
            "Rita Voss took the stage.\n\n\"Does he not see the danger?\" Voss said.",
            &[(person, &["Rita Voss", "Voss"])],
            &[(D, "Does he not see the danger?", Some("Rita Voss"))],
        ),
        (
            "\"We will compete hard,\" Lena Ortiz, the party\u{2019}s spokeswoman, said in a statement.",
            &[(person, &["Lena Ortiz"])],
            &[(D, "We will compete hard,", Some("Lena Ortiz"))],
        ),
        (
            "After the vote, Mara Quinn issued the following statement:\n\n\"We grieve with the families.\"",
            &[(person, &["Mara Quinn"])],
            &[(D, "We grieve with the families.", Some("Mara Quinn"))],
        ),
        (
            "In Reno, Mara Quinn had one more thing for the crowd: \"Go and vote.\"",
            &[(person, &["Mara Quinn"]), (gpe, &["Reno"])],
            &[(D, "Go and vote.", Some("Mara Quinn"))],
        ),
        (
            "Ivo Pahl praised the \"bold\" and \"careful\" plan of the board.",
            &[(person, &["Ivo Pahl"])],
            &[
                (P, "bold", Some("Ivo Pahl")),
                (P, "careful", Some("Ivo Pahl")),
            ],
        ),
        (
            "Gov. Dan Pruitt (R) said it would be \"improper\" to speak now.",
            &[(person, &["Dan Pruitt"])],
            &[(P, "improper", Some("Dan Pruitt"))],
        ),
        (
            "Rita Voss spoke.\n\n\"Taxes will fall next year.\"\n\n- Ivo Pahl.",
            &[(person, &["Rita Voss"]), (person, &["Ivo Pahl"])],
            &[(D, "Taxes will fall next year.", Some("Ivo Pahl"))],
        ),
        (
            "Ivo Pahl, chairman of the board of Keller Group, the firm's parent, said it would \"act soon.\"",
            &[(person, &["Ivo Pahl"]), (org, &["Keller Group"])],
            &[(P, "act soon.", Some("Ivo Pahl"))],
        ),
        (
            "\"We tried,\" Nell Ames said after Rob Tate spoke. \"It failed.\"",
            &[(person, &["Nell Ames"]), (person, &["Rob Tate"])],
            &[
                (D, "We tried,", Some("Nell Ames")),
                (D, "It failed.", Some("Nell Ames")),
            ],
        ),
        (
            "The New York Times saw the memo.\n\n\"It was a mess,\" the Times reported.",
            &[(org, &["The New York Times"])],
            &[(D, "It was a mess,", Some("The New York Times"))],
        ),
        (
            "Sen. Ted Vane spoke first. His wife, Ann Vane, spoke next. \"We are ready,\" Vane said.",
            &[(person, &["Ted Vane"]), (person, &["Ann Vane"])],
            &[(D, "We are ready,", Some("Ann Vane"))],
        ),
        (
            "WASHINGTON (AP) \u{2014} Rita Voss won Ohio on Tuesday, saying the result was \"a new start.\"",
            &[
                (gpe, &["WASHINGTON"]),
                (person, &["Rita Voss"]),
                (gpe, &["Ohio"]),
            ],
            &[(P, "a new start.", Some("Rita Voss"))],
        ),
        (
            "Voss was asked by host Ivo Pahl, \"Will you run again?\"",
            &[(person, &["Voss"]), (person, &["Ivo Pahl"])],
            &[(D, "Will you run again?", Some("Ivo Pahl"))],
        ),
        (
            "Dean Cole, a salesman from Sumter, South Carolina, says Rob Tate will \"leave with momentum.\"",
            &[
                (person, &["Dean Cole"]),
                (gpe, &["Sumter"]),
                (gpe, &["South Carolina"]),
                (person, &["Rob Tate"]),
            ],
            &[(P, "leave with momentum.", Some("Dean Cole"))],
        ),
        (
            "Rita Voss won Ohio.\n\n\"It is close,\" said an Ohio Democrat.",
            &[(person, &["Rita Voss"]), (gpe, &["Ohio"])],
            &[(D, "It is close,", None)],
        ),
        // A participle after a comma: the subject of the main clause, not
        // its object nor a place closing an opening adverbial.
        (
            "Nell Ames scolded Rob Tate, calling him \"a tired man.\"",
            &[(person, &["Nell Ames"]), (person, &["Rob Tate"])],
            &[(P, "a tired man.", Some("Nell Ames"))],
        ),
        (
            "At a fair in Dover, Delaware, on Monday, Senator Nell Ames of Ohio backed Rob Tate, saying he would \"fix the roads.\"",
            &[
                (gpe, &["Dover"]),
                (gpe, &["Delaware"]),
                (person, &["Nell Ames"]),
                (gpe, &["Ohio"]),
                (person, &["Rob Tate"]),
            ],
            &[(P, "fix the roads.", Some("Nell Ames"))],
        ),
        // ... and after a finite speech verb, that verb's subject.
        (
            "Rob Tate and Rita Voss will meet in May, Nell Ames said, adding, \"They have a lot to talk about.\"",
            &[
                (person, &["Rob Tate"]),
                (person, &["Rita Voss"]),
                (person, &["Nell Ames"]),
            ],
            &[(D, "They have a lot to talk about.", Some("Nell Ames"))],
        ),
        // A long description set off by commas after the name.
        (
            "\"We will not give up,\" Rob Tate, 52, of Dover, Delaware, who joined the march, said on Monday.",
            &[
                (person, &["Rob Tate"]),
                (gpe, &["Dover"]),
                (gpe, &["Delaware"]),
            ],
            &[(D, "We will not give up,", Some("Rob Tate"))],
        ),
        // ... not the object of a phrase the quotation leaves open.
        (
            "The statue was built \"in honour of\" Rob Tate, Nell Ames wrote.",
            &[(person, &["Rob Tate"]), (person, &["Nell Ames"])],
            &[(P, "in honour of", Some("Nell Ames"))],
        ),
        // An organisation the person heads is not the speaker.
        (
            "\"The rules are unfair,\" Rita Voss, who chairs the Voss Fund said in a statement.",
            &[(person, &["Rita Voss"]), (org, &["Voss Fund"])],
            &[(D, "The rules are unfair,", Some("Rita Voss"))],
        ),
        // A name in apposition after an inverted verb.
        (
            "\"It was a long night,\" said Nell Ames's press aide, Rob Tate.",
            &[(person, &["Nell Ames"]), (person, &["Rob Tate"])],
            &[(D, "It was a long night,", Some("Rob Tate"))],
        ),
        // A short fragment in a sentence closed by an inverted attribution.
        (
            "Rita Voss should start \"mending fences\" with Rob Tate, said Nell Ames, a former aide.",
            &[
                (person, &["Rita Voss"]),
                (person, &["Rob Tate"]),
                (person, &["Nell Ames"]),
            ],
            &[(P, "mending fences", Some("Nell Ames"))],
        ),
        // A phrasal verb of retort after the quotation.
        (
            "Nell Ames praised Rob Tate.\n\n\"You had your turn,\" Tate shot back.",
            &[(person, &["Rob Tate", "Tate"]), (person, &["Nell Ames"])],
            &[(D, "You had your turn,", Some("Rob Tate"))],
        ),
        // The outer speaker reports a fragment inside a nested report ...
        (
            "Senator Nell Ames said Rob Tate assured them that the party would \"stand together.\"",
            &[(person, &["Nell Ames"]), (person, &["Rob Tate"])],
            &[(P, "stand together.", Some("Nell Ames"))],
        ),
        // ... but a verb inside an opening subordinate clause reports nothing.
        (
            "After Rob Tate said that the vote was lost, Nell Ames said: \"We will try again.\"",
            &[(person, &["Rob Tate"]), (person, &["Nell Ames"])],
            &[(D, "We will try again.", Some("Nell Ames"))],
        ),
        // A name in apposition to a description that names someone else.
        (
            "Another delegate on the Tate slate, Nell Ames, said she was only \"leaning Tate.\"",
            &[(person, &["Tate"]), (person, &["Nell Ames"])],
            &[(P, "leaning Tate.", Some("Nell Ames"))],
        ),
        // A heading's speaker after a dash.
        (
            "TURNOUT WAS LOWER THAN FORECAST IN THE NORTHERN STATES - Nell Ames: \"The count is not over yet.\"",
            &[(person, &["Nell Ames"])],
            &[(D, "The count is not over yet.", Some("Nell Ames"))],
        ),
    ];
    for (text, names, want) in cases {
        let ents: Vec<Entity> = names
            .iter()
            .enumerate()
            .map(|(i, (k, a))| entity(text, i + 1, *k, a, None))
            .collect();
        let got: Vec<(QuoteKind, String, Option<String>)> = run(text, &ents)
            .into_iter()
            .filter(|q| q.0 != I)
            .map(|q| (q.0, q.1, q.2))
            .collect();
        let want: Vec<(QuoteKind, String, Option<String>)> = want
            .iter()
            .map(|(k, t, s)| (*k, t.to_string(), s.map(str::to_string)))
            .collect();
        assert_eq!(got, want, "{text}");
    }
}

#[test]
fn indirect_reported_speech() {
    let text = "Rubio noted that New Delhi has expressed interest in more trade. The talks went well, the minister said. According to Rubio, the deal is close.";
    let ents = vec![
        entity(text, 1, EntityType::Person, &["Rubio"], Some("Minister")),
        entity(text, 2, EntityType::Gpe, &["New Delhi"], None),
    ];
    let got: Vec<(String, Option<String>)> = run(text, &ents)
        .into_iter()
        .filter(|q| q.0 == I)
        .map(|q| (q.1, q.2))
        .collect();
    let want = vec![
        (
            "New Delhi has expressed interest in more trade".to_string(),
            Some("Rubio".to_string()),
        ),
        ("The talks went well".to_string(), Some("Rubio".to_string())),
        ("the deal is close".to_string(), Some("Rubio".to_string())),
    ];
    assert_eq!(got, want);
}

#[test]
fn odd_input_never_panics() {
    let lex = SpeechLexicon::load().unwrap();
    for text in [
        "\"",
        "''",
        "«»",
        "“",
        "\"a\" \"",
        "‘x",
        "He said \"é\u{301}",
        "\" said he.\n\n\"",
        "x ''y",
    ] {
        let doc = segment::segment(text, &blocks(text));
        for q in extract(&doc, &[], &lex) {
            assert_eq!(&text[q.start..q.end], q.text);
        }
    }
}

mod fuzz {
    use super::*;
    use proptest::prelude::*;

    fn piece() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "\"",
            "“",
            "”",
            "''",
            "'",
            "‘",
            "’",
            "«",
            "»",
            "„",
            " ",
            "\n\n",
            ",",
            ".",
            ":",
            "said",
            "he",
            "Rubio",
            "the minister",
            "according to",
            "that",
            "é",
            "日本",
            "don't",
            "told",
            "a",
            "X",
        ])
        .prop_map(str::to_string)
    }

    proptest! {
        #[test]
        fn never_panics_and_spans_hold(parts in prop::collection::vec(piece(), 0..60), cut in 0usize..200) {
            let text: String = parts.concat();
            let lex = SpeechLexicon::load().unwrap();
            let doc = segment::segment(&text, &blocks(&text));
            // An entity with one mention at an arbitrary boundary pair.
            let mut bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            bounds.push(text.len());
            let a = bounds[cut % bounds.len()];
            let b = bounds[(cut * 7 + 3) % bounds.len()];
            let mut ents = vec![entity(&text, 1, EntityType::Person, &["Rubio"], None)];
            ents[0].mentions.push(Mention { start: a.min(b), end: a.max(b), text: text[a.min(b)..a.max(b)].to_string() });
            for q in extract(&doc, &ents, &lex) {
                prop_assert_eq!(&text[q.start..q.end], q.text.as_str());
                prop_assert!(q.start < q.end);
            }
        }
    }
}

#[test]
fn joint_speakers_name_everyone_and_the_first_speaks() {
    let lex = SpeechLexicon::load().unwrap();
    let text = "\"We have a deal,\" Ada Reyes and Bo Lind said. Ada Reyes met Cy Moor and Bo Lind. \"It was long,\" Reyes said.";
    let ents = vec![
        entity(text, 1, EntityType::Person, &["Ada Reyes", "Reyes"], None),
        entity(text, 2, EntityType::Person, &["Bo Lind"], None),
        entity(text, 3, EntityType::Person, &["Cy Moor"], None),
    ];
    let doc = segment::segment(text, &blocks(text));
    let got: Vec<(Option<String>, Vec<String>)> = extract(&doc, &ents, &lex)
        .into_iter()
        .filter(|q| q.kind == QuoteKind::Direct)
        .map(|q| (q.speaker, q.speakers))
        .collect();
    let id = |s: &str| s.to_string();
    assert_eq!(
        got,
        vec![
            (Some(id("E1")), vec![id("E1"), id("E2")]),
            // "met Cy Moor and Bo Lind": objects, not speakers.
            (Some(id("E1")), vec![id("E1")]),
        ]
    );
}

#[test]
fn indirect_after_a_participle_and_without_a_dateline() {
    let text = "Lima - Amid the storm, the port stays open, according to Ada Reyes.\n\nHowever, she praised the crews, stressing that the docks need more staff.";
    let ents = vec![entity(text, 1, EntityType::Person, &["Ada Reyes"], None)];
    let got: Vec<(String, Option<String>)> = run(text, &ents)
        .into_iter()
        .filter(|q| q.0 == I)
        .map(|q| (q.1, q.2))
        .collect();
    let rey = Some("Ada Reyes".to_string());
    assert_eq!(
        got,
        vec![
            (
                "Amid the storm, the port stays open".to_string(),
                rey.clone()
            ),
            ("the docks need more staff".to_string(), rey),
        ]
    );
}

#[test]
fn datelines_are_read_only_when_they_look_like_one() {
    assert_eq!(
        indirect::dateline_len("Washington D.C. - Amid talks"),
        Some(18)
    );
    assert_eq!(
        indirect::dateline_len("KYIV, Ukraine (Reuters) \u{2014} The"),
        Some(28)
    );
    assert_eq!(
        indirect::dateline_len("The talks - long and hard - ended"),
        None
    );
    assert_eq!(indirect::dateline_len("No dash here"), None);
}

#[test]
fn a_second_verb_shares_its_subject() {
    // "X praised Y and said the senator can '…'": X speaks, not the
    // senator after the verb.
    let text = "Nell Ames praised Rob Tate and said the senator can \"bring change.\"";
    let ents = vec![
        entity(text, 1, EntityType::Person, &["Nell Ames"], None),
        entity(text, 2, EntityType::Person, &["Rob Tate"], Some("Senator")),
    ];
    let got: Vec<_> = run(text, &ents).into_iter().map(|q| (q.0, q.2)).collect();
    assert_eq!(got, vec![(P, Some("Nell Ames".to_string()))]);
}

#[test]
fn a_one_word_name_finds_its_entity_elsewhere() {
    // The entities missed the name next to the quote; its mention later in
    // the article is the same one-word name.
    let text = "\"We will open more clinics,\" said Richards.\n\nLater Richards left the stage.";
    let mut richards = entity(text, 1, EntityType::Person, &["Richards"], None);
    let later = text.find("Later").unwrap();
    richards.mentions.retain(|m| m.start > later);
    let got: Vec<_> = run(text, &[richards]).into_iter().map(|q| q.2).collect();
    assert_eq!(got, vec![Some("Richards".to_string())]);
}

#[test]
fn a_quote_opening_a_paragraph_after_narration_is_its_subjects() {
    let text = "Rita Voss praised the plan on Monday.\n\n\"We need someone who gets things done.\"";
    let ents = vec![entity(text, 1, EntityType::Person, &["Rita Voss"], None)];
    let got: Vec<_> = run(text, &ents).into_iter().map(|q| q.2).collect();
    assert_eq!(got, vec![Some("Rita Voss".to_string())]);
    // "Hannity pressed": a verb after the quotation, its subject the speaker.
    let text = "\"Would it be negotiable?\" Ivo Pahl pressed.";
    let ents = vec![entity(text, 1, EntityType::Person, &["Ivo Pahl"], None)];
    let got: Vec<_> = run(text, &ents).into_iter().map(|q| q.2).collect();
    assert_eq!(got, vec![Some("Ivo Pahl".to_string())]);
}

#[test]
fn nested_sourcing_and_object_pronouns() {
    // The outlet reports what the subject said: the subject speaks.
    let text = "Nell Ames called the plan a \"breach of trust,\" according to NBC.";
    let ents = vec![
        entity(text, 1, EntityType::Person, &["Nell Ames"], None),
        entity(text, 2, EntityType::Org, &["NBC"], None),
    ];
    let got: Vec<_> = run(text, &ents).into_iter().map(|q| q.2).collect();
    assert_eq!(got, vec![Some("Nell Ames".to_string())]);
    let text = "Spokesman Ivo Pahl spoke on TV. According to him, the strike was done with the help of \"friends inside the city\".";
    let ents = vec![entity(text, 1, EntityType::Person, &["Ivo Pahl"], None)];
    let got: Vec<_> = run(text, &ents)
        .into_iter()
        .filter(|q| q.0 != I)
        .map(|q| q.2)
        .collect();
    assert_eq!(got, vec![Some("Ivo Pahl".to_string())]);
}

#[test]
fn a_colon_introduces_the_words_of_the_main_clauses_subject() {
    let text = "When Rob Tate died, Governor Nell Ames released the following statement:\n\n\"We mourn a good man and a friend of this state.\"";
    let ents = vec![
        entity(text, 1, EntityType::Person, &["Rob Tate"], None),
        entity(text, 2, EntityType::Person, &["Nell Ames"], None),
    ];
    let got: Vec<_> = run(text, &ents).into_iter().map(|q| q.2).collect();
    assert_eq!(got, vec![Some("Nell Ames".to_string())]);
}

#[test]
fn a_colon_clause_opened_by_its_subject_keeps_it_past_an_apposition() {
    let text = "Nell Ames, for her part, quoted the first woman in space, Rita Voss, before launch:\n\n\"We are go for launch and ready to fly.\"";
    let ents = vec![
        entity(text, 1, EntityType::Person, &["Nell Ames"], None),
        entity(text, 2, EntityType::Person, &["Rita Voss"], None),
    ];
    let got: Vec<_> = run(text, &ents).into_iter().map(|q| q.2).collect();
    assert_eq!(got, vec![Some("Nell Ames".to_string())]);
}

#[test]
fn finite_speech_forms_are_the_verbs_that_end_a_name() {
    let forms: Vec<&str> = super::finite_speech_forms().collect();
    for f in ["said", "says", "asked", "continued"] {
        assert!(forms.contains(&f), "{f}");
    }
    // participles carry no subject; document verbs are as often a paper's;
    // a phrasal verb's form alone is no speech
    for f in ["saying", "asking", "reported", "revealed", "went", "shot"] {
        assert!(!forms.contains(&f), "{f}");
    }
}

#[test]
fn finite_document_forms_are_the_document_verbs_only() {
    let forms: Vec<&str> = super::finite_document_forms().collect();
    for f in ["reported", "revealed", "reveals"] {
        assert!(forms.contains(&f), "{f}");
    }
    for f in ["said", "revealing"] {
        assert!(!forms.contains(&f), "{f}");
    }
}

/// The speaker of each non-indirect quote of `text`, people named as given.
fn partial_speakers(text: &str, people: &[&str]) -> Vec<(String, Option<String>)> {
    let ents: Vec<Entity> = people
        .iter()
        .enumerate()
        .map(|(i, p)| entity(text, i + 1, EntityType::Person, &[p], None))
        .collect();
    run(text, &ents)
        .into_iter()
        .filter(|q| q.0 != I)
        .map(|q| (q.1, q.2))
        .collect()
}

#[test]
fn a_fragment_after_an_attributed_sentence_naming_no_one_is_its_speakers() {
    let got = partial_speakers(
        "\"The levy is a disgrace,\" Ivo Pahl said on Tuesday. Instead, \"the board should start again.\"",
        &["Ivo Pahl"],
    );
    assert_eq!(got[1].1.as_deref(), Some("Ivo Pahl"));
    let got = partial_speakers(
        "Nell Ames has argued that the levy was flawed. As a result, there is still \"a very large hole in the accounts.\"",
        &["Nell Ames"],
    );
    assert_eq!(got[0].1.as_deref(), Some("Nell Ames"));
    // Someone else is the subject: no speaker passed on.
    let got = partial_speakers(
        "Nell Ames has argued that the levy was flawed. They call it \"a very large hole in the accounts.\"",
        &["Nell Ames"],
    );
    assert_eq!(got[0].1, None);
}

#[test]
fn fragments_of_one_sentence_share_the_attribution_after_them() {
    let got = partial_speakers(
        "Water is \"the great issue of our time\" and \"a test of character,\" Ivo Pahl, the former mayor of Dunmore, declared to the crowd.",
        &["Ivo Pahl"],
    );
    let who: Vec<_> = got.iter().map(|g| g.1.as_deref()).collect();
    assert_eq!(who, vec![Some("Ivo Pahl"), Some("Ivo Pahl")]);
}

#[test]
fn a_phrase_naming_no_one_after_a_fragment_does_not_hide_the_verb_before_it() {
    // "every time she thinks" names nobody: "said" before the words speaks.
    let got = partial_speakers(
        "Nell Ames said \"it makes me angry\" every time she thinks about the closed schools.",
        &["Nell Ames"],
    );
    assert_eq!(got[0].1.as_deref(), Some("Nell Ames"));
    // "denounced" after the fragment has no subject of its own: the
    // sentence subject frames it.
    let got = partial_speakers(
        "Ivo Pahl further summed up the mayor as \"hopeless,\" denounced his record and said he should resign.",
        &["Ivo Pahl"],
    );
    assert_eq!(got[0].1.as_deref(), Some("Ivo Pahl"));
}

#[test]
fn according_to_closing_the_sentence_vouches_for_a_short_fragment() {
    let got = partial_speakers(
        "The council is paying \"dozens\" of consultants to review the levy, according to council spokesman Ivo Pahl.",
        &["Ivo Pahl"],
    );
    assert_eq!(
        got,
        vec![("dozens".to_string(), Some("Ivo Pahl".to_string()))]
    );
}

#[test]
fn a_colon_speaker_comes_before_a_cue_in_the_next_sentence() {
    // The question mark ends the sentence; the cue after it is another's.
    let got = partial_speakers(
        "Ivo Pahl's answer was: \"Is the mayor still in town?\" The mayor was in Leeds, according to his diary.",
        &["Ivo Pahl"],
    );
    assert_eq!(got[0].1.as_deref(), Some("Ivo Pahl"));
}

#[test]
fn a_fragment_goes_on_from_the_quotation_attributed_before_it() {
    // An inverted attribution closing the sentence before: no subject for
    // the speech verb, yet the quotation's speaker goes on.
    let got = partial_speakers(
        "\"We were not happy when it was first announced,\" said Rob Tate, head of policy at the Water Council. Now, \"within the council there is a sizable group saying this is fine.\"",
        &["Rob Tate"],
    );
    assert_eq!(got[1].1.as_deref(), Some("Rob Tate"));
    // A phrase naming nobody after a fragment is no attribution: the verb
    // before it speaks.
    let got = partial_speakers(
        "When Ivo Pahl later spoke of the flood in Dunmore and said he would \"protect our river towns,\" the crowd applauded loudly.",
        &["Ivo Pahl"],
    );
    assert_eq!(got[0].1.as_deref(), Some("Ivo Pahl"));
}

#[test]
fn tweeting_is_speech_and_its_subject_speaks() {
    let got = partial_speakers(
        "Critics were quick to pile on, with Nell Ames tweeting that it was a \"disaster\" for the council.",
        &["Nell Ames"],
    );
    assert_eq!(
        got,
        vec![("disaster".to_string(), Some("Nell Ames".to_string()))]
    );
}

#[test]
fn a_verb_framing_a_fragment_right_before_it_outranks_the_attribution_after() {
    let got = partial_speakers(
        "In a clip that Judge Nell Ames called \"distasteful,\" Ivo Pahl said he would sue the council.",
        &["Nell Ames", "Ivo Pahl"],
    );
    assert_eq!(got[0].1.as_deref(), Some("Nell Ames"));
    // A clause closed by its attribution, no verb before the words: theirs.
    let got = partial_speakers(
        "The levy was \"a disgrace from the start,\" Ivo Pahl said on Tuesday.",
        &["Ivo Pahl"],
    );
    assert_eq!(got[0].1.as_deref(), Some("Ivo Pahl"));
}

#[test]
fn a_short_quotation_inside_the_attribution_does_not_end_it() {
    let text = "\"We cannot wait,\" Nell Ames said.\n\n\"The levy is a disgrace,\" Ivo Pahl, wearing a blue tie and a \"Vote Yes\" badge, said calmly.";
    let got = partial_speakers(text, &["Nell Ames", "Ivo Pahl"]);
    assert_eq!(
        got[1],
        (
            "The levy is a disgrace,".to_string(),
            Some("Ivo Pahl".to_string())
        )
    );
}

#[test]
fn a_name_that_is_also_a_function_word_speaks() {
    // "From" is a preposition, "Will" a modal: as a person's mention they
    // are the speaker's name
    let text = "Tom From ran the group.\n\n\"We lost,\" From said.";
    let ents = vec![entity(
        text,
        1,
        EntityType::Person,
        &["Tom From", "From"],
        None,
    )];
    let got: Vec<_> = run(text, &ents).into_iter().map(|q| q.2).collect();
    assert_eq!(got, vec![Some("Tom From".to_string())]);
}

#[test]
fn a_fragment_after_a_past_verb_is_its_subjects() {
    // "credited" is no speech verb: the phrase read from the sentence start
    // ends at the person before it, not at the person it names after
    let text =
        "Ivo Pahl lost to Rita Voss. Pahl credited Voss's win to \"a rigged count, nothing less.\"";
    let ents = vec![
        entity(text, 1, EntityType::Person, &["Ivo Pahl", "Pahl"], None),
        entity(text, 2, EntityType::Person, &["Rita Voss", "Voss"], None),
    ];
    let got: Vec<_> = run(text, &ents).into_iter().map(|q| q.2).collect();
    assert_eq!(got, vec![Some("Ivo Pahl".to_string())]);
}

#[test]
fn a_name_set_off_by_dashes_before_the_verb_speaks() {
    for text in [
        "A former mayor -- Ivo Pahl, who lost to Rita Voss -- said, \"Nothing has changed.\"",
        "The mayor \u{2014} Ivo Pahl, who lost to Rita Voss \u{2014} said, \"Nothing has changed.\"",
        "Ivo Pahl \u{2014} the former mayor \u{2014} said, \"Nothing has changed.\"",
    ] {
        let ents = vec![
            entity(text, 1, EntityType::Person, &["Ivo Pahl"], None),
            entity(text, 2, EntityType::Person, &["Rita Voss"], None),
        ];
        let got: Vec<_> = run(text, &ents).into_iter().map(|q| q.2).collect();
        assert_eq!(got, vec![Some("Ivo Pahl".to_string())], "{text}");
    }
}

#[test]
fn a_person_and_an_unlisted_past_verb_after_a_quotation_speak() {
    // the previous paragraph's speaker does not go on past a name that
    // closes the quotation's sentence with a verb of its own
    let text = "Rita Voss said the talks had failed, Voss claimed.\n\n\"We will not give in,\" an angry Ivo Pahl retaliated. \"Never.\"";
    let ents = vec![
        entity(text, 1, EntityType::Person, &["Rita Voss", "Voss"], None),
        entity(text, 2, EntityType::Person, &["Ivo Pahl"], None),
    ];
    let got: Vec<_> = run(text, &ents)
        .into_iter()
        .filter(|q| q.0 == D)
        .map(|q| q.2)
        .collect();
    assert_eq!(got, vec![Some("Ivo Pahl".to_string()); 2]);
    // a verb with an object is no attribution of its own shape
    let text = "\"We will not give in,\" Ivo Pahl wanted the crowd to hear.";
    let ents = vec![entity(text, 1, EntityType::Person, &["Ivo Pahl"], None)];
    let got: Vec<_> = run(text, &ents);
    assert!(
        got.iter().all(|q| q.3.as_deref() != Some("wanted")),
        "{got:?}"
    );
}
