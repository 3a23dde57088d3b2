//! Hostile shapes of text (`attache::analysis::testing::hostile_texts`):
//! the work grows linearly with their length, they analyse on a 2 MiB
//! stack (a server thread's), and dates at the calendar's ends resolve or
//! drop. The real binary's side is in `http_server`.

use attache::analysis::testing::{hostile_html, hostile_texts};
use attache::analysis::{Analyzer, ArticleInput, Budget, OffsetUnit};
use chrono::NaiveDate;

use crate::golden::check_invariants;

/// The stack of the server's worker and blocking threads (tokio's default).
const SERVER_STACK: usize = 2 * 1024 * 1024;

/// Runs `f` on a thread with a 2 MiB stack, as the server's threads have:
/// a recursion that follows the input overflows it (and aborts the test).
pub fn on_server_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(SERVER_STACK)
        .spawn(f)
        .expect("spawn")
        .join()
        .expect("no panic")
}

/// The work (inner-loop steps ticked, see `attache::analysis::budget`)
/// of analysing `text`, checking the answer's invariants on the way.
fn work(text: &str) -> u64 {
    let input = ArticleInput::text(text).unwrap();
    let budget = Budget::unlimited();
    let a = Analyzer::embedded()
        .analyze_within(&input, &budget)
        .expect("an unlimited budget never stops");
    check_invariants(text, &a, OffsetUnit::Codepoint);
    budget.work()
}

/// Each shape at n and at 10n bytes: the work at 10n is at most 15 times
/// the work at n (linear, with room for an O(n log n) stage), where a
/// quadratic stage would give about 100 times. The work is counted, not
/// timed: the same on every machine and every run.
#[test]
fn work_grows_linearly_with_the_length_of_hostile_text() {
    const N: usize = 8 * 1024;
    let rows = on_server_stack(|| {
        hostile_texts(N)
            .into_iter()
            .zip(hostile_texts(10 * N))
            .map(|((name, small), (_, large))| (name, work(&small), work(&large)))
            .collect::<Vec<_>>()
    });
    let mut failed = Vec::new();
    eprintln!(
        "{:<24} {:>12} {:>12} {:>7}",
        "shape", "work at n", "at 10n", "ratio"
    );
    for (name, w1, w10) in &rows {
        let ratio = *w10 as f64 / (*w1).max(1) as f64;
        eprintln!("{name:<24} {w1:>12} {w10:>12} {ratio:>7.2}");
        if ratio > 15.0 {
            failed.push(format!("{name}: {w1} -> {w10} ({ratio:.1}x)"));
        }
    }
    assert!(failed.is_empty(), "superlinear work: {failed:?}");
}

/// Every shape at 64 KiB analyses on a 2 MiB stack with its invariants
/// holding; the possessive chains (once a recursion per "'s", which a
/// chain of 15,000 overflowed) at 1 MiB.
#[test]
fn hostile_text_analyses_on_a_server_stack() {
    on_server_stack(|| {
        for (name, text) in hostile_texts(64 * 1024) {
            let input = ArticleInput::text(text.as_str()).unwrap();
            let a = Analyzer::embedded().analyze(&input);
            check_invariants(&text, &a, OffsetUnit::Utf16);
            assert_eq!(a.schema_version, "1", "{name}");
        }
        for (name, text) in hostile_texts(1024 * 1024) {
            if name.ends_with("possessive_chain") {
                let input = ArticleInput::text(text.as_str()).unwrap();
                let a = Analyzer::embedded().analyze(&input);
                check_invariants(&text, &a, OffsetUnit::Codepoint);
            }
        }
    });
}

/// Every shape at the body limit (1 MiB), with its invariants: slow in a
/// debug build, so run it in release: `cargo test --release -- --ignored`.
#[test]
#[ignore = "1 MiB per shape: run in release"]
fn hostile_text_at_the_body_limit() {
    on_server_stack(|| {
        for (name, text) in hostile_texts(1024 * 1024) {
            let input = ArticleInput::text(text.as_str()).unwrap();
            let a = Analyzer::embedded().analyze(&input);
            check_invariants(&text, &a, OffsetUnit::Codepoint);
            assert_eq!(a.schema_version, "1", "{name}");
        }
    });
}

