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
//!
//! The regexes (`Pat::regex`, `FUTURE`) define what is found. Hand-written
//! readers (`ascii`) find the same with nothing to compile; a regex is built
//! and reads a text only when a non-ASCII word character could make the two
//! differ there.

use std::collections::BTreeMap;
use std::sync::{LazyLock, OnceLock};

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use regex::Regex;

use crate::analysis::budget;
use crate::analysis::segment::Segmented;

/// One date expression in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateMention {
    pub start: usize,
    pub end: usize,
    /// ISO 8601: `2025-10-25`, `2025-09`, `2019`; None when it cannot be resolved.
    pub value: Option<String>,
}

const ORD: &str = r"(?:st|nd|rd|th)?";

/// The date patterns but "future" ([`FUTURE`]).
#[derive(Clone, Copy, Debug)]
enum Pat {
    /// Saturday, October 25, 2025 / October 25th, 2025
    Mdy,
    /// 25 October 2025 / Saturday 25th of October, 2025
    Dmy,
    /// 2025-10-25
    Iso,
    /// October 2025
    My,
    /// October 25 / Saturday, October 25
    Md,
    /// 25 October
    Dm,
    /// in September, early October, last March
    Month,
    /// (on) Monday, last Friday, next Tuesday
    Weekday,
    /// last month, earlier this week, next year, yesterday, two days ago
    Relative,
    /// 2019
    Year,
    /// Mdy and Dmy written in any case, for datelines: "JAN. 13, 2017"
    MdyAnyCase,
    DmyAnyCase,
}

impl Pat {
    const ALL: [Pat; 12] = [
        Pat::Mdy,
        Pat::Dmy,
        Pat::Iso,
        Pat::My,
        Pat::Md,
        Pat::Dm,
        Pat::Month,
        Pat::Weekday,
        Pat::Relative,
        Pat::Year,
        Pat::MdyAnyCase,
        Pat::DmyAnyCase,
    ];

    /// The pattern, as a regex with Unicode `\b`, `\d` and `\w`.
    fn regex(self) -> String {
        let (month, weekday) = (calendar::month_group(), calendar::weekday_group());
        match self {
            Pat::Mdy => format!(r"\b(?:{weekday},?\s+)?{month}\s+(\d{{1,2}}){ORD},?\s+(\d{{4}})\b"),
            Pat::Dmy => format!(
                r"\b(?:{weekday},?\s+)?(\d{{1,2}}){ORD}\s+(?:of\s+)?{month},?\s+(\d{{4}})\b"
            ),
            Pat::Iso => r"\b(\d{4})-(\d{2})-(\d{2})\b".to_string(),
            Pat::My => format!(r"\b{month},?\s+(\d{{4}})\b"),
            Pat::Md => format!(r"\b(?:{weekday},?\s+)?{month}\s+(\d{{1,2}}){ORD}\b"),
            Pat::Dm => format!(r"\b(\d{{1,2}}){ORD}\s+(?:of\s+)?{month}\b"),
            Pat::Month => format!(
                r"\b(?:(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|[Tt]hrough|of|[Tt]ill)\s+(?:(?:early|late|mid-?)\s*)?|(?:[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Tt]his|[Nn]ext)\s*){month}(?:\s|[,.;:)]|$)"
            ),
            Pat::Weekday => format!(r"\b(?:([Ll]ast|[Nn]ext|[Tt]his|[Pp]revious|[Cc]oming)\s+)?{weekday}\b"),
            Pat::Relative => r"\b(?:(?:[Ee]arlier|[Ll]ater)\s+this\s+(week|month|year)|([Ll]ast|[Nn]ext|[Tt]his|[Pp]ast|[Pp]revious|[Cc]oming)\s+(week|month|year)|([Yy]esterday|[Tt]oday|[Tt]omorrow)|(\d+|one|two|three|four|five|six|seven|eight|nine|ten|a)\s+(day|week|month|year)s?\s+ago)\b"
                .to_string(),
            Pat::Year => r"\b(1[89]\d{2}|20\d{2})\b".to_string(),
            Pat::MdyAnyCase => format!("(?i){}", Pat::Mdy.regex()),
            Pat::DmyAnyCase => format!("(?i){}", Pat::Dmy.regex()),
        }
    }
}

