//! The check core: a package read into memory, today's date and a logo renderer in; every rule
//! run and the policy applied; one report out. Finding and reading listings on disk, probing
//! landing pages and running many checks at once are the callers' (`io::checks`).

use std::path::{Path, PathBuf};

use jiff::civil::Date;

use crate::diagnostics::{Diagnostic, SourceFile, Tally};
use crate::manifest::Package;
use crate::online::LinkProbe;
use crate::policy::Policy;
use crate::rules::user_agent::resolved_user_agent;
use crate::rules::{Context, Family, Findings, run_listing_rules};
use crate::svg::RenderLogo;

pub const MANIFEST_FILE: &str = "listing.toml";

/// The result of checking one listing.
#[derive(Debug)]
pub struct ListingReport {
    pub manifest_path: PathBuf,
    pub product: Option<String>,
    pub user_agent: Option<String>,
    pub description_words: Option<usize>,
    pub diagnostics: Vec<Diagnostic>,
    /// The files diagnostics point into besides the manifest, for rendering snippets.
    pub sources: Vec<SourceFile>,
    /// The package as read (manifest, typed listing, referenced files' bytes), for the
    /// stages after checking (bundle, preview).
    pub package: Package,
    /// The logo's analysis and renders.
    pub logo: Option<crate::svg::Logo>,
    /// Each press release read as text, for `review status` and the bundle.
    pub press: Vec<crate::press::PressFile>,
    /// The press releases in `press/` that no `[[press_release]]` names.
    pub unlisted_press: Vec<crate::press::UnlistedPress>,
    /// Each press release's review status at the check's date: what the PRESS rules,
    /// `review status`, the calendar and the bundle all show.
    pub releases: Vec<crate::review::Release>,
    /// What comparing listings with each other needs of this one (the `XL` rules); kept when
    /// the report is slimmed.
    pub facts: Option<crate::consistency::Facts>,
    /// Whether the listing was compared with the others of the run (the `XL` rules ran).
    pub compared: bool,
}

impl ListingReport {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.diagnostics)
    }

    /// Drops what only later stages need (file bytes, renders) and the sources no diagnostic
    /// points into.
    pub fn slim(mut self) -> ListingReport {
        self.package.logo = None;
        self.package.press.clear();
        self.press.clear();
        self.unlisted_press.clear();
        self.package.unlisted_press.clear();
        self.logo = None;
        let used: Vec<&Path> = self
            .diagnostics
            .iter()
            .filter_map(|diagnostic| {
                diagnostic
                    .location
                    .as_ref()
                    .map(|location| location.file.as_path())
            })
            .collect();
        let sources = std::mem::take(&mut self.sources);
        self.sources = sources
            .into_iter()
            .filter(|source| used.contains(&source.path()))
            .collect();
        self
    }

    pub fn source(&self, path: &Path) -> Option<&SourceFile> {
        std::iter::once(&self.package.manifest)
            .chain(&self.sources)
            .find(|source| source.path() == path)
    }
}

/// Runs every offline rule over a package and applies the policy; the logo is rendered at
/// every size it ships at ([`crate::svg::RENDER_SIZES`]), for callers that go on to a bundle or a
/// preview.
pub fn check_package(
    package: Package,
    policy: &Policy,
    today: Date,
    renderer: &dyn RenderLogo,
) -> ListingReport {
    check_package_probed(
        package,
        policy,
        today,
        renderer,
        None,
        &crate::svg::RENDER_SIZES,
    )
}

/// The landing page to probe with `--online`: any that parses as an http or https URL,
/// whatever its other findings.
pub fn probe_target(package: &Package) -> Option<url::Url> {
    let text = package.listing.as_ref()?.landing_page.as_ref()?;
    let url = url::Url::parse(text.value.trim()).ok()?;
    matches!(url.scheme(), "http" | "https").then_some(url)
}

