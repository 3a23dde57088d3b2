//! Change detectors on whole articles, and the invariants every answer keeps.
//!
//! Each `tests/fixtures/articles/<id>.txt` is analysed and compared with the
//! snapshot `tests/fixtures/golden/<id>.json`: today's output, not a gold
//! standard. A snapshot shows that output changed, never that it is right
//! (quality is measured by `../shared/eval`'s scorers on sets the code was not
//! written against, and by the case tables in `tests/cases/`). After an
//! intended change, regenerate the snapshots with
//! `UPDATE_GOLDEN=1 cargo test golden` and review the diff like code.

use std::path::{Path, PathBuf};

use attache::analysis::model::Analysis;
use attache::analysis::{Analyzer, ArticleInput, OffsetUnit};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

fn articles() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(fixtures().join("articles"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let id = p.file_stem().unwrap().to_string_lossy().into_owned();
            (id, std::fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    assert!(!out.is_empty(), "no fixture articles");
    out
}

/// Byte offset of every `unit` offset of `text`: `map[u] = byte`.
fn unit_to_byte(text: &str, unit: OffsetUnit) -> Vec<Option<usize>> {
    let mut map = Vec::new();
    for (b, c) in text.char_indices() {
        map.push(Some(b));
        let extra = match unit {
            OffsetUnit::Codepoint => 0,
            OffsetUnit::Utf16 => c.len_utf16() - 1,
            OffsetUnit::Utf8 => c.len_utf8() - 1,
        };
        map.extend(std::iter::repeat_n(None, extra));
    }
    map.push(Some(text.len()));
    map
}

/// Checks what every answer promises: spans in bounds, on char boundaries
/// of `text`, `text` fields equal to their slice, ids unique and resolvable.
pub fn check_invariants(text: &str, a: &Analysis, unit: OffsetUnit) {
    let map = unit_to_byte(text, unit);
    let slice = |start: usize, end: usize, what: &str| -> &str {
        assert!(start <= end, "{what}: start {start} > end {end}");
        let s = map.get(start).copied().flatten();
        let e = map.get(end).copied().flatten();
        match (s, e) {
            (Some(s), Some(e)) => &text[s..e],
            _ => panic!("{what}: span {start}..{end} out of bounds or not on a char boundary"),
        }
    };
    for r in &a.removed {
        slice(r.start, r.end, "removed");
    }
    let mut ids = std::collections::HashSet::new();
    for e in a.entities.iter().flatten() {
        assert!(ids.insert(e.id.clone()), "duplicate entity id {}", e.id);
        assert!(!e.mentions.is_empty(), "entity {} has no mention", e.id);
        for m in &e.mentions {
            assert_eq!(slice(m.start, m.end, "mention"), m.text, "entity {}", e.id);
        }
    }
    for q in a.quotes.iter().flatten() {
        assert_eq!(slice(q.start, q.end, "quote"), q.text, "quote {}", q.id);
        if let Some(s) = &q.speaker {
            assert!(ids.contains(s), "quote {} names unknown speaker {s}", q.id);
        }
    }
    for r in a.relations.iter().flatten() {
        assert_ne!(
            r.source.actor, r.target.actor,
            "relation {} has one actor",
            r.id
        );
        assert_eq!(
            slice(r.evidence.start, r.evidence.end, "evidence"),
            r.evidence.text,
            "relation {}",
            r.id
        );
        for id in r.source.entities.iter().chain(&r.target.entities) {
            assert!(
                ids.contains(id),
                "relation {} names unknown entity {id}",
                r.id
            );
        }
        for id in r.location.iter().chain(&r.attributed_to) {
            assert!(
                ids.contains(id),
                "relation {} names unknown entity {id}",
                r.id
            );
        }
    }
}

fn analyze(text: &str, unit: OffsetUnit) -> Analysis {
    let mut input = ArticleInput::text(text).unwrap();
    input.options.offset_unit = unit;
    Analyzer::embedded().analyze(&input)
}

#[test]
fn every_fixture_keeps_the_invariants_in_every_unit() {
    for (id, text) in articles() {
        for unit in [OffsetUnit::Codepoint, OffsetUnit::Utf16, OffsetUnit::Utf8] {
            let a = analyze(&text, unit);
            eprintln!("checking {id} in {unit:?}");
            check_invariants(&text, &a, unit);
        }
    }
}

#[test]
fn analysis_is_deterministic() {
    for (_, text) in articles() {
        assert_eq!(
            analyze(&text, OffsetUnit::Codepoint),
            analyze(&text, OffsetUnit::Codepoint)
        );
    }
}
#[test]
fn golden_snapshots() {
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let dir = fixtures().join("golden");
    let mut stale = Vec::new();
    for (id, text) in articles() {
        let got =
            serde_json::to_string_pretty(&analyze(&text, OffsetUnit::Codepoint)).unwrap() + "\n";
        let path = dir.join(format!("{id}.json"));
        if update {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "no snapshot {}: run UPDATE_GOLDEN=1 cargo test golden",
                path.display()
            )
        });
        if want != got {
            stale.push(id);
        }
    }
    assert!(
        stale.is_empty(),
        "answers differ from their snapshots for {stale:?}; if intended, run UPDATE_GOLDEN=1 cargo test golden and review the diff"
    );
}

