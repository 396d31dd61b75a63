//! Which `mdelist.toml` governs a listing, in real git repositories and outside them: a pull
//! request cannot switch the gate off with a file of its own, and the search never climbs
//! above the folder mdelist was started in.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::*;

/// A listing whose description is 14 words long, with a trailing space in the product name.
fn sloppy_listing(dir: &Path) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("listing.toml"),
        VALID_LISTING.replace("Tenvik Sentry\"", "Tenvik Sentry \""),
    )
    .unwrap();
    std::fs::write(dir.join("logo.svg"), LOGO).unwrap();
}

/// Relaxes every rule the sloppy listing breaks.
const RELAXED: &str = "[severity]\nNAME003 = \"off\"\nDESC001 = \"off\"\n";
/// Tightens the description limit to 8 words.
const STRICT: &str = "rules_version = 1\n[limits]\ndescription_words = 8\n";

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(["-c", "user.name=CI", "-c", "user.email=ci@example.com"])
        .args(args)
        .current_dir(repo)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

fn check(cwd: &Path, args: &[&str]) -> (i32, Vec<String>, String) {
    let mut all = vec!["check", "--format", "json", "--today", "2026-11-22"];
    all.extend_from_slice(args);
    let output = mdelist(&all, cwd);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|error| panic!("{error}: {}{}", stdout(&output), stderr(&output)));
    (
        output.status.code().unwrap(),
        codes(&report),
        stderr(&output),
    )
}

#[test]
fn in_a_repository_only_the_root_mdelist_toml_applies() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path().canonicalize().unwrap();
    git(&root, &["init", "-q"]);
    std::fs::write(root.join("mdelist.toml"), STRICT).unwrap();
    sloppy_listing(&root.join("listings/tenvik"));
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "listing"]);
    let (status, codes, warnings) = check(&root, &["."]);
    assert_eq!(
        (status, codes, warnings.as_str()),
        (1, vec!["NAME003".into(), "DESC001".into()], "")
    );

    // The pull request adds its own mdelist.toml, in the listing and between it and the root,
    // turning the rules off: both are passed over, loudly.
    std::fs::write(root.join("listings/tenvik/mdelist.toml"), RELAXED).unwrap();
    std::fs::write(root.join("listings/mdelist.toml"), RELAXED).unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "relax"]);
    let expected_warnings = format!(
        "warning: {} is not used: inside a git repository only the repository root's \
         mdelist.toml applies ({}); pin one with --config\n\
         warning: {} is not used: inside a git repository only the repository root's \
         mdelist.toml applies ({}); pin one with --config\n",
        root.join("listings/tenvik/mdelist.toml").display(),
        root.join("mdelist.toml").display(),
        root.join("listings/mdelist.toml").display(),
        root.join("mdelist.toml").display(),
    );
    for (cwd, target) in [(root.clone(), "."), (root.join("listings/tenvik"), ".")] {
        let (status, codes, warnings) = check(&cwd, &[target]);
        assert_eq!(status, 1, "{cwd:?}");
        assert_eq!(codes, ["NAME003", "DESC001"], "{cwd:?}");
        assert_eq!(warnings, expected_warnings, "{cwd:?}");
    }

    // Without a root file, the defaults apply: the nested files still do not.
    std::fs::remove_file(root.join("mdelist.toml")).unwrap();
    let (status, codes, _) = check(&root, &["."]);
    assert_eq!((status, codes), (0, vec!["NAME003".to_string()]));

    // --config pins the policy whatever the tree holds.
    let pinned = tempfile::tempdir().unwrap();
    let config = pinned.path().join("policy.toml");
    std::fs::write(&config, STRICT).unwrap();
    let (status, codes, warnings) = check(&root, &["--config", config.to_str().unwrap(), "."]);
    assert_eq!(
        (status, codes, warnings.as_str()),
        (1, vec!["NAME003".into(), "DESC001".into()], "")
    );
}

#[test]
fn outside_a_repository_the_search_stops_at_the_start_folder() {
    let top = tempfile::tempdir().unwrap();
    let top = top.path().canonicalize().unwrap();
    // A stray file above the start folder, as /tmp/mdelist.toml would be.
    std::fs::write(top.join("mdelist.toml"), RELAXED).unwrap();
    let listing = top.join("unpacked/tenvik");
    sloppy_listing(&listing);

    // Started in the listing folder, or in a folder beside it: the stray file is not used.
    let (status, codes, _) = check(&listing, &["."]);
    assert_eq!((status, codes), (0, vec!["NAME003".to_string()]));
    let elsewhere = tempfile::tempdir().unwrap();
    let (status, codes, _) = check(elsewhere.path(), &[listing.to_str().unwrap()]);
    assert_eq!((status, codes), (0, vec!["NAME003".to_string()]));

    // Started where the file is, it governs the listings below: that is the user's choice.
    let (status, codes, _) = check(&top, &["unpacked"]);
    assert_eq!((status, codes), (0, Vec::<String>::new()));

    // The listing folder's own file applies when mdelist starts there.
    std::fs::write(listing.join("mdelist.toml"), STRICT).unwrap();
    let (status, codes, _) = check(&listing, &["."]);
    assert_eq!(
        (status, codes),
        (1, vec!["NAME003".to_string(), "DESC001".to_string()])
    );
}

#[test]
fn ignore_files_cannot_hide_a_listing_from_the_check() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path().canonicalize().unwrap();
    git(&root, &["init", "-q"]);
    sloppy_listing(&root.join("listings/tenvik"));
    std::fs::write(root.join("listings/.ignore"), "tenvik/\n").unwrap();
    std::fs::write(root.join(".ignore"), "listing.toml\n").unwrap();
    git(&root, &["add", "-A"]);
    git(&root, &["commit", "-q", "-m", "hide"]);
    let (status, codes, _) = check(&root, &["."]);
    assert_eq!((status, codes), (0, vec!["NAME003".to_string()]));
}
