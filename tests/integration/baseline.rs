//! Baselines end to end: `mdelist baseline write`, then `check --baseline FILE` reporting only
//! new findings, entries surviving reformatting, stale entries reported (MAN010) so a listing
//! that became clean cannot regress, and the file rewritten keeping what people wrote in it.

use crate::support;

use std::path::Path;

use support::*;

const LONG: &str = "Send Tenvik Sentry verdicts to Microsoft Defender for Endpoint and block \
                    malicious files everywhere across every device in the fleet today.";
const SHORT: &str = "Send Tenvik Sentry verdicts to Microsoft Defender for Endpoint and block malicious files everywhere.";

/// `root/listings/<name>`, a folder of the one product, with a description of `description`.
fn write_listing(root: &Path, name: &str, description: &str) {
    let dir = root.join("listings").join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let manifest = VALID_LISTING.replace(SHORT, description);
    std::fs::write(dir.join("listing.toml"), manifest).unwrap();
    std::fs::write(dir.join("logo.svg"), LOGO).unwrap();
}

fn run(root: &Path, args: &[&str]) -> (i32, String, String) {
    let output = mdelist(args, root);
    (
        output.status.code().unwrap_or(-1),
        stdout(&output),
        stderr(&output),
    )
}

fn write_baseline(root: &Path, reason: &str) -> String {
    let (code, _, stderr) = run(
        root,
        &[
            "baseline",
            "write",
            "--today",
            "2026-11-22",
            "--reason",
            reason,
            ".",
        ],
    );
    assert_eq!(code, 0, "{stderr}");
    stderr
}

