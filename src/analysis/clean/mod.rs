//! From a scraped page to the article: headline, byline, dateline, body.
//!
//! Input: the text the client sent (or the text extracted from HTML).
//! Output: [`Cleaned`], byte ranges into that text. Invariants: `title`
//! and `body` ranges do not overlap each other or any `removed` span;
//! `dateline` lies inside one of the first body ranges; every line of the input
//! that is neither kept nor blank lies in some `removed` span, so nothing
//! the client sent is silently dropped. All ranges are on char boundaries.
//!
//! How it decides, after jusText, boilerpipe and trafilatura:
//! 1. lines become *blocks* (in hard-wrapped text, the lines of one
//!    paragraph join);
//! 2. each block gets evidence: length, stop-word density, terminal
//!    punctuation, the clutter vocabulary (`data/clean/clutter.tsv`),
//!    byline, bio and date shapes, photo credits, one-line menus,
//!    repetition on the page, teasers (an earlier copy of a later block);
//! 3. a jusText-style class (good, near-good, short, bad) gives each block
//!    a score, and the densest run of story text (maximum-sum run of
//!    blocks) is the story region; labels cost little so inline widgets do
//!    not split a story, related-stories headings cost much so teasers
//!    below them do not join it, and the story comes before such headings;
//! 4. the headline is the best title-like block among the nearest before
//!    the region (printed twice, stamped by a byline or date under it,
//!    opening the page, of headline length); a standfirst under it and a
//!    short first paragraph stay; inside the region, labels, runs of short
//!    link-like lines, captions, infographic boxes, bios and teaser
//!    duplicates are dropped; subheadings and written-out lists stay;
//! 5. bylines near the headline (or a bio at the end) give the authors;
//!    the dateline is read at the head of the story's first paragraph.
//!
//! A one-line input is all body; a page without any paragraph of prose
//! keeps every line that has no clutter evidence.

pub mod byline;
pub mod lexicon;

use std::ops::Range;
use std::sync::LazyLock;

use foldhash::{HashMap, HashMapExt, HashSet};
use regex::Regex;

use crate::analysis::model::{Removed, RemovedKind};
pub use byline::Byline;
pub use lexicon::{CleanLexicon, ClutterHit, key};
use lexicon::{has, has_any};

/// The article found in a page.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cleaned {
    pub title: Option<Range<usize>>,
    pub authors: Vec<String>,
    /// The dateline's place (and agency) at the head of the story's first
    /// paragraph ("WASHINGTON (AP)"), without its dash; it stays inside
    /// that body range (one of the first three, after any standfirst).
    pub dateline: Option<Range<usize>>,
    /// Body paragraphs in text order.
    pub body: Vec<Range<usize>>,
    pub removed: Vec<Removed>,
    /// Date lines and dated bylines of the article's head ("Published
    /// November 20th, 2019", "By JANE DOE JAN. 13, 2017"), nearest the
    /// headline first: where the article's own date is, for a reference
    /// date when the request gives none. All are also `removed`.
    pub stamps: Vec<Range<usize>>,
}

/// jusText's paragraph classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Class {
    Good,
    NearGood,
    Short,
    Bad,
}

/// What cleaning made of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Undecided,
    Title,
    Body,
    Removed(RemovedKind),
}

/// A paragraph of the page (one line, or hard-wrapped lines joined).
#[derive(Debug)]
struct Blk<'a> {
    range: Range<usize>,
    text: &'a str,
    key: String,
    words: usize,
    chars: usize,
    stop: f32,
    /// Ends with terminal punctuation (maybe before a closing quote).
    terminal: bool,
    /// Ends with a lower-case word before its terminal punctuation, as a
    /// clause does ("… Ursula von der Leyen spoke."), where a credit or a
    /// label ends with a name.
    clause_end: bool,
    class: Class,
    clutter: Option<ClutterHit>,
    byline: Option<Byline>,
    date: bool,
    caption: bool,
    url: bool,
    /// Occurrences of the same key on the page.
    repeats: usize,
    /// An earlier, shorter copy (teaser, highlight) of a later block.
    teaser: bool,
    /// Reads as an author bio: "Jane Doe is a reporter covering …".
    bio: Option<String>,
    /// Names of a weak byline ("Jane Doe", "Jane Doe in Kyiv"), trusted
    /// only between the headline and the story.
    header_names: Option<Vec<String>>,
}

impl Blk<'_> {
    /// Reads as prose: several words, terminal punctuation, function words.
    fn sentence_like(&self) -> bool {
        self.terminal && self.words >= 5 && self.stop >= 0.15
    }

    /// Evidence that the block is not story text, whatever its length.
    fn labelled(&self) -> bool {
        self.clutter.is_some() || self.byline.is_some() || self.date || self.caption || self.url
    }
}

/// Where the text to clean comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Source {
    /// Scraped text as the client sent it: a run of short lines may be a
    /// list of links.
    #[default]
    Text,
    /// Text extracted from HTML ([`crate::analysis::html`]), which already
    /// dropped the blocks made of links: short lines are the page's own
    /// (list items, table rows, interview lines, subheadings).
    Html,
}

/// Splits `text` into headline, body and clutter.
pub fn clean(text: &str, lex: &CleanLexicon) -> Cleaned {
    clean_from(text, lex, Source::Text)
}

/// [`clean`], told where the text comes from.
pub fn clean_from(text: &str, lex: &CleanLexicon, source: Source) -> Cleaned {
    let mut blocks = blocks(text, lex);
    crate::analysis::budget::tick(text.len() / 16 + blocks.len());
    if blocks.is_empty() {
        return Cleaned::default();
    }
    if let [only] = &blocks[..] {
        // One line (a sentence, a headline) is the article, whatever it says.
        return Cleaned {
            body: vec![only.range.clone()],
            dateline: dateline(text, only.range.clone()),
            ..Cleaned::default()
        };
    }
    mark_repeats(&mut blocks);
    mark_captions(&mut blocks);
    let n = blocks.len();
    let mut roles = vec![Role::Undecided; n];

    let (rs, re) = story_region(&blocks, source, lex);
    let title = find_title(&blocks, rs, lex, source);

    // Before the story: the headline, a dek, clutter.
    let title_at = title.unwrap_or(usize::MAX);
    for i in 0..rs {
        roles[i] = if i == title_at {
            Role::Title
        } else if title.is_some_and(|t| i > t)
            && (blocks[i].sentence_like() || title == Some(i - 1) && standfirst(&blocks, i))
            && !blocks[i].labelled()
            && !blocks[i].teaser
            && blocks[i].header_names.is_none()
            && blocks[i].words >= 6
        {
            Role::Body
        } else {
            Role::Removed(outside_kind(&blocks[i], RemovedKind::Navigation))
        };
    }
    // From HTML, the page's own short lines between a lead-in kept above
    // and the story ("What's new?" and its list) are the story's.
    if source == Source::Html
        && let Some(lead) = (0..rs).find(|&i| roles[i] == Role::Body)
    {
        let own = |b: &Blk<'_>| {
            !b.labelled()
                && !b.teaser
                && b.repeats == 1
                && b.bio.is_none()
                && b.header_names.is_none()
        };
        // A link or prompt among them ("Click here to download") stays
        // out without taking the list with it; chrome, mostly labelled,
        // keeps all of it out.
        let between = &blocks[lead + 1..rs];
        let owned = between.iter().filter(|b| own(b)).count();
        if owned * 4 >= between.len() * 3 {
            for (r, b) in roles[lead + 1..rs].iter_mut().zip(between) {
                if own(b) {
                    *r = Role::Body;
                }
            }
        }
    }
    // The story region.
    for (i, role) in roles.iter_mut().enumerate().take(re + 1).skip(rs) {
        *role = inside_role(&blocks, i, re, title, source);
    }
    // Without any paragraph of prose (a headline, a sentence or two) there
    // is nothing to tell links from: every plain line stays.
    let prose = blocks
        .iter()
        .any(|b| matches!(b.class, Class::Good | Class::NearGood) && !b.labelled());
    if prose && source == Source::Text {
        drop_short_runs(&blocks, &mut roles, rs, re);
    }
    if prose {
        drop_graphics(&blocks, &mut roles, rs, re);
    }
    // After the story.
    for i in re + 1..n {
        let b = &blocks[i];
        let fallback = if b.words >= 4 {
            RemovedKind::RelatedLinks
        } else {
            RemovedKind::Footer
        };
        roles[i] = Role::Removed(outside_kind(b, fallback));
    }
    // Copies of the headline elsewhere on the page.
    if let Some(t) = title {
        for i in 0..n {
            if i != t && roles[i] == Role::Body && blocks[i].key == blocks[t].key {
                roles[i] = Role::Removed(RemovedKind::Other);
            }
        }
    }

    // Bylines sit near the headline; a page may print the headline twice.
    let from = title.map_or(rs, |t| {
        blocks
            .iter()
            .position(|b| b.key == blocks[t].key)
            .unwrap_or(t)
            .min(rs)
    });
    let mut authors = authors(&blocks, &roles, from, re, lex);
    if authors.is_empty()
        && let Some(t) = title
    {
        // A bare name (or "Name in Place") between headline and story.
        for i in t + 1..rs.min(t + 5) {
            if let (Role::Removed(_), Some(names)) = (roles[i], &blocks[i].header_names)
                && names.iter().all(|n| given_first(n))
            {
                authors.extend(names.iter().cloned());
                break;
            }
        }
    }
    let head_from = from
        .min(rs)
        .saturating_sub(if title.is_some() { 3 } else { 6 });
    let mut stamps: Vec<Range<usize>> = (head_from..rs)
        .filter(|&i| {
            let b = &blocks[i];
            matches!(roles[i], Role::Removed(_))
                && (b.date || b.byline.is_some() && b.text.chars().any(|c| c.is_ascii_digit()))
        })
        .map(|i| blocks[i].range.clone())
        .collect();
    let anchor = title.map_or(0, |t| blocks[t].range.start);
    stamps.sort_by_key(|r| r.start.abs_diff(anchor));
    let mut out = Cleaned {
        authors,
        stamps,
        ..Cleaned::default()
    };
    for (b, role) in blocks.iter().zip(&roles) {
        match role {
            Role::Title => out.title = Some(b.range.clone()),
            Role::Body => out.body.push(b.range.clone()),
            Role::Removed(kind) => out.removed.push(Removed {
                start: b.range.start,
                end: b.range.end,
                kind: *kind,
            }),
            Role::Undecided => out.removed.push(Removed {
                start: b.range.start,
                end: b.range.end,
                kind: RemovedKind::Other,
            }),
        }
    }
    // The dateline opens the story's first paragraph, which may follow a
    // standfirst.
    out.dateline = out
        .body
        .iter()
        .take(3)
        .find_map(|r| dateline(text, r.clone()));
    out
}

