//! A cap on how deep a page's elements nest, applied to the markup before
//! it is parsed.
//!
//! Why: the HTML5 tree builder (html5ever, as every browser's) looks down
//! its stack of open elements for most start tags ("is a `<p>` open in
//! button scope?"), so a page of 200,000 nested `<div>` costs 200,000²
//! steps; and a tree that deep is deeper than any story. Browsers cap it
//! (Blink inserts elements deeper than 512 as siblings); we do the same,
//! at half Blink's depth (stories nest a few dozen levels deep; each level
//! costs every start tag a step in the tree builder): start tags that would
//! open an element deeper than [`MAX_DEPTH`] are dropped, with the end tags
//! that close them, and their text is kept.
//!
//! The depth is that of a simplified tree builder: void elements open
//! nothing, raw-text elements (`<script>`, `<style>`, …) hide their content,
//! comments and doctypes are skipped, an end tag closes the nearest open
//! element of its name, and the elements whose end tag is optional (`p`,
//! `li`, `dd`, `dt`, `td`, `th`, `tr`, `option`, headings …) close as the
//! HTML5 rules close them. It may differ from html5ever's tree by a few
//! implied elements (`tbody`), never by more than a constant factor.
//!
//! Cost: one pass over the markup; each tag looks at most [`MAX_DEPTH`]
//! open elements, so O(n · MAX_DEPTH) at worst and O(n) on real pages.

use std::borrow::Cow;

/// The deepest an element may nest (Blink's `kMaximumHTMLParserDOMTreeDepth`
/// is 512).
pub const MAX_DEPTH: usize = 256;

const VOID: &[&str] = &[
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img",
    "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose content is text up to their own end tag.
const RAW: &[&str] = &[
    "script", "style", "xmp", "iframe", "noembed", "noframes", "textarea", "title", "noscript",
];

/// Start tags that close an open `<p>` (HTML5 "close a p element").
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "header",
    "hgroup",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "section",
    "summary",
    "ul",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "pre",
    "listing",
    "form",
    "li",
    "dd",
    "dt",
    "table",
    "hr",
    "xmp",
    "plaintext",
];

const HEADINGS: &[&str] = &["h1", "h2", "h3", "h4", "h5", "h6"];

/// Names whose open elements are counted, so that a start tag which
/// closes one of them looks down the stack only when one is open.
const COUNTED: &[&str] = &[
    "p", "li", "dd", "dt", "td", "th", "tr", "thead", "tbody", "tfoot", "table", "option", "a",
    "button", "svg", "math",
];

/// The open elements, with how many of each counted name.
#[derive(Default)]
struct Open {
    names: Vec<String>,
    counts: [usize; COUNTED.len()],
}

impl Open {
    fn len(&self) -> usize {
        self.names.len()
    }

    fn push(&mut self, name: String) {
        if let Some(k) = COUNTED.iter().position(|c| *c == name) {
            self.counts[k] += 1;
        }
        self.names.push(name);
    }

    fn truncate(&mut self, at: usize) {
        while self.names.len() > at {
            if let Some(name) = self.names.pop()
                && let Some(k) = COUNTED.iter().position(|c| *c == name)
            {
                self.counts[k] -= 1;
            }
        }
    }

    /// Whether any element named in `names` (all counted) is open.
    fn any_open(&self, names: &[&str]) -> bool {
        names.iter().any(|n| {
            COUNTED
                .iter()
                .position(|c| c == n)
                .is_some_and(|k| self.counts[k] > 0)
        })
    }
}

/// What a scan of the markup found.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Scan {
    /// Tags dropped because they nest too deep.
    pub dropped: usize,
    /// The deepest nesting seen before the cap.
    pub max_depth: usize,
    /// Steps taken: characters scanned plus open elements looked at.
    pub work: usize,
}

/// `html` with every element deeper than `MAX_DEPTH` unwrapped (its tags
/// dropped, its text kept); borrowed when nothing is that deep.
pub fn cap(html: &str) -> (Cow<'_, str>, Scan) {
    cap_at(html, MAX_DEPTH)
}

