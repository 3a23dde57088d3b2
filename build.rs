//! Build-time indexes over embedded data, so a process pays nothing to
//! build them at start-up:
//! - word lists become perfect-hash tables (`phf_generator`) over one
//!   string, free of pointers the loader would have to relocate;
//! - the gazetteer files are read by the crate's own reader
//!   (`src/analysis/entities/gazetteer_rows.rs`, included here with the
//!   name index it fills) and its entries and sorted name index are
//!   written out as static tables.
//!
//! The data stays plain text in `data/`; only its index is built here. A
//! line that cannot be read (a word twice, a bad field) fails the build
//! with its file and line.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

#[allow(dead_code)] // the crate uses the rest
#[path = "src/analysis/entities/name_set.rs"]
mod name_set;

#[path = "src/analysis/entities/fold.rs"]
mod fold;

// (allows its own dead code)
#[path = "src/analysis/entities/gazetteer_rows.rs"]
mod gazetteer_rows;

/// (data file, name of the static set generated for it)
const WORD_SETS: &[(&str, &str)] = &[
    ("data/gazetteer/first_names.txt", "FIRST_NAMES"),
    ("data/gazetteer/common_words.txt", "COMMON_WORDS"),
];

fn main() {
    let mut out = String::new();
    // The folded given names leave out common words (below).
    let common_file = "data/gazetteer/common_words.txt";
    let common_text =
        std::fs::read_to_string(common_file).unwrap_or_else(|e| panic!("{common_file}: {e}"));
    let common: std::collections::HashSet<&str> = common_text.lines().map(str::trim).collect();
    for (file, name) in WORD_SETS {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut words = Vec::new();
        for (i, line) in text.lines().enumerate() {
            let w = line.trim();
            if w.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(first) = seen.insert(w, i + 1) {
                panic!("{file}, line {}: {w:?} is already on line {first}", i + 1);
            }
            words.push(w.to_string());
        }
        // Given names as English text writes them, without diacritics
        // ("Laszlo" for "László"), when the list lacks that form and it is
        // no common English word ("Côme" is not "Come").
        if *name == "FIRST_NAMES" {
            let folded: Vec<String> = words
                .iter()
                .filter_map(|w| fold::fold_word(w))
                .filter(|f| !seen.contains_key(f.as_str()))
                .filter(|f| !common.contains(f.to_lowercase().as_str()))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            words.extend(folded);
        }
        let words: Vec<&str> = words.iter().map(String::as_str).collect();
        writeln!(out, "/// The words of `{file}`, indexed at build time.").unwrap();
        write_word_table(&mut out, name, &words);
    }
    out.push_str("/// No word: the default of a lexicon built by hand.\n");
    write_word_table(&mut out, "NO_WORDS", &[]);
    let out_dir = std::env::var("OUT_DIR").unwrap();
    std::fs::write(Path::new(&out_dir).join("word_sets.rs"), out).unwrap();
    std::fs::write(
        Path::new(&out_dir).join("gazetteer_tables.rs"),
        gazetteer_tables(),
    )
    .unwrap();
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=src/analysis/entities/fold.rs");
}

/// A word list as a perfect-hash table (`phf_generator`) whose slots are
/// end offsets into one string, not `&str`s: a table of 37,000 string
/// pointers is 37,000 relocations the loader applies, page by page, at
/// every start, while offsets are plain numbers read in place.
fn write_word_table(out: &mut String, name: &str, words: &[&str]) {
    let state = phf_generator::generate_hash(words);
    let mut text = String::new();
    let mut ends = Vec::with_capacity(words.len());
    for &i in &state.map {
        text.push_str(words[i]);
        ends.push(u32::try_from(text.len()).expect("a word list under 4 GiB"));
    }
    let disps = if words.is_empty() {
        &[][..]
    } else {
        &state.disps[..]
    };
    writeln!(
        out,
        "pub static {name}: Table = Table {{ key: {}, disps: &{disps:?}, ends: &{ends:?}, text: {text:?} }};",
        state.key
    )
    .unwrap();
}

/// The gazetteer's entries, name index and country codes as Rust statics.
fn gazetteer_tables() -> String {
    for file in gazetteer_rows::FILES {
        println!("cargo:rerun-if-changed={file}");
    }
    for file in ["gazetteer_rows.rs", "name_set.rs"] {
        println!("cargo:rerun-if-changed=src/analysis/entities/{file}");
    }
    let parsed = gazetteer_rows::parse()
        .unwrap_or_else(|e| panic!("data/gazetteer/{}, line {}: {}", e.file, e.line, e.message));
    let mut out = String::from("// Generated by build.rs from data/gazetteer/; do not edit.\n");
    let opt = |s: &Option<&str>| match s {
        Some(s) => format!("Some({s:?})"),
        None => "None".to_string(),
    };
    writeln!(
        out,
        "pub static ENTRIES: [Entry; {}] = [",
        parsed.entries.len()
    )
    .unwrap();
    for e in &parsed.entries {
        writeln!(
            out,
            "Entry {{ kind: EntryKind::{:?}, etype: Etype::{:?}, name: {:?}, country: {}, actor: {}, iso: {}, wikidata: {}, contextual: {} }},",
            e.kind,
            e.etype,
            e.name,
            opt(&e.country),
            opt(&e.actor),
            opt(&e.iso),
            opt(&e.wikidata),
            e.contextual
        )
        .unwrap();
    }
    out.push_str("];\n");
    let (buf, names, heads, by_first) = parsed.by_name.tables();
    writeln!(out, "pub static NAME_BUF: &str = {buf:?};").unwrap();
    writeln!(
        out,
        "pub static NAMES: [(Range<u32>, usize); {}] = [",
        names.len()
    )
    .unwrap();
    for (r, e) in names {
        writeln!(out, "({}..{}, {e}),", r.start, r.end).unwrap();
    }
    out.push_str("];\n");
    writeln!(out, "pub static HEADS: [u64; {}] = [", heads.len()).unwrap();
    for h in heads {
        writeln!(out, "{h:#x},").unwrap();
    }
    out.push_str("];\n");
    writeln!(
        out,
        "pub static BY_FIRST: [Range<u32>; {}] = [",
        by_first.len()
    )
    .unwrap();
    for r in by_first {
        writeln!(out, "{}..{},", r.start, r.end).unwrap();
    }
    out.push_str("];\n");
    writeln!(
        out,
        "pub static BY_ISO: [(&str, usize); {}] = [",
        parsed.by_iso.len()
    )
    .unwrap();
    for (iso, e) in &parsed.by_iso {
        writeln!(out, "({iso:?}, {e}),").unwrap();
    }
    out.push_str("];\n");
    out
}
