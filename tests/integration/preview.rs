//! `mdelist preview`: one self-contained page that requests nothing, the renders it shows,
//! listing content escaped whatever it holds, and the README's screenshot kept current.

use crate::support;

use std::path::Path;

use base64::Engine;
use support::*;

const HOSTILE_LISTING: &str = r#"[partner]
company = "Tenvik \"Q&A\" <Labs>"

[product]
name = "<script>alert('name')</script><img src=x onerror=alert(1)>"
description = "</td></tr></table><style>body{display:none}</style><a href=\"javascript:alert(2)\">Block</a> files & more"
logo = "logo.svg"
landing_page = "javascript:alert(3)"
category = "threat-intelligence"

[integration]
version = "3.2.0"
user_agent = "MdePartner-Tenvik-Sentry/3.2.0"
multi_tenant = false
"#;

fn preview(listing: &Path, out: &Path) -> std::process::Output {
    mdelist(
        &[
            "preview",
            listing.to_str().unwrap(),
            "--today",
            "2026-11-22",
            "--out",
            out.to_str().unwrap(),
        ],
        listing,
    )
}

/// The values of every `name="…"` attribute in the page.
fn attribute_values<'h>(html: &'h str, name: &str) -> Vec<&'h str> {
    let needle = format!(" {name}=\"");
    html.match_indices(&needle)
        .map(|(at, _)| {
            let rest = &html[at + needle.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

/// The text between `<tag>` and `</tag>`, once.
fn element_text<'h>(html: &'h str, tag: &str) -> &'h str {
    let open = format!("<{tag}>");
    let start = html.find(&open).unwrap() + open.len();
    let end = html[start..].find(&format!("</{tag}>")).unwrap();
    &html[start..start + end]
}

#[test]
fn the_page_and_the_renders_it_uses_are_written() {
    let out = tempfile::tempdir().unwrap();
    let output = example_preview(out.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        stdout(&output),
        format!(
            "wrote {}/preview.html with logo-64.png, logo-128.png, logo-256.png\n\
             checked 1 listing: 0 errors, 0 warnings, 1 info, 2 suppressed\n",
            out.path().display()
        )
    );
    assert_eq!(
        file_names(out.path()),
        [
            "logo-128.png",
            "logo-256.png",
            "logo-64.png",
            "preview.html"
        ]
    );
    let html = std::fs::read_to_string(out.path().join("preview.html")).unwrap();
    // Each tile shows the render at twice its displayed size, the exact bytes written beside.
    for (shown, natural) in [(32, 64), (64, 128), (128, 256)] {
        let png = std::fs::read(out.path().join(format!("logo-{natural}.png"))).unwrap();
        let picture = decode_png(&png);
        assert_eq!((picture.width, picture.height), (natural, natural));
        let data_url = format!(
            "data:image/png;base64,{}",
            base64::engine::general_purpose::STANDARD.encode(&png)
        );
        let tile = format!(
            "<img src=\"{data_url}\" width=\"{shown}\" height=\"{shown}\" alt=\"Contoso Cognito \
             logo, {shown} px\" data-expected-width=\"{natural}\">"
        );
        assert_eq!(
            html.matches(&tile).count(),
            2,
            "{shown} px tile, light and dark"
        );
    }
    // The partner-page row, in its category section, on both themes.
    assert_eq!(
        html.matches("<h3 class=\"category\">Orchestration and automation</h3>")
            .count(),
        2
    );
    assert_eq!(
        html.matches(
            "<a href=\"https:&#x2f;&#x2f;www.contoso.com&#x2f;cognito&#x2f;defender\" \
             rel=\"noopener noreferrer\">Contoso Cognito</a>"
        )
        .count(),
        2
    );
    assert!(html.contains("<td>Stream Contoso Cognito detections into Microsoft Defender"));
    assert!(html.contains("Light theme · #FFFFFF") && html.contains("Dark theme · #1B1A19"));
    assert!(html.contains(".theme.dark { background: #1B1A19;"));
    assert!(html.contains(".theme.light { background: #FFFFFF;"));
    // The word count, the User-Agent and every finding, suppressed ones included.
    assert!(html.contains("<span class=\"\">14 words (limit 15)</span>"));
    // Each translation under its one length limit: characters for Japanese and Chinese.
    assert!(html.contains("<div class=\"length\">34 characters (limit 38; 21 words)</div>"));
    assert!(html.contains("<div class=\"length\">24 characters (limit 27; 16 words)</div>"));
    // The translations as rows of the partner table too, in their language.
    assert_eq!(
        html.matches("<tr class=\"localized\" lang=\"ja-JP\">")
            .count(),
        2
    );
    assert_eq!(
        html.matches("<tr class=\"localized\" lang=\"zh-CN\">")
            .count(),
        2
    );
    assert!(html.contains("<dt>Entra application</dt><dd>Contoso Cognito for Defender</dd>"));
    assert!(html.contains(
        "<tr><td><code>press&#x2f;2026-11-launch.md</code></td><td><span class=\"state ready\">\
         ready (publishable from 2026-11-12)</span></td><td>2026-11-20</td></tr>"
    ));
    assert!(html.contains("<code>MdePartner-Contoso-ContosoCognito&#x2f;1.0.0</code>"));
    assert!(html.contains("<h2>Check: 0 errors, 0 warnings, 1 info, 2 suppressed</h2>"));
    assert_eq!(html.matches("<code>NAME007</code>").count(), 2);
    assert!(html.contains("examples&#x2f;contoso-cognito&#x2f;listing.toml:6:12"));
}

#[test]
fn the_page_requests_nothing() {
    let out = tempfile::tempdir().unwrap();
    example_preview(out.path());
    let html = std::fs::read_to_string(out.path().join("preview.html")).unwrap();
    let lower = html.to_lowercase();
    // No stylesheet, script, frame or object from elsewhere, no inline SVG markup.
    for forbidden in [
        "<link", "@import", "url(", "<iframe", "<object", "<embed", "<svg", "<base", "srcset",
    ] {
        assert!(!lower.contains(forbidden), "the page holds {forbidden}");
    }
    let sources = attribute_values(&html, "src");
    assert_eq!(sources.len(), 8, "a row logo and three tiles, per theme");
    assert!(
        sources
            .iter()
            .all(|src| src.starts_with("data:image/png;base64,"))
    );
    // The only link is the landing page (slashes escaped, as everything from the listing),
    // which a person may follow; the browser never does.
    assert_eq!(
        attribute_values(&html, "href"),
        ["https:&#x2f;&#x2f;www.contoso.com&#x2f;cognito&#x2f;defender"; 2]
    );
    // Whatever escapes the checks above is blocked by the policy, which admits only the page's
    // own style and script, by hash.
    let policy = attribute_values(&html, "content")[0];
    let hash = |text: &str| {
        use sha2::Digest;
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(text))
        )
    };
    assert_eq!(
        policy,
        format!(
            "default-src 'none'; img-src data:; style-src {}; script-src {}; base-uri 'none'; \
             form-action 'none'",
            hash(element_text(&html, "style")),
            hash(element_text(&html, "script"))
        )
    );
    assert_eq!(lower.matches("<script").count(), 1);
    assert_eq!(lower.matches("<style").count(), 1);
    assert!(
        !lower.contains(" style="),
        "inline style attributes would need 'unsafe-inline'"
    );
}

