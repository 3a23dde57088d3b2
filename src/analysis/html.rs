//! Main-content extraction from an HTML page.
//!
//! Input: the HTML the client sent. Output: plain text, one block per
//! paragraph, blocks separated by blank lines, the headline first where
//! the page has one, then a "By …" line from the page's author metadata
//! and a publication date line when the page declares them. This text is
//! what every offset of the answer then points into (returned as
//! `source_text`), and the text path ([`crate::analysis::clean`]) then
//! runs on it as on any scraped page.
//!
//! How it decides, after readability.js and jusText: the content root is
//! the `<article>` (or `<main>`) holding most of the page's paragraph text,
//! else `<body>`; inside it, elements that never hold story text (scripts,
//! menus, forms, figures, asides) and elements whose class or id names
//! clutter (share, related, newsletter, comments, ads …, unless they also
//! name the content) are skipped; block elements become paragraphs; a short
//! paragraph made mostly of link text is a menu or a list of other stories
//! and is dropped.
//!
//! Cost, on any input: the markup is first capped at [`depth::MAX_DEPTH`]
//! levels of nesting (deeper tags are unwrapped, their text kept, and the
//! answer says so in `warnings`), which keeps the HTML5 tree builder
//! linear; then every pass over the tree is an iterative traversal
//! (explicit stack, no recursion), and what a decision needs about a
//! subtree (its paragraph text, its headline) is gathered in one pass, so
//! the whole extraction is O(n) in the page's size.

mod depth;

use ego_tree::NodeId;
use ego_tree::iter::Edge;
use scraper::node::Node;
use scraper::{ElementRef, Html};

/// Elements whose content is never story text.
const SKIP: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "svg",
    "nav",
    "aside",
    "form",
    "iframe",
    "button",
    "select",
    "input",
    "textarea",
    "figure",
    "figcaption",
    "picture",
    "video",
    "audio",
    "canvas",
    "object",
    "embed",
    "map",
    "dialog",
    "menu",
    "head",
    "title",
    "meta",
    "link",
];

/// Elements that start and end a paragraph.
const BLOCK: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "blockquote",
    "pre",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "table",
    "tr",
    "td",
    "th",
    "dl",
    "dt",
    "dd",
    "address",
    "hr",
    "center",
    "body",
    "html",
];

/// Class or id fragments of clutter containers (readability's "unlikely
/// candidates", plus common share and promo widgets).
const CLUTTER_ATTR: &[&str] = &[
    "share",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "signup",
    "sign-up",
    "promo",
    "advert",
    "ad-slot",
    "adslot",
    "ad-container",
    "sponsor",
    "cookie",
    "consent",
    "comment",
    "disqus",
    "footer",
    "navbar",
    "nav-",
    "menu",
    "sidebar",
    "breadcrumb",
    "recommend",
    "popular",
    "trending",
    "most-read",
    "mostread",
    "outbrain",
    "taboola",
    "paywall",
    "modal",
    "popup",
    "banner",
    "masthead",
    "toolbar",
    "skip-link",
    "caption",
    "credit",
    "tags",
    "byline-share",
    "read-more",
    "readmore",
    "more-stories",
    "author-bio",
    "bio",
];

/// Fragments of [`CLUTTER_ATTR`] that name a wrapper rather than what is
/// in it: a paywall, an overlay, a promo box or a caption may wrap the
/// story itself ("paywall-content", "article-modal"), so an element named
/// only by these keeps its text when it holds most of the story's.
const WRAPPER_ATTR: &[&str] = &[
    "paywall",
    "modal",
    "popup",
    "banner",
    "promo",
    "subscribe",
    "signup",
    "sign-up",
    "sponsor",
    "masthead",
    "toolbar",
    "caption",
    "credit",
    "tags",
    "bio",
];

/// Class or id fragments that mark the content itself.
const CONTENT_ATTR: &[&str] = &[
    "article", "story", "content", "body", "main", "post", "entry", "text",
];

/// The readable text of a page, and what the reader should know about how
/// it was read.
#[derive(Debug, Default)]
pub struct Extracted {
    pub text: String,
    pub warnings: Vec<String>,
}

/// Extracts the readable text of `html`.
pub fn extract(html: &str) -> String {
    extract_page(html).text
}

/// Extracts the readable text of `html`, with warnings (a page nested too
/// deep to read whole).
pub fn extract_page(html: &str) -> Extracted {
    let mut work = 0;
    extract_counted(html, &mut work)
}

