use std::path::PathBuf;

use clap::Args;

use super::{Exit, print};
use crate::text::words::split_words;

#[derive(Debug, Args)]
pub struct WordsArgs {
    /// The text to count.
    #[arg(
        value_name = "TEXT",
        conflicts_with = "file",
        required_unless_present = "file"
    )]
    text: Option<String>,
    /// Read the text from a file instead.
    #[arg(long, value_name = "FILE")]
    file: Option<PathBuf>,
    /// BCP 47 language tag of the text (e.g. ja, zh-Hans, th); without it the script decides.
    #[arg(long, value_name = "TAG")]
    lang: Option<String>,
}

pub fn run(args: WordsArgs) -> anyhow::Result<Exit> {
    let text = match (&args.text, &args.file) {
        (Some(text), _) => text.clone(),
        (None, Some(file)) => {
            let bytes = crate::io::files::read_regular_file(file)
                .map_err(|reason| anyhow::anyhow!("{} {reason}", file.display()))?;
            String::from_utf8(bytes)
                .map_err(|_| anyhow::anyhow!("{} is not UTF-8 text", file.display()))?
        }
        (None, None) => String::new(),
    };
    let words = split_words(&text, args.lang.as_deref());
    let width = words.len().to_string().len();
    let mut out = String::new();
    for (index, word) in words.iter().enumerate() {
        out.push_str(&format!("{:>width$}  {}\n", index + 1, word.text));
    }
    let count = words.len();
    out.push_str(&format!(
        "{count} word{}\n",
        if count == 1 { "" } else { "s" }
    ));
    print(&out)?;
    Ok(Exit::Clean)
}
