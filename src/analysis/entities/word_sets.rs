//! Word lists indexed at build time (`build.rs`): perfect-hash tables
//! compiled into the binary, so a process pays nothing to build them.
//!
//! Input: a one-word-a-line list in `data/` (comment lines start with `#`).
//! Output: membership by exact bytes. Hashing the 37,000 given names into a
//! set cost every process about 6M instructions; a look-up here costs one
//! hash and at most one string comparison.
//!
//! Invariant: a table holds no pointer but its three slices. Slot `i`'s
//! word is `text[ends[i - 1]..ends[i]]` (from 0 for the first), so the
//! loader relocates nothing per word and a page of the table is touched
//! only when a look-up lands on it.

mod generated {
    use super::Table;
    include!(concat!(env!("OUT_DIR"), "/word_sets.rs"));
}

/// A perfect-hash table as `build.rs` writes it (`phf_generator`'s
/// displacements and key; `phf_shared` hashes the same way at run time).
pub struct Table {
    key: u64,
    disps: &'static [(u32, u32)],
    /// End offset in `text` of the word in each slot.
    ends: &'static [u32],
    /// The words in slot order, end to end.
    text: &'static str,
}

impl Table {
    fn contains(&self, word: &str) -> bool {
        if self.ends.is_empty() {
            return false;
        }
        let hashes = phf_shared::hash(word, &self.key);
        let slot = phf_shared::get_index(&hashes, self.disps, self.ends.len()) as usize;
        let start = slot.checked_sub(1).map_or(0, |s| self.ends[s] as usize);
        self.text.as_bytes()[start..self.ends[slot] as usize] == *word.as_bytes()
    }
}

/// A word list compiled into the binary.
#[derive(Clone, Copy)]
pub struct WordTable(&'static Table);

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
        self.0.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.ends.is_empty()
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
    fn every_listed_word_is_found_and_nothing_else() {
        for (table, list) in [
            (
                WordTable::first_names(),
                include_str!("../../../data/gazetteer/first_names.txt"),
            ),
            (
                WordTable::common_words(),
                include_str!("../../../data/gazetteer/common_words.txt"),
            ),
        ] {
            let listed: std::collections::HashSet<&str> = list
                .lines()
                .filter(|l| !l.starts_with('#'))
                .map(str::trim)
                .filter(|w| !w.is_empty())
                .collect();
            // build.rs adds each given name without its diacritics
            // ("Laszlo" for "László") unless listed or a common word
            let common = WordTable::common_words();
            let folded: std::collections::HashSet<String> = if list.contains("László") {
                listed
                    .iter()
                    .filter_map(|w| super::super::fold::fold_word(w))
                    .filter(|f| !listed.contains(f.as_str()))
                    .filter(|f| !common.contains(&f.to_lowercase()))
                    .collect()
            } else {
                Default::default()
            };
            let mut words = listed.clone();
            words.extend(folded.iter().map(String::as_str));
            assert!(table.contains("Laszlo") || folded.is_empty());
            assert_eq!(table.len(), words.len());
            for &w in &words {
                assert!(table.contains(w), "{w}");
                // a prefix or an extension of a listed word is another word
                let longer = format!("{w}x");
                assert_eq!(table.contains(&longer), words.contains(longer.as_str()));
            }
        }
    }

    #[test]
    fn the_default_table_is_empty() {
        let none = WordTable::default();
        assert!(none.is_empty() && !none.contains("Maria"));
    }
}
