//! XL: consistency across listings. Each listing is compared with the listings before it in
//! path order ([`crate::consistency`]); a finding is reported on the later listing and points
//! at the earlier one (`related`).

use super::{Check, Family, Rule, RuleDocs, Suppression};
use crate::consistency::{Earlier, Match};
use crate::diagnostics::{Diagnostic, Location, Related, Severity};

pub static XL001: Rule = Rule {
    code: "XL001",
    name: "company-spelling",
    family: Family::Xl,
    severity: Severity::Warning,
    other_severity: None,
    summary: "one company written several ways across listings (case, a legal form, look-alike letters)",
    docs: RuleDocs {
        what: "partner.company is written the same way in every listing of the same company. \
               Names are taken as the same company when they agree once folded: NFKC, lower \
               case, a legal form at the end dropped (Ltd, Inc., GmbH, LLC…), look-alike \
               letters mapped by their Unicode skeleton (UTS #39: Cyrillic о is Latin o), \
               spaces and punctuation ignored. Each listing is compared with the listings \
               before it in path order; the finding is on the later one and names the first \
               listing of that company.",
        why: "The User-Agent is derived from the company name, and Microsoft recognises a \
              partner by it: \"Contoso\" and \"Contoso Ltd\" become MdePartner-Contoso-… and \
              MdePartner-ContosoLtd-…, two partners. A look-alike letter is worse: it reads \
              the same and is another name.",
        example: "# a/listing.toml\n[partner]\ncompany = \"Contoso\"\n\n# b/listing.toml\n[partner]\ncompany = \"Contoso Ltd\"\n",
        fix: "Write the company name exactly as in the other listings.",
    },
    check: Check::Across,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static XL002: Rule = Rule {
    code: "XL002",
    name: "user-agent-company",
    family: Family::Xl,
    severity: Severity::Warning,
    other_severity: None,
    summary: "listings of one company whose User-Agents name the company differently",
    docs: RuleDocs {
        what: "Listings whose company names agree give the same company part in their \
               User-Agents (MdePartner-{CompanyName}-…, given or derived). Compared with the \
               first listing of the company, in path order, that has a User-Agent.",
        why: "Microsoft recognises a partner by the company part of the User-Agent: two \
              spellings of it split one partner's usage in two.",
        example: "# a/listing.toml\n[integration]\nuser_agent = \"MdePartner-Contoso-Cognito/1.0.0\"\n\n# b/listing.toml\n[integration]\nuser_agent = \"MdePartner-ContosoInc-Nimbus/1.0.0\"\n",
        fix: "Use the same company part in every User-Agent, or remove user_agent to derive it \
              from the company name.",
    },
    check: Check::Across,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static XL003: Rule = Rule {
    code: "XL003",
    name: "landing-page-shared",
    family: Family::Xl,
    severity: Severity::Warning,
    other_severity: None,
    summary: "two products with the same landing page (compared normalised)",
    docs: RuleDocs {
        what: "Listings of different products have different landing pages. Addresses are \
               compared normalised: scheme and host case, http as https, the default port, \
               a trailing slash, the fragment and campaign tracking parameters (utm_*, gclid…) \
               make no difference. Listings of the same product (same company and product \
               name, in several folders) may share a page.",
        why: "The partner page links each tile to its landing page: two products sending \
              customers to one page usually means one listing was copied from the other and \
              its link never changed.",
        example: "# a/listing.toml\nlanding_page = \"https://www.contoso.com/cognito\"\n\n# b/listing.toml (another product)\nlanding_page = \"https://www.contoso.com/cognito/?utm_source=mde\"\n",
        fix: "Link each product to the page about its own integration.",
    },
    check: Check::Across,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static XL004: Rule = Rule {
    code: "XL004",
    name: "description-duplicate",
    family: Family::Xl,
    severity: Severity::Warning,
    other_severity: None,
    summary: "two products with identical or near-identical descriptions (60% of word pairs shared)",
    docs: RuleDocs {
        what: "Listings of different products have descriptions of their own. Descriptions \
               are compared word by word (NFKC, lower case, punctuation ignored): identical, \
               or near-identical when at least 60% of their word pairs are shared (Jaccard \
               similarity over word 2-shingles; one word changed in fifteen keeps about 75%). \
               Candidates are found by MinHash buckets, so a repository of thousands of \
               listings costs each listing a bounded number of comparisons.",
        why: "Each tile on the partner page shows its description: two products with one text \
              tell the customer nothing about the difference, and a copied text often still \
              describes the other product.",
        example: "# a/listing.toml\ndescription = \"Cognito streams Defender for Endpoint alerts into your SOC workflows.\"\n\n# b/listing.toml (another product)\ndescription = \"Nimbus streams Defender for Endpoint alerts into your SOC workflows.\"\n",
        fix: "Describe what this product does with Defender for Endpoint in its own words.",
    },
    check: Check::Across,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static XL005: Rule = Rule {
    code: "XL005",
    name: "logo-duplicate",
    family: Family::Xl,
    severity: Severity::Warning,
    other_severity: None,
    summary: "two products with the same logo (perceptual hash of the 256 px render)",
    docs: RuleDocs {
        what: "Listings of different products have different logos. Logos are compared by \
               what they look like, not by their bytes: a 64-bit difference hash (dHash) of \
               the 256 px render over white, the same artwork when at most 5 of the 64 bits \
               differ. Blank or flat renders are not compared.",
        why: "The partner page shows products as logo tiles: two products with one logo look \
              like one product listed twice.",
        example: "# a/listing.toml and b/listing.toml, two products\nlogo = \"logo.svg\"   # the same artwork in both folders\n",
        fix: "Give each product its own logo (a product mark, not only the company's), or \
              list the products as one.",
    },
    check: Check::Across,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static XL006: Rule = Rule {
    code: "XL006",
    name: "version-backwards",
    family: Family::Xl,
    severity: Severity::Warning,
    other_severity: None,
    summary: "the same product in several folders, its version lower than an earlier folder's",
    docs: RuleDocs {
        what: "A product family is the listings with the same company and product name (folded \
               as XL001 folds them) in several folders. In path order, the User-Agent's \
               version (SemVer) never goes below the highest version of an earlier folder of \
               the family. Versions that are not SemVer are left to UA005.",
        why: "Folders of one product usually keep its releases; a version that goes backwards \
              is a stale copy, or a release that would report an old version to Microsoft.",
        example: "# contoso-cognito/2024/listing.toml\nversion = \"2.0.0\"\n\n# contoso-cognito/2025/listing.toml\nversion = \"1.4.0\"\n",
        fix: "Raise the version; or name the folders so that path order is release order \
              (v01, v02… rather than v9, v10, which sort as text).",
    },
    check: Check::Across,
    suppression: Suppression::Allowed,
    limits: &[],
};

/// "\"Contoso Cognito\" (a/listing.toml)" or "a/listing.toml".
fn other(earlier: &Earlier) -> String {
    let path = earlier.manifest.display();
    match &earlier.product {
        Some(product) => format!("{} ({path})", super::quote(product)),
        None => path.to_string(),
    }
}

/// What a finding says: its message, the label under this listing's field, the help, and what
/// the earlier listing's field is.
struct Wording<'a> {
    message: String,
    label: &'a str,
    help: &'a str,
    related: String,
}

fn finding(
    rule: &'static Rule,
    field: &str,
    at: Location,
    earlier: &Earlier,
    wording: Wording,
) -> Diagnostic {
    Diagnostic {
        code: rule.code,
        name: rule.name,
        severity: rule.severity,
        message: wording.message,
        field: Some(field.to_string()),
        location: Some(at),
        label: Some(wording.label.to_string()),
        help: Some(wording.help.to_string()),
        suppressed: None,
        severity_set_in: None,
        fix: None,
        related: vec![Related {
            location: earlier.at.clone(),
            message: wording.related,
        }],
    }
}

/// The findings of the matches of one listing, in its default severities (policy comes
/// after).
pub fn diagnostics(matches: Vec<Match>) -> Vec<Diagnostic> {
    matches.into_iter().map(diagnostic).collect()
}

fn diagnostic(found: Match) -> Diagnostic {
    let quote = super::quote;
    let product_of = |earlier: &Earlier| {
        earlier
            .product
            .as_deref()
            .map_or("another product".to_string(), quote)
    };
    match found {
        Match::CompanySpelling {
            written,
            earlier_written,
            lookalike,
            tokens,
            at,
            earlier,
        } => {
            let mut message = format!(
                "company {} is written {} in {}",
                quote(&written),
                quote(&earlier_written),
                earlier.manifest.display()
            );
            if let Some(c) = lookalike {
                message.push_str(&format!(
                    " (`{c}` here is U+{:04X}, a look-alike letter)",
                    u32::from(c)
                ));
            }
            if let Some((token, earlier_token)) = &tokens {
                message.push_str(&format!(
                    "; the User-Agents name the company {} and {}, which Microsoft counts as \
                     two partners",
                    quote(token),
                    quote(earlier_token)
                ));
            }
            let help = format!(
                "write the company name as the other listings do: company = {}",
                crate::diagnostics::fix::toml_string(&earlier_written)
            );
            finding(
                &XL001,
                "partner.company",
                at,
                &earlier,
                Wording {
                    message,
                    label: "another spelling of the same company",
                    help: &help,
                    related: format!("the company written {}", quote(&earlier_written)),
                },
            )
        }
        Match::AgentCompany {
            token,
            earlier_token,
            given,
            at,
            earlier,
        } => finding(
            &XL002,
            if given {
                "integration.user_agent"
            } else {
                "partner.company"
            },
            at,
            &earlier,
            Wording {
                message: format!(
                    "User-Agent names the company {}, but {} names the same company {}",
                    quote(&token),
                    earlier.manifest.display(),
                    quote(&earlier_token)
                ),
                label: "another company part",
                help: "use the same company part in every User-Agent: Microsoft recognises a \
                       partner by it",
                related: format!("the User-Agent's company {}", quote(&earlier_token)),
            },
        ),
        Match::LandingPage {
            normalized,
            at,
            earlier,
        } => finding(
            &XL003,
            "product.landing_page",
            at,
            &earlier,
            Wording {
                message: format!(
                    "landing page {} is also the landing page of {}",
                    quote(&normalized),
                    other(&earlier)
                ),
                label: "the same page as another product",
                help: "link each product to the page about its own integration",
                related: format!("the same landing page, of {}", product_of(&earlier)),
            },
        ),
        Match::Description {
            identical,
            similarity,
            at,
            earlier,
        } => finding(
            &XL004,
            "product.description",
            at,
            &earlier,
            Wording {
                message: if identical {
                    format!("description is identical to that of {}", other(&earlier))
                } else {
                    format!(
                        "description is nearly identical to that of {}: {}% of its word pairs \
                         are the same",
                        other(&earlier),
                        (similarity * 100.0).floor()
                    )
                },
                label: if identical {
                    "the same text as another product"
                } else {
                    "nearly the same text as another product"
                },
                help: "describe what this product does with Defender for Endpoint in its own \
                       words",
                related: format!("the description of {}", product_of(&earlier)),
            },
        ),
        Match::Logo {
            distance,
            at,
            earlier,
        } => finding(
            &XL005,
            "product.logo",
            at,
            &earlier,
            Wording {
                message: if distance == 0 {
                    format!("logo looks the same as the logo of {}", other(&earlier))
                } else {
                    format!(
                        "logo looks the same as the logo of {} ({distance} of 64 fingerprint \
                         bits differ)",
                        other(&earlier)
                    )
                },
                label: "the same artwork as another product",
                help: "give each product its own logo, or list the products as one",
                related: format!("the logo of {}", product_of(&earlier)),
            },
        ),
        Match::VersionBackwards {
            version,
            earlier_version,
            given,
            at,
            earlier,
        } => finding(
            &XL006,
            if given {
                "integration.user_agent"
            } else {
                "integration.version"
            },
            at,
            &earlier,
            Wording {
                message: format!(
                    "version {version} is lower than {earlier_version} in {}, an earlier \
                     folder of the same product",
                    earlier.manifest.display()
                ),
                label: "lower than an earlier folder's",
                help: "raise the version, or name the folders so that path order is release \
                       order (v01, v02… rather than v9, v10)",
                related: format!("version {earlier_version}"),
            },
        ),
    }
}
