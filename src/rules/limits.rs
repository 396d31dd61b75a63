//! The numbers the rules measure against, with their defaults; `[limits]` in `mdelist.toml`
//! (read by `crate::policy`) sets them.

use serde::Deserialize;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    pub description_words: usize,
    pub description_min_words: usize,
    pub name_graphemes: usize,
    pub logo_warn_bytes: u64,
    pub logo_max_bytes: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            description_words: 15,
            description_min_words: 5,
            name_graphemes: 50,
            logo_warn_bytes: 32 * 1024,
            logo_max_bytes: 1024 * 1024,
        }
    }
}
