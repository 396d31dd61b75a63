//! Work bounded by input size: the shapes on which a reader's time or memory once grew faster
//! than its input, each refused or read in bounded work with its exact code and message. Every
//! run is the real binary under the suite's 1 GiB data limit ([`support::MEMORY_LIMIT_KIB`]):
//! a run that needed more would fail to allocate and abort, which the exit-code check catches.
//! Time is not asserted (benchmarks measure it: README "Security and limits").

use crate::support::{self, VALID_LISTING, check_json, codes, mdelist, sha256_hex, stderr, stdout};

use std::io::{Cursor, Write};
use std::path::Path;

use jiff::civil::Date;
use mdelist::bundle::{plan, write};
use mdelist::check::check_package;
use mdelist::manifest::{PathProblem, package_from_bytes};
use mdelist::policy::Policy;
use mdelist::svg::render::InProcess;

const OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">"#;
const ART: &str = r##"<rect x="8" y="8" width="48" height="48" fill="#0F4C81"/>"##;

/// The first message with `code` in the first listing of a JSON report.
fn message(report: &serde_json::Value, code: &str) -> String {
    report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|diagnostic| diagnostic["code"] == code)
        .unwrap_or_else(|| panic!("no {code} in {report}"))["message"]
        .as_str()
        .unwrap()
        .to_string()
}

fn check_logo(logo: &str) -> (Vec<String>, serde_json::Value) {
    let dir = support::listing(VALID_LISTING);
    std::fs::write(dir.path().join("logo.svg"), logo).unwrap();
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{report}");
    let mut codes = codes(&report);
    codes.sort();
    (codes, report)
}

#[test]
fn an_element_with_thousands_of_attributes_is_refused_before_parsing() {
    let attributes: String = (0..60_000).map(|i| format!(" a{i}=\"\"")).collect();
    let (codes, report) = check_logo(&format!("{OPEN}{ART}<rect{attributes}/></svg>"));
    // LOGO011: the logo is larger than 32 KiB.
    assert_eq!(codes, ["LOGO001", "LOGO011"]);
    assert_eq!(
        message(&report, "LOGO001"),
        "logo \"logo.svg\" has an element with more than 64 attributes, beyond safe parsing \
         limits"
    );
}

#[test]
fn tens_of_thousands_of_namespace_declarations_are_refused_before_parsing() {
    let declarations: String = (0..60_000)
        .map(|i| format!(" xmlns:n{i}=\"u{i}\""))
        .collect();
    let (codes, report) = check_logo(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"{declarations} viewBox=\"0 0 64 64\">{ART}</svg>"
    ));
    // LOGO011: the logo is larger than 32 KiB.
    assert_eq!(codes, ["LOGO001", "LOGO011"]);
    assert_eq!(
        message(&report, "LOGO001"),
        "logo \"logo.svg\" has more than 128 namespace declarations in scope at one element, \
         beyond safe parsing limits"
    );
    // 100 in scope, and then 60,000 elements that each declare one more: each such element
    // makes the parser copy all 100.
    let root: String = (0..100).map(|i| format!(" xmlns:n{i}=\"u\"")).collect();
    let (codes, report) = check_logo(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\"{root} viewBox=\"0 0 64 64\">{ART}{}</svg>",
        "<g xmlns:x=\"v\"/>".repeat(60_000)
    ));
    // LOGO011: the logo is larger than 32 KiB.
    assert_eq!(codes, ["LOGO001", "LOGO011"]);
    assert_eq!(
        message(&report, "LOGO001"),
        "logo \"logo.svg\" has namespace declarations on so many elements that resolving them \
         takes more than 1000000 steps, beyond safe parsing limits"
    );
}

/// A listing folder with the given press releases (relative path, bytes).
fn listing_with_releases(releases: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let mut manifest = VALID_LISTING.to_string();
    for (path, _) in releases {
        manifest.push_str(&format!(
            "\n[[press_release]]\nfile = \"{path}\"\nsubmitted = 2026-11-02\npublish = 2026-11-20\n"
        ));
    }
    let dir = support::listing(&manifest);
    std::fs::create_dir(dir.path().join("press")).unwrap();
    for (path, bytes) in releases {
        std::fs::write(dir.path().join(path), bytes).unwrap();
    }
    dir
}

