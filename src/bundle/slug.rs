//! File-name slugs: ASCII, lowercase, hyphenated, never empty.

use unicode_normalization::UnicodeNormalization;

/// "Contoso Sécurité, Inc." → "contoso-securite-inc". Accents are dropped by decomposing; other
/// scripts leave nothing, and the caller falls back.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.nfd() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty()
            && !out.ends_with('-')
            && (c.is_whitespace() || c.is_ascii_punctuation())
        {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A version as it may appear in a file name: SemVer characters kept, anything else a hyphen.
pub fn version_slug(version: &str) -> String {
    let cleaned: String = version
        .trim()
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let cleaned = cleaned.trim_matches(['-', '.']).to_string();
    if cleaned.is_empty() {
        "0".into()
    } else {
        cleaned
    }
}

/// The first non-empty slug among the candidates, else `fallback`.
pub fn first_slug(candidates: &[&str], fallback: &str) -> String {
    candidates
        .iter()
        .map(|candidate| slug(candidate))
        .find(|slug| !slug.is_empty())
        .unwrap_or_else(|| fallback.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_ascii_lowercase_hyphenated() {
        assert_eq!(slug("Contoso Cognito"), "contoso-cognito");
        assert_eq!(slug("Contoso Sécurité, Inc."), "contoso-securite-inc");
        assert_eq!(slug("  --Tenvik™  Sentry!! "), "tenvik-sentry");
        assert_eq!(slug("コントソ"), "");
        assert_eq!(first_slug(&["コントソ", "Kontoso"], "product"), "kontoso");
        assert_eq!(first_slug(&["コントソ"], "product"), "product");
        assert_eq!(
            version_slug("1.0.0-beta+exp.sha.5114f85"),
            "1.0.0-beta+exp.sha.5114f85"
        );
        assert_eq!(version_slug(" v2 / final "), "v2---final");
        assert_eq!(version_slug("///"), "0");
    }
}