/// [`extract_page`], adding to `work` the steps taken (characters
/// scanned, tree edges visited): a deterministic measure of its cost.
fn extract_counted(html: &str, work: &mut usize) -> Extracted {
    extract_inner(html, work).0
}

/// [`extract_counted`], and the depth of the parsed tree.
fn extract_inner(html: &str, work: &mut usize) -> (Extracted, usize) {
    let (html, scan) = depth::cap(html);
    *work += scan.work;
    let mut warnings = Vec::new();
    if scan.dropped > 0 {
        warnings.push(format!(
            "the page nests elements deeper than {} levels: {} deeper tags were ignored and their text read as if unwrapped",
            depth::MAX_DEPTH,
            scan.dropped
        ));
    }
    let doc = Html::parse_document(&html);
    let facts = survey(&doc, work);
    let root = content_root(&doc, &facts);
    let title = headline(&doc, &facts, root);
    let root_chars = facts
        .candidates
        .iter()
        .find(|(id, _)| *id == root.id())
        .map_or(facts.body_chars, |&(_, n)| n);
    // Wrapper-named elements that hold half the story or more are read.
    let mut keep: Vec<NodeId> = facts
        .wrappers
        .iter()
        .filter(|&&(_, n)| n * 2 >= root_chars)
        .map(|&(id, _)| id)
        .collect();
    keep.sort_unstable();
    let mut b = Builder::default();
    walk(root, &keep, &mut b, work);
    b.flush();

    let mut out: Vec<String> = Vec::new();
    if let Some(t) = &title {
        out.push(t.clone());
    }
    if let Some(a) = author(&facts)
        && !b.blocks.iter().take(12).any(|p| p.text.contains(&a))
    {
        out.push(format!("By {a}"));
    }
    if let Some(d) = published(&facts) {
        out.push(d);
    }
    for p in b.blocks {
        if title.as_deref() == Some(p.text.as_str()) {
            continue;
        }
        let words = p.text.split_whitespace().count();
        if p.link_density() > 0.5 && words < 40 && !p.linked_sentence() {
            continue;
        }
        out.push(p.text);
    }
    let mut text = out.join("\n\n");
    text.push('\n');
    (Extracted { text, warnings }, facts.depth)
}

/// Whether `text` starts like an HTML page: `<!doctype html` or `<html`
/// (any case), after a byte-order mark, blanks and comments.
pub fn looks_like_page(text: &str) -> bool {
    let mut t = text.trim_start_matches('\u{feff}').trim_start();
    while let Some(rest) = t.strip_prefix("<!--") {
        t = rest.find("-->").map_or("", |e| rest[e + 3..].trim_start());
    }
    let head = t.get(..14).or(t.get(..5)).unwrap_or(t);
    let head = head.to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html") && {
            let after = t[5..].chars().next();
            after.is_none_or(|c| c == '>' || c.is_whitespace())
        }
}

/// A paragraph being gathered, with how much of it is link text.
#[derive(Default)]
struct Para {
    text: String,
    link_chars: usize,
    /// Words written outside any link.
    plain_words: usize,
}

/// Words of its own a paragraph needs around a link to read as a
/// sentence that cites it rather than as a link with a label.
const LINKED_SENTENCE_WORDS: usize = 4;

impl Para {
    fn link_density(&self) -> f32 {
        let n = self.text.chars().filter(|c| !c.is_whitespace()).count();
        if n == 0 {
            0.0
        } else {
            self.link_chars as f32 / n as f32
        }
    }

    /// A sentence of the story that links some of its words ("The suspect
    /// was convicted and <a>sentenced to life</a>."): words of its own
    /// around the link and a sentence's end, not a headline or menu entry.
    fn linked_sentence(&self) -> bool {
        let end = self
            .text
            .trim_end_matches(['"', '\'', '”', '’', ')', '»'])
            .ends_with(['.', '!', '?']);
        end && self.plain_words >= LINKED_SENTENCE_WORDS
    }
}

/// Words an image's alt text needs to be matched as its caption: one or
/// two ("photo", a name) may be a paragraph's own words too.
const CAPTION_MIN_WORDS: usize = 3;

/// A paragraph that is a content-management shortcode printed as text
/// (`[button link="…"]Send us your review[/button]`): an unrendered widget,
/// not prose. It opens with `[name` and closes a `[/name]` or sets an
/// attribute (`name="…"`) inside its first bracket.
fn shortcode(t: &str) -> bool {
    let Some(rest) = t.strip_prefix('[') else {
        return false;
    };
    let name_len = rest
        .find(|c: char| !c.is_ascii_alphanumeric() && c != '_' && c != '-')
        .unwrap_or(rest.len());
    if name_len == 0 {
        return false;
    }
    let name = &rest[..name_len];
    let first = rest.split(']').next().unwrap_or("");
    let attribute = rest[name_len..].starts_with(' ') && first.contains('=');
    attribute || t.ends_with(&format!("[/{name}]"))
}

