//! `check --changed-since REV` against real git: branches, renames, deletions, a merge base that
//! is not REV, untracked files, a change to `mdelist.toml`, a shallow clone and a bad revision.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::*;

/// What a check of only some listings says of the rules across listings.
const XL_OFF: &str = "note: the XL rules (consistency across listings) are off: they compare every \
                      listing with the others, and --changed-since checks only some; run a full \
                      check to apply them\n";

fn git(repo: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(["-c", "user.name=CI", "-c", "user.email=ci@example.com"])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "protocol.file.allow=always",
        ])
        .args(args)
        .current_dir(repo)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// A listing of product `name` in `dir`.
fn write_listing(dir: &Path, name: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("listing.toml"),
        VALID_LISTING.replace("Tenvik Sentry", &format!("Tenvik {name}")),
    )
    .unwrap();
    std::fs::write(dir.join("logo.svg"), LOGO).unwrap();
}

/// A repository on `main` with listings `listings/alpha`, `listings/beta`, `listings/gamma`
/// committed, then a branch `work` checked out.
fn repository() -> tempfile::TempDir {
    let repo = tempfile::tempdir().unwrap();
    git(repo.path(), &["init", "-q"]);
    for name in ["alpha", "beta", "gamma"] {
        write_listing(&repo.path().join("listings").join(name), name);
    }
    std::fs::write(repo.path().join("README.md"), "listings\n").unwrap();
    git(repo.path(), &["add", "."]);
    git(repo.path(), &["commit", "-q", "-m", "listings"]);
    git(repo.path(), &["checkout", "-q", "-b", "work"]);
    repo
}

fn commit_all(repo: &Path, message: &str) {
    git(repo, &["add", "-A"]);
    git(repo, &["commit", "-q", "-m", message]);
}

/// `check --changed-since REV .`: the exit code, the manifests the report holds, and stderr.
fn changed_since(cwd: &Path, rev: &str) -> (i32, Vec<String>, String) {
    let output = mdelist(
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-22",
            &format!("--changed-since={rev}"),
            ".",
        ],
        cwd,
    );
    let code = output.status.code().unwrap_or(-1);
    if code == 2 {
        return (code, Vec::new(), stderr(&output));
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}{}", stdout(&output), stderr(&output)));
    let paths = report["listings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|listing| listing["path"].as_str().unwrap().to_string())
        .collect();
    (code, paths, stderr(&output))
}

#[test]
fn only_the_listing_whose_folder_changed_is_checked() {
    let repo = repository();
    std::fs::write(
        repo.path().join("listings/beta/logo.svg"),
        LOGO.replace("0F4C81", "107C10"),
    )
    .unwrap();
    std::fs::write(repo.path().join("README.md"), "listings, and more\n").unwrap();
    commit_all(repo.path(), "beta's logo");
    let base = git(repo.path(), &["rev-parse", "main"]);
    let (code, paths, stderr) = changed_since(repo.path(), "main");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(paths, ["listings/beta/listing.toml"]);
    assert_eq!(
        stderr,
        format!(
            "checking 1 of 3 listings: changed since main (merge base {})\n{XL_OFF}",
            &base[..12]
        )
    );
}

#[test]
fn uncommitted_and_untracked_changes_count_and_ignored_files_do_not() {
    let repo = repository();
    std::fs::write(repo.path().join(".gitignore"), "*.bak\n").unwrap();
    commit_all(repo.path(), "ignore backups");
    std::fs::write(repo.path().join("listings/alpha/logo.svg.bak"), "old").unwrap();
    std::fs::create_dir_all(repo.path().join("listings/gamma/press")).unwrap();
    std::fs::write(
        repo.path().join("listings/gamma/press/draft.md"),
        "# Draft\n",
    )
    .unwrap();
    let (_, paths, stderr) = changed_since(repo.path(), "main");
    assert_eq!(paths, ["listings/gamma/listing.toml"], "{stderr}");
    std::fs::write(
        repo.path().join("listings/alpha/listing.toml"),
        VALID_LISTING.replace("Tenvik Sentry", "Tenvik Alpha Two"),
    )
    .unwrap();
    let (_, paths, _) = changed_since(repo.path(), "main");
    assert_eq!(
        paths,
        ["listings/alpha/listing.toml", "listings/gamma/listing.toml"]
    );
}

#[test]
fn a_renamed_listing_is_checked_in_its_new_folder_and_the_old_one_counted_removed() {
    let repo = repository();
    git(repo.path(), &["mv", "listings/alpha", "listings/alpha-2"]);
    git(repo.path(), &["rm", "-q", "-r", "listings/gamma"]);
    commit_all(repo.path(), "rename alpha, drop gamma");
    let (code, paths, stderr) = changed_since(repo.path(), "main");
    assert_eq!(code, 0);
    assert_eq!(paths, ["listings/alpha-2/listing.toml"]);
    assert!(
        stderr.starts_with("checking 1 of 2 listings: changed since main (merge base ")
            && stderr.ends_with(&format!("); 2 listings removed\n{XL_OFF}")),
        "{stderr}"
    );
}

