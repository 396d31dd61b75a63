use std::io::Read;
use std::path::{Path, PathBuf};

use clap::Args;

use super::{Exit, print};
use crate::check::MANIFEST_FILE;
use crate::text::chars::{budget_characters, budget_language, character_budget};
use crate::text::words::split_words;

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    mdelist words \"Stream alerts from Microsoft Defender for Endpoint into Microsoft Sentinel\"\n  \
    mdelist words --lang ja --file description-ja.txt\n  \
    pbpaste | mdelist words -\n  \
    mdelist words examples/contoso-cognito")]
pub struct WordsArgs {
    /// The text to count; `-` reads it from standard input (as does giving no text at all);
    /// a listing folder numbers each of its descriptions.
    #[arg(
        value_name = "TEXT",
        conflicts_with_all = ["file", "listing"]
    )]
    text: Option<String>,
    /// Read the text from a file instead.
    #[arg(long, value_name = "FILE", conflicts_with = "listing")]
    file: Option<PathBuf>,
    /// Number the words of every description of a listing (a folder or its listing.toml).
    #[arg(long, value_name = "LISTING")]
    listing: Option<PathBuf>,
    /// BCP 47 language tag of the text (e.g. ja, zh-Hans, th); without it the script decides.
    #[arg(long, value_name = "TAG", conflicts_with = "listing")]
    lang: Option<String>,
}

pub fn run(args: WordsArgs) -> anyhow::Result<Exit> {
    if let Some(listing) = &args.listing {
        return listing_words(listing);
    }
    // `mdelist words examples/contoso-cognito`: a listing folder (or its manifest) given as
    // the text means its descriptions.
    if let Some(text) = &args.text {
        let path = Path::new(text);
        let is_listing = path.join(MANIFEST_FILE).is_file()
            || (path.file_name().is_some_and(|name| name == MANIFEST_FILE) && path.is_file());
        if is_listing && args.lang.is_none() {
            return listing_words(path);
        }
    }
    let text = match (&args.text, &args.file) {
        (Some(text), _) if text != "-" => text.clone(),
        (None, Some(file)) => {
            let bytes = crate::io::files::read_regular_file(file)
                .map_err(|reason| anyhow::anyhow!("{} {reason}", file.display()))?;
            String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", file.display()))?
        }
        _ => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(crate::manifest::MAX_FILE_BYTES)
                .read_to_end(&mut bytes)
                .map_err(|error| anyhow::anyhow!("cannot read standard input: {error}"))?;
            String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("standard input is not UTF-8 text"))?
        }
    };
    print(&numbered(
        text.trim_end_matches(['\n', '\r']),
        args.lang.as_deref(),
    ))?;
    Ok(Exit::Clean)
}

/// The numbered words of a text, then the count, and for Japanese or Chinese the character
/// budget, which is its length limit.
fn numbered(text: &str, lang: Option<&str>) -> String {
    let words = split_words(text, lang);
    let width = words.len().to_string().len();
    let mut out = String::new();
    for (index, word) in words.iter().enumerate() {
        out.push_str(&format!("{:>width$}  {}\n", index + 1, word.text));
    }
    let count = words.len();
    out.push_str(&format!(
        "{count} word{}",
        if count == 1 { "" } else { "s" }
    ));
    if let Some(language) = budget_language(text, lang) {
        out.push_str(&format!(
            "; as {} it is measured in characters: {} of about {}",
            language.name(),
            budget_characters(text),
            character_budget(language, crate::policy::Limits::default().description_words)
        ));
    }
    out.push('\n');
    out
}

/// Every description of a listing, numbered, under its key.
fn listing_words(path: &Path) -> anyhow::Result<Exit> {
    let manifest = if path.is_dir() {
        path.join(MANIFEST_FILE)
    } else {
        path.to_path_buf()
    };
    let package = crate::io::files::load_package(&manifest)?;
    let Some(listing) = &package.listing else {
        anyhow::bail!(
            "{} cannot be read as TOML; `mdelist check` shows why",
            manifest.display()
        );
    };
    let main = listing
        .description
        .iter()
        .map(|text| ("product.description".to_string(), None, text));
    let localized = listing.localized.iter().filter_map(|translation| {
        translation.description.as_ref().map(|text| {
            (
                format!("product.localized.{}.description", translation.tag.value),
                Some(translation.tag.value.as_str()),
                text,
            )
        })
    });
    let mut out = String::new();
    for (index, (key, lang, text)) in main.chain(localized).enumerate() {
        if index > 0 {
            out.push('\n');
        }
        out.push_str(&format!("{key}\n"));
        out.push_str(&numbered(&text.value, lang));
    }
    if out.is_empty() {
        out.push_str("no description\n");
    }
    print(&out)?;
    Ok(Exit::Clean)
}