/// Lines, trimmed, joined into blocks where a paragraph was hard-wrapped.
fn blocks<'a>(text: &'a str, lex: &CleanLexicon) -> Vec<Blk<'a>> {
    let mut lines: Vec<Range<usize>> = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = trim(line);
        if !trimmed.is_empty() {
            let lead = line.len() - trim_start(line).len();
            lines.push(pos + lead..pos + lead + trimmed.len());
        }
        pos += line.len();
    }
    // Hard-wrapped text: several lines break mid-sentence, and hardly any
    // line is longer than a wrap width. Only then do lines join.
    let pairs = lines.windows(2).filter(|w| {
        text[w[0].end..w[1].start].matches('\n').count() == 1
            && wraps_into(&text[w[0].clone()], &text[w[1].clone()])
    });
    let long = lines
        .iter()
        .filter(|r| text[(*r).clone()].chars().count() > 110)
        .count();
    let wrapped = pairs.count() >= 2 && long * 10 <= lines.len();
    let mut ranges: Vec<Range<usize>> = Vec::new();
    let mut prev_line: Option<Range<usize>> = None;
    for r in lines {
        let join = wrapped
            && prev_line.as_ref().is_some_and(|p| {
                let between = &text[p.end..r.start];
                between.matches('\n').count() == 1 && wraps_into(&text[p.clone()], &text[r.clone()])
            });
        match ranges.last_mut() {
            Some(last) if join => last.end = r.end,
            _ => ranges.push(r.clone()),
        }
        prev_line = Some(r);
    }
    ranges
        .into_iter()
        .map(|range| features(text, range, lex))
        .collect()
}

/// Whether line `next` continues `prev` (a paragraph hard-wrapped at a
/// fixed width): `prev` is long, ends mid-sentence, `next` is not a label.
fn wraps_into(prev: &str, next: &str) -> bool {
    let plen = prev.chars().count();
    if !(50..=110).contains(&plen) {
        return false;
    }
    let last = prev.chars().last().unwrap_or('.');
    if matches!(
        last,
        '.' | '!' | '?' | ':' | ';' | '"' | '\u{201d}' | '\u{2019}' | ')' | '|' | '…'
    ) {
        return false;
    }
    let nlen = next.chars().count();
    nlen >= 3 && nlen <= plen + 15
}

fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

fn trim_start(s: &str) -> &str {
    s.trim_start_matches(is_space)
}

/// Whitespace, including the invisible characters scraped pages carry.
fn is_space(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{feff}' | '\u{ad}'
        )
}

fn features<'a>(text: &'a str, range: Range<usize>, lex: &CleanLexicon) -> Blk<'a> {
    let t = &text[range.clone()];
    // Computed once: the clutter, byline and credit tests all read it.
    let k = key(t);
    let mut words = 0;
    let mut stops = 0;
    // Each word, lower-cased with a typographic apostrophe made plain, in
    // one buffer reused across the block.
    let mut bare = String::new();
    for w in t.split(is_space) {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}');
        if w.is_ascii() {
            // The common case: nothing to map but the case.
            if w.bytes().any(|b| b.is_ascii_alphanumeric()) {
                words += 1;
                if lex.is_stopword_lower(w) {
                    stops += 1;
                }
            }
            continue;
        }
        bare.clear();
        for c in w.chars() {
            match c {
                '\u{2019}' => bare.push('\''),
                c if c.is_ascii() => bare.push(c.to_ascii_lowercase()),
                c => bare.extend(c.to_lowercase()),
            }
        }
        if bare.chars().any(char::is_alphanumeric) {
            words += 1;
            if lex.is_stopword(&bare) {
                stops += 1;
            }
        }
    }
    let chars = t.chars().count();
    let stop = if words > 0 {
        stops as f32 / words as f32
    } else {
        0.0
    };
    let end = t.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')', ']', '*', ' ']);
    let terminal = end.ends_with(['.', '!', '?', '…']);
    let clause_end = terminal
        && end
            .trim_end_matches(['.', '!', '?', '…'])
            .rsplit(is_space)
            .next()
            .is_some_and(|w| !w.is_empty() && w.chars().all(char::is_lowercase));
    let class = if chars < 70 || !terminal && words < 20 {
        Class::Short
    } else if stop >= 0.30 && chars > 200 {
        Class::Good
    } else if stop >= 0.25 || terminal && stop >= 0.15 {
        Class::NearGood
    } else {
        Class::Bad
    };
    let sentence = terminal && words >= 5 && stop >= 0.15;
    // A line that is only an agency's name ("Reuters", "Getty Images"), or
    // a menu written on one line ("Home | News | World").
    let clutter = lex
        .clutter(&k, words, sentence)
        .or_else(|| {
            lex.is_agency_key(&k).then_some(ClutterHit {
                kind: RemovedKind::Byline,
                barrier: false,
            })
        })
        .or_else(|| {
            other_stories(&k).then_some(ClutterHit {
                kind: RemovedKind::RelatedLinks,
                barrier: true,
            })
        })
        .or_else(|| {
            (menu_line(t) || list_widget(&k) || counter(&k)).then_some(ClutterHit {
                kind: RemovedKind::Navigation,
                barrier: false,
            })
        });
    let byline = byline::parse(t, &k, words, lex);
    let date = words <= 14 && byline::is_dateish_key(&k);
    let url = !t.contains(' ')
        && (t.starts_with("http")
            || t.starts_with("www.")
            || t.contains('@') && t.contains('.')
            || [".com", ".org", ".net", ".info", ".co.uk", ".in", ".pk"]
                .iter()
                .any(|d| t.to_lowercase().ends_with(d)));
    Blk {
        range,
        text: t,
        words,
        chars,
        stop,
        terminal,
        clause_end,
        class,
        clutter,
        byline,
        date,
        caption: is_credit(t, &k, lex),
        url,
        repeats: 1,
        teaser: false,
        bio: bio(t, words, lex),
        header_names: byline::header_names(t, words, lex),
        key: k,
    }
}

/// The writer's name when a block reads as an author bio: a name, "is" or
/// "was", and a journalist's role within its first sentence.
fn bio(t: &str, words: usize, lex: &CleanLexicon) -> Option<String> {
    if words > 90 {
        return None;
    }
    let name = byline::bio_name(t, lex)?;
    let first = t.split(". ").next().unwrap_or(t);
    let k = format!(" {} ", key(first));
    let role = lex.roles.iter().any(|r| k.contains(r.as_str()))
        || [" covers ", " covering ", " writes ", " writing about "]
            .iter()
            .any(|w| k.contains(w));
    role.then_some(name)
}

/// A heading that opens a list of other stories, by its shape rather than
/// a list of phrases: a qualifier or two ("our latest", "more", "top",
/// "most read", "editors' picks") and a noun for stories ("stories",
/// "headlines", "videos"), maybe "from/on/in" a source or topic ("More
/// stories from the Argus"), or "more"/"other" with a word or two before
/// the noun ("More great Gazette stories"). `k`: the line's [`key`].
fn other_stories(k: &str) -> bool {
    static RE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^(?:our |the |your )?(?:(?:more|other|latest|top|recent|popular|related|recommended|featured|trending|similar|suggested|sponsored|promoted|editor s|editors|must read|most (?:read|popular|viewed|shared|watched)|from (?:around )?the web|around the web|don t miss|also|new) ){1,2}(?:stories|story|news|articles|posts|headlines|reads|videos|picks|content|links|coverage|features|galleries|podcasts)(?: (?:from|on|in|about) (?:\S+ ){0,2}\S+)?(?: :)?$|^(?:more|other) (?:[a-z]+ ){1,2}(?:stories|articles|headlines|reads|videos)(?: :)?$",
        )
        .expect("static regex")
    });
    k.len() <= 60 && RE.is_match(k)
}

/// The labels of a scraped list widget: "list of 3 items", "list 1 of 3".
/// `k`: the line's [`key`].
fn list_widget(k: &str) -> bool {
    k.split(' ').next() == Some("list")
        && k.split(' ').count() <= 5
        && k.split(' ').any(|w| w.chars().all(|c| c.is_ascii_digit()))
}

/// Numbers a pager or gallery counter holds ("1 - 5 of 36", "Page 2 of 5").
const COUNTER_NUMBERS: std::ops::RangeInclusive<usize> = 2..=3;

/// Longest key a counter line has ("gallery 12 of 140" is 17 bytes).
const COUNTER_MAX_KEY: usize = 40;

