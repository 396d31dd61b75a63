//! ENTRA: the Microsoft Entra application name of a multi-tenant integration.

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression, quote};
use crate::diagnostics::Severity;
use crate::manifest::{Listing, Text};
use crate::text::chars::grapheme_count;

const MAX_NAME_CHARS: usize = 120;

/// The application name and the key it was given under (`entra_app_name` wins over the legacy
/// `azure_ad_app_name`).
fn app_name(listing: &Listing) -> Option<(&'static str, &Text)> {
    listing
        .entra_app_name
        .as_ref()
        .map(|name| ("integration.entra_app_name", name))
        .or_else(|| {
            listing
                .azure_ad_app_name
                .as_ref()
                .map(|name| ("integration.azure_ad_app_name", name))
        })
}

pub static ENTRA001: Rule = Rule {
    code: "ENTRA001",
    name: "entra-app-name-missing",
    family: Family::Entra,
    severity: Severity::Error,
    other_severity: None,
    summary: "`multi_tenant = true` and no `entra_app_name`",
    docs: RuleDocs {
        what: "A multi-tenant integration gives its Microsoft Entra application name.",
        why: "Microsoft tracks partner usage of multi-tenant app registrations by this name; \
              the program requires it for multi-tenant apps.",
        example: "[integration]\nversion = \"1.0.0\"\nmulti_tenant = true\n",
        fix: "Add entra_app_name = \"…\" with the display name of the app registration.",
    },
    check: Check::Listing(missing),
    suppression: Suppression::Allowed,
};

fn missing(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    let Some(multi_tenant) = listing.multi_tenant.as_ref().filter(|flag| flag.value) else {
        return;
    };
    if app_name(listing).is_none() {
        findings
            .report(
                &ENTRA001,
                "integration.entra_app_name",
                multi_tenant.span.clone(),
                "multi_tenant = true but no entra_app_name is given",
            )
            .with_label("multi-tenant app registration")
            .with_help(
                "add entra_app_name = \"…\" under [integration]: the display name of the \
                 multi-tenant Microsoft Entra app registration",
            );
    }
}

pub static ENTRA002: Rule = Rule {
    code: "ENTRA002",
    name: "entra-app-name-unneeded",
    family: Family::Entra,
    severity: Severity::Info,
    other_severity: None,
    summary: "an application name given while `multi_tenant = false`",
    docs: RuleDocs {
        what: "An application name is only needed when multi_tenant = true.",
        why: "A name given for a single-tenant app is not used; either the flag or the name is \
              probably wrong.",
        example: "[integration]\nmulti_tenant = false\nentra_app_name = \"Contoso Cognito\"\n",
        fix: "Set multi_tenant = true if the app registration is multi-tenant; otherwise \
              remove the name.",
    },
    check: Check::Listing(unneeded),
    suppression: Suppression::Allowed,
};

fn unneeded(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    if listing
        .multi_tenant
        .as_ref()
        .is_some_and(|flag| !flag.value)
        && let Some((path, name)) = app_name(listing)
    {
        findings
            .report(
                &ENTRA002,
                path,
                name.span.clone(),
                "an application name is given but multi_tenant = false",
            )
            .with_help(
                "set multi_tenant = true if the app registration is multi-tenant; \
                     otherwise remove the name",
            );
    }
}

pub static ENTRA003: Rule = Rule {
    code: "ENTRA003",
    name: "entra-app-name-invalid",
    family: Family::Entra,
    severity: Severity::Error,
    other_severity: None,
    summary: "blank, longer than 120 characters, or with control characters",
    docs: RuleDocs {
        what: "The application name is not blank, has at most 120 characters (the limit of an \
               Entra app registration's display name), and has no control characters.",
        why: "Microsoft matches this name against the app registration; a name Entra would \
              not accept can never match.",
        example: "[integration]\nmulti_tenant = true\nentra_app_name = \"  \"\n",
        fix: "Copy the display name from the app registration in the Microsoft Entra admin \
              center.",
    },
    check: Check::Listing(invalid),
    suppression: Suppression::Allowed,
};

fn invalid(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    let Some((path, name)) = app_name(listing) else {
        return;
    };
    let length = grapheme_count(&name.value);
    let problem = if name.value.trim().is_empty() {
        Some(("is blank".to_string(), None))
    } else if length > MAX_NAME_CHARS {
        Some((
            format!("has {length} characters; the limit is {MAX_NAME_CHARS}"),
            None,
        ))
    } else {
        name.value
            .char_indices()
            .find(|(_, c)| c.is_control())
            .map(|(at, c)| {
                (
                    format!("contains {}", crate::text::chars::describe_char(c)),
                    Some(at..at + c.len_utf8()),
                )
            })
    };
    if let Some((what, range)) = problem {
        let span = range.map_or(name.span.clone(), |range| name.sub_span(range));
        findings
            .report(
                &ENTRA003,
                path,
                span,
                format!(
                    "{} {} {what}",
                    path.trim_start_matches("integration."),
                    quote(&name.value)
                ),
            )
            .with_help(
                "copy the display name of the app registration from the Microsoft Entra admin \
                 center",
            );
    }
}

pub static ENTRA004: Rule = Rule {
    code: "ENTRA004",
    name: "legacy-azure-ad-key",
    family: Family::Entra,
    severity: Severity::Info,
    other_severity: None,
    summary: "`azure_ad_app_name` used: accepted, but renamed `entra_app_name`",
    docs: RuleDocs {
        what: "The application name is given as entra_app_name. The former key \
               azure_ad_app_name is still read.",
        why: "Azure Active Directory is now Microsoft Entra ID; the key follows the product.",
        example: "[integration]\nmulti_tenant = true\nazure_ad_app_name = \"Contoso Cognito\"\n",
        fix: "Rename the key to entra_app_name.",
    },
    check: Check::Listing(legacy_key),
    suppression: Suppression::Allowed,
};

fn legacy_key(context: &Context, findings: &mut Findings) {
    let Some(listing) = &context.package.listing else {
        return;
    };
    let Some(legacy) = &listing.azure_ad_app_name else {
        return;
    };
    let (message, help) = if listing.entra_app_name.is_some() {
        (
            "both entra_app_name and its former name azure_ad_app_name are given; entra_app_name is used",
            "remove azure_ad_app_name",
        )
    } else {
        (
            "azure_ad_app_name is the former name of entra_app_name",
            "rename the key to entra_app_name",
        )
    };
    findings
        .report(
            &ENTRA004,
            "integration.azure_ad_app_name",
            legacy.span.clone(),
            message,
        )
        .with_help(help);
}
