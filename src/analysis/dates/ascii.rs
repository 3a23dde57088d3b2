//! Hand-written readers for the date patterns with ASCII `\b`, `\d` and `\w`
//! (Unicode `\s` stays): each gives, at a start, the match and the groups
//! the regex's leftmost-first search would give there, numbered as in the
//! pattern. Nothing to compile; a word start that cannot begin a date is
//! passed over after a byte or two. Where the regex could backtrack into a
//! run of digits or spaces, what follows the run never starts with a digit
//! or a space, so taking the whole run is what the regex does too. The
//! tests hold the readers against the regexes.

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
/// `\b(will|…|(?:is|are)\s+(?:set\s+|going\s+|due\s+)?to\s+[a-z]+)\b|\w['’]ll\b`.
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
    // "she'll", "she’ll"
    let contracted = ["'ll", "\u{2019}ll"].into_iter().flat_map(move |ll| {
        s.match_indices(ll)
            .map(|(a, _)| a)
            .filter(move |&a| a > 0 && word(s.as_bytes()[a - 1]) && boundary(s, a + ll.len()))
            .map(move |a| (a - 1, a + ll.len()))
    });
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
