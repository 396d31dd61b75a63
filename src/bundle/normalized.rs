//! `listing.json`: the manifest as checked, normalized (resolved User-Agent, word counts, bundle
//! paths), and its way back to a `listing.toml` so that `verify` can re-run every rule.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::manifest::schema::{CATEGORIES, CATEGORY_TITLES};
use crate::manifest::{Listing, Spanned, Text};
use crate::rules::user_agent::resolved_user_agent;
use crate::text::words::split_words;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NormalizedListing {
    pub schema: u32,
    pub partner: Partner,
    pub product: Product,
    pub integration: Integration,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub press_release: Vec<PressRelease>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub onboarding: Option<Onboarding>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<Allow>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Partner {
    pub company: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub name: String,
    pub description: String,
    pub description_words: usize,
    /// The logo's path inside the bundle.
    pub logo: String,
    pub landing_page: String,
    pub category: String,
    pub category_title: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub localized: BTreeMap<String, Localized>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Localized {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description_words: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Integration {
    pub version: String,
    pub user_agent: String,
    /// Whether `user_agent` was written in the manifest (else it was derived).
    pub user_agent_given: bool,
    pub multi_tenant: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entra_app_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub azure_ad_app_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PressRelease {
    /// The release's path inside the bundle.
    pub file: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publish: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review: Vec<Review>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Review {
    pub team: String,
    pub verdict: String,
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Onboarding {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub joint_customer: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub demo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approved: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub misa: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Allow {
    pub rule: String,
    pub reason: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
}

/// Where a press release goes inside the bundle: always under `press/`, so that it can never
/// collide with the bundle's own entries. `.`, empty components and `..` are resolved as the
/// listing folder resolves them (`sub/../press/launch.md` is `press/launch.md`), so the name
/// is the file's, written the one way an extractor writes it.
pub fn press_entry_name(relative: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in relative.split(['/', '\\']) {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let parts = match parts.first() {
        Some(&"press") => &parts[1..],
        _ => &parts[..],
    };
    format!("press/{}", parts.join("/"))
}

fn text(value: &Option<Text>) -> Option<String> {
    value.as_ref().map(|text| text.value.clone())
}

fn date(value: &Option<Spanned<jiff::civil::Date>>) -> Option<String> {
    value.as_ref().map(|date| date.value.to_string())
}

/// The normalized form of a listing that passed its checks; `None` if a required value is
/// missing (which the checks report as an error, so a bundled listing always has them).
pub fn normalize(listing: &Listing) -> Option<NormalizedListing> {
    let category = listing.category.as_ref()?.value.clone();
    let category_title = CATEGORIES
        .iter()
        .position(|slug| *slug == category)
        .and_then(|index| CATEGORY_TITLES.get(index))
        .map_or_else(|| category.clone(), |title| (*title).to_string());
    let description = listing.description.as_ref()?.value.clone();
    let localized = listing
        .localized
        .iter()
        .map(|entry| {
            let description = text(&entry.description);
            let words = description
                .as_ref()
                .map(|description| split_words(description, Some(&entry.tag.value)).len());
            (
                entry.tag.value.clone(),
                Localized {
                    name: text(&entry.name),
                    description,
                    description_words: words,
                },
            )
        })
        .collect();
    let onboarding = listing.onboarding.as_ref().map(|onboarding| Onboarding {
        license: text(&onboarding.license),
        joint_customer: text(&onboarding.joint_customer),
        demo: date(&onboarding.demo),
        approved: date(&onboarding.approved),
        misa: text(&onboarding.misa),
    });
    Some(NormalizedListing {
        schema: 1,
        partner: Partner {
            company: listing.company.as_ref()?.value.clone(),
        },
        product: Product {
            name: listing.name.as_ref()?.value.clone(),
            description_words: split_words(&description, None).len(),
            description,
            logo: "logo.svg".into(),
            landing_page: listing.landing_page.as_ref()?.value.clone(),
            category,
            category_title,
            localized,
        },
        integration: Integration {
            version: listing.version.as_ref()?.value.clone(),
            user_agent: resolved_user_agent(listing)?,
            user_agent_given: listing.user_agent.is_some(),
            multi_tenant: listing.multi_tenant.as_ref()?.value,
            entra_app_name: text(&listing.entra_app_name),
            azure_ad_app_name: text(&listing.azure_ad_app_name),
        },
        press_release: listing
            .press_releases
            .iter()
            .map(|release| {
                Some(PressRelease {
                    file: press_entry_name(&release.file.as_ref()?.value),
                    submitted: date(&release.submitted),
                    publish: date(&release.publish),
                    review: release
                        .reviews
                        .iter()
                        .map(|review| {
                            Some(Review {
                                team: review.team.as_ref()?.value.clone(),
                                verdict: review.verdict.as_ref()?.value.clone(),
                                date: review.date.as_ref()?.value.to_string(),
                                note: text(&review.note),
                            })
                        })
                        .collect::<Option<Vec<_>>>()?,
                })
            })
            .collect::<Option<Vec<_>>>()?,
        onboarding,
        allow: listing
            .allow
            .iter()
            .map(|entry| {
                Some(Allow {
                    rule: entry.rule.as_ref()?.value.clone(),
                    reason: entry.reason.as_ref()?.value.clone(),
                    until: date(&entry.until),
                })
            })
            .collect::<Option<Vec<_>>>()?,
    })
}

fn toml_date(value: &str) -> toml::Value {
    value
        .parse::<toml::value::Datetime>()
        .map(toml::Value::Datetime)
        .unwrap_or_else(|_| toml::Value::String(value.to_string()))
}

fn table(pairs: Vec<(&str, Option<toml::Value>)>) -> toml::Table {
    pairs
        .into_iter()
        .filter_map(|(key, value)| value.map(|value| (key.to_string(), value)))
        .collect()
}

fn string(value: &str) -> Option<toml::Value> {
    Some(toml::Value::String(value.to_string()))
}

fn optional(value: &Option<String>) -> Option<toml::Value> {
    value.as_deref().and_then(string)
}

fn optional_date(value: &Option<String>) -> Option<toml::Value> {
    value.as_deref().map(toml_date)
}

/// The `listing.toml` equivalent to a normalized listing, for re-checking a bundle. Derived
/// values (word counts, a derived User-Agent) are left out and derived again.
pub fn to_manifest(normalized: &NormalizedListing) -> String {
    let product = &normalized.product;
    let integration = &normalized.integration;
    let mut product_table = table(vec![
        ("name", string(&product.name)),
        ("description", string(&product.description)),
        ("logo", string(&product.logo)),
        ("landing_page", string(&product.landing_page)),
        ("category", string(&product.category)),
    ]);
    if !product.localized.is_empty() {
        let localized: toml::Table = product
            .localized
            .iter()
            .map(|(tag, entry)| {
                let entry = table(vec![
                    ("name", optional(&entry.name)),
                    ("description", optional(&entry.description)),
                ]);
                (tag.clone(), toml::Value::Table(entry))
            })
            .collect();
        product_table.insert("localized".into(), toml::Value::Table(localized));
    }
    let mut root = toml::Table::new();
    root.insert(
        "schema".into(),
        toml::Value::Integer(i64::from(normalized.schema)),
    );
    root.insert(
        "partner".into(),
        toml::Value::Table(table(vec![(
            "company",
            string(&normalized.partner.company),
        )])),
    );
    root.insert("product".into(), toml::Value::Table(product_table));
    root.insert(
        "integration".into(),
        toml::Value::Table(table(vec![
            ("version", string(&integration.version)),
            (
                "user_agent",
                integration
                    .user_agent_given
                    .then(|| toml::Value::String(integration.user_agent.clone())),
            ),
            (
                "multi_tenant",
                Some(toml::Value::Boolean(integration.multi_tenant)),
            ),
            ("entra_app_name", optional(&integration.entra_app_name)),
            (
                "azure_ad_app_name",
                optional(&integration.azure_ad_app_name),
            ),
        ])),
    );
    if !normalized.press_release.is_empty() {
        let releases = normalized
            .press_release
            .iter()
            .map(|release| {
                let mut entry = table(vec![
                    ("file", string(&release.file)),
                    ("submitted", optional_date(&release.submitted)),
                    ("publish", optional_date(&release.publish)),
                ]);
                if !release.review.is_empty() {
                    let reviews = release
                        .review
                        .iter()
                        .map(|review| {
                            toml::Value::Table(table(vec![
                                ("team", string(&review.team)),
                                ("verdict", string(&review.verdict)),
                                ("date", Some(toml_date(&review.date))),
                                ("note", optional(&review.note)),
                            ]))
                        })
                        .collect();
                    entry.insert("review".into(), toml::Value::Array(reviews));
                }
                toml::Value::Table(entry)
            })
            .collect();
        root.insert("press_release".into(), toml::Value::Array(releases));
    }
    if let Some(onboarding) = &normalized.onboarding {
        root.insert(
            "onboarding".into(),
            toml::Value::Table(table(vec![
                ("license", optional(&onboarding.license)),
                ("joint_customer", optional(&onboarding.joint_customer)),
                ("demo", optional_date(&onboarding.demo)),
                ("approved", optional_date(&onboarding.approved)),
                ("misa", optional(&onboarding.misa)),
            ])),
        );
    }
    if !normalized.allow.is_empty() {
        let allow = normalized
            .allow
            .iter()
            .map(|entry| {
                toml::Value::Table(table(vec![
                    ("rule", string(&entry.rule)),
                    ("reason", string(&entry.reason)),
                    ("until", optional_date(&entry.until)),
                ]))
            })
            .collect();
        let mut checks = toml::Table::new();
        checks.insert("allow".into(), toml::Value::Array(allow));
        root.insert("checks".into(), toml::Value::Table(checks));
    }
    toml::to_string(&root).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn press_releases_always_land_under_press() {
        assert_eq!(
            press_entry_name("press/2026-11-launch.md"),
            "press/2026-11-launch.md"
        );
        assert_eq!(press_entry_name("./SUBMISSION.md"), "press/SUBMISSION.md");
        assert_eq!(
            press_entry_name("sub/../press/launch.md"),
            "press/launch.md"
        );
        assert_eq!(press_entry_name("press//./a\\b.md"), "press/a/b.md");
        assert_eq!(
            press_entry_name("news/de/launch.docx"),
            "press/news/de/launch.docx"
        );
    }
}
