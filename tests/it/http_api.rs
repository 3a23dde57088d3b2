//! The HTTP API through the router (`tower::ServiceExt::oneshot`, no socket):
//! every route, every option, every error of SPEC section 1's table.

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll};
use std::time::Duration;

use attache::analysis::{Analysis, Analyzer, ArticleInput, InputError};
use attache::config::ServeConfig;
use attache::http::{AnalyzeFn, AppState, router};
use axum::Router;
use axum::body::{Body, Bytes, HttpBody};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::Value;
use tower::ServiceExt;

pub const SEED: &str = include_str!("../fixtures/articles/seed.txt");

/// An answered request.
#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// An NDJSON body (a batch answer) as one value per line.
    pub fn ndjson(&self) -> Vec<Value> {
        String::from_utf8(self.body.to_vec())
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    /// Each NDJSON answer line's problem `code`, `ok` for an analysis.
    pub fn line_codes(lines: &[Value]) -> Vec<&str> {
        lines
            .iter()
            .map(|v| v["code"].as_str().unwrap_or("ok"))
            .collect()
    }

    pub fn content_type(&self) -> &str {
        self.headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// Asserts this is a problem document with `status` and `code`.
    #[track_caller]
    pub fn assert_problem(&self, status: u16, code: &str) -> Value {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        assert_eq!(self.content_type(), "application/problem+json");
        let p = self.json();
        assert_eq!(p["code"], code, "{p}");
        assert_eq!(p["status"], status);
        assert_eq!(p["type"], format!("urn:attache:problem:{code}"));
        assert!(p["title"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(p["detail"].as_str().is_some_and(|t| !t.is_empty()));
        p
    }
}

/// Four slots and no queue, so overload is answered at once.
pub fn config() -> ServeConfig {
    ServeConfig {
        concurrency_limit: Some(4),
        queue_limit: 0,
        ..ServeConfig::default()
    }
}

pub fn app() -> Router {
    router(AppState::ready(&config()))
}

/// A stand-in analyzer: counts calls, can be slowed down or made to panic.
pub fn stand_in(delay: Duration, calls: Arc<AtomicUsize>) -> AnalyzeFn {
    Arc::new(
        move |input: &ArticleInput| -> Result<Analysis, InputError> {
            calls.fetch_add(1, Ordering::SeqCst);
            std::thread::sleep(delay);
            Analyzer::embedded().try_analyze(input)
        },
    )
}

pub async fn send(app: &Router, req: Request<Body>) -> Answer {
    let res = app.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let body = res.into_body().collect().await.unwrap().to_bytes();
    Answer {
        status,
        headers,
        body,
    }
}

pub fn post(uri: &str, content_type: Option<&str>, body: impl Into<Body>) -> Request<Body> {
    let mut b = Request::builder().method(Method::POST).uri(uri);
    if let Some(ct) = content_type {
        b = b.header(header::CONTENT_TYPE, ct);
    }
    b.body(body.into()).unwrap()
}

pub fn get(uri: &str) -> Request<Body> {
    Request::builder().uri(uri).body(Body::empty()).unwrap()
}

/// Slices `text` by `start..end` counted in `unit`.
pub fn slice_in(text: &str, start: usize, end: usize, unit: &str) -> Option<String> {
    match unit {
        "utf8" => text.get(start..end).map(str::to_string),
        "utf16" => {
            let units: Vec<u16> = text.encode_utf16().collect();
            String::from_utf16(units.get(start..end)?).ok()
        }
        _ => {
            let chars: Vec<char> = text.chars().collect();
            Some(chars.get(start..end)?.iter().collect())
        }
    }
}

/// Checks every span of an answer against the text it points into.
pub fn check_spans(result: &Value, text: &str, unit: &str) -> usize {
    let mut n = 0;
    let mut check = |span: &Value, with_text: bool| {
        let (s, e) = (
            span["start"].as_u64().unwrap() as usize,
            span["end"].as_u64().unwrap() as usize,
        );
        assert!(s <= e, "{span}");
        let got = slice_in(text, s, e, unit).unwrap_or_else(|| panic!("{span} out of bounds"));
        if with_text {
            assert_eq!(got, span["text"].as_str().unwrap(), "{unit}: {span}");
        }
        n += 1;
    };
    for r in result["removed"].as_array().unwrap() {
        check(r, false);
    }
    for e in result["entities"].as_array().into_iter().flatten() {
        for m in e["mentions"].as_array().unwrap() {
            check(m, true);
        }
    }
    for q in result["quotes"].as_array().into_iter().flatten() {
        check(q, false);
    }
    for r in result["relations"].as_array().into_iter().flatten() {
        check(&r["evidence"], true);
    }
    n
}

#[tokio::test]
async fn analyze_takes_text_html_and_json() {
    let app = app();
    let text = send(
        &app,
        post("/v1/analyze", Some("text/plain; charset=utf-8"), SEED),
    )
    .await;
    assert_eq!(text.status, StatusCode::OK);
    assert_eq!(text.content_type(), "application/json");
    let t = text.json();
    assert_eq!(t["schema_version"], "1");
    for part in ["clean_text", "entities", "quotes", "relations"] {
        assert!(t.get(part).is_some(), "{part} missing by default");
    }
    assert!(t.get("source_text").is_none());
    check_spans(&t, SEED, "codepoint");

    let json_body = serde_json::json!({"text": SEED}).to_string();
    let json = send(
        &app,
        post("/v1/analyze", Some("application/json"), json_body),
    )
    .await;
    assert_eq!(json.status, StatusCode::OK);
    assert_eq!(
        json.json(),
        t,
        "JSON and text/plain bodies give the same answer"
    );

    let html = "<html><head><title>Talks</title></head><body><article><h1>Rubio meets Jaishankar</h1>\
                <p>Secretary of State Marco Rubio met Indian External Affairs Minister S Jaishankar in Kuala Lumpur on Monday.</p></article></body></html>";
    let h = send(&app, post("/v1/analyze", Some("text/html"), html)).await;
    assert_eq!(h.status, StatusCode::OK);
    let h = h.json();
    let source = h["source_text"]
        .as_str()
        .expect("HTML answers carry source_text");
    assert!(source.contains("Kuala Lumpur"));
    check_spans(&h, source, "codepoint");
    let hj = send(
        &app,
        post(
            "/v1/analyze",
            Some("application/json"),
            serde_json::json!({"html": html}).to_string(),
        ),
    )
    .await;
    assert_eq!(hj.json(), h);
}

#[tokio::test]
async fn options_by_query_and_by_json_agree() {
    let app = app();
    // Non-ASCII before the spans, so the three units differ.
    let article = format!("Brief — “Ünïcödé” 😀 headline\n\n{SEED}");
    for unit in ["codepoint", "utf16", "utf8"] {
        let q = send(
            &app,
            post(
                &format!("/v1/analyze?offset_unit={unit}&published=2025-10-25"),
                Some("text/plain"),
                article.clone(),
            ),
        )
        .await;
        assert_eq!(q.status, StatusCode::OK, "{unit}");
        let q = q.json();
        assert_eq!(q["document"]["reference_date"], "2025-10-25");
        check_spans(&q, &article, unit);
        let body = serde_json::json!({"text": article, "published": "2025-10-25", "options": {"offset_unit": unit}});
        let j = send(
            &app,
            post("/v1/analyze", Some("application/json"), body.to_string()),
        )
        .await;
        assert_eq!(j.json(), q, "{unit}: query and JSON options agree");
    }
    for (query, json_include, present) in [
        ("include=entities", vec!["entities"], vec!["entities"]),
        (
            "include=quotes,relations",
            vec!["quotes", "relations"],
            vec!["quotes", "relations"],
        ),
        (
            "include=clean_text&include=entities",
            vec!["clean_text", "entities"],
            vec!["clean_text", "entities"],
        ),
        ("include=", vec![], vec![]),
    ] {
        let q = send(
            &app,
            post(&format!("/v1/analyze?{query}"), Some("text/plain"), SEED),
        )
        .await
        .json();
        for part in ["clean_text", "entities", "quotes", "relations"] {
            assert_eq!(
                q.get(part).is_some(),
                present.contains(&part),
                "{query}: {part}"
            );
        }
        let body = serde_json::json!({"text": SEED, "options": {"include": json_include}});
        let j = send(
            &app,
            post("/v1/analyze", Some("application/json"), body.to_string()),
        )
        .await;
        assert_eq!(j.json(), q, "{query}");
    }
}

/// One row of the error table: what is sent, what must come back.
pub struct ErrorCase {
    pub uri: &'static str,
    pub content_type: Option<&'static str>,
    pub body: &'static [u8],
    pub status: u16,
    pub code: &'static str,
    pub field: Option<&'static str>,
}

const fn case(
    uri: &'static str,
    content_type: Option<&'static str>,
    body: &'static [u8],
    status: u16,
    code: &'static str,
    field: Option<&'static str>,
) -> ErrorCase {
    ErrorCase {
        uri,
        content_type,
        body,
        status,
        code,
        field,
    }
}

const JSON: Option<&str> = Some("application/json");
const TEXT: Option<&str> = Some("text/plain");
pub const A: &str = "/v1/analyze";

pub fn error_cases() -> Vec<ErrorCase> {
    vec![
        case(A, TEXT, b"caf\xe9 au lait", 400, "invalid_utf8", None),
        case(
            A,
            Some("text/html"),
            b"<p>\xff\xfe</p>",
            400,
            "invalid_utf8",
            None,
        ),
        case(
            A,
            JSON,
            b"{\"text\": \"\xc3\x28\"}",
            400,
            "invalid_utf8",
            None,
        ),
        case(A, None, b"text", 415, "unsupported_media_type", None),
        case(
            A,
            Some("application/xml"),
            b"<a/>",
            415,
            "unsupported_media_type",
            None,
        ),
        case(
            A,
            Some("application/x-www-form-urlencoded"),
            b"text=hi",
            415,
            "unsupported_media_type",
            None,
        ),
        case(
            A,
            Some("text/plain; charset=iso-8859-1"),
            b"hi",
            415,
            "unsupported_media_type",
            None,
        ),
        case(
            A,
            Some("application/x-ndjson"),
            b"{\"text\":\"a\"}",
            415,
            "unsupported_media_type",
            None,
        ),
        case(
            "/v1/analyze/batch",
            JSON,
            b"{\"text\":\"a\"}",
            415,
            "unsupported_media_type",
            None,
        ),
        case(A, JSON, b"{\"text\": ", 400, "invalid_json", None),
        case(A, JSON, b"", 400, "invalid_json", None),
        case(
            A,
            JSON,
            b"{'text': 'single quotes'}",
            400,
            "invalid_json",
            None,
        ),
        case(A, JSON, b"[\"text\"]", 422, "invalid_request", Some("")),
        case(A, JSON, b"{}", 422, "invalid_request", Some("text")),
        case(
            A,
            JSON,
            b"{\"text\": \"a\", \"html\": \"<p>b</p>\"}",
            422,
            "invalid_request",
            Some("html"),
        ),
        case(
            A,
            JSON,
            b"{\"text\": [\"a\"]}",
            422,
            "invalid_request",
            Some("text"),
        ),
        case(
            A,
            JSON,
            b"{\"text\": \"a\", \"lang\": \"en\"}",
            422,
            "invalid_request",
            Some("lang"),
        ),
        case(
            A,
            JSON,
            b"{\"text\": \"a\", \"published\": \"last Tuesday\"}",
            422,
            "invalid_request",
            Some("published"),
        ),
        case(
            A,
            JSON,
            b"{\"text\": \"a\", \"options\": {\"offset_unit\": \"bytes\"}}",
            422,
            "invalid_request",
            Some("options.offset_unit"),
        ),
        case(
            A,
            JSON,
            b"{\"text\": \"a\", \"options\": {\"include\": [\"entities\", 3]}}",
            422,
            "invalid_request",
            Some("options.include[1]"),
        ),
        case(
            A,
            JSON,
            b"{\"text\": \"a\", \"options\": {\"verbose\": true}}",
            422,
            "invalid_request",
            Some("options.verbose"),
        ),
        case(
            "/v1/analyze?offset_unit=utf9",
            JSON,
            b"{\"text\": \"a\"}",
            422,
            "invalid_request",
            Some("offset_unit"),
        ),
        case(
            "/v1/analyze?offset_unit=utf32",
            TEXT,
            b"a",
            422,
            "invalid_request",
            Some("offset_unit"),
        ),
        case(
            "/v1/analyze?include=everything",
            TEXT,
            b"a",
            422,
            "invalid_request",
            Some("include"),
        ),
        case(
            "/v1/analyze?published=2025-13-45",
            TEXT,
            b"a",
            422,
            "invalid_request",
            Some("published"),
        ),
        case(
            "/v1/analyze?verbose=1",
            TEXT,
            b"a",
            422,
            "invalid_request",
            Some("verbose"),
        ),
        case(
            "/v1/analyze/batch?include=entities",
            Some("application/x-ndjson"),
            b"{\"text\":\"a\"}",
            422,
            "invalid_request",
            Some("include"),
        ),
        case(A, TEXT, b"", 422, "empty_article", None),
        // One line more than the default batch line limit (1000).
        case(
            "/v1/analyze/batch",
            Some("application/x-ndjson"),
            &[b'\n'; 1001],
            413,
            "batch_too_large",
            None,
        ),
        case(A, TEXT, b" \n\t\r\n ", 422, "empty_article", None),
        case(
            A,
            Some("text/html"),
            b"<html><body><p>  </p></body></html>",
            422,
            "empty_article",
            None,
        ),
        case(
            A,
            JSON,
            b"{\"text\": \"\\u00a0\\n\"}",
            422,
            "empty_article",
            None,
        ),
        case(
            A,
            JSON,
            b"{\"html\": \"<div></div>\"}",
            422,
            "empty_article",
            None,
        ),
    ]
}

/// Every error of the SPEC's table comes back as a problem document.
#[tokio::test]
async fn errors_are_problem_documents() {
    let app = app();
    for c in error_cases() {
        let a = send(&app, post(c.uri, c.content_type, c.body)).await;
        let label = format!(
            "{} {:?} {:?}",
            c.uri,
            c.content_type,
            String::from_utf8_lossy(c.body)
        );
        assert_eq!(
            a.status.as_u16(),
            c.status,
            "{label}: {}",
            String::from_utf8_lossy(&a.body)
        );
        let p = a.assert_problem(c.status, c.code);
        assert_eq!(p["field"].as_str(), c.field, "{label}: {p}");
        if c.code == "invalid_request" {
            let detail = p["detail"].as_str().unwrap();
            let named = c
                .field
                .unwrap()
                .rsplit('.')
                .next()
                .unwrap()
                .trim_end_matches(|ch: char| ch == ']' || ch.is_ascii_digit())
                .trim_end_matches('[');
            assert!(
                detail.contains(named),
                "{label}: detail names the field: {detail}"
            );
        }
    }
}

#[tokio::test]
async fn body_over_the_limit_is_refused_whole() {
    let cfg = ServeConfig {
        body_limit: 1024,
        ..config()
    };
    let calls = Arc::new(AtomicUsize::new(0));
    let app = router(AppState::with_analyzer(
        &cfg,
        stand_in(Duration::ZERO, calls.clone()),
    ));
    let big = "word ".repeat(300); // 1500 bytes
    // Declared length over the limit: refused before reading.
    let mut req = post(A, TEXT, big.clone());
    req.headers_mut()
        .insert(header::CONTENT_LENGTH, big.len().into());
    send(&app, req).await.assert_problem(413, "body_too_large");
    // No declared length (chunked): refused once the limit is passed.
    send(&app, post(A, TEXT, big.clone()))
        .await
        .assert_problem(413, "body_too_large");
    // A batch streams: the limit holds per line, answered on that line.
    let batch = format!("{{\"text\": \"{big}\"}}\n");
    let a = send(
        &app,
        post("/v1/analyze/batch", Some("application/x-ndjson"), batch),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let line: Value = serde_json::from_slice(a.body.strip_suffix(b"\n").unwrap()).unwrap();
    assert_eq!(line["code"], "body_too_large", "{line}");
    assert_eq!(calls.load(Ordering::SeqCst), 0, "nothing was analysed");
    // Exactly at the limit: accepted.
    let at = "a".repeat(1024);
    assert_eq!(send(&app, post(A, TEXT, at)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn other_routes_answer() {
    let app = app();
    for (uri, status, content_type) in [
        ("/healthz", 200, "application/json"),
        ("/readyz", 200, "application/json"),
        ("/metrics", 200, "text/plain; version=0.0.4; charset=utf-8"),
        ("/openapi.yaml", 200, "application/yaml"),
        ("/", 200, "text/html; charset=utf-8"),
        ("/v1/taxonomy", 200, "application/json"),
    ] {
        let a = send(&app, get(uri)).await;
        assert_eq!(a.status.as_u16(), status, "{uri}");
        assert_eq!(a.content_type(), content_type, "{uri}");
    }
    let page = String::from_utf8(send(&app, get("/")).await.body.to_vec()).unwrap();
    assert!(page.contains("/v1/analyze") && page.contains("<textarea"));
    send(&app, get("/v2/analyze"))
        .await
        .assert_problem(404, "not_found");
    send(&app, get("/v1/analyze"))
        .await
        .assert_problem(405, "method_not_allowed");
    send(&app, get("/v1/nowhere"))
        .await
        .assert_problem(404, "not_found");
    send(&app, post("/healthz", TEXT, "x"))
        .await
        .assert_problem(405, "method_not_allowed");
}

#[tokio::test]
async fn taxonomy_lists_every_type_with_scores() {
    let t = send(&app(), get("/v1/taxonomy")).await.json();
    let relations = t["relation_types"].as_array().unwrap();
    assert_eq!(relations.len(), 18);
    let row = |name: &str| {
        relations
            .iter()
            .find(|r| r["type"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(row("AID")["score"], 10.0);
    assert_eq!(row("AID")["quad_class"], "material_cooperation");
    assert_eq!(row("TENSION")["polarity"], "conflictual");
    assert_eq!(row("PARTNERSHIP")["polarity"], "cooperative");
    let types: Vec<&str> = t["entity_types"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "DATE"
        ]
    );
    assert_eq!(t["quote_kinds"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn batch_answers_one_line_per_input_line_in_order() {
    let app = app();
    let lines = [
        serde_json::json!({"text": SEED}).to_string(),
        "{\"text\": \"oops".to_string(),
        String::new(),
        serde_json::json!({"html": "<p>India and Pakistan held talks in Doha.</p>", "options": {"include": ["entities"]}}).to_string(),
        serde_json::json!({"text": "   "}).to_string(),
        serde_json::json!({"text": "a", "extra": true}).to_string(),
        serde_json::json!({"text": "Rubio met Jaishankar.", "options": {"offset_unit": "utf8"}}).to_string(),
    ];
    let body = lines.join("\n") + "\n";
    let a = send(
        &app,
        post("/v1/analyze/batch", Some("application/x-ndjson"), body),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.content_type(), "application/x-ndjson");
    assert!(a.body.ends_with(b"\n"));
    let out = a.ndjson();
    assert_eq!(out.len(), lines.len(), "one line per input line");
    let codes = Answer::line_codes(&out);
    assert_eq!(
        codes,
        [
            "ok",
            "invalid_json",
            "invalid_json",
            "ok",
            "empty_article",
            "invalid_request",
            "ok"
        ]
    );
    assert_eq!(out[5]["field"], "extra");
    assert!(out[3].get("source_text").is_some() && out[3].get("quotes").is_none());
    // The first line's answer is the single route's answer.
    let single = send(&app, post(A, TEXT, SEED)).await.json();
    assert_eq!(out[0], single);
    // Empty body: empty answer.
    let empty = send(
        &app,
        post("/v1/analyze/batch", Some("application/x-ndjson"), ""),
    )
    .await;
    assert_eq!((empty.status, empty.body.len()), (StatusCode::OK, 0));
}

/// A batch uses every slot, never more, and keeps its order.
#[tokio::test]
async fn batch_lines_run_in_parallel_within_the_limit() {
    let running = Arc::new(AtomicUsize::new(0));
    let peak = Arc::new(AtomicUsize::new(0));
    let analyze: AnalyzeFn = {
        let (running, peak) = (running.clone(), peak.clone());
        Arc::new(
            move |input: &ArticleInput| -> Result<Analysis, InputError> {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                peak.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(Duration::from_millis(150));
                running.fetch_sub(1, Ordering::SeqCst);
                Analyzer::embedded().try_analyze(input)
            },
        )
    };
    let cfg = ServeConfig {
        concurrency_limit: Some(2),
        queue_limit: 8,
        ..config()
    };
    let app = router(AppState::with_analyzer(&cfg, analyze));
    let texts: Vec<String> = (1..=6)
        .map(|i| format!("Article number {i}.\n\n{}", "word ".repeat(i)))
        .collect();
    let mut body: String = texts
        .iter()
        .map(|t| serde_json::json!({"text": t}).to_string() + "\n")
        .collect();
    body.insert_str(0, "junk\n");
    let a = send(
        &app,
        post("/v1/analyze/batch", Some("application/x-ndjson"), body),
    )
    .await;
    let out = a.ndjson();
    assert_eq!(out.len(), 7);
    assert_eq!(out[0]["code"], "invalid_json");
    for (i, t) in texts.iter().enumerate() {
        let want = serde_json::to_value(
            Analyzer::embedded()
                .try_analyze(&ArticleInput::text(t.as_str()).unwrap())
                .unwrap(),
        )
        .unwrap();
        assert_eq!(out[i + 1], want, "line {}", i + 1);
    }
    assert_eq!(
        peak.load(Ordering::SeqCst),
        2,
        "two slots, both used, never more"
    );
}

#[tokio::test]
async fn api_keys_guard_v1_only() {
    let cfg = ServeConfig {
        api_keys: vec!["k-one".into(), "k-two".into()],
        ..config()
    };
    let app = router(AppState::ready(&cfg));
    let with_auth = |mut req: Request<Body>, value: &str| {
        req.headers_mut()
            .insert(header::AUTHORIZATION, value.parse().unwrap());
        req
    };
    for (req, _label) in [
        (post(A, TEXT, SEED), "analyze"),
        (
            post(
                "/v1/analyze/batch",
                Some("application/x-ndjson"),
                "{\"text\":\"a\"}",
            ),
            "batch",
        ),
        (get("/v1/taxonomy"), "taxonomy"),
    ] {
        let a = send(&app, req).await;
        a.assert_problem(401, "unauthorized");
        assert_eq!(
            a.headers[header::WWW_AUTHENTICATE],
            "Bearer realm=\"attache\""
        );
    }
    for (value, status) in [
        ("Bearer k-one", 200),
        ("bearer k-two", 200),
        ("Bearer  k-one ", 200),
        ("Bearer k-on", 401),
        ("Bearer k-one2", 401),
        ("Basic k-one", 401),
        ("k-one", 401),
        ("Bearer ", 401),
    ] {
        let a = send(&app, with_auth(get("/v1/taxonomy"), value)).await;
        assert_eq!(a.status.as_u16(), status, "{value:?}");
    }
    assert_eq!(
        send(&app, with_auth(post(A, TEXT, SEED), "Bearer k-two"))
            .await
            .status,
        StatusCode::OK
    );
    for open in ["/healthz", "/readyz", "/metrics", "/openapi.yaml", "/"] {
        assert_eq!(send(&app, get(open)).await.status, StatusCode::OK, "{open}");
    }
}

#[tokio::test]
async fn request_ids_are_echoed_or_made() {
    let app = app();
    let mut req = get("/healthz");
    req.headers_mut()
        .insert("x-request-id", "client-chosen-42".parse().unwrap());
    let a = send(&app, req).await;
    assert_eq!(a.headers["x-request-id"], "client-chosen-42");
    let b = send(&app, get("/nowhere")).await;
    let id = b.headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 36, "a UUID: {id}");
    let c = send(&app, get("/healthz")).await;
    assert_ne!(c.headers["x-request-id"], b.headers["x-request-id"]);
}

/// Over the concurrency limit: 503 `overloaded` with Retry-After, at once.
#[tokio::test]
async fn overload_sheds_with_503_and_retry_after() {
    let cfg = ServeConfig {
        concurrency_limit: Some(1),
        ..config()
    };
    let calls = Arc::new(AtomicUsize::new(0));
    let app = router(AppState::with_analyzer(
        &cfg,
        stand_in(Duration::from_millis(600), calls.clone()),
    ));
    let first = tokio::spawn({
        let app = app.clone();
        async move { send(&app, post(A, TEXT, SEED)).await }
    });
    // Wait until the first request holds the slot.
    while calls.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let second = send(&app, post(A, TEXT, SEED)).await;
    second.assert_problem(503, "overloaded");
    let retry: u64 = second.headers[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(retry >= 1);
    let batch = send(
        &app,
        post(
            "/v1/analyze/batch",
            Some("application/x-ndjson"),
            "{\"text\":\"a\"}\n",
        ),
    )
    .await;
    batch.assert_problem(503, "overloaded");
    // Health stays up meanwhile.
    assert_eq!(send(&app, get("/healthz")).await.status, StatusCode::OK);
    assert_eq!(first.await.unwrap().status, StatusCode::OK);
    assert_eq!(
        calls.load(Ordering::SeqCst),
        1,
        "the shed requests never ran"
    );
    // The slot is free again.
    assert_eq!(send(&app, post(A, TEXT, SEED)).await.status, StatusCode::OK);
}

/// With a queue, requests past the limit wait for a slot, up to the queue's size.
#[tokio::test]
async fn a_bounded_queue_waits_then_sheds() {
    let cfg = ServeConfig {
        concurrency_limit: Some(1),
        queue_limit: 1,
        ..config()
    };
    let calls = Arc::new(AtomicUsize::new(0));
    let app = router(AppState::with_analyzer(
        &cfg,
        stand_in(Duration::from_millis(400), calls.clone()),
    ));
    let spawn = || {
        let app = app.clone();
        tokio::spawn(async move { send(&app, post(A, TEXT, SEED)).await })
    };
    let first = spawn();
    while calls.load(Ordering::SeqCst) == 0 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let second = spawn();
    let third = spawn();
    assert_eq!(first.await.unwrap().status, StatusCode::OK);
    let mut statuses = [
        second.await.unwrap().status.as_u16(),
        third.await.unwrap().status.as_u16(),
    ];
    statuses.sort();
    assert_eq!(
        statuses,
        [200, 503],
        "one waited in the queue, one was shed"
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn analysis_over_budget_is_503_timeout() {
    let cfg = ServeConfig {
        request_timeout: Duration::from_millis(100),
        concurrency_limit: Some(1),
        ..config()
    };
    let calls = Arc::new(AtomicUsize::new(0));
    let app = router(AppState::with_analyzer(
        &cfg,
        stand_in(Duration::from_millis(700), calls.clone()),
    ));
    let a = send(&app, post(A, TEXT, SEED)).await;
    a.assert_problem(503, "timeout");
    assert!(a.headers.contains_key(header::RETRY_AFTER));
    // The runaway analysis still holds its slot until it really ends.
    send(&app, post(A, TEXT, SEED))
        .await
        .assert_problem(503, "overloaded");
    // In a batch, each line has its own budget and its own problem line.
    tokio::time::sleep(Duration::from_millis(800)).await;
    let b = send(
        &app,
        post(
            "/v1/analyze/batch",
            Some("application/x-ndjson"),
            "{\"text\":\"a\"}\n{oops\n",
        ),
    )
    .await;
    assert_eq!(b.status, StatusCode::OK);
    let lines = b.ndjson();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["code"], "timeout");
    assert_eq!(lines[1]["code"], "invalid_json");
}

#[tokio::test]
async fn a_panicking_analysis_is_a_500_problem_not_a_crash() {
    let analyze: AnalyzeFn = Arc::new(|_: &ArticleInput| -> Result<Analysis, InputError> {
        panic!("deliberate test panic")
    });
    let app = router(AppState::with_analyzer(&config(), analyze));
    send(&app, post(A, TEXT, "text"))
        .await
        .assert_problem(500, "internal");
    assert_eq!(send(&app, get("/healthz")).await.status, StatusCode::OK);
}

/// A body that sends `prefix`, then nothing more, ever (a trickling client).
pub struct Stalled(pub Option<Bytes>);

impl HttpBody for Stalled {
    type Data = Bytes;
    type Error = std::io::Error;
    fn poll_frame(
        mut self: Pin<&mut Self>,
        _cx: &mut Context<'_>,
    ) -> Poll<Option<Result<http_body::Frame<Bytes>, std::io::Error>>> {
        match self.0.take() {
            Some(b) => Poll::Ready(Some(Ok(http_body::Frame::data(b)))),
            None => Poll::Pending,
        }
    }
}

#[tokio::test]
async fn slow_bodies_time_out_without_holding_slots() {
    let cfg = ServeConfig {
        body_timeout: Duration::from_millis(300),
        concurrency_limit: Some(1),
        ..config()
    };
    let app = router(AppState::ready(&cfg));
    let stalled = || {
        let mut req = post(
            A,
            TEXT,
            Body::new(Stalled(Some(Bytes::from_static(b"Rubio met")))),
        );
        req.headers_mut()
            .insert(header::CONTENT_LENGTH, 1000.into());
        req
    };
    let slow: Vec<_> = (0..3)
        .map(|_| {
            let app = app.clone();
            let req = stalled();
            tokio::spawn(async move { send(&app, req).await })
        })
        .collect();
    // While three clients trickle, health checks and a real analysis go through
    // (concurrency limit 1: the slow clients hold no slot).
    assert_eq!(send(&app, get("/healthz")).await.status, StatusCode::OK);
    assert_eq!(send(&app, post(A, TEXT, SEED)).await.status, StatusCode::OK);
    for s in slow {
        s.await.unwrap().assert_problem(408, "body_timeout");
    }
}

#[tokio::test]
async fn metrics_count_routes_statuses_and_codes() {
    let app = app();
    send(&app, get("/healthz")).await;
    send(&app, post(A, TEXT, SEED)).await;
    send(&app, post(A, TEXT, "")).await;
    send(&app, get("/no/such/path")).await;
    send(
        &app,
        post(
            "/v1/analyze/batch",
            Some("application/x-ndjson"),
            "{\"text\":\"a\"}\nbad\n",
        ),
    )
    .await;
    let m = String::from_utf8(send(&app, get("/metrics")).await.body.to_vec()).unwrap();
    for want in [
        "attache_http_requests_total{route=\"/healthz\",method=\"GET\",status=\"200\"} 1",
        "attache_http_requests_total{route=\"/v1/analyze\",method=\"POST\",status=\"200\"} 1",
        "attache_http_requests_total{route=\"/v1/analyze\",method=\"POST\",status=\"422\"} 1",
        "attache_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1",
        "attache_http_errors_total{code=\"empty_article\"} 1",
        "attache_http_errors_total{code=\"not_found\"} 1",
        "attache_batch_lines_total{outcome=\"ok\"} 1",
        "attache_batch_lines_total{outcome=\"invalid_json\"} 1",
        "attache_http_request_duration_seconds_count{route=\"/v1/analyze\"} 2",
        "# TYPE attache_http_request_duration_seconds histogram",
        "attache_http_requests_in_flight 1",
        "attache_analysis_queue_length 0",
    ] {
        assert!(m.contains(want), "missing {want:?} in\n{m}");
    }
}

#[tokio::test]
async fn readiness_follows_loading_and_draining() {
    let state = AppState::new(&config());
    let app = router(state.clone());
    send(&app, get("/readyz"))
        .await
        .assert_problem(503, "not_ready");
    assert_eq!(send(&app, get("/healthz")).await.status, StatusCode::OK);
    state.mark_ready();
    assert_eq!(send(&app, get("/readyz")).await.status, StatusCode::OK);
    state.start_draining();
    send(&app, get("/readyz"))
        .await
        .assert_problem(503, "not_ready");
}

#[tokio::test]
async fn small_bodies_inline_and_large_ones_on_the_pool_answer_as_the_library() {
    let large = include_str!("../fixtures/articles/031.txt");
    assert!(SEED.len() <= attache::http::INLINE_MAX_BYTES);
    assert!(large.len() > attache::http::INLINE_MAX_BYTES);
    let app = app();
    for text in [SEED, large] {
        let a = send(&app, post("/v1/analyze", Some("text/plain"), text)).await;
        assert_eq!(a.status, StatusCode::OK);
        let input = ArticleInput::text(text).unwrap();
        let expected = serde_json::to_value(Analyzer::embedded().analyze(&input)).unwrap();
        assert_eq!(a.json(), expected);
    }
}

/// A stand-in that is slow on bodies holding "SLOW" and honours its
/// budget there; `stopped` is set when it saw its budget spent.
fn slow_on_request(stopped: Arc<AtomicUsize>) -> AnalyzeFn {
    Arc::new(
        move |input: &ArticleInput| -> Result<Analysis, InputError> {
            if let attache::analysis::Body::Text(t) = input.body()
                && t.contains("SLOW")
                && attache::analysis::testing::busy(Duration::from_secs(20))
            {
                stopped.fetch_add(1, Ordering::SeqCst);
            }
            Analyzer::embedded().try_analyze(input)
        },
    )
}

/// Waits (at most two seconds) until `n` slow analyses saw their budget spent.
async fn wait_for(stopped: &AtomicUsize, n: usize) {
    for _ in 0..200 {
        if stopped.load(Ordering::SeqCst) >= n {
            return;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Posts the seed article until it is not shed (at most a second: the
/// slot of a stopped analysis is released just after it stops).
async fn first_ok(app: &Router) -> StatusCode {
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..100 {
        status = send(app, post(A, TEXT, SEED)).await.status;
        if status != StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    status
}

/// On both paths (inline on the request's task, and the blocking pool) an
/// analysis past `request_timeout` is stopped by its budget: 503 `timeout`,
/// the work ends, and its slot is free for the next request at once.
#[tokio::test]
async fn an_analysis_over_budget_stops_and_frees_its_slot_on_both_paths() {
    let cfg = ServeConfig {
        request_timeout: Duration::from_millis(150),
        concurrency_limit: Some(1),
        ..config()
    };
    for inline in [true, false] {
        let stopped = Arc::new(AtomicUsize::new(0));
        let analyze = slow_on_request(stopped.clone());
        let state = if inline {
            AppState::with_inline_analyzer(&cfg, analyze, usize::MAX)
        } else {
            AppState::with_analyzer(&cfg, analyze)
        };
        let app = router(state);
        let a = send(&app, post(A, TEXT, "SLOW: Rubio met Jaishankar.")).await;
        a.assert_problem(503, "timeout");
        // The work itself stopped (not only the answer): the stand-in saw
        // its budget spent, within a few checks of the deadline.
        wait_for(&stopped, 1).await;
        assert_eq!(stopped.load(Ordering::SeqCst), 1, "inline: {inline}");
        // Its slot is free: with one slot and no queue, the next request
        // runs instead of being shed as overloaded (the stand-in would
        // otherwise hold it for 20 s).
        assert_eq!(first_ok(&app).await, StatusCode::OK, "inline: {inline}");
        // In a batch, the slow line times out on its own line.
        let batch = send(
            &app,
            post(
                "/v1/analyze/batch",
                Some("application/x-ndjson"),
                "{\"text\":\"SLOW: a\"}\n",
            ),
        )
        .await;
        let lines = batch.ndjson();
        assert_eq!(lines[0]["code"], "timeout", "inline: {inline}");
        wait_for(&stopped, 2).await;
        assert_eq!(stopped.load(Ordering::SeqCst), 2, "inline: {inline}");
        assert_eq!(first_ok(&app).await, StatusCode::OK, "inline: {inline}");
    }
}

/// The embedded analyzer stops under a spent budget (the inline path's
/// real analyzer, not a stand-in): a zero request timeout answers
/// `timeout` for a small body too.
#[tokio::test]
async fn the_embedded_analyzer_honours_a_spent_budget_inline() {
    let cfg = ServeConfig {
        request_timeout: Duration::ZERO,
        ..config()
    };
    let app = router(AppState::ready(&cfg));
    assert!(SEED.len() <= attache::http::INLINE_MAX_BYTES);
    send(&app, post(A, TEXT, SEED))
        .await
        .assert_problem(503, "timeout");
}
