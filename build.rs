//! Build-time indexes over embedded data: word lists whose hashing cost every
//! process start-up are turned into perfect-hash sets (`phf`) compiled into
//! the binary. The lists stay plain text in `data/`; only their index is
//! built here. A list that cannot be indexed (a word twice) fails the build
//! with its file and line.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::Path;

/// (data file, name of the static set generated for it)
const WORD_SETS: &[(&str, &str)] = &[
    ("data/gazetteer/first_names.txt", "FIRST_NAMES"),
    ("data/gazetteer/common_words.txt", "COMMON_WORDS"),
];

fn main() {
    let mut out = String::new();
    for (file, name) in WORD_SETS {
        println!("cargo:rerun-if-changed={file}");
        let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut seen: HashMap<&str, usize> = HashMap::new();
        let mut set = phf_codegen::Set::new();
        for (i, line) in text.lines().enumerate() {
            let w = line.trim();
            if w.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(first) = seen.insert(w, i + 1) {
                panic!("{file}, line {}: {w:?} is already on line {first}", i + 1);
            }
            set.entry(w);
        }
        writeln!(
            out,
            "/// The words of `{file}`, indexed at build time.\npub static {name}: phf::Set<&'static str> = {};",
            set.build()
        )
        .unwrap();
    }
    writeln!(
        out,
        "/// No word: the default of a lexicon built by hand.\npub static NO_WORDS: phf::Set<&'static str> = {};",
        phf_codegen::Set::<&str>::new().build()
    )
    .unwrap();
    let dest = Path::new(&std::env::var("OUT_DIR").unwrap()).join("word_sets.rs");
    std::fs::write(dest, out).unwrap();
    println!("cargo:rerun-if-changed=build.rs");
}
