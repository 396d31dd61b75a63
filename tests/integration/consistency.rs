//! The XL rules: trees of listings checked together, each finding on the later listing and
//! pointing at the earlier one, in the human report, JSON and SARIF; a negative case per
//! code; a generated tree where only the planted duplicates are found; suppressions, severity,
//! baselines and `--changed-since`.

use crate::support;

use std::path::Path;
use std::process::Command;

use support::*;

/// A listing of the tree: what differs between listings.
#[derive(Clone)]
struct Listing {
    company: String,
    product: String,
    description: String,
    page: String,
    version: String,
    logo: String,
    extra: String,
}

/// Logos that look different from each other (and from [`LOGO`]).
const SQUARE: &str = LOGO;
const DISC: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><circle cx="32" cy="32" r="24" fill="#7A1F5C"/></svg>"##;
const BARS: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect x="8" y="8" width="14" height="48" fill="#1F6F3A"/><rect x="42" y="8" width="14" height="48" fill="#1F6F3A"/></svg>"##;

const TRIANGLE: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><path d="M32 6 L58 56 H6 Z" fill="#8A4B08"/></svg>"##;

/// A listing of `product` by `company`, with the description and logo of that product: each
/// product of these tests has its own.
fn listing(company: &str, product: &str) -> Listing {
    let (description, logo) = match product {
        "Lumora Nimbus" => (
            "Lumora Nimbus isolates compromised laptops automatically whenever Microsoft Defender for Endpoint raises an alert.",
            DISC,
        ),
        "Quillon Shield" => (
            "Quillon Shield feeds phishing reports from employee mailboxes into Microsoft Defender for Endpoint investigations.",
            BARS,
        ),
        "Vastra Guard" => (
            "Vastra Guard audits firewall rules nightly and opens Microsoft Defender for Endpoint incidents for risky changes.",
            TRIANGLE,
        ),
        _ => (
            "Send Lumora Cognito verdicts to Microsoft Defender for Endpoint and block malicious files everywhere.",
            SQUARE,
        ),
    };
    Listing {
        company: company.into(),
        product: product.into(),
        description: description.into(),
        page: format!(
            "https://www.{}.io/defender",
            product.to_lowercase().replace(' ', "-")
        ),
        version: "1.0.0".into(),
        logo: logo.into(),
        extra: String::new(),
    }
}

impl Listing {
    fn manifest(&self) -> String {
        format!(
            "[partner]\ncompany = \"{}\"\n\n[product]\nname = \"{}\"\ndescription = \"{}\"\nlogo = \"logo.svg\"\nlanding_page = \"{}\"\ncategory = \"threat-intelligence\"\n\n[integration]\nversion = \"{}\"\nmulti_tenant = false\n{}",
            self.company, self.product, self.description, self.page, self.version, self.extra
        )
    }

    fn write(&self, root: &Path, folder: &str) {
        let dir = root.join(folder);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("listing.toml"), self.manifest()).unwrap();
        std::fs::write(dir.join("logo.svg"), &self.logo).unwrap();
    }
}

