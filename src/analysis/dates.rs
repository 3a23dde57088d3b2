//! Date expressions, resolved to ISO 8601 values.
//!
//! Input: the segmented article and its reference date. Output: every date
//! expression with its byte span and resolved value ("last month" →
//! "2025-09"). Invariant: spans lie inside sentences and do not overlap.
//!
//! Values: a day `2025-10-25`, a month `2025-09`, an ISO week `2025-W43`, a
//! year `2019`. Relative expressions ("last month", "on Monday", "in
//! September") resolve against the reference date and stay `None` without one.
//! A weekday or a month without a year is the nearest one before the
//! reference date, or after it when the sentence speaks of the future.

use std::sync::LazyLock;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use regex::Regex;

use crate::analysis::segment::Segmented;

/// One date expression in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    /// ISO 8601: `2025-10-25`, `2025-09`, `2019`; None when it cannot be resolved.
    pub value: Option<String>,
}

const MONTH: &str = r"(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)";
const WEEKDAY: &str = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)";
const ORD: &str = r"(?:st|nd|rd|th)?";

struct Patterns {
    /// Saturday, October 25, 2025 / October 25th, 2025
    mdy: Regex,
    /// 25 October 2025 / Saturday 25th of October, 2025
    dmy: Regex,
    /// 2025-10-25
    iso: Regex,
    /// October 2025
    my: Regex,
    /// October 25 / Saturday, October 25
    md: Regex,
    /// 25 October
    dm: Regex,
    /// in September, early October, last March
    month: Regex,
    /// (on) Monday, last Friday, next Tuesday
    weekday: Regex,
    /// last month, earlier this week, next year, yesterday, two days ago
    relative: Regex,
    /// 2019
    year: Regex,
    future: Regex,
    /// mdy and dmy written in any case, for datelines: "JAN. 13, 2017"
    mdy_any_case: Regex,
    dmy_any_case: Regex,
}

/// The patterns as written, with Unicode `\b`, `\d` and `\w`. Built only
/// for text the ASCII set might read differently (see [`in_sentence`]).
static UNICODE: LazyLock<Patterns> = LazyLock::new(|| Patterns::new(|p| p.to_string()));

/// The same patterns with ASCII `\b`, `\d` and `\w` (Unicode `\s` and
/// case folding stay). Cheap to build, and the lazy DFA can run them over
/// any text, where a Unicode `\b` sends it to the slow backtracker as soon
/// as the text holds one non-ASCII character (’, —, é).
static ASCII: LazyLock<Patterns> = LazyLock::new(|| {
    Patterns::new(|p| {
        p.replace(r"\b", r"(?-u:\b)")
            .replace(r"\d", "[0-9]")
            .replace(r"\w", "[0-9A-Za-z_]")
    })
});

impl Patterns {
    /// Compiles every pattern after passing it through `classes`.
    fn new(classes: impl Fn(&str) -> String) -> Patterns {
        let r = |s: String| Regex::new(&classes(&s)).expect("date pattern");
        Patterns {
            mdy: r(format!(
                r"\b(?:{WEEKDAY},?\s+)?{MONTH}\s+(\d{{1,2}}){ORD},?\s+(\d{{4}})\b"
            )),
            dmy: r(format!(
                r"\b(?:{WEEKDAY},?\s+)?(\d{{1,2}}){ORD}\s+(?:of\s+)?{MONTH},?\s+(\d{{4}})\b"
            )),
            iso: r(r"\b(\d{4})-(\d{2})-(\d{2})\b".to_string()),
            my: r(format!(r"\b{MONTH},?\s+(\d{{4}})\b")),
            md: r(format!(r"\b(?:{WEEKDAY},?\s+)?{MONTH}\s+(\d{{1,2}}){ORD}\b")),
            dm: r(format!(r"\b(\d{{1,2}}){ORD}\s+(?:of\s+)?{MONTH}\b")),
            month: r(format!(
                r"\b(?:(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|[Tt]hrough|of|[Tt]ill)\s+(?:(?:early|late|mid-?)\s*)?|(?:[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Tt]his|[Nn]ext)\s*){MONTH}(?:\s|[,.;:)]|$)"
            )),
            weekday: r(format!(r"\b(?:([Ll]ast|[Nn]ext|[Tt]his|[Pp]revious|[Cc]oming)\s+)?{WEEKDAY}\b")),
            relative: r(
                r"\b(?:(?:[Ee]arlier|[Ll]ater)\s+this\s+(week|month|year)|([Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Pp]revious|[Cc]oming)\s+(week|month|year)|([Yy]esterday|[Tt]oday|[Tt]omorrow)|(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(day|week|month|year)s?\s+ago)\b"
                    .to_string(),
            ),
            year: r(r"\b(1[89]\d{2}|20\d{2})\b".to_string()),
            // "is to visit", "are set to meet", "intends to travel": the sentence speaks of what lies ahead
            future: r(r"\b(will|would|shall|next|upcoming|forthcoming|plans?|planned|planning|scheduled|due|to be held|expected|intends?|(?:is|are)\s+(?:set\s+|going\s+|due\s+)?to\s+[a-z]+)\b|\w'll\b".to_string()),
            mdy_any_case: r(format!(
                r"(?i)\b(?:{WEEKDAY},?\s+)?{MONTH}\s+(\d{{1,2}}){ORD},?\s+(\d{{4}})\b"
            )),
            dmy_any_case: r(format!(
                r"(?i)\b(?:{WEEKDAY},?\s+)?(\d{{1,2}}){ORD}\s+(?:of\s+)?{MONTH},?\s+(\d{{4}})\b"
            )),
        }
    }
}

