//! Builders for stage tests: hand-made entities and paragraph blocks, so a
//! stage can be tested on sentences written for it, apart from the stages
//! before it. Used by the unit tests and by `tests/it`; not part of the API.

use std::time::{Duration, Instant};

use crate::analysis::budget;
use crate::analysis::model::{Entity, EntityType, KbLinks, Mention};
use crate::analysis::segment::Block;

/// A hand-built entity: every occurrence of each alias in `text` is a mention.
pub fn entity(
    text: &str,
    id: usize,
    kind: EntityType,
    aliases: &[&str],
    title: Option<&str>,
) -> Entity {
    let mut mentions = Vec::new();
    for a in aliases {
        for (i, _) in text.match_indices(a) {
            let before = text[..i].chars().next_back();
            let after = text[i + a.len()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            mentions.push(Mention {
                start: i,
                end: i + a.len(),
                text: a.to_string(),
            });
        }
    }
    mentions.sort_by_key(|m| m.start);
    Entity {
        id: format!("E{id}"),
        kind,
        name: aliases[0].to_string(),
        title: title.map(str::to_string),
        country: None,
        mentions,
        salience: 0.0,
        kb: KbLinks::default(),
        value: None,
        actor: None,
    }
}

/// One block per paragraph; paragraphs are separated by a blank line.
pub fn paragraph_blocks(text: &str) -> Vec<Block> {
    let mut v = Vec::new();
    let mut pos = 0;
    for p in text.split("\n\n") {
        v.push(Block {
            range: pos..pos + p.len(),
            is_title: false,
        });
        pos += p.len() + 2;
    }
    v
}

/// A stand-in for a slow analysis that honours its budget: waits, looking
/// at the budget in force every millisecond, until the budget is spent
/// (true) or `limit` has passed (false).
pub fn busy(limit: Duration) -> bool {
    let start = Instant::now();
    loop {
        if budget::spent() {
            return true;
        }
        if start.elapsed() >= limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Hostile shapes of text, each at most `n` bytes (cut on a char boundary):
/// (name, text). The shapes that once took a stage quadratic time or deep
/// recursion: one endless sentence, capitalised words, titles, dates,
/// parentheses, each quotation mark alone and all of them alternating,
/// possessive chains, a dotted compound that grows. Used by the property
/// tests, the work test, the test against the binary and the fuzz corpus.
pub fn hostile_texts(n: usize) -> Vec<(&'static str, String)> {
    let mut out = vec![
        (
            "endless_sentence",
            format!(
                "India and Pakistan held talks{}.",
                fill(" and India and Pakistan held talks", n.saturating_sub(31))
            ),
        ),
        ("capitalised_words", capitalised(n)),
        ("titles", fill("President Joe Biden ", n)),
        ("dates", fill("on Monday, October 27, 2025 and ", n)),
        (
            "relative_dates",
            fill("100000000 days ago, next Monday, ", n),
        ),
        ("parentheses", fill("(a) ", n)),
        (
            "nested_parentheses",
            format!(
                "{}x{}",
                fill("(", n / 2),
                fill(")", (n / 2).saturating_sub(1))
            ),
        ),
        (
            "possessive_chain",
            format!("Biden{} plan.", fill("'s", n.saturating_sub(11))),
        ),
        (
            "curly_possessive_chain",
            format!("Biden{} plan.", fill("\u{2019}s", n.saturating_sub(11))),
        ),
        (
            "dotted_compound",
            format!("{}A.", fill("A.-", n.saturating_sub(2))),
        ),
        (
            "alternating_marks",
            fill(
                "\"x 'x \u{201c}x \u{201d}x \u{2018}x \u{2019}x \u{ab}x \u{bb}x ",
                n,
            ),
        ),
        ("said_chain", fill("he said ", n)),
    ];
    for (name, mark) in [
        ("straight_double_marks", "\""),
        ("straight_single_marks", "'"),
        ("left_double_marks", "\u{201c}"),
        ("right_double_marks", "\u{201d}"),
        ("left_single_marks", "\u{2018}"),
        ("right_single_marks", "\u{2019}"),
        ("left_guillemets", "\u{ab}"),
        ("right_guillemets", "\u{bb}"),
    ] {
        out.push((name, fill(&format!("{mark}x "), n)));
    }
    out
}

/// Hostile shapes of HTML, each about `n` bytes: tags nested as deep as
/// the size allows, unclosed tags, comments.
pub fn hostile_html(n: usize) -> Vec<(&'static str, String)> {
    // The frame around the nesting takes its share of the n bytes.
    const FRAME: usize = "<html><body>India met Pakistan.</body></html>".len();
    let nest = |open: &str, close: &str| {
        let depth = n.saturating_sub(FRAME) / (open.len() + close.len()).max(1);
        format!(
            "<html><body>{}India met Pakistan.{}</body></html>",
            open.repeat(depth),
            close.repeat(depth)
        )
    };
    vec![
        ("nested_div", nest("<div>", "</div>")),
        (
            "nested_table",
            nest("<table><tr><td>", "</td></tr></table>"),
        ),
        ("nested_list", nest("<ul><li>", "</li></ul>")),
        ("nested_article", nest("<article>", "</article>")),
        (
            "nested_inline",
            nest("<b><i><span><a href=x>", "</a></span></i></b>"),
        ),
        (
            "unclosed_tags",
            format!(
                "<html><body>{}India met Pakistan.",
                fill("<div><p><b>", n.saturating_sub(FRAME))
            ),
        ),
        (
            "comments",
            format!(
                "<html><body>{}<p>India met Pakistan.</p>",
                fill("<!-- <div> -->", n.saturating_sub(FRAME))
            ),
        ),
    ]
}

/// `unit` repeated to `n` bytes, cut on a char boundary.
fn fill(unit: &str, n: usize) -> String {
    let mut s = unit.repeat(n / unit.len().max(1) + 1);
    let mut cut = n.min(s.len());
    while !s.is_char_boundary(cut) {
        cut -= 1;
    }
    s.truncate(cut);
    s
}

/// Capitalised words, all different (a deterministic run of syllables),
/// with no sentence end: about `n` bytes.
fn capitalised(n: usize) -> String {
    const SYL: [&str; 16] = [
        "ka", "ro", "mi", "te", "lu", "sa", "no", "vi", "de", "ga", "po", "ri", "ze", "ba", "fu",
        "xo",
    ];
    let mut out = String::with_capacity(n + 16);
    let mut k: usize = 1;
    while out.len() < n {
        let mut x = k;
        let mut word = String::new();
        for _ in 0..4 {
            word.push_str(SYL[x % 16]);
            x /= 16;
        }
        let mut cs = word.chars();
        if let Some(f) = cs.next() {
            out.extend(f.to_uppercase());
            out.push_str(cs.as_str());
        }
        out.push(' ');
        k += 1;
    }
    out.truncate(n);
    out
}
