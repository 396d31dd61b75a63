//! LINK: the landing page, offline checks. (`LINK006`/`LINK007` need `--online`.)

use url::{Host, Url};

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression, quote};
use crate::diagnostics::Severity;
use crate::manifest::Text;

const FIELD: &str = "product.landing_page";

/// Names that never reach the public internet (RFC 6761, RFC 6762, RFC 8375, ICANN's
/// `.internal`), and the documentation domains.
const RESERVED_SUFFIXES: &[&str] = &[
    "localhost",
    "local",
    "internal",
    "test",
    "example",
    "invalid",
    "home.arpa",
    "example.com",
    "example.net",
    "example.org",
];

const SHORTENERS: &[&str] = &[
    "bit.ly",
    "bitly.com",
    "tinyurl.com",
    "t.co",
    "goo.gl",
    "ow.ly",
    "is.gd",
    "buff.ly",
    "v.gd",
    "rebrand.ly",
    "cutt.ly",
    "shorturl.at",
    "tiny.cc",
    "rb.gy",
    "bit.do",
    "lnkd.in",
    "t.ly",
    "s.id",
    "shorte.st",
    "adf.ly",
    "tr.im",
    "qr.ae",
    "trib.al",
    "aka.ms",
];

/// Why a reserved name is not a public website, in plain words.
fn reserved_reason(suffix: &str) -> String {
    match suffix {
        "localhost" => "is the viewer's own computer (localhost), not a public website".into(),
        "local" => "ends in `.local`, which only names devices on the same local network".into(),
        "internal" => "ends in `.internal`, which is reserved for private networks".into(),
        "home.arpa" => "ends in `.home.arpa`, which is reserved for home networks".into(),
        "test" | "invalid" => format!("ends in `.{suffix}`, which is reserved for testing"),
        "example" => "ends in `.example`, which is reserved for documentation".into(),
        other => format!("is under `{other}`, which is reserved for documentation"),
    }
}

fn host_matches(host: &str, domain: &str) -> bool {
    host == domain || host.ends_with(&format!(".{domain}"))
}

/// The landing page, parsed, with the original text; `None` when there is none to check.
fn landing_page<'a>(context: &'a Context) -> Option<(&'a Text, Result<Url, url::ParseError>)> {
    let text = context.package.listing.as_ref()?.landing_page.as_ref()?;
    Some((text, Url::parse(text.value.trim())))
}

/// The span of the host inside the value, when it is written there as parsed.
fn host_span(text: &Text, host: &str) -> std::ops::Range<usize> {
    let lower = text.value.to_ascii_lowercase();
    match lower.find(&host.to_ascii_lowercase()) {
        Some(at) => text.sub_span(at..at + host.len()),
        None => text.span.clone(),
    }
}