/// A pager or gallery counter on its own line, from its [`key`]: numbers
/// around one "of", after at most one word ("1 - 5 of 36", "Slide 3 of
/// 12"). A sentence has other words.
fn counter(k: &str) -> bool {
    // a word and three numbers around "of" fit in far less; longer blocks
    // (every paragraph) are not split into words at all
    if k.len() > COUNTER_MAX_KEY {
        return false;
    }
    let number = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
    let toks: Vec<&str> = k.split(' ').collect();
    let rest = match toks.first() {
        Some(w) if number(w) => &toks[..],
        Some(_) => &toks[1..],
        None => return false,
    };
    let numbers = rest.iter().filter(|w| number(w)).count();
    let ofs = rest.iter().filter(|w| **w == "of").count();
    ofs == 1
        && numbers + ofs == rest.len()
        && COUNTER_NUMBERS.contains(&numbers)
        && rest.first() != Some(&"of")
        && rest.last() != Some(&"of")
}

/// Three or more short items separated by bars or bullets.
fn menu_line(t: &str) -> bool {
    const SEPARATORS: [char; 4] = ['|', '•', '·', '‧'];
    if !has_any(t, &SEPARATORS) {
        return false;
    }
    let mut items = 0;
    for item in t.split(SEPARATORS).map(str::trim) {
        if item.split_whitespace().nth(3).is_some() {
            return false;
        }
        items += usize::from(!item.is_empty());
    }
    items >= 3
}

/// A photo caption or credit: ends with "Name / AFP", "(Reuters)",
/// "Credit Name/Agency", "Photo: Name". `k`: the line's [`key`].
fn is_credit(t: &str, k: &str, lex: &CleanLexicon) -> bool {
    let t = t.trim_end_matches(['.', ' ']);
    if t.ends_with(')')
        && let Some(open) = t.rfind('(')
    {
        let inner = &t[open + 1..t.len() - 1];
        let k = key(inner);
        if lex.is_agency(inner)
            || k.starts_with("photo")
            || has(&k, " photo")
            || k.starts_with("image")
            || k.starts_with("credit")
            || inner.split('/').any(|p| lex.is_agency(p.trim()))
        {
            return true;
        }
    }
    // After the last slash, bar or dash (each found by a byte search).
    let slash = t.rfind('/');
    let tail_at = [slash, t.rfind('|'), t.rfind('\u{2014}')]
        .into_iter()
        .flatten()
        .max()
        .map(|i| i + t[i..].chars().next().map_or(1, char::len_utf8));
    if let Some(i) = tail_at
        && lex.is_agency(t[i..].trim())
        && t.contains(' ')
    {
        return true;
    }
    // "REUTERS/Jane Doe", "AP Photo/Jane Doe" inside the line.
    if slash.is_some()
        && t.split_whitespace().any(|w| {
            w.split_once('/')
                .is_some_and(|(a, rest)| !rest.is_empty() && lex.is_agency(a))
        })
    {
        return true;
    }
    if has(k, "file photo")
        || has(k, "ap photo")
        || ["photo by ", "image by ", "photograph by ", "picture by "]
            .iter()
            .any(|p| k.starts_with(p))
    {
        return true;
    }
    // A short line ending with an agency: "AFP via Getty Images".
    // (At most nine words are needed to know whether there are two to eight.)
    if !t.ends_with(['.', '!', '?'])
        && (has(k, " via ") || slash.is_some() || has(k, "photo") || has(k, "image"))
        && (2..=8).contains(&t.split_whitespace().take(9).count())
    {
        let words: Vec<&str> = t.split_whitespace().collect();
        if (1..=3).any(|n| n < words.len() && lex.is_agency(&words[words.len() - n..].join(" "))) {
            return true;
        }
    }
    // Among the last eight words, a label and its colon ("Photo: …"); the
    // pairs are read from the end, so each is (colon, label).
    // (Each test needs its colon or its word somewhere in the key.)
    let tail = || k.split(' ').rev().take(8);
    k.contains(':')
        && tail().zip(tail().skip(1)).any(|(colon, label)| {
            matches!(
                label,
                "credit" | "photo" | "photograph" | "picture" | "image"
            ) && colon == ":"
        })
        || has(k, "credit") && tail().any(|w| w == "credit") && k.split(' ').count() > 8
}

/// Counts identical blocks and marks teasers: an earlier block whose words
/// open a later, longer one (highlights, summaries repeated by the page).
fn mark_repeats(blocks: &mut [Blk<'_>]) {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for b in blocks.iter() {
        *counts.entry(b.key.as_str()).or_default() += 1;
    }
    let counts: Vec<usize> = blocks.iter().map(|b| counts[b.key.as_str()]).collect();
    for (b, c) in blocks.iter_mut().zip(counts) {
        b.repeats = c;
    }
    // Heads of 6 to 12 words of every prose block, with the blocks that
    // open with them: a block whose own head opens a later, longer one is
    // its teaser. Linear in the page, whatever the page.
    // Per head: the last block opening with it, and the most words of any.
    let mut opens: HashMap<&str, (usize, usize)> = HashMap::new();
    for (j, b) in blocks.iter().enumerate() {
        if b.sentence_like() {
            let heads = KeyHeads::new(&b.key);
            for n in 6..=12 {
                if let Some(h) = heads.get(n) {
                    let e = opens.entry(h).or_insert((j, b.words));
                    *e = (j, e.1.max(b.words));
                }
            }
        }
    }
    let teasers: Vec<bool> = blocks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let heads = KeyHeads::new(&b.key);
            let n = heads.words();
            // A line printed three times or more word for word is a
            // template's (an interview's recurring question), not a teaser.
            b.words >= 6
                && heads.get(n).is_some_and(|h| {
                    opens.get(h).is_some_and(|&(last, most)| {
                        last > i && most >= b.words && !(b.repeats >= 3 && most == b.words)
                    })
                })
        })
        .collect();
    for (b, teaser) in blocks.iter_mut().zip(teasers) {
        b.teaser = teaser;
    }
}

/// The heads of a [`key`] (its words are separated by single spaces): its
/// first 1 to 12 words, from one scan of its first twelve spaces.
struct KeyHeads<'a> {
    key: &'a str,
    /// Where the first `spaces` spaces are (at most twelve are noted).
    at: [usize; 12],
    spaces: usize,
}

impl<'a> KeyHeads<'a> {
    fn new(key: &'a str) -> Self {
        let mut at = [0; 12];
        let mut spaces = 0;
        for (slot, (i, _)) in at
            .iter_mut()
            .zip(key.bytes().enumerate().filter(|&(_, b)| b == b' '))
        {
            *slot = i;
            spaces += 1;
        }
        Self { key, at, spaces }
    }

    /// The number of words, or 12 when there are more.
    fn words(&self) -> usize {
        (self.spaces + 1).min(12)
    }

    /// The first `n` words (`n` at most 12), or `None` when there are fewer.
    fn get(&self, n: usize) -> Option<&'a str> {
        match n {
            0 => Some(""),
            n if n <= self.spaces => Some(&self.key[..self.at[n - 1]]),
            n if n == self.spaces + 1 => Some(self.key),
            _ => None,
        }
    }
}