#[test]
fn listing_content_is_escaped_whatever_it_holds() {
    let listing = listing(HOSTILE_LISTING);
    let out = tempfile::tempdir().unwrap();
    let output = preview(listing.path(), out.path());
    // The name's markup is a template slot to NAME006: the listing has errors, the page is
    // written all the same.
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let html = std::fs::read_to_string(out.path().join("preview.html")).unwrap();
    let lower = html.to_lowercase();
    assert_eq!(
        lower.matches("<script").count(),
        1,
        "only the page's own script"
    );
    assert_eq!(
        lower.matches("<style").count(),
        1,
        "only the page's own style"
    );
    assert_eq!(lower.matches("<img").count(), 8, "only the logos");
    assert_eq!(
        lower.matches("<table").count(),
        3,
        "two rows and the findings"
    );
    assert_eq!(lower.matches("</table>").count(), 3);
    assert!(!lower.contains("javascript:alert(2)\""));
    assert!(!lower.contains("href=\"javascript"));
    assert!(html.contains(
        "&lt;script&gt;alert(&#x27;name&#x27;)&lt;&#x2f;script&gt;&lt;img src=x \
         onerror=alert(1)&gt;"
    ));
    assert!(html.contains("&lt;&#x2f;td&gt;&lt;&#x2f;tr&gt;&lt;&#x2f;table&gt;&lt;style&gt;"));
    assert!(html.contains("Tenvik &quot;Q&amp;A&quot; &lt;Labs&gt;"));
    // A landing page that is not an https URL is shown as text, never as a link.
    assert!(attribute_values(&html, "href").is_empty());
    assert!(html.contains("<dd>javascript:alert(3)</dd>"));
    // In attributes too.
    assert!(html.contains(
        "alt=\"&lt;script&gt;alert(&#x27;name&#x27;)&lt;&#x2f;script&gt;&lt;img src=x \
         onerror=alert(1)&gt; logo\""
    ));
    // And in the findings, which quote the listing.
    assert!(html.contains("<code>NAME006</code>"));
    assert!(html.contains("<code>LINK001</code>") || html.contains("<code>LINK002</code>"));
}

