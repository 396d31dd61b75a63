//! The rule catalogue: each rule is a static descriptor (code, name, family, default severity,
//! documentation) plus a plain function. `RULES` is the one table everything else reads.

pub mod catalogue;
mod category;
pub mod consistency;
mod description;
mod entra;
mod limits;
mod link;
mod link_hygiene;
mod logo;
pub mod manifest;
mod name;
mod onboarding;
mod press;
mod press_unlisted;
pub mod product_name;
pub mod user_agent;

use std::ops::Range;

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, Severity, SourceFile};
use crate::manifest::Package;

pub use crate::text::quote::quote;
pub use catalogue::{PENDING_CODES, RULES, RULES_VERSION, find_rule, pending_code};
pub use limits::{Limit, Limits};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    Man,
    Name,
    Desc,
    Logo,
    Link,
    Ua,
    Entra,
    Cat,
    Press,
    Onb,
    Xl,
}

impl Family {
    pub fn prefix(self) -> &'static str {
        match self {
            Family::Man => "MAN",
            Family::Name => "NAME",
            Family::Desc => "DESC",
            Family::Logo => "LOGO",
            Family::Link => "LINK",
            Family::Ua => "UA",
            Family::Entra => "ENTRA",
            Family::Cat => "CAT",
            Family::Press => "PRESS",
            Family::Onb => "ONB",
            Family::Xl => "XL",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Family::Man => "the manifest itself",
            Family::Name => "the product name",
            Family::Desc => "the 15-word description",
            Family::Logo => "the square SVG logo",
            Family::Link => "the landing page",
            Family::Ua => "the User-Agent",
            Family::Entra => "the multi-tenant application name",
            Family::Cat => "the category",
            Family::Press => "press releases and the review window",
            Family::Onb => "onboarding",
            Family::Xl => "consistency across listings",
        }
    }
}

/// What `mdelist explain CODE` prints.
#[derive(Debug)]
pub struct RuleDocs {
    /// What the rule checks.
    pub what: &'static str,
    /// Why it matters to the listing.
    pub why: &'static str,
    /// A `listing.toml` excerpt (or other input) that triggers it.
    pub example: &'static str,
    /// How to fix it.
    pub fix: &'static str,
}

/// How a rule finds its findings.
#[derive(Debug, Clone, Copy)]
pub enum Check {
    /// A plain function over the parsed listing.
    Listing(fn(&Context, &mut Findings)),
    /// Raised while the manifest is read (syntax, types, paths): the reading stage is the only
    /// place that sees the raw document and the file system.
    Manifest,
    /// Raised while policy is applied (suppressions), which is where they are understood.
    Policy,
    /// Raised by comparing each listing with the ones before it in a run
    /// ([`crate::consistency`]): no one listing shows them.
    Across,
}

/// Whether `[checks] allow` may waive a rule's findings and `[severity]` lower them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Suppression {
    Allowed,
    /// A security or integrity finding: never waived, never lowered.
    Never,
    /// Its warning form may be waived; its error form (the security case) may not, and the
    /// rule's severity may not be lowered.
    WarningOnly,
}

#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    /// Set for rules whose severity depends on the case: the other severity they report with.
    pub other_severity: Option<Severity>,
    /// One line, as in the catalogue table.
    pub summary: &'static str,
    pub docs: RuleDocs,
    pub check: Check,
    /// What policy may do with its findings.
    pub suppression: Suppression,
    /// The `[limits]` of `mdelist.toml` the rule measures against, which `explain` and the
    /// docs name.
    pub limits: &'static [Limit],
}

impl Rule {
    /// Whether a finding of this rule at `severity` may be waived by `[checks] allow`.
    pub fn may_suppress(&self, severity: Severity) -> bool {
        match self.suppression {
            Suppression::Allowed => true,
            Suppression::Never => false,
            Suppression::WarningOnly => severity != Severity::Error,
        }
    }

    /// Whether `[checks] allow` may name this rule at all.
    pub fn may_be_named_in_allow(&self) -> bool {
        self.suppression != Suppression::Never
    }

    /// Whether `[severity]` in `mdelist.toml` may set it to `severity` (or turn it off: `None`).
    pub fn may_set_severity(&self, severity: Option<Severity>) -> bool {
        self.suppression == Suppression::Allowed || severity == Some(Severity::Error)
    }

