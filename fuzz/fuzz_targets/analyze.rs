//! Any bytes, as text and as HTML, through the whole pipeline in every
//! offset unit: no panic, and every span in bounds on a char boundary with
//! its `text` equal to the slice.
#![no_main]

use attache::analysis::model::Analysis;
use attache::analysis::{Analyzer, ArticleInput, OffsetUnit};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let unit = match selector % 3 {
        0 => OffsetUnit::Codepoint,
        1 => OffsetUnit::Utf16,
        _ => OffsetUnit::Utf8,
    };
    let html = selector & 0x80 != 0;
    let input = if html {
        ArticleInput::html(text.as_ref())
    } else {
        ArticleInput::text(text.as_ref())
    };
    let Ok(mut input) = input else {
        assert!(text.trim().is_empty());
        return;
    };
    input.options.offset_unit = unit;
    let a = Analyzer::embedded().analyze(&input);
    let source = a.source_text.clone().unwrap_or_else(|| text.into_owned());
    check(&source, &a, unit);
});

/// Maps a unit offset back to a byte offset of `text`, if it is a boundary.
fn to_byte(text: &str, unit: OffsetUnit, off: usize) -> Option<usize> {
    let mut units = 0;
    for (b, c) in text.char_indices() {
        if units == off {
            return Some(b);
        }
        if units > off {
            return None;
        }
        units += match unit {
            OffsetUnit::Codepoint => 1,
            OffsetUnit::Utf16 => c.len_utf16(),
            OffsetUnit::Utf8 => c.len_utf8(),
        };
    }
    (units == off).then_some(text.len())
}

fn slice(text: &str, unit: OffsetUnit, start: usize, end: usize) -> &str {
    let s = to_byte(text, unit, start).expect("start on a boundary");
    let e = to_byte(text, unit, end).expect("end on a boundary");
    assert!(s <= e);
    &text[s..e]
}

fn check(text: &str, a: &Analysis, unit: OffsetUnit) {
    for r in &a.removed {
        slice(text, unit, r.start, r.end);
    }
    for e in a.entities.iter().flatten() {
        for m in &e.mentions {
            assert_eq!(slice(text, unit, m.start, m.end), m.text);
        }
    }
    for q in a.quotes.iter().flatten() {
        assert_eq!(slice(text, unit, q.start, q.end), q.text);
    }
    for r in a.relations.iter().flatten() {
        assert_ne!(r.source.actor, r.target.actor);
        assert_eq!(
            slice(text, unit, r.evidence.start, r.evidence.end),
            r.evidence.text
        );
    }
}
