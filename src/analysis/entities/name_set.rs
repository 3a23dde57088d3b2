//! The gazetteer's names, sorted, for exact look-up and leftmost-longest
//! matching in a text.
//!
//! Input: (name, entry) pairs in priority order. Output: a set in which the
//! first pair to claim a name keeps it. Names sharing a prefix sit next to
//! each other in byte order, so the names a text starts with are found by
//! narrowing a range one byte at a time (a trie that is never built): this
//! costs a sort at start-up where an automaton over ~10k names cost ~75M
//! instructions, and a text byte that starts no name costs one table look-up.

//!
//! The gazetteer's own set is sealed at build time (`build.rs` writes its
//! four tables into the binary, [`NameSet::from_static`] reads them back);
//! sets built at run time (tests, hand-made gazetteers) own their tables.

use std::borrow::Cow;
use std::ops::Range;

/// A set of names, each with the entry that owns it.
#[derive(Debug)]
pub struct NameSet {
    /// Every name, one after the other.
    buf: Cow<'static, str>,
    /// (byte range in `buf`, entry), sorted by name; no name twice.
    names: Cow<'static, [(Range<u32>, usize)]>,
    /// The first eight bytes of each name of `names` ([`head`]): the bytes
    /// matching reads most, side by side.
    heads: Cow<'static, [u64]>,
    /// For each first byte, the range of `names` that start with it.
    by_first: Cow<'static, [Range<u32>]>,
}

/// The four tables of a sealed set: names, (range, entry), heads, by first byte.
pub type Tables<'a> = (
    &'a str,
    &'a [(Range<u32>, usize)],
    &'a [u64],
    &'a [Range<u32>],
);

impl Default for NameSet {
    fn default() -> Self {
        Self::new()
    }
}

impl NameSet {
    pub fn new() -> Self {
        Self {
            buf: Cow::Borrowed(""),
            names: Cow::Borrowed(&[]),
            heads: Cow::Borrowed(&[]),
            by_first: Cow::Owned(vec![0..0; 256]),
        }
    }

    /// A set sealed at build time, from the tables [`NameSet::tables`] gave.
    pub fn from_static(tables: Tables<'static>) -> Self {
        let (buf, names, heads, by_first) = tables;
        debug_assert_eq!(by_first.len(), 256);
        debug_assert_eq!(names.len(), heads.len());
        Self {
            buf: Cow::Borrowed(buf),
            names: Cow::Borrowed(names),
            heads: Cow::Borrowed(heads),
            by_first: Cow::Borrowed(by_first),
        }
    }

