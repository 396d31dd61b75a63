//! The browser edition (`cargo xtask web` → target/web/mdelist.html) against the command-line
//! tool: playwright-core drives Debian's Chromium through the page as a person would (picking a
//! folder, the files of one, a bundle; clicking the downloads), tests/web/parity.mjs saves what
//! the page shows and downloads, and this module requires it to be what `mdelist` gives for the
//! same input: the JSON report byte for byte, the renders pixel for pixel, the bundle byte for
//! byte, the verification byte for byte. It also requires that the page made no request but for
//! itself and its own `blob:` URLs, that nothing was refused by its Content-Security-Policy,
//! that a logo that renders forever ends in the tool's finding while the page still takes
//! keyboard input, and that the page fits 390 px.
//!
//! Needs the page (`cargo xtask web`), Node.js, `npm ci` in tests/web, and /usr/bin/chromium.
//! Without them the test is skipped with a message, unless `MDELIST_REQUIRE_BROWSER` is set
//! (`.ci/run` builds the page, installs the rest and sets it). The screenshots land in
//! target/web/screenshots/.

use crate::support;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde_json::{Value, json};
use support::*;

const TODAY: &str = "2026-11-22";
/// 2025-12-01 00:00:00 UTC, for the case that sets the bundle's timestamp.
const EPOCH: &str = "1764547200";
const CHROMIUM: &str = "/usr/bin/chromium";

/// The rule fixtures dropped into the page besides the examples: one or more per family,
/// with CJK words, a .docx press release, hostile SVG and broken manifests among them.
const FIXTURES: &[&str] = &[
    "CAT001",
    "DESC001",
    "DESC008",
    "ENTRA001",
    "LINK003",
    "LOGO002",
    "LOGO005",
    "LOGO010-xxe",
    "LOGO015",
    "MAN001",
    "MAN006",
    "MAN008",
    "NAME001",
    "ONB001",
    "PRESS002-docx",
    "PRESS002-japanese",
    "UA001",
];

/// Where `cargo xtask web` writes: the target folder.
fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| repo_root().join("target"), PathBuf::from)
}

