//! How the rules word what `text::names` found: the evidence that a form names a product, and
//! DESC009, the possessive or plural product name (Microsoft's style guidance: product names take
//! no possessive and no plural, in any language).

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression, quote, subject};
use crate::diagnostics::Severity;
use crate::press::PressText;
use crate::text::names::{self, Found, Inflection, Kind, NameForm};

/// Text as a reader sees it in a message: white space runs, line breaks included, as one space.
fn as_written(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Why a form names its product, for a reviewer: `"끝점용 Microsoft Defender" is Microsoft
/// Defender for Endpoint in Korean`. Just the quoted text for the product's English name.
pub fn evidence(form: &NameForm, found: &str) -> String {
    let quoted = quote(&as_written(found));
    match form.kind {
        Kind::Current => quoted,
        Kind::Localized => format!("{quoted} is {} in {}", form.product, form.language_names()),
        Kind::Former => match form.translates {
            Some(english) => format!(
                "{quoted} is {english} in {}, a former name of {}",
                form.language_names(),
                form.product
            ),
            None => format!("{quoted} is a former name of {}", form.product),
        },
        Kind::Abbreviation => format!("{quoted} abbreviates {}", form.product),
    }
}

/// The first mention of the product in a press release, with the evidence and where:
/// `"Endpoint용 Defender" is Microsoft Defender for Endpoint in Korean, line 3`.
pub fn first_mention(text: &PressText) -> Option<String> {
    let mention = text.mentions.first()?;
    let found = text.content.text.get(mention.range.clone())?;
    Some(format!(
        "{}, {}",
        evidence(mention.entry, found),
        text.place(mention.range.clone())
    ))
}

/// For a translated former name, what it translates: `, Simplified Chinese for "Windows Defender
/// Advanced Threat Protection"`; nothing for an English one.
pub fn translation_note(form: &NameForm) -> String {
    form.translates
        .map(|english| format!(" ({} for \"{english}\")", form.language_names()))
        .unwrap_or_default()
}

pub static DESC009: Rule = Rule {
    code: "DESC009",
    name: "inflected-product-name",
    family: Family::Desc,
    severity: Severity::Warning,
    other_severity: None,
    summary: "a Microsoft product name with a possessive or plural ending (\"Microsoft Defender for Endpoint's\", \"MDEs\"); also in names and press releases",
    docs: RuleDocs {
        what: "Descriptions, names and press releases write Microsoft product names unchanged: \
               no possessive (\"Microsoft Defender for Endpoint's console\", \"Defender ATP's\", \
               \"Microsoft Sentinel’s\") and no plural or genitive \"s\" (\"MDEs\", \"Microsoft \
               Defender for Endpoints\", the German \"des Microsoft Defender for Endpoints\"). \
               Every form of the names table counts, translated names included (`mdelist \
               names` lists them); code spans and code blocks of a press release are not \
               checked.",
        why: "Microsoft's style guidance for its product names: they are proper nouns, used \
              as adjectives or with \"of\", never possessive or plural.",
        example: "[product]\ndescription = \"Stream Microsoft Defender for Endpoint's alerts into Contoso Cognito\"\n",
        fix: "Use the name unchanged: \"alerts from Microsoft Defender for Endpoint\", \
              \"Microsoft Defender for Endpoint devices\".",
    },
    check: Check::Listing(inflected_name),
    suppression: Suppression::Allowed,
    limits: &[],
};

/// The message, label and help of one inflected name.
fn inflected(found: &Found, text: &str) -> Option<(String, &'static str, String)> {
    let inflection = found.inflection?;
    let written = as_written(text.get(found.inflected.clone())?);
    // Write the form as it stands when it is the product's current name; otherwise the current
    // name (DESC005 or DESC006 also reports the form itself).
    let name = match found.form.kind {
        Kind::Current | Kind::Localized => as_written(text.get(found.range.clone())?),
        Kind::Former | Kind::Abbreviation => found.form.product.to_string(),
    };
    Some(match inflection {
        Inflection::Possessive => (
            format!("uses the possessive {}", quote(&written)),
            "possessive of a product name",
            format!(
                "write the name unchanged, with \"of\" or as an adjective: \"the console of \
                 {name}\", \"{name} alerts\""
            ),
        ),
        Inflection::PluralOrGenitive => (
            format!(
                "uses {}, a product name with a plural or genitive \"s\"",
                quote(&written)
            ),
            "product names take no \"s\"",
            format!("write \"{name}\" unchanged, e.g. \"{name} devices\""),
        ),
    })
}

fn inflected_name(context: &Context, findings: &mut Findings) {
    let names = context
        .names()
        .into_iter()
        .map(|field| ("product name", field));
    let descriptions = context
        .descriptions()
        .into_iter()
        .map(|field| ("description", field));
    for (what, field) in names.chain(descriptions) {
        let fits = super::description::renaming_fits(context, &field, what == "product name");
        for found in names::find(&field.text.value) {
            let Some((message, label, help)) = inflected(&found, &field.text.value) else {
                continue;
            };
            findings
                .report(
                    &DESC009,
                    &field.path,
                    field.text.sub_span(found.inflected.clone()),
                    format!("{} {message}", subject(what, &field)),
                )
                .with_label(label)
                .with_help(help);
            let name = match found.form.kind {
                Kind::Current | Kind::Localized => {
                    field.text.value.get(found.range.clone()).map(as_written)
                }
                Kind::Former | Kind::Abbreviation => {
                    fits.then(|| super::description::current_in(&field, found.form).to_string())
                }
            };
            if let Some(name) = name {
                findings.fix_last(
                    crate::diagnostics::Applicability::Unsafe,
                    format!("write \"{name}\" unchanged"),
                    field.text,
                    found.inflected.clone(),
                    &name,
                );
            }
        }
    }
    for file in context.press {
        let Some(text) = file.text() else {
            continue;
        };
        for found in names::find(&text.content.text) {
            let Some((message, label, help)) = inflected(&found, &text.content.text) else {
                continue;
            };
            let diagnostic = findings
                .report_in(
                    &text.source,
                    &DESC009,
                    &format!("press_release[{}].file", file.index),
                    text.source_span(found.inflected.clone()),
                    format!(
                        "press release {message}{}",
                        text.paragraph_note(found.inflected.clone())
                    ),
                )
                .with_label(label)
                .with_help(help);
            let name = match found.form.kind {
                Kind::Current | Kind::Localized => text
                    .content
                    .text
                    .get(found.range.clone())
                    .filter(|_| crate::fix::press::replaceable(text, found.inflected.clone()))
                    .map(as_written),
                Kind::Former | Kind::Abbreviation => {
                    crate::fix::press::replaceable(text, found.inflected.clone())
                        .then(|| crate::fix::press::renamed(text, found.range.clone(), found.form))
                        .flatten()
                        .map(str::to_string)
                }
            };
            if let Some(name) = name {
                diagnostic.with_replacement(
                    crate::diagnostics::Applicability::Unsafe,
                    format!("write \"{name}\" unchanged"),
                    name,
                );
            }
        }
    }
}
