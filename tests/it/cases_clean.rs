//! Cleaning and segmentation: tables of small pages, whole scraped pages
//! against their line-by-line gold (`tests/fixtures/clean/`), and property
//! tests on hostile text. See tests/it/main.rs.

use std::collections::HashSet;
use std::ops::Range;
use std::path::Path;

use attache::analysis::clean::{self, CleanLexicon};
use attache::analysis::segment::{self, Block};
use proptest::prelude::*;

fn lex() -> &'static CleanLexicon {
    &attache::analysis::Resources::embedded().clean
}

const P1: &str = "The foreign ministers met for three hours on Monday and agreed that talks on the disputed border would resume in the spring, according to officials who attended.";
const P2: &str = "It was the first such meeting since the dispute began last year, and both sides said they hoped it would lead to a lasting settlement of the question.";
const P3: &str = "Analysts said the agreement, if it holds, would ease pressure on the region's economies, which have suffered from the closure of several crossings.";

struct Want {
    title: Option<&'static str>,
    authors: &'static [&'static str],
    /// Start of each body paragraph, in order.
    body: &'static [&'static str],
    dateline: Option<&'static str>,
}

fn check(page: &str, want: &Want) {
    let c = clean::clean(page, lex());
    let title = c.title.clone().map(|r| &page[r]);
    assert_eq!(title, want.title, "title of {page:?}");
    assert_eq!(c.authors, want.authors, "authors of {page:?}");
    let body: Vec<&str> = c.body.iter().map(|r| &page[r.clone()]).collect();
    assert_eq!(body.len(), want.body.len(), "body of {page:?}: {body:#?}");
    for (b, w) in body.iter().zip(want.body) {
        assert!(b.starts_with(w), "{b:?} should start with {w:?}");
    }
    assert_eq!(c.dateline.map(|r| &page[r]), want.dateline, "dateline");
}

#[test]
fn small_pages() {
    let cases: Vec<(String, Want)> = vec![
        (
            // Wire story: menu, headline, byline with agency, dateline, footer.
            format!(
                "Home\nWorld\nPolitics\nBusiness\n\nBorder talks to resume after ministers meet\n\nJane Doe and John Roe | AP\n\nUpdated 3:05 PM GMT, March 12, 2024\n\nGENEVA (AP) — {P1}\n\n{P2}\n\nAdvertisement\n\n{P3}\n\nRelated Stories\n\nFloods hit the north as rivers burst their banks\n\nElection campaign enters its final week\n\nTerms of Service\nPrivacy Policy\n© 2024 The Example Press. All rights reserved.\n"
            ),
            Want {
                title: Some("Border talks to resume after ministers meet"),
                authors: &["Jane Doe", "John Roe"],
                body: &["GENEVA (AP) —", "It was", "Analysts"],
                dateline: Some("GENEVA (AP)"),
            },
        ),
        (
            // Plain newsroom text: headline, body, nothing else.
            format!("Ministers agree to resume border talks\n\n{P1}\n\n{P2}\n"),
            Want {
                title: Some("Ministers agree to resume border talks"),
                authors: &[],
                body: &["The foreign", "It was"],
                dateline: None,
            },
        ),
        (
            // A readout without headline; hard-wrapped lines.
            "The Secretary met with the Foreign Minister of Freedonia today on the\nsidelines of the summit. The two discussed trade, security and the\nsituation in the region.\n\nThey agreed to stay in close touch in the coming weeks, a spokesperson\nsaid in a statement released after the meeting.\n\n###\n".to_string(),
            Want {
                title: None,
                authors: &[],
                body: &["The Secretary", "They agreed"],
                dateline: None,
            },
        ),
        (
            // Byline with a role, share bar, author bio at the end.
            format!(
                "Menu\nSearch\nSign in\n\nTalks resume as ministers meet in Geneva\n\nJane Doe, Senior Diplomatic Correspondent\n\nShare on Facebook\nShare on X\nCopy link\n\nLondon - {P1}\n\n{P2}\n\n{P3}\n\nJane Doe is a reporter covering diplomacy and security for the paper since 2015.\n\nMore from World\n\nSubscribe to our newsletter\n"
            ),
            Want {
                title: Some("Talks resume as ministers meet in Geneva"),
                authors: &["Jane Doe"],
                body: &["London -", "It was", "Analysts"],
                dateline: Some("London"),
            },
        ),
    ];
    for (page, want) in &cases {
        check(page, want);
    }
}

