//! Bundle entry names as extractors write them: `verify` refuses names that unzip, macOS or
//! Windows would write differently or onto one file, and headers that disagree; `bundle` never
//! writes two releases to one entry nor a name its own `verify` refuses.

use crate::support;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use support::*;
use zip::write::{FullFileOptions, SimpleFileOptions};

const TOP: &str = "contoso-contoso-cognito-1.0.0";

/// A copy of the example listing, with `edit` applied to its manifest.
fn example_copy(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let example = repo_root().join("examples/contoso-cognito");
    let dir = tempfile::tempdir().unwrap();
    let manifest = std::fs::read_to_string(example.join("listing.toml")).unwrap();
    std::fs::write(dir.path().join("listing.toml"), edit(&manifest)).unwrap();
    std::fs::copy(example.join("logo.svg"), dir.path().join("logo.svg")).unwrap();
    std::fs::create_dir(dir.path().join("press")).unwrap();
    std::fs::copy(
        example.join("press/2026-11-launch.md"),
        dir.path().join("press/2026-11-launch.md"),
    )
    .unwrap();
    dir
}

fn bundle(listing: &Path, out: &Path) -> std::process::Output {
    mdelist(
        &[
            "bundle".as_ref(),
            listing.as_os_str(),
            "--out".as_ref(),
            out.as_os_str(),
            "--today".as_ref(),
            "2026-11-22".as_ref(),
        ],
        listing,
    )
}

fn verify_problems(archive: &Path) -> (i32, Vec<String>) {
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
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}{}", stdout(&output), stderr(&output)));
    let problems = report["bundle"]["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|problem| problem.as_str().unwrap().to_string())
        .collect();
    (output.status.code().unwrap(), problems)
}

