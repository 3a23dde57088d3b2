//! Property tests of request parsing through the router: whatever bytes,
//! content type, JSON shape or batch lines a client sends, the answer is a
//! 200 or a problem document from the SPEC's table — never a 5xx, never
//! axum's plain text — and a batch has exactly one line per input line.

use std::sync::LazyLock;

use attache::http::{AppState, router};
use axum::Router;
use axum::http::StatusCode;
use proptest::prelude::*;
use serde_json::{Value, json};

use crate::http_api::{Answer, config, post, send};

static RT: LazyLock<tokio::runtime::Runtime> = LazyLock::new(|| {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
});

static APP: LazyLock<Router> = LazyLock::new(|| {
    // The three properties share this router from parallel test threads:
    // room enough that no request is shed or timed out on a loaded machine,
    // since shedding is not what these properties are about.
    router(AppState::ready(&attache::config::ServeConfig {
        body_limit: 16 * 1024,
        concurrency_limit: Some(64),
        queue_limit: 4096,
        request_timeout: std::time::Duration::from_secs(600),
        ..config()
    }))
});

fn call(uri: &str, content_type: Option<&str>, body: Vec<u8>) -> Answer {
    RT.block_on(send(&APP, post(uri, content_type, body)))
}

/// The codes a client's input may produce on the analyze routes.
const CLIENT_CODES: [&str; 7] = [
    "invalid_utf8",
    "invalid_json",
    "invalid_request",
    "empty_article",
    "unsupported_media_type",
    "body_too_large",
    "not_found",
];

fn assert_client_answer(a: &Answer) -> Option<Value> {
    assert!(
        !a.status.is_server_error(),
        "{}: {}",
        a.status,
        String::from_utf8_lossy(&a.body)
    );
    if a.status == StatusCode::OK {
        return None;
    }
    assert_eq!(a.content_type(), "application/problem+json");
    let p = a.json();
    assert_eq!(p["status"], a.status.as_u16());
    assert!(CLIENT_CODES.contains(&p["code"].as_str().unwrap()), "{p}");
    Some(p)
}

fn content_type() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(Some("text/plain".to_string())),
        Just(Some("text/plain; charset=utf-8".to_string())),
        Just(Some("text/html".to_string())),
        Just(Some("application/json".to_string())),
        Just(Some("application/x-ndjson".to_string())),
        Just(None),
        "[a-z]{1,8}/[a-z+.-]{1,12}(; ?[a-z]{1,8}=[a-z0-9-]{0,8})?".prop_map(Some),
    ]
}

/// Bytes that are often text, sometimes not, sometimes JSON-ish or HTML-ish.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..300),
        ".{0,300}".prop_map(String::into_bytes),
        "[{}\\[\\]\":,a-z0-9 \\\\]{0,80}".prop_map(String::into_bytes),
        "(<[a-z]{1,5}>|</[a-z]{1,5}>|[A-Za-z .,\"“”']{0,20}){0,20}".prop_map(String::into_bytes),
    ]
}

fn json_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(|n| json!(n)),
        ".{0,20}".prop_map(Value::String),
        prop_oneof![
            Just("codepoint"),
            Just("utf16"),
            Just("utf8"),
            Just("entities"),
            Just("quotes"),
            Just("2025-10-25")
        ]
        .prop_map(|s| json!(s)),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map(
                prop_oneof![
                    Just("text".to_string()),
                    Just("html".to_string()),
                    Just("url".to_string()),
                    Just("published".to_string()),
                    Just("options".to_string()),
                    Just("offset_unit".to_string()),
                    Just("include".to_string()),
                    "[a-z]{1,6}",
                ],
                inner,
                0..4
            )
            .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Any bytes under any content type: a 200 or a client problem.
    #[test]
    fn any_body_any_type_is_never_a_server_error(ct in content_type(), body in body(), q in prop_oneof![
        Just(String::new()),
        Just("?offset_unit=utf16".to_string()),
        Just("?include=entities,quotes".to_string()),
        "\\?[a-z_]{1,12}=[a-z0-9,-]{0,12}",
    ]) {
        let a = call(&format!("/v1/analyze{q}"), ct.as_deref(), body.clone());
        if let Some(p) = assert_client_answer(&a) {
            // Only a body that is valid UTF-8 gets past the UTF-8 check.
            if p["code"] == "invalid_utf8" {
                prop_assert!(std::str::from_utf8(&body).is_err());
            }
        }
    }

    /// Any JSON shape: 200 exactly when it is an object with one of
    /// `text`/`html` as a non-blank string and nothing wrong beside.
    #[test]
    fn any_json_shape_is_a_200_or_a_named_422(v in json_value(), text in prop_oneof![
        Just(None),
        "[A-Za-z ]{1,40}".prop_map(Some),
    ]) {
        let mut v = v;
        if let (Some(t), Value::Object(m)) = (text, &mut v) {
            m.insert("text".into(), json!(t));
        }
        let a = call("/v1/analyze", Some("application/json"), v.to_string().into_bytes());
        if let Some(p) = assert_client_answer(&a) {
            prop_assert!(p["code"] == "invalid_request" || p["code"] == "empty_article", "{p}");
            if p["code"] == "invalid_request" {
                prop_assert!(p["field"].is_string(), "{p}");
            }
        } else {
            let m = v.as_object().expect("only objects are accepted");
            let is_str = |k: &str| m.get(k).is_some_and(Value::is_string);
            prop_assert!(is_str("text") ^ is_str("html"), "{}", v);
        }
    }

    /// A batch answers exactly one line per input line, in order; good
    /// lines succeed whatever their neighbours are.
    #[test]
    fn batches_keep_every_line_in_place(lines in proptest::collection::vec(prop_oneof![
        "[A-Za-z ]{1,30}".prop_map(|t| (true, json!({"text": format!("x{t}")}).to_string().into_bytes())),
        proptest::collection::vec(any::<u8>().prop_filter("no newline", |b| *b != b'\n'), 0..40).prop_map(|b| (false, b)),
        "[^\n]{0,40}".prop_map(|s| (false, s.into_bytes())),
    ], 0..12), crlf in any::<bool>(), trailing in any::<bool>()) {
        let sep: &[u8] = if crlf { b"\r\n" } else { b"\n" };
        let mut body: Vec<u8> = lines.iter().map(|(_, l)| l.clone()).collect::<Vec<_>>().join(sep);
        if trailing && !lines.is_empty() {
            body.extend_from_slice(sep);
        }
        let a = call("/v1/analyze/batch", Some("application/x-ndjson"), body.clone());
        prop_assert_eq!(a.status, StatusCode::OK);
        let out = String::from_utf8(a.body.to_vec()).unwrap();
        let out: Vec<Value> = out.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        // An empty body answers nothing; without a final newline, an empty
        // last line cannot be told from the end of the body.
        let last_empty = lines.last().is_some_and(|(_, l)| l.is_empty());
        let expected = if body.is_empty() {
            0
        } else if !trailing && last_empty {
            lines.len() - 1
        } else {
            lines.len()
        };
        prop_assert_eq!(out.len(), expected);
        for ((good, _), v) in lines.iter().zip(&out) {
            if *good {
                prop_assert_eq!(&v["schema_version"], "1", "{}", v);
            } else if v.get("code").is_some() {
                prop_assert!(CLIENT_CODES.contains(&v["code"].as_str().unwrap()), "{}", v);
            }
        }
    }
}
