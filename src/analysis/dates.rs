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

use std::sync::{LazyLock, OnceLock};

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
        match self {
            Pat::Mdy => format!(r"\b(?:{WEEKDAY},?\s+)?{MONTH}\s+(\d{{1,2}}){ORD},?\s+(\d{{4}})\b"),
            Pat::Dmy => format!(
                r"\b(?:{WEEKDAY},?\s+)?(\d{{1,2}}){ORD}\s+(?:of\s+)?{MONTH},?\s+(\d{{4}})\b"
            ),
            Pat::Iso => r"\b(\d{4})-(\d{2})-(\d{2})\b".to_string(),
            Pat::My => format!(r"\b{MONTH},?\s+(\d{{4}})\b"),
            Pat::Md => format!(r"\b(?:{WEEKDAY},?\s+)?{MONTH}\s+(\d{{1,2}}){ORD}\b"),
            Pat::Dm => format!(r"\b(\d{{1,2}}){ORD}\s+(?:of\s+)?{MONTH}\b"),
            Pat::Month => format!(
                r"\b(?:(?:[Ii]n|[Ss]ince|[Bb]y|[Uu]ntil|[Ff]rom|[Dd]uring|[Bb]efore|[Aa]fter|[Tt]hrough|of|[Tt]ill)\s+(?:(?:early|late|mid-?)\s*)?|(?:[Ee]arly|[Ll]ate|[Mm]id-?|[Ll]ast|[Tt]his|[Nn]ext)\s*){MONTH}(?:\s|[,.;:)]|$)"
            ),
            Pat::Weekday => format!(r"\b(?:([Ll]ast|[Nn]ext|[Tt]his|[Pp]revious|[Cc]oming)\s+)?{WEEKDAY}\b"),
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
const FUTURE: &str = r"\b(will|would|shall|next|upcoming|forthcoming|plans?|planned|planning|scheduled|due|to be held|expected|intends?|(?:is|are)\s+(?:set\s+|going\s+|due\s+)?to\s+[a-z]+)\b|\w'll\b";

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

/// Hand-written readers for the date patterns with ASCII `\b`, `\d` and `\w`
/// (Unicode `\s` stays): each gives, at a start, the match and the groups
/// the regex's leftmost-first search would give there, numbered as in the
/// pattern. Nothing to compile; a word start that cannot begin a date is
/// passed over after a byte or two. Where the regex could backtrack into a
/// run of digits or spaces, what follows the run never starts with a digit
/// or a space, so taking the whole run is what the regex does too. The
/// tests hold the readers against the regexes.
mod ascii {
    /// The spans of a match: 0 the whole match, then the capture groups.
    pub(super) type Spans = [Option<(usize, usize)>; 7];

    /// How a literal compares: exactly, with its first letter in either case
    /// (`[Ll]ast`), or in any case (`(?i)`).
    #[derive(Clone, Copy)]
    pub(super) enum Case {
        Exact,
        Cap,
        Any,
    }
    use Case::*;

    /// The month names of `MONTH`, each with its abbreviations, in the order
    /// the pattern tries them. Names of different months differ in their
    /// first three letters, so at most one month is tried at a place.
    const MONTHS: [(&str, &[&str]); 12] = [
        ("January", &["Jan.", "Jan"]),
        ("February", &["Feb.", "Feb"]),
        ("March", &["Mar.", "Mar"]),
        ("April", &["Apr.", "Apr"]),
        ("May", &[]),
        ("June", &["Jun.", "Jun"]),
        ("July", &["Jul.", "Jul"]),
        ("August", &["Aug.", "Aug"]),
        ("September", &["Sept.", "Sept", "Sep.", "Sep"]),
        ("October", &["Oct.", "Oct"]),
        ("November", &["Nov.", "Nov"]),
        ("December", &["Dec.", "Dec"]),
    ];
    const WEEKDAYS: [&str; 7] = [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ];
    const UNITS: [&str; 3] = ["week", "month", "year"];

    fn word(b: u8) -> bool {
        b.is_ascii_alphanumeric() || b == b'_'
    }

    /// ASCII `\b` at byte `i`.
    fn boundary(s: &str, i: usize) -> bool {
        let b = s.as_bytes();
        (i > 0 && word(b[i - 1])) != (i < b.len() && word(b[i]))
    }

    /// The end of the literal `w` when `s` has it at `i`.
    #[inline]
    fn lit(s: &str, i: usize, w: &str, case: Case) -> Option<usize> {
        let (b, w) = (s.as_bytes(), w.as_bytes());
        let first = *b.get(i)?;
        let first_same = match case {
            Exact => first == w[0],
            Cap | Any => first.eq_ignore_ascii_case(&w[0]),
        };
        if !first_same {
            return None;
        }
        let rest = b.get(i + 1..i + w.len())?;
        let same = match case {
            Exact | Cap => rest == &w[1..],
            Any => rest.eq_ignore_ascii_case(&w[1..]),
        };
        same.then_some(i + w.len())
    }

    /// The ends of those of `words` found at `i`, in the order given.
    fn alts<'a>(
        s: &'a str,
        i: usize,
        words: &'a [&'a str],
        case: Case,
    ) -> impl Iterator<Item = usize> + 'a {
        words.iter().filter_map(move |w| lit(s, i, w, case))
    }

    /// `MONTH`: the ends of the month names at `i`, in the order the
    /// pattern tries them.
    fn months(s: &str, i: usize, case: Case) -> impl Iterator<Item = usize> + '_ {
        let month = MONTHS
            .iter()
            .find(|(name, _)| lit(s, i, &name[..3], case).is_some());
        month.into_iter().flat_map(move |&(name, short)| {
            std::iter::once(name)
                .chain(short.iter().copied())
                .filter_map(move |w| lit(s, i, w, case))
        })
    }

    /// `\s*`: the end of the white space at `i`.
    fn spaces(s: &str, i: usize) -> usize {
        s[i..]
            .find(|c: char| !c.is_whitespace())
            .map_or(s.len(), |n| i + n)
    }

    /// `\s+`
    fn spaces1(s: &str, i: usize) -> Option<usize> {
        let j = spaces(s, i);
        (j > i).then_some(j)
    }

    /// `\d{min,max}`, taking as many as it can.
    fn digits(s: &str, i: usize, min: usize, max: usize) -> Option<usize> {
        let n = s.as_bytes()[i..]
            .iter()
            .take(max)
            .take_while(|b| b.is_ascii_digit())
            .count();
        (n >= min).then_some(i + n)
    }

    /// `,?`
    fn comma(s: &str, i: usize) -> usize {
        lit(s, i, ",", Exact).unwrap_or(i)
    }

    /// `(?:st|nd|rd|th)?`. Taking the suffix whenever it is there is what
    /// the regex does: without it a letter follows the digits, and no
    /// pattern goes on from a digit to a letter.
    fn ord(s: &str, i: usize, case: Case) -> usize {
        alts(s, i, &["st", "nd", "rd", "th"], case)
            .next()
            .unwrap_or(i)
    }

    /// `(WEEKDAY),?\s+`: the end of the weekday and where what follows starts.
    fn weekday_first(s: &str, i: usize, case: Case) -> Option<(usize, usize)> {
        let we = alts(s, i, &WEEKDAYS, case).next()?;
        Some((we, spaces1(s, comma(s, we))?))
    }

    /// Spans from (group number, span) pairs; the groups not named did not
    /// take part.
    fn spans(groups: &[(usize, Option<(usize, usize)>)]) -> Spans {
        let mut out: Spans = [None; 7];
        for &(k, g) in groups {
            out[k] = g;
        }
        out
    }

    /// `(?:(WEEKDAY),?\s+)?` and then `rest` (which gives the match's end
    /// and groups from where it starts): with the weekday first.
    fn after_weekday(
        s: &str,
        i: usize,
        case: Case,
        rest: impl Fn(usize) -> Option<Spans>,
    ) -> Option<Spans> {
        if let Some((we, j)) = weekday_first(s, i, case)
            && let Some(mut out) = rest(j)
        {
            out[1] = Some((i, we));
            return Some(out);
        }
        rest(i)
    }

    /// `\b(?:(WEEKDAY),?\s+)?(MONTH)\s+(\d{1,2})ORD,?\s+(\d{4})\b`
    pub(super) fn mdy(s: &str, i: usize, case: Case) -> Option<Spans> {
        after_weekday(s, i, case, |j| {
            months(s, j, case).find_map(|me| {
                let d = spaces1(s, me)?;
                let de = digits(s, d, 1, 2)?;
                let y = spaces1(s, comma(s, ord(s, de, case)))?;
                let ye = digits(s, y, 4, 4)?;
                boundary(s, ye).then(|| {
                    spans(&[
                        (0, Some((i, ye))),
                        (2, Some((j, me))),
                        (3, Some((d, de))),
                        (4, Some((y, ye))),
                    ])
                })
            })
        })
    }

    /// `\b(?:(WEEKDAY),?\s+)?(\d{1,2})ORD\s+(?:of\s+)?(MONTH),?\s+(\d{4})\b`
    pub(super) fn dmy(s: &str, i: usize, case: Case) -> Option<Spans> {
        after_weekday(s, i, case, |j| {
            let de = digits(s, j, 1, 2)?;
            let m = spaces1(s, ord(s, de, case))?;
            // "of" taken whenever it is there: no month starts with it
            let m = lit(s, m, "of", case)
                .and_then(|o| spaces1(s, o))
                .unwrap_or(m);
            months(s, m, case).find_map(|me| {
                let y = spaces1(s, comma(s, me))?;
                let ye = digits(s, y, 4, 4)?;
                boundary(s, ye).then(|| {
                    spans(&[
                        (0, Some((i, ye))),
                        (2, Some((j, de))),
                        (3, Some((m, me))),
                        (4, Some((y, ye))),
                    ])
                })
            })
        })
    }

    /// `\b(\d{4})-(\d{2})-(\d{2})\b`
    pub(super) fn iso(s: &str, i: usize) -> Option<Spans> {
        let ye = digits(s, i, 4, 4)?;
        let m = lit(s, ye, "-", Exact)?;
        let me = digits(s, m, 2, 2)?;
        let d = lit(s, me, "-", Exact)?;
        let de = digits(s, d, 2, 2)?;
        boundary(s, de).then(|| {
            spans(&[
                (0, Some((i, de))),
                (1, Some((i, ye))),
                (2, Some((m, me))),
                (3, Some((d, de))),
            ])
        })
    }

    /// `\b(MONTH),?\s+(\d{4})\b`
    pub(super) fn my(s: &str, i: usize) -> Option<Spans> {
        months(s, i, Exact).find_map(|me| {
            let y = spaces1(s, comma(s, me))?;
            let ye = digits(s, y, 4, 4)?;
            boundary(s, ye)
                .then(|| spans(&[(0, Some((i, ye))), (1, Some((i, me))), (2, Some((y, ye)))]))
        })
    }

    /// `\b(?:(WEEKDAY),?\s+)?(MONTH)\s+(\d{1,2})ORD\b`
    pub(super) fn md(s: &str, i: usize) -> Option<Spans> {
        after_weekday(s, i, Exact, |j| {
            months(s, j, Exact).find_map(|me| {
                let d = spaces1(s, me)?;
                let de = digits(s, d, 1, 2)?;
                let e = ord(s, de, Exact);
                boundary(s, e)
                    .then(|| spans(&[(0, Some((i, e))), (2, Some((j, me))), (3, Some((d, de)))]))
            })
        })
    }

    /// `\b(\d{1,2})ORD\s+(?:of\s+)?(MONTH)\b`
    pub(super) fn dm(s: &str, i: usize) -> Option<Spans> {
        let de = digits(s, i, 1, 2)?;
        let m = spaces1(s, ord(s, de, Exact))?;
        let m = lit(s, m, "of", Exact)
            .and_then(|o| spaces1(s, o))
            .unwrap_or(m);
        months(s, m, Exact).find_map(|me| {
            boundary(s, me)
                .then(|| spans(&[(0, Some((i, me))), (1, Some((i, de))), (2, Some((m, me)))]))
        })
    }

    /// `\b(?:(?:[Ii]n|…|of|[Tt]ill)\s+(?:(?:early|late|mid-?)\s*)?|(?:[Ee]arly|…|[Nn]ext)\s*)(MONTH)(?:\s|[,.;:)]|$)`
    pub(super) fn month(s: &str, i: usize) -> Option<Spans> {
        // the month and the character after it
        let month_at = |j: usize| {
            months(s, j, Exact).find_map(|me| {
                let e = match s[me..].chars().next() {
                    None => me,
                    Some(c) if c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | ')') => {
                        me + c.len_utf8()
                    }
                    Some(_) => return None,
                };
                Some(spans(&[(0, Some((i, e))), (1, Some((j, me)))]))
            })
        };
        const PREPOSITIONS: [(&str, Case); 11] = [
            ("in", Cap),
            ("since", Cap),
            ("by", Cap),
            ("until", Cap),
            ("from", Cap),
            ("during", Cap),
            ("before", Cap),
            ("after", Cap),
            ("through", Cap),
            ("of", Exact),
            ("till", Cap),
        ];
        let after_preposition = PREPOSITIONS.iter().find_map(|&(w, case)| {
            let j = spaces1(s, lit(s, i, w, case)?)?;
            alts(s, j, &["early", "late", "mid-", "mid"], Exact)
                .find_map(|me| month_at(spaces(s, me)))
                .or_else(|| month_at(j))
        });
        after_preposition.or_else(|| {
            alts(
                s,
                i,
                &["early", "late", "mid-", "mid", "last", "this", "next"],
                Cap,
            )
            .find_map(|me| month_at(spaces(s, me)))
        })
    }

    /// `\b(?:([Ll]ast|[Nn]ext|[Tt]his|[Pp]revious|[Cc]oming)\s+)?(WEEKDAY)\b`
    pub(super) fn weekday(s: &str, i: usize) -> Option<Spans> {
        let at = |j: usize| {
            alts(s, j, &WEEKDAYS, Exact)
                .find(|&we| boundary(s, we))
                .map(|we| (j, we))
        };
        let modified =
            alts(s, i, &["last", "next", "this", "previous", "coming"], Cap).find_map(|me| {
                let (j, we) = at(spaces1(s, me)?)?;
                Some(spans(&[
                    (0, Some((i, we))),
                    (1, Some((i, me))),
                    (2, Some((j, we))),
                ]))
            });
        modified.or_else(|| {
            let (j, we) = at(i)?;
            Some(spans(&[(0, Some((i, we))), (2, Some((j, we)))]))
        })
    }

    /// `\b(?:(?:[Ee]arlier|[Ll]ater)\s+this\s+(UNIT)|(WHICH)\s+(UNIT)|(DAY)|(N)\s+(UNIT4)s?\s+ago)\b`
    pub(super) fn relative(s: &str, i: usize) -> Option<Spans> {
        let unit = |j: usize| alts(s, j, &UNITS, Exact).find(|&e| boundary(s, e));
        let this_unit = alts(s, i, &["earlier", "later"], Cap).find_map(|e| {
            let t = spaces1(s, e)?;
            let u = spaces1(s, lit(s, t, "this", Exact)?)?;
            let ue = unit(u)?;
            Some(spans(&[(0, Some((i, ue))), (1, Some((u, ue)))]))
        });
        let which_unit = || {
            alts(
                s,
                i,
                &["last", "next", "this", "past", "previous", "coming"],
                Cap,
            )
            .find_map(|e| {
                let u = spaces1(s, e)?;
                let ue = unit(u)?;
                Some(spans(&[
                    (0, Some((i, ue))),
                    (2, Some((i, e))),
                    (3, Some((u, ue))),
                ]))
            })
        };
        let day = || {
            alts(s, i, &["yesterday", "today", "tomorrow"], Cap)
                .find(|&e| boundary(s, e))
                .map(|e| spans(&[(0, Some((i, e))), (4, Some((i, e)))]))
        };
        let ago = || {
            const NUMBERS: [&str; 11] = [
                "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a",
            ];
            let number = digits(s, i, 1, usize::MAX);
            number
                .into_iter()
                .chain(alts(s, i, &NUMBERS, Exact))
                .find_map(|ne| {
                    let u = spaces1(s, ne)?;
                    alts(s, u, &["day", "week", "month", "year"], Exact).find_map(|ue| {
                        [lit(s, ue, "s", Exact), Some(ue)]
                            .into_iter()
                            .flatten()
                            .find_map(|pe| {
                                let a = spaces1(s, pe)?;
                                let ae = lit(s, a, "ago", Exact).filter(|&ae| boundary(s, ae))?;
                                Some(spans(&[
                                    (0, Some((i, ae))),
                                    (5, Some((i, ne))),
                                    (6, Some((u, ue))),
                                ]))
                            })
                    })
                })
        };
        this_unit.or_else(which_unit).or_else(day).or_else(ago)
    }

    /// `\b(1[89]\d{2}|20\d{2})\b`
    pub(super) fn year(s: &str, i: usize) -> Option<Spans> {
        let e = digits(s, i, 4, 4)?;
        (matches!(&s[i..i + 2], "18" | "19" | "20") && boundary(s, e))
            .then(|| spans(&[(0, Some((i, e))), (1, Some((i, e)))]))
    }

    /// Every match of the "future" pattern, overlapping or not, as spans:
    /// `\b(will|…|(?:is|are)\s+(?:set\s+|going\s+|due\s+)?to\s+[a-z]+)\b|\w'll\b`.
    /// Whether one is found is what the pattern tells.
    pub(super) fn future(s: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
        const WORDS: [&str; 16] = [
            "will",
            "would",
            "shall",
            "next",
            "upcoming",
            "forthcoming",
            "plans",
            "plan",
            "planned",
            "planning",
            "scheduled",
            "due",
            "to be held",
            "expected",
            "intends",
            "intend",
        ];
        let words = word_starts(s, 0).flat_map(move |i| {
            let plain = alts(s, i, &WORDS, Exact).filter(move |&e| boundary(s, e));
            let to = alts(s, i, &["is", "are"], Exact).find_map(move |e| {
                let j = spaces1(s, e)?;
                let j = alts(s, j, &["set", "going", "due"], Exact)
                    .find_map(|e| spaces1(s, e))
                    .unwrap_or(j);
                let v = spaces1(s, lit(s, j, "to", Exact)?)?;
                let n = s.as_bytes()[v..]
                    .iter()
                    .take_while(|b| b.is_ascii_lowercase())
                    .count();
                (n > 0 && boundary(s, v + n)).then_some(v + n)
            });
            plain.chain(to).map(move |e| (i, e))
        });
        let contracted = s
            .match_indices("'ll")
            .map(|(a, _)| a)
            .filter(move |&a| a > 0 && word(s.as_bytes()[a - 1]) && boundary(s, a + 3))
            .map(|a| (a - 1, a + 3));
        words.chain(contracted)
    }

    /// The byte offsets from `from` on where a word starts: where an ASCII
    /// `\b` is followed by a word character.
    fn word_starts(s: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
        let b = s.as_bytes();
        (from..b.len()).filter(move |&i| word(b[i]) && (i == 0 || !word(b[i - 1])))
    }

    /// The successive matches of `pattern` in `s`, as the regex's
    /// `captures_iter` gives them: the leftmost start, then on from its end.
    pub(super) fn matches<'s>(
        s: &'s str,
        pattern: impl Fn(&str, usize) -> Option<Spans> + 's,
    ) -> impl Iterator<Item = Spans> + 's {
        let mut from = 0;
        std::iter::from_fn(move || {
            let m = word_starts(s, from).find_map(|i| pattern(s, i))?;
            from = m[0].expect("a match has a span").1;
            Some(m)
        })
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
        const MONTHS: [&[u8]; 12] = [
            b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov",
            b"Dec",
        ];
        let b = s.as_bytes();
        Clues {
            digit: b.iter().any(u8::is_ascii_digit),
            month: (0..b.len()).any(|i| {
                b[i].is_ascii_uppercase() && b.get(i..i + 3).is_some_and(|t| MONTHS.contains(&t))
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
fn scan(reader: Reader, s: &str, start: usize, r: Option<NaiveDate>) -> Option<Vec<DateMention>> {
    let checked = matches!(reader, Reader::Ascii);
    let clean = |m: Group| !checked || !touches_word(s, m.start(), m.end());
    let clues = Clues::of(s);
    // read only when a value depends on it
    let mut future_memo = None;
    let mut future_if_needed = || -> Option<bool> {
        if r.is_none() {
            return Some(false);
        }
        if future_memo.is_none() {
            future_memo = Some(speaks_of_future(reader, s)?);
        }
        future_memo
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
    for c in hits(reader, Pat::Mdy, s, &clues) {
        let v = month_num(&c[2]).and_then(|m| day(c[4].parse().ok()?, m, c[3].parse().ok()?));
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        push(&mut found, m.start(), m.end(), v.map(fmt_day));
    }
    for c in hits(reader, Pat::Dmy, s, &clues) {
        let v = month_num(&c[3]).and_then(|m| day(c[4].parse().ok()?, m, c[2].parse().ok()?));
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        push(&mut found, m.start(), m.end(), v.map(fmt_day));
    }
    for c in hits(reader, Pat::Iso, s, &clues) {
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
    for c in hits(reader, Pat::My, s, &clues) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let v = month_num(&c[1]).map(|mo| fmt_month(c[2].parse().unwrap_or(0), mo));
        push(&mut found, m.start(), m.end(), v);
    }
    for c in hits(reader, Pat::Md, s, &clues) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let future = future_if_needed()?;
        let v = r.and_then(|r| {
            let mo = month_num(&c[2])?;
            let (y, mo) = resolve_month(mo, r, future);
            day(y, mo, c[3].parse().ok()?)
        });
        push(&mut found, m.start(), m.end(), v.map(fmt_day));
    }
    for c in hits(reader, Pat::Dm, s, &clues) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let future = future_if_needed()?;
        let v = r.and_then(|r| {
            let mo = month_num(&c[2])?;
            let (y, mo) = resolve_month(mo, r, future);
            day(y, mo, c[1].parse().ok()?)
        });
        push(&mut found, m.start(), m.end(), v.map(fmt_day));
    }
    for c in hits(reader, Pat::Relative, s, &clues) {
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
    for c in hits(reader, Pat::Month, s, &clues) {
        let whole = c.get(0).unwrap();
        if !clean(whole) {
            return None;
        }
        let future = future_if_needed()?;
        let mg = c.get(1).unwrap();
        // what comes before the month: "In ", "early ", "Last "
        let lead = &s[whole.start()..mg.start()];
        let lead_is = |word: &str| {
            lead.get(..word.len())
                .is_some_and(|l| l.eq_ignore_ascii_case(word))
        };
        let v = r.and_then(|r| {
            let mo = month_num(mg.as_str())?;
            let (y, mo) = if lead_is("last") {
                (
                    if mo >= r.month() {
                        r.year() - 1
                    } else {
                        r.year()
                    },
                    mo,
                )
            } else if lead_is("next") {
                (
                    if mo <= r.month() {
                        r.year() + 1
                    } else {
                        r.year()
                    },
                    mo,
                )
            } else if lead_is("this") {
                (r.year(), mo)
            } else {
                resolve_month(mo, r, future)
            };
            Some(fmt_month(y, mo))
        });
        // the span is the month and its modifier, not the preposition
        let a = if ["e", "l", "m", "n", "t"].into_iter().any(lead_is)
            && !lead_is("through")
            && !lead_is("till")
        {
            whole.start()
        } else {
            mg.start()
        };
        push(&mut found, a, mg.end(), v);
    }
    for c in hits(reader, Pat::Weekday, s, &clues) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let future = future_if_needed()?;
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
    for c in hits(reader, Pat::Year, s, &clues) {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let before = s[..m.start()].chars().next_back();
        let after = s[m.end()..].chars().next();

        if before.is_some_and(|b| {
            b.is_ascii_digit() || matches!(b, ',' | '.' | '$' | '£' | '€' | '#' | '/' | '-')
        }) || after.is_some_and(|a| a.is_ascii_digit() || matches!(a, '%' | 's' | '/' | '-'))
            || (after == Some(',')
                && s[m.end()..]
                    .chars()
                    .nth(1)
                    .is_some_and(|c| c.is_ascii_digit()))
        {
            continue;
        }
        // "2000 troops": a count, not a year
        let rest = s[m.end()..].trim_start();
        let next_word = &rest[..rest
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len())];
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
        && let Some(found) = first_absolute_with(Reader::Ascii, text)
    {
        return found;
    }
    first_absolute_with(Reader::Unicode, text).expect("the Unicode patterns never give up")
}

/// [`first_absolute`] read by `reader`; None when the ASCII reader gives up.
fn first_absolute_with(reader: Reader, text: &str) -> Option<Option<NaiveDate>> {
    let checked = matches!(reader, Reader::Ascii);
    let clean = |m: Group| !checked || !touches_word(text, m.start(), m.end());
    let clues = Clues::of(text);
    let mut best: Option<(usize, NaiveDate)> = None;
    let mut consider = |pos: usize, d: Option<NaiveDate>| {
        if let Some(d) = d
            && (1900..=2100).contains(&d.year())
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
        let d = month_num(&c[2]).and_then(|m| day(c[4].parse().ok()?, m, c[3].parse().ok()?));
        consider(m.start(), d);
    }
    if let Some(c) = hits(reader, Pat::DmyAnyCase, text, &clues).next() {
        let m = c.get(0).unwrap();
        if !clean(m) {
            return None;
        }
        let d = month_num(&c[3]).and_then(|m| day(c[4].parse().ok()?, m, c[2].parse().ok()?));
        consider(m.start(), d);
    }
    for c in hits(reader, Pat::Iso, text, &clues).take(3) {
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
    use proptest::prelude::*;

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
            let unicode = scan(Reader::Unicode, s, 0, r).unwrap();
            assert_eq!(in_sentence(s, 0, s.len(), r), unicode, "{s}");
        }
    }

    /// Text made of pieces of dates, words around them, spaces, glue and
    /// non-ASCII characters, in any order.
    fn datelike() -> impl Strategy<Value = String> {
        const PIECES: &[&str] = &[
            "January",
            "Jan",
            "Jan.",
            "jan",
            "JAN.",
            "Sept",
            "Sept.",
            "Sep",
            "September",
            "May",
            "Mayor",
            "March",
            "Mar.",
            "Decem",
            "Monday",
            "Tuesday",
            "Sunday",
            "monday",
            "SATURDAY",
            "25",
            "3",
            "2019",
            "1999",
            "1812",
            "2025-10-25",
            "2019-1-05",
            "12345",
            "07",
            "th",
            "st",
            "nd",
            "rd",
            "TH",
            " ",
            " ",
            "  ",
            "\u{a0}",
            "\u{2009}",
            "\n",
            ",",
            ".",
            ";",
            ":",
            ")",
            "-",
            "'ll",
            "of",
            "OF",
            "in",
            "In",
            "since",
            "by",
            "By",
            "until",
            "through",
            "till",
            "early",
            "Early",
            "late",
            "mid",
            "mid-",
            "Mid-",
            "last",
            "Last",
            "next",
            "this",
            "This",
            "previous",
            "coming",
            "Past",
            "earlier",
            "Later",
            "week",
            "month",
            "year",
            "years",
            "day",
            "days",
            "ago",
            "yesterday",
            "Today",
            "tomorrow",
            "one",
            "two",
            "ten",
            "a",
            "is",
            "are",
            "set",
            "going",
            "due",
            "to",
            "to be held",
            "will",
            "plans",
            "planned",
            "x",
            "_",
            "s",
            "19",
            "20",
            "é",
            "’",
            "ſ",
            "\u{212A}",
            "٣",
            "½",
            "中",
        ];
        proptest::collection::vec(proptest::sample::select(PIECES), 0..16)
            .prop_map(|pieces| pieces.concat())
    }

    /// `pattern` as the regex crate reads it with ASCII classes, which the
    /// hand-written readers follow.
    fn ascii_regex(pattern: &str) -> Regex {
        let pattern = pattern
            .replace(r"\b", r"(?-u:\b)")
            .replace(r"\d", "[0-9]")
            .replace(r"\w", "[0-9A-Za-z_]");
        Regex::new(&pattern).unwrap()
    }

    static ASCII_REGEXES: LazyLock<Vec<(Pat, Regex)>> = LazyLock::new(|| {
        Pat::ALL
            .into_iter()
            .map(|pat| (pat, ascii_regex(&pat.regex())))
            .collect()
    });

    static ASCII_FUTURE: LazyLock<Regex> = LazyLock::new(|| ascii_regex(FUTURE));

    /// Where the readers and the regexes part on `s`, if they do: each
    /// ASCII reader against the ASCII regex, each Unicode reader (with its
    /// clues) against the bare Unicode regex, and "future".
    fn disagreement(s: &str) -> Option<String> {
        let clues = Clues::of(s);
        let spans = |re: &Regex| -> Vec<Vec<Option<(usize, usize)>>> {
            re.captures_iter(s)
                .map(|c| {
                    (0..7)
                        .map(|k| c.get(k).map(|m| (m.start(), m.end())))
                        .collect()
                })
                .collect()
        };
        let read = |reader, pat| -> Vec<Vec<Option<(usize, usize)>>> {
            hits(reader, pat, s, &clues)
                .map(|h| h.spans.to_vec())
                .collect()
        };
        for (pat, re) in ASCII_REGEXES.iter() {
            if read(Reader::Ascii, *pat) != spans(re) {
                return Some(format!("ASCII {pat:?} in {s:?}"));
            }
            if read(Reader::Unicode, *pat) != spans(unicode_regex(*pat)) {
                return Some(format!("Unicode {pat:?} in {s:?}"));
            }
        }
        (ascii::future(s).next().is_some() != ASCII_FUTURE.is_match(s))
            .then(|| format!("future in {s:?}"))
    }

    #[test]
    fn readers_match_as_the_regexes_where_they_once_did_not() {
        for s in ["'ll", "19 Sept.é", "earlyJan.", "'ll2025-10-25 Januaryof"] {
            assert_eq!(disagreement(s), None);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(3000))]

        #[test]
        fn readers_match_as_the_regexes(s in datelike()) {
            prop_assert_eq!(disagreement(&s), None);
        }

        #[test]
        fn results_are_those_of_the_unicode_patterns(s in datelike()) {
            let r = NaiveDate::from_ymd_opt(2025, 10, 25);
            let want = scan(Reader::Unicode, &s, 0, r).unwrap();
            prop_assert_eq!(in_sentence(&s, 0, s.len(), r), want);
            let want = first_absolute_with(Reader::Unicode, &s).unwrap();
            prop_assert_eq!(first_absolute(&s), want);
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