    /// The tables of a sealed set, for `build.rs` to write out.
    #[allow(dead_code)] // read by build.rs, which includes this file
    pub fn tables(&self) -> Tables<'_> {
        (&self.buf, &self.names, &self.heads, &self.by_first)
    }

    /// Adds `name` for `entry` with whitespace runs collapsed to one space
    /// and the ends trimmed; returns the form added. Empty names are left out.
    pub fn push_collapsed(&mut self, name: &str, entry: usize) -> Option<&str> {
        let start = self.buf.len();
        let buf = self.buf.to_mut();
        // most names are ASCII words joined by single spaces: copied as they are
        let b = name.as_bytes();
        let plain = b
            .iter()
            .all(|&c| c.is_ascii() && (c == b' ' || !c.is_ascii_whitespace()))
            && b.first() != Some(&b' ')
            && b.last() != Some(&b' ')
            && !b.windows(2).any(|w| w == b"  ");
        if plain {
            buf.push_str(name);
            return self.push_last(start, entry).then(|| &self.buf[start..]);
        }
        for (i, w) in name.split_whitespace().enumerate() {
            if i > 0 {
                buf.push(' ');
            }
            buf.push_str(w);
        }
        self.push_last(start, entry).then(|| &self.buf[start..])
    }

    /// Adds the upper-case form of the name added last, for the same entry,
    /// when it differs from that name.
    pub fn push_upper_of_last(&mut self) {
        let Some((last, entry)) = self.names.last().cloned() else {
            return;
        };
        let (from, to) = (last.start as usize, last.end as usize);
        let start = self.buf.len();
        let buf = self.buf.to_mut();
        if buf[from..to].is_ascii() {
            // upper-cased in place after a copy, without a String of its own
            buf.extend_from_within(from..to);
            buf[start..].make_ascii_uppercase();
        } else {
            let upper = buf[from..to].to_uppercase();
            buf.push_str(&upper);
        }
        if buf[start..] == buf[from..to] {
            buf.truncate(start);
        } else {
            self.push_last(start, entry);
        }
    }

    /// Records `buf[start..]` as a name; false when it is empty.
    fn push_last(&mut self, start: usize, entry: usize) -> bool {
        if self.buf.len() == start {
            return false;
        }
        let range = u32::try_from(start).expect("names fit u32")
            ..u32::try_from(self.buf.len()).expect("names fit u32");
        self.names.to_mut().push((range, entry));
        true
    }

    /// Sorts the names, keeps the first claim on each and indexes them by
    /// first byte.
    pub fn seal(&mut self) {
        let buf = self.buf.as_bytes();
        let key = |r: &Range<u32>| &buf[r.start as usize..r.end as usize];
        // names were appended in priority order, so among equal names the
        // one stored first is the first claim; the first eight bytes, read as
        // a number, order most pairs without comparing the names
        let mut keyed: Vec<(u64, Range<u32>, usize)> = self
            .names
            .to_mut()
            .drain(..)
            .map(|(r, e)| (head(key(&r)), r, e))
            .collect();
        keyed.sort_unstable_by(|a, b| {
            (a.0.cmp(&b.0))
                .then_with(|| key(&a.1).cmp(key(&b.1)))
                .then(a.1.start.cmp(&b.1.start))
        });
        keyed.dedup_by(|b, a| a.0 == b.0 && key(&a.1) == key(&b.1));
        self.heads = keyed.iter().map(|k| k.0).collect();
        self.names = keyed.into_iter().map(|(_, r, e)| (r, e)).collect();
        let mut by_first = vec![0..0; 256];
        let mut i = 0;
        while i < self.names.len() {
            let b = key(&self.names[i].0)[0];
            let end = i + self.names[i..].partition_point(|n| key(&n.0)[0] == b);
            by_first[usize::from(b)] = i as u32..end as u32;
            i = end;
        }
        self.by_first = Cow::Owned(by_first);
    }

    fn len(&self, i: usize) -> usize {
        let r = &self.names[i].0;
        (r.end - r.start) as usize
    }

    /// Byte `depth` of name `i`, which is longer than `depth`.
    fn byte(&self, i: usize, depth: usize) -> u8 {
        if depth < 8 {
            (self.heads[i] >> (56 - 8 * depth)) as u8
        } else {
            self.name(i)[depth]
        }
    }

    fn name(&self, i: usize) -> &[u8] {
        let r = &self.names[i].0;
        &self.buf.as_bytes()[r.start as usize..r.end as usize]
    }

    /// The entry that owns exactly `name`.
    pub fn get(&self, name: &str) -> Option<usize> {
        let first = *name.as_bytes().first()?;
        let r = &self.by_first[usize::from(first)];
        let (lo, hi) = (r.start as usize, r.end as usize);
        let i = lo + partition(lo, hi, |i| self.name(i) < name.as_bytes());
        (i < hi && self.name(i) == name.as_bytes()).then(|| self.names[i].1)
    }

    /// The longest name `text` starts with: (its length in bytes, entry).
    pub fn longest_prefix(&self, text: &[u8]) -> Option<(usize, usize)> {
        let first = *text.first()?;
        let r = &self.by_first[usize::from(first)];
        let (mut lo, mut hi) = (r.start as usize, r.end as usize);
        let mut best = None;
        // names[lo..hi] are the names that start with text[..depth]; the one
        // equal to it, if any, sorts first
        let mut depth = 1;
        while lo < hi {
            if self.len(lo) == depth {
                best = Some((depth, self.names[lo].1));
                lo += 1;
                if lo == hi {
                    break;
                }
            }
            let Some(&b) = text.get(depth) else {
                break;
            };
            // every name left is longer than `depth`
            lo += partition(lo, hi, |i| self.byte(i, depth) < b);
            hi = lo + partition(lo, hi, |i| self.byte(i, depth) == b);
            depth += 1;
        }
        best
    }

    /// Names that start in `text` on any byte, leftmost-longest and not
    /// overlapping: (start, end, entry).
    pub fn find_iter<'a>(
        &'a self,
        text: &'a str,
    ) -> impl Iterator<Item = (usize, usize, usize)> + 'a {
        let bytes = text.as_bytes();
        let mut at = 0;
        std::iter::from_fn(move || {
            while at < bytes.len() {
                // most bytes start no name: skip them without a call
                if self.by_first[usize::from(bytes[at])].is_empty() {
                    at += 1;
                    continue;
                }
                if let Some((len, entry)) = self.longest_prefix(&bytes[at..]) {
                    let start = at;
                    at += len;
                    return Some((start, at, entry));
                }
                at += 1;
            }
            None
        })
    }
}

#[cfg(test)]
impl NameSet {
    /// Every (name, entry), in byte order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, usize)> {
        self.names
            .iter()
            .map(|(r, e)| (&self.buf[r.start as usize..r.end as usize], *e))
    }
}

/// The first eight bytes of a name as a big-endian number, zero-padded: a
/// smaller number means a name that sorts first; equal numbers leave the
/// order to the names themselves.
fn head(name: &[u8]) -> u64 {
    let mut b = [0u8; 8];
    let n = name.len().min(8);
    b[..n].copy_from_slice(&name[..n]);
    u64::from_be_bytes(b)
}

/// The number of indices in `lo..hi` for which `pred` holds, `pred` being
/// true on a prefix of the range.
fn partition(lo: usize, hi: usize, pred: impl Fn(usize) -> bool) -> usize {
    let (mut a, mut b) = (lo, hi);
    while a < b {
        let mid = a + (b - a) / 2;
        if pred(mid) {
            a = mid + 1;
        } else {
            b = mid;
        }
    }
    a - lo
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(names: &[(&str, usize)]) -> NameSet {
        let mut s = NameSet::new();
        for &(n, e) in names {
            s.push_collapsed(n, e);
        }
        s.seal();
        s
    }

    #[test]
    fn first_claim_wins_and_whitespace_collapses() {
        let s = set(&[("New  York", 1), ("New York", 2), (" ", 3), ("York", 4)]);
        assert_eq!(s.get("New York"), Some(1));
        assert_eq!(s.get("New  York"), None);
        assert_eq!(s.get("York"), Some(4));
        assert_eq!(s.get(""), None);
        assert_eq!(s.iter().count(), 2);
    }

    #[test]
    fn leftmost_longest_on_any_byte() {
        let s = set(&[
            ("New York", 1),
            ("New York City", 2),
            ("York", 3),
            ("Yorkshire", 4),
        ]);
        let text = "New York Cit, New York City; NYork Yorkshir Yorkshire";
        let found: Vec<(&str, usize)> = s
            .find_iter(text)
            .map(|(a, b, e)| (&text[a..b], e))
            .collect();
        assert_eq!(
            found,
            [
                ("New York", 1),
                ("New York City", 2),
                ("York", 3),
                ("York", 3),
                ("Yorkshire", 4)
            ]
        );
    }
}