fn docx(document_xml: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut writer = zip::ZipWriter::new(Cursor::new(&mut bytes));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    writer.start_file("[Content_Types].xml", options).unwrap();
    writer.write_all(b"<Types/>").unwrap();
    writer.start_file("word/document.xml", options).unwrap();
    writer.write_all(document_xml.as_bytes()).unwrap();
    writer.finish().unwrap();
    bytes
}

#[test]
fn docx_text_under_deep_nesting_is_read_in_one_pass() {
    // 20,000 levels of content controls around 50,000 runs: an ancestor walk per run was
    // 10⁹ steps. The text is read, and the product's name found in it.
    let depth = 20_000;
    let xml = format!(
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:body><w:p><w:r><w:t>Tenvik Sentry works with Microsoft Defender for Endpoint.</w:t></w:r>\
         {}{}{}</w:p></w:body></w:document>",
        "<w:sdt><w:sdtContent>".repeat(depth),
        "<w:r><w:t xml:space=\"preserve\"> and more</w:t></w:r>".repeat(50_000),
        "</w:sdtContent></w:sdt>".repeat(depth),
    );
    let dir = listing_with_releases(&[("press/launch.docx", docx(&xml))]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{report}");
    // Read, and naming the product, so it needs Microsoft's approvals (PRESS004); an unread
    // release would be PRESS001 as well.
    assert_eq!(codes(&report), ["PRESS004"], "{report}");
}

#[test]
fn a_markdown_release_of_brackets_is_refused_past_its_cap_and_read_below_it() {
    // 12 MB of `[a](` made the Markdown reader hold 1 GB.
    let dir = listing_with_releases(&[("press/launch.md", b"[a](".repeat(3 << 20))]);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{report}");
    assert!(codes(&report).contains(&"PRESS001".to_string()), "{report}");
    assert_eq!(
        message(&report, "PRESS001"),
        "press release \"press/launch.md\" is not read: its text is 12582912 bytes, over the \
         1 MiB a press release is read up to (a long release is 20 KB)"
    );
    // Just under the cap, the same text is read.
    let dir = listing_with_releases(&[("press/launch.md", b"[a](".repeat((1 << 18) - 4))]);
    let (code, report) = check_json(dir.path(), &[]);
    assert!(code == 0 || code == 1, "{report}");
    assert!(
        !codes(&report).contains(&"PRESS001".to_string()),
        "{report}"
    );
}

#[test]
fn a_listing_reads_at_most_4_mib_of_press_releases() {
    let release = b"[a](".repeat((1 << 18) - 4);
    let names: Vec<String> = (0..5).map(|i| format!("press/{i}.md")).collect();
    let releases: Vec<(&str, Vec<u8>)> = names
        .iter()
        .map(|name| (name.as_str(), release.clone()))
        .collect();
    let dir = listing_with_releases(&releases);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{report}");
    let unread: Vec<&str> = report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|diagnostic| diagnostic["code"] == "PRESS001")
        .map(|diagnostic| diagnostic["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        unread,
        [
            "press release \"press/4.md\" is not read: with the releases before it, the listing's \
          press-release text is over 4 MiB, far more than any listing needs"
        ]
    );
}

#[test]
fn a_listing_toml_over_1_mib_is_not_parsed() {
    // 16 MB of small values took the TOML reader 1.5 GiB.
    let manifest = format!(
        "{VALID_LISTING}\n[extra]\nvalues = [{}1]\n",
        "1,".repeat(8_000_000)
    );
    let dir = support::listing(&manifest);
    let (code, report) = check_json(dir.path(), &[]);
    assert_eq!(code, 1, "{report}");
    assert_eq!(codes(&report), ["MAN001"]);
    assert_eq!(
        message(&report, "MAN001"),
        format!(
            "listing.toml is not read: it is {} bytes, over the 1 MiB a listing is read up to",
            manifest.len()
        )
    );
}

#[test]
fn verify_of_a_small_bundle_full_of_pathological_markdown_is_bounded() {
    // A listing that passes, bundled by the library, then its releases swapped for 12 MiB of
    // `[a](` each (five of them: 60 MiB unpacked, a few hundred KB packed) and the checksums
    // rewritten to match, as an attacker would.
    let press = b"# Launch\n\nTenvik Sentry ships today.\n".to_vec();
    let mut manifest = VALID_LISTING.to_string();
    for i in 0..5 {
        manifest.push_str(&format!(
            "\n[[press_release]]\nfile = \"press/{i}.md\"\nsubmitted = 2026-11-02\npublish = 2026-11-20\n\n\
             [[press_release.review]]\nteam = \"marketing\"\nverdict = \"approved\"\ndate = 2026-11-06\n\n\
             [[press_release.review]]\nteam = \"engineering\"\nverdict = \"approved\"\ndate = 2026-11-09\n"
        ));
    }
    let files = |relative: &str| -> Result<Vec<u8>, PathProblem> {
        match relative {
            "logo.svg" => Ok(support::LOGO.as_bytes().to_vec()),
            _ => Ok(press.clone()),
        }
    };
    let today = Date::constant(2026, 11, 22);
    let package = package_from_bytes(
        Path::new("listing.toml"),
        Path::new("."),
        manifest.into_bytes(),
        &files,
    );
    let report = check_package(package, &Policy::default(), today, &InProcess);
    let mut plan = plan(&report, today).unwrap();
    let hostile = b"[a](".repeat(3 << 20);
    for entry in &mut plan.entries {
        if entry.name.starts_with("press/") {
            entry.bytes = hostile.clone();
        }
    }
    let sums: String = plan
        .entries
        .iter()
        .filter(|entry| entry.name != "SHA256SUMS")
        .map(|entry| format!("{}  {}\n", sha256_hex(&entry.bytes), entry.name))
        .collect();
    plan.entries
        .iter_mut()
        .find(|entry| entry.name == "SHA256SUMS")
        .unwrap()
        .bytes = sums.into_bytes();
    let bytes = write::archive(&plan, write::timestamp(None).unwrap()).unwrap();
    assert!(bytes.len() < 1 << 20, "{} bytes", bytes.len());
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bundle.zip"), &bytes).unwrap();

    let output = mdelist(
        &["verify", "bundle.zip", "--today", "2026-11-22"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(text.contains("every checksum matches"), "{text}");
    assert_eq!(text.matches("error[PRESS001]").count(), 5, "{text}");
    assert!(
        text.contains("is not read: its text is 12582912 bytes"),
        "{text}"
    );
}

/// Forty thousand findings on one 600 KB line of a press release: 50 of each rule are shown,
/// each as an 80-column window around its span with the right line and column, then one
/// "and N more" finding per rule. Column counting and rendering are linear in the line, so the
/// run stays small (its time is measured by `bench/input_size.py`, not here).
#[test]
fn many_findings_on_one_long_line_are_capped_and_shown_as_windows() {
    let manifest = format!("{VALID_LISTING}\n[[press_release]]\nfile = \"press/launch.md\"\n");
    let dir = support::listing(&manifest);
    std::fs::create_dir(dir.path().join("press")).unwrap();
    // "é" before each pair makes the columns count characters, not bytes.
    let line = "é MDE and Windows Defender ATP, ".repeat(20_000);
    std::fs::write(
        dir.path().join("press/launch.md"),
        format!("# Tenvik Sentry\n\n{line}\n"),
    )
    .unwrap();
    let output = mdelist(&["check", "--today", "2026-11-22", "."], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let out = stdout(&output);
    assert_eq!(
        out.matches("warning[DESC006]: press release abbreviates")
            .count(),
        50
    );
    assert_eq!(
        out.matches("warning[DESC005]: press release uses").count(),
        50
    );
    for code in ["DESC006", "DESC005"] {
        assert!(
            out.contains(&format!(
                "warning[{code}]: and 19950 more {code} findings in press/launch.md\n |\n = help: \
                 at most 50 findings of one rule and 200 in all are shown per file: fix \
                 these and check again\n"
            )),
            "{out}"
        );
    }
    // The 50th "MDE": 49 repetitions before it, then "é ".
    let column = 49 * "é MDE and Windows Defender ATP, ".chars().count() + 3;
    assert!(
        out.contains(&format!("--> press/launch.md:3:{column}\n")),
        "{out}"
    );
    let excerpts: Vec<&str> = out
        .lines()
        .filter(|line| line.starts_with("3 | "))
        .collect();
    assert_eq!(excerpts.len(), 100);
    for excerpt in excerpts {
        assert!(excerpt.chars().count() <= 80, "{excerpt}");
    }
}
