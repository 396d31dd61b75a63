//! What each fuzz target does with its input, kept apart from libFuzzer so that `cargo test`
//! (tests/fuzz_corpus.rs) runs every seed and every saved finding through the same code.
//!
//! Each function takes arbitrary bytes and must return normally: a panic, an endless loop or a
//! runaway allocation is a finding. Where the tool makes a promise about its own output (word
//! ranges, a bundle that verifies), the function asserts it.

use std::io::Cursor;
use std::path::Path;

use jiff::civil::Date;
use mdelist::bundle::verify::verify_archive;
use mdelist::bundle::{plan, write};
use mdelist::check::{ListingReport, check_package};
use mdelist::diagnostics::Tally;
use mdelist::io::render::RenderThread;
use mdelist::manifest::{FileProvider, PathProblem, package_from_bytes};
use mdelist::policy::Policy;
use mdelist::render::{Format, HumanOptions, render};
use mdelist::report::Report;
use mdelist::text::words::{count_words, split_words};

/// The example listing's files: the fixed parts around a fuzzed one.
const MANIFEST: &[u8] = include_bytes!("../../examples/contoso-cognito/listing.toml");
const LOGO: &[u8] = include_bytes!("../../examples/contoso-cognito/logo.svg");
const PRESS: &[u8] = include_bytes!("../../examples/contoso-cognito/press/2026-11-launch.md");

/// The review date every target checks at, so that a finding replays the same way.
const TODAY: Date = Date::constant(2026, 11, 22);

/// Files a fuzzed listing refers to: the example's logo for any `.svg`, its press release for
/// any `.md`, and nothing else.
fn example_files(relative: &str) -> Result<Vec<u8>, PathProblem> {
    match Path::new(relative).extension().and_then(|e| e.to_str()) {
        Some("svg") => Ok(LOGO.to_vec()),
        Some("md") => Ok(PRESS.to_vec()),
        _ => Err(PathProblem::Unreadable("does not exist".into())),
    }
}

/// Checks a listing read from `manifest`, its files taken from `files`, and renders the report
/// in every output format.
fn check_and_render(manifest: Vec<u8>, files: &dyn FileProvider) -> ListingReport {
    let package = package_from_bytes(Path::new("listing.toml"), Path::new("."), manifest, files);
    let report = check_package(package, &Policy::default(), TODAY, &RenderThread);
    render_everywhere(report)
}

fn render_everywhere(report: ListingReport) -> ListingReport {
    let run = Report::of_listings(vec![report]);
    let options = HumanOptions {
        color: true,
        verbose: true,
        ..HumanOptions::default()
    };
    assert!(!render(Format::Human, &run, options).is_empty());
    assert!(render(Format::Json, &run, options).starts_with('{'));
    assert!(render(Format::Sarif, &run, options).starts_with('{'));
    assert!(render(Format::Junit, &run, options).starts_with("<?xml"));
    let _ = render(Format::Github, &run, options);
    run.listings
        .into_iter()
        .next()
        .expect("the report holds the listing it was given")
}

/// `listing.toml` as given, with the example's logo and press release: the reader, every
/// rule, every renderer; and when the listing has no errors, its bundle must verify intact
/// and pass its checks again inside the archive.
pub fn manifest(data: &[u8]) {
    manifest_bundled(data);
}

/// [`manifest`], saying whether the listing got as far as the bundle round trip.
pub fn manifest_bundled(data: &[u8]) -> bool {
    let report = check_and_render(data.to_vec(), &example_files);
    if Tally::of(&report.diagnostics).errors > 0 {
        return false;
    }
    let Ok(plan) = plan(&report, TODAY) else {
        return false;
    };
    let timestamp = write::timestamp(None).expect("the default timestamp");
    let bytes = write::archive(&plan, timestamp).expect("an archive in memory");
    let verification = verify_archive(
        Cursor::new(bytes),
        Path::new("bundle.zip"),
        &Policy::default(),
        TODAY,
        &RenderThread,
    )
    .expect("a bundle the tool wrote is a zip archive");
    assert_eq!(verification.problems, Vec::new(), "bundle not intact");
    let inside = verification.report.expect("the listing inside is checked");
    assert_eq!(
        Tally::of(&inside.diagnostics).errors,
        0,
        "the bundled listing fails checks the listing passed"
    );
    true
}

/// The logo: format sniffing, the pre-pass, the square check, rendering and measuring, the
/// LOGO rules and their diagnostics pointing into the SVG text.
pub fn logo(data: &[u8]) {
    let files = |relative: &str| match relative {
        "logo.svg" => Ok(data.to_vec()),
        other => example_files(other),
    };
    check_and_render(MANIFEST.to_vec(), &files);
}

/// A press release: the first byte picks the format, the rest is the file. Extraction, mention
/// detection, the PRESS and release-text rules and their diagnostics.
pub fn press(data: &[u8]) {
    let Some((&selector, file)) = data.split_first() else {
        return;
    };
    let extension = ["md", "txt", "html", "docx"][usize::from(selector % 4)];
    let manifest = String::from_utf8_lossy(MANIFEST).replace(
        "press/2026-11-launch.md",
        &format!("press/release.{extension}"),
    );
    let files = |relative: &str| {
        if relative.starts_with("press/release.") {
            Ok(file.to_vec())
        } else {
            example_files(relative)
        }
    };
    check_and_render(manifest.into_bytes(), &files);
}

/// Word counting: the first byte picks a language tag, the rest is the text. Words come in
/// order, non-empty, non-overlapping, on character boundaries, and counting agrees.
pub fn words(data: &[u8]) {
    let Some((&selector, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let lang = [
        None,
        Some("en"),
        Some("ja"),
        Some("zh-Hans"),
        Some("th"),
        Some("ko"),
    ][usize::from(selector % 6)];
    let words = split_words(text, lang);
    let mut end = 0;
    for word in &words {
        assert!(word.range.start >= end, "overlapping words");
        assert!(word.range.start < word.range.end, "empty word");
        assert!(text.is_char_boundary(word.range.start) && text.is_char_boundary(word.range.end));
        assert!(!word.text.is_empty());
        end = word.range.end;
    }
    assert!(end <= text.len());
    assert_eq!(count_words(text, lang), words.len());
}

/// A received bundle: the archive's structure, its checksums, and the listing inside.
pub fn verify(data: &[u8]) {
    let result = verify_archive(
        Cursor::new(data),
        Path::new("bundle.zip"),
        &Policy::default(),
        TODAY,
        &RenderThread,
    );
    if let Ok(verification) = result
        && let Some(report) = verification.report
    {
        render_everywhere(report);
    }
}
