//! One release status, shown the same everywhere: the PRESS rules, `review status` (table and
//! JSON), its calendar, `listing.json` and `SUBMISSION.md`, for every state a release can be in.

use std::path::Path;

use jiff::civil::{Date, date};
use mdelist::bundle::plan;
use mdelist::check::{ListingReport, check_package};
use mdelist::manifest::{PathProblem, package_from_bytes};
use mdelist::policy::Policy;
use mdelist::render::review::{ListingStatus, events, human, json};
use mdelist::review::ReleaseStatus;
use mdelist::svg::InProcess;

use crate::support::{LOGO, VALID_LISTING};

const MENTIONS: &str =
    "# Tenvik Sentry\n\nTenvik Sentry now sends its verdicts to Microsoft Defender for Endpoint.\n";
const SILENT: &str = "# Tenvik Sentry 3.2\n\nTenvik Sentry 3.2 scans twice as fast.\n";

struct Case {
    expected: ReleaseStatus,
    file: &'static str,
    text: &'static [u8],
    table: &'static str,
    today: Date,
}

fn cases() -> Vec<Case> {
    let approved = "\n[[press_release.review]]\nteam = \"marketing\"\nverdict = \"approved\"\ndate = 2026-11-04\n\n[[press_release.review]]\nteam = \"engineering\"\nverdict = \"approved\"\ndate = 2026-11-05\n";
    vec![
        Case {
            expected: ReleaseStatus::NoReviewNeeded,
            file: "release.md",
            text: SILENT.as_bytes(),
            table: "",
            today: date(2026, 11, 3),
        },
        Case {
            expected: ReleaseStatus::Unreadable,
            file: "release.md",
            text: b"\x00\x01\x02\x03binary\x00",
            table: "",
            today: date(2026, 11, 3),
        },
        Case {
            expected: ReleaseStatus::NotSubmitted,
            file: "release.md",
            text: MENTIONS.as_bytes(),
            table: "",
            today: date(2026, 11, 3),
        },
        Case {
            expected: ReleaseStatus::InReview,
            file: "release.md",
            text: MENTIONS.as_bytes(),
            table: "submitted = 2026-11-02\n",
            today: date(2026, 11, 6),
        },
        Case {
            expected: ReleaseStatus::ChangesRequested,
            file: "release.md",
            text: MENTIONS.as_bytes(),
            table: "submitted = 2026-11-02\n\n[[press_release.review]]\nteam = \"marketing\"\nverdict = \"changes-requested\"\ndate = 2026-11-04\nnote = \"Use the full product name.\"\n",
            today: date(2026, 11, 6),
        },
        Case {
            expected: ReleaseStatus::WaitingForWindow,
            file: "release.md",
            text: MENTIONS.as_bytes(),
            table: Box::leak(format!("submitted = 2026-11-02\n{approved}").into_boxed_str()),
            today: date(2026, 11, 8),
        },
        Case {
            expected: ReleaseStatus::Ready,
            file: "release.md",
            text: MENTIONS.as_bytes(),
            table: Box::leak(format!("submitted = 2026-11-02\n{approved}").into_boxed_str()),
            today: date(2026, 11, 20),
        },
    ]
}

fn check(case: &Case) -> ListingReport {
    // `publish` comes first in the table so that the review sub-tables stay inside it.
    let manifest = format!(
        "{VALID_LISTING}\n[[press_release]]\nfile = \"{}\"\npublish = 2027-01-15\n{}",
        case.file, case.table
    );
    let files = |relative: &str| -> Result<Vec<u8>, PathProblem> {
        match relative {
            "logo.svg" => Ok(LOGO.as_bytes().to_vec()),
            name if name == case.file => Ok(case.text.to_vec()),
            _ => Err(PathProblem::Unreadable("does not exist".into())),
        }
    };
    let package = package_from_bytes(
        Path::new("listing.toml"),
        Path::new("."),
        manifest.into_bytes(),
        &files,
    );
    check_package(package, &Policy::default(), case.today, &InProcess)
}