    /// The documentation's "what it checks", with what policy may not do to it, as `explain`,
    /// `docs/rules.md` and the catalogue print it.
    pub fn what(&self) -> String {
        match self.suppression {
            Suppression::Allowed => self.docs.what.to_string(),
            Suppression::Never => format!("{} This finding cannot be suppressed.", self.docs.what),
            Suppression::WarningOnly => {
                format!("{} The error cannot be suppressed.", self.docs.what)
            }
        }
    }

    pub fn severity_label(&self) -> String {
        match self.other_severity {
            Some(higher) => format!("{} / {}", self.severity.as_str(), higher.as_str()),
            None => self.severity.as_str().to_string(),
        }
    }
}

/// Everything a rule may look at. Rules never read files or the clock themselves.
pub struct Context<'a> {
    pub package: &'a Package,
    /// The logo's analysis, when the manifest named a logo that could be read.
    pub logo: Option<&'a crate::svg::Logo>,
    /// What probing the landing page found, with `check --online` only.
    pub online: Option<&'a crate::online::LinkProbe>,
    /// Each press release read as text, once, with the product's mentions.
    pub press: &'a [crate::press::PressFile],
    /// The press releases in `press/` that no `[[press_release]]` names, read the same way.
    pub unlisted_press: &'a [crate::press::UnlistedPress],
    /// Each press release's review status at `today`, computed once (`crate::review::status`).
    pub releases: &'a [crate::review::Release],
    pub limits: &'a Limits,
    pub today: Date,
    /// The words of each description, in the order of [`Context::descriptions`], segmented
    /// once for every rule that counts them (segmentation is the costly part of a count).
    pub description_words: std::cell::OnceCell<Vec<Vec<crate::text::words::Word>>>,
}

/// Collects a rule's findings against one source file, resolving positions as they are made.
pub struct Findings<'a> {
    source: &'a SourceFile,
    diagnostics: Vec<Diagnostic>,
}

impl<'a> Findings<'a> {
    pub fn new(source: &'a SourceFile) -> Findings<'a> {
        Findings {
            source,
            diagnostics: Vec::new(),
        }
    }

    pub fn source(&self) -> &SourceFile {
        self.source
    }

    /// Records a finding of `rule` at `span` of the manifest, about the dotted key `field`.
    pub fn report(
        &mut self,
        rule: &'static Rule,
        field: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let source = self.source;
        self.report_in(source, rule, field, span, message)
    }

    /// Gives the last finding a fix that writes `replacement` in place of `range` of a manifest
    /// value (`crate::manifest::Text::replacement` says how much of the source that rewrites).
    pub fn fix_last(
        &mut self,
        applicability: crate::diagnostics::Applicability,
        message: impl Into<String>,
        text: &crate::manifest::Text,
        range: Range<usize>,
        replacement: &str,
    ) {
        let (span, replacement) = text.replacement(range, replacement);
        let location = self.source.locate(span);
        if let Some(diagnostic) = self.diagnostics.last_mut() {
            diagnostic.fix = Some(crate::diagnostics::Fix {
                applicability,
                message: message.into(),
                edits: vec![crate::diagnostics::Edit {
                    location,
                    replacement,
                }],
            });
        }
    }

    /// Gives the last finding the safe fix that writes `tidied` (`text::chars::tidy`) for the
    /// whole of `text`, when that changes it and leaves something.
    pub fn tidy_last(&mut self, text: &crate::manifest::Text, tidied: &str) {
        if tidied != text.value && !tidied.is_empty() {
            self.fix_last(
                crate::diagnostics::Applicability::Safe,
                "tidy the white space and remove invisible characters",
                text,
                0..text.value.len(),
                tidied,
            );
        }
    }

    /// Gives the last finding a fix that is only shown: nothing mdelist could write.
    pub fn advise_last(&mut self, message: impl Into<String>) {
        if let Some(diagnostic) = self.diagnostics.last_mut() {
            diagnostic.fix = Some(crate::diagnostics::Fix {
                applicability: crate::diagnostics::Applicability::DisplayOnly,
                message: message.into(),
                edits: Vec::new(),
            });
        }
    }

    /// Records a finding at `span` of another file (the logo, a press release).
    pub fn report_in(
        &mut self,
        source: &SourceFile,
        rule: &'static Rule,
        field: &str,
        span: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Diagnostic {
        let location = source.locate(span);
        self.diagnostics.push(Diagnostic {
            code: rule.code,
            name: rule.name,
            severity: rule.severity,
            message: message.into(),
            field: (!field.is_empty()).then(|| field.to_string()),
            location: Some(location),
            label: None,
            help: None,
            suppressed: None,
            severity_set_in: None,
            fix: None,
            related: Vec::new(),
        });
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// The finding reported last, to add to it after the fact.
    pub fn last_mut(&mut self) -> Option<&mut Diagnostic> {
        self.diagnostics.last_mut()
    }

    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.diagnostics
    }

    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.diagnostics.extend(diagnostics);
    }
}

impl Diagnostic {
    pub fn with_help(&mut self, help: impl Into<String>) -> &mut Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// A fix that replaces what the finding points at with `replacement`.
    pub fn with_replacement(
        &mut self,
        applicability: crate::diagnostics::Applicability,
        message: impl Into<String>,
        replacement: impl Into<String>,
    ) -> &mut Diagnostic {
        if let Some(location) = &self.location {
            self.fix = Some(crate::diagnostics::Fix {
                applicability,
                message: message.into(),
                edits: vec![crate::diagnostics::Edit {
                    location: location.clone(),
                    replacement: replacement.into(),
                }],
            });
        }
        self
    }

