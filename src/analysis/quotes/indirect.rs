//! Reported speech without quotation marks.
//!
//! Input: the [`Reader`] of the article and the spans of its direct quotes
//! (mark to mark). Output: indirect quotes, each the reported clause of one
//! sentence with its attribution: "X said (that) …", "X noted that …",
//! "according to X, …", "…, X said." Invariants: a clause never overlaps a
//! direct quote, holds at least three words, and lies inside one sentence.

use std::ops::Range;

use super::speaker::{Attribution, Cue, Reader};
use super::text;

/// One reported clause and who reported it.
pub struct Indirect {
    pub start: usize,
    pub end: usize,
    pub attribution: Attribution,
}

/// Finds the indirect quotes of the article.
pub fn find(r: &Reader, direct: &[(usize, usize)]) -> Vec<Indirect> {
    let mut out = Vec::new();
    for (pi, para) in r.paragraphs.iter().enumerate() {
        let starts = &r.sentences[pi];
        for (si, &s) in starts.iter().enumerate() {
            let e = starts.get(si + 1).copied().unwrap_or(para.end);
            if let Some(ind) = sentence(r, s..e)
                && !overlaps(direct, ind.start..ind.end)
            {
                out.push(ind);
            }
        }
    }
    out
}

/// Whether a span overlaps one of the sorted, disjoint `spans`.
fn overlaps(spans: &[(usize, usize)], r: Range<usize>) -> bool {
    let i = spans.partition_point(|&(_, e)| e <= r.start);
    spans.get(i).is_some_and(|&(s, _)| s < r.end)
}

fn attribution(r: &Reader, ph: Range<usize>, anchor: usize, cue: String) -> Option<Attribution> {
    let (entity, speaker_text) = r.resolve(ph, anchor);
    (entity.is_some() || speaker_text.is_some()).then_some(Attribution {
        entity,
        speaker_text,
        cue: Some(cue),
    })
}