/// The page is put together before the PNGs are there, with markup standing in for each; a
/// listing that writes that markup itself gets it shown as text, and only the page's own
/// images get the PNGs.
#[test]
fn listing_text_that_looks_like_where_the_pngs_go_stays_text() {
    let manifest = support::VALID_LISTING
        .replace("name = \"Tenvik Sentry\"", "name = \"<mdelist-png 64>\"")
        .replace(
            "and block malicious files everywhere.",
            "and block <mdelist-png 128> <mdelist-png 256> files.",
        );
    let listing = listing(&manifest);
    let out = tempfile::tempdir().unwrap();
    let output = preview(listing.path(), out.path());
    assert!(output.status.code().is_some(), "{}", stderr(&output));
    let html = std::fs::read_to_string(out.path().join("preview.html")).unwrap();
    assert!(!html.contains("<mdelist-png"));
    assert!(html.contains("&lt;mdelist-png 128&gt; &lt;mdelist-png 256&gt; files."));
    assert!(html.contains("alt=\"&lt;mdelist-png 64&gt; logo, 64 px\""));
    for natural in [64, 128, 256] {
        let png = std::fs::read(out.path().join(format!("logo-{natural}.png"))).unwrap();
        let src = format!(
            "src=\"data:image/png;base64,{}\"",
            base64::engine::general_purpose::STANDARD.encode(&png)
        );
        // The tiles on both themes, and the row's logo (the 64 px render) on both.
        let expected = if natural == 64 { 4 } else { 2 };
        assert_eq!(html.matches(&src).count(), expected, "{natural} px");
    }
    assert_eq!(html.matches("src=\"data:image/png;base64,").count(), 8);
}

#[test]
fn without_out_the_page_goes_to_its_own_folder_not_the_listing() {
    let listing = listing(support::VALID_LISTING);
    let cwd = tempfile::tempdir().unwrap();
    let output = mdelist(&["preview", listing.path().to_str().unwrap()], cwd.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("wrote mdelist-preview/preview.html with "));
    assert_eq!(
        file_names(&cwd.path().join("mdelist-preview")),
        [
            "logo-128.png",
            "logo-256.png",
            "logo-64.png",
            "preview.html"
        ]
    );
    assert_eq!(file_names(listing.path()), ["listing.toml", "logo.svg"]);
    // A second run replaces the page in place.
    let again = mdelist(&["preview", listing.path().to_str().unwrap()], cwd.path());
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(file_names(&cwd.path().join("mdelist-preview")).len(), 4);
}

#[test]
fn the_same_listing_gives_the_same_page() {
    let first = tempfile::tempdir().unwrap();
    let second = tempfile::tempdir().unwrap();
    example_preview(first.path());
    example_preview(second.path());
    for name in file_names(first.path()) {
        assert_eq!(
            std::fs::read(first.path().join(&name)).unwrap(),
            std::fs::read(second.path().join(&name)).unwrap(),
            "{name}"
        );
    }
}

#[test]
fn a_logo_that_cannot_be_rendered_still_gives_a_page() {
    let listing = listing(support::VALID_LISTING);
    std::fs::write(listing.path().join("logo.svg"), "<html>not a logo</html>").unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = preview(listing.path(), out.path());
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("preview.html (the logo could not be rendered)"),
        "{}",
        stdout(&output)
    );
    assert_eq!(file_names(out.path()), ["preview.html"]);
    let html = std::fs::read_to_string(out.path().join("preview.html")).unwrap();
    assert_eq!(html.matches("logo not rendered").count(), 6);
    assert!(html.contains("<code>LOGO001</code>"));
    assert!(!html.contains("<img"));
}

