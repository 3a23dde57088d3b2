//! The archive through the HTTP routes, against SQLite always (a file
//! and memory) and against PostgreSQL when `ATTACHE_TEST_DATABASE_URL`
//! names a server (`.ci/run` starts one): one scenario, every backend.

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::time::Duration;

use attache::config::ServeConfig;
use attache::http::{AppState, router};
use attache::store::{self, Archive};
use axum::Router;
use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use serde_json::{Value, json};

use crate::http_api::{SEED, config, get, post, send, stand_in};
use crate::http_contract::{spec, validate_answer};

/// The variable naming a PostgreSQL server the tests may create
/// databases on.
pub const PG_ENV: &str = "ATTACHE_TEST_DATABASE_URL";

const MEETING_A: &str = "Washington - Secretary of State Marco Rubio met Pakistani Prime Minister Shehbaz Sharif on Monday.";
const MEETING_B: &str = "Islamabad - Pakistani Prime Minister Shehbaz Sharif held talks with US Secretary of State Marco Rubio on Tuesday. India condemned Pakistan.";

/// A fresh, empty PostgreSQL database on the test server, as a URL; none
/// (with a message) when the variable is not set.
pub async fn pg_database(tag: &str) -> Option<String> {
    let Ok(url) = std::env::var(PG_ENV) else {
        eprintln!("skipping the PostgreSQL run of {tag}: {PG_ENV} is not set (.ci/run sets it)");
        return None;
    };
    let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap_or_else(|e| panic!("{PG_ENV}={url} does not connect: {e}"));
    tokio::spawn(conn);
    let name = format!(
        "attache_{tag}_{}_{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    // The same server, the new database.
    let base = url.split('?').next().unwrap();
    let (server, _) = base.rsplit_once('/').unwrap();
    let query = url
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    Some(format!("{server}/{name}{query}"))
}

/// The archives to run a scenario on: a SQLite file, SQLite in memory,
/// and PostgreSQL when there is a server.
async fn archives(tag: &str) -> Vec<(String, Archive, tempdir::Dir)> {
    let dir = tempdir::Dir::new(tag);
    let file = dir.path().join("archive.db");
    let mut out = vec![
        (
            "sqlite file".to_string(),
            store::open(file.to_str().unwrap()).await.unwrap(),
            dir,
        ),
        (
            "sqlite memory".to_string(),
            store::open(":memory:").await.unwrap(),
            tempdir::Dir::new(tag),
        ),
    ];
    if let Some(url) = pg_database(tag).await {
        out.push((
            "postgres".to_string(),
            store::open(&url).await.unwrap(),
            tempdir::Dir::new(tag),
        ));
    }
    out
}

/// A scratch directory removed on drop.
pub mod tempdir {
    pub struct Dir(std::path::PathBuf);
    impl Dir {
        pub fn new(tag: &str) -> Self {
            let p = std::env::temp_dir().join(format!(
                "attache-it-{tag}-{}-{}",
                std::process::id(),
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .unwrap()
                    .subsec_nanos()
            ));
            std::fs::create_dir_all(&p).unwrap();
            Self(p)
        }
        pub fn path(&self) -> &std::path::Path {
            &self.0
        }
    }
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

fn app_with(archive: Archive, cfg: ServeConfig) -> Router {
    router(AppState::ready(&cfg).with_archive(archive))
}

fn json_post(uri: &str, body: Value) -> Request<Body> {
    post(uri, Some("application/json"), body.to_string())
}

fn delete(uri: &str) -> Request<Body> {
    Request::builder()
        .method(Method::DELETE)
        .uri(uri)
        .body(Body::empty())
        .unwrap()
}

/// All facts of a query, page by page of `limit`.
async fn all_pages(app: &Router, query: &str, limit: usize) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..1000 {
        let uri = match &cursor {
            Some(c) => format!("/v1/relations?{query}&limit={limit}&cursor={c}"),
            None => format!("/v1/relations?{query}&limit={limit}"),
        };
        let a = send(app, get(&uri)).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}: {:?}", a.body);
        let v = a.json();
        let facts = v["facts"].as_array().unwrap();
        assert!(facts.len() <= limit);
        out.extend(facts.iter().cloned());
        match v["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => return out,
        }
    }
    panic!("pagination never ended");
}

