//! What the tool writes: never over a link, FIFO, device node or folder; review edits of a
//! symlinked listing.toml refused; two review edits at the same moment both kept.

use crate::support;

use std::collections::BTreeSet;
use std::os::unix::fs::FileTypeExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};

use support::*;

const LINKED: &str = "is a symbolic link; mdelist replaces only regular files and leaves links \
                      alone (name the file it points to, or remove the link)";
const SPECIAL: &str = "is a device, pipe or socket, not a regular file; mdelist leaves it alone \
                       (write to a regular file instead)";

fn mkfifo(path: &Path) {
    assert!(Command::new("mkfifo").arg(path).status().unwrap().success());
}

fn is_fifo(path: &Path) -> bool {
    std::fs::symlink_metadata(path)
        .unwrap()
        .file_type()
        .is_fifo()
}

/// A listing with one press release, `press/launch.md`, submitted on 2026-11-02.
fn listing_with_release() -> tempfile::TempDir {
    let dir = listing(&format!(
        "{VALID_LISTING}\n[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = 2026-11-02\n"
    ));
    std::fs::create_dir(dir.path().join("press")).unwrap();
    std::fs::write(
        dir.path().join("press/launch.md"),
        "Tenvik Sentry now sends verdicts to Microsoft Defender for Endpoint.\n",
    )
    .unwrap();
    dir
}

#[test]
fn ics_is_never_written_over_a_device_a_pipe_or_a_link() {
    let dir = listing_with_release();
    let real = dir.path().join("real.ics");
    std::fs::write(&real, "kept").unwrap();
    std::os::unix::fs::symlink(&real, dir.path().join("link.ics")).unwrap();
    mkfifo(&dir.path().join("pipe.ics"));
    for (target, reason) in [
        ("/dev/full", SPECIAL),
        ("pipe.ics", SPECIAL),
        ("link.ics", LINKED),
    ] {
        let output = mdelist(
            &[
                "review",
                "status",
                ".",
                "--today",
                "2026-11-22",
                "--ics",
                target,
            ],
            dir.path(),
        );
        assert_eq!(output.status.code(), Some(2), "{target}");
        assert_eq!(
            stderr(&output),
            format!("error: cannot write {target}: {reason}\n")
        );
        assert_eq!(stdout(&output), "", "{target}");
    }
    assert!(
        std::fs::symlink_metadata("/dev/full")
            .unwrap()
            .file_type()
            .is_char_device()
    );
    assert!(is_fifo(&dir.path().join("pipe.ics")));
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "kept");
    assert!(dir.path().join("link.ics").is_symlink());
    // No temporary file was left behind either.
    assert!(
        !file_names(dir.path())
            .iter()
            .any(|name| name.ends_with(".partial")),
        "{:?}",
        file_names(dir.path())
    );
}