/// A block right after a bare "Photo"/"Image" label is its caption.
fn mark_captions(blocks: &mut [Blk<'_>]) {
    for i in 1..blocks.len() {
        if matches!(
            blocks[i - 1].key.as_str(),
            "photo" | "image" | "caption" | "photograph" | "picture" | "photo caption"
        ) && !blocks[i].labelled()
        {
            blocks[i].caption = true;
        }
    }
}

/// The story region: the maximum-sum run of block scores, trimmed so it
/// begins and ends with a paragraph of prose. Returns inclusive indices.
fn story_region(blocks: &[Blk<'_>], source: Source, lex: &CleanLexicon) -> (usize, usize) {
    let score = |b: &Blk<'_>| -> f32 {
        // Labels and short lines cost little, so an inline widget (a list
        // of links, an ad label) does not cut the story in two; a heading
        // that opens a related-stories section does.
        if let Some(h) = b.clutter {
            return if h.barrier { -25.0 } else { -1.5 };
        }
        if b.teaser {
            return 0.0;
        }
        if b.byline.is_some() || b.date || b.caption || b.url || b.bio.is_some() {
            return -2.0;
        }
        let w = b.words as f32;
        match b.class {
            Class::Good => w,
            Class::NearGood => w * 0.75,
            Class::Short if b.sentence_like() => 1.0,
            Class::Short if b.repeats > 1 && !template_line(b, source) => -3.0,
            // Extracted from HTML, a short line is not a link: a list item,
            // a table row, a subheading costs the story nothing.
            Class::Short if source == Source::Html => 0.0,
            Class::Short => -1.0,
            // From HTML, a long line without function words is a table
            // row, a calendar, a list written on one line: neutral.
            Class::Bad if source == Source::Html && b.repeats == 1 => 0.0,
            Class::Bad => -w.min(20.0) * 0.5 - 2.0,
        }
    };
    // Kadane, keeping the best run of each stretch between resets.
    let mut best = (f32::MIN, 0, 0);
    let mut runs: Vec<(f32, usize, usize)> = Vec::new();
    let mut cur = 0.0;
    let mut start = 0;
    for (i, b) in blocks.iter().enumerate() {
        if cur <= 0.0 {
            cur = 0.0;
            start = i;
        }
        cur += score(b);
        if cur > best.0 {
            best = (cur, start, i);
        }
        match runs.last_mut() {
            Some(r) if r.1 == start && cur > r.0 => *r = (cur, start, i),
            Some(r) if r.1 == start => {}
            _ if cur > 0.0 => runs.push((cur, start, i)),
            _ => {}
        }
    }
    // The story comes before the related-stories sections: a substantial
    // earlier run cut off from the best one by such a heading wins.
    // Barriers before each block, so the test is constant time per run.
    let barriers_before: Vec<usize> = std::iter::once(0)
        .chain(blocks.iter().scan(0, |n, x| {
            *n += usize::from(x.clutter.is_some_and(|h| h.barrier));
            Some(*n)
        }))
        .collect();
    let barrier_between = |a: usize, b: usize| barriers_before[b] > barriers_before[a];
    if let Some(&earlier) = runs
        .iter()
        .filter(|r| r.2 < best.1 && r.0 >= 0.4 * best.0 && r.0 >= 40.0)
        .filter(|r| barrier_between(r.2, best.1))
        .max_by(|a, b| a.0.total_cmp(&b.0))
    {
        best = earlier;
    }
    // Inside the run, the story ends at the first stop with more story
    // before it than after it: a legal notice (the page's other videos
    // after "All rights reserved"), or a related-stories heading after
    // which the text is about something else (other stories' teasers; an
    // inline widget's heading is followed by more of the same story).
    // Prefix sums in one pass; at most a few stops are asked about.
    if best.0 > 0.0 {
        let (_, a, b) = best;
        let mut before = 0.0;
        let mut stops = Vec::new();
        for (i, blk) in blocks.iter().enumerate().take(b + 1).skip(a) {
            let barrier = blk.clutter.is_some_and(|h| h.barrier);
            // An author's bio closes the story: what follows it is the
            // page's (the writer's other stories, the next teasers).
            let bio = blk.bio.is_some();
            if i > a && (barrier || legal_notice(blk) || bio) {
                // A heading printed twice on the page labels inline widgets.
                if legal_notice(blk) || bio || blk.repeats == 1 {
                    stops.push((i, before, barrier && !legal_notice(blk)));
                }
            }
            before += score(blk);
        }
        let total = before;
        if let Some(&(k, sum, _)) = stops
            .iter()
            .filter(|&&(_, sum, _)| sum >= 40.0 && sum >= total - sum)
            .take(3)
            .find(|&&(k, _, heading)| {
                !heading || !same_topic(&blocks[a..k], &blocks[k + 1..=b], lex)
            })
        {
            best = (sum, a, k - 1);
        }
    }
    let (total, mut rs, mut re) = best;
    if total <= 0.0 {
        // No run of prose at all (a few short lines): the story is every
        // line that carries no clutter evidence.
        let plain: Vec<usize> = (0..blocks.len())
            .filter(|&i| !blocks[i].labelled())
            .collect();
        return match (plain.first(), plain.last()) {
            (Some(&a), Some(&b)) => (a, b),
            _ => (0, blocks.len() - 1),
        };
    }
    let prose = |b: &Blk<'_>| {
        matches!(b.class, Class::Good | Class::NearGood) && !b.labelled() && !b.teaser
    };
    while rs < re && !prose(&blocks[rs]) {
        rs += 1;
    }
    // A short closing sentence right after prose still ends the story.
    let closing = |i: usize| {
        let b = &blocks[i];
        b.terminal
            && b.words >= 3
            && (b.stop > 0.0 || b.clause_end)
            && !b.labelled()
            && !b.teaser
            && i > rs
            && prose(&blocks[i - 1])
    };
    while re > rs && !prose(&blocks[re]) && !closing(re) {
        re -= 1;
    }
    // Short closing sentences right after the story's last line stay.
    while let Some(b) = blocks.get(re + 1) {
        // a sentence about people may be all names and a verb ("European
        // Commission President Ursula von der Leyen spoke.")
        let closing = b.terminal
            && b.words >= 2
            && (b.stop > 0.0 || b.clause_end && b.words >= 3)
            && !b.labelled()
            && !b.teaser
            && b.repeats == 1
            && (b.class == Class::Short || b.class == Class::Bad && b.clause_end && b.stop > 0.0);
        if !closing {
            break;
        }
        re += 1;
    }
    if source == Source::Html {
        // A page's own lines after the last paragraph (a list, a table of
        // dates under a subheading) stay, up to the first clutter evidence.
        while let Some(b) = blocks.get(re + 1) {
            let own = !b.labelled() && !b.teaser && b.repeats == 1 && b.bio.is_none();
            if !own {
                break;
            }
            re += 1;
        }
    }
    (rs, re)
}

/// From HTML, a short sentence printed more than once is the page's own
/// recurring line (an interview's question to each guest, "Ingredients:"
/// under each recipe), not a repeated link: links were dropped already.
fn template_line(b: &Blk<'_>, source: Source) -> bool {
    source == Source::Html && b.terminal && b.words >= 3 && !b.labelled()
}

