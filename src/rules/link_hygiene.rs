//! LINK009–LINK011: landing pages as marketing tools write them: a space typed into the
//! address, a link to a PDF rather than a page, campaign tracking parameters.

use url::Url;

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression, quote};
use crate::diagnostics::Severity;

const FIELD: &str = "product.landing_page";

use crate::text::patterns::is_tracking_parameter as is_tracking;

/// The first white-space character inside the (trimmed) value, as a byte range of the value.
pub(super) fn inner_space(value: &str) -> Option<std::ops::Range<usize>> {
    let lead = value.len() - value.trim_start().len();
    value.trim().char_indices().find_map(|(at, c)| {
        c.is_whitespace()
            .then(|| lead + at..lead + at + c.len_utf8())
    })
}

pub static LINK009: Rule = Rule {
    code: "LINK009",
    name: "link-space",
    family: Family::Link,
    severity: Severity::Error,
    other_severity: None,
    summary: "a literal space (or other white space) inside the landing page address",
    docs: RuleDocs {
        what: "product.landing_page has no space, tab or line break inside it. (Leading and \
               trailing spaces are ignored.)",
        why: "A space is not part of any web address: browsers and the partner page either cut \
              the link at the space or send the visitor to a different, usually missing, page. \
              It usually comes from pasting a page title or a line-wrapped address.",
        example: "[product]\nlanding_page = \"https://www.contoso.com/cognito defender\"\n",
        fix: "Copy the address from the browser's address bar; where a space belongs in a \
              path, write it as %20.",
    },
    check: Check::Listing(space),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn space(context: &Context, findings: &mut Findings) {
    let Some(text) = context
        .package
        .listing
        .as_ref()
        .and_then(|listing| listing.landing_page.as_ref())
    else {
        return;
    };
    let Some(range) = inner_space(&text.value) else {
        return;
    };
    let trimmed = text.value.trim();
    let joined: String = trimmed.split_whitespace().collect::<Vec<_>>().join("%20");
    let help = match Url::parse(&joined) {
        Ok(url) if url.host_str().is_some_and(|host| !host.contains("%20")) => format!(
            "remove the space, or write it as %20 if the page's address really has one: {}",
            quote(url.as_str())
        ),
        _ => "copy the address from the browser's address bar: a web address has no spaces"
            .to_string(),
    };
    findings
        .report(
            &LINK009,
            FIELD,
            text.sub_span(range),
            format!("landing page {} has a space in it", quote(trimmed)),
        )
        .with_label("space")
        .with_help(help);
}

pub static LINK010: Rule = Rule {
    code: "LINK010",
    name: "link-document",
    family: Family::Link,
    severity: Severity::Warning,
    other_severity: None,
    summary: "the landing page is a PDF (by its path, or by its content type under `--online`), not a web page",
    docs: RuleDocs {
        what: "product.landing_page is a web page, not a document download: its path does not \
               end in .pdf, and with `--online` the answer is not `application/pdf`.",
        why: "A customer following the partner page's link expects the integration's page; a \
              PDF downloads or opens a viewer, cannot be updated in place, and is often a \
              datasheet that goes stale.",
        example: "[product]\nlanding_page = \"https://www.contoso.com/docs/cognito-datasheet.pdf\"\n",
        fix: "Link to the web page about the integration; put the PDF on that page.",
    },
    check: Check::Listing(document),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn document(context: &Context, findings: &mut Findings) {
    let Some(text) = context
        .package
        .listing
        .as_ref()
        .and_then(|listing| listing.landing_page.as_ref())
    else {
        return;
    };
    let Ok(url) = Url::parse(text.value.trim()) else {
        return;
    };
    // Another scheme is LINK002's finding; a document there is the least of it.
    if !matches!(url.scheme(), "https" | "http") {
        return;
    }
    let by_path = url.path().to_ascii_lowercase().ends_with(".pdf");
    let served = context
        .online
        .and_then(|probe| probe.content_type.as_deref())
        .filter(|media| *media == "application/pdf");
    let because = match (by_path, served) {
        (true, _) => "its address ends in .pdf".to_string(),
        (false, Some(media)) => format!("the server answers with {media}"),
        (false, None) => return,
    };
    findings
        .report(
            &LINK010,
            FIELD,
            text.span.clone(),
            format!(
                "landing page {} is a PDF document ({because}), not a web page",
                quote(url.as_str())
            ),
        )
        .with_label("a document, not a page")
        .with_help("link to the web page about the integration, and put the PDF on that page");
}

pub static LINK011: Rule = Rule {
    code: "LINK011",
    name: "link-tracking",
    family: Family::Link,
    severity: Severity::Info,
    other_severity: None,
    summary: "campaign tracking parameters in the landing page (`utm_*`, `gclid`, `fbclid`, `msclkid`…); the message gives the clean address",
    docs: RuleDocs {
        what: "product.landing_page has no campaign or click tracking parameters: utm_source, \
               utm_medium, utm_campaign and the other utm_ ones, gclid, fbclid, msclkid, \
               mc_cid, _hsenc, mkt_tok and the like.",
        why: "The partner page is not a campaign: tracking parameters attribute every visitor \
              to whatever campaign the link was copied from, and make the address long and \
              fragile.",
        example: "[product]\nlanding_page = \"https://www.contoso.com/cognito/defender?utm_source=linkedin&utm_campaign=launch\"\n",
        fix: "Use the address without them, which the message gives.",
    },
    check: Check::Listing(tracking),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn tracking(context: &Context, findings: &mut Findings) {
    let Some(text) = context
        .package
        .listing
        .as_ref()
        .and_then(|listing| listing.landing_page.as_ref())
    else {
        return;
    };
    let Ok(url) = Url::parse(text.value.trim()) else {
        return;
    };
    let tracked: Vec<String> = url
        .query_pairs()
        .map(|(name, _)| name.into_owned())
        .filter(|name| is_tracking(name))
        .collect();
    if tracked.is_empty() {
        return;
    }
    let names: Vec<&str> = tracked.iter().map(String::as_str).collect();
    let Some((range, query)) = untracked_query(&text.value) else {
        return;
    };
    let mut clean = text.value.clone();
    clean.replace_range(range.clone(), &query);
    findings
        .report(
            &LINK011,
            FIELD,
            text.sub_span(range.clone()),
            format!(
                "landing page has tracking parameter{} {}",
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            ),
        )
        .with_label("campaign tracking")
        .with_help(format!(
            "use the address without them: {}",
            quote(clean.trim())
        ));
    findings.fix_last(
        crate::diagnostics::Applicability::Unsafe,
        "remove the tracking parameters",
        text,
        range,
        &query,
    );
}

/// Where the query of `value` (an address as written) is, from its `?` to the fragment or the
/// end, and what it reads without its tracking parameters: the other parameters exactly as
/// written, in their order, or nothing at all when none is left.
fn untracked_query(value: &str) -> Option<(std::ops::Range<usize>, String)> {
    let end = value.trim_end().len();
    let start = value.find('?')?;
    let end = value[start..end].find('#').map_or(end, |at| start + at);
    let kept: Vec<&str> = value[start + 1..end]
        .split('&')
        .filter(|piece| {
            let name = url::form_urlencoded::parse(piece.as_bytes())
                .next()
                .map(|(name, _)| name.into_owned())
                .unwrap_or_default();
            !piece.is_empty() && !is_tracking(&name)
        })
        .collect();
    let query = if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    };
    Some((start..end, query))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_inside_only() {
        assert_eq!(inner_space(" https://a.com/x "), None);
        assert_eq!(inner_space("https://a.com/x y"), Some(15..16));
        assert_eq!(inner_space(" https://a.com/x\ty"), Some(16..17));
    }

    #[test]
    fn tracking_parameters_go_and_the_rest_stays_as_written() {
        assert_eq!(
            untracked_query("https://a.com/x?utm_source=li&q=a%20b+c&gclid=1#top"),
            Some((15..47, "?q=a%20b+c".to_string()))
        );
        assert_eq!(
            untracked_query("https://a.com/x?utm_source=li&&utm_medium=x "),
            Some((15..43, String::new()))
        );
        assert_eq!(untracked_query("https://a.com/x"), None);
    }

    #[test]
    fn tracking_names() {
        assert!(is_tracking("utm_source") && is_tracking("UTM_Campaign") && is_tracking("gclid"));
        assert!(!is_tracking("lang") && !is_tracking("id"));
    }
}
