//! `mdelist bundle` and `mdelist verify`: byte-for-byte reproducible archives that real tools
//! open, atomic writes, and every tampering a receiver must catch.

use crate::support;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use sha2::{Digest, Sha256};
use support::*;
use zip::write::SimpleFileOptions;

/// The example's archive. Any change to the bundle format, the renders, the template or the
/// compression shows up here; update the figure only for an intended change.
const GOLDEN_SHA256: &str = "7b79c8bc741ba14bb3223af36460380f2e70cf7818c0f949485e505ec997ea16";
/// The same with SOURCE_DATE_EPOCH=1767225600 (2026-01-01T00:00:00Z). Both pin --today, which
/// the review state of the example's press release depends on.
const GOLDEN_SHA256_2026: &str = "5d74cfd4f4208bbb946367c8e29ab2856de1e41ba8fad1d4df8fcb2e1aa41a9d";
const ARCHIVE: &str = "contoso-contoso-cognito-1.0.0.zip";

fn bundle(out: &Path, epoch: Option<&str>) -> Output {
    let example = repo_root().join("examples/contoso-cognito");
    let mut command = Command::new(env!("CARGO_BIN_EXE_mdelist"));
    command
        .args([
            "bundle",
            example.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
            "--today",
            "2026-11-22",
        ])
        .env("NO_COLOR", "1")
        .env_remove("SOURCE_DATE_EPOCH");
    if let Some(epoch) = epoch {
        command.env("SOURCE_DATE_EPOCH", epoch);
    }
    command.output().unwrap()
}

fn sha256_file(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

#[test]
fn the_example_bundle_is_byte_for_byte_reproducible() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    let output = bundle(first.path(), None);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains(&format!("sha256 {GOLDEN_SHA256}")),
        "{}",
        stdout(&output)
    );
    assert_eq!(sha256_file(&first.path().join(ARCHIVE)), GOLDEN_SHA256);
    bundle(second.path(), None);
    assert_eq!(sha256_file(&second.path().join(ARCHIVE)), GOLDEN_SHA256);

    let dated = tempfile::tempdir().unwrap();
    bundle(dated.path(), Some("1767225600"));
    assert_eq!(sha256_file(&dated.path().join(ARCHIVE)), GOLDEN_SHA256_2026);
}

#[test]
fn real_unzip_and_sha256sum_accept_the_bundle() {
    let out = tempfile::tempdir().unwrap();
    bundle(out.path(), None);
    let archive = out.path().join(ARCHIVE);
    let test = Command::new("unzip")
        .arg("-t")
        .arg(&archive)
        .output()
        .unwrap();
    assert!(
        test.status.success(),
        "{}",
        String::from_utf8_lossy(&test.stdout)
    );
    assert!(String::from_utf8_lossy(&test.stdout).contains("No errors detected"));

    let unpacked = tempfile::tempdir().unwrap();
    let extract = Command::new("unzip")
        .arg("-q")
        .arg(&archive)
        .arg("-d")
        .arg(unpacked.path())
        .status()
        .unwrap();
    assert!(extract.success());
    let top = unpacked.path().join("contoso-contoso-cognito-1.0.0");
    let mut names: Vec<String> = std::fs::read_dir(&top)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "SHA256SUMS",
            "SUBMISSION.md",
            "listing.json",
            "logo-128.png",
            "logo-256.png",
            "logo-64.png",
            "logo.svg",
            "press"
        ]
    );
    let check = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(&top)
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&check.stdout)
            .matches(": OK")
            .count(),
        7
    );
    // The logo is the exact bytes that were checked.
    assert_eq!(
        std::fs::read(top.join("logo.svg")).unwrap(),
        std::fs::read(repo_root().join("examples/contoso-cognito/logo.svg")).unwrap()
    );
    let zipinfo = Command::new("zipinfo")
        .arg("-v")
        .arg(&archive)
        .output()
        .unwrap();
    let details = String::from_utf8_lossy(&zipinfo.stdout);
    assert_eq!(
        details
            .matches("length of extra field:                          0 bytes")
            .count(),
        8
    );
    assert_eq!(details.matches("1980 Jan 1 00:00:00").count(), 8);
}

