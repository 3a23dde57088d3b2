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

/// NDJSON lines with their `source` taken out (checked to be a path).
fn results(out: &Output) -> Vec<Value> {
    lines(out)
        .into_iter()
        .map(|mut v| {
            let source = v.as_object_mut().unwrap().remove("source");
            assert!(
                source
                    .as_ref()
                    .and_then(Value::as_str)
                    .is_some_and(|s| !s.is_empty()),
                "every line names its source: {v}"
            );
            v
        })
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

/// Issue 19, item 6: a `.html`/`.htm` name or a page's first bytes make the
/// input HTML without `--html`; `--text` reads it as text whatever it is.
#[test]
fn html_is_recognised_by_name_or_first_bytes_and_text_forces_text() {
    let page = "<p>Rubio met Jaishankar in Delhi on Monday.</p>";
    let dir = scratch("html-detect");
    let by_name = dir.join("story.HTM");
    std::fs::write(&by_name, page).unwrap();
    let out = run(&[by_name.to_str().unwrap()], None);
    assert!(out.status.success());
    assert!(lines(&out)[0]["source_text"].is_string(), "by name");
    let doc = format!("<!-- saved -->\n<!DOCTYPE html><html><body>{page}</body></html>");
    let out = run(&["-"], Some(&doc));
    assert!(lines(&out)[0]["source_text"].is_string(), "by content");
    let out = run(&["--text", by_name.to_str().unwrap()], None);
    let v = &lines(&out)[0];
    assert!(v.get("source_text").is_none(), "--text: {v}");
    let plain = dir.join("notes.txt");
    std::fs::write(&plain, "Rubio wrote about the <html> tag.").unwrap();
    let out = run(&[plain.to_str().unwrap()], None);
    assert!(
        lines(&out)[0].get("source_text").is_none(),
        "text that only mentions a tag"
    );
    let help = Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["analyze", "--help"])
        .output()
        .unwrap();
    let help = String::from_utf8_lossy(&help.stdout);
    assert!(help.contains(".htm") && help.contains("--text"), "{help}");
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
    assert_eq!(results(&out), want);
    let sources: Vec<String> = lines(&out)
        .iter()
        .map(|v| v["source"].as_str().unwrap().to_string())
        .collect();
    assert!(
        sources[0].ends_with("a.txt") && sources[2].ends_with("c.txt"),
        "{sources:?}"
    );

    // The same as one JSON array.
    let out = run(&[dir.to_str().unwrap(), "--format", "json"], None);
    let array: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(array.as_array().unwrap().len(), 3);
    assert_eq!(array[0], want[0]);
}

#[test]
fn csv_and_tsv_give_one_row_per_fact_under_one_header() {
    let dir = scratch("csv");
    std::fs::write(dir.join("a.txt"), "India and Pakistan held talks in Doha.").unwrap();
    std::fs::write(
        dir.join("b.txt"),
        "China and Japan signed a trade agreement.",
    )
    .unwrap();
    let out = run(&[dir.to_str().unwrap(), "--format", "csv"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        &header[..4],
        ["article", "date", "source_actor", "target_actor"]
    );
    let rows: Vec<csv::StringRecord> = rows.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2, "{text}");
    assert!(rows[0][0].ends_with("a.txt") && rows[1][0].ends_with("b.txt"));
    assert_eq!(&rows[0][4], "CONSULT");
    assert_eq!(&rows[1][4], "AGREE");
    assert_eq!(
        text.matches("article,date").count(),
        1,
        "one header: {text}"
    );

    let out = run(
        &[
            dir.join("a.txt").to_str().unwrap(),
            "--format",
            "tsv",
            "--what",
            "entities",
        ],
        None,
    );
    let text = String::from_utf8(out.stdout).unwrap();
    let mut it = text.lines();
    assert!(it.next().unwrap().starts_with("article\tid\ttype\tname"));
    let names: Vec<&str> = it.map(|l| l.split('\t').nth(3).unwrap()).collect();
    assert!(
        names.contains(&"India") && names.contains(&"Doha"),
        "{names:?}"
    );
}

#[test]
fn output_dir_gets_one_file_per_input_named_after_it() {
    let dir = scratch("out-in");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("a.txt"), "India and Pakistan held talks.").unwrap();
    std::fs::write(dir.join("sub/b.txt"), "The EU and China signed a deal.").unwrap();
    let out_dir = scratch("out");
    let out = run(
        &[dir.to_str().unwrap(), "-o", out_dir.to_str().unwrap()],
        None,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let a: Value = serde_json::from_slice(&std::fs::read(out_dir.join("a.json")).unwrap()).unwrap();
    assert_eq!(a, expected("India and Pakistan held talks."));
    assert!(out_dir.join("sub/b.json").is_file());
    let out = run(
        &[
            dir.to_str().unwrap(),
            "-o",
            out_dir.to_str().unwrap(),
            "--format",
            "csv",
        ],
        None,
    );
    assert!(out.status.success());
    let csv = std::fs::read_to_string(out_dir.join("sub/b.csv")).unwrap();
    assert!(
        csv.starts_with("article,date,") && csv.contains("AGREE"),
        "{csv}"
    );
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
    let got = results(&out);
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
fn healthcheck_answers_for_a_running_server_and_fails_without_one() {
    let server = crate::http_server::Server::start(&[], &[]);
    let check = |addr: &str| {
        Command::new(env!("CARGO_BIN_EXE_attache"))
            .args(["healthcheck", "--addr", addr])
            .env_remove("ATTACHE_ADDR")
            .output()
            .unwrap()
    };
    let ok = check(&server.addr.to_string());
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    // `0.0.0.0:PORT`, as a container sets ATTACHE_ADDR, is checked on loopback.
    let any = check(&format!("0.0.0.0:{}", server.addr.port()));
    assert!(any.status.success());
    drop(server);
    // Port 9 (discard) on loopback: nothing listens there in a test sandbox.
    let closed = check("127.0.0.1:9");
    assert!(!closed.status.success());
    assert!(!String::from_utf8_lossy(&closed.stderr).contains("panicked"));
}

/// Links to directories are not followed, so a link back up the tree ends
/// the walk; a link to a file is read like the file.
#[cfg(unix)]
#[test]
fn a_directory_walk_ends_despite_a_symlink_loop() {
    use std::os::unix::fs::symlink;
    let dir = scratch("loop");
    let (a, c, z) = (
        "First article.\n\nRubio met Jaishankar.",
        "Second article.\n\nThe EU and China signed a deal.",
        "Third article.\n\nIndia and Pakistan held talks.",
    );
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(dir.join("a.txt"), a).unwrap();
    std::fs::write(dir.join("sub/c.txt"), c).unwrap();
    std::fs::write(dir.join("z.txt"), z).unwrap();
    symlink("..", dir.join("sub/loop")).unwrap();
    symlink(".", dir.join("sub/self")).unwrap();
    symlink("a.txt", dir.join("link.txt")).unwrap();
    let out = run(&[dir.to_str().unwrap()], None);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    // Name order: a.txt, link.txt (a's text), sub/c.txt, z.txt.
    let want: Vec<Value> = [a, a, c, z].into_iter().map(expected).collect();
    assert_eq!(results(&out), want);
    assert!(
        stderr.contains("loop") && stderr.contains("not followed"),
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