/// Pages written for these tests in the shape of three wire and newspaper
/// sites (menus, share bars, captions with credits, standfirst, byline
/// "Name in Place", credits lines, most-read lists).
#[test]
fn site_shaped_pages() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean/synthetic");
    let cases: &[(&str, &str, &[&str], &str, &str)] = &[
        (
            "ap.txt",
            "Leaders agree to expand grain shipments through the Black Sea",
            &["Jane Doe", "John Roe"],
            "ISTANBUL (AP) —",
            "Ukraine’s economy depends",
        ),
        (
            "reuters.txt",
            "Germany summons Russian envoy over cyberattack on ministry",
            &["Jane Doe", "John Roe"],
            "BERLIN, March 12 (Reuters) -",
            "The attack, which began",
        ),
        (
            "cms.txt",
            "Senate passes aid package for Ukraine and Israel",
            &["Jane Doe"],
            "WASHINGTON (AP) — The Senate passed the bill Tuesday.",
            "The House returns",
        ),
        (
            "short_first.txt",
            "Senate passes aid package",
            &[],
            "WASHINGTON (AP) — The Senate passed the bill Tuesday.",
            "Senate Majority Leader",
        ),
        (
            "lexis.txt",
            "Obama and Putin agree to keep talking on Syria",
            &["Jane Doe", "John Roe"],
            "HANGZHOU, China —",
            "''We have not yet closed the gaps,''",
        ),
        (
            "aj.txt",
            "Iran and Saudi Arabia agree to restore diplomatic ties",
            &[],
            "The two regional rivals",
            "The United States welcomed",
        ),
        (
            "dawn.txt",
            "Pakistan, US agree to expand trade ties",
            &["Jane Doe"],
            "ISLAMABAD: Pakistan and the United States",
            "The talks focused",
        ),
        (
            "guardian.txt",
            "Ukraine and Poland settle grain dispute after months of protests",
            &["Shaun Walker"],
            "Farmers’ blockade",
            "The dispute had strained",
        ),
    ];
    for (file, title, authors, first, last) in cases {
        let text = std::fs::read_to_string(dir.join(file)).unwrap();
        let c = clean::clean(&text, lex());
        assert_eq!(c.title.clone().map(|r| &text[r]), Some(*title), "{file}");
        assert_eq!(c.authors, *authors, "{file}");
        let body: Vec<&str> = c.body.iter().map(|r| &text[r.clone()]).collect();
        assert!(body[0].starts_with(first), "{file}: {body:#?}");
        assert!(body[body.len() - 1].starts_with(last), "{file}: {body:#?}");
        assert!(
            !body
                .iter()
                .any(|b| b.contains("contributed") || b.contains("Photo")),
            "{file}: {body:#?}"
        );
    }
}