pub(super) fn cap_at(html: &str, max: usize) -> (Cow<'_, str>, Scan) {
    let b = html.as_bytes();
    let mut scan = Scan::default();
    // Open elements, lowercased names.
    let mut stack = Open::default();
    // Dropped start tags not yet closed.
    let mut dropped_open = 0usize;
    // Byte ranges of tags to drop.
    let mut cut: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = memchr_lt(&b[i..]) {
        let lt = i + off;
        scan.work += off + 1;
        i = lt + 1;
        if let Some(end) = declaration_end(b, lt) {
            scan.work += end - lt;
            i = end;
            continue;
        }
        let end_tag = b.get(lt + 1) == Some(&b'/');
        let name_at = lt + 1 + usize::from(end_tag);
        if !b.get(name_at).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let j = name_end(b, name_at);
        let name = html[name_at..j].to_ascii_lowercase();
        let close = tag_end(b, j);
        scan.work += close - lt;
        let self_closing = close >= 2 && b[close - 2] == b'/';
        i = close;
        let n = name.as_str();
        if end_tag {
            if dropped_open > 0 {
                dropped_open -= 1;
                cut.push((lt, close));
                continue;
            }
            if let Some(at) = stack.names.iter().rposition(|o| o == n) {
                scan.work += stack.len() - at;
                stack.truncate(at);
            }
            continue;
        }
        implied_ends(&mut stack, n, &mut scan.work);
        if RAW.contains(&n) {
            // Its content is text up to `</name`.
            let end = find_end_tag(b, close, n.as_bytes()).unwrap_or(b.len());
            scan.work += end - close;
            i = end;
            if stack.len() >= max {
                scan.dropped += 1;
                cut.push((lt, close));
            }
            continue;
        }
        if VOID.contains(&n)
            || (self_closing && (n == "svg" || n == "math" || stack.any_open(&["svg", "math"])))
        {
            continue;
        }
        if stack.len() >= max {
            scan.dropped += 1;
            dropped_open += 1;
            cut.push((lt, close));
            continue;
        }
        stack.push(name);
        scan.max_depth = scan.max_depth.max(stack.len());
    }
    scan.work += b.len().saturating_sub(i);
    (cut_out(html, &cut), scan)
}

/// The end of the comment, doctype or processing instruction that starts
/// at the `<` at `lt`, if one does (the text's end when it is unclosed).
fn declaration_end(b: &[u8], lt: usize) -> Option<usize> {
    if b[lt + 1..].starts_with(b"!--") {
        return Some(find(b, lt + 4, b"-->").map_or(b.len(), |e| e + 3));
    }
    if matches!(b.get(lt + 1), Some(b'!' | b'?')) {
        return Some(find(b, lt + 1, b">").map_or(b.len(), |e| e + 1));
    }
    None
}

/// The end of the tag name that starts at `from`: the first space, `/` or `>`.
fn name_end(b: &[u8], from: usize) -> usize {
    let mut j = from;
    while j < b.len() && !matches!(b[j], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>') {
        j += 1;
    }
    j
}

/// `html` without the byte ranges `cut` (in order, not overlapping);
/// borrowed when there are none.
fn cut_out<'h>(html: &'h str, cut: &[(usize, usize)]) -> Cow<'h, str> {
    if cut.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut from = 0;
    for &(s, e) in cut {
        out.push_str(&html[from..s]);
        from = e;
    }
    out.push_str(&html[from..]);
    Cow::Owned(out)
}

/// Pops the open elements a start tag `n` closes by the HTML5 rules.
fn implied_ends(stack: &mut Open, n: &str, work: &mut usize) {
    let pop_to = |stack: &mut Open, targets: &[&str], bounds: &[&str], work: &mut usize| {
        if !stack.any_open(targets) {
            return;
        }
        for at in (0..stack.len()).rev() {
            *work += 1;
            let o = stack.names[at].as_str();
            if targets.contains(&o) {
                stack.truncate(at);
                return;
            }
            if bounds.contains(&o) {
                return;
            }
        }
    };
    const BUTTON_SCOPE: &[&str] = &[
        "html", "table", "td", "th", "caption", "marquee", "object", "applet", "template", "button",
    ];
    const LIST_SCOPE: &[&str] = &[
        "html", "table", "td", "th", "caption", "template", "ul", "ol", "menu",
    ];
    const DL_SCOPE: &[&str] = &["html", "table", "td", "th", "caption", "template", "dl"];
    if CLOSES_P.contains(&n) {
        pop_to(stack, &["p"], BUTTON_SCOPE, work);
    }
    match n {
        "li" => pop_to(stack, &["li"], LIST_SCOPE, work),
        "dd" | "dt" => pop_to(stack, &["dd", "dt"], DL_SCOPE, work),
        "td" | "th" => pop_to(
            stack,
            &["td", "th"],
            &["table", "tr", "html", "template"],
            work,
        ),
        "tr" => pop_to(stack, &["tr"], &["table", "html", "template"], work),
        "thead" | "tbody" | "tfoot" => pop_to(
            stack,
            &["thead", "tbody", "tfoot"],
            &["table", "html", "template"],
            work,
        ),
        "table" => pop_to(
            stack,
            &["table"],
            &["td", "th", "caption", "html", "template"],
            work,
        ),
        "option" => pop_to(stack, &["option"], &["select", "html"], work),
        "a" => pop_to(stack, &["a"], &BUTTON_SCOPE[..4], work),
        "button" => pop_to(stack, &["button"], &BUTTON_SCOPE[..9], work),
        _ => {}
    }
    if HEADINGS.contains(&n)
        && stack
            .names
            .last()
            .is_some_and(|o| HEADINGS.contains(&o.as_str()))
    {
        stack.truncate(stack.len() - 1);
    }
}

