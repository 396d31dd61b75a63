//! End-to-end behaviour of `mdelist check` beyond single-rule fixtures: the valid example,
//! files on disk (symlinks, pipes, sizes), hostile input, policy and exit statuses.

use crate::support;

use std::time::{Duration, Instant};

use support::*;

#[test]
fn the_example_listing_is_clean_and_shows_its_suppression() {
    let root = repo_root();
    let output = mdelist(
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-22",
            "examples/contoso-cognito",
        ],
        &root,
    );
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let listing = &report["listings"][0];
    assert_eq!(listing["path"], "examples/contoso-cognito/listing.toml");
    assert_eq!(listing["product"], "Contoso Cognito");
    assert_eq!(
        listing["user_agent"],
        "MdePartner-Contoso-ContosoCognito/1.0.0"
    );
    assert_eq!(listing["description_words"], 14);
    // Only infos count: its press release is approved and out of its window.
    assert_eq!(codes(&report), ["PRESS009"], "{report:#}");
    let suppressed: Vec<&str> = listing["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap())
        .collect();
    // Its press release is approved and out of its window: an info says so.
    assert_eq!(suppressed, ["NAME007", "NAME007", "PRESS009"]);
    assert_eq!(
        report["summary"],
        serde_json::json!({"listings": 1, "errors": 0, "warnings": 0, "infos": 1, "suppressed": 2})
    );
}

#[test]
fn a_valid_listing_triggers_no_rule_even_verbosely() {
    let dir = listing(VALID_LISTING);
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!(status, 0);
    assert_eq!(report["listings"][0]["diagnostics"], serde_json::json!([]));
}

#[test]
fn human_output_ends_with_the_summary_and_exit_statuses_follow_severity() {
    let dir = listing(&VALID_LISTING.replace("Tenvik Sentry\"", "Tenvik Sentry \""));
    let output = mdelist(&["check", "--today", "2026-11-22"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert!(stdout(&output).contains("warning[NAME003]: [*] product name ends with white space"));
    assert!(stdout(&output).ends_with("checked 1 listing: 0 errors, 1 warning\n"));

    let denied = mdelist(
        &["check", "--deny-warnings", "--today", "2026-11-22"],
        dir.path(),
    );
    assert_eq!(denied.status.code(), Some(1));

    let quiet = mdelist(&["check", "--quiet", "--today", "2026-11-22"], dir.path());
    assert_eq!(stdout(&quiet), "");
}

#[test]
fn symlinks_leaving_the_folder_are_refused_and_inside_ones_allowed() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("logo.svg"), LOGO).unwrap();
    let dir = listing(&VALID_LISTING.replace("\"logo.svg\"", "\"art/logo.svg\""));
    std::fs::create_dir(dir.path().join("art")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("logo.svg"),
        dir.path().join("art/logo.svg"),
    )
    .unwrap();
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!(status, 1);
    assert_eq!(codes(&report), ["MAN006"]);
    assert_eq!(
        report["listings"][0]["diagnostics"][0]["message"],
        "`product.logo` is a symbolic link that resolves outside the listing folder: \"art/logo.svg\""
    );

    std::fs::remove_file(dir.path().join("art/logo.svg")).unwrap();
    std::os::unix::fs::symlink("../logo.svg", dir.path().join("art/logo.svg")).unwrap();
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!((status, codes(&report)), (0, Vec::<String>::new()));
}

#[test]
fn pipes_devices_folders_and_huge_files_are_not_read() {
    type Make = fn(&std::path::Path);
    let cases: [(&str, Make, &str); 4] = [
        (
            "a FIFO",
            |path| {
                let status = std::process::Command::new("mkfifo")
                    .arg(path)
                    .status()
                    .unwrap();
                assert!(status.success());
            },
            "is not a regular file (it is a device, pipe or socket)",
        ),
        (
            "/dev/zero",
            |path| std::os::unix::fs::symlink("/dev/zero", path).unwrap(),
            "MAN006",
        ),
        (
            "a folder",
            |path| std::fs::create_dir(path).unwrap(),
            "is not a regular file (it is a folder)",
        ),
        (
            "17 MiB",
            |path| {
                let file = std::fs::File::create(path).unwrap();
                file.set_len(17 * 1024 * 1024).unwrap();
            },
            "is larger than 16 MiB (17825792 bytes)",
        ),
    ];
    for (what, make, expected) in cases {
        let dir = listing(&VALID_LISTING.replace("\"logo.svg\"", "\"odd.svg\""));
        make(&dir.path().join("odd.svg"));
        let started = Instant::now();
        let (status, report) = check_json(dir.path(), &[]);
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "{what} took too long"
        );
        assert_eq!(status, 1, "{what}");
        let diagnostic = &report["listings"][0]["diagnostics"][0];
        let text = format!("{} {}", diagnostic["code"], diagnostic["message"]);
        assert!(text.contains(expected), "{what}: {text}");
    }
}