async fn scenario(name: &str, archive: Archive) {
    let spec = spec();
    let app = app_with(archive.clone(), config());
    // Store, and the answer validates.
    let body = json!({"id": "seed", "text": SEED, "published": "2025-10-25", "outlet": "Dawn"});
    let a = send(&app, json_post("/v1/articles", body.clone())).await;
    assert_eq!(a.status, StatusCode::OK, "{name}: {:?}", a.body);
    validate_answer(&spec, "post", "/v1/articles", &a);
    let first = a.json();
    assert_eq!(first["id"], "seed");
    assert_eq!(first["replaced"], false);
    let n = first["facts"].as_u64().unwrap();
    assert!(n >= 3, "{name}: the seed article has facts, got {n}");
    // The same id again replaces; so does the same text under no id.
    let again = send(&app, json_post("/v1/articles", body)).await.json();
    assert_eq!(again["replaced"], true, "{name}");
    let same_text = send(
        &app,
        post(
            "/v1/articles?published=2025-10-25",
            Some("text/plain"),
            SEED,
        ),
    )
    .await;
    assert_eq!(same_text.status, StatusCode::OK);
    assert_eq!(
        same_text.json()["id"],
        "seed",
        "{name}: the same text keeps its id"
    );
    assert_eq!(same_text.json()["replaced"], true);
    assert_eq!(
        archive.article_count().await.unwrap(),
        1,
        "{name}: one copy"
    );
    let facts = all_pages(&app, "article=seed", 50).await;
    assert_eq!(facts.len() as u64, n, "{name}: facts not duplicated");

    // GET returns it; unknown ids are 404, malformed ones 422.
    let got = send(&app, get("/v1/articles/seed")).await;
    validate_answer(&spec, "get", "/v1/articles/{id}", &got);
    let got = got.json();
    assert_eq!(got["text"], SEED);
    assert_eq!(
        got["analysis"]["relations"].as_array().unwrap().len() as u64,
        n
    );
    let missing = send(&app, get("/v1/articles/nope")).await;
    missing.assert_problem(404, "not_found");
    validate_answer(&spec, "get", "/v1/articles/{id}", &missing);
    let bad = send(&app, get("/v1/articles/a%20b")).await;
    assert_eq!(bad.assert_problem(422, "invalid_request")["field"], "id");

    // Two reports of one meeting, from two outlets, a day apart.
    for (id, text, outlet) in [
        ("m-a", MEETING_A, "dawn.com"),
        ("m-b", MEETING_B, "reuters.com"),
    ] {
        let a = send(
            &app,
            json_post(
                "/v1/articles",
                json!({"id": id, "text": text, "published": "2025-10-25", "url": format!("https://www.{outlet}/x"), "outlet": null}),
            ),
        )
        .await;
        assert_eq!(a.status, StatusCode::OK, "{name}: {:?}", a.body);
    }
    let us = all_pages(&app, "actor=US", 2).await;
    let whole = send(&app, get("/v1/relations?actor=US")).await;
    validate_answer(&spec, "get", "/v1/relations", &whole);
    assert_eq!(
        whole.json()["facts"].as_array().unwrap(),
        &us,
        "{name}: pages add up to the whole"
    );
    assert!(us.len() >= 3);
    let dates: Vec<&str> = us.iter().map(|f| f["date"].as_str().unwrap()).collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "{name}: newest first: {dates:?}"
    );
    for f in &us {
        assert!(f["source"] == "US" || f["target"] == "US", "{f}");
        assert!(!f["evidence"]["text"].as_str().unwrap().is_empty());
    }
    let meeting = send(
        &app,
        get("/v1/relations?actor=PK&counterpart=US&type=CONSULT&from=2025-10-20&to=2025-10-21"),
    )
    .await
    .json();
    let meeting = meeting["facts"].as_array().unwrap();
    assert_eq!(meeting.len(), 2, "{name}: {meeting:?}");
    assert_eq!(meeting[0]["date"], "2025-10-21");
    assert_eq!(
        meeting[0]["outlet"], "reuters.com",
        "the outlet from the URL"
    );
    let q = send(&app, get("/v1/relations?q=HELD%20TALKS")).await.json();
    assert_eq!(
        q["facts"].as_array().unwrap().len(),
        1,
        "{name}: q ignores case"
    );

    // One event, two reports.
    let ev = send(
        &app,
        get("/v1/events?actor=US&counterpart=PK&type=CONSULT&from=2025-10-19&to=2025-10-22"),
    )
    .await;
    validate_answer(&spec, "get", "/v1/events", &ev);
    let ev = ev.json();
    let events = ev["events"].as_array().unwrap();
    assert_eq!(events.len(), 1, "{name}: {ev}");
    assert_eq!(events[0]["reports"], 2);
    assert_eq!(events[0]["facts"].as_array().unwrap().len(), 2);
    // Events page by cursor too, and the pages add up.
    let all = send(&app, get("/v1/events")).await.json();
    let total = all["events"].as_array().unwrap().len();
    let mut seen = 0;
    let mut uri = "/v1/events?limit=1".to_string();
    loop {
        let page = send(&app, get(&uri)).await.json();
        seen += page["events"].as_array().unwrap().len();
        match page["next_cursor"].as_str() {
            Some(c) => uri = format!("/v1/events?limit=1&cursor={c}"),
            None => break,
        }
        assert!(seen <= total);
    }
    assert_eq!(seen, total, "{name}");

    // Timeline and actors.
    let tl = send(&app, get("/v1/timeline?pair=US-PK&interval=week")).await;
    validate_answer(&spec, "get", "/v1/timeline", &tl);
    let tl = tl.json();
    let pair_facts = all_pages(&app, "actor=US&counterpart=PK", 100).await.len() as i64;
    assert_eq!(tl["facts"].as_i64().unwrap(), pair_facts, "{name}: {tl}");
    assert_eq!(tl["pair"], json!(["PK", "US"]));
    let buckets = tl["buckets"].as_array().unwrap();
    assert!(
        buckets
            .iter()
            .any(|b| b["start"] == "2025-10-20" && b["by_type"]["CONSULT"].as_i64() >= Some(2)),
        "{tl}"
    );
    let month = send(
        &app,
        get("/v1/timeline?pair=PK-US&from=2025-10-01&to=2025-10-31"),
    )
    .await
    .json();
    assert_eq!(month["buckets"].as_array().unwrap().len(), 1);
    let actor = send(&app, get("/v1/actors/us")).await;
    validate_answer(&spec, "get", "/v1/actors/{code}", &actor);
    let actor = actor.json();
    assert_eq!(actor["actor"], "US");
    assert!(
        actor["counterparts"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["actor"] == "PK" && c["count"].as_i64() >= Some(2)),
        "{actor}"
    );

    // Bad parameters: 422 naming them.
    for (uri, field) in [
        ("/v1/relations?from=2025-13-01", "from"),
        ("/v1/relations?limit=x", "limit"),
        ("/v1/events?cursor=zz", "cursor"),
        ("/v1/timeline", "pair"),
        ("/v1/timeline?pair=US-PK&interval=day", "interval"),
        ("/v1/actors/U", "code"),
        ("/v1/relations?nope=1", "nope"),
    ] {
        let a = send(&app, get(uri)).await;
        assert_eq!(
            a.assert_problem(422, "invalid_request")["field"],
            field,
            "{uri}"
        );
        let path = uri.split('?').next().unwrap();
        let path = if path.starts_with("/v1/actors/") {
            "/v1/actors/{code}"
        } else {
            path
        };
        validate_answer(&spec, "get", path, &a);
    }

    // The batch: one line per input line, a bad one failing alone.
    let batch = format!(
        "{}\nnot json\n{}\n",
        json!({"id": "b1", "text": MEETING_A, "outlet": "x.org"}),
        json!({"id": "bad id", "text": "x"}),
    );
    let b = send(
        &app,
        post("/v1/articles/batch", Some("application/x-ndjson"), batch),
    )
    .await;
    validate_answer(&spec, "post", "/v1/articles/batch", &b);
    let lines = b.ndjson();
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "b1");
    assert_eq!(lines[1]["code"], "invalid_json");
    assert_eq!(lines[2]["field"], "id");

    // Delete: the article and its facts go; twice is 404.
    let d = send(&app, delete("/v1/articles/seed")).await;
    validate_answer(&spec, "delete", "/v1/articles/{id}", &d);
    assert_eq!(d.json()["deleted"], true);
    send(&app, delete("/v1/articles/seed"))
        .await
        .assert_problem(404, "not_found");
    assert!(
        all_pages(&app, "article=seed", 10).await.is_empty(),
        "{name}"
    );
    send(&app, get("/v1/articles/seed"))
        .await
        .assert_problem(404, "not_found");
}

