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

/// `count` listings, each with findings and a manifest padded with a long comment, so that a
/// run keeping every report would grow by tens of kilobytes per listing.
fn many_listings(count: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let padding: String = (0..100)
        .map(|line| format!("# note {line:03}: {}\n", "x".repeat(76)))
        .collect();
    for index in 0..count {
        let folder = dir.path().join(format!("vendor-{index:05}"));
        std::fs::create_dir_all(&folder).unwrap();
        let manifest = VALID_LISTING
            .replace("Tenvik Security", &format!("Vendor {index:05}"))
            .replace("https://www.tenvik.io", "http://www.tenvik.io");
        std::fs::write(folder.join("listing.toml"), format!("{padding}{manifest}")).unwrap();
        std::fs::write(folder.join("logo.svg"), LOGO).unwrap();
    }
    dir
}

/// The peak resident memory of mdelist (KiB) checking `dir` in `format`, as GNU time reports
/// it, under the harness's data limit.
fn peak_kib(dir: &Path, format: &str) -> u64 {
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!(
            "ulimit -d {MEMORY_LIMIT_KIB} || exit 125; exec /usr/bin/time -f '%M' \"$0\" \"$@\" >/dev/null"
        ))
        .arg(env!("CARGO_BIN_EXE_mdelist"))
        .args(["check", "--today", "2026-11-22", "--jobs", "2", "--format", format, "."])
        .current_dir(dir)
        .env_remove("GITHUB_STEP_SUMMARY")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    stderr
        .lines()
        .last()
        .and_then(|line| line.trim().parse().ok())
        .unwrap_or_else(|| panic!("no peak memory in {stderr:?}"))
}

#[test]
fn peak_memory_stays_flat_in_the_listing_count() {
    assert!(
        Path::new("/usr/bin/time").exists(),
        "GNU time is needed to measure peak memory (Debian package `time`)"
    );
    let small = many_listings(200);
    let large = many_listings(2000);
    for format in ["json", "sarif", "human", "junit"] {
        let (few, many) = (
            peak_kib(small.path(), format),
            peak_kib(large.path(), format),
        );
        assert!(
            many < 2 * few,
            "{format}: {many} KiB for 2,000 listings against {few} KiB for 200"
        );
    }
}

/// JUnit keeps its test suites in a temporary file past a megabyte (its root carries the
/// totals): what it writes to stdout and to a file is still the whole document, every suite in
/// path order.
#[test]
fn a_long_junit_report_is_whole_on_stdout_and_in_a_file() {
    let dir = many_listings(700);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("junit.xml");
    let run = mdelist(
        &[
            "check".as_ref(),
            "--today".as_ref(),
            "2026-11-22".as_ref(),
            "--format".as_ref(),
            "junit".as_ref(),
            "--output".as_ref(),
            std::ffi::OsString::from(format!("junit={}", file.display())).as_os_str(),
            ".".as_ref(),
        ],
        dir.path(),
    );
    assert_eq!(run.status.code(), Some(1));
    assert!(run.stdout.len() > 1 << 20, "{} bytes", run.stdout.len());
    assert_eq!(std::fs::read(&file).unwrap(), run.stdout);
    let xml = String::from_utf8(run.stdout).unwrap();
    let document = roxmltree::Document::parse(&xml).unwrap();
    let suites: Vec<&str> = document
        .root_element()
        .children()
        .filter(|node| node.has_tag_name("testsuite"))
        .filter_map(|node| node.attribute("name"))
        .collect();
    let expected: Vec<String> = (0..700)
        .map(|index| format!("vendor-{index:05}/listing.toml"))
        .collect();
    assert_eq!(suites, expected);
    let tests: usize = document
        .root_element()
        .attribute("tests")
        .unwrap()
        .parse()
        .unwrap();
    assert_eq!(tests % 700, 0, "{tests}");
}

#[test]
fn further_formats_are_written_to_files_in_the_same_run() {
    let dir = tempfile::tempdir().unwrap();
    write_listing(&dir.path().join("a"), "Alpha Security");
    std::fs::write(
        dir.path().join("a/listing.toml"),
        VALID_LISTING.replace("https://www.tenvik.io", "http://www.tenvik.io"),
    )
    .unwrap();
    write_listing(&dir.path().join("b"), "Beta Security");
    let alone = |format: &str| {
        mdelist(
            &["check", "--today", "2026-11-22", "--format", format, "."],
            dir.path(),
        )
        .stdout
    };
    let (human, sarif, junit) = (alone("human"), alone("sarif"), alone("junit"));
    let out = tempfile::tempdir().unwrap();
    let sarif_file = out.path().join("results.sarif");
    let junit_file = out.path().join("junit.xml");
    let both = mdelist(
        &[
            "check".as_ref(),
            "--today".as_ref(),
            "2026-11-22".as_ref(),
            "--output".as_ref(),
            std::ffi::OsString::from(format!("sarif={}", sarif_file.display())).as_os_str(),
            "--output".as_ref(),
            std::ffi::OsString::from(format!("junit={}", junit_file.display())).as_os_str(),
            ".".as_ref(),
        ],
        dir.path(),
    );
    assert_eq!(both.status.code(), Some(1));
    assert_eq!(both.stdout, human);
    assert_eq!(std::fs::read(&sarif_file).unwrap(), sarif);
    assert_eq!(std::fs::read(&junit_file).unwrap(), junit);
    // Nothing is left beside them.
    let mut names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["junit.xml", "results.sarif"]);

    let unknown = mdelist(&["check", "--output", "yaml=x.yaml", "."], dir.path());
    assert_eq!(unknown.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&unknown.stderr)
            .contains("`yaml` is not an output format; one of: human, json, sarif, junit, github"),
        "{}",
        String::from_utf8_lossy(&unknown.stderr)
    );
    // A failed run leaves no file: the listing path does not exist.
    let failed = mdelist(
        &[
            "check".as_ref(),
            "--output".as_ref(),
            std::ffi::OsString::from(format!("json={}", out.path().join("x.json").display()))
                .as_os_str(),
            "missing".as_ref(),
        ],
        dir.path(),
    );
    assert_eq!(failed.status.code(), Some(2));
    assert!(!out.path().join("x.json").exists());
}

#[test]
fn the_github_job_summary_is_appended_with_counts_and_first_findings() {
    let dir = tempfile::tempdir().unwrap();
    write_listing(&dir.path().join("a"), "Alpha Security");
    std::fs::write(
        dir.path().join("a/listing.toml"),
        VALID_LISTING.replace("https://www.tenvik.io", "http://www.tenvik.io"),
    )
    .unwrap();
    // The same product in another folder: it may share the page, the text and the logo.
    write_listing(&dir.path().join("b"), "Tenvik Security");
    let summary = dir.path().join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    let output = limited_mdelist()
        .args([
            "check",
            "--today",
            "2026-11-22",
            "--format",
            "github",
            "a",
            "b",
        ])
        .current_dir(dir.path())
        .env("GITHUB_STEP_SUMMARY", &summary)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(&summary).unwrap(),
        "earlier step\n\
         ## mdelist\n\
         \n\
         checked 2 listings: 1 error, 0 warnings\n\
         \n\
         | listing | errors | warnings |\n\
         |---|---:|---:|\n\
         | a/listing\\.toml | 1 | 0 |\n\
         \n\
         | rule | name | findings |\n\
         |---|---|---:|\n\
         | `LINK002` | link\\-not\\-https | 1 |\n\
         \n\
         - **error** `LINK002` a/listing\\.toml:8:17: landing page uses the \\`http:\\` scheme; it must be https\n\
         \n"
    );
}
