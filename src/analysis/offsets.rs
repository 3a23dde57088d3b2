//! Rewrites the byte offsets the core works with into the unit the client asked for.
//!
//! Input: an [`Analysis`] whose spans are byte offsets into `text` (on char
//! boundaries). Output: the same analysis with every `start`/`end` in
//! `unit`. Cost: one pass over the text plus one lookup per span.

use serde::{Deserialize, Serialize};

use crate::analysis::model::Analysis;

/// The unit of every `start`/`end` in an answer.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// Unicode scalar values (Python's `str` indices).
    #[default]
    Codepoint,
    /// UTF-16 code units (JavaScript's string indices).
    Utf16,
    /// Bytes of the UTF-8 text.
    Utf8,
}

impl std::str::FromStr for OffsetUnit {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "codepoint" => Ok(Self::Codepoint),
            "utf16" => Ok(Self::Utf16),
            "utf8" => Ok(Self::Utf8),
            other => Err(format!(
                "unknown offset unit {other:?} (codepoint, utf16 or utf8)"
            )),
        }
    }
}

/// Converts byte offsets into `unit` offsets for one text.
pub struct OffsetMap {
    /// `units[b]` = offset in the unit of byte `b`, for every char boundary `b`.
    units: Option<Vec<u32>>,
}

impl OffsetMap {
    pub fn new(text: &str, unit: OffsetUnit) -> Self {
        if unit == OffsetUnit::Utf8 {
            return Self { units: None };
        }
        let mut units = vec![0u32; text.len() + 1];
        let mut n = 0u32;
        for (b, c) in text.char_indices() {
            units[b] = n;
            n += match unit {
                OffsetUnit::Utf16 => c.len_utf16() as u32,
                _ => 1,
            };
        }
        units[text.len()] = n;
        Self { units: Some(units) }
    }

    pub fn map(&self, byte: usize) -> usize {
        match &self.units {
            None => byte,
            Some(u) => u[byte] as usize,
        }
    }
}

/// Rewrites every span of `a` (byte offsets into `text`) into `unit`.
pub fn convert(a: &mut Analysis, text: &str, unit: OffsetUnit) {
    if unit == OffsetUnit::Utf8 {
        return;
    }
    let m = OffsetMap::new(text, unit);
    let fix = |s: &mut usize, e: &mut usize| {
        *s = m.map(*s);
        *e = m.map(*e);
    };
    for r in &mut a.removed {
        fix(&mut r.start, &mut r.end);
    }
    for e in a.entities.iter_mut().flatten() {
        for mention in &mut e.mentions {
            fix(&mut mention.start, &mut mention.end);
        }
    }
    for q in a.quotes.iter_mut().flatten() {
        fix(&mut q.start, &mut q.end);
    }
    for r in a.relations.iter_mut().flatten() {
        fix(&mut r.evidence.start, &mut r.evidence.end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_each_unit() {
        let t = "é😀a";
        let cp = OffsetMap::new(t, OffsetUnit::Codepoint);
        let u16 = OffsetMap::new(t, OffsetUnit::Utf16);
        // bytes: é=0..2, 😀=2..6, a=6..7
        assert_eq!([cp.map(0), cp.map(2), cp.map(6), cp.map(7)], [0, 1, 2, 3]);
        assert_eq!(
            [u16.map(0), u16.map(2), u16.map(6), u16.map(7)],
            [0, 1, 3, 4]
        );
        assert_eq!(OffsetMap::new(t, OffsetUnit::Utf8).map(6), 6);
    }
}
