//! One report for every command: the listings checked and the run-level notices (a bundle's
//! integrity problems, the tool's own failures). Renderers format it; the exit status is read
//! off it here, once.

use std::fmt;
use std::path::PathBuf;

use crate::bundle::integrity::IntegrityProblem;
use crate::check::ListingReport;
use crate::diagnostics::Tally;

/// Typed exit status: 0 clean, 1 findings, 2 the tool could not do its job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Clean = 0,
    Findings = 1,
    Failure = 2,
}

/// The bundle `verify` read the listing from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BundleSource {
    /// As given on the command line.
    pub path: PathBuf,
    /// The archive's top folder, when its structure was sound enough to tell.
    pub top: Option<String>,
}

/// Something the tool could not do for one input, while the run went on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolFailure {
    /// The file concerned, where there is one.
    pub path: Option<PathBuf>,
    /// What went wrong, as the rest of a sentence after the path ("cannot be read: …").
    pub message: String,
}

impl fmt::Display for ToolFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(path) => write!(f, "{}: {}", path.display(), self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// A run-level problem: not about a field of a listing, but shown beside its findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Integrity(IntegrityProblem),
    Failure(ToolFailure),
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Integrity(problem) => problem.fmt(f),
            Notice::Failure(failure) => failure.fmt(f),
        }
    }
}

/// What a command found, ready for any renderer.
#[derive(Debug, Default)]
pub struct Report {
    pub listings: Vec<ListingReport>,
    pub notices: Vec<Notice>,
    /// Set by `verify`: the listing came out of this bundle.
    pub bundle: Option<BundleSource>,
}

/// What `verify` found, as the one report every format renders: the listing checked inside the
/// archive, and the archive's integrity problems as notices.
impl From<crate::bundle::verify::Verification> for Report {
    fn from(verification: crate::bundle::verify::Verification) -> Report {
        Report {
            listings: verification.report.into_iter().collect(),
            notices: verification
                .problems
                .into_iter()
                .map(Notice::Integrity)
                .collect(),
            bundle: Some(BundleSource {
                path: verification.bundle,
                top: verification.top,
            }),
        }
    }
}

impl Report {
    pub fn of_listings(listings: Vec<ListingReport>) -> Report {
        Report {
            listings,
            ..Report::default()
        }
    }

    /// The counted findings of every listing.
    pub fn tally(&self) -> Tally {
        let mut tally = Tally::default();
        for listing in &self.listings {
            tally.add(listing.tally());
        }
        tally
    }

    pub fn integrity_problems(&self) -> impl Iterator<Item = &IntegrityProblem> {
        self.notices.iter().filter_map(|notice| match notice {
            Notice::Integrity(problem) => Some(problem),
            Notice::Failure(_) => None,
        })
    }

    pub fn failures(&self) -> impl Iterator<Item = &ToolFailure> {
        self.notices.iter().filter_map(|notice| match notice {
            Notice::Failure(failure) => Some(failure),
            Notice::Integrity(_) => None,
        })
    }

    /// Whether the bundle (if any) has no integrity problem.
    pub fn intact(&self) -> bool {
        self.integrity_problems().next().is_none()
    }

    /// The exit status: a failure of the tool first, then integrity problems, a bundle whose
    /// listing could not be checked, errors, and warnings when `deny_warnings`.
    pub fn exit(&self, deny_warnings: bool) -> Exit {
        self.exit_with(self.listings.len(), self.tally(), deny_warnings)
    }

    /// [`Report::exit`] for a report whose `listings` (this many, with this tally) were
    /// streamed instead of kept.
    pub fn exit_with(&self, listings: usize, tally: Tally, deny_warnings: bool) -> Exit {
        if self.failures().next().is_some() {
            return Exit::Failure;
        }
        let unchecked_bundle = self.bundle.is_some() && listings == 0;
        if !self.intact()
            || unchecked_bundle
            || tally.errors > 0
            || (deny_warnings && tally.warnings > 0)
        {
            Exit::Findings
        } else {
            Exit::Clean
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report_with(tally_errors: usize, tally_warnings: usize) -> Report {
        use crate::diagnostics::{Diagnostic, Severity};
        let diagnostic = |severity| Diagnostic {
            code: "NAME001",
            name: "name-required",
            severity,
            message: String::new(),
            field: None,
            location: None,
            label: None,
            help: None,
            suppressed: None,
            severity_set_in: None,
            fix: None,
            related: Vec::new(),
        };
        let mut diagnostics = Vec::new();
        diagnostics.extend((0..tally_errors).map(|_| diagnostic(Severity::Error)));
        diagnostics.extend((0..tally_warnings).map(|_| diagnostic(Severity::Warning)));
        let package = crate::manifest::package_from_bytes(
            std::path::Path::new("listing.toml"),
            std::path::Path::new("."),
            Vec::new(),
            &|_: &str| Err(crate::manifest::PathProblem::Unreadable("absent".into())),
        );
        let mut listing = crate::check::check_package(
            package,
            &crate::policy::Policy::default(),
            jiff::civil::date(2026, 11, 2),
            &crate::svg::InProcess,
        );
        listing.diagnostics = diagnostics;
        Report::of_listings(vec![listing])
    }

    #[test]
    fn warnings_fail_only_when_denied() {
        let warnings = report_with(0, 2);
        assert_eq!(warnings.exit(false), Exit::Clean);
        assert_eq!(warnings.exit(true), Exit::Findings);
        assert_eq!(report_with(1, 0).exit(false), Exit::Findings);
        assert_eq!(report_with(0, 0).exit(true), Exit::Clean);
    }

    #[test]
    fn a_bundle_is_judged_by_its_integrity_and_its_listing() {
        let mut intact = report_with(0, 0);
        intact.bundle = Some(BundleSource {
            path: "b.zip".into(),
            top: Some("b".into()),
        });
        assert_eq!(intact.exit(false), Exit::Clean);
        intact
            .notices
            .push(Notice::Integrity(IntegrityProblem::NoChecksums));
        assert_eq!(intact.exit(false), Exit::Findings);

        let unchecked = Report {
            bundle: Some(BundleSource {
                path: "b.zip".into(),
                top: None,
            }),
            ..Report::default()
        };
        assert_eq!(unchecked.exit(false), Exit::Findings);
    }

    #[test]
    fn a_failure_of_the_tool_outranks_findings() {
        let mut report = report_with(3, 0);
        report.notices.push(Notice::Failure(ToolFailure {
            path: Some("a/listing.toml".into()),
            message: "cannot be read: permission denied".into(),
        }));
        assert_eq!(report.exit(false), Exit::Failure);
    }
}
