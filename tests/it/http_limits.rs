//! Budgets that keep one client from taking the service's memory or
//! revealing its routes (issue 20), through the router: the memory of
//! bodies being read, the batch line limit, bounded metrics labels and
//! request ids, and authentication before any 404 or 405 under `/v1`.

use std::time::{Duration, Instant};

use attache::config::ServeConfig;
use attache::http::{AppState, router};
use axum::body::{Body, Bytes};
use axum::http::{Method, Request, StatusCode, header};

use crate::http_api::{A, Answer, SEED, Stalled, app, config, get, post, send};

const NDJSON: Option<&str> = Some("application/x-ndjson");
const TEXT: Option<&str> = Some("text/plain");

/// Bodies being read share one memory budget: past it, 503 `overloaded`
/// with `Retry-After`; the budget comes back as the bodies end.
#[tokio::test]
async fn bodies_being_read_share_a_memory_budget() {
    let cfg = ServeConfig {
        body_limit: 64 * 1024,
        body_memory: 140 * 1024,
        body_timeout: Duration::from_millis(400),
        ..config()
    };
    let state = AppState::ready(&cfg);
    let app = router(state.clone());
    // Three clients each send 40,000 bytes of a longer body, then stall.
    let stalled: Vec<_> = (0..3)
        .map(|_| {
            let mut req = post(
                A,
                TEXT,
                Body::new(Stalled(Some(Bytes::from(vec![b'a'; 40_000])))),
            );
            req.headers_mut()
                .insert(header::CONTENT_LENGTH, 60_000.into());
            let app = app.clone();
            tokio::spawn(async move { send(&app, req).await })
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(10);
    while state.body_bytes_in_use() < 120_000 {
        assert!(
            Instant::now() < deadline,
            "the stalled bodies were never read"
        );
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
    assert_eq!(state.body_bytes_in_use(), 120_000, "charged as bytes came");
    // A fourth body of 40,000 bytes would pass 140 KiB.
    let over = send(&app, post(A, TEXT, "word ".repeat(8_000))).await;
    let p = over.assert_problem(503, "overloaded");
    assert!(p["detail"].as_str().unwrap().contains("memory"), "{p}");
    assert_eq!(over.headers[header::RETRY_AFTER], "1");
    // Small bodies still fit, and health never reads a body.
    assert_eq!(send(&app, post(A, TEXT, SEED)).await.status, StatusCode::OK);
    assert_eq!(send(&app, get("/healthz")).await.status, StatusCode::OK);
    let m = String::from_utf8(send(&app, get("/metrics")).await.body.to_vec()).unwrap();
    assert!(
        m.contains("attache_http_body_bytes_reading 120000"),
        "gauge: {m}"
    );
    for s in stalled {
        s.await.unwrap().assert_problem(408, "body_timeout");
    }
    assert_eq!(state.body_bytes_in_use(), 0, "given back");
    let big = send(&app, post(A, TEXT, "word ".repeat(8_000))).await;
    assert_eq!(big.status, StatusCode::OK);
}

/// A client that declares a large body and sends none is charged nothing.
#[tokio::test]
async fn a_declared_length_reserves_nothing() {
    let cfg = ServeConfig {
        body_memory: 1 << 20,
        body_timeout: Duration::from_millis(300),
        ..config()
    };
    let state = AppState::ready(&cfg);
    let app = router(state.clone());
    let waiting: Vec<_> = (0..8)
        .map(|_| {
            let mut req = post(A, TEXT, Body::new(Stalled(None)));
            req.headers_mut()
                .insert(header::CONTENT_LENGTH, (1u32 << 20).into());
            let app = app.clone();
            tokio::spawn(async move { send(&app, req).await })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(50)).await;
    assert_eq!(state.body_bytes_in_use(), 0);
    // The whole budget is still there for a real body.
    assert_eq!(send(&app, post(A, TEXT, SEED)).await.status, StatusCode::OK);
    for w in waiting {
        w.await.unwrap().assert_problem(408, "body_timeout");
    }
}

/// A batch answers one line per input line, blank lines included, up to
/// the batch line limit; past it the whole batch is 413, before any work.
#[tokio::test]
async fn batches_are_bounded_in_lines() {
    let cfg = ServeConfig {
        batch_line_limit: 5,
        ..config()
    };
    let app = router(AppState::ready(&cfg));
    let at_limit = "\n\n{\"text\": \"Rubio met Jaishankar.\"}\n\n\n";
    let a = send(&app, post("/v1/analyze/batch", NDJSON, at_limit)).await;
    assert_eq!(a.status, StatusCode::OK);
    let out = a.ndjson();
    let codes = Answer::line_codes(&out);
    assert_eq!(
        codes,
        [
            "invalid_json",
            "invalid_json",
            "ok",
            "invalid_json",
            "invalid_json"
        ]
    );
    let over = send(&app, post("/v1/analyze/batch", NDJSON, "\n".repeat(6))).await;
    let p = over.assert_problem(413, "batch_too_large");
    let detail = p["detail"].as_str().unwrap();
    assert!(detail.contains('6') && detail.contains('5'), "{detail}");
    // 1 MiB of blank lines: one small problem, not a million.
    let cfg = ServeConfig {
        body_limit: 1 << 20,
        ..config()
    };
    let app = router(AppState::ready(&cfg));
    let flood = send(
        &app,
        post("/v1/analyze/batch", NDJSON, "\n".repeat(1 << 20)),
    )
    .await;
    flood.assert_problem(413, "batch_too_large");
    assert!(flood.body.len() < 1024, "{} bytes", flood.body.len());
}

/// Methods are client-chosen tokens: only the standard ones are labels.
#[tokio::test]
async fn unknown_methods_collapse_into_one_label() {
    let app = app();
    for token in ["FROB", "BREW", "X".repeat(500).as_str(), "get"] {
        let req = Request::builder()
            .method(Method::from_bytes(token.as_bytes()).unwrap())
            .uri("/healthz")
            .body(Body::empty())
            .unwrap();
        send(&app, req)
            .await
            .assert_problem(405, "method_not_allowed");
    }
    send(&app, get("/healthz")).await;
    let m = String::from_utf8(send(&app, get("/metrics")).await.body.to_vec()).unwrap();
    assert!(
        m.contains(
            "attache_http_requests_total{route=\"/healthz\",method=\"other\",status=\"405\"} 4"
        ),
        "{m}"
    );
    assert!(m.contains("method=\"GET\""));
    for token in ["FROB", "BREW", "XXXX", "method=\"get\""] {
        assert!(!m.contains(token), "{token} became a label");
    }
}

/// A client's request id is echoed only when it is short and plain.
#[tokio::test]
async fn request_ids_are_capped_and_sanitised() {
    let app = app();
    let with_id = |id: &[u8]| {
        let mut req = get("/healthz");
        req.headers_mut()
            .insert("x-request-id", header::HeaderValue::from_bytes(id).unwrap());
        req
    };
    let kept = "k".repeat(128);
    let a = send(&app, with_id(kept.as_bytes())).await;
    assert_eq!(a.headers["x-request-id"], kept.as_str());
    for bad in [
        "k".repeat(129).into_bytes(),
        "k".repeat(60_000).into_bytes(),
        b"has spaces in it".to_vec(),
        b"caf\xc3\xa9".to_vec(),
        b"tab\there".to_vec(),
    ] {
        let a = send(&app, with_id(&bad)).await;
        let ids: Vec<_> = a.headers.get_all("x-request-id").iter().collect();
        assert_eq!(ids.len(), 1);
        let id = ids[0].to_str().unwrap();
        assert_eq!(
            id.len(),
            36,
            "a fresh UUID for {:?}: {id}",
            String::from_utf8_lossy(&bad)
        );
    }
    // Two ids: neither is trusted.
    let mut req = get("/healthz");
    req.headers_mut()
        .append("x-request-id", "one".parse().unwrap());
    req.headers_mut()
        .append("x-request-id", "two".parse().unwrap());
    let a = send(&app, req).await;
    assert_eq!(a.headers["x-request-id"].len(), 36);
}

/// With keys set, anything under `/v1` without a key is 401: a 405 or 404
/// would tell an unauthenticated client which routes exist.
#[tokio::test]
async fn authentication_comes_before_405_and_404() {
    let cfg = ServeConfig {
        api_keys: vec!["k-one".into()],
        ..config()
    };
    let app = router(AppState::ready(&cfg));
    let req = |method: Method, uri: &str, key: bool| {
        let mut b = Request::builder().method(method).uri(uri);
        if key {
            b = b.header(header::AUTHORIZATION, "Bearer k-one");
        }
        b.body(Body::empty()).unwrap()
    };
    for (method, uri, with_key) in [
        (Method::GET, "/v1/analyze", 405),
        (Method::OPTIONS, "/v1/analyze", 405),
        (Method::DELETE, "/v1/analyze/batch", 405),
        (Method::POST, "/v1/taxonomy", 405),
        (Method::GET, "/v1/no/such/route", 404),
        (Method::GET, "/v1", 404),
    ] {
        let a = send(&app, req(method.clone(), uri, false)).await;
        a.assert_problem(401, "unauthorized");
        assert_eq!(
            a.headers[header::WWW_AUTHENTICATE],
            "Bearer realm=\"attache\""
        );
        let code = if with_key == 405 {
            "method_not_allowed"
        } else {
            "not_found"
        };
        send(&app, req(method.clone(), uri, true))
            .await
            .assert_problem(with_key, code);
    }
    // Outside `/v1` nothing needs a key, and a wrong method stays 405.
    send(&app, req(Method::POST, "/healthz", false))
        .await
        .assert_problem(405, "method_not_allowed");
    send(&app, req(Method::GET, "/nowhere", false))
        .await
        .assert_problem(404, "not_found");
    let m = String::from_utf8(send(&app, get("/metrics")).await.body.to_vec()).unwrap();
    assert!(
        m.contains(
            "attache_http_requests_total{route=\"/v1/analyze\",method=\"GET\",status=\"401\"} 1"
        ),
        "401s are counted on their route: {m}"
    );
}
