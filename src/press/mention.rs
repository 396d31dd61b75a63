//! Whether a text names Microsoft Defender for Endpoint, in any of its forms: the current name,
//! its short form, the former names, the invented abbreviations and the localized names
//! (requirements.md "Facts"). Matching is on a folded copy of the text (NFKC, lower case), so
//! full-width letters, decomposed accents and capitals all match, and tolerates line breaks and
//! any white space between the words of a name (and none between CJK and Latin words).

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;
use unicode_segmentation::UnicodeSegmentation;

/// How the text names the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Current,
    Localized(&'static str),
    Former,
    Abbreviation,
}

impl Form {
    pub fn describe(self) -> String {
        match self {
            Form::Current => "the product name".into(),
            Form::Localized(language) => format!("the {language} product name"),
            Form::Former => "a former product name".into(),
            Form::Abbreviation => "an abbreviation of the product name".into(),
        }
    }
}

/// The forms of the name. Legacy names and abbreviations come from `text::patterns`, so the
/// product is recognised wherever `DESC005`/`DESC006` would flag its name.
const NAMES: &[(&str, Form)] = &[
    ("Microsoft Defender for Endpoint", Form::Current),
    ("Defender for Endpoint", Form::Current),
    ("Microsoft Defender für Endpunkt", Form::Localized("German")),
    ("Defender für Endpunkt", Form::Localized("German")),
    (
        "Microsoft Defender pour point de terminaison",
        Form::Localized("French"),
    ),
    (
        "Defender pour point de terminaison",
        Form::Localized("French"),
    ),
    (
        "Microsoft Defender para punto de conexión",
        Form::Localized("Spanish"),
    ),
    (
        "Defender para punto de conexión",
        Form::Localized("Spanish"),
    ),
    (
        "Microsoft Defender para Ponto de Extremidade",
        Form::Localized("Portuguese"),
    ),
    (
        "Microsoft Defender per endpoint",
        Form::Localized("Italian"),
    ),
    ("Microsoft Defender voor Eindpunt", Form::Localized("Dutch")),
    (
        "エンドポイント用 Microsoft Defender",
        Form::Localized("Japanese"),
    ),
    ("エンドポイント用 Defender", Form::Localized("Japanese")),
    ("엔드포인트용 Microsoft Defender", Form::Localized("Korean")),
    ("엔드포인트용 Defender", Form::Localized("Korean")),
    (
        "适用于终结点的 Microsoft Defender",
        Form::Localized("Chinese"),
    ),
    (
        "適用於端點的 Microsoft Defender",
        Form::Localized("Chinese"),
    ),
];

const PRODUCT: &str = "Microsoft Defender for Endpoint";

/// Every form, with its kind.
fn forms() -> Vec<(&'static str, Form)> {
    let former = crate::text::patterns::LEGACY_NAMES
        .iter()
        .filter(|(_, current)| *current == PRODUCT)
        .map(|(legacy, _)| (*legacy, Form::Former));
    let abbreviations = crate::text::patterns::ABBREVIATIONS
        .iter()
        .filter(|(_, full)| *full == PRODUCT)
        .map(|(short, _)| (*short, Form::Abbreviation));
    NAMES
        .iter()
        .copied()
        .chain(former)
        .chain(abbreviations)
        .collect()
}

/// Han, kana and Hangul: written without spaces between words.
fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x11FF | 0x3040..=0x30FF | 0x3130..=0x318F | 0x31F0..=0x31FF
        | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF)
}

/// The regex alternative for one name: white space between Latin words, optional white space
/// next to a CJK word, and a line break allowed inside a CJK word (hard-wrapped Japanese).
fn pattern(name: &str) -> String {
    let words: Vec<String> = name.split_whitespace().map(fold).collect();
    let mut pattern = String::new();
    for (index, word) in words.iter().enumerate() {
        if index > 0 {
            let previous_cjk = words[index - 1].chars().next_back().is_some_and(is_cjk);
            let next_cjk = word.chars().next().is_some_and(is_cjk);
            pattern.push_str(if previous_cjk || next_cjk {
                r"\s*"
            } else {
                r"\s+"
            });
        }
        let mut chars = word.chars().peekable();
        while let Some(c) = chars.next() {
            pattern.push_str(&regex::escape(c.encode_utf8(&mut [0; 4])));
            if is_cjk(c) && chars.peek().is_some_and(|next| is_cjk(*next)) {
                pattern.push_str(r"(?:\r?\n)?");
            }
        }
    }
    pattern
}

static FORMS: LazyLock<Vec<(&'static str, Form)>> = LazyLock::new(|| {
    let mut forms = forms();
    // Longest first, so "Microsoft Defender for Endpoint" wins over "Defender for Endpoint".
    forms.sort_by_key(|(name, _)| std::cmp::Reverse(name.len()));
    forms
});

static MENTION: LazyLock<Regex> = LazyLock::new(|| {
    let alternatives: Vec<String> = FORMS
        .iter()
        .map(|(name, _)| format!("({})", pattern(name)))
        .collect();
    Regex::new(&alternatives.join("|"))
        .unwrap_or_else(|_| Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!()))
});

/// One mention: the byte range in the text given, the canonical form it matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub range: Range<usize>,
    pub name: &'static str,
    pub form: Form,
}

/// NFKC, then lower case.
fn fold(text: &str) -> String {
    text.nfkc().flat_map(char::to_lowercase).collect()
}

