//! What `check --online` found about the landing page, as the `LINK` rules read it. The probe
//! itself (a real HTTP client) is an adapter outside the core: `io::online`.

/// What probing the landing page found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkProbe {
    /// Where the redirects ended (the start URL when there were none).
    pub final_url: String,
    /// The final HTTP status, when a response came.
    pub status: Option<u16>,
    /// Why the page is unreachable, when it is.
    pub problem: Option<String>,
}