#[test]
fn listing_entries_plan_without_writing() {
    let out = tempfile::tempdir().unwrap();
    let example = repo_root().join("examples/contoso-cognito");
    let output = mdelist(
        &[
            "bundle",
            example.to_str().unwrap(),
            "--list",
            "--today",
            "2026-11-22",
        ],
        out.path(),
    );
    assert_eq!(output.status.code(), Some(0));
    let printed = stdout(&output);
    let listed: Vec<&str> = printed
        .lines()
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(
        listed,
        [
            "contoso-contoso-cognito-1.0.0/listing.json",
            "contoso-contoso-cognito-1.0.0/logo.svg",
            "contoso-contoso-cognito-1.0.0/logo-64.png",
            "contoso-contoso-cognito-1.0.0/logo-128.png",
            "contoso-contoso-cognito-1.0.0/logo-256.png",
            "contoso-contoso-cognito-1.0.0/press/2026-11-launch.md",
            "contoso-contoso-cognito-1.0.0/SUBMISSION.md",
            "contoso-contoso-cognito-1.0.0/SHA256SUMS",
            "contoso-contoso-cognito-1.0.0.zip",
        ]
    );
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 0);
}

#[test]
fn a_listing_with_errors_is_not_bundled() {
    let dir = listing(&VALID_LISTING.replace("threat-intelligence", "gardening"));
    let output = mdelist(&["bundle", "."], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("error[CAT001]"));
    assert!(stderr(&output).ends_with("error: the listing has errors; nothing was written\n"));
    let zips = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|entry| {
            entry
                .as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|ext| ext == "zip")
        })
        .count();
    assert_eq!(zips, 0);
}

#[test]
fn a_failed_write_leaves_no_partial_file_and_the_existing_target_untouched() {
    let out = tempfile::tempdir().unwrap();
    // A folder where the archive should go makes the final rename fail.
    std::fs::create_dir(out.path().join(ARCHIVE)).unwrap();
    std::fs::write(out.path().join(ARCHIVE).join("keep"), b"precious").unwrap();
    let output = bundle(out.path(), None);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(stderr(&output).contains(&format!(
        "cannot write {}",
        out.path().join(ARCHIVE).display()
    )));
    let left: Vec<PathBuf> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(
        left,
        [out.path().join(ARCHIVE)],
        "temporary files left behind"
    );
    assert_eq!(
        std::fs::read(out.path().join(ARCHIVE).join("keep")).unwrap(),
        b"precious"
    );

    // A file where the folder should be is refused, and nothing is written.
    std::fs::write(out.path().join("not-a-folder"), b"x").unwrap();
    let file = mdelist(
        &[
            "bundle",
            "--today",
            "2026-11-22",
            "--out",
            "not-a-folder",
            repo_root()
                .join("examples/contoso-cognito")
                .to_str()
                .unwrap(),
        ],
        out.path(),
    );
    assert_eq!(file.status.code(), Some(2));
    assert_eq!(
        stderr(&file),
        "error: not-a-folder exists and is not a folder\n"
    );
}

#[test]
fn bundle_out_creates_the_folder_as_preview_out_does() {
    let out = tempfile::tempdir().unwrap();
    let output = mdelist(
        &[
            "bundle",
            "--today",
            "2026-11-22",
            "--out",
            "submissions/2026-11",
            repo_root()
                .join("examples/contoso-cognito")
                .to_str()
                .unwrap(),
        ],
        out.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).starts_with(&format!("wrote submissions/2026-11/{ARCHIVE} (")),
        "{}",
        stdout(&output)
    );
    assert!(
        out.path()
            .join("submissions/2026-11")
            .join(ARCHIVE)
            .is_file()
    );
}

