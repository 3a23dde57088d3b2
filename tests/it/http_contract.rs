//! `openapi.yaml` keeps the router honest and the other way round: the same
//! routes, the file served byte for byte, examples that validate, and real
//! responses — errors included — that validate against the spec's schemas.

use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use attache::config::ServeConfig;
use attache::http::{AppState, router, routes};
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};

use crate::http_api::{
    A, Answer, SEED, app, check_spans, config, error_cases, get, post, send, stand_in,
};

const OPENAPI: &str = include_str!("../../openapi.yaml");
const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

pub fn spec() -> Value {
    serde_yaml::from_str(OPENAPI).expect("openapi.yaml parses")
}

/// A validator for `schema` (inline or a `$ref`) resolving refs in the spec.
fn validator(spec: &Value, schema: &Value) -> jsonschema::Validator {
    let root = json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "components": spec["components"],
        "allOf": [schema],
    });
    jsonschema::validator_for(&root).unwrap_or_else(|e| panic!("schema {schema}: {e}"))
}

#[track_caller]
fn assert_valid(spec: &Value, schema: &Value, instance: &Value, label: &str) {
    let v = validator(spec, schema);
    let errors: Vec<String> = v
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "{label}: does not validate:\n{}\n{instance}",
        errors.join("\n")
    );
}

/// Follows a `#/components/...` reference.
fn resolve<'a>(spec: &'a Value, v: &'a Value) -> &'a Value {
    match v.get("$ref").and_then(Value::as_str) {
        Some(r) => spec
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {r}")),
        None => v,
    }
}

fn schema_ref(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// Checks an answer against the spec's response for `method path`: the
/// status is documented, the content type too, and the body validates.
#[track_caller]
pub fn validate_answer(spec: &Value, method: &str, path: &str, a: &Answer) {
    let label = format!("{method} {path} -> {}", a.status);
    let op = &spec["paths"][path][method];
    assert!(op.is_object(), "{label}: operation not in the spec");
    let response = op["responses"]
        .get(a.status.as_str())
        .unwrap_or_else(|| panic!("{label}: status not documented"));
    let response = resolve(spec, response);
    assert!(
        a.headers.contains_key("x-request-id"),
        "{label}: x-request-id missing"
    );
    let essence = a.content_type().split(';').next().unwrap().trim();
    let content = response["content"]
        .get(essence)
        .unwrap_or_else(|| panic!("{label}: content type {essence} not documented"));
    let schema = &content["schema"];
    match essence {
        "application/json" | "application/problem+json" => {
            assert_valid(spec, schema, &a.json(), &label);
        }
        "application/x-ndjson" => {
            let text = std::str::from_utf8(&a.body).unwrap();
            let line_schema = if path == "/v1/articles/batch" {
                "StoreBatchLine"
            } else {
                "BatchLine"
            };
            for line in text.lines() {
                let v: Value = serde_json::from_str(line).unwrap();
                assert_valid(spec, &schema_ref(line_schema), &v, &label);
            }
        }
        _ => assert!(std::str::from_utf8(&a.body).is_ok(), "{label}: text body"),
    }
    // Documented headers the service always sends with this response.
    for name in response["headers"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, _)| k)
    {
        if matches!(
            name.as_str(),
            "Retry-After" | "x-request-id" | "WWW-Authenticate" | "Allow"
        ) {
            assert!(
                a.headers.contains_key(name.as_str()),
                "{label}: header {name} missing"
            );
        }
    }
}

fn spec_operations(spec: &Value) -> BTreeSet<(String, String)> {
    let mut ops = BTreeSet::new();
    for (path, item) in spec["paths"].as_object().unwrap() {
        for m in METHODS {
            if item.get(m).is_some() {
                ops.insert((m.to_string(), path.clone()));
            }
        }
    }
    ops
}

#[test]
fn the_spec_is_openapi_3_1_and_its_refs_resolve() {
    let spec = spec();
    assert_eq!(spec["openapi"], "3.1.0");
    fn walk(spec: &Value, v: &Value, n: &mut usize) {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(r)) = m.get("$ref") {
                    assert!(
                        spec.pointer(r.trim_start_matches('#')).is_some(),
                        "dangling $ref {r}"
                    );
                    *n += 1;
                }
                m.values().for_each(|x| walk(spec, x, n));
            }
            Value::Array(a) => a.iter().for_each(|x| walk(spec, x, n)),
            _ => {}
        }
    }
    let mut n = 0;
    walk(&spec, &spec, &mut n);
    assert!(n > 50, "{n} refs");
    // Every operation documents a success and has an id and a summary.
    for (m, p) in spec_operations(&spec) {
        let op = &spec["paths"][&p][&m];
        assert!(
            op["operationId"].is_string() && op["summary"].is_string(),
            "{m} {p}"
        );
        assert!(op["responses"]["200"].is_object(), "{m} {p}");
    }
}

