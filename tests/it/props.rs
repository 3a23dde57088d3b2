//! Property tests: any string gives an answer, never a panic, with every
//! span in bounds and on char boundaries.

use attache::analysis::{Analyzer, ArticleInput, OffsetUnit};
use proptest::prelude::*;

use crate::golden::check_invariants;

fn run(text: &str, unit: OffsetUnit) {
    let Ok(mut input) = ArticleInput::text(text) else {
        assert!(text.trim().is_empty(), "only blank input is refused");
        return;
    };
    input.options.offset_unit = unit;
    let a = Analyzer::embedded().analyze(&input);
    check_invariants(text, &a, unit);
}

fn unit() -> impl Strategy<Value = OffsetUnit> {
    prop_oneof![
        Just(OffsetUnit::Codepoint),
        Just(OffsetUnit::Utf16),
        Just(OffsetUnit::Utf8)
    ]
}

/// Pieces of news prose, quote marks, brackets and hostile characters, glued at random.
fn newsish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\"".to_string()),
        Just("\u{201c}".to_string()),
        Just("\u{201d}".to_string()),
        Just("''".to_string()),
        Just("'".to_string()),
        Just("\u{ab}".to_string()),
        Just(" said ".to_string()),
        Just("President Joe Biden".to_string()),
        Just(" met ".to_string()),
        Just("Pakistan".to_string()),
        Just("U.S.".to_string()),
        Just(" the United Nations ".to_string()),
        Just(". ".to_string()),
        Just("\n\n".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{ad}".to_string()),
        Just("\u{202e}".to_string()),
        Just("e\u{301}".to_string()),
        Just("\u{0}".to_string()),
        Just("(((".to_string()),
        Just("]]".to_string()),
        Just("Ã©".to_string()),
        Just("\u{645}\u{635}\u{631}".to_string()),
        Just("😀".to_string()),
        Just("on Monday, October 27, 2025".to_string()),
        "[A-Za-z]{1,12}",
        "\\PC{1,8}",
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_unicode_string(s in "\\PC{0,400}", u in unit()) {
        run(&s, u);
    }

    #[test]
    fn any_string_with_controls(s in any::<String>(), u in unit()) {
        run(&s, u);
    }

    #[test]
    fn news_like_fragments(s in newsish(), u in unit()) {
        run(&s, u);
    }
}

#[test]
fn pathological_inputs() {
    let huge_word = "a".repeat(1 << 20);
    let quotes = "\"".repeat(5001) + " said Rubio " + &"\u{201c}".repeat(3001);
    let brackets = "(".repeat(10_000) + "Pakistan" + &")".repeat(9_999);
    let rtl = "\u{5e9}\u{5dc}\u{5d5}\u{5dd} \u{202b}Israel\u{202c} met Egypt. ".repeat(200);
    let combining = "e\u{301}\u{302}\u{303}".repeat(10_000);
    let nuls = "\u{0}".repeat(1000) + "Iran";
    // one capitalised run thousands of names long (no sentence ends after "U.S."),
    // and a title before every name: once quadratic in the entities stage
    let names_run = "U.S. ".repeat(4000);
    let titled = "President Joe Biden ".repeat(1000);
    for s in [
        huge_word, quotes, brackets, rtl, combining, nuls, names_run, titled,
    ] {
        for u in [OffsetUnit::Codepoint, OffsetUnit::Utf16, OffsetUnit::Utf8] {
            run(&s, u);
        }
    }
}

/// A hostile shape (`analysis::testing::hostile_texts`) of any size up to
/// 32 KiB, cut anywhere and glued to news-like fragments: the same
/// invariants hold. Full body-limit sizes run in `hostile` (ignored in
/// debug) and seed the fuzz corpus (`hostile::write_fuzz_corpus`).
fn hostile() -> impl Strategy<Value = String> {
    let shapes = attache::analysis::testing::hostile_texts(0).len();
    (0..shapes, 64usize..32 * 1024, newsish(), newsish()).prop_map(|(k, n, pre, post)| {
        let (_, body) = attache::analysis::testing::hostile_texts(n).swap_remove(k);
        format!("{pre}{body}{post}")
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn hostile_shapes_glued_to_news(s in hostile(), u in unit()) {
        run(&s, u);
    }
}