/// The seed article end to end: what a diplomatic desk reads off it.
#[test]
fn seed_article_facts() {
    let text = std::fs::read_to_string(fixtures().join("articles/seed.txt")).unwrap();
    let a = analyze(&text, OffsetUnit::Codepoint);
    let d = &a.document;
    assert_eq!(
        d.title.as_deref(),
        Some(
            "US aims for stronger Pakistan relations, prioritizing regional balance and not undermining India."
        )
    );
    assert_eq!(d.authors, ["Diya Menon"]);
    assert_eq!(d.reference_date.as_deref(), Some("2025-10-25"));
    let clean = a.clean_text.as_deref().unwrap();
    assert!(!clean.contains("Advertisement") && !clean.contains("DailyDigest360"));

    let entities = a.entities.as_ref().unwrap();
    let rubio = entities
        .iter()
        .find(|e| e.name == "Marco Rubio")
        .expect("Marco Rubio is an entity");
    assert_eq!(rubio.country.as_deref(), Some("US"));
    assert!(rubio.mentions.iter().any(|m| m.text == "Rubio"));
    let jaishankar = entities
        .iter()
        .find(|e| e.mentions.iter().any(|m| m.text == "S Jaishankar"))
        .expect("S Jaishankar is an entity");
    assert_eq!(jaishankar.country.as_deref(), Some("IN"));
    let us = entities.iter().find(|e| e.name == "United States").unwrap();
    assert!(us.mentions.iter().any(|m| m.text == "Washington"));

    let quotes = a.quotes.as_ref().unwrap();
    let q = quotes
        .iter()
        .find(|q| {
            q.text
                .starts_with("I don't think anything we're doing with Pakistan")
        })
        .expect("Rubio's direct quote");
    assert_eq!(q.speaker.as_deref(), Some(rubio.id.as_str()));

    let pairs: Vec<(String, String)> = a
        .relations
        .as_ref()
        .unwrap()
        .iter()
        .map(|r| {
            let mut p = [r.source.actor.clone(), r.target.actor.clone()];
            p.sort();
            (p.join("-"), format!("{:?}", r.polarity))
        })
        .collect();
    for want in [
        ("PK-US", "Cooperative"),
        ("IN-US", "Cooperative"),
        ("IN-PK", "Conflictual"),
    ] {
        assert!(
            pairs.iter().any(|(p, pol)| p == want.0 && pol == want.1),
            "missing {want:?} in {pairs:?}"
        );
    }
}