/// The reported clause of one sentence, if it reports speech.
fn sentence(r: &Reader, sent: Range<usize>) -> Option<Indirect> {
    let ws = r.outside_words(sent.clone());
    let cues = r.cues(&ws);
    let body_end = clause_end(r.text, sent.clone());
    for cue in cues {
        match cue {
            Cue::According(acc, to) => {
                let ph = r.phrase_after(to.end, body_end)?;
                let a = attribution(r, ph.clone(), acc.start, "according to".into())?;
                let before = r.text[sent.start..acc.start].trim_end();
                if before.is_empty() {
                    // According to X, CLAUSE.
                    let rest = &r.text[ph.end..body_end];
                    let comma = rest.find(',')?;
                    return make(r, ph.end + comma + 1..body_end, a);
                }
                if before.ends_with(',') {
                    // "The plan, according to X, could cost …": the
                    // reported words lie on both sides of the attribution,
                    // so no one span holds them.
                    if clause_resumes(r, ph.end, body_end) {
                        return None;
                    }
                    // CLAUSE, according to X.
                    return make(r, sent.start..sent.start + before.len() - 1, a);
                }
            }
            Cue::Verb(v, info) if info.participle && !info.frame => {
                // "…, emphasizing that CLAUSE": the sentence's subject
                // reports it.
                let before = r.text[sent.start..v.start].trim_end();
                let after = r.words(v.end..body_end);
                let Some(that) = after.first() else { continue };
                if !before.ends_with(',')
                    || !r.text[that.start..that.end].eq_ignore_ascii_case("that")
                    || !r.text[v.end..that.start].trim().is_empty()
                {
                    continue;
                }
                let Some(ph) = r.participle_subject(sent.start, v) else {
                    continue;
                };
                let cue = r.text[v.start..v.end].to_string();
                let Some(a) = attribution(r, ph, v.start, cue) else {
                    continue;
                };
                if a.entity.is_none() {
                    continue;
                }
                return make(r, that.end..body_end, a);
            }
            Cue::Verb(v, info) => {
                if info.participle || info.frame {
                    continue;
                }
                let before = r.text[sent.start..v.start].trim_end();
                // CLAUSE, X said.
                if let Some(comma) = before.rfind(',') {
                    let comma = sent.start + comma;
                    if let Some(ph) = r.subject_before(v, comma + 1)
                        && r.text[comma + 1..ph.start].trim().is_empty()
                        && r.words(v.end..body_end).len() <= 6
                        && !r.text[v.end..body_end].contains(" that ")
                    {
                        let cue = r.text[v.start..v.end].to_string();
                        let a = attribution(r, ph, v.start, cue)?;
                        return make(r, sent.start..comma, a);
                    }
                }
                let Some(ph) = r.subject_before(v, sent.start) else {
                    continue;
                };
                let cue = r.text[v.start..v.end].to_string();
                // X said (on Tuesday) that CLAUSE.
                let after = r.words(v.end..body_end);
                let that = after
                    .iter()
                    .take(6)
                    .position(|w| r.text[w.start..w.end].eq_ignore_ascii_case("that"));
                let start = match that {
                    // "told reporters that …", not "told reporters after the
                    // meeting that was held …" (a relative clause).
                    Some(k)
                        if !r.text[v.end..after[k].start].contains(['.', ';', ':', ','])
                            && (!info.addressee
                                || (k <= 3
                                    && !after[..k].iter().any(|w| {
                                        r.lex
                                            .boundary
                                            .contains(&*text::lowercase(&r.text[w.start..w.end]))
                                    }))) =>
                    {
                        after[k].end
                    }
                    _ if info.bare => {
                        let k = time_adverbial(r, &after);
                        let Some(next) = after.get(k) else { continue };
                        let from = if k == 0 { v.end } else { after[k - 1].end };
                        let gap = &r.text[from..next.start];
                        let lw = text::lowercase(&r.text[next.start..next.end]);
                        if !gap.trim().is_empty() || r.lex.boundary.contains(&*lw) {
                            continue;
                        }
                        next.start
                    }
                    _ => continue,
                };
                let a = attribution(r, ph, v.start, cue)?;
                return make(r, start..body_end, a);
            }
        }
    }
    None
}

/// Whether the sentence goes on with its own clause after an attribution
/// phrase ending at `from`: a comma, then a lowercase word that neither
/// opens a relative clause nor an apposition describing the source ("…,
/// according to X, could cost …", not "…, according to X, who …" or "…,
/// according to X, a former aide").
fn clause_resumes(r: &Reader, from: usize, end: usize) -> bool {
    let Some(comma) = r.text[from..end].find(',') else {
        return false;
    };
    let after = from + comma + 1;
    let Some(w) = r.words(after..end).first().copied() else {
        return false;
    };
    let word = &r.text[w.start..w.end];
    let lw = text::lowercase(word);
    r.text[after..w.start].trim().is_empty()
        && word.starts_with(|c: char| c.is_lowercase())
        && !matches!(
            lw.as_ref(),
            "who"
                | "whose"
                | "whom"
                | "which"
                | "where"
                | "when"
                | "the"
                | "a"
                | "an"
                | "and"
                | "or"
                | "his"
                | "her"
                | "their"
                | "its"
                | "one"
                | "both"
                | "as"
                | "including"
                | "citing"
                | "according"
        )
}

/// How many words at the start of `after` make a time adverbial ("on
/// Saturday", "in 2019", "yesterday"): a preposition and capitalised or
/// numeric words, or a single day word.
fn time_adverbial(r: &Reader, after: &[text::Word]) -> usize {
    let word = |i: usize| after.get(i).map(|w| &r.text[w.start..w.end]);
    match word(0).map(text::lowercase).as_deref() {
        Some(
            "yesterday" | "today" | "tonight" | "earlier" | "later" | "monday" | "tuesday"
            | "wednesday" | "thursday" | "friday" | "saturday" | "sunday",
        ) => 1,
        Some("on" | "in" | "at" | "last" | "this") => {
            let mut k = 1;
            while k < 4
                && word(k)
                    .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase() || c.is_numeric()))
            {
                k += 1;
            }
            if k > 1 { k } else { 0 }
        }
        _ => 0,
    }
}

