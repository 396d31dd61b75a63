//! Writes that fail: a folder the user may not write to, a read-only filesystem, a full disk,
//! and a process killed at random points while it writes. Whatever happens, the target is the
//! old file or the complete new one, never a partial archive and never a damaged listing.toml.
//!
//! The read-only filesystem and the full disk are real mounts (a read-only bind mount, a tiny
//! tmpfs) made in a private mount namespace that ends with the test. They need root or an
//! unprivileged user namespace; without either they are skipped, unless
//! `MDELIST_REQUIRE_MOUNTS=1` (set by `.ci/run`) makes that a failure.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::{
    Unprivileged, VALID_LISTING, file_names, listing, open_to_all, running_as_root, set_mode,
    sha256_hex, stderr, stdout,
};

const TODAY: &str = "2026-11-22";
const ARCHIVE: &str = "tenvik-security-tenvik-sentry-3.2.0.zip";

/// A listing with one press release, ready for `review submit`.
fn listing_with_release() -> tempfile::TempDir {
    let dir = listing(&format!(
        "{VALID_LISTING}\n[[press_release]]\nfile = \"launch.md\"\n"
    ));
    std::fs::write(
        dir.path().join("launch.md"),
        "Tenvik Sentry now works with Microsoft Defender for Endpoint.\n",
    )
    .unwrap();
    dir
}

#[test]
fn a_folder_the_user_may_not_write_to_gets_nothing() {
    let user = Unprivileged::new();
    let dir = listing_with_release();
    open_to_all(dir.path());
    for file in ["listing.toml", "logo.svg", "launch.md"] {
        set_mode(&dir.path().join(file), 0o644);
    }
    let out = tempfile::tempdir().unwrap();
    set_mode(out.path(), 0o555);
    let out_arg = out.path().to_str().unwrap();

    let output = user.run(
        &["bundle", ".", "--today", TODAY, "--out", out_arg],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        format!("error: cannot write {out_arg}/{ARCHIVE}: permission denied\n")
    );
    let output = user.run(
        &["preview", ".", "--today", TODAY, "--out", out_arg],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("permission denied"),
        "{}",
        stderr(&output)
    );
    assert_eq!(file_names(out.path()), Vec::<String>::new());

    // listing.toml itself writable, its folder not: the edit cannot be made atomically, so it
    // is not made at all.
    set_mode(&dir.path().join("listing.toml"), 0o666);
    set_mode(dir.path(), 0o555);
    let before = std::fs::read(dir.path().join("listing.toml")).unwrap();
    let output = user.run(&support::SUBMIT_LAUNCH, dir.path());
    assert_eq!(output.status.code(), Some(2), "{}", stdout(&output));
    assert_eq!(
        stderr(&output),
        "error: cannot write listing.toml: permission denied\n"
    );
    assert_eq!(
        std::fs::read(dir.path().join("listing.toml")).unwrap(),
        before
    );
    set_mode(dir.path(), 0o755);
}

