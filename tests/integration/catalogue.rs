//! The rule registry is the single source of truth: these tests keep the spec, the generated
//! docs, the JSON schema and the fixtures in step with it.

use std::collections::HashSet;
use std::path::Path;

use mdelist::cli::rules::catalogue_markdown;
use mdelist::cli::schema::schema_text;
use mdelist::rules::{Check, RULES};

const UPDATE_HINT: &str = "regenerate with: cargo run -q -- rules --format markdown > docs/rules.md \
                           && cargo run -q -- schema > docs/listing.schema.json";

#[test]
fn codes_are_unique_well_formed_and_in_catalogue_order() {
    let mut seen = HashSet::new();
    let mut previous: Option<(mdelist::rules::Family, u32)> = None;
    for rule in RULES {
        assert!(seen.insert(rule.code), "duplicate {}", rule.code);
        let prefix = rule.family.prefix();
        let number = rule
            .code
            .strip_prefix(prefix)
            .unwrap_or_else(|| panic!("{} is not in family {prefix}", rule.code));
        assert_eq!(number.len(), 3, "{}", rule.code);
        let number: u32 = number.parse().unwrap();
        if let Some((family, last)) = previous {
            assert!(
                family < rule.family || (family == rule.family && last < number),
                "{} is out of order",
                rule.code
            );
        }
        previous = Some((rule.family, number));
        assert!(
            rule.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "{} name {} is not kebab-case",
            rule.code,
            rule.name
        );
    }
    let names: HashSet<&str> = RULES.iter().map(|rule| rule.name).collect();
    assert_eq!(names.len(), RULES.len(), "rule names must be unique");
}

#[test]
fn every_rule_is_documented() {
    for rule in RULES {
        for (part, text) in [
            ("summary", rule.summary),
            ("what", rule.docs.what),
            ("why", rule.docs.why),
            ("example", rule.docs.example),
            ("fix", rule.docs.fix),
        ] {
            assert!(text.trim().len() >= 10, "{} has no {part}", rule.code);
        }
    }
}

#[test]
fn every_rule_is_exercised_by_a_fixture_that_shows_its_message() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/rules");
    let snapshots: Vec<String> = std::fs::read_dir(&fixtures)
        .unwrap()
        .filter_map(|entry| {
            let path = entry.unwrap().path();
            (path.extension()? == "stdout").then(|| std::fs::read_to_string(path).unwrap())
        })
        .collect();
    // The --online rules need a live server; tests/online.rs runs one and asserts their messages.
    let online = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/online.rs"),
    )
    .unwrap();
    // The rules across listings need a tree of listings; tests/integration/consistency.rs
    // builds them and asserts their messages.
    let across = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/integration/consistency.rs"),
    )
    .unwrap();
    for rule in RULES {
        if matches!(rule.code, "LINK006" | "LINK007") {
            let quoted = format!("\"{}\"", rule.code);
            assert!(
                online.contains(&quoted),
                "tests/integration/online.rs does not exercise {}",
                rule.code
            );
            continue;
        }
        if matches!(rule.check, Check::Across) {
            let tag = format!("[{}]", rule.code);
            assert!(
                across.contains(&tag),
                "tests/integration/consistency.rs does not show {}",
                rule.code
            );
            continue;
        }
        if matches!(
            rule.check,
            Check::Listing(_) | Check::Manifest | Check::Policy
        ) {
            let tag = format!("[{}]", rule.code);
            assert!(
                snapshots.iter().any(|snapshot| snapshot.contains(&tag)),
                "no fixture in tests/cmd/rules shows {}",
                rule.code
            );
        }
    }
}

/// Rules this build has that the specification's catalogue does not list yet, each with why.
/// A code here must not be in the specification (then it is checked like every other), and
/// every other rule must be.
const BEYOND_SPECIFICATION: &[(&str, &str)] = &[
    (
        "MAN010",
        "cli.md names `check --baseline` and `baseline write`; rules.md has no code for a stale baseline entry",
    ),
    (
        "DESC009",
        "requirements.md forbids possessive and plural product names; rules.md has no code for it",
    ),
    (
        "LINK009",
        "a landing page with a literal space; rules.md has no code for it yet",
    ),
    (
        "LINK010",
        "a landing page that is a PDF; rules.md has no code for it yet",
    ),
    (
        "LINK011",
        "tracking parameters in the landing page; rules.md has no code for it yet",
    ),
    (
        "PRESS010",
        "a press release no [[press_release]] lists; rules.md has no code for it yet",
    ),
    (
        "XL001",
        "consistency across listings (one company spelled several ways); rules.md checks one listing at a time and has no code for it",
    ),
    (
        "XL002",
        "consistency across listings (the User-Agent's company part); rules.md has no code for it",
    ),
    (
        "XL003",
        "consistency across listings (a landing page shared by two products); rules.md has no code for it",
    ),
    (
        "XL004",
        "consistency across listings (duplicate descriptions); rules.md has no code for it",
    ),
    (
        "XL005",
        "consistency across listings (one logo under two products); rules.md has no code for it",
    ),
    (
        "XL006",
        "consistency across listings (a product's version going backwards); rules.md has no code for it",
    ),
];

/// The catalogue in the specification names the same codes, names and severities.
#[test]
fn the_registry_matches_the_specification() {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/spec/rules.md");
    let Ok(text) = std::fs::read_to_string(&spec) else {
        crate::support::skipped(
            "the_registry_matches_the_specification",
            &format!("{} is not beside the checkout", spec.display()),
        );
        return;
    };
    for (code, _) in BEYOND_SPECIFICATION {
        assert!(
            RULES.iter().any(|rule| rule.code == *code),
            "{code} is listed as beyond the specification but is not a rule"
        );
        assert!(
            !text.contains(&format!("| {code} |")),
            "{code} is in the specification now: remove it from BEYOND_SPECIFICATION"
        );
    }
    for rule in RULES {
        let row = text
            .lines()
            .find(|line| line.starts_with(&format!("| {} |", rule.code)));
        let beyond = BEYOND_SPECIFICATION
            .iter()
            .any(|(code, _)| *code == rule.code);
        let row = match (row, beyond) {
            (Some(_), true) => panic!(
                "{} is in the specification now: remove it from BEYOND_SPECIFICATION",
                rule.code
            ),
            (None, true) => continue,
            (Some(row), false) => row,
            (None, false) => panic!("{} is not in the specification", rule.code),
        };
        let cells: Vec<&str> = row.split('|').map(str::trim).collect();
        assert_eq!(cells[2], rule.name, "{} name", rule.code);
        assert_eq!(cells[3], rule.severity_label(), "{} severity", rule.code);
    }
}

#[test]
fn docs_rules_md_is_generated_from_the_registry() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == catalogue_markdown(),
        "docs/rules.md is out of date; {UPDATE_HINT}"
    );
}

#[test]
fn docs_listing_schema_is_generated_from_the_schema() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/listing.schema.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == schema_text(),
        "docs/listing.schema.json is out of date; {UPDATE_HINT}"
    );
}