pub static LINK001: Rule = Rule {
    code: "LINK001",
    name: "link-invalid",
    family: Family::Link,
    severity: Severity::Error,
    other_severity: None,
    summary: "not an absolute URL (a relative path such as `/training/…` is rejected)",
    docs: RuleDocs {
        what: "product.landing_page is an absolute URL: scheme, host and path.",
        why: "The partner page links to it from outside your site; a relative path or a bare \
              host name leads nowhere.",
        example: "[product]\nlanding_page = \"/training/defender-integration\"\n",
        fix: "Give the full address, starting with https://.",
    },
    check: Check::Listing(invalid),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn invalid(context: &Context, findings: &mut Findings) {
    let Some((text, Err(error))) = landing_page(context) else {
        return;
    };
    // A space breaks the parse too; LINK009 says so, with the address as it should be.
    if super::link_hygiene::inner_space(&text.value).is_some() {
        return;
    }
    let value = text.value.trim();
    let help = if error == url::ParseError::RelativeUrlWithoutBase {
        if value.starts_with('/') {
            "give the full address with scheme and host, e.g. \"https://www.contoso.com/cognito\""
                .to_string()
        } else if Url::parse(&format!("https://{value}"))
            .is_ok_and(|url| url.host_str().is_some_and(|host| host.contains('.')))
        {
            format!("add the scheme: \"https://{value}\"")
        } else {
            "give the full address, starting with https://".into()
        }
    } else {
        "give the full address, starting with https://".into()
    };
    let help = if error == url::ParseError::EmptyHost {
        "add the host and path after the scheme, e.g. \"https://www.contoso.com/cognito\""
            .to_string()
    } else {
        help
    };
    let what = match error {
        url::ParseError::RelativeUrlWithoutBase => {
            "is not a full web address (scheme and host are missing)".to_string()
        }
        other => format!("is not a valid web address ({other})"),
    };
    findings
        .report(
            &LINK001,
            FIELD,
            text.span.clone(),
            format!("landing page {} {what}", quote(value)),
        )
        .with_label("not a full web address")
        .with_help(help);
}

pub static LINK002: Rule = Rule {
    code: "LINK002",
    name: "link-not-https",
    family: Family::Link,
    severity: Severity::Error,
    other_severity: None,
    summary: "scheme other than `https`",
    docs: RuleDocs {
        what: "The landing page uses https.",
        why: "The Defender portal is served over https; plain http links are flagged by \
              browsers, and other schemes (ftp:, mailto:, javascript:) are not web pages.",
        example: "[product]\nlanding_page = \"http://www.contoso.com/cognito\"\n",
        fix: "Use the https:// address of the page.",
    },
    check: Check::Listing(not_https),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn not_https(context: &Context, findings: &mut Findings) {
    let Some((text, Ok(url))) = landing_page(context) else {
        return;
    };
    if url.scheme() == "https" {
        return;
    }
    let help = if url.scheme() == "http" {
        let mut secure = url.clone();
        match secure.set_scheme("https") {
            Ok(()) => format!("use \"{secure}\""),
            Err(()) => "use the https:// address of the page".into(),
        }
    } else {
        "link to a web page, starting with https://".into()
    };
    let scheme_end = text.value.len() - text.value.trim_start().len() + url.scheme().len();
    let start = text.value.len() - text.value.trim_start().len();
    findings
        .report(
            &LINK002,
            FIELD,
            text.sub_span(start..scheme_end.min(text.value.len())),
            format!(
                "landing page uses the `{}:` scheme; it must be https",
                url.scheme()
            ),
        )
        .with_label("not https")
        .with_help(help);
    // Only the scheme changes, so the host stays the same; a port written out was chosen for
    // http and would be wrong for https.
    if url.scheme() == "http" && !explicit_port(text.value.trim()) {
        findings.fix_last(
            crate::diagnostics::Applicability::Unsafe,
            "use https (the page must answer there: `mdelist check --online` tells)",
            text,
            start..scheme_end.min(text.value.len()),
            "https",
        );
    }
}

/// Whether a URL's authority, as written, gives a port.
fn explicit_port(url: &str) -> bool {
    let Some((_, rest)) = url.split_once("://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#', '\\']).next().unwrap_or_default();
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let after_host = match host_port.rfind(']') {
        Some(end) => &host_port[end + 1..],
        None => host_port,
    };
    after_host.contains(':')
}

pub static LINK003: Rule = Rule {
    code: "LINK003",
    name: "link-non-public-host",
    family: Family::Link,
    severity: Severity::Error,
    other_severity: None,
    summary: "`localhost`, an IP literal, a single-label host, or a reserved/special-use name (`.local`, `.localhost`, `.internal`, `.test`, `.example`, `.invalid`, `example.com/.net/.org`)",
    docs: RuleDocs {
        what: "The landing page's host is a public domain name: not localhost, not an IP \
               address, not a single label (intranet names), and not a reserved or \
               special-use name (.local, .localhost, .internal, .test, .example, .invalid, \
               .home.arpa, example.com, example.net, example.org).",
        why: "Customers must reach the page from anywhere; internal and reserved names only \
              work inside one network, and IP addresses change.",
        example: "[product]\nlanding_page = \"https://intranet.contoso.local/cognito\"\n",
        fix: "Publish the page on your public website and link to its address there.",
    },
    check: Check::Listing(non_public_host),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn non_public_host(context: &Context, findings: &mut Findings) {
    let Some((text, Ok(url))) = landing_page(context) else {
        return;
    };
    let problem = match url.host() {
        None => return,
        Some(Host::Ipv4(_) | Host::Ipv6(_)) => {
            "is an IP address, not a name customers can rely on".to_string()
        }
        Some(Host::Domain(domain)) => {
            let host = domain.trim_end_matches('.').to_ascii_lowercase();
            if let Some(reserved) = RESERVED_SUFFIXES
                .iter()
                .find(|suffix| host_matches(&host, suffix))
            {
                reserved_reason(reserved)
            } else if !host.contains('.') {
                "is a single-label name that only resolves inside one network".to_string()
            } else {
                return;
            }
        }
    };
    let host = url.host_str().unwrap_or_default();
    findings
        .report(
            &LINK003,
            FIELD,
            host_span(text, host),
            format!("landing page host `{host}` {problem}"),
        )
        .with_label("not a public host")
        .with_help("link to the page on your public website, e.g. https://www.contoso.com/cognito");
}

pub static LINK004: Rule = Rule {
    code: "LINK004",
    name: "link-credentials",
    family: Family::Link,
    severity: Severity::Error,
    other_severity: None,
    summary: "user name or password inside the URL",
    docs: RuleDocs {
        what: "The landing page carries no user name or password (https://user:pass@host/…).",
        why: "Credentials in a link are published to every customer, and browsers warn about \
              or refuse such links.",
        example: "[product]\nlanding_page = \"https://preview:s3cret@www.contoso.com/cognito\"\n",
        fix: "Remove the credentials; make the page public.",
    },
    check: Check::Listing(credentials),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn credentials(context: &Context, findings: &mut Findings) {
    let Some((text, Ok(url))) = landing_page(context) else {
        return;
    };
    if url.username().is_empty() && url.password().is_none() {
        return;
    }
    let what = if url.password().is_some() {
        "a user name and password"
    } else {
        "a user name"
    };
    let span = match (text.value.find("://"), text.value.find('@')) {
        (Some(start), Some(end)) if start + 3 <= end => text.sub_span(start + 3..end + 1),
        _ => text.span.clone(),
    };
    let mut clean = url.clone();
    let _ = clean.set_username("");
    let _ = clean.set_password(None);
    findings
        .report(
            &LINK004,
            FIELD,
            span,
            format!("landing page contains {what}"),
        )
        .with_label("credentials")
        .with_help(format!("remove them: \"{clean}\""));
}

pub static LINK005: Rule = Rule {
    code: "LINK005",
    name: "link-confusable-host",
    family: Family::Link,
    severity: Severity::Warning,
    other_severity: None,
    summary: "an internationalized host, or one mixing scripts; the message shows the punycode form",
    docs: RuleDocs {
        what: "The landing page's host is plain ASCII. An internationalized host (non-ASCII \
               characters, or punycode labels starting xn--) is reported with both forms.",
        why: "Internationalized hosts can imitate other domains with look-alike letters \
              (Cyrillic а for Latin a); reviewers and customers must see what the host really is.",
        example: "[product]\nlanding_page = \"https://www.cоntoso.com/cognito\"   # Cyrillic о\n",
        fix: "Use the ASCII domain of your website if you have one; otherwise confirm the \
              punycode form is yours.",
    },
    check: Check::Listing(confusable_host),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn confusable_host(context: &Context, findings: &mut Findings) {
    let Some((text, Ok(url))) = landing_page(context) else {
        return;
    };
    let Some(Host::Domain(ascii)) = url.host() else {
        return;
    };
    let (unicode, _) = idna::domain_to_unicode(ascii);
    let internationalized = ascii.split('.').any(|label| label.starts_with("xn--"));
    if !internationalized {
        return;
    }
    let written = if text.value.contains(unicode.as_str()) {
        unicode.as_str()
    } else {
        ascii
    };
    let host_at = text.value.find(written);
    let mut span = match host_at {
        Some(at) => text.sub_span(at..at + written.len()),
        None => text.span.clone(),
    };
    let scripts = mixed_scripts(&unicode);
    let message = if scripts {
        let odd = unexpected_letter(&unicode);
        if let (Some((offset, c)), Some(at), true) = (odd, host_at, written == unicode.as_str()) {
            span = text.sub_span(at + offset..at + offset + c.len_utf8());
        }
        let letter = odd
            .map(|(_, c)| {
                format!(
                    " (the letter `{c}` is U+{:04X}, {})",
                    c as u32,
                    script_name(c)
                )
            })
            .unwrap_or_default();
        format!(
            "landing page host `{unicode}` mixes writing systems{letter}; in punycode it is `{ascii}`"
        )
    } else {
        format!("landing page host `{unicode}` is internationalized; in punycode it is `{ascii}`")
    };
    findings
        .report(&LINK005, FIELD, span, message)
        .with_label(format!("punycode: {ascii}"))
        .with_help(
            "check that this really is your domain: look-alike letters can send customers to \
             someone else's site",
        );
}

/// The first letter of a mixed label whose script differs from the label's first letter.
fn unexpected_letter(host: &str) -> Option<(usize, char)> {
    use icu_properties::CodePointMapData;
    use icu_properties::props::Script;
    let scripts = CodePointMapData::<Script>::new();
    let mut offset = 0;
    for label in host.split('.') {
        let mut first = None;
        for (at, c) in label.char_indices().filter(|(_, c)| c.is_alphabetic()) {
            let script = scripts.get(c);
            match first {
                None => first = Some(script),
                Some(expected) if expected != script => return Some((offset + at, c)),
                Some(_) => {}
            }
        }
        offset += label.len() + 1;
    }
    None
}

fn script_name(c: char) -> String {
    use icu_properties::props::Script;
    use icu_properties::{CodePointMapData, PropertyNamesLong};
    let script = CodePointMapData::<Script>::new().get(c);
    PropertyNamesLong::<Script>::new()
        .get(script)
        .unwrap_or("another script")
        .replace('_', " ")
}

/// Whether a label mixes Latin letters with letters of another script (look-alikes).
fn mixed_scripts(host: &str) -> bool {
    use icu_properties::CodePointMapData;
    use icu_properties::props::Script;
    let scripts = CodePointMapData::<Script>::new();
    host.split('.').any(|label| {
        let mut seen: Vec<Script> = Vec::new();
        for c in label.chars().filter(|c| c.is_alphabetic()) {
            // Japanese and Korean write one word in several scripts; count them as one.
            let script = match scripts.get(c) {
                Script::Hiragana | Script::Katakana | Script::Hangul | Script::Bopomofo => {
                    Script::Han
                }
                other => other,
            };
            if script != Script::Common && script != Script::Inherited && !seen.contains(&script) {
                seen.push(script);
            }
        }
        seen.len() > 1
    })
}

pub static LINK008: Rule = Rule {
    code: "LINK008",
    name: "link-shortener",
    family: Family::Link,
    severity: Severity::Warning,
    other_severity: None,
    summary: "a URL shortener host (bit.ly, tinyurl.com, t.co, goo.gl…) hides the destination",
    docs: RuleDocs {
        what: "The landing page is not behind a URL shortener (bit.ly, tinyurl.com, t.co, \
               goo.gl, ow.ly, is.gd, buff.ly, aka.ms and others).",
        why: "A shortened link hides where customers will land, can be re-pointed at any time, \
              and is blocked by some corporate proxies.",
        example: "[product]\nlanding_page = \"https://bit.ly/3xYzAbc\"\n",
        fix: "Link to the page's full address.",
    },
    check: Check::Listing(shortener),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn shortener(context: &Context, findings: &mut Findings) {
    let Some((text, Ok(url))) = landing_page(context) else {
        return;
    };
    let Some(host) = url.host_str() else {
        return;
    };
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if let Some(service) = SHORTENERS.iter().find(|domain| host_matches(&host, domain)) {
        findings
            .report(
                &LINK008,
                FIELD,
                host_span(text, &host),
                format!(
                    "landing page uses the URL shortener `{service}`, which hides the destination"
                ),
            )
            .with_label("URL shortener")
            .with_help("link to the page's full address instead");
    }
}

pub static LINK006: Rule = Rule {
    code: "LINK006",
    name: "link-unreachable",
    family: Family::Link,
    severity: Severity::Error,
    other_severity: None,
    summary: "`--online` only: DNS failure, refused or timed-out connection, TLS failure, a 4xx/5xx status after redirects, or a redirect loop",
    docs: RuleDocs {
        what: "With `check --online`, the landing page answers: its host resolves to a public \
               address, the connection and TLS handshake succeed within 10 s, and after at most \
               5 redirects the status is below 400. HEAD is tried first, then GET. Hosts that \
               resolve only to loopback, private, link-local, multicast or other non-public \
               addresses are never contacted (unless `--online-allow-private`).",
        why: "Customers follow the link from the partner page to complete the integration; a \
              dead link ends the journey there.",
        example: "[product]\nlanding_page = \"https://www.contoso.com/cognito/defender-old\"   # 404\n",
        fix: "Publish the page, or point landing_page at its current address.",
    },
    check: Check::Listing(unreachable),
    suppression: Suppression::Allowed,
    limits: &[],
};

/// The `--online` probe and the landing page it was made for.
fn probed<'a>(context: &Context<'a>) -> Option<(&'a crate::online::LinkProbe, &'a Text)> {
    let text = context.package.listing.as_ref()?.landing_page.as_ref()?;
    Some((context.online?, text))
}

fn unreachable(context: &Context, findings: &mut Findings) {
    let Some((probe, text)) = probed(context) else {
        return;
    };
    let Some(problem) = &probe.problem else {
        return;
    };
    let via = if probe.final_url.trim_end_matches('/') != text.value.trim().trim_end_matches('/') {
        format!(" (at {})", probe.final_url)
    } else {
        String::new()
    };
    findings
        .report(
            &LINK006,
            FIELD,
            text.span.clone(),
            format!("landing page is unreachable: {problem}{via}"),
        )
        .with_label("unreachable")
        .with_help("check that the page is published and public, and that the address is current");
}

pub static LINK007: Rule = Rule {
    code: "LINK007",
    name: "link-redirect",
    family: Family::Link,
    severity: Severity::Info,
    other_severity: None,
    summary: "`--online` only: the final URL after redirects is on another host; shows it",
    docs: RuleDocs {
        what: "With `check --online`, the landing page does not redirect to another host.",
        why: "A link that lands elsewhere is fragile (the redirect can change) and may not be \
              the page the listing means; linking the final address is clearer.",
        example: "[product]\nlanding_page = \"https://contoso.com/cognito\"   # redirects to https://learn.contoso.net/…\n",
        fix: "Link the final address directly.",
    },
    check: Check::Listing(redirect),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn redirect(context: &Context, findings: &mut Findings) {
    let Some((probe, text)) = probed(context) else {
        return;
    };
    if probe.problem.is_some() {
        return;
    }
    let host = |url: &str| {
        Url::parse(url)
            .ok()
            .and_then(|url| url.host_str().map(str::to_ascii_lowercase))
    };
    let (Some(start), Some(end)) = (host(text.value.trim()), host(&probe.final_url)) else {
        return;
    };
    if start != end {
        findings
            .report(
                &LINK007,
                FIELD,
                text.span.clone(),
                format!(
                    "landing page redirects to another host: {}",
                    probe.final_url
                ),
            )
            .with_help(format!(
                "link the final address directly: \"{}\"",
                probe.final_url
            ));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn mixed_scripts_are_detected_per_label() {
        assert!(super::mixed_scripts("www.cоntoso.com"));
        assert!(!super::mixed_scripts("bücher.de"));
        assert!(!super::mixed_scripts("例え.jp"));
    }
}
