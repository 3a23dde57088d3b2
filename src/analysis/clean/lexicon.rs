//! The data cleaning decides with: clutter vocabulary, stop words, news
//! agencies, journalist roles, abbreviations. Parsed once from
//! `data/clean/*`.
//!
//! Every block of a page is looked up here several times (its key, its
//! words, its tail), so the lookups neither allocate nor hash with SipHash:
//! maps use foldhash (as the gazetteer does) and agency names are matched
//! on a key built on the stack.

use foldhash::{HashMap, HashSet};

use crate::analysis::model::RemovedKind;
use crate::analysis::resources::DataError;
use crate::analysis::segment::Abbreviations;

const CLUTTER: &str = include_str!("../../../data/clean/clutter.tsv");
const STOPWORDS: &str = include_str!("../../../data/clean/stopwords.txt");
const ROLES: &str = include_str!("../../../data/clean/roles.txt");

/// How a clutter phrase is matched against a block's key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    /// The whole block is the phrase.
    Line,
    /// The block begins with the phrase.
    Start,
    /// The phrase occurs anywhere in the block.
    Any,
    /// The phrase occurs in a short, label-like block.
    Short,
}

/// One entry of the clutter vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClutterPhrase {
    pub kind: RemovedKind,
    pub how: Match,
    /// Normalised with [`key`].
    pub phrase: String,
    /// Opens a section that is not the story (related links, trending).
    pub barrier: bool,
}

/// The clutter vocabulary, indexed by how its phrases match, so a block is
/// looked up once rather than compared with every phrase. Built from the
/// phrases by [`ClutterVocabulary::new`], so index and phrases agree.
#[derive(Debug, Default)]
pub struct ClutterVocabulary {
    phrases: Vec<ClutterPhrase>,
    /// `Line` entries by phrase, each list in vocabulary order.
    lines: HashMap<String, Vec<usize>>,
    /// The longest `Line` phrase, in bytes: a longer block is none.
    longest_line: usize,
    /// `Start` entries by their phrase's first word, each list in
    /// vocabulary order: a block can only begin with a phrase whose first
    /// word is its own (phrases end at a word boundary or go on past one).
    starts: HashMap<String, Vec<usize>>,
    /// The `Any` entries, searched in every block.
    any: InnerPhrases,
    /// The `Short` entries, searched only in short blocks.
    short: InnerPhrases,
}

/// Phrases found anywhere in a block, word-bounded. A key's words are
/// separated by single spaces, so a phrase occurs at a word boundary
/// exactly when it starts at one of the key's words, that word is the
/// phrase's first, and a space or the key's end follows it: the phrases
/// are indexed by their first word and tried at each word of the key (a
/// hash lookup per word, cheaper than an automaton run over every byte).
#[derive(Debug)]
struct InnerPhrases {
    /// First word → the distinct phrases opening with it, each with its
    /// entries.
    by_first: HashMap<String, Vec<(String, Vec<usize>)>>,
    /// The first bytes and the lengths (bit `n` for `n` bytes, the last
    /// bit for 63 or more) of those first words: most words of a block
    /// are ruled out without a hash lookup.
    first_bytes: [bool; 256],
    first_lens: u64,
}

impl Default for InnerPhrases {
    fn default() -> Self {
        Self::new(std::iter::empty())
    }
}

fn len_bit(n: usize) -> u64 {
    1 << n.min(63)
}