/// Normalised like the scorer compares lines.
fn norm(s: &str) -> String {
    let s: String = s
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whole scraped pages: every gold clutter line removed (short lines may
/// also occur in the story), every story line kept, headline and authors.
#[test]
fn scraped_pages_against_gold() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|x| x != "txt") {
            continue;
        }
        seen += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let gold: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path.with_extension("json")).unwrap())
                .unwrap();
        let c = clean::clean(&text, lex());
        let title = c.title.clone().map(|r| text[r].trim().to_string());
        let gold_title = gold["title"].as_str().unwrap().trim();
        if !gold_title.is_empty() {
            assert_eq!(title.as_deref(), Some(gold_title), "{path:?}");
        }
        let authors: HashSet<String> = c.authors.iter().map(|a| norm(a)).collect();
        let gold_authors: HashSet<String> = gold["authors"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| norm(a.as_str().unwrap()))
            .collect();
        assert_eq!(authors, gold_authors, "{path:?}");
        let clean_text = format!(
            " {} ",
            norm(
                &c.body
                    .iter()
                    .map(|r| &text[r.clone()])
                    .collect::<Vec<_>>()
                    .join(" ")
            )
        );
        let boiler: HashSet<String> = gold["boilerplate_lines"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| norm(l.as_str().unwrap()))
            .collect();
        let mut lost = Vec::new();
        let mut kept_clutter = 0;
        for line in text.lines() {
            let n = norm(line);
            if n.is_empty() || n == norm(gold_title) {
                continue;
            }
            if boiler.contains(&n) {
                if n.split(' ').count() >= 6 && clean_text.contains(&format!(" {n} ")) {
                    kept_clutter += 1;
                }
            } else if !clean_text.contains(&n) {
                lost.push(line.to_string());
            }
        }
        assert!(lost.is_empty(), "{path:?}: story lines lost: {lost:#?}");
        assert!(
            kept_clutter <= 1,
            "{path:?}: {kept_clutter} long clutter lines kept"
        );
    }
    assert!(seen >= 3, "fixtures missing");
}

/// Every non-blank line lies in the title, a body range or a removed span.
fn assert_accounted(text: &str, c: &clean::Cleaned) {
    let mut spans: Vec<Range<usize>> = c.body.clone();
    spans.extend(c.title.clone());
    spans.extend(c.removed.iter().map(|r| r.start..r.end));
    for s in &spans {
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "{s:?} out of bounds"
        );
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
    }
    let mut sorted = spans.clone();
    sorted.sort_by_key(|r| r.start);
    for w in sorted.windows(2) {
        assert!(w[0].end <= w[1].start, "overlap {:?} {:?}", w[0], w[1]);
    }
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        for (i, c) in line.char_indices() {
            if c.is_alphanumeric() {
                let at = pos + i;
                assert!(
                    spans.iter().any(|r| r.start <= at && at < r.end),
                    "visible text at {at} not accounted for in {text:?}"
                );
            }
        }
        pos += line.len();
    }
    if let Some(d) = &c.dateline {
        assert!(
            c.body
                .iter()
                .take(3)
                .any(|b| b.start <= d.start && d.end <= b.end)
        );
    }
}

fn assert_segmented(text: &str, blocks: &[Block]) {
    let doc = segment::segment(text, blocks);
    let mut last = 0;
    for (pi, p) in doc.paragraphs.iter().enumerate() {
        assert!(p.start >= last && p.end <= text.len());
        last = p.end;
        for si in p.sentences.clone() {
            let s = &doc.sentences[si];
            assert_eq!(s.paragraph, pi);
            assert!(p.start <= s.start && s.end <= p.end);
            assert!(!s.tokens.is_empty());
            for ti in s.tokens.clone() {
                let t = doc.tokens[ti];
                assert!(s.start <= t.start && t.end <= s.end && t.start < t.end);
                assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
                assert!(!doc.token_text(ti).chars().all(char::is_whitespace));
            }
        }
    }
    for w in doc.tokens.windows(2) {
        assert!(w[0].end <= w[1].start, "tokens overlap or out of order");
    }
    for w in doc.sentences.windows(2) {
        assert!(w[0].end <= w[1].start, "sentences overlap or out of order");
    }
    for (i, s) in doc.sentences.iter().enumerate() {
        assert_eq!(doc.sentence_at(s.start), Some(i));
    }
}