fn month_num(s: &str) -> Option<u32> {
    let s = s.trim_end_matches('.');
    let m = match s.get(..3)?.to_ascii_lowercase().as_str() {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn weekday(s: &str) -> Option<Weekday> {
    s.parse().ok()
}

fn day(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn fmt_day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn fmt_month(y: i32, m: u32) -> String {
    format!("{y:04}-{m:02}")
}

fn fmt_week(d: NaiveDate) -> String {
    let w = d.iso_week();
    format!("{}-W{:02}", w.year(), w.week())
}

/// The month `m` nearest the reference: this year's, the previous year's
/// when this year's lies ahead and the sentence does not speak of the future.
fn resolve_month(m: u32, r: NaiveDate, future: bool) -> (i32, u32) {
    let y = r.year();
    if future {
        if m < r.month() { (y + 1, m) } else { (y, m) }
    } else if m > r.month() {
        (y - 1, m)
    } else {
        (y, m)
    }
}

fn add_months(y: i32, m: u32, delta: i32) -> (i32, u32) {
    let idx = y * 12 + m as i32 - 1 + delta;
    (idx.div_euclid(12), idx.rem_euclid(12) as u32 + 1)
}

/// Finds the date expressions of the article.
pub fn find(doc: &Segmented, reference: Option<NaiveDate>) -> Vec<DateMention> {
    let mut out = Vec::new();
    for s in &doc.sentences {
        out.extend(in_sentence(doc.text, s.start, s.end, reference));
    }
    out
}

/// Date expressions of `text[start..end]`, in text order, not overlapping.
///
/// The ASCII patterns read the sentence; the Unicode ones read it again
/// only when the two could differ (see [`unicode_sensitive`] and
/// [`touches_word`]), so the result is always what the Unicode patterns find.
fn in_sentence(text: &str, start: usize, end: usize, r: Option<NaiveDate>) -> Vec<DateMention> {
    let s = &text[start..end];
    if !unicode_sensitive(s)
        && let Some(found) = scan(&ASCII, true, s, start, r)
    {
        return found;
    }
    scan(&UNICODE, false, s, start, r).expect("unchecked scans always finish")
}

/// The date expressions of the sentence `s`, which starts at `start` in the
/// text, read with the patterns `p`. When `checked`, None as soon as a match
/// touches a character that may be a non-ASCII word character: the ASCII
/// `\b` sees a word boundary there, the Unicode one may not.
fn scan(
    p: &Patterns,
    checked: bool,
    s: &str,
    start: usize,
    r: Option<NaiveDate>,
) -> Option<Vec<DateMention>> {
    let clean = |m: regex::Match| !checked || !touches_word(s, m.start(), m.end());
    let future = match p.future.find(s) {
        Some(m) if !clean(m) => return None,
        m => m.is_some(),
    };
    let mut found: Vec<DateMention> = Vec::new();
    let push = |found: &mut Vec<DateMention>, a: usize, b: usize, value: Option<String>| {
        if found.iter().any(|d| a < d.end && d.start < b) {
            return;
        }
        found.push(DateMention {
            start: start + a,
            end: start + b,
            value,
        });
    };
    for c in p.mdy.captures_iter(s) {
        let v = month_num(&c[2]).and_then(|m| day(c[4].parse().ok()?, m, c[3].parse().ok()?));
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        push(&mut found, m.start(), m.end(), v.map(fmt_day));
    }
    for c in p.dmy.captures_iter(s) {
        let v = month_num(&c[3]).and_then(|m| day(c[4].parse().ok()?, m, c[2].parse().ok()?));
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        push(&mut found, m.start(), m.end(), v.map(fmt_day));
    }
    for c in p.iso.captures_iter(s) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let v = day(
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        );
        if let Some(v) = v {
            push(&mut found, m.start(), m.end(), Some(fmt_day(v)));
        }
    }
    for c in p.my.captures_iter(s) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let v = month_num(&c[1]).map(|mo| fmt_month(c[2].parse().unwrap_or(0), mo));
        push(&mut found, m.start(), m.end(), v);
    }
    for c in p.md.captures_iter(s) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let v = r.and_then(|r| {
            let mo = month_num(&c[2])?;
            let (y, mo) = resolve_month(mo, r, future);
            day(y, mo, c[3].parse().ok()?)
        });
        push(&mut found, m.start(), m.end(), v.map(fmt_day));
    }
    for c in p.dm.captures_iter(s) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let v = r.and_then(|r| {
            let mo = month_num(&c[2])?;
            let (y, mo) = resolve_month(mo, r, future);
            day(y, mo, c[1].parse().ok()?)
        });
        push(&mut found, m.start(), m.end(), v.map(fmt_day));
    }
    for c in p.relative.captures_iter(s) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let v = r.and_then(|r| {
            if let Some(unit) = c.get(1) {
                return Some(match unit.as_str() {
                    "week" => fmt_week(r),
                    "month" => fmt_month(r.year(), r.month()),
                    _ => r.year().to_string(),
                });
            }
            if let (Some(which), Some(unit)) = (c.get(2), c.get(3)) {
                let delta: i32 = match which.as_str().to_lowercase().as_str() {
                    "last" | "past" | "previous" => -1,
                    "next" | "coming" => 1,
                    _ => 0,
                };
                return Some(match unit.as_str() {
                    "week" => fmt_week(r + Duration::days(7 * delta as i64)),
                    "month" => {
                        let (y, mo) = add_months(r.year(), r.month(), delta);
                        fmt_month(y, mo)
                    }
                    _ => (r.year() + delta).to_string(),
                });
            }
            if let Some(d) = c.get(4) {
                let off = match d.as_str().to_lowercase().as_str() {
                    "yesterday" => -1,
                    "tomorrow" => 1,
                    _ => 0,
                };
                return Some(fmt_day(r + Duration::days(off)));
            }
            if let (Some(n), Some(unit)) = (c.get(5), c.get(6)) {
                let n: i64 = match n.as_str() {
                    "a" | "one" => 1,
                    "two" => 2,
                    "three" => 3,
                    "four" => 4,
                    "five" => 5,
                    "six" => 6,
                    "seven" => 7,
                    "eight" => 8,
                    "nine" => 9,
                    "ten" => 10,
                    x => x.parse().ok()?,
                };
                return Some(match unit.as_str() {
                    "day" => fmt_day(r - Duration::days(n)),
                    "week" => fmt_week(r - Duration::days(7 * n)),
                    "month" => {
                        let (y, mo) = add_months(r.year(), r.month(), -(n as i32));
                        fmt_month(y, mo)
                    }
                    _ => (r.year() - n as i32).to_string(),
                });
            }
            None
        });
        push(&mut found, m.start(), m.end(), v);
    }
    for c in p.month.captures_iter(s) {
        let whole = c.get(0).unwrap();
        if !clean(whole) {
            return None;
        }
        let mg = c.get(1).unwrap();
        let lead = &s[whole.start()..mg.start()].to_lowercase();
        let v = r.and_then(|r| {
            let mo = month_num(mg.as_str())?;
            let (y, mo) = if lead.starts_with("last") {
                (
                    if mo >= r.month() {
                        r.year() - 1
                    } else {
                        r.year()
                    },
                    mo,
                )
            } else if lead.starts_with("next") {
                (
                    if mo <= r.month() {
                        r.year() + 1
                    } else {
                        r.year()
                    },
                    mo,
                )
            } else if lead.starts_with("this") {
                (r.year(), mo)
            } else {
                resolve_month(mo, r, future)
            };
            Some(fmt_month(y, mo))
        });
        // the span is the month and its modifier, not the preposition
        let a = if lead.starts_with(['e', 'l', 'm', 'n', 't'])
            && !lead.starts_with("through")
            && !lead.starts_with("till")
        {
            whole.start()
        } else {
            mg.start()
        };
        push(&mut found, a, mg.end(), v);
    }
    for c in p.weekday.captures_iter(s) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let v = r.and_then(|r| {
            let wd = weekday(&c[2])?;
            let modifier = c.get(1).map(|x| x.as_str().to_lowercase());
            let back = (7 + r.weekday().num_days_from_monday() as i64
                - wd.num_days_from_monday() as i64)
                % 7;
            let ahead = (7 - back) % 7;
            let d = match modifier.as_deref() {
                Some("next") | Some("coming") => {
                    r + Duration::days(if ahead == 0 { 7 } else { ahead })
                }
                Some("last") | Some("previous") => {
                    r - Duration::days(if back == 0 { 7 } else { back })
                }
                _ if future && back != 0 => r + Duration::days(ahead),
                _ => r - Duration::days(back),
            };
            Some(fmt_day(d))
        });
        push(&mut found, m.start(), m.end(), v);
    }
    for c in p.year.captures_iter(s) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].chars().next();
        let after2: String = s[m.end()..].chars().take(2).collect();
        if before.is_some_and(|b| {
            b.is_ascii_digit() || matches!(b, ',' | '.' | '$' | '£' | '€' | '#' | '/' | '-')
        }) || after.is_some_and(|a| a.is_ascii_digit() || matches!(a, '%' | 's' | '/' | '-'))
            || (after == Some(',') && after2.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
        {
            continue;
        }
        // "2000 troops": a count, not a year
        let next_word: String = s[m.end()..]
            .trim_start()
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if next_word.len() > 3
            && next_word.ends_with('s')
            && next_word.chars().all(|c| c.is_lowercase())
        {
            continue;
        }
        push(&mut found, m.start(), m.end(), Some(m.as_str().to_string()));
    }
    found.sort_by_key(|d| d.start);
    Some(found)
}

