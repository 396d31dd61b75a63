//! Press releases end to end: hostile files never panic the check, and `review submit` /
//! `review record` change only the edited table of a real listing on disk.

use crate::support;

use std::io::Write;

use support::*;

fn with_release(file: &str, bytes: &[u8]) -> tempfile::TempDir {
    let dir = listing(&format!(
        "{VALID_LISTING}\n[[press_release]]\nfile = \"{file}\"\n"
    ));
    let path = dir.path().join(file);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    dir
}

fn codes_of(dir: &tempfile::TempDir) -> (i32, Vec<String>) {
    let (status, report) = check_json(dir.path(), &["--verbose"]);
    let codes = report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap().to_string())
        .collect();
    (status, codes)
}

fn zip_with(entries: &[(&str, &[u8])], repeat: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(&mut bytes));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, content) in entries {
            writer.start_file(*name, options).unwrap();
            for _ in 0..repeat {
                writer.write_all(content).unwrap();
            }
        }
        writer.finish().unwrap();
    }
    bytes
}

#[test]
fn a_docx_zip_bomb_is_refused_quickly() {
    // word/document.xml unpacks to 48 MiB from about 50 KiB.
    let chunk = vec![b'a'; 1 << 20];
    let bomb = zip_with(&[("word/document.xml", &chunk)], 48);
    assert!(bomb.len() < 1 << 20);
    let dir = with_release("press/launch.docx", &bomb);
    let started = std::time::Instant::now();
    let (status, codes) = codes_of(&dir);
    assert_eq!(status, 1);
    assert_eq!(codes, ["PRESS001"]);
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_docx_with_too_many_entries_is_refused() {
    let names: Vec<String> = (0..10_050).map(|index| format!("x/{index}")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|name| (name.as_str(), &b""[..])).collect();
    let dir = with_release("press/launch.docx", &zip_with(&entries, 1));
    assert_eq!(codes_of(&dir), (1, vec!["PRESS001".to_string()]));
}

#[test]
fn hostile_text_files_never_panic() {
    let deep_html = "<div>".repeat(100_000) + "Microsoft Defender for Endpoint";
    let deep_markdown = ">".repeat(50_000) + " [" + &"[".repeat(50_000) + "MDE";
    let entity_soup = "&#x110000;&#xD800;&#99999999999999;&amp&ampamp;&".repeat(10_000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("press/a.html", deep_html.into_bytes()),
        ("press/a.md", deep_markdown.into_bytes()),
        ("press/a.htm", entity_soup.into_bytes()),
        ("press/a.txt", vec![0xFF; 100_000]),
        ("press/a.md", b"\xEF\xBB\xBF".to_vec()),
        ("press/a.txt", vec![0xFF, 0xFE, 0x00, 0xD8]),
        (
            "press/a.docx",
            zip_with(&[("word/document.xml", b"<w:document")], 1),
        ),
    ];
    for (file, bytes) in cases {
        let dir = with_release(file, &bytes);
        let output = mdelist(&["check", "--today", "2026-11-22"], dir.path());
        assert!(
            matches!(output.status.code(), Some(0 | 1)),
            "{file}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let status = mdelist(&["review", "status", "--today", "2026-11-22"], dir.path());
        assert_eq!(status.status.code(), Some(0), "{file}");
    }
}

const MANIFEST: &str = r#"# Listing kept by hand: comments, odd spacing and key order matter to its owners.
[partner]
company    =    "Tenvik Security"    # aligned on purpose

[product]
name = "Tenvik Sentry"
description = "Send Tenvik Sentry verdicts to Microsoft Defender for Endpoint and block malicious files everywhere."
logo = "logo.svg"
landing_page = "https://www.tenvik.io/sentry/defender"
category = "threat-intelligence"

[integration]
multi_tenant = false
version = "3.2.0"

# ---- press ----
[[press_release]]
publish = 2026-12-01    # the launch event
file = "press/launch.md"

[[press_release]]
file = "press/webinar.md"
submitted = 2026-11-10

[[press_release.review]]
team = "marketing"
verdict = "approved"
date = 2026-11-12

# Onboarding, kept last.
[onboarding]
license = "trial"
"#;

/// `after` equals `before` outside the table that starts at `start` and ends where `end`
/// starts (both taken from `before`).
fn assert_unchanged_outside(before: &str, after: &str, start: &str, end: &str) {
    let start = before.find(start).unwrap();
    let end = before.find(end).unwrap();
    assert_eq!(after.as_bytes()[..start], before.as_bytes()[..start]);
    assert!(
        after.as_bytes().ends_with(&before.as_bytes()[end..]),
        "{after}"
    );
}

#[test]
fn submit_and_record_change_only_the_edited_table() {
    let dir = listing(MANIFEST);
    let path = dir.path().join("listing.toml");

    let submit = mdelist(
        &[
            "review",
            "submit",
            "--release",
            "press/launch.md",
            "--date",
            "2026-11-20",
            "--today",
            "2026-11-22",
        ],
        dir.path(),
    );
    assert_eq!(submit.status.code(), Some(0), "{}", stdout(&submit));
    let submitted = std::fs::read_to_string(&path).unwrap();
    assert_unchanged_outside(
        MANIFEST,
        &submitted,
        "[[press_release]]\npublish",
        "[[press_release]]\nfile = \"press/webinar.md\"",
    );
    assert!(submitted.contains(
        "publish = 2026-12-01    # the launch event\nfile = \"press/launch.md\"\nsubmitted = 2026-11-20\n"
    ));

    let record = mdelist(
        &[
            "review",
            "record",
            "--release",
            "press/webinar.md",
            "--team",
            "engineering",
            "--verdict",
            "changes-requested",
            "--date",
            "2026-11-13",
            "--today",
            "2026-11-22",
        ],
        dir.path(),
    );
    assert_eq!(record.status.code(), Some(0), "{}", stdout(&record));
    let recorded = std::fs::read_to_string(&path).unwrap();
    assert_unchanged_outside(
        &submitted,
        &recorded,
        "[[press_release]]\nfile = \"press/webinar.md\"",
        "# Onboarding, kept last.",
    );
    // Nothing else was left in the folder: the temporary file was renamed into place.
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["listing.toml", "logo.svg"]);

    // The check reads the edited manifest: the engineering team asked for changes.
    let (_, report) = check_json(dir.path(), &[]);
    let codes = codes(&report);
    assert!(codes.contains(&"PRESS005".to_string()), "{codes:?}");
}

#[test]
fn a_failed_edit_leaves_the_file_untouched() {
    let dir = listing(MANIFEST);
    let path = dir.path().join("listing.toml");
    let output = mdelist(
        &[
            "review",
            "record",
            "--release",
            "press/webinar.md",
            "--team",
            "marketing",
            "--verdict",
            "approved",
            "--date",
            "2026-11-01",
            "--today",
            "2026-11-22",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr)
            .contains("is before \"press/webinar.md\" was submitted (2026-11-10)")
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), MANIFEST);
}

