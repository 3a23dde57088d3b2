//! The README's examples give what they promise: each `curl` example of
//! "Using the service" is read out of README.md itself and sent through the
//! router, and its answer is checked. Editing an example without keeping its
//! promise fails here.

use axum::http::StatusCode;
use serde_json::Value;

use crate::http_api::{SEED, app, post, send};

const README: &str = include_str!("../../README.md");

/// The text between `start` and the next `end` after it, in the README.
fn between<'a>(start: &str, end: &str) -> &'a str {
    let from = README
        .find(start)
        .unwrap_or_else(|| panic!("README lost {start:?}"))
        + start.len();
    let len = README[from..]
        .find(end)
        .unwrap_or_else(|| panic!("no {end:?} after {start:?}"));
    &README[from..from + len]
}

fn pair(r: &Value) -> [String; 2] {
    let mut p = [
        r["source"]["actor"].to_string(),
        r["target"]["actor"].to_string(),
    ];
    p.sort();
    p
}

fn names(a: &Value, kind: &str) -> Vec<String> {
    a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == kind)
        .map(|e| e["name"].as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn plain_text_examples() {
    let app = app();
    assert!(README.contains("--data-binary @tests/fixtures/articles/seed.txt"));
    let a = send(&app, post("/v1/analyze", Some("text/plain"), SEED)).await;
    assert_eq!(a.status, StatusCode::OK);
    let a = a.json();
    assert!(!a["entities"].as_array().unwrap().is_empty());
    assert!(!a["relations"].as_array().unwrap().is_empty());

    let query = between("curl -s 'localhost:8080", "'");
    let a = send(&app, post(query, Some("text/plain"), SEED))
        .await
        .json();
    assert_eq!(a["document"]["reference_date"], "2025-10-25");
    assert!(
        a.get("quotes").is_none() && a.get("clean_text").is_none(),
        "include honoured"
    );
    assert!(a["relations"].as_array().is_some_and(|r| !r.is_empty()));
}

#[tokio::test]
async fn json_example_finds_the_meeting() {
    let body = between("-H 'content-type: application/json' -d '", "'\n");
    let a = send(
        &app(),
        post("/v1/analyze", Some("application/json"), body.to_string()),
    )
    .await;
    assert_eq!(
        a.status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&a.body)
    );
    let a = a.json();
    let people = names(&a, "PERSON");
    assert!(people.iter().any(|n| n.ends_with("Rubio")), "{people:?}");
    assert!(
        people.iter().any(|n| n.ends_with("Jaishankar")),
        "{people:?}"
    );
    let rel = a["relations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| pair(r) == ["\"IN\"", "\"US\""])
        .unwrap_or_else(|| panic!("no US–IN relation: {}", a["relations"]));
    assert_eq!(rel["type"], "CONSULT");
    let place = rel["location"].as_str().expect("the meeting's place");
    let place = a["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["id"] == place)
        .unwrap();
    assert_eq!(place["name"], "Kuala Lumpur");
}

#[tokio::test]
async fn html_example_finds_the_talks() {
    let body = between("-H 'content-type: text/html' \\\n  --data-binary '", "'");
    let a = send(
        &app(),
        post("/v1/analyze", Some("text/html"), body.to_string()),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let a = a.json();
    assert_eq!(a["document"]["title"], "Talks in Doha");
    assert!(a["source_text"].as_str().is_some_and(|t| !t.contains('<')));
    let rel = &a["relations"][0];
    assert_eq!(pair(rel), ["\"IN\"", "\"PK\""], "{}", a["relations"]);
    assert_eq!(rel["type"], "CONSULT");
}

#[tokio::test]
async fn batch_example_answers_line_by_line() {
    let printf = between("printf '%s\\n' ", " |\n");
    // The printf arguments: single-quoted lines, joined by the shell's spaces and a continuation.
    let lines: Vec<&str> = printf.split('\'').skip(1).step_by(2).collect();
    assert_eq!(lines.len(), 3, "{printf}");
    let body = lines.join("\n") + "\n";
    let a = send(
        &app(),
        post("/v1/analyze/batch", Some("application/x-ndjson"), body),
    )
    .await;
    assert_eq!(a.status, StatusCode::OK);
    let out = a.ndjson();
    assert_eq!(out.len(), 3);
    let people = names(&out[0], "PERSON");
    assert!(
        people.iter().any(|n| n.ends_with("Rubio"))
            && people.iter().any(|n| n.ends_with("Jaishankar")),
        "both people found: {people:?}"
    );
    assert_eq!(out[1]["code"], "invalid_json");
    let rel = &out[2]["relations"][0];
    assert_eq!(pair(rel), ["\"CN\"", "\"EU\""], "{}", out[2]);
    assert!(
        rel["type"] == "AGREE" || rel["type"] == "COOPERATE",
        "{rel}"
    );
}

/// The `--knowledge` example: the README's own file and sentence, through
/// the binary.
#[test]
fn knowledge_example_finds_both_people_and_the_meeting() {
    let block = between("```sh\nprintf 'PERSON", "```");
    let mut lines = block.lines();
    let printf = lines.next().unwrap();
    // The block starts inside printf's quoted argument, right after "PERSON".
    let body = printf.split_once('\'').unwrap().0;
    let file = format!("PERSON{body}")
        .replace("\\t", "\t")
        .replace("\\n", "\n");
    let echo = lines.next().unwrap();
    let text = echo.split('\'').nth(1).unwrap();
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("readme-knowledge");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("people.tsv");
    std::fs::write(&path, file).unwrap();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["analyze", "--knowledge", path.to_str().unwrap(), "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(text.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success());
    let a: Value = serde_json::from_slice(&out.stdout).unwrap();
    let people = names(&a, "PERSON");
    assert!(
        people.iter().any(|n| n.ends_with("Jaishankar")),
        "{people:?}"
    );
    assert!(people.iter().any(|n| n.ends_with("Rubio")), "{people:?}");
    let rel = &a["relations"][0];
    assert_eq!(pair(rel), ["\"IN\"", "\"US\""], "{}", a["relations"]);
    assert_eq!(rel["type"], "CONSULT");
}
