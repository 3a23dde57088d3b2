//! A word list looked up where it is embedded, without parsing it.
//!
//! Input: a one-word-a-line list sorted in byte order, without duplicates,
//! with `#` comment lines only before the first word (checked by
//! [`SortedWords::check`], which `cargo test` runs on every such list).
//! Output: membership by binary search over the text's bytes. Building one
//! costs nothing at start-up, where hashing the 37,000 given names cost
//! about 6M instructions per process; a look-up costs ~16 probes of a
//! few bytes each, and the name patterns ask a few hundred per article.

use std::cmp::Ordering;

/// A sorted word list borrowed from the embedded text.
#[derive(Debug, Clone, Copy, Default)]
pub struct SortedWords {
    /// The words, one a line, from the first word on (no comment lines).
    body: &'static str,
}

impl SortedWords {
    /// The list in `src`, its leading comment lines skipped.
    pub fn new(src: &'static str) -> Self {
        let mut body = src;
        while body.starts_with('#') {
            body = body.find('\n').map_or("", |i| &body[i + 1..]);
        }
        Self { body }
    }

    /// Whether `word` is a line of the list (exact bytes).
    pub fn contains(&self, word: &str) -> bool {
        if word.is_empty() || word.contains('\n') {
            return false;
        }
        let bytes = self.body.as_bytes();
        // invariant: every line starting before `lo` is < word, every line
        // starting at or after `hi` is > word; both are line starts
        let (mut lo, mut hi) = (0usize, bytes.len());
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            // the line holding byte `mid`
            let start = bytes[lo..mid]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(lo, |i| lo + i + 1);
            let end = bytes[start..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(bytes.len(), |i| start + i);
            let line = line_of(&bytes[start..end]);
            match line.cmp(word.as_bytes()) {
                Ordering::Equal => return true,
                Ordering::Less => lo = (end + 1).min(bytes.len()),
                Ordering::Greater => hi = start,
            }
        }
        false
    }

    /// How many words the list holds.
    pub fn len(&self) -> usize {
        self.lines().count()
    }

    /// Whether the list holds no word.
    pub fn is_empty(&self) -> bool {
        self.body.trim().is_empty()
    }

    fn lines(&self) -> impl Iterator<Item = &'static str> {
        let body: &'static str = self.body;
        body.split('\n')
            .map(|l| l.strip_suffix('\r').unwrap_or(l))
            .filter(|l| !l.is_empty())
    }

    /// The first line that breaks the list's invariants (1-based within
    /// the words), with what is wrong: not sorted, doubled, blank, padded.
    pub fn check(&self) -> Result<(), (usize, String)> {
        let mut prev: Option<&str> = None;
        for (i, line) in self.body.split('\n').enumerate() {
            let line = line.strip_suffix('\r').unwrap_or(line);
            let last = i + 1 == self.body.split('\n').count();
            if line.is_empty() {
                if last {
                    continue;
                }
                return Err((i + 1, "blank line".into()));
            }
            if line.trim() != line || line.starts_with('#') {
                return Err((i + 1, format!("{line:?} is padded or a comment")));
            }
            if let Some(p) = prev
                && p >= line
            {
                return Err((i + 1, format!("{line:?} is not after {p:?} in byte order")));
            }
            prev = Some(line);
        }
        Ok(())
    }
}

/// A line's bytes without a trailing carriage return.
fn line_of(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::SortedWords;

    #[test]
    fn finds_every_word_and_nothing_else() {
        let list = SortedWords::new("# header\n# more\nAda\nBo\nCarl\nZoe\n");
        assert!(list.check().is_ok());
        for w in ["Ada", "Bo", "Carl", "Zoe"] {
            assert!(list.contains(w), "{w}");
        }
        for w in [
            "", "A", "Ad", "Adam", "B", "Bob", "Ca", "Zo", "Zoey", "ada", "# header", "Bo\nCarl",
        ] {
            assert!(!list.contains(w), "{w:?}");
        }
        assert_eq!(list.len(), 4);
    }

    #[test]
    fn one_word_and_no_word() {
        let one = SortedWords::new("Solo");
        assert!(one.contains("Solo") && !one.contains("Sol"));
        let none = SortedWords::new("# nothing\n");
        assert!(none.is_empty() && !none.contains("x"));
    }

    #[test]
    fn check_names_the_bad_line() {
        assert_eq!(SortedWords::new("A\nC\nB\n").check().unwrap_err().0, 3);
        assert_eq!(SortedWords::new("A\nA\n").check().unwrap_err().0, 2);
        assert_eq!(SortedWords::new("A\n\nB\n").check().unwrap_err().0, 2);
        assert_eq!(SortedWords::new("A\n B\n").check().unwrap_err().0, 2);
    }

    #[test]
    fn crlf_lines_are_read_without_the_carriage_return() {
        let list = SortedWords::new("Ann\r\nBen\r\n");
        assert!(list.contains("Ann") && list.contains("Ben"));
    }
}