#[test]
fn every_view_of_a_release_shows_the_same_status() {
    for case in cases() {
        let expected = case.expected;
        let report = check(&case);
        let codes: Vec<&str> = report.diagnostics.iter().map(|d| d.code).collect();
        assert_eq!(report.releases.len(), 1, "{expected:?}");
        assert_eq!(report.releases[0].status, expected, "{codes:?}");

        // The PRESS rules read the same status.
        assert_eq!(
            codes.contains(&"PRESS009"),
            expected == ReleaseStatus::Ready,
            "{expected:?}: {codes:?}"
        );
        assert_eq!(
            codes.contains(&"PRESS008"),
            expected == ReleaseStatus::NoReviewNeeded,
            "{expected:?}: {codes:?}"
        );
        assert_eq!(
            codes.contains(&"PRESS001"),
            expected == ReleaseStatus::Unreadable,
            "{expected:?}: {codes:?}"
        );

        // `review status`, as a table and as JSON.
        let status = ListingStatus::of(&report);
        let table = human(std::slice::from_ref(&status), case.today);
        let row = table
            .lines()
            .find(|line| line.starts_with(case.file))
            .unwrap_or_else(|| panic!("{table}"));
        assert!(row.ends_with(expected.as_str()), "{expected:?}: {row}");
        let value: serde_json::Value =
            serde_json::from_str(&json(std::slice::from_ref(&status), case.today)).unwrap();
        assert_eq!(
            value["listings"][0]["releases"][0]["state"],
            expected.code(),
            "{expected:?}"
        );

        // The calendar's planned publication.
        let publication = events(std::slice::from_ref(&status))
            .into_iter()
            .find(|event| event.summary.starts_with("Planned publication"))
            .unwrap();
        assert!(
            publication
                .description
                .ends_with(&format!("Review state: {}.", expected.as_str())),
            "{expected:?}: {}",
            publication.description
        );

        // The bundle's listing.json and SUBMISSION.md.
        let plan = plan(&report, case.today).unwrap();
        let entry = |name: &str| {
            let entry = plan
                .entries
                .iter()
                .find(|entry| entry.name == name)
                .unwrap();
            String::from_utf8(entry.bytes.clone()).unwrap()
        };
        let listing: serde_json::Value = serde_json::from_str(&entry("listing.json")).unwrap();
        assert_eq!(
            listing["press_release"][0]["review_state"]["state"],
            expected.as_str(),
            "{expected:?}"
        );
        let sheet = entry("SUBMISSION.md");
        let line = sheet
            .lines()
            .find(|line| line.starts_with("| `press/release.md`"))
            .unwrap_or_else(|| panic!("{sheet}"));
        assert!(
            line.ends_with(&format!("| {} |", expected.as_str())),
            "{expected:?}: {line}"
        );
    }
}

/// A file in `press/` that no `[[press_release]]` names: not listed when it names the product
/// (or cannot be read), no review needed when it does not; the same in the table, the JSON, the
/// preview and the PRESS010 finding, and absent from the bundle, which carries listed files only.
#[test]
fn an_unlisted_release_is_shown_the_same_everywhere_and_never_bundled() {
    let today = date(2026, 11, 3);
    let files = |relative: &str| -> Result<Vec<u8>, PathProblem> {
        match relative {
            "logo.svg" => Ok(LOGO.as_bytes().to_vec()),
            _ => Err(PathProblem::Unreadable("does not exist".into())),
        }
    };
    for (text, expected) in [
        (MENTIONS.as_bytes(), ReleaseStatus::NotListed),
        (SILENT.as_bytes(), ReleaseStatus::NoReviewNeeded),
        (&b"\x00\x01binary\x00"[..], ReleaseStatus::NotListed),
    ] {
        let mut package = package_from_bytes(
            Path::new("listing.toml"),
            Path::new("."),
            VALID_LISTING.as_bytes().to_vec(),
            &files,
        );
        package
            .unlisted_press
            .push(mdelist::manifest::UnlistedFile {
                relative: "press/draft.md".into(),
                path: "press/draft.md".into(),
                file: Ok(mdelist::manifest::LoadedFile {
                    relative: "press/draft.md".into(),
                    path: "press/draft.md".into(),
                    bytes: text.to_vec(),
                }),
            });
        let report = check_package(package, &Policy::default(), today, &InProcess);
        assert_eq!(report.releases.len(), 1);
        assert_eq!(report.releases[0].index, None);
        assert_eq!(report.releases[0].status, expected);
        assert!(
            report.diagnostics.iter().any(|d| d.code == "PRESS010"),
            "{expected:?}"
        );

        let status = ListingStatus::of(&report);
        let table = human(std::slice::from_ref(&status), today);
        let row = table
            .lines()
            .find(|line| line.starts_with("press/draft.md"))
            .unwrap_or_else(|| panic!("{table}"));
        assert!(row.ends_with(expected.as_str()), "{row}");
        let value: serde_json::Value =
            serde_json::from_str(&json(std::slice::from_ref(&status), today)).unwrap();
        assert_eq!(
            value["listings"][0]["releases"][0]["state"],
            expected.code()
        );

        let page = mdelist::preview::preview(&report, &mdelist::policy::Limits::default()).unwrap();
        let page = String::from_utf8_lossy(&page[0].bytes).into_owned();
        assert!(page.contains("press&#x2f;draft.md"), "{expected:?}");
        assert!(page.contains(expected.as_str()), "{expected:?}");

        let plan = plan(&report, today).unwrap();
        assert!(
            plan.entries
                .iter()
                .all(|entry| !entry.name.contains("draft")),
            "{expected:?}"
        );
        let listing = plan
            .entries
            .iter()
            .find(|entry| entry.name == "listing.json")
            .unwrap();
        let listing: serde_json::Value = serde_json::from_slice(&listing.bytes).unwrap();
        assert!(listing.get("press_release").is_none(), "{listing}");
    }
}