/// Runs every rule, the online ones too when the landing page's `probe` is given (the caller
/// probed [`probe_target`]), and applies the policy. The logo is rendered at `sizes` besides
/// the size the rules measure ([`crate::svg::CHECKED_SIZES`]: only that one).
pub fn check_package_probed(
    package: Package,
    policy: &Policy,
    today: Date,
    renderer: &dyn RenderLogo,
    probe: Option<LinkProbe>,
    sizes: &[u32],
) -> ListingReport {
    // The logo's render is started first and waited for only when the rules that read it run:
    // a worker process renders while the press releases and the texts are checked here.
    let analyzing = package
        .logo
        .as_ref()
        .map(|file| crate::svg::start(file, renderer, sizes));
    let press = crate::press::analyze(&package);
    let unlisted_press = crate::press::analyze_unlisted(&package);
    let releases = package
        .listing
        .as_ref()
        .map(|listing| crate::review::releases(listing, &press, &unlisted_press, today))
        .unwrap_or_default();
    let mut findings = Findings::new(&package.manifest);
    for problem in &package.problems {
        crate::rules::manifest::report_problem(problem, &mut findings);
    }
    let without_logo = Context {
        package: &package,
        logo: None,
        online: probe.as_ref(),
        press: &press,
        unlisted_press: &unlisted_press,
        releases: &releases,
        limits: &policy.limits,
        today,
        description_words: std::cell::OnceCell::new(),
    };
    // Only the LOGO rules read the logo; the order the rules run in does not show, since the
    // findings are sorted by place and code.
    if package.listing.is_some() {
        run_listing_rules(&without_logo, &mut findings, |family| {
            family != Family::Logo
        });
    }
    let logo = analyzing.map(crate::svg::Analyzing::finish);
    let context = Context {
        logo: logo.as_ref(),
        ..without_logo
    };
    if package.listing.is_some() {
        run_listing_rules(&context, &mut findings, |family| family == Family::Logo);
    }
    // The main description comes first among the counted ones (product.description).
    let main_words = context
        .counted_descriptions()
        .first()
        .filter(|(field, _)| field.lang.is_none())
        .map(|(_, words)| *words);
    let description_words = main_words.map(<[_]>::len);
    let user_agent = package.listing.as_ref().and_then(resolved_user_agent);
    let facts =
        crate::consistency::facts_of(&package, user_agent.as_deref(), main_words, logo.as_ref());
    let diagnostics = crate::policy::cap_findings(policy.apply(
        findings.into_vec(),
        package.listing.as_ref(),
        today,
        &package.manifest,
    ));
    let listing = package.listing.as_ref();
    ListingReport {
        manifest_path: package.manifest.path().to_path_buf(),
        product: listing.and_then(|listing| listing.name.as_ref().map(|name| name.value.clone())),
        user_agent,
        description_words,
        diagnostics,
        sources: logo
            .iter()
            .filter_map(|logo| logo.source.clone())
            .chain(
                press
                    .iter()
                    .filter_map(|file| file.text().map(|text| text.source.clone())),
            )
            .chain(
                unlisted_press
                    .iter()
                    .filter_map(|file| file.text().map(|text| text.source.clone())),
            )
            .collect(),
        package,
        logo,
        press,
        unlisted_press,
        releases,
        facts,
        compared: false,
    }
}

/// Compares a checked listing with the listings `ledger` saw before it (the `XL` rules), adds
/// what that finds to its report under its `policy`, and remembers its facts for the listings
/// after it. Listings must be given in path order: each finding is on the later listing.
pub fn compare_with_earlier(
    ledger: &mut crate::consistency::Ledger,
    report: &mut ListingReport,
    policy: &Policy,
    today: Date,
) {
    report.compared = true;
    let Some(facts) = &report.facts else {
        return;
    };
    let found = crate::rules::consistency::diagnostics(ledger.observe(facts));
    let listing = report.package.listing.as_ref();
    let extra = policy.apply_across(found, listing, today, &report.package.manifest);
    if extra.is_empty() {
        return;
    }
    report.diagnostics.extend(extra);
    crate::policy::sort_diagnostics(&mut report.diagnostics);
}
