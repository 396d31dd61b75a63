//! `mdelist names`: the names table (data/names.toml) the product-name rules match.

use std::fmt::Write;

use clap::{Args, ValueEnum};

use super::{Exit, print};
use crate::text::names::{FORMS, NameForm, PRODUCTS, language_name};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum NamesFormat {
    Human,
    Json,
    /// A Markdown table per product (the table in docs/names.md).
    Markdown,
}

#[derive(Debug, Args)]
pub struct NamesArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = NamesFormat::Human)]
    format: NamesFormat,
    /// Only the forms written in this language (BCP 47 tag: ko, ja, zh-Hans, de…); English
    /// forms, matched in every language, are listed too.
    #[arg(long, value_name = "TAG")]
    lang: Option<String>,
}

pub fn run(args: NamesArgs) -> anyhow::Result<Exit> {
    let forms: Vec<&NameForm> = FORMS
        .iter()
        .filter(|form| {
            args.lang.as_deref().is_none_or(|lang| {
                form.languages
                    .iter()
                    .any(|tag| tag.eq_ignore_ascii_case(lang) || *tag == "en")
            })
        })
        .collect();
    let text = match args.format {
        NamesFormat::Human => names_text(&forms),
        NamesFormat::Json => names_json(&forms),
        NamesFormat::Markdown => names_markdown(&forms),
    };
    print(&text)?;
    Ok(Exit::Clean)
}

/// Every form of the table, for docs/names.md.
pub fn names_table_markdown() -> String {
    names_markdown(&FORMS.iter().collect::<Vec<_>>())
}

fn languages(form: &NameForm) -> String {
    form.languages.join(", ")
}

fn heading(product: &str, mentioned: bool) -> String {
    if mentioned {
        format!("{product} (a press release that names it needs Microsoft's review)")
    } else {
        product.to_string()
    }
}

/// The forms grouped by product, in the order of [`PRODUCTS`], products without forms left out.
fn by_product<'a>(
    forms: &'a [&'a NameForm],
) -> impl Iterator<Item = (&'static crate::text::names::Product, Vec<&'a NameForm>)> + 'a {
    PRODUCTS.iter().filter_map(move |product| {
        let of_product: Vec<&NameForm> = forms
            .iter()
            .copied()
            .filter(|form| form.product == product.name)
            .collect();
        (!of_product.is_empty()).then_some((product, of_product))
    })
}

fn names_text(forms: &[&NameForm]) -> String {
    let mut out = String::new();
    for (product, of_product) in by_product(forms) {
        let _ = writeln!(out, "{}", heading(product.name, product.mentioned));
        for form in of_product {
            let _ = writeln!(
                out,
                "  {:<12}  {:<15}  {}",
                form.kind.label(),
                languages(form),
                form.text
            );
            let _ = writeln!(out, "  {:<12}  {:<15}  source: {}", "", "", form.source);
        }
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "{} forms; English forms are matched in every language",
        forms.len()
    );
    out
}

fn names_json(forms: &[&NameForm]) -> String {
    let entries: Vec<serde_json::Value> = forms
        .iter()
        .map(|form| {
            serde_json::json!({
                "text": form.text,
                "product": form.product,
                "kind": form.kind.label(),
                "languages": form.languages,
                "translates": form.translates,
                "acronym": form.acronym,
                "source": form.source,
            })
        })
        .collect();
    let mut text = serde_json::to_string_pretty(&entries).unwrap_or_default();
    text.push('\n');
    text
}

fn names_markdown(forms: &[&NameForm]) -> String {
    let mut out = String::new();
    for (product, of_product) in by_product(forms) {
        let _ = writeln!(out, "### {}\n", heading(product.name, product.mentioned));
        out.push_str("| form | kind | language | source |\n|---|---|---|---|\n");
        for form in of_product {
            let language: Vec<&str> = form
                .languages
                .iter()
                .map(|tag| language_name(tag))
                .collect();
            let kind = match form.translates {
                Some(english) => format!("{} ({english})", form.kind.label()),
                None => form.kind.label().to_string(),
            };
            let _ = writeln!(
                out,
                "| {} | {kind} | {} | {} |",
                form.text,
                language.join(", "),
                form.source.replace('|', "\\|")
            );
        }
        out.push('\n');
    }
    out
}