/// `check --baseline mdelist-baseline.toml --format json .`: exit code, counted codes per
/// listing path, and the report.
fn gate(root: &Path) -> (i32, Vec<(String, String)>, serde_json::Value) {
    let (code, stdout, stderr) = run(
        root,
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-22",
            "--baseline",
            "mdelist-baseline.toml",
            ".",
        ],
    );
    let report: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}: {stdout}{stderr}"));
    let mut counted = Vec::new();
    for listing in report["listings"].as_array().unwrap() {
        for diagnostic in listing["diagnostics"].as_array().unwrap() {
            if diagnostic.get("suppressed").is_none() && diagnostic["severity"] != "info" {
                counted.push((
                    listing["path"].as_str().unwrap().to_string(),
                    diagnostic["code"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    (code, counted, report)
}

#[test]
fn a_written_baseline_accepts_todays_findings_and_reports_new_ones() {
    let root = tempfile::tempdir().unwrap();
    write_listing(root.path(), "Alpha", LONG);
    write_listing(root.path(), "Beta", SHORT);
    let said = write_baseline(root.path(), "shortened in the spring release");
    assert_eq!(
        said,
        "wrote mdelist-baseline.toml: 1 entry (1 new, 0 lowered, 0 removed)\n"
    );
    let text = std::fs::read_to_string(root.path().join("mdelist-baseline.toml")).unwrap();
    assert!(
        text.ends_with(
            "\n[[accepted]]\nlisting = \"listings/Alpha\"\nrule = \"DESC001\"\n\
             field = \"product.description\"\ncount = 1\nreason = \"shortened in the spring release\"\n"
        ),
        "{text}"
    );
    let (code, counted, report) = gate(root.path());
    assert_eq!(code, 0, "{report}");
    assert!(counted.is_empty(), "{counted:?}");
    let accepted = &report["listings"][0]["diagnostics"][0];
    assert_eq!(accepted["code"], "DESC001");
    assert_eq!(
        accepted["suppressed"]["reason"],
        "baseline: shortened in the spring release"
    );
    // A new finding in another listing is not covered.
    write_listing(root.path(), "Beta", LONG);
    let (code, counted, _) = gate(root.path());
    assert_eq!(code, 1);
    assert_eq!(
        counted,
        [(
            "listings/Beta/listing.toml".to_string(),
            "DESC001".to_string()
        )]
    );
}

#[test]
fn reformatting_the_manifest_keeps_every_entry_valid() {
    let root = tempfile::tempdir().unwrap();
    write_listing(root.path(), "Alpha", LONG);
    write_baseline(root.path(), "accepted");
    let manifest = root.path().join("listings/Alpha/listing.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    // Comments and blank lines added, the tables in another order, the description moved to
    // the end of its table: every line number changes.
    let (head, integration) = text.split_at(text.find("[integration]").unwrap());
    let description_line = head
        .lines()
        .find(|line| line.starts_with("description = "))
        .unwrap();
    let head = head.replace(&format!("{description_line}\n"), "");
    let reordered = format!(
        "# reformatted\n\n{integration}\n\n{}{description_line}\n",
        head.trim_end().to_string() + "\n"
    );
    std::fs::write(&manifest, &reordered).unwrap();
    let (code, counted, report) = gate(root.path());
    assert_eq!(code, 0, "{reordered}\n{report}");
    assert!(counted.is_empty());
}

#[test]
fn a_listing_that_became_clean_cannot_regress_under_its_old_entry() {
    let root = tempfile::tempdir().unwrap();
    write_listing(root.path(), "Alpha", LONG);
    write_baseline(root.path(), "accepted");
    write_listing(root.path(), "Alpha", SHORT);
    let (code, counted, report) = gate(root.path());
    assert_eq!(code, 1);
    assert_eq!(
        counted,
        [(
            "listings/Alpha/listing.toml".to_string(),
            "MAN010".to_string()
        )]
    );
    let stale = &report["listings"][0]["diagnostics"][0];
    assert_eq!(
        stale["message"],
        "baseline entry accepts 1 DESC001 finding on product.description; there is none now"
    );
    assert_eq!(stale["file"], "mdelist-baseline.toml");
    assert_eq!(stale["line"], 7);
    // Rewriting drops the entry; the finding coming back is then new.
    assert_eq!(
        write_baseline(root.path(), "unused"),
        "wrote mdelist-baseline.toml: 0 entries (0 new, 0 lowered, 1 removed)\n"
    );
    write_listing(root.path(), "Alpha", LONG);
    let (code, counted, _) = gate(root.path());
    assert_eq!(code, 1);
    assert_eq!(
        counted,
        [(
            "listings/Alpha/listing.toml".to_string(),
            "DESC001".to_string()
        )]
    );
}

#[test]
fn entries_without_reason_expired_or_for_a_removed_listing_are_reported() {
    let root = tempfile::tempdir().unwrap();
    write_listing(root.path(), "Alpha", LONG);
    write_listing(root.path(), "Beta", LONG);
    std::fs::write(
        root.path().join("mdelist-baseline.toml"),
        "[[accepted]]\nlisting = \"listings/Alpha\"\nrule = \"DESC001\"\nfield = \"product.description\"\nreason = \"\"\n\n\
         [[accepted]]\nlisting = \"listings/Beta\"\nrule = \"DESC001\"\nfield = \"product.description\"\nreason = \"for now\"\nuntil = 2026-11-21\n\n\
         [[accepted]]\nlisting = \"listings/Gone\"\nrule = \"DESC001\"\nfield = \"product.description\"\nreason = \"sold\"\n",
    )
    .unwrap();
    let (code, _, report) = gate(root.path());
    assert_eq!(code, 1);
    let messages: Vec<(String, String)> = report["listings"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|listing| listing["diagnostics"].as_array().unwrap().clone())
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        [
            ("DESC001".into(), "description has 21 words; the limit is 15".into()),
            ("MAN010".into(), "baseline entry for listings/Alpha DESC001 has no reason".into()),
            (
                "MAN010".into(),
                "baseline entry for listings/Gone, a listing that no longer exists".into()
            ),
            ("DESC001".into(), "description has 21 words; the limit is 15".into()),
            (
                "MAN010".into(),
                "baseline entry for listings/Beta DESC001 expired on 2026-11-21; it no longer applies"
                    .into()
            ),
        ]
    );
}

#[test]
fn rewriting_keeps_the_reasons_and_comments_people_wrote() {
    let root = tempfile::tempdir().unwrap();
    write_listing(root.path(), "Alpha", LONG);
    write_baseline(root.path(), "");
    let file = root.path().join("mdelist-baseline.toml");
    let edited = std::fs::read_to_string(&file).unwrap().replace(
        "reason = \"\"",
        "reason = \"legal wants the long form\" # until the audit",
    );
    std::fs::write(&file, &edited).unwrap();
    write_listing(root.path(), "Beta", LONG);
    let said = write_baseline(root.path(), "new one");
    assert_eq!(
        said,
        "wrote mdelist-baseline.toml: 2 entries (1 new, 0 lowered, 0 removed)\n"
    );
    let rewritten = std::fs::read_to_string(&file).unwrap();
    assert!(rewritten.starts_with(&edited), "{rewritten}");
    assert!(rewritten.ends_with("listing = \"listings/Beta\"\nrule = \"DESC001\"\nfield = \"product.description\"\ncount = 1\nreason = \"new one\"\n"));
    let (code, counted, _) = gate(root.path());
    assert_eq!(code, 0, "{counted:?}");
}

#[test]
fn a_malformed_baseline_is_a_failure_of_the_run() {
    let root = tempfile::tempdir().unwrap();
    write_listing(root.path(), "Alpha", SHORT);
    std::fs::write(
        root.path().join("mdelist-baseline.toml"),
        "[[accepted]]\nlisting = \"listings/Alpha\"\nrule = \"DESC001\"\ncount = 0\nreason = \"x\"\n",
    )
    .unwrap();
    let (code, _, stderr) = run(
        root.path(),
        &["check", "--baseline", "mdelist-baseline.toml", "."],
    );
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: mdelist-baseline.toml: the [[accepted]] entry at line 1: `count` must be a whole number above 0\n"
    );
}