#[test]
fn the_calendar_is_written_and_stable() {
    let root = repo_root();
    let out = tempfile::tempdir().unwrap();
    let ics = out.path().join("reviews.ics");
    let ics_arg = ics.to_str().unwrap();
    let run = |today: &str| {
        let output = mdelist(
            &[
                "review",
                "status",
                "--today",
                today,
                "--ics",
                ics_arg,
                "examples/press-in-review",
                "examples/contoso-cognito",
            ],
            &root,
        );
        assert_eq!(output.status.code(), Some(0));
        std::fs::read_to_string(&ics).unwrap()
    };
    let first = run("2026-11-22");
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|line| line.starts_with("UID:"))
            .map(String::from)
            .collect()
    };
    // Window end and publication for each submitted release with a date.
    assert_eq!(uids(&first).len(), 4);
    assert!(first.contains("DTSTART;VALUE=DATE:20261126\r\n"));
    assert_eq!(uids(&run("2026-11-25")), uids(&first));
}

/// Two copies of one listing (a product in two regions, say) get their own calendar events, and
/// renaming the product keeps every UID, so a calendar that imports the file again updates.
#[test]
fn calendar_uids_follow_the_listing_path_and_survive_a_rename() {
    let root = tempfile::tempdir().unwrap();
    for copy in ["emea", "us"] {
        let folder = root.path().join(copy);
        std::fs::create_dir_all(folder.join("press")).unwrap();
        let source = repo_root().join("examples/contoso-cognito");
        for file in ["listing.toml", "logo.svg", "press/2026-11-launch.md"] {
            std::fs::copy(source.join(file), folder.join(file)).unwrap();
        }
    }
    let uids = || -> Vec<String> {
        let output = mdelist(
            &[
                "review",
                "status",
                "--today",
                "2026-11-22",
                "--ics",
                "cal.ics",
                "emea",
                "us",
            ],
            root.path(),
        );
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        std::fs::read_to_string(root.path().join("cal.ics"))
            .unwrap()
            .lines()
            .filter(|line| line.starts_with("UID:"))
            .map(String::from)
            .collect()
    };
    let before = uids();
    assert_eq!(before.len(), 4);
    let mut unique = before.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 4, "{before:?}");
    let manifest = root.path().join("us/listing.toml");
    let renamed = std::fs::read_to_string(&manifest).unwrap().replace(
        "name = \"Contoso Cognito\"",
        "name = \"Contoso Cognito XDR\"",
    );
    std::fs::write(&manifest, renamed).unwrap();
    assert_eq!(uids(), before);
}