/// Pieces of scraped pages and hostile characters, glued at random.
fn pagey() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("Share".to_string()),
        Just("By Jane Doe".to_string()),
        Just("Advertisement".to_string()),
        Just("WASHINGTON (AP) — ".to_string()),
        Just("LONDON: ".to_string()),
        Just(P1.to_string()),
        Just(P2.to_string()),
        Just("U.S. ".to_string()),
        Just("Gen. ".to_string()),
        Just("S. ".to_string()),
        Just("''".to_string()),
        Just("\"".to_string()),
        Just("\u{201c}".to_string()),
        Just("\u{201d}".to_string()),
        Just("...".to_string()),
        Just(". ".to_string()),
        Just("3.5% ".to_string()),
        Just("https://example.com/x. ".to_string()),
        Just("\u{a0}".to_string()),
        Just("\u{200b}".to_string()),
        Just("\u{ad}".to_string()),
        Just("\u{202e}".to_string()),
        Just("\u{200f}".to_string()),
        Just("e\u{301}".to_string()),
        Just("Ã©".to_string()),
        Just("FranÃÂ§ois".to_string()),
        Just("\u{645}\u{635}\u{631}".to_string()),
        Just("😀".to_string()),
        Just("\r\n".to_string()),
        Just("\u{0}".to_string()),
        "[A-Za-z]{1,12}",
        "\\PC{1,8}",
    ];
    prop::collection::vec(piece, 0..50).prop_map(|v| v.concat())
}

/// Random blocks over a text, some off char boundaries or out of bounds.
fn blocks_over(text: &str, cuts: &[usize]) -> Vec<Block> {
    let mut pts: Vec<usize> = cuts.iter().map(|c| c % (text.len() + 8)).collect();
    pts.sort_unstable();
    pts.chunks(2)
        .filter(|c| c.len() == 2)
        .enumerate()
        .map(|(i, c)| Block {
            range: c[0]..c[1],
            is_title: i == 0,
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn clean_accounts_for_every_line(s in pagey()) {
        let c = clean::clean(&s, lex());
        assert_accounted(&s, &c);
    }

    #[test]
    fn clean_any_string(s in any::<String>()) {
        let c = clean::clean(&s, lex());
        assert_accounted(&s, &c);
    }

    #[test]
    fn segment_keeps_offsets(s in pagey(), cuts in prop::collection::vec(any::<usize>(), 0..8)) {
        let blocks = blocks_over(&s, &cuts);
        assert_segmented(&s, &blocks);
        let c = clean::clean(&s, lex());
        let mut kept: Vec<Block> = c.title.iter().map(|r| Block { range: r.clone(), is_title: true }).collect();
        kept.extend(c.body.iter().map(|r| Block { range: r.clone(), is_title: false }));
        kept.sort_by_key(|b| b.range.start);
        assert_segmented(&s, &kept);
    }
}

/// A div-soup page without <article>: menus, kicker, byline block, ad slot,
/// tag links, a most-read sidebar and a footer around the story.
#[test]
fn html_page_through_the_pipeline() {
    use attache::analysis::{Analyzer, ArticleInput};
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/clean/synthetic/divpage.html");
    let html = std::fs::read_to_string(path).unwrap();
    let a = Analyzer::embedded().analyze(&ArticleInput::html(html).unwrap());
    assert_eq!(
        a.document.title.as_deref(),
        Some("Talks collapse over border dispute")
    );
    assert_eq!(a.document.authors, vec!["Jane Doe".to_string()]);
    let source = a.source_text.as_deref().unwrap();
    let clean = a.clean_text.as_deref().unwrap();
    assert!(clean.starts_with("NEW DELHI — Talks between India and China"));
    assert!(clean.ends_with("The talks were the first in more than a year."));
    for gone in [
        "Advertisement",
        "Most read",
        "Storm hits",
        "Privacy",
        "Home",
    ] {
        assert!(!clean.contains(gone), "{gone:?} kept");
    }
    assert!(
        !source.contains("Storm hits"),
        "link-dense sidebar list extracted"
    );
}
