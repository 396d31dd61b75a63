//! Repairs: what `mdelist fix` can change in a listing package. Pure, like the check: bytes in,
//! repaired bytes (or a reason not to) out; the command line reads and writes the files.

pub mod docx;
pub mod logo;
pub mod press;

use crate::diagnostics::Applicability;

/// What `mdelist fix` can do about a rule's findings: how it applies and what it does.
pub fn fixable(code: &str) -> Option<(Applicability, &'static str)> {
    match code {
        "UA001" | "UA003" => Some((Applicability::Safe, "writes the derived User-Agent")),
        "NAME003" | "DESC007" => Some((
            Applicability::Safe,
            "tidies white space and removes invisible characters (not capitals or emoji)",
        )),
        "LOGO002" | "LOGO003" | "LOGO005" | "LOGO006" | "LOGO009" | "LOGO010" | "LOGO013"
        | "LOGO014" => Some((
            Applicability::Safe,
            "repairs the logo, proved pixel by pixel against the original",
        )),
        "CAT001" => Some((
            Applicability::Unsafe,
            "writes the category it suggests, with --unsafe-fixes",
        )),
        "DESC005" | "DESC006" | "DESC009" => Some((
            Applicability::Unsafe,
            "writes the current name, in the field's or the release's language, with \
             --unsafe-fixes: in names, descriptions and Markdown, plain-text and Word press \
             releases, Word's as tracked changes (not where the longer name would break a \
             length limit)",
        )),
        "LINK002" => Some((
            Applicability::Unsafe,
            "writes https for http on the same host, with --unsafe-fixes",
        )),
        "LINK011" => Some((
            Applicability::Unsafe,
            "removes the tracking parameters and keeps the others as written, with \
             --unsafe-fixes",
        )),
        "NAME006" | "DESC003" => Some((
            Applicability::DisplayOnly,
            "none: only you can write the real text; the finding says where",
        )),
        "LOGO008" => Some((
            Applicability::DisplayOnly,
            "shows the logo repair as a diff, since live text needs its font to be outlined; \
             with `--font FILE` it outlines the text with that font and applies the repair when \
             the pixel proof holds",
        )),
        _ => None,
    }
}