fn verify(archive: &Path) -> (i32, serde_json::Value) {
    let output = mdelist(
        &[
            "verify",
            "--format",
            "json",
            "--today",
            "2026-11-22",
            archive.to_str().unwrap(),
        ],
        archive.parent().unwrap(),
    );
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}{}", stdout(&output), stderr(&output)));
    (output.status.code().unwrap(), report)
}

#[test]
fn verify_accepts_the_bundle_as_written() {
    let out = tempfile::tempdir().unwrap();
    bundle(out.path(), None);
    let (status, report) = verify(&out.path().join(ARCHIVE));
    assert_eq!(status, 0, "{report:#}");
    assert_eq!(report["bundle"]["intact"], true);
    assert_eq!(report["bundle"]["top"], "contoso-contoso-cognito-1.0.0");
    assert_eq!(
        report["listings"][0]["user_agent"],
        "MdePartner-Contoso-ContosoCognito/1.0.0"
    );
    assert_eq!(report["summary"]["errors"], 0);
    assert_eq!(report["summary"]["suppressed"], 2);

    let human = mdelist(
        &["verify", out.path().join(ARCHIVE).to_str().unwrap()],
        out.path(),
    );
    assert_eq!(human.status.code(), Some(0));
    assert!(stdout(&human).ends_with(&format!(
        "{}: every checksum matches\n",
        out.path().join(ARCHIVE).display()
    )));
}

/// Rewrites the example bundle entry by entry through `edit`, which may change, add or drop
/// entries: (name, bytes, is_symlink).
fn tampered(
    edit: impl Fn(Vec<(String, Vec<u8>, bool)>) -> Vec<(String, Vec<u8>, bool)>,
) -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    bundle(out.path(), None);
    let original = std::fs::File::open(out.path().join(ARCHIVE)).unwrap();
    let mut archive = zip::ZipArchive::new(original).unwrap();
    let mut entries = Vec::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        entries.push((file.name().unwrap().to_string(), bytes, false));
    }
    let path = out.path().join("tampered.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let options = SimpleFileOptions::DEFAULT;
    for (name, bytes, symlink) in edit(entries) {
        if symlink {
            writer
                .add_symlink(name, String::from_utf8(bytes).unwrap(), options)
                .unwrap();
        } else {
            writer.start_file(name, options).unwrap();
            writer.write_all(&bytes).unwrap();
        }
    }
    writer.finish().unwrap();
    // Zip writers refuse duplicate names, so a duplicate is written under a stand-in name of
    // the same length and renamed in the raw bytes (names are stored uncompressed).
    let raw = std::fs::read(&path).unwrap();
    let patched = replace_all(&raw, b"logo.svZ", b"logo.svg");
    std::fs::write(&path, patched).unwrap();
    (out, path)
}

fn replace_all(haystack: &[u8], from: &[u8], to: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(haystack.len());
    let mut at = 0;
    while at < haystack.len() {
        if haystack[at..].starts_with(from) {
            out.extend_from_slice(to);
            at += from.len();
        } else {
            out.push(haystack[at]);
            at += 1;
        }
    }
    out
}

