//! A new listing package from the templates embedded in the binary, as a pure list of files;
//! `mdelist init` writes them. Without names, the package carries deliberate placeholders that
//! the `NAME006`, `DESC003` and `LINK003` rules flag, so `mdelist check` lists exactly what is
//! left to fill in; the logo is a placeholder too, but one that passes every `LOGO` rule.

use crate::manifest::schema::{CATEGORIES, CATEGORY_TITLES, find_field};
use crate::text::user_agent::derive;

const LISTING_TEMPLATE: &str = include_str!("../templates/listing.toml");
const LOGO: &str = include_str!("../templates/logo.svg");
const PRESS_TEMPLATE: &str = include_str!("../templates/press-release.md");

/// What stands in for a name that was not given: a template slot the `NAME006` rule reports.
pub const COMPANY_SLOT: &str = "{Your company}";
pub const PRODUCT_SLOT: &str = "{Your product name}";
/// The version every new listing starts at.
const FIRST_VERSION: &str = "1.0.0";

/// One file of the new package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewFile {
    /// The path inside the package folder, `/`-separated.
    pub path: &'static str,
    pub bytes: Vec<u8>,
}

/// The names given on the command line, if any.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub company: Option<String>,
    pub product: Option<String>,
}

#[derive(Debug, thiserror::Error)]
#[error("template {template} could not be rendered: {source}")]
pub struct TemplateError {
    template: &'static str,
    #[source]
    source: minijinja::Error,
}

/// The package's files, in the order they are written: `listing.toml`, `logo.svg`,
/// `press/press-release.md`.
pub fn package_files(names: &Names) -> Result<Vec<NewFile>, TemplateError> {
    let company = names.company.as_deref().unwrap_or(COMPANY_SLOT);
    let product = names.product.as_deref().unwrap_or(PRODUCT_SLOT);
    let user_agent = match (&names.company, &names.product) {
        (Some(company), Some(product)) => derive(company, product, FIRST_VERSION),
        _ => None,
    }
    .unwrap_or_else(|| format!("MdePartner-{{CompanyName}}-{{ProductName}}/{FIRST_VERSION}"));
    let width = CATEGORIES.iter().map(|slug| slug.len()).max().unwrap_or(0);
    let categories: Vec<String> = CATEGORIES
        .iter()
        .zip(CATEGORY_TITLES)
        .map(|(slug, title)| format!("{slug:width$}  ({title})"))
        .collect();

    let mut environment = minijinja::Environment::new();
    environment.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
    environment.add_function("doc", |path: &str| {
        find_field(path).map(|field| field.doc).ok_or_else(|| {
            minijinja::Error::new(
                minijinja::ErrorKind::InvalidOperation,
                format!("no field {path} in the schema"),
            )
        })
    });
    let listing = environment
        .render_str(
            LISTING_TEMPLATE,
            minijinja::context! {
                product_title => names.product.as_deref().map_or("your product".into(), one_line),
                company => toml_string(company),
                product => toml_string(product),
                user_agent => user_agent,
                categories => categories,
            },
        )
        .map_err(|source| TemplateError {
            template: "listing.toml",
            source,
        })?;
    let press = environment
        .render_str(
            PRESS_TEMPLATE,
            minijinja::context! { company => company, product => product },
        )
        .map_err(|source| TemplateError {
            template: "press-release.md",
            source,
        })?;
    Ok(vec![
        NewFile {
            path: "listing.toml",
            bytes: with_final_newline(listing),
        },
        NewFile {
            path: "logo.svg",
            bytes: LOGO.as_bytes().to_vec(),
        },
        NewFile {
            path: "press/press-release.md",
            bytes: with_final_newline(press),
        },
    ])
}

/// Rendering drops the template's final line break; a text file ends with one.
fn with_final_newline(mut text: String) -> Vec<u8> {
    text.truncate(text.trim_end().len());
    text.push('\n');
    text.into_bytes()
}

/// A TOML basic string holding `text` exactly, whatever it contains.
fn toml_string(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len() + 2);
    quoted.push('"');
    for c in text.chars() {
        match c {
            '"' => quoted.push_str("\\\""),
            '\\' => quoted.push_str("\\\\"),
            '\n' => quoted.push_str("\\n"),
            '\t' => quoted.push_str("\\t"),
            '\r' => quoted.push_str("\\r"),
            c if c.is_control() => quoted.push_str(&format!("\\u{:04X}", c as u32)),
            c => quoted.push(c),
        }
    }
    quoted.push('"');
    quoted
}

/// Text fit for a TOML comment: one line, no control characters.
fn one_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || c.is_control())
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::manifest::schema::leaf_paths;

    fn listing_text(names: &Names) -> String {
        let files = package_files(names).unwrap();
        String::from_utf8(files[0].bytes.clone()).unwrap()
    }

    #[test]
    fn every_field_of_the_schema_is_explained() {
        let text = listing_text(&Names::default());
        for path in leaf_paths() {
            let key = path.rsplit('.').next().unwrap();
            let doc = find_field(&path).unwrap().doc;
            assert!(
                text.contains(&format!("{key} =")) || text.contains(&format!("{key}:")),
                "{path} has no line in the template"
            );
            assert!(
                text.contains(doc),
                "{path}'s documentation is not in the template"
            );
        }
        for (slug, title) in CATEGORIES.iter().zip(CATEGORY_TITLES) {
            assert!(text.contains(slug) && text.contains(title), "{slug}");
        }
    }

    #[test]
    fn names_are_quoted_whatever_they_hold() {
        let names = Names {
            company: Some("Quote \" and \\ back\nslash".into()),
            product: Some("Tab\there = \"x\"\n[partner]".into()),
        };
        let text = listing_text(&names);
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(
            parsed["partner"]["company"].as_str(),
            names.company.as_deref()
        );
        assert_eq!(parsed["product"]["name"].as_str(), names.product.as_deref());
        // The comment that names the product stays one comment.
        assert!(text.starts_with("# The listing of Tab here = \"x\" [partner] on"));
    }

    #[test]
    fn given_names_derive_the_user_agent_shown() {
        let names = Names {
            company: Some("Tenvik Security".into()),
            product: Some("Tenvik Sentry".into()),
        };
        let text = listing_text(&names);
        assert!(text.contains("# user_agent = \"MdePartner-TenvikSecurity-TenvikSentry/1.0.0\""));
        let press = package_files(&names).unwrap()[2].bytes.clone();
        let press = String::from_utf8(press).unwrap();
        assert!(press.contains("# Tenvik Security announces Tenvik Sentry for Microsoft"));
    }
}
