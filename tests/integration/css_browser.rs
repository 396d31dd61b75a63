//! Every form of reference a logo can make, proved in a real browser: headless Chromium loads a
//! page that inlines each logo (as a portal that pastes the SVG into its HTML would), served by a
//! local HTTP server that records every request. Each logo refers to its own path, so the server
//! log says which forms made the browser fetch. The rule it holds the tool to, form by form:
//! a logo that made a request is `LOGO006`, and a logo the tool accepts made none.
//!
//! The expected verdict of each form is written beside it, so the tool's reading is asserted
//! too, not only its agreement with what this browser happens to fetch.

use crate::browser::browser_or_skip;
use crate::support::stderr;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mdelist::svg::HazardKind;
use mdelist::svg::prepass::prepass;

/// A 1 × 1 PNG, for the embedded raster an accepted logo may hold.
const PNG: &str = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

/// (name, whether the tool reports it as `LOGO006`, the logo's content; `/F` stands for the
/// form's own path on the server, `SEL` for a selector of the form's own `<svg>`: a logo's
/// style sheet applies to the whole page, and one `background` would override the others).
const FORMS: &[(&str, bool, &str)] = &[
    // Accepted: everything stays inside the file.
    (
        "fragment-paint",
        false,
        r##"<defs><linearGradient id="g"><stop offset="0" stop-color="#00F"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)" style="stroke:URL('#g')"/>"##,
    ),
    (
        "use-fragment",
        false,
        r##"<rect id="r" width="1" height="1"/><use href="#r"/>"##,
    ),
    (
        "embedded-png",
        false,
        "<image width=\"4\" height=\"4\" href=\"data:image/png;base64,PNG\"/>",
    ),
    (
        "sheet-fragment",
        false,
        r##"<style>rect{fill:url(#g)}</style><rect width="2" height="2"/>"##,
    ),
    (
        "comment-splits-name",
        false,
        r#"<style>SEL{background:uR/**/l(/F)}</style>"#,
    ),
    (
        "space-before-paren",
        false,
        r#"<rect width="2" height="2" fill="url (/F)"/>"#,
    ),
    (
        "string-not-url",
        false,
        r#"<style>SEL{font-family:"/F"}</style>"#,
    ),
    (
        "namespace-rule",
        false,
        r#"<style>@namespace x url(/F);</style>"#,
    ),
    (
        "link-to-fragment",
        false,
        r##"<a href="#r"><rect width="2" height="2"/></a>"##,
    ),
    (
        "animation-of-opacity",
        false,
        r#"<rect width="2" height="2"><animate attributeName="opacity" values="0;1" dur="1s"/></rect>"#,
    ),
    // Referring outside: LOGO006.
    (
        "image-href",
        true,
        r#"<image width="4" height="4" href="/F"/>"#,
    ),
    (
        "image-href-upper",
        true,
        r#"<image width="4" height="4" HREF="/F"/>"#,
    ),
    (
        "xlink-href",
        true,
        r#"<image width="4" height="4" xlink:href="/F"/>"#,
    ),
    ("use-file", true, r#"<use href="/F#x"/>"#),
    (
        "fe-image",
        true,
        r#"<filter id="fi"><feImage href="/F"/></filter><rect width="2" height="2" filter="url(#fi)"/>"#,
    ),
    (
        "style-upper-url",
        true,
        r#"<rect width="2" height="2" style="fill:URL(/F#p)"/>"#,
    ),
    (
        "root-background",
        true,
        r#"<style>SEL{background:u\72l(/F)}</style>"#,
    ),
    (
        "escape-first-letter",
        true,
        r#"<style>SEL{background:\75rl(/F)}</style>"#,
    ),
    ("escaped-import", true, r#"<style>@\69mport "/F";</style>"#),
    ("import-url", true, r#"<style>@IMPORT url(/F);</style>"#),
    (
        "cdata-sheet",
        true,
        r#"<style><![CDATA[SEL{background:url(/F)}]]></style>"#,
    ),
    (
        "image-set",
        true,
        r#"<style>SEL{background:image-set("/F" 1x)}</style>"#,
    ),
    (
        "webkit-image-set",
        true,
        r#"<style>SEL{background:-webkit-image-set(url(/F) 1x)}</style>"#,
    ),
    (
        "custom-property",
        true,
        r#"<style>SEL{--u:url(/F);background:var(--u)}</style>"#,
    ),
    (
        "computed-image-set",
        true,
        r#"<style>SEL{--u:"/F";background:image-set(var(--u) 1x)}</style>"#,
    ),
    (
        "cursor",
        true,
        r#"<rect width="10" height="10" style="cursor:url(/F),auto"/>"#,
    ),
    (
        "cursor-attribute",
        true,
        r#"<rect width="10" height="10" cursor="url(/F),auto"/>"#,
    ),
    (
        "font-face",
        true,
        r#"<style>@font-face{font-family:Remote;src:url(/F)}SEL{font-family:Remote}</style><text y="5">x</text>"#,
    ),
    (
        "fill-file",
        true,
        r#"<rect width="2" height="2" fill="url(/F)"/>"#,
    ),
    (
        "fill-file-fragment",
        true,
        r#"<rect width="2" height="2" fill="url(/F#p)"/>"#,
    ),
    (
        "filter-attribute",
        true,
        r#"<rect width="2" height="2" filter="u\72l(/F#f)"/>"#,
    ),
    (
        "mask-attribute",
        true,
        r#"<rect width="2" height="2" mask="url(/F#m)"/>"#,
    ),
    (
        "clip-path-attribute",
        true,
        r#"<rect width="2" height="2" clip-path="url(/F#c)"/>"#,
    ),
    (
        "marker-attribute",
        true,
        r#"<path d="M0 0L5 5" stroke="red" marker-start="url(/F#m)"/>"#,
    ),
    (
        "set-href",
        true,
        r#"<image width="4" height="4" href="data:image/png;base64,PNG"><set attributeName="href" to="/F"/></image>"#,
    ),
    (
        "animate-xlink-href",
        true,
        r#"<image width="4" height="4"><animate attributeName="xlink:href" values="/F" dur="1s"/></image>"#,
    ),
    (
        "animate-fill-url",
        true,
        r#"<rect width="2" height="2"><animate attributeName="fill" values="url(/F#p);red" dur="1s"/></rect>"#,
    ),
    (
        "mpath",
        true,
        r#"<rect width="2" height="2"><animateMotion dur="1s"><mpath href="/F#p"/></animateMotion></rect>"#,
    ),
    ("html-img", true, r#"<img src="/F"/>"#),
    ("xml-stylesheet", true, r#"<?xml-stylesheet href="/F"?>"#),
];

fn logo(name: &str, content: &str) -> String {
    let content = content
        .replace("/F", &format!("/{name}"))
        .replace("PNG", PNG)
        .replace("SEL", &format!("svg#{name}"));
    format!(
        r#"<svg id="{name}" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10" viewBox="0 0 10 10">{content}</svg>"#
    )
}

/// Serves `page` at `/` and records the path of every other request, until the test ends.
fn serve(page: String) -> (String, Arc<Mutex<BTreeSet<String>>>) {
    let server = TcpListener::bind("127.0.0.1:0").unwrap();
    let origin = format!("http://{}", server.local_addr().unwrap());
    let requested = Arc::new(Mutex::new(BTreeSet::new()));
    let log = Arc::clone(&requested);
    std::thread::spawn(move || {
        for stream in server.incoming() {
            let Ok(stream) = stream else { continue };
            let page = page.clone();
            let log = Arc::clone(&log);
            std::thread::spawn(move || answer(stream, &page, &log));
        }
    });
    (origin, requested)
}

/// One request per connection: the page, or a 404 for anything else, whose path is recorded.
fn answer(mut stream: TcpStream, page: &str, log: &Mutex<BTreeSet<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|read| read > 2) {
        header.clear();
    }
    let path = request_line.split(' ').nth(1).unwrap_or("").to_string();
    let (status, body) = if path == "/" {
        ("200 OK", page)
    } else {
        if path != "/favicon.ico" {
            log.lock().unwrap().insert(path);
        }
        ("404 Not Found", "")
    };
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    );
}

#[test]
fn every_reference_the_browser_follows_is_logo006_and_accepted_logos_fetch_nothing() {
    // The tool's verdict on each form, before any browser is involved.
    for (name, external, content) in FORMS {
        let svg = logo(name, content);
        let result = prepass(&svg);
        assert_eq!(result.not_svg, None, "{name}: {svg}");
        let reported = result
            .hazards
            .iter()
            .any(|hazard| hazard.kind == HazardKind::ExternalReference);
        assert_eq!(reported, *external, "{name}: {svg}\n{:#?}", result.hazards);
    }
    let Some(browser) = browser_or_skip(
        "every_reference_the_browser_follows_is_logo006_and_accepted_logos_fetch_nothing",
    ) else {
        return;
    };
    let logos: String = FORMS
        .iter()
        .map(|(name, _, content)| format!("<div>{}</div>\n", logo(name, content)))
        .collect();
    let page = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>logos</title></head>\
         <body>\n{logos}</body></html>"
    );
    let (origin, requested) = serve(page);

    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(&browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-dev-shm-usage",
            "--virtual-time-budget=5000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("{origin}/"))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let output = loop {
        if child.try_wait().unwrap().is_some() {
            break child.wait_with_output().unwrap();
        }
        if started.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 90 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(
        output.status.success(),
        "chromium failed: {}",
        stderr(&output)
    );
    assert!(String::from_utf8_lossy(&output.stdout).contains("<svg"));

    let requested = requested.lock().unwrap().clone();
    let fetched: BTreeSet<&str> = FORMS
        .iter()
        .map(|(name, ..)| *name)
        .filter(|name| {
            requested
                .iter()
                .any(|path| path.trim_start_matches('/').split(['#', '?']).next() == Some(name))
        })
        .collect();
    eprintln!("forms the browser fetched: {fetched:?}");
    // The harness sees requests: the plainest reference was fetched.
    assert!(
        fetched.contains("image-href"),
        "requests seen: {requested:?}"
    );
    // The spellings a search for the text `url(` misses are real: this browser fetched them.
    for name in [
        "image-href-upper",
        "style-upper-url",
        "root-background",
        "escape-first-letter",
        "escaped-import",
        "image-set",
        "webkit-image-set",
        "computed-image-set",
        "cursor-attribute",
        "set-href",
        "animate-xlink-href",
        "html-img",
    ] {
        assert!(
            fetched.contains(name),
            "{name} was not fetched: {requested:?}"
        );
    }
    for (name, external, _) in FORMS {
        if fetched.contains(name) {
            assert!(
                *external,
                "{name} made the browser fetch, but passes the tool"
            );
        }
    }
    // Every request came from a known form.
    for path in &requested {
        let form = path
            .trim_start_matches('/')
            .split(['#', '?'])
            .next()
            .unwrap_or("");
        assert!(
            FORMS.iter().any(|(name, ..)| *name == form),
            "unexpected request {path}"
        );
    }
}