/// "is to visit", "are set to meet", "intends to travel": the sentence
/// speaks of what lies ahead.
const FUTURE: &str = r"\b(will|would|shall|next|upcoming|forthcoming|plans?|planned|planning|scheduled|due|to be held|expected|intends?|(?:is|are)\s+(?:set\s+|going\s+|due\s+)?to\s+[a-z]+)\b|\w['\x{2019}]ll\b";

/// The regex of `pat`, built when first needed: only for text the
/// hand-written ASCII readers (`ascii`) might read differently (see
/// [`in_sentence`]).
fn unicode_regex(pat: Pat) -> &'static Regex {
    static REGEXES: [OnceLock<Regex>; Pat::ALL.len()] = [const { OnceLock::new() }; Pat::ALL.len()];
    REGEXES[pat as usize].get_or_init(|| Regex::new(&pat.regex()).expect("date pattern"))
}

/// [`FUTURE`] as a regex, built when first needed.
static UNICODE_FUTURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(FUTURE).expect("future pattern"));

/// The hand-written readers (see the module docs).
mod ascii;
pub mod calendar;

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

/// `y` when it is a year of the calendar chrono represents (about
/// 262,000 years either side of year 0): a date computed past either end
/// cannot be represented and is dropped, never panicked on.
fn year_in_calendar(y: i64) -> Option<i32> {
    let y = i32::try_from(y).ok()?;
    (NaiveDate::MIN.year()..=NaiveDate::MAX.year())
        .contains(&y)
        .then_some(y)
}

/// `d` moved by `n` days; None past the calendar's ends.
fn shift_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(TimeDelta::try_days(n)?)
}

/// The month `m` nearest the reference: this year's, the previous year's
/// when this year's lies ahead and the sentence does not speak of the
/// future; None past the calendar's ends.
fn resolve_month(m: u32, r: NaiveDate, future: bool) -> Option<(i32, u32)> {
    let y = i64::from(r.year());
    let y = if future {
        if m < r.month() { y + 1 } else { y }
    } else if m > r.month() {
        y - 1
    } else {
        y
    };
    Some((year_in_calendar(y)?, m))
}

