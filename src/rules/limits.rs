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

/// One of the [`Limits`], as a rule's descriptor names the limits it reads (`Rule::limits`), so
/// that `explain` and `docs/rules.md` say which `[limits]` key changes the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    DescriptionWords,
    DescriptionMinWords,
    NameGraphemes,
    LogoWarnBytes,
    LogoMaxBytes,
}

impl Limit {
    /// The key under `[limits]` in `mdelist.toml`.
    pub fn key(self) -> &'static str {
        match self {
            Limit::DescriptionWords => "description_words",
            Limit::DescriptionMinWords => "description_min_words",
            Limit::NameGraphemes => "name_graphemes",
            Limit::LogoWarnBytes => "logo_warn_bytes",
            Limit::LogoMaxBytes => "logo_max_bytes",
        }
    }

    /// The limit's value in `limits`.
    pub fn of(self, limits: &Limits) -> u64 {
        match self {
            Limit::DescriptionWords => limits.description_words as u64,
            Limit::DescriptionMinWords => limits.description_min_words as u64,
            Limit::NameGraphemes => limits.name_graphemes as u64,
            Limit::LogoWarnBytes => limits.logo_warn_bytes,
            Limit::LogoMaxBytes => limits.logo_max_bytes,
        }
    }

    /// The default, as a person reads it: "15 words", "32 KiB".
    pub fn default_text(self) -> String {
        let value = self.of(&Limits::default());
        match self {
            Limit::DescriptionWords | Limit::DescriptionMinWords => format!("{value} words"),
            Limit::NameGraphemes => format!("{value} characters"),
            Limit::LogoWarnBytes | Limit::LogoMaxBytes if value.is_multiple_of(1 << 20) => {
                format!("{} MiB", value >> 20)
            }
            Limit::LogoWarnBytes | Limit::LogoMaxBytes if value.is_multiple_of(1 << 10) => {
                format!("{} KiB", value >> 10)
            }
            Limit::LogoWarnBytes | Limit::LogoMaxBytes => format!("{value} bytes"),
        }
    }

    /// "description_words (default 15 words), …" for a list of limits; with `code`, each key
    /// in backticks (Markdown).
    pub fn describe_all(limits: &[Limit], code: bool) -> String {
        let tick = if code { "`" } else { "" };
        limits
            .iter()
            .map(|limit| {
                format!(
                    "{tick}{}{tick} (default {})",
                    limit.key(),
                    limit.default_text()
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::Limit;

    #[test]
    fn defaults_read_as_a_person_would_write_them() {
        assert_eq!(Limit::DescriptionWords.default_text(), "15 words");
        assert_eq!(Limit::NameGraphemes.default_text(), "50 characters");
        assert_eq!(Limit::LogoWarnBytes.default_text(), "32 KiB");
        assert_eq!(Limit::LogoMaxBytes.default_text(), "1 MiB");
        assert_eq!(
            Limit::describe_all(
                &[Limit::DescriptionMinWords, Limit::DescriptionWords],
                false
            ),
            "description_min_words (default 5 words), description_words (default 15 words)"
        );
        assert_eq!(
            Limit::describe_all(&[Limit::LogoMaxBytes], true),
            "`logo_max_bytes` (default 1 MiB)"
        );
    }
}
