//! Main-content extraction from an HTML page.
//!
//! Input: the HTML the client sent. Output: plain text, one block per line,
//! blocks separated by blank lines; this text is what every offset of the
//! answer then points into (returned as `source_text`).

/// Extracts the readable text of `html`.
pub fn extract(html: &str) -> String {
    let doc = scraper::Html::parse_document(html);
    let mut out = String::new();
    for t in doc.root_element().text() {
        let t = t.trim();
        if !t.is_empty() {
            out.push_str(t);
            out.push_str("\n\n");
        }
    }
    out
}
