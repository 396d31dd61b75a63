//! `mdelist init`: a new package whose only findings are its deliberate placeholders, names
//! substituted when given, and a refusal that changes nothing.

use crate::support;

use std::path::Path;

use support::*;

const FILES: &[&str] = &["listing.toml", "logo.svg", "press/press-release.md"];

fn init(dir: &Path, args: &[&str]) -> std::process::Output {
    let mut all = vec!["init"];
    all.extend_from_slice(args);
    mdelist(&all, dir)
}

/// Every file of `dir`, relative, sorted.
fn tree(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path.strip_prefix(dir).unwrap();
                found.push(relative.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    found.sort();
    found
}

#[test]
fn a_fresh_package_shows_exactly_its_placeholders() {
    let dir = tempfile::tempdir().unwrap();
    let output = init(dir.path(), &["new-listing"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let package = dir.path().join("new-listing");
    assert_eq!(tree(&package), FILES);
    let (code, report) = check_json(&package, &["--verbose"]);
    assert_eq!(code, 1);
    let diagnostics = report["listings"][0]["diagnostics"].as_array().unwrap();
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|diagnostic| {
            (
                diagnostic["code"].as_str().unwrap(),
                diagnostic["field"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            ("NAME006", "partner.company"),
            ("NAME006", "product.name"),
            ("DESC003", "product.description"),
            ("LINK003", "product.landing_page"),
            ("PRESS010", ""),
        ],
        "{report:#}"
    );
    // Nothing about the manifest itself, the logo, the User-Agent or anything else; the press
    // template is a draft nobody listed yet, which only an info says.
    let severities: Vec<&str> = diagnostics
        .iter()
        .map(|diagnostic| diagnostic["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["error", "error", "error", "error", "info"]);
}

#[test]
fn given_names_leave_only_the_description_and_the_link() {
    let dir = tempfile::tempdir().unwrap();
    let output = init(
        dir.path(),
        &[
            "--company",
            "Tenvik Security",
            "--product",
            "Tenvik \"Sentry\"",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let (_, report) = check_json(dir.path(), &["--verbose"]);
    assert_eq!(
        codes(&report),
        ["DESC003", "LINK003", "PRESS010"],
        "{report:#}"
    );
    assert_eq!(report["listings"][0]["product"], "Tenvik \"Sentry\"");
    assert_eq!(
        report["listings"][0]["user_agent"],
        "MdePartner-TenvikSecurity-TenvikSentry/1.0.0"
    );
    let press = std::fs::read_to_string(dir.path().join("press/press-release.md")).unwrap();
    assert!(press.contains("Tenvik Security announces Tenvik \"Sentry\" for Microsoft"));
}

#[test]
fn the_placeholder_logo_passes_every_logo_rule_and_is_square() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &[]);
    let (_, report) = check_json(dir.path(), &["--verbose"]);
    let logo_findings: Vec<_> = report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|diagnostic| diagnostic["code"].as_str().unwrap().starts_with("LOGO"))
        .collect();
    assert!(logo_findings.is_empty(), "{logo_findings:#?}");
    let svg = std::fs::read_to_string(dir.path().join("logo.svg")).unwrap();
    assert!(svg.contains("viewBox=\"0 0 256 256\""));
}

#[test]
fn existing_files_are_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("press")).unwrap();
    std::fs::write(dir.path().join("press/press-release.md"), "mine").unwrap();
    let output = init(dir.path(), &["--product", "Tenvik Sentry"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).lines().next().unwrap(),
        "error: press/press-release.md already exists; nothing was written"
    );
    assert_eq!(stdout(&output), "");
    assert_eq!(tree(dir.path()), ["press/press-release.md"]);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("press/press-release.md")).unwrap(),
        "mine"
    );

    // A file where the press folder would go blocks the write as well.
    let other = tempfile::tempdir().unwrap();
    std::fs::write(other.path().join("press"), "not a folder").unwrap();
    let output = init(other.path(), &["."]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("error: press already exists"),
        "{}",
        stderr(&output)
    );
    assert_eq!(tree(other.path()), ["press"]);
}

#[test]
fn a_second_init_refuses_and_lists_every_existing_file() {
    let dir = tempfile::tempdir().unwrap();
    init(dir.path(), &["listing"]);
    let before = std::fs::read(dir.path().join("listing/listing.toml")).unwrap();
    let output = init(dir.path(), &["listing", "--company", "Other"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).starts_with(
            "error: listing/listing.toml, listing/logo.svg, listing/press/press-release.md \
             already exist; nothing was written"
        ),
        "{}",
        stderr(&output)
    );
    assert_eq!(
        std::fs::read(dir.path().join("listing/listing.toml")).unwrap(),
        before
    );
}

#[test]
fn a_file_as_the_folder_or_an_empty_name_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("taken"), "").unwrap();
    let output = init(dir.path(), &["taken"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("taken exists and is not a folder"));
    let output = init(dir.path(), &["--company", "  "]);
    assert_eq!(output.status.code(), Some(2));
    let output = init(dir.path(), &["--product", "two\nlines"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(tree(dir.path()), ["taken"]);
}
