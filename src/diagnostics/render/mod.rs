//! Renderers: each formats the same reports and decides nothing.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

/// What the human renderer shows and how.
#[derive(Debug, Clone, Copy, Default)]
pub struct HumanOptions {
    pub color: bool,
    /// Show infos and suppressed findings.
    pub verbose: bool,
    /// Show errors only, and no summary.
    pub quiet: bool,
}
