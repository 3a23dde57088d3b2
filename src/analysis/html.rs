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

use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};

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

/// Class or id fragments that mark the content itself.
const CONTENT_ATTR: &[&str] = &[
    "article", "story", "content", "body", "main", "post", "entry", "text",
];

/// Extracts the readable text of `html`.
pub fn extract(html: &str) -> String {
    let doc = Html::parse_document(html);
    let root = content_root(&doc);
    let title = headline(&doc, root);
    let mut b = Builder::default();
    walk(root, &mut b, false, true);
    b.flush();

    let mut out: Vec<String> = Vec::new();
    if let Some(t) = &title {
        out.push(t.clone());
    }
    if let Some(a) = author(&doc)
        && !b.blocks.iter().take(12).any(|p| p.text.contains(&a))
    {
        out.push(format!("By {a}"));
    }
    if let Some(d) = published(&doc) {
        out.push(d);
    }
    for p in b.blocks {
        if title.as_deref() == Some(p.text.as_str()) {
            continue;
        }
        let words = p.text.split_whitespace().count();
        if p.link_density() > 0.5 && words < 40 {
            continue;
        }
        out.push(p.text);
    }
    let mut s = out.join("\n\n");
    s.push('\n');
    s
}

/// A paragraph being gathered, with how much of it is link text.
#[derive(Default)]
struct Para {
    text: String,
    link_chars: usize,
}

impl Para {
    fn link_density(&self) -> f32 {
        let n = self.text.chars().filter(|c| !c.is_whitespace()).count();
        if n == 0 {
            0.0
        } else {
            self.link_chars as f32 / n as f32
        }
    }
}

#[derive(Default)]
struct Builder {
    cur: Para,
    blocks: Vec<Para>,
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

    fn flush(&mut self) {
        let para = std::mem::take(&mut self.cur);
        let text = para.text.split_whitespace().collect::<Vec<_>>().join(" ");
        if text.chars().any(char::is_alphanumeric) {
            self.blocks.push(Para {
                text,
                link_chars: para.link_chars,
            });
        }
    }
}

fn walk(el: ElementRef<'_>, b: &mut Builder, in_link: bool, top: bool) {
    let e = el.value();
    let name = e.name();
    if SKIP.contains(&name) || (!top && is_clutter(e)) || hidden(e) {
        return;
    }
    if name == "br" {
        b.line_break();
        return;
    }
    let block = BLOCK.contains(&name);
    if block {
        b.flush();
    }
    let link = in_link || name == "a";
    for child in el.children() {
        match child.value() {
            Node::Text(t) => b.text(t, link),
            Node::Element(_) => {
                if let Some(c) = ElementRef::wrap(child) {
                    walk(c, b, link, false);
                }
            }
            _ => {}
        }
    }
    if block {
        b.flush();
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
    if matches!(e.name(), "header" | "footer") && e.attr("class").is_none() {
        return e.name() == "footer";
    }
    if matches!(
        e.attr("role"),
        Some("navigation" | "banner" | "contentinfo" | "complementary")
    ) {
        return true;
    }
    let attrs = format!(
        "{} {}",
        e.attr("class").unwrap_or(""),
        e.attr("id").unwrap_or("")
    )
    .to_lowercase();
    if attrs.trim().is_empty() {
        return false;
    }
    let clutter = CLUTTER_ATTR.iter().any(|c| attrs.contains(c))
        || attrs
            .split(|c: char| !c.is_ascii_alphanumeric())
            .any(|w| w == "ad" || w == "ads" || w == "nav");
    clutter && !CONTENT_ATTR.iter().any(|c| attrs.contains(c))
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).expect("static selector")
}

/// Characters of paragraph text under an element.
fn paragraph_chars(e: ElementRef<'_>) -> usize {
    let p = sel("p");
    e.select(&p)
        .map(|p| p.text().map(|t| t.trim().len()).sum::<usize>())
        .sum()
}

/// The `<article>` or `<main>` holding most of the page's paragraph text,
/// else `<body>`, else the whole document.
fn content_root(doc: &Html) -> ElementRef<'_> {
    let body = doc
        .select(&sel("body"))
        .next()
        .unwrap_or_else(|| doc.root_element());
    let total = paragraph_chars(body);
    let best = doc
        .select(&sel("article, main, [role=main], [itemprop=articleBody]"))
        .map(|e| (paragraph_chars(e), e))
        .max_by_key(|(n, _)| *n);
    match best {
        Some((n, e)) if total > 0 && n * 2 >= total => e,
        _ => body,
    }
}

fn clean_ws(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn meta(doc: &Html, keys: &[&str]) -> Option<String> {
    for k in keys {
        let s = sel(&format!("meta[property=\"{k}\"], meta[name=\"{k}\"]"));
        if let Some(v) = doc
            .select(&s)
            .filter_map(|m| m.value().attr("content"))
            .map(clean_ws)
            .find(|v| !v.is_empty())
        {
            return Some(v);
        }
    }
    None
}

/// The headline: the first `<h1>` of the content, else `og:title`, else
/// a page `<h1>` of three words or more (not a logo), else `<title>`
/// without its " | Site" suffix.
fn headline(doc: &Html, root: ElementRef<'_>) -> Option<String> {
    let h1 = sel("h1");
    let first = |scope: ElementRef<'_>, min: usize| {
        scope
            .select(&h1)
            .map(|h| clean_ws(&h.text().collect::<String>()))
            .find(|t| t.split_whitespace().count() >= min)
    };
    first(root, 2)
        .or_else(|| meta(doc, &["og:title", "twitter:title"]))
        .or_else(|| first(doc.root_element(), 3))
        .or_else(|| {
            let t = doc
                .select(&sel("title"))
                .next()
                .map(|t| clean_ws(&t.text().collect::<String>()))?;
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
fn author(doc: &Html) -> Option<String> {
    let a = meta(
        doc,
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
        && a.chars().next().is_some_and(char::is_uppercase);
    ok.then_some(a)
}

/// The publication date from metadata, as a date line ("12 March 2024").
fn published(doc: &Html) -> Option<String> {
    let v = meta(
        doc,
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
    .or_else(|| {
        doc.select(&sel("time[datetime]"))
            .filter_map(|t| t.value().attr("datetime"))
            .map(str::to_string)
            .next()
    })?;
    let day = v.get(..10)?;
    let d = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").ok()?;
    Some(format!("Published {}", d.format("%-d %B %Y")))
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