/// What the test needs, or `None` (with a message) when it may be skipped.
fn prerequisites() -> Option<PathBuf> {
    let page = target_dir().join("web/mdelist.html");
    let mut missing = Vec::new();
    if !page.is_file() {
        missing.push("the page (run `cargo xtask web`)".to_string());
    }
    if !repo_root()
        .join("tests/web/node_modules/playwright-core")
        .is_dir()
    {
        missing.push("playwright-core (run `npm ci` in tests/web)".to_string());
    }
    if Command::new("node").arg("--version").output().is_err() {
        missing.push("Node.js".to_string());
    }
    if !Path::new(CHROMIUM).is_file() {
        missing.push(format!("{CHROMIUM} (apt-get install chromium)"));
    }
    if missing.is_empty() {
        return Some(page);
    }
    if std::env::var_os("MDELIST_REQUIRE_BROWSER").is_some() {
        panic!(
            "MDELIST_REQUIRE_BROWSER is set but the browser edition's test lacks: {}",
            missing.join(", ")
        );
    }
    eprintln!(
        "skipped web::the_page_gives_what_the_cli_gives: missing {}",
        missing.join(", ")
    );
    None
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

struct Case {
    name: String,
    input: &'static str,
    source_date_epoch: Option<&'static str>,
    hostile: bool,
    /// The page's render budget asked for in its address (`#render-budget-ms=N`), shorter
    /// than the 3 s of the command line.
    render_budget_ms: Option<u32>,
}

/// `mdelist ARGS` in `cwd`, with `SOURCE_DATE_EPOCH` as given (and only then).
fn cli(args: &[&str], cwd: &Path, source_date_epoch: Option<&str>) -> std::process::Output {
    let mut command = limited_mdelist();
    command.args(args).current_dir(cwd).env("NO_COLOR", "1");
    match source_date_epoch {
        Some(epoch) => command.env("SOURCE_DATE_EPOCH", epoch),
        None => command.env_remove("SOURCE_DATE_EPOCH"),
    };
    command.output().unwrap()
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn read_text(path: &Path) -> String {
    String::from_utf8(read(path)).unwrap()
}

/// A logo usvg accepts and resvg would render for hours (the native suite's
/// `heavy_filters_are_abandoned_within_the_time_budget`).
const ENDLESS_LOGO: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256"><filter id="f" x="0" y="0" width="1" height="1"><feTurbulence baseFrequency="0.05" numOctaves="1000000000"/></filter><rect width="256" height="256" fill="#0F4C81" filter="url(#f)"/><rect x="64" y="64" width="128" height="128" fill="#FFFFFF"/></svg>"##;

/// 2,000 overlapping translucent circles: about 31 million estimated pixel operations, under
/// the 50 million of the work cap, so both the command line and the page start rendering it.
fn slow_logo() -> String {
    let mut logo =
        String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256">"#);
    for i in 0u64..2000 {
        logo.push_str(&format!(
            r##"<circle cx="{}" cy="{}" r="{}" fill="#{:06x}" fill-opacity="0.5"/>"##,
            (i * 37) % 256,
            (i * 91) % 256,
            20 + (i * 13) % 60,
            (i * 2_654_435_761) % 0xFF_FFFF
        ));
    }
    logo.push_str("</svg>");
    logo
}

#[test]
fn the_page_gives_what_the_cli_gives() {
    let Some(page) = prerequisites() else {
        return;
    };
    let root = repo_root();
    let work = tempfile::tempdir().unwrap();
    let inputs = work.path().join("in");
    let native = work.path().join("native");
    let out = work.path().join("page");
    std::fs::create_dir_all(&inputs).unwrap();

    let mut cases = Vec::new();
    let mut examples: Vec<String> = std::fs::read_dir(root.join("examples"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    examples.sort();
    assert!(examples.len() >= 4, "{examples:?}");
    for example in &examples {
        copy_folder(&root.join("examples").join(example), &inputs.join(example));
        cases.push(Case {
            name: example.clone(),
            input: "folder",
            source_date_epoch: None,
            hostile: false,
            render_budget_ms: None,
        });
    }
    // The example again with a bundle timestamp, and as loose files (picked without a folder).
    copy_folder(
        &root.join("examples/contoso-cognito"),
        &inputs.join("contoso-epoch"),
    );
    cases.push(Case {
        name: "contoso-epoch".into(),
        input: "folder",
        source_date_epoch: Some(EPOCH),
        hostile: false,
        render_budget_ms: None,
    });
    copy_folder(&root.join("examples/broken-logo"), &inputs.join("loose"));
    cases.push(Case {
        name: "loose".into(),
        input: "files",
        source_date_epoch: None,
        hostile: false,
        render_budget_ms: None,
    });
    for fixture in FIXTURES {
        let name = format!("{fixture}.in");
        copy_folder(
            &root.join("tests/cmd/rules").join(&name),
            &inputs.join(&name),
        );
        cases.push(Case {
            name,
            input: "folder",
            source_date_epoch: None,
            hostile: false,
            render_budget_ms: None,
        });
    }
    copy_folder(
        &root.join("examples/contoso-cognito"),
        &inputs.join("endless-logo"),
    );
    std::fs::write(inputs.join("endless-logo/logo.svg"), ENDLESS_LOGO).unwrap();
    cases.push(Case {
        name: "endless-logo".into(),
        input: "folder",
        source_date_epoch: None,
        hostile: true,
        render_budget_ms: None,
    });
    // A logo under the work cap that takes tens of milliseconds to render, checked with a
    // budget of 0 ms: the page's own stop (terminating the Web Worker) must end the render.
    copy_folder(
        &root.join("examples/contoso-cognito"),
        &inputs.join("slow-logo"),
    );
    std::fs::write(inputs.join("slow-logo/logo.svg"), slow_logo()).unwrap();
    cases.push(Case {
        name: "slow-logo".into(),
        input: "folder",
        source_date_epoch: None,
        hostile: true,
        render_budget_ms: Some(0),
    });
    // A bundle someone sent: made by the tool, dropped into the page to verify.
    let received = work.path().join("received");
    std::fs::create_dir_all(&received).unwrap();
    let made = cli(
        &[
            "bundle",
            inputs.join("contoso-cognito").to_str().unwrap(),
            "--today",
            TODAY,
            "--out",
            received.to_str().unwrap(),
        ],
        work.path(),
        None,
    );
    assert!(made.status.success(), "{}", stderr(&made));
    let received_zip = std::fs::read_dir(&received)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();

    let mut specs: Vec<Value> = cases
        .iter()
        .map(|case| {
            let folder = inputs.join(&case.name);
            let paths: Vec<String> = if case.input == "files" {
                file_names(&folder)
                    .iter()
                    .map(|name| folder.join(name).display().to_string())
                    .collect()
            } else {
                vec![folder.display().to_string()]
            };
            json!({
                "name": case.name,
                "input": case.input,
                "paths": paths,
                "today": TODAY,
                "sourceDateEpoch": case.source_date_epoch,
                "hostile": case.hostile,
                "renderBudgetMs": case.render_budget_ms,
            })
        })
        .collect();
    specs.push(json!({
        "name": "received",
        "input": "bundle",
        "paths": [received_zip.display().to_string()],
        "today": TODAY,
    }));
    let screenshots = target_dir().join("web/screenshots");
    std::fs::create_dir_all(&screenshots).unwrap();
    let job = json!({
        "page": page.display().to_string(),
        "out": out.display().to_string(),
        "cases": specs,
        "screenshots": {
            "listing": inputs.join("press-in-review").display().to_string(),
            "today": TODAY,
            "desktop": screenshots.join("desktop.png").display().to_string(),
            "mobile": screenshots.join("mobile.png").display().to_string(),
        },
    });
    let job_file = work.path().join("job.json");
    std::fs::write(&job_file, serde_json::to_string_pretty(&job).unwrap()).unwrap();
    let driven = Command::new("node")
        .arg(root.join("tests/web/parity.mjs"))
        .arg(&job_file)
        .current_dir(root.join("tests/web"))
        .output()
        .unwrap();
    assert!(
        driven.status.success(),
        "the browser run failed:\n{}{}",
        stdout(&driven),
        stderr(&driven)
    );

    for case in &cases {
        compare_case(
            case,
            &inputs,
            &native.join(&case.name),
            &out.join(&case.name),
        );
    }

    // The bundle dropped into the page: the same verification as `mdelist verify`.
    let expected = cli(
        &[
            "verify",
            "--format",
            "json",
            "--today",
            TODAY,
            received_zip.file_name().unwrap().to_str().unwrap(),
        ],
        &received,
        None,
    );
    assert_eq!(
        read_text(&out.join("received/verify.json")),
        stdout(&expected),
        "verify of a dropped bundle"
    );

    let run: Value = serde_json::from_str(&read_text(&out.join("run.json"))).unwrap();
    let page_url = run["page"].as_str().unwrap();
    let requests: Vec<&str> = run["requests"]
        .as_array()
        .unwrap()
        .iter()
        .map(|request| request.as_str().unwrap())
        .collect();
    // The watch works: it saw the page itself being loaded.
    assert!(requests.contains(&page_url), "{requests:?}");
    let network: Vec<&&str> = requests
        .iter()
        .filter(|url| **url != page_url && !url.starts_with("blob:") && !url.starts_with("data:"))
        .collect();
    assert!(network.is_empty(), "the page made requests: {network:?}");
    let problems = run["problems"].as_array().unwrap();
    assert!(
        problems.is_empty(),
        "the page reported problems: {problems:#?}"
    );

    for name in ["desktop", "mobile"] {
        let widths: Value =
            serde_json::from_str(&read_text(&out.join(format!("{name}-width.json")))).unwrap();
        assert!(
            widths["scroll"].as_u64() <= widths["client"].as_u64(),
            "the page scrolls sideways at the {name} width: {widths}"
        );
        let shot = decode_png(&read(&screenshots.join(format!("{name}.png"))));
        assert_eq!(shot.width, if name == "mobile" { 390 } else { 1280 });
    }
}

fn compare_case(case: &Case, inputs: &Path, native: &Path, page: &Path) {
    let name = case.name.as_str();
    std::fs::create_dir_all(native).unwrap();
    let state: Value = serde_json::from_str(&read_text(&page.join("state.json"))).unwrap();
    assert_eq!(state["state"], "done", "{name}: {state}");
    if case.render_budget_ms.is_some() {
        // The page stopped the render at its budget: the logo is LOGO001 and nothing of the
        // pixel rules ran, while the page kept taking input. The command line, with its 3 s,
        // renders the same logo and warns that it is heavy.
        assert_eq!(state["typedWhileChecking"], "42", "{name}: {state}");
        let report: Value = serde_json::from_str(&read_text(&page.join("report.json"))).unwrap();
        let findings = report["listings"][0]["diagnostics"].as_array().unwrap();
        let logo001: Vec<&str> = findings
            .iter()
            .filter(|finding| finding["code"] == "LOGO001")
            .map(|finding| finding["message"].as_str().unwrap())
            .collect();
        assert_eq!(
            logo001,
            [
                "logo \"logo.svg\" could not be rendered: rendering did not finish within 3 s, so \
                 it was stopped"
            ],
            "{name}"
        );
        let check = cli(
            &["check", "--format", "json", "--today", TODAY, name],
            inputs,
            None,
        );
        let native_report: Value = serde_json::from_slice(&check.stdout).unwrap();
        let native_codes: Vec<&str> = native_report["listings"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|finding| finding["code"].as_str().unwrap())
            .collect();
        assert!(
            native_codes.contains(&"LOGO016"),
            "{name}: {native_codes:?}"
        );
        assert!(
            !native_codes.contains(&"LOGO001"),
            "{name}: {native_codes:?}"
        );
        return;
    }

    // The loose files were picked without their folder: the tool is run inside it.
    let (cwd, target) = if case.input == "files" {
        (inputs.join(name), "listing.toml".to_string())
    } else {
        (inputs.to_path_buf(), name.to_string())
    };
    let started = Instant::now();
    let check = cli(
        &["check", "--format", "json", "--today", TODAY, &target],
        &cwd,
        None,
    );
    let cli_ms = started.elapsed().as_millis();
    assert!(
        check.status.code().is_some_and(|code| code < 2),
        "{name}: {}",
        stderr(&check)
    );
    let report = read_text(&page.join("report.json"));
    assert_eq!(report, stdout(&check), "{name}: the JSON report differs");
    if name == "contoso-cognito" {
        eprintln!(
            "contoso-cognito: checked in the page in {} ms (worker start, module instance, check), \
             by the command line in {cli_ms} ms (process start, check)",
            state["checkMs"]
        );
    }

    // Every finding is shown with its snippet, in the report's order.
    let parsed: Value = serde_json::from_str(&report).unwrap();
    let codes: Vec<&str> = parsed["listings"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|diagnostic| diagnostic["code"].as_str().unwrap())
        .collect();
    let shown: Vec<&str> = state["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|finding| finding["code"].as_str().unwrap())
        .collect();
    assert_eq!(shown, codes, "{name}: the findings shown");

    if case.hostile {
        // The work estimate refuses this logo before any pixel is drawn, in the page as on
        // the command line: the check ends with the finding, and the page took typed input
        // while it ran.
        assert_eq!(state["typedWhileChecking"], "42", "{name}: {state}");
        assert_eq!(state["state"], "done", "{name}: {state}");
        assert!(
            report.contains("could not be rendered: it needs an estimated"),
            "{name}: {report}"
        );
        return;
    }

    // The preview frame showed the renders (or, without them, said so).
    let expected_logos = if state["renders"].as_array().unwrap().is_empty() {
        "none"
    } else {
        "loaded"
    };
    assert_eq!(
        state["previewLogos"], expected_logos,
        "{name}: the preview's logos"
    );

    let preview = cli(
        &[
            "preview",
            &target,
            "--today",
            TODAY,
            "--out",
            native.join("preview").to_str().unwrap(),
        ],
        &cwd,
        None,
    );
    let renders: Vec<String> = state["renders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|render| render.as_str().unwrap().to_string())
        .collect();
    if preview.status.success() {
        let mut expected: Vec<String> = file_names(&native.join("preview"))
            .into_iter()
            .filter(|file| file.ends_with(".png"))
            .collect();
        expected.sort();
        let mut got = renders.clone();
        got.sort();
        assert_eq!(got, expected, "{name}: the renders");
        for render in &renders {
            let ours = decode_png(&read(&page.join(render)));
            let theirs = decode_png(&read(&native.join("preview").join(render)));
            assert_eq!(
                (ours.width, ours.height),
                (theirs.width, theirs.height),
                "{name} {render}"
            );
            assert!(
                ours.rgba == theirs.rgba,
                "{name}: {render} differs from the native render"
            );
        }
    }

    let bundled = cli(
        &[
            "bundle",
            &target,
            "--today",
            TODAY,
            "--out",
            native.to_str().unwrap(),
        ],
        &cwd,
        case.source_date_epoch,
    );
    let Some(bundle_name) = state["bundle"].as_str() else {
        assert_eq!(
            bundled.status.code(),
            Some(1),
            "{name}: the page made no bundle, the tool did"
        );
        return;
    };
    assert!(bundled.status.success(), "{name}: {}", stderr(&bundled));
    let theirs = read(&native.join(bundle_name));
    let ours = read(&page.join("bundle.zip"));
    assert!(
        ours == theirs,
        "{name}: the downloaded bundle differs from `mdelist bundle`"
    );
    let verified = cli(
        &["verify", "--format", "json", "--today", TODAY, bundle_name],
        native,
        None,
    );
    assert_eq!(
        read_text(&page.join("verify.json")),
        stdout(&verified),
        "{name}: the page's verification of its bundle"
    );
}

/// The release job publishes the page README promises as a release asset, built the way the
/// parity test builds it, beside its checksum.
#[test]
fn each_release_carries_the_page() {
    let workflow = read_text(&repo_root().join(".github/workflows/release.yml"));
    let steps: Vec<&str> = workflow.lines().map(str::trim).collect();
    let position = |line: &str| {
        steps
            .iter()
            .position(|step| *step == line)
            .unwrap_or_else(|| panic!("release.yml has no `{line}`"))
    };
    let built = position("cargo xtask web");
    let copied = position("cp target/web/mdelist.html dist/mdelist.html");
    let summed = position("run: sha256sum -- * > SHA256SUMS");
    let published = position("dist/*");
    assert!(built < copied && copied < summed && summed < published);
    assert!(workflow.contains("- \"v[0-9]+.[0-9]+.[0-9]+\""));
    assert!(workflow.contains("rustup target add wasm32-unknown-unknown"));
}