/// The example's bundle, written to a new temporary folder.
fn example_bundle() -> (tempfile::TempDir, PathBuf) {
    let listing = example_copy(str::to_string);
    let out = tempfile::tempdir().unwrap();
    let output = bundle(listing.path(), out.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let path = out.path().join(format!("{TOP}.zip"));
    (out, path)
}

/// The entries of the example's bundle, as (name, bytes).
fn example_entries() -> Vec<(String, Vec<u8>)> {
    let (_out, path) = example_bundle();
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|index| {
            let mut file = archive.by_index(index).unwrap();
            let mut bytes = Vec::new();
            file.read_to_end(&mut bytes).unwrap();
            (file.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// A zip of `entries` (name, bytes, options), written in a new temporary folder.
fn zip_of(
    entries: Vec<(String, Vec<u8>, FullFileOptions<'static, 'static>)>,
) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("received.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, bytes, options) in entries {
        writer.start_file(name, options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    (dir, path)
}

fn plain() -> FullFileOptions<'static, 'static> {
    FullFileOptions::default()
}

#[test]
fn verify_refuses_names_that_extractors_write_differently_or_onto_one_file() {
    let nfc = format!("{TOP}/press/\u{e9}t\u{e9}.md");
    let nfd = format!("{TOP}/press/e\u{301}te\u{301}.md");
    let cases: Vec<(Vec<String>, String)> = vec![
        (
            vec![format!("{TOP}/./extra.txt")],
            format!("entry `{TOP}/./extra.txt` has a `.` component, which extractors drop"),
        ),
        (
            vec![format!("{TOP}//extra.txt")],
            format!(
                "entry `{TOP}//extra.txt` has an empty component (`//`), which extractors drop"
            ),
        ),
        (
            vec![format!("{TOP}/press\\extra.md")],
            format!(
                "entry `{TOP}/press\\extra.md` contains `\\`, which Windows and some unzip builds \
                 take as a folder separator"
            ),
        ),
        (
            vec![format!("{TOP}/extra.txt.")],
            format!(
                "entry `{TOP}/extra.txt.` has the component `extra.txt.`, which Windows writes \
                 without its trailing dots and spaces"
            ),
        ),
        (
            vec![format!("{TOP}/extra.txt ")],
            format!(
                "entry `{TOP}/extra.txt ` has the component `extra.txt `, which Windows writes \
                 without its trailing dots and spaces"
            ),
        ),
        (
            vec![format!("{TOP}/sub/../extra.txt")],
            format!(
                "entry `{TOP}/sub/../extra.txt` has a `..` component, which extractors resolve \
                 or refuse"
            ),
        ),
        (
            vec![format!("{TOP}/a:b.txt")],
            format!("entry `{TOP}/a:b.txt` contains `:`, which Windows cannot write in a name"),
        ),
        (
            vec![format!("{TOP}/aux.txt")],
            format!(
                "entry `{TOP}/aux.txt` has the component `aux.txt`, which Windows takes as the \
                 device AUX"
            ),
        ),
        (
            vec![format!("{TOP}/LOGO.svg")],
            format!(
                "entries `{TOP}/logo.svg` and `{TOP}/LOGO.svg` land on one file when extracted"
            ),
        ),
        (
            vec![nfc.clone(), nfd.clone()],
            format!("entries `{nfc}` and `{nfd}` land on one file when extracted"),
        ),
        (
            vec![format!("{TOP}/Logo.SVG/readme.txt")],
            format!(
                "entries `{TOP}/logo.svg` and `{TOP}/Logo.SVG/readme.txt` cannot both be \
                 extracted: the first is a file where the second needs a folder"
            ),
        ),
    ];
    let entries = example_entries();
    for (extra, expected) in cases {
        let mut all: Vec<_> = entries
            .iter()
            .map(|(name, bytes)| (name.clone(), bytes.clone(), plain()))
            .collect();
        for name in &extra {
            all.push((name.clone(), b"extra".to_vec(), plain()));
        }
        let (_dir, path) = zip_of(all);
        let (status, problems) = verify_problems(&path);
        assert_eq!((status, problems), (1, vec![expected]), "{extra:?}");
    }
}

/// CRC-32 (IEEE), as the Unicode Path extra field records the header name's.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0_u32;
    for byte in bytes {
        crc ^= u32::from(*byte);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn verify_reads_names_as_extractors_do_local_headers_second_names_and_code_pages() {
    let entries = example_entries();
    let rebuilt = |extra: Vec<(String, Vec<u8>, FullFileOptions<'static, 'static>)>| {
        let mut all: Vec<_> = entries
            .iter()
            .map(|(name, bytes)| (name.clone(), bytes.clone(), plain()))
            .collect();
        all.extend(extra);
        zip_of(all)
    };

    // The central directory says one name, the local header another.
    let (_dir, path) = rebuilt(Vec::new());
    let raw = std::fs::read(&path).unwrap();
    let name = format!("{TOP}/logo.svg");
    let first = raw
        .windows(name.len())
        .position(|window| window == name.as_bytes())
        .unwrap();
    let mut patched = raw.clone();
    patched[first + name.len() - 1] = b'Z';
    std::fs::write(&path, &patched).unwrap();
    assert_eq!(
        verify_problems(&path),
        (
            1,
            vec![format!(
                "entry `{name}` is named `{TOP}/logo.svZ` in its local header; the two names must agree"
            )]
        )
    );

    // An Info-ZIP Unicode Path field: unzip writes its name, not the header's.
    let header_name = format!("{TOP}/notes.txt");
    let mut field = vec![1];
    field.extend_from_slice(&crc32(header_name.as_bytes()).to_le_bytes());
    field.extend_from_slice(format!("{TOP}/other.txt").as_bytes());
    let mut options = plain();
    options.add_extra_field(0x7075, field, false).unwrap();
    let (_dir, path) = rebuilt(vec![(header_name, b"x".to_vec(), options)]);
    assert_eq!(
        verify_problems(&path),
        (
            1,
            vec![format!(
                "entry `{TOP}/other.txt` carries a second name (an Info-ZIP Unicode Path extra field)"
            )]
        )
    );

    // A non-ASCII name without the UTF-8 flag is read as code page 437.
    let accented = format!("{TOP}/press/\u{e9}.md");
    let (_dir, path) = rebuilt(vec![(accented.clone(), b"x".to_vec(), plain())]);
    let mut raw = std::fs::read(&path).unwrap();
    let at: Vec<usize> = raw
        .windows(accented.len())
        .enumerate()
        .filter(|(_, window)| *window == accented.as_bytes())
        .map(|(at, _)| at)
        .collect();
    assert_eq!(at.len(), 2, "one local and one central header");
    // General-purpose flags sit 24 bytes before a local header's name, 38 before a central one's.
    raw[at[0] - 24 + 1] &= !(1 << 3);
    raw[at[1] - 38 + 1] &= !(1 << 3);
    std::fs::write(&path, &raw).unwrap();
    let (status, problems) = verify_problems(&path);
    assert_eq!(status, 1);
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .ends_with("has a name not marked as UTF-8, which extractors read as code page 437"),
        "{problems:?}"
    );
}

#[test]
fn bundle_never_writes_two_releases_to_one_entry() {
    let cases = [
        (
            "2026-11-launch.md",
            "the press releases `press/2026-11-launch.md` and `2026-11-launch.md` would both be \
             bundled as `press/2026-11-launch.md`; rename one of them",
        ),
        (
            "press/2026-11-Launch.md",
            "the press releases `press/2026-11-launch.md` and `press/2026-11-Launch.md` would be \
             bundled as `press/2026-11-launch.md` and `press/2026-11-Launch.md`, which land on \
             one file when extracted; rename one of them",
        ),
    ];
    for (second, expected) in cases {
        let listing = example_copy(|manifest| {
            manifest.replace(
                "[onboarding]",
                &format!("[[press_release]]\nfile = \"{second}\"\n\n[onboarding]"),
            )
        });
        std::fs::write(
            listing.path().join(second),
            "A note about our office move, with no product in it.\n",
        )
        .unwrap();
        let out = tempfile::tempdir().unwrap();
        let output = bundle(listing.path(), out.path());
        assert_eq!(
            output.status.code(),
            Some(2),
            "{second}: {}",
            stderr(&output)
        );
        assert_eq!(stderr(&output), format!("error: {expected}\n"), "{second}");
        assert_eq!(file_names(out.path()), Vec::<String>::new(), "{second}");
    }
}

#[test]
fn bundle_writes_one_canonical_name_whatever_the_path_spelling() {
    for spelling in [
        "sub/../press/2026-11-launch.md",
        "./press//2026-11-launch.md",
        "press/./2026-11-launch.md",
    ] {
        let listing = example_copy(|manifest| {
            manifest.replace(
                "file = \"press/2026-11-launch.md\"",
                &format!("file = \"{spelling}\""),
            )
        });
        std::fs::create_dir(listing.path().join("sub")).unwrap();
        let out = tempfile::tempdir().unwrap();
        let output = bundle(listing.path(), out.path());
        assert_eq!(
            output.status.code(),
            Some(0),
            "{spelling}: {}",
            stderr(&output)
        );
        let archive = out.path().join(format!("{TOP}.zip"));
        let listed = Command::new("unzip")
            .arg("-Z1")
            .arg(&archive)
            .output()
            .unwrap();
        assert!(listed.status.success());
        let names = String::from_utf8(listed.stdout).unwrap();
        assert!(
            names
                .lines()
                .any(|name| name == format!("{TOP}/press/2026-11-launch.md")),
            "{spelling}: {names}"
        );
        assert_eq!(names.lines().count(), 8, "{spelling}: {names}");
        assert_eq!(verify_problems(&archive), (0, Vec::new()), "{spelling}");
    }
}

#[test]
fn a_bundle_written_with_odd_options_still_passes_when_the_names_are_canonical() {
    // The checks are about names, not about how the zip was written: stored entries are fine.
    let entries = example_entries();
    let options = SimpleFileOptions::DEFAULT.compression_method(zip::CompressionMethod::Stored);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("stored.zip");
    let mut writer = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    for (name, bytes) in entries {
        writer.start_file(name, options).unwrap();
        writer.write_all(&bytes).unwrap();
    }
    writer.finish().unwrap();
    assert_eq!(verify_problems(&path), (0, Vec::new()));
}

#[test]
fn a_thousand_overlong_names_are_refused_each_in_one_short_line() {
    // 1,000 entries of 20 KB names: the most entries taken, each name twenty times the cap.
    let names: Vec<(String, Vec<u8>, FullFileOptions<'static, 'static>)> = (0..1000)
        .map(|index| {
            (
                format!("t/{}{index:04}", "x/".repeat(10_000)),
                Vec::new(),
                plain(),
            )
        })
        .collect();
    let (_dir, path) = zip_of(names);
    let (status, problems) = verify_problems(&path);
    assert_eq!(status, 1);
    assert_eq!(problems.len(), 1000);
    assert_eq!(
        problems[0],
        format!(
            "entry `t/{}…` is 20006 bytes long; names longer than 1024 bytes are refused",
            "x/".repeat(29)
        )
    );
}
