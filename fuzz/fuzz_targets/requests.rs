//! Request parsing: any bytes as a JSON body, an NDJSON batch and a query
//! string give an article or a typed client error, never a panic; a batch
//! gives exactly one result per input line.
#![no_main]

use attache::analysis::Body;
use attache::http::extract::{article_from_json, article_from_query, batch_lines};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let results = batch_lines(data);
    let lines = if data.is_empty() {
        0
    } else {
        data.split(|&b| b == b'\n').count() - usize::from(data.ends_with(b"\n"))
    };
    assert_eq!(results.len(), lines, "one result per input line");

    if let Ok(s) = std::str::from_utf8(data) {
        let _ = article_from_json(s);
        let (query, body) = s.split_once('\n').unwrap_or((s, "article"));
        let uri = format!("/v1/analyze?{}", query.replace([' ', '#'], "+"));
        if let Ok(uri) = uri.parse() {
            let _ = article_from_query(Body::Text(body.to_string()), &uri);
            let _ = article_from_query(Body::Html(body.to_string()), &uri);
        }
    }
});
