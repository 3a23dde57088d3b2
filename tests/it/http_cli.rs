//! `attache analyze`: the same JSON as the API, NDJSON over many inputs in
//! order, clear error lines for inputs that cannot be read.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

use attache::analysis::{Analyzer, ArticleInput};
use serde_json::Value;

use crate::http_api::SEED;

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_attache"))
        .arg("analyze")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut pipe = child.stdin.take().unwrap();
    if let Some(s) = stdin {
        pipe.write_all(s.as_bytes()).unwrap();
    }
    drop(pipe);
    child.wait_with_output().unwrap()
}

fn lines(out: &Output) -> Vec<Value> {
    String::from_utf8(out.stdout.clone())
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn expected(text: &str) -> Value {
    let a = Analyzer::embedded()
        .try_analyze(&ArticleInput::text(text).unwrap())
        .unwrap();
    serde_json::to_value(a).unwrap()
}

/// A fresh scratch directory under the target dir.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn one_file_or_stdin_prints_the_api_json() {
    let dir = scratch("one");
    let f = dir.join("seed.txt");
    std::fs::write(&f, SEED).unwrap();
    let out = run(&[f.to_str().unwrap()], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(lines(&out), [expected(SEED)]);
    let out = run(&["-"], Some(SEED));
    assert!(out.status.success());
    assert_eq!(lines(&out), [expected(SEED)]);
    let out = run(
        &["--html", "-"],
        Some("<html><body><p>Rubio met Jaishankar.</p></body></html>"),
    );
    assert!(out.status.success());
    assert!(lines(&out)[0]["source_text"].is_string());
    let out = run(
        &[
            "--offset-unit",
            "utf16",
            "--include",
            "entities,quotes",
            "-",
        ],
        Some(SEED),
    );
    let v = &lines(&out)[0];
    assert!(v.get("entities").is_some() && v.get("relations").is_none());
}

#[test]
fn a_directory_gives_one_line_per_article_in_name_order() {
    let dir = scratch("dir");
    let texts = [
        ("b.txt", "Second article.\n\nIndia and Pakistan held talks."),
        ("a.txt", "First article.\n\nRubio met Jaishankar."),
        (
            "sub/c.txt",
            "Third article.\n\nThe EU and China signed a deal.",
        ),
    ];
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    for (name, text) in texts {
        std::fs::write(dir.join(name), text).unwrap();
    }
    let out = run(&[dir.to_str().unwrap()], None);
    assert!(out.status.success());
    // Name order: a.txt, b.txt, sub/c.txt; each line is that file's analysis.
    let want: Vec<Value> = [texts[1].1, texts[0].1, texts[2].1]
        .into_iter()
        .map(expected)
        .collect();
    assert_eq!(lines(&out), want);
}

#[test]
fn unreadable_inputs_give_error_lines_in_their_place() {
    let dir = scratch("bad");
    let good = dir.join("good.txt");
    let empty = dir.join("empty.txt");
    let latin1 = dir.join("latin1.txt");
    std::fs::write(&good, SEED).unwrap();
    std::fs::write(&empty, "  \n").unwrap();
    std::fs::write(&latin1, b"caf\xe9").unwrap();
    let missing = dir.join("missing.txt");
    let args: Vec<&str> = [&good, &missing, &empty, &latin1, &good]
        .iter()
        .map(|p| p.to_str().unwrap())
        .collect();
    let out = run(&args, None);
    assert_eq!(out.status.code(), Some(1));
    let got = lines(&out);
    assert_eq!(got.len(), 5, "one line per input");
    assert_eq!(got[0], expected(SEED));
    assert_eq!(got[4], expected(SEED));
    for (i, what) in [(1, "missing.txt"), (2, "empty"), (3, "not UTF-8")] {
        let err = got[i]["error"].as_str().unwrap();
        assert!(err.contains(what), "{err}");
        assert!(got[i]["file"].as_str().is_some());
    }
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("missing.txt") && !stderr.contains("panicked"),
        "{stderr}"
    );
    // A single missing file: a message and exit code 1, no panic.
    let out = run(&[missing.to_str().unwrap()], None);
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("missing.txt") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

#[test]
fn a_knowledge_file_adds_people_and_a_bad_line_is_named() {
    let dir = scratch("knowledge");
    let good = dir.join("people.tsv");
    std::fs::write(
        &good,
        "# newsroom authority list\nPERSON\tAda Quillfeather\tQuillfeather\tNZ\tQ42\nPERSON\tTomas Brennvik\tBrennvik\tNO\t\n",
    )
    .unwrap();
    let text = "Quillfeather met Brennvik in Oslo on Monday.";
    let out = run(&["--knowledge", good.to_str().unwrap(), "-"], Some(text));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v = &lines(&out)[0];
    let people: Vec<(&str, &str)> = v["entities"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "PERSON")
        .map(|e| {
            (
                e["name"].as_str().unwrap(),
                e["country"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert!(people.contains(&("Ada Quillfeather", "NZ")), "{people:?}");
    assert!(people.contains(&("Tomas Brennvik", "NO")), "{people:?}");
    let rel = &v["relations"][0];
    assert_eq!(rel["type"], "CONSULT");
    let mut pair = [
        rel["source"]["actor"].as_str().unwrap(),
        rel["target"]["actor"].as_str().unwrap(),
    ];
    pair.sort();
    assert_eq!(pair, ["NO", "NZ"]);

    let bad = dir.join("bad.tsv");
    std::fs::write(
        &bad,
        "PERSON\tAda Quillfeather\t\tNZ\nPERSON\tX\t\tnorway\n",
    )
    .unwrap();
    let out = run(&["--knowledge", bad.to_str().unwrap(), "-"], Some(text));
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("line 2") && err.contains("norway"), "{err}");
}
