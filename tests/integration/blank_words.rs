//! Words hidden by characters that render blank, and review dates at the end of the calendar.

use crate::support;

use support::*;

/// The description's words (16 of them, one over the limit) joined by `blank`.
fn description_joined_by(blank: char) -> String {
    let words = "Send Tenvik Sentry verdicts to Microsoft Defender for Endpoint and block malicious \
                 files on every device";
    words
        .split(' ')
        .collect::<Vec<_>>()
        .join(&blank.to_string())
}

#[test]
fn characters_that_render_blank_separate_the_words_of_a_description() {
    for blank in ['\u{2800}', '\u{3164}', '\u{115F}', '\u{1160}', '\u{FFA0}'] {
        let manifest = VALID_LISTING.replace(
            "Send Tenvik Sentry verdicts to Microsoft Defender for Endpoint and block malicious files everywhere.",
            &description_joined_by(blank),
        );
        let dir = listing(&manifest);
        let (status, report) = check_json(dir.path(), &[]);
        let desc001: Vec<&str> = report["listings"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["code"] == "DESC001")
            .map(|d| d["message"].as_str().unwrap())
            .collect();
        assert_eq!(status, 1, "{blank:?}: {report:#}");
        assert_eq!(
            desc001,
            ["description has 16 words; the limit is 15"],
            "{blank:?}"
        );
    }
}

#[test]
fn a_review_window_past_the_end_of_the_calendar_is_never_over() {
    let manifest = format!(
        "{VALID_LISTING}\n[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = 9999-12-25\n\
         publish = 9999-12-31\n\n[[press_release.review]]\nteam = \"marketing\"\nverdict = \
         \"approved\"\ndate = 9999-12-26\n\n[[press_release.review]]\nteam = \"engineering\"\n\
         verdict = \"approved\"\ndate = 9999-12-26\n"
    );
    let dir = listing(&manifest);
    std::fs::create_dir(dir.path().join("press")).unwrap();
    std::fs::write(
        dir.path().join("press/launch.md"),
        "Tenvik Sentry now works with Microsoft Defender for Endpoint.\n",
    )
    .unwrap();
    let output = mdelist(
        &["check", "--format", "json", "--today", "9999-12-31", "."],
        dir.path(),
    );
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let press: Vec<(String, String)> = report["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().unwrap().starts_with("PRESS"))
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(output.status.code(), Some(1), "{report:#}");
    assert_eq!(
        press,
        [(
            "PRESS003".to_string(),
            "press release \"press/launch.md\" is planned for 9999-12-31, 6 days after it was \
             submitted (9999-12-25); the review needs 10"
                .to_string()
        )],
        "{report:#}"
    );
    // The status table does not call it ready either.
    let status = mdelist(
        &[
            "review",
            "status",
            "--format",
            "json",
            "--today",
            "9999-12-31",
            ".",
        ],
        dir.path(),
    );
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(
        status["listings"][0]["releases"][0]["state"],
        "approved-window-open"
    );
    // Submitting on the calendar's last day says the window cannot end.
    let output = mdelist(
        &[
            "review",
            "submit",
            ".",
            "--release",
            "press/launch.md",
            "--date",
            "9999-12-31",
            "--today",
            "9999-12-31",
        ],
        dir.path(),
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        "listing.toml: \"press/launch.md\" submitted for review on 9999-12-31; its review \
         window ends after the calendar's last day (9999-12-31)\n"
    );
}