#[test]
fn a_missing_logo_is_reported_with_its_position() {
    let dir = listing(&VALID_LISTING.replace("\"logo.svg\"", "\"logo.svgz\""));
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!(status, 1);
    let diagnostic = &report["listings"][0]["diagnostics"][0];
    assert_eq!(diagnostic["code"], "MAN007");
    assert_eq!(
        diagnostic["message"],
        "`product.logo` file \"logo.svgz\" does not exist"
    );
    assert_eq!(
        (diagnostic["line"].as_u64(), diagnostic["column"].as_u64()),
        (Some(7), Some(8))
    );
}

#[test]
fn bom_and_crlf_are_accepted() {
    let text = format!("\u{FEFF}{}", VALID_LISTING.replace('\n', "\r\n"));
    let dir = listing(&text);
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!((status, codes(&report)), (0, Vec::<String>::new()));
}

#[test]
fn a_megabyte_description_is_checked_quickly_and_quoted_briefly() {
    let long = "word ".repeat(200_000);
    let dir = listing(&VALID_LISTING.replace(
        "Send Tenvik Sentry verdicts to Microsoft Defender for Endpoint and block malicious files everywhere.",
        long.trim(),
    ));
    let started = Instant::now();
    let (status, report) = check_json(dir.path(), &[]);
    assert!(started.elapsed() < Duration::from_secs(20));
    assert_eq!(status, 1);
    let diagnostic = &report["listings"][0]["diagnostics"][0];
    assert_eq!(
        diagnostic["message"],
        "description has 200000 words; the limit is 15"
    );
    let help = diagnostic["help"].as_str().unwrap();
    assert!(
        help.starts_with("cut the last 199985 words: \"word word"),
        "{help}"
    );
    assert!(help.chars().count() < 120, "{help}");
    // Human output renders only the lines involved, whatever the size.
    let output = mdelist(&["check", "--today", "2026-11-22"], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.len() < 4096, "{} bytes", output.stdout.len());
}

#[test]
fn deeply_nested_toml_is_a_syntax_finding_not_a_crash() {
    let nested = format!(
        "{}{}",
        "a = ".to_string() + &"[".repeat(100_000),
        "]".repeat(100_000)
    );
    let dir = listing(&nested);
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!(status, 1);
    assert_eq!(codes(&report), ["MAN001"]);
}

#[test]
fn bidi_controls_and_zero_width_characters_in_names_are_shown_escaped() {
    let dir = listing(&VALID_LISTING.replace("Tenvik Sentry\"", "Tenvik\\u202E Sentry\\u200B\""));
    let (_, report) = check_json(dir.path(), &[]);
    let messages: Vec<&str> = report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| diagnostic["message"].as_str().unwrap())
        .collect();
    assert!(
        messages.contains(
            &"product name contains the invisible character U+202E RIGHT-TO-LEFT OVERRIDE"
        )
    );
    let output = mdelist(&["check", "--today", "2026-11-22"], dir.path());
    assert!(
        stdout(&output).contains(r#"use "Tenvik Sentry""#),
        "{}",
        stdout(&output)
    );
    assert!(!stdout(&output).contains('\u{202E}') || stdout(&output).contains("Tenvik\u{202E}"));
}

