//! MAN: the manifest itself. Most are raised by the manifest reader (`crate::manifest`), which
//! is the only stage that sees the raw document; MAN009 by the policy pass.

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression};
use crate::diagnostics::Severity;

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
};
