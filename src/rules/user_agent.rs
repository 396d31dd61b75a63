//! UA: the User-Agent every API call of the integration carries.

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression, quote};
use crate::diagnostics::Applicability;
use crate::diagnostics::Severity;
use crate::diagnostics::fix::toml_string;
use crate::manifest::Listing;
use crate::text::user_agent::{self, FormatError, is_token_char};

/// The listing's User-Agent: the one given, else the derived one.
pub fn resolved_user_agent(listing: &Listing) -> Option<String> {
    if let Some(given) = &listing.user_agent {
        return Some(given.value.clone());
    }
    derived(listing)
}

/// The User-Agent to suggest: derived as usual, but with the version in the SemVer form UA005
/// asks for (`v1.2` → `1.2.0`), so that following one hint never causes the other.
fn suggested(listing: &Listing) -> Option<String> {
    let version = &listing.version.as_ref()?.value;
    user_agent::derive(
        &listing.company.as_ref()?.value,
        &listing.name.as_ref()?.value,
        &semver_form(version).unwrap_or_else(|| version.clone()),
    )
}

fn derived(listing: &Listing) -> Option<String> {
    user_agent::derive(
        &listing.company.as_ref()?.value,
        &listing.name.as_ref()?.value,
        &listing.version.as_ref()?.value,
    )
}

