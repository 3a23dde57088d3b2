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
            "She\u{2019}ll travel to Lima in January.",
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
        "\u{2019}ll",
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

/// Date arithmetic past the calendar's ends drops the value, never panics:
/// huge counts ago or ahead, and every relative form with the reference at
/// chrono's first and last day.
#[test]
fn dates_past_the_calendar_ends_are_dropped_not_panicked_on() {
    let at = |s: &str, r: NaiveDate| -> Vec<(String, Option<String>)> {
        in_sentence(s, 0, s.len(), Some(r))
            .into_iter()
            .map(|d| (s[d.start..d.end].to_string(), d.value))
            .collect()
    };
    let normal = NaiveDate::from_ymd_opt(2025, 10, 25).unwrap();
    // Counts no calendar holds, against an ordinary reference.
    for s in [
        "India met Pakistan 100000000 days ago.",
        "India met Pakistan 100000000000000000 days ago.",
        "India met Pakistan 99999999999999999999999 days ago.",
        "India met Pakistan 100000000 weeks ago.",
        "India met Pakistan 1000000000000000000 weeks ago.",
        "India met Pakistan 100000000 months ago.",
        "India met Pakistan 9223372036854775807 months ago.",
        "India met Pakistan 100000000 years ago.",
        "India met Pakistan 9223372036854775807 years ago.",
    ] {
        let got = at(s, normal);
        assert_eq!(got.len(), 1, "{s}: {got:?}");
        assert_eq!(got[0].1, None, "{s}: {got:?}");
    }
    // Counts that stay inside the calendar still resolve.
    assert_eq!(
        at("They met 100000 days ago.", normal),
        [(
            "100000 days ago".to_string(),
            Some("1752-01-10".to_string())
        )]
    );
    assert_eq!(
        at("They met 2000 years ago.", normal),
        [("2000 years ago".to_string(), Some("25".to_string()))]
    );
    // The calendar's last and first days as the reference.
    let (last, first) = (NaiveDate::MAX, NaiveDate::MIN);
    assert_eq!(last.to_string(), "+262142-12-31");
    assert_eq!(first.to_string(), "-262143-01-01");
    for (r, s) in [
        (last, "They meet tomorrow."),
        (last, "They meet next week."),
        (last, "They meet next Monday."),
        (last, "They meet next year."),
        (last, "They meet next month."),
        (last, "They meet in January, they said they will."),
        (last, "They will meet next January."),
        (last, "They will meet on January 3."),
        (first, "They met yesterday."),
        (first, "They met last week."),
        (first, "They met last Monday."),
        (first, "They met on Monday."),
        (first, "They met last year."),
        (first, "They met last month."),
        (first, "They met last December."),
        (first, "They met in December."),
        (first, "They met on December 3."),
        (first, "They met 3 days ago."),
        (first, "They met 2 weeks ago."),
        (first, "They met 5 months ago."),
        (first, "They met 7 years ago."),
    ] {
        let got = at(s, r);
        assert_eq!(got.len(), 1, "{s} at {r}: {got:?}");
        assert_eq!(got[0].1, None, "{s} at {r}: {got:?}");
    }
    // Forms that stay inside the calendar at its ends still resolve.
    assert_eq!(
        at("They met yesterday.", last),
        [("yesterday".to_string(), Some("+262142-12-30".to_string()))]
    );
    assert_eq!(
        at("They meet tomorrow.", first),
        [("tomorrow".to_string(), Some("-262143-01-02".to_string()))]
    );
    assert_eq!(
        at("They met this year.", last),
        [("this year".to_string(), Some("262142".to_string()))]
    );
}

/// The helpers: checked, and None past either end.
#[test]
fn calendar_helpers_are_checked() {
    assert_eq!(year_in_calendar(2025), Some(2025));
    assert_eq!(year_in_calendar(i64::from(NaiveDate::MAX.year()) + 1), None);
    assert_eq!(year_in_calendar(i64::MIN), None);
    assert_eq!(shift_days(NaiveDate::MAX, 1), None);
    assert_eq!(shift_days(NaiveDate::MIN, -1), None);
    assert_eq!(shift_days(NaiveDate::MIN, i64::MAX), None);
    assert_eq!(add_months(2025, 1, -1), Some((2024, 12)));
    assert_eq!(add_months(NaiveDate::MAX.year(), 12, 1), None);
    assert_eq!(add_months(2025, 1, i64::MAX), None);
    assert_eq!(add_months(2025, 1, i64::MIN), None);
    let last = NaiveDate::MAX;
    assert_eq!(resolve_month(1, last, true), None);
    assert_eq!(resolve_month(12, last, true), Some((last.year(), 12)));
    assert_eq!(resolve_month(12, NaiveDate::MIN, false), None);
}
