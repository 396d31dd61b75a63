//! The repository's pre-commit hooks, run by the real `pre-commit` (PyPI) through
//! `pre-commit try-repo` against this working tree: a press-release edit runs the check, a
//! broken listing fails the commit with its finding, an unrelated file skips the hook. The
//! `language: system` variant is the one tested, with the built mdelist on PATH: the
//! `language: rust` one builds mdelist with cargo, which needs the network for the crates.
//! Skips, saying so, when pre-commit is not installed, unless `MDELIST_REQUIRE_PRE_COMMIT` is set
//! (as `.ci/run` does).

use crate::support;

use std::path::Path;
use std::process::{Command, Output};

use support::*;

fn present() -> bool {
    let present = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success());
    if !present {
        assert!(
            std::env::var_os("MDELIST_REQUIRE_PRE_COMMIT").is_none(),
            "pre-commit is required (MDELIST_REQUIRE_PRE_COMMIT) but not installed"
        );
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
    }
    present
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=CI", "-c", "user.email=ci@example.com"])
        .args(args)
        .current_dir(repo)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// `pre-commit try-repo <this repository> mdelist-check-system --files FILES` in `repo`.
fn try_repo(repo: &Path, home: &Path, files: &[&str]) -> Output {
    let binary = Path::new(env!("CARGO_BIN_EXE_mdelist"));
    let path = format!(
        "{}:{}",
        binary.parent().unwrap().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("pre-commit")
        .arg("try-repo")
        .arg(repo_root())
        .arg("mdelist-check-system")
        .arg("--files")
        .args(files)
        .current_dir(repo)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", home)
        .env("NO_COLOR", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .unwrap()
}

#[test]
fn the_system_hook_runs_on_press_edits_and_fails_on_findings() {
    if !present() {
        return;
    }
    let home = tempfile::tempdir().unwrap();
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path().join("listings/sentry");
    std::fs::create_dir_all(dir.join("press")).unwrap();
    std::fs::write(dir.join("listing.toml"), VALID_LISTING).unwrap();
    std::fs::write(dir.join("logo.svg"), LOGO).unwrap();
    std::fs::write(dir.join("press/draft.md"), "# Draft\n\nNothing yet.\n").unwrap();
    std::fs::write(repo.path().join("README.md"), "listings\n").unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "."]);

    // A press file alone runs the check; with --deny-warnings its warning fails the commit.
    let press = try_repo(
        repo.path(),
        home.path(),
        &["listings/sentry/press/draft.md"],
    );
    let out = String::from_utf8_lossy(&press.stdout);
    assert_eq!(press.status.code(), Some(1), "{out}{}", stderr(&press));
    assert!(
        out.contains(
            "warning[PRESS010]: press release \"press/draft.md\" is not listed in listing.toml"
        ),
        "{out}"
    );
    assert!(
        out.contains("checked 1 listing: 0 errors, 1 warning"),
        "{out}"
    );

    std::fs::remove_file(dir.join("press/draft.md")).unwrap();
    git(repo.path(), &["add", "-A"]);
    let passed = try_repo(repo.path(), home.path(), &["listings/sentry/logo.svg"]);
    let out = String::from_utf8_lossy(&passed.stdout);
    assert!(passed.status.success(), "{out}{}", stderr(&passed));
    assert!(
        out.contains("mdelist check") && out.contains("Passed"),
        "{out}"
    );

    let unrelated = try_repo(repo.path(), home.path(), &["README.md"]);
    let out = String::from_utf8_lossy(&unrelated.stdout);
    assert!(unrelated.status.success());
    assert!(out.contains("(no files to check)Skipped"), "{out}");

    std::fs::write(
        dir.join("listing.toml"),
        VALID_LISTING.replace(
            "block malicious files everywhere.",
            "block malicious files everywhere across every device in the fleet today.",
        ),
    )
    .unwrap();
    git(repo.path(), &["add", "."]);
    let failed = try_repo(repo.path(), home.path(), &["listings/sentry/listing.toml"]);
    let out = String::from_utf8_lossy(&failed.stdout);
    assert_eq!(failed.status.code(), Some(1), "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(
        out.contains("error[DESC001]: description has 21 words; the limit is 15"),
        "{out}"
    );
}
