//! Month and weekday names, the one list of them: the date patterns, their
//! hand-written readers, the month numbers and the byline reader (which
//! knows a date line from a name) all read these tables.
//!
//! Invariant: names of different months differ in their first three
//! letters, so at most one month starts at a place and a month is known by
//! its first three letters ("Sep" for "September", "Sept." and "Sep").

/// Each month's name with its abbreviations, in the order a pattern tries
/// them (the longer form first).
pub const MONTHS: [(&str, &[&str]); 12] = [
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

pub const WEEKDAYS: [&str; 7] = [
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The number (1–12) of the month whose name starts `word`'s first three
/// letters, in any case; a trailing period is ignored. Meant for a word a
/// month pattern has matched: "Sept." and "September" are 9, so is "Sepia".
pub fn month_number(word: &str) -> Option<u32> {
    let head = word.trim_end_matches('.').get(..3)?;
    MONTHS
        .iter()
        .position(|(name, _)| name[..3].eq_ignore_ascii_case(head))
        .map(|i| i as u32 + 1)
}

/// Whether `word` is exactly a month name, an abbreviation of one (without
/// its period: "Sept", not "Sept.") or a weekday name, in any case.
pub fn is_month_or_weekday(word: &str) -> bool {
    // Most words are neither: a cheap look at length and first letter
    // spares the scan (the byline reader asks this of every word).
    let first = word.as_bytes().first().map(u8::to_ascii_lowercase);
    if !(3..=9).contains(&word.len()) || !first.is_some_and(|c| b"jfmasondtw".contains(&c)) {
        return false;
    }
    let same = |form: &str| form.trim_end_matches('.').eq_ignore_ascii_case(word);
    MONTHS
        .iter()
        .any(|(name, short)| same(name) || short.iter().any(|s| same(s)))
        || WEEKDAYS.iter().any(|d| same(d))
}

/// The months as a regex group: `(January|…|December|Jan\.|Jan|…)`, the
/// names first, then the abbreviations, as leftmost-first alternation
/// tries them.
pub fn month_group() -> String {
    let names = MONTHS.iter().map(|(name, _)| name.to_string());
    let short = MONTHS
        .iter()
        .flat_map(|(_, short)| short.iter().map(|s| s.replace('.', r"\.")));
    format!("({})", names.chain(short).collect::<Vec<_>>().join("|"))
}

/// The weekdays as a regex group: `(Monday|…|Sunday)`.
pub fn weekday_group() -> String {
    format!("({})", WEEKDAYS.join("|"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_numbers_from_any_form() {
        for (w, n) in [
            ("January", 1),
            ("jan.", 1),
            ("SEPT", 9),
            ("Sep.", 9),
            ("May", 5),
            ("Dec", 12),
        ] {
            assert_eq!(month_number(w), Some(n), "{w}");
        }
        for w in ["Ja", "", "Monday", "Mai"] {
            assert_eq!(month_number(w), None, "{w}");
        }
    }

    #[test]
    fn month_and_weekday_words() {
        for w in ["may", "sept", "Sept", "december", "SUNDAY", "jun"] {
            assert!(is_month_or_weekday(w), "{w}");
        }
        for w in ["mayor", "septic", "sun", "junior", "", "jan."] {
            assert!(!is_month_or_weekday(w), "{w}");
        }
    }

    #[test]
    fn the_month_group_matches_every_form_whole() {
        let re = regex::Regex::new(&format!("^{}$", month_group())).unwrap();
        for (name, short) in MONTHS {
            assert!(re.is_match(name));
            for s in short {
                assert!(re.is_match(s), "{s}");
            }
        }
        assert!(!re.is_match("Ma"));
    }
}