#[derive(Default)]
struct Builder {
    cur: Para,
    blocks: Vec<Para>,
    /// The alt text of the last image, until a paragraph follows it: a
    /// paragraph that repeats it is the image's caption, however the page
    /// names its element.
    alt: Option<String>,
}

impl Builder {
    fn text(&mut self, t: &str, in_link: bool) {
        for (i, piece) in t.split(char::is_whitespace).enumerate() {
            if i > 0 && !self.cur.text.ends_with([' ', '\n']) && !self.cur.text.is_empty() {
                self.cur.text.push(' ');
            }
            if !piece.is_empty() {
                self.cur.text.push_str(piece);
                if in_link {
                    self.cur.link_chars += piece.chars().count();
                } else if piece.chars().any(char::is_alphanumeric) {
                    self.cur.plain_words += 1;
                }
            }
        }
    }

    /// `<br>`: a second one in a row ends the paragraph; one alone is a
    /// space (a hard line break inside one paragraph).
    fn line_break(&mut self) {
        let t = self.cur.text.trim_end_matches(' ').len();
        self.cur.text.truncate(t);
        if self.cur.text.ends_with('\n') {
            self.flush();
        } else if !self.cur.text.is_empty() {
            self.cur.text.push('\n');
        }
    }

    /// An image: its alt text, in words, if it says something and the
    /// image opens a paragraph (a title written before it in the same
    /// paragraph names it, as a video's does; it is no caption under it).
    fn image(&mut self, alt: &str) {
        let alt = alt.split_whitespace().collect::<Vec<_>>().join(" ");
        let opens = self.cur.text.trim().is_empty();
        self.alt = (opens && alt.split(' ').count() >= CAPTION_MIN_WORDS).then_some(alt);
    }

    fn flush(&mut self) {
        let para = std::mem::take(&mut self.cur);
        let text = para.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().any(char::is_alphanumeric) {
            let caption = self.alt.take().is_some_and(|a| a == text);
            if caption || shortcode(&text) {
                return;
            }
            self.blocks.push(Para {
                text,
                link_chars: para.link_chars,
                plain_words: para.plain_words,
            });
        }
    }
}

/// Gathers the paragraphs under `root`, in one traversal of its subtree
/// (an explicit stack: the depth of the page never reaches the call stack).
/// `keep`: clutter-named elements read all the same (sorted).
fn walk(root: ElementRef<'_>, keep: &[NodeId], b: &mut Builder, work: &mut usize) {
    let mut links = 0usize;
    // The element whose subtree is being skipped.
    let mut skip: Option<NodeId> = None;
    for edge in root.traverse() {
        *work += 1;
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Text(t) => b.text(t, links > 0),
                    Node::Element(e) => {
                        let name = e.name();
                        let top = node.id() == root.id();
                        let clutter =
                            !top && is_clutter(e) && keep.binary_search(&node.id()).is_err();
                        if SKIP.contains(&name) || clutter || hidden(e) {
                            skip = Some(node.id());
                        } else if name == "img" {
                            b.image(e.attr("alt").unwrap_or(""));
                        } else if name == "br" {
                            b.line_break();
                            skip = Some(node.id());
                        } else {
                            if BLOCK.contains(&name) {
                                b.flush();
                            }
                            links += usize::from(name == "a");
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if skip == Some(node.id()) {
                    skip = None;
                    continue;
                }
                if skip.is_some() {
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    let name = e.name();
                    if BLOCK.contains(&name) {
                        b.flush();
                    }
                    links -= usize::from(name == "a");
                }
            }
        }
    }
}

