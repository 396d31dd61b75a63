//! NAME: the product name as the partner page shows it.

use unicode_normalization::UnicodeNormalization;

use super::{Check, Context, Family, Findings, Limit, Rule, RuleDocs, Suppression, quote, subject};
use crate::diagnostics::Severity;
use crate::text::chars::{
    describe_char, grapheme_count, stray_invisibles, tidy, visible_grapheme_count,
};
use crate::text::patterns;

pub static NAME001: Rule = Rule {
    code: "NAME001",
    name: "name-too-short",
    family: Family::Name,
    severity: Severity::Error,
    other_severity: None,
    summary: "fewer than 2 visible grapheme clusters (after removing white space and invisible characters)",
    docs: RuleDocs {
        what: "The product name (and each localized name) has at least 2 visible characters, \
               counted as grapheme clusters after removing white space and invisible characters.",
        why: "A one-character or invisible name cannot identify a product on the partner page.",
        example: "[product]\nname = \"X\\u200B\"\n",
        fix: "Give the product's full name.",
    },
    check: Check::Listing(too_short),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn too_short(context: &Context, findings: &mut Findings) {
    for field in context.names() {
        let visible = visible_grapheme_count(&field.text.value);
        if visible < 2 {
            findings
                .report(
                    &NAME001,
                    &field.path,
                    field.text.span.clone(),
                    format!(
                        "{} {} has {visible} visible character{}; at least 2 are needed",
                        subject("product name", &field),
                        quote(&field.text.value),
                        if visible == 1 { "" } else { "s" }
                    ),
                )
                .with_help("give the product's full name as customers know it");
        }
    }
}

pub static NAME002: Rule = Rule {
    code: "NAME002",
    name: "name-too-long",
    family: Family::Name,
    severity: Severity::Warning,
    other_severity: None,
    summary: "more than `name_graphemes` (50) grapheme clusters",
    docs: RuleDocs {
        what: "The name has at most `limits.name_graphemes` (default 50) grapheme clusters.",
        why: "Long names wrap or are cut in the partner page's table and tile.",
        example: "[product]\nname = \"Contoso Cognito Advanced Threat Detection and Response Connector Suite\"\n",
        fix: "Shorten the name; put the detail in the description.",
    },
    check: Check::Listing(too_long),
    suppression: Suppression::Allowed,
    limits: &[Limit::NameGraphemes],
};

fn too_long(context: &Context, findings: &mut Findings) {
    let limit = context.limits.name_graphemes;
    for field in context.names() {
        let count = grapheme_count(&field.text.value);
        if count > limit {
            let cut_at = unicode_segmentation::UnicodeSegmentation::grapheme_indices(
                field.text.value.as_str(),
                true,
            )
            .nth(limit)
            .map_or(field.text.value.len(), |(at, _)| at);
            // Underline from the first visible character past the limit.
            let rest = &field.text.value[cut_at..];
            let cut_at = cut_at + (rest.len() - rest.trim_start().len());
            findings
                .report(
                    &NAME002,
                    &field.path,
                    field.text.sub_span(cut_at..field.text.value.len()),
                    format!(
                        "{} has {count} characters; the limit is {limit}",
                        subject("product name", &field)
                    ),
                )
                .with_label(format!("past character {limit}"))
                .with_help("shorten the name; the detail belongs in the description");
        }
    }
}

pub static NAME003: Rule = Rule {
    code: "NAME003",
    name: "name-whitespace",
    family: Family::Name,
    severity: Severity::Warning,
    other_severity: None,
    summary: "leading/trailing/double spaces, tabs, newlines, control or invisible characters (zero-width, bidi controls)",
    docs: RuleDocs {
        what: "The name has no leading or trailing white space, no runs of spaces, no tabs or \
               line breaks, and no control or invisible characters (zero-width characters, \
               bidirectional controls, soft hyphens).",
        why: "Invisible characters make two names that look the same compare differently, and \
              bidirectional controls can make a name display as something else entirely.",
        example: "[product]\nname = \"Contoso\\u200BCognito \"\n",
        fix: "Retype the name, or use the cleaned value the message suggests.",
    },
    check: Check::Listing(whitespace),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn whitespace(context: &Context, findings: &mut Findings) {
    for field in context.names() {
        let value = &field.text.value;
        let mut problems: Vec<(std::ops::Range<usize>, String, &str)> = Vec::new();
        let trimmed_start = value.len() - value.trim_start().len();
        if trimmed_start > 0 {
            problems.push((
                0..trimmed_start,
                "starts with white space".into(),
                "leading white space",
            ));
        }
        let trimmed_end = value.trim_end().len();
        if trimmed_end < value.len() && !value.trim().is_empty() {
            problems.push((
                trimmed_end..value.len(),
                "ends with white space".into(),
                "trailing white space",
            ));
        }
        if let Some(at) = value.trim().find("  ").map(|at| at + trimmed_start) {
            problems.push((at..at + 2, "has a double space".into(), "double space"));
        }
        if let Some((at, c)) = value
            .char_indices()
            .find(|(_, c)| c.is_control() || (c.is_whitespace() && *c != ' '))
        {
            problems.push((
                at..at + c.len_utf8(),
                format!("contains {}", describe_char(c)),
                "here",
            ));
        }
        if let Some((at, c)) = stray_invisibles(value).into_iter().next() {
            problems.push((
                at..at + c.len_utf8(),
                format!("contains the invisible character {}", describe_char(c)),
                "invisible character here",
            ));
        }
        let tidied = tidy(value, true);
        for (range, what, label) in problems {
            findings
                .report(
                    &NAME003,
                    &field.path,
                    field.text.sub_span(range),
                    format!("{} {what}", subject("product name", &field)),
                )
                .with_label(label)
                .with_help(format!("use {}", quote(&tidied)));
            findings.tidy_last(field.text, &tidied);
        }
    }
}

pub static NAME004: Rule = Rule {
    code: "NAME004",
    name: "name-microsoft-mark",
    family: Family::Name,
    severity: Severity::Warning,
    other_severity: None,
    summary: "the name contains a Microsoft mark (\"Microsoft\", \"Windows\", \"Defender\", \"Azure\", \"Entra\")",
    docs: RuleDocs {
        what: "The product name does not contain the Microsoft marks Microsoft, Windows, \
               Defender, Azure or Entra.",
        why: "On Microsoft's own partner page, a partner product named with a Microsoft mark \
              can be mistaken for a Microsoft product; the integration belongs in the description.",
        example: "[product]\nname = \"Contoso Defender Connector\"\n",
        fix: "Name the product on its own and say what it integrates with in the description \
              (\"… into Microsoft Defender for Endpoint\").",
    },
    check: Check::Listing(microsoft_mark),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn microsoft_mark(context: &Context, findings: &mut Findings) {
    for field in context.names() {
        for range in patterns::microsoft_marks(&field.text.value) {
            let mark = &field.text.value[range.clone()];
            findings
                .report(
                    &NAME004,
                    &field.path,
                    field.text.sub_span(range.clone()),
                    format!(
                        "{} contains the Microsoft mark \"{mark}\"",
                        subject("product name", &field)
                    ),
                )
                .with_label("Microsoft mark")
                .with_help(
                    "name the product on its own; say what it works with in the description, \
                     e.g. \"… for Microsoft Defender for Endpoint\"",
                );
        }
    }
}

pub static NAME005: Rule = Rule {
    code: "NAME005",
    name: "name-not-nfc",
    family: Family::Name,
    severity: Severity::Warning,
    other_severity: None,
    summary: "not in Unicode NFC form",
    docs: RuleDocs {
        what: "The name is in Unicode Normalization Form C (composed characters).",
        why: "The same visible name in decomposed form compares, sorts and searches \
              differently, and may render with detached accents.",
        example: "[product]\nname = \"Se\\u0301curite\\u0301 Plus\"\n",
        fix: "Use the composed form the message gives (most editors produce it when you retype).",
    },
    check: Check::Listing(not_nfc),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn not_nfc(context: &Context, findings: &mut Findings) {
    for field in context.names() {
        let value = &field.text.value;
        if unicode_normalization::is_nfc(value) {
            continue;
        }
        let composed: String = value.nfc().collect();
        findings
            .report(
                &NAME005,
                &field.path,
                field.text.span.clone(),
                format!(
                    "{} is not in Unicode NFC form",
                    subject("product name", &field)
                ),
            )
            .with_help(format!("use the composed form {}", quote(&composed)));
    }
}

pub static NAME006: Rule = Rule {
    code: "NAME006",
    name: "name-placeholder",
    family: Family::Name,
    severity: Severity::Error,
    other_severity: None,
    summary: "template or placeholder text in the product or company name: \"TODO\", \"TBD\", \"Product Name\", \"Your Product\", \"Lorem ipsum\", unreplaced `{…}`/`<…>` slots",
    docs: RuleDocs {
        what: "The product name (and each localized name) and partner.company hold no \
               template text: TODO, TBD, FIXME, XXX, \"Product Name\", \"Your Product\", \
               \"Lorem ipsum\", or an unreplaced {…} or <…> slot such as the ones \
               `mdelist init` writes.",
        why: "A template value shipped to the partner page is an embarrassment that only \
              Microsoft's reviewers would catch, weeks later.",
        example: "[product]\nname = \"{Product Name}\"\n",
        fix: "Replace the placeholder with the product's real name.",
    },
    check: Check::Listing(placeholder),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn placeholder(context: &Context, findings: &mut Findings) {
    // The company comes first, as in the file.
    let company = context
        .package
        .listing
        .as_ref()
        .and_then(|listing| listing.company.as_ref())
        .map(|text| {
            (
                "company name".to_string(),
                "partner.company".to_string(),
                text,
            )
        });
    let names = context.names().into_iter().map(|field| {
        (
            subject("product name", &field),
            field.path.clone(),
            field.text,
        )
    });
    for (what, path, text) in company.into_iter().chain(names) {
        let help = if path == "partner.company" {
            "replace it with your company's name"
        } else {
            "replace it with the product's real name"
        };
        for range in patterns::name_placeholders(&text.value) {
            let found = &text.value[range.clone()];
            findings
                .report(
                    &NAME006,
                    &path,
                    text.sub_span(range.clone()),
                    format!("{what} contains placeholder text {}", quote(found)),
                )
                .with_label("placeholder")
                .with_help(help);
            findings.advise_last(
                "only you can write the real name; mdelist fix leaves placeholders alone",
            );
        }
    }
}

pub static NAME007: Rule = Rule {
    code: "NAME007",
    name: "sample-company",
    family: Family::Name,
    severity: Severity::Warning,
    other_severity: None,
    summary: "the company or product name is one of Microsoft's fictitious sample companies (Contoso, Fabrikam, Northwind Traders…)",
    docs: RuleDocs {
        what: "Neither partner.company nor the product name is one of Microsoft's fictitious \
               sample companies: Contoso, Fabrikam, Northwind Traders, Tailspin Toys, Woodgrove \
               Bank, Litware, Adventure Works, Wingtip Toys, Alpine Ski House and the like.",
        why: "These names come from Microsoft's documentation and templates; in a real \
              submission they mean the template was not filled in.",
        example: "[partner]\ncompany = \"Contoso\"\n",
        fix: "Use your company's and product's real names. Sample and training listings may \
              suppress the rule with a reason.",
    },
    check: Check::Listing(sample_company),
    suppression: Suppression::Allowed,
    limits: &[],
};

fn sample_company(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    let company = listing
        .company
        .iter()
        .map(|text| ("company name", "partner.company", text));
    let names = listing
        .name
        .iter()
        .map(|text| ("product name", "product.name", text));
    for (what, path, text) in company.chain(names) {
        if let Some(range) = patterns::sample_companies(&text.value).into_iter().next() {
            let sample = &text.value[range.clone()];
            let message = if sample == text.value.trim() {
                format!("{what} \"{sample}\" is one of Microsoft's fictitious sample companies")
            } else {
                format!(
                    "{what} {} uses \"{sample}\", one of Microsoft's fictitious sample companies",
                    quote(&text.value)
                )
            };
            findings
                .report(&NAME007, path, text.sub_span(range.clone()), message)
                .with_label("sample company")
                .with_help(
                    "use your real company and product names; a sample listing may suppress \
                     NAME007 in [checks] allow with a reason",
                );
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cleaned_names_lose_invisibles_and_extra_spaces() {
        assert_eq!(
            crate::text::chars::tidy(" Contoso\u{200B}  Cognito\t", true),
            "Contoso Cognito"
        );
    }
}
