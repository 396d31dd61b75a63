//! The JUnit report as a JUnit reader sees it: junitparser (PyPI) reads the suites, counts the
//! failing and skipped test cases, and finds no dot in a class name. Skips, saying so, when
//! junitparser is not installed, unless `MDELIST_REQUIRE_JUNITPARSER` is set (as `.ci/run` does).

use crate::support;

use std::process::Command;

use support::*;

const READER: &str = r#"
import sys
from junitparser import JUnitXml, Failure, Skipped
xml = JUnitXml.fromfile(sys.argv[1])
for suite in xml:
    cases = list(suite)
    failing = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
    skipped = [c for c in cases if any(isinstance(r, Skipped) for r in c.result)]
    assert suite.failures == len(failing), (suite.name, suite.failures, len(failing))
    assert suite.skipped == len(skipped), (suite.name, suite.skipped, len(skipped))
    assert all("." not in c.classname for c in cases)
    print(suite.name, suite.tests, suite.failures, suite.skipped,
          ",".join(c.name.split(":")[0] for c in failing))
"#;

fn junitparser_present() -> bool {
    let present = Command::new("python3")
        .args(["-c", "import junitparser"])
        .status()
        .is_ok_and(|status| status.success());
    if !present {
        assert!(
            std::env::var_os("MDELIST_REQUIRE_JUNITPARSER").is_none(),
            "junitparser is required (MDELIST_REQUIRE_JUNITPARSER) but not installed"
        );
        eprintln!("skipped: junitparser is not installed (pip install junitparser)");
    }
    present
}

#[test]
fn junitparser_counts_failing_and_skipped_test_cases() {
    if !junitparser_present() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let unreadable = dir.path().join("listings/unreadable");
    std::fs::create_dir_all(&unreadable).unwrap();
    std::fs::write(unreadable.join("listing.toml"), "[product\nname = \"x\"\n").unwrap();
    let examples = repo_root().join("examples");
    let output = mdelist(
        &[
            "check",
            "--format",
            "junit",
            "--today",
            "2026-11-22",
            examples.to_str().unwrap(),
            "listings",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(1));
    let report = dir.path().join("report.xml");
    std::fs::write(&report, &output.stdout).unwrap();
    let read = Command::new("python3")
        .args(["-c", READER])
        .arg(&report)
        .output()
        .unwrap();
    assert!(
        read.status.success(),
        "{}",
        String::from_utf8_lossy(&read.stderr)
    );
    let examples = examples.display();
    assert_eq!(
        String::from_utf8(read.stdout).unwrap(),
        format!(
            "{examples}/broken-listing/listing.toml 11 4 0 MAN,DESC,LINK,CAT\n\
             {examples}/broken-logo/listing.toml 11 1 0 LOGO\n\
             {examples}/contoso-cognito/listing.toml 11 0 0 \n\
             {examples}/press-in-review/listing.toml 11 0 0 \n\
             listings/unreadable/listing.toml 11 1 10 MAN\n"
        )
    );
}