fn problems(report: &serde_json::Value) -> Vec<String> {
    report["bundle"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn verify_catches_every_tampering() {
    type Edit = fn(Vec<(String, Vec<u8>, bool)>) -> Vec<(String, Vec<u8>, bool)>;
    let cases: [(&str, Edit, &str); 8] = [
        (
            "changed content",
            |mut entries| {
                entries[1].1.extend_from_slice(b"<!-- edited -->");
                entries
            },
            "`logo.svg` does not match its SHA-256 checksum",
        ),
        (
            "entry outside the top folder",
            |mut entries| {
                entries.push(("elsewhere/readme.txt".into(), b"hi".to_vec(), false));
                entries
            },
            "entry `elsewhere/readme.txt` is outside the top folder `contoso-contoso-cognito-1.0.0/`",
        ),
        (
            "absolute path",
            |mut entries| {
                entries.push(("/etc/cron.d/evil".into(), b"x".to_vec(), false));
                entries
            },
            "entry `/etc/cron.d/evil` is an absolute path",
        ),
        (
            "dot-dot",
            |mut entries| {
                entries.push((
                    "contoso-contoso-cognito-1.0.0/../../evil".into(),
                    b"x".to_vec(),
                    false,
                ));
                entries
            },
            "entry `contoso-contoso-cognito-1.0.0/../../evil` has a `..` component, which extractors resolve or refuse",
        ),
        (
            "duplicate names",
            |mut entries| {
                let (name, bytes, _) = entries[1].clone();
                entries.push((name.replace("logo.svg", "logo.svZ"), bytes, false));
                entries
            },
            "the archive holds two entries with the same name",
        ),
        (
            "symlink",
            |mut entries| {
                entries.push((
                    "contoso-contoso-cognito-1.0.0/passwd".into(),
                    b"/etc/passwd".to_vec(),
                    true,
                ));
                entries
            },
            "entry `contoso-contoso-cognito-1.0.0/passwd` is a symbolic link",
        ),
        (
            "unlisted entry",
            |mut entries| {
                entries.insert(
                    1,
                    (
                        "contoso-contoso-cognito-1.0.0/extra.txt".into(),
                        b"x".to_vec(),
                        false,
                    ),
                );
                entries
            },
            "`extra.txt` is not listed in SHA256SUMS",
        ),
        (
            "missing entry",
            |mut entries| {
                entries.remove(2);
                entries
            },
            "SHA256SUMS lists `logo-64.png`, which is not in the archive",
        ),
    ];
    for (what, edit, expected) in cases {
        let (_dir, path) = tampered(edit);
        let (status, report) = verify(&path);
        assert_eq!(status, 1, "{what}: {report:#}");
        assert_eq!(report["bundle"]["intact"], false, "{what}");
        assert!(
            problems(&report).iter().any(|problem| problem == expected),
            "{what}: {:?}",
            problems(&report)
        );
    }
}

#[test]
fn verify_refuses_zip_bombs_without_unpacking_them() {
    let (_dir, path) = tampered(|mut entries| {
        // 80 MiB of zeros compress to well under a megabyte.
        entries.push((
            "contoso-contoso-cognito-1.0.0/zeros.bin".into(),
            vec![0; 80 * 1024 * 1024],
            false,
        ));
        entries
    });
    assert!(std::fs::metadata(&path).unwrap().len() < 2 * 1024 * 1024);
    let (status, report) = verify(&path);
    assert_eq!(status, 1);
    assert!(
        problems(&report)[0].contains("over the 64 MiB limit (a zip bomb?)"),
        "{:?}",
        problems(&report)
    );
}

#[test]
fn verify_reruns_the_rules_on_the_listing_inside() {
    // A bundle whose listing.json was edited (and its checksum updated to match) is intact but
    // no longer passes: the rules run again on what is inside.
    let (_dir, path) = tampered(|mut entries| {
        let json = String::from_utf8(entries[0].1.clone()).unwrap();
        entries[0].1 = json
            .replace("orchestration-and-automation", "gardening")
            .into_bytes();
        let sums = String::from_utf8(entries.last().unwrap().1.clone()).unwrap();
        let digest: String = Sha256::digest(&entries[0].1)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let fixed: String = sums
            .lines()
            .map(|line| {
                if line.ends_with("  listing.json") {
                    format!("{digest}  listing.json\n")
                } else {
                    format!("{line}\n")
                }
            })
            .collect();
        let last = entries.len() - 1;
        entries[last].1 = fixed.into_bytes();
        entries
    });
    let (status, report) = verify(&path);
    assert_eq!(status, 1);
    assert_eq!(report["bundle"]["intact"], true);
    let codes: Vec<&str> = report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"CAT001"), "{codes:?}");
}

#[test]
fn verify_of_something_that_is_not_a_zip_is_a_tool_failure() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bundle.zip");
    std::fs::write(&path, b"not a zip at all").unwrap();
    let output = mdelist(&["verify", path.to_str().unwrap()], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("is not a zip archive"),
        "{}",
        stderr(&output)
    );
}
