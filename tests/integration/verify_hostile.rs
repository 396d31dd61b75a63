//! `verify` of an archive whose entry names are hostile: every output format stays valid and
//! says what it found, whatever the names hold.

use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

use crate::support::{mdelist, stdout};

/// A line break that would start a second workflow command, XML metacharacters, an escape
/// sequence, a line separator and a bidirectional override.
const HOSTILE: &str = "evil\n::error file=src/main.rs,line=1::forged <b>&amp;</b> \"q\" \u{1b}[31mred\u{2028}next\u{202e}txt";

fn hostile_archive(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("hostile.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = SimpleFileOptions::DEFAULT;
    writer.start_file("top/SHA256SUMS", options).unwrap();
    writer.write_all(b"").unwrap();
    writer
        .start_file(format!("top/{HOSTILE}"), options)
        .unwrap();
    writer.write_all(b"x").unwrap();
    writer.finish().unwrap();
    path
}

fn verify(format: &str) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let archive = hostile_archive(dir.path());
    let output = mdelist(
        &[
            "verify",
            "--format",
            format,
            "--today",
            "2026-11-22",
            archive.to_str().unwrap(),
        ],
        dir.path(),
    );
    (output.status.code().unwrap(), stdout(&output))
}

/// The integrity problems `verify` reports for the archive, in order.
fn expected_problems() -> Vec<String> {
    vec![
        format!("`{HOSTILE}` is not listed in SHA256SUMS"),
        "the archive has no listing.json".to_string(),
    ]
}

#[test]
fn json_output_parses_and_keeps_the_names_exactly() {
    let (status, out) = verify("json");
    assert_eq!(status, 1);
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["bundle"]["intact"], false);
    assert_eq!(
        report["bundle"]["problems"],
        serde_json::json!(expected_problems())
    );
}

#[test]
fn sarif_output_parses_and_carries_each_problem_as_a_notification() {
    let (status, out) = verify("sarif");
    assert_eq!(status, 1);
    let log: serde_json::Value = serde_json::from_str(&out).unwrap();
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], false);
    let texts: Vec<&str> = invocation["toolExecutionNotifications"]
        .as_array()
        .unwrap()
        .iter()
        .map(|notification| notification["message"]["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, expected_problems());
}

#[test]
fn junit_output_is_well_formed_xml() {
    let (status, out) = verify("junit");
    assert_eq!(status, 1);
    let document =
        roxmltree::Document::parse(&out).unwrap_or_else(|error| panic!("{error}\n{out}"));
    let messages: Vec<&str> = document
        .descendants()
        .filter(|node| node.has_tag_name("failure"))
        .filter_map(|node| node.attribute("message"))
        .collect();
    assert_eq!(messages.len(), 2, "{out}");
    // The markup stays text; the escape character (which XML 1.0 cannot hold) is replaced.
    assert!(
        messages[0].contains("forged <b>&amp;</b> \"q\" \u{FFFD}[31mred"),
        "{}",
        messages[0]
    );
    assert_eq!(messages[1], "the archive has no listing.json");
}

#[test]
fn github_output_has_one_workflow_command_per_line() {
    let (status, out) = verify("github");
    assert_eq!(status, 1);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(
        lines[0],
        "::error title=bundle::`evil%0A::error file=src/main.rs,line=1::forged <b>&amp;</b> \"q\" \\u{1B}[31mred\\u{2028}next\\u{202E}txt` is not listed in SHA256SUMS"
    );
    assert_eq!(
        lines[1],
        "::error title=bundle::the archive has no listing.json"
    );
    assert_eq!(lines[2], "checked 0 listings: 0 errors, 0 warnings");
    assert!(
        !out.chars()
            .any(|c| (c.is_control() && c != '\n') || matches!(c, '\u{2028}' | '\u{202E}'))
    );
}

#[test]
fn human_output_writes_no_control_character_to_the_terminal() {
    let (status, out) = verify("human");
    assert_eq!(status, 1);
    let raw: Vec<char> = out
        .chars()
        .filter(|c| {
            (c.is_control() && *c != '\n')
                || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202A}'..='\u{202E}')
        })
        .collect();
    assert_eq!(raw, Vec::<char>::new(), "{out:?}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines[0],
        "error: `evil\\u{A}::error file=src/main.rs,line=1::forged <b>&amp;</b> \"q\" \\u{1B}[31mred\\u{2028}next\\u{202E}txt` is not listed in SHA256SUMS"
    );
    assert_eq!(lines[1], "error: the archive has no listing.json");
    assert!(
        lines[2]
            .ends_with("hostile.zip: 2 integrity problems; the bundle is not as it was written")
    );
    assert_eq!(lines.len(), 3, "{out}");
}