/// Whether the plain blocks of `after` are about what `before` is: at
/// least a fifth of their content words (four letters or more, not
/// function words) occur in it. Linear in both.
fn same_topic<'a>(before: &'a [Blk<'_>], after: &'a [Blk<'_>], lex: &CleanLexicon) -> bool {
    let content = |b: &Blk<'_>| !b.labelled() && !b.teaser;
    let words = |b: &'a Blk<'_>| {
        b.key
            .split(' ')
            .filter(|w| w.chars().count() >= 4 && !lex.is_stopword(w))
    };
    let seen: foldhash::HashSet<&str> = before
        .iter()
        .filter(|b| content(b))
        .flat_map(words)
        .collect();
    let (mut hits, mut all) = (0usize, 0usize);
    for w in after.iter().filter(|b| content(b)).flat_map(words) {
        all += 1;
        hits += usize::from(seen.contains(w));
    }
    all == 0 || hits * 5 >= all
}

/// A legal notice ("© 2019 X. All rights reserved."): it closes a page.
fn legal_notice(b: &Blk<'_>) -> bool {
    b.clutter.is_some_and(|h| {
        h.kind == RemovedKind::Copyright
            && (has(&b.key, "rights reserved") || has(&b.key, "may not be"))
    })
}

/// A standfirst without final period right under the headline: long
/// enough, and followed by a label (byline, date) or prose, not by more
/// headline-like lines (a list of other stories).
fn standfirst(blocks: &[Blk<'_>], i: usize) -> bool {
    let b = &blocks[i];
    b.words >= 8
        && blocks.get(i + 1).is_none_or(|n| {
            n.labelled()
                || n.header_names.is_some()
                || matches!(n.class, Class::Good | Class::NearGood)
        })
}

/// Title-like: a short, strong line that is no label, date or byline.
fn title_like(b: &Blk<'_>) -> bool {
    headline_shape(b) && dateline_at(b.text).is_none()
}

/// [`title_like`] without the dateline test: "Take Care - Our Stand at
/// the Fair" reads as a mixed-case dateline, and as a headline.
fn headline_shape(b: &Blk<'_>) -> bool {
    (3..=30).contains(&b.words)
        && b.chars <= 250
        && !b.labelled()
        && !b.teaser
        && b.text.chars().any(char::is_uppercase)
        && !b.text.ends_with(':')
}

/// A list item written out: "- $60 billion", "• point", "1. point".
fn list_item(t: &str) -> bool {
    let t = t.trim_start();
    t.starts_with(['-', '•', '*', '–', '·', '▪'])
        || t.split_once(['.', ')']).is_some_and(|(n, _)| {
            !n.is_empty() && n.len() <= 2 && n.chars().all(|c| c.is_ascii_digit())
        })
}

/// How much a headline candidate's sharing the lead's words counts (all of
/// them: as much as being printed twice), so a menu line or a site's slogan
/// near the story ("Place an Ad", "What are you looking for?") loses to the
/// line the story is about.
const TITLE_OVERLAP_WEIGHT: f32 = 3.0;
/// Blocks of the story's start whose words a headline is checked against.
const LEAD_BLOCKS: usize = 6;
/// Shorter words (function words, mostly) say nothing of the topic.
const TOPIC_WORD_LEN: usize = 4;

/// The topic words ([`topic_word`]) of the
/// story's first [`LEAD_BLOCKS`] blocks, from their keys.
fn lead_words<'a>(blocks: &'a [Blk<'_>], rs: usize, lex: &CleanLexicon) -> HashSet<&'a str> {
    blocks[rs..]
        .iter()
        .take(LEAD_BLOCKS)
        .flat_map(|b| b.key.split(' '))
        .filter(|w| topic_word(w, lex))
        .collect()
}

/// A word that can say what a story is about: not short, not a stop word.
fn topic_word(w: &str, lex: &CleanLexicon) -> bool {
    w.chars().count() >= TOPIC_WORD_LEN && !lex.is_stopword(w)
}

/// The share of a key's topic words found in `lead` (0 without any).
fn overlap(key: &str, lead: &HashSet<&str>, lex: &CleanLexicon) -> f32 {
    let (mut n, mut hit) = (0usize, 0usize);
    for w in key.split(' ').filter(|w| topic_word(w, lex)) {
        n += 1;
        hit += usize::from(lead.contains(w));
    }
    if n == 0 { 0.0 } else { hit as f32 / n as f32 }
}

/// The headline: the nearest title-like block before the story, a
/// repeated one first; a dek right after a first-line headline stays body.
/// From HTML ([`Source::Html`]) the page's headline is written first, so a
/// headline-shaped first block is it even when no prose follows it.
fn find_title(blocks: &[Blk<'_>], rs: usize, lex: &CleanLexicon, source: Source) -> Option<usize> {
    let lo = rs.saturating_sub(80);
    // A two-word headline counts when it opens the page.
    let cands: Vec<usize> = (lo..rs)
        .rev()
        .filter(|&i| {
            title_like(&blocks[i]) || i == 0 && blocks[i].words == 2 && !blocks[i].labelled()
        })
        .collect();
    // Printed twice before the story (page title and headline, a section
    // prefix "Africa|Headline"); copies in the footer's menus do not count.
    let repeated = |i: usize| {
        let b = &blocks[i];
        blocks[..rs].iter().enumerate().any(|(j, o)| {
            j != i
                && (o.key == b.key
                    || o.words <= b.words + 6
                        && o.key.len() > b.key.len()
                        && (o.key.ends_with(&format!(" {}", b.key))
                            || o.key.starts_with(&format!("{} ", b.key))))
        })
    };
    // Followed closely by a byline or a date line.
    let stamped = |i: usize| {
        blocks[i + 1..(i + 3).min(rs)]
            .iter()
            .any(|o| o.byline.is_some() || o.date || o.header_names.is_some())
    };
    // The candidates nearest the story compete: printed twice, stamped by
    // a byline or date, opening the page, of a headline's length; the
    // nearer wins a tie. A menu item far above never competes.
    let mut near: Vec<usize> = cands.iter().copied().take(8).collect();
    if cands.contains(&0) && !near.contains(&0) {
        near.push(0);
    }
    let lead = lead_words(blocks, rs, lex);
    let score = |rank: usize, i: usize| {
        let b = &blocks[i];
        let mut s = TITLE_OVERLAP_WEIGHT * overlap(&b.key, &lead, lex);
        if repeated(i) {
            s += 3.0;
        }
        if stamped(i) {
            s += 2.0;
        }
        if i == 0 && b.words >= 4 {
            s += 2.0;
        }
        if (5..=25).contains(&b.words) {
            s += 1.0;
        } else if b.words <= 3 {
            s -= 1.0;
        }
        s - 0.1 * rank as f32
    };
    let best = near
        .iter()
        .enumerate()
        .map(|(rank, &i)| (score(rank, i), i))
        .fold(None, |acc: Option<(f32, usize)>, x| match acc {
            Some(a) if a.0 >= x.0 => Some(a),
            _ => Some(x),
        });
    let Some((_, pick)) = best else {
        // No headline before the story: its first block may be one, when it
        // is short, opens the page and prose follows.
        let b = blocks.get(rs)?;
        // A byline or date line between the headline and the story stamps
        // it: the prose that follows them is what counts.
        let stamp = |o: &Blk<'_>| o.byline.is_some() || o.date || o.header_names.is_some();
        let stamps = blocks[rs + 1..]
            .iter()
            .take(3)
            .take_while(|o| stamp(o))
            .count();
        let next = blocks.get(rs + 1 + stamps)?;
        let opens = rs == 0 || blocks[..rs].iter().all(Blk::labelled);
        let prose_follows = matches!(next.class, Class::Good | Class::NearGood);
        let no_prose = !blocks
            .iter()
            .any(|o| matches!(o.class, Class::Good | Class::NearGood));
        // A long headline (a statement's full title) has no final stop.
        let long_headline = !b.terminal
            && !b.labelled()
            && !b.teaser
            && (3..=50).contains(&b.words)
            && b.chars <= 320
            && b.text.chars().next().is_some_and(char::is_uppercase)
            && !b.text.ends_with(':');
        // From HTML the extractor put the page's headline first: what sits
        // between it and the story (a byline in another language, a label)
        // does not make it less of one. A closing period marks prose, and
        // a capitals dateline ("OSLO —") a story's opening; a mixed-case
        // one ("Take Care - …") without a period is a headline's dash.
        // It may sit before the story with only labels (a date line)
        // between them.
        let page_headline = |h: &Blk<'_>| {
            source == Source::Html
                && headline_shape(h)
                && !h.text.ends_with('.')
                && !DATELINE_CAPS_ASCII_DIGIT.is_match(h.text)
        };
        if page_headline(b) && rs == 0 {
            return Some(rs);
        }
        if rs > 0 && page_headline(&blocks[0]) && blocks[1..rs].iter().all(Blk::labelled) {
            return Some(0);
        }
        return (opens
            && (title_like(b) && b.words <= 20 && b.chars <= 160
                || b.words == 2 && !b.labelled()
                || long_headline && prose_follows
                || stamps > 0 && title_like(b) && prose_follows)
            && (prose_follows && next.words > b.words || no_prose && !b.sentence_like())
            && dateline_at(b.text).is_none())
        .then_some(rs);
    };
    // A headline directly followed by its dek (standfirst): the dek is the
    // longer, sentence-like one and the pick when it sits nearer the story.
    if pick > 0 && !repeated(pick) {
        let p = pick - 1;
        let hb = &blocks[p];
        let dek = &blocks[pick];
        if title_like(hb)
            && dek.words > hb.words
            && (dek.words >= 10 || dek.terminal)
            && (p == 0 || !title_like(&blocks[p - 1]))
        {
            return Some(p);
        }
    }
    Some(pick)
}

/// The kind of a block dropped outside the story.
fn outside_kind(b: &Blk<'_>, fallback: RemovedKind) -> RemovedKind {
    if let Some(h) = b.clutter {
        h.kind
    } else if b.byline.is_some() {
        RemovedKind::Byline
    } else if b.bio.is_some() {
        RemovedKind::AuthorBio
    } else if b.date || b.caption || b.teaser || b.url {
        RemovedKind::Other
    } else {
        fallback
    }
}

/// The role of a block inside the story region.
fn inside_role(
    blocks: &[Blk<'_>],
    i: usize,
    re: usize,
    title: Option<usize>,
    source: Source,
) -> Role {
    let b = &blocks[i];
    if Some(i) == title {
        return Role::Title;
    }
    if let Some(h) = b.clutter {
        return Role::Removed(h.kind);
    }
    if b.byline.is_some() {
        return Role::Removed(RemovedKind::Byline);
    }
    if i > 0 && matches!(blocks[i - 1].byline, Some(Byline::Label)) && b.words > 8 {
        return Role::Removed(RemovedKind::AuthorBio);
    }
    if b.bio.is_some() && i == re {
        return Role::Removed(RemovedKind::AuthorBio);
    }
    if b.date || b.caption || b.teaser || b.url || b.words == 0 {
        return Role::Removed(RemovedKind::Other);
    }
    match b.class {
        Class::Good | Class::NearGood => Role::Body,
        Class::Bad if b.terminal || source == Source::Html && b.repeats == 1 => Role::Body,
        Class::Bad => Role::Removed(RemovedKind::Other),
        Class::Short if b.repeats > 1 && !b.sentence_like() && !template_line(b, source) => {
            Role::Removed(RemovedKind::Navigation)
        }
        Class::Short => Role::Body,
    }
}

/// Inside the story, short lines that are not sentences and come two or
/// more in a row are links ("Profile: X", "Timeline"); a lone one is a
/// subheading when prose follows it.
fn drop_short_runs(blocks: &[Blk<'_>], roles: &mut [Role], rs: usize, re: usize) {
    // A written-out list and the line introducing it ("Key points:") are
    // the story's own.
    let listed = |i: usize| {
        list_item(blocks[i].text)
            || blocks[i].text.ends_with(':') && blocks.get(i + 1).is_some_and(|n| list_item(n.text))
    };
    let linkish = |i: usize, roles: &[Role]| {
        let b = &blocks[i];
        roles[i] == Role::Body
            && b.class == Class::Short
            && !b.terminal
            && !b.text.ends_with('?')
            && !listed(i)
    };
    let mut i = rs;
    while i <= re {
        if !linkish(i, roles) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < re && linkish(j + 1, roles) {
            j += 1;
        }
        let next_prose = (j + 1..=re).find(|&k| roles[k] != Role::Removed(RemovedKind::Byline));
        let heading = j == i
            && next_prose.is_some_and(|k| {
                roles[k] == Role::Body
                    && (blocks[k].class != Class::Short || blocks[k].sentence_like())
            });
        if !heading {
            for r in &mut roles[i..=j] {
                *r = Role::Removed(RemovedKind::RelatedLinks);
            }
        }
        i = j + 1;
    }
}

/// An infographic box: a short heading, at most two short blocks and a
/// "Source: …" line. Dropped whole when it sits inside the story region.
fn drop_graphics(blocks: &[Blk<'_>], roles: &mut [Role], rs: usize, re: usize) {
    let n = blocks.len();
    for s in rs..n.min(re + 2) {
        let b = &blocks[s];
        let is_source = b.words <= 12
            && (b.key.starts_with("source :")
                || b.key.starts_with("sources :")
                || b.key.starts_with("graphic :")
                || b.key.starts_with("chart :"));
        if !is_source {
            continue;
        }
        // Walk back over the box's text to its heading.
        let mut k = s;
        let mut heading = None;
        for _ in 0..3 {
            if k == 0 || k <= rs {
                break;
            }
            k -= 1;
            let c = &blocks[k];
            if c.words > 45 {
                break;
            }
            if c.words <= 12 && k + 1 < s {
                heading = Some(k);
                break;
            }
        }
        if let Some(h) = heading
            && h > rs
            && roles[h - 1] == Role::Body
        {
            for r in &mut roles[h..s] {
                *r = Role::Removed(RemovedKind::Other);
            }
        }
    }
}

/// Names from bylines near the story: between a little before the
/// headline (or story) and a little after its end.
fn authors(
    blocks: &[Blk<'_>],
    roles: &[Role],
    from: usize,
    re: usize,
    lex: &CleanLexicon,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let lo = from.saturating_sub(3);
    let hi = (re + 8).min(blocks.len().saturating_sub(1));
    let mut bios = Vec::new();
    for i in lo..=hi {
        if roles[i] == Role::Removed(RemovedKind::AuthorBio)
            && let Some(n) = &blocks[i].bio
        {
            bios.push(n.clone());
        }
        if matches!(roles[i], Role::Body | Role::Title) {
            continue;
        }
        let names = match &blocks[i].byline {
            Some(Byline::Names(n)) => n.clone(),
            Some(Byline::Label) => blocks
                .get(i + 1)
                .and_then(|next| {
                    byline::bio_name(next.text, lex)
                        .map(|n| vec![n])
                        .or_else(|| {
                            let by = format!("By {}", next.text);
                            match byline::parse(&by, &key(&by), next.words + 1, lex) {
                                Some(Byline::Names(n))
                                    if next.words <= 5 && n.iter().all(|n| given_first(n)) =>
                                {
                                    Some(n)
                                }
                                _ => None,
                            }
                        })
                })
                .unwrap_or_default(),
            None => Vec::new(),
        };
        for n in names {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&n)) {
                out.push(n);
            }
        }
    }
    // A bio at the story's end names the writer when no byline did.
    if out.is_empty() {
        out = bios;
        out.dedup();
    }
    out
}

/// Whether a name read from weak evidence (a bare line after the headline,
/// the line after an "Author" label) opens like a person's: with a known
/// given name, or with a word that is not a common English word (a name
/// the list lacks, an initial, another script). A site's labels in that
/// place ("Learn More", "Previous Post", "Press Releases") open with a
/// common word that is no given name.
fn given_first(name: &str) -> bool {
    use crate::analysis::entities::word_sets::WordTable;
    let first = name.split(' ').next().unwrap_or(name);
    let bare = first.trim_end_matches('.');
    WordTable::first_names().contains(bare)
        || !WordTable::common_words().contains(&bare.to_lowercase())
}

/// A place in capitals (and agency) before a dash or colon.
const DATELINE_CAPS: &str = r"^((?:[A-Z][A-Z.'’-]+|[A-Z]\.)(?:[ ,]+(?:[A-Z][A-Za-z.'’-]*|[A-Z]\.|\d{1,2})){0,5}(?:\s*\([A-Za-z][A-Za-z .&/-]{0,30}\))?|\([A-Z][A-Za-z .&/-]{0,30}\))\s*(?:[—–-]{1,2}|:)\s";

/// [`DATELINE_CAPS`] as written: `\d` is any decimal digit (Unicode).
static DATELINE_CAPS_ANY_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(DATELINE_CAPS).expect("dateline pattern"));

/// [`DATELINE_CAPS`] with `[0-9]` for `\d`: the same on text without a
/// non-ASCII digit (nearly all text), and a third of the compile cost
/// (Unicode's digit class is most of it).
static DATELINE_CAPS_ASCII_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&DATELINE_CAPS.replace(r"\d", "[0-9]")).expect("dateline pattern"));

static DATELINE_MIXED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^((?:[A-Z][a-z'’-]+|[A-Z]\.[A-Z.]*)(?:[ ,]+(?:[A-Z][A-Za-z'’-]+|[A-Z]\.[A-Z.]*)){0,3}(?:\s*\([A-Za-z][A-Za-z .&/-]{0,30}\))?)\s+[—–-]{1,2}\s",
    )
    .expect("dateline pattern")
});

