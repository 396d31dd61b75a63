//! CAT: the partner-page section.

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression, quote};
use crate::diagnostics::Severity;
use crate::manifest::schema::{CATEGORIES, CATEGORY_TITLES};
use crate::text::suggest::closest;

pub static CAT001: Rule = Rule {
    code: "CAT001",
    name: "unknown-category",
    family: Family::Cat,
    severity: Severity::Error,
    other_severity: None,
    summary: "not one of the six categories; suggests the nearest (also accepts the page's display titles in the suggestion)",
    docs: RuleDocs {
        what: "product.category is one of security-information-and-analytics, \
               orchestration-and-automation, threat-intelligence, network-security, \
               cross-platform, other-integrations.",
        why: "The partner page groups listings in these six sections; any other value has \
              nowhere to appear.",
        example: "[product]\ncategory = \"Orchestration and automation\"\n",
        fix: "Use the identifier the message suggests.",
    },
    check: Check::Listing(unknown),
    suppression: Suppression::Allowed,
    limits: &[],
};

/// The category identifier closest to `value`, matching identifiers and display titles alike.
fn suggestion(value: &str) -> Option<&'static str> {
    let slug: String = value
        .trim()
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if let Some(index) = CATEGORY_TITLES
        .iter()
        .position(|title| title.eq_ignore_ascii_case(value.trim()))
    {
        return Some(CATEGORIES[index]);
    }
    if let Some(exact) = CATEGORIES.iter().find(|category| **category == slug) {
        return Some(exact);
    }
    closest(&slug, CATEGORIES).or_else(|| {
        closest(value, CATEGORY_TITLES).and_then(|title| {
            CATEGORY_TITLES
                .iter()
                .position(|candidate| *candidate == title)
                .map(|index| CATEGORIES[index])
        })
    })
}

fn unknown(context: &Context, findings: &mut Findings) {
    let Some(category) = context
        .package
        .listing
        .as_ref()
        .and_then(|listing| listing.category.as_ref())
    else {
        return;
    };
    if CATEGORIES.contains(&category.value.as_str()) {
        return;
    }
    let help = match suggestion(&category.value) {
        Some(near) => format!("did you mean \"{near}\"?"),
        None => format!("use one of: {}", CATEGORIES.join(", ")),
    };
    findings
        .report(
            &CAT001,
            "product.category",
            category.span.clone(),
            format!("unknown category {}", quote(&category.value)),
        )
        .with_label("not a partner-page category")
        .with_help(help);
    // A guess, and the section the listing shows under: applied only when asked.
    if let (Some(near), Some(diagnostic)) = (suggestion(&category.value), findings.last_mut()) {
        diagnostic.with_replacement(
            crate::diagnostics::Applicability::Unsafe,
            format!("use the category \"{near}\""),
            crate::diagnostics::fix::toml_string(near),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::suggestion;

    #[test]
    fn titles_and_typos_map_to_identifiers() {
        assert_eq!(
            suggestion("Orchestration and automation"),
            Some("orchestration-and-automation")
        );
        assert_eq!(
            suggestion("Threat Intelligence"),
            Some("threat-intelligence")
        );
        assert_eq!(suggestion("network_security"), Some("network-security"));
        assert_eq!(suggestion("cross-platfrom"), Some("cross-platform"));
        assert_eq!(suggestion("gardening"), None);
    }
}