    pub fn with_label(&mut self, label: impl Into<String>) -> &mut Diagnostic {
        self.label = Some(label.into());
        self
    }

    pub fn with_severity(&mut self, severity: Severity) -> &mut Diagnostic {
        self.severity = severity;
        self
    }
}

/// Runs every listing rule over a parsed package.
/// Runs the listing rules of the families `runs` accepts, in catalogue order.
pub fn run_listing_rules(
    context: &Context,
    findings: &mut Findings,
    runs: impl Fn(Family) -> bool,
) {
    for rule in RULES {
        if let Check::Listing(check) = rule.check
            && runs(rule.family)
        {
            check(context, findings);
        }
    }
}

/// A text field a family of rules looks at: its dotted key, its value, its language tag.
pub struct Field<'a> {
    pub path: String,
    pub text: &'a crate::manifest::Text,
    pub lang: Option<&'a str>,
}

impl Context<'_> {
    /// `product.name` and every localized name.
    pub fn names(&self) -> Vec<Field<'_>> {
        self.text_fields(
            "name",
            |listing| listing.name.as_ref(),
            |localized| localized.name.as_ref(),
        )
    }

    /// `product.description` and every localized description.
    pub fn descriptions(&self) -> Vec<Field<'_>> {
        self.text_fields(
            "description",
            |listing| listing.description.as_ref(),
            |localized| localized.description.as_ref(),
        )
    }

    /// Every description with its words, counted once per check.
    pub fn counted_descriptions(&self) -> Vec<(Field<'_>, &[crate::text::words::Word])> {
        let fields = self.descriptions();
        let words = self.description_words.get_or_init(|| {
            fields
                .iter()
                .map(|field| crate::text::words::split_words(&field.text.value, field.lang))
                .collect()
        });
        fields
            .into_iter()
            .zip(words.iter().map(Vec::as_slice))
            .collect()
    }

    /// A `product` text field and its counterpart in every `product.localized.<tag>` table.
    fn text_fields<'s>(
        &'s self,
        key: &str,
        main: impl Fn(&'s crate::manifest::Listing) -> Option<&'s crate::manifest::Text>,
        localized: impl Fn(&'s crate::manifest::Localized) -> Option<&'s crate::manifest::Text>,
    ) -> Vec<Field<'s>> {
        let Some(listing) = &self.package.listing else {
            return Vec::new();
        };
        let main = main(listing).map(|text| Field {
            path: format!("product.{key}"),
            text,
            lang: None,
        });
        let translations = listing.localized.iter().filter_map(|translation| {
            localized(translation).map(|text| Field {
                path: format!("product.localized.{}.{key}", translation.tag.value),
                text,
                lang: Some(translation.tag.value.as_str()),
            })
        });
        main.into_iter().chain(translations).collect()
    }
}

/// "product name" or "product name (ja-JP)", for messages.
pub fn subject(what: &str, field: &Field) -> String {
    match field.lang {
        Some(lang) => format!("{what} ({lang})"),
        None => what.to_string(),
    }
}
