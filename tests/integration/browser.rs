//! The preview page in a real browser: headless Chromium renders it, and the test looks at what
//! a person would see: a page that is not blank, the name and description in the DOM, every
//! logo image loaded at its natural size, the logo's colours on screen, and not one request
//! leaving the page, even for a listing that tries.
//!
//! Chromium is found as `$MDELIST_CHROMIUM`, else `chromium` or `chromium-browser` on `PATH`.
//! Without it the tests are skipped with a message, unless `MDELIST_REQUIRE_BROWSER` is set
//! (`.ci/run` sets it, after installing Debian's `chromium`). With
//! `MDELIST_UPDATE_SCREENSHOT=1` the README's screenshot is retaken.

use crate::support;

use std::io::ErrorKind;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use support::*;

/// How long one Chromium run may take.
const BROWSER_TIMEOUT: Duration = Duration::from_secs(90);
const SCREENSHOT_WIDTH: u32 = 1280;

fn chromium() -> Option<PathBuf> {
    if let Some(given) = std::env::var_os("MDELIST_CHROMIUM").filter(|value| !value.is_empty()) {
        return Some(PathBuf::from(given));
    }
    let path = std::env::var_os("PATH")?;
    ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// The browser, or `None` (with a message) when the test may be skipped.
pub(crate) fn browser_or_skip(test: &str) -> Option<PathBuf> {
    let found = chromium();
    if found.is_none() {
        if std::env::var_os("MDELIST_REQUIRE_BROWSER").is_some() {
            panic!("MDELIST_REQUIRE_BROWSER is set but chromium was not found");
        }
        skipped(
            test,
            "chromium is not installed (apt-get install chromium, or set MDELIST_CHROMIUM); \
             .ci/run installs it and requires it",
        );
    }
    found
}

/// Runs headless Chromium on `page` with a fresh profile and the given extra arguments.
fn run_chromium(browser: &Path, page: &Path, extra: &[String]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let url = url::Url::from_file_path(page.canonicalize().unwrap()).unwrap();
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
            // Containers often have a tiny /dev/shm, which crashes the renderer.
            "--disable-dev-shm-usage",
            // Lets the page's load handlers run before the DOM is dumped or the shot taken.
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(url.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read the pipes on their own threads so a chatty browser cannot block on a full pipe.
    let mut stdout_pipe = child.stdout.take().unwrap();
    let mut stderr_pipe = child.stderr.take().unwrap();
    let stdout_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stdout_pipe, &mut bytes).unwrap();
        bytes
    });
    let stderr_reader = std::thread::spawn(move || {
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut stderr_pipe, &mut bytes).unwrap();
        bytes
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > BROWSER_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within {BROWSER_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = Output {
        status,
        stdout: stdout_reader.join().unwrap(),
        stderr: stderr_reader.join().unwrap(),
    };
    assert!(
        output.status.success(),
        "chromium failed: {}",
        stderr(&output)
    );
    output
}

fn dump_dom(browser: &Path, page: &Path) -> String {
    // The same width as the screenshot, so the height the page records is the one to take.
    let output = run_chromium(
        browser,
        page,
        &[
            "--dump-dom".to_string(),
            format!("--window-size={SCREENSHOT_WIDTH},800"),
        ],
    );
    let dom = stdout(&output);
    assert!(dom.contains("<body"), "no DOM: {dom}\n{}", stderr(&output));
    dom
}

fn screenshot(browser: &Path, page: &Path, height: u32, file: &Path) -> Vec<u8> {
    run_chromium(
        browser,
        page,
        &[
            format!("--screenshot={}", file.display()),
            format!("--window-size={SCREENSHOT_WIDTH},{height}"),
        ],
    );
    std::fs::read(file).unwrap()
}

/// The attributes of every `<tag …>` start tag of the DOM, as (name, value) pairs.
fn tags(dom: &str, tag: &str) -> Vec<Vec<(String, String)>> {
    let open = format!("<{tag} ");
    dom.match_indices(&open)
        .map(|(at, _)| {
            let rest = &dom[at + open.len()..];
            let inside = &rest[..rest.find('>').unwrap()];
            let mut attributes = Vec::new();
            let mut remaining = inside;
            while let Some(equals) = remaining.find("=\"") {
                let name = remaining[..equals].trim().to_string();
                let value_start = equals + 2;
                let value_end = value_start + remaining[value_start..].find('"').unwrap();
                attributes.push((name, remaining[value_start..value_end].to_string()));
                remaining = &remaining[value_end + 1..];
            }
            attributes
        })
        .collect()
}

fn attribute<'a>(attributes: &'a [(String, String)], name: &str) -> Option<&'a str> {
    attributes
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

