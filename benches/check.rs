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
        mdelist::io::checks::check_listing(
            &manifest,
            &mut policies,
            today,
            &mdelist::svg::CHECKED_SIZES,
        )
        .unwrap()
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
    bencher.bench(|| {
        mdelist::svg::analyze(
            &file,
            &mdelist::io::render::RenderThread,
            &mdelist::svg::CHECKED_SIZES,
        )
    });
}

#[divan::bench]
fn count_words_of_a_description(bencher: divan::Bencher) {
    let text = "Contoso Cognito の検出で危険な端末を Defender for Endpoint から自動隔離。";
    bencher.bench(|| mdelist::text::words::count_words(divan::black_box(text), Some("ja")));
}

/// The example logo rendered at 64, 128 and 256 px on the calling thread, on a fresh render
/// thread with its budget, and in a confined worker (reused, as the command line does): the
/// difference is the worker's cost per logo (the copy of the text and pixmaps over the pipes).
#[divan::bench(args = ["in-process", "thread", "worker"])]
fn render_example_logo(bencher: divan::Bencher, renderer: &str) {
    use mdelist::svg::RenderLogo;
    let text = std::fs::read_to_string(example().join("logo.svg")).unwrap();
    #[cfg(target_os = "linux")]
    let worker = mdelist::worker::Pool::new(PathBuf::from(env!("CARGO_BIN_EXE_mdelist")));
    let renderer: &dyn RenderLogo = match renderer {
        "in-process" => &mdelist::svg::InProcess,
        #[cfg(target_os = "linux")]
        "worker" => &worker,
        _ => &mdelist::io::render::RenderThread,
    };
    bencher.bench_local(|| renderer.render(&text, &mdelist::svg::RENDER_SIZES).unwrap());
}