/// The first absolute calendar date written in `text` (a dateline, a
/// "Published …" line), used as the reference date when the request gives none.
pub fn first_absolute(text: &str) -> Option<NaiveDate> {
    if !unicode_sensitive(text)
        && let Some(found) = first_absolute_with(&ASCII, true, text)
    {
        return found;
    }
    first_absolute_with(&UNICODE, false, text).expect("unchecked scans always finish")
}

/// [`first_absolute`] read with the patterns `p`; with `checked`, None when
/// a match it looks at touches a possible non-ASCII word character (as in
/// [`scan`]).
fn first_absolute_with(p: &Patterns, checked: bool, text: &str) -> Option<Option<NaiveDate>> {
    let clean = |m: regex::Match| !checked || !touches_word(text, m.start(), m.end());
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut consider = |pos: usize, d: Option<NaiveDate>| {
        if let Some(d) = d
            && (1900..=2100).contains(&d.year())
            && best.is_none_or(|(b, _)| pos < b)
        {
            best = Some((pos, d));
        }
    };
    if let Some(c) = p.mdy_any_case.captures(text) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let d = month_num(&c[2]).and_then(|m| day(c[4].parse().ok()?, m, c[3].parse().ok()?));
        consider(m.start(), d);
    }
    if let Some(c) = p.dmy_any_case.captures(text) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let d = month_num(&c[3]).and_then(|m| day(c[4].parse().ok()?, m, c[2].parse().ok()?));
        consider(m.start(), d);
    }
    for c in p.iso.captures_iter(text).take(3) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let d = day(
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        );
        consider(m.start(), d);
        if d.is_some() {
            break;
        }
    }
    Some(best.map(|(_, d)| d))
}