/// A folded copy of a text, with where each of its grapheme clusters came from.
struct Folded {
    text: String,
    /// (offset in the folded text, range in the original) for each grapheme cluster.
    origins: Vec<(usize, Range<usize>)>,
}

impl Folded {
    fn new(text: &str) -> Folded {
        let mut folded = String::with_capacity(text.len());
        let mut origins = Vec::new();
        for (at, grapheme) in text.grapheme_indices(true) {
            origins.push((folded.len(), at..at + grapheme.len()));
            if grapheme.is_ascii() {
                folded.push_str(&grapheme.to_ascii_lowercase());
            } else {
                folded.push_str(&fold(grapheme));
            }
        }
        Folded {
            text: folded,
            origins,
        }
    }

    /// The original range of a folded range (whole grapheme clusters).
    fn original(&self, range: Range<usize>) -> Range<usize> {
        let index = |offset: usize| {
            self.origins
                .partition_point(|(at, _)| *at <= offset)
                .saturating_sub(1)
        };
        let first = self.origins.get(index(range.start));
        let last = self
            .origins
            .get(index(range.end.saturating_sub(1).max(range.start)));
        match (first, last) {
            (Some((_, first)), Some((_, last))) => first.start..last.end.max(first.start),
            _ => 0..0,
        }
    }
}

/// Whether the match stands as a whole word: a Latin letter or digit at its edge may not touch
/// another one (so "MDE" is not found in "MdePartner"); CJK text has no spaces to require.
fn whole_word(text: &str, range: &Range<usize>) -> bool {
    let joined = |edge: Option<char>, neighbour: Option<char>| match (edge, neighbour) {
        (Some(edge), Some(neighbour)) => {
            edge.is_alphanumeric()
                && neighbour.is_alphanumeric()
                && !is_cjk(edge)
                && !is_cjk(neighbour)
        }
        _ => false,
    };
    let found = &text[range.clone()];
    !joined(
        found.chars().next(),
        text[..range.start].chars().next_back(),
    ) && !joined(found.chars().next_back(), text[range.end..].chars().next())
}

/// Every mention of the product in `text`, in order.
pub fn mentions(text: &str) -> Vec<Mention> {
    let folded = Folded::new(text);
    MENTION
        .captures_iter(&folded.text)
        .filter_map(|captures| {
            let (index, found) = captures
                .iter()
                .enumerate()
                .skip(1)
                .find_map(|(index, group)| group.map(|group| (index, group)))?;
            let range = found.range();
            if !whole_word(&folded.text, &range) {
                return None;
            }
            let (name, form) = FORMS.get(index - 1)?;
            Some(Mention {
                range: folded.original(range),
                name,
                form: *form,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(&str, Form)> {
        mentions(text)
            .into_iter()
            .map(|mention| (&text[mention.range], mention.form))
            .collect()
    }

    #[test]
    fn every_form_in_any_case_and_across_line_breaks() {
        assert_eq!(
            found("Contoso and MICROSOFT defender FOR\n  Endpoint."),
            [("MICROSOFT defender FOR\n  Endpoint", Form::Current)]
        );
        assert_eq!(
            found("Integriert mit Microsoft Defender für Endpunkt."),
            [("Microsoft Defender für Endpunkt", Form::Localized("German"))]
        );
        // Decomposed ü (as macOS writes it) and a non-breaking space.
        assert_eq!(found("Defender fu\u{308}r\u{A0}Endpunkt").len(), 1);
        assert_eq!(
            found("Contoso は エンドポイント用Microsoft Defenderと連携します。"),
            [(
                "エンドポイント用Microsoft Defender",
                Form::Localized("Japanese")
            )]
        );
        assert_eq!(
            found("エンドポイン\nト用 Microsoft Defender"),
            [(
                "エンドポイン\nト用 Microsoft Defender",
                Form::Localized("Japanese")
            )]
        );
        // Full-width Latin letters fold to ASCII.
        assert_eq!(found("Ｄｅｆｅｎｄｅｒ ｆｏｒ Ｅｎｄｐｏｉｎｔ").len(), 1);
        assert_eq!(
            found("엔드포인트용 Microsoft Defender와 통합"),
            [("엔드포인트용 Microsoft Defender", Form::Localized("Korean"))]
        );
        assert_eq!(
            found("Microsoft Defender para punto de conexión y Defender pour point de terminaison"),
            [
                (
                    "Microsoft Defender para punto de conexión",
                    Form::Localized("Spanish")
                ),
                (
                    "Defender pour point de terminaison",
                    Form::Localized("French")
                )
            ]
        );
    }

    #[test]
    fn former_names_and_abbreviations_count() {
        assert_eq!(
            found("Works with Windows Defender ATP, MDATP and MDE."),
            [
                ("Windows Defender ATP", Form::Former),
                ("MDATP", Form::Former),
                ("MDE", Form::Abbreviation)
            ]
        );
    }

    #[test]
    fn no_mention_in_other_names_or_inside_words() {
        for text in [
            "MdePartner-Contoso-ContosoCognito/1.0.0",
            "Microsoft Defender for Cloud and Microsoft Defender XDR",
            "Defender for Endpoints",
            "Contoso Endpoint Defender",
        ] {
            assert!(mentions(text).is_empty(), "{text}");
        }
    }
}