#[tokio::test]
async fn served_byte_for_byte() {
    let a = send(&app(), get("/openapi.yaml")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(&a.body[..], OPENAPI.as_bytes());
    let on_disk = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.yaml")).unwrap();
    assert_eq!(&a.body[..], &on_disk[..]);
}

/// A spec path with its parameters filled: the article the route test
/// stores first, the United States.
fn concrete(path: &str) -> String {
    path.replace("{id}", "contract").replace("{code}", "US")
}

fn minimal_request(method: &str, path: &str) -> Request<Body> {
    let path = &concrete(path);
    match method {
        "delete" => Request::builder()
            .method(Method::DELETE)
            .uri(path.as_str())
            .body(Body::empty())
            .unwrap(),
        "get" if path == "/v1/timeline" => get("/v1/timeline?pair=US-PK"),
        "post" if path.ends_with("/batch") => post(
            path,
            Some("application/x-ndjson"),
            "{\"text\":\"Hello there.\"}\n",
        ),
        "post" => post(path, Some("text/plain"), "Hello there."),
        _ => get(path),
    }
}

#[tokio::test]
async fn router_and_spec_list_the_same_routes() {
    let spec = spec();
    let in_spec = spec_operations(&spec);
    let in_router: BTreeSet<(String, String)> = routes()
        .iter()
        .map(|(m, p)| (m.to_string(), p.to_string()))
        .collect();
    assert_eq!(in_spec, in_router);
    // And the router really serves them: documented methods answer 200,
    // the others 405 (the spec documents that 405 too).
    let app = app();
    let stored = send(
        &app,
        post("/v1/articles?id=contract", Some("text/plain"), SEED),
    )
    .await;
    assert_eq!(stored.status, StatusCode::OK);
    for path in spec["paths"].as_object().unwrap().keys() {
        for m in METHODS {
            let documented = in_spec.contains(&(m.to_string(), path.clone()));
            let req = if documented {
                minimal_request(m, path)
            } else {
                Request::builder()
                    .method(Method::from_bytes(m.to_uppercase().as_bytes()).unwrap())
                    .uri(concrete(path))
                    .body(Body::empty())
                    .unwrap()
            };
            let a = send(&app, req).await;
            if documented {
                assert_eq!(a.status, StatusCode::OK, "{m} {path}");
                validate_answer(&spec, m, path, &a);
            } else {
                a.assert_problem(405, "method_not_allowed");
                let any = METHODS
                    .iter()
                    .find(|x| in_spec.contains(&(x.to_string(), path.clone())))
                    .unwrap();
                validate_answer(&spec, any, path, &a);
            }
        }
    }
}

/// Every example in the spec validates against the schema next to it.
#[test]
fn examples_validate() {
    let spec = spec();
    let mut checked = 0;
    let mut check_content = |content: &Value, label: &str| {
        for (media, c) in content.as_object().into_iter().flatten() {
            let schema = &c["schema"];
            let mut examples = Vec::new();
            if let Some(e) = c.get("example") {
                examples.push(e.clone());
            }
            for (_, e) in c["examples"].as_object().into_iter().flatten() {
                examples.push(e["value"].clone());
            }
            for e in examples {
                if media.contains("json") {
                    assert_valid(&spec, schema, &e, &format!("{label} {media}"));
                } else if media == "application/x-ndjson" {
                    for line in e.as_str().unwrap().lines() {
                        let v: Value = serde_json::from_str(line).unwrap();
                        let archive = label.contains("/v1/articles/batch");
                        let s = match (label.contains("requestBody"), archive) {
                            (true, false) => schema_ref("AnalyzeRequest"),
                            (true, true) => schema_ref("StoreRequest"),
                            (false, false) => schema_ref("BatchLine"),
                            (false, true) => schema_ref("StoreBatchLine"),
                        };
                        assert_valid(&spec, &s, &v, label);
                    }
                } else {
                    assert!(e.is_string(), "{label} {media}");
                }
                checked += 1;
            }
        }
    };
    for (name, r) in spec["components"]["responses"].as_object().unwrap() {
        check_content(&r["content"], &format!("responses/{name}"));
    }
    for (m, p) in spec_operations(&spec) {
        let op = &spec["paths"][&p][&m];
        if let Some(rb) = op.get("requestBody") {
            check_content(&rb["content"], &format!("{m} {p} requestBody"));
        }
        for (status, r) in op["responses"].as_object().unwrap() {
            check_content(&resolve(&spec, r)["content"], &format!("{m} {p} {status}"));
        }
    }
    assert!(checked >= 20, "{checked} examples");
    // The Analysis example is itself consistent: spans slice its text.
    let example = &spec["components"]["schemas"]["Analysis"]["example"];
    assert_valid(&spec, &schema_ref("Analysis"), example, "Analysis example");
    let text = example["clean_text"].as_str().unwrap();
    assert!(check_spans(example, text, "codepoint") >= 5);
}

/// Real answers of the service, successes and errors alike, validate.
#[tokio::test]
async fn real_responses_validate_against_the_spec() {
    let spec = spec();
    let app = app();
    let mut n = 0;
    let mut check = |a: &Answer, method: &str, path: &str| {
        validate_answer(&spec, method, path, a);
        n += 1;
    };
    // Successes with every option.
    for uri in [
        "/v1/analyze",
        "/v1/analyze?offset_unit=utf16&include=entities,relations&published=2025-10-25",
        "/v1/analyze?include=",
    ] {
        check(
            &send(&app, post(uri, Some("text/plain"), SEED)).await,
            "post",
            A,
        );
    }
    let html = "<html><body><h1>Talks</h1><p>Rubio met Jaishankar in Kuala Lumpur on Monday.</p></body></html>";
    check(
        &send(&app, post(A, Some("text/html"), html)).await,
        "post",
        A,
    );
    let body = json!({"html": html, "url": "https://example.org/a", "published": "2025-10-25",
                      "options": {"offset_unit": "utf8", "include": ["quotes"]}});
    check(
        &send(&app, post(A, Some("application/json"), body.to_string())).await,
        "post",
        A,
    );
    let batch = format!("{}\nnot json\n{{\"text\": \" \"}}\n", json!({"text": SEED}));
    check(
        &send(
            &app,
            post("/v1/analyze/batch", Some("application/x-ndjson"), batch),
        )
        .await,
        "post",
        "/v1/analyze/batch",
    );
    // Every row of the error table.
    for c in error_cases() {
        let path = c.uri.split('?').next().unwrap();
        check(
            &send(&app, post(c.uri, c.content_type, c.body)).await,
            "post",
            path,
        );
    }
    // 413, 401, 503 overloaded and timeout, 503 not ready.
    let small = router(AppState::ready(&ServeConfig {
        body_limit: 64,
        ..config()
    }));
    check(
        &send(&small, post(A, Some("text/plain"), SEED)).await,
        "post",
        A,
    );
    let keyed = router(AppState::ready(&ServeConfig {
        api_keys: vec!["secret".into()],
        ..config()
    }));
    for (m, p) in [
        ("post", A),
        ("post", "/v1/analyze/batch"),
        ("get", "/v1/taxonomy"),
    ] {
        check(&send(&keyed, minimal_request(m, p)).await, m, p);
    }
    let slow = router(AppState::with_analyzer(
        &ServeConfig {
            request_timeout: Duration::from_millis(50),
            concurrency_limit: Some(1),
            ..config()
        },
        stand_in(Duration::from_millis(300), Arc::new(AtomicUsize::new(0))),
    ));
    let timeout = send(&slow, post(A, Some("text/plain"), SEED)).await;
    timeout.assert_problem(503, "timeout");
    check(&timeout, "post", A);
    let overloaded = send(&slow, post(A, Some("text/plain"), SEED)).await;
    overloaded.assert_problem(503, "overloaded");
    check(&overloaded, "post", A);
    let loading = router(AppState::new(&config()));
    check(&send(&loading, get("/readyz")).await, "get", "/readyz");
    // A path outside the spec still answers a valid Problem.
    let nf = send(&app, get("/nope")).await;
    assert_valid(&spec, &schema_ref("Problem"), &nf.json(), "404");
    assert!(n >= 45, "{n} answers checked");
}

/// The problem codes the spec lists are the codes the service uses.
#[test]
fn problem_codes_documented() {
    let spec = spec();
    let codes: BTreeSet<&str> =
        spec["components"]["schemas"]["Problem"]["properties"]["code"]["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap())
            .collect();
    let description = spec["info"]["description"].as_str().unwrap();
    for code in &codes {
        assert!(
            description.contains(&format!("`{code}`")) || *code == "internal",
            "{code} missing from the error table"
        );
    }
    for c in error_cases() {
        assert!(codes.contains(c.code), "{}", c.code);
    }
}