fn hidden(e: &scraper::node::Element) -> bool {
    e.attr("hidden").is_some()
        || e.attr("aria-hidden") == Some("true")
        || e.attr("style").is_some_and(|s| {
            let s = s.replace(' ', "").to_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// Whether an element's class, id or role names a clutter container.
fn is_clutter(e: &scraper::node::Element) -> bool {
    clutter_name(e).is_some()
}

/// How an element's class, id or role names clutter: `Some(true)` when
/// only by [`WRAPPER_ATTR`] fragments (it may wrap the story), `Some(false)`
/// when by what never holds it (menus, comments, related links, ads).
fn clutter_name(e: &scraper::node::Element) -> Option<bool> {
    if matches!(e.name(), "header" | "footer") && e.attr("class").is_none() {
        return (e.name() == "footer").then_some(false);
    }
    if matches!(
        e.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary")
    ) {
        return Some(false);
    }
    let (class, id) = (e.attr("class").unwrap_or(""), e.attr("id").unwrap_or(""));
    if class.trim().is_empty() && id.trim().is_empty() {
        return None;
    }
    let attrs = format!("{class} {id}").to_lowercase();
    let mut hits = CLUTTER_ATTR
        .iter()
        .filter(|c| attrs.contains(*c))
        .peekable();
    let word = attrs
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|w| w == "ad" || w == "ads" || w == "nav");
    if hits.peek().is_none() && !word || CONTENT_ATTR.iter().any(|c| attrs.contains(c)) {
        return None;
    }
    let wrapper = !word && hits.all(|c| WRAPPER_ATTR.contains(c));
    Some(wrapper)
}

/// What the extraction needs to know about the whole page, gathered in
/// one traversal.
#[derive(Default)]
struct Facts {
    /// `<body>`.
    body: Option<NodeId>,
    /// Characters of paragraph text under `<body>`.
    body_chars: usize,
    /// Content candidates (`<article>`, `<main>` …) with the characters of
    /// paragraph text under each, in document order.
    candidates: Vec<(NodeId, usize)>,
    /// Outermost `<h1>` elements: their text, and their place in document
    /// order (an index of the traversal).
    h1s: Vec<(usize, String)>,
    /// Each element's span of traversal indices, for the candidates only
    /// (open, close): a descendant's index lies inside.
    spans: Vec<(NodeId, usize, usize)>,
    /// `<meta>` (name or property, lowercased; content).
    metas: Vec<(String, String)>,
    title: Option<String>,
    /// The first `<time datetime>`.
    time: Option<String>,
    /// The depth of the deepest element.
    depth: usize,
    /// Elements named only like a wrapper ([`WRAPPER_ATTR`]) that hold
    /// paragraph text, with its characters.
    wrappers: Vec<(NodeId, usize)>,
}

/// Paragraph characters below which a wrapper-named element is not asked
/// whether it holds the story.
const WRAPPER_MIN_CHARS: usize = 200;

/// A headline longer than this is no headline (and its text is not read further).
const MAX_HEADLINE: usize = 1000;

fn is_candidate(e: &scraper::node::Element) -> bool {
    matches!(e.name(), "article" | "main")
        || e.attr("role") == Some("main")
        || e.attr("itemprop") == Some("articleBody")
}

/// One traversal of the page: paragraph text under each candidate (a
/// post-order sum, so nested candidates cost no more than flat ones),
/// outermost headlines, metadata.
fn survey(doc: &Html, work: &mut usize) -> Facts {
    let mut s = Survey::default();
    for edge in doc.tree.root().traverse() {
        *work += 1;
        s.index += 1;
        match edge {
            Edge::Open(node) => match node.value() {
                Node::Text(t) => s.text(t),
                Node::Element(e) => s.open(node.id(), e),
                _ => {}
            },
            Edge::Close(node) => {
                if let Node::Element(e) = node.value() {
                    s.close(e);
                }
            }
        }
    }
    let mut f = s.facts;
    for (_, h) in &mut f.h1s {
        *h = clean_ws(h);
    }
    f.title = f.title.as_deref().map(clean_ws);
    f
}

/// The state of [`survey`]'s traversal.
#[derive(Default)]
struct Survey {
    facts: Facts,
    /// Open elements: (id, paragraph chars so far, traversal index at open).
    open: Vec<(NodeId, usize, usize)>,
    /// How many `<p>` and `<h1>` the traversal is inside.
    in_p: usize,
    in_h1: usize,
    /// Inside the first `<title>`.
    in_title: bool,
    /// The traversal's index of the current edge.
    index: usize,
}

impl Survey {
    /// A text node: paragraph characters, headline and title text.
    fn text(&mut self, t: &str) {
        let f = &mut self.facts;
        if self.in_p > 0
            && let Some(top) = self.open.last_mut()
        {
            top.1 += t.trim().len();
        }
        if self.in_h1 > 0
            && let Some((_, h)) = f.h1s.last_mut()
            && h.len() < MAX_HEADLINE
        {
            h.push_str(t);
            h.push(' ');
        }
        if self.in_title {
            f.title.get_or_insert_with(String::new).push_str(t);
        }
    }

    /// An element opens: headlines, the title, `<body>`, metadata.
    fn open(&mut self, id: NodeId, e: &scraper::node::Element) {
        let f = &mut self.facts;
        self.open.push((id, 0, self.index));
        f.depth = f.depth.max(self.open.len());
        match e.name() {
            "p" => self.in_p += 1,
            "h1" => {
                if self.in_h1 == 0 {
                    f.h1s.push((self.index, String::new()));
                }
                self.in_h1 += 1;
            }
            "title" => self.in_title = f.title.is_none(),
            "body" if f.body.is_none() => f.body = Some(id),
            "meta" => {
                let key = e.attr("property").or_else(|| e.attr("name"));
                if let (Some(k), Some(v)) = (key, e.attr("content")) {
                    f.metas.push((k.to_ascii_lowercase(), clean_ws(v)));
                }
            }
            "time" if f.time.is_none() => {
                f.time = e.attr("datetime").map(str::to_string);
            }
            _ => {}
        }
    }

    /// An element closes: its paragraph characters go to its parent, and
    /// it is kept as a candidate or wrapper when it is one.
    fn close(&mut self, e: &scraper::node::Element) {
        let Some((id, chars, at)) = self.open.pop() else {
            return;
        };
        let f = &mut self.facts;
        if let Some(parent) = self.open.last_mut() {
            parent.1 += chars;
        }
        match e.name() {
            "p" => self.in_p -= 1,
            "h1" => self.in_h1 -= 1,
            "title" => self.in_title = false,
            _ => {}
        }
        if Some(id) == f.body {
            f.body_chars = chars;
        }
        if is_candidate(e) {
            f.candidates.push((id, chars));
            f.spans.push((id, at, self.index));
        }
        if chars >= WRAPPER_MIN_CHARS && clutter_name(e) == Some(true) {
            f.wrappers.push((id, chars));
        }
    }
}

/// The `<article>` or `<main>` holding most of the page's paragraph text,
/// else `<body>`, else the whole document.
fn content_root<'a>(doc: &'a Html, f: &Facts) -> ElementRef<'a> {
    let get = |id: NodeId| doc.tree.get(id).and_then(ElementRef::wrap);
    let body = f.body.and_then(get).unwrap_or_else(|| doc.root_element());
    let best = f
        .candidates
        .iter()
        .rev()
        .max_by_key(|(_, n)| *n)
        .and_then(|&(id, n)| Some((n, get(id)?)));
    match best {
        Some((n, e)) if f.body_chars > 0 && n * 2 >= f.body_chars => e,
        _ => body,
    }
}

