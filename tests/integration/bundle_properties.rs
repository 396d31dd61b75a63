//! Bundles of generated listings: the archive depends only on what the listing says (not on the
//! order or layout of `listing.toml`), the same listing always gives the same bytes, and
//! `verify` accepts every archive `bundle` writes, finding the listing inside still clean.

use std::io::Cursor;
use std::path::Path;

use jiff::civil::Date;
use mdelist::bundle::verify::verify_archive;
use mdelist::bundle::{plan, write};
use mdelist::check::{ListingReport, check_package};
use mdelist::diagnostics::Tally;
use mdelist::manifest::schema::CATEGORIES;
use mdelist::manifest::{PathProblem, package_from_bytes};
use mdelist::policy::Policy;
use mdelist::svg::InProcess;
use mdelist::text::user_agent;
use proptest::prelude::*;

const LOGO: &[u8] = include_bytes!("../../examples/contoso-cognito/logo.svg");
const PRESS: &[u8] = include_bytes!("../../examples/contoso-cognito/press/2026-11-launch.md");
const TODAY: Date = Date::constant(2026, 11, 22);

/// A listing as its fields, before it is written out as TOML.
#[derive(Debug, Clone)]
struct Generated {
    company: String,
    product: String,
    description: String,
    localized_ja: Option<String>,
    version: String,
    category: &'static str,
    multi_tenant: bool,
    press_release: bool,
}

const WORDS: &[&str] = &[
    "detect",
    "threats",
    "across",
    "endpoints",
    "and",
    "respond",
    "faster",
    "with",
    "automated",
    "isolation",
    "alerts",
    "stream",
    "signals",
    "into",
    "Defender",
    "for",
    "Endpoint",
    "devices",
    "risky",
    "correlate",
    "identities",
    "cloud",
    "workloads",
    "investigate",
    "incidents",
];

const JAPANESE: &[&str] = &[
    "端末の脅威を自動で隔離します。",
    "検出結果を Defender for Endpoint に送信。",
    "クラウドの警告をすばやく調査。",
];

fn capitalized() -> impl Strategy<Value = String> {
    "[A-Z][a-z]{3,9}"
}

fn generated() -> impl Strategy<Value = Generated> {
    (
        capitalized(),
        proptest::collection::vec(capitalized(), 1..3),
        proptest::collection::vec(proptest::sample::select(WORDS), 5..14),
        proptest::option::of(proptest::sample::select(JAPANESE)),
        (1u8..20, 0u8..30, 0u8..30),
        proptest::sample::select(CATEGORIES),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(company, product_words, description, ja, version, category, multi_tenant, press)| {
                let product = format!("{company} {}", product_words.join(" "));
                let mut description = description.join(" ");
                description.replace_range(..1, &description[..1].to_uppercase());
                description.push('.');
                Generated {
                    company,
                    product,
                    description,
                    localized_ja: ja.map(str::to_string),
                    version: format!("{}.{}.{}", version.0, version.1, version.2),
                    category,
                    multi_tenant,
                    press_release: press,
                }
            },
        )
}

/// The listing's tables, each as TOML text, in the usual order.
fn tables(listing: &Generated) -> Vec<String> {
    let user_agent =
        user_agent::derive(&listing.company, &listing.product, &listing.version).unwrap();
    let mut tables = vec![
        "schema = 1\n".to_string(),
        format!("[partner]\ncompany = \"{}\"\n", listing.company),
        format!(
            "[product]\nname = \"{}\"\ndescription = \"{}\"\nlogo = \"logo.svg\"\n\
             landing_page = \"https://www.{}.com/defender\"\ncategory = \"{}\"\n",
            listing.product,
            listing.description,
            listing.company.to_lowercase(),
            listing.category
        ),
    ];
    if let Some(ja) = &listing.localized_ja {
        tables.push(format!(
            "[product.localized.ja-JP]\ndescription = \"{} {ja}\"\n",
            listing.product
        ));
    }
    let mut integration = format!(
        "[integration]\nversion = \"{}\"\nuser_agent = \"{user_agent}\"\nmulti_tenant = {}\n",
        listing.version, listing.multi_tenant
    );
    if listing.multi_tenant {
        integration.push_str(&format!(
            "entra_app_name = \"{} for Defender\"\n",
            listing.product
        ));
    }
    tables.push(integration);
    if listing.press_release {
        tables.push(
            "[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = 2026-11-02\n\
             publish = 2026-11-20\n\n[[press_release.review]]\nteam = \"marketing\"\n\
             verdict = \"approved\"\ndate = 2026-11-06\n\n[[press_release.review]]\n\
             team = \"engineering\"\nverdict = \"approved\"\ndate = 2026-11-09\n"
                .to_string(),
        );
    }
    tables
}

/// The files the listing refers to.
fn files(relative: &str) -> Result<Vec<u8>, PathProblem> {
    match relative {
        "logo.svg" => Ok(LOGO.to_vec()),
        "press/launch.md" => Ok(PRESS.to_vec()),
        _ => Err(PathProblem::Unreadable("does not exist".into())),
    }
}

fn check(manifest: &str) -> ListingReport {
    let package = package_from_bytes(
        Path::new("listing.toml"),
        Path::new("."),
        manifest.as_bytes().to_vec(),
        &files,
    );
    check_package(package, &Policy::default(), TODAY, &InProcess)
}

fn archive(report: &ListingReport) -> Vec<u8> {
    let plan = plan(report, TODAY).unwrap();
    write::archive(&plan, write::timestamp(None).unwrap()).unwrap()
}

proptest! {
    // 48 generated listings per run; PROPTEST_CASES runs more.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|cases| cases.parse().ok()).unwrap_or(48)
    ))]

    /// The same listing, its tables in any order and laid out differently, bundles to the
    /// same bytes; and `verify` finds the archive intact and the listing inside clean.
    #[test]
    fn bundles_are_deterministic_and_verify(
        listing in generated(),
        order in any::<u64>(),
    ) {
        let tables = tables(&listing);
        let manifest = tables.join("\n");
        let report = check(&manifest);
        let errors: Vec<_> = report
            .diagnostics
            .iter()
            .filter(|diagnostic| Tally::of(std::slice::from_ref(diagnostic)).errors > 0)
            .map(|diagnostic| diagnostic.code)
            .collect();
        prop_assert!(errors.is_empty(), "errors {errors:?} in\n{manifest}");
        let bytes = archive(&report);
        prop_assert_eq!(&bytes, &archive(&check(&manifest)), "same listing, other bytes");

        // Tables in another order (the top-level `schema` key first, as TOML requires), with
        // comments and blank lines: the same listing, so the same archive.
        let mut shuffled = tables[1..].to_vec();
        let mut state = order | 1;
        for index in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(index, (state % (index as u64 + 1)) as usize);
        }
        let relaid = format!("# generated\n{}\n\n{}", tables[0], shuffled.join("\n# -- \n\n"));
        prop_assert_eq!(&bytes, &archive(&check(&relaid)), "reordered listing, other bytes:\n{}", relaid);

        let verification = verify_archive(
            Cursor::new(bytes),
            Path::new("bundle.zip"),
            &Policy::default(),
            TODAY,
            &InProcess,
        )
        .unwrap();
        prop_assert_eq!(verification.problems, Vec::new());
        let inside = verification.report.unwrap();
        prop_assert_eq!(Tally::of(&inside.diagnostics).errors, 0);
        prop_assert_eq!(
            inside.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>(),
            report.diagnostics.iter().map(|d| d.code).collect::<Vec<_>>()
        );
    }
}