#[test]
fn a_deletion_alone_checks_nothing_and_passes() {
    let repo = repository();
    git(repo.path(), &["rm", "-q", "-r", "listings/gamma"]);
    commit_all(repo.path(), "drop gamma");
    let (code, paths, stderr) = changed_since(repo.path(), "main");
    assert_eq!(code, 0);
    assert!(paths.is_empty());
    assert!(stderr.ends_with("); 1 listing removed\n"), "{stderr}");
}

#[test]
fn changes_on_the_target_branch_after_the_merge_base_are_not_the_branchs() {
    let repo = repository();
    write_listing(&repo.path().join("listings/alpha"), "Alpha Renewed");
    commit_all(repo.path(), "alpha renewed on the branch");
    git(repo.path(), &["checkout", "-q", "main"]);
    write_listing(&repo.path().join("listings/gamma"), "Gamma On Main");
    commit_all(repo.path(), "gamma changed on main");
    git(repo.path(), &["checkout", "-q", "work"]);
    let base = git(repo.path(), &["merge-base", "main", "work"]);
    let (_, paths, stderr) = changed_since(repo.path(), "main");
    assert_eq!(paths, ["listings/alpha/listing.toml"]);
    assert!(
        stderr.contains(&format!("(merge base {})", &base[..12])),
        "{stderr}"
    );
}

#[test]
fn a_change_to_mdelist_toml_checks_every_listing() {
    let repo = repository();
    std::fs::write(
        repo.path().join("mdelist.toml"),
        "[limits]\ndescription_words = 20\n",
    )
    .unwrap();
    commit_all(repo.path(), "relax the limit");
    let (code, paths, stderr) = changed_since(repo.path(), "main");
    assert_eq!(code, 0);
    assert_eq!(paths.len(), 3);
    assert_eq!(
        stderr,
        "checking all 3 listings: mdelist.toml changed, and it applies to every listing\n"
    );
}

#[test]
fn run_from_a_subfolder_paths_are_the_repositorys() {
    let repo = repository();
    write_listing(&repo.path().join("listings/gamma"), "Gamma Two");
    let (_, paths, _) = changed_since(&repo.path().join("listings"), "main");
    assert_eq!(paths, ["gamma/listing.toml"]);
}

#[test]
fn a_shallow_clone_without_the_merge_base_checks_every_listing() {
    let origin = repository();
    write_listing(&origin.path().join("listings/beta"), "Beta Two");
    commit_all(origin.path(), "beta two");
    git(origin.path(), &["checkout", "-q", "main"]);
    write_listing(&origin.path().join("listings/gamma"), "Gamma On Main");
    commit_all(origin.path(), "gamma on main");
    let url = format!("file://{}", origin.path().display());
    let parent = tempfile::tempdir().unwrap();
    git(
        parent.path(),
        &[
            "clone", "-q", "--depth", "1", "--branch", "work", &url, "clone",
        ],
    );
    let clone = parent.path().join("clone");
    // A single-branch clone does not know origin/main yet: the message says how to fetch it.
    let (code, _, stderr) = changed_since(&clone, "origin/main");
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --changed-since origin/main: not a commit in this repository; this clone is \
         shallow: fetch it (e.g. `git fetch --depth=1 origin main`, or `fetch-depth: 0` in \
         actions/checkout)\n"
    );
    let main = "main:refs/remotes/origin/main";
    git(&clone, &["fetch", "-q", "--depth", "1", "origin", main]);
    let (code, paths, stderr) = changed_since(&clone, "origin/main");
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(paths.len(), 3);
    assert_eq!(
        stderr,
        "checking all 3 listings: this clone is shallow and its history does not reach where \
         origin/main and HEAD diverged (fetch more history, e.g. `fetch-depth: 0`, to check \
         only the changed listings)\n"
    );
    // Deepened to the merge base, the same clone checks only the branch's listing.
    git(
        &clone,
        &["fetch", "-q", "--unshallow", "origin", "main", "work"],
    );
    let (_, paths, _) = changed_since(&clone, "origin/main");
    assert_eq!(paths, ["listings/beta/listing.toml"]);
}

#[test]
fn an_unknown_revision_or_no_repository_is_a_failure_of_the_run() {
    let repo = repository();
    let (code, _, stderr) = changed_since(repo.path(), "no-such-branch");
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --changed-since no-such-branch: not a commit in this repository\n"
    );
    // A revision that reads as an option is never taken for one.
    let (code, _, stderr) = changed_since(repo.path(), "--output=x");
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: --changed-since --output=x: not a commit in this repository\n"
    );
    let outside = listing(VALID_LISTING);
    let (code, _, stderr) = changed_since(outside.path(), "main");
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with(
            "error: --changed-since needs a git repository: fatal: not a git repository"
        ),
        "{stderr}"
    );
}