/// Asserts the page's own script ran and saw every logo loaded at its natural size.
fn assert_logos_loaded(dom: &str) {
    let body = &tags(dom, "body")[0];
    assert_eq!(attribute(body, "data-logos"), Some("loaded"), "{dom}");
    let images = tags(dom, "img");
    assert_eq!(images.len(), 8, "a row logo and three tiles per theme");
    for image in &images {
        assert_eq!(attribute(image, "data-loaded"), Some("yes"), "{image:?}");
        let expected = attribute(image, "data-expected-width").unwrap();
        assert_eq!(attribute(image, "data-natural-width"), Some(expected));
        assert_eq!(attribute(image, "data-natural-height"), Some(expected));
        assert!(
            attribute(image, "src")
                .unwrap()
                .starts_with("data:image/png;base64,")
        );
    }
}

fn page_height(dom: &str) -> u32 {
    let body = &tags(dom, "body")[0];
    let height: u32 = attribute(body, "data-page-height")
        .unwrap()
        .parse()
        .unwrap();
    assert!(height > 400, "the page is {height} px high");
    height.min(6000)
}

/// How many pixels are within 3 levels per channel of `colour` (`#RRGGBB`).
fn pixels_near(picture: &Picture, colour: &str) -> usize {
    let channel = |at: usize| u8::from_str_radix(&colour[at..at + 2], 16).unwrap();
    let target = [channel(1), channel(3), channel(5)];
    picture
        .rgba
        .chunks(4)
        .filter(|pixel| {
            pixel[3] == 255 && (0..3).all(|index| pixel[index].abs_diff(target[index]) <= 3)
        })
        .count()
}

fn distinct_colours(picture: &Picture) -> usize {
    let mut colours: Vec<[u8; 4]> = picture
        .rgba
        .chunks(4)
        .map(|pixel| [pixel[0], pixel[1], pixel[2], pixel[3]])
        .collect();
    colours.sort_unstable();
    colours.dedup();
    colours.len()
}

/// The screenshot as the README shows it: the pixels Chromium took, recompressed, with the
/// SHA-256 of the page they show in a text chunk.
fn readme_png(picture: &Picture, page_sha256: &str) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, picture.width, picture.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    encoder
        .add_text_chunk(SCREENSHOT_KEY.to_string(), page_sha256.to_string())
        .unwrap();
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&picture.rgba).unwrap();
    writer.finish().unwrap();
    bytes
}