impl InnerPhrases {
    fn new<'a>(phrases: impl Iterator<Item = (usize, &'a ClutterPhrase)>) -> Self {
        let mut by_first: HashMap<String, Vec<(String, Vec<usize>)>> = HashMap::default();
        for (i, c) in phrases {
            let same_first = by_first
                .entry(first_word(&c.phrase).to_string())
                .or_default();
            match same_first.iter_mut().find(|(p, _)| *p == c.phrase) {
                Some((_, entries)) => entries.push(i),
                None => same_first.push((c.phrase.clone(), vec![i])),
            }
        }
        let mut first_bytes = [false; 256];
        let mut first_lens = 0;
        for w in by_first.keys() {
            first_lens |= len_bit(w.len());
            if let Some(&b) = w.as_bytes().first() {
                first_bytes[usize::from(b)] = true;
            }
        }
        Self {
            by_first,
            first_bytes,
            first_lens,
        }
    }

    /// Calls `hit` with every entry whose phrase occurs in the key `k` at
    /// word boundaries.
    fn each_hit(&self, k: &str, mut hit: impl FnMut(usize)) {
        if self.by_first.is_empty() {
            return;
        }
        // The words of `k` (`k.split(' ')`, by a plain byte scan: words are
        // short, and a memchr per word costs more).
        let bytes = k.as_bytes();
        let mut at = 0;
        while at <= bytes.len() {
            let end = bytes[at..]
                .iter()
                .position(|&b| b == b' ')
                .map_or(bytes.len(), |n| at + n);
            let word = &k[at..end];
            let may_open = self.first_lens & len_bit(word.len()) != 0
                && word
                    .as_bytes()
                    .first()
                    .is_some_and(|&b| self.first_bytes[usize::from(b)]);
            if let Some(phrases) = may_open.then(|| self.by_first.get(word)).flatten() {
                let rest = &k[at..];
                for (p, entries) in phrases {
                    if rest.starts_with(p.as_str())
                        && (rest.len() == p.len() || rest.as_bytes()[p.len()] == b' ')
                    {
                        entries.iter().for_each(|&i| hit(i));
                    }
                }
            }
            at = end + 1;
        }
    }
}

impl ClutterVocabulary {
    pub fn new(phrases: Vec<ClutterPhrase>) -> Self {
        let mut lines: HashMap<String, Vec<usize>> = HashMap::default();
        let mut starts: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, c) in phrases.iter().enumerate() {
            match c.how {
                Match::Line => lines.entry(c.phrase.clone()).or_default().push(i),
                Match::Start => starts
                    .entry(first_word(&c.phrase).to_string())
                    .or_default()
                    .push(i),
                Match::Any | Match::Short => {}
            }
        }
        let longest_line = lines.keys().map(String::len).max().unwrap_or(0);
        let inner = |how: Match| {
            InnerPhrases::new(
                phrases
                    .iter()
                    .enumerate()
                    .filter(move |(_, c)| c.how == how),
            )
        };
        Self {
            lines,
            longest_line,
            starts,
            any: inner(Match::Any),
            short: inner(Match::Short),
            phrases,
        }
    }

    /// The entries, in vocabulary order.
    pub fn phrases(&self) -> &[ClutterPhrase] {
        &self.phrases
    }
}

/// Clutter vocabulary and the other lexicons cleaning decides with.
#[derive(Debug, Default)]
pub struct CleanLexicon {
    pub clutter: ClutterVocabulary,
    /// Stop words in lower case, as bytes: looked up from a stack buffer.
    stopwords: HashSet<Box<[u8]>>,
    /// The longest stop word, in bytes.
    longest_stopword: usize,
    /// Agency names, normalised with [`key`], as bytes.
    agencies: HashSet<Box<[u8]>>,
    /// The longest agency key, in bytes.
    longest_agency: usize,
    /// Journalist role words, normalised with [`key`] and padded with a
    /// space each side, for a word-bounded search in a padded key.
    pub roles: Vec<String>,
    /// Abbreviations the segmenter must not break sentences at.
    pub abbreviations: Abbreviations,
}

/// What the clutter vocabulary says about a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClutterHit {
    pub kind: RemovedKind,
    pub barrier: bool,
}