/// Nested tags of every kind on a 2 MiB stack.
#[test]
fn hostile_html_analyses_on_a_server_stack() {
    on_server_stack(|| {
        for (name, html) in hostile_html(1024 * 1024) {
            let input = ArticleInput::html(html.as_str()).unwrap();
            let a = Analyzer::embedded().analyze(&input);
            assert_eq!(a.schema_version, "1", "{name}");
        }
    });
}

/// With `published` at the first and last day chrono can represent, every
/// relative date resolves or is dropped; the analysis never panics.
#[test]
fn relative_dates_at_the_calendar_ends_never_panic() {
    let text = "India met Pakistan 100000000 days ago. They met yesterday and \
                will meet tomorrow, next week, next Monday, next month and next \
                year. They met last week, last Monday, last month, last year, \
                in December and on January 3. They met 3 weeks ago, 5 months \
                ago and 7 years ago.";
    for published in [
        NaiveDate::MAX,
        NaiveDate::MIN,
        NaiveDate::from_ymd_opt(2025, 10, 25).unwrap(),
    ] {
        let mut input = ArticleInput::text(text).unwrap();
        input.published = Some(published);
        let a = Analyzer::embedded().analyze(&input);
        check_invariants(text, &a, OffsetUnit::Codepoint);
        assert_eq!(
            a.document.reference_date.as_deref(),
            Some(published.format("%Y-%m-%d").to_string().as_str())
        );
        let dates: Vec<_> = a
            .entities
            .iter()
            .flatten()
            .filter(|e| e.kind == attache::analysis::model::EntityType::Date)
            .collect();
        assert!(
            !dates.is_empty(),
            "{published}: the expressions are still found"
        );
    }
}

/// A spent budget stops the embedded analyzer on every hostile shape.
#[test]
fn a_spent_budget_stops_every_shape() {
    for (name, text) in hostile_texts(64 * 1024) {
        let input = ArticleInput::text(text.as_str()).unwrap();
        let budget = Budget::unlimited();
        budget.cancel();
        let r = Analyzer::embedded().analyze_within(&input, &budget);
        assert!(r.is_err(), "{name}");
    }
}

#[test]
fn every_shape_fits_its_size() {
    for n in [100, 4096, 65536] {
        for (name, text) in hostile_texts(n).into_iter().chain(hostile_html(n)) {
            assert!(text.len() <= n + 64, "{name}: {} > {n}", text.len());
            // A shape's frame is a few dozen bytes: tiny sizes fall short.
            if n >= 4096 {
                assert!(text.len() * 10 >= n * 9, "{name}: {} < {n}", text.len());
            }
        }
    }
    // At the body limit itself: never over it, so the server reads each whole.
    for (name, text) in hostile_texts(4096).into_iter().chain(hostile_html(4096)) {
        assert!(text.len() <= 4096, "{name}: {}", text.len());
    }
}

/// Writes every hostile shape at the body limit into the fuzz corpus
/// (`fuzz/corpus/analyze/`, not committed: 1 MiB each): as text in each
/// offset unit, and the HTML shapes as HTML (the target's first byte
/// selects the unit and, with 0x80, HTML). Run before fuzzing:
/// `cargo test --test it write_fuzz_corpus -- --ignored`.
#[test]
#[ignore = "writes the fuzz corpus: run before fuzzing"]
fn write_fuzz_corpus() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus/analyze");
    std::fs::create_dir_all(&dir).unwrap();
    const LIMIT: usize = 1024 * 1024;
    let seeds = hostile_texts(LIMIT - 1)
        .into_iter()
        .flat_map(|(name, t)| (0u8..3).map(move |unit| (format!("{name}-{unit}"), unit, t.clone())))
        .chain(
            hostile_html(LIMIT - 1)
                .into_iter()
                .map(|(name, t)| (name.to_string(), 0x80, t)),
        );
    for (name, selector, text) in seeds {
        let mut bytes = vec![selector];
        bytes.extend_from_slice(text.as_bytes());
        std::fs::write(dir.join(format!("hostile-{name}")), bytes).unwrap();
    }
}
