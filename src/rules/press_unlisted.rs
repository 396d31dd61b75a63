//! PRESS010: press releases in `press/` that no `[[press_release]]` names. Kept apart from the
//! listed releases' rules because nothing about them comes from the manifest.

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression, quote};
use crate::diagnostics::{Severity, SourceFile};
use crate::press::{Content, UnlistedPress};

pub static PRESS010: Rule = Rule {
    code: "PRESS010",
    name: "press-unlisted",
    family: Family::Press,
    severity: Severity::Warning,
    other_severity: Some(Severity::Info),
    summary: "a press release in `press/` that no `[[press_release]]` names: it is still read, and when it names the product its review is not tracked; info while it is still a template draft with `{…}` slots",
    docs: RuleDocs {
        what: "Every press-release file in the listing's `press/` folder (.md, .txt, .html, \
               .htm, .docx, in any subfolder) is named by a `[[press_release]]` table. A file \
               nobody listed is still read, so the product-name rules (DESC005, DESC006) \
               check it too; when it names Microsoft Defender for Endpoint, the message says \
               that its review window is not being tracked. A file that still has template \
               slots in braces (`{City}`, as the template `mdelist init` writes has) is a draft \
               and reported as an info.",
        why: "A release that names the product needs Microsoft's review whether or not \
              listing.toml mentions it; an unlisted one is the release that goes out \
              unreviewed.",
        example: "# press/2026-12-partnership.md names \"Microsoft Defender for Endpoint\",\n# and listing.toml has no [[press_release]] with file = \"press/2026-12-partnership.md\"\n",
        fix: "Once the release is sent to Microsoft, run `mdelist review submit LISTING \
              --release press/FILE`: it adds the `[[press_release]]` table. A file that is \
              not a press release of this listing belongs outside `press/`.",
    },
    check: Check::Listing(unlisted),
    suppression: Suppression::Allowed,
};

/// `mdelist review submit v-press --release press/a.md`: the command as it can be pasted where
/// `check` was run. `release_arg` is already written as a shell word.
pub(super) fn review_command(context: &Context, verb: &str, release_arg: &str) -> String {
    let dir = &context.package.dir;
    let folder = if dir.as_os_str().is_empty() || dir == std::path::Path::new(".") {
        String::new()
    } else {
        format!(" {}", super::press::shell_word(&dir.to_string_lossy()))
    };
    format!("mdelist review {verb}{folder} --release {release_arg}")
}

fn unlisted(context: &Context, findings: &mut Findings) {
    for file in context.unlisted_press {
        report(context, file, findings);
    }
}

fn report(context: &Context, file: &UnlistedPress, findings: &mut Findings) {
    let name = format!(
        "press release {} is not listed in listing.toml",
        quote(&file.relative)
    );
    let submit = review_command(context, "submit", &super::press::shell_word(&file.relative));
    let list_it = format!(
        "if it is a release of this product, add a [[press_release]] table with file = {}; \
         otherwise move it out of press/",
        quote(&file.relative)
    );
    match &file.content {
        Content::Read(text) => {
            let field = "";
            let draft = crate::text::patterns::description_placeholders(&text.content.text)
                .into_iter()
                .find(|range| text.content.text[range.clone()].starts_with('{'));
            if let Some(slot) = draft {
                findings
                    .report_in(
                        &text.source,
                        &PRESS010,
                        field,
                        text.source_span(slot.clone()),
                        format!(
                            "press release draft {} is not listed in listing.toml; it still has \
                             template slots such as {}",
                            quote(&file.relative),
                            quote(&text.content.text[slot])
                        ),
                    )
                    .with_label("template slot")
                    .with_severity(Severity::Info)
                    .with_help(format!(
                        "when it is written and sent to Microsoft's marketing and engineering \
                         teams, run {submit}: it adds the [[press_release]] table and starts the \
                         10-day window"
                    ));
                return;
            }
            match (
                text.mentions.first(),
                super::product_name::first_mention(text),
            ) {
                (Some(mention), Some(found)) => {
                    findings
                        .report_in(
                            &text.source,
                            &PRESS010,
                            field,
                            text.source_span(mention.range.clone()),
                            format!(
                                "{name}; it names Microsoft Defender for Endpoint ({found}), so \
                                 its review is not tracked"
                            ),
                        )
                        .with_label("names the product")
                        .with_help(format!(
                            "send it to Microsoft's marketing and engineering teams, then run \
                             {submit}: it adds the [[press_release]] table and starts the \
                             10-day window"
                        ));
                }
                _ => {
                    let first_line = text.source.text.lines().next().map_or(0, str::len);
                    findings
                        .report_in(&text.source, &PRESS010, field, 0..first_line, name)
                        .with_label("not listed")
                        .with_help(list_it);
                }
            }
        }
        Content::Unreadable(reason) => {
            // Nothing to show of the file but where it is.
            let source = SourceFile::new(file.path.clone(), String::new());
            findings
                .report_in(
                    &source,
                    &PRESS010,
                    "",
                    0..0,
                    format!("{name}, and it {reason}, so whether it names the product is unknown"),
                )
                .with_help(list_it);
        }
        Content::Missing => {}
    }
}