fn data_lines(src: &str) -> impl Iterator<Item = (usize, &str)> {
    src.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// The news and photo agencies of `data/clean/agencies.txt`, the one list
/// of them: each name, and whether it also names an organisation in running
/// text (untagged) rather than only in credits and bylines (`credit`). The
/// entity stage adds the first kind to its media names.
pub fn agencies() -> Result<Vec<(&'static str, bool)>, DataError> {
    crate::analysis::entities::gazetteer_rows::agencies().map_err(|e| DataError {
        file: e.file,
        line: e.line,
        message: e.message,
    })
}

fn parse_kind(s: &str) -> Option<RemovedKind> {
    Some(match s {
        "navigation" => RemovedKind::Navigation,
        "advertisement" => RemovedKind::Advertisement,
        "byline" => RemovedKind::Byline,
        "author_bio" => RemovedKind::AuthorBio,
        "related_links" => RemovedKind::RelatedLinks,
        "share" => RemovedKind::Share,
        "subscription" => RemovedKind::Subscription,
        "copyright" => RemovedKind::Copyright,
        "footer" => RemovedKind::Footer,
        "other" => RemovedKind::Other,
        _ => return None,
    })
}

impl CleanLexicon {
    /// Parses the embedded data files.
    pub fn load() -> Result<Self, DataError> {
        let mut clutter = Vec::new();
        for (line, l) in data_lines(CLUTTER) {
            let err = |message: String| DataError {
                file: "data/clean/clutter.tsv",
                line,
                message,
            };
            let cols: Vec<&str> = l.split('\t').collect();
            if cols.len() < 3 || cols.len() > 4 {
                return Err(err(format!("expected 3 or 4 columns, got {}", cols.len())));
            }
            let kind = parse_kind(cols[0]).ok_or_else(|| err(format!("bad kind {:?}", cols[0])))?;
            let how = match cols[1] {
                "line" => Match::Line,
                "start" => Match::Start,
                "any" => Match::Any,
                "short" => Match::Short,
                other => return Err(err(format!("bad match {other:?}"))),
            };
            let barrier = match cols.get(3) {
                None => false,
                Some(&"barrier") => true,
                Some(other) => return Err(err(format!("bad flag {other:?}"))),
            };
            let phrase = key(cols[2]);
            if phrase.is_empty() {
                return Err(err("empty phrase".into()));
            }
            clutter.push(ClutterPhrase {
                kind,
                how,
                phrase,
                barrier,
            });
        }
        let clutter = ClutterVocabulary::new(clutter);
        let stopwords: HashSet<Box<[u8]>> = data_lines(STOPWORDS)
            .map(|(_, w)| w.trim().to_lowercase().into_bytes().into())
            .collect();
        let agencies: HashSet<Box<[u8]>> = agencies()?
            .into_iter()
            .map(|(w, _)| key(w).into_bytes().into())
            .collect();
        let roles = data_lines(ROLES)
            .map(|(_, w)| format!(" {} ", key(w)))
            .collect();
        Ok(Self {
            clutter,
            longest_stopword: stopwords.iter().map(|w| w.len()).max().unwrap_or(0),
            stopwords,
            longest_agency: agencies.iter().map(|a| a.len()).max().unwrap_or(0),
            agencies,
            roles,
            abbreviations: Abbreviations::load()?,
        })
    }

    /// The clutter vocabulary's verdict on a block of `words` words whose
    /// [`key`] is `k`. `sentence`: the block reads as a sentence (ends with
    /// terminal punctuation, several words), so label-only phrases do not
    /// apply.
    pub fn clutter(&self, k: &str, words: usize, sentence: bool) -> Option<ClutterHit> {
        if k.is_empty() {
            return None;
        }
        let line_key = k.trim_end_matches(" :").trim_end_matches(':');
        let short = words <= 12 && !sentence;
        let vocabulary = &self.clutter;
        // A barrier beats a plain hit; otherwise the first entry wins: the
        // verdict is the first barrier entry that hits, else the first entry.
        let mut first: Option<usize> = None;
        let mut first_barrier: Option<usize> = None;
        let mut hit = |i: usize| {
            first = Some(first.map_or(i, |f| f.min(i)));
            if vocabulary.phrases[i].barrier {
                first_barrier = Some(first_barrier.map_or(i, |f| f.min(i)));
            }
        };
        if line_key.len() <= vocabulary.longest_line {
            for &i in vocabulary.lines.get(line_key).into_iter().flatten() {
                hit(i);
            }
        }
        for &i in vocabulary.starts.get(first_word(k)).into_iter().flatten() {
            let c = &vocabulary.phrases[i];
            let p = c.phrase.as_str();
            if !k.starts_with(p) {
                continue;
            }
            let multi = p.contains(' ');
            let bounded = k.len() == p.len()
                || k.as_bytes().get(p.len()) == Some(&b' ')
                || (multi && !p.ends_with(':'));
            let fits = if multi {
                words <= 45 || c.kind == RemovedKind::Copyright
            } else {
                words <= 15 && !sentence
            };
            if bounded && fits {
                hit(i);
            }
        }
        vocabulary.any.each_hit(k, &mut hit);
        if short {
            vocabulary.short.each_hit(k, &mut hit);
        }
        first_barrier.or(first).map(|i| ClutterHit {
            kind: vocabulary.phrases[i].kind,
            barrier: vocabulary.phrases[i].barrier,
        })
    }

    /// `w`: a word in lower case.
    pub fn is_stopword(&self, w: &str) -> bool {
        w.len() <= self.longest_stopword && self.stopwords.contains(w.as_bytes())
    }

    /// The stop word test of a word not yet in lower case.
    pub fn is_stopword_lower(&self, w: &str) -> bool {
        if !w.is_ascii() {
            return self.is_stopword(&w.to_lowercase());
        }
        // Lower-casing an ASCII word keeps its length, so a longer one is
        // none; a shorter one is lower-cased on the stack.
        let mut buf = [0u8; 32];
        match buf.get_mut(..w.len()) {
            Some(lower) if w.len() <= self.longest_stopword => {
                lower.copy_from_slice(w.as_bytes());
                lower.make_ascii_lowercase();
                self.stopwords.contains(&*lower)
            }
            Some(_) => false,
            None => self.is_stopword(&w.to_ascii_lowercase()),
        }
    }

    /// Whether `s` is an agency's name; same as `is_agency_key(&key(s))`.
    pub fn is_agency(&self, s: &str) -> bool {
        // The common case, a plain ASCII word: its key is itself in lower case.
        if s.len() <= self.longest_agency && s.bytes().all(|b| b.is_ascii_alphanumeric()) {
            let mut buf = [0u8; 64];
            if let Some(lower) = buf.get_mut(..s.len()) {
                lower.copy_from_slice(s.as_bytes());
                lower.make_ascii_lowercase();
                return self.agencies.contains(&*lower);
            }
        }
        with_short_key(s, self.longest_agency, |k| self.agencies.contains(k)).unwrap_or(false)
    }

    /// Whether the [`key`] `k` is an agency's name.
    pub fn is_agency_key(&self, k: &str) -> bool {
        k.len() <= self.longest_agency && self.agencies.contains(k.as_bytes())
    }
}

/// `hay.find(needle)`. Most blocks are short lines, where setting up std's
/// two-way searcher costs more than the search: a short `hay` is scanned
/// for the needle's first byte instead.
pub fn find_in(hay: &str, needle: &str) -> Option<usize> {
    match needle.as_bytes() {
        [first, ..] if hay.len() < 64 => hay
            .as_bytes()
            .windows(needle.len())
            .position(|w| w[0] == *first && w == needle.as_bytes()),
        // std's `contains` is vectorised, its `find` is not: most long
        // blocks hold no needle at all.
        _ if hay.contains(needle) => hay.find(needle),
        _ => None,
    }
}

/// `hay.rfind(needle)`, as [`find_in`] does it.
pub fn rfind_in(hay: &str, needle: &str) -> Option<usize> {
    match needle.as_bytes() {
        [first, ..] if hay.len() < 64 => hay
            .as_bytes()
            .windows(needle.len())
            .rposition(|w| w[0] == *first && w == needle.as_bytes()),
        _ => hay.rfind(needle),
    }
}

/// `hay.contains(needle)`, as [`find_in`] does it (a long `hay` goes to
/// std's vectorised `contains`).
pub fn has(hay: &str, needle: &str) -> bool {
    if hay.len() < 64 {
        find_in(hay, needle).is_some()
    } else {
        hay.contains(needle)
    }
}

/// `s.contains(chars)` (a slice of chars), one memchr-driven search per
/// char rather than decoding every char of `s`.
pub fn has_any(s: &str, chars: &[char]) -> bool {
    chars.iter().any(|&c| s.contains(c))
}

/// `s.split(sep)`, as [`find_in`] does it.
pub fn split_on<'a>(s: &'a str, sep: &'a str) -> impl Iterator<Item = &'a str> {
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let r = rest?;
        match find_in(r, sep).filter(|_| !sep.is_empty()) {
            Some(i) => {
                rest = Some(&r[i + sep.len()..]);
                Some(&r[..i])
            }
            None => {
                rest = None;
                Some(r)
            }
        }
    })
}

