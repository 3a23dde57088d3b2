//! Single-article latency percentiles (`cargo bench --bench latency`).
//!
//! Criterion reports means; the target for one article is a p99, so this
//! times each fixture article many times and prints p50/p99 per article
//! with its word count.

use std::path::Path;
use std::time::Instant;

use attache::analysis::{Analyzer, ArticleInput};

// The allocator the `attache` binary runs with, so figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    // `cargo bench` passes --bench; `cargo test --benches` passes nothing we need.
    let rounds: usize = std::env::var("LATENCY_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(300);
    let analyzer = Analyzer::embedded();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    for p in paths {
        let text = std::fs::read_to_string(&p).unwrap();
        let words = text.split_whitespace().count();
        let input = ArticleInput::text(text).unwrap();
        analyzer.analyze(&input); // warm-up: data loaded, caches warm
        let mut times: Vec<f64> = (0..rounds)
            .map(|_| {
                let t = Instant::now();
                std::hint::black_box(analyzer.analyze(&input));
                t.elapsed().as_secs_f64() * 1e3
            })
            .collect();
        times.sort_by(f64::total_cmp);
        let pct = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
        println!(
            "{:>10}  {:>6} words  p50 {:.3} ms  p99 {:.3} ms",
            p.file_stem().unwrap().to_string_lossy(),
            words,
            pct(0.5),
            pct(0.99)
        );
    }
}