pub static UA001: Rule = Rule {
    code: "UA001",
    name: "user-agent-format",
    family: Family::Ua,
    severity: Severity::Error,
    other_severity: None,
    summary: "not of the form `MdePartner-{CompanyName}-{ProductName}/{Version}`, or cannot be derived",
    docs: RuleDocs {
        what: "integration.user_agent, when given, has the form \
               MdePartner-{CompanyName}-{ProductName}/{Version}: the prefix exactly \
               `MdePartner-`, one `/`, three non-empty parts. When it is not given, it is \
               derived from partner.company, product.name and integration.version by keeping \
               the ASCII letters and digits of each name; a name with none (all Japanese, say) \
               cannot be derived and the listing must then give user_agent.",
        why: "Every call to the Defender for Endpoint APIs must carry this User-Agent so that \
              Microsoft can attribute usage to the partner; it is also a condition of MISA \
              membership.",
        example: "[integration]\nversion = \"1.0.0\"\nuser_agent = \"Contoso-Cognito 1.0\"\n",
        fix: "Use the derived string the message gives, or remove user_agent to let it be \
              derived.",
    },
    check: Check::Listing(format),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn format(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    let derived = derived(listing);
    match &listing.user_agent {
        Some(given) => {
            if let Err(error) = user_agent::parse(&given.value) {
                let help = match (&error, &derived) {
                    (_, Some(derived)) => format!("use \"{derived}\""),
                    (_, None) => "write it as MdePartner-{CompanyName}-{ProductName}/{Version}, \
                                  e.g. MdePartner-Contoso-ContosoCognito/1.0.0"
                        .into(),
                };
                let label = match error {
                    FormatError::Prefix => "must start with `MdePartner-`",
                    FormatError::Whitespace => "no spaces around the value",
                    _ => "expected MdePartner-{CompanyName}-{ProductName}/{Version}",
                };
                findings
                    .report(
                        &UA001,
                        "integration.user_agent",
                        given.span.clone(),
                        format!("user_agent {} {error}", quote(&given.value)),
                    )
                    .with_label(label)
                    .with_help(help);
                if let Some(derived) = &derived
                    && let Some(diagnostic) = findings.last_mut()
                {
                    diagnostic.with_replacement(
                        Applicability::Safe,
                        "write the derived User-Agent",
                        toml_string(derived),
                    );
                    withhold_placeholder_fix(listing, findings);
                }
            }
        }
        None if derived.is_none() => {
            let (Some(company), Some(name), Some(version)) =
                (&listing.company, &listing.name, &listing.version)
            else {
                // A missing field was reported as MAN002; there is nothing to derive from.
                return;
            };
            let company_token = user_agent::name_token(&company.value);
            let product_token = user_agent::name_token(&name.value);
            let (what, path, text) = if company_token.is_empty() {
                ("company name", "partner.company", company)
            } else {
                ("product name", "product.name", name)
            };
            let or_placeholder = |token: String, placeholder: &str| {
                if token.is_empty() {
                    placeholder.to_string()
                } else {
                    token
                }
            };
            let example = format!(
                "{}{}-{}/{}",
                user_agent::PREFIX,
                or_placeholder(company_token, "CompanyInLatinLetters"),
                or_placeholder(product_token, "ProductInLatinLetters"),
                version.value.trim()
            );
            findings
                .report(
                    &UA001,
                    path,
                    text.span.clone(),
                    format!(
                        "cannot derive the User-Agent: the {what} {} has no ASCII letter or digit",
                        quote(&text.value)
                    ),
                )
                .with_label("no ASCII letter or digit to put in the User-Agent")
                .with_help(format!(
                    "set integration.user_agent explicitly, e.g. user_agent = \"{example}\""
                ));
        }
        None => {}
    }
}

pub static UA002: Rule = Rule {
    code: "UA002",
    name: "user-agent-token",
    family: Family::Ua,
    severity: Severity::Error,
    other_severity: None,
    summary: "a part holds characters outside the RFC 9110 `token` set, or the version part is not a valid product-version token",
    docs: RuleDocs {
        what: "Each part of the User-Agent (company, product, version) is an RFC 9110 token: \
               ASCII letters, digits and !#$%&'*+-.^_`|~ only; no spaces, no parentheses, \
               no non-ASCII characters. For a derived User-Agent this concerns \
               integration.version.",
        why: "HTTP clients reject or mangle a User-Agent header with other characters, and \
              Microsoft's usage tracking cannot parse it.",
        example: "[integration]\nversion = \"1.0 (beta)\"\n",
        fix: "Remove the characters the message names (e.g. version = \"1.0.0-beta\").",
    },
    check: Check::Listing(token),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn first_bad_char(part: &str) -> Option<(usize, char)> {
    part.char_indices().find(|(_, c)| !is_token_char(*c))
}

fn token(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    if let Some(given) = &listing.user_agent {
        let Ok(parts) = user_agent::parse(&given.value) else {
            return;
        };
        for (name, part) in [
            ("company", parts.company),
            ("product", parts.product),
            ("version", parts.version),
        ] {
            if let Some((at, c)) = first_bad_char(part) {
                let offset = part.as_ptr() as usize - given.value.as_ptr() as usize + at;
                findings
                    .report(
                        &UA002,
                        "integration.user_agent",
                        char_span(given, offset, c),
                        format!(
                            "user_agent {name} part {} contains {}, which an HTTP token cannot hold",
                            quote(part),
                            describe(c)
                        ),
                    )
                    .with_label("not allowed in a User-Agent token")
                    .with_help(match suggested(listing) {
                        Some(derived) => format!("use \"{derived}\""),
                        None => "use only ASCII letters, digits and !#$%&'*+-.^_`|~ in each part"
                            .into(),
                    });
            }
        }
    } else if let Some(version) = &listing.version
        && let Some((at, c)) = first_bad_char(version.value.trim())
    {
        let lead = version.value.len() - version.value.trim_start().len();
        findings
                .report(
                    &UA002,
                    "integration.version",
                    char_span(version, lead + at, c),
                    format!(
                        "integration.version {} contains {}, which the User-Agent's version cannot hold",
                        quote(&version.value),
                        describe(c)
                    ),
                )
                .with_label("not allowed in a User-Agent token")
                .with_help(format!("write version = \"{}\"", tokenized(&version.value)));
    }
}

/// A version with every run of characters a token cannot hold replaced by one hyphen
/// ("3.2 beta" → "3.2-beta").
fn tokenized(version: &str) -> String {
    let mut out = String::new();
    for c in version.trim().chars() {
        if is_token_char(c) {
            out.push(c);
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_matches('-').to_string()
}

fn describe(c: char) -> String {
    match c {
        ' ' => "a space".into(),
        c if c.is_ascii_graphic() => format!("`{c}`"),
        c => crate::text::chars::describe_char(c),
    }
}

/// The file span of the character `c` at byte `at` of a text value.
fn char_span(text: &crate::manifest::Text, at: usize, c: char) -> std::ops::Range<usize> {
    text.sub_span(at..at + c.len_utf8())
}

pub static UA003: Rule = Rule {
    code: "UA003",
    name: "user-agent-mismatch",
    family: Family::Ua,
    severity: Severity::Warning,
    other_severity: None,
    summary: "the company, product or version in `user_agent` differs from what the manifest derives; shows the derived string",
    docs: RuleDocs {
        what: "A given integration.user_agent carries the same company, product and version \
               as the ones derived from partner.company, product.name and integration.version.",
        why: "A User-Agent that no longer matches the listing (an old version, a renamed \
              product) makes usage reports disagree with the partner page.",
        example: "[integration]\nversion = \"2.0.0\"\nuser_agent = \"MdePartner-Contoso-ContosoCognito/1.0.0\"\n",
        fix: "Update user_agent to the derived string, or remove it.",
    },
    check: Check::Listing(mismatch),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn mismatch(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    let (Some(given), Some(derived)) = (&listing.user_agent, suggested(listing)) else {
        return;
    };
    let (Ok(parts), Ok(expected)) = (user_agent::parse(&given.value), user_agent::parse(&derived))
    else {
        return;
    };
    // With an ambiguous split (UA004) compare the names without hyphens, so a hyphen alone is
    // reported once, by UA004.
    let names_differ = if parts.ambiguous {
        let joined = |company: &str, product: &str| format!("{company}{product}").replace('-', "");
        joined(parts.company, parts.product) != joined(expected.company, expected.product)
    } else {
        parts.company != expected.company || parts.product != expected.product
    };
    let mut differences = Vec::new();
    if names_differ && parts.ambiguous {
        differences.push(format!(
            "names \"{}-{}\" (listing: \"{}-{}\")",
            parts.company, parts.product, expected.company, expected.product
        ));
    } else if names_differ {
        if parts.company != expected.company {
            differences.push(format!(
                "company \"{}\" (listing: \"{}\")",
                parts.company, expected.company
            ));
        }
        if parts.product != expected.product {
            differences.push(format!(
                "product \"{}\" (listing: \"{}\")",
                parts.product, expected.product
            ));
        }
    }
    if parts.version != expected.version {
        let written = listing
            .version
            .as_ref()
            .map(|version| version.value.trim())
            .unwrap_or_default();
        differences.push(if written == expected.version {
            format!(
                "version \"{}\" (listing: \"{}\")",
                parts.version, expected.version
            )
        } else {
            format!(
                "version \"{}\" (listing: \"{written}\", in SemVer \"{}\")",
                parts.version, expected.version
            )
        });
    }
    if differences.is_empty() {
        return;
    }
    findings
        .report(
            &UA003,
            "integration.user_agent",
            given.span.clone(),
            format!(
                "user_agent does not match the listing: {}",
                differences.join(", ")
            ),
        )
        .with_help(format!(
            "use \"{derived}\", or remove user_agent to derive it"
        ))
        .with_replacement(
            Applicability::Safe,
            "write the derived User-Agent",
            toml_string(&derived),
        );
    withhold_placeholder_fix(listing, findings);
}

/// A User-Agent derived from a name that is still a placeholder (NAME006) would carry the
/// placeholder to Microsoft: the finding keeps its help, but no fix writes it.
fn withhold_placeholder_fix(listing: &Listing, findings: &mut Findings) {
    let placeholder = [&listing.company, &listing.name]
        .into_iter()
        .flatten()
        .any(|text| !crate::text::patterns::name_placeholders(&text.value).is_empty());
    if let (true, Some(diagnostic)) = (placeholder, findings.last_mut()) {
        diagnostic.fix = None;
    }
}

pub static UA004: Rule = Rule {
    code: "UA004",
    name: "user-agent-ambiguous",
    family: Family::Ua,
    severity: Severity::Warning,
    other_severity: None,
    summary: "a hyphen inside the company or product part makes `MdePartner-A-B-C/1.0` ambiguous to parse",
    docs: RuleDocs {
        what: "The company and product parts of integration.user_agent contain no hyphen.",
        why: "In MdePartner-A-B-C/1.0 nobody can tell where the company ends and the product \
              begins, so usage may be attributed to the wrong product.",
        example: "[integration]\nuser_agent = \"MdePartner-Contoso-Cognito-Cloud/1.0.0\"\n",
        fix: "Remove the hyphen from the names: MdePartner-Contoso-CognitoCloud/1.0.0.",
    },
    check: Check::Listing(ambiguous),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn ambiguous(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    let Some(given) = &listing.user_agent else {
        return;
    };
    let Ok(parts) = user_agent::parse(&given.value) else {
        return;
    };
    if parts.ambiguous {
        let help = match suggested(listing) {
            Some(derived) => format!("use \"{derived}\""),
            None => "remove the hyphens from the company and product names".into(),
        };
        findings
            .report(
                &UA004,
                "integration.user_agent",
                given.span.clone(),
                format!(
                    "user_agent {} has a hyphen inside the company or product name, so it cannot be split unambiguously",
                    quote(&given.value)
                ),
            )
            .with_help(help);
    }
}

pub static UA005: Rule = Rule {
    code: "UA005",
    name: "version-not-semver",
    family: Family::Ua,
    severity: Severity::Warning,
    other_severity: None,
    summary: "`integration.version` is not SemVer 2.0",
    docs: RuleDocs {
        what: "integration.version is a SemVer 2.0 version: MAJOR.MINOR.PATCH with optional \
               -prerelease and +build parts.",
        why: "The version in the User-Agent is how Microsoft tells releases of the integration \
              apart; SemVer keeps it comparable.",
        example: "[integration]\nversion = \"v1.2\"\n",
        fix: "Write it as MAJOR.MINOR.PATCH, e.g. \"1.2.0\".",
    },
    check: Check::Listing(semver),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn semver(context: &Context, findings: &mut Findings) {
    let Some(version) = context
        .package
        .listing
        .as_ref()
        .and_then(|listing| listing.version.as_ref())
    else {
        return;
    };
    if semver::Version::parse(version.value.trim()).is_ok() {
        return;
    }
    let help = match semver_form(&version.value) {
        Some(suggestion) => format!("write version = \"{suggestion}\""),
        None => "write it as MAJOR.MINOR.PATCH, e.g. \"1.2.0\" or \"1.2.0-beta.1\"".into(),
    };
    findings
        .report(
            &UA005,
            "integration.version",
            version.span.clone(),
            format!(
                "integration.version {} is not a SemVer 2.0 version",
                quote(&version.value)
            ),
        )
        .with_help(help);
}

/// A version in SemVer 2.0 form: itself when it is one, else the evident correction (`v1.2`
/// → `1.2.0`), else `None`.
fn semver_form(value: &str) -> Option<String> {
    let value = value.trim();
    if semver::Version::parse(value).is_ok() {
        return Some(value.to_string());
    }
    let bare = value.trim_start_matches(['v', 'V']);
    if semver::Version::parse(bare).is_ok() {
        Some(bare.to_string())
    } else {
        let parts: Vec<&str> = bare.split('.').collect();
        let numeric = !parts.is_empty()
            && parts.len() < 3
            && parts
                .iter()
                .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
        numeric.then(|| {
            let mut padded: Vec<String> = parts
                .iter()
                .map(|part| part.trim_start_matches('0').to_string())
                .map(|part| if part.is_empty() { "0".into() } else { part })
                .collect();
            padded.resize(3, "0".into());
            padded.join(".")
        })
    }
}
