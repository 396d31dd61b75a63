//! Hostile files on the reading side, beyond the logo, press and bundle suites: files over the
//! size cap wherever a file is read, pipes where a file should be, names that are not UTF-8,
//! files the user may not read, files that change while they are read, and TOML nested
//! 100,000 deep. Each gets its diagnostic, in bounded time (asserted) and memory (every run is
//! held to `support::MEMORY_LIMIT_KIB`), and never a panic.

use crate::support;

use std::ffi::OsStr;
use std::os::unix::ffi::OsStrExt;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use support::{
    LOGO, Unprivileged, VALID_LISTING, check_json, listing, open_to_all, set_mode, stderr, stdout,
};

const TODAY: &str = "2026-11-22";

fn sparse_file(path: &Path, bytes: u64) {
    std::fs::File::create(path).unwrap().set_len(bytes).unwrap();
}

#[test]
fn files_over_the_cap_are_refused_wherever_they_are_read() {
    const SEVENTEEN_MIB: u64 = 17 * 1024 * 1024;
    let started = Instant::now();

    // The manifest itself: a tool failure naming the file and the cap.
    let dir = tempfile::tempdir().unwrap();
    sparse_file(&dir.path().join("listing.toml"), SEVENTEEN_MIB);
    let output = support::mdelist(&["check", "--today", TODAY, "."], dir.path());
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot read listing.toml: is larger than 16 MiB (17825792 bytes)\n"
    );

    // A press release: MAN007 at the file's entry in the manifest.
    let dir = listing(&format!(
        "{VALID_LISTING}\n[[press_release]]\nfile = \"huge.md\"\n"
    ));
    sparse_file(&dir.path().join("huge.md"), SEVENTEEN_MIB);
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!(status, 1);
    let diagnostic = &report["listings"][0]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "MAN007");
    assert_eq!(diagnostic["field"], "press_release[0].file");
    assert_eq!(
        diagnostic["message"],
        "`press_release[0].file` file \"huge.md\" is larger than 16 MiB (17825792 bytes)"
    );

    // The repository configuration.
    let dir = listing(VALID_LISTING);
    sparse_file(&dir.path().join("mdelist.toml"), SEVENTEEN_MIB);
    let output = support::mdelist(
        &["check", "--config", "mdelist.toml", "--today", TODAY, "."],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: mdelist.toml is larger than 16 MiB (17825792 bytes)\n"
    );

    // An archive to verify: far over what a bundle can be.
    let dir = tempfile::tempdir().unwrap();
    sparse_file(&dir.path().join("huge.zip"), 100 * 1024 * 1024);
    let output = support::mdelist(&["verify", "huge.zip"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: huge.zip is larger than 65 MiB (104857600 bytes)\n"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn pipes_where_files_should_be_never_block() {
    let dir = listing(VALID_LISTING);
    let mkfifo = |path: &Path| {
        assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
    };
    let started = Instant::now();

    let fifo_dir = tempfile::tempdir().unwrap();
    mkfifo(&fifo_dir.path().join("listing.toml"));
    // Named: refused as what it is. Searched for: not taken for a listing.
    let output = support::mdelist(
        &["check", "--today", TODAY, "listing.toml"],
        fifo_dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot read listing.toml: is not a regular file (it is a device, pipe or socket)\n"
    );
    let output = support::mdelist(&["check", "--today", TODAY, "."], fifo_dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: no listing.toml found under .; give a listing folder or its listing.toml\n"
    );

    mkfifo(&dir.path().join("mdelist.toml"));
    let output = support::mdelist(
        &["check", "--config", "mdelist.toml", "--today", TODAY, "."],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: mdelist.toml is not a regular file (it is a device, pipe or socket)\n"
    );
    // Met while walking up for the nearest configuration: not a configuration file, passed by.
    let output = support::mdelist(&["check", "--today", TODAY, "."], dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    std::fs::remove_file(dir.path().join("mdelist.toml")).unwrap();

    mkfifo(&dir.path().join("bundle.zip"));
    let output = support::mdelist(&["verify", "bundle.zip"], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: bundle.zip is not a regular file (it is a device, pipe or socket)\n"
    );

    // A press release that is a symlink to a pipe inside the folder.
    mkfifo(&dir.path().join("pipe"));
    std::os::unix::fs::symlink("pipe", dir.path().join("release.md")).unwrap();
    std::fs::write(
        dir.path().join("listing.toml"),
        format!("{VALID_LISTING}\n[[press_release]]\nfile = \"release.md\"\n"),
    )
    .unwrap();
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!(status, 1);
    assert_eq!(
        report["listings"][0]["diagnostics"][0]["message"],
        "`press_release[0].file` file \"release.md\" is not a regular file (it is a device, pipe or socket)"
    );
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[test]
fn names_that_are_not_utf8_are_shown_and_never_break_a_run() {
    let root = tempfile::tempdir().unwrap();
    // A listing in a folder whose name is Latin-1, found by walking a repository.
    let folder = root.path().join(OsStr::from_bytes(b"r\xE9seau"));
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("listing.toml"), VALID_LISTING).unwrap();
    std::fs::write(folder.join("logo.svg"), LOGO).unwrap();
    // Beside it, a press folder full of Latin-1 names the listing does not refer to.
    std::fs::create_dir(folder.join("press")).unwrap();
    std::fs::write(
        folder
            .join("press")
            .join(OsStr::from_bytes(b"lancement-\xE9t\xE9.md")),
        "x",
    )
    .unwrap();

    let (status, report) = check_json(root.path(), &[]);
    assert_eq!(status, 0, "{report}");
    assert_eq!(report["listings"][0]["path"], "r\u{FFFD}seau/listing.toml");

    let output = support::mdelist(&["check", "--today", TODAY, "."], root.path());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(stdout(&output), "checked 1 listing: 0 errors, 0 warnings\n");

    // Bundling from it and into another such folder works, and verify reads the result.
    let out = root.path().join(OsStr::from_bytes(b"sortie-\xFF"));
    std::fs::create_dir(&out).unwrap();
    let output = support::mdelist(
        &[
            OsStr::new("bundle"),
            folder.as_os_str(),
            OsStr::new("--today"),
            OsStr::new(TODAY),
            OsStr::new("--out"),
            out.as_os_str(),
        ],
        root.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let archive = out.join("tenvik-security-tenvik-sentry-3.2.0.zip");
    assert!(archive.is_file());
    let output = support::mdelist(&[OsStr::new("verify"), archive.as_os_str()], root.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));

    // A manifest can only name UTF-8 paths: the Latin-1 file is simply not found, by the
    // name the manifest gives.
    std::fs::write(
        folder.join("listing.toml"),
        format!("{VALID_LISTING}\n[[press_release]]\nfile = \"press/lancement-été.md\"\n"),
    )
    .unwrap();
    let (status, report) = check_json(&folder, &[]);
    assert_eq!(status, 1);
    assert_eq!(
        report["listings"][0]["diagnostics"][0]["message"],
        "`press_release[0].file` file \"press/lancement-été.md\" does not exist"
    );
}

#[test]
fn files_the_user_may_not_read_are_reported_by_name() {
    let user = Unprivileged::new();
    let dir = listing(&format!(
        "{VALID_LISTING}\n[[press_release]]\nfile = \"launch.md\"\n"
    ));
    open_to_all(dir.path());
    std::fs::write(dir.path().join("launch.md"), "A launch.").unwrap();
    for file in ["listing.toml", "logo.svg", "launch.md"] {
        set_mode(&dir.path().join(file), 0o644);
    }
    // Readable: the listing checks (the press release does not name the product).
    let output = user.run(&["check", "--today", TODAY, "."], dir.path());
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}{}",
        stdout(&output),
        stderr(&output)
    );

    set_mode(&dir.path().join("logo.svg"), 0o000);
    set_mode(&dir.path().join("launch.md"), 0o000);
    let output = user.run(
        &["check", "--format", "json", "--today", TODAY, "."],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let found: Vec<_> = report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| format!("{} {} {}", d["code"], d["field"], d["message"]))
        .collect();
    assert_eq!(
        found,
        [
            r#""MAN007" "product.logo" "`product.logo` file \"logo.svg\" cannot be opened: permission denied""#,
            r#""MAN007" "press_release[0].file" "`press_release[0].file` file \"launch.md\" cannot be opened: permission denied""#,
        ]
    );

    set_mode(&dir.path().join("listing.toml"), 0o000);
    let output = user.run(&["check", "--today", TODAY, "."], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot read listing.toml: cannot be opened: permission denied\n"
    );

    // A repository walk that meets a folder it may not enter says so and checks the rest.
    let repo = tempfile::tempdir().unwrap();
    open_to_all(repo.path());
    for name in ["open", "closed"] {
        let folder = repo.path().join(name);
        std::fs::create_dir(&folder).unwrap();
        std::fs::write(folder.join("listing.toml"), VALID_LISTING).unwrap();
        std::fs::write(folder.join("logo.svg"), LOGO).unwrap();
        open_to_all(&folder);
        set_mode(&folder.join("listing.toml"), 0o644);
        set_mode(&folder.join("logo.svg"), 0o644);
    }
    set_mode(&repo.path().join("closed"), 0o000);
    let output = user.run(&["check", "--today", TODAY, "."], repo.path());
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot search .: ./closed cannot be read: permission denied\n"
    );
}