#[test]
fn preview_and_bundle_never_write_through_a_link_or_into_a_pipe() {
    let dir = listing(VALID_LISTING);
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim.html");
    std::fs::write(&victim, "kept").unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink(&victim, out.join("preview.html")).unwrap();
    let output = mdelist(
        &["preview", ".", "--today", "2026-11-22", "--out", "out"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        format!("error: cannot write out/preview.html: {LINKED}\n")
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "kept");

    let bundles = dir.path().join("bundles");
    std::fs::create_dir(&bundles).unwrap();
    let archive = bundles.join("tenvik-security-tenvik-sentry-3.2.0.zip");
    mkfifo(&archive);
    let output = mdelist(
        &["bundle", ".", "--today", "2026-11-22", "--out", "bundles"],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert_eq!(
        stderr(&output),
        format!("error: cannot write bundles/tenvik-security-tenvik-sentry-3.2.0.zip: {SPECIAL}\n")
    );
    assert!(is_fifo(&archive));
}

#[test]
fn review_edits_of_a_symlinked_listing_are_refused_and_say_where_to_run_them() {
    let real = listing_with_release();
    let linked = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        real.path().join("listing.toml"),
        linked.path().join("listing.toml"),
    )
    .unwrap();
    let before = std::fs::read(real.path().join("listing.toml")).unwrap();
    let target = real.path().join("listing.toml");
    for args in [
        vec!["review", "submit", ".", "--release", "press/launch.md"],
        vec![
            "review",
            "record",
            ".",
            "--release",
            "press/launch.md",
            "--team",
            "marketing",
            "--verdict",
            "approved",
        ],
    ] {
        let mut args = args;
        args.extend(["--date", "2026-11-20", "--today", "2026-11-22"]);
        let output = mdelist(&args, linked.path());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert_eq!(
            stderr(&output),
            format!(
                "error: listing.toml is a symbolic link to {}; nothing was changed: edits are \
                 made only to a regular file, so run the command on {}\n",
                target.display(),
                target.display()
            )
        );
    }
    assert_eq!(std::fs::read(&target).unwrap(), before);
    assert!(linked.path().join("listing.toml").is_symlink());
    // Run on the file itself, the edit is made.
    let output = mdelist(
        &[
            "review",
            "submit",
            target.to_str().unwrap(),
            "--release",
            "press/launch.md",
            "--date",
            "2026-11-20",
            "--today",
            "2026-11-22",
        ],
        linked.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
}

#[test]
fn a_link_planted_at_the_lock_file_is_refused_not_followed() {
    let dir = listing_with_release();
    let outside = tempfile::tempdir().unwrap();
    let victim = outside.path().join("victim");
    std::fs::write(&victim, "kept").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join(".listing.toml.lock")).unwrap();
    let output = mdelist(
        &[
            "review",
            "submit",
            ".",
            "--release",
            "press/launch.md",
            "--date",
            "2026-11-20",
            "--today",
            "2026-11-22",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: cannot lock .listing.toml.lock to edit listing.toml: it is a symbolic link\n"
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "kept");
}

/// `mdelist ARGS` in `dir`, under the harness's memory limit, waiting to start until a line
/// arrives on the FIFO `go`.
fn held_at(go: &Path, dir: &Path, args: &[&str]) -> Child {
    Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -d {MEMORY_LIMIT_KIB} || exit 125; read line < \"$0\"; exec \"$@\""
        ))
        .arg(go)
        .arg(env!("CARGO_BIN_EXE_mdelist"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

/// Whether process `pid` holds `path` open.
fn holds_open(pid: u32, path: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    entries
        .filter_map(Result::ok)
        .any(|entry| std::fs::read_link(entry.path()).is_ok_and(|target| target == path))
}

fn record(team: &str, verdict: &str, date: &str) -> Vec<String> {
    [
        "review",
        "record",
        ".",
        "--release",
        "press/launch.md",
        "--team",
        team,
        "--verdict",
        verdict,
        "--date",
        date,
        "--today",
        "2026-11-22",
    ]
    .map(String::from)
    .to_vec()
}

#[test]
fn four_review_edits_started_at_the_same_moment_all_land() {
    let edits = [
        record("marketing", "approved", "2026-11-05"),
        record("engineering", "changes-requested", "2026-11-06"),
        record("marketing", "changes-requested", "2026-11-07"),
        [
            "review",
            "submit",
            ".",
            "--release",
            "press/webinar.md",
            "--date",
            "2026-11-10",
            "--today",
            "2026-11-22",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for round in 0..20 {
        let dir = listing_with_release();
        let manifest = dir.path().join("listing.toml");
        let mut text = std::fs::read_to_string(&manifest).unwrap();
        text.push_str("\n[[press_release]]\nfile = \"press/webinar.md\"\n");
        std::fs::write(&manifest, text).unwrap();
        std::fs::write(dir.path().join("press/webinar.md"), "A webinar.\n").unwrap();
        let go = dir.path().join("go");
        mkfifo(&go);
        // Holding the FIFO open for reading and writing keeps it alive, so the processes
        // open it at once and block reading it until the line for each of them arrives.
        let mut gate = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(&go)
            .unwrap();
        let go = go.canonicalize().unwrap();
        let mut children: Vec<Child> = edits
            .iter()
            .map(|args| {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                held_at(&go, dir.path(), &args)
            })
            .collect();
        // Wait until every process is blocked on the FIFO (or has already failed).
        while !children
            .iter_mut()
            .all(|child| holds_open(child.id(), &go) || child.try_wait().unwrap().is_some())
        {
            std::thread::yield_now();
        }
        std::io::Write::write_all(&mut gate, b"go\ngo\ngo\ngo\n").unwrap();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert_eq!(
                output.status.code(),
                Some(0),
                "round {round}: {}",
                stderr(&output)
            );
            assert!(
                stdout(&output).contains(": recorded that ")
                    || stdout(&output).contains(": \"press/webinar.md\" submitted for review"),
                "round {round}"
            );
        }
        let manifest = std::fs::read_to_string(dir.path().join("listing.toml")).unwrap();
        let parsed: toml::Table = toml::from_str(&manifest).unwrap();
        let reviews: BTreeSet<(String, String, String)> = parsed["press_release"][0]["review"]
            .as_array()
            .unwrap()
            .iter()
            .map(|review| {
                (
                    review["team"].as_str().unwrap().to_string(),
                    review["verdict"].as_str().unwrap().to_string(),
                    review["date"].to_string(),
                )
            })
            .collect();
        assert_eq!(
            reviews,
            BTreeSet::from([
                (
                    "engineering".into(),
                    "changes-requested".into(),
                    "2026-11-06".into()
                ),
                ("marketing".into(), "approved".into(), "2026-11-05".into()),
                (
                    "marketing".into(),
                    "changes-requested".into(),
                    "2026-11-07".into()
                ),
            ]),
            "round {round}:\n{manifest}"
        );
        assert_eq!(
            parsed["press_release"][1]["submitted"].to_string(),
            "2026-11-10",
            "round {round}:\n{manifest}"
        );
        assert!(manifest.starts_with(&format!("{VALID_LISTING}\n[[press_release]]\n")));
        // The lock's sidecar is gone again.
        assert_eq!(
            file_names(dir.path()),
            ["go", "listing.toml", "logo.svg", "press"],
            "round {round}"
        );
    }
}

#[test]
fn review_edits_keep_crlf_line_endings_and_other_tables_as_written() {
    let manifest = format!(
        "{}\n[ \"onboarding\" ]\nlicense . kind = \"trial\"   # dotted\n\n[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = 2026-11-02\n",
        VALID_LISTING.replace("[integration]", "[ integration ]")
    )
    .replace('\n', "\r\n");
    let dir = listing(&manifest);
    std::fs::create_dir(dir.path().join("press")).unwrap();
    std::fs::write(dir.path().join("press/launch.md"), "News.\r\n").unwrap();
    let args = record("engineering", "approved", "2026-11-06");
    let output = mdelist(&args, dir.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let edited = std::fs::read_to_string(dir.path().join("listing.toml")).unwrap();
    assert_eq!(
        edited,
        format!(
            "{manifest}\r\n[[press_release.review]]\r\nteam = \"engineering\"\r\nverdict = \"approved\"\r\ndate = 2026-11-06\r\n"
        )
    );
}