/// Words that open sentences, not place names.
const NOT_PLACE: &[&str] = &[
    "The",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "This",
    "That",
    "It",
    "He",
    "She",
    "They",
    "We",
    "His",
    "Her",
    "Their",
    "Mr",
    "Mrs",
    "Ms",
    "President",
    "Prime",
    "Minister",
];

/// The dateline at the head of the first body paragraph: the place (and
/// agency) before the dash ("WASHINGTON (AP) —", "Washington D.C. -",
/// "BEIJING:").
fn dateline(text: &str, para: Range<usize>) -> Option<Range<usize>> {
    let r = dateline_at(&text[para.clone()])?;
    Some(para.start + r.start..para.start + r.end)
}

/// The dateline at the start of `p`, as a range into `p`.
fn dateline_at(p: &str) -> Option<Range<usize>> {
    // (`is_numeric` takes in every decimal digit, and more.)
    let caps = if p.chars().any(|c| !c.is_ascii() && c.is_numeric()) {
        &DATELINE_CAPS_ANY_DIGIT
    } else {
        &DATELINE_CAPS_ASCII_DIGIT
    };
    let caps = caps.captures(p).map(|c| c.get(1).expect("group"));
    let m = caps.or_else(|| {
        DATELINE_MIXED
            .captures(p)
            .map(|c| c.get(1).expect("group"))
            .filter(|m| {
                let first = m.as_str().split([' ', ',']).next().unwrap_or("");
                !NOT_PLACE.contains(&first)
            })
    })?;
    Some(m.start()..m.end())
}

#[cfg(test)]
mod other_stories_tests {
    use super::*;