#[test]
fn files_changing_while_read_give_a_finding_or_a_result_never_a_crash() {
    let dir = listing(VALID_LISTING);
    let logo = dir.path().join("logo.svg");
    let square = LOGO.as_bytes().to_vec();
    let wide = LOGO.replace("0 0 64 64", "0 0 128 64").into_bytes();
    let stop = Arc::new(AtomicBool::new(false));
    let rewrites = Arc::new(AtomicU64::new(0));
    // A writer that keeps rewriting the logo in place, in pieces, and sometimes grows it past
    // the size cap and truncates it again: every reader sees some mixture.
    let writer = {
        let stop = Arc::clone(&stop);
        let rewrites = Arc::clone(&rewrites);
        let logo = logo.clone();
        std::thread::spawn(move || {
            use std::io::Write;
            let mut round = 0u64;
            while !stop.load(Ordering::Relaxed) {
                round += 1;
                rewrites.fetch_add(1, Ordering::Relaxed);
                let mut file = std::fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(&logo)
                    .unwrap();
                let bytes = if round.is_multiple_of(2) {
                    &square
                } else {
                    &wide
                };
                let (head, tail) = bytes.split_at(bytes.len() / 2);
                file.write_all(head).unwrap();
                std::thread::yield_now();
                file.write_all(tail).unwrap();
                if round.is_multiple_of(7) {
                    file.set_len(17 * 1024 * 1024).unwrap();
                    std::thread::yield_now();
                } else {
                    // Whole for a moment, so that readers also see complete files.
                    std::thread::sleep(Duration::from_millis(1));
                }
            }
        })
    };
    let mut seen = std::collections::BTreeSet::new();
    let mut rewritten_during_a_run = 0;
    let mut runs = 0;
    // Until 30 runs have seen the file change under them: how many runs that takes depends on
    // how the scheduler shares the cores between the writer and the runs, so it is bounded by a
    // count, not asserted as a ratio.
    while rewritten_during_a_run < 30 && runs < 400 {
        runs += 1;
        let before = rewrites.load(Ordering::Relaxed);
        let (status, report) = check_json(dir.path(), &[]);
        assert!(status == 0 || status == 1, "{report}");
        let codes = support::codes(&report);
        assert!(
            codes
                .iter()
                .all(|code| code.starts_with("LOGO") || code == "MAN007"),
            "{codes:?}"
        );
        seen.insert(codes.join(","));
        if rewrites.load(Ordering::Relaxed) > before {
            rewritten_during_a_run += 1;
        }
    }
    stop.store(true, Ordering::Relaxed);
    writer.join().unwrap();
    // The logo changed while the runs read it, so the race was real.
    assert!(
        rewritten_during_a_run >= 30,
        "{rewritten_during_a_run} of {runs} runs"
    );
    eprintln!("outcomes: {seen:?}");
}

