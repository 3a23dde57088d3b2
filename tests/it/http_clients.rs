//! What a browser plugin or another program needs from the service: CORS,
//! compressed answers and bodies, and `GET /version`.

use std::io::{Read, Write};

use attache::config::ServeConfig;
use attache::http::{AppState, router};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode, header};

use crate::http_api::{SEED, app, config, get, post, send};

fn cors_app(origins: &[&str]) -> axum::Router {
    let cfg = ServeConfig {
        cors_origins: origins.iter().map(|s| s.to_string()).collect(),
        api_keys: vec!["k1".into()],
        ..config()
    };
    router(AppState::ready(&cfg))
}

fn preflight(origin: &str) -> Request<Body> {
    Request::builder()
        .method(Method::OPTIONS)
        .uri("/v1/analyze")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type",
        )
        .body(Body::empty())
        .unwrap()
}

#[tokio::test]
async fn cors_preflight_is_answered_for_a_listed_origin_before_auth() {
    let app = cors_app(&["https://cms.example.org"]);
    let a = send(&app, preflight("https://cms.example.org")).await;
    assert!(a.status.is_success(), "{:?}", a.status);
    let h = |n: header::HeaderName| {
        a.headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_ascii_lowercase()
    };
    assert_eq!(
        h(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "https://cms.example.org"
    );
    assert!(h(header::ACCESS_CONTROL_ALLOW_METHODS).contains("post"));
    let allowed = h(header::ACCESS_CONTROL_ALLOW_HEADERS);
    assert!(
        allowed.contains("authorization") && allowed.contains("content-type"),
        "{allowed}"
    );

    // The real request still needs its key, and carries the CORS header.
    let mut req = post("/v1/analyze", Some("text/plain"), "Rubio met Jaishankar.");
    req.headers_mut()
        .insert(header::ORIGIN, "https://cms.example.org".parse().unwrap());
    let a = send(&app, req).await;
    a.assert_problem(401, "unauthorized");
    assert_eq!(
        a.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(),
        "https://cms.example.org"
    );
}

#[tokio::test]
async fn cors_refuses_other_origins_and_is_off_by_default() {
    let app = cors_app(&["https://cms.example.org"]);
    let a = send(&app, preflight("https://evil.example.net")).await;
    assert!(a.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    let a = send(&app_default(), preflight("https://cms.example.org")).await;
    assert!(a.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());

    let any = cors_app(&["*"]);
    let a = send(&any, preflight("https://anyone.example")).await;
    assert_eq!(
        a.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).unwrap(),
        "*"
    );
}

fn app_default() -> axum::Router {
    app()
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

#[tokio::test]
async fn answers_are_compressed_when_asked() {
    let app = app();
    for (coding, decode) in [("gzip", true), ("br", false)] {
        let mut req = post("/v1/analyze", Some("text/plain"), SEED);
        req.headers_mut()
            .insert(header::ACCEPT_ENCODING, coding.parse().unwrap());
        let a = send(&app, req).await;
        assert_eq!(a.status, StatusCode::OK);
        assert_eq!(a.headers.get(header::CONTENT_ENCODING).unwrap(), coding);
        if decode {
            let mut out = String::new();
            flate2::read::GzDecoder::new(&a.body[..])
                .read_to_string(&mut out)
                .unwrap();
            let v: serde_json::Value = serde_json::from_str(&out).unwrap();
            assert!(v["entities"].as_array().is_some_and(|e| !e.is_empty()));
        }
    }
    // A streamed batch compressed too (the layer polls the stream past its end).
    let mut req = post(
        "/v1/analyze/batch",
        Some("application/x-ndjson"),
        "{\"text\": \"India and Pakistan held talks.\"}\nnot json\n",
    );
    req.headers_mut()
        .insert(header::ACCEPT_ENCODING, "gzip".parse().unwrap());
    let a = send(&app, req).await;
    assert_eq!(a.status, StatusCode::OK);
    let mut out = String::new();
    flate2::read::GzDecoder::new(&a.body[..])
        .read_to_string(&mut out)
        .unwrap();
    assert_eq!(out.lines().count(), 2, "{out}");
    // Without accept-encoding the answer is plain.
    let a = send(&app, post("/v1/analyze", Some("text/plain"), SEED)).await;
    assert!(a.headers.get(header::CONTENT_ENCODING).is_none());
}

fn gzipped(uri: &str, content_type: &str, body: Vec<u8>, coding: &str) -> Request<Body> {
    let mut req = post(uri, Some(content_type), body);
    req.headers_mut()
        .insert(header::CONTENT_ENCODING, coding.parse().unwrap());
    req
}

#[tokio::test]
async fn gzip_bodies_are_accepted_and_bounded() {
    let app = app();
    let plain = send(&app, post("/v1/analyze", Some("text/plain"), SEED)).await;
    let a = send(
        &app,
        gzipped("/v1/analyze", "text/plain", gzip(SEED.as_bytes()), "gzip"),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.json(), plain.json(), "same answer as the plain body");

    let line = br#"{"text": "India and Pakistan held talks in Doha."}"#;
    let a = send(
        &app,
        gzipped(
            "/v1/analyze/batch",
            "application/x-ndjson",
            gzip(line),
            "gzip",
        ),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);

    // A bomb: 8 MiB of spaces is a few KiB compressed, over the 1 MiB limit once inflated.
    let bomb = gzip(&vec![b' '; 8 << 20]);
    assert!(bomb.len() < 64 << 10);
    send(&app, gzipped("/v1/analyze", "text/plain", bomb, "gzip"))
        .await
        .assert_problem(413, "body_too_large");

    send(
        &app,
        gzipped("/v1/analyze", "text/plain", b"not gzip".to_vec(), "gzip"),
    )
    .await
    .assert_problem(400, "invalid_encoding");
    let p = send(
        &app,
        gzipped("/v1/analyze", "text/plain", b"x".to_vec(), "zstd"),
    )
    .await
    .assert_problem(415, "unsupported_encoding");
    assert!(p["detail"].as_str().unwrap().contains("zstd"), "{p}");
    let a = send(
        &app,
        gzipped("/v1/analyze", "text/plain", SEED.into(), "identity"),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
}

#[tokio::test]
async fn version_names_the_build_and_its_data() {
    let a = send(&app(), get("/version")).await;
    assert_eq!(a.status, StatusCode::OK);
    let v = a.json();
    assert_eq!(v["version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(v["schema_version"], "1");
    assert!(v["data"].as_array().is_some_and(|d| {
        d.iter()
            .any(|s| s["source"].as_str().unwrap().contains("Natural Earth"))
    }));
    let m = send(&app(), get("/metrics")).await;
    let text = String::from_utf8_lossy(&m.body);
    assert!(text.contains("attache_build_info{"), "{text}");
    assert!(text.contains("\nprocess_resident_memory_bytes "), "{text}");
}

/// A request body that arrives in `chunks`, as a socket delivers it.
fn streamed(uri: &str, content_type: &str, chunks: Vec<Vec<u8>>) -> Request<Body> {
    let stream = futures_util::stream::iter(
        chunks
            .into_iter()
            .map(|c| Ok::<_, std::convert::Infallible>(axum::body::Bytes::from(c))),
    );
    Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from_stream(stream))
        .unwrap()
}

#[tokio::test]
async fn a_batch_larger_than_the_body_limit_streams_line_by_line() {
    let cfg = ServeConfig {
        body_limit: 4096,
        ..config()
    };
    let app = router(AppState::ready(&cfg));
    // 300 lines, about 22 KiB: more than five times the body limit.
    let lines: Vec<String> = (0..300)
        .map(|i| {
            if i % 50 == 7 {
                "not json".to_string()
            } else if i == 100 {
                format!("{{\"text\": \"{}\"}}", "word ".repeat(1000))
            } else {
                format!("{{\"text\": \"Article {i}. India and Pakistan held talks in Doha.\"}}")
            }
        })
        .collect();
    let body = lines.join("\n") + "\n";
    assert!(body.len() > 5 * 4096, "{}", body.len());
    // Cut into chunks that end mid-line.
    let chunks: Vec<Vec<u8>> = body.as_bytes().chunks(777).map(<[u8]>::to_vec).collect();
    let a = send(
        &app,
        streamed("/v1/analyze/batch", "application/x-ndjson", chunks),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let out = a.ndjson();
    assert_eq!(out.len(), 300, "one answer per line");
    for (i, v) in out.iter().enumerate() {
        if i % 50 == 7 {
            assert_eq!(v["code"], "invalid_json", "line {i}");
        } else if i == 100 {
            assert_eq!(v["code"], "body_too_large", "line {i}: the per-line limit");
        } else {
            let text = v["clean_text"].as_str().unwrap_or_default();
            assert!(
                text.starts_with(&format!("Article {i}.")),
                "line {i} in its place: {text}"
            );
        }
    }

    // The same batch gzip-compressed, inflated as it streams.
    let packed = gzip(body.as_bytes());
    let chunks: Vec<Vec<u8>> = packed.chunks(500).map(<[u8]>::to_vec).collect();
    let mut req = streamed("/v1/analyze/batch", "application/x-ndjson", chunks);
    req.headers_mut()
        .insert(header::CONTENT_ENCODING, "gzip".parse().unwrap());
    let b = send(&app, req).await;
    assert_eq!(b.status, StatusCode::OK);
    assert_eq!(b.body, a.body, "the same answers");
}