fn clean_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn meta(f: &Facts, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|k| {
        let k = k.to_ascii_lowercase();
        f.metas
            .iter()
            .find(|(key, v)| *key == k && !v.is_empty())
            .map(|(_, v)| v.clone())
    })
}

/// The headline: an `<h1>` that the page's `og:title` or `<title>`
/// confirms (shares half its words), the content's first; else the
/// content's first `<h1>`; else `og:title`; else a page `<h1>` of three
/// words or more (not a logo); else `<title>` without its " | Site"
/// suffix. An `<h1>` that no title confirms while `og:title` agrees with
/// `<title>` is a logo or a section name: `og:title` wins.
fn headline(doc: &Html, f: &Facts, root: ElementRef<'_>) -> Option<String> {
    let og = meta(f, &["og:title", "twitter:title"]);
    let refs: Vec<Vec<String>> = [og.as_deref(), f.title.as_deref()]
        .into_iter()
        .flatten()
        .map(title_words)
        .collect();
    let confirmed = |t: &str| {
        let w = title_words(t);
        !w.is_empty()
            && refs
                .iter()
                .any(|r| w.iter().filter(|x| r.contains(x)).count() * 2 >= w.len())
    };
    let og_agrees = match (&og, &f.title) {
        (Some(o), Some(t)) => {
            let (o, t) = (title_words(o), title_words(t));
            !o.is_empty() && o.iter().filter(|x| t.contains(x)).count() * 2 >= o.len()
        }
        _ => false,
    };
    let fallback = headline_unchecked(doc, f, root);
    let h1 = |inside: bool, min: usize| {
        h1s(doc, f, root, inside, min)
            .find(|t| confirmed(t))
            .cloned()
    };
    if refs.is_empty() {
        return fallback;
    }
    h1(true, 2).or_else(|| h1(false, 3)).or_else(|| {
        let unconfirmed = fallback.as_deref().is_some_and(|t| !confirmed(t));
        if unconfirmed && og_agrees {
            og.clone()
        } else {
            fallback
        }
    })
}