#[test]
fn deeply_nested_toml_anywhere_is_refused_in_a_line() {
    let deep = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let dir = listing(&format!(
        "{VALID_LISTING}\n[[press_release]]\nfile = \"launch.md\"\n"
    ));
    std::fs::write(dir.path().join("launch.md"), "A launch.").unwrap();

    // The repository configuration: its error names the place, never quotes the line.
    std::fs::write(dir.path().join("mdelist.toml"), &deep).unwrap();
    let output = support::mdelist(&["check", "--config", "mdelist.toml", "."], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: mdelist.toml: TOML parse error at line 1, column 85: cannot recurse further; \
         max recursion depth met\n"
    );
    std::fs::remove_file(dir.path().join("mdelist.toml")).unwrap();

    // A listing that deep: `check` shows a trimmed line (tests/check.rs); the review commands
    // refuse to edit it and leave it as it was.
    let manifest = dir.path().join("listing.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    text.push_str(&deep);
    std::fs::write(&manifest, &text).unwrap();
    let output = support::mdelist(&support::SUBMIT_LAUNCH, dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: listing.toml: not valid TOML (cannot recurse further; max recursion depth \
         met); fix it first (mdelist check shows where)\n"
    );
    assert_eq!(std::fs::read_to_string(&manifest).unwrap(), text);
    let output = support::mdelist(&["review", "status", ".", "--today", TODAY], dir.path());
    assert!(stderr(&output).len() < 400, "{}", stderr(&output).len());
}