#[test]
fn repository_policy_is_found_at_the_repository_root() {
    let repo = tempfile::tempdir().unwrap();
    let init = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(repo.path())
        .status()
        .unwrap();
    assert!(init.success());
    std::fs::write(
        repo.path().join("mdelist.toml"),
        "rules_version = 1\n[limits]\ndescription_words = 8\n[severity]\nNAME003 = \"error\"\n",
    )
    .unwrap();
    let nested = repo.path().join("listings/tenvik");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        nested.join("listing.toml"),
        VALID_LISTING.replace("Tenvik Sentry\"", "Tenvik Sentry \""),
    )
    .unwrap();
    std::fs::write(nested.join("logo.svg"), LOGO).unwrap();

    let (status, report) = check_json(&nested, &[]);
    assert_eq!(status, 1);
    let diagnostics = report["listings"][0]["diagnostics"].as_array().unwrap();
    let found: Vec<(&str, &str)> = diagnostics
        .iter()
        .map(|d| (d["code"].as_str().unwrap(), d["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(found, [("NAME003", "error"), ("DESC001", "error")]);
    assert_eq!(
        diagnostics[1]["message"],
        "description has 14 words; the limit is 8"
    );

    // A repository between the listing and the config has its own root: the file above it
    // does not apply.
    let init = std::process::Command::new("git")
        .args(["init", "-q"])
        .current_dir(repo.path().join("listings"))
        .status()
        .unwrap();
    assert!(init.success());
    let (status, report) = check_json(&nested, &[]);
    assert_eq!((status, codes(&report)), (0, vec!["NAME003".to_string()]));

    // --config wins over discovery.
    let config = repo.path().join("mdelist.toml");
    let (status, _) = check_json(&nested, &["--config", config.to_str().unwrap()]);
    assert_eq!(status, 1);
}

#[test]
fn severity_off_removes_findings_but_security_rules_cannot_be_lowered() {
    let dir = listing(&VALID_LISTING.replace("Tenvik Sentry\"", "Tenvik Sentry \""));
    std::fs::write(
        dir.path().join("mdelist.toml"),
        "[severity]\nNAME003 = \"off\"\n",
    )
    .unwrap();
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!((status, codes(&report)), (0, Vec::<String>::new()));

    std::fs::write(
        dir.path().join("mdelist.toml"),
        "[severity]\nMAN006 = \"warning\"\n",
    )
    .unwrap();
    let output = mdelist(&["check", "."], dir.path());
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("[severity] MAN006 cannot be lowered"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn bad_repository_configuration_is_a_tool_failure_with_a_clear_message() {
    for (config, expected) in [
        (
            "rules_version = 2\n",
            "rules_version = 2 is newer than this mdelist's catalogue",
        ),
        (
            "[severity]\nDESC01 = \"off\"\n",
            "unknown rule DESC01 (did you mean DESC001?)",
        ),
        (
            "[severity]\nDESC001 = \"loud\"\n",
            "use \"error\", \"warning\", \"info\" or \"off\"",
        ),
        (
            "[limits]\ndescription_words = 4\n",
            "limits.description_min_words (5) is above",
        ),
        ("[limit]\n", "unknown field `limit`"),
    ] {
        let dir = listing(VALID_LISTING);
        std::fs::write(dir.path().join("mdelist.toml"), config).unwrap();
        let output = mdelist(&["check", "."], dir.path());
        assert_eq!(output.status.code(), Some(2), "{config}");
        assert!(
            stderr(&output).contains(expected),
            "{config}: {}",
            stderr(&output)
        );
    }
}

#[test]
fn suppressions_of_never_suppressible_rules_do_not_apply() {
    let manifest = VALID_LISTING.replace("\"logo.svg\"", "\"../logo.svg\"")
        + "\n[checks]\nallow = [{ rule = \"MAN006\", reason = \"trust me\" }]\n";
    let dir = listing(&manifest);
    let (status, report) = check_json(dir.path(), &[]);
    assert_eq!(status, 1);
    assert_eq!(codes(&report), ["MAN006", "MAN009"]);
    assert_eq!(
        report["listings"][0]["diagnostics"][1]["message"],
        "MAN006 cannot be suppressed"
    );
}

#[test]
fn folders_are_searched_recursively_honouring_gitignore_and_skipping_hidden_ones() {
    let repo = tempfile::tempdir().unwrap();
    for name in ["b-listing", "a-listing", "ignored/x", ".hidden/y"] {
        let dir = repo.path().join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("listing.toml"), VALID_LISTING).unwrap();
        std::fs::write(dir.join("logo.svg"), LOGO).unwrap();
    }
    std::fs::write(repo.path().join(".gitignore"), "ignored/\n").unwrap();
    let (status, report) = check_json(repo.path(), &[]);
    assert_eq!(status, 0);
    let paths: Vec<&str> = report["listings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|listing| listing["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a-listing/listing.toml", "b-listing/listing.toml"]);

    let empty = tempfile::tempdir().unwrap();
    let output = mdelist(&["check", "."], empty.path());
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output),
        "error: no listing.toml found under .; give a listing folder or its listing.toml\n"
    );
    let missing = mdelist(&["check", "nowhere"], empty.path());
    assert_eq!(stderr(&missing), "error: nowhere: no such file or folder\n");
}

#[test]
fn user_agent_prints_the_derived_string_or_explains_why_not() {
    let dir = listing(VALID_LISTING);
    let output = mdelist(&["user-agent"], dir.path());
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(
        stdout(&output),
        "MdePartner-TenvikSecurity-TenvikSentry/3.2.0\n"
    );

    let dir = listing(&VALID_LISTING.replace("Tenvik Sentry\"", "テンビク\""));
    let output = mdelist(&["user-agent", "."], dir.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains(
        "error[UA001]: cannot derive the User-Agent: the product name \"テンビク\" has no ASCII letter or digit"
    ));
}

#[test]
fn bad_arguments_exit_2_and_never_panic() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["check", "--today", "2026-13-45"],
        vec!["check", "--format", "yaml"],
        vec!["explain"],
        vec!["frobnicate"],
        vec!["words", "--file", "a.txt", "--listing", "."],
    ] {
        let output = mdelist(&args, dir.path());
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{args:?}");
    }
}