#[tokio::test]
async fn the_archive_stores_and_answers_on_every_backend() {
    for (name, archive, _dir) in archives("scenario").await {
        scenario(&name, archive).await;
    }
}

/// Concurrent stores of one id, with different texts, leave one copy
/// whose facts are its own.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_stores_of_one_id_leave_one_copy() {
    for (name, archive, _dir) in archives("race").await {
        let app = app_with(
            archive.clone(),
            ServeConfig {
                queue_limit: 64,
                ..config()
            },
        );
        let tasks: Vec<_> = (0..12)
            .map(|i| {
                let app = app.clone();
                let text = if i % 2 == 0 { MEETING_A } else { MEETING_B };
                tokio::spawn(async move {
                    send(
                        &app,
                        json_post(
                            "/v1/articles",
                            json!({"id": "same", "text": format!("{text} ({i})")}),
                        ),
                    )
                    .await
                })
            })
            .collect();
        for t in tasks {
            let a = t.await.unwrap();
            assert_eq!(a.status, StatusCode::OK, "{name}: {:?}", a.body);
        }
        assert_eq!(archive.article_count().await.unwrap(), 1, "{name}");
        let stored = send(&app, get("/v1/articles/same")).await.json();
        let n = stored["analysis"]["relations"].as_array().unwrap().len();
        let facts = all_pages(&app, "article=same", 50).await;
        assert_eq!(facts.len(), n, "{name}: only the last copy's facts");
    }
}

