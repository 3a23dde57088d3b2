//! Word lists indexed at build time (`build.rs`): perfect-hash sets compiled
//! into the binary, so a process pays nothing to build them.
//!
//! Input: a one-word-a-line list in `data/` (comment lines start with `#`).
//! Output: membership by exact bytes. Hashing the 37,000 given names into a
//! set cost every process about 6M instructions; a look-up here costs one
//! hash and at most one string comparison.

mod generated {
    include!(concat!(env!("OUT_DIR"), "/word_sets.rs"));
}

/// A word list compiled into the binary.
#[derive(Clone, Copy)]
pub struct WordTable(&'static phf::Set<&'static str>);

impl WordTable {
    /// Given names (`data/gazetteer/first_names.txt`).
    pub fn first_names() -> Self {
        Self(&generated::FIRST_NAMES)
    }

    /// The most frequent English words, in lower case
    /// (`data/gazetteer/common_words.txt`).
    pub fn common_words() -> Self {
        Self(&generated::COMMON_WORDS)
    }

    /// Whether `word` is in the list (exact bytes).
    pub fn contains(&self, word: &str) -> bool {
        self.0.contains(word)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Default for WordTable {
    /// No word, for lexicons built by hand in tests.
    fn default() -> Self {
        Self(&generated::NO_WORDS)
    }
}

impl std::fmt::Debug for WordTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WordTable({} words)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::WordTable;

    #[test]
    fn given_names_are_found_by_exact_bytes() {
        let names = WordTable::first_names();
        assert!(names.len() > 30_000);
        for w in ["Maria", "Ahmed", "Olga"] {
            assert!(names.contains(w), "{w}");
        }
        for w in ["", "maria", "MARIA", "Maria ", "# given names"] {
            assert!(!names.contains(w), "{w:?}");
        }
    }

    #[test]
    fn the_default_table_is_empty() {
        let none = WordTable::default();
        assert!(none.is_empty() && !none.contains("Maria"));
    }
}