/// Calls `f` with `w` in lower case (as `str::to_lowercase` makes it),
/// without allocating when `w` is short ASCII text.
pub fn with_lower<R>(w: &str, f: impl FnOnce(&str) -> R) -> R {
    let mut buf = [0u8; 32];
    match buf.get_mut(..w.len()) {
        Some(b) if w.is_ascii() => {
            b.copy_from_slice(w.as_bytes());
            b.make_ascii_lowercase();
            f(std::str::from_utf8(b).expect("ASCII stays ASCII"))
        }
        _ => f(&w.to_lowercase()),
    }
}

/// The first word of a [`key`].
fn first_word(k: &str) -> &str {
    k.split(' ').next().unwrap_or(k)
}

/// The matching key of a text: lower case; every character that is not a
/// letter, digit or `©` becomes a space, `:` stands apart; spaces collapse.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    key_with(s, |c| {
        out.push(c);
        true
    });
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Hands the characters of `s`'s [`key`] to `push`, with at most one
/// trailing space still to trim; stops, returning false, as soon as `push`
/// does.
fn key_with(s: &str, mut push: impl FnMut(char) -> bool) -> bool {
    let mut space = true;
    for c in s.chars() {
        let pushed = if c.is_ascii_alphanumeric() {
            // The common case, without `to_lowercase`'s table lookup.
            space = false;
            push(c.to_ascii_lowercase())
        } else if c.is_alphanumeric() || c == '©' {
            space = false;
            c.to_lowercase().all(&mut push)
        } else if c == ':' {
            let pushed = (space || push(' ')) && push(':') && push(' ');
            space = true;
            pushed
        } else if !space {
            space = true;
            push(' ')
        } else {
            true
        };
        if !pushed {
            return false;
        }
    }
    true
}