/// An article whose analysis fails is not stored at all.
#[tokio::test]
async fn a_failed_analysis_stores_nothing() {
    let archive = Archive::memory().unwrap();
    let slow = router(
        AppState::with_analyzer(
            &ServeConfig {
                request_timeout: Duration::from_millis(50),
                ..config()
            },
            stand_in(Duration::from_millis(300), Arc::new(AtomicUsize::new(0))),
        )
        .with_archive(archive.clone()),
    );
    let a = send(
        &slow,
        json_post("/v1/articles", json!({"id": "t", "text": SEED})),
    )
    .await;
    a.assert_problem(503, "timeout");
    let empty = send(
        &slow,
        json_post("/v1/articles", json!({"id": "e", "text": "  "})),
    )
    .await;
    empty.assert_problem(422, "empty_article");
    assert_eq!(archive.article_count().await.unwrap(), 0);
}

/// `attache ingest DIR` stores every article of a directory, again
/// without duplicates, and `serve --db` answers from the same file.
#[test]
fn ingest_a_directory_then_query_it() {
    let dir = tempdir::Dir::new("ingest");
    let db = dir.path().join("a.db");
    let articles = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/articles");
    let run = || {
        std::process::Command::new(env!("CARGO_BIN_EXE_attache"))
            .args(["ingest", articles, "--db", db.to_str().unwrap()])
            .output()
            .unwrap()
    };
    let out = run();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stored 5 articles (0 replaced"), "{err}");
    let out = run();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("stored 5 articles (5 replaced"), "{err}");
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let archive = store::open(db.to_str().unwrap()).await.unwrap();
        assert_eq!(archive.article_count().await.unwrap(), 5);
        let rec = archive
            .get("001")
            .await
            .unwrap()
            .expect("ids are file names");
        assert!(!rec.text.is_empty());
        let facts = archive
            .facts(&store::FactFilter::default(), None, 10_000)
            .await
            .unwrap();
        assert!(facts.len() > 10, "{}", facts.len());
    });
    // NDJSON lines of POST /v1/articles bodies, one of them bad.
    let lines = dir.path().join("more.ndjson");
    std::fs::write(
        &lines,
        format!(
            "{}\n{{\"text\": 1}}\n",
            json!({"id": "n1", "text": MEETING_A, "outlet": "dawn.com"})
        ),
    )
    .unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_attache"))
        .args([
            "ingest",
            lines.to_str().unwrap(),
            "--db",
            db.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(!out.status.success(), "a bad line makes the exit code 1");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("more.ndjson:2") && err.contains("stored 1 articles"),
        "{err}"
    );
}

/// The same scenario against PostgreSQL through `attache ingest --db postgres://…`.
#[tokio::test]
async fn ingest_into_postgres() {
    let Some(url) = pg_database("ingest").await else {
        return;
    };
    let articles = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/articles");
    let out = tokio::process::Command::new(env!("CARGO_BIN_EXE_attache"))
        .args(["ingest", articles, "--db", &url])
        .output()
        .await
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let archive = store::open(&url).await.unwrap();
    assert_eq!(archive.article_count().await.unwrap(), 5);
}