/// Runs `script` with `sh` in a private mount namespace (as root, or as root of a new user
/// namespace), its positional parameters `args`. `None` when this machine allows neither.
fn in_private_mounts(script: &str, args: &[&Path]) -> Option<Output> {
    let unshare = || {
        let mut command = Command::new("unshare");
        command.args(["--mount", "--propagation", "private"]);
        if !running_as_root() {
            command.arg("--map-root-user");
        }
        command
    };
    let probe = unshare()
        .args(["sh", "-c", "mount -t tmpfs tmpfs /mnt"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|status| status.success()) {
        assert!(
            std::env::var_os("MDELIST_REQUIRE_MOUNTS").is_none(),
            "MDELIST_REQUIRE_MOUNTS is set but no private mount namespace can be made here"
        );
        support::skipped(
            "the write-fault tests",
            "no private mount namespace on this machine",
        );
        return None;
    }
    let output = unshare()
        .args(["sh", "-c", script, "sh"])
        .arg(env!("CARGO_BIN_EXE_mdelist"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Some(output)
}

/// The lines the scripts below print after `--`: what was in the folder afterwards.
fn after_marker(output: &Output) -> Vec<String> {
    let text = stdout(output);
    let (_, after) = text.split_once("--\n").unwrap_or_else(|| panic!("{text}"));
    after.lines().map(str::to_string).collect()
}

#[test]
fn a_read_only_filesystem_gets_nothing() {
    let dir = listing(VALID_LISTING);
    let out = tempfile::tempdir().unwrap();
    std::fs::write(out.path().join(ARCHIVE), "the previous archive").unwrap();
    let script = r#"
        mount --bind "$3" "$3" && mount -o remount,bind,ro "$3" || exit 99
        "$1" bundle "$2" --today 2026-11-22 --out "$3" 2>&1
        echo "exit $?"
        echo --
        ls -A "$3"
        cat "$3"/*.zip
    "#;
    let Some(output) = in_private_mounts(script, &[dir.path(), out.path()]) else {
        return;
    };
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!(
            "error: cannot write {}/{ARCHIVE}: read-only file system\nexit 2\n",
            out.path().display()
        )),
        "{text}{}",
        stderr(&output)
    );
    assert_eq!(after_marker(&output), [ARCHIVE, "the previous archive"]);
}

#[test]
fn a_full_disk_keeps_the_previous_archive_and_listing() {
    // A previous archive, then a filler that takes the rest of the 16 KiB.
    let dir = listing(VALID_LISTING);
    let out = tempfile::tempdir().unwrap();
    let script = r#"
        mount -t tmpfs -o size=16k tmpfs "$3" || exit 99
        head -c 8000 /dev/urandom > "$3/tenvik-security-tenvik-sentry-3.2.0.zip"
        sha256sum < "$3/tenvik-security-tenvik-sentry-3.2.0.zip"
        head -c 100000 /dev/zero > "$3/filler" 2>/dev/null
        "$1" bundle "$2" --today 2026-11-22 --out "$3" 2>&1
        echo "exit $?"
        echo --
        ls -A "$3"
        sha256sum < "$3/tenvik-security-tenvik-sentry-3.2.0.zip"
    "#;
    let Some(output) = in_private_mounts(script, &[dir.path(), out.path()]) else {
        return;
    };
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[1..3],
        [
            format!(
                "error: cannot write {}/{ARCHIVE}: no space left on device",
                out.path().display()
            ),
            "exit 2".to_string()
        ],
        "{text}{}",
        stderr(&output)
    );
    assert_eq!(after_marker(&output), ["filler", ARCHIVE, lines[0]]);

    // The listing on a disk that is full: `review submit` changes nothing.
    let dir = listing_with_release();
    let before = std::fs::read(dir.path().join("listing.toml")).unwrap();
    let script = r#"
        mount -t tmpfs -o size=16k tmpfs "$2" || exit 99
        cp "$3"/* "$2"/
        head -c 100000 /dev/zero > "$2/filler" 2>/dev/null
        "$1" review submit "$2" --release launch.md --date 2026-11-22 --today 2026-11-22 2>&1
        echo "exit $?"
        echo --
        ls -A "$2"
        cat "$2/listing.toml"
    "#;
    let mount_point = tempfile::tempdir().unwrap();
    let output = in_private_mounts(script, &[mount_point.path(), dir.path()]).unwrap();
    let text = stdout(&output);
    assert!(
        text.starts_with(&format!(
            "error: cannot write {}/listing.toml: no space left on device\nexit 2\n",
            mount_point.path().display()
        )),
        "{text}{}",
        stderr(&output)
    );
    let after = after_marker(&output);
    assert_eq!(
        after[..4],
        ["filler", "launch.md", "listing.toml", "logo.svg"]
    );
    assert_eq!(
        after[4..].join("\n"),
        String::from_utf8(before).unwrap().trim_end()
    );
}

/// xorshift64*, for kill delays.
struct Random(u64);

impl Random {
    fn below(&mut self, bound: u64) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) % bound.max(1)
    }
}

/// How a killed run ended, as seen from its folder.
#[derive(Debug, Default)]
struct Kills {
    /// Killed with a temporary file present: in the middle of writing.
    mid_write: usize,
    /// Killed before anything was written, or after the rename.
    otherwise: usize,
    /// Runs that ended by themselves before the kill.
    finished: usize,
}

fn has_partial(folder: &Path) -> bool {
    file_names(folder)
        .iter()
        .any(|name| name.ends_with(".partial"))
}

/// Removes what killed runs left: their temporary files.
fn remove_partials(folder: &Path) {
    for name in file_names(folder) {
        if name.starts_with(".mdelist-") && name.ends_with(".partial") {
            std::fs::remove_file(folder.join(name)).unwrap();
        }
    }
}

/// Starts `command`, kills it (SIGKILL) either at a random moment within `span` or as soon as a
/// temporary file shows up in `folder` (every other round), and says how that went.
fn kill_at_random(
    command: &mut Command,
    folder: &Path,
    span: Duration,
    round: usize,
    random: &mut Random,
    kills: &mut Kills,
) {
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let deadline = started + Duration::from_millis(random.below(span.as_millis() as u64 + 1));
    loop {
        if child.try_wait().unwrap().is_some() {
            kills.finished += 1;
            return;
        }
        let writing = has_partial(folder);
        let at_random = round.is_multiple_of(2);
        if (at_random && Instant::now() >= deadline) || (!at_random && writing) {
            if !at_random {
                std::thread::sleep(Duration::from_micros(random.below(3_000)));
            }
            let writing = writing || has_partial(folder);
            child.kill().unwrap();
            let status = child.wait().unwrap();
            if status.code().is_some() {
                kills.finished += 1;
            } else if writing {
                kills.mid_write += 1;
            } else {
                kills.otherwise += 1;
            }
            return;
        }
        assert!(started.elapsed() < span * 10, "the run did not end");
        std::thread::sleep(Duration::from_micros(200));
    }
}

/// A listing whose bundle is large (four press releases of almost 1 MiB, what a listing may
/// hold), so writing it takes a while.
fn large_listing() -> tempfile::TempDir {
    let releases: String = (0..4)
        .map(|i| format!("\n[[press_release]]\nfile = \"release-{i}.txt\"\n"))
        .collect();
    let dir = listing(&format!("{VALID_LISTING}{releases}"));
    let mut random = Random(0x5DEE_CE66_D1CE_4E5B);
    for i in 0..4 {
        let size = (1 << 20) - 64;
        let mut text = String::with_capacity(size);
        while text.len() < size - 16 {
            for _ in 0..=random.below(9) {
                text.push(char::from(b'a' + random.below(26) as u8));
            }
            text.push(if random.below(12) == 0 { '\n' } else { ' ' });
        }
        std::fs::write(dir.path().join(format!("release-{i}.txt")), text).unwrap();
    }
    dir
}

fn rounds() -> usize {
    std::env::var("MDELIST_KILL_ROUNDS")
        .ok()
        .and_then(|value| value.parse().ok())
        .unwrap_or(16)
}

#[test]
fn a_bundle_killed_at_random_points_is_never_partial() {
    let dir = large_listing();
    let reference = tempfile::tempdir().unwrap();
    let bundle = |out: &Path| {
        let mut command = support::limited_mdelist();
        command
            .args(["bundle", ".", "--today", TODAY, "--out"])
            .arg(out)
            .current_dir(dir.path());
        command
    };
    let started = Instant::now();
    let output = bundle(reference.path()).output().unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let span = started.elapsed();
    let expected = sha256_hex(&std::fs::read(reference.path().join(ARCHIVE)).unwrap());

    let out = tempfile::tempdir().unwrap();
    let target: PathBuf = out.path().join(ARCHIVE);
    let mut random = Random(0x2545_F491_4F6C_DD1D);
    let mut kills = Kills::default();
    for round in 0..rounds() {
        let _ = std::fs::remove_file(&target);
        kill_at_random(
            &mut bundle(out.path()),
            out.path(),
            span,
            round,
            &mut random,
            &mut kills,
        );
        if target.exists() {
            let bytes = std::fs::read(&target).unwrap();
            assert_eq!(
                sha256_hex(&bytes),
                expected,
                "round {round}: a partial archive"
            );
        }
        // Nothing else but the (hidden) temporary file a killed run could not remove.
        for name in file_names(out.path()) {
            assert!(
                name == ARCHIVE || (name.starts_with(".mdelist-") && name.ends_with(".partial")),
                "round {round}: {name}"
            );
        }
        remove_partials(out.path());
    }
    eprintln!("{kills:?}");
    assert!(
        kills.mid_write > 0,
        "no kill landed while writing: {kills:?}"
    );
}

#[test]
fn a_review_edit_killed_at_random_points_leaves_the_old_or_the_new_listing() {
    // A listing.toml with a 4 MiB comment, so rewriting it takes a while, and a release that
    // was submitted once: `submit` starts a second round, `record` adds a verdict.
    let dir = listing_with_release();
    let manifest = dir.path().join("listing.toml");
    let mut text = std::fs::read_to_string(&manifest).unwrap();
    let padding = "# padding padding padding padding padding padding padding padding\n";
    text.insert_str(0, &padding.repeat((4 << 20) / padding.len()));
    text.push_str("submitted = 2026-11-16\n");
    std::fs::write(&manifest, &text).unwrap();
    let before = text.into_bytes();

    let edits: [&[&str]; 2] = [
        &["review", "submit", ".", "--release", "launch.md"],
        &[
            "review",
            "record",
            ".",
            "--release",
            "launch.md",
            "--team",
            "marketing",
            "--verdict",
            "approved",
        ],
    ];
    let edit = |which: usize| {
        let mut command = support::limited_mdelist();
        command
            .args(edits[which])
            .args(["--date", TODAY, "--today", TODAY])
            .current_dir(dir.path());
        command
    };
    // Each edit once, whole: what listing.toml becomes, and how long that takes.
    let mut afters = Vec::new();
    let mut span = Duration::ZERO;
    for which in 0..edits.len() {
        std::fs::write(&manifest, &before).unwrap();
        let started = Instant::now();
        let output = edit(which).output().unwrap();
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        span = span.max(started.elapsed());
        afters.push(std::fs::read(&manifest).unwrap());
    }
    // Each edit ends the file as expected (tests/press.rs checks every other byte is kept).
    let ending = |bytes: &[u8]| String::from_utf8_lossy(&bytes[bytes.len() - 120..]).into_owned();
    assert!(
        ending(&afters[0]).ends_with("file = \"launch.md\"\nsubmitted = 2026-11-22\n"),
        "{}",
        ending(&afters[0])
    );
    assert!(
        ending(&afters[1]).ends_with(
            "submitted = 2026-11-16\n\n[[press_release.review]]\nteam = \"marketing\"\n\
             verdict = \"approved\"\ndate = 2026-11-22\n"
        ),
        "{}",
        ending(&afters[1])
    );
    assert!(afters.iter().all(|after| *after != before));

    let mut random = Random(0x9E37_79B9_7F4A_7C15);
    let mut kills = Kills::default();
    for round in 0..rounds() {
        std::fs::write(&manifest, &before).unwrap();
        let which = (round / 2) % edits.len();
        kill_at_random(
            &mut edit(which),
            dir.path(),
            span,
            round,
            &mut random,
            &mut kills,
        );
        let now = std::fs::read(&manifest).unwrap();
        assert!(
            now == before || now == afters[which],
            "round {round}: listing.toml damaged"
        );
        remove_partials(dir.path());
    }
    eprintln!("{kills:?}");
    assert!(
        kills.mid_write > 0,
        "no kill landed while writing: {kills:?}"
    );
}