/// The month `delta` months from month `m` of year `y`; None past the
/// calendar's ends (or an overflowing `delta`).
fn add_months(y: i32, m: u32, delta: i64) -> Option<(i32, u32)> {
    let idx = (i64::from(y) * 12 + i64::from(m) - 1).checked_add(delta)?;
    Some((
        year_in_calendar(idx.div_euclid(12))?,
        idx.rem_euclid(12) as u32 + 1,
    ))
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
/// The ASCII readers read the sentence; the Unicode patterns read it again
/// only when the two could differ (see [`unicode_sensitive`] and
/// [`touches_word`]), so the result is always what the Unicode patterns find.
fn in_sentence(text: &str, start: usize, end: usize, r: Option<NaiveDate>) -> Vec<DateMention> {
    let s = &text[start..end];
    if !unicode_sensitive(s)
        && let Some(found) = scan(Reader::Ascii, s, start, r)
    {
        return found;
    }
    scan(Reader::Unicode, s, start, r).expect("the Unicode patterns never give up")
}

/// What reads the patterns.
#[derive(Clone, Copy)]
enum Reader {
    /// The hand-written ASCII readers; a scan gives up (None) as soon as a
    /// match touches a character that may be a non-ASCII word character,
    /// where the ASCII `\b` sees a word boundary and the Unicode one may not.
    Ascii,
    /// The Unicode regexes, [`unicode_regex`].
    Unicode,
}

/// What a text holds that some patterns cannot match without, found in
/// one pass so that the readers skip those patterns.
#[derive(Clone, Copy)]
struct Clues {
    /// an ASCII digit: all but "month", "weekday" and "relative" need one
    digit: bool,
    /// a month name as written in text: "Jan", "Feb", … "Dec" (these
    /// patterns are case-blind only for datelines)
    month: bool,
    /// "day": every weekday, "today", "yesterday"
    day: bool,
    /// "week", "month", "year" or "omorrow", the other words "relative" needs
    unit: bool,
}

impl Clues {
    /// The clues of the text `s`.
    fn of(s: &str) -> Clues {
        let b = s.as_bytes();
        Clues {
            digit: b.iter().any(u8::is_ascii_digit),
            month: (0..b.len()).any(|i| {
                b[i].is_ascii_uppercase()
                    && b.get(i..i + 3).is_some_and(|t| {
                        calendar::MONTHS
                            .iter()
                            .any(|(name, _)| name.as_bytes()[..3] == *t)
                    })
            }),
            day: s.contains("day"),
            unit: ["week", "month", "year", "omorrow"]
                .iter()
                .any(|w| s.contains(w)),
        }
    }

    /// Whether the regex of `pat` may find something: as [`Clues::allow`],
    /// but `\d` takes any decimal digit.
    fn allow_unicode(&self, pat: Pat) -> bool {
        let ascii_digit = Clues {
            digit: true,
            ..*self
        };
        ascii_digit.allow(pat)
    }

    /// Whether the ASCII reader of `pat` may find something.
    fn allow(&self, pat: Pat) -> bool {
        match pat {
            Pat::Mdy | Pat::Dmy | Pat::My | Pat::Md | Pat::Dm => self.digit && self.month,
            Pat::Iso | Pat::Year | Pat::MdyAnyCase | Pat::DmyAnyCase => self.digit,
            Pat::Month => self.month,
            Pat::Weekday => self.day,
            Pat::Relative => self.day || self.unit,
        }
    }
}

/// The successive matches of `pat` in `s`, as the regex's `captures_iter`
/// gives them. `clues` are those of `s`, for the ASCII reader.
fn hits<'s>(
    reader: Reader,
    pat: Pat,
    s: &'s str,
    clues: &Clues,
) -> Box<dyn Iterator<Item = Hit<'s>> + 's> {
    let hit = move |spans| Hit { s, spans };
    match reader {
        Reader::Ascii => {
            use ascii::Case::{Any, Exact};
            if !clues.allow(pat) {
                return Box::new(std::iter::empty());
            }
            let read: fn(&str, usize) -> Option<ascii::Spans> = match pat {
                Pat::Mdy => |s, i| ascii::mdy(s, i, Exact),
                Pat::Dmy => |s, i| ascii::dmy(s, i, Exact),
                Pat::Iso => ascii::iso,
                Pat::My => ascii::my,
                Pat::Md => ascii::md,
                Pat::Dm => ascii::dm,
                Pat::Month => ascii::month,
                Pat::Weekday => ascii::weekday,
                Pat::Relative => ascii::relative,
                Pat::Year => ascii::year,
                Pat::MdyAnyCase => |s, i| ascii::mdy(s, i, Any),
                Pat::DmyAnyCase => |s, i| ascii::dmy(s, i, Any),
            };
            Box::new(ascii::matches(s, read).map(hit))
        }
        Reader::Unicode => {
            if !clues.allow_unicode(pat) {
                return Box::new(std::iter::empty());
            }
            let re = unicode_regex(pat);
            Box::new(re.captures_iter(s).map(move |c| {
                let mut spans: ascii::Spans = [None; 7];
                for (k, g) in spans.iter_mut().enumerate() {
                    *g = c.get(k).map(|m| (m.start(), m.end()));
                }
                hit(spans)
            }))
        }
    }
}

/// Whether the sentence `s` speaks of the future (the "future" pattern
/// matches); None when the ASCII reader cannot tell.
fn speaks_of_future(reader: Reader, s: &str) -> Option<bool> {
    match reader {
        Reader::Ascii => {
            let mut seen = false;
            for (a, b) in ascii::future(s) {
                if !touches_word(s, a, b) {
                    return Some(true);
                }
                seen = true;
            }
            (!seen).then_some(false)
        }
        Reader::Unicode => Some(UNICODE_FUTURE.is_match(s)),
    }
}

/// One match in a text: the whole match is group 0.
struct Hit<'s> {
    s: &'s str,
    spans: ascii::Spans,
}

/// A group of a [`Hit`].
#[derive(Clone, Copy)]
struct Group<'s> {
    s: &'s str,
    start: usize,
    end: usize,
}

impl<'s> Group<'s> {
    fn start(&self) -> usize {
        self.start
    }

