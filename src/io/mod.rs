//! The adapters around the check core: everything that touches the machine. Reading listings
//! and `mdelist.toml` from disk, the logo render thread, the `--online` HTTP probe, and running
//! many checks at once. Nothing in the core (manifest, text, svg, press, rules, policy,
//! diagnostics, review, bundle plans and archives) depends on this module.

pub mod baseline;
pub mod changed;
pub mod checks;
pub mod files;
pub mod locked_edit;
#[cfg(feature = "online")]
pub mod online;
pub mod policy;
pub mod render;
pub mod unlisted;
pub mod verify;

/// How `check --online` probes landing pages.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OnlineOptions {
    /// Allow non-public addresses (for tests against a local server).
    pub allow_private: bool,
}