/// The page's `<h1>` texts of at least `min` words, in document order; with
/// `inside`, only those inside `root` (all of them when `root` is the body).
fn h1s<'a>(
    doc: &Html,
    f: &'a Facts,
    root: ElementRef<'_>,
    inside: bool,
    min: usize,
) -> impl Iterator<Item = &'a String> + 'a {
    let span = f
        .spans
        .iter()
        .find(|(id, _, _)| *id == root.id())
        .map(|&(_, a, b)| (a, b));
    let in_root = move |at: usize| span.is_none_or(|(a, b)| a < at && at < b);
    let is_body = Some(root.id()) == f.body || root.id() == doc.root_element().id();
    f.h1s
        .iter()
        .filter(move |(at, _)| !inside || is_body || in_root(*at))
        .map(|(_, t)| t)
        .filter(move |t| t.split_whitespace().count() >= min)
}

/// A title's words, lower-cased, for comparing titles.
fn title_words(t: &str) -> Vec<String> {
    t.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// [`headline`] without the cross-check against the page's titles.
fn headline_unchecked(doc: &Html, f: &Facts, root: ElementRef<'_>) -> Option<String> {
    let first = |inside: bool, min: usize| h1s(doc, f, root, inside, min).next().cloned();
    first(true, 2)
        .or_else(|| meta(f, &["og:title", "twitter:title"]))
        .or_else(|| first(false, 3))
        .or_else(|| {
            let t = f.title.clone()?;
            let cut = [" | ", " - ", " — ", " – "]
                .iter()
                .filter_map(|s| t.rfind(s))
                .max()
                .unwrap_or(t.len());
            Some(t[..cut].trim().to_string())
        })
        .filter(|t| !t.is_empty())
}

/// The author from metadata, when it reads as names (not a profile URL).
fn author(f: &Facts) -> Option<String> {
    let a = meta(
        f,
        &[
            "author",
            "article:author",
            "parsely-author",
            "sailthru.author",
        ],
    )?;
    let ok = !a.contains("http")
        && !a.contains('@')
        && a.split_whitespace().count() <= 10
        && a.chars().next().is_some_and(char::is_uppercase)
        && !owner(f, &a);
    ok.then_some(a)
}

/// `a` names the site or its owner, not a writer: the page's own metadata
/// gives it as the site name, the publisher or the copyright holder
/// (`<meta name="author" content="Example Media">` next to
/// `<meta name="copyright" content="© Example Media 2024">`).
fn owner(f: &Facts, a: &str) -> bool {
    let a = title_words(a);
    if a.is_empty() {
        return false;
    }
    [
        "og:site_name",
        "application-name",
        "publisher",
        "copyright",
        "dcterms.rightsholder",
    ]
    .iter()
    .filter_map(|k| meta(f, &[k]))
    .any(|v| {
        let v = title_words(&v);
        v.windows(a.len()).any(|w| w == a.as_slice())
    })
}

/// The publication date from metadata, as a date line ("12 March 2024").
fn published(f: &Facts) -> Option<String> {
    let v = meta(
        f,
        &[
            "article:published_time",
            "datePublished",
            "pubdate",
            "publish-date",
            "date",
            "dc.date",
            "DC.date.issued",
        ],
    )
    .or_else(|| f.time.clone())?;
    let day = v.get(..10)?;
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    Some(format!("Published {}", d.format("%-d %B %Y")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A line under an image that repeats its alt text is its caption,
    /// whatever its element is called; a title before the image in the
    /// same paragraph stays; an unrendered shortcode is no paragraph.
    #[test]
    fn alt_captions_and_shortcodes_go() {
        let story = "<p>The new bridge opened on Saturday after four years of work, and \
            thousands of people walked across it in the first hour.</p>";
        let page = format!(
            "<html><body><article><h1>Bridge opens to walkers</h1>{story}\
            <div><img src=\"b.jpg\" alt=\"The bridge seen from the river bank\"><br>\
            <span class=\"small\">The bridge seen from the river bank</span></div>\
            <p><span>Walkers cross the new bridge</span>\
            <img src=\"c.jpg\" alt=\"Walkers cross the new bridge\"></p>{story}\
            <p>[button link=\"/submit\" type=\"big\"] Send us your photos[/button]</p>\
            <p>[caption]A footbridge[/caption]</p>\
            <p>[1] The council's figures.</p></article></body></html>"
        );
        let text = extract(&page);
        assert!(!text.contains("The bridge seen from"), "{text}");
        assert!(text.contains("Walkers cross the new bridge"), "{text}");
        assert!(!text.contains("Send us your photos"), "{text}");
        assert!(!text.contains("A footbridge"), "{text}");
        assert!(text.contains("[1] The council's figures."), "{text}");
    }

    const PAGE: &str = r##"<!doctype html><html><head>
<title>Ministers agree to resume talks | Example News</title>
<meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2024-03-12T10:00:00Z">
<script>var x = "not text";</script><style>p { color: red }</style>
</head><body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/world">World</a></nav></header>
<div class="share-bar"><a href="#">Share</a> <a href="#">Tweet</a></div>
<article>
<h1>Ministers agree to resume talks</h1>
<p>GENEVA — The foreign ministers met for three hours on <b>Monday</b> and agreed
that talks would resume, officials said.</p>
<figure><img src="a.jpg"><figcaption>The ministers in Geneva. Photo: AFP</figcaption></figure>
<p>It was the first meeting since the dispute began&nbsp;last year.<br>Both sides welcomed it.</p>
<div class="related-links"><ul><li><a href="/x">Other story</a></li></ul></div>
<ul><li><a href="/a">Floods hit north</a></li><li><a href="/b">Storm warning issued</a></li></ul>
</article>
<footer><p>© 2024 Example News. All rights reserved.</p></footer>
</body></html>"##;

    #[test]
    fn a_paywall_wrapper_holding_the_story_is_read() {
        let page = r#"<html><head><title>Port reopens after storm - Example</title></head><body>
<h1>Port reopens after storm</h1>
<div class="paywall"><p>The port reopened on Monday after a storm closed it for three days, and the first ships were unloaded before noon, the harbour master said in a statement.</p>
<p>Dock workers had spent the weekend clearing debris from the quays and checking the cranes for damage, which turned out to be slight.</p></div>
<div class="paywall-prompt"><p>Subscribe to keep reading.</p></div>
</body></html>"#;
        let t = extract(page);
        assert!(t.contains("Dock workers had spent"), "{t}");
        assert!(!t.contains("Subscribe to keep reading"), "{t}");
    }

    #[test]
    fn a_sentence_that_links_most_of_its_words_is_story_not_a_link() {
        let page = r#"<html><head><title>Port reopens</title></head><body><article>
<h1>Port reopens after storm</h1>
<p>The port reopened on Monday after a storm closed it for three days, and the first ships were unloaded before noon, the harbour master said in a statement.</p>
<p>The harbour master said that <a href="/a">the cranes had been checked over the weekend for damage</a>.</p>
<p><a href="/b">Storm warning issued for the whole northern coast this week</a></p>
</article></body></html>"#;
        let t = extract(page);
        assert!(t.contains("the cranes had been checked"), "{t}");
        assert!(!t.contains("Storm warning issued"), "{t}");
    }

    #[test]
    fn the_sites_owner_is_no_author() {
        let story = "<p>The port reopened on Monday after a storm closed it for three days, and the first ships were unloaded before noon, the harbour master said in a statement.</p>";
        let page = format!(
            r#"<html><head><title>Port reopens</title><meta name="author" content="Harbour Media Group">
<meta name="copyright" content="Copyright (c) Harbour Media Group 2024"></head><body><article>{story}</article></body></html>"#
        );
        assert!(!extract(&page).contains("By Harbour"), "{}", extract(&page));
        let page = format!(
            r#"<html><head><title>Port reopens</title><meta name="author" content="Ann Lee">
<meta name="copyright" content="Copyright (c) Harbour Media Group 2024"></head><body><article>{story}</article></body></html>"#
        );
        assert!(extract(&page).contains("By Ann Lee"), "{}", extract(&page));
    }

    #[test]
    fn an_h1_that_no_title_confirms_gives_way_to_og_title() {
        let page = r#"<html><head><title>Port reopens after storm | Example News</title>
<meta property="og:title" content="Port reopens after storm"></head><body><article>
<h1>Daily Harbour Bulletin</h1>
<p>The port reopened on Monday after a storm closed it for three days, and the first ships were unloaded before noon, the harbour master said in a statement.</p>
</article></body></html>"#;
        let t = extract(page);
        assert!(t.starts_with("Port reopens after storm\n"), "{t}");
    }

    #[test]
    fn extracts_story_blocks() {
        let text = extract(PAGE);
        let blocks: Vec<&str> = text.split("\n\n").map(str::trim).collect();
        assert_eq!(blocks[0], "Ministers agree to resume talks");
        assert_eq!(blocks[1], "By Jane Doe");
        assert_eq!(blocks[2], "Published 12 March 2024");
        assert!(blocks[3].starts_with(
            "GENEVA — The foreign ministers met for three hours on Monday and agreed that"
        ));
        assert_eq!(
            blocks[4],
            "It was the first meeting since the dispute began last year. Both sides welcomed it."
        );
        for gone in [
            "not text",
            "color",
            "Home",
            "Share",
            "Photo: AFP",
            "Other story",
            "Floods",
            "©",
        ] {
            assert!(!text.contains(gone), "{gone:?} in {text:?}");
        }
    }

    #[test]
    fn pages_are_told_from_text_by_their_start() {
        for page in [
            "<!DOCTYPE html><html><body>x</body></html>",
            "\u{feff}  <!doctype html>",
            "<html lang=en>",
            "<HTML>",
            "<!-- saved page -->\n<html>",
        ] {
            assert!(looks_like_page(page), "{page:?}");
        }
        for text in [
            "The talks resumed on Monday.",
            "<htmlish> is not a tag we know",
            "<b>Bold</b> claims in a press release",
            "",
            "<!-- unterminated",
        ] {
            assert!(!looks_like_page(text), "{text:?}");
        }
    }

    #[test]
    fn odd_input_never_panics() {
        for h in [
            "",
            "<",
            "<p>",
            "plain text",
            "<html><body></body></html>",
            "<p>\u{0}\u{202e}Ã©</p>",
        ] {
            let _ = extract(h);
        }
    }

    #[test]
    fn whole_pipeline_on_html() {
        let a = crate::analysis::Analyzer::embedded()
            .analyze(&crate::analysis::ArticleInput::html(PAGE).unwrap());
        assert_eq!(
            a.document.title.as_deref(),
            Some("Ministers agree to resume talks")
        );
        assert_eq!(a.document.authors, vec!["Jane Doe".to_string()]);
        let clean = a.clean_text.unwrap();
        assert!(clean.starts_with("GENEVA"), "{clean:?}");
        assert!(clean.contains("Both sides welcomed it."));
    }

    /// Pages of one hostile shape: `<html><body>` then `unit` repeated to
    /// `size` bytes, then a line of text.
    fn hostile(unit: &str, size: usize) -> String {
        let mut s = String::from("<html><body>");
        while s.len() + unit.len() < size {
            s.push_str(unit);
        }
        s.push_str("The ministers met on Monday.");
        s
    }

    const SHAPES: &[&str] = &[
        "<div>",
        "<table><tr><td>",
        "<ul><li>",
        "<article>",
        "<b><i><span>",
        "<a href=x>",
        "<em class=c>",
        "<p>x<font>",
        "<section><p>",
        "<div/>",
        "<!--<div>-->",
        "<dl><dd>",
        "<svg><g>",
    ];

    #[test]
    fn hostile_pages_at_the_body_limit_finish_on_a_small_stack() {
        let handle = std::thread::Builder::new()
            .stack_size(2 << 20)
            .spawn(|| {
                for unit in SHAPES {
                    let page = hostile(unit, 1 << 20);
                    let (out, tree_depth) = extract_inner(&page, &mut 0);
                    if !unit.starts_with("<a") && !unit.starts_with("<svg") {
                        // (Link text alone and text in a drawing are dropped, as they should be.)
                        assert!(out.text.contains("The ministers met on Monday."), "{unit}");
                    }
                    // The tree builder's scans are bounded by the tree's depth.
                    assert!(tree_depth <= 2 * depth::MAX_DEPTH, "{unit}: {tree_depth}");
                }
                let page = hostile("<div>", 1 << 20);
                let a = crate::analysis::Analyzer::embedded()
                    .analyze(&crate::analysis::ArticleInput::html(page).unwrap());
                assert!(a.warnings.iter().any(|w| w.contains("deeper than")));
            })
            .unwrap();
        handle.join().unwrap();
    }

    #[test]
    fn work_grows_linearly_with_hostile_pages() {
        for unit in SHAPES {
            let work = |size: usize| {
                let mut w = 0;
                extract_counted(&hostile(unit, size), &mut w);
                w
            };
            let (small, large) = (work(20_000), work(200_000));
            assert!(
                large <= 12 * small,
                "{unit}: {small} steps at 20 kB, {large} at 200 kB"
            );
        }
    }

    #[test]
    fn deep_but_real_nesting_is_read_whole() {
        let page = format!(
            "<html><body>{}<p>Deep inside the layout, the story.</p>{}</body></html>",
            "<div class=wrap>".repeat(100),
            "</div>".repeat(100)
        );
        let out = extract_page(&page);
        assert!(out.warnings.is_empty(), "{:?}", out.warnings);
        assert!(out.text.contains("Deep inside the layout, the story."));
    }
}