/// Whether `c` may be a word character (`\w`) outside ASCII: every
/// non-ASCII character but those surely not letters, marks, digits or
/// connectors — spaces, Latin-1 and general punctuation and signs, currency
/// signs. The tests hold this against the regex crate's own `\w`.
fn maybe_word(c: char) -> bool {
    !c.is_ascii()
        && !c.is_whitespace()
        && !matches!(c,
            '\u{80}'..='\u{A9}'
            | '\u{AB}'..='\u{B4}'
            | '\u{B6}'..='\u{B9}'
            | '\u{BB}'..='\u{BF}'
            | '\u{D7}'
            | '\u{F7}'
            | '\u{2010}'..='\u{2027}'
            | '\u{2030}'..='\u{203E}'
            | '\u{2041}'..='\u{2053}'
            | '\u{2055}'..='\u{205E}'
            | '\u{20A0}'..='\u{20CF}')
}

/// Whether the match `s[a..b]` has a neighbour that may be a non-ASCII word
/// character: the ASCII `\b` at that edge may hold where the Unicode one
/// does not.
fn touches_word(s: &str, a: usize, b: usize) -> bool {
    s[..a].chars().next_back().is_some_and(maybe_word)
        || s[b..].chars().next().is_some_and(maybe_word)
}

/// Whether `s` holds a non-ASCII character that a Unicode pattern could
/// take into a match where the ASCII one cannot: a digit for `\d`, the long
/// s or the Kelvin sign for a case-blind "s" or "k" (a word start for the
/// Unicode `\b`), a word character right after "." (the `\b` after "Jan.")
/// or right before "'ll" (`\w'll`). Any other difference shows at a match's
/// edge, where [`touches_word`] sees it.
fn unicode_sensitive(s: &str) -> bool {
    if s.is_ascii() {
        return false;
    }
    let mut prev = ' ';
    for (i, c) in s.char_indices() {
        if maybe_word(c)
            && (prev == '.'
                || matches!(c, '\u{17F}' | '\u{212A}')
                || maybe_digit(c)
                || s[i + c.len_utf8()..].starts_with("'ll"))
        {
            return true;
        }
        prev = c;
    }
    false
}