fn memchr_lt(b: &[u8]) -> Option<usize> {
    b.iter().position(|&c| c == b'<')
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    if from >= b.len() {
        return None;
    }
    b[from..]
        .windows(pat.len())
        .position(|w| w == pat)
        .map(|p| p + from)
}

/// The byte after the `>` ending a tag whose name ends at `j`; quoted
/// attribute values may hold `>`.
fn tag_end(b: &[u8], mut j: usize) -> usize {
    let mut quote: Option<u8> = None;
    while j < b.len() {
        let c = b[j];
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None if c == b'"' || c == b'\'' => {
                // A quote opens a value only after `=` (maybe spaced).
                let prev = b[..j].iter().rev().find(|c| !c.is_ascii_whitespace());
                if prev == Some(&b'=') {
                    quote = Some(c);
                }
            }
            None if c == b'>' => return j + 1,
            None => {}
        }
        j += 1;
    }
    b.len()
}

/// Where the end tag `</name` of a raw-text element starts, from `from`.
fn find_end_tag(b: &[u8], from: usize, name: &[u8]) -> Option<usize> {
    let mut i = from;
    while let Some(off) = memchr_lt(&b[i.min(b.len())..]) {
        let lt = i + off;
        let n = lt + 2 + name.len();
        if b.get(lt + 1) == Some(&b'/')
            && b.len() >= n
            && b[lt + 2..n].eq_ignore_ascii_case(name)
            && b.get(n).is_none_or(|c| !c.is_ascii_alphanumeric())
        {
            return Some(lt);
        }
        i = lt + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_pages_pass_unchanged() {
        let page = "<!doctype html><html><head><title>a < b</title>\
            <script>if (a<b) { x = '<div>'; }</script></head><body>\
            <p>one<p>two<ul><li>a<li>b</ul><table><tr><td>1<td>2<tr><td>3</table>\
            <svg><path d='M0'/><path/></svg><br><img src=x><!-- <div> -->\
            <div class=\"a>b\"><h2>t</h2></div></body></html>";
        let (out, scan) = cap_at(page, 6);
        assert!(matches!(out, Cow::Borrowed(_)), "{out}");
        assert_eq!(scan.dropped, 0);
        assert!(scan.max_depth <= 6, "{scan:?}");
    }

    #[test]
    fn unclosed_paragraphs_and_items_do_not_add_up() {
        let page = format!(
            "<html><body>{}{}",
            "<p>para ".repeat(2000),
            "<ul><li>a<li>b<li>c</ul>".repeat(500)
        );
        let (_, scan) = cap_at(&page, 8);
        assert_eq!(scan.dropped, 0);
        assert!(scan.max_depth <= 5, "{scan:?}");
    }

    #[test]
    fn deep_nesting_is_unwrapped_and_text_kept() {
        let page = format!(
            "<html><body>{}deep text{}",
            "<div>".repeat(50),
            "</div>".repeat(50)
        );
        let (out, scan) = cap_at(&page, 10);
        assert_eq!(scan.dropped, 42);
        assert_eq!(out.matches("<div>").count(), 8);
        assert_eq!(out.matches("</div>").count(), 8);
        assert!(out.contains("deep text"));
    }
}
