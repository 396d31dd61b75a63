//! Work that is skipped and work that is shared out: a named listing folder is not searched,
//! ignore files above the repository root are not read, `--jobs` changes how many listings run
//! at once and nothing of what is written.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::*;

fn write_listing(dir: &Path, company: &str) {
    std::fs::create_dir_all(dir).unwrap();
    std::fs::write(
        dir.join("listing.toml"),
        VALID_LISTING.replace("Tenvik Security", company),
    )
    .unwrap();
    std::fs::write(dir.join("logo.svg"), LOGO).unwrap();
}

/// The manifests a JSON check reports, as given on its command line.
fn checked(cwd: &Path, args: &[&str]) -> Vec<String> {
    let mut all = vec!["check", "--format", "json", "--today", "2026-11-22"];
    all.extend_from_slice(args);
    let output = mdelist(&all, cwd);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    report["listings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|listing| listing["path"].as_str().unwrap().to_string())
        .collect()
}

fn git_init(repo: &Path) {
    std::fs::create_dir_all(repo).unwrap();
    let status = Command::new("git")
        .args(["init", "-q"])
        .current_dir(repo)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_named_listing_folder_is_its_manifest_and_is_not_searched() {
    let dir = tempfile::tempdir().unwrap();
    write_listing(&dir.path().join("outer"), "Outer Security");
    write_listing(&dir.path().join("outer/nested"), "Nested Security");
    assert_eq!(checked(dir.path(), &["outer"]), ["outer/listing.toml"]);
    assert_eq!(
        checked(&dir.path().join("outer"), &[]),
        ["listing.toml"],
        "the current folder named by default"
    );
    // A folder that is not a listing is searched, nested listings and all.
    assert_eq!(
        checked(dir.path(), &["."]),
        ["outer/listing.toml", "outer/nested/listing.toml"]
    );
}

#[test]
fn ignore_files_apply_up_to_the_repository_root_and_no_further() {
    let dir = tempfile::tempdir().unwrap();
    // Above the repository: a .gitignore that would hide everything below it.
    std::fs::write(dir.path().join(".gitignore"), "*\n").unwrap();
    let repo = dir.path().join("repo");
    git_init(&repo);
    // Inside it, between the root and the folder searched: rules git applies there.
    std::fs::write(repo.join(".gitignore"), "listings/draft/\n").unwrap();
    std::fs::write(repo.join(".git/info/exclude"), "listings/local/\n").unwrap();
    for name in ["a", "draft", "local"] {
        write_listing(&repo.join("listings").join(name), "Tenvik Security");
    }
    assert_eq!(
        checked(&repo, &["listings"]),
        ["listings/a/listing.toml"],
        "the root's .gitignore and exclude apply to a search below the root"
    );
    assert_eq!(checked(&repo, &["."]), ["listings/a/listing.toml"]);
    assert_eq!(
        checked(&repo.join("listings"), &["."]),
        ["a/listing.toml"],
        "and to a search started below the root"
    );

    // Outside any repository nothing above the folder searched is read.
    let loose = tempfile::tempdir().unwrap();
    std::fs::write(loose.path().join(".gitignore"), "*\n").unwrap();
    write_listing(&loose.path().join("listings/b"), "Tenvik Security");
    assert_eq!(
        checked(loose.path(), &["listings"]),
        ["listings/b/listing.toml"]
    );
}

#[test]
fn jobs_change_nothing_of_the_output() {
    let dir = tempfile::tempdir().unwrap();
    for index in 0..12 {
        let folder = dir.path().join(format!("vendor-{index:02}"));
        write_listing(&folder, &format!("Vendor {index:02}"));
        if index % 3 == 0 {
            // Some with findings, so there is something to order.
            std::fs::write(
                folder.join("listing.toml"),
                VALID_LISTING
                    .replace("Tenvik Security", &format!("Vendor {index:02}"))
                    .replace("https://www.tenvik.io", "http://www.tenvik.io"),
            )
            .unwrap();
        }
    }
    for format in ["human", "json", "sarif", "junit", "github"] {
        let run = |jobs: &str| {
            mdelist(
                &[
                    "check",
                    "--today",
                    "2026-11-22",
                    "--format",
                    format,
                    "--jobs",
                    jobs,
                    ".",
                ],
                dir.path(),
            )
        };
        let one = run("1");
        let four = run("4");
        assert_eq!(one.status.code(), Some(1), "{format}");
        assert_eq!(one.status.code(), four.status.code(), "{format}");
        assert_eq!(
            String::from_utf8_lossy(&one.stdout),
            String::from_utf8_lossy(&four.stdout),
            "{format}"
        );
    }
    let by_environment = limited_mdelist()
        .args(["check", "--today", "2026-11-22", "--format", "json", "."])
        .current_dir(dir.path())
        .env("RAYON_NUM_THREADS", "3")
        .output()
        .unwrap();
    let with_flag = mdelist(
        &[
            "check",
            "--today",
            "2026-11-22",
            "--format",
            "json",
            "--jobs",
            "3",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(by_environment.stdout, with_flag.stdout);

    let zero = mdelist(&["check", "--jobs", "0", "."], dir.path());
    assert_eq!(zero.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&zero.stderr).contains("invalid value '0' for '--jobs <N>'"),
        "{}",
        String::from_utf8_lossy(&zero.stderr)
    );
}
