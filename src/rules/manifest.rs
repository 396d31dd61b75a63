//! MAN: the manifest itself. Most are found by the manifest reader (`crate::manifest`), which
//! is the only stage that sees the raw document, and worded here ([`report_problem`]); MAN009
//! by the policy pass.

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression, quote};
use crate::diagnostics::Severity;
use crate::manifest::problem::{
    Expected, Found, ManifestProblem, MissingKind, PlainSyntaxKind, SyntaxKind,
};

pub static MAN001: Rule = Rule {
    code: "MAN001",
    name: "toml-syntax",
    family: Family::Man,
    severity: Severity::Error,
    other_severity: None,
    summary: "`listing.toml` is not valid TOML; points at the exact line and column",
    docs: RuleDocs {
        what: "The manifest must parse as TOML 1.0. The finding points at the line and column \
               where the parser stopped.",
        why: "Nothing else can be checked until the manifest can be read.",
        example: "name = \"Contoso Cognito\n",
        fix: "Close the string, quote text values, leave dates unquoted, and keep each key once \
              per table.",
    },
    check: Check::Manifest,
    suppression: Suppression::Never,
    limits: &[],
};

pub static MAN002: Rule = Rule {
    code: "MAN002",
    name: "missing-field",
    family: Family::Man,
    severity: Severity::Error,
    other_severity: None,
    summary: "a required key is absent, or its string value is empty or only white space",
    docs: RuleDocs {
        what: "Every required key of schema 1 is present and, for text, not blank: \
               partner.company, product.name, product.description, product.logo, \
               product.landing_page, product.category, integration.version, \
               integration.multi_tenant, and press_release[].file.",
        why: "The partner page needs every one of these; a blank value is as missing as an \
              absent one.",
        example: "[product]\nname = \"   \"\n",
        fix: "Add the key to the table the message names and fill it in.",
    },
    check: Check::Manifest,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static MAN003: Rule = Rule {
    code: "MAN003",
    name: "unknown-field",
    family: Family::Man,
    severity: Severity::Warning,
    other_severity: None,
    summary: "a key the schema does not know; suggests the nearest known key",
    docs: RuleDocs {
        what: "Every key is one of schema 1. An unknown key is a warning, never a failure, so \
               that an older mdelist can read a newer listing.",
        why: "A misspelt key is silently ignored, so the value you meant to give is missing.",
        example: "[product]\ndescripton = \"…\"\n",
        fix: "Rename the key as suggested, or remove it. `mdelist schema` prints every key.",
    },
    check: Check::Manifest,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static MAN004: Rule = Rule {
    code: "MAN004",
    name: "wrong-type",
    family: Family::Man,
    severity: Severity::Error,
    other_severity: None,
    summary: "a value of the wrong type or form (string for a date, bad BCP 47 tag, bad enum value other than category)",
    docs: RuleDocs {
        what: "Each value has the type schema 1 gives it: text in quotes, booleans and dates \
               without quotes, localized tables keyed by a well-formed BCP 47 tag, and fixed \
               values (team, verdict, licence, MISA) spelt exactly.",
        why: "A value of the wrong type cannot be used: a quoted date is not a date, and \
              \"True\" is not a boolean.",
        example: "[[press_release]]\nfile = \"press/launch.md\"\nsubmitted = \"2026-11-02\"\n",
        fix: "Write the value in the expected form, e.g. submitted = 2026-11-02.",
    },
    check: Check::Manifest,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static MAN005: Rule = Rule {
    code: "MAN005",
    name: "unsupported-schema",
    family: Family::Man,
    severity: Severity::Error,
    other_severity: None,
    summary: "`schema` is not 1",
    docs: RuleDocs {
        what: "The optional `schema` key, when given, is 1.",
        why: "A listing written for another schema version may mean something else by the same \
              keys; checking it as schema 1 could pass what should fail.",
        example: "schema = 2\n",
        fix: "Set schema = 1 (or remove the key), or use an mdelist that reads the newer schema.",
    },
    check: Check::Listing(unsupported_schema),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn unsupported_schema(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    if let Some(schema) = listing.schema.as_ref().filter(|schema| schema.value != 1) {
        findings
            .report(
                &MAN005,
                "schema",
                schema.span.clone(),
                format!(
                    "schema version {} is not supported; this mdelist reads schema 1",
                    schema.value
                ),
            )
            .with_help("set schema = 1, or install an mdelist that reads this schema");
    }
}

pub static MAN006: Rule = Rule {
    code: "MAN006",
    name: "path-escapes-listing",
    family: Family::Man,
    severity: Severity::Error,
    other_severity: None,
    summary: "a referenced path is absolute, leaves the listing folder, or is a symlink resolving outside it",
    docs: RuleDocs {
        what: "The logo and press-release paths are relative to the folder holding \
               listing.toml and stay inside it, also after resolving symbolic links.",
        why: "A listing checked in CI comes from a pull request; a path outside the folder \
              could make the tool read, and the bundle ship, any file of the machine.",
        example: "[product]\nlogo = \"../../etc/passwd\"\n",
        fix: "Copy the file into the listing folder and refer to it relatively, e.g. \
              logo = \"logo.svg\".",
    },
    check: Check::Manifest,
    suppression: Suppression::Never,
    limits: &[],
};

pub static MAN007: Rule = Rule {
    code: "MAN007",
    name: "file-unreadable",
    family: Family::Man,
    severity: Severity::Error,
    other_severity: None,
    summary: "a referenced file does not exist, is not a regular file, is larger than 16 MiB, or cannot be read",
    docs: RuleDocs {
        what: "Every referenced file exists, is a regular file (not a folder, pipe or device), \
               is at most 16 MiB, and can be read. Its name has no line break, tab or other \
               control character, which the bundle's checksum list could not hold.",
        why: "The logo and press releases are checked and bundled from these bytes; a missing \
              file means a missing part of the submission.",
        example: "[product]\nlogo = \"logo.svgz\"\n",
        fix: "Correct the path (relative to listing.toml) or add the file.",
    },
    check: Check::Manifest,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static MAN008: Rule = Rule {
    code: "MAN008",
    name: "not-utf8",
    family: Family::Man,
    severity: Severity::Error,
    other_severity: None,
    summary: "`listing.toml` is not UTF-8 (a UTF-8 BOM is accepted)",
    docs: RuleDocs {
        what: "The manifest is UTF-8 text. A leading byte-order mark and Windows line endings \
               are accepted.",
        why: "TOML is defined over UTF-8; other encodings garble names and descriptions in \
              other languages.",
        example: "A listing.toml saved as Windows-1252 with \"Contoso Sécurité\" in it.",
        fix: "Save the file as UTF-8 (in most editors: Save with Encoding → UTF-8).",
    },
    check: Check::Manifest,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static MAN009: Rule = Rule {
    code: "MAN009",
    name: "bad-suppression",
    family: Family::Man,
    severity: Severity::Warning,
    other_severity: None,
    summary: "a `[checks] allow` entry names an unknown code, has no reason, or has expired (then it no longer applies)",
    docs: RuleDocs {
        what: "Each `[checks] allow` entry names a known rule that may be suppressed, gives a \
               reason, has not expired (`until` is today or later), and matches a finding. \
               Entries that fail any of these do not apply.",
        why: "Suppressions need a written reason to be reviewable, and stale ones hide future \
              findings.",
        example: "[checks]\nallow = [{ rule = \"NAME007\", reason = \"\", until = 2020-01-01 }]\n",
        fix: "Give a reason, correct the code, extend or remove `until`, or delete the entry.",
    },
    check: Check::Policy,
    suppression: Suppression::Allowed,
    limits: &[],
};

pub static MAN010: Rule = Rule {
    code: "MAN010",
    name: "stale-baseline-entry",
    family: Family::Man,
    severity: Severity::Error,
    other_severity: None,
    summary: "a `check --baseline` entry has no reason, has expired, names an unknown rule or listing, or accepts more findings than the listing has",
    docs: RuleDocs {
        what: "Each `[[accepted]]` entry of the baseline file names a listing that exists, a \
               known rule, a reason, an `until` date not passed, and accepts at most as many \
               findings (`count`) of that rule on that field or file as the listing has now.",
        why: "A baseline accepts today's findings so that a gate reports only new ones. An \
              entry that outlives its findings would hide them when they come back: a listing \
              that became clean must not be able to regress under its old entry.",
        example: "[[accepted]]\nlisting = \"listings/contoso\"\nrule = \"DESC001\"\nfield = \"product.description\"\ncount = 1\nreason = \"\"\n",
        fix: "Give a reason, extend `until`, or run `mdelist baseline write` to lower counts \
              and drop entries whose findings are gone.",
    },
    check: Check::Policy,
    suppression: Suppression::Allowed,
    limits: &[],
};

/// Words one problem the manifest reader found, as the finding of its MAN rule.
pub fn report_problem(problem: &ManifestProblem, findings: &mut Findings) {
    match problem {
        ManifestProblem::NotUtf8 { at, byte } => {
            findings
                .report(
                    &MAN008,
                    "",
                    *at..*at + '\u{FFFD}'.len_utf8(),
                    format!(
                        "listing.toml is not UTF-8 text: byte 0x{byte:02X} cannot appear here in UTF-8"
                    ),
                )
                .with_label("probably saved as Windows-1252 or Latin-1")
                .with_help("save the file as UTF-8 (in most editors: Save with Encoding → UTF-8)");
        }
        ManifestProblem::TooLarge { bytes, max } => {
            findings
                .report(
                    &MAN001,
                    "",
                    0..0,
                    format!(
                        "listing.toml is not read: it is {bytes} bytes, over the {} MiB a listing \
                         is read up to",
                        max >> 20
                    ),
                )
                .with_help("a listing is a few kilobytes: remove what does not belong in it");
        }
        ManifestProblem::PlainSyntax { span, key, kind } => {
            let (message, label, help) = match kind {
                PlainSyntaxKind::CurlyQuotes { straight } => (
                    format!(
                        "the value of `{key}` is in curly quotes (“ ”), which TOML does not read \
                         as quotes"
                    ),
                    "curly quotes",
                    format!(
                        "these are curly quotes, as word processors type them; TOML needs \
                         straight double quotes: {key} = {straight}"
                    ),
                ),
                PlainSyntaxKind::YesNo => (
                    format!("the value of `{key}` is not one TOML reads"),
                    "write true or false",
                    format!("yes and no are written true and false, without quotes: {key} = true"),
                ),
                PlainSyntaxKind::Unquoted { quoted } => (
                    format!("the value of `{key}` has no quotes around it"),
                    "needs quotes",
                    format!("put text in straight double quotes: {key} = {quoted}"),
                ),
            };
            findings
                .report(
                    &MAN001,
                    "",
                    span.clone(),
                    format!("listing.toml is not valid TOML: {message}"),
                )
                .with_label(label)
                .with_help(help);
        }
        ManifestProblem::Syntax {
            span,
            message,
            kind,
        } => {
            let help = match kind {
                SyntaxKind::StringWithoutKey => {
                    "strings are written in double quotes: name = \"Contoso Cognito\""
                }
                SyntaxKind::String => {
                    "close the string with the same quote it opened with, on the same line (use \
                     \"\"\"…\"\"\" for text over several lines)"
                }
                SyntaxKind::DuplicateKey => {
                    "each key may appear once per table: remove or rename the repeated one"
                }
                SyntaxKind::TooDeep => {
                    "nesting this deep is never needed in a listing: flatten the value"
                }
                SyntaxKind::Other => {
                    "fix the TOML at the marked position; text values need double quotes, dates \
                     none (submitted = 2026-11-02)"
                }
            };
            findings
                .report(
                    &MAN001,
                    "",
                    span.clone(),
                    format!("listing.toml is not valid TOML: {message}"),
                )
                .with_label(message)
                .with_help(help);
        }
        ManifestProblem::UnknownKey {
            path,
            span,
            suggestion,
            known,
        } => {
            let diagnostic = findings
                .report(&MAN003, path, span.clone(), format!("unknown key `{path}`"))
                .with_label("not a key of listing.toml schema 1");
            match suggestion {
                Some(suggestion) => diagnostic.with_help(format!("did you mean `{suggestion}`?")),
                None => diagnostic.with_help(format!(
                    "remove it, or use one of the known keys here: {}",
                    known.join(", ")
                )),
            };
        }
        ManifestProblem::Missing {
            path,
            span,
            key,
            top_level,
            what,
        } => {
            let (message, help) = match what {
                MissingKind::Table { required } => (
                    format!("missing required table `[{path}]`"),
                    format!("add the [{path}] table with {}", required.join(", ")),
                ),
                MissingKind::Key { .. } if *top_level => (
                    format!("missing required key `{path}`"),
                    format!("add `{key} = …` at the top of the file"),
                ),
                MissingKind::Key { doc } => (
                    format!("missing required key `{path}`"),
                    format!("add `{key} = …` to this table ({})", fragment(doc)),
                ),
            };
            let label = if *top_level {
                format!("`{path}` is missing from this file")
            } else {
                format!("`{key}` is missing from this table")
            };
            findings
                .report(&MAN002, path, span.clone(), message)
                .with_label(label)
                .with_help(help);
        }
        ManifestProblem::Empty { path, span, doc } => {
            findings
                .report(&MAN002, path, span.clone(), format!("`{path}` is empty"))
                .with_help(format!("fill it in ({})", fragment(doc)));
        }
        ManifestProblem::WrongType {
            path,
            span,
            expected,
            found,
            found_text,
        } => {
            let key = path.rsplit('.').next().unwrap_or(path);
            let help = match (expected, found_text.as_deref()) {
                (Expected::Date, Some(text)) => {
                    format!("write the date without quotes: {key} = {text}")
                }
                (Expected::Boolean, Some(text @ ("true" | "false"))) => {
                    format!("write it without quotes: {key} = {text}")
                }
                _ => format!("`{path}` takes {}", expected_form(*expected)),
            };
            findings
                .report(
                    &MAN004,
                    path,
                    span.clone(),
                    format!(
                        "`{path}` must be {}, found {}",
                        expected_form(*expected),
                        found_form(*found)
                    ),
                )
                .with_help(help);
        }
        ManifestProblem::NotOneOf {
            path,
            span,
            found,
            values,
            suggestion,
        } => {
            let quoted: Vec<String> = values.iter().map(|v| format!("\"{v}\"")).collect();
            let diagnostic = findings.report(
                &MAN004,
                path,
                span.clone(),
                format!(
                    "`{path}` must be one of {}, found \"{found}\"",
                    quoted.join(", ")
                ),
            );
            match suggestion {
                Some(suggestion) => diagnostic.with_help(format!("did you mean \"{suggestion}\"?")),
                None => diagnostic.with_help(format!("use one of {}", quoted.join(", "))),
            };
        }
        ManifestProblem::TooLong {
            path,
            span,
            max,
            length,
            doc,
        } => {
            findings
                .report(
                    &MAN004,
                    path,
                    span.clone(),
                    format!("`{path}` must be at most {max} characters, found {length}"),
                )
                .with_help(format!("shorten it ({})", fragment(doc)));
        }
        ManifestProblem::BadLanguageTag {
            path,
            span,
            tag,
            hyphenated,
        } => {
            let help = match hyphenated {
                Some(hyphenated) => {
                    format!("BCP 47 separates parts with hyphens: use \"{hyphenated}\"")
                }
                None => "use a BCP 47 language tag such as \"ja-JP\", \"de\", \"zh-Hans\" or \
                         \"pt-BR\""
                    .into(),
            };
            findings
                .report(
                    &MAN004,
                    path,
                    span.clone(),
                    format!("`{tag}` is not a well-formed BCP 47 language tag"),
                )
                .with_help(help);
        }
        ManifestProblem::ControlInFileName {
            field,
            span,
            value,
            control,
        } => {
            findings
                .report(
                    &MAN007,
                    field,
                    span.clone(),
                    format!(
                        "`{field}` file {} has a control character (U+{:04X}) in its name",
                        quote(value),
                        u32::from(*control)
                    ),
                )
                .with_help("rename the file without line breaks, tabs or other control characters");
        }
        ManifestProblem::PathEscapes {
            field,
            span,
            value,
            reason,
        } => {
            findings
                .report(
                    &MAN006,
                    field,
                    span.clone(),
                    format!("`{field}` {reason}: {}", quote(value)),
                )
                .with_label("must stay inside the listing folder")
                .with_help(
                    "put the file inside the folder that holds listing.toml and give its path \
                     relative to that folder, e.g. \"logo.svg\"",
                );
        }
        ManifestProblem::FileMissing {
            field,
            span,
            value,
            near,
        } => {
            let diagnostic = findings.report(
                &MAN007,
                field,
                span.clone(),
                format!("`{field}` file {} does not exist", quote(value)),
            );
            match near {
                Some(near) => diagnostic
                    .with_label(format!("did you mean {}?", quote(near)))
                    .with_help(format!(
                        "write {} = {} (letter case matters; the path is relative to the folder \
                         that holds listing.toml)",
                        field.rsplit('.').next().unwrap_or(field),
                        quote(near)
                    )),
                None => diagnostic.with_help(
                    "check the path: it is relative to the folder that holds listing.toml, and \
                     letter case matters",
                ),
            };
        }
        ManifestProblem::FileUnreadable {
            field,
            span,
            value,
            reason,
        } => {
            findings
                .report(
                    &MAN007,
                    field,
                    span.clone(),
                    format!("`{field}` file {} {reason}", quote(value)),
                )
                .with_help(
                    "check the path (it is relative to the folder that holds listing.toml) and \
                     that the file is a readable regular file of at most 16 MiB",
                );
        }
    }
}

fn expected_form(expected: Expected) -> &'static str {
    match expected {
        Expected::QuotedString => "a string in double quotes",
        Expected::Integer => "an integer",
        Expected::Boolean => "a boolean (true or false)",
        Expected::Date => "a date like 2026-11-02 (no quotes, no time)",
        Expected::Table => "a table",
        Expected::ArrayOfTables => "an array of tables",
    }
}

fn found_form(found: Found) -> &'static str {
    match found {
        Found::String => "a string",
        Found::Integer => "an integer",
        Found::Float => "a number",
        Found::Boolean => "a boolean",
        Found::Datetime => "a date/time",
        Found::Array => "an array",
        Found::Table => "a table",
    }
}

/// A schema description as part of a sentence: no capital, no full stop.
fn fragment(doc: &str) -> String {
    let doc = doc.trim_end_matches('.');
    let mut chars = doc.chars();
    match chars.next() {
        Some(first) if chars.clone().next().is_some_and(char::is_lowercase) => {
            first.to_lowercase().chain(chars).collect()
        }
        _ => doc.to_string(),
    }
}
