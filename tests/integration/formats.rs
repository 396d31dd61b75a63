//! The CI formats, beyond their snapshots: SARIF validates against the SARIF 2.1.0 schema,
//! JUnit is well-formed XML with the documented shape, GitHub lines are workflow commands.

use crate::support;

use support::*;

fn run(format: &str, example: &str) -> String {
    let output = mdelist(
        &[
            "check",
            "--format",
            format,
            "--today",
            "2026-11-22",
            example,
        ],
        &repo_root(),
    );
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        stderr(&output)
    );
    stdout(&output)
}

/// The SARIF 2.1.0 schema, provided by `.ci/run` (from the npm registry, not committed) through
/// `MDELIST_SARIF_SCHEMA`.
fn sarif_schema() -> Option<serde_json::Value> {
    let path = std::env::var_os("MDELIST_SARIF_SCHEMA")?;
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("MDELIST_SARIF_SCHEMA: {error}"));
    Some(serde_json::from_str(&text).unwrap())
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let logs: Vec<serde_json::Value> = [
        "examples/broken-listing",
        "examples/broken-logo",
        "examples/contoso-cognito",
    ]
    .iter()
    .map(|example| serde_json::from_str(&run("sarif", example)).unwrap())
    .collect();
    // Shape checks that hold with or without the schema at hand.
    for log in &logs {
        assert_eq!(log["version"], "2.1.0");
        let run = &log["runs"][0];
        let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
        assert_eq!(rules.len(), mdelist::rules::RULES.len());
        for result in run["results"].as_array().unwrap() {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(rules[index]["id"], result["ruleId"]);
            let location = &result["locations"][0]["physicalLocation"];
            assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
            assert!(location["region"]["startLine"].as_u64().unwrap() >= 1);
        }
    }
    // The example's suppressions carry their justification.
    let suppressions: Vec<&serde_json::Value> = logs[2]["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|result| result.get("suppressions"))
        .collect();
    assert_eq!(suppressions.len(), 2);
    assert_eq!(suppressions[0][0]["kind"], "inSource");
    assert!(
        suppressions[0][0]["justification"]
            .as_str()
            .unwrap()
            .starts_with("Contoso is the fictitious")
    );

    let Some(mut schema) = sarif_schema() else {
        crate::support::skipped(
            "the SARIF schema validation",
            "MDELIST_SARIF_SCHEMA is not set (.ci/run sets it)",
        );
        return;
    };
    // The published schema's `language` patterns have a stray `]` that regex engines reject
    // when the schema itself is checked; mdelist never writes `language`, so those patterns are
    // dropped before compiling.
    drop_broken_language_patterns(&mut schema);
    let validator = jsonschema::validator_for(&schema).unwrap();
    for log in &logs {
        let errors: Vec<String> = validator
            .iter_errors(log)
            .map(|error| format!("{error} at {}", error.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
}

#[test]
fn junit_output_is_well_formed_with_a_suite_per_listing_and_a_case_per_family() {
    let xml = run("junit", "examples");
    let document = roxmltree::Document::parse(&xml).unwrap();
    let suites: Vec<_> = document
        .descendants()
        .filter(|node| node.has_tag_name("testsuite"))
        .collect();
    assert_eq!(suites.len(), 4);
    let families = {
        let mut families: Vec<_> = mdelist::rules::RULES
            .iter()
            .map(|rule| rule.family)
            .collect();
        families.dedup();
        families.len()
    };
    for suite in &suites {
        let cases = suite
            .children()
            .filter(|node| node.has_tag_name("testcase"))
            .count();
        assert_eq!(cases, families);
        // `failures` counts failing test cases, each holding one failure.
        let failing = suite
            .children()
            .filter(|case| {
                let failures = case
                    .children()
                    .filter(|node| node.has_tag_name("failure"))
                    .count();
                assert!(failures <= 1);
                failures == 1
            })
            .count();
        assert_eq!(suite.attribute("failures").unwrap(), failing.to_string());
        for case in suite
            .children()
            .filter(|node| node.has_tag_name("testcase"))
        {
            assert!(!case.attribute("classname").unwrap().contains('.'));
        }
    }
    let broken = suites
        .iter()
        .find(|suite| suite.attribute("name") == Some("examples/broken-listing/listing.toml"))
        .unwrap();
    // Errors in four families: the manifest (3), the description (2), the link, the category.
    assert_eq!(broken.attribute("failures"), Some("4"));
    let manifest_case = broken
        .children()
        .find(|case| case.attribute("name") == Some("MAN: the manifest itself"))
        .unwrap();
    assert_eq!(
        manifest_case.attribute("classname"),
        Some("examples/broken-listing")
    );
    let clean = suites
        .iter()
        .find(|suite| suite.attribute("name") == Some("examples/contoso-cognito/listing.toml"))
        .unwrap();
    assert_eq!(clean.attribute("failures"), Some("0"));
}

#[test]
fn github_output_is_one_workflow_command_per_finding_then_the_summary() {
    let text = run("github", "examples/broken-logo");
    let lines: Vec<&str> = text.lines().collect();
    let (summary, commands) = lines.split_last().unwrap();
    assert_eq!(*summary, "checked 1 listing: 4 errors, 4 warnings");
    assert_eq!(commands.len(), 8);
    for command in commands {
        assert!(
            command.starts_with("::error file=") || command.starts_with("::warning file="),
            "{command}"
        );
        assert!(
            command.contains(",line=")
                && command.contains(",col=")
                && command.contains(",title=LOGO0"),
            "{command}"
        );
        assert!(!command.contains('\n'));
    }
}

fn drop_broken_language_patterns(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            if map
                .get("pattern")
                .and_then(|p| p.as_str())
                .is_some_and(|p| p.ends_with("]?$"))
            {
                map.remove("pattern");
            }
            map.values_mut().for_each(drop_broken_language_patterns);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(drop_broken_language_patterns),
        _ => {}
    }
}

/// On a terminal the human output fits long source lines to the terminal's width, with the
/// carets under the words (run in a pseudo-terminal by util-linux's `script`, whose width
/// `stty` sets).
#[test]
fn on_a_terminal_long_lines_fit_its_width() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        if std::env::var_os("MDELIST_REQUIRE_MOUNTS").is_some() {
            panic!("util-linux's script is required here");
        }
        crate::support::skipped(
            "on_a_terminal_long_lines_fit_its_width",
            "no `script` (util-linux)",
        );
        return;
    }
    let root = crate::support::repo_root();
    let listing = root.join("tests/cmd/rules/DESC009.in");
    let run = |columns: usize| {
        let command = format!(
            "stty cols {columns} rows 50; ulimit -d {}; exec '{}' check --today 2026-11-22 --color never .",
            crate::support::MEMORY_LIMIT_KIB,
            env!("CARGO_BIN_EXE_mdelist"),
        );
        let output = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(&listing)
            .env_remove("COLUMNS")
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).replace("\r\n", "\n")
    };
    for columns in [60, 120] {
        let out = run(columns);
        let excerpt = out
            .lines()
            .find(|line| line.starts_with("6 | "))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(excerpt.chars().count() <= columns, "{columns}: {excerpt}");
        // The carets point at the possessive, wherever the window starts.
        let carets = out
            .lines()
            .skip_while(|line| *line != excerpt)
            .nth(1)
            .unwrap();
        let at = carets.find('^').unwrap();
        assert!(
            excerpt[at..].starts_with("Microsoft Defender for Endpoint's"),
            "{columns}:\n{excerpt}\n{carets}"
        );
    }
    // 120 columns show the whole 113-character line; 60 do not.
    assert!(run(120).contains(
        "6 | description = \"Send Tenvik Sentry verdicts to Microsoft Defender for Endpoint's console and block malicious files.\"\n"
    ));
    assert!(run(60).contains("6 | ..."));
}