    fn end(&self) -> usize {
        self.end
    }

    fn as_str(&self) -> &'s str {
        &self.s[self.start..self.end]
    }
}

impl<'s> Hit<'s> {
    /// Group `k`, when it took part in the match.
    fn get(&self, k: usize) -> Option<Group<'s>> {
        let (start, end) = self.spans[k]?;
        Some(Group {
            s: self.s,
            start,
            end,
        })
    }
}

impl std::ops::Index<usize> for Hit<'_> {
    type Output = str;

    fn index(&self, k: usize) -> &str {
        self.get(k)
            .expect("the group took part in the match")
            .as_str()
    }
}

/// The date expressions of the sentence `s`, which starts at `start` in the
/// text, read by `reader`; None when the ASCII reader gives up.
///
/// The patterns read in this order, and a span that overlaps one taken
/// before it is dropped: full dates before partial ones, so "October 25,
/// 2025" is one date, not a month-day and a year.
fn scan(reader: Reader, s: &str, start: usize, r: Option<NaiveDate>) -> Option<Vec<DateMention>> {
    let mut scan = Scan::new(reader, s, start, r);
    scan.full_dates()?;
    scan.iso_dates()?;
    scan.month_years()?;
    scan.month_days()?;
    scan.relatives()?;
    scan.months()?;
    scan.weekdays()?;
    scan.years()?;
    Some(scan.found.into_values().collect())
}

/// One sentence being read by [`scan`]: the spans taken so far and what
/// the patterns' values depend on.
struct Scan<'s> {
    reader: Reader,
    s: &'s str,
    /// where `s` starts in the text
    start: usize,
    /// the reference date
    r: Option<NaiveDate>,
    clues: Clues,
    /// whether `s` speaks of the future: read only when a value depends on it
    future: Option<bool>,
    /// The spans taken so far, by start (they never overlap): a new span is
    /// checked against its two neighbours, O(log n), not against every one.
    found: BTreeMap<usize, DateMention>,
}