    #[test]
    fn headings_of_other_stories_by_shape() {
        for h in [
            "Our Latest Stories",
            "More stories from the Gazette",
            "Top Headlines",
            "Editors' Picks",
            "Most read stories",
            "Recommended videos",
            "Other news:",
            "More Great Gazette Stories",
            "Other local headlines",
        ] {
            assert!(other_stories(&key(h)), "{h}");
        }
        for h in [
            "News",
            "The latest stories of the war are grim.",
            "Stories of survival",
            "Top officials met on Monday",
            "More than 40 stories",
            "New York news",
        ] {
            assert!(!other_stories(&key(h)), "{h}");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `CLEAN_EXPLAIN=path cargo test --lib explain -- --nocapture` prints
    /// each block's evidence and role: a tool for reading failures.
    #[test]
    fn explain() {
        let Ok(path) = std::env::var("CLEAN_EXPLAIN") else {
            return;
        };
        let text = std::fs::read_to_string(path).unwrap();
        let mut blocks = blocks(&text, lex());
        mark_repeats(&mut blocks);
        mark_captions(&mut blocks);
        let (rs, re) = story_region(&blocks, Source::Text, lex());
        let title = find_title(&blocks, rs, lex(), Source::Text);
        eprintln!("region {rs}..={re} title {title:?}");
        for (i, b) in blocks.iter().enumerate() {
            eprintln!(
                "{i:4} {:?} w{} s{:.2} t{} c{:?} b{:?} d{} cap{} rep{} tz{} | {}",
                b.class,
                b.words,
                b.stop,
                b.terminal as u8,
                b.clutter.map(|h| h.kind),
                b.byline,
                b.date as u8,
                b.caption as u8,
                b.repeats,
                b.teaser as u8,
                b.text.chars().take(70).collect::<String>()
            );
        }
    }

    /// From HTML the headline comes first; a line the vocabulary does not
    /// know (a byline in another language) between it and the story does
    /// not cost it the title. Scraped text keeps asking for prose after it.
    #[test]
    fn html_headline_first_is_the_title() {
        let text = "Harbour reopens after the storm, and the ferries are back: what has changed for \
            the islands?\n\n\
            Door Anna Visser gepubliceerd op 3 maart\n\n\
            The harbour reopened on Monday after a week of repairs, and the first ferries left \
            on time in the morning, the port authority said in a statement.\n\n\
            Repairs to the outer wall will continue until the summer, it added, but they will not \
            affect the timetable of the island services.\n";
        let c = clean_from(text, lex(), Source::Html);
        let title = c.title.clone().map(|r| &text[r]);
        assert_eq!(
            title,
            Some(
                "Harbour reopens after the storm, and the ferries are back: what has changed for \
                 the islands?"
            )
        );
        assert!(
            !c.body
                .iter()
                .any(|r| text[r.clone()].starts_with("Harbour reopens")),
            "{:?}",
            c.body
        );
    }

    /// A page's headline with a dash inside (a mixed-case dateline's
    /// shape) is still its title.
    #[test]
    fn html_headline_with_a_dash_is_the_title() {
        let text = "Take Part - the Riverton Gazette is at the Book Fair and on the stage\n\n\
            Published 3 May 2024\n\n\
            The book fair opens in Riverton on Friday, and the Gazette will have a stand in the \
            main hall for the three days of the fair, its editor said.\n\n\
            Visitors can meet the paper's writers there and take part in readings every \
            afternoon, with a quiz for children on Sunday.\n";
        let c = clean_from(text, lex(), Source::Html);
        let title = c.title.clone().map(|r| &text[r]);
        assert_eq!(
            title,
            Some("Take Part - the Riverton Gazette is at the Book Fair and on the stage")
        );
        assert!(c.dateline.is_none(), "{:?}", c.dateline);
    }

    /// Pager and gallery counters are navigation; a score line is not.
    #[test]
    fn counters() {
        for t in ["1 - 5 of 36", "Slide 3 of 12", "2 of 9"] {
            assert!(counter(&key(t)), "{t}");
        }
        for t in ["3 of 5 voters agree", "of 12", "Chapter 12", "1 - 0"] {
            assert!(!counter(&key(t)), "{t}");
        }
    }

    #[test]
    fn html_lists_under_a_lead_in_stay() {
        let text = "Council approves the new tram line\n\n\
            The city council voted on Tuesday to approve the new tram line, which will link the \
            station with the university and the hospital, after two years of debate.\n\n\
            The line will stop at:\n\nCentral Station\n\nMarket Square\n\nUniversity Campus\n\n\
            City Hospital\n\n\
            Work is due to begin next spring and will take about three years, the council said \
            in a statement on Tuesday evening.\n";
        let body = |c: &Cleaned| {
            c.body
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>()
                .join("|")
        };
        let from_html = clean_from(text, lex(), Source::Html);
        assert!(
            body(&from_html).contains("Market Square|University Campus"),
            "{}",
            body(&from_html)
        );
        assert!(body(&from_html).contains("Work is due to begin"));
    }

    #[test]
    fn html_tables_and_closing_lists_stay() {
        let text = "Season calendar announced\n\n\
            The organisers published the calendar for next season on Monday, with eight rounds \
            on six circuits, two of them new to the series this year.\n\n\
            Round 1 10 March Northfield Round 2 8 April Eastbridge Round 3 22 April Westmoor \
            Round 4 6 May Southport Round 5 20 May Highcliff Round 6 3 June Lowdale\n\n\
            Tour dates\n\nJune 9 Riverton Arena\n\nJune 10 Lakeside Hall\n";
        let c = clean_from(text, lex(), Source::Html);
        let body: Vec<&str> = c.body.iter().map(|r| &text[r.clone()]).collect();
        assert!(
            body.iter().any(|b| b.starts_with("Round 1 10 March")),
            "{body:?}"
        );
        assert!(body.contains(&"June 10 Lakeside Hall"), "{body:?}");
        // Scraped text keeps its caution about such lines.
        let c = clean_from(text, lex(), Source::Text);
        let body: Vec<&str> = c.body.iter().map(|r| &text[r.clone()]).collect();
        assert!(!body.contains(&"June 10 Lakeside Hall"), "{body:?}");
    }

    #[test]
    fn the_story_ends_where_other_stories_begin() {
        let story = "Flood barriers rise along the river\n\n\
            Workers in Riverton finished raising the flood barriers along the east bank on \
            Monday, a week before the spring thaw is expected to swell the river to record levels.\n\n\
            The barriers, made of steel panels set into concrete footings, were paid for by the \
            regional council after the floods of two years ago damaged hundreds of homes.\n\n\
            Engineers said the barriers would hold back water a metre higher than the worst flood \
            on record, and that the river would be watched day and night through the thaw.\n\n";
        let teasers = "Related links:\n\n\
            The orchestra announced a new season of concerts in the old theatre.\n\n\
            A local baker won the national prize for sourdough bread this weekend.\n";
        let text = format!("{story}{teasers}");
        let c = clean_from(&text, lex(), Source::Html);
        let body: Vec<&str> = c.body.iter().map(|r| &text[r.clone()]).collect();
        assert!(
            body.iter().any(|b| b.starts_with("Engineers said")),
            "{body:?}"
        );
        assert!(!body.iter().any(|b| b.contains("orchestra")), "{body:?}");
        // After a widget's heading, more of the same story stays.
        let more = "Related links:\n\n\
            The council said the flood barriers along the river would be inspected by engineers \
            every spring before the thaw, and that the steel panels would be repainted each year \
            so that the river water does not rust them.\n\n\
            Homes on the east bank that were damaged in the floods two years ago are still being \
            repaired, and the council said the barriers should spare them from the next flood on \
            the river.\n";
        let text = format!("{story}{more}");
        let c = clean_from(&text, lex(), Source::Html);
        let body: Vec<&str> = c.body.iter().map(|r| &text[r.clone()]).collect();
        assert!(body.iter().any(|b| b.contains("inspected")), "{body:?}");
        // A legal notice closes the page: what follows is not the story.
        let text = format!(
            "{story}© 2024 Example Media. All rights reserved.\n\nWorld\n\nSport\n\n\
            Dating apps promise endless matches at your fingertips, but experts question whether \
            the companies behind them want their users to find love or to keep on searching.\n"
        );
        let c = clean_from(&text, lex(), Source::Html);
        let body: Vec<&str> = c.body.iter().map(|r| &text[r.clone()]).collect();
        assert!(!body.iter().any(|b| b.contains("Dating apps")), "{body:?}");
    }

    #[test]
    fn closing_sentences_made_of_names_stay_and_a_bare_credit_goes() {
        let text = "Ministers meet in Oslo\n\n\
            The ministers met in Oslo on Monday to discuss fishing rights, and they agreed \
            to meet again in the spring.\n\n\
            The talks went well. Fisheries Commissioner Ingrid Halvorsen Berg spoke.\n\n\
            Deputy Minister Tor Eriksen Lund left.\n\n\
            The next round is due in May.\n\n\
            Kari Nordby and Per Holm contributed.\n";
        let c = clean(text, lex());
        let body: Vec<&str> = c.body.iter().map(|r| &text[r.clone()]).collect();
        assert!(
            body.iter().any(|b| b.contains("Halvorsen Berg spoke")),
            "{body:?}"
        );
        assert!(
            body.contains(&"Deputy Minister Tor Eriksen Lund left."),
            "{body:?}"
        );
        assert!(body.contains(&"The next round is due in May."), "{body:?}");
        assert!(!body.iter().any(|b| b.contains("contributed")), "{body:?}");
    }

    #[test]
    fn html_a_prompt_among_the_lines_under_a_lead_in_takes_only_itself_out() {
        let text = "Garden club spring show\n\n\
            What will you see at the show this year?\n\n\
            Tulips from the lower meadow\n\nA new rose bed\n\nSeed swaps every hour\n\n\
            Click here to read more.\n\n\
            The garden club opens its spring show on Saturday in the church hall, and members \
            have spent the winter growing the flowers they will show there.\n\n\
            Entry is free for children, and the club will sell tea and cakes all afternoon.\n";
        let c = clean_from(text, lex(), Source::Html);
        let body: Vec<&str> = c.body.iter().map(|r| &text[r.clone()]).collect();
        assert!(body.contains(&"A new rose bed"), "{body:?}");
        assert!(body.contains(&"Seed swaps every hour"), "{body:?}");
        assert!(!body.contains(&"Click here to read more."), "{body:?}");
    }

    #[test]
    fn html_recurring_questions_and_lists_under_a_lead_in_stay() {
        let text = "Five bakers and their best loaves\n\n\
            What is new in the bakery this year?\n\nRye from the hills\n\nSpelt with honey\n\n\
            We asked five bakers from the valley about the breads that made their names, and \
            how they learnt to bake them in the first place.\n\n\
            Anna Berg\n\nWhat made you start baking?\n\n\
            My grandmother baked every morning, and I took over her oven when she retired.\n\n\
            Tom Field\n\nWhat made you start baking?\n\n\
            I wanted bread like the loaves I ate as a student in the north, and nobody sold it.\n\n\
            Ruth Lake\n\nWhat made you start baking?\n\n\
            The bakery on our street closed, and somebody had to keep the village in bread.\n";
        let c = clean_from(text, lex(), Source::Html);
        let body: Vec<&str> = c.body.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(
            body.iter()
                .filter(|b| **b == "What made you start baking?")
                .count(),
            3,
            "{body:?}"
        );
        assert!(body.contains(&"Spelt with honey"), "{body:?}");
    }

    /// Issue 19: the headline is the line the story is about, not a site's
    /// label nearer the story; a bio closes the story; a label after an
    /// "Author" tag or under the headline is no writer.
    #[test]
    fn headline_by_topic_bio_ends_story_labels_are_no_authors() {
        let story = "The city council voted on Tuesday to close the old harbour bridge to \
            lorries after engineers found cracks in two of its steel supports.\n\n\
            The bridge, built in 1931, carries about 20,000 vehicles a day, and the council \
            said repairs to the supports would take at least a year to finish.\n\n\
            Drivers of heavy goods vehicles will be sent along the ring road while the \
            work goes on, and the council will review the closure every three months.\n";
        let text = format!(
            "Council shuts harbour bridge to lorries after cracks found\n\n\
             Share this story\n\nContact our newsroom today\n\nBy Jane Doe\n\n{story}\n\
             Jane Doe is a reporter covering transport and city hall for the paper.\n\n\
             The mayor opened a new library on the east side of town, the third to open \
             there in as many years, and promised a fourth by next spring.\n"
        );
        let (title, authors, body, _) = run(&text);
        assert_eq!(
            title.as_deref(),
            Some("Council shuts harbour bridge to lorries after cracks found")
        );
        assert_eq!(authors, ["Jane Doe"]);
        assert!(body.last().unwrap().starts_with("Drivers"), "{body:?}");
        for label in ["Learn More", "Previous Post", "Press Releases"] {
            let text = format!("Council shuts harbour bridge to lorries\n\n{label}\n\n{story}");
            assert!(run(&text).1.is_empty(), "{label}");
        }
        let text = format!("Council shuts harbour bridge to lorries\n\nKashmira Gander\n\n{story}");
        assert_eq!(run(&text).1, ["Kashmira Gander"]);
    }

    #[test]
    fn picture_credits_and_doubled_labels_in_bylines() {
        let story = "The ministers of both countries agreed on Tuesday to resume talks on the \
            disputed border, officials said after a long meeting in the capital.\n\n\
            The talks had stalled for a year after a clash in which several soldiers were \
            killed, and both sides had blamed each other for the violence.\n";
        for (byline, want) in [
            ("Byby Jane Doe", vec!["Jane Doe"]),
            ("Photo: John Smith, AP", vec![]),
            ("By Reuters", vec!["Reuters"]),
        ] {
            let text = format!("Ministers agree to resume border talks\n\n{byline}\n\n{story}");
            let c = clean(&text, lex());
            assert_eq!(c.authors, want, "{byline}");
        }
    }

    #[test]
    fn a_statements_long_title_is_the_headline() {
        let text = "Joint Statement by the Foreign Ministers of Northland and Southland on the \
            Resumption of Border Talks and the Reopening of the Two Consulates in the Coastal Cities\n\n\
            The foreign ministers of Northland and Southland met today in the capital and agreed \
            to resume the border talks that were suspended last year, and to reopen both \
            consulates in the coming weeks, as a sign of their renewed commitment to dialogue.\n";
        let c = clean(text, lex());
        let title = c.title.clone().map(|r| &text[r]);
        assert!(
            title.is_some_and(|t| t.starts_with("Joint Statement")),
            "{title:?}"
        );
        assert_eq!(c.body.len(), 1);
    }

    #[test]
    fn a_long_headline_with_a_full_stop_then_a_byline_is_the_headline() {
        let head = "Harbour board backs a second ferry route to the islands, easing summer queues and not raising fares.";
        for stamp in ["By Tomas Brandt", "By Tomas Brandt\n\n4 March 2024"] {
            let text = format!("{head}\n\n{stamp}\n\n{P1}\n\n{P2}\n");
            let (title, authors, body, _) = run(&text);
            assert_eq!(title.as_deref(), Some(head), "{stamp}");
            assert_eq!(authors, vec!["Tomas Brandt".to_string()]);
            assert_eq!(body.len(), 2, "{body:#?}");
        }
        // A first paragraph without a byline after it stays the story.
        let text = format!("{P1}\n\n{P2}\n");
        let (title, _, body, _) = run(&text);
        assert_eq!(title, None);
        assert_eq!(body.len(), 2);
    }

    fn lex() -> &'static CleanLexicon {
        static L: LazyLock<CleanLexicon> = LazyLock::new(|| CleanLexicon::load().unwrap());
        &L
    }

    fn run(text: &str) -> (Option<String>, Vec<String>, Vec<String>, Option<String>) {
        let c = clean(text, lex());
        (
            c.title.map(|r| text[r].to_string()),
            c.authors,
            c.body.iter().map(|r| text[r.clone()].to_string()).collect(),
            c.dateline.map(|r| text[r].to_string()),
        )
    }

    const P1: &str = "The two ministers met for three hours on Monday and agreed that the talks on the border would resume in the spring, according to officials who were present at the meeting.";
    const P2: &str = "It was the first such meeting since the dispute began last year, and both sides said they hoped it would lead to a lasting settlement of the question.";

    #[test]
    fn datelines() {
        for (para, want) in [
            (
                "WASHINGTON (AP) — The Senate voted on Tuesday.",
                Some("WASHINGTON (AP)"),
            ),
            (
                "Washington D.C. - Amid evolving dynamics, the talks went on.",
                Some("Washington D.C."),
            ),
            ("LONDON — After nearly 20 years, it ended.", Some("LONDON")),
            (
                "BEIJING: In what is being seen as a snub, China spoke.",
                Some("BEIJING"),
            ),
            (
                "KUALA LUMPUR, Malaysia (Reuters) - Leaders met.",
                Some("KUALA LUMPUR, Malaysia (Reuters)"),
            ),
            (
                "The Palestinian Authority - which rejects it - spoke.",
                None,
            ),
            ("President Biden met Lula today.", None),
            // A non-ASCII digit is a digit (the Unicode pattern runs).
            ("CAIRO, ٢٣ — Talks began.", Some("CAIRO, ٢٣")),
            ("CAIRO, 23 — Talks began.", Some("CAIRO, 23")),
        ] {
            let got = dateline(para, 0..para.len()).map(|r| &para[r]);
            assert_eq!(got, want, "{para:?}");
        }
        // The two compiled forms of the capitals pattern agree where there
        // is no non-ASCII digit.
        for p in [
            "WASHINGTON, D.C., 12 (AP) — x",
            "NEW DELHI, 3 — x",
            "PARIS: x",
            "(Reuters) - x",
        ] {
            let span = |r: &Regex| r.captures(p).map(|c| c.get(1).expect("group").range());
            assert_eq!(
                span(&DATELINE_CAPS_ANY_DIGIT),
                span(&DATELINE_CAPS_ASCII_DIGIT)
            );
        }
    }

    #[test]
    fn headline_byline_and_clutter() {
        let text = format!(
            "Home\n\nNews\n\nWorld\n\nMinisters agree to resume border talks\n\nBy Jane Doe\n\n12 March 2024\n\nShare\n\nLONDON — {P1}\n\n{P2}\n\nAdvertisement\n\n{P1} Again.\n\nRelated Coverage\n\nOther story about something else entirely\n\n© 2024 Example News. All rights reserved.\n"
        );
        let (title, authors, body, dl) = run(&text);
        assert_eq!(
            title.as_deref(),
            Some("Ministers agree to resume border talks")
        );
        assert_eq!(authors, vec!["Jane Doe".to_string()]);
        assert_eq!(body.len(), 3, "{body:#?}");
        assert!(body[0].starts_with("LONDON —"));
        assert_eq!(dl.as_deref(), Some("LONDON"));
        let c = clean(&text, lex());
        let stamps: Vec<&str> = c.stamps.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(stamps, vec!["12 March 2024"]);
    }

    #[test]
    fn stamps_share_prompts_and_foreign_related_headers_are_clutter() {
        for (line, words, sentence) in [
            (
                "PUBLISHED: 09:15, Mon, Mar 4, 2024 | UPDATED: 11:20, Mon, Mar 4, 2024",
                13,
                false,
            ),
            ("Last updated: 4 March 2024", 4, false),
            ("Like this story? Tell your neighbours!", 6, true),
            ("Chat with us on our app", 6, false),
            ("Back to Gallery", 3, false),
            ("Artigos relacionados", 2, false),
            ("Articles connexes", 2, false),
        ] {
            assert!(
                lex().clutter(&key(line), words, sentence).is_some(),
                "{line}"
            );
        }
        for (line, words, sentence) in [
            (
                "The report was published: the council read it aloud on Monday.",
                11,
                true,
            ),
            ("Like this, the river rose a metre overnight.", 8, true),
        ] {
            assert!(
                lex().clutter(&key(line), words, sentence).is_none(),
                "{line}"
            );
        }
    }

    #[test]
    fn story_before_longer_related_teasers() {
        let teaser = "In other news, the central bank raised interest rates again on Thursday, saying that inflation had proved more stubborn than expected and that it would act again if needed.";
        let text = format!(
            "Talks resume on the border\n\n{P1}\n\n{P2}\n\nMore Stories\n\nRates rise again\n\n{teaser}\n\nFloods in the north\n\n{teaser} More.\n\nStorm warning\n\n{teaser} Again.\n"
        );
        let (title, _, body, _) = run(&text);
        assert_eq!(title.as_deref(), Some("Talks resume on the border"));
        assert_eq!(body.len(), 2, "{body:#?}");
    }

    #[test]
    fn a_line_or_two_without_prose_is_kept() {
        for (text, title, body) in [
            ("Turkey threatens to expel 10 ambassadors", None, 1),
            ("Share prices fell after the sanctions", None, 1),
            ("The United States imposed sanctions on Iran.", None, 1),
            (
                "Iran and Iraq sign a security pact\nOfficials in Baghdad said the pact covers the border",
                Some("Iran and Iraq sign a security pact"),
                1,
            ),
        ] {
            let (t, _, b, _) = run(text);
            assert_eq!(t.as_deref(), title, "{text:?}");
            assert_eq!(b.len(), body, "{text:?}");
        }
    }

    #[test]
    fn credits() {
        for (t, want) in [
            (
                "A man rides past the settlement on Tuesday. Jane Doe / AFP",
                true,
            ),
            ("Protesters gather in the square. (Reuters)", true),
            ("AFP via Getty Images", true),
            ("Image: Getty Images", true),
            ("Photo by Jane Doe on Unsplash", true),
            ("The minister spoke to Reuters.", false),
            ("Talks resume in Geneva", false),
        ] {
            assert_eq!(is_credit(t, &key(t), lex()), want, "{t:?}");
        }
    }

    #[test]
    fn no_clutter_no_title() {
        let text = format!("{P1}\n\n{P2}\n");
        let (title, authors, body, _) = run(&text);
        assert_eq!(title, None);
        assert!(authors.is_empty());
        assert_eq!(body.len(), 2);
    }

    #[test]
    fn date_first_no_headline() {
        let text = format!("Wednesday, January 23, 2019\n\n\n{P1}\n\n{P2}\n");
        let c = clean(&text, lex());
        assert_eq!(c.title, None);
        assert_eq!(c.body.len(), 2);
        assert_eq!(c.removed.len(), 1);
    }

    #[test]
    fn headline_then_dek() {
        let text = format!(
            "Leaders weigh closer military ties.\n\nAfter the vote, the bloc aims to rely less on outside support.\n\n{P1}\n\n{P2}\n"
        );
        let (title, _, body, _) = run(&text);
        assert_eq!(
            title.as_deref(),
            Some("Leaders weigh closer military ties.")
        );
        assert_eq!(body.len(), 3);
    }

    #[test]
    fn hard_wrapped_paragraphs_join() {
        let text = "President Smith met with President Jones of Freedonia today on the\nsidelines of the summit. The two leaders discussed the launch of a new\npartnership on trade.\n\nThey agreed to meet again next year in the capital, officials said after\nthe meeting ended.\n";
        let c = clean(text, lex());
        assert_eq!(c.body.len(), 2, "{:?}", c.body);
    }

    #[test]
    fn every_line_accounted_for() {
        let text = format!(
            "Menu\nSearch\nBig headline about talks here\nBy Jane Doe\n{P1}\n{P2}\nShare this\nTerms of Use\n"
        );
        let c = clean(&text, lex());
        let mut covered: Vec<Range<usize>> = c.body.clone();
        covered.extend(c.title.clone());
        covered.extend(c.removed.iter().map(|r| r.start..r.end));
        let mut pos = 0;
        for line in text.split_inclusive('\n') {
            let t = line.trim();
            if !t.is_empty() {
                let s = pos + line.find(t).unwrap();
                assert!(
                    covered.iter().any(|r| r.start <= s && s + t.len() <= r.end),
                    "line {t:?} not covered"
                );
            }
            pos += line.len();
        }
    }
}
