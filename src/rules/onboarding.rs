//! ONB: the steps before the listing, when `[onboarding]` tracks them.

use super::{Check, Context, Family, Findings, Rule, RuleDocs, Suppression};
use crate::diagnostics::Severity;
use crate::manifest::Onboarding;

fn onboarding<'a>(context: &Context<'a>) -> Option<&'a Onboarding> {
    context.package.listing.as_ref()?.onboarding.as_ref()
}

pub static ONB001: Rule = Rule {
    code: "ONB001",
    name: "integration-not-approved",
    family: Family::Onb,
    severity: Severity::Warning,
    other_severity: None,
    summary: "a listing prepared while `onboarding.approved` is unset: the partner page listing comes after the Defender for Endpoint team approves the integration",
    docs: RuleDocs {
        what: "When `[onboarding]` is present, `approved` gives the date the Defender for \
               Endpoint team approved the integration.",
        why: "The partner page lists integrations that were validated with a joint customer, \
              demoed to the Defender for Endpoint team and approved by it; a listing sent \
              before that waits, or is sent back.",
        example: "[onboarding]\nlicense = \"trial\"\njoint_customer = \"Fabrikam\"\ndemo = 2026-09-15\n# no `approved` date yet\n",
        fix: "Finish validation and the demo; once the team approves the integration, set \
              `approved` to that date.",
    },
    check: Check::Listing(not_approved),
    suppression: Suppression::Allowed,
};

fn not_approved(context: &Context, findings: &mut Findings) {
    let Some(onboarding) = onboarding(context) else {
        return;
    };
    if onboarding.approved.is_some() {
        return;
    }
    let next = if onboarding.demo.is_some() {
        "once the Defender for Endpoint team approves the demoed integration, set `approved` \
         to that date"
    } else if onboarding.joint_customer.is_some() {
        "demo the integration to the Defender for Endpoint team (then set `demo`); once they \
         approve it, set `approved` to that date"
    } else {
        "have a joint customer approve the integration design (\"Recommend a partner\" on the \
         partner application page), demo it to the Defender for Endpoint team, and set \
         `approved` to the date they approve it"
    };
    findings
        .report(
            &ONB001,
            "onboarding.approved",
            onboarding.span.clone(),
            "the integration has not been approved by the Defender for Endpoint team yet \
             (`onboarding.approved` is not set)",
        )
        .with_label("no `approved` date")
        .with_help(next);
}

pub static ONB002: Rule = Rule {
    code: "ONB002",
    name: "onboarding-order",
    family: Family::Onb,
    severity: Severity::Warning,
    other_severity: None,
    summary: "dates out of order (approval before demo, demo in the future yet approved…)",
    docs: RuleDocs {
        what: "The onboarding dates follow the program's order: the demo comes before the \
               approval, and neither an approval nor the demo it rests on is dated after \
               today.",
        why: "The approval follows the demo to the Defender for Endpoint team; dates in \
              another order are usually a typo that misstates where the partner stands.",
        example: "[onboarding]\ndemo = 2026-10-15\napproved = 2026-10-01\n",
        fix: "Correct the dates: `demo` is when the integration was shown to the Defender for \
              Endpoint team, `approved` when that team approved it.",
    },
    check: Check::Listing(out_of_order),
    suppression: Suppression::Allowed,
};

fn out_of_order(context: &Context, findings: &mut Findings) {
    let Some(onboarding) = onboarding(context) else {
        return;
    };
    let today = context.today;
    if let (Some(demo), Some(approved)) = (&onboarding.demo, &onboarding.approved) {
        if approved.value < demo.value {
            findings
                .report(
                    &ONB002,
                    "onboarding.approved",
                    approved.span.clone(),
                    format!(
                        "the integration is recorded as approved on {}, before its demo on {}",
                        approved.value, demo.value
                    ),
                )
                .with_label("before `demo`")
                .with_help(
                    "the Defender for Endpoint team approves an integration after its demo: \
                     check both dates",
                );
        } else if demo.value > today {
            findings
                .report(
                    &ONB002,
                    "onboarding.demo",
                    demo.span.clone(),
                    format!(
                        "the demo is dated {}, after today ({today}), yet the integration is \
                         recorded as approved",
                        demo.value
                    ),
                )
                .with_label("in the future")
                .with_help("set `demo` to the day the demo took place");
        }
    }
    if let Some(approved) = onboarding
        .approved
        .as_ref()
        .filter(|approved| approved.value > today)
    {
        findings
            .report(
                &ONB002,
                "onboarding.approved",
                approved.span.clone(),
                format!(
                    "the integration is recorded as approved on {}, which is after today \
                     ({today})",
                    approved.value
                ),
            )
            .with_label("in the future")
            .with_help("set `approved` once the Defender for Endpoint team has approved it");
    }
}