impl<'s> Scan<'s> {
    fn new(reader: Reader, s: &'s str, start: usize, r: Option<NaiveDate>) -> Scan<'s> {
        Scan {
            reader,
            s,
            start,
            r,
            clues: Clues::of(s),
            future: None,
            found: BTreeMap::new(),
        }
    }

    /// The matches of `pat` in the sentence.
    fn hits(&self, pat: Pat) -> Box<dyn Iterator<Item = Hit<'s>> + 's> {
        hits(self.reader, pat, self.s, &self.clues)
    }

    /// The whole match of `c`; None when the ASCII reader must give up on it
    /// (it touches a character that may be a non-ASCII word character).
    fn whole(&self, c: &Hit<'s>) -> Option<Group<'s>> {
        let m = c.get(0).expect("group 0 is the whole match");
        let checked = matches!(self.reader, Reader::Ascii);
        (!checked || !touches_word(self.s, m.start(), m.end())).then_some(m)
    }

    /// Whether the sentence speaks of the future (false without a
    /// reference date, where no value depends on it); None when the ASCII
    /// reader cannot tell.
    fn future(&mut self) -> Option<bool> {
        if self.r.is_none() {
            return Some(false);
        }
        if self.future.is_none() {
            self.future = Some(speaks_of_future(self.reader, self.s)?);
        }
        self.future
    }

    /// Takes `s[a..b]` with its value, unless it overlaps a span taken before.
    fn take(&mut self, a: usize, b: usize, value: Option<String>) {
        budget::tick(1);
        let (a, b) = (self.start + a, self.start + b);
        let before = self
            .found
            .range(..=a)
            .next_back()
            .is_some_and(|(_, d)| a < d.end);
        let after = self.found.range(a..).next().is_some_and(|(&s, _)| s < b);
        if before || after {
            return;
        }
        let mention = DateMention {
            start: a,
            end: b,
            value,
        };
        self.found.insert(a, mention);
    }

    /// "October 25, 2025" and "25 October 2025".
    fn full_dates(&mut self) -> Option<()> {
        // (pattern, month group, day group); the year is group 4 in both
        for (pat, month_group, day_group) in [(Pat::Mdy, 2, 3), (Pat::Dmy, 3, 2)] {
            for c in self.hits(pat) {
                let m = self.whole(&c)?;
                let v = calendar::month_number(&c[month_group])
                    .and_then(|mo| day(c[4].parse().ok()?, mo, c[day_group].parse().ok()?));
                self.take(m.start(), m.end(), v.map(fmt_day));
            }
        }
        Some(())
    }

    /// "2025-10-25"; one that is no calendar day is not taken.
    fn iso_dates(&mut self) -> Option<()> {
        for c in self.hits(Pat::Iso) {
            let m = self.whole(&c)?;
            if let Some(v) = iso_day(&c) {
                self.take(m.start(), m.end(), Some(fmt_day(v)));
            }
        }
        Some(())
    }

    /// "October 2025".
    fn month_years(&mut self) -> Option<()> {
        for c in self.hits(Pat::My) {
            let m = self.whole(&c)?;
            let v =
                calendar::month_number(&c[1]).map(|mo| fmt_month(c[2].parse().unwrap_or(0), mo));
            self.take(m.start(), m.end(), v);
        }
        Some(())
    }

    /// "October 25" and "25 October", in the year nearest the reference.
    fn month_days(&mut self) -> Option<()> {
        // (pattern, its month group, its day group)
        for (pat, month_group, day_group) in [(Pat::Md, 2, 3), (Pat::Dm, 2, 1)] {
            for c in self.hits(pat) {
                let m = self.whole(&c)?;
                let future = self.future()?;
                let v = self.r.and_then(|r| {
                    let mo = calendar::month_number(&c[month_group])?;
                    let (y, mo) = resolve_month(mo, r, future)?;
                    day(y, mo, c[day_group].parse().ok()?)
                });
                self.take(m.start(), m.end(), v.map(fmt_day));
            }
        }
        Some(())
    }

    /// "last month", "earlier this week", "yesterday", "two days ago".
    fn relatives(&mut self) -> Option<()> {
        for c in self.hits(Pat::Relative) {
            let m = self.whole(&c)?;
            let v = self.r.and_then(|r| relative_value(&c, r));
            self.take(m.start(), m.end(), v);
        }
        Some(())
    }

    /// "in September", "early October", "last March": the span is the
    /// month and its modifier, not the preposition.
    fn months(&mut self) -> Option<()> {
        for c in self.hits(Pat::Month) {
            let whole = self.whole(&c)?;
            let future = self.future()?;
            let month = c.get(1).expect("the month group takes part");
            // what comes before the month: "In ", "early ", "Last "
            let lead = &self.s[whole.start()..month.start()];
            let v = self
                .r
                .and_then(|r| month_value(lead, month.as_str(), r, future));
            let a = if lead_is_modifier(lead) {
                whole.start()
            } else {
                month.start()
            };
            self.take(a, month.end(), v);
        }
        Some(())
    }

    /// "(on) Monday", "last Friday", "next Tuesday".
    fn weekdays(&mut self) -> Option<()> {
        for c in self.hits(Pat::Weekday) {
            let m = self.whole(&c)?;
            let future = self.future()?;
            let v = self.r.and_then(|r| {
                let modifier = c.get(1).map(|x| x.as_str().to_lowercase());
                weekday_value(modifier.as_deref(), weekday(&c[2])?, r, future)
            });
            self.take(m.start(), m.end(), v);
        }
        Some(())
    }

    /// "2019", unless the number is a figure or a count.
    fn years(&mut self) -> Option<()> {
        for c in self.hits(Pat::Year) {
            let m = self.whole(&c)?;
            if is_figure(self.s, m) || is_count(self.s, m) {
                continue;
            }
            self.take(m.start(), m.end(), Some(m.as_str().to_string()));
        }
        Some(())
    }
}

/// The calendar day of an ISO match ("2025-10-25"), if there is one.
fn iso_day(c: &Hit) -> Option<NaiveDate> {
    day(
        c[1].parse().unwrap_or(0),
        c[2].parse().unwrap_or(0),
        c[3].parse().unwrap_or(0),
    )
}

/// The value of a "relative" match, resolved against the reference `r`.
fn relative_value(c: &Hit, r: NaiveDate) -> Option<String> {
    if let Some(unit) = c.get(1) {
        // "earlier this week", "later this year"
        return Some(this_unit(unit.as_str(), r));
    }
    if let (Some(which), Some(unit)) = (c.get(2), c.get(3)) {
        let delta: i64 = match which.as_str().to_lowercase().as_str() {
            "last" | "past" | "previous" => -1,
            "next" | "coming" => 1,
            _ => 0,
        };
        return units_from(r, unit.as_str(), delta);
    }
    if let Some(d) = c.get(4) {
        let off = match d.as_str().to_lowercase().as_str() {
            "yesterday" => -1,
            "tomorrow" => 1,
            _ => 0,
        };
        return Some(fmt_day(shift_days(r, off)?));
    }
    if let (Some(n), Some(unit)) = (c.get(5), c.get(6)) {
        return units_ago(r, count(n.as_str())?, unit.as_str());
    }
    None
}

/// The week, month or year (`unit`) of the reference.
fn this_unit(unit: &str, r: NaiveDate) -> String {
    match unit {
        "week" => fmt_week(r),
        "month" => fmt_month(r.year(), r.month()),
        _ => r.year().to_string(),
    }
}

/// The week, month or year (`unit`) `delta` units from the reference's.
fn units_from(r: NaiveDate, unit: &str, delta: i64) -> Option<String> {
    Some(match unit {
        "week" => fmt_week(shift_days(r, 7 * delta)?),
        "month" => {
            let (y, mo) = add_months(r.year(), r.month(), delta)?;
            fmt_month(y, mo)
        }
        _ => year_in_calendar(i64::from(r.year()) + delta)?.to_string(),
    })
}

/// "two", "a" or "12" as a number.
fn count(n: &str) -> Option<i64> {
    Some(match n {
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
    })
}

/// The day, week, month or year `n` units (`unit`) before the reference; a
/// count past the calendar's ends gives no value.
fn units_ago(r: NaiveDate, n: i64, unit: &str) -> Option<String> {
    let back = n.checked_neg()?;
    Some(match unit {
        "day" => fmt_day(shift_days(r, back)?),
        "week" => fmt_week(shift_days(r, back.checked_mul(7)?)?),
        "month" => {
            let (y, mo) = add_months(r.year(), r.month(), back)?;
            fmt_month(y, mo)
        }
        _ => year_in_calendar(i64::from(r.year()).checked_add(back)?)?.to_string(),
    })
}

/// Whether the text before a month, `lead`, starts with `word` (any case).
fn lead_is(lead: &str, word: &str) -> bool {
    lead.get(..word.len())
        .is_some_and(|l| l.eq_ignore_ascii_case(word))
}

/// Whether the text before a month is a modifier ("early", "last", "mid-",
/// "next", "this") that belongs in the span, not a preposition ("in",
/// "through", "till").
fn lead_is_modifier(lead: &str) -> bool {
    ["e", "l", "m", "n", "t"]
        .into_iter()
        .any(|w| lead_is(lead, w))
        && !lead_is(lead, "through")
        && !lead_is(lead, "till")
}

/// The value of a month named after `lead` ("last ", "next ", "this ", "in
/// "): the nearest one, or the one the modifier says.
fn month_value(lead: &str, month: &str, r: NaiveDate, future: bool) -> Option<String> {
    let mo = calendar::month_number(month)?;
    let year = i64::from(r.year());
    let (y, mo) = if lead_is(lead, "last") {
        let y = if mo >= r.month() { year - 1 } else { year };
        (year_in_calendar(y)?, mo)
    } else if lead_is(lead, "next") {
        let y = if mo <= r.month() { year + 1 } else { year };
        (year_in_calendar(y)?, mo)
    } else if lead_is(lead, "this") {
        (r.year(), mo)
    } else {
        resolve_month(mo, r, future)?
    };
    Some(fmt_month(y, mo))
}

/// The day of the weekday `wd` after `modifier` ("next", "last", none):
/// the nearest one before the reference, or after it when the sentence
/// speaks of the future.
fn weekday_value(
    modifier: Option<&str>,
    wd: Weekday,
    r: NaiveDate,
    future: bool,
) -> Option<String> {
    let back =
        (7 + r.weekday().num_days_from_monday() as i64 - wd.num_days_from_monday() as i64) % 7;
    let ahead = (7 - back) % 7;
    let d = match modifier {
        Some("next") | Some("coming") => shift_days(r, if ahead == 0 { 7 } else { ahead }),
        Some("last") | Some("previous") => shift_days(r, -(if back == 0 { 7 } else { back })),
        _ if future && back != 0 => shift_days(r, ahead),
        _ => shift_days(r, -back),
    };
    Some(fmt_day(d?))
}

/// Whether the four digits `m` are part of a figure: "1,2019", "$2019",
/// "2019%", "1990s", "2019/20", "2019-20", "2019,5".
fn is_figure(s: &str, m: Group) -> bool {
    let before = s[..m.start()].chars().next_back();
    let after = s[m.end()..].chars().next();
    before.is_some_and(|b| {
        b.is_ascii_digit() || matches!(b, ',' | '.' | '$' | '£' | '€' | '#' | '/' | '-')
    }) || after.is_some_and(|a| a.is_ascii_digit() || matches!(a, '%' | 's' | '/' | '-'))
        || (after == Some(',')
            && s[m.end()..]
                .chars()
                .nth(1)
                .is_some_and(|c| c.is_ascii_digit()))
}

/// A lowercase plural after a number is what it counts ("2000 troops");
/// shorter words ("in 2019 was", "2019 vs") are not taken for plurals.
const MIN_COUNTED_NOUN_LEN: usize = 4;

/// Whether the four digits `m` count the plural noun after them: "2000
/// troops" is a count, not a year.
fn is_count(s: &str, m: Group) -> bool {
    let rest = s[m.end()..].trim_start();
    let next_word = &rest[..rest
        .find(|c: char| !c.is_alphabetic())
        .unwrap_or(rest.len())];
    next_word.len() >= MIN_COUNTED_NOUN_LEN
        && next_word.ends_with('s')
        && next_word.chars().all(|c| c.is_lowercase())
}

/// The first absolute calendar date written in `text` (a dateline, a
/// "Published …" line), used as the reference date when the request gives none.
pub fn first_absolute(text: &str) -> Option<NaiveDate> {
    if !unicode_sensitive(text)
        && let Some(found) = first_absolute_with(Reader::Ascii, text)
    {
        return found;
    }
    first_absolute_with(Reader::Unicode, text).expect("the Unicode patterns never give up")
}

/// The years a reference date may lie in: a dateline outside them is more
/// likely a misread number than the day the article was written.
const REFERENCE_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// How many ISO-looking matches are tried for a reference before giving
/// up: a dateline comes early, and a text full of codes is not read through.
const ISO_REFERENCE_TRIES: usize = 3;

/// [`first_absolute`] read by `reader`; None when the ASCII reader gives up.
fn first_absolute_with(reader: Reader, text: &str) -> Option<Option<NaiveDate>> {
    let checked = matches!(reader, Reader::Ascii);
    let clean = |m: Group| !checked || !touches_word(text, m.start(), m.end());
    let clues = Clues::of(text);
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut consider = |pos: usize, d: Option<NaiveDate>| {
        if let Some(d) = d
            && REFERENCE_YEARS.contains(&d.year())
            && best.is_none_or(|(b, _)| pos < b)
        {
            best = Some((pos, d));
        }
    };
    if let Some(c) = hits(reader, Pat::MdyAnyCase, text, &clues).next() {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let d = calendar::month_number(&c[2])
            .and_then(|m| day(c[4].parse().ok()?, m, c[3].parse().ok()?));
        consider(m.start(), d);
    }
    if let Some(c) = hits(reader, Pat::DmyAnyCase, text, &clues).next() {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let d = calendar::month_number(&c[3])
            .and_then(|m| day(c[4].parse().ok()?, m, c[2].parse().ok()?));
        consider(m.start(), d);
    }
    for c in hits(reader, Pat::Iso, text, &clues).take(ISO_REFERENCE_TRIES) {
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
/// or right before "'ll" or "’ll" (`\w['’]ll`). Any other difference shows at a match's
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
                || s[i + c.len_utf8()..].starts_with("'ll")
                || s[i + c.len_utf8()..].starts_with("\u{2019}ll"))
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
mod tests;