/// Whether `c` may be a decimal digit (`\d`): any numeric character but the
/// superscripts, fractions, number forms and circled numbers.
fn maybe_digit(c: char) -> bool {
    c.is_numeric()
        && !matches!(c,
            '\u{B2}' | '\u{B3}' | '\u{B9}'
            | '\u{BC}'..='\u{BE}'
            | '\u{2070}'..='\u{209F}'
            | '\u{2150}'..='\u{218F}'
            | '\u{2460}'..='\u{24FF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(s: &str, r: &str) -> Vec<(String, Option<String>)> {
        let r = NaiveDate::parse_from_str(r, "%Y-%m-%d").ok();
        in_sentence(s, 0, s.len(), r)
            .into_iter()
            .map(|d| (s[d.start..d.end].to_string(), d.value))
            .collect()
    }

    #[test]
    fn resolves_against_the_reference() {
        type Case = (
            &'static str,
            &'static str,
            &'static [(&'static str, &'static str)],
        );
        let cases: &[Case] = &[
            (
                "It happened on Saturday, October 25, 2025 in the city.",
                "2025-10-26",
                &[("Saturday, October 25, 2025", "2025-10-25")],
            ),
            (
                "They met last month.",
                "2025-10-25",
                &[("last month", "2025-09")],
            ),
            (
                "They met on Monday.",
                "2025-10-25",
                &[("Monday", "2025-10-20")],
            ),
            (
                "The envoys met in September.",
                "2025-10-25",
                &[("September", "2025-09")],
            ),
            (
                "Relations soured in 2019.",
                "2025-10-25",
                &[("2019", "2019")],
            ),
            (
                "He spoke earlier this week.",
                "2025-10-25",
                &[("earlier this week", "2025-W43")],
            ),
            (
                "They will meet on Tuesday.",
                "2025-10-25",
                &[("Tuesday", "2025-10-28")],
            ),
            (
                "Talks are set for next year.",
                "2025-10-25",
                &[("next year", "2026")],
            ),
            (
                "The deal of 12 March 2020 holds.",
                "2025-10-25",
                &[("12 March 2020", "2020-03-12")],
            ),
            (
                "Nothing here but 2,000 troops and 1500 people.",
                "2025-10-25",
                &[],
            ),
            ("Theresa May spoke.", "2025-10-25", &[]),
            (
                "The minister is to visit Lima in March.",
                "2025-10-25",
                &[("March", "2026-03")],
            ),
            (
                "Talks are set to resume in February.",
                "2025-10-25",
                &[("February", "2026-02")],
            ),
            (
                "She'll travel to Lima in January.",
                "2025-10-25",
                &[("January", "2026-01")],
            ),
            (
                "The minister travelled to Lima in March.",
                "2025-10-25",
                &[("March", "2025-03")],
            ),
        ];
        for (s, r, want) in cases {
            let got = values(s, r);
            let want: Vec<(String, Option<String>)> = want
                .iter()
                .map(|(a, b)| (a.to_string(), Some(b.to_string())))
                .collect();
            assert_eq!(got, want, "{s}");
        }
    }

    #[test]
    fn without_reference_relative_dates_stay_open() {
        assert_eq!(
            values("They met last month.", "none"),
            [("last month".into(), None)]
        );
    }

    /// Every character but the ASCII ones, in one string, each on its own.
    fn all_non_ascii() -> String {
        (0x80..=0x10FFFF).filter_map(char::from_u32).collect()
    }

    #[test]
    fn maybe_word_and_maybe_digit_cover_unicode_classes() {
        let text = all_non_ascii();
        for m in Regex::new(r"\w").unwrap().find_iter(&text) {
            let c = m.as_str().chars().next().unwrap();
            assert!(maybe_word(c), "{c:?} U+{:04X} is \\w", c as u32);
        }
        for m in Regex::new(r"\d").unwrap().find_iter(&text) {
            let c = m.as_str().chars().next().unwrap();
            assert!(maybe_digit(c), "{c:?} U+{:04X} is \\d", c as u32);
        }
        // case-blind ASCII letters take only these two others
        let folds: String = Regex::new(r"(?i)[a-z]")
            .unwrap()
            .find_iter(&text)
            .map(|m| m.as_str())
            .collect();
        assert_eq!(folds, "\u{17F}\u{212A}");
    }

    #[test]
    fn unicode_neighbours_read_as_the_unicode_patterns_do() {
        for (s, want) in [
            (
                "Talks resumed in 2019’s spring.",
                vec![("2019", Some("2019"))],
            ),
            ("Talks resumed in 2019é and after.", vec![]),
            ("It was éMonday then.", vec![]),
            (
                "It was Monday, and 25 Jan.é passed.",
                vec![
                    ("Monday", Some("2025-10-20")),
                    ("25 Jan.", Some("2025-01-25")),
                ],
            ),
            (
                "It was 25 Jan. passed.",
                vec![("25 Jan", Some("2025-01-25"))],
            ),
            ("Met on ſeptember 3, 2019.", vec![("2019", Some("2019"))]),
            ("Met on October ٣, 2019.", vec![("October ٣, 2019", None)]),
            (
                "José'll go on Tuesday.",
                vec![("Tuesday", Some("2025-10-28"))],
            ),
            (
                "Jose'll go on Tuesday.",
                vec![("Tuesday", Some("2025-10-28"))],
            ),
            (
                "José will go on Tuesday.",
                vec![("Tuesday", Some("2025-10-28"))],
            ),
            (
                "Joséwill go on Tuesday.",
                vec![("Tuesday", Some("2025-10-21"))],
            ),
        ] {
            let want: Vec<(String, Option<String>)> = want
                .into_iter()
                .map(|(a, b)| (a.to_string(), b.map(str::to_string)))
                .collect();
            assert_eq!(values(s, "2025-10-25"), want, "{s}");
            let r = NaiveDate::from_ymd_opt(2025, 10, 25);
            let unicode = scan(&UNICODE, false, s, 0, r).unwrap();
            assert_eq!(in_sentence(s, 0, s.len(), r), unicode, "{s}");
        }
    }

    #[test]
    fn first_absolute_dates() {
        for (s, want) in [
            (
                "Published November 20th, 2019 - 07:29 GMT\nText",
                Some("2019-11-20"),
            ),
            ("Wednesday, January 23, 2019\nBody", Some("2019-01-23")),
            ("Posted 2019-10-15 by staff", Some("2019-10-15")),
            (
                "BRUSSELS, 16 September 2016 — Leaders met",
                Some("2016-09-16"),
            ),
            ("WASHINGTON, JAN. 13, 2017 — The talks", Some("2017-01-13")),
            ("Updated: 4 MARCH 2021 10:00", Some("2021-03-04")),
            ("No date at all, only 2019.", None),
        ] {
            assert_eq!(
                first_absolute(s)
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .as_deref(),
                want,
                "{s}"
            );
        }
    }
}