#[test]
fn sarif_fingerprints_survive_reformatting() {
    let long = VALID_LISTING.replace(
        "block malicious files everywhere.",
        "block malicious files everywhere across every device in the fleet today.",
    );
    let dir = listing(&long);
    let sarif = |dir: &std::path::Path| -> Vec<(String, u64, String)> {
        let output = mdelist(
            &["check", "--format", "sarif", "--today", "2026-11-22", "."],
            dir,
        );
        let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|result| {
                (
                    result["ruleId"].as_str().unwrap().to_string(),
                    result["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                    result["partialFingerprints"]["mdelistFinding/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                )
            })
            .collect()
    };
    let before = sarif(dir.path());
    std::fs::write(
        dir.path().join("listing.toml"),
        format!("# moved down\n\n\n{long}"),
    )
    .unwrap();
    let after = sarif(dir.path());
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].0, "DESC001");
    assert_eq!(after[0].1, before[0].1 + 3);
    assert_eq!(after[0].2, before[0].2);
    assert!(
        before[0].2.ends_with(":1") && before[0].2.len() == 34,
        "{}",
        before[0].2
    );
}

#[test]
fn gitlab_code_quality_is_one_issue_per_counted_finding() {
    let text = run("gitlab", "examples/broken-logo");
    let issues: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    assert_eq!(issues.len(), 8);
    let mut fingerprints = std::collections::HashSet::new();
    for issue in &issues {
        // The keys GitLab requires of a Code Quality issue.
        assert_eq!(issue["type"], "issue");
        assert!(
            issue["description"]
                .as_str()
                .unwrap()
                .starts_with(issue["check_name"].as_str().unwrap())
        );
        assert!(["major", "minor", "info"].contains(&issue["severity"].as_str().unwrap()));
        assert!(
            issue["location"]["path"]
                .as_str()
                .unwrap()
                .starts_with("examples/broken-logo/")
        );
        assert!(issue["location"]["lines"]["begin"].as_u64().unwrap() >= 1);
        assert!(fingerprints.insert(issue["fingerprint"].as_str().unwrap().to_string()));
    }
    let majors = issues
        .iter()
        .filter(|issue| issue["severity"] == "major")
        .count();
    assert_eq!(majors, 4);
}
