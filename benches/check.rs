//! In-process benchmarks: one listing checked end to end, and the logo stage alone.
//! Run with `cargo bench`; figures in README "Performance".
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

fn example() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/contoso-cognito")
}

fn main() {
    divan::main();
}

#[divan::bench]
fn check_example_listing(bencher: divan::Bencher) {
    let manifest = example().join("listing.toml");
    let today = jiff::civil::Date::constant(2026, 11, 22);
    let mut policies = mdelist::io::checks::Policies::new(None).unwrap();
    bencher.bench_local(|| {
        mdelist::io::checks::check_listing(&manifest, &mut policies, today).unwrap()
    });
}

#[divan::bench]
fn analyze_example_logo(bencher: divan::Bencher) {
    let path = example().join("logo.svg");
    let file = mdelist::manifest::LoadedFile {
        relative: "logo.svg".into(),
        bytes: std::fs::read(&path).unwrap(),
        path,
    };
    bencher.bench(|| mdelist::svg::analyze(&file, &mdelist::io::render::RenderThread));
}

#[divan::bench]
fn count_words_of_a_description(bencher: divan::Bencher) {
    let text = "Contoso Cognito の検出で危険な端末を Defender for Endpoint から自動隔離。";
    bencher.bench(|| mdelist::text::words::count_words(divan::black_box(text), Some("ja")));
}
