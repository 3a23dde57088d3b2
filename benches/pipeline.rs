//! Criterion benches: each stage alone, and the whole pipeline, over the
//! fixture articles (`cargo bench`). Figures go in the README, next to the
//! spaCy peer measured in the same run (see scripts/bench_peer.sh).

use std::hint::black_box;
use std::path::Path;

use attache::analysis::segment::{Block, Segmented};
use attache::analysis::{
    Analyzer, ArticleInput, Resources, clean, dates, entities, quotes, relations, segment,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

// The allocator the `attache` binary runs with, so figures match it.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn articles() -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/articles");
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect()
}

fn blocks(c: &clean::Cleaned) -> Vec<Block> {
    c.title
        .iter()
        .map(|r| Block {
            range: r.clone(),
            is_title: true,
        })
        .chain(c.body.iter().map(|r| Block {
            range: r.clone(),
            is_title: false,
        }))
        .collect()
}

fn stages(c: &mut Criterion) {
    let res = Resources::embedded();
    let texts = articles();
    let bytes: usize = texts.iter().map(String::len).sum();
    let cleaned: Vec<_> = texts.iter().map(|t| clean::clean(t, &res.clean)).collect();
    let docs: Vec<Segmented> = texts
        .iter()
        .zip(&cleaned)
        .map(|(t, c)| segment::segment(t, &blocks(c)))
        .collect();
    let dms: Vec<_> = docs.iter().map(|d| dates::find(d, None)).collect();
    let ents: Vec<_> = docs
        .iter()
        .zip(&dms)
        .map(|(d, m)| entities::extract(d, m, &res.gazetteer, &res.abbreviations))
        .collect();
    let qs: Vec<_> = docs
        .iter()
        .zip(&ents)
        .map(|(d, e)| quotes::extract(d, e, &res.speech))
        .collect();

    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("clean", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(clean::clean(t, &res.clean));
            }
        })
    });
    g.bench_function("segment", |b| {
        b.iter(|| {
            for (t, c) in texts.iter().zip(&cleaned) {
                black_box(segment::segment(t, &blocks(c)));
            }
        })
    });
    g.bench_function("dates", |b| {
        b.iter(|| {
            for d in &docs {
                black_box(dates::find(d, None));
            }
        })
    });
    g.bench_function("entities", |b| {
        b.iter(|| {
            for (d, m) in docs.iter().zip(&dms) {
                black_box(entities::extract(d, m, &res.gazetteer, &res.abbreviations));
            }
        })
    });
    g.bench_function("quotes", |b| {
        b.iter(|| {
            for (d, e) in docs.iter().zip(&ents) {
                black_box(quotes::extract(d, e, &res.speech));
            }
        })
    });
    g.bench_function("relations", |b| {
        b.iter(|| {
            for (((d, e), q), m) in docs.iter().zip(&ents).zip(&qs).zip(&dms) {
                black_box(relations::extract(d, e, q, m, &res.triggers));
            }
        })
    });
    g.finish();
}

fn pipeline(c: &mut Criterion) {
    let analyzer = Analyzer::embedded();
    let inputs: Vec<_> = articles()
        .into_iter()
        .map(|t| ArticleInput::text(t).unwrap())
        .collect();
    let bytes: usize = inputs
        .iter()
        .map(|i| match i.body() {
            attache::analysis::Body::Text(t) | attache::analysis::Body::Html(t) => t.len(),
        })
        .sum();
    let mut g = c.benchmark_group("pipeline");
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("all_fixture_articles", |b| {
        b.iter(|| {
            for i in &inputs {
                black_box(analyzer.analyze(i));
            }
        })
    });
    g.finish();
}

/// Cost against article length: 1×, 10× and 100× one long article, to show it grows linearly.
fn scaling(c: &mut Criterion) {
    let analyzer = Analyzer::embedded();
    let base = articles().into_iter().max_by_key(String::len).unwrap();
    let mut g = c.benchmark_group("scaling");
    g.sample_size(10);
    for n in [1usize, 10, 100] {
        let input = ArticleInput::text(base.repeat(n)).unwrap();
        g.throughput(Throughput::Bytes((base.len() * n) as u64));
        g.bench_function(format!("x{n}"), |b| {
            b.iter(|| black_box(analyzer.analyze(&input)))
        });
    }
    g.finish();
}

criterion_group!(benches, stages, pipeline, scaling);
criterion_main!(benches);