/// Calls `f` with the [`key`] of `s` (as bytes), built on the stack, when
/// it is at most `limit` bytes long; `None` when it is longer (the key is
/// then not built further than `limit`).
fn with_short_key<R>(s: &str, limit: usize, f: impl FnOnce(&[u8]) -> R) -> Option<R> {
    const CAP: usize = 64;
    if limit >= CAP {
        let k = key(s);
        return (k.len() <= limit).then(|| f(k.as_bytes()));
    }
    let mut buf = [0u8; CAP];
    let mut len = 0;
    // One byte over `limit` is still allowed: a trailing space goes.
    let fits = key_with(s, |c| {
        let end = len + c.len_utf8();
        if end > limit + 1 {
            return false;
        }
        if c.is_ascii() {
            buf[len] = c as u8;
        } else {
            c.encode_utf8(&mut buf[len..end]);
        }
        len = end;
        true
    });
    let mut k = &buf[..len];
    while let [rest @ .., b' '] = k {
        k = rest;
    }
    (fits && k.len() <= limit).then(|| f(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 15: one list of agencies; a `credit` tag keeps a short code or
    /// a photo library out of the entity stage's names, not out of credits.
    #[test]
    fn one_agency_list_with_credit_only_names() {
        let list = agencies().unwrap();
        let named = |n: &str| list.iter().find(|(a, _)| *a == n).map(|&(_, named)| named);
        assert_eq!(named("Reuters"), Some(true));
        assert_eq!(named("Press Trust of India"), Some(true));
        assert_eq!(named("PA"), Some(false));
        assert_eq!(named("Getty Images"), Some(false));
        assert_eq!(named("WikiLeaks"), None);
        let lex = CleanLexicon::load().unwrap();
        assert!(lex.is_agency("Getty Images") && lex.is_agency("PA") && lex.is_agency("reuters"));
    }

    /// Interface notices and labels are clutter in any script, prose that
    /// mentions JavaScript is not.
    #[test]
    fn interface_notices_and_labels_in_other_scripts() {
        let lex = CleanLexicon::load().unwrap();
        let hit = |block: &str, sentence: bool| {
            let words = block.split_whitespace().count();
            lex.clutter(&key(block), words, sentence).is_some()
        };
        assert!(hit("This slideshow requires JavaScript", false));
        assert!(hit("スポンサードリンク", false));
        assert!(hit("関連記事", false));
        assert!(!hit(
            "The new banking app requires JavaScript in the browser, which older phones lack, the bank said on Monday.",
            true
        ));
    }

    /// Issue 19: breadcrumb leads, flash labels, calls to action and
    /// letters invitations are clutter; prose using the same words is not.
    #[test]
    fn breadcrumbs_flash_labels_and_prompts() {
        let lex = CleanLexicon::load().unwrap();
        let hit = |block: &str, sentence: bool| {
            let words = block.split_whitespace().count();
            lex.clutter(&key(block), words, sentence).is_some()
        };
        assert!(hit("You are at:", false));
        assert!(hit("BREAKING", false));
        assert!(hit("Learn more", false));
        assert!(hit("Must Read Science & Space", false));
        assert!(hit("Join our weekly quiz league", false));
        assert!(hit(
            "The Gazette welcomes letters. We'd like to hear what you think about this story.",
            true
        ));
        assert!(hit("Фото: личный архив автора", false));
        assert!(!hit(
            "You are at risk if the river rises, the mayor told the residents.",
            true
        ));
        assert!(!hit(
            "Breaking the deadlock took three rounds of talks.",
            true
        ));
    }

    #[test]
    fn keys() {
        for (input, want) in [
            ("Source: NATO.", "source : nato"),
            ("Share this with Facebook", "share this with facebook"),
            ("  Loading...  ", "loading"),
            ("© 2025 DailyDigest360", "© 2025 dailydigest360"),
            ("", ""),
        ] {
            assert_eq!(key(input), want, "{input:?}");
        }
    }

    /// The allocation-free helpers agree with the std calls they stand for.
    #[test]
    fn helpers_match_std() {
        let long = "Jane Doe and John Roe in Kyiv, with reporting by Ann Poe & Jo Bloggs in Lviv and Odesa";
        let texts = [
            "",
            " and ",
            "Jane Doe and John Roe",
            "a and and b",
            "İstanbul ÅNGSTRÖM Kelvin \u{212a} σΣ: x",
            "Reuters.",
            "REUTERS/Jane Doe",
            "The Associated Press:",
            ":: a :: b ::",
            long,
        ];
        let needles = [
            " and ",
            " & ",
            " in ",
            "and",
            "Kyiv",
            "x",
            "Ann Poe & Jo",
            "zzz",
        ];
        for t in texts {
            for n in needles {
                assert_eq!(find_in(t, n), t.find(n), "{t:?} {n:?}");
                assert_eq!(rfind_in(t, n), t.rfind(n), "{t:?} {n:?}");
                assert_eq!(has(t, n), t.contains(n), "{t:?} {n:?}");
                let ours: Vec<&str> = split_on(t, n).collect();
                let std: Vec<&str> = t.split(n).collect();
                assert_eq!(ours, std, "{t:?} {n:?}");
            }
            assert_eq!(with_lower(t, str::to_string), t.to_lowercase());
            for limit in [0, 1, 5, 7, 8, 20, 63, 64, 100] {
                let k = key(t);
                let want = (k.len() <= limit).then(|| k.clone().into_bytes());
                let got = with_short_key(t, limit, <[u8]>::to_vec);
                assert_eq!(got, want, "{t:?} {limit}");
            }
        }
        let lex = CleanLexicon::load().unwrap();
        for t in [
            "Reuters",
            "(Reuters)",
            "AFP",
            "Getty Images.",
            "The Canadian Press",
            "Jane",
        ] {
            assert_eq!(lex.is_agency(t), lex.is_agency_key(&key(t)), "{t:?}");
        }
        assert!(lex.is_agency("Agence France-Presse"));
        for w in ["The", "THE", "said", "Zebra", "x", "’s", "İ"] {
            assert_eq!(lex.is_stopword_lower(w), lex.is_stopword(&w.to_lowercase()));
        }
    }

    /// The word index finds exactly the phrases a padded substring search
    /// finds.
    #[test]
    fn inner_phrases_are_word_bounded() {
        let lex = CleanLexicon::load().unwrap();
        let vocabulary = &lex.clutter;
        let mut keys: Vec<String> = vocabulary
            .phrases()
            .iter()
            .flat_map(|c| {
                [
                    c.phrase.clone(),
                    format!("x {} y", c.phrase),
                    format!("{}s", c.phrase),
                    format!("a{}", c.phrase),
                    format!("{0} {0}", c.phrase),
                ]
            })
            .collect();
        keys.push(key("Copyright © 2019 BBC. All rights reserved."));
        keys.push(key("Follow us : share this story © all rights"));
        for k in &keys {
            for (how, inner) in [
                (Match::Any, &vocabulary.any),
                (Match::Short, &vocabulary.short),
            ] {
                let mut got = Vec::new();
                inner.each_hit(k, |i| got.push(i));
                got.sort_unstable();
                got.dedup();
                let want: Vec<usize> = (0..vocabulary.phrases.len())
                    .filter(|&i| {
                        let c = &vocabulary.phrases[i];
                        c.how == how && format!(" {k} ").contains(&format!(" {} ", c.phrase))
                    })
                    .collect();
                assert_eq!(got, want, "{k:?}");
            }
        }
    }

    #[test]
    fn vocabulary() {
        let lex = CleanLexicon::load().unwrap();
        let kind = |t: &str, w: usize, s: bool| lex.clutter(&key(t), w, s).map(|h| h.kind);
        assert_eq!(
            kind("Advertisement", 1, false),
            Some(RemovedKind::Advertisement)
        );
        assert_eq!(
            kind("Share this with Twitter", 4, false),
            Some(RemovedKind::Share)
        );
        assert_eq!(
            kind("Subscribe to our newsletter", 4, false),
            Some(RemovedKind::Subscription)
        );
        assert_eq!(
            kind("Copyright © 2019 BBC.", 3, true),
            Some(RemovedKind::Copyright)
        );
        assert_eq!(kind("Source: NATO.", 2, true), Some(RemovedKind::Other));
        // Prose that merely starts like a label is not clutter.
        assert_eq!(
            kind("Watchdog groups said the vote was fair.", 7, true),
            None
        );
        assert_eq!(
            kind("Sources said the minister would resign.", 6, true),
            None
        );
        assert_eq!(
            kind(
                "The ministry said its newsletter would be sent to every household by Friday.",
                14,
                true
            ),
            None
        );
        assert!(
            lex.clutter(&key("Related Coverage"), 2, false)
                .unwrap()
                .barrier
        );
    }
}