/// A tree of the listings given, each in its folder.
fn tree(listings: &[(&str, Listing)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (folder, listing) in listings {
        listing.write(dir.path(), folder);
    }
    dir
}

fn check(dir: &Path, extra: &[&str]) -> (i32, String, String) {
    let mut args = vec!["check", "--today", "2026-11-22"];
    args.extend_from_slice(extra);
    args.push(".");
    let output = mdelist(&args, dir);
    (
        output.status.code().unwrap(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// The human report of checking the tree.
fn human(dir: &Path) -> String {
    let (code, stdout, stderr) = check(dir, &[]);
    assert_eq!(code, 0, "{stdout}{stderr}");
    assert_eq!(stderr, "");
    stdout
}

/// (listing path, code) of every XL finding in a JSON report.
fn xl_findings(dir: &Path, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (_, stdout, stderr) = check(dir, &args);
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap_or_else(|_| {
        panic!("{stdout}{stderr}");
    });
    let mut found = Vec::new();
    for listing in report["listings"].as_array().unwrap() {
        for diagnostic in listing["diagnostics"].as_array().unwrap() {
            let code = diagnostic["code"].as_str().unwrap();
            if code.starts_with("XL") {
                found.push((listing["path"].as_str().unwrap().to_string(), code.into()));
            }
        }
    }
    found
}

const CLEAN: &str = "checked 2 listings: 0 errors, 0 warnings\n";

#[test]
fn xl001_one_company_spelled_two_ways() {
    let dir = tree(&[
        ("a", listing("Lumora", "Lumora Cognito")),
        ("b", listing("Lumora Ltd", "Lumora Nimbus")),
    ]);
    assert_eq!(
        human(dir.path()),
        r#"warning[XL001]: company "Lumora Ltd" is written "Lumora" in a/listing.toml; the User-Agents name the company "LumoraLtd" and "Lumora", which Microsoft counts as two partners
 --> b/listing.toml:2:11
  |
2 | company = "Lumora Ltd"
  |           ^^^^^^^^^^^^ another spelling of the same company
  |
  = note: a/listing.toml:2:11: the company written "Lumora"
  = help: write the company name as the other listings do: company = "Lumora"

checked 2 listings: 0 errors, 1 warning
"#
    );
    // A look-alike letter (Cyrillic о) is the same company too, and said so.
    let dir = tree(&[
        ("a", listing("Lumora", "Lumora Cognito")),
        ("b", listing("Lumоra", "Lumora Nimbus")),
    ]);
    let out = human(dir.path());
    assert!(
        out.starts_with(
            "warning[XL001]: company \"Lumоra\" is written \"Lumora\" in a/listing.toml (`о` here \
             is U+043E, a look-alike letter); the User-Agents name the company \"Lumra\" and \
             \"Lumora\", which Microsoft counts as two partners\n"
        ),
        "{out}"
    );
    // Negative: two companies, and one company written alike twice.
    let dir = tree(&[
        ("a", listing("Lumora", "Lumora Cognito")),
        ("b", listing("Lumora Labs", "Lumora Nimbus")),
    ]);
    assert_eq!(human(dir.path()), CLEAN);
    let dir = tree(&[
        ("a", listing("Lumora", "Lumora Cognito")),
        ("b", listing("Lumora", "Lumora Nimbus")),
    ]);
    assert_eq!(human(dir.path()), CLEAN);
}

#[test]
fn xl002_the_user_agent_names_the_company_another_way() {
    let mut given = listing("Lumora", "Lumora Nimbus");
    given.extra = "user_agent = \"MdePartner-LumoraInc-LumoraNimbus/1.0.0\"\n".into();
    let dir = tree(&[("a", listing("Lumora", "Lumora Cognito")), ("b", given)]);
    // UA003 says the User-Agent does not match its own listing; XL002 says what that does
    // across listings.
    assert_eq!(
        human(dir.path()),
        r#"warning[UA003]: [*] user_agent does not match the listing: company "LumoraInc" (listing: "Lumora")
  --> b/listing.toml:14:14
   |
14 | user_agent = "MdePartner-LumoraInc-LumoraNimbus/1.0.0"
   |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
   |
   = help: use "MdePartner-Lumora-LumoraNimbus/1.0.0", or remove user_agent to derive it

warning[XL002]: User-Agent names the company "LumoraInc", but a/listing.toml names the same company "Lumora"
  --> b/listing.toml:14:14
   |
14 | user_agent = "MdePartner-LumoraInc-LumoraNimbus/1.0.0"
   |              ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ another company part
   |
   = note: a/listing.toml:2:11: the User-Agent's company "Lumora"
   = help: use the same company part in every User-Agent: Microsoft recognises a partner by it

checked 2 listings: 0 errors, 2 warnings
"#
    );
    // Negative: the same company part, given or derived.
    let mut same = listing("Lumora", "Lumora Nimbus");
    same.extra = "user_agent = \"MdePartner-Lumora-LumoraNimbus/1.0.0\"\n".into();
    let dir = tree(&[("a", listing("Lumora", "Lumora Cognito")), ("b", same)]);
    assert_eq!(human(dir.path()), CLEAN);
}

#[test]
fn xl003_two_products_with_one_landing_page() {
    let first = listing("Lumora", "Lumora Cognito");
    let mut second = listing("Quillon", "Quillon Shield");
    second.page = "HTTPS://WWW.lumora-cognito.io:443/defender/?utm_source=mde#top".into();
    let dir = tree(&[("a", first), ("b", second)]);
    assert_eq!(
        human(dir.path()),
        r#"warning[XL003]: landing page "https://www.lumora-cognito.io/defender" is also the landing page of "Lumora Cognito" (a/listing.toml)
 --> b/listing.toml:8:16
  |
8 | ... = "HTTPS://WWW.lumora-cognito.io:443/defender/?utm_source=mde#top"
  |       ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ the same page as another product
  |
  = note: a/listing.toml:8:16: the same landing page, of "Lumora Cognito"
  = help: link each product to the page about its own integration

checked 2 listings: 0 errors, 1 warning, 1 info
"#
    );
    // Negative: another path on the same site; and the same product in two folders.
    let mut other = listing("Quillon", "Quillon Shield");
    other.page = "https://www.lumora-cognito.io/defender/shield".into();
    let dir = tree(&[("a", listing("Lumora", "Lumora Cognito")), ("b", other)]);
    assert_eq!(human(dir.path()), CLEAN);
    let mut again = listing("Lumora", "Lumora Cognito");
    again.version = "1.1.0".into();
    let dir = tree(&[("a", listing("Lumora", "Lumora Cognito")), ("b", again)]);
    assert_eq!(human(dir.path()), CLEAN);
}

#[test]
fn xl004_identical_and_near_identical_descriptions() {
    let first = listing("Lumora", "Lumora Cognito");
    let mut copied = listing("Quillon", "Quillon Shield");
    copied.description = first.description.to_uppercase();
    let mut reworded = listing("Vastra", "Vastra Guard");
    reworded.description = first.description.replace("everywhere", "anywhere");
    let dir = tree(&[("a", first), ("b", copied), ("c", reworded)]);
    let (_, stdout, _) = check(dir.path(), &["--verbose"]);
    let xl: Vec<&str> = stdout.lines().filter(|line| line.contains("[XL")).collect();
    assert_eq!(
        xl,
        [
            r#"warning[XL004]: description is identical to that of "Lumora Cognito" (a/listing.toml)"#,
            r#"warning[XL004]: description is nearly identical to that of "Lumora Cognito" (a/listing.toml): 85% of its word pairs are the same"#,
        ],
        "{stdout}"
    );
    assert!(stdout.contains(
        "  = note: a/listing.toml:6:15: the description of \"Lumora Cognito\"\n  = help: describe what this product does with Defender for Endpoint in its own words\n"
    ));
    // Negative: descriptions of their own.
    let mut own = listing("Quillon", "Quillon Shield");
    own.description = "Quillon Shield isolates compromised laptops automatically whenever Microsoft Defender for Endpoint raises an alert.".into();
    let dir = tree(&[("a", listing("Lumora", "Lumora Cognito")), ("b", own)]);
    assert_eq!(xl_findings(dir.path(), &[]), []);
}

#[test]
fn xl005_two_products_with_one_logo() {
    let first = listing("Lumora", "Lumora Cognito");
    let mut second = listing("Quillon", "Quillon Shield");
    // The same artwork, written another way: another canvas size, another colour notation.
    second.logo = r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 128 128">
  <rect x="16" y="16" width="96" height="96" fill="rgb(15,76,129)"/>
</svg>
"#
    .into();
    let dir = tree(&[("a", first), ("b", second)]);
    assert_eq!(
        human(dir.path()),
        r#"warning[XL005]: logo looks the same as the logo of "Lumora Cognito" (a/listing.toml)
 --> b/listing.toml:7:8
  |
7 | logo = "logo.svg"
  |        ^^^^^^^^^^ the same artwork as another product
  |
  = note: a/listing.toml:7:8: the logo of "Lumora Cognito"
  = help: give each product its own logo, or list the products as one

checked 2 listings: 0 errors, 1 warning
"#
    );
    // Negative: logos of their own.
    let mut disc = listing("Quillon", "Quillon Shield");
    disc.logo = DISC.into();
    let mut bars = listing("Vastra", "Vastra Guard");
    bars.logo = BARS.into();
    let dir = tree(&[
        ("a", listing("Lumora", "Lumora Cognito")),
        ("b", disc),
        ("c", bars),
    ]);
    assert_eq!(xl_findings(dir.path(), &[]), []);
}

#[test]
fn xl006_a_product_whose_version_goes_backwards_in_path_order() {
    let mut newer = listing("Lumora", "Lumora Cognito");
    newer.version = "2.0.0".into();
    let mut older = listing("Lumora", "Lumora Cognito");
    older.version = "1.4.0".into();
    let dir = tree(&[("cognito/v01", newer.clone()), ("cognito/v02", older)]);
    assert_eq!(
        human(dir.path()),
        r#"warning[XL006]: version 1.4.0 is lower than 2.0.0 in cognito/v01/listing.toml, an earlier folder of the same product
  --> cognito/v02/listing.toml:12:11
   |
12 | version = "1.4.0"
   |           ^^^^^^^ lower than an earlier folder's
   |
   = note: cognito/v01/listing.toml:12:11: version 2.0.0
   = help: raise the version, or name the folders so that path order is release order (v01, v02… rather than v9, v10)

checked 2 listings: 0 errors, 1 warning
"#
    );
    // Negative: versions going up, and another product's lower version.
    let mut next = listing("Lumora", "Lumora Cognito");
    next.version = "2.1.0-beta.1".into();
    let mut other = listing("Lumora", "Lumora Nimbus");
    other.version = "0.9.0".into();
    let dir = tree(&[
        ("cognito/v01", newer),
        ("cognito/v02", next),
        ("nimbus", other),
    ]);
    assert_eq!(xl_findings(dir.path(), &[]), []);
}

#[test]
fn sarif_and_json_point_at_the_earlier_listing() {
    let first = listing("Lumora", "Lumora Cognito");
    let mut second = listing("Quillon", "Quillon Shield");
    second.page = first.page.clone();
    let dir = tree(&[("a", first), ("b", second)]);
    let (_, stdout, _) = check(dir.path(), &["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1, "{stdout}");
    assert_eq!(results[0]["ruleId"], "XL003");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "b/listing.toml"
    );
    assert_eq!(
        results[0]["relatedLocations"],
        serde_json::json!([{
            "id": 0,
            "physicalLocation": {
                "artifactLocation": { "uri": "a/listing.toml", "uriBaseId": "%SRCROOT%" },
                "region": { "startLine": 8, "startColumn": 16, "endLine": 8, "endColumn": 56 },
            },
            "message": { "text": "the same landing page, of \"Lumora Cognito\"" },
        }])
    );
    let rules = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|rule| rule["id"] == "XL003"));

    let (_, stdout, _) = check(dir.path(), &["--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(
        json["listings"][1]["diagnostics"][0]["related"],
        serde_json::json!([{
            "file": "a/listing.toml",
            "line": 8,
            "column": 16,
            "end_line": 8,
            "end_column": 56,
            "message": "the same landing page, of \"Lumora Cognito\"",
        }])
    );
    assert_eq!(json["listings"][0]["diagnostics"], serde_json::json!([]));
}

/// A generated tree of `count` listings, each a product of its own (own company, page, text,
/// logo), and the planted duplicates.
#[test]
fn among_200_generated_listings_only_the_planted_duplicates_are_found() {
    const WORDS: &[&str] = &[
        "alerts",
        "verdicts",
        "devices",
        "identities",
        "mailboxes",
        "tickets",
        "queues",
        "timelines",
        "indicators",
        "incidents",
        "sensors",
        "servers",
        "laptops",
        "tenants",
        "policies",
        "campaigns",
        "hashes",
        "domains",
        "artifacts",
        "detections",
        "analysts",
        "playbooks",
        "reports",
        "vulnerabilities",
        "patches",
        "backups",
        "firewalls",
        "gateways",
        "containers",
        "clusters",
        "browsers",
        "printers",
        "phones",
        "tablets",
        "routers",
    ];
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let dir = tempfile::tempdir().unwrap();
    let mut listings: Vec<Listing> = (0..200)
        .map(|index| {
            let product = format!("Product {index:03}");
            let words: Vec<&str> = (0..8)
                .map(|_| WORDS[(next() % WORDS.len() as u64) as usize])
                .collect();
            // A logo of its own: an 8 × 8 pattern of cells from the generator.
            let pattern = next();
            let cells: String = (0..64)
                .filter(|bit| pattern >> bit & 1 == 1)
                .map(|bit| {
                    format!(
                        r##"<rect x="{}" y="{}" width="8" height="8" fill="#123456"/>"##,
                        bit % 8 * 8,
                        bit / 8 * 8
                    )
                })
                .collect();
            Listing {
                company: format!("Vendor {index:03}"),
                product: product.clone(),
                description: format!("{product} links {} with Defender.", words.join(" ")),
                page: format!("https://vendor-{index:03}.io/defender"),
                version: "1.0.0".into(),
                logo: format!(
                    r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">{cells}</svg>"#
                ),
                extra: String::new(),
            }
        })
        .collect();
    // The planted duplicates, each on a later listing.
    listings[50].company = "Vendor 010 Ltd".into();
    listings[80].page = "https://VENDOR-020.io/defender/".into();
    listings[120].description = listings[30]
        .description
        .replace("Product 030", "Product 120");
    listings[150].logo = listings[40].logo.clone();
    listings[60].version = "2.0.0".into();
    listings[170].company = listings[60].company.clone();
    listings[170].product = listings[60].product.clone();
    for (index, listing) in listings.iter().enumerate() {
        listing.write(dir.path(), &format!("vendor-{index:03}"));
    }
    let expected: Vec<(String, String)> = [
        (50, "XL001"),
        (80, "XL003"),
        (120, "XL004"),
        (150, "XL005"),
        (170, "XL006"),
    ]
    .iter()
    .map(|(index, code)| (format!("vendor-{index:03}/listing.toml"), code.to_string()))
    .collect();
    assert_eq!(xl_findings(dir.path(), &["--jobs", "2"]), expected);
}

#[test]
fn suppressions_severity_and_baselines_apply_to_the_findings_across_listings() {
    let first = listing("Lumora", "Lumora Cognito");
    let mut second = listing("Quillon", "Quillon Shield");
    second.page = first.page.clone();
    second.extra = "\n[checks]\nallow = [\n  { rule = \"XL003\", reason = \"one page for the suite\" },\n  { rule = \"XL005\", reason = \"stale\" },\n]\n".into();
    let dir = tree(&[("a", first.clone()), ("b", second.clone())]);
    let (code, stdout, _) = check(dir.path(), &["--verbose"]);
    assert_eq!(code, 0);
    assert!(
        stdout.contains("  = note: suppressed: one page for the suite\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "warning[MAN009]: unused suppression: no other listing checked with this one gives \
             an XL005 finding\n"
        ),
        "{stdout}"
    );
    assert!(stdout.ends_with("checked 2 listings: 0 errors, 1 warning, 1 suppressed\n"));
    // Checked alone, a listing is compared with nothing: its XL entries are not judged.
    let (code, stdout, _) = check(&dir.path().join("b"), &[]);
    assert_eq!(
        (code, stdout.as_str()),
        (0, "checked 1 listing: 0 errors, 0 warnings\n")
    );

    // `[severity]` raises or turns a rule off.
    second.extra = String::new();
    let dir = tree(&[("a", first), ("b", second)]);
    std::fs::write(
        dir.path().join("mdelist.toml"),
        "[severity]\nXL003 = \"error\"\n",
    )
    .unwrap();
    let (code, stdout, _) = check(dir.path(), &[]);
    assert_eq!(code, 1, "{stdout}");
    assert!(stdout.starts_with("error[XL003]: "), "{stdout}");
    std::fs::write(
        dir.path().join("mdelist.toml"),
        "[severity]\nXL003 = \"off\"\n",
    )
    .unwrap();
    assert_eq!(human(dir.path()), CLEAN);

    // A baseline written with the finding accepts it.
    std::fs::remove_file(dir.path().join("mdelist.toml")).unwrap();
    let written = mdelist(
        &[
            "baseline",
            "write",
            "--today",
            "2026-11-22",
            "--reason",
            "one suite page",
            ".",
        ],
        dir.path(),
    );
    assert_eq!(
        written.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&written.stderr)
    );
    let baseline = std::fs::read_to_string(dir.path().join("mdelist-baseline.toml")).unwrap();
    assert!(baseline.contains("XL003"), "{baseline}");
    let (code, stdout, _) = check(dir.path(), &["--baseline", "mdelist-baseline.toml"]);
    assert_eq!(code, 0);
    assert_eq!(
        stdout,
        "checked 2 listings: 0 errors, 0 warnings, 1 suppressed\n"
    );
}

fn git(repo: &Path, args: &[&str]) {
    let output = Command::new("git")
        .args(["-c", "user.name=CI", "-c", "user.email=ci@example.com"])
        .args(["-c", "init.defaultBranch=main"])
        .args(args)
        .current_dir(repo)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn changed_since_turns_the_family_off_with_a_note() {
    let dir = tree(&[("a", listing("Lumora", "Lumora Cognito"))]);
    git(dir.path(), &["init", "-q"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "first"]);
    let mut copy = listing("Lumora Ltd", "Lumora Nimbus");
    copy.page = listing("Lumora", "Lumora Cognito").page;
    copy.write(dir.path(), "b");
    let (code, stdout, stderr) = check(dir.path(), &["--changed-since", "HEAD"]);
    assert_eq!(code, 0);
    assert_eq!(stdout, "checked 1 listing: 0 errors, 0 warnings\n");
    assert!(
        stderr.ends_with(
            "note: the XL rules (consistency across listings) are off: they compare every \
             listing with the others, and --changed-since checks only some; run a full check \
             to apply them\n"
        ),
        "{stderr}"
    );
    // Checking everything finds them.
    assert_eq!(
        xl_findings(dir.path(), &[]),
        [
            ("b/listing.toml".to_string(), "XL001".to_string()),
            ("b/listing.toml".to_string(), "XL003".to_string()),
        ]
    );
}