/// The sentence end without its final punctuation and closing marks.
fn clause_end(text: &str, sent: Range<usize>) -> usize {
    let s = text[sent.clone()].trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, '.' | '!' | '?' | ';' | ':' | ',')
    });
    sent.start + s.len()
}

/// Where another clause joins a reported one.
const JOINTS: [&str; 7] = [
    ", according to ",
    ", while ",
    ", but ",
    ", whereas ",
    ", although ",
    ", though ",
    "; ",
];

fn make(r: &Reader, range: Range<usize>, attribution: Attribution) -> Option<Indirect> {
    if range.start >= range.end {
        return None;
    }
    // The reported clause ends where another clause joins it ("…, while
    // the Arab League condemned …", "…; …").
    let mut range = range;
    let body = &r.text[range.clone()];
    // Every joint opens with a comma or a semicolon: the first of those
    // that opens one is where the first joint is.
    let cut = body
        .bytes()
        .enumerate()
        .filter(|&(_, b)| b == b',' || b == b';')
        .map(|(i, _)| i)
        .find(|&i| JOINTS.iter().any(|j| body[i..].starts_with(j)));
    if let Some(c) = cut {
        range.end = range.start + c;
    }
    // "Washington D.C. - Amid …": a dateline opening the paragraph is no
    // part of the reported clause.
    if r.paragraphs.iter().any(|p| p.start == range.start)
        && let Some(skip) = dateline_len(&r.text[range.clone()])
    {
        range.start += skip;
    }
    let s = &r.text[range.clone()];
    let trimmed = s.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    let start = range.start + (s.len() - trimmed.len());
    let end = start + trimmed.trim_end().len();
    if r.words(start..end).len() < 3 {
        return None;
    }
    Some(Indirect {
        start,
        end,
        attribution,
    })
}

/// The length of a dateline opening `s` ("Washington D.C. - ", "KYIV,
/// Ukraine (Reuters) — "): capitalised words (with periods, commas, a
/// date, a parenthesised agency), then a dash between spaces, within 60
/// bytes.
pub(super) fn dateline_len(s: &str) -> Option<usize> {
    let cut = (0..=s.len().min(60))
        .rev()
        .find(|&i| s.is_char_boundary(i))?;
    let head = &s[..cut];
    let (dash, width) = [" - ", " \u{2013} ", " \u{2014} ", "\u{2014}"]
        .iter()
        .filter_map(|d| head.find(d).map(|i| (i, d.len())))
        .min()?;
    let place = head[..dash].trim();
    let mut in_paren = false;
    let ok = !place.is_empty()
        && place.split_whitespace().all(|w| {
            if w.starts_with('(') {
                in_paren = true;
            }
            // "PHILADELPHIA, July 25 (UPI) —": a date among the words.
            let fine = in_paren || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit());
            if w.ends_with(')') {
                in_paren = false;
            }
            fine
        });
    ok.then_some(dash + width)
}

/// [`dateline_len`] for a dateline that cannot be a subject before a dash
/// ("Sen. Ann Lee — a Democrat — said"): one naming its agency in
/// parentheses or opening with a word in capitals ("WASHINGTON —",
/// "Washington (AFP) –").
pub(super) fn strict_dateline_len(s: &str) -> Option<usize> {
    let n = dateline_len(s)?;
    let place = &s[..n];
    let first = place.split_whitespace().next()?;
    let first = first.trim_end_matches([',', '.']);
    let capitals = first.chars().filter(|c| c.is_alphabetic()).count() >= 3
        && first.chars().all(|c| !c.is_lowercase());
    (capitals || place.contains('(')).then_some(n)
}
