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
        "LOGO002" | "LOGO003" | "LOGO005" | "LOGO006" | "LOGO009" | "LOGO010" | "LOGO013"
        | "LOGO014" => Some((
            Applicability::Safe,
            "repairs the logo, proved pixel by pixel against the original",
        )),
        "CAT001" => Some((
            Applicability::Unsafe,
            "writes the category it suggests, with --unsafe-fixes",
        )),
        // In press releases (Markdown, plain text, Word); the manifest's own fields are fixed
        // by hand for now.
        "DESC005" | "DESC006" | "DESC009" => Some((
            Applicability::Unsafe,
            "writes the current name in the release's language, with --unsafe-fixes: in \
             Markdown, plain-text and Word press releases, Word's as tracked changes",
        )),
        "LOGO008" => Some((
            Applicability::DisplayOnly,
            "shows the logo repair as a diff; live text needs its font to be outlined",
        )),
        _ => None,
    }
}