#[test]
fn a_manifest_that_cannot_be_read_still_gives_a_page_of_findings() {
    let listing = listing("[partner\ncompany = ");
    let out = tempfile::tempdir().unwrap();
    let output = preview(listing.path(), out.path());
    assert_eq!(output.status.code(), Some(1));
    let html = std::fs::read_to_string(out.path().join("preview.html")).unwrap();
    assert!(html.contains("<h1>(no product name)</h1>"));
    assert!(html.contains("<code>MAN001</code>"));
}

#[test]
fn an_out_that_is_a_file_or_a_missing_listing_is_a_failure() {
    let listing = listing(support::VALID_LISTING);
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("file");
    std::fs::write(&file, "").unwrap();
    let output = preview(listing.path(), &file);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("exists and is not a folder"));
    let nowhere = out.path().join("nowhere");
    let output = mdelist(&["preview", nowhere.to_str().unwrap()], out.path());
    assert_eq!(output.status.code(), Some(2));
    // The reason is given once, not repeated by the error chain.
    assert_eq!(
        stderr(&output),
        format!(
            "error: cannot read {}: cannot be opened: not found\n",
            nowhere.display()
        )
    );
    assert_eq!(file_names(out.path()), ["file"]);
}

/// The screenshot in the README shows the page as it is now: it records the SHA-256 of the
/// page it was taken of, and the page has not changed since. `tests/browser.rs` takes it.
#[test]
fn the_readme_screenshot_is_current() {
    let out = tempfile::tempdir().unwrap();
    example_preview(out.path());
    let page = std::fs::read(out.path().join("preview.html")).unwrap();
    let screenshot = std::fs::read(repo_root().join(SCREENSHOT)).unwrap();
    let picture = decode_png(&screenshot);
    let recorded = picture
        .texts
        .iter()
        .find(|(key, _)| key == SCREENSHOT_KEY)
        .map(|(_, value)| value.as_str());
    assert_eq!(
        recorded,
        Some(sha256_hex(&page).as_str()),
        "{SCREENSHOT} was taken of another version of the page; retake it with \
         `MDELIST_UPDATE_SCREENSHOT=1 cargo test --test integration browser::` (needs chromium)"
    );
    let readme = std::fs::read_to_string(repo_root().join("README.md")).unwrap();
    assert!(readme.contains(&format!("]({SCREENSHOT})")));
}

/// A wordmark left as live text renders as nothing: the tile says why, on both themes, and an
/// unlisted press release shows in the press table. Findings come most severe first.
#[test]
fn live_text_unlisted_releases_and_the_order_of_findings() {
    // The tracking parameter is an info that the check reports before the press warning.
    let listing = listing(&support::VALID_LISTING.replace(
        "https://www.tenvik.io/sentry/defender",
        "https://www.tenvik.io/sentry/defender?utm_source=partner-page",
    ));
    std::fs::write(
        listing.path().join("logo.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect x="8" y="8" width="48" height="48" fill="#0F4C81"/><text x="12" y="40" font-family="Segoe UI">Tenvik</text></svg>"##,
    )
    .unwrap();
    std::fs::create_dir(listing.path().join("press")).unwrap();
    std::fs::write(
        listing.path().join("press/partnership.md"),
        "# Tenvik Sentry and Microsoft Defender for Endpoint\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let output = preview(listing.path(), out.path());
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let html = std::fs::read_to_string(out.path().join("preview.html")).unwrap();
    assert_eq!(
        html.matches("<p class=\"tile-note\">text not drawn: convert it to outlines</p>")
            .count(),
        2
    );
    assert!(html.contains(
        "<tr><td><code>press&#x2f;partnership.md</code></td><td><span class=\"state problem\">\
         not listed in listing.toml: names the product, review not tracked</span></td><td>\
         (not planned)</td></tr>"
    ));
    let severities: Vec<&str> = html
        .match_indices("<span class=\"severity ")
        .map(|(at, _)| {
            let rest = &html[at + "<span class=\"severity ".len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let mut sorted = severities.clone();
    let rank = |severity: &str| match severity {
        "error" => 0,
        "warning" => 1,
        "info" => 2,
        _ => 3,
    };
    sorted.sort_by_key(|severity| rank(severity));
    assert_eq!(severities, sorted);
    assert_eq!(severities, ["warning", "warning", "info"]);
}