#[test]
fn the_example_preview_shows_what_a_person_expects() {
    let Some(browser) = browser_or_skip("the_example_preview_shows_what_a_person_expects") else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let output = example_preview(out.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = out.path().join("preview.html");

    let dom = dump_dom(&browser, &page);
    assert_logos_loaded(&dom);
    assert!(dom.contains("<h1>Contoso Cognito</h1>"));
    assert_eq!(dom.matches(">Contoso Cognito</a></td>").count(), 2, "{dom}");
    assert_eq!(
        dom.matches(
            "<td>Stream Contoso Cognito detections into Microsoft Defender for Endpoint and \
             isolate risky devices automatically.</td>"
        )
        .count(),
        2
    );
    assert!(dom.contains(">Orchestration and automation</h3>"));
    assert!(dom.contains("MdePartner-Contoso-ContosoCognito/1.0.0"));

    let height = page_height(&dom);
    let shot = screenshot(&browser, &page, height, &out.path().join("shot.png"));
    let picture = decode_png(&shot);
    assert_eq!((picture.width, picture.height), (SCREENSHOT_WIDTH, height));
    assert!(distinct_colours(&picture) > 200, "the page looks blank");
    // The logo, on screen: its navy and its blue, at every size and on both themes.
    assert!(
        pixels_near(&picture, "#0F4C81") > 2_000,
        "the logo's navy is missing"
    );
    assert!(
        pixels_near(&picture, "#2F8FD8") > 1_000,
        "the logo's blue is missing"
    );
    // Both themes, as the portal paints them.
    assert!(pixels_near(&picture, "#FFFFFF") > 100_000);
    assert!(pixels_near(&picture, "#1B1A19") > 100_000);

    let page_sha256 = sha256_hex(&std::fs::read(&page).unwrap());
    if std::env::var_os("MDELIST_UPDATE_SCREENSHOT").is_some() {
        let target = repo_root().join(SCREENSHOT);
        std::fs::write(&target, readme_png(&picture, &page_sha256)).unwrap();
        eprintln!("wrote {}", target.display());
    }
}

#[test]
fn a_hostile_listing_cannot_make_the_page_request_anything() {
    let Some(browser) = browser_or_skip("a_hostile_listing_cannot_make_the_page_request_anything")
    else {
        return;
    };
    // Anything that reaches this server was a request the page should never have made.
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", server.local_addr().unwrap());
    let manifest = format!(
        r#"[partner]
company = "Tenvik"

[product]
name = "Sentry<img src='{origin}/name.png'><script src='{origin}/name.js'></script>"
description = "<link rel=stylesheet href='{origin}/style.css'><style>@import '{origin}/import.css';</style> Block malicious files"
logo = "logo.svg"
landing_page = "{origin}/landing"
category = "threat-intelligence"

[integration]
version = "3.2.0"
user_agent = "MdePartner-Tenvik-Sentry/3.2.0"
multi_tenant = false
"#
    );
    let listing = listing(&manifest);
    std::fs::write(
        listing.path().join("logo.svg"),
        format!(
            r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect x="8" y="8" width="48" height="48" fill="#0F4C81"/><image href="{origin}/logo.png" width="64" height="64"/></svg>"##
        ),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = mdelist(
        &[
            "preview",
            ".",
            "--today",
            "2026-11-22",
            "--out",
            out.path().to_str().unwrap(),
        ],
        listing.path(),
    );
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let page = out.path().join("preview.html");

    let dom = dump_dom(&browser, &page);
    assert_logos_loaded(&dom);
    // The markup stayed text: one script (the page's), one style, the logos as the only images.
    assert_eq!(dom.matches("<script").count(), 1);
    assert_eq!(dom.matches("<style").count(), 1);
    assert_eq!(dom.matches("<link").count(), 0);
    assert!(dom.contains(&format!(
        "<h1>Sentry&lt;img src='{origin}/name.png'&gt;&lt;script src='{origin}/name.js'&gt;\
         &lt;/script&gt;</h1>"
    )));
    assert!(dom.contains("&gt; Block malicious files</td>"));

    server.set_nonblocking(true).unwrap();
    match server.accept() {
        Err(error) if error.kind() == ErrorKind::WouldBlock => {}
        Ok((_, peer)) => panic!("the page made a request (from {peer})"),
        Err(error) => panic!("{error}"),
    }
}

/// `tests/browser/viewport.mjs` with its `playwright-core`, or `None` (with a message) when the
/// test may be skipped: `cd tests/browser && npm ci` installs it, and `.ci/run` does.
fn viewport_driver_or_skip(test: &str) -> Option<PathBuf> {
    let folder = repo_root().join("tests/browser");
    let installed = folder
        .join("node_modules/playwright-core/package.json")
        .is_file();
    let node = Command::new("node")
        .arg("--version")
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    if installed && node {
        return Some(folder.join("viewport.mjs"));
    }
    if std::env::var_os("MDELIST_REQUIRE_BROWSER").is_some() {
        panic!("MDELIST_REQUIRE_BROWSER is set but node or tests/browser/node_modules is missing");
    }
    skipped(
        test,
        "needs node and playwright-core (cd tests/browser && npm ci); .ci/run installs them \
         and requires them",
    );
    None
}

/// What the page looks like at one viewport width, as `viewport.mjs` measured it, and its
/// full-page screenshot.
fn at_width(
    driver: &Path,
    browser: &Path,
    page: &Path,
    width: u32,
    shot: &Path,
) -> (serde_json::Value, Picture) {
    let output = Command::new("node")
        .arg(driver)
        .arg(browser)
        .arg(page)
        .arg(width.to_string())
        .arg(shot)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(output.status.success(), "viewport.mjs: {}", stderr(&output));
    let facts: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    (facts, decode_png(&std::fs::read(shot).unwrap()))
}

/// The widest run of the dark theme's background on any one row of the picture.
fn widest_dark_row(picture: &Picture) -> usize {
    picture
        .rgba
        .chunks(4 * picture.width as usize)
        .map(|row| {
            row.chunks(4)
                .filter(|pixel| pixel[..3] == [0x1B, 0x1A, 0x19])
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[test]
fn the_preview_fits_a_phone_and_a_wide_window() {
    let test = "the_preview_fits_a_phone_and_a_wide_window";
    let (Some(browser), Some(driver)) = (browser_or_skip(test), viewport_driver_or_skip(test))
    else {
        return;
    };
    let out = tempfile::tempdir().unwrap();
    let output = example_preview(out.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let page = out.path().join("preview.html");
    // MDELIST_SCREENSHOT_DIR keeps the two screenshots, to look at them.
    let keep = std::env::var_os("MDELIST_SCREENSHOT_DIR").map(PathBuf::from);
    for width in [390, 1280] {
        let shot = keep
            .as_deref()
            .unwrap_or(out.path())
            .join(format!("preview-{width}.png"));
        let (facts, picture) = at_width(&driver, &browser, &page, width, &shot);
        assert_eq!(facts["viewport"], width, "{facts}");
        // Nothing sticks out sideways: no horizontal scrolling, no element past the edge.
        assert_eq!(facts["scrollWidth"], width, "{facts}");
        assert_eq!(facts["overflowing"], serde_json::json!([]), "{facts}");
        assert_eq!(facts["logos"], "loaded");
        assert_eq!(facts["requests"], serde_json::json!([]));
        let (light, dark) = (&facts["light"], &facts["dark"]);
        let number = |value: &serde_json::Value| value.as_f64().unwrap();
        if width < 800 {
            // Stacked: the dark panel below the light one, both as wide as the page allows.
            assert!(number(&dark["top"]) >= number(&light["bottom"]), "{facts}");
            assert_eq!(light["left"], dark["left"]);
            assert!(number(&light["right"]) - number(&light["left"]) > 0.9 * width as f64 - 30.0);
        } else {
            // Side by side, at the same height.
            assert_eq!(light["top"], dark["top"], "{facts}");
            assert!(number(&dark["left"]) > number(&light["right"]), "{facts}");
        }
        // The description column keeps room for words, not one letter per line.
        assert!(number(&facts["descriptionWidth"]) > 150.0, "{facts}");

        // The screenshot shows it: the dark panel spans the phone's width, half the wide one.
        assert_eq!(picture.width, width);
        let dark_run = widest_dark_row(&picture);
        if width < 800 {
            assert!(dark_run as f64 > 0.9 * width as f64 - 30.0, "{dark_run}");
        } else {
            assert!(
                dark_run > 500 && (dark_run as u32) < width / 2,
                "{dark_run}"
            );
        }
        assert!(
            pixels_near(&picture, "#0F4C81") > 2_000,
            "the logo's navy is missing"
        );
        assert!(
            pixels_near(&picture, "#2F8FD8") > 1_000,
            "the logo's blue is missing"
        );
        assert!(distinct_colours(&picture) > 200, "the page looks blank");
    }
}
